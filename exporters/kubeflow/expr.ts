/**
 * `${{ }}` → Kubeflow Pipelines. A KFP component sees values only as its own inputs, so every
 * reference (a param, an upstream output, the loop item) becomes an input of the component being
 * built — declared through `ctx.input(...)`, bound in the parent DAG — and appears in text as a
 * placeholder `{{$.inputs.parameters['name']}}`. Two translations:
 *
 * - `translateText`: an argument, env value, URL, … → text with placeholders. References,
 *   `toJSON`/`string` of them, `format()` with a literal format and constant sub-expressions
 *   translate; anything computed is a problem the caller warns about.
 * - `translateCondition`: an `if` → a `triggerPolicy.condition` in KFP's CEL dialect
 *   (`inputs.parameter_values['x']`, `int()`/`double()`, comparisons, `!`, `&&`, `||`).
 */
import { collectReferences, evaluate, printExpr, stringifyValue, type Expr } from '../../core/expr';
import { parsedTemplate } from '../util';
import { balanced, chain, fold, wholeExpr } from '../expr-common';

export { wholeExpr };
import type { OutputType, Pipeline, ValueType } from '../../core/model/types';

type Obj = Record<string, unknown>;

export type ParamType = 'STRING' | 'NUMBER_INTEGER' | 'NUMBER_DOUBLE' | 'BOOLEAN' | 'LIST' | 'STRUCT' | 'TASK_FINAL_STATUS';

/** Where a value comes from in the parent DAG (an `InputParameterSpec`), and its type. */
export interface Source {
  binding: Obj;
  type: ParamType;
}

export interface ArtifactSource {
  binding: Obj;
  /** Where the task expects the file, relative to /work (its Weft path). */
  path: string;
}

export interface KfpCtx {
  pipeline: Pipeline;
  pipelineName: string;
  fileName: string;
  param(name: string): Source | undefined;
  output(task: string, output: string): Source | { artifact: ArtifactSource } | { problem: string };
  /** A fan-out task's file output as KFP's list of artifacts (its loop DAG collects them), when it is one. */
  collected?(task: string, output: string): Obj | undefined;
  /** Type of the loop item, inside a foreach task. */
  item?: ParamType;
  /** Declares a component input parameter bound to `src`; returns its name. */
  input(key: string, hint: string, src: Source): string;
  /** Declares a component input artifact; returns its name. */
  inputArtifact(key: string, hint: string, binding: Obj): string;
  /** Told of each reference KFP cannot provide at all (`unavailable`): the step must fail instead. */
  unavailable?(message: string): void;
}

export interface Translation {
  text: string;
  problems: string[];
  notes: string[];
  /** Input artifacts to copy to their Weft paths before the program runs. */
  copies: { from: string; to: string }[];
}

export const ITEM_INPUT = 'weft-item';
export const ITEMS_INPUT = 'weft-items';

export function paramType(t: ValueType | OutputType | undefined): ParamType {
  switch (t) {
    case 'integer':
      return 'NUMBER_INTEGER';
    case 'number':
    case 'metric':
      return 'NUMBER_DOUBLE';
    case 'boolean':
      return 'BOOLEAN';
    case 'list':
      return 'LIST';
    case 'object':
      return 'STRUCT';
    default:
      return 'STRING';
  }
}

export const paramPlaceholder = (name: string): string => `{{$.inputs.parameters['${name}']}}`;
export const artifactPlaceholder = (name: string): string => `{{$.inputs.artifacts['${name}'].path}}`;



type Ref = { input: string; type: ParamType } | { literal: string; type: ParamType } | { problem: string };

/**
 * Why KFP v2 cannot provide a reference at all — a task's exit code, a service's address, the
 * run's duration — or undefined. Such a reference makes the step fail at run time with the reason
 * (never run with a made-up value).
 */
export function unavailable(path: readonly (string | number)[]): string | undefined {
  const [root, a, b] = path;
  if (root === 'tasks' && typeof a === 'string' && path.length >= 3) {
    if (b === 'exitCode') return `tasks.${a}.exitCode: KFP v2 has no placeholder for a task's exit code`;
    if (b === 'address') return `tasks.${a}.address: KFP v2 steps run to completion, so there are no services`;
  } else if (root === 'run' && a === 'duration' && path.length === 2) return 'run.duration: KFP v2 has no placeholder for the run duration';
  return undefined;
}

/** `unavailable` for every reference of an expression (on a failure path: it walks the whole tree). */
export function unavailableIn(e: Expr): string[] {
  const out: string[] = [];
  for (const r of collectReferences(e)) {
    const why = unavailable([r.root, ...r.path]);
    if (why && !out.includes(why)) out.push(why);
  }
  return out;
}

