/**
 * Argo → Weft expressions. Three small translations, each exact or an `ImportError`:
 *
 * - `argoText`: a string with Argo simple tags (`{{workflow.parameters.x}}`, `{{item}}`,
 *   `{{tasks.t.outputs.parameters.y}}`) → a Weft string template (`${{ params.x }}`, …). Literal
 *   text that Weft would read as an expression (`${{`) is escaped.
 * - `argoCondition`: a `when` (govaluate after substitution) → one boolean `${{ }}` expression.
 * - `parseDepends`: a DAG task's `depends` → dependencies plus the Weft trigger rule meaning the
 *   same thing, when there is one.
 *
 * References are resolved by the caller (`RefResolver`), which knows the scope: which task names
 * exist, which params are declared, whether an item is in scope.
 */
import { ImportError } from '../types';

/** The type a Weft reference has (for choosing how a comparison is written). */
export type RefType = 'string' | 'integer' | 'number' | 'boolean' | 'list' | 'unknown';

/** How a reference is used: as text, compared with a number, or looped over. */
export type RefUse = 'text' | 'number' | 'list';

export interface RefResolver {
  /**
   * The body of an Argo tag (`workflow.parameters.x`, trimmed; `=…` for an expression tag) → a
   * Weft expression. Throws ImportError.
   */
  ref(body: string, use: RefUse): { expr: string; type: RefType };
}

/** Roots Argo substitutes (and fails on when unresolved); other `{{…}}` text is left alone by Argo. */
const ARGO_ROOTS = /^(=|(inputs|outputs|steps|tasks|workflow|item|pod|node|retries|lastRetry|status|duration|exitCode|cronworkflow)(\.|$))/;

/** A name usable after `.` in a Weft expression (a hyphen only before a letter or `_`). */
const DOT_NAME = /^[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z_][A-Za-z0-9_]*)*$/;

/** `root.a.b`, with `['x-1']` for segments a dot cannot carry. */
export function refPath(root: string, ...names: string[]): string {
  return root + names.map((n) => (DOT_NAME.test(n) ? `.${n}` : `[${quote(n)}]`)).join('');
}

/** A Weft expression string literal. */
export function quote(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\t/g, '\\t')}'`;
}

