/**
 * Finds every `${{ … }}` in a pipeline document, type-checks it against the contexts visible at
 * its place (params, tasks and their declared outputs, run, pipeline, env, secrets, item), and
 * collects the references the other rules need: `tasks.<id>` references imply dependencies,
 * `params.<name>` references make a param used.
 *
 * Offsets: the checker works on a string's value, but a YAML/JSON value is not always its source
 * text (quotes, escapes, folded lines). Each interpolation is located in the node's raw source
 * text; when it cannot be (an escape inside it), its diagnostics fall back to the whole scalar.
 */
import { childOf, type MapNode, type ScalarNode, type SyntaxNode } from '../syntax/ast';
import type { ParsedDocument } from '../syntax/parse';
import type { PipelineView, TaskView } from '../model/pipeline-view';
import {
  T,
  checkExpression,
  findInterpolations,
  isAssignable,
  isConditionType,
  joinTypes,
  listOf,
  objectOf,
  parseExpression,
  typeFromName,
  typeToString,
  wholeValuePart,
  type CheckResult,
  type ExprDiagnostic,
  type ExprError,
  type ExprPart,
  type ExprReference,
  type ExprType,
  type ObjectType,
  type TemplatePart,
  type TypeEnv,
} from '../expr';
import { valueTypeName } from '../expr/types';

export interface LocatedExpression {
  /** The scalar holding the expression. */
  node: ScalarNode;
  /** Absolute source offsets of the `${{ … }}` (or of the scalar, when it could not be located). */
  start: number;
  end: number;
  type: ExprType;
  /** The task it sits in, if any. */
  task?: TaskView;
}

/** Checker diagnostics plus this module's own codes (`foreach-not-list`). */
export type AnalysisDiagnostic = Omit<ExprDiagnostic, 'code'> & { code: string };

/**
 * A reference as the checker found it (`ref`, offsets relative to a cached parse) and where this
 * copy sits: absolute = relative + `delta`. When the interpolation could not be located in the
 * source, every range collapses to the scalar's (`at`). Shared cached parts keep this cheap.
 */
export interface LocatedReference {
  root: string;
  path: string[];
  ref: ExprReference;
  delta: number;
  at?: { start: number; end: number };
  task?: TaskView;
}

/** Absolute range of a located reference's i-th name (0 = the root), or undefined. */
export function segmentRange(r: LocatedReference, i: number): { start: number; end: number } | undefined {
  const s = r.ref.segments[i];
  if (!s) return undefined;
  return r.at ?? { start: s.start + r.delta, end: s.end + r.delta };
}

export interface ExpressionAnalysis {
  diagnostics: AnalysisDiagnostic[];
  references: LocatedReference[];
  expressions: LocatedExpression[];
}

/** What a string at a given place must evaluate to, when the place says. */
type Expectation = 'condition' | 'list' | undefined;

