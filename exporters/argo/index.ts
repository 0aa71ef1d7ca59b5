/**
 * Weft → Argo Workflows (v4). One `Workflow` (a `CronWorkflow` with `schedules` when the pipeline
 * has a schedule) whose entrypoint is one DAG template; each task is a template of its own.
 *
 * Values reach templates only as input parameters: every `${{ }}` is translated at the DAG task
 * (where Argo resolves `{{workflow.parameters.x}}`, `{{tasks.t.outputs.parameters.y}}`,
 * `{{item}}`) and handed to the template as `{{inputs.parameters.<n>}}`. That keeps templates
 * self-contained, which is what lets a sub-pipeline become a nested DAG and a fan-out with
 * `parallelism` a wrapper DAG. See docs/exporters.md for the output contract translation.
 */
import { collectReferences } from '../../core/expr';
import { TASK_SECTIONS, type Input, type Output, type Pipeline, type ServiceSpec, type Task, type TriggerRule } from '../../core/model/types';
import { PYTHON_IMAGE, imageOf, readSubPipeline, shellWithEnvRefs } from '../shared';
import type { ExportInput, ExportResult, ExportWarning, Exporter } from '../types';
import { NameMap, dns1123 } from '../names';
import { sectionDependencies } from '../graph';
import { retryPolicyOf } from '../features';
import { dirOf, fnv1a, goDuration, joinPath, parsedTemplate, seconds, toYaml, pythonImports } from '../util';
import { argoTagHazard, outputKind, pyString, secretEnvName, toExprLang, toPython, statusDepends, translateCondition, translateList, translateSequence, translateText, wholeExpr, type ExprCtx, type Translation, type ValueKind } from './expr';
import { OUT_DIR, checkScript, sqlScript, waitFileScript, waitUrlScript, wrapperScript, type PyBinding } from './runners';
import { urlLocation } from './artifacts';
import { capturedOutput, resourceBody } from './resource';
import { PIPELINE_PLATFORM_KEYS, TASK_PLATFORM_KEYS, containerPodFields, deepMerge, isPlainObject, platformPart, templatePodFields, workflowPodFields } from './pod';

type Obj = Record<string, unknown>;
type Section = 'tasks' | 'onFailure' | 'finally';

export const API_VERSION = 'argoproj.io/v1alpha1';
export const MAIN_TEMPLATE = 'main';
export const EXIT_TEMPLATE = 'exit-handler';
const WORK = '/work';
/** The annotation an approval's message is written to (Argo shows a template's description). */
const DESCRIPTION = 'workflows.argoproj.io/description';

/** A value output the task reports through WEFT_OUTPUTS (not read from its own file). */
function reported(o: Output): boolean {
  return o.type !== 'file' && o.type !== 'dir' && o.path === undefined;
}

