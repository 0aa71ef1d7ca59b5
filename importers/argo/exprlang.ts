/**
 * Argo expression tags (`{{= … }}`, expr-lang) → Weft `${{ }}` expressions, for the part of
 * expr-lang that means the same in Weft: literals, references (`inputs.parameters.x`,
 * `workflow.parameters.x`, `tasks.t.outputs.result`, `item`…), arithmetic, comparisons, `&&`/`and`,
 * `||`/`or`, `!`/`not`, the ternary, indexing, and the functions Weft has (`asInt` → `int`,
 * `asFloat` → `float`, `string`, `toJson` → `toJSON`, `len`, `sprig.upper/lower/trim`,
 * `jsonpath(x, '$.a.b')` over a plain path → `fromJSON(x).a.b`), and the string tests `contains`,
 * `startsWith`, `endsWith` (operators in expr-lang, functions in Weft). An http template's
 * successCondition also reads `response` (`statusCode` → `status`, `body`, `headers["X"][0]` →
 * `headers.X`). Anything else (closures, `map`, `filter`, pipes, `in`, `matches`, other sprig
 * functions, jsonpath filters) is an ImportError naming `expression tags` and what was not
 * translated.
 */
import { checkExpression, isConditionType, parseExpression, type Expr, type TypeEnv } from '../../core/expr';
import { RESPONSE } from '../../core/analysis/expressions';
import { ImportError } from '../types';
import { quote, refPath } from './expr';

export interface ExprTagScope {
  /** An Argo reference (`workflow.parameters.x`, `tasks.t.outputs.result`, `item.a`) → a Weft expression. */
  ref(body: string): string;
  /** An input parameter of the template → a Weft expression for its value, or undefined. */
  input(name: string): string | undefined;
  /** An http successCondition: `response` is the HTTP response it judges. */
  response?: boolean;
}

type Tok = { k: 'num' | 'str' | 'id' | 'op'; v: string };

const OPS = ['==', '!=', '<=', '>=', '&&', '||', '??', '?.', '..', '<', '>', '+', '-', '*', '/', '%', '!', '(', ')', '[', ']', ',', '.', '?', ':', '#', '|', '{', '}', '^'];