export function analyseExpressions(doc: ParsedDocument, view: PipelineView): ExpressionAnalysis {
  const result: ExpressionAnalysis = { diagnostics: [], references: [], expressions: [] };
  memo = new WeakMap();
  splitMemo = new Map();
  const root = view.root;
  if (!root) return result;
  const base = baseRoots(view);

  const check = (node: SyntaxNode | null | undefined, env: TypeEnv, task?: TaskView, expect?: Expectation, place?: string): void => {
    if (!node) return;
    if (node.kind === 'scalar') {
      if (typeof node.value === 'string') checkScalar(doc, node, env, result, task, expect, place);
      return;
    }
    if (node.kind === 'seq') for (const item of node.items) check(item, env, task, expect, place);
    else if (node.kind === 'map') for (let i = 0; i < node.size; i++) check(node.valueAt(i), env, task, expect, place);
  };

  // Params' defaults see only what exists before any task runs.
  const early: TypeEnv = { roots: { run: base.run!, pipeline: base.pipeline! } };
  const params = childOf(root, 'params');
  if (params?.kind === 'map') for (let i = 0; i < params.size; i++) check(childOf(params.valueAt(i), 'default'), early);

  const pipelineEnv: TypeEnv = { roots: { params: base.params!, run: base.run!, pipeline: base.pipeline!, env: base.env!, secrets: base.secrets! } };
  check(childOf(root, 'env'), pipelineEnv);
  check(childOf(root, 'defaults'), pipelineEnv);

  const mainTasks = tasksType(view, 'tasks');
  const hasHandlers = view.tasks.some((t) => t.section !== 'tasks');
  const handlerRun = { ...(base.run as { fields: Record<string, ExprType> }).fields, status: T.string, failedTasks: listOf(T.string) };
  // Environments are shared objects (one per kind of place), so the per-run memo can key on them.
  const mainEnv: TypeEnv = { roots: { ...pipelineEnv.roots, tasks: mainTasks } };
  const handlerEnv: TypeEnv = hasHandlers
    ? { roots: { ...pipelineEnv.roots, tasks: tasksType(view, 'all'), run: objectOf(handlerRun, { what: 'run', keyNoun: 'field' }) } }
    : mainEnv;
  // A pipeline's outputs are read once its tasks are done: they see the main tasks.
  const pipelineOutputs = childOf(root, 'outputs');
  if (pipelineOutputs?.kind === 'map') for (let i = 0; i < pipelineOutputs.size; i++) check(childOf(pipelineOutputs.valueAt(i), 'value'), mainEnv);
  const itemEnvs = new Map<string, TypeEnv>();
  // Item types are mostly the same cached objects (`${{ params.regions }}` in every fan-out
  // task): by identity first, so each is serialised once per environment.
  const itemEnvsByType = { main: new Map<ExprType, TypeEnv>(), handler: new Map<ExprType, TypeEnv>() };
  const withItem = (env: TypeEnv, item: ExprType): TypeEnv => {
    const which = env === mainEnv ? 'main' : 'handler';
    let e = itemEnvsByType[which].get(item);
    if (e) return e;
    const key = `${which}:${JSON.stringify(item)}`;
    e = itemEnvs.get(key);
    if (!e) itemEnvs.set(key, (e = { roots: { ...env.roots, item } }));
    itemEnvsByType[which].set(item, e);
    return e;
  };
  for (const task of view.tasks) {
    if (!task.node) continue;
    const env = task.section !== 'tasks' ? handlerEnv : mainEnv;
    const foreach = childOf(task.node, 'foreach');
    let itemType: ExprType | undefined;
    if (foreach?.kind === 'map') {
      const items = childOf(foreach, 'items');
      // `foreach.items` itself is evaluated before any item exists.
      if (items) itemType = itemTypeOf(doc, items, env, result, task);
    }
    const inner: TypeEnv = itemType ? withItem(env, itemType) : env;
    const taskNode = task.node;
    for (let i = 0; i < taskNode.size; i++) {
      const kv = taskNode.keyValue(i);
      const key = typeof kv === 'string' ? kv : String(kv);
      const value = taskNode.valueAt(i);
      if (key === 'foreach') {
        if (value?.kind === 'map') for (let j = 0; j < value.size; j++) if (value.keyValue(j) !== 'items') check(value.valueAt(j), inner, task);
        continue;
      }
      if (key === 'assert') check(value, inner, task, 'condition', 'this assertion');
      else if (key === 'expect' && value?.kind === 'map' && task.type === 'http') {
        // `expect.condition` alone also sees the response it judges.
        for (let j = 0; j < value.size; j++) {
          if (value.keyValue(j) === 'condition') check(value.valueAt(j), withResponse(inner), task, 'condition', "'expect.condition'");
          else check(value.valueAt(j), inner, task);
        }
      }
      else if (key === 'if' || key === 'until') check(value, inner, task, 'condition', `'${key}'`);
      else check(value, inner, task);
    }
  }
  return result;
}

/** The response an http task's `expect.condition` judges. */
export const RESPONSE = objectOf(
  { status: T.integer, body: T.string, headers: objectOf({}, { what: 'response headers', keyNoun: 'header', open: true, values: T.string }) },
  { what: 'response', keyNoun: 'field' },
);
const responseEnvs = new WeakMap<TypeEnv, TypeEnv>();
function withResponse(env: TypeEnv): TypeEnv {
  let e = responseEnvs.get(env);
  if (!e) responseEnvs.set(env, (e = { roots: { ...env.roots, response: RESPONSE } }));
  return e;
}

function itemTypeOf(doc: ParsedDocument, items: SyntaxNode, env: TypeEnv, result: ExpressionAnalysis, task: TaskView): ExprType {
  if (items.kind === 'seq') {
    let t: ExprType | undefined;
    for (const i of items.items) {
      checkScalarIfString(doc, i, env, result, task);
      const it = typeFromName(valueTypeName(i.value));
      t = t ? joinTypes(t, it) : it;
    }
    return t ?? T.any;
  }
  if (items.kind === 'scalar' && typeof items.value === 'string') {
    const type = checkScalar(doc, items, env, result, task, 'list', "'foreach.items'");
    return type && type.kind === 'list' ? type.items : T.any;
  }
  return T.any;
}

