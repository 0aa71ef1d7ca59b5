/**
 * `${{ }}` → Argo. Three translations of Weft expressions:
 *
 * - `translateText`: a string (argument, env value, URL, …) → text with Argo simple tags, resolved
 *   at the DAG task (`{{workflow.parameters.x}}`, `{{tasks.t.outputs.parameters.y}}`, `{{item}}`,
 *   `{{workflow.name}}`…). References, `toJSON`/`string` of them, `format()` with a literal
 *   format, and constant sub-expressions (folded with core's evaluator) translate; so does
 *   `zip(tasks.t.outputs)` of a fan-out task (Argo's aggregated `{{tasks.t.outputs.parameters}}`);
 *   anything else is a problem the caller turns into a warning.
 * - `translateCondition`: an `if` → a `when` for govaluate (comparisons, &&, ||, !, arithmetic,
 *   ternary over references and literals; strings single-quoted).
 * - `toPython`: an assertion → a Python expression over bound variables, for generated check and
 *   wait-until steps; values arrive as environment variables (never pasted into code).
 * - `toExprLang`: an http task's `expect.condition` → the expr-lang of the template's successCondition.
 */
import { collectReferences, evaluate, printExpr, stringifyValue, type Expr } from '../../core/expr';
import { parsedTemplate } from '../util';
import { balanced, chain, fold, wholeExpr } from '../expr-common';

export { wholeExpr };
import type { OutputType, Pipeline } from '../../core/model/types';

export type ValueKind = 'string' | 'number' | 'boolean' | 'list' | 'object' | 'path' | 'unknown';

export interface ExprCtx {
  pipeline: Pipeline;
  pipelineName: string;
  fileName: string;
  /** Tag for a pipeline param at DAG level, or undefined when unknown. */
  param(name: string): string | undefined;
  /** Tag (DAG level) for a value/metric output, or an artifact need for file/dir, or a problem. */
  output(task: string, output: string): { tag: string; kind: ValueKind } | { artifact: { task: string; output: string; path: string; from?: string } } | { problem: string };
  /** The DAG task name of a task of the same DAG. */
  taskName?(task: string): string | undefined;
  /**
   * Tag for `zip(tasks.<id>.outputs)`: a fan-out task's outputs as one object per item, which is
   * Argo's aggregated `{{tasks.X.outputs.parameters}}` when they are all value outputs; or a problem.
   */
  aggregate?(task: string): { tag: string } | { problem: string };
  /** Tag for `tasks.<id>.status`, or a problem. */
  status(task: string): { tag: string } | { problem: string };
  /** Tag for a node variable of a task (`ip`: a service's address, `exitCode`), or a problem. */
  node?(task: string, field: 'ip' | 'exitCode'): { tag: string } | { problem: string };
  /** The foreach item's kind, when inside a fan-out task. */
  item?: ValueKind;
  handler: boolean;
}

export interface Translation {
  text: string;
  problems: string[];
  /** File outputs the text needs staged (`from`: the artifact source when not the task's own output artifact). */
  artifacts: { task: string; output: string; path: string; from?: string }[];
  /**
   * The text when the task output a `default(tasks.<id>.outputs.<name>, fallback)` reads is
   * missing (its task skipped): the default of the input parameter the text is passed in, which
   * Argo uses when an argument cannot be resolved. Only with translateText's `fallback`.
   */
  fallback?: string;
  /** Secrets used inside text (need a `WEFT_SECRET_<NAME>` env var). */
  secrets: string[];
  notes: string[];
}

type Ref = { tag: string; kind: ValueKind } | { literal: string; kind: ValueKind } | { problem: string };


function paramKind(p: Pipeline, name: string): ValueKind {
  const t = p.params?.[name]?.type;
  if (t === 'integer' || t === 'number') return 'number';
  if (t === 'string' || t === 'boolean' || t === 'list' || t === 'object') return t;
  return 'unknown';
}

export function outputKind(t: OutputType | undefined, fanOut: boolean): ValueKind {
  if (fanOut) return 'list';
  if (t === 'integer' || t === 'number' || t === 'metric') return 'number';
  if (t === 'file' || t === 'dir') return 'path';
  if (t === 'string' || t === 'boolean' || t === 'list' || t === 'object') return t;
  return 'unknown';
}