function refuse(why: string, ctx: KfpCtx): { problem: string } {
  ctx.unavailable?.(why);
  return { problem: why };
}

const RUN: Record<string, { text: string; note?: string } | undefined> = {
  id: { text: '{{$.pipeline_job_name}}' },
  timestamp: { text: '{{$.pipeline_job_create_time_utc}}', note: "run.timestamp is KFP's {{$.pipeline_job_create_time_utc}}" },
  date: { text: '{{$.pipeline_job_create_time_utc}}', note: "run.date has no KFP placeholder: the run's creation time ({{$.pipeline_job_create_time_utc}}, a full timestamp) is passed instead" },
};

/** A reference path → a component input (declared on the way), or a literal, or a problem. */
function resolveRef(path: (string | number)[], ctx: KfpCtx, t: Translation): Ref | { run: string } {
  const [root, a, b, c] = path;
  const shown = path.map((x, i) => (i === 0 ? x : typeof x === 'number' ? `[${x}]` : `.${x}`)).join('');
  switch (root) {
    case 'params': {
      if (typeof a !== 'string' || path.length !== 2) return { problem: `${shown}: only whole params are passed on Kubeflow` };
      const src = ctx.param(a);
      if (!src) return { problem: `unknown param ${a}` };
      return { input: ctx.input(`param\u0000${a}`, a, src), type: src.type };
    }
    case 'tasks': {
      if (b === 'exitCode' || b === 'address') {
        const why = unavailable(path);
        if (why) return refuse(why, ctx);
      }
      if (typeof a === 'string' && b === 'outputs' && typeof c === 'string' && path.length === 4) {
        const r = ctx.output(a, c);
        if ('problem' in r) return r;
        if ('artifact' in r) {
          const name = ctx.inputArtifact(`${a}\u0000${c}`, `${a}_${c}`, r.artifact.binding);
          if (!t.copies.some((x) => x.to === r.artifact.path)) t.copies.push({ from: artifactPlaceholder(name), to: r.artifact.path });
          return { literal: r.artifact.path, type: 'STRING' };
        }
        return { input: ctx.input(`out\u0000${a}\u0000${c}`, `${a}_${c}`, r), type: r.type };
      }
      return { problem: `${shown} has no Kubeflow equivalent` };
    }
    case 'item': {
      if (!ctx.item) return { problem: 'item outside foreach' };
      if (path.length === 1) return { input: ctx.input('item', 'item', { binding: { componentInputParameter: ITEM_INPUT }, type: ctx.item }), type: ctx.item };
      if (path.length === 2 && (typeof a === 'string' || typeof a === 'number')) {
        const sel = typeof a === 'number' ? `parseJson(string_value)[${a}]` : `parseJson(string_value)[${JSON.stringify(a)}]`;
        const src: Source = { binding: { componentInputParameter: ITEM_INPUT, parameterExpressionSelector: sel }, type: 'STRING' };
        return { input: ctx.input(`item\u0000${a}`, `item_${a}`, src), type: 'STRING' };
      }
      return { problem: `${shown}: only item and item.<key> are passed on Kubeflow` };
    }
    case 'run': {
      const r = typeof a === 'string' && path.length === 2 ? RUN[a] : undefined;
      if (!r) {
        const why = unavailable(path);
        return why ? refuse(why, ctx) : { problem: `${shown} has no Kubeflow equivalent` };
      }
      if (r.note) t.notes.push(r.note);
      return { run: r.text };
    }
    case 'pipeline':
      if (a === 'name' && path.length === 2) return { literal: ctx.pipelineName, type: 'STRING' };
      if (a === 'file' && path.length === 2) return { literal: ctx.fileName, type: 'STRING' };
      return { problem: `${shown} has no Kubeflow equivalent` };
    case 'env':
      return { problem: `${shown}: environment variables are not substituted in Kubeflow arguments` };
    case 'secrets':
      return { problem: `${shown}: a secret reaches a task only as a whole env value (secretAsEnv)` };
  }
  return { problem: `${shown} has no Kubeflow equivalent` };
}

/**
 * One reference as text for the step — a placeholder of a component input (declared on the way),
 * a run placeholder or a literal — with the type of its value; or a problem.
 */
export function translateRef(path: (string | number)[], ctx: KfpCtx, t: Translation): { text: string; type: ParamType } | { problem: string } {
  const r = resolveRef(path, ctx, t);
  if ('problem' in r) return r;
  if ('run' in r) return { text: r.run, type: 'STRING' };
  return 'input' in r ? { text: paramPlaceholder(r.input), type: r.type } : { text: r.literal, type: r.type };
}