/** A Weft value as Argo parameter text (strings as they are, the rest as JSON). */
function valueText(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

/** A service's readiness as a Kubernetes probe: an HTTP GET of `ready` on `port`, or a connection to `port`. */
function readinessProbe(s: true | ServiceSpec): Obj | undefined {
  if (s === true || s.port === undefined) return undefined;
  return s.ready !== undefined ? { httpGet: { path: s.ready, port: s.port } } : { tcpSocket: { port: s.port } };
}

/** Where a task's relative path lands in its container; an absolute path is used as is. */
function podPath(workdir: string, path: string): string {
  return path.startsWith('/') ? path : `${WORK}/${joinPath(workdir, path)}`;
}

/** One pipeline file being exported: the main one, or a sub-pipeline inlined as a nested DAG. */
interface Scope {
  pipeline: Pipeline;
  /** Folder of this pipeline file, relative to the main pipeline file's folder. */
  baseDir: string;
  fileName: string;
  /** Prefix of template names (sub-pipelines: `<task>-`). */
  prefix: string;
  paramTag(name: string): string | undefined;
  depth: number;
  /**
   * A sub-pipeline's `finally`: it runs as the exit hook of the DAG task calling the sub-pipeline,
   * so the main outputs it reads come through the nested DAG's outputs and the hook's inputs.
   */
  bridge?: Bridge;
}

/** Main-task outputs a sub-pipeline's finally reads: one output of the nested DAG (and input of the hook) each. */
class Bridge {
  readonly params = new Map<string, { name: string; task: string; output: string }>();
  readonly artifacts = new Map<string, { name: string; task: string; output: string }>();
  private readonly names: NameMap;

  constructor(reserved: string[] = []) {
    this.names = new NameMap('dns1123', reserved);
  }

  /** The input name carrying `tasks.<task>.outputs.<output>` (a file when `file`). */
  get(task: string, output: string, file: boolean): string {
    const m = file ? this.artifacts : this.params;
    const key = `${task}\u0000${output}`;
    let e = m.get(key);
    if (!e) m.set(key, (e = { name: this.names.get(`${task}-${output}`), task, output }));
    return e.name;
  }
}

interface DagResult {
  tasks: Obj[];
  names: NameMap;
}

class ArgoExport {
  readonly warnings: ExportWarning[] = [];
  private readonly seen = new Set<string>();
  readonly templates = new NameMap('dns1123', [MAIN_TEMPLATE, EXIT_TEMPLATE]);
  /** `${task}\0${output}` of main tasks whose value outputs exit handlers read → globalName. */
  readonly globals = new Map<string, string>();
  readonly main: Obj[] = [];
  readonly handlers: Obj[] = [];

  /** The ConfigMap memoized outputs are kept in. */
  readonly cacheConfigMap: string;

  constructor(readonly input: ExportInput) {
    this.cacheConfigMap = `weft-cache-${dns1123(input.pipeline.metadata.name, 40)}`;
  }

  warn(feature: string, task: string | undefined, message: string): void {
    const key = `${feature}\u0000${task ?? ''}\u0000${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.warnings.push(task === undefined ? { feature, message } : { feature, task, message });
  }

  read(path: string): string | undefined {
    return this.input.readFile?.(path);
  }

  /** Warnings for the problems and notes of a translation. */
  report(t: Translation, task: string, where: string): void {
    for (const p of t.problems) this.warn('expressions', task, `${where}: ${p}`);
    for (const n of t.notes) this.warn('expressions', task, n);
  }

  /**
   * The DAG tasks of one section. Leaf templates go to `sink`. `names` are the DAG task names
   * (shared by main tasks and handlers, whose ids are unique across sections).
   */
  dag(scope: Scope, section: Section, names: NameMap, sink: Obj[]): Obj[] {
    const p = scope.pipeline;
    const tasks: Record<string, Task> = p[section] ?? {};
    const deps = sectionDependencies(p, section);
    const ids = Object.keys(tasks);
    for (const id of ids) names.get(id);
    const skippable = this.skippable(p, tasks, deps);
    const out: Obj[] = [];
    for (const id of ids) {
      const task = tasks[id]!;
      const ctx = this.exprCtx(scope, section, names, id, task);
      const leaf = this.leaf(scope, id, task, ctx, sink);
      const entry: Obj = { name: names.get(id), template: leaf.template };
      Object.assign(entry, this.dependsOn(p, id, task, deps.get(id) ?? [], names, skippable));
      if (leaf.hook) entry.hooks = { exit: exitHookOf(leaf.hook, entry.name as string) };
      let when: string | undefined;
      let cond = task.if !== undefined ? wholeExpr(task.if) : undefined;
      const rule = task.trigger ?? p.defaults?.trigger ?? 'all_success';
      if (cond && rule === 'all_done' && section === 'tasks') {
        // After all_done, tests of the dependencies' statuses are what Argo's depends says (Argo's depends is this import's source).
        const own = new Set(deps.get(id) ?? []);
        const sd = statusDepends(cond, (t) => (own.has(t) ? names.get(t) : undefined));
        const mentioned = sd.tasks;
        if (sd.depends.length > 0) {
          const rest = [...own].filter((d) => !mentioned.has(d)).map((d) => `(${['Succeeded', 'Failed', 'Errored', 'Skipped', 'Omitted'].map((r) => `${names.get(d)}.${r}`).join(' || ')})`);
          delete entry.dependencies;
          entry.depends = [...rest, ...sd.depends].map((x) => (sd.depends.length + rest.length > 1 && /\|\|/.test(x) && !/^\(.*\)$/.test(x) ? `(${x})` : x)).join(' && ');
          cond = sd.rest.length === 0 ? undefined : sd.rest.reduce((l, r) => ({ kind: 'binary', op: '&&', left: l, right: r, start: 0, end: 0, opStart: 0, opEnd: 0 }));
        }
      }
      if (task.if !== undefined && (cond !== undefined || wholeExpr(task.if) === undefined)) {
        const e = cond;
        const t = e ? translateCondition(e, ctx) : undefined;
        if (!t || t.problems.length > 0 || !t.text) {
          this.warn('if', id, `the condition ${JSON.stringify(task.if)} is outside what Argo's when can express${t?.problems.length ? ` (${t.problems.join('; ')})` : ''}; the task always runs`);
        } else {
          this.report(t, id, 'if');
          when = t.text;
        }
      }
      if (section === 'onFailure') when = when ? `{{workflow.status}} != Succeeded && (${when})` : '{{workflow.status}} != Succeeded';
      if (when !== undefined) entry.when = when;
      if (task.foreach) this.loop(entry, task, ctx, id);
      const args: Obj = {};
      if (leaf.params.length > 0) args.parameters = leaf.params.map((x) => ({ name: x.name, value: x.value }));
      if (leaf.artifacts.length > 0) args.artifacts = leaf.artifacts;
      if (Object.keys(args).length > 0) entry.arguments = args;
      const placed = task.foreach?.parallelism !== undefined ? this.parallelLoop(scope, id, entry, leaf.outputs, task.foreach.parallelism, sink) : entry;
      // continueOn and raw task settings belong on the task the enclosing DAG sees (the loop wrapper's, if any).
      if (task.allowFailure) placed.continueOn = { failed: true };
      const raw = platformPart(task.platform?.argo, 'task');
      if (raw) deepMerge(placed, raw);
      out.push(placed);
    }
    return out;
  }

  /** Tasks that may end Skipped or Omitted: `if`, a rule that can go unmet, or (all_success) such a dependency. */
  private skippable(p: Pipeline, tasks: Record<string, Task>, deps: Map<string, string[]>): Set<string> {
    const memo = new Map<string, boolean>();
    const visit = (id: string): boolean => {
      const known = memo.get(id);
      if (known !== undefined) return known;
      memo.set(id, false); // a cycle (validation reports it) ends here
      const t = tasks[id]!;
      const rule = t.trigger ?? p.defaults?.trigger ?? 'all_success';
      let s = t.if !== undefined || (rule !== 'all_success' && rule !== 'all_done' && rule !== 'none_failed');
      if (!s && rule === 'all_success') s = (deps.get(id) ?? []).some((d) => visit(d));
      memo.set(id, s);
      return s;
    };
    return new Set(Object.keys(tasks).filter((id) => visit(id)));
  }

  private dependsOn(p: Pipeline, id: string, task: Task, deps: string[], names: NameMap, skippable: Set<string>): Obj {
    if (deps.length === 0) return {};
    const section = p.tasks[id] === task ? p.tasks : p.onFailure?.[id] === task ? p.onFailure : (p.finally ?? {});
    const allowed = (d: string): boolean => section[d]?.allowFailure === true;
    const rule: TriggerRule = task.trigger ?? p.defaults?.trigger ?? 'all_success';
    const n = deps.map((d) => names.get(d));
    // `dependencies` runs after a Skipped dependency too; Weft's all_success does not, so a
    // dependency that may be skipped is spelled out with depends.
    // With `dependencies`, Argo lets a task run after a dependency that failed under continueOn, as allowFailure means.
    if (rule === 'all_success' && !deps.some((d) => skippable.has(d))) return { dependencies: n };
    const any = (d: string, results: string[]): string => (results.length === 1 ? `${d}.${results[0]}` : `(${results.map((r) => `${d}.${r}`).join(' || ')})`);
    const RESULTS: Record<TriggerRule, { results: string[]; join: '&&' | '||' }> = {
      all_success: { results: ['Succeeded'], join: '&&' },
      all_done: { results: ['Succeeded', 'Failed', 'Errored', 'Skipped', 'Omitted'], join: '&&' },
      all_failed: { results: ['Failed', 'Errored'], join: '&&' },
      one_success: { results: ['Succeeded'], join: '||' },
      one_failed: { results: ['Failed', 'Errored'], join: '||' },
      none_failed: { results: ['Succeeded', 'Skipped', 'Omitted'], join: '&&' },
    };
    const r = RESULTS[rule];
    // A failure the dependency was allowed counts as success for the rules that wait for one.
    const results = (d: string): string[] => (allowed(d) && (rule === 'all_success' || rule === 'one_success' || rule === 'none_failed') ? [...r.results, 'Failed'] : r.results);
    return { depends: deps.map((d, i) => any(n[i]!, results(d))).join(` ${r.join} `) };
  }

  private exprCtx(scope: Scope, section: Section, names: NameMap, id: string, task: Task): ExprCtx {
    const p = scope.pipeline;
    const isHandler = section !== 'tasks';
    const own: Record<string, Task> = p[section] ?? {};
    let item: ValueKind | undefined;
    const items = task.foreach?.items;
    if (Array.isArray(items)) item = items.length > 0 && items.every((x) => x && typeof x === 'object' && !Array.isArray(x)) ? 'object' : 'unknown';
    else if (typeof items === 'string') {
      const m = /^\s*\$\{\{\s*params\.([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}\s*$/.exec(items);
      // zip(tasks.<id>.outputs): one object per item of that fan-out.
      const it = m ? p.params?.[m[1]!]?.items?.type : /^\s*\$\{\{\s*zip\(\s*tasks\b[^()]*\.outputs\s*\)\s*\}\}\s*$/.test(items) ? 'object' : undefined;
      item = it === 'integer' || it === 'number' ? 'number' : it === 'string' || it === 'boolean' || it === 'object' || it === 'list' ? it : task.foreach ? 'unknown' : undefined;
    }
    return {
      pipeline: p,
      pipelineName: p.metadata.name,
      fileName: scope.fileName,
      param: (n) => (p.params?.[n] ? scope.paramTag(n) : undefined),
      item,
      handler: isHandler,
      output: (t, o) => {
        const local = own[t];
        const producer = local ?? (isHandler ? p.tasks[t] : undefined);
        const decl = producer?.outputs?.[o];
        if (!producer || !decl) return { problem: `tasks.${t}.outputs.${o} is not declared` };
        const fanOut = !!producer.foreach;
        const bridge = !local ? scope.bridge : undefined;
        if (bridge && decl.type !== 'file' && decl.type !== 'dir') return { tag: `{{inputs.parameters.${bridge.get(t, o, false)}}}`, kind: outputKind(decl.type, fanOut) };
        if (bridge && !fanOut) return { artifact: { task: t, output: o, path: decl.path ?? o, from: `{{inputs.artifacts.${bridge.get(t, o, true)}}}` } };
        if (decl.type === 'file' || decl.type === 'dir') {
          if (fanOut) return { problem: `file output of fan-out task ${t} cannot be passed on Argo (artifacts of a loop are not collected)` };
          // An exit handler reads a main task's file through a global output artifact.
          if (!local) return { artifact: { task: t, output: o, path: decl.path ?? o, from: `{{workflow.outputs.artifacts.${this.globalName(p, t, o)}}}` } };
          return { artifact: { task: t, output: o, path: decl.path ?? o } };
        }
        if (local) return { tag: `{{tasks.${names.get(t)}.outputs.parameters.${o}}}`, kind: outputKind(decl.type, fanOut) };
        // An exit handler reads a main task's output through a global output parameter.
        return { tag: `{{workflow.outputs.parameters.${this.globalName(p, t, o)}}}`, kind: outputKind(decl.type, fanOut) };
      },
      aggregate: (t) => {
        // Argo aggregates a loop's output parameters, one object per iteration, when the loop is a task of this DAG.
        const shown = `zip(tasks.${t}.outputs)`;
        const task = own[t];
        if (!task) return { problem: `${shown}: Argo aggregates outputs only of a loop in the same DAG` };
        if (!task.foreach) return { problem: `${shown}: ${t} is not a fan-out task, and Argo aggregates outputs only of a loop` };
        if (task.foreach.parallelism !== undefined) return { problem: `${shown}: ${t} runs in a parallelism wrapper, which passes on each output's list but not the aggregated parameters` };
        const outs = Object.values(task.outputs ?? {});
        if (outs.length === 0 || outs.some((o) => o.type === 'file' || o.type === 'dir')) return { problem: `${shown}: Argo's aggregated parameters hold value outputs only, and ${t} has ${outs.length === 0 ? 'none' : 'file outputs'}` };
        return { tag: `{{tasks.${names.get(t)}.outputs.parameters}}` };
      },
      taskName: (t) => (own[t] ? names.get(t) : undefined),
      status: (t) => (own[t] ? { tag: `{{tasks.${names.get(t)}.status}}` } : { problem: `tasks.${t}.status is not available in an exit handler` }),
      node: (t, field) => {
        const shown = `tasks.${t}.${field === 'ip' ? 'address' : field}`;
        if (!own[t]) return { problem: `${shown} is not available in an exit handler` };
        if (own[t]!.foreach) return { problem: `${shown} of a fan-out task has no Argo equivalent` };
        return { tag: `{{tasks.${names.get(t)}.${field}}}` };
      },
    };
  }

  /**
   * The global name a main task's output is published under, for the exit handler to read it
   * (the output's own `platform.argo` globalName, when it has one).
   */
  private globalName(p: Pipeline, task: string, output: string): string {
    const key = `${task}\u0000${output}`;
    let g = this.globals.get(key);
    if (!g) {
      const own = platformPart(platformPart(p.tasks[task]?.platform?.argo, 'outputs'), output)?.globalName;
      this.globals.set(key, (g = typeof own === 'string' ? own : `${dns1123(task)}-${output}`));
    }
    return g;
  }

  private loop(entry: Obj, task: Task, ctx: ExprCtx, id: string): void {
    const items = task.foreach!.items;
    if (Array.isArray(items)) {
      const walk = (v: unknown): unknown => {
        if (typeof v === 'string') {
          const t = translateText(v, ctx, false);
          this.report(t, id, 'foreach.items');
          return t.text;
        }
        if (Array.isArray(v)) return v.map(walk);
        if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
        return v;
      };
      entry.withItems = items.map(walk);
      return;
    }
    const e = wholeExpr(items);
    const seq = e ? translateSequence(e, ctx) : undefined;
    if (seq && 'sequence' in seq) {
      this.report(seq.t, id, 'foreach.items');
      entry.withSequence = seq.sequence;
      return;
    }
    const r = seq ?? (e ? translateList(e, ctx) : { problem: 'foreach.items is not one expression' });
    if ('items' in r) entry.withItems = r.items;
    else if ('param' in r) {
      this.report(r.t, id, 'foreach.items');
      entry.withParam = r.param;
    } else {
      this.warn('foreach', id, `${r.problem}; the task runs once over an empty list`);
      entry.withItems = [];
    }
  }

  /**
   * Argo limits a loop's parallelism only through the template the loop runs in, so a fan-out
   * with `parallelism` becomes a small DAG template (parallelism: n) holding the loop. What the
   * inner task read from the outer DAG (`{{tasks.…}}`, `{{inputs.…}}`) is passed in as the
   * wrapper's inputs; the loop's collected outputs come back as the wrapper's outputs.
   */
  private parallelLoop(scope: Scope, id: string, inner: Obj, outputs: { name: string; global?: string }[], parallelism: number, sink: Obj[]): Obj {
    const name = this.templates.get(`${scope.prefix}${id}-loop`);
    const params: Obj[] = [];
    const arts: Obj[] = [];
    const outerParams: Obj[] = [];
    const outerArts: Obj[] = [];
    const tokens = new Map<string, string>();
    const thread = (s: string): string =>
      s.replace(/\{\{(?:tasks|inputs)\.[^{}]*\}\}/g, (tok) => {
        let n = tokens.get(tok);
        if (!n) {
          n = `r_${tokens.size}`;
          tokens.set(tok, n);
          params.push({ name: n });
          outerParams.push({ name: n, value: tok });
        }
        return `{{inputs.parameters.${n}}}`;
      });
    const innerTask: Obj = { name: inner.name, template: inner.template };
    if (inner.hooks !== undefined) innerTask.hooks = inner.hooks; // a sub-pipeline's finally runs per iteration, as each run of it would
    const outer: Obj = { name: inner.name, template: name };
    for (const k of ['dependencies', 'depends']) if (inner[k] !== undefined) outer[k] = inner[k];
    if (typeof inner.when === 'string') {
      if (inner.when.includes('{{item')) innerTask.when = thread(inner.when);
      else outer.when = inner.when;
    }
    if (inner.withItems !== undefined) innerTask.withItems = JSON.parse(thread(JSON.stringify(inner.withItems)));
    if (inner.withSequence !== undefined) innerTask.withSequence = JSON.parse(thread(JSON.stringify(inner.withSequence)));
    if (typeof inner.withParam === 'string') innerTask.withParam = thread(inner.withParam);
    const args = inner.arguments as { parameters?: { name: string; value: string }[]; artifacts?: { name: string; from: string }[] } | undefined;
    if (args) {
      const a: Obj = {};
      if (args.parameters) a.parameters = args.parameters.map((x) => ({ name: x.name, value: thread(x.value) }));
      if (args.artifacts) {
        a.artifacts = args.artifacts.map((x, i) => {
          const n = `a_${i}`;
          arts.push({ name: n });
          outerArts.push({ name: n, from: x.from });
          return { name: x.name, from: `{{inputs.artifacts.${n}}}` };
        });
      }
      innerTask.arguments = a;
    }
    const template: Obj = { name };
    const ins: Obj = {};
    if (params.length > 0) ins.parameters = params;
    if (arts.length > 0) ins.artifacts = arts;
    if (Object.keys(ins).length > 0) template.inputs = ins;
    if (outputs.length > 0) {
      template.outputs = {
        parameters: outputs.map((o) => ({ name: o.name, ...(o.global ? { globalName: o.global } : {}), valueFrom: { parameter: `{{tasks.${inner.name as string}.outputs.parameters.${o.name}}}` } })),
      };
    }
    template.parallelism = parallelism;
    template.dag = { tasks: [innerTask] };
    sink.push(template);
    if (outerParams.length > 0 || outerArts.length > 0) {
      const a: Obj = {};
      if (outerParams.length > 0) a.parameters = outerParams;
      if (outerArts.length > 0) a.artifacts = outerArts;
      outer.arguments = a;
    }
    return outer;
  }

  /** One task's template (pushed to `sink`) and what its DAG task passes it. */
  private leaf(
    scope: Scope,
    id: string,
    task: Task,
    ctx: ExprCtx,
    sink: Obj[],
  ): { template: string; params: Obj[]; artifacts: Obj[]; outputs: { name: string; global?: string }[]; hook?: ExitHook } {
    const name = this.templates.get(`${scope.prefix}${id}`);
    const approval = task.type === 'wait' && task.approval !== undefined;
    // An approval's outputs are also its input parameters (what Argo's UI offers): generated names avoid them.
    const b = new TemplateInputs(this, ctx, id, [...Object.keys(task.inputs ?? {}), ...(approval ? Object.keys(task.outputs ?? {}) : [])]);
    const argo = task.platform?.argo;
    this.checkPlatformKeys(argo, TASK_PLATFORM_KEYS, id);
    const p = scope.pipeline;
    const d = p.defaults ?? {};
    const workdir = joinPath(scope.baseDir, task.workdir ?? '');
    const workingDir = workdir ? `${WORK}/${workdir}` : WORK;
    const template: Obj = { name };
    const labels = this.labels(task.labels, id);
    if (labels) template.metadata = { labels };
    const outputs: { name: string; global?: string }[] = [];
    let body: Obj;
    let producesOutputs = false;

    if (task.type === 'pipeline') {
      const nested = this.subPipeline(scope, id, task, ctx, b, name, sink, outputs);
      const retry = this.retryStrategy(p, task, id);
      if (retry) nested.retryStrategy = retry;
      const timeout = seconds(task.timeout ?? d.timeout);
      if (timeout !== undefined) nested.activeDeadlineSeconds = timeout;
      if (task.inputs || task.kubernetes) this.warn('task.pipeline', id, 'inputs and kubernetes settings of a sub-pipeline task are not exported (its own tasks carry theirs)');
      const rawTemplate = platformPart(argo, 'template');
      if (rawTemplate) deepMerge(nested, rawTemplate);
      sink.push(nested);
      const hook = this.exitHooks.get(nested);
      return { template: name, params: b.params, artifacts: b.artifactArgs, outputs, ...(hook ? { hook } : {}) };
    }

    switch (task.type) {
      case 'python':
      case 'node':
      case 'shell': {
        const program = this.program(scope, id, task, workdir, b);
        const collect = Object.values(task.outputs ?? {}).some((o) => reported(o));
        const image = imageOf(task, d);
        body = { script: this.container(image, ['sh'], task.type === 'shell' ? [] : (task.args ?? []), workingDir, task, b, p, wrapperScript(program, collect)) };
        producesOutputs = true;
        break;
      }
      case 'container': {
        const command = (task.command ?? []).map((c, i) => b.text(`cmd_${i}`, c, true, 'command'));
        const c = this.container(task.image, command, task.args ?? [], workingDir, task, b, p);
        body = { container: c };
        producesOutputs = true;
        if (Object.values(task.outputs ?? {}).some((o) => reported(o))) {
          this.warn('outputs.values', id, `a container task is not wrapped: the image must write each value output without a path to ${OUT_DIR}/<name> itself (WEFT_OUTPUTS lines are not converted without a shell)`);
        }
        break;
      }
      case 'check': {
        const bs: PyBinding[] = [];
        const bind = b.binder(bs);
        const asserts: { python: string; source: string }[] = [];
        for (const a of task.assert) {
          const e = wholeExpr(a);
          const t = e ? toPython(e, ctx, bind) : undefined;
          if (!t || t.problems.length > 0) {
            this.warn('task.check', id, `assertion ${JSON.stringify(a)} is not evaluated on Argo${t ? ` (${t.problems.join('; ')})` : ''}`);
            continue;
          }
          this.report(t, id, 'assert');
          asserts.push({ python: t.text, source: e ? a.trim().replace(/^\$\{\{\s*|\s*\}\}$/g, '') : a });
        }
        body = { script: this.container(task.image ?? PYTHON_IMAGE, ['python3'], [], workingDir, task, b, p, checkScript(bs, asserts, task.message, pyString)) };
        break;
      }
      case 'wait': {
        if (task.approval !== undefined) {
          // Resuming the suspended step supplies the outputs (below); the message is the step's description.
          body = { suspend: {} };
          const message = task.approval === true ? undefined : task.approval.message;
          if (message !== undefined) template.metadata = { ...((template.metadata as Obj | undefined) ?? {}), annotations: { [DESCRIPTION]: b.text('message', message, false, 'approval.message') } };
          break;
        }
        if (task.delay !== undefined) {
          body = { suspend: { duration: String(seconds(task.delay) ?? 0) } };
          break;
        }
        const interval = seconds(task.interval) ?? 30;
        if (task.url !== undefined) {
          const url = [{ name: 'WEFT_URL', value: b.text('url', task.url, true, 'url') }];
          body = { script: this.container(task.image ?? PYTHON_IMAGE, ['python3'], [], workingDir, task, b, p, waitUrlScript(interval), url) };
        } else if (task.file !== undefined) {
          const pattern = [{ name: 'WEFT_PATTERN', value: b.text('pattern', task.file, true, 'file') }];
          body = { script: this.container(task.image ?? PYTHON_IMAGE, ['python3'], [], workingDir, task, b, p, waitFileScript(interval), pattern) };
        } else {
          const bs: PyBinding[] = [];
          const e = wholeExpr(task.until ?? '');
          const t = e ? toPython(e, ctx, b.binder(bs)) : undefined;
          const asserts = t && t.problems.length === 0 ? [{ python: t.text, source: (task.until ?? '').trim() }] : [];
          if (asserts.length === 0) this.warn('task.wait.until', id, `the condition ${JSON.stringify(task.until)} is not evaluated on Argo${t ? ` (${t.problems.join('; ')})` : ''}`);
          body = { script: this.container(task.image ?? PYTHON_IMAGE, ['python3'], [], workingDir, task, b, p, checkScript(bs, asserts, 'still waiting', pyString)) };
        }
        break;
      }
      case 'sql': {
        if (/^[a-z][a-z0-9+.-]*:\/\//i.test(task.database)) this.warn('task.sql', id, `the database ${JSON.stringify(task.database)} is a connection URL; the generated step opens SQLite files only`);
        const query = task.file !== undefined ? this.read(joinPath(scope.baseDir, task.workdir ?? '', task.file)) : task.query;
        if (query === undefined) this.warn('scripts', id, `the SQL file ${task.file} was not found; the step will fail`);
        else this.hazard(query, id, 'the SQL text');
        b.raw('query', '/tmp/weft/query.sql', query ?? '');
        const ps = Object.entries(task.params ?? {}).map(([n, v], i) => {
          const e = typeof v === 'string' ? wholeExpr(v) : undefined;
          const ref = e?.kind === 'member' && e.object.kind === 'ident' && e.object.name === 'params' ? p.params?.[e.property]?.type : undefined;
          const kind = typeof v === 'number' || ref === 'integer' || ref === 'number' ? 'number' : typeof v === 'boolean' || ref === 'boolean' ? 'boolean' : e && !ref ? 'unknown' : 'string';
          return { name: n, env: `WEFT_SQL_P${i}`, kind, value: typeof v === 'string' ? b.text(`sql_${i}`, v, true, `params.${n}`) : String(v) };
        });
        const sqlEnv = [{ name: 'WEFT_SQL_DATABASE', value: b.text('database', task.database, true, 'database') }, ...ps.map((x) => ({ name: x.env, value: x.value }))];
        body = { script: this.container(task.image ?? PYTHON_IMAGE, ['python3'], [], workingDir, task, b, p, sqlScript(ps, '/tmp/weft/query.sql', pyString), sqlEnv) };
        break;
      }
      case 'http': {
        const h: Obj = { url: b.text('url', task.url, false, 'url') };
        if (task.method) h.method = task.method;
        const headers = Object.entries(task.headers ?? {}).map(([k, v], i) => {
          const m = /^\s*\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}\s*$/.exec(v);
          if (m) {
            const ref = this.secretRef(m[1]!, id);
            return ref ? { name: k, valueFrom: { secretKeyRef: ref } } : { name: k, value: '' };
          }
          return { name: k, value: b.text(`header_${i}`, v, false, `headers.${k}`) };
        });
        if (headers.length > 0) h.headers = headers;
        if (task.body !== undefined) {
          const walk = (v: unknown, at: string): unknown => {
            if (typeof v === 'string') {
              const t = translateText(v, ctx, false);
              this.report(t, id, at);
              return t.text;
            }
            if (Array.isArray(v)) return v.map((x, i) => walk(x, `${at}[${i}]`));
            if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, `${at}.${k}`)]));
            return v;
          };
          const text = typeof task.body === 'string' ? task.body : JSON.stringify(walk(task.body, 'body'));
          h.body = typeof task.body === 'string' ? b.text('body', text, false, 'body') : b.literalOrParam('body', text);
        }
        const statuses = task.expect?.status;
        const status = statuses?.length ? statuses.map((s) => `response.statusCode == ${s}`).join(' || ') : 'response.statusCode >= 200 && response.statusCode < 300';
        const condition = task.expect?.condition !== undefined ? this.responseCondition(task.expect.condition, id) : undefined;
        // Listed statuses and the condition must both hold; a condition without statuses decides alone.
        if (condition === undefined) h.successCondition = status;
        else if (!statuses?.length) h.successCondition = condition;
        else h.successCondition = `${statuses.length > 1 ? `(${status})` : status} && ${condition}`;
        const timeout = seconds(task.timeout ?? d.timeout);
        if (timeout !== undefined) h.timeoutSeconds = timeout;
        body = { http: h };
        break;
      }
      case 'manifest': {
        body = { resource: resourceBody(task, (hint, value, where) => b.text(hint, value, false, where)) };
        break;
      }
      default:
        body = {};
    }

    // Templates that run a pod (script, container) take files and pod settings; http and suspend do not.
    const pod = 'script' in body || 'container' in body;
    // Outputs.
    const params: Obj[] = [];
    const artifacts: Obj[] = [];
    for (const [o, decl] of Object.entries(task.outputs ?? {})) {
      if (task.type === 'manifest') {
        // A manifest task's outputs are what it captures from the object (validation checks each capture names an output).
        const path = task.capture?.[o];
        if (path === undefined) {
          this.warn('outputs.values', id, `output ${o}: a manifest task reports only the outputs it captures (capture.${o})`);
          continue;
        }
        const global = scope.depth === 0 ? this.globals.get(`${id}\u0000${o}`) : undefined;
        const entry = capturedOutput(o, path, global && task.foreach?.parallelism === undefined ? global : undefined);
        const rawOut = platformPart(platformPart(argo, 'outputs'), o);
        params.push(rawOut ? deepMerge(entry, rawOut) : entry);
        outputs.push(global ? { name: o, global } : { name: o });
        continue;
      }
      if (!producesOutputs && !approval) {
        this.warn('outputs.values', id, `output ${o}: ${task.type} tasks report no outputs on Argo`);
        continue;
      }
      const rawOut = platformPart(platformPart(argo, 'outputs'), o);
      const global = scope.depth === 0 ? this.globals.get(`${id}\u0000${o}`) : undefined;
      if (decl.type === 'file' || decl.type === 'dir') {
        const art: Obj = { name: o, path: podPath(workdir, decl.path ?? o) };
        if (global) art.globalName = global;
        artifacts.push(rawOut ? deepMerge(art, rawOut) : art);
        continue;
      }
      const entry: Obj = { name: o };
      // Behind a parallelism wrapper, the wrapper's collected output carries the global name.
      if (global && task.foreach?.parallelism === undefined) entry.globalName = global;
      if (approval) {
        // The approver supplies it on resuming; the input of the same name offers its default and choices.
        entry.valueFrom = { supplied: {} };
        b.offered(o, decl);
      } else {
        // A value read from its own file, or written there by the wrapper from WEFT_OUTPUTS.
        const vf: Obj = { path: decl.path !== undefined ? podPath(workdir, decl.path) : `${OUT_DIR}/${o}` };
        if (decl.default !== undefined && decl.default !== null) vf.default = b.text(`default_${o}`, valueText(decl.default), false, `outputs.${o}.default`);
        entry.valueFrom = vf;
      }
      params.push(rawOut ? deepMerge(entry, rawOut) : entry);
      outputs.push(global ? { name: o, global } : { name: o });
    }
    const rawInputs = platformPart(argo, 'inputs');
    for (const [n, decl] of Object.entries(task.inputs ?? {})) {
      if (!pod) {
        this.warn('inputs', id, `inputs.${n}: ${task.type} tasks run no container on Argo, so input files are not staged`);
        continue;
      }
      b.declaredInput(n, decl, workdir, platformPart(rawInputs, n));
    }
    for (const k of Object.keys(rawInputs ?? {})) if (!task.inputs?.[k]) this.warn('platform.argo', id, `platform.argo.inputs.${k} names no input of the task; ignored`);
    for (const k of Object.keys(platformPart(argo, 'outputs') ?? {})) if (!task.outputs?.[k]) this.warn('platform.argo', id, `platform.argo.outputs.${k} names no output of the task; ignored`);
    // platform.argo.template may use `${{ }}` (a value only the DAG knows): passed in like any other string.
    // Each expression becomes its own input parameter, so the Argo tags around it (`{{status}}`…) stay template-level.
    const rawTemplate = translateRaw(platformPart(argo, 'template'), (v, i) => {
      const parsed = parsedTemplate(v);
      if (parsed.errors.length > 0) return b.text(`argo_${i}`, v, false, 'platform.argo.template');
      let n = 0;
      return parsed.parts.map((part) => (part.kind === 'text' ? part.text : b.text(`argo_${i}_${n++}`, `\${{${part.source}}}`, false, 'platform.argo.template'))).join('');
    });
    // The cache key reads input parameters, so it is built before they are declared.
    const memo = this.memoize(p, task, id, b, body, artifacts.length > 0);
    const ins = b.inputs();
    if (ins) template.inputs = ins;
    if (params.length + artifacts.length > 0) {
      const outs: Obj = {};
      if (params.length > 0) outs.parameters = params;
      if (artifacts.length > 0) outs.artifacts = artifacts;
      template.outputs = outs;
    }
    const retry = this.retryStrategy(p, task, id);
    if (retry) template.retryStrategy = retry;
    const timeout = seconds(task.timeout ?? d.timeout);
    if (timeout !== undefined && task.type !== 'http') template.activeDeadlineSeconds = timeout;
    if (memo) template.memoize = memo;
    if (pod) templatePodFields(this.input.pipeline.kubernetes, task.kubernetes, template);
    else if (task.kubernetes && Object.keys(task.kubernetes).length > 0) this.warn('kubernetes', id, `${task.type} tasks run no pod on Argo; their kubernetes settings are not exported`);
    if (task.service && pod) {
      // A daemon keeps running while the DAG's later tasks use it; they start once it is ready.
      template.daemon = true;
      const probe = readinessProbe(task.service);
      if (probe) ((body.script ?? body.container) as Obj).readinessProbe = probe;
    }
    Object.assign(template, body);
    if (rawTemplate) deepMerge(template, rawTemplate);
    sink.push(template);
    return { template: name, params: b.params, artifacts: b.artifactArgs, outputs };
  }

  /** An http task's `expect.condition` as expr-lang for successCondition, or undefined (warned) when it has none. */
  private responseCondition(condition: string, id: string): string | undefined {
    const e = wholeExpr(condition);
    const t = e ? toExprLang(e) : undefined;
    if (!t || t.problems.length > 0 || !t.text) {
      this.warn('task.http.condition', id, `the condition ${JSON.stringify(condition)} is not evaluated on Argo${t?.problems.length ? ` (${t.problems.join('; ')})` : ''}; only the status is checked`);
      return undefined;
    }
    return t.text;
  }

  /** The command that runs a python/node/shell task, embedding its files as raw input artifacts. */
  private program(scope: Scope, id: string, task: Task & { type: 'python' | 'node' | 'shell' }, workdir: string, b: TemplateInputs): string[] {
    if (task.type === 'shell') {
      const run = shellWithEnvRefs(task.run, (env, n, expression) => {
        b.envFromBinding.push({ name: env, value: b.text(`run_${n}`, expression, true, 'run') });
      });
      this.hazard(run, id, 'the shell command');
      b.raw('run', '/tmp/weft/run.sh', run);
      return [task.shell ?? 'bash', '/tmp/weft/run.sh'];
    }
    const interpreter = task.type === 'python' ? 'python3' : 'node';
    if (task.code !== undefined) {
      const path = `/tmp/weft/code.${task.type === 'python' ? 'py' : 'js'}`;
      this.hazard(task.code, id, 'the inline code');
      b.raw('code', path, task.code);
      return [interpreter, path];
    }
    const script = task.script ?? '';
    const rel = joinPath(workdir, script);
    const text = this.read(rel);
    if (text === undefined) {
      this.warn('scripts', id, `the script ${script} was not found, so it is not embedded; the image must provide ${WORK}/${rel}`);
    } else {
      this.hazard(text, id, `the script ${script}`);
      b.raw('script', `${WORK}/${rel}`, text);
      if (task.type === 'python') this.pythonModules(dirOf(rel), text, b, id, new Set([rel]));
    }
    return [interpreter, script];
  }

  /** Local modules a Python script imports from its own folder (`import weft_io`), embedded too. */
  private pythonModules(dir: string, text: string, b: TemplateInputs, id: string, done: Set<string>): void {
    for (const n of pythonImports(text)) {
      const rel = joinPath(dir, `${n}.py`);
      if (done.has(rel) || done.size > 20) continue;
      const mod = this.read(rel);
      if (mod === undefined) continue;
      done.add(rel);
      this.hazard(mod, id, `the module ${rel}`);
      b.raw(`module_${n}`, `${WORK}/${rel}`, mod);
      this.pythonModules(dir, mod, b, id, done);
    }
  }

  private hazard(text: string, id: string, what: string): void {
    if (argoTagHazard(text)) this.warn('scripts', id, `${what} contains '{{' followed by a name Argo substitutes (inputs, tasks, workflow, item, …); Argo will try to replace it`);
  }

  /** A container (also the base of a script template). */
  private container(image: string, command: string[], args: (string | number | boolean)[], workingDir: string, task: Task, b: TemplateInputs, p: Pipeline, source?: string, extraEnv: Obj[] = []): Obj {
    const c: Obj = { image };
    if (command.length > 0) c.command = command;
    if (args.length > 0) c.args = args.map((a, i) => (typeof a === 'string' ? b.text(`arg_${i}`, a, true, `args[${i}]`) : String(a)));
    c.workingDir = workingDir;
    const env = [...extraEnv, ...this.env(p, task, b)];
    if (env.length > 0) c.env = env;
    const res = this.resources(task.resources ?? p.defaults?.resources);
    if (res) c.resources = res;
    containerPodFields(this.input.pipeline.kubernetes, task.kubernetes, c);
    if (source !== undefined) c.source = source;
    return c;
  }

  private env(p: Pipeline, task: Task, b: TemplateInputs): Obj[] {
    const merged: Record<string, string> = { ...(p.env ?? {}), ...(task.env ?? {}) };
    const list: Obj[] = [];
    for (const [k, v] of Object.entries(merged)) {
      const m = /^\s*\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}\s*$/.exec(String(v));
      if (m) {
        const ref = this.secretRef(m[1]!, b.task);
        if (ref) list.push({ name: k, valueFrom: { secretKeyRef: ref } });
        continue;
      }
      list.push({ name: k, value: b.text(`env_${k}`, String(v), true, `env.${k}`) });
    }
    // Secrets used inside text are expanded by Kubernetes from variables defined first.
    const secretVars = [...b.secrets].sort().flatMap((s) => {
      const ref = this.secretRef(s, b.task);
      return ref ? [{ name: secretEnvName(s), valueFrom: { secretKeyRef: ref } }] : [];
    });
    return [...secretVars, ...b.envFromBinding, ...list];
  }

  secretRef(name: string, task: string): { name: string; key: string } | undefined {
    const s = this.input.pipeline.secrets?.[name];
    if (!s?.kubernetes) {
      this.warn('secrets', task, `secret ${name} has no kubernetes reference (secrets.${name}.kubernetes), so it is not set on Argo`);
      return undefined;
    }
    return { name: s.kubernetes.name, key: s.kubernetes.key };
  }

  private resources(r: Task['resources']): Obj | undefined {
    if (!r) return undefined;
    const requests: Obj = {};
    if (r.cpu !== undefined) requests.cpu = String(r.cpu);
    if (r.memory !== undefined) requests.memory = r.memory;
    const out: Obj = {};
    if (Object.keys(requests).length > 0) out.requests = requests;
    if (r.gpu) out.limits = { 'nvidia.com/gpu': String(r.gpu) };
    return Object.keys(out).length > 0 ? out : undefined;
  }

  private retryStrategy(p: Pipeline, task: Task, id: string): Obj | undefined {
    const r = retryPolicyOf(p, task);
    if (!r) return undefined;
    const out: Obj = { limit: String(r.limit) };
    const delay = r.delay !== undefined ? goDuration(r.delay) : undefined;
    if (delay !== undefined) {
      const backoff: Obj = { duration: delay, factor: r.backoff === 'exponential' || r.backoff === 'linear' ? 2 : 1 };
      if (r.maxDelay !== undefined) backoff.cap = goDuration(r.maxDelay);
      out.backoff = backoff;
    } else if (r.backoff === 'linear' || r.backoff === 'exponential' || r.maxDelay !== undefined) {
      this.warn('retries', id, 'a backoff without delay: retries start at once');
    }
    return out;
  }

  private memoize(p: Pipeline, task: Task, id: string, b: TemplateInputs, body: Obj, files: boolean): Obj | undefined {
    const cache = task.cache ?? p.defaults?.cache;
    if (!cache) return undefined;
    if (!('script' in body) && !('container' in body)) {
      this.warn('cache', id, `${task.type} tasks are not cached on Argo`);
      return undefined;
    }
    if (files) this.warn('cache', id, 'memoize keeps output parameters only: a cached run does not restore file outputs');
    const keyParts: string[] = [];
    if (typeof cache === 'object') (cache.key ?? []).forEach((k, i) => keyParts.push(b.text(`key_${i}`, k, false, `cache.key[${i}]`)));
    // The key: the template's definition plus every input it receives, hashed by Argo (sprig).
    const inputs = [...b.params.map((x) => `inputs.parameters.${x.name as string}`), ...keyParts.filter((k) => !k.startsWith('{{')).map((k) => JSON.stringify(k))];
    const c = (body.script ?? body.container) as { image: string; command?: string[]; args?: string[]; source?: string };
    const defHash = fnv1a([c.image, ...(c.command ?? []), '', ...(c.args ?? []), '', c.source ?? '', ...b.raws.map((r) => (r.raw as { data: string }).data)].join('\u0000'));
    const expr = inputs.length > 0 ? `{{=sprig.sha256sum(${["'" + defHash + "'", ...inputs].join(" + '|' + ")})}}` : `weft-${defHash}`;
    const ttl = typeof cache === 'object' && cache.ttl ? goDuration(cache.ttl) : undefined;
    return { key: expr, maxAge: ttl ?? '87600h', cache: { configMap: { name: this.cacheConfigMap } } };
  }

  /** A sub-pipeline inlined as a nested DAG template with the sub-pipeline's params as inputs. */
  private subPipeline(scope: Scope, id: string, task: Task & { type: 'pipeline' }, ctx: ExprCtx, b: TemplateInputs, name: string, sink: Obj[], collected: { name: string; global?: string }[]): Obj {
    const { path, pipeline: sub, tooDeep } = readSubPipeline(this.input, scope.baseDir, scope.depth, task);
    if (!sub) {
      this.warn('task.pipeline', id, `the sub-pipeline ${task.pipeline} could not be read${tooDeep ? ' (nested too deeply)' : ''}; the step fails with a message`);
      return { name, container: { image: 'alpine:3.20', command: ['sh', '-c', `echo ${JSON.stringify(`sub-pipeline ${task.pipeline} was not exported`)} >&2; exit 1`] } };
    }
    for (const k of ['schedule', 'triggers', 'onFailure', 'timeout', 'kubernetes'] as const) {
      if (sub[k] !== undefined) this.warn('task.pipeline', id, `${k} of the sub-pipeline ${task.pipeline} applies only when it runs on its own; not exported`);
    }
    if (sub.concurrency?.runs !== undefined) this.warn('task.pipeline', id, `concurrency.runs of the sub-pipeline ${task.pipeline} applies only when it runs on its own; not exported`);
    this.checkPlatformKeys(sub.platform?.argo, ['main'], id);
    const nested: Scope = {
      pipeline: sub,
      baseDir: dirOf(path),
      fileName: path,
      prefix: `${name}-`,
      paramTag: (n) => `{{inputs.parameters.${n}}}`,
      depth: scope.depth + 1,
    };
    const names = new NameMap('dns1123');
    const tasks = this.dag(nested, 'tasks', names, sink);
    const params: Obj[] = [];
    for (const [n, decl] of Object.entries(sub.params ?? {})) {
      const entry: Obj = { name: n };
      if (decl.default !== undefined) entry.default = this.paramValue(decl.default, nested, id);
      params.push(entry);
    }
    for (const [n, v] of Object.entries(task.with ?? {})) {
      const text = typeof v === 'string' ? v : JSON.stringify(v);
      const t = typeof v === 'string' ? translateText(text, ctx, false) : { text, problems: [], artifacts: [], secrets: [], notes: [] };
      this.report(t, id, `with.${n}`);
      if (t.artifacts.length > 0) this.warn('task.pipeline', id, `with.${n} passes a file output; the sub-pipeline receives its path only, not the file`);
      b.params.push({ name: n, value: t.text });
    }
    const template: Obj = { name };
    if (params.length > 0) template.inputs = { parameters: params };
    // The nested DAG is the sub-pipeline's main template: its task limit and platform.argo.main apply to it.
    if (sub.concurrency?.tasks !== undefined) template.parallelism = sub.concurrency.tasks;
    template.dag = { tasks };
    const rawMain = platformPart(sub.platform?.argo, 'main');
    if (rawMain) deepMerge(template, rawMain);
    const outs = this.calledOutputs(nested, names, id, task, scope.depth, collected);
    if (outs) template.outputs = outs;
    if (sub.finally && Object.keys(sub.finally).length > 0) this.exitHooks.set(template, this.subFinally(nested, id, names, template, sink));
    return template;
  }

  /**
   * The outputs of a sub-pipeline its calling task declares → the nested DAG template's outputs:
   * a value as `valueFrom.parameter` (the tag its expression reads, e.g. a loop's aggregated
   * list), a file as an artifact `from` the task that wrote it. A fan-out calling task's value
   * outputs are Argo's aggregated lists (`collected`, for a parallelism wrapper to pass on).
   */
  private calledOutputs(nested: Scope, names: NameMap, id: string, task: Task & { type: 'pipeline' }, depth: number, collected: { name: string; global?: string }[]): Obj | undefined {
    const sub = nested.pipeline;
    const rawOuts = platformPart(task.platform?.argo, 'outputs');
    const params: Obj[] = [];
    const artifacts: Obj[] = [];
    for (const [o, decl] of Object.entries(task.outputs ?? {})) {
      const own = sub.outputs?.[o];
      if (!own) {
        this.warn('outputs.pipeline', id, `output ${o}: the sub-pipeline ${task.pipeline} has no output ${o}; tasks reading tasks.${id}.outputs.${o} get nothing on Argo`);
        continue;
      }
      const file = own.type === 'file' || own.type === 'dir';
      if (file !== (decl.type === 'file' || decl.type === 'dir')) {
        this.warn('outputs.pipeline', id, `output ${o} is declared ${decl.type}, but the sub-pipeline ${task.pipeline} reports a ${own.type}; not passed on Argo`);
        continue;
      }
      const value = this.outputValue(nested, names, own.value, file, `output ${o} of the sub-pipeline ${task.pipeline}`, id);
      if (!value) continue;
      const global = depth === 0 ? this.globals.get(`${id}\u0000${o}`) : undefined;
      const entry: Obj = { name: o, ...(global && task.foreach?.parallelism === undefined ? { globalName: global } : {}), ...value };
      const raw = platformPart(rawOuts, o);
      if (raw) deepMerge(entry, raw);
      if (file) {
        if (task.foreach) this.warn('outputs.pipeline', id, `output ${o}: a file of each run of a fan-out sub-pipeline cannot be collected on Argo (artifacts of a loop are not aggregated)`);
        artifacts.push(entry);
      } else {
        params.push(entry);
        collected.push(global ? { name: o, global } : { name: o });
      }
    }
    for (const k of Object.keys(rawOuts ?? {})) if (!task.outputs?.[k]) this.warn('platform.argo', id, `platform.argo.outputs.${k} names no output of the task; ignored`);
    if (params.length + artifacts.length === 0) return undefined;
    return { ...(params.length > 0 ? { parameters: params } : {}), ...(artifacts.length > 0 ? { artifacts } : {}) };
  }

  /**
   * A pipeline output's value (one `${{ }}` over the tasks of `scope`) as what a DAG template's
   * output takes: `valueFrom.parameter` (one tag of the DAG's scope, with the fallback of a
   * `default()` as its default) or an artifact's `from`; undefined (warned) otherwise.
   */
  outputValue(scope: Scope, names: NameMap, value: string, file: boolean, what: string, task?: string): Obj | undefined {
    const ctx = this.exprCtx(scope, 'tasks', names, '', {} as Task);
    const fail = (why: string): undefined => {
      this.warn('outputs.pipeline', task, `${what}: ${why}; not exported`);
      return undefined;
    };
    if (file) {
      const e = wholeExpr(value);
      const path = e ? collectReferences(e) : [];
      const ref = path.length === 1 && path[0]!.start === e!.start && path[0]!.end === e!.end ? path[0]! : undefined;
      if (!ref || ref.root !== 'tasks' || ref.path.length !== 3 || ref.path[1] !== 'outputs') return fail(`${JSON.stringify(value)} is not one tasks.<id>.outputs.<name> reference`);
      const [t, , o] = ref.path as string[];
      const r = ctx.output(t!, o!);
      if ('problem' in r) return fail(r.problem);
      if (!('artifact' in r)) return fail(`tasks.${t}.outputs.${o} is not a file or dir output`);
      return { from: r.artifact.from ?? `{{tasks.${names.get(t!)}.outputs.artifacts.${o}}}` };
    }
    const tr = translateText(value, ctx, false, true);
    if (tr.problems.length > 0) return fail(tr.problems.join('; '));
    if (tr.artifacts.length > 0) return fail('it reads a file output (a value output passes a value)');
    // Argo resolves a DAG output from one variable of the DAG's scope: a task's output (or the aggregate of a loop's) or a global one.
    if (!/^\{\{(tasks|workflow)\.[^{}]+\}\}$/.test(tr.text)) return fail(`Argo sets a DAG template's output from one task output, and ${JSON.stringify(value)} is ${JSON.stringify(tr.text)} there`);
    return { valueFrom: { parameter: tr.text, ...(tr.fallback !== undefined ? { default: tr.fallback } : {}) } };
  }

  /** Nested DAG templates of sub-pipelines with a `finally` → the exit hook their calling task gets. */
  private readonly exitHooks = new Map<Obj, ExitHook>();

  /**
   * A sub-pipeline's `finally` → an exit-handler DAG template, run as the exit hook of the task
   * calling the sub-pipeline: Argo runs it after the nested DAG whatever its result, the nested
   * DAG keeps its own result (a failed main task fails it), and tasks after the calling task wait
   * for the hook. Main outputs the handlers read become outputs of the nested DAG and inputs of
   * the hook.
   */
  private subFinally(nested: Scope, id: string, mainNames: NameMap, template: Obj, sink: Obj[]): ExitHook {
    const outs0 = (template.outputs as { parameters?: Obj[]; artifacts?: Obj[] } | undefined) ?? {};
    const bridge = new Bridge([...(outs0.parameters ?? []), ...(outs0.artifacts ?? [])].map((x) => String(x.name)));
    const handlers = this.dag({ ...nested, bridge }, 'finally', new NameMap('dns1123'), sink);
    const name = this.templates.get(`${nested.prefix}finally`);
    const fin: Obj = { name };
    const params = [...bridge.params.values()];
    const arts = [...bridge.artifacts.values()];
    const ins: Obj = {};
    if (params.length > 0) ins.parameters = params.map((x) => ({ name: x.name }));
    if (arts.length > 0) ins.artifacts = arts.map((x) => ({ name: x.name }));
    if (Object.keys(ins).length > 0) fin.inputs = ins;
    fin.dag = { tasks: handlers };
    sink.push(fin);
    const outs: Obj = {};
    if (params.length > 0) outs.parameters = params.map((x) => ({ name: x.name, valueFrom: { parameter: `{{tasks.${mainNames.get(x.task)}.outputs.parameters.${x.output}}}` } }));
    if (arts.length > 0) outs.artifacts = arts.map((x) => ({ name: x.name, from: `{{tasks.${mainNames.get(x.task)}.outputs.artifacts.${x.output}}}` }));
    // After the outputs the caller reads (their names are reserved in the bridge).
    const merged: Obj = {};
    for (const k of ['parameters', 'artifacts'] as const) {
      const list = [...(outs0[k] ?? []), ...((outs[k] as Obj[] | undefined) ?? [])];
      if (list.length > 0) merged[k] = list;
    }
    if (Object.keys(merged).length > 0) template.outputs = merged;
    void id;
    return { template: name, params: params.map((x) => x.name), artifacts: arts.map((x) => x.name) };
  }

  /** Warns about `platform.argo` keys the exporter does not merge anywhere. */
  checkPlatformKeys(argo: Record<string, unknown> | undefined, known: readonly string[], task?: string): void {
    for (const [k, v] of Object.entries(argo ?? {})) {
      if (!known.includes(k)) this.warn('platform.argo', task, `platform.argo.${k} is not a key the Argo exporter merges (${known.join(', ')}); ignored`);
      else if (!isPlainObject(v)) this.warn('platform.argo', task, `platform.argo.${k} is not a mapping; ignored`);
    }
  }

  paramValue(v: unknown, scope: Scope, task?: string): string {
    if (typeof v === 'string') {
      if (!v.includes('${{')) return v;
      const ctx: ExprCtx = {
        pipeline: scope.pipeline,
        pipelineName: scope.pipeline.metadata?.name ?? '',
        fileName: scope.fileName,
        param: () => undefined,
        handler: false,
        output: () => ({ problem: 'no task outputs in a param default' }),
        status: () => ({ problem: 'no task status in a param default' }),
      };
      const t = translateText(v, ctx, false);
      for (const p of t.problems) this.warn('params', task, `default ${JSON.stringify(v)}: ${p}`);
      return t.text;
    }
    return valueText(v);
  }

  /** Kubernetes labels: invalid keys or values are sanitised, with a warning. */
  labels(l: Record<string, string> | undefined, task?: string): Record<string, string> | undefined {
    if (!l || Object.keys(l).length === 0) return undefined;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(l)) {
      const key = labelKey(k);
      const value = labelValue(String(v));
      if (key !== k || value !== String(v)) this.warn('labels', task, `label ${JSON.stringify(k)}: ${JSON.stringify(v)} is not a valid Kubernetes label; exported as ${key}: ${JSON.stringify(value)}`);
      out[key] = value;
    }
    return out;
  }
}