function lex(src: string, where: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const num = /^[0-9]+(\.[0-9]+)?/.exec(src.slice(i));
    if (num) {
      out.push({ k: 'num', v: num[0] });
      i += num[0].length;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      let v = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\' && c !== '`') {
          const e = src[j + 1] ?? '';
          v += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          j += 2;
        } else v += src[j++];
      }
      if (j >= src.length) fail(where, 'an unclosed string');
      out.push({ k: 'str', v });
      i = j + 1;
      continue;
    }
    const id = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(src.slice(i));
    if (id) {
      out.push({ k: 'id', v: id[0] });
      i += id[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) fail(where, `the character ${JSON.stringify(c)}`);
    out.push({ k: 'op', v: op! });
    i += op!.length;
  }
  return out;
}

function fail(where: string, what: string): never {
  throw new ImportError('expression tags', `{{=${where}}}: ${what} has no Weft translation`);
}

/** expr-lang functions with a Weft counterpart (the switch in `call` says which). */
const FUNCTIONS = new Set(['asInt', 'int', 'asFloat', 'float', 'string', 'toJson', 'fromJson', 'len', 'sprig.upper', 'upper', 'sprig.lower', 'lower', 'sprig.trim', 'trim', 'jsonpath']);

/** A reference being read: its root and segments (`inputs`, `parameters`, `x`). */
interface Path {
  path: string[];
}

type Node = { expr: string } | Path;

/** One `{{= … }}` body → a Weft expression (no `${{ }}` around it). */
export function translateExprTag(src: string, scope: ExprTagScope): string {
  return translate(src, scope, false)[0]!;
}

/**
 * An expression → Weft, as one expression, or (`split`) as the operands of its top-level `&&`
 * chain when it is one (each a Weft expression, compound ones parenthesised).
 */
function translate(src: string, scope: ExprTagScope, split: boolean): string[] {
  const where = src.trim();
  const toks = lex(src, where);
  let p = 0;
  const peek = (v?: string): boolean => p < toks.length && (v === undefined || (toks[p]!.k !== 'str' && toks[p]!.v === v));
  const take = (v: string): void => {
    if (!peek(v)) fail(where, `what comes at ${JSON.stringify(toks[p]?.v ?? 'the end')} (expected ${v})`);
    p++;
  };
  const done = (n: Node): string => ('expr' in n ? n.expr : resolve(n.path));
  const resolve = (path: string[]): string => {
    const [root, a, b] = path;
    // Parameters and outputs are text in expr-lang (whatever Weft type they import as); an item keeps its JSON type.
    if (root === 'inputs' && a === 'parameters' && b !== undefined && path.length === 3) {
      const v = scope.input(b);
      if (v === undefined) fail(where, `inputs.parameters.${b}, which the template does not declare,`);
      return `string(${v!})`;
    }
    if (root === 'item') return scope.ref(path.join('.'));
    if (root === 'response' && scope.response) return responseField(path, where);
    if (root === 'workflow' || root === 'tasks' || root === 'steps') return `string(${scope.ref(path.join('.'))})`;
    return fail(where, `the name ${path.join('.')}`);
  };

  const ternary = (): string => {
    const test = or();
    if (!peek('?')) return test;
    take('?');
    const a = ternary();
    take(':');
    const b = ternary();
    return `(${test} ? ${a} : ${b})`;
  };
  const binary = (next: () => string, ops: Record<string, string | ((l: string, r: string) => string)>): (() => string) => () => {
    let l = next();
    for (;;) {
      const t = toks[p];
      const op = t && t.k !== 'str' && t.k !== 'num' && Object.hasOwn(ops, t.v) ? ops[t.v] : undefined;
      if (op === undefined) return l;
      p++;
      const r = next();
      l = typeof op === 'string' ? `(${l} ${op} ${r})` : op(l, r);
    }
  };
  const unary = (): string => {
    if (peek('!') || peek('not')) {
      p++;
      return `!${unary()}`;
    }
    if (peek('-')) {
      p++;
      return `(-${unary()})`;
    }
    return done(postfix());
  };
  // `a ?? b` (b when a is missing, as a skipped task's output is): Weft's default(); it binds tighter than arithmetic in expr-lang.
  const coalesce = binary(unary, {
    '??': (l: string, r: string): string => {
      const m = /^string\(([^()]*)\)$/.exec(l);
      return `default(${m ? m[1]! : l}, ${r})`;
    },
  });
  const mul = binary(coalesce, { '*': '*', '/': '/', '%': '%' });
  const add = binary(mul, { '+': '+', '-': '-' });
  const cmp = binary(add, { '<': '<', '>': '>', '<=': '<=', '>=': '>=' });
  // expr-lang's string operators are Weft functions (same precedence as == in expr-lang).
  const fn = (name: string) => (l: string, r: string): string => `${name}(${l}, ${r})`;
  const eq = binary(cmp, { '==': '==', '!=': '!=', contains: fn('contains'), startsWith: fn('startsWith'), endsWith: fn('endsWith') });
  const and = binary(eq, { '&&': '&&', and: '&&' });
  const or = binary(and, { '||': '||', or: '||' });

  const call = (name: string): string => {
    if (!FUNCTIONS.has(name)) fail(where, `the function ${name}`);
    take('(');
    const args: string[] = [];
    while (!peek(')')) {
      if (name === 'jsonpath' && args.length === 1 && toks[p]?.k === 'str') {
        // A plain JSONPath ($.a.b, $['a-b'], $.a[0]) reads a member of the parsed JSON.
        const jp = toks[p++]!.v;
        const m = /^\$((?:\.[A-Za-z_][A-Za-z0-9_]*|\[[0-9]+\]|\['[^'\]]+'\])*)$/.exec(jp);
        if (!m) fail(where, `the JSONPath ${JSON.stringify(jp)}`);
        const segs = [...m![1]!.matchAll(/\.([A-Za-z_][A-Za-z0-9_]*)|\[([0-9]+)\]|\['([^'\]]+)'\]/g)];
        let e = `fromJSON(${args[0]})`;
        for (const s of segs) e += s[1] !== undefined ? refPath('', s[1]) : s[2] !== undefined ? `[${s[2]}]` : `[${quote(s[3]!)}]`;
        args.push(e);
      } else args.push(ternary());
      if (!peek(')')) take(',');
    }
    take(')');
    const one = (fn: string): string => {
      if (args.length !== 1) fail(where, `${name} with ${args.length} arguments`);
      return `${fn}(${args[0]})`;
    };
    switch (name) {
      case 'asInt':
      case 'int':
        return one('int');
      case 'asFloat':
      case 'float':
        return one('float');
      case 'string':
        return one('string');
      case 'toJson':
        return one('toJSON');
      case 'fromJson':
        return one('fromJSON');
      case 'len':
        return one('len');
      case 'sprig.upper':
      case 'upper':
        return one('upper');
      case 'sprig.lower':
      case 'lower':
        return one('lower');
      case 'sprig.trim':
      case 'trim':
        return one('trim');
      case 'jsonpath':
        if (args.length !== 2) fail(where, 'jsonpath without a path');
        return args[1]!;
      default:
        return fail(where, `the function ${name}`);
    }
  };

  const postfix = (): Node => {
    const t = toks[p];
    if (!t) fail(where, 'an empty expression');
    p++;
    let n: Node;
    if (t!.k === 'num') n = { expr: t!.v };
    else if (t!.k === 'str') n = { expr: quote(t!.v) };
    else if (t!.k === 'op' && t!.v === '(') {
      n = { expr: ternary() };
      take(')');
    } else if (t!.k === 'id') {
      if (t!.v === 'true' || t!.v === 'false') n = { expr: t!.v };
      else if (t!.v === 'nil') n = { expr: 'null' };
      else if (t!.v === 'sprig' && peek('.')) {
        p++;
        const fn = toks[p++];
        if (fn?.k !== 'id') fail(where, 'sprig without a function');
        return { expr: call(`sprig.${fn!.v}`) };
      } else if (peek('(')) n = { expr: call(t!.v) };
      else n = { path: [t!.v] };
    } else return fail(where, `${JSON.stringify(t!.v)}`);
    for (;;) {
      if (peek('.')) {
        p++;
        const name = toks[p++];
        if (name?.k !== 'id') fail(where, 'a member that is not a name');
        n = 'path' in n ? { path: [...n.path, name!.v] } : { expr: `${n.expr}${refPath('', name!.v)}` };
      } else if (peek('[')) {
        p++;
        const key = toks[p];
        // A name (`x["a-b"]`) stays part of the path; so does an index into the response (`headers["X"][0]`).
        if ('path' in n && (key?.k === 'str' || (key?.k === 'num' && n.path[0] === 'response')) && toks[p + 1]?.v === ']') {
          p += 2;
          n = { path: [...n.path, key.v] };
        } else {
          const i = ternary();
          take(']');
          n = { expr: `${done(n)}[${i}]` };
        }
      } else return n;
    }
  };

  if (split) {
    const parts = [eq()];
    while (peek('&&') || peek('and')) {
      p++;
      parts.push(eq());
    }
    if (p === toks.length) return parts;
    p = 0; // an || or a ternary over the chain: one expression
  }
  const out = ternary();
  if (p < toks.length) fail(where, `${JSON.stringify(toks[p]!.v)}`);
  return [out];
}

/**
 * A field of the HTTP response a successCondition judges, as Weft's `expect.condition` names it.
 * Argo's headers are lists of values (`headers["X"][0]` is the first); Weft's are one string each.
 */
function responseField(path: string[], where: string): string {
  const [, field, header, index, ...more] = path;
  if (field === 'statusCode' && header === undefined) return 'response.status';
  if (field === 'body' && header === undefined) return 'response.body';
  if (field === 'headers' && header !== undefined && index === '0' && more.length === 0) return refPath('response', 'headers', header);
  return fail(where, `response.${path.slice(1).join('.')}`);
}

/**
 * An http template's successCondition → Weft's `expect`. A top-level conjunct listing statuses
 * becomes `status` (`response.statusCode == 201 || …`); the others, translated, are `condition`,
 * which decides alone without `status`, as successCondition does. The 2xx range alone
 * is Weft's default and needs no `expect`; beside a condition it stays in it.
 */
export function httpExpect(src: string): { status?: number[]; condition?: string } {
  const conjuncts = translate(src, { ref: (b) => fail(src, `the name ${b}`), input: () => undefined, response: true }, true).map((text) => {
    const ast = parseExpression(text).ast;
    if (!ast) return fail(src, 'the condition');
    return { text, ast };
  });
  const bound = (e: Expr, op: string, n: number): boolean => e.kind === 'binary' && e.op === op && isStatus(e.left) && e.right.kind === 'literal' && e.right.value === n;
  const statusRange = conjuncts.some((c) => bound(c.ast, '>=', 200)) && conjuncts.some((c) => bound(c.ast, '<', 300));
  let status: number[] | undefined;
  const rest: string[] = [];
  conjuncts.forEach(({ text, ast }) => {
    const codes = status === undefined ? statusCodes(ast) : undefined;
    if (codes) status = codes;
    else {
      // A compound conjunct comes parenthesised; joined by &&, only an || or a ternary needs it.
      const loose = ast.kind === 'ternary' || (ast.kind === 'binary' && ast.op === '||');
      rest.push(text.startsWith('(') && !loose ? text.slice(1, -1) : text);
    }
  });
  // The 2xx range alone is Weft's default (no expect at all).
  const condition = rest.length > 0 && !(statusRange && rest.length === 2 && status === undefined) ? rest.join(' && ') : undefined;
  if (condition !== undefined) checkCondition(condition, src);
  return { ...(status ? { status } : {}), ...(condition !== undefined ? { condition } : {}) };
}

/** What `expect.condition` sees: the response. */
const RESPONSE_ENV: TypeEnv = { roots: { response: RESPONSE } };

/** A translated condition Weft would reject (expr-lang compares across types, Weft does not) is refused here. */
function checkCondition(condition: string, src: string): void {
  const ast = parseExpression(condition).ast!;
  const r = checkExpression(ast, RESPONSE_ENV);
  const why = r.diagnostics[0]?.message ?? (isConditionType(r.type) ? undefined : 'it is not a condition');
  if (why !== undefined) throw new ImportError('http successCondition', `${JSON.stringify(src)}: ${why}`);
}

function isStatus(e: Expr): boolean {
  return e.kind === 'member' && e.property === 'status' && e.object.kind === 'ident' && e.object.name === 'response';
}

/** `response.status == 201 || response.status == 202` → [201, 202]; undefined for anything else. */
function statusCodes(e: Expr): number[] | undefined {
  if (e.kind === 'binary' && e.op === '||') {
    const l = statusCodes(e.left);
    const r = statusCodes(e.right);
    return l && r ? [...l, ...r] : undefined;
  }
  if (e.kind === 'binary' && e.op === '==' && isStatus(e.left) && e.right.kind === 'literal' && Number.isInteger(e.right.value) && (e.right.value as number) >= 100 && (e.right.value as number) <= 599) return [e.right.value as number];
  return undefined;
}