function refText(r: Ref | { run: string }): string | { problem: string } {
  if ('problem' in r) return r;
  if ('run' in r) return r.run;
  return 'input' in r ? paramPlaceholder(r.input) : r.literal;
}

function exprText(e: Expr, ctx: KfpCtx, t: Translation): string | { problem: string } {
  const folded = fold(e);
  if (folded) return stringifyValue(folded.value);
  const path = chain(e);
  if (path) return refText(resolveRef(path, ctx, t));
  if (e.kind === 'call') {
    if ((e.callee === 'toJSON' || e.callee === 'string') && e.args.length === 1) {
      const p = chain(e.args[0]!);
      if (p) {
        const r = resolveRef(p, ctx, t);
        if (e.callee === 'toJSON' && !('problem' in r) && ('run' in r || r.type === 'STRING')) {
          if ('literal' in r) return JSON.stringify(r.literal);
          return { problem: 'toJSON of a string reference' };
        }
        return refText(r);
      }
    }
    if (e.callee === 'format' && e.args.length >= 1 && e.args[0]!.kind === 'literal' && typeof e.args[0]!.value === 'string') {
      const fmt = e.args[0]!.value;
      const args: string[] = [];
      for (const a of e.args.slice(1)) {
        const r = exprText(a, ctx, t);
        if (typeof r !== 'string') return r;
        args.push(r);
      }
      let out = '';
      for (let i = 0; i < fmt.length; i++) {
        const ch = fmt[i]!;
        if ((ch === '{' || ch === '}') && fmt[i + 1] === ch) {
          out += ch;
          i++;
          continue;
        }
        const m = ch === '{' ? /^\{(\d+)\}/.exec(fmt.slice(i)) : null;
        if (m) {
          const v = args[Number(m[1])];
          if (v === undefined) return { problem: 'format() placeholder without a value' };
          out += v;
          i += m[0].length - 1;
        } else out += ch;
      }
      return out;
    }
  }
  return { problem: `\`${printExpr(e)}\` is computed, and KFP's placeholders only pass values` };
}

export function emptyTranslation(): Translation {
  return { text: '', problems: [], notes: [], copies: [] };
}

/** A string that may hold `${{ }}` → KFP text with placeholders. */
export function translateText(text: string, ctx: KfpCtx): Translation {
  const t = emptyTranslation();
  if (!text.includes('${{')) {
    t.text = text;
    return t;
  }
  const parsed = parsedTemplate(text);
  if (parsed.errors.length > 0) {
    t.problems.push(`cannot parse \`${text}\``);
    t.text = text;
    return t;
  }
  for (const p of parsed.parts) {
    if (p.kind === 'text') {
      t.text += p.text;
      continue;
    }
    const r = exprText(p.ast!, ctx, t);
    if (typeof r === 'string') t.text += r;
    else {
      t.problems.push(r.problem);
      t.text += p.source.trim();
    }
  }
  return t;
}


/** A whole-value list expression → a loop source: a constant list, or a LIST input. */
export function translateItems(e: Expr, ctx: KfpCtx): { raw: unknown[] } | { source: Source } | { problem: string } {
  const folded = fold(e);
  if (folded) return Array.isArray(folded.value) ? { raw: folded.value } : { problem: 'foreach.items is not a list' };
  let inner = e;
  if (e.kind === 'call' && e.callee === 'toJSON' && e.args.length === 1) inner = e.args[0]!;
  const path = chain(inner);
  if (!path) return { problem: `\`${printExpr(e)}\` is computed; KFP loops over a literal list or a list parameter` };
  const [root, a, b, c] = path;
  if (root === 'params' && typeof a === 'string' && path.length === 2) {
    const src = ctx.param(a);
    return src ? { source: src } : { problem: `unknown param ${a}` };
  }
  const why = unavailable(path);
  if (why) return refuse(why, ctx);
  if (root === 'tasks' && typeof a === 'string' && b === 'outputs' && typeof c === 'string' && path.length === 4) {
    const r = ctx.output(a, c);
    if ('problem' in r) return r;
    if ('artifact' in r) return { problem: 'foreach over a file output' };
    return { source: r };
  }
  return { problem: `\`${printExpr(e)}\`: KFP loops over a literal list, a param or an upstream output` };
}