const LABEL_PART = (s: string, max: number): string =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '')
    .slice(0, max)
    .replace(/[^A-Za-z0-9]+$/, '');

function labelKey(k: string): string {
  const slash = k.lastIndexOf('/');
  const prefix = slash >= 0 ? k.slice(0, slash) : '';
  const name = LABEL_PART(slash >= 0 ? k.slice(slash + 1) : k, 63) || 'label';
  const p = prefix ? dns1123(prefix.replace(/\./g, '-dot-'), 253).replace(/-dot-/g, '.') : '';
  return p ? `${p}/${name}` : name;
}

function labelValue(v: string): string {
  return LABEL_PART(v, 63);
}

/** What one template receives: input parameters (with the DAG-level values), artifacts, raw files. */
class TemplateInputs {
  /** Input parameters the DAG task passes (`default`: the template's, when the value cannot be resolved). */
  readonly params: { name: string; value: string; default?: string }[] = [];
  /** Input parameters declared in full by the template itself (an approval's offers). */
  private readonly offers: Obj[] = [];
  readonly artifactArgs: { name: string; from: string }[] = [];
  private readonly artifactInputs: Obj[] = [];
  readonly raws: Obj[] = [];
  readonly secrets = new Set<string>();
  private readonly names: NameMap;
  private readonly artifactNames = new Map<string, string>();
  private readonly bound = new Map<string, string>();
  /** Argo text already passed as an input parameter → its name (one parameter per distinct value). */
  private readonly byText = new Map<string, string>();