const RUN_TAGS: Record<string, { tag: string; kind?: ValueKind; note?: string } | undefined> = {
  id: { tag: '{{workflow.name}}' },
  date: { tag: '{{workflow.creationTimestamp.Y}}-{{workflow.creationTimestamp.m}}-{{workflow.creationTimestamp.d}}' },
  timestamp: { tag: '{{workflow.creationTimestamp}}' },
  duration: { tag: '{{workflow.duration}}', kind: 'number' },
  status: { tag: '{{workflow.status}}', note: "run.status is Argo's workflow phase (Succeeded, Failed, Error)" },
  failedTasks: { tag: '{{workflow.failures}}', kind: 'list', note: 'run.failedTasks is Argo\'s {{workflow.failures}}: a JSON list of failed nodes, not of task ids' },
};

/** A reference (a path such as params.x) → Argo text, in a place where `$(VAR)` is expanded (`k8s`) or not. */
function resolveRef(path: (string | number)[], ctx: ExprCtx, k8s: boolean, t: Translation): Ref {
  const [root, a, b, c] = path;
  const shown = path.map((x, i) => (i === 0 ? x : typeof x === 'number' ? `[${x}]` : `.${x}`)).join('');
  switch (root) {
    case 'params': {
      if (typeof a !== 'string' || path.length !== 2) return { problem: `${shown}: only whole params are passed on Argo` };
      const tag = ctx.param(a);
      return tag ? { tag, kind: paramKind(ctx.pipeline, a) } : { problem: `unknown param ${a}` };
    }
    case 'tasks': {
      if (typeof a !== 'string') return { problem: `${shown} is not a task reference` };
      if (b === 'outputs' && typeof c === 'string' && path.length === 4) {
        const r = ctx.output(a, c);
        if ('problem' in r) return r;
        if ('artifact' in r) {
          t.artifacts.push(r.artifact);
          return { literal: r.artifact.path, kind: 'path' };
        }
        return r;
      }
      if (b === 'status' && path.length === 3) {
        const r = ctx.status(a);
        if ('problem' in r) return r;
        t.notes.push(`tasks.${a}.status is Argo's node phase (Succeeded, Failed, Skipped, Omitted, Error)`);
        return { tag: r.tag, kind: 'string' };
      }
      // A service's address is its pod IP.
      if ((b === 'address' || b === 'exitCode') && path.length === 3) {
        const r = ctx.node?.(a, b === 'address' ? 'ip' : 'exitCode') ?? { problem: `${shown} has no equivalent here` };
        return 'problem' in r ? r : { tag: r.tag, kind: b === 'address' ? 'string' : 'number' };
      }
      return { problem: `${shown} has no Argo equivalent` };
    }
    case 'item': {
      if (!ctx.item) return { problem: 'item outside foreach' };
      if (path.length === 1) return { tag: '{{item}}', kind: ctx.item };
      if (path.length === 2 && typeof a === 'string' && /^[A-Za-z0-9_-]+$/.test(a)) return { tag: `{{item.${a}}}`, kind: 'unknown' };
      return { problem: `${shown}: Argo substitutes only {{item}} and {{item.<key>}}` };
    }
    case 'run': {
      const r = typeof a === 'string' && path.length === 2 ? RUN_TAGS[a] : undefined;
      if (!r || ((a === 'status' || a === 'failedTasks') && !ctx.handler)) return { problem: `${shown} has no Argo equivalent` };
      if (r.note) t.notes.push(r.note);
      return { tag: r.tag, kind: r.kind ?? 'string' };
    }
    case 'pipeline':
      if (a === 'name' && path.length === 2) return { literal: ctx.pipelineName, kind: 'string' };
      if (a === 'file' && path.length === 2) return { literal: ctx.fileName, kind: 'string' };
      return { problem: `${shown} has no Argo equivalent` };
    case 'env':
      if (k8s && typeof a === 'string' && path.length === 2 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(a)) return { tag: `$(${a})`, kind: 'string' };
      return { problem: `${shown}: environment variables are expanded only in command arguments and env values` };
    case 'secrets':
      if (k8s && typeof a === 'string' && path.length === 2) {
        t.secrets.push(a);
        return { tag: `$(${secretEnvName(a)})`, kind: 'string' };
      }
      return { problem: `${shown}: secrets reach a task only through env values or arguments` };
  }
  return { problem: `${shown} has no Argo equivalent` };
}