function checkScalarIfString(doc: ParsedDocument, node: SyntaxNode, env: TypeEnv, result: ExpressionAnalysis, task: TaskView): void {
  if (node.kind === 'scalar' && typeof node.value === 'string') checkScalar(doc, node, env, result, task);
}

interface CheckedSource {
  errors: ExprError[];
  check: CheckResult | undefined;
}

/**
 * Parse + check results per (environment, source text), relative to offset 0. Pipelines repeat
 * the same expressions (`${{ params.day }}` in every task), and each is checked once per run.
 * Scoped to one analysis, so a later edit never sees stale types.
 */
let memo: WeakMap<TypeEnv, Map<string, CheckedSource>> = new WeakMap();

function checkSource(source: string, env: TypeEnv): CheckedSource {
  let m = memo.get(env);
  if (!m) memo.set(env, (m = new Map()));
  let c = m.get(source);
  if (!c) {
    const { ast, errors } = parseExpression(source, 0);
    c = { errors, check: ast ? checkExpression(ast, env) : undefined };
    m.set(source, c);
  }
  return c;
}

/** A cached diagnostic moved to where this copy of the expression sits (or onto its scalar). */
function placed<D extends { start: number; end: number }>(d: D, located: boolean, at: number, node: ScalarNode): D {
  return located ? { ...d, start: d.start + at, end: d.end + at } : { ...d, start: node.start, end: node.end };
}

/** A string split into interpolations (offsets relative to it), with its whole-value part. */
interface Split {
  parts: TemplatePart[];
  errors: ExprError[];
  whole: ExprPart | null;
}

/** findInterpolations, once per distinct string within one analysis. */
let splitMemo = new Map<string, Split>();
function interpolationsOf(value: string): Split {
  let r = splitMemo.get(value);
  if (!r) {
    const { parts, errors } = findInterpolations(value, 0);
    splitMemo.set(value, (r = { parts, errors, whole: wholeValuePart(parts) }));
  }
  return r;
}

/**
 * Where a scalar's value sits verbatim in its source, as an offset into the scalar's range, or
 * -1: the first match of `raw.indexOf(value)`, but the usual places (a plain scalar at 0, a
 * quoted one at 1) are tried in the text itself before a slice of the source is made.
 */
function verbatimOffset(text: string, node: ScalarNode, value: string): number {
  const width = node.end - node.start;
  if (value.length <= width && text.startsWith(value, node.start)) return 0;
  if (value.length <= width - 1 && text.startsWith(value, node.start + 1)) return 1;
  return value.length < width ? text.slice(node.start, node.end).indexOf(value) : -1;
}

/**
 * Where the part [start, end) of a value that is not verbatim in its source sits: looked for in
 * the raw source from `cursor` on. Returns the shift (absolute offset − value offset) and moves
 * the cursor past it, or undefined.
 */
function searchShift(raw: string, value: string, node: ScalarNode, start: number, end: number, cursor: { at: number }): number | undefined {
  const idx = raw.indexOf(value.slice(start, end), cursor.at);
  if (idx < 0) return undefined;
  cursor.at = idx + (end - start);
  return node.start + idx - start;
}

/** Checks one string scalar; returns the value's type (string unless whole-value). */
function checkScalar(
  doc: ParsedDocument,
  node: ScalarNode,
  env: TypeEnv,
  result: ExpressionAnalysis,
  task: TaskView | undefined,
  expect?: Expectation,
  place?: string,
): ExprType | undefined {
  const value = node.value as string;
  const hasExpr = value.includes('${{');
  if (!hasExpr) {
    if (expect === 'condition' && value.trim() !== '') {
      result.diagnostics.push({
        code: 'type-mismatch',
        message: `${capital(place ?? 'This condition')} must be a \`\${{ }}\` expression of type boolean, like \`\${{ ${value.trim()} }}\`.`,
        start: node.start,
        end: node.end,
        suggestions: [`"\${{ ${value.trim().replace(/"/g, "'")} }}"`],
      });
    } else if (expect === 'list') {
      result.diagnostics.push({
        code: 'foreach-not-list',
        message: `'foreach.items' must be a list or a \`\${{ }}\` expression that yields one; '${value}' is a plain string.`,
        start: node.start,
        end: node.end,
      });
    }
    return T.string;
  }
  return checkInterpolated(doc, node, value, env, result, task, expect, place);
}