  constructor(
    private readonly ex: ArgoExport,
    private readonly ctx: ExprCtx,
    readonly task: string,
    /** Names of the task's declared inputs: kept as they are, so generated names avoid them. */
    declared: string[] = [],
  ) {
    this.names = new NameMap('python', declared);
  }

  /** A string field: literal text stays in the template; anything resolved at the DAG becomes an input parameter. */
  text(hint: string, value: string, k8s: boolean, where: string): string {
    const t = translateText(value, this.ctx, k8s, true);
    this.ex.report(t, this.task, where);
    for (const s of t.secrets) this.secrets.add(s);
    for (const a of t.artifacts) this.artifact(a);
    if (!value.includes('${{') && argoTagHazard(value)) this.ex.warn('expressions', this.task, `${where} contains '{{' followed by a name Argo substitutes; Argo will try to replace it`);
    return this.literalOrParam(hint, t.text, t.fallback);
  }

  literalOrParam(hint: string, text: string, fallback?: string): string {
    if (!text.includes('{{')) return text;
    const key = fallback === undefined ? text : `${text}\u0000${fallback}`;
    let name = this.byText.get(key);
    if (name === undefined) {
      name = this.names.get(hint);
      this.byText.set(key, name);
      this.params.push(fallback === undefined ? { name, value: text } : { name, value: text, default: fallback });
    }
    return `{{inputs.parameters.${name}}}`;
  }

