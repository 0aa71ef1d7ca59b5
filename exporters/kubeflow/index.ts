/**
 * Weft → Kubeflow Pipelines v2 IR: a `PipelineSpec` YAML document (the proto3 JSON mapping of
 * ml_pipelines.PipelineSpec, schema 2.1.0) and, when the pipeline needs Kubernetes settings
 * (timeouts, secrets, labels), a second document: the `PlatformSpec`.
 *
 * Each task is a component (`comp-<task>`) with one executor (`exec-<task>`) and a task of the
 * root DAG with the same name. A component sees values only as its inputs, so every reference in
 * the task (a param, an upstream output, the loop item) becomes an input of its component, bound
 * in the DAG (`componentInputParameter`, `taskOutputParameter`, …) and read through a placeholder.
 * python/node/shell/check/sql/http/wait tasks run through a small sh wrapper (runners.ts) that
 * embeds the script, sets up WEFT_OUTPUTS and translates it to KFP's output files afterwards.
 * A fan-out task is a `for-loop` DAG component around the task (parameterIterator,
 * iteratorPolicy); `finally`/`onFailure` use KFP's exit-handler pattern: the main tasks inside an
 * `exit-handler-1` DAG, the handlers after it with ALL_UPSTREAM_TASKS_COMPLETED.
 * What KFP v2 cannot run — manifests, approvals, services, and any task reading a value KFP cannot
 * provide (an exit code, an address, the run duration) — is a step that fails at once, saying why.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Pipeline, Task } from '../../core/model/types';
import { PYTHON_IMAGE, imageOf, readSubPipeline, shellWithEnvRefs } from '../shared';
import type { ExportInput, ExportResult, ExportWarning, Exporter } from '../types';
import { NameMap, dns1123, pythonIdentifier } from '../names';
import { sectionDependencies } from '../graph';
import { retryPolicyOf } from '../features';
import { parseDuration } from '../../core/model/duration';
import { dirOf, joinPath, parsedTemplate, seconds, toYaml, pythonImports } from '../util';
import { checkScript, sqlScript, waitFileScript, waitUrlScript, type PyBinding } from '../argo/runners';
import { pyString, toPython, type ExprCtx, type ValueKind } from '../argo/expr';
import { chain } from '../expr-common';
import { ITEMS_INPUT, ITEM_INPUT, emptyTranslation, kfpArg, paramPlaceholder, paramType, translateCondition, translateItems, translateRef, translateText, unavailableIn, wholeExpr, type ArtifactSource, type KfpCtx, type ParamType, type Source, type Translation } from './expr';
import { HTTP_SCRIPT, WORK, WRAPPER, httpConditionScript, kfpPlaceholderHazard } from './runners';
import { pyExpr, pyHelperImports, pyHelpers, pyMember } from '../python/expr';
import { pyStr } from '../python/source';
import { mergePod, toExecutorConfig } from './kubernetes';
import { PIPELINE_KEYS, TASK_KEYS, deepMerge, kubeflowSettings } from './platform';
import { IMPORTER_SCHEMES, importerNode, importerSpec, isImporterTask } from './importer';

type Obj = Record<string, unknown>;
type Section = 'tasks' | 'onFailure' | 'finally';



export const SCHEMA_VERSION = '2.1.0';
export const SDK_VERSION = 'weft-0.1.0';
export const EXIT_TASK = 'exit-handler-1';
export const WRAPPER_INPUT = 'weft-wrapper';
const ARTIFACT_TYPE = Object.freeze({ schemaTitle: 'system.Artifact', schemaVersion: '0.0.1' });

// Definitions every component repeats are one frozen object each: a 1,000-task export otherwise
// builds (and the garbage collector copies) thousands of identical small objects. platform.kubeflow
// merges copy before writing (deepMerge), so sharing is safe.
const PARAM_DEFS = new Map<string, Obj>();
function paramDef(type: ParamType): Obj {
  let d = PARAM_DEFS.get(type);
  if (!d) PARAM_DEFS.set(type, (d = Object.freeze(type === 'TASK_FINAL_STATUS' ? { isOptional: true, parameterType: type } : { parameterType: type })));
  return d;
}
const ARTIFACT_DEF: Obj = Object.freeze({ artifactType: ARTIFACT_TYPE });
const ARTIFACT_LIST_DEF: Obj = Object.freeze({ artifactType: ARTIFACT_TYPE, isArtifactList: true });
const CACHE_ON: Obj = Object.freeze({ enableCache: true });
const CACHE_OFF: Obj = Object.freeze({ enableCache: false });

const FAILING = new WeakSet<Obj>();
/** The container of a step that cannot run on Kubeflow: it fails at once, saying why. */
function failingContainer(message: string): Obj {
  const c = { image: 'alpine:3.20', command: ['sh', '-c', 'echo "weft: $0" >&2; exit 1', message] };
  FAILING.add(c);
  return c;
}

interface Scope {
  pipeline: Pipeline;
  baseDir: string;
  fileName: string;
  /** Prefix of component names (sub-pipelines: `<task>-`). */
  prefix: string;
  depth: number;
  /** How a param of this pipeline is read inside its DAG. */
  param(name: string): Source | undefined;
  /** How the wrapper text is read inside this DAG (noting that it is needed). */
  wrapper(): Obj;
}

/** The inputs of one component as they are discovered: names, types and DAG bindings. */
class Inputs {
  readonly params = new Map<string, Source>();
  readonly artifacts = new Map<string, Obj>();
  /** Input artifacts that are lists (a fan-out's collected files). */
  readonly lists = new Set<string>();
  private readonly byKey = new Map<string, string>();
  private readonly used = new Set<string>();

  constructor(reserved: string[] = []) {
    for (const r of reserved) this.used.add(r);
  }

  private name(key: string, hint: string): string {
    const known = this.byKey.get(key);
    if (known) return known;
    const base = pythonIdentifier(hint);
    let n = base;
    for (let i = 2; this.used.has(n); i++) n = `${base}_${i}`;
    this.used.add(n);
    this.byKey.set(key, n);
    return n;
  }

  /** An input with a given name (a sub-pipeline's param). */
  fixed(name: string, src: Source): void {
    this.used.add(name);
    this.params.set(name, src);
  }

  /** An input artifact with a given name (a component's own input, `platform.kubeflow.inputs`). */
  fixedArtifact(name: string, binding: Obj, list = false): void {
    this.used.add(name);
    this.artifacts.set(name, binding);
    if (list) this.lists.add(name);
  }

  param(key: string, hint: string, src: Source): string {
    const n = this.name(`p\u0000${key}`, hint);
    this.params.set(n, src);
    return n;
  }

  artifact(key: string, hint: string, binding: Obj): string {
    const n = this.name(`a\u0000${key}`, hint);
    this.artifacts.set(n, binding);
    return n;
  }

  definitions(): Obj | undefined {
    if (this.artifacts.size === 0 && this.params.size === 0) return undefined;
    const out: Obj = {};
    if (this.artifacts.size > 0) {
      const a: Obj = {};
      for (const n of this.artifacts.keys()) a[n] = this.lists.has(n) ? ARTIFACT_LIST_DEF : ARTIFACT_DEF;
      out.artifacts = a;
    }
    if (this.params.size > 0) {
      const p: Obj = {};
      for (const [n, s] of this.params) p[n] = paramDef(s.type);
      out.parameters = p;
    }
    return out;
  }

  bindings(): Obj | undefined {
    if (this.artifacts.size === 0 && this.params.size === 0) return undefined;
    const out: Obj = {};
    if (this.artifacts.size > 0) out.artifacts = Object.fromEntries(this.artifacts);
    if (this.params.size > 0) {
      const p: Obj = {};
      for (const [n, s] of this.params) p[n] = s.binding;
      out.parameters = p;
    }
    return out;
  }
}

/**
 * Unique component and executor names. They are built from task names that are already DNS-1123
 * (`comp-` + a DAG task name), so only the length and uniqueness need care; NameMap's general
 * sanitising (Unicode normalisation, several regexps) was a tenth of a 1,000-task export.
 */
class LabelNames {
  private readonly used: Set<string>;
  constructor(reserved: string[] = []) {
    this.used = new Set(reserved);
  }
  get(base: string): string {
    const valid = base.length <= 63 && isLabel(base) ? base : dns1123(base, 63);
    let name = valid;
    for (let i = 2; this.used.has(name); i++) name = `${valid.slice(0, 63 - `-${i}`.length).replace(/-+$/, '')}-${i}`;
    this.used.add(name);
    return name;
  }
}

/** Whether `s` matches /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, checked by character (once per component and executor). */
function isLabel(s: string): boolean {
  const n = s.length;
  if (n === 0 || s.charCodeAt(0) === 45 || s.charCodeAt(n - 1) === 45) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45)) return false;
  }
  return true;
}

/** The wrapper's options being built for one task. */
class Wrap {
  readonly options: string[] = [];
  file(path: string, text: string): void {
    this.options.push('--file', path, text);
  }
  env(name: string, value: string): void {
    this.options.push('--env', name, value);
  }
}

class KubeflowExport {
  readonly warnings: ExportWarning[] = [];
  /** Warnings given, by feature, then message, then task ('' for none): each is given once. */
  private readonly seen = new Map<string, Map<string, Set<string>>>();
  readonly components: Obj = {};
  readonly executors: Obj = {};
  /** Executor label → KubernetesExecutorConfig (the PlatformSpec). */
  readonly k8s: Obj = {};
  private readonly componentNames = new LabelNames(['comp-exit-handler-1']);
  private readonly executorNames = new LabelNames();
  /** Outputs of main tasks that handlers read, exposed by the exit-handler DAG. */
  readonly exitOutputs: Obj = {};
  readonly exitOutputDefs: Obj = {};
  /** File outputs of main tasks the pipeline's own outputs name, exposed by the exit-handler DAG. */
  readonly exitArtifacts: Obj = {};
  readonly exitArtifactDefs: Obj = {};
  /** What each sub-pipeline task's file reports, by output (undefined: it could not be read), by task. */
  private readonly subReports = new WeakMap<Task, Map<string, Reported> | undefined>();
  /** DAG task names of the main pipeline (shared by all sections: ids are unique across them). */
  readonly names = new NameMap('dns1123', [EXIT_TASK]);
  /** Importer nodes the current task needs (its `inputs.url`), added to its DAG by dag(). */
  importers: { name: string; entry: Obj }[] = [];
  /**
   * The pipeline input holding the wrapper script. Every wrapped executor runs
   * `sh -ec {{$.inputs.parameters['weft-wrapper']}}`: KFP has no shared text, and a copy of the
   * wrapper in each executor made most of a large export (2 of 3 MB for 1,000 tasks).
   */
  readonly wrapperInput: string;
  wrapperUsed = false;

