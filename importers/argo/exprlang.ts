/**
 * Argo expression tags (`{{= … }}`, expr-lang) → Weft `${{ }}` expressions, for the part of
 * expr-lang that means the same in Weft: literals, references (`inputs.parameters.x`,
 * `workflow.parameters.x`, `tasks.t.outputs.result`, `item`…), arithmetic, comparisons, `&&`/`and`,
 * `||`/`or`, `!`/`not`, the ternary, indexing, and the functions Weft has (`asInt` → `int`,
 * `asFloat` → `float`, `string`, `toJson` → `toJSON`, `len`, `sprig.upper/lower/trim`,
 * `jsonpath(x, '$.a.b')` over a plain path → `fromJSON(x).a.b`). Anything else (closures, `map`,
 * `filter`, pipes, `in`, `matches`, other sprig functions, jsonpath filters) is an ImportError
 * naming `expression tags` and what was not translated.
 */
import { ImportError } from '../types';
import { quote, refPath } from './expr';

export interface ExprTagScope {
  /** An Argo reference (`workflow.parameters.x`, `tasks.t.outputs.result`, `item.a`) → a Weft expression. */
  ref(body: string): string;
  /** An input parameter of the template → a Weft expression for its value, or undefined. */
  input(name: string): string | undefined;
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
  const binary = (next: () => string, ops: Record<string, string>): (() => string) => () => {
    let l = next();
    for (;;) {
      const t = toks[p];
      const op = t && t.k !== 'str' && t.k !== 'num' ? ops[t.v] : undefined;
      if (op === undefined) return l;
      p++;
      l = `(${l} ${op} ${next()})`;
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
  const mul = binary(unary, { '*': '*', '/': '/', '%': '%' });
  const add = binary(mul, { '+': '+', '-': '-' });
  const cmp = binary(add, { '<': '<', '>': '>', '<=': '<=', '>=': '>=' });
  const eq = binary(cmp, { '==': '==', '!=': '!=' });
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
        if ('path' in n && key?.k === 'str' && toks[p + 1]?.v === ']') {
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

  const out = ternary();
  if (p < toks.length) fail(where, `${JSON.stringify(toks[p]!.v)}`);
  return out;
}