/** The part of checkScalar for strings holding `${{`. */
function checkInterpolated(
  doc: ParsedDocument,
  node: ScalarNode,
  value: string,
  env: TypeEnv,
  result: ExpressionAnalysis,
  task: TaskView | undefined,
  expect: Expectation,
  place: string | undefined,
): ExprType {
  const { parts, errors, whole } = interpolationsOf(value);
  let type: ExprType = T.string;
  // Usually the value sits verbatim in the source (plain, or quoted without escapes): one shift
  // serves every part. Otherwise each part is looked for in the raw source in turn.
  const offset = verbatimOffset(doc.text, node, value);
  const verbatimShift = offset >= 0 ? node.start + offset : 0;
  const raw = offset >= 0 ? '' : doc.text.slice(node.start, node.end);
  const cursor = { at: 0 };
  for (let i = 0; i < errors.length; i++) {
    const e = errors[i]!;
    const shift = offset >= 0 ? verbatimShift : searchShift(raw, value, node, e.start, Math.max(e.end, e.start + 3), cursor);
    result.diagnostics.push(shift === undefined ? { ...e, start: node.start, end: node.end } : { ...e, start: e.start + shift, end: e.end + shift });
  }
  cursor.at = 0;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p.kind !== 'expr') continue;
    const shift = offset >= 0 ? verbatimShift : searchShift(raw, value, node, p.start, p.end, cursor);
    const located = shift !== undefined;
    const checked = checkSource(p.source, env);
    // Cached results are relative to the inner text; move them to where this copy sits.
    const at = located ? p.innerStart + shift : 0;
    for (let k = 0; k < checked.errors.length; k++) result.diagnostics.push(placed(checked.errors[k]!, located, at, node));
    const start = located ? p.start + shift : node.start;
    const end = located ? p.end + shift : node.end;
    const r = checked.check;
    if (!r) {
      if (p === whole) type = T.any;
      continue;
    }
    for (let k = 0; k < r.diagnostics.length; k++) result.diagnostics.push(placed(r.diagnostics[k]!, located, at, node));
    const collapsed = located ? undefined : { start: node.start, end: node.end };
    for (let k = 0; k < r.references.length; k++) {
      const ref = r.references[k]!;
      result.references.push({ root: ref.root, path: ref.path, ref, delta: at, at: collapsed, task });
    }
    if (p === whole) type = r.type;
    result.expressions.push({ node, start, end, type: p === whole ? r.type : T.string, task });
    if (p === whole && expect === 'condition' && !isConditionType(r.type)) {
      result.diagnostics.push({ code: 'type-mismatch', message: `${capital(place ?? 'The condition')} must be boolean, but the expression is ${typeToString(r.type)}.`, start, end });
    }
    if (p === whole && expect === 'list' && !isAssignable(r.type, listOf(T.any))) {
      result.diagnostics.push({ code: 'foreach-not-list', message: `'foreach.items' must yield a list, but the expression is ${typeToString(r.type)}.`, start, end });
    }
  }
  if (!whole && expect === 'condition') {
    result.diagnostics.push({ code: 'type-mismatch', message: `${capital(place ?? 'The condition')} must be a single \`\${{ }}\` expression of type boolean; text around it makes it a string.`, start: node.start, end: node.end });
  }
  if (!whole && expect === 'list') {
    result.diagnostics.push({ code: 'foreach-not-list', message: `'foreach.items' must be a single \`\${{ }}\` expression that yields a list; text around it makes it a string.`, start: node.start, end: node.end });
  }
  return type;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The context roots shared by every place in the document. */
function baseRoots(view: PipelineView): Record<string, ExprType> {
  const params: Record<string, ExprType> = {};
  for (const [name, p] of view.params) {
    let t = p.type ? typeFromName(p.type) : T.any;
    const items = childOf(p.node, 'items');
    const itemType = childOf(items, 'type');
    if (t.kind === 'list' && typeof itemType?.value === 'string') t = listOf(typeFromName(itemType.value));
    params[name] = t;
  }
  const secrets: Record<string, ExprType> = {};
  for (const name of view.secrets.keys()) secrets[name] = T.string;
  return {
    params: objectOf(params, { what: 'params', keyNoun: 'param' }),
    run: objectOf({ id: T.string, date: T.string, timestamp: T.string, attempt: T.integer, trigger: T.string, duration: T.number }, { what: 'run', keyNoun: 'field' }),
    pipeline: objectOf({ name: T.string, file: T.string }, { what: 'pipeline', keyNoun: 'field' }),
    env: { kind: 'object', open: true, values: T.string, what: 'env' },
    secrets: objectOf(secrets, { what: 'secrets', keyNoun: 'secret' }),
  };
}