  /**
   * An approval's output as the input parameter Argo's UI offers when resuming: its default
   * (passed by the DAG task when it is computed, with the fallback of a `default()` as the
   * parameter's own), choices and description.
   */
  offered(name: string, decl: Output): void {
    const p: Obj = { name };
    if (decl.default !== undefined && decl.default !== null) {
      const text = valueText(decl.default);
      if (text.includes('${{')) {
        const t = translateText(text, this.ctx, false, true);
        this.ex.report(t, this.task, `outputs.${name}.default`);
        this.params.push({ name, value: t.text });
        if (t.fallback !== undefined) p.default = t.fallback;
      } else p.default = text;
    }
    if (decl.enum) p.enum = decl.enum.map(valueText);
    if (decl.description !== undefined) p.description = decl.description;
    this.offers.push(p);
  }

  private artifact(a: { task: string; output: string; path: string; from?: string }): void {
    const key = `${a.task}\u0000${a.output}`;
    if (this.artifactNames.has(key)) return;
    const name = this.names.get(`${a.task}_${a.output}`);
    this.artifactNames.set(key, name);
    const producer = this.ctx.pipeline.tasks[a.task] ?? this.ctx.pipeline.onFailure?.[a.task] ?? this.ctx.pipeline.finally?.[a.task];
    const dir = producer?.workdir ?? '';
    this.artifactInputs.push({ name, path: podPath(dir, a.path) });
    this.artifactArgs.push({ name, from: a.from ?? `{{tasks.${this.ctx.taskName?.(a.task) ?? a.task}.outputs.artifacts.${a.output}}}` });
  }