/** `zip(tasks.<id>.outputs)` → `{{tasks.X.outputs.parameters}}`; undefined for any other expression. */
function aggregateRef(e: Expr, ctx: ExprCtx): Ref | undefined {
  if (e.kind !== 'call' || e.callee !== 'zip' || e.args.length !== 1) return undefined;
  const path = chain(e.args[0]!);
  if (!path || path.length !== 3 || path[0] !== 'tasks' || typeof path[1] !== 'string' || path[2] !== 'outputs') return undefined;
  const r = ctx.aggregate?.(path[1]) ?? { problem: `${printExpr(e)} has no Argo equivalent here` };
  return 'problem' in r ? r : { tag: r.tag, kind: 'list' };
}

/** A reference (a path) or `zip(tasks.<id>.outputs)` → Argo text; undefined for anything else. */
function valueRef(e: Expr, ctx: ExprCtx, k8s: boolean, t: Translation): Ref | undefined {
  const path = chain(e);
  return path ? resolveRef(path, ctx, k8s, t) : aggregateRef(e, ctx);
}

export function secretEnvName(name: string): string {
  return `WEFT_SECRET_${name.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`;
}



/** One expression → text for a string template. */
function exprText(e: Expr, ctx: ExprCtx, k8s: boolean, t: Translation): string | { problem: string } {
  const folded = fold(e);
  if (folded) return escapeLiteral(stringifyValue(folded.value), k8s);
  const ref = valueRef(e, ctx, k8s, t);
  if (ref) {
    if ('problem' in ref) return ref;
    return 'tag' in ref ? ref.tag : escapeLiteral(ref.literal, k8s);
  }
  if (e.kind === 'call') {
    if ((e.callee === 'toJSON' || e.callee === 'string') && e.args.length === 1) {
      const r = valueRef(e.args[0]!, ctx, k8s, t);
      if (r) {
        if ('problem' in r) return r;
        const text = 'tag' in r ? r.tag : escapeLiteral(r.literal, k8s);
        // Lists and objects travel as JSON text already; a string needs quotes to be JSON.
        if (e.callee === 'toJSON' && (r.kind === 'string' || r.kind === 'path')) {
          if ('literal' in r) return escapeLiteral(JSON.stringify(r.literal), k8s);
          return { problem: `toJSON of a string reference` };
        }
        return text;
      }
    }
    if (e.callee === 'format' && e.args.length >= 1 && e.args[0]!.kind === 'literal' && typeof e.args[0]!.value === 'string') {
      const fmt = e.args[0]!.value;
      const args: string[] = [];
      for (const a of e.args.slice(1)) {
        const r = exprText(a, ctx, k8s, t);
        if (typeof r !== 'string') return r;
        args.push(r);
      }
      let out = '';
      for (let i = 0; i < fmt.length; i++) {
        const ch = fmt[i]!;
        if ((ch === '{' || ch === '}') && fmt[i + 1] === ch) {
          out += escapeLiteral(ch, k8s);
          i++;
          continue;
        }
        const m = ch === '{' ? /^\{(\d+)\}/.exec(fmt.slice(i)) : null;
        if (m) {
          const v = args[Number(m[1])];
          if (v === undefined) return { problem: 'format() placeholder without a value' };
          out += v;
          i += m[0].length - 1;
        } else out += escapeLiteral(ch, k8s);
      }
      return out;
    }
  }
  return { problem: `\`${printExpr(e)}\` is computed, and Argo's parameter substitution only passes values` };
}