/**
 * `tasks` as expressions see it: main tasks only, or (for handlers) every task. Each task's type
 * is built when an expression first names it (`field`), and the whole `fields` record only when
 * something enumerates it (suggestions, assignability): a pipeline of 1,000 tasks names a few
 * of them in expressions, and building every type up front was a visible share of validation.
 */
class TasksType implements ObjectType {
  readonly kind = 'object' as const;
  readonly what = 'tasks';
  readonly keyNoun = 'task';
  readonly #view: PipelineView;
  readonly #which: 'tasks' | 'all';
  #types = new Map<TaskView, ExprType>();
  #fields: Record<string, ExprType> | undefined;

  constructor(view: PipelineView, which: 'tasks' | 'all') {
    this.#view = view;
    this.#which = which;
  }

  /** Whether a task is a field: of the right section, and the definition its id resolves to. */
  #counts(t: TaskView): boolean {
    return (this.#which === 'all' || t.section === 'tasks') && this.#view.byId.get(t.id) === t;
  }

  field(name: string): ExprType | undefined {
    // As an own property of `fields`: `__proto__` would have set the prototype instead.
    if (name === '__proto__') return undefined;
    const t = this.#view.byId.get(name);
    return t && this.#counts(t) ? this.#typeOf(t) : undefined;
  }

  get fields(): Record<string, ExprType> {
    if (!this.#fields) {
      const fields: Record<string, ExprType> = {};
      for (const t of this.#view.tasks) if (this.#counts(t)) fields[t.id] = this.#typeOf(t);
      this.#fields = fields;
    }
    return this.#fields;
  }

  /** What JSON.stringify sees (environment keys are built from it): the plain object this stands for. */
  toJSON(): ObjectType {
    return { kind: 'object', fields: this.fields, what: this.what, keyNoun: this.keyNoun };
  }

  #typeOf(t: TaskView): ExprType {
    let type = this.#types.get(t);
    if (!type) this.#types.set(t, (type = taskType(t)));
    return type;
  }
}

function taskType(t: TaskView): ExprType {
  const fanOut = !!childOf(t.node, 'foreach');
  const outs: Record<string, ExprType> = {};
  const outputs = childOf(t.node, 'outputs');
  if (outputs?.kind === 'map') {
    for (let i = 0; i < outputs.size; i++) {
      const ot = childOf(outputs.valueAt(i), 'type');
      const base = typeof ot?.value === 'string' ? typeFromName(ot.value) : T.any;
      // A fan-out task's outputs are collected into lists, one entry per item, as every target does.
      outs[String(outputs.keyValue(i))] = fanOut ? listOf(base) : base;
    }
  }
  const fields: Record<string, ExprType> = {
    outputs: objectOf(outs, { what: `outputs of task '${t.id}'`, keyNoun: 'output' }),
    status: T.string,
    attempts: T.integer,
    // The exit code of the task's process (its last attempt); one per item for a fan-out task.
    exitCode: fanOut ? listOf(T.integer) : T.integer,
  };
  // Only a service has an address: elsewhere `address` is an unknown field, with the fix in the hint.
  if (childOf(t.node, 'service')) {
    fields.address = T.string;
    return objectOf(fields, { what: `task '${t.id}'`, keyNoun: 'field' });
  }
  return objectOf(fields, {
    what: `task '${t.id}'`,
    keyNoun: 'field',
    missingHints: { address: `only a service has an address; add \`service: true\` (or \`service: {port: …}\`) to task '${t.id}' if it keeps running for the tasks after it.` },
  });
}

function tasksType(view: PipelineView, which: 'tasks' | 'all'): ExprType {
  return new TasksType(view, which);
}

/** Helper for rules: the `tasks.<id>` a reference points at, with the id's range. */
export function taskReferenced(ref: LocatedReference): { id: string; start: number; end: number } | undefined {
  if (ref.root !== 'tasks' || ref.path.length === 0) return undefined;
  const seg = segmentRange(ref, 1) ?? segmentRange(ref, 0)!;
  return { id: ref.path[0]!, start: seg.start, end: seg.end };
}

export type { MapNode };