  constructor(readonly input: ExportInput) {
    let n = WRAPPER_INPUT;
    for (let i = 2; input.pipeline.params?.[n]; i++) n = `${WRAPPER_INPUT}-${i}`;
    this.wrapperInput = n;
  }

  warn(feature: string, task: string | undefined, message: string): void {
    // Nested maps rather than one joined key: a key string per call, copied and hashed, added up
    // over thousands of per-task warnings.
    let byMessage = this.seen.get(feature);
    if (!byMessage) this.seen.set(feature, (byMessage = new Map()));
    let tasks = byMessage.get(message);
    if (!tasks) byMessage.set(message, (tasks = new Set()));
    const t = task ?? '';
    if (tasks.has(t)) return;
    tasks.add(t);
    this.warnings.push(task === undefined ? { feature, message } : { feature, task, message });
  }

  report(t: Translation, task: string, where: string): void {
    for (const p of t.problems) this.warn('expressions', task, `${where}: ${p}`);
    for (const n of t.notes) this.warn('expressions', task, n);
  }

  /**
   * One `platform.kubeflow.inputs` entry: a component input named `n`, bound to a constant or to
   * the one value its expression names (a file output becomes an input artifact).
   */
  private componentInput(section: Section, id: string, n: string, v: unknown, ctx: KfpCtx, io: Inputs): void {
    if (typeof v !== 'string' || !v.includes('${{')) {
      const type: ParamType = typeof v === 'number' ? (Number.isInteger(v) ? 'NUMBER_INTEGER' : 'NUMBER_DOUBLE') : typeof v === 'boolean' ? 'BOOLEAN' : Array.isArray(v) ? 'LIST' : v && typeof v === 'object' ? 'STRUCT' : 'STRING';
      io.fixed(n, { binding: { runtimeValue: { constant: v ?? '' } }, type });
      return;
    }
    // A handler's view of the run's outcome is KFP's PipelineTaskFinalStatus of the exit handler.
    if (/^\s*\$\{\{\s*run\.status\s*\}\}\s*$/.test(v) && section !== 'tasks') {
      io.fixed(n, { binding: { taskFinalStatus: { producerTask: EXIT_TASK } }, type: 'TASK_FINAL_STATUS' });
      return;
    }
    const whole = wholeExpr(v);
    const path = whole ? chain(whole) : undefined;
    if (path && path.length === 4 && path[0] === 'tasks' && path[2] === 'outputs' && typeof path[1] === 'string' && typeof path[3] === 'string') {
      const list = ctx.collected?.(path[1], path[3]);
      if (list) {
        io.fixedArtifact(n, list, true);
        return;
      }
    }
    const params: Source[] = [];
    const arts: Obj[] = [];
    const t = translateText(v, { ...ctx, input: (_k, _h, src) => (params.push(src), n), inputArtifact: (_k, _h, b) => (arts.push(b), n) });
    if (t.problems.length === 0 && params.length === 1 && arts.length === 0 && t.text === paramPlaceholder(n)) io.fixed(n, params[0]!);
    else if (t.problems.length === 0 && arts.length === 1 && params.length === 0 && t.copies.length === 1 && t.text === t.copies[0]!.to) io.fixedArtifact(n, arts[0]!);
    else if (t.problems.length === 0 && arts.length === 0) {
      // Text around values (an f-string): KFP fills placeholders in a constant from the task's other inputs.
      const full = translateText(v, ctx);
      io.fixed(n, { binding: { runtimeValue: { constant: full.text } }, type: 'STRING' });
    } else {
      this.warn('platform.kubeflow', id, `platform.kubeflow.inputs.${n}: ${t.problems.length > 0 ? t.problems.join('; ') : 'a file inside text is not passed'}; passed as the text ${JSON.stringify(v)}`);
      io.fixed(n, { binding: { runtimeValue: { constant: v } }, type: 'STRING' });
    }
  }

  /** `platform.kubeflow.executor` / `.kubernetes` merged into the task's executor and its config. */
  private rawExecutor(label: string, raw: { executor?: Obj; kubernetes?: Obj }): string {
    if (raw.executor) deepMerge(this.executors[label] as Obj, raw.executor);
    if (raw.kubernetes) deepMerge((this.k8s[label] ??= {}) as Obj, raw.kubernetes);
    return label;
  }

  componentName(hint: string): string {
    return this.componentNames.get(`comp-${hint}`);
  }

  /** The DAG tasks of one section of a pipeline (root or sub-pipeline). */
  dag(scope: Scope, section: Section, names: NameMap): Obj {
    const p = scope.pipeline;
    const tasks: Record<string, Task> = p[section] ?? {};
    const deps = sectionDependencies(p, section);
    for (const id of Object.keys(tasks)) names.get(id);
    const out: Obj = {};
    const allowed = (d: string): boolean => tasks[d]?.allowFailure === true;
    for (const [id, task] of Object.entries(tasks)) {
      const name = names.get(id);
      this.importers = [];
      const entry = this.task(scope, section, names, id, task, deps.get(id) ?? [], allowed);
      // Importer nodes bringing the task's url inputs in run just before it, in the same DAG.
      for (const imp of this.importers) out[imp.name] = imp.entry;
      out[name] = entry;
    }
    return out;
  }