  /**
   * A declared input (`inputs.<name>`): from another task's file output (an artifact argument of
   * the DAG task), a URL (an artifact location) or inline content (raw); `platform.argo.inputs.<name>`
   * is merged into the artifact last.
   */
  declaredInput(name: string, decl: Input, workdir: string, raw: Obj | undefined): void {
    const art: Obj = { name, path: podPath(workdir, decl.path) };
    const where = `inputs.${name}`;
    if (decl.from !== undefined) {
      const e = wholeExpr(decl.from);
      // One `tasks.<id>.outputs.<name>` path, dotted or bracketed (`tasks['a-b'].outputs.x`).
      const refs = e ? collectReferences(e) : [];
      const path = refs.length === 1 && refs[0]!.start === e!.start && refs[0]!.end === e!.end ? refs[0]! : undefined;
      const ref = path?.root === 'tasks' && path.path.length === 3 && path.path[1] === 'outputs' ? { task: path.path[0]!, output: path.path[2]! } : undefined;
      const r = ref ? this.ctx.output(ref.task, ref.output) : { problem: 'from is not one tasks.<id>.outputs.<name> reference' };
      if (!('artifact' in r)) {
        this.ex.warn('inputs', this.task, `${where}: ${'problem' in r ? r.problem : `tasks.${ref!.task}.outputs.${ref!.output} is not a file or dir output`}; the input is not staged`);
        return;
      }
      this.artifactArgs.push({ name, from: r.artifact.from ?? `{{tasks.${this.ctx.taskName?.(ref!.task) ?? ref!.task}.outputs.artifacts.${ref!.output}}}` });
    } else if (decl.url !== undefined) {
      const loc = urlLocation(decl.url, (hint, value) => this.text(`${name}_${hint}`, value, false, where));
      if ('problem' in loc) {
        this.ex.warn('inputs', this.task, `${where}: ${loc.problem}; the input is not staged`);
        return;
      }
      Object.assign(art, loc.location);
    } else {
      art.raw = { data: this.text(`${name}_content`, decl.content ?? '', false, where) };
    }
    if (decl.optional) art.optional = true;
    if (decl.mode !== undefined) art.mode = decl.mode;
    if (raw) deepMerge(art, raw);
    // An azure:// URL names container and blob but not the storage account Argo needs.
    if (isPlainObject(art.azure) && art.azure.endpoint === undefined) {
      this.ex.warn('inputs', this.task, `${where}: Argo needs the storage account endpoint of an azure:// input (platform.argo.inputs.${name}.azure.endpoint); the input is not staged`);
      return;
    }
    this.declared.push(art);
  }