/** `if` → KFP's CEL condition over the task's own inputs. */
export function translateCondition(e: Expr, ctx: KfpCtx): Translation {
  const t = emptyTranslation();
  type Out = { text: string; kind: 'int' | 'double' | 'string' | 'bool' | 'other' };
  const lit = (v: unknown): Out | undefined => {
    if (typeof v === 'boolean') return { text: String(v), kind: 'bool' };
    if (typeof v === 'number' && Number.isFinite(v)) return { text: String(v), kind: Number.isInteger(v) ? 'int' : 'double' };
    if (typeof v === 'string') return { text: `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`, kind: 'string' };
    t.problems.push(`the value ${JSON.stringify(v)} cannot be written in a KFP condition`);
    return undefined;
  };
  const toDouble = (o: Out, isLiteral: boolean): Out => (o.kind !== 'int' ? o : isLiteral ? { text: o.text.includes('.') || o.text.includes('e') ? o.text : `${o.text}.0`, kind: 'double' } : { text: `double(${o.text})`, kind: 'double' });
  const go = (x: Expr): Out | undefined => {
    const folded = fold(x);
    if (folded) return lit(folded.value);
    const path = chain(x);
    if (path) {
      const r = resolveRef(path, ctx, t);
      if ('problem' in r) return void t.problems.push(r.problem);
      if ('run' in r) return void t.problems.push(`${path.join('.')} is not an input KFP conditions can read`);
      if ('literal' in r) return lit(r.literal);
      const ref = `inputs.parameter_values['${r.input}']`;
      switch (r.type) {
        case 'NUMBER_INTEGER':
          return { text: `int(${ref})`, kind: 'int' };
        case 'NUMBER_DOUBLE':
          return { text: `double(${ref})`, kind: 'double' };
        case 'BOOLEAN':
          return { text: ref, kind: 'bool' };
        case 'STRING':
          return { text: ref, kind: 'string' };
        default:
          return void t.problems.push(`${printExpr(x)} is a ${r.type === 'LIST' ? 'list' : 'struct'}; conditions compare scalars`);
      }
    }
    switch (x.kind) {
      case 'unary': {
        const o = go(x.operand);
        if (!o) return undefined;
        return x.op === '!' ? { text: `!(${o.text})`, kind: 'bool' } : { text: `-(${o.text})`, kind: o.kind };
      }
      case 'binary': {
        if (x.op === '%' || x.op === '/') return void t.problems.push(`\`${printExpr(x)}\`: ${x.op} is not translated to a KFP condition`);
        let l = go(x.left);
        let r = go(x.right);
        if (!l || !r) return undefined;
        if (x.op === '&&' || x.op === '||') return { text: `${wrap(l.text)} ${x.op} ${wrap(r.text)}`, kind: 'bool' };
        // CEL does not mix int and double: widen the int side.
        if (l.kind === 'int' && r.kind === 'double') l = toDouble(l, !!fold(x.left));
        if (r.kind === 'int' && l.kind === 'double') r = toDouble(r, !!fold(x.right));
        const kind: Out['kind'] = ['==', '!=', '<', '<=', '>', '>='].includes(x.op) ? 'bool' : l.kind;
        return { text: `${wrap(l.text)} ${x.op} ${wrap(r.text)}`, kind };
      }
      case 'ternary': {
        const c = go(x.test);
        const a = go(x.consequent);
        const b = go(x.alternate);
        return c && a && b ? { text: `${wrap(c.text)} ? ${wrap(a.text)} : ${wrap(b.text)}`, kind: a.kind } : undefined;
      }
    }
    t.problems.push(`\`${printExpr(x)}\` has no equivalent in KFP conditions`);
    return undefined;
  };
  t.text = go(e)?.text ?? '';
  return t;
}

/** Parenthesises a binary/ternary sub-expression. */
function wrap(s: string): string {
  if (/^'(?:[^'\\]|\\.)*'$/.test(s)) return s;
  return /^[!\w.'[\]()-]*$/.test(s) && balanced(s) ? s : `(${s})`;
}


const PLACEHOLDER = /\{\{\$[^{}]*\}\}/g;

/**
 * Text for a container argument: plain text, one placeholder, or — when placeholders are mixed
 * with text — KFP's `{"Concat": [...]}` form, which the backend expands.
 */
export function kfpArg(text: string): string {
  // Most arguments hold no placeholder: no match objects for those.
  if (!text.includes('{{$')) return text;
  const parts: string[] = [];
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (m.index! > last) parts.push(text.slice(last, m.index));
    parts.push(m[0]);
    last = m.index! + m[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  if (parts.length <= 1) return text;
  return `{"Concat": [${parts.map((p) => JSON.stringify(p)).join(', ')}]}`;
}