/** Literal text: `$(` would be expanded by Kubernetes in command arguments and env values. */
function escapeLiteral(s: string, k8s: boolean): string {
  return k8s ? s.replace(/\$\(/g, '$$$$(') : s;
}

export function emptyTranslation(): Translation {
  return { text: '', problems: [], artifacts: [], secrets: [], notes: [] };
}

/**
 * A string that may contain `${{ }}` → Argo text. `k8s`: the place expands `$(VAR)` (args, env).
 * `fallback`: the text is passed in as an input parameter, which can take one
 * `default(tasks.<id>.outputs.<name>, literal)` as the parameter's default (Translation.fallback).
 */
export function translateText(text: string, ctx: ExprCtx, k8s: boolean, fallback = false): Translation {
  const t = emptyTranslation();
  if (!text.includes('${{')) {
    t.text = escapeLiteral(text, k8s);
    return t;
  }
  const parsed = parsedTemplate(text);
  if (parsed.errors.length > 0) {
    t.problems.push(`cannot parse \`${text}\``);
    t.text = text;
    return t;
  }
  let alt = '';
  let defaults = 0;
  for (const p of parsed.parts) {
    if (p.kind === 'text') {
      t.text += escapeLiteral(p.text, k8s);
      alt += escapeLiteral(p.text, k8s);
      continue;
    }
    const d = fallback ? outputDefault(p.ast!, ctx) : undefined;
    if (d) {
      t.text += d.tag;
      alt += escapeLiteral(d.fallback, k8s);
      defaults++;
      continue;
    }
    const r = exprText(p.ast!, ctx, k8s, t);
    if (typeof r === 'string') {
      t.text += r;
      alt += r;
    } else {
      t.problems.push(r.problem);
      t.text += p.source.trim();
    }
  }
  // One fallback, and nothing else in the text that only the DAG knows: the default is then the whole text.
  if (defaults === 1 && !alt.includes('{{')) t.fallback = alt;
  else if (defaults > 0) t.problems.push(`default() of a task output is passed on Argo only as the one reference of a text that reads nothing else (the input parameter's default)`);
  return t;
}

/** `default(tasks.<id>.outputs.<name>, literal)` → the output's tag and the literal as text. */
function outputDefault(e: Expr, ctx: ExprCtx): { tag: string; fallback: string } | undefined {
  if (e.kind !== 'call' || e.callee !== 'default' || e.args.length !== 2) return undefined;
  const path = chain(e.args[0]!);
  const lit = fold(e.args[1]!);
  if (!path || path[0] !== 'tasks' || path[2] !== 'outputs' || path.length !== 4 || !lit || lit.value === null || typeof lit.value === 'object') return undefined;
  const r = ctx.output(String(path[1]), String(path[3]));
  return 'tag' in r ? { tag: r.tag, fallback: stringifyValue(lit.value) } : undefined;
}


/** A whole-value expression yielding a list → `withParam` text, or a literal list for `withItems`. */
export function translateList(e: Expr, ctx: ExprCtx): { param: string; t: Translation } | { items: unknown[] } | { problem: string } {
  const folded = fold(e);
  if (folded) return Array.isArray(folded.value) ? { items: folded.value } : { problem: 'foreach.items is not a list' };
  let inner = e;
  if (e.kind === 'call' && e.callee === 'toJSON' && e.args.length === 1) inner = e.args[0]!;
  const t = emptyTranslation();
  const r = valueRef(inner, ctx, false, t);
  if (!r) return { problem: `\`${printExpr(e)}\` is computed; Argo loops over a literal list or a JSON list parameter` };
  if ('problem' in r) return r;
  if ('literal' in r) return { problem: 'foreach.items is not a list' };
  return { param: r.tag, t };
}

/** `if` → govaluate `when`. */
export function translateCondition(e: Expr, ctx: ExprCtx): Translation {
  const t = emptyTranslation();
  const go = (x: Expr, hint?: ValueKind): string | undefined => {
    const folded = fold(x);
    if (folded) {
      const v = folded.value;
      if (typeof v === 'boolean' || typeof v === 'number') return String(v);
      if (typeof v === 'string' && !/['\\{}]/.test(v)) return `'${v}'`;
      t.problems.push(`the value ${JSON.stringify(v)} cannot be written in a when expression`);
      return undefined;
    }
    const path = chain(x);
    if (path) {
      const r = resolveRef(path, ctx, false, t);
      if ('problem' in r) {
        t.problems.push(r.problem);
        return undefined;
      }
      if ('literal' in r) return /['\\{}]/.test(r.literal) ? (t.problems.push('a quote in a literal'), undefined) : `'${r.literal}'`;
      const kind = r.kind === 'unknown' ? hint : r.kind;
      if (kind === 'list' || kind === 'object') {
        t.problems.push(`${printExpr(x)} is a ${kind}; when compares only scalars`);
        return undefined;
      }
      return kind === 'string' || kind === 'path' ? `'${r.tag}'` : r.tag;
    }
    switch (x.kind) {
      case 'unary': {
        const o = go(x.operand);
        if (o === undefined) return undefined;
        const wrapped = o.startsWith('(') && o.endsWith(')') && balanced(o.slice(1, -1)) ? o : `(${o})`;
        return `${x.op}${wrapped}`;
      }
      case 'binary': {
        // A status compared with a Weft status word: Argo's tags hold phase names, so compare with those.
        const phases = statusPhases(x, ctx, t);
        if (phases !== undefined) return phases;
        const litKind = (y: Expr): ValueKind | undefined => {
          const f = fold(y);
          if (!f) return undefined;
          return typeof f.value === 'string' ? 'string' : typeof f.value === 'number' ? 'number' : typeof f.value === 'boolean' ? 'boolean' : undefined;
        };
        const l = go(x.left, litKind(x.right));
        const r = go(x.right, litKind(x.left));
        return l === undefined || r === undefined ? undefined : `(${l} ${x.op} ${r})`;
      }
      case 'ternary': {
        const c = go(x.test);
        const a = go(x.consequent);
        const b = go(x.alternate);
        return c === undefined || a === undefined || b === undefined ? undefined : `(${c} ? ${a} : ${b})`;
      }
    }
    t.problems.push(`\`${printExpr(x)}\` has no equivalent in Argo's when expressions`);
    return undefined;
  };
  const out = go(e);
  t.text = out === undefined ? '' : out.replace(/^\((.*)\)$/s, (m, inner: string) => (balanced(inner) ? inner : m));
  return t;
}


/**
 * An expression → Python over variables bound to references. `bind(tag, kind)` returns the
 * variable name that will hold the reference's value (decoded from an env var).
 */
export function toPython(e: Expr, ctx: ExprCtx, bind: (tag: string, kind: ValueKind) => string): Translation {
  const t = emptyTranslation();
  const lit = (v: unknown): string => {
    if (v === null || v === undefined) return 'None';
    if (typeof v === 'boolean') return v ? 'True' : 'False';
    if (typeof v === 'number') return String(v);
    if (typeof v === 'string') return pyString(v);
    if (Array.isArray(v)) return `[${v.map(lit).join(', ')}]`;
    return `json.loads(${pyString(JSON.stringify(v))})`;
  };
  const py = (x: Expr): string | undefined => {
    const folded = fold(x);
    if (folded) return lit(folded.value);
    const r = valueRef(x, ctx, false, t);
    if (r) {
      if ('problem' in r) return void t.problems.push(r.problem);
      if ('literal' in r) return pyString(r.literal);
      return bind(r.tag, r.kind);
    }
    const all = (xs: Expr[]): string[] | undefined => {
      const out: string[] = [];
      for (const y of xs) {
        const s = py(y);
        if (s === undefined) return undefined;
        out.push(s);
      }
      return out;
    };
    switch (x.kind) {
      case 'unary': {
        const o = py(x.operand);
        return o === undefined ? undefined : x.op === '!' ? `(not ${o})` : `(-${o})`;
      }
      case 'binary': {
        const l = py(x.left);
        const r = py(x.right);
        if (l === undefined || r === undefined) return undefined;
        if (x.op === '&&') return `bool(${l} and ${r})`;
        if (x.op === '||') return `bool(${l} or ${r})`;
        return `(${l} ${x.op} ${r})`;
      }
      case 'ternary': {
        const [c, a, b] = all([x.test, x.consequent, x.alternate]) ?? [];
        return c === undefined ? undefined : `(${a} if ${c} else ${b})`;
      }
      case 'list': {
        const items = all(x.items);
        return items && `[${items.join(', ')}]`;
      }
      case 'call': {
        const a = all(x.args);
        if (!a) return undefined;
        const one: Record<string, (s: string) => string> = {
          len: (s) => `len(${s})`,
          lower: (s) => `str(${s}).lower()`,
          upper: (s) => `str(${s}).upper()`,
          trim: (s) => `str(${s}).strip()`,
          abs: (s) => `abs(${s})`,
          int: (s) => `int(float(${s}))`,
          float: (s) => `float(${s})`,
          toJSON: (s) => `json.dumps(${s}, separators=(',', ':'))`,
          fromJSON: (s) => `json.loads(${s})`,
          keys: (s) => `list(${s}.keys())`,
        };
        if (a.length === 1 && one[x.callee]) return one[x.callee]!(a[0]!);
        if (a.length === 2 && x.callee === 'contains') return `(${a[1]} in ${a[0]})`;
        if (a.length === 2 && x.callee === 'startsWith') return `str(${a[0]}).startswith(${a[1]})`;
        if (a.length === 2 && x.callee === 'endsWith') return `str(${a[0]}).endswith(${a[1]})`;
        if (a.length === 2 && x.callee === 'default') return `(${a[1]} if ${a[0]} in (None, '') else ${a[0]})`;
        if (a.length >= 2 && (x.callee === 'min' || x.callee === 'max')) return `${x.callee}(${a.join(', ')})`;
        break;
      }
    }
    t.problems.push(`\`${printExpr(x)}\` is not translated to Python`);
    return undefined;
  };
  t.text = py(e) ?? '';
  return t;
}

/**
 * A Python string literal that never contains `{{` (Argo would read it as a tag) — braces are
 * written as \\u escapes.
 */
export function pyString(s: string): string {
  return JSON.stringify(s).replace(/[{}]/g, (c) => (c === '{' ? '\\u007b' : '\\u007d')).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/** Whether Argo would try to substitute something in this literal text. */
export function argoTagHazard(text: string): boolean {
  return /\{\{\s*=|\{\{\s*(inputs|outputs|item|steps|tasks|workflow|pod|node|retries|status|lastRetry|cronworkflow)\b/.test(text);
}

/**
 * `range(n)` / `range(a, b)` → Argo's `withSequence` (`count`, or `start`/`end` inclusive), when
 * each bound is a literal integer or one reference (optionally through `int()`); `b` is written
 * `x + 1` to end at a reference `x`. Undefined when `e` is not a range call.
 */
export function translateSequence(e: Expr, ctx: ExprCtx): { sequence: Record<string, string>; t: Translation } | { problem: string } | undefined {
  if (e.kind !== 'call' || e.callee !== 'range' || e.args.length < 1 || e.args.length > 2 || fold(e)) return undefined;
  const t = emptyTranslation();
  const bound = (x: Expr, minus = 0): string | undefined => {
    if (minus === 1 && x.kind === 'binary' && x.op === '+') {
      const one = fold(x.right);
      if (one && one.value === 1) return bound(x.left);
    }
    const folded = fold(x);
    if (folded) return Number.isInteger(folded.value) ? String((folded.value as number) - minus) : undefined;
    if (minus !== 0) return undefined;
    const inner = x.kind === 'call' && x.callee === 'int' && x.args.length === 1 ? x.args[0]! : x;
    const path = chain(inner);
    if (!path) return undefined;
    const r = resolveRef(path, ctx, false, t);
    if ('problem' in r) return undefined;
    return 'literal' in r ? (/^-?[0-9]+$/.test(r.literal) ? r.literal : undefined) : r.tag;
  };
  if (e.args.length === 1) {
    const count = bound(e.args[0]!);
    return count === undefined ? { problem: `\`${printExpr(e)}\`: Argo's withSequence needs a literal or a reference as the count` } : { sequence: { count }, t };
  }
  const start = bound(e.args[0]!);
  const b = e.args[1]!;
  // range(s, s + n) with a literal s: Argo's start and count.
  if (start !== undefined && b.kind === 'binary' && b.op === '+' && fold(b.left)?.value === Number(start)) {
    const count = bound(b.right);
    if (count !== undefined) return { sequence: { start, count }, t };
  }
  const end = bound(b, 1);
  if (start === undefined || end === undefined) return { problem: `\`${printExpr(e)}\`: Argo's withSequence needs literal or referenced bounds (write the end as \`x + 1\`)` };
  return { sequence: { start, end }, t };
}

/** Argo results a Weft task status stands for (a Weft failure covers Argo's Errored, a skip its Omitted). */
const STATUS_RESULTS: Record<string, string[]> = {
  succeeded: ['Succeeded'],
  failed: ['Failed', 'Errored'],
  skipped: ['Skipped', 'Omitted'],
};

/**
 * The conjuncts of an `if` that test only dependencies' statuses (`tasks.a.status == 'succeeded'`,
 * combined with &&, || and !) → one Argo `depends` expression over their results, and the
 * conjuncts left for `when`. Argo's `{{tasks.a.status}}` holds phase names (`Succeeded`…), never
 * Weft's words, so a status test in `when` would never hold; depends tests the results themselves.
 * `name(task)` is the task's DAG name, or undefined when it is not a dependency in the same DAG.
 */
export function statusDepends(e: Expr, name: (task: string) => string | undefined): { depends: string[]; rest: Expr[]; tasks: Set<string> } {
  const conjuncts: Expr[] = [];
  const flatten = (x: Expr): void => {
    if (x.kind === 'binary' && x.op === '&&') {
      flatten(x.left);
      flatten(x.right);
    } else conjuncts.push(x);
  };
  flatten(e);
  const results = (x: Expr): string | undefined => {
    if (x.kind === 'unary' && x.op === '!') {
      const inner = results(x.operand);
      return inner === undefined ? undefined : `!${inner}`;
    }
    if (x.kind !== 'binary') return undefined;
    if (x.op === '&&' || x.op === '||') {
      const l = results(x.left);
      const r = results(x.right);
      return l === undefined || r === undefined ? undefined : `(${l} ${x.op} ${r})`;
    }
    if (x.op !== '==' && x.op !== '!=') return undefined;
    const [ref, lit] = x.right.kind === 'literal' ? [x.left, x.right] : [x.right, x.left];
    const path = chain(ref);
    if (lit.kind !== 'literal' || typeof lit.value !== 'string' || !path || path.length !== 3 || path[0] !== 'tasks' || path[2] !== 'status') return undefined;
    const task = name(String(path[1]));
    if (task !== undefined) seen.push(String(path[1]));
    const want = STATUS_RESULTS[lit.value];
    if (task === undefined || want === undefined) return undefined;
    // != is the other results a finished task can have, so no negation is needed in Argo's text.
    const rs = x.op === '==' ? want : Object.values(STATUS_RESULTS).flat().filter((r) => !want.includes(r));
    return rs.length === 1 ? `${task}.${rs[0]}` : `(${rs.map((r) => `${task}.${r}`).join(' || ')})`;
  };
  const depends: string[] = [];
  const rest: Expr[] = [];
  const tasks = new Set<string>();
  let seen: string[] = [];
  for (const c of conjuncts) {
    seen = [];
    const d = results(c);
    if (d === undefined) rest.push(c);
    else {
      depends.push(d);
      for (const t of seen) tasks.add(t);
    }
  }
  return { depends, rest, tasks };
}

/** Argo phases (of a node in `{{tasks.t.status}}`, of the workflow in `{{workflow.status}}`) for each Weft status word. */
const NODE_PHASES: Record<string, string[]> = { succeeded: ['Succeeded'], failed: ['Failed', 'Error'], skipped: ['Skipped', 'Omitted'] };
const RUN_PHASES: Record<string, string[]> = { succeeded: ['Succeeded'], failed: ['Failed', 'Error'] };

/** `run.status == 'succeeded'`, `tasks.t.status != 'failed'` → the same test over Argo's phase names; undefined for any other comparison. */
function statusPhases(x: Expr, ctx: ExprCtx, t: Translation): string | undefined {
  if (x.kind !== 'binary' || (x.op !== '==' && x.op !== '!=')) return undefined;
  const [ref, lit] = x.right.kind === 'literal' ? [x.left, x.right] : [x.right, x.left];
  const path = chain(ref);
  if (lit.kind !== 'literal' || typeof lit.value !== 'string' || !path) return undefined;
  const isRun = path.length === 2 && path[0] === 'run' && path[1] === 'status';
  const isTask = path.length === 3 && path[0] === 'tasks' && path[2] === 'status';
  if (!isRun && !isTask) return undefined;
  const phases = (isRun ? RUN_PHASES : NODE_PHASES)[lit.value];
  if (phases === undefined) return undefined;
  const r = resolveRef(path, ctx, false, t);
  if (!('tag' in r)) return undefined;
  const tests = phases.map((p) => `'${r.tag}' ${x.op} '${p}'`);
  return tests.length === 1 ? `(${tests[0]})` : `(${tests.join(x.op === '==' ? ' || ' : ' && ')})`;
}

/** Weft functions with an expr-lang builtin of the same name and meaning (one argument). */
const EXPR_LANG_FUNCTIONS = new Set(['len', 'upper', 'lower', 'trim', 'int', 'float', 'string', 'abs']);
/** Weft's string tests, which are operators in expr-lang. */
const EXPR_LANG_OPERATORS = new Set(['contains', 'startsWith', 'endsWith']);

/**
 * An http task's `expect.condition` → the expr-lang of Argo's successCondition, over the response
 * only (`response.status` → `response.statusCode`; `response.headers.X` → `response.headers["X"][0]`,
 * as Argo's headers are lists) and literals: Argo evaluates it in the template, where no other
 * value is at hand. Compound parts are parenthesised; the text ends without outer parentheses
 * unless it is an `||` or a ternary, so `status test && <it>` keeps its meaning.
 */
export function toExprLang(e: Expr): Translation {
  const t = emptyTranslation();
  const lit = (v: unknown): string | undefined => {
    if (v === null) return 'nil';
    if (typeof v === 'boolean' || typeof v === 'number') return String(v);
    // Argo would substitute a `{{` of a literal string before evaluating it.
    if (typeof v === 'string' && !v.includes('{{')) return JSON.stringify(v);
    t.problems.push(`the value ${JSON.stringify(v)} cannot be written in Argo's successCondition`);
    return undefined;
  };
  const go = (x: Expr): string | undefined => {
    const folded = fold(x);
    if (folded) return lit(folded.value);
    const path = chain(x);
    if (path) {
      const [root, field, header] = path;
      if (root === 'response' && field === 'status' && path.length === 2) return 'response.statusCode';
      if (root === 'response' && field === 'body' && path.length === 2) return 'response.body';
      if (root === 'response' && field === 'headers' && typeof header === 'string' && path.length === 3) return `response.headers[${JSON.stringify(header)}][0]`;
      t.problems.push(`${printExpr(x)}: Argo's successCondition reads only the response`);
      return undefined;
    }
    const all = (xs: Expr[]): string[] | undefined => {
      const out = xs.map(go);
      return out.every((s): s is string => s !== undefined) ? out : undefined;
    };
    switch (x.kind) {
      case 'unary': {
        const o = go(x.operand);
        return o === undefined ? undefined : `(${x.op}${o})`;
      }
      case 'binary': {
        const [l, r] = all([x.left, x.right]) ?? [];
        return l === undefined ? undefined : `(${l} ${x.op} ${r})`;
      }
      case 'ternary': {
        const [c, a, b] = all([x.test, x.consequent, x.alternate]) ?? [];
        return c === undefined ? undefined : `(${c} ? ${a} : ${b})`;
      }
      case 'call': {
        const a = all(x.args);
        if (!a) return undefined;
        if (a.length === 2 && EXPR_LANG_OPERATORS.has(x.callee)) return `(${a[0]} ${x.callee} ${a[1]})`;
        if (a.length === 1 && EXPR_LANG_FUNCTIONS.has(x.callee)) return `${x.callee}(${a[0]})`;
        break;
      }
    }
    t.problems.push(`\`${printExpr(x)}\` has no equivalent in Argo's successCondition`);
    return undefined;
  };
  const out = go(e);
  // A text starting with `(` is one of the groups written above, which close at its end.
  const loose = e.kind === 'ternary' || (e.kind === 'binary' && e.op === '||');
  t.text = out === undefined ? '' : !loose && out.startsWith('(') ? out.slice(1, -1) : out;
  return t;
}