/** Literal text inside a Weft string: `${{` would start an expression, so it is written as one. */
export function escapeWeft(s: string): string {
  return s.replace(/\$\{\{/g, "${{ '${{' }}");
}

interface Piece {
  text?: string;
  tag?: string;
}

/** Splits Argo text into literal text and tag bodies (only tags with a root Argo substitutes). */
export function argoPieces(s: string): Piece[] {
  const out: Piece[] = [];
  let last = 0;
  for (const m of s.matchAll(/\{\{(.*?)\}\}/gs)) {
    // An expression tag keeps its `=`: the resolver translates it (exprlang.ts).
    const body = m[1]!.trim();
    if (!ARGO_ROOTS.test(body)) continue;
    if (m.index! > last) out.push({ text: s.slice(last, m.index) });
    out.push({ tag: body });
    last = m.index! + m[0].length;
  }
  if (last < s.length) out.push({ text: s.slice(last) });
  return out;
}

export function hasArgoTags(s: string): boolean {
  return argoPieces(s).some((p) => p.tag !== undefined);
}

/** Argo text → a Weft string (a template when it holds references). */
export function argoText(s: string, r: RefResolver): string {
  let out = '';
  for (const p of argoPieces(s)) {
    if (p.tag !== undefined) out += `\${{ ${r.ref(p.tag, 'text').expr} }}`;
    else out += escapeWeft(p.text!);
  }
  return out;
}

/** The single reference a string is made of (`{{workflow.parameters.x}}`), or undefined. */
export function soleTag(s: string): string | undefined {
  const ps = argoPieces(s.trim());
  return ps.length === 1 && ps[0]!.tag !== undefined ? ps[0]!.tag : undefined;
}

// ---------------------------------------------------------------------------------------------
// when: govaluate over the text after Argo's substitution. Operands: tags, quoted strings, numbers,
// true/false and bare words (which Argo compares as strings: `{{…result}} == heads`).

type Tok =
  | { k: 'ref'; body: string }
  | { k: 'str'; pieces: Piece[] }
  | { k: 'num'; v: string }
  | { k: 'word'; v: string }
  | { k: 'op'; v: string };

function tokenize(s: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (s.startsWith('{{', i)) {
      const end = s.indexOf('}}', i);
      if (end < 0) throw new ImportError('when expression', `unclosed tag in ${JSON.stringify(s)}`);
      const body = s.slice(i + 2, end).trim();
      if (body.startsWith('=')) throw new ImportError('expression tags', `${s}: Argo's expr-lang expressions are not translated`);
      out.push({ k: 'ref', body });
      i = end + 2;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let raw = '';
      while (j < s.length && s[j] !== c) {
        if (s[j] === '\\' && j + 1 < s.length) {
          raw += s[j + 1];
          j += 2;
        } else raw += s[j++];
      }
      if (j >= s.length) throw new ImportError('when expression', `unclosed string in ${JSON.stringify(s)}`);
      out.push({ k: 'str', pieces: argoPieces(raw) });
      i = j + 1;
      continue;
    }
    const op = /^(==|!=|<=|>=|&&|\|\||=~|!~|[<>!()+\-*/%])/.exec(s.slice(i));
    const num = /^[0-9]+(\.[0-9]+)?(?![A-Za-z_])/.exec(s.slice(i));
    if (num) {
      out.push({ k: 'num', v: num[0] });
      i += num[0].length;
      continue;
    }
    if (op) {
      out.push({ k: 'op', v: op[0] });
      i += op[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_.\-]*/.exec(s.slice(i));
    if (word) {
      out.push({ k: 'word', v: word[0] });
      i += word[0].length;
      continue;
    }
    throw new ImportError('when expression', `cannot read ${JSON.stringify(s)}`);
  }
  return out;
}

/** A translated operand or sub-expression with the type it has in Weft. */
interface Val {
  expr: string;
  type: RefType;
  /** A literal: its text as Argo would compare it (for retyping), and whether it was quoted. */
  lit?: { text: string; quoted: boolean };
  ref?: { body: string };
}

const CMP = new Set(['==', '!=', '<', '>', '<=', '>=']);

export function argoCondition(when: string, r: RefResolver): string {
  const toks = tokenize(when);
  let i = 0;
  const peek = (): Tok | undefined => toks[i];
  const isOp = (v: string): boolean => {
    const t = peek();
    return t !== undefined && t.k === 'op' && t.v === v;
  };
  const fail = (why: string): never => {
    throw new ImportError('when expression', `${JSON.stringify(when)}: ${why}`);
  };

  const asBool = (v: Val): string => {
    if (v.type === 'boolean') return v.expr;
    if (v.lit) return v.lit.text === 'true' ? 'true' : v.lit.text === 'false' ? 'false' : fail(`${v.lit.text} is not a condition`);
    if (v.type === 'string' || v.type === 'unknown') return `${v.type === 'unknown' ? `string(${v.expr})` : v.expr} == 'true'`;
    return fail(`${v.expr} is not a condition`);
  };

  const primary = (): Val => {
    const t = toks[i++];
    if (!t) return fail('ends too early');
    switch (t.k) {
      case 'op':
        if (t.v === '(') {
          const inner = or();
          if (!isOp(')')) fail('missing )');
          i++;
          return { expr: `(${inner})`, type: 'boolean' };
        }
        if (t.v === '!') return { expr: `!(${asBool(primary())})`, type: 'boolean' };
        if (t.v === '-' && peek()?.k === 'num') {
          const n = toks[i++] as { v: string };
          return { expr: `-${n.v}`, type: 'number', lit: { text: `-${n.v}`, quoted: false } };
        }
        return fail(`unexpected ${t.v}`);
      case 'num':
        return { expr: t.v, type: t.v.includes('.') ? 'number' : 'integer', lit: { text: t.v, quoted: false } };
      case 'word':
        if (t.v === 'true' || t.v === 'false') return { expr: t.v, type: 'boolean', lit: { text: t.v, quoted: false } };
        return { expr: quote(t.v), type: 'string', lit: { text: t.v, quoted: false } };
      case 'str': {
        if (t.pieces.every((p) => p.text !== undefined)) {
          const text = t.pieces.map((p) => p.text).join('');
          return { expr: quote(text), type: 'string', lit: { text, quoted: true } };
        }
        if (t.pieces.length === 1) {
          const v = r.ref(t.pieces[0]!.tag!, 'text');
          return { expr: v.type === 'string' ? v.expr : `string(${v.expr})`, type: 'string' };
        }
        let fmt = '';
        const args: string[] = [];
        for (const p of t.pieces) {
          if (p.tag !== undefined) {
            fmt += `{${args.length}}`;
            args.push(r.ref(p.tag, 'text').expr);
          } else fmt += p.text!.replace(/\{/g, '{{').replace(/\}/g, '}}');
        }
        return { expr: `format(${[quote(fmt), ...args].join(', ')})`, type: 'string' };
      }
      case 'ref':
        return { expr: '', type: 'unknown', ref: { body: t.body } };
    }
  };

  /** Resolves a reference operand now that the other side of a comparison is known. */
  const settle = (v: Val, other: Val | undefined): Val => {
    if (!v.ref) return v;
    const numeric = other?.type === 'integer' || other?.type === 'number';
    const res = r.ref(v.ref.body, numeric ? 'number' : 'text');
    return { expr: res.expr, type: res.type };
  };

  /** The literal rewritten for the reference's type: Argo compares the substituted text. */
  const retype = (lit: Val, ref: Val): Val => {
    if (!lit.lit) return lit;
    const text = lit.lit.text;
    if (ref.type === 'integer' || ref.type === 'number') {
      if (/^-?[0-9]+(\.[0-9]+)?$/.test(text)) return { expr: text, type: 'number' };
      return lit;
    }
    if (ref.type === 'boolean') {
      if (text === 'true' || text === 'false') return { expr: text, type: 'boolean' };
      return lit;
    }
    if (ref.type === 'string') return { expr: quote(text), type: 'string' };
    return lit;
  };

  const comparison = (): string => {
    let left = primary();
    if (peek()?.k === 'op' && CMP.has((peek() as { v: string }).v)) {
      const op = (toks[i++] as { v: string }).v;
      let right = primary();
      left = settle(left, right.ref ? undefined : right);
      right = settle(right, left);
      if (left.lit && !right.lit) left = retype(left, right);
      else if (right.lit && !left.lit) right = retype(right, left);
      const ordered = op !== '==' && op !== '!=';
      const num = (v: Val): boolean => v.type === 'integer' || v.type === 'number';
      if (ordered && !(num(left) && num(right)) && !(left.type === 'string' && right.type === 'string')) {
        fail(`cannot compare ${left.expr} ${op} ${right.expr} with the same meaning`);
      }
      if (!ordered && left.type !== right.type && !(num(left) && num(right)) && left.type !== 'unknown' && right.type !== 'unknown') {
        // Argo compares the texts: compare them as strings.
        const s = (v: Val): string => (v.lit ? quote(v.lit.text) : v.type === 'string' ? v.expr : `string(${v.expr})`);
        return `${s(left)} ${op} ${s(right)}`;
      }
      return `${left.expr} ${op} ${right.expr}`;
    }
    if (left.ref) {
      const v = r.ref(left.ref.body, 'text');
      return asBool({ expr: v.expr, type: v.type });
    }
    return asBool(left);
  };

  const not = (): string => {
    if (isOp('!')) {
      i++;
      const inner = not();
      return `!(${inner})`;
    }
    return comparison();
  };
  const and = (): string => {
    const parts = [not()];
    while (isOp('&&')) {
      i++;
      parts.push(not());
    }
    return parts.join(' && ');
  };
  const or = (): string => {
    const parts = [and()];
    while (isOp('||')) {
      i++;
      parts.push(and());
    }
    return parts.length === 1 ? parts[0]! : parts.map((p) => (p.includes('&&') ? `(${p})` : p)).join(' || ');
  };

  // Operators Weft has but with another meaning (arithmetic on text, regex matches) are refused.
  for (const t of toks) if (t.k === 'op' && /^(=~|!~|[+\-*/%])$/.test(t.v) && !(t.v === '-')) fail(`the operator ${t.v} is not translated`);
  const out = or();
  if (i < toks.length) fail('unexpected text at the end');
  return out;
}

// ---------------------------------------------------------------------------------------------
// depends

/** Argo task results a `depends` term can test. */
const RESULTS = ['Succeeded', 'Failed', 'Errored', 'Skipped', 'Omitted', 'Daemoned'] as const;
type Result = (typeof RESULTS)[number];

export interface DependsTerm {
  task: string;
  /** undefined for a bare name (= Succeeded ∥ Skipped ∥ Daemoned). */
  results?: Set<Result>;
}

export interface ParsedDepends {
  join: '&&' | '||';
  terms: DependsTerm[];
}

/**
 * `A && (B.Succeeded || B.Failed)` → terms joined by one operator; each term one task with the
 * results it accepts. Anything else (negation, a task tested in two places, mixed joins across
 * tasks, AnySucceeded/AllFailed) is an ImportError.
 */
export function parseDepends(s: string): ParsedDepends {
  const fail = (why: string): never => {
    throw new ImportError('depends expression', `${JSON.stringify(s)}: ${why}`);
  };
  const toks = s.match(/&&|\|\||[()!]|[A-Za-z0-9_][A-Za-z0-9_.-]*|\S/g) ?? [];
  let i = 0;
  /** One operand: its terms, and whether it is an &&-group (which only an && may join). */
  const term = (): { terms: DependsTerm[]; and: boolean } => {
    const t = toks[i++];
    if (t === undefined) return fail('ends too early');
    if (t === '!') return fail('negation is not a trigger rule');
    if (t === '(') {
      const inner = group();
      if (toks[i++] !== ')') fail('missing )');
      if (inner.join === '||' && inner.terms.length > 1) return { terms: mergeSameTask(inner), and: false };
      return { terms: inner.terms, and: inner.terms.length > 1 };
    }
    const m = /^(.*?)(?:\.(Succeeded|Failed|Errored|Skipped|Omitted|Daemoned|AnySucceeded|AllFailed))?$/.exec(t)!;
    const [, task, result] = m;
    if (result === 'AnySucceeded' || result === 'AllFailed') fail(`${result} (loop results) has no trigger rule`);
    if (!task || !/^[A-Za-z0-9_][A-Za-z0-9_-]*$/.test(task)) fail(`${t} is not a task`);
    return { terms: [{ task: task!, results: result ? new Set([result as Result]) : undefined }], and: false };
  };
  const mergeSameTask = (g: ParsedDepends): DependsTerm[] => {
    const names = new Set(g.terms.map((t) => t.task));
    if (names.size !== 1) return fail('a parenthesised alternative over several tasks');
    if (g.terms.some((t) => !t.results)) return fail('a bare name inside an alternative');
    const results = new Set<Result>();
    for (const t of g.terms) for (const x of t.results!) results.add(x);
    return [{ task: g.terms[0]!.task, results }];
  };
  const group = (): ParsedDepends => {
    let join: '&&' | '||' | undefined;
    const parts = [term()];
    while (toks[i] === '&&' || toks[i] === '||') {
      const op = toks[i++] as '&&' | '||';
      if (join && op !== join) fail('&& and || mixed across tasks');
      join = op;
      parts.push(term());
    }
    if (join === '||' && parts.some((p) => p.and)) fail('&& and || mixed across tasks');
    return { join: join ?? '&&', terms: parts.flatMap((p) => p.terms) };
  };
  const g = group();
  if (i < toks.length) fail(`unexpected ${toks[i]}`);
  // `(A.Succeeded || A.Failed)` at the top: one task.
  if (g.join === '||' && new Set(g.terms.map((t) => t.task)).size === 1 && g.terms.length > 1) return { join: '&&', terms: mergeSameTask(g) };
  const seen = new Set<string>();
  for (const t of g.terms) {
    if (seen.has(t.task)) fail(`${t.task} is tested twice`);
    seen.add(t.task);
  }
  return g;
}

/** A set of accepted results, in the vocabulary of trigger rules. */
export function resultClass(results: Set<string> | undefined): 'bare' | 'success' | 'failed' | 'done' | 'notfailed' | undefined {
  if (!results) return 'bare';
  const has = (...r: string[]): boolean => r.every((x) => results.has(x));
  const only = (...r: string[]): boolean => [...results].every((x) => r.includes(x));
  if (only('Succeeded', 'Daemoned') && has('Succeeded')) return 'success';
  if (only('Failed', 'Errored') && has('Failed')) return 'failed';
  if (has('Succeeded', 'Skipped') && only('Succeeded', 'Skipped', 'Omitted', 'Daemoned')) return 'notfailed';
  if (has('Succeeded', 'Failed')) return 'done';
  return undefined;
}

/** Weft status values (what `tasks.<id>.status` holds) for the Argo results that have one. */
const WEFT_STATUS: Partial<Record<Result, string>> = { Succeeded: 'succeeded', Failed: 'failed', Skipped: 'skipped' };

/**
 * A `depends` expression no trigger rule means (`B.Failed && C`, `A.Succeeded || B.Failed`) → the
 * tasks it names and a Weft condition over their statuses, for a task that waits for all of them
 * (`trigger: all_done`, as Argo evaluates depends once every named task has finished) and is
 * skipped when the condition is false (Argo marks it Omitted). A bare name is Argo's
 * `Succeeded ∥ Skipped ∥ Daemoned`; results Weft has no status for (Errored, Omitted, Daemoned,
 * the loop results) are refused. `ref(task)` is the Weft reference to a task's status.
 */
export function dependsCondition(s: string, ref: (task: string) => string): { tasks: string[]; condition: string } {
  const fail = (why: string): never => {
    throw new ImportError('depends expression', `${JSON.stringify(s)}: ${why}`);
  };
  const toks = s.match(/&&|\|\||[()!]|[A-Za-z0-9_][A-Za-z0-9_.-]*|\S/g) ?? [];
  const tasks: string[] = [];
  let i = 0;
  // Precedence as in Argo's govaluate: && over ||; every group is parenthesised in the output.
  const or = (): string => {
    const parts = [and()];
    while (toks[i] === '||') {
      i++;
      parts.push(and());
    }
    return parts.length === 1 ? parts[0]! : `(${parts.join(' || ')})`;
  };
  const and = (): string => {
    const parts = [not()];
    while (toks[i] === '&&') {
      i++;
      parts.push(not());
    }
    return parts.length === 1 ? parts[0]! : `(${parts.join(' && ')})`;
  };
  const not = (): string => {
    const t = toks[i++];
    if (t === undefined) return fail('ends too early');
    // The complement of a result takes in Errored and Omitted, which Weft's statuses do not tell apart from Failed and Skipped.
    if (t === '!') return fail('negation (its complement includes Errored and Omitted, which Weft has no status for)');
    if (t === '(') {
      const inner = or();
      if (toks[i++] !== ')') fail('missing )');
      return inner;
    }
    const m = /^(.*?)(?:\.([A-Za-z]+))?$/.exec(t)!;
    const [, task, result] = m;
    if (!task || !/^[A-Za-z0-9_][A-Za-z0-9_-]*$/.test(task)) return fail(`${t} is not a task`);
    if (!tasks.includes(task)) tasks.push(task);
    const r = ref(task);
    if (result === undefined) return `(${r} == 'succeeded' || ${r} == 'skipped')`;
    const w = WEFT_STATUS[result as Result];
    if (w === undefined) return fail(`${t}: Weft has no task status for ${result}`);
    return `${r} == '${w}'`;
  };
  const cond = or();
  if (i < toks.length) fail(`unexpected ${toks[i]}`);
  return { tasks, condition: cond.startsWith('(') && cond.endsWith(')') && balancedInner(cond) ? cond.slice(1, -1) : cond };
}

/** Whether the outer parentheses of `(…)` enclose the whole text (not `(a) || (b)`). */
function balancedInner(s: string): boolean {
  let depth = 0;
  for (let k = 0; k < s.length; k++) {
    if (s[k] === '(') depth++;
    else if (s[k] === ')' && --depth === 0 && k < s.length - 1) return false;
  }
  return true;
}