  private readonly declared: Obj[] = [];

  raw(hint: string, path: string, data: string): void {
    this.raws.push({ name: this.names.get(hint), path, raw: { data } });
  }

  /** For generated Python: each distinct reference becomes an env var holding an input parameter. */
  binder(bs: PyBinding[]): (tag: string, kind: ValueKind) => string {
    return (tag, kind) => {
      let v = this.bound.get(tag);
      if (v) return v;
      v = `v${this.bound.size}`;
      this.bound.set(tag, v);
      const env = `WEFT_V${bs.length}`;
      bs.push({ variable: v, env, kind });
      this.envFromBinding.push({ name: env, value: this.literalOrParam(`v_${bs.length - 1}`, tag) });
      return v;
    };
  }

  readonly envFromBinding: Obj[] = [];

  inputs(): Obj | undefined {
    const out: Obj = {};
    const passed = this.params.filter((p) => !this.offers.some((o) => o.name === p.name)).map((p) => (p.default === undefined ? { name: p.name } : { name: p.name, default: p.default }));
    if (this.offers.length + passed.length > 0) out.parameters = [...this.offers, ...passed];
    const arts = [...this.declared, ...this.raws, ...this.artifactInputs];
    if (arts.length > 0) out.artifacts = arts;
    return Object.keys(out).length > 0 ? out : undefined;
  }
}