  private ctx(scope: Scope, section: Section, names: NameMap, id: string, task: Task, io: Inputs, failures: string[]): KfpCtx {
    const p = scope.pipeline;
    const own: Record<string, Task> = p[section] ?? {};
    const handler = section !== 'tasks';
    let item: ParamType | undefined;
    const items = task.foreach?.items;
    if (Array.isArray(items)) item = items.length > 0 && items.every((x) => x && typeof x === 'object' && !Array.isArray(x)) ? 'STRUCT' : itemType(items);
    else if (typeof items === 'string') {
      const m = /^\s*\$\{\{\s*params\.([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}\s*$/.exec(items);
      const it = m ? p.params?.[m[1]!]?.items?.type : undefined;
      item = it ? paramType(it) : 'STRING';
    }
    return {
      pipeline: p,
      pipelineName: p.metadata?.name ?? '',
      fileName: scope.fileName,
      param: (n) => scope.param(n),
      item,
      input: (key, hint, src) => io.param(key, hint, src),
      inputArtifact: (key, hint, binding) => io.artifact(key, hint, binding),
      unavailable: (why) => {
        if (!failures.includes(why)) failures.push(why);
      },
      collected: (t, o) => {
        const producer = own[t];
        const decl = producer?.outputs?.[o];
        if (!producer || !decl) return undefined;
        const file = decl.type === 'file' || decl.type === 'dir';
        if (producer.type === 'pipeline') {
          // A list of files the sub-pipeline reports, or a fan-out's files collected.
          const kind = this.reported(scope.baseDir, scope.depth, producer, o);
          if (!(kind === 'files' && decl.type === 'list') && !(kind === 'file' && file && producer.foreach)) return undefined;
        } else if (!producer.foreach || !file) return undefined;
        return { taskOutputArtifact: { outputArtifactKey: o, producerTask: names.get(t) } };
      },
      output: (t, o) => {
        const local = own[t];
        const producer = local ?? (handler ? p.tasks[t] : undefined);
        const decl = producer?.outputs?.[o];
        if (!producer || !decl) return { problem: `tasks.${t}.outputs.${o} is not declared` };
        if (producer.type === 'pipeline') {
          const kind = this.reported(scope.baseDir, scope.depth, producer, o);
          if (!kind) return { problem: `tasks.${t}.outputs.${o} is not an output the sub-pipeline ${producer.pipeline} reports` };
          if (!accepts(decl.type, kind)) return { problem: `tasks.${t}.outputs.${o} is declared ${decl.type}, but the sub-pipeline ${producer.pipeline} reports ${KIND_TEXT[kind]}` };
          if (kind === 'files') return { problem: `tasks.${t}.outputs.${o} is a list of files, which Kubeflow passes only whole to a platform.kubeflow.inputs entry` };
        }
        if (decl.type === 'file' || decl.type === 'dir') {
          if (!local) return { problem: `file output tasks.${t}.outputs.${o} is not passed to an exit handler on Kubeflow` };
          if (producer.foreach) return { problem: `file output of fan-out task ${t} is not passed on Kubeflow` };
          const artifact: ArtifactSource = { binding: { taskOutputArtifact: { outputArtifactKey: o, producerTask: names.get(t) } }, path: joinPath(producer.workdir ?? '', decl.path ?? o) };
          return { artifact };
        }
        const type: ParamType = producer.foreach ? 'LIST' : paramType(decl.type);
        if (local) return { binding: { taskOutputParameter: { outputParameterKey: o, producerTask: names.get(t) } }, type };
        // A handler reads a main task's output through the exit-handler DAG's outputs.
        const key = `${names.get(t)}-${o}`;
        this.exitOutputs[key] = { valueFromParameter: { outputParameterKey: o, producerSubtask: names.get(t) } };
        this.exitOutputDefs[key] = { parameterType: type };
        return { binding: { taskOutputParameter: { outputParameterKey: key, producerTask: EXIT_TASK } }, type };
      },
    };
  }

  /** One Weft task: its component and executor, and its DAG task (a for-loop DAG around it for foreach). */
  private task(scope: Scope, section: Section, names: NameMap, id: string, task: Task, deps: string[], allowed: (id: string) => boolean): Obj {
    const p = scope.pipeline;
    const d = p.defaults ?? {};
    const name = names.get(id);
    const io = new Inputs([ITEM_INPUT, ITEMS_INPUT]);
    // References KFP cannot provide (exit codes, addresses, the run duration): the step fails.
    const failures: string[] = [];
    const ctx = this.ctx(scope, section, names, id, task, io, failures);
    let execLabel: string | undefined;
    const compName = this.componentName(`${scope.prefix}${name}`);
    const entry: Obj = { taskInfo: { name } };
    let isDag = false;

    const raw = kubeflowSettings(task.platform?.kubeflow, TASK_KEYS);
    for (const k of raw.unknown) this.warn('platform.kubeflow', id, `platform.kubeflow.${k} is not a place in the export (task, component, executor, kubernetes); ignored`);
    for (const k of raw.notObjects) this.warn('platform.kubeflow', id, `platform.kubeflow.${k} is not an object; ignored`);
    if (task.type === 'pipeline') {
      this.subPipeline(scope, id, task, ctx, io, compName);
      if (task.inputs || task.kubernetes) this.warn('task.pipeline', id, 'inputs and kubernetes settings of a sub-pipeline task are not exported (its own tasks carry theirs)');
      isDag = true;
    } else if (isImporterTask(task)) {
      // A task that only brings a URL in as its file output is KFP's own importer node.
      const execLabel = this.executorNames.get(`exec-${scope.prefix}${name}`);
      // Inputs the node's metadata reads by name (placeholders), as for a container.
      const own = task.platform?.kubeflow?.inputs;
      if (own && typeof own === 'object' && !Array.isArray(own)) for (const [n, v] of Object.entries(own)) this.componentInput(section, id, n, v, ctx, io);
      const node = importerNode(task, ctx, io);
      for (const w of node.warnings) this.warn('inputs.url', id, w);
      this.executors[execLabel] = node.executor;
      this.platform(p, task, id, execLabel);
      this.components[compName] = { executorLabel: this.rawExecutor(execLabel, raw.parts), ...node.component, inputDefinitions: io.definitions() };
      // The output artifact has the type the importer declares (platform.kubeflow may set it).
      const typeSchema = ((this.executors[execLabel] as Obj).importer as Obj).typeSchema;
      for (const a of Object.values(((node.component.outputDefinitions as Obj).artifacts ?? {}) as Record<string, Obj>)) a.artifactType = typeSchema;
    } else {
      execLabel = this.executorNames.get(`exec-${scope.prefix}${name}`);
      const container = this.container(scope, section, names, id, task, ctx, io, execLabel);
      this.executors[execLabel] = { container };
      this.platform(p, task, id, execLabel);
      const comp: Obj = { executorLabel: this.rawExecutor(execLabel, raw.parts) };
      const defs = io.definitions();
      if (defs) comp.inputDefinitions = defs;
      const outs = this.outputDefinitions(task, id);
      if (outs) comp.outputDefinitions = outs;
      this.components[compName] = comp;
    }
    if (raw.parts.inputs && task.type !== 'container' && !isImporterTask(task)) this.warn('platform.kubeflow', id, 'platform.kubeflow.inputs: only a container task or an importer node takes component inputs by name; ignored');
    if (isDag && (raw.parts.executor || raw.parts.kubernetes)) this.warn('platform.kubeflow', id, 'platform.kubeflow.executor/kubernetes: a sub-pipeline task has no executor; ignored');

    // The condition reads the task's own inputs, declared on its component now.
    let condition: string | undefined;
    if (task.if !== undefined) {
      const e = wholeExpr(task.if);
      const before = new Set(io.params.keys());
      const failed = failures.length;
      const t = e ? translateCondition(e, ctx) : undefined;
      if (!t || t.problems.length > 0 || !t.text) {
        const outcome = failures.length > failed && execLabel ? 'the step fails at run time' : 'the task always runs';
        this.warn('if', id, `the condition ${JSON.stringify(task.if)} is outside what KFP's triggerPolicy.condition can express${t?.problems.length ? ` (${t.problems.join('; ')})` : ''}; ${outcome}`);
      } else if (task.foreach && [...io.params].some(([n, s]) => !before.has(n) && (s.binding as { componentInputParameter?: string }).componentInputParameter === ITEM_INPUT)) {
        this.warn('if', id, 'a condition on the loop item is not expressible: KFP decides once for the whole loop; the task always runs');
      } else {
        this.report(t, id, 'if');
        condition = t.text;
      }
      // Inputs added for the condition must reach the component's definitions.
      const comp = this.components[compName] as Obj | undefined;
      if (comp && !isDag) {
        const defs = io.definitions();
        if (defs) comp.inputDefinitions = defs;
      } else if (comp) {
        const defs = ((comp.inputDefinitions ??= {}) as Obj);
        const ps = ((defs.parameters ??= {}) as Obj);
        for (const [n, s] of io.params) if (!(n in ps)) ps[n] = { parameterType: s.type };
      }
    }

    entry.componentRef = { name: compName };
    if (task.type !== 'pipeline') entry.cachingOptions = this.caching(p, task, id);
    if (raw.parts.component) deepMerge(this.components[compName] as Obj, raw.parts.component);
    const dependent = deps.map((x) => names.get(x));
    if (section !== 'tasks' && scope.depth === 0) dependent.unshift(EXIT_TASK);
    if (dependent.length > 0) entry.dependentTasks = dependent;

    let out: Obj;
    if (task.foreach) out = this.loop(scope, id, name, task, ctx, io, entry);
    else {
      const b = io.bindings();
      if (b) entry.inputs = b;
      out = entry;
    }
    const retry = this.retryPolicy(p, task, id);
    // Retries belong to the component task (inside the loop for a fan-out).
    if (retry) entry.retryPolicy = retry;

    const rule = task.trigger ?? d.trigger ?? 'all_success';
    const policy: Obj = {};
    if (condition) policy.condition = condition;
    // allowFailure: KFP has no per-task "failure is fine"; its dependents run whatever its outcome.
    const tolerated = deps.filter(allowed);
    if (tolerated.length > 0 && rule !== 'all_done') {
      const strict = deps.filter((x) => !allowed(x));
      if (strict.length > 0) this.warn('allowFailure', id, `depends on ${tolerated.join(', ')} (allowFailure) and on ${strict.join(', ')}: KFP's ALL_UPSTREAM_TASKS_COMPLETED covers every upstream, so the task also runs when ${strict.join(', ')} fails`);
    }
    if (((rule === 'all_done' || tolerated.length > 0) && dependent.length > 0) || (section !== 'tasks' && scope.depth === 0)) policy.strategy = 'ALL_UPSTREAM_TASKS_COMPLETED';
    if (Object.keys(policy).length > 0) out.triggerPolicy = policy;
    if (task.allowFailure) this.warn('allowFailure', id, 'KFP has no allowed failure: its dependents run whatever its outcome (ALL_UPSTREAM_TASKS_COMPLETED), but a failure still marks the run failed');
    if (raw.parts.task) deepMerge(entry, raw.parts.task);
    const executor = execLabel === undefined ? undefined : (this.executors[execLabel] as Obj);
    if (failures.length > 0 && executor?.container && !FAILING.has(executor.container as Obj)) {
      executor.container = failingContainer(`task ${id} cannot run on Kubeflow: ${failures.join('; ')}`);
      this.warn('expressions', id, `the step fails at run time: ${failures.join('; ')}`);
    }
    return out;
  }

  /** A fan-out task: a `for-loop` DAG component holding the task, iterated by the outer task. */
  private loop(scope: Scope, id: string, name: string, task: Task, ctx: KfpCtx, io: Inputs, inner: Obj): Obj {
    const fe = task.foreach!;
    const loopComp = this.componentName(`${scope.prefix}for-loop-${name}`);
    const outer: Obj = { taskInfo: { name }, componentRef: { name: loopComp } };
    if (inner.dependentTasks) outer.dependentTasks = inner.dependentTasks;
    delete inner.dependentTasks;
    // Pass every input of the inner task through the loop DAG under the same name.
    const loopDefs: Obj = {};
    const loopArtDefs: Obj = {};
    const outerParams: Obj = {};
    const outerArts: Obj = {};
    const innerParams: Obj = {};
    const innerArts: Obj = {};
    for (const [n, s] of io.params) {
      const bind = s.binding as { componentInputParameter?: string };
      if (bind.componentInputParameter === ITEM_INPUT) {
        innerParams[n] = s.binding;
        continue;
      }
      loopDefs[n] = paramDef(s.type);
      outerParams[n] = s.binding;
      innerParams[n] = { componentInputParameter: n };
    }
    for (const [n, b] of io.artifacts) {
      loopArtDefs[n] = ARTIFACT_DEF;
      outerArts[n] = b;
      innerArts[n] = { componentInputArtifact: n };
    }
    const iterator: Obj = { itemInput: ITEM_INPUT };
    const items = fe.items;
    if (Array.isArray(items)) {
      if (JSON.stringify(items).includes('${{')) this.warn('foreach', id, 'expressions inside a literal foreach list are not evaluated on Kubeflow (the raw list is passed)');
      iterator.items = { raw: JSON.stringify(items) };
    } else {
      const e = wholeExpr(items);
      const r = e ? translateItems(e, ctx) : { problem: 'foreach.items is not one expression' };
      if ('raw' in r) iterator.items = { raw: JSON.stringify(r.raw) };
      else if ('source' in r) {
        loopDefs[ITEMS_INPUT] = { parameterType: 'LIST' };
        outerParams[ITEMS_INPUT] = r.source.binding;
        iterator.items = { inputParameter: ITEMS_INPUT };
      } else {
        this.warn('foreach', id, `${r.problem}; the loop runs over an empty list`);
        iterator.items = { raw: '[]' };
      }
    }
    loopDefs[ITEM_INPUT] = { parameterType: ctx.item ?? 'STRING' };
    const innerInputs: Obj = {};
    if (Object.keys(innerArts).length > 0) innerInputs.artifacts = innerArts;
    if (Object.keys(innerParams).length > 0) innerInputs.parameters = innerParams;
    if (Object.keys(innerInputs).length > 0) inner.inputs = innerInputs;
    // Outputs of every iteration, collected into lists by the loop DAG.
    const dagOutputs: Obj = {};
    const outDefs: Obj = {};
    const dagArts: Obj = {};
    const artDefs: Obj = {};
    const declared = ((this.components[(inner.componentRef as Obj).name as string] as Obj | undefined)?.outputDefinitions ?? {}) as Obj;
    for (const [o, decl] of Object.entries(task.outputs ?? {})) {
      const art = (declared.artifacts as Obj | undefined)?.[o] as Obj | undefined;
      if (decl.type === 'file' || decl.type === 'dir' || (task.type === 'pipeline' && art)) {
        // Every iteration's file, as KFP's list of artifacts (dsl.Collected).
        if (!art) continue;
        if (art.isArtifactList) this.warn('outputs.pipeline', id, `output ${o}: each iteration reports a list of files; KFP collects them into one list of files (not a list of lists)`);
        dagArts[o] = { artifactSelectors: [{ outputArtifactKey: o, producerSubtask: name }] };
        artDefs[o] = !art.artifactType || isDeepStrictEqual(art.artifactType, ARTIFACT_TYPE) ? ARTIFACT_LIST_DEF : { ...ARTIFACT_LIST_DEF, artifactType: art.artifactType };
        continue;
      }
      // (A sub-pipeline task passes only the outputs its DAG has.)
      if (task.type === 'pipeline' && !(declared.parameters as Obj | undefined)?.[o]) continue;
      dagOutputs[o] = { valueFromParameter: { outputParameterKey: o, producerSubtask: name } };
      outDefs[o] = { parameterType: 'LIST' };
    }
    const dag: Obj = { tasks: { [name]: inner } };
    if (Object.keys(dagOutputs).length > 0 || Object.keys(dagArts).length > 0) {
      const outs: Obj = {};
      if (Object.keys(dagArts).length > 0) outs.artifacts = dagArts;
      if (Object.keys(dagOutputs).length > 0) outs.parameters = dagOutputs;
      dag.outputs = outs;
    }
    const comp: Obj = { dag };
    const defs: Obj = {};
    if (Object.keys(loopArtDefs).length > 0) defs.artifacts = loopArtDefs;
    defs.parameters = loopDefs;
    comp.inputDefinitions = defs;
    if (Object.keys(outDefs).length > 0 || Object.keys(artDefs).length > 0) {
      const od: Obj = {};
      if (Object.keys(artDefs).length > 0) od.artifacts = artDefs;
      if (Object.keys(outDefs).length > 0) od.parameters = outDefs;
      comp.outputDefinitions = od;
    }
    this.components[loopComp] = comp;
    const outerInputs: Obj = {};
    if (Object.keys(outerArts).length > 0) outerInputs.artifacts = outerArts;
    if (Object.keys(outerParams).length > 0) outerInputs.parameters = outerParams;
    if (Object.keys(outerInputs).length > 0) outer.inputs = outerInputs;
    outer.parameterIterator = iterator;
    if (fe.parallelism !== undefined) outer.iteratorPolicy = { parallelismLimit: fe.parallelism };
    return outer;
  }

  private outputDefinitions(task: Task, id: string): Obj | undefined {
    const params: Obj = {};
    const arts: Obj = {};
    for (const [o, decl] of Object.entries(task.outputs ?? {})) {
      if (task.type !== 'python' && task.type !== 'node' && task.type !== 'shell' && task.type !== 'container') {
        this.warn('outputs.values', id, `output ${o}: ${task.type} tasks report no outputs on Kubeflow`);
        continue;
      }
      if (decl.type === 'file' || decl.type === 'dir') arts[o] = ARTIFACT_DEF;
      else params[o] = paramDef(paramType(decl.type));
    }
    const out: Obj = {};
    if (Object.keys(arts).length > 0) out.artifacts = arts;
    if (Object.keys(params).length > 0) out.parameters = params;
    return Object.keys(out).length > 0 ? out : undefined;
  }

  /** The container of one task's executor. */
  private container(scope: Scope, section: Section, names: NameMap, id: string, task: Task, ctx: KfpCtx, io: Inputs, execLabel: string): Obj {
    const p = scope.pipeline;
    const d = p.defaults ?? {};
    const workdir = joinPath(scope.baseDir, task.workdir ?? '');
    const text = (value: string, where: string, copies?: { from: string; to: string }[]): string => {
      const t = translateText(value, ctx);
      this.report(t, id, where);
      if (copies) copies.push(...t.copies);
      else if (t.copies.length > 0) this.warn('outputs.files', id, `${where}: a file output is passed as its artifact path`);
      if (!value.includes('${{') && kfpPlaceholderHazard(value)) this.warn('expressions', id, `${where} contains '{{$', which KFP reads as a placeholder`);
      if (copies === undefined) return kfpArg(t.copies.length > 0 ? t.copies.reduce((s, c) => s.split(c.to).join(c.from), t.text) : t.text);
      return kfpArg(t.text);
    };
    const res = this.resources(task.resources ?? d.resources);

    // What KFP v2 has no step for (the capability table warns): the step fails, saying so.
    if (task.type === 'manifest') return failingContainer('manifest tasks do not run on Kubeflow; export this pipeline to Argo or Airflow');
    if (task.type === 'wait' && task.approval !== undefined) return failingContainer(`task ${id} waits for a manual approval, which KFP v2 has no step for; export this pipeline to Argo or Airflow`);
    if (task.service) return failingContainer(`task ${id} is a service (kept running for later tasks), which KFP v2 steps cannot be; export this pipeline to Argo`);
    if (task.type === 'container') {
      // Inputs by KFP name first, so that names made up for references do not take them.
      const own = task.platform?.kubeflow?.inputs;
      if (own && typeof own === 'object' && !Array.isArray(own)) for (const [n, v] of Object.entries(own)) this.componentInput(section, id, n, v, ctx, io);
      const c: Obj = { image: task.image };
      if (task.command?.length) c.command = task.command.map((x, i) => text(x, `command[${i}]`));
      if (task.args?.length) c.args = task.args.map((x, i) => (typeof x === 'string' ? text(x, `args[${i}]`) : String(x)));
      const env = this.env(p, task, id, execLabel, (name, value) => {
        const t = translateText(value, ctx);
        if (t.text.includes('{{$') || t.problems.length > 0) {
          this.warn('env', id, `env ${name}: KFP does not substitute values in env of a container task; not set`);
          return undefined;
        }
        return t.text;
      });
      if (env.length > 0) c.env = env;
      if (res) c.resources = res;
      if (Object.values(task.outputs ?? {}).some((o) => o.type !== 'file' && o.type !== 'dir')) {
        this.warn('outputs.values', id, "a container task is not wrapped: the image must write each value output to the file KFP names ({{$.outputs.parameters['<name>'].output_file}}); not passed");
        if (Object.values(task.outputs ?? {}).some((o) => o.path !== undefined && o.type !== 'file' && o.type !== 'dir')) {
          this.warn('outputs.fromPath', id, 'a container task is not wrapped: nothing copies a value output from its path; the image must write it to the file KFP names');
        }
      }
      if (Object.values(task.outputs ?? {}).some((o) => o.type === 'file' || o.type === 'dir')) {
        this.warn('outputs.files', id, "a container task is not wrapped: the image must write each file output to {{$.outputs.artifacts['<name>'].path}}");
      }
      if (task.workdir !== undefined) this.warn('workdir', id, 'a container task is not wrapped: workdir is not applied');
      if (task.inputs && Object.keys(task.inputs).length > 0) this.warn('inputs', id, 'a container task is not wrapped: its input files are not staged (pass an upstream file output as an argument instead: it arrives as the artifact path)');
      if (section === 'onFailure') this.warn('onFailure', id, 'a container task is not wrapped: it runs after the pipeline whatever its outcome');
      return c;
    }

    const w = new Wrap();
    const copies: { from: string; to: string }[] = [];
    const dir = workdir ? `${WORK}/${workdir}` : WORK;
    let program: string[] = [];
    let image = task.image ?? d.image ?? PYTHON_IMAGE;
    const extraEnv: [string, string][] = [];
    switch (task.type) {
      case 'python':
      case 'node':
      case 'shell': {
        image = imageOf(task, d);
        program = this.program(scope, id, task, workdir, w, ctx, copies);
        if (task.type !== 'shell') for (const [i, a] of (task.args ?? []).entries()) program.push(typeof a === 'string' ? text(a, `args[${i}]`, copies) : String(a));
        break;
      }
      case 'check':
      case 'wait': {
        if (task.type === 'wait' && task.delay !== undefined) {
          program = ['sleep', String(seconds(task.delay) ?? 0)];
          break;
        }
        const interval = seconds(task.type === 'wait' ? task.interval : undefined) ?? 30;
        if (task.type === 'wait' && task.url !== undefined) {
          extraEnv.push(['WEFT_URL', task.url]);
          w.file('/tmp/weft/step.py', waitUrlScript(interval));
        } else if (task.type === 'wait' && task.file !== undefined) {
          extraEnv.push(['WEFT_PATTERN', task.file]);
          w.file('/tmp/weft/step.py', waitFileScript(interval));
        } else {
          const bs: PyBinding[] = [];
          const asserts: { python: string; source: string }[] = [];
          const list = task.type === 'check' ? task.assert : [task.until ?? ''];
          for (const a of list) {
            const e = wholeExpr(a);
            // A value KFP cannot provide fails the step rather than dropping the assertion (or
            // reading as ''): checked before Argo's translator, which knows such values.
            const missing = e ? unavailableIn(e) : [];
            for (const why of missing) ctx.unavailable?.(why);
            const t = e && missing.length === 0 ? toPython(e, this.pyCtx(ctx, section), this.binder(bs, w, ctx, copies, id)) : undefined;
            if (!t || t.problems.length > 0) {
              const problems = missing.length > 0 ? missing : (t?.problems ?? []);
              this.warn(task.type === 'check' ? 'task.check' : 'task.wait.until', id, `${task.type === 'check' ? 'assertion' : 'condition'} ${JSON.stringify(a)} is not evaluated on Kubeflow${problems.length > 0 ? ` (${problems.join('; ')})` : ''}`);
              continue;
            }
            for (const c of t.artifacts) this.copyArtifact(ctx, c, copies);
            asserts.push({ python: t.text, source: a.trim().replace(/^\$\{\{\s*|\s*\}\}$/g, '') });
          }
          const message = task.type === 'check' ? task.message : 'still waiting';
          w.file('/tmp/weft/step.py', checkScript(bs, asserts, message, pyString));
        }
        program = ['python3', '/tmp/weft/step.py'];
        break;
      }
      case 'sql': {
        if (/^[a-z][a-z0-9+.-]*:\/\//i.test(task.database)) this.warn('task.sql', id, `the database ${JSON.stringify(task.database)} is a connection URL; the generated step opens SQLite files only`);
        const query = task.file !== undefined ? this.input.readFile?.(joinPath(scope.baseDir, task.workdir ?? '', task.file)) : task.query;
        if (query === undefined) this.warn('scripts', id, `the SQL file ${task.file} was not found; the step will fail`);
        else if (kfpPlaceholderHazard(query)) this.warn('scripts', id, "the SQL text contains '{{$', which KFP reads as a placeholder");
        w.file('/tmp/weft/query.sql', query ?? '');
        const ps = Object.entries(task.params ?? {}).map(([n, v], i) => {
          const e = typeof v === 'string' ? wholeExpr(v) : undefined;
          const ref = e?.kind === 'member' && e.object.kind === 'ident' && e.object.name === 'params' ? p.params?.[e.property]?.type : undefined;
          const kind = typeof v === 'number' || ref === 'integer' || ref === 'number' ? 'number' : typeof v === 'boolean' || ref === 'boolean' ? 'boolean' : e && !ref ? 'unknown' : 'string';
          extraEnv.push([`WEFT_SQL_P${i}`, String(v)]);
          return { name: n, env: `WEFT_SQL_P${i}`, kind };
        });
        extraEnv.unshift(['WEFT_SQL_DATABASE', task.database]);
        w.file('/tmp/weft/step.py', sqlScript(ps, '/tmp/weft/query.sql', pyString));
        program = ['python3', '/tmp/weft/step.py'];
        break;
      }
      case 'http': {
        extraEnv.push(['WEFT_URL', task.url]);
        if (task.method) extraEnv.push(['WEFT_METHOD', task.method]);
        const headerVars: [string, string][] = [];
        Object.entries(task.headers ?? {}).forEach(([k, v], i) => {
          const m = /^\s*\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}\s*$/.exec(v);
          const envName = `WEFT_HEADER_${i}`;
          if (m) this.secretEnv(m[1]!, envName, id, execLabel);
          else extraEnv.push([envName, v]);
          headerVars.push([k, envName]);
        });
        if (headerVars.length > 0) w.env('WEFT_HEADERS', JSON.stringify(headerVars));
        if (task.body !== undefined) {
          if (typeof task.body === 'string') extraEnv.push(['WEFT_BODY', task.body]);
          else {
            if (JSON.stringify(task.body).includes('${{')) this.warn('expressions', id, 'expressions inside a structured http body are not evaluated on Kubeflow (sent as written)');
            w.env('WEFT_BODY', JSON.stringify(task.body));
          }
        }
        if (task.expect?.status?.length) w.env('WEFT_EXPECT', JSON.stringify(task.expect.status));
        const timeout = seconds(task.timeout ?? d.timeout);
        if (timeout !== undefined) w.env('WEFT_TIMEOUT', String(timeout));
        const condition = task.expect?.condition;
        w.file('/tmp/weft/step.py', condition === undefined ? HTTP_SCRIPT : this.httpCondition(id, condition, w, ctx, copies));
        program = ['python3', '/tmp/weft/step.py'];
        break;
      }
    }
    for (const [k, v] of extraEnv) w.env(k, text(v, k, copies));
    // Env: literal values on the container, expressions through the wrapper, secrets by reference.
    const env = this.env(p, task, id, execLabel, (name, value) => {
      if (!value.includes('${{')) return value;
      w.env(name, text(value, `env.${name}`, copies));
      return undefined;
    });
    const args: string[] = [];
    if (section === 'onFailure' && scope.depth === 0) {
      const status = io.param('status', 'status', { binding: { taskFinalStatus: { producerTask: EXIT_TASK } }, type: 'TASK_FINAL_STATUS' });
      args.push('--unless-succeeded', paramPlaceholder(status));
    }
    const staged = this.stageInputs(scope, names, id, task, ctx, io, dir, copies);
    for (const c of copies) args.push('--in', c.from, `${WORK}/${c.to}`);
    args.push(...staged);
    args.push(...w.options, '--cd', dir);
    for (const [o, decl] of Object.entries(task.outputs ?? {})) {
      if (task.type !== 'python' && task.type !== 'node' && task.type !== 'shell') break;
      if (decl.type === 'file' || decl.type === 'dir') {
        args.push('--art', `${dir}/${decl.path ?? o}`, `{{$.outputs.artifacts['${o}'].path}}`);
        continue;
      }
      const file = `{{$.outputs.parameters['${o}'].output_file}}`;
      // A value read from a file when the command ends (outputs.<o>.path), else from WEFT_OUTPUTS.
      if (decl.path !== undefined) args.push('--from', o, decl.type, decl.path.startsWith('/') ? decl.path : `${dir}/${decl.path}`, file);
      else args.push('--out', o, file);
      // The default stands in when the value is not reported (a skipped task has none: the table warns).
      if (decl.default !== undefined) {
        const v = decl.default;
        args.push('--default', o, typeof v === 'string' ? text(v, `outputs.${o}.default`) : JSON.stringify(v));
      }
    }
    args.push('--', ...program);
    // The wrapper text is one pipeline input shared by every executor (see wrapperSource).
    io.fixed(this.wrapperInput, { binding: scope.wrapper(), type: 'STRING' });
    const c: Obj = { image, command: ['sh', '-ec', paramPlaceholder(this.wrapperInput), 'weft'], args };
    if (env.length > 0) c.env = env;
    if (res) c.resources = res;
    return c;
  }

  /**
   * Wrapper options staging `task.inputs` before the program: an upstream file output is copied
   * from its input artifact, inline content is written, a gs/s3/oci URL comes through an importer
   * node beside the task, an http(s) URL is downloaded.
   */
  private stageInputs(scope: Scope, names: NameMap, id: string, task: Task, ctx: KfpCtx, io: Inputs, dir: string, copies: { from: string; to: string }[]): string[] {
    const args: string[] = [];
    for (const [n, input] of Object.entries(task.inputs ?? {})) {
      const dest = input.path.startsWith('/') ? input.path : `${dir}/${input.path}`;
      const copy = input.optional ? '--in?' : '--in';
      if (input.from !== undefined) {
        const t = translateText(input.from, ctx);
        this.report(t, id, `inputs.${n}.from`);
        const only = t.copies.length === 1 && t.text === t.copies[0]!.to ? t.copies[0]! : undefined;
        if (only && t.problems.length === 0) args.push(copy, only.from, dest);
        else this.warn('inputs', id, `inputs.${n}.from ${JSON.stringify(input.from)} is not a file output of an upstream task; not staged on Kubeflow`);
      } else if (input.content !== undefined) {
        const t = translateText(input.content, ctx);
        this.report(t, id, `inputs.${n}.content`);
        copies.push(...t.copies);
        args.push('--file', dest, kfpArg(t.text));
      } else if (input.url !== undefined) {
        if (IMPORTER_SCHEMES.test(input.url) || /^\s*\$\{\{/.test(input.url)) {
          const nodeName = names.get(`${id}\u0000${n}`);
          const comp = this.componentName(`${scope.prefix}${nodeName}`);
          const label = this.executorNames.get(`exec-${scope.prefix}${nodeName}`);
          let uri: Obj = {};
          const spec = importerSpec(input, 'artifact', ctx, (b) => (uri = b));
          for (const w of spec.warnings) this.warn('inputs.url', id, `inputs.${n}: ${w}`);
          this.executors[label] = spec.executor;
          this.components[comp] = { executorLabel: label, ...spec.component };
          this.importers.push({ name: nodeName, entry: { taskInfo: { name: nodeName }, inputs: { parameters: { uri } }, componentRef: { name: comp } } });
          const art = io.artifact(`url\u0000${n}`, n, { taskOutputArtifact: { outputArtifactKey: 'artifact', producerTask: nodeName } });
          args.push(copy, `{{$.inputs.artifacts['${art}'].path}}`, dest);
        } else if (/^https?:\/\//.test(input.url)) {
          const t = translateText(input.url, ctx);
          this.report(t, id, `inputs.${n}.url`);
          if (input.optional) this.warn('inputs', id, `inputs.${n}: an http(s) download that fails fails the task (optional is not carried)`);
          args.push('--fetch', kfpArg(t.text), dest);
        } else this.warn('inputs', id, `inputs.${n}.url ${JSON.stringify(input.url)}: KFP imports gs://, s3:// and oci:// objects; this scheme is not staged`);
      }
      if (input.mode !== undefined && (input.content !== undefined || input.url !== undefined || input.from !== undefined)) args.push('--mode', input.mode.toString(8), dest);
    }
    return args;
  }

  /** An ExprCtx for Argo's Python translator whose "tags" are resolved through our inputs by the binder. */
  private pyCtx(ctx: KfpCtx, section: Section): ExprCtx {
    return {
      pipeline: ctx.pipeline,
      pipelineName: ctx.pipelineName,
      fileName: ctx.fileName,
      param: (n) => (ctx.param(n) ? `\u0000param\u0000${n}` : undefined),
      output: (t, o) => {
        const r = ctx.output(t, o);
        if ('problem' in r) return r;
        if ('artifact' in r) {
          return { artifact: { task: t, output: o, path: r.artifact.path } };
        }
        return { tag: `\u0000out\u0000${t}\u0000${o}`, kind: kindOf(r.type) };
      },
      status: () => ({ problem: 'task status is not available on Kubeflow' }),
      item: ctx.item ? kindOf(ctx.item) : undefined,
      handler: section !== 'tasks',
    };
  }

  private copyArtifact(ctx: KfpCtx, a: { task: string; output: string; path: string }, copies: { from: string; to: string }[]): void {
    const r = ctx.output(a.task, a.output);
    if (!('artifact' in r)) return;
    const name = ctx.inputArtifact(`${a.task}\u0000${a.output}`, `${a.task}_${a.output}`, r.artifact.binding);
    if (!copies.some((c) => c.to === r.artifact.path)) copies.push({ from: `{{$.inputs.artifacts['${name}'].path}}`, to: r.artifact.path });
  }

  /** Binds each reference of generated Python to an env var holding an input's placeholder. */
  private binder(bs: PyBinding[], w: Wrap, ctx: KfpCtx, copies: { from: string; to: string }[], id: string): (tag: string, kind: ValueKind) => string {
    const bound = new Map<string, string>();
    return (tag, kind) => {
      let v = bound.get(tag);
      if (v) return v;
      v = `v${bound.size}`;
      bound.set(tag, v);
      const env = `WEFT_V${bs.length}`;
      bs.push({ variable: v, env, kind });
      let text: string;
      const parts = tag.split('\u0000');
      if (parts[1] === 'param') text = `\${{ params.${parts[2]} }}`;
      else if (parts[1] === 'out') text = `\${{ tasks.${parts[2]}.outputs.${parts[3]} }}`;
      else if (tag === '{{item}}') text = '${{ item }}';
      else if (tag.startsWith('{{item.')) text = `\${{ item.${tag.slice(7, -2)} }}`;
      else if (tag === '{{workflow.name}}') text = '${{ run.id }}';
      else if (tag.includes('creationTimestamp')) text = '${{ run.timestamp }}';
      else {
        text = '';
        this.warn('expressions', id, `${tag.replace(/[{}]/g, '')} has no Kubeflow equivalent in a generated step; it reads as ''`);
      }
      const t = translateText(text, ctx);
      this.report(t, id, 'assert');
      copies.push(...t.copies);
      w.env(env, kfpArg(t.text));
      return v;
    };
  }

  /**
   * The http step's script with `expect.condition` evaluated after the request. The condition is
   * translated whole (core's semantics, as on the Python targets); `response` is the script's own,
   * every other value arrives through an env var holding its placeholder. A condition that cannot
   * be translated fails the step rather than being skipped.
   */
  private httpCondition(id: string, condition: string, w: Wrap, ctx: KfpCtx, copies: { from: string; to: string }[]): string {
    const e = wholeExpr(condition);
    const helpers = new Set<string>();
    const bindings: { variable: string; env: string; json: boolean }[] = [];
    const bound = new Map<string, string>();
    const t = emptyTranslation();
    const r = e
      ? pyExpr(e, (root, rest) => {
          if (root === 'response') return pyMember('response', rest, helpers);
          // Resolve the part KFP passes whole (a param, an output, the item, a run field); read the rest in Python.
          const path = [root, ...rest];
          const whole = root === 'tasks' ? (rest[1] === 'outputs' ? 4 : 3) : root === 'item' ? 1 : 2;
          const head = path.slice(0, whole);
          const key = head.join('\u0000');
          let variable = bound.get(key);
          if (!variable) {
            const ref = translateRef(head, ctx, t);
            if ('problem' in ref) return ref;
            const env = `WEFT_C${bindings.length}`;
            variable = `_v${bindings.length}`;
            bound.set(key, variable);
            bindings.push({ variable, env, json: ref.type !== 'STRING' });
            w.env(env, kfpArg(ref.text));
          }
          return pyMember(variable, path.slice(whole), helpers);
        }, helpers)
      : { code: '', problems: ['it is not one ${{ }} expression'] };
    this.report(t, id, 'expect.condition');
    copies.push(...t.copies);
    if (r.problems.length > 0) {
      const why = `expect.condition ${JSON.stringify(condition)} cannot be evaluated on Kubeflow (${r.problems.join('; ')})`;
      // (A value KFP cannot provide has already said so.)
      if (!e || unavailableIn(e).length === 0) ctx.unavailable?.(why);
      this.warn('task.http.condition', id, `${why}; the step fails at run time`);
      return HTTP_SCRIPT;
    }
    const script = httpConditionScript(r.code, pyHelpers(helpers), pyHelperImports(helpers), bindings, pyStr(condition.trim().replace(/^\$\{\{\s*|\s*\}\}$/g, '')));
    if (kfpPlaceholderHazard(script)) this.warn('scripts', id, "expect.condition contains '{{$', which KFP reads as a placeholder");
    return script;
  }

  /** The command running a python/node/shell task; files are embedded through the wrapper. */
  private program(scope: Scope, id: string, task: Task & { type: 'python' | 'node' | 'shell' }, workdir: string, w: Wrap, ctx: KfpCtx, copies: { from: string; to: string }[]): string[] {
    const hazard = (text: string, what: string): void => {
      if (kfpPlaceholderHazard(text)) this.warn('scripts', id, `${what} contains '{{$', which KFP reads as a placeholder`);
    };
    if (task.type === 'shell') {
      const run = shellWithEnvRefs(task.run, (env, _n, expression) => {
        const t = translateText(expression, ctx);
        this.report(t, id, 'run');
        copies.push(...t.copies);
        w.env(env, kfpArg(t.text));
      });
      hazard(run, 'the shell command');
      w.file('/tmp/weft/run.sh', run);
      return [task.shell ?? 'bash', '/tmp/weft/run.sh'];
    }
    const interpreter = task.type === 'python' ? 'python3' : 'node';
    if (task.code !== undefined) {
      const path = `/tmp/weft/code.${task.type === 'python' ? 'py' : 'js'}`;
      hazard(task.code, 'the inline code');
      w.file(path, task.code);
      return [interpreter, path];
    }
    const script = task.script ?? '';
    const rel = joinPath(workdir, script);
    const text = this.input.readFile?.(rel);
    if (text === undefined) this.warn('scripts', id, `the script ${script} was not found, so it is not embedded; the image must provide ${WORK}/${rel}`);
    else {
      hazard(text, `the script ${script}`);
      w.file(`${WORK}/${rel}`, text);
      if (task.type === 'python') this.pythonModules(dirOf(rel), text, w, id, new Set([rel]));
    }
    return [interpreter, script];
  }

  /** Local modules a Python script imports from its own folder (`import weft_io`), embedded too. */
  private pythonModules(dir: string, text: string, w: Wrap, id: string, done: Set<string>): void {
    for (const n of pythonImports(text)) {
      const rel = joinPath(dir, `${n}.py`);
      if (done.has(rel) || done.size > 20) continue;
      const mod = this.input.readFile?.(rel);
      if (mod === undefined) continue;
      done.add(rel);
      if (kfpPlaceholderHazard(mod)) this.warn('scripts', id, `the module ${rel} contains '{{$', which KFP reads as a placeholder`);
      w.file(`${WORK}/${rel}`, mod);
      this.pythonModules(dir, mod, w, id, done);
    }
  }

  /** Literal env on the container; `expr` handles values with expressions; secrets go to the PlatformSpec. */
  private env(p: Pipeline, task: Task, id: string, execLabel: string, expr: (name: string, value: string) => string | undefined): Obj[] {
    const merged: Record<string, string> = { ...(p.env ?? {}), ...(task.env ?? {}) };
    const list: Obj[] = [];
    for (const [k, v] of Object.entries(merged)) {
      const m = /^\s*\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}\s*$/.exec(String(v));
      if (m) {
        this.secretEnv(m[1]!, k, id, execLabel);
        continue;
      }
      const value = expr(k, String(v));
      if (value !== undefined) list.push({ name: k, value });
    }
    return list;
  }

  private secretEnv(secret: string, envVar: string, id: string, execLabel: string): void {
    const s = this.input.pipeline.secrets?.[secret];
    if (!s?.kubernetes) {
      this.warn('secrets', id, `secret ${secret} has no kubernetes reference (secrets.${secret}.kubernetes), so it is not set on Kubeflow`);
      return;
    }
    const cfg = (this.k8s[execLabel] ??= {}) as Obj;
    const list = (cfg.secretAsEnv ??= []) as Obj[];
    list.push({
      keyToEnv: [{ envVar, secretKey: s.kubernetes.key }],
      secretName: s.kubernetes.name,
      secretNameParameter: { runtimeValue: { constant: s.kubernetes.name } },
    });
  }

  /** Timeout, pod labels and the `kubernetes` settings: the task's KubernetesExecutorConfig. */
  private platform(p: Pipeline, task: Task, id: string, execLabel: string): void {
    this.kubernetes(p, task, id, execLabel);
    const timeout = seconds(task.timeout ?? p.defaults?.timeout);
    if (timeout !== undefined) ((this.k8s[execLabel] ??= {}) as Obj).activeDeadlineSeconds = String(timeout);
    const labels = { ...(this.input.pipeline.metadata.labels ?? {}), ...(task.labels ?? {}) };
    if (Object.keys(labels).length > 0) {
      const clean: Record<string, string> = {};
      for (const [k, v] of Object.entries(labels)) {
        const key = labelPart(k.includes('/') ? k.slice(k.lastIndexOf('/') + 1) : k) || 'label';
        const prefix = k.includes('/') ? dns1123(k.slice(0, k.lastIndexOf('/')).replace(/\./g, '-dot-'), 253).replace(/-dot-/g, '.') : '';
        const fullKey = prefix ? `${prefix}/${key}` : key;
        const value = labelPart(String(v));
        if (fullKey !== k || value !== String(v)) this.warn('labels', id, `label ${JSON.stringify(k)}: ${JSON.stringify(v)} is not a valid Kubernetes label; exported as ${fullKey}: ${JSON.stringify(value)}`);
        clean[fullKey] = value;
      }
      const cfg = (this.k8s[execLabel] ??= {}) as Obj;
      const md = (cfg.podMetadata ??= {}) as Obj;
      md.labels = { ...clean, ...((md.labels as Obj | undefined) ?? {}) };
    }
  }

  private kubernetes(p: Pipeline, task: Task, id: string, execLabel: string): void {
    const pod = mergePod(p.kubernetes, task.kubernetes);
    if (!pod) return;
    const { volumeClaimTemplates: _templates, ...settings } = pod as typeof pod & { volumeClaimTemplates?: unknown };
    if (Object.keys(settings).length === 0) return;
    const cfg = (this.k8s[execLabel] ??= {}) as Obj;
    const problems = toExecutorConfig(settings, cfg);
    if (Object.keys(cfg).length === 0) delete this.k8s[execLabel];
    for (const pr of problems) this.warn('kubernetes', id, `kubernetes ${pr}: not expressible in KFP's Kubernetes platform spec; not exported`);
  }

  private resources(r: Task['resources']): Obj | undefined {
    if (!r) return undefined;
    const out: Obj = {};
    if (r.gpu) out.accelerator = { resourceCount: String(r.gpu), resourceType: 'nvidia.com/gpu' };
    if (r.cpu !== undefined) out.resourceCpuRequest = String(r.cpu);
    if (r.memory !== undefined) out.resourceMemoryRequest = r.memory;
    return Object.keys(out).length > 0 ? out : undefined;
  }

  private caching(p: Pipeline, task: Task, id: string): Obj {
    const cache = task.cache ?? p.defaults?.cache;
    if (typeof cache === 'object' && cache.key?.length) this.warn('cache', id, "cache.key is not exported: KFP's cacheKey replaces the automatic key (inputs, image, command) instead of adding to it");
    return cache ? CACHE_ON : CACHE_OFF;
  }

  private retryPolicy(p: Pipeline, task: Task, id: string): Obj | undefined {
    const r = retryPolicyOf(p, task);
    if (!r) return undefined;
    const out: Obj = { maxRetryCount: r.limit };
    const delayMs = r.delay !== undefined ? parseDuration(r.delay) : undefined;
    if (delayMs !== undefined) {
      const factor = r.backoff === 'exponential' || r.backoff === 'linear' ? 2 : 1;
      out.backoffDuration = `${Math.ceil(delayMs / 1000)}s`;
      out.backoffFactor = factor;
      const capMs = r.maxDelay !== undefined ? parseDuration(r.maxDelay) : undefined;
      // KFP's backoffMaxDuration bounds the whole retry window (default 1h), not each pause:
      // make it the sum of the pauses Weft would make.
      let total = 0;
      for (let i = 0; i < r.limit; i++) total += Math.min(delayMs * factor ** i, capMs ?? Infinity);
      const totalS = Math.ceil(total / 1000);
      if (capMs !== undefined || totalS > 3600) out.backoffMaxDuration = `${totalS}s`;
    } else if (r.backoff === 'linear' || r.backoff === 'exponential' || r.maxDelay !== undefined) {
      this.warn('retries', id, 'a backoff without delay: retries start at once');
      out.backoffDuration = '0s';
      out.backoffFactor = 1;
    } else {
      out.backoffDuration = '0s';
      out.backoffFactor = 1;
    }
    return out;
  }

  /**
   * What the sub-pipeline of a `pipeline` task reports as `o`, when it is one task's output (all
   * its DAG can expose): a value, a file, or a list of files (a fan-out's, KFP's artifact list).
   */
  private reported(baseDir: string, depth: number, task: Task & { type: 'pipeline' }, o: string): Reported | undefined {
    if (!this.subReports.has(task)) {
      const { path, pipeline: sub } = readSubPipeline(this.input, baseDir, depth, task);
      let kinds: Map<string, Reported> | undefined;
      if (sub) {
        kinds = new Map();
        for (const [n, po] of Object.entries(sub.outputs ?? {})) {
          const ref = taskOutputOf(po?.value);
          const producer = ref ? sub.tasks[ref[0]] : undefined;
          const decl = ref ? producer?.outputs?.[ref[1]] : undefined;
          if (!producer || !decl) continue;
          const file = decl.type === 'file' || decl.type === 'dir';
          let kind: Reported | undefined = file ? 'file' : 'value';
          if (producer.type === 'pipeline') {
            const inner = this.reported(dirOf(path), depth + 1, producer, ref![1]);
            kind = inner && accepts(decl.type, inner) ? inner : undefined;
          }
          if (kind === 'file' && producer.foreach) kind = 'files';
          if (kind) kinds.set(n, kind);
        }
      }
      this.subReports.set(task, kinds);
    }
    return this.subReports.get(task)?.get(o);
  }

  /**
   * The source of a DAG output reading `tasks.<t>.outputs.<o>` of a pipeline whose tasks are the
   * DAG tasks `dag`: the producing DAG task (a fan-out's loop DAG, a sub-pipeline's DAG) and the
   * output as its component defines it — a list for a fan-out, an artifact list for its files.
   */
  private dagOutputSource(own: Record<string, Task> | undefined, dag: Obj, names: NameMap, t: string, o: string): { producer: string; key: string; param?: Obj; artifact?: Obj } | { problem: string } {
    if (!own?.[t]) return { problem: `tasks.${t} is not a task of the pipeline` };
    const producer = names.get(t);
    const ref = ((dag[producer] as Obj | undefined)?.componentRef as Obj | undefined)?.name;
    const defs = ((this.components[String(ref)] as Obj | undefined)?.outputDefinitions ?? {}) as Obj;
    const param = ((defs.parameters ?? {}) as Obj)[o] as Obj | undefined;
    const artifact = ((defs.artifacts ?? {}) as Obj)[o] as Obj | undefined;
    if (param) return { producer, key: o, param: { parameterType: param.parameterType } };
    if (artifact) return { producer, key: o, artifact: { ...artifact } };
    return { problem: `tasks.${t}.outputs.${o} is not an output of its KFP step` };
  }

  /**
   * The pipeline's own `outputs` as the root DAG's outputs (what a run reports, and what the
   * pipeline compiled as a component hands back). `dag` holds the main tasks: with handlers
   * (`inExit`) the exit-handler DAG's, which exposes their outputs to the root as it does to handlers.
   */
  rootOutputs(p: Pipeline, names: NameMap, dag: Obj, inExit: boolean): { outputs: Obj; defs: Obj } | undefined {
    const outs = { artifacts: {} as Obj, parameters: {} as Obj };
    const defs = { artifacts: {} as Obj, parameters: {} as Obj };
    for (const [o, po] of Object.entries(p.outputs ?? {})) {
      const ref = taskOutputOf(po.value);
      if (!ref) {
        this.warn('outputs.pipeline', undefined, `pipeline output ${o}: its value ${JSON.stringify(po.value)} is not a task's output, which is all a KFP DAG output can be; not exported`);
        continue;
      }
      const [t, x] = ref;
      // (They read main tasks only.)
      const src = this.dagOutputSource(p.tasks, dag, names, t, x);
      if ('problem' in src) {
        this.warn('outputs.pipeline', undefined, `pipeline output ${o}: ${src.problem}; not exported`);
        continue;
      }
      let producer = src.producer;
      let key = src.key;
      if (inExit) {
        // Through the exit-handler DAG's outputs, named as for handlers.
        key = `${src.producer}-${src.key}`;
        if (src.artifact) {
          this.exitArtifacts[key] = { artifactSelectors: [{ outputArtifactKey: src.key, producerSubtask: src.producer }] };
          this.exitArtifactDefs[key] = src.artifact;
        } else {
          this.exitOutputs[key] = { valueFromParameter: { outputParameterKey: src.key, producerSubtask: src.producer } };
          this.exitOutputDefs[key] = src.param;
        }
        producer = EXIT_TASK;
      }
      if (src.artifact) {
        outs.artifacts[o] = { artifactSelectors: [{ outputArtifactKey: key, producerSubtask: producer }] };
        defs.artifacts[o] = src.artifact;
      } else {
        outs.parameters[o] = { valueFromParameter: { outputParameterKey: key, producerSubtask: producer } };
        defs.parameters[o] = src.param;
      }
    }
    const outputs = nonEmpty(outs);
    return outputs ? { outputs, defs: nonEmpty(defs)! } : undefined;
  }

  /** A sub-pipeline as a nested DAG component whose inputs are the sub-pipeline's params. */
  private subPipeline(scope: Scope, id: string, task: Task & { type: 'pipeline' }, ctx: KfpCtx, io: Inputs, compName: string): void {
    const { path, pipeline: sub, tooDeep } = readSubPipeline(this.input, scope.baseDir, scope.depth, task);
    if (!sub) {
      this.warn('task.pipeline', id, `the sub-pipeline ${task.pipeline} could not be read${tooDeep ? ' (nested too deeply)' : ''}; the step fails with a message`);
      const label = this.executorNames.get(`exec-${compName.slice(5)}`);
      this.executors[label] = { container: failingContainer(`sub-pipeline ${task.pipeline} was not exported`) };
      this.components[compName] = { executorLabel: label };
      return;
    }
    for (const k of ['schedule', 'triggers', 'onFailure', 'finally', 'concurrency'] as const) {
      if (sub[k] !== undefined) this.warn('task.pipeline', id, `${k} of the sub-pipeline ${task.pipeline} applies only when it runs on its own; not exported`);
    }
    const subParams = sub.params ?? {};
    const nested: Scope = {
      pipeline: sub,
      baseDir: dirOf(path),
      fileName: path,
      prefix: `${compName.slice(5)}-`,
      depth: scope.depth + 1,
      param: (n) => (subParams[n] ? { binding: { componentInputParameter: n }, type: paramType(subParams[n]!.type) } : undefined),
      wrapper: () => ((needsWrapper = true), wrapperBinding),
    };
    let needsWrapper = false;
    const wrapperBinding = Object.freeze({ componentInputParameter: this.wrapperInput });
    this.components[compName] = {}; // keep the document order: the DAG before its tasks
    const subNames = new NameMap('dns1123');
    const tasks = this.dag(nested, 'tasks', subNames);
    let defs = rootParameters(sub, (w) => this.warn('params', id, w));
    if (needsWrapper) {
      defs = { ...(defs ?? {}), [this.wrapperInput]: { parameterType: 'STRING' } };
      io.fixed(this.wrapperInput, { binding: scope.wrapper(), type: 'STRING' });
    }
    // `with` values bind the nested DAG's inputs: a reference directly, a constant as runtimeValue.
    for (const [n, v] of Object.entries(task.with ?? {})) {
      if (!subParams[n]) continue;
      const scratch = new Inputs();
      const t = typeof v === 'string' ? translateText(v, { ...ctx, input: (k, h, s) => scratch.param(k, h, s), inputArtifact: (k, h, b) => scratch.artifact(k, h, b) }) : undefined;
      let bound: Obj;
      if (!t) bound = { runtimeValue: { constant: v } };
      else {
        this.report(t, id, `with.${n}`);
        const only = scratch.params.size === 1 && scratch.artifacts.size === 0 ? [...scratch.params][0]! : undefined;
        if (only && t.text === paramPlaceholder(only[0])) bound = only[1].binding;
        else {
          if (scratch.params.size > 0 || scratch.artifacts.size > 0) {
            this.warn('task.pipeline', id, `with.${n}: only a reference or a constant binds a sub-pipeline input on Kubeflow; passed as the text ${JSON.stringify(t.text)}`);
          }
          bound = { runtimeValue: { constant: t.text } };
        }
      }
      io.fixed(n, { binding: bound, type: paramType(subParams[n]!.type) });
    }
    const dag: Obj = { tasks };
    const comp: Obj = { dag };
    if (defs) comp.inputDefinitions = { parameters: defs };
    // The outputs the caller declares, each the sub-pipeline's output of that name: an output of
    // the nested DAG taken from the task producing it (KFP's dag.outputs).
    const outs = { parameters: {} as Obj, artifacts: {} as Obj };
    const outDefs = { parameters: {} as Obj, artifacts: {} as Obj };
    for (const [o, decl] of Object.entries(task.outputs ?? {})) {
      const po = sub.outputs?.[o];
      if (!po) {
        this.warn('outputs.pipeline', id, `output ${o}: the sub-pipeline ${task.pipeline} has no output ${o}; not passed`);
        continue;
      }
      const ref = taskOutputOf(po.value);
      const src = ref ? this.dagOutputSource(sub.tasks, tasks, subNames, ref[0], ref[1]) : { problem: `its value ${JSON.stringify(po.value)} is not a task's output, which is all a KFP DAG output can be` };
      const kind: Reported | undefined = 'problem' in src ? undefined : src.artifact ? (src.artifact.isArtifactList ? 'files' : 'file') : 'value';
      if ('problem' in src) this.warn('outputs.pipeline', id, `output ${o} of the sub-pipeline ${task.pipeline}: ${src.problem}; not passed`);
      else if (!accepts(decl.type, kind!)) this.warn('outputs.pipeline', id, `output ${o}: declared ${decl.type}, but the sub-pipeline ${task.pipeline} reports ${KIND_TEXT[kind!]}; not passed`);
      else if (src.artifact) {
        outs.artifacts[o] = { artifactSelectors: [{ outputArtifactKey: src.key, producerSubtask: src.producer }] };
        outDefs.artifacts[o] = src.artifact;
      } else {
        outs.parameters[o] = { valueFromParameter: { outputParameterKey: src.key, producerSubtask: src.producer } };
        outDefs.parameters[o] = src.param;
      }
    }
    const dagOuts = nonEmpty(outs);
    if (dagOuts) {
      dag.outputs = dagOuts;
      comp.outputDefinitions = nonEmpty(outDefs);
    }
    this.components[compName] = comp;
  }
}

/** What a sub-pipeline reports as one output: a value (a list too), a file, or a list of files. */
type Reported = 'value' | 'file' | 'files';
const KIND_TEXT: Record<Reported, string> = { value: 'a value', file: 'a file', files: 'a list of files' };

/** Whether an output declared `type` (by the calling task) takes what the sub-pipeline reports. */
function accepts(type: string, kind: Reported): boolean {
  if (type === 'file' || type === 'dir') return kind === 'file';
  return kind === 'value' || (kind === 'files' && type === 'list');
}

/** `${{ tasks.<t>.outputs.<o> }}` (the whole value) → [t, o]; anything else undefined. */
function taskOutputOf(value: unknown): [string, string] | undefined {
  const e = typeof value === 'string' ? wholeExpr(value) : undefined;
  const path = e ? chain(e) : undefined;
  if (path && path.length === 4 && path[0] === 'tasks' && path[2] === 'outputs' && typeof path[1] === 'string' && typeof path[3] === 'string') return [path[1], path[3]];
  return undefined;
}

/** The object without its empty members (`artifacts`, `parameters`); undefined when nothing is left. */
function nonEmpty(o: Obj): Obj | undefined {
  const out: Obj = {};
  for (const [k, v] of Object.entries(o)) if (v && typeof v === 'object' && Object.keys(v).length > 0) out[k] = v;
  return Object.keys(out).length > 0 ? out : undefined;
}

function itemType(items: unknown[]): ParamType {
  const first = items[0];
  if (typeof first === 'number') return items.every((x) => Number.isInteger(x)) ? 'NUMBER_INTEGER' : 'NUMBER_DOUBLE';
  if (typeof first === 'boolean') return 'BOOLEAN';
  if (Array.isArray(first)) return 'LIST';
  return 'STRING';
}

function kindOf(t: ParamType): ValueKind {
  switch (t) {
    case 'NUMBER_INTEGER':
    case 'NUMBER_DOUBLE':
      return 'number';
    case 'BOOLEAN':
      return 'boolean';
    case 'LIST':
      return 'list';
    case 'STRUCT':
      return 'object';
    case 'STRING':
      return 'string';
    default:
      return 'unknown';
  }
}

function labelPart(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '')
    .slice(0, 63)
    .replace(/[^A-Za-z0-9]+$/, '');
}

/** A pipeline's params as KFP input definitions (types, defaults, enum as literals). */
function rootParameters(p: Pipeline, warn: (message: string) => void): Obj | undefined {
  const out: Obj = {};
  for (const [n, decl] of Object.entries(p.params ?? {})) {
    const def: Obj = {};
    if (decl.default !== undefined) {
      if (typeof decl.default === 'string' && decl.default.includes('${{')) {
        warn(`param ${n}: the default ${JSON.stringify(decl.default)} is an expression, which KFP cannot evaluate; the value must be given when the run starts`);
      } else {
        def.defaultValue = decl.default;
        def.isOptional = true;
      }
    }
    if (decl.description) def.description = decl.description;
    if (decl.enum) def.literals = decl.enum;
    def.parameterType = paramType(decl.type);
    out[n] = def;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * The Weft id → KFP name mapping as a JSON object, without the internal keys (those holding
 * U+0000). Written out directly: an object of every task name built only to be stringified is
 * the largest single allocation of a 1,000-task export. Ids that read as array indices (never
 * valid Weft ids) would be reordered by an object, so those take the object's way.
 */
function namesJson(mapping: [string, string][]): string {
  let json = '';
  for (const [k, v] of mapping) {
    if (k.includes('\u0000')) continue;
    const c = k.charCodeAt(0);
    if (c >= 48 && c <= 57 && /^(?:0|[1-9][0-9]*)$/.test(k)) return JSON.stringify(Object.fromEntries(mapping.filter(([x]) => !x.includes('\u0000'))));
    json += `${json === '' ? '' : ','}${JSON.stringify(k)}:${JSON.stringify(v)}`;
  }
  return `{${json}}`;
}

export function exportKubeflow(input: ExportInput): ExportResult {
  const p = input.pipeline;
  const ex = new KubeflowExport(input);
  const names = ex.names;
  for (const section of ['tasks', 'onFailure', 'finally'] as const) for (const id of Object.keys(p[section] ?? {})) names.get(id);
  const params = p.params ?? {};
  const rootWrapper = Object.freeze({ componentInputParameter: ex.wrapperInput });
  const root: Scope = {
    pipeline: p,
    baseDir: '',
    fileName: input.fileName,
    prefix: '',
    depth: 0,
    param: (n) => (params[n] ? { binding: { componentInputParameter: n }, type: paramType(params[n]!.type) } : undefined),
    wrapper: () => ((ex.wrapperUsed = true), rootWrapper),
  };
  const hasHandlers = Object.keys(p.onFailure ?? {}).length + Object.keys(p.finally ?? {}).length > 0;
  let rootDefs = rootParameters(p, (w) => ex.warn('params', undefined, w));
  // Called once the DAGs are built: only then is it known whether a task runs the wrapper.
  const addWrapper = (): void => {
    if (!ex.wrapperUsed) return;
    const def = { defaultValue: WRAPPER, description: 'The Weft task wrapper every step runs (docs/exporters.md); leave it as it is.', isOptional: true, parameterType: 'STRING' };
    rootDefs = { ...(rootDefs ?? {}), [ex.wrapperInput]: def };
  };
  let rootTasks: Obj;
  let rootOutputs: { outputs: Obj; defs: Obj } | undefined;
  if (!hasHandlers) {
    rootTasks = ex.dag(root, 'tasks', names);
    addWrapper();
    rootOutputs = ex.rootOutputs(p, names, rootTasks, false);
  } else {
    // KFP's exit handler: the main tasks inside a DAG, the handlers after it whatever its outcome.
    const exitComp = 'comp-exit-handler-1';
    ex.components[exitComp] = {};
    const handlers = { ...ex.dag(root, 'onFailure', names), ...ex.dag(root, 'finally', names) };
    const mainTasks = ex.dag(root, 'tasks', names);
    addWrapper();
    rootOutputs = ex.rootOutputs(p, names, mainTasks, true);
    const dag: Obj = { tasks: mainTasks };
    const exitOuts = nonEmpty({ artifacts: ex.exitArtifacts, parameters: ex.exitOutputs });
    if (exitOuts) dag.outputs = exitOuts;
    const comp: Obj = { dag };
    if (rootDefs) comp.inputDefinitions = { parameters: Object.fromEntries(Object.entries(rootDefs).map(([n, d]) => [n, { parameterType: (d as Obj).parameterType }])) };
    const exitDefs = nonEmpty({ artifacts: ex.exitArtifactDefs, parameters: ex.exitOutputDefs });
    if (exitDefs) comp.outputDefinitions = exitDefs;
    ex.components[exitComp] = comp;
    const exitTask: Obj = { componentRef: { name: exitComp } };
    if (rootDefs) exitTask.inputs = { parameters: Object.fromEntries(Object.keys(rootDefs).map((n) => [n, { componentInputParameter: n }])) };
    exitTask.taskInfo = { name: EXIT_TASK };
    rootTasks = { [EXIT_TASK]: exitTask, ...handlers };
  }
  if (p.concurrency?.tasks !== undefined) ex.warn('concurrency.tasks', undefined, 'KFP has no pipeline-wide task limit; only fan-out parallelism is exported');
  const timeout = seconds(p.timeout);
  if (p.kubernetes?.volumeClaimTemplates?.length) ex.warn('kubernetes', undefined, 'kubernetes.volumeClaimTemplates: KFP creates PVCs with kfp-kubernetes CreatePVC tasks, not per run from templates; not exported');
  const rawPipeline = kubeflowSettings(p.platform?.kubeflow, PIPELINE_KEYS);
  for (const k of rawPipeline.unknown) ex.warn('platform.kubeflow', undefined, `platform.kubeflow.${k} is not a place in the export (spec, platform); ignored`);
  for (const k of rawPipeline.notObjects) ex.warn('platform.kubeflow', undefined, `platform.kubeflow.${k} is not an object; ignored`);
  if (p.schedule) ex.warn('schedule', undefined, `the schedule (${p.schedule.cron}) is not part of the pipeline file: create a recurring run (6-field cron with seconds first, e.g. "0 ${p.schedule.cron}")`);

  const spec: Obj = {
    components: ex.components,
    deploymentSpec: { executors: ex.executors },
    pipelineInfo: {
      ...(p.metadata.description ? { description: p.metadata.description } : {}),
      displayName: p.metadata.name,
      name: dns1123(p.metadata.name, 128),
    },
    root: {
      dag: { ...(rootOutputs ? { outputs: rootOutputs.outputs } : {}), tasks: rootTasks },
      ...(rootDefs ? { inputDefinitions: { parameters: rootDefs } } : {}),
      ...(rootOutputs ? { outputDefinitions: rootOutputs.defs } : {}),
    },
    schemaVersion: SCHEMA_VERSION,
    sdkVersion: SDK_VERSION,
  };
  const oneLine = (s: string): string => s.replace(/[\r\n\u2028\u2029]+/g, ' ');
  const header = [
    '# PIPELINE DEFINITION',
    `# Name: ${oneLine(dns1123(p.metadata.name, 128))}`,
    `# Generated by \`weft export --target kubeflow\` from ${oneLine(input.fileName)}. Re-export rather than edit.`,
    `# Task names (Weft id -> KFP task): ${namesJson(names.mapping())}`,
  ].join('\n');
  if (rawPipeline.parts.spec) deepMerge(spec, rawPipeline.parts.spec);
  let content = `${header}\n${toYaml(spec)}`;
  // The PlatformSpec: executor configs, and the run's deadline (PipelineConfig, Argo's activeDeadlineSeconds).
  const k8s: Obj = {};
  if (Object.keys(ex.k8s).length > 0) k8s.deploymentSpec = { executors: ex.k8s };
  if (timeout !== undefined) k8s.pipelineConfig = { activeDeadlineSeconds: timeout };
  if (rawPipeline.parts.platform) deepMerge(k8s, rawPipeline.parts.platform);
  if (Object.keys(k8s).length > 0) content += `---\n${toYaml({ platforms: { kubernetes: k8s } })}`;
  return { files: [{ path: `${p.metadata.name}.kubeflow.yaml`, content }], warnings: ex.warnings };
}

export const kubeflowExporter: Exporter = { target: 'kubeflow', extension: 'kubeflow.yaml', export: exportKubeflow };