export function exportArgo(input: ExportInput): ExportResult {
  const p = input.pipeline;
  const ex = new ArgoExport(input);
  const names = new NameMap('dns1123');
  const root: Scope = {
    pipeline: p,
    baseDir: '',
    fileName: input.fileName,
    prefix: '',
    paramTag: (n) => `{{workflow.parameters.${n}}}`,
    depth: 0,
  };
  // Main task names first (document order), so handlers never take a main task's name.
  for (const section of ['tasks', 'onFailure', 'finally'] as const) for (const id of Object.keys(p[section] ?? {})) names.get(id);
  // Handlers first: they decide which main outputs must be global (workflow.outputs.parameters).
  const handlerTasks = [...ex.dag(root, 'onFailure', names, ex.handlers), ...ex.dag(root, 'finally', names, ex.handlers)];
  const mainTasks = ex.dag(root, 'tasks', names, ex.main);

  const spec: Obj = { entrypoint: MAIN_TEMPLATE };
  const params = Object.entries(p.params ?? {}).map(([n, decl]) => {
    const e: Obj = { name: n };
    if (decl.default !== undefined) e.value = ex.paramValue(decl.default, root);
    if (decl.enum) e.enum = decl.enum.map(valueText);
    if (decl.description) e.description = decl.description;
    return e;
  });
  if (params.length > 0) spec.arguments = { parameters: params };
  if (p.concurrency?.tasks !== undefined) spec.parallelism = p.concurrency.tasks;
  const runs = p.concurrency?.runs;
  if (runs === 1) spec.synchronization = { mutexes: [{ name: dns1123(p.metadata.name) }] };
  else if (runs !== undefined) ex.warn('concurrency.runs', undefined, `a limit of ${runs} runs needs a semaphore backed by a ConfigMap; not exported (runs are not limited)`);
  if (handlerTasks.length > 0) spec.onExit = EXIT_TEMPLATE;
  const runTimeout = seconds(p.timeout);
  if (runTimeout !== undefined) spec.activeDeadlineSeconds = runTimeout;
  const taskPullSecrets = TASK_SECTIONS.flatMap((s) => Object.values(p[s] ?? {}).flatMap((t) => t.kubernetes?.imagePullSecrets ?? []));
  Object.assign(spec, workflowPodFields(p.kubernetes, taskPullSecrets));
  const argo = p.platform?.argo;
  ex.checkPlatformKeys(argo, PIPELINE_PLATFORM_KEYS);
  const mainTemplate: Obj = { name: MAIN_TEMPLATE, dag: { tasks: mainTasks } };
  // The pipeline's own outputs: the entrypoint DAG's outputs (what a caller of the workflow reads).
  const outParams: Obj[] = [];
  const outArts: Obj[] = [];
  for (const [o, decl] of Object.entries(p.outputs ?? {})) {
    const file = decl.type === 'file' || decl.type === 'dir';
    const value = ex.outputValue(root, names, decl.value, file, `output ${o} of the pipeline`);
    if (value) (file ? outArts : outParams).push({ name: o, ...value });
  }
  if (outParams.length + outArts.length > 0) mainTemplate.outputs = { ...(outParams.length > 0 ? { parameters: outParams } : {}), ...(outArts.length > 0 ? { artifacts: outArts } : {}) };
  const rawMain = platformPart(argo, 'main');
  if (rawMain) deepMerge(mainTemplate, rawMain);
  const templates: Obj[] = [mainTemplate, ...ex.main];
  if (handlerTasks.length > 0) templates.push({ name: EXIT_TEMPLATE, dag: { tasks: handlerTasks } }, ...ex.handlers);
  spec.templates = templates;
  const rawSpec = platformPart(argo, 'spec');
  if (rawSpec) deepMerge(spec, rawSpec);

  const annotations: Record<string, string> = {};
  if (p.metadata.description) annotations['workflows.argoproj.io/description'] = p.metadata.description;
  if (p.metadata.owner) annotations['weft.dev/owner'] = p.metadata.owner;
  annotations['weft.dev/source'] = input.fileName;
  annotations['weft.dev/names'] = JSON.stringify(Object.fromEntries(names.mapping()));
  const labels = ex.labels(p.metadata.labels);
  const k8sName = dns1123(p.metadata.name, 52);

  let doc: Obj;
  if (p.schedule) {
    const cron: Obj = { schedules: [p.schedule.cron] };
    if (p.schedule.timezone) cron.timezone = p.schedule.timezone;
    if (runs === 1) cron.concurrencyPolicy = 'Forbid';
    if (labels) cron.workflowMetadata = { labels };
    cron.workflowSpec = spec;
    const rawCron = platformPart(argo, 'cron');
    if (rawCron) deepMerge(cron, rawCron);
    doc = { apiVersion: API_VERSION, kind: 'CronWorkflow', metadata: meta({ name: k8sName }, labels, annotations), spec: cron };
  } else {
    if (platformPart(argo, 'cron')) ex.warn('platform.argo', undefined, 'platform.argo.cron applies to scheduled pipelines only (a CronWorkflow); ignored');
    doc = { apiVersion: API_VERSION, kind: 'Workflow', metadata: meta({ generateName: `${k8sName}-` }, labels, annotations), spec };
  }
  const rawMeta = platformPart(argo, 'metadata');
  if (rawMeta) deepMerge(doc.metadata as Obj, rawMeta);
  const header = `# Generated by \`weft export --target argo\` from ${input.fileName.replace(/[\r\n]+/g, ' ')}. Re-export rather than edit.\n`;
  const content = header + toYaml(doc);
  return { files: [{ path: `${p.metadata.name}.argo.yaml`, content }], warnings: ex.warnings };
}

/** A copy of a platform.argo part with every string holding `${{ }}` translated by `text` (numbered in order). */
function translateRaw(raw: Obj | undefined, text: (value: string, i: number) => string): Obj | undefined {
  if (!raw) return undefined;
  let n = 0;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v.includes('${{') ? text(v, n++) : v;
    if (Array.isArray(v)) return v.map(walk);
    if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(raw) as Obj;
}

/** The exit hook a sub-pipeline's finally becomes: the handler template and the nested DAG outputs it takes. */
interface ExitHook {
  template: string;
  params: string[];
  artifacts: string[];
}

/** `hooks.exit` of the DAG task `task`: its own outputs handed to the handler template. */
function exitHookOf(h: ExitHook, task: string): Obj {
  const out: Obj = { template: h.template };
  const args: Obj = {};
  if (h.params.length > 0) args.parameters = h.params.map((n) => ({ name: n, value: `{{tasks.${task}.outputs.parameters.${n}}}` }));
  if (h.artifacts.length > 0) args.artifacts = h.artifacts.map((n) => ({ name: n, from: `{{tasks.${task}.outputs.artifacts.${n}}}` }));
  if (Object.keys(args).length > 0) out.arguments = args;
  return out;
}

function meta(base: Obj, labels: Record<string, string> | undefined, annotations: Record<string, string>): Obj {
  return { ...base, ...(labels ? { labels } : {}), annotations };
}

export const argoExporter: Exporter = { target: 'argo', extension: 'argo.yaml', export: exportArgo };
