/**
 * Argo Workflows → Weft. A `Workflow`, `WorkflowTemplate`, `ClusterWorkflowTemplate` or
 * `CronWorkflow` becomes one `weft/v1` pipeline: the entrypoint's DAG (or steps, each group
 * needing the one before) becomes the tasks, the leaf templates they call become the task bodies
 * (container → `container`, script → `python`/`node`/`shell` with the source inline, http →
 * `http`, suspend → `wait` for its duration or for an approval, a daemon → a `service`), the
 * exit handler becomes `finally` (or `onFailure` when it runs only on failure).
 *
 * Argo substitutes a template's `{{inputs.parameters.x}}` with the caller's argument text before
 * anything else, and so does the importer: the argument text (itself resolved in the caller's
 * scope) replaces the tag, then every remaining tag is translated to a `${{ }}` reference. A
 * nested DAG/steps template is inlined when it holds exactly one task (the common "loop wrapper");
 * a larger one is an ImportError, as is anything Weft cannot carry with the same meaning.
 * Operational details that do not change what runs (node selectors, pod GC, TTLs…) are warnings.
 */
import { ImportError, type ImportResult, type ImportWarning } from '../types';
import { ARTIFACT_OWN, artifactExtras, locationOf } from './artifacts';
import { CONTAINER_K8S, CONTAINER_RAW, SPEC_K8S, SPEC_RAW, TEMPLATE_K8S, TEMPLATE_RAW, checkVerbatim, keepable, podMetadata, pullSecretNames, serviceOf, translateVerbatim } from './pod';
import { Library } from './library';
import { captureOutputs, manifestTask } from './resource';
import { httpExpect, translateExprTag } from './exprlang';
import { argoCondition, argoPieces, argoText, escapeWeft, hasArgoTags, dependsCondition, parseDepends, quote, refPath, resultClass, soleTag, type RefResolver, type RefType, type RefUse } from './expr';

type Obj = Record<string, any>;
type Rule = 'all_success' | 'all_done' | 'all_failed' | 'one_success' | 'one_failed' | 'none_failed';

export const ARGO_KINDS = ['Workflow', 'WorkflowTemplate', 'ClusterWorkflowTemplate', 'CronWorkflow'] as const;
const MAX_DEPTH = 10;

/** Workflow spec fields refused, by the feature they name ('' = handled by the importer). */
const SPEC_ERROR: Record<string, string> = {
  hooks: '', workflowTemplateRef: 'workflowTemplateRef', executorPlugins: 'executor plugins',
  onExit: '', entrypoint: '', templates: '', arguments: '', parallelism: '', activeDeadlineSeconds: '',
};
/** Template fields refused, by the feature they name ('' = handled by the importer). */
const TEMPLATE_ERROR: Record<string, string> = {
  resource: '', containerSet: '', data: 'data templates', plugin: 'plugin templates',
  outputs: '', inputs: '', retryStrategy: '', activeDeadlineSeconds: '', metadata: '', failFast: '',
  parallelism: '', timeout: '', name: '', container: '', script: '', dag: '', steps: '', suspend: '', http: '', daemon: '',
};
const CONTAINER_OK = new Set(['image', 'command', 'args', 'env', 'resources', 'source', 'name']);
const TASK_FIELDS = new Set(['name', 'template', 'arguments', 'dependencies', 'depends', 'when', 'withItems', 'withParam', 'withSequence', 'continueOn', 'inline', 'templateRef', 'onExit', 'hooks']);
const TASK_ERROR: Record<string, string> = {};

/** A DAG task or step, resolved to the leaf template it runs. */
interface Call {
  /** Name in its DAG/steps scope. */
  name: string;
  template: Obj;
  /** Input parameter → Argo text (already resolved in the caller's scope). */
  args: Map<string, string>;
  deps: string[];
  /** Trigger rule decided by `depends`, or undefined for plain dependencies (bare names, steps). */
  rule?: Rule;
  /** Whether plain dependencies mean "succeeded or skipped" (bare names and steps) rather than strictly succeeded. */
  bare: boolean;
  when: string[];
  /** A `depends` no trigger rule means, kept as Argo wrote it: becomes an `if` over the statuses of `deps` (with `trigger: all_done`). */
  statusDepends?: string;
  /** Weft conditions decided on import (e.g. an exit handler's test of the workflow's status), joined to `when` with &&. */
  weftIf?: string[];
  loop?: { items?: unknown[]; param?: string; sequence?: { count?: string; start?: string; end?: string } };
  parallelism?: number;
  scope: Scope;
  /** Input artifact name → the caller's artifact argument (already resolved in the caller's scope). */
  artifacts: Map<string, Obj>;
  continueOn?: Obj;
  /** A nested DAG/steps template run as a sub-pipeline: the templates of its document and the parameters its caller passes. */
  sub?: { templates: unknown[]; passed: Map<string, string> };
  /** An inlined one-task template whose inner task is the loop (the caller's task itself is not one). */
  innerLoop?: boolean;
}

/** What a workflow's import shares with the sub-pipelines it writes. */
export interface Shared {
  /** The main pipeline's name (sub-pipeline files are named after it). */
  name: string;
  files: { path: string; pipeline: unknown }[];
  /** Sub-pipelines already written: template → key of the passed parameters → file. */
  subs: Map<Obj, Map<string, SubFile>>;
  /** Templates being imported as sub-pipelines (a template inside itself is recursion). */
  stack: Set<Obj>;
  /** The workflow's parameters (Argo declarations), which `{{workflow.parameters.x}}` names at any depth. */
  globals: Map<string, Obj>;
  /** Warnings of the sub-pipelines' imports. */
  warnings?: ImportWarning[];
  /** File names sub-pipelines must not take (a template library's own pipelines). */
  reserved?: Set<string>;
}

interface SubFile {
  path: string;
  /** Argo input name → the sub-pipeline's param. */
  inputs: Map<string, string>;
  /** Workflow parameters the sub-pipeline reads → its param (the caller hands them on). */
  forwarded: Map<string, string>;
  /** The sub-pipeline's param declarations (for typing literal values passed to it). */
  params: Record<string, Obj>;
  /** The template's output parameters the callers read (Argo name) → the sub-pipeline's output and its type. */
  outputs: Map<string, { name: string; type: string }>;
  /** The template's output artifacts the callers read → the sub-pipeline's output and its type (file or dir). */
  artifacts: Map<string, { name: string; type: string }>;
}

/** What the callers of a sub-pipeline read of it: output parameters (with how they use them) and artifacts, by Argo name. */
interface SubReads {
  params: Map<string, Set<RefUse>>;
  artifacts: Set<string>;
}

/** containerSet templates → the DAG of their containers (one object per template, so sub-pipelines are shared). */
const CONTAINER_SETS = new WeakMap<Obj, Obj>();

/**
 * A containerSet template as the DAG it describes: each container a task, after the containers it
 * names in `dependencies`. Argo runs them in one pod; Weft runs each as its own container task,
 * which is the same work in the same order as long as they share nothing of the pod: a shared
 * volume, outputs read from the pod or pod settings are an ImportError.
 */
function containerSetDag(t: Obj): Obj {
  const known = CONTAINER_SETS.get(t);
  if (known) return known;
  const cs = t.containerSet;
  const where = `template ${t.name}`;
  if (!isObj(cs) || !Array.isArray(cs.containers) || cs.containers.length === 0) throw new ImportError('containerSet templates', `${where}: no containers`);
  for (const k of Object.keys(cs)) if (k !== 'containers') throw new ImportError('containerSet templates sharing the pod', `${where}: containerSet.${k} (the containers share one pod)`);
  for (const k of Object.keys(t)) if (!['name', 'containerSet', 'inputs', 'metadata'].includes(k)) throw new ImportError('containerSet templates sharing the pod', `${where}: ${k} (the containers share one pod)`);
  const tasks = cs.containers.map((c: unknown) => {
    if (!isObj(c) || typeof c.name !== 'string') throw new ImportError('containerSet templates', `${where}: a container without a name`);
    const { name, dependencies, ...container } = c;
    const task: Obj = { name, inline: { container } };
    if (dependencies !== undefined) task.dependencies = dependencies;
    return task;
  });
  const dag: Obj = { name: t.name, dag: { tasks } };
  if (t.inputs !== undefined) dag.inputs = t.inputs;
  if (t.metadata !== undefined) dag.metadata = t.metadata;
  CONTAINER_SETS.set(t, dag);
  return dag;
}

/** Templates made for a task with an exit hook → the name of the hook's task (the sub-pipeline's finally). */
const HOOKED = new WeakMap<Obj, string>();

/** The workflow's exit handler: `onExit`, or the same written as `hooks.exit`; hooks on other events have no portable meaning. */
function workflowExit(spec: Obj): string | undefined {
  if (spec.hooks === undefined) return spec.onExit === undefined ? undefined : String(spec.onExit);
  if (!isObj(spec.hooks)) throw new ImportError('lifecycle hooks', 'spec.hooks is not a mapping');
  const other = Object.keys(spec.hooks).filter((k) => k !== 'exit');
  if (other.length > 0) throw new ImportError('lifecycle hooks', `workflow hooks ${other.join(', ')} run on a condition while the workflow runs, which Weft has no way to say (an exit hook is imported)`);
  const h = spec.hooks.exit;
  if (!isObj(h) || typeof h.template !== 'string' || Object.keys(h).some((k) => k !== 'template')) throw new ImportError('lifecycle hooks', 'a workflow exit hook other than one template without arguments');
  if (spec.onExit !== undefined) throw new ImportError('lifecycle hooks', 'both onExit and hooks.exit');
  return h.template;
}

/** A task's exit hook (`hooks.exit`, or the older `onExit`); hooks on other events have no portable meaning. */
function exitHook(task: Obj): Obj | undefined {
  if (task.hooks === undefined && task.onExit === undefined) return undefined;
  if (task.hooks !== undefined && task.onExit !== undefined) throw new ImportError('lifecycle hooks', `task ${task.name}: both onExit and hooks`);
  if (task.onExit !== undefined) {
    if (typeof task.onExit !== 'string') throw new ImportError('template-level onExit', `task ${task.name}`);
    return { template: task.onExit };
  }
  if (!isObj(task.hooks)) throw new ImportError('lifecycle hooks', `task ${task.name}`);
  const other = Object.keys(task.hooks).filter((k) => k !== 'exit');
  if (other.length > 0) throw new ImportError('lifecycle hooks', `task ${task.name}: hooks ${other.join(', ')} run on a condition while the workflow runs, which Weft has no way to say (an exit hook is imported)`);
  const h = task.hooks.exit;
  if (!isObj(h) || h.expression !== undefined) throw new ImportError('lifecycle hooks', `task ${task.name}: an exit hook with an expression`);
  for (const k of Object.keys(h)) if (!['template', 'templateRef', 'arguments'].includes(k)) throw new ImportError('lifecycle hooks', `task ${task.name}: hooks.exit.${k}`);
  return h;
}

/**
 * The template of a sub-pipeline standing for a task with an exit hook: the task itself (its
 * parameters become the template's inputs), then the hook, which may read the task's outputs.
 */
function hookedTemplate(task: Obj, hook: Obj, args: Map<string, string>, called: Obj): Obj {
  const name = String(task.name);
  const inner: Obj = { name };
  for (const k of ['template', 'templateRef', 'inline']) if (task[k] !== undefined) inner[k] = task[k];
  if (args.size > 0) inner.arguments = { parameters: [...args.keys()].map((n) => ({ name: n, value: `{{inputs.parameters.${n}}}` })) };
  const hookName = String(hook.template ?? hook.templateRef?.template ?? 'exit');
  const h: Obj = { name: hookName === name ? `${hookName}-exit` : hookName, depends: name };
  for (const k of ['template', 'templateRef', 'arguments']) if (hook[k] !== undefined) h[k] = hook[k];
  const t: Obj = { name, dag: { tasks: [inner, h] } };
  if (args.size > 0) t.inputs = { parameters: [...args.keys()].map((n) => ({ name: n })) };
  // The task's outputs are the sub-pipeline's (its standard output too, as an output named result).
  const outs = isObj(called.outputs) ? called.outputs : {};
  const params: Obj[] = (Array.isArray(outs.parameters) ? outs.parameters : []).filter((p: unknown) => isObj(p) && typeof p.name === 'string').map((p: Obj) => ({ name: p.name, valueFrom: { parameter: `{{tasks.${name}.outputs.parameters.${p.name}}}` } }));
  if ((isObj(called.script) || isObj(called.container)) && !params.some((p) => p.name === 'result')) params.push({ name: 'result', valueFrom: { parameter: `{{tasks.${name}.outputs.result}}` } });
  const arts: Obj[] = (Array.isArray(outs.artifacts) ? outs.artifacts : []).filter((a: unknown) => isObj(a) && typeof a.name === 'string').map((a: Obj) => ({ name: a.name, from: `{{tasks.${name}.outputs.artifacts.${a.name}}}` }));
  if (params.length + arts.length > 0) t.outputs = { ...(params.length > 0 ? { parameters: params } : {}), ...(arts.length > 0 ? { artifacts: arts } : {}) };
  HOOKED.set(t, h.name);
  return t;
}

/** The key of a template's standard output (`outputs.result`) among its outputs read, apart from a parameter named `result`. */
const STDOUT = '\u0000result';

/** Where a sub-pipeline's input parameters are substituted: a tag no Argo template has (resolved to the param). */
const INPUT_TAG = 'workflow.weft-input.';

/** An argument falling back on its input's default (ArgoImport.fallbacks, by index): a tag no Argo template has. */
const FALLBACK_TAG = 'workflow.weft-fallback.';

/** The template annotation an approval's message is read from (and written to by the exporter). */
const DESCRIPTION = 'workflows.argoproj.io/description';

/** The task names of one DAG or steps template, for `tasks.<name>` / `steps.<name>` references. */
interface Scope {
  ids: Map<string, string>;
  /** The calls of this DAG/steps template by name (for artifact references). */
  calls: Map<string, Call>;
}

interface Built {
  id: string;
  call: Call;
  task: Obj;
}

class ArgoImport {
  readonly warnings: ImportWarning[] = [];
  private readonly seen = new Set<string>();
  private readonly templates = new Map<string, Obj>();
  readonly params: Record<string, Obj> = {};
  /** Argo param name → Weft param name. */
  private readonly paramNames = new Map<string, string>();
  private readonly paramUse = new Map<string, Set<RefUse>>();
  private readonly usedIds = new Set<string>();
  /** Output references: weft task id → output name (Argo) → uses. */
  readonly outputUses = new Map<string, Map<string, Set<RefUse>>>();
  /** Tasks whose aggregated `{{tasks.X.outputs.parameters}}` is read (as `zip(tasks.X.outputs)`): id → the tag and feature, for errors. */
  private readonly aggregates = new Map<string, { tag: string; feature: string }>();
  readonly secrets: Record<string, Obj> = {};
  /** Arguments reading a task's output with their input's default (FALLBACK_TAG). */
  private readonly fallbacks: { tag: string; fallback: string }[] = [];
  /** The section each call is built in (a global output is read after its producer). */
  private readonly sections = new Map<Call, string>();
  /** Output artifacts of sub-pipeline tasks that other tasks read: weft task id → Argo artifact names. */
  private readonly subArtifactReads = new Map<string, Set<string>>();
  /** Sub-pipeline tasks whose file is imported once every task is built (so every read of their outputs is known). */
  private readonly pendingSubs: { call: Call; id: string; task: Obj; section: string }[] = [];
  /** The sub-pipeline file each sub-pipeline call runs. */
  private readonly subFiles = new Map<Call, SubFile>();
  /** `parameters\0<globalName>` / `artifacts\0<globalName>` → the calls producing it (`output` undefined: inside a sub-pipeline). */
  private readonly globalProducers = new Map<string, { call: Call; output?: string }[]>();

  constructor(
    readonly spec: Obj,
    readonly library: Library,
    readonly shared: Shared,
    /** A sub-pipeline's import: workflow parameters it reads become its params, handed on by the caller. */
    readonly isSub = false,
  ) {}

  /** Workflow parameters a sub-pipeline reads (Argo name → its param). */
  readonly forwarded = new Map<string, string>();

  /** The Weft param for an Argo workflow parameter; in a sub-pipeline, the workflow's own are forwarded on first use. */
  paramId(argo: string): string | undefined {
    const id = this.paramNames.get(argo);
    if (id !== undefined || argo.startsWith('\u0000')) return id;
    // A parameter the workflow reads but does not declare is given at submission (`argo submit -p`,
    // an event binding): a required param.
    const g = this.shared.globals.get(argo) ?? { name: argo };
    if (!this.isSub) {
      this.warn('parameters', `workflow parameter ${argo} is read but not declared (given at submission): imported as a required param`);
      this.declareParams([g]);
      return this.paramNames.get(argo);
    }
    this.declareParams([g]);
    const fwd = this.paramNames.get(argo)!;
    this.forwarded.set(argo, fwd);
    return fwd;
  }

  /** A sub-pipeline's input parameter as a param of its own (default only when it is literal text). */
  declareInput(p: Obj, withDefault: boolean): void {
    const id = this.weftName(p.name, new Set(Object.keys(this.params)), 'parameter');
    this.paramNames.set(`\u0000${p.name}`, id);
    const decl: Obj = { type: 'string' };
    const v = p.value ?? p.default;
    if (withDefault && v !== undefined && v !== null) decl.default = typeof v === 'string' ? v : JSON.stringify(v);
    if (Array.isArray(p.enum) && p.enum.length > 0) decl.enum = p.enum.map((x: unknown) => (typeof x === 'string' ? x : JSON.stringify(x)));
    if (typeof p.description === 'string') decl.description = p.description;
    this.params[id] = decl;
  }

  readTemplates(): void {
    for (const t of asList(this.spec.templates ?? [], 'spec.templates')) {
      if (!isObj(t) || typeof t.name !== 'string') throw new ImportError('templates without a name');
      this.templates.set(t.name, t);
    }
  }

  warn(feature: string, message: string): void {
    const key = `${feature}\u0000${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.warnings.push({ feature, message });
  }

  template(name: unknown, where: string): Obj {
    if (typeof name !== 'string') throw new ImportError('templateRef', `${where} names no template of this workflow`);
    const t = this.templates.get(name);
    if (!t) throw new ImportError('missing template', `${where} names the template ${name}, which this workflow does not define`);
    return t;
  }

  // ----- params -------------------------------------------------------------------------------

  declareParams(list: unknown): void {
    for (const p of asList(list, 'spec.arguments.parameters')) {
      if (!isObj(p) || typeof p.name !== 'string') throw new ImportError('parameters without a name');
      if (p.valueFrom !== undefined) throw new ImportError('parameters from ConfigMaps or other sources (valueFrom)', `parameter ${p.name}`);
      const id = this.weftName(p.name, new Set(Object.keys(this.params)), 'parameter');
      this.paramNames.set(p.name, id);
      const decl: Obj = { type: 'string' };
      if (p.value !== undefined && p.value !== null) decl.default = typeof p.value === 'string' ? p.value : JSON.stringify(p.value);
      if (Array.isArray(p.enum) && p.enum.length > 0) decl.enum = p.enum.map((v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v)));
      if (typeof p.description === 'string') decl.description = p.description;
      this.params[id] = decl;
    }
  }

  /** After every reference is known: the type each param's text reads as. */
  typeParams(): void {
    for (const [argo, id] of this.paramNames) {
      const decl = this.params[id]!;
      const uses = this.paramUse.get(argo) ?? new Set();
      const values: string[] = [...(decl.default !== undefined ? [decl.default as string] : []), ...((decl.enum as string[] | undefined) ?? [])];
      if (uses.has('list')) {
        const parsed = values.map((v) => tryJson(v));
        if (parsed.some((v) => !Array.isArray(v))) throw new ImportError('withParam over a parameter that is not a JSON list', `parameter ${argo}`);
        decl.type = 'list';
        if (decl.default !== undefined) decl.default = parsed[0];
        if (decl.enum) decl.enum = parsed.slice(decl.default !== undefined ? 1 : 0);
        continue;
      }
      const t = values.length > 0 ? commonScalarType(values) : undefined;
      if (!t) {
        if (typeof decl.default === 'string') decl.default = escapeWeft(decl.default);
        continue;
      }
      decl.type = t;
      if (decl.default !== undefined) decl.default = scalar(decl.default as string, t);
      if (decl.enum) decl.enum = (decl.enum as string[]).map((v) => scalar(v, t));
    }
  }

  paramType(argo: string): RefType {
    const id = this.paramNames.get(argo);
    const decl = id ? this.params[id] : undefined;
    if (!decl) return 'unknown';
    const values: string[] = [...(decl.default !== undefined ? [decl.default as string] : []), ...((decl.enum as string[] | undefined) ?? [])];
    return (values.length > 0 ? commonScalarType(values) : undefined) ?? 'string';
  }

  /** A valid, unused Weft name for an Argo name (renames are warned). */
  weftName(name: string, used: Set<string>, what: string): string {
    let base = name.replace(/[^A-Za-z0-9_-]/g, '_');
    if (!/^[A-Za-z_]/.test(base)) base = `_${base}`;
    let id = base;
    for (let i = 2; used.has(id); i++) id = `${base}_${i}`;
    used.add(id);
    if (id !== name) this.warn('names', `${what} ${JSON.stringify(name)} is imported as ${id}`);
    return id;
  }

  taskId(name: string): string {
    return this.weftName(name, this.usedIds, 'task');
  }

  // ----- structure ----------------------------------------------------------------------------

  /**
   * The calls a template runs: the tasks of a DAG/steps template, or the template itself as one
   * task. `artifacts` are the template's input artifacts as its caller passes them.
   */
  expand(t: Obj, name: string, inputs: Map<string, string>, depth: number, artifacts: Map<string, Obj> = new Map()): Call[] {
    if (depth > MAX_DEPTH) throw new ImportError('recursive templates', `${t.name} calls itself (directly or not)`);
    this.checkTemplate(t);
    const scope: Scope = { ids: new Map(), calls: new Map() };
    if (t.containerSet !== undefined) {
      // The template runs as one node (its containers inside): one task, a sub-pipeline of the containers.
      this.warnContainerSet(t);
      const call: Call = { name, template: containerSetDag(t), args: new Map(inputs), deps: [], bare: true, when: [], scope, artifacts };
      return [this.subCall(call, this.spec.templates ?? [], inputs)];
    }
    if (t.dag === undefined && t.steps === undefined) {
      return [{ name, template: t, args: addPathTags(t, new Map(inputs)), deps: [], bare: true, when: [], scope, artifacts }];
    }
    if (depth > 0 && t.failFast === false) throw new ImportError('failFast: false', `template ${t.name}`);
    const sub = (x: unknown): unknown => {
      // An expression tag reading this template's inputs would be evaluated later in another template's scope.
      const text = JSON.stringify(x);
      if (/\{\{\s*=[^}]*\binputs\./.test(text)) throw new ImportError('expression tags', `template ${t.name}: an expression tag reads the inputs of a DAG or steps template`);
      return substituteInputs(x, inputs, t.name);
    };
    const calls: Call[] = [];
    if (t.dag !== undefined) {
      if (!isObj(t.dag)) throw new ImportError('dag templates without tasks');
      if (t.dag.failFast === false && depth > 0) throw new ImportError('failFast: false', `template ${t.name}`);
      if (t.dag.target !== undefined) throw new ImportError('dag target');
      for (const raw of asList(t.dag.tasks, `${t.name}.dag.tasks`)) {
        const task = sub(raw) as Obj;
        this.checkTask(task);
        let deps: string[] = [];
        let rule: Rule | undefined;
        let bare = true;
        if (task.depends !== undefined) {
          if (task.dependencies !== undefined) throw new ImportError('depends with dependencies', `task ${task.name}`);
          let statusDepends: string | undefined;
          try {
            const d = parseDepends(String(task.depends));
            deps = d.terms.map((x) => x.task);
            const r = dependsRule(d, String(task.depends));
            rule = r.rule;
            bare = r.bare;
            if (r.note) this.warn('depends', `task ${task.name}: ${r.note}`);
          } catch (e) {
            if (!(e instanceof ImportError) || e.feature !== 'depends expression') throw e;
            // No trigger rule says it: wait for every named task, then test their statuses (refused when a result has no Weft status).
            deps = dependsCondition(String(task.depends), (x) => x).tasks;
            statusDepends = String(task.depends);
            rule = 'all_done';
            bare = false;
            this.warn('depends', `task ${task.name}: ${JSON.stringify(statusDepends)} becomes an if over the tasks' statuses (all_done); a Weft 'failed' also covers Argo's Errored, 'skipped' also Omitted`);
          }
          const c = this.call(task, deps, rule, bare, scope, depth, artifacts);
          if (statusDepends !== undefined) c.statusDepends = statusDepends;
          calls.push(c);
          continue;
        } else if (task.dependencies !== undefined) deps = asList(task.dependencies, `${task.name}.dependencies`).map(String);
        calls.push(this.call(task, deps, rule, bare, scope, depth, artifacts));
      }
      const names = new Set(calls.map((c) => c.name));
      for (const c of calls) for (const d of c.deps) if (!names.has(d)) throw new ImportError('missing dependency', `task ${c.name} depends on ${d}, which is not in the DAG`);
    } else {
      let previous: string[] = [];
      for (const group of asList(t.steps, `${t.name}.steps`)) {
        const steps = Array.isArray(group) ? group : isObj(group) && Array.isArray(group.steps) ? group.steps : undefined;
        if (!steps) throw new ImportError('steps that are not lists of steps', t.name);
        const now: string[] = [];
        for (const raw of steps) {
          const step = sub(raw) as Obj;
          this.checkTask(step);
          if (step.depends !== undefined || step.dependencies !== undefined) throw new ImportError('depends in steps', String(step.name));
          calls.push(this.call(step, previous, undefined, true, scope, depth, artifacts));
          now.push(String(step.name));
        }
        previous = now;
      }
    }
    return calls;
  }

  private checkTask(task: Obj): void {
    if (!isObj(task) || typeof task.name !== 'string') throw new ImportError('tasks without a name');
    for (const k of Object.keys(task)) {
      if (TASK_FIELDS.has(k)) continue;
      throw new ImportError(TASK_ERROR[k] ?? `task field ${k}`, `task ${task.name}`);
    }
  }

  checkTemplate(t: Obj): void {
    for (const k of Object.keys(t)) {
      if (TEMPLATE_K8S[k] !== undefined || TEMPLATE_RAW.has(k)) continue;
      const e = TEMPLATE_ERROR[k];
      if (e === undefined) throw new ImportError(`template field ${k}`, `template ${t.name}`);
      if (e !== '') throw new ImportError(e, `template ${t.name}`);
    }
    if (isObj(t.metadata)) {
      for (const k of Object.keys(t.metadata)) if (k !== 'labels' && k !== 'annotations') throw new ImportError(`template metadata ${k}`, `template ${t.name}`);
    }
    // A daemon keeps its pod running: a service task, which only a container or a script can be.
    if (t.daemon !== undefined && typeof t.daemon !== 'boolean') throw new ImportError('daemon', `template ${t.name}: daemon is ${JSON.stringify(t.daemon)}`);
    if (t.daemon === true && !isObj(t.container) && !isObj(t.script)) throw new ImportError('daemon templates other than container and script', `template ${t.name}`);
  }

  /** The template a DAG task or step runs: by name, inline, or (from the library) by templateRef. */
  private calledTemplate(task: Obj, name: string): { t: Obj; templates: unknown[] } {
    const given = [task.template, task.inline, task.templateRef].filter((x) => x !== undefined).length;
    if (given !== 1) throw new ImportError('tasks without exactly one template', `task ${name}`);
    const own: unknown[] = this.spec.templates ?? [];
    if (isObj(task.inline)) return { t: { name: `${name}-inline`, ...task.inline }, templates: own };
    if (task.templateRef !== undefined) {
      const r = this.library.resolve(task.templateRef, `task ${name}`);
      return { t: r.template, templates: r.templates };
    }
    return { t: this.template(task.template, `task ${name}`), templates: own };
  }

  /** One DAG task or step → a call of its leaf template (a one-task nested template is inlined). */
  private call(task: Obj, deps: string[], rule: Rule | undefined, bare: boolean, scope: Scope, depth: number, outerArtifacts: Map<string, Obj>): Call {
    const name = String(task.name);
    if (scope.ids.has(name)) throw new ImportError('duplicate task names', name);
    scope.ids.set(name, '');
    const called = this.calledTemplate(task, name);
    const templates = called.templates;
    if (called.t.containerSet !== undefined) this.warnContainerSet(called.t);
    const t = called.t.containerSet !== undefined ? containerSetDag(called.t) : called.t;
    const args = new Map<string, string>();
    const artifacts = new Map<string, Obj>();
    const a = task.arguments;
    if (a !== undefined) {
      if (!isObj(a)) throw new ImportError('arguments that are not a mapping', name);
      for (const x of asList(a.artifacts ?? [], `${name}.arguments.artifacts`)) {
        if (!isObj(x) || typeof x.name !== 'string') throw new ImportError('artifacts without a name', `task ${name}`);
        // A nested template handing its own input artifact on: the caller's argument, resolved.
        const m = typeof x.from === 'string' ? /^\s*\{\{\s*inputs\.artifacts\.([A-Za-z0-9_-]+)\s*\}\}\s*$/.exec(x.from) : null;
        if (m) {
          const outer = outerArtifacts.get(m[1]!);
          if (!outer) throw new ImportError('input artifacts without a source', `task ${name}: {{inputs.artifacts.${m[1]}}}`);
          artifacts.set(x.name, { ...outer, name: x.name });
        } else artifacts.set(x.name, x);
      }
      for (const p of asList(a.parameters ?? [], `${name}.arguments.parameters`)) {
        if (!isObj(p) || typeof p.name !== 'string') throw new ImportError('parameters without a name', name);
        if (p.valueFrom !== undefined) throw new ImportError('argument parameters from other sources (valueFrom)', `task ${name}`);
        args.set(p.name, p.value === undefined || p.value === null ? '' : typeof p.value === 'string' ? p.value : JSON.stringify(p.value));
      }
    }
    const inputs = this.inputsOf(t, args, `task ${name}`);
    if (t.dag === undefined && t.steps === undefined) addPathTags(t, inputs);
    const call: Call = { name, template: t, args: inputs, deps, bare, when: [], scope, artifacts };
    scope.calls.set(name, call);
    if (rule) call.rule = rule;
    if (task.when !== undefined) call.when.push(String(task.when));
    if (task.continueOn !== undefined) {
      if (!isObj(task.continueOn)) throw new ImportError('continueOn', `task ${name}`);
      call.continueOn = task.continueOn;
    }
    const loop = this.loopOf(task);
    if (loop) call.loop = loop;
    const hook = exitHook(task);
    if (hook) {
      // A task with an exit hook: a sub-pipeline running the task, then the hook as its finally.
      if (loop) throw new ImportError('exit hooks on loops', `task ${name}: Argo runs the hook per iteration`);
      if (artifacts.size > 0) throw new ImportError('artifacts passed to nested DAG templates', `task ${name} has an exit hook and takes files`);
      call.template = hookedTemplate(task, hook, args, t);
      call.args = new Map(args);
      return this.subCall(call, templates, args);
    }
    if (t.dag === undefined && t.steps === undefined) {
      this.checkTemplate(t);
      return call;
    }
    // A nested DAG/steps template: inlined when it runs exactly one task (the common loop
    // wrapper), otherwise (or from another document) a sub-pipeline with its inputs as params.
    if (templates !== this.spec.templates) return this.subCall(call, templates, args);
    const inner = this.expand(t, name, inputs, depth + 1, artifacts);
    if (inner.length !== 1 || (inner[0]!.loop && call.loop) || !sameOutputs(t, inner[0]!.name)) return this.subCall(call, templates, args);
    const only = inner[0]!;
    for (const k of ['retryStrategy', 'activeDeadlineSeconds', 'timeout'] as const) {
      if (t[k] !== undefined) throw new ImportError(`${k} on DAG templates`, `template ${t.name}`);
    }
    for (const k of Object.keys(t)) if (TEMPLATE_K8S[k] !== undefined || TEMPLATE_RAW.has(k)) throw new ImportError(`${k} on DAG templates`, `template ${t.name}`);
    if (only.continueOn && call.continueOn) throw new ImportError('continueOn on nested templates', `task ${name}`);
    const merged: Call = { ...call, template: only.template, args: only.args, artifacts: only.artifacts, when: [...call.when, ...only.when] };
    if (only.continueOn) merged.continueOn = only.continueOn;
    if (only.loop) {
      merged.loop = only.loop;
      merged.innerLoop = true;
    }
    const par = typeof t.parallelism === 'number' ? t.parallelism : t.parallelism !== undefined ? Number(t.parallelism) : undefined;
    if (par !== undefined && only.loop) merged.parallelism = par;
    else if (only.parallelism !== undefined) merged.parallelism = only.parallelism;
    scope.calls.set(name, merged);
    return merged;
  }

  private warnContainerSet(t: Obj): void {
    this.warn('containerSet', `template ${t.name}: its containers run as tasks of their own (each in its own pod, in the same order), not in one pod`);
  }

  /** A call of a nested DAG/steps template that becomes a `type: pipeline` task. */
  private subCall(call: Call, templates: unknown[], passed: Map<string, string>): Call {
    const t = call.template;
    const ins = isObj(t.inputs) ? t.inputs : {};
    if (call.artifacts.size > 0 || (Array.isArray(ins.artifacts) && ins.artifacts.length > 0)) {
      throw new ImportError('artifacts passed to nested DAG templates', `task ${call.name} runs ${t.name}: a sub-pipeline takes values, not files`);
    }
    for (const k of Object.keys(t)) if (TEMPLATE_K8S[k] !== undefined) throw new ImportError(`${k} on DAG templates`, `template ${t.name}`);
    call.sub = { templates, passed };
    call.scope.calls.set(call.name, call);
    return call;
  }

  /**
   * The sub-pipeline tasks, once every task is built: each one's file (imported with the outputs
   * its callers read) and `with`. Later tasks first, so a `with` reading an earlier sub-pipeline's
   * output is known when that one is imported.
   */
  finishSubs(built: Map<string, Built>): void {
    // Calls of the same template with the same parameters share one file: it has the outputs any of them reads.
    const union = new Map<Obj, Map<string, SubReads>>();
    const group = (call: Call): SubReads => {
      let byKey = union.get(call.template);
      if (!byKey) union.set(call.template, (byKey = new Map()));
      const key = [...call.sub!.passed.keys()].sort().join('\u0000');
      let reads = byKey.get(key);
      if (!reads) byKey.set(key, (reads = { params: new Map(), artifacts: new Set() }));
      return reads;
    };
    for (const p of this.pendingSubs) {
      const reads = group(p.call);
      for (const a of this.subArtifactReads.get(p.id) ?? []) reads.artifacts.add(a);
      for (const [o, uses] of this.outputUses.get(p.id) ?? []) {
        const own = o === STDOUT && HOOKED.has(p.call.template) ? 'result' : o;
        let u = reads.params.get(own);
        if (!u) reads.params.set(own, (u = new Set()));
        // A fan-out collects each run's value into a list: how the list is used says nothing of one value.
        for (const x of p.call.loop ? (['text'] as RefUse[]) : uses) u.add(x);
      }
    }
    for (const p of [...this.pendingSubs].reverse()) {
      const body = this.subPipeline(p.call, group(p.call), this.resolver(p.call, p.section, built));
      Object.assign(p.task, body);
    }
    this.pendingSubs.length = 0;
  }

  /** The sub-pipeline a call runs (imported once per template, set of passed parameters and outputs read) and its `with`. */
  private subPipeline(call: Call, reads: SubReads, r: RefResolver): Obj {
    const t = call.template;
    const passed = call.sub!.passed;
    const key = [
      [...passed.keys()].sort().join('\u0000'),
      [...reads.params].sort((a, b) => a[0].localeCompare(b[0])).map(([o, u]) => `${o}:${[...u].sort().join(',')}`).join('\u0000'),
      [...reads.artifacts].sort().join('\u0000'),
    ].join('\u0001');
    let byKey = this.shared.subs.get(t);
    if (!byKey) this.shared.subs.set(t, (byKey = new Map()));
    let file = byKey.get(key);
    if (!file) {
      if (this.shared.stack.has(t)) throw new ImportError('recursive templates', `${t.name} calls itself (directly or not)`);
      this.shared.stack.add(t);
      file = importSub(t, call.sub!.templates, passed, this.library, this.shared, reads);
      this.shared.stack.delete(t);
      byKey.set(key, file);
    }
    const w: Obj = {};
    for (const [n, id] of file.inputs) {
      const v = passed.get(n);
      if (v === undefined) continue;
      const type = file.params[id]?.type;
      // A list param is filled with the list itself (the caller's reference is then typed a list too).
      const tag = soleTag(v);
      if (tag !== undefined && type === 'list') {
        w[id] = `\${{ ${r.ref(tag, 'list').expr} }}`;
        continue;
      }
      // A literal value is written with the type of the param it fills (Argo passes text).
      const lit = hasArgoTags(v) ? undefined : type === 'list' ? tryJson(v) : (type === 'integer' || type === 'number' || type === 'boolean') && commonScalarType([v]) ? scalar(v, commonScalarType([v])!) : undefined;
      w[id] = lit !== undefined && (type !== 'list' || Array.isArray(lit)) ? lit : argoText(v, r);
    }
    for (const [g, id] of file.forwarded) w[id] = argoText(`{{workflow.parameters.${g}}}`, r);
    this.subFiles.set(call, file);
    const out: Obj = { pipeline: file.path };
    if (Object.keys(w).length > 0) out.with = w;
    return out;
  }

  /** The template's input parameters: the caller's argument, else the template's default. */
  inputsOf(t: Obj, args: Map<string, string>, where: string): Map<string, string> {
    const out = new Map<string, string>();
    const ins = isObj(t.inputs) ? t.inputs : {};
    for (const p of asList(ins.parameters ?? [], `${t.name}.inputs.parameters`)) {
      if (!isObj(p) || typeof p.name !== 'string') throw new ImportError('parameters without a name', t.name);
      // (A DAG template hands its inputs on: the template that uses one applies its own default.)
      if (args.has(p.name)) out.set(p.name, t.dag === undefined && t.steps === undefined ? this.withFallback(args.get(p.name)!, p.default) : args.get(p.name)!);
      else if (p.value !== undefined && p.value !== null) out.set(p.name, String(p.value));
      else if (p.default !== undefined && p.default !== null) out.set(p.name, String(p.default));
      else if (p.valueFrom !== undefined) throw new ImportError('input parameters from other sources (valueFrom)', `template ${t.name}`);
      else if (isApproval(t)) continue; // the approver supplies it
      else throw new ImportError('input parameter without a value', `${where}: template ${t.name} needs ${p.name}`);
    }
    return out;
  }

  /**
   * An argument that is one other task's output, for an input with a default: Argo uses the
   * default when that output is missing (its task was skipped), as Weft's `default()` does.
   */
  private withFallback(arg: string, def: unknown): string {
    const tag = soleTag(arg);
    if (def === undefined || def === null || tag === undefined || !/^(tasks|steps)\.[^.]+\.outputs\.(parameters\.|result$)/.test(tag)) return arg;
    const fallback = typeof def === 'string' ? def : JSON.stringify(def);
    if (hasArgoTags(fallback)) {
      this.warn('parameters', `the default ${JSON.stringify(fallback)} of an input reading ${arg} reads other values; not imported (the input is the output, missing when its task is skipped)`);
      return arg;
    }
    this.fallbacks.push({ tag, fallback });
    return `{{${FALLBACK_TAG}${this.fallbacks.length - 1}}}`;
  }

  /** Notes the calls of one section: where each is built, and which global outputs each produces. */
  registerCalls(calls: Call[], section: string): void {
    for (const c of calls) {
      this.sections.set(c, section);
      for (const g of globalsOf(c.template, c.sub?.templates ?? [], false)) {
        let list = this.globalProducers.get(g.key);
        if (!list) this.globalProducers.set(g.key, (list = []));
        list.push(g.output === undefined ? { call: c } : { call: c, output: g.output });
      }
    }
  }

  /**
   * The one task producing a global output (`{{workflow.outputs.<kind>.<name>}}`), which the
   * consumer reads as that task's output: it must run before the consumer (earlier in the same
   * DAG, or in the main DAG when the consumer is in the exit handler).
   */
  private globalProducer(consumer: Call, name: string, kind: 'parameters' | 'artifacts', where: string): { id: string; call: Call; output: string } {
    const refuse = (why: string): never => {
      throw new ImportError('{{workflow.outputs}}', `${where}: ${why}`);
    };
    const found = this.globalProducers.get(`${kind}\u0000${name}`) ?? [];
    if (found.length === 0) refuse(this.isSub ? "no task of this nested template produces it (a sub-pipeline cannot read its caller's tasks)" : 'no task produces it');
    if (found.length > 1) refuse(`${found.length} tasks produce it (which one Argo keeps depends on timing)`);
    const { call, output } = found[0]!;
    if (output === undefined) refuse(`it is produced inside ${call.name}, a nested DAG template, by a task of its own (only the nested template's own outputs reach its caller)`);
    if (call.loop) refuse(`${call.name} produces it in a loop (each iteration overwrites it)`);
    const mine = this.sections.get(consumer);
    const theirs = this.sections.get(call);
    const before = mine === theirs ? call.scope === consumer.scope && predecessors(consumer).has(call.name) : theirs === 'tasks';
    if (!before) refuse(`${consumer.name} does not run after ${call.name}, which produces it`);
    return { id: call.scope.ids.get(call.name)!, call, output: output! };
  }

  private loopOf(task: Obj): Call['loop'] {
    const n = [task.withItems, task.withParam, task.withSequence].filter((x) => x !== undefined).length;
    if (n > 1) throw new ImportError('several loops on one task', String(task.name));
    if (task.withItems !== undefined) return { items: asList(task.withItems, `${task.name}.withItems`) };
    if (task.withParam !== undefined) return { param: String(task.withParam) };
    if (task.withSequence !== undefined) {
      const s = task.withSequence;
      if (!isObj(s)) throw new ImportError('withSequence', String(task.name));
      const format = s.format === undefined ? undefined : String(s.format);
      // Literal sequences with a printf number format become a literal list of the formatted items.
      if (format !== undefined && !SEQ_FORMAT.test(format)) throw new ImportError('withSequence format', `${task.name}: ${JSON.stringify(format)}`);
      // Bounds that are references become a range() over them, evaluated when the task runs.
      const texts = { count: s.count, start: s.start, end: s.end };
      if (Object.values(texts).some((v) => v !== undefined && !/^-?[0-9]+$/.test(String(v)))) {
        const sequence: { count?: string; start?: string; end?: string } = {};
        for (const [k, v] of Object.entries(texts)) {
          if (v === undefined) continue;
          const text = String(v).trim();
          if (!/^-?[0-9]+$/.test(text) && soleTag(text) === undefined) throw new ImportError('withSequence with computed bounds', `${task.name}.withSequence.${k} is ${JSON.stringify(text)}`);
          sequence[k as 'count'] = text;
        }
        if (format !== undefined) throw new ImportError('withSequence format', `${task.name}: a format over computed bounds`);
        if (sequence.count !== undefined && sequence.start !== undefined && !/^-?[0-9]+$/.test(sequence.start)) throw new ImportError('withSequence with computed bounds', `${task.name}: count with a computed start`);
        return { sequence };
      }
      const num = (v: unknown): number | undefined => (v === undefined ? undefined : Number(String(v)));
      const count = num(s.count);
      const start = num(s.start) ?? 0;
      let end = num(s.end);
      if (count !== undefined) end = start + count - 1;
      if (end === undefined) throw new ImportError('withSequence', `${task.name} has neither count nor end`);
      const items: number[] = [];
      const step = end >= start ? 1 : -1;
      if (Math.abs(end - start) > 10_000) throw new ImportError('withSequence', 'more than 10,000 items');
      for (let i = start; step > 0 ? i <= end : i >= end; i += step) items.push(i);
      if (format === undefined) return { items };
      return { items: items.map((i) => sequenceItem(format, i)) };
    }
    return undefined;
  }

  // ----- tasks --------------------------------------------------------------------------------

  /** The reference resolver for one call. */
  resolver(call: Call, section: string, all: Map<string, Built>): RefResolver {
    const r: RefResolver = {
      ref: (body, use) => {
        if (body.startsWith('=')) {
          // An expression tag: translated when expr-lang and Weft mean the same (exprlang.ts).
          if (use === 'list') throw new ImportError('expression tags', `{{${body}}} as a list to loop over`);
          const expr = translateExprTag(body.slice(1), {
            ref: (b) => r.ref(b, 'text').expr,
            input: (n) => {
              const text = call.args.get(n);
              if (text === undefined) return undefined;
              const pieces = argoPieces(text);
              if (pieces.length === 0) return quote('');
              if (pieces.length === 1 && pieces[0]!.tag !== undefined) return `(${r.ref(pieces[0]!.tag, 'text').expr})`;
              if (pieces.every((x) => x.tag === undefined)) return quote(text);
              throw new ImportError('expression tags', `{{${body}}}: inputs.parameters.${n} is text with references, which expr-lang reads as one string`);
            },
          });
          return { expr, type: 'unknown' };
        }
        const parts = body.split('.');
        const [root, a, b, c, ...rest] = parts;
        switch (root) {
          case 'workflow': {
            if ((a === 'parameters' || a === INPUT_TAG.split('.')[1]) && b !== undefined) {
              const pname = a === 'parameters' ? parts.slice(2).join('.') : `\u0000${parts.slice(2).join('.')}`;
              const id = this.paramId(pname);
              if (!id) throw new ImportError('undeclared workflow parameter', `{{${body}}}`);
              let uses = this.paramUse.get(pname);
              if (!uses) this.paramUse.set(pname, (uses = new Set()));
              uses.add(use);
              const type: RefType = use === 'list' ? 'list' : this.paramType(pname);
              return { expr: refPath('params', id), type };
            }
            if (a === FALLBACK_TAG.split('.')[1] && b !== undefined) {
              const f = this.fallbacks[Number(b)]!;
              if (use === 'list') throw new ImportError('input defaults of loop lists', `the default ${JSON.stringify(f.fallback)} of an input looped over`);
              const inner = r.ref(f.tag, use);
              // Compared as a number, a numeric fallback is written as one (default() keeps the type of either side).
              const numeric = use === 'number' && ['integer', 'number'].includes(commonScalarType([f.fallback]) ?? '');
              return { expr: `default(${inner.expr}, ${numeric ? f.fallback : quote(f.fallback)})`, type: inner.type };
            }
            if (a === 'outputs' && b === 'parameters' && c !== undefined) {
              const g = this.globalProducer(call, parts.slice(3).join('.'), 'parameters', `{{${body}}}`);
              return this.useOutput(g.id, g.output, use);
            }
            if (a === 'duration' && b === undefined) return { expr: 'run.duration', type: 'number' };
            if (a === 'name' && b === undefined) return { expr: 'run.id', type: 'string' };
            if ((a === 'scheduledTime' || a === 'creationTimestamp') && b === undefined && use === 'text') {
              this.warn('workflow.time', `{{workflow.${a}}} is imported as run.timestamp (the run's date and time); its text format is the target's`);
              return { expr: 'run.timestamp', type: 'string' };
            }
            if (a === 'status' && b === undefined && section !== 'tasks' && use === 'text') {
              this.warn('workflow.status', `{{workflow.status}} is imported as run.status, the run's outcome; its values are Weft's, not Argo's phase names (Succeeded, Failed, Error)`);
              return { expr: 'run.status', type: 'string' };
            }
            if (a === 'failures' && b === undefined && section !== 'tasks' && use === 'text') {
              this.warn('workflow.failures', `{{workflow.failures}} is imported as run.failedTasks, a JSON list of the failed tasks' ids; Argo's lists the failed nodes (name, message, phase…)`);
              return { expr: 'run.failedTasks', type: 'list' };
            }
            throw new ImportError(`{{workflow.${a}}}`, `{{${body}}} has no Weft equivalent`);
          }
          case 'item': {
            if (!call.loop) throw new ImportError('item outside a loop', `{{${body}}}`);
            if (a === undefined) return { expr: 'item', type: 'unknown' };
            // Over a loop's aggregated parameters (zip of its outputs, read as text), each key holds a string.
            const over = call.loop.param === undefined ? undefined : soleTag(call.loop.param);
            const text = parts.length === 2 && over !== undefined && /^(tasks|steps)\.[^.]+\.outputs\.parameters$/.test(over);
            return { expr: refPath('item', ...parts.slice(1)), type: text ? 'string' : 'unknown' };
          }
          case 'tasks':
          case 'steps': {
            const id = a !== undefined ? call.scope.ids.get(a) : undefined;
            if (!id) throw new ImportError('references outside the task\'s DAG', `{{${body}}}`);
            if (b === 'outputs' && c === 'parameters' && rest.length > 0) return this.useOutput(id, rest.join('.'), use);
            if (b === 'outputs' && c === 'result' && rest.length === 0) return this.useOutput(id, STDOUT, use);
            if (b === 'outputs' && c === 'parameters' && rest.length === 0) return this.useAggregate(id, call.scope.calls.get(a!), `{{${body}}}`, root!, use);
            if (b === 'outputs' && c === 'artifacts') throw new ImportError('artifacts', `{{${body}}}`);
            if (b === 'status' && c === undefined && use === 'text') {
              this.warn('status', `{{${body}}} is imported as tasks.${id}.status; its values are Weft's, not Argo's phase names (Succeeded, Failed, Error)`);
              return { expr: refPath('tasks', id, 'status'), type: 'string' };
            }
            // A daemon's pod IP is where its service answers; an exit code is that of one pod.
            const target = call.scope.calls.get(a!);
            const pod = target !== undefined && target.sub === undefined && (isObj(target.template.container) || isObj(target.template.script));
            if (b === 'ip' && c === undefined && pod && target!.template.daemon === true) return { expr: refPath('tasks', id, 'address'), type: 'string' };
            if (b === 'exitCode' && c === undefined && pod && !target!.loop && use !== 'list') return { expr: refPath('tasks', id, 'exitCode'), type: 'integer' };
            if (b === 'ip' || b === 'exitCode') throw new ImportError(`{{${root}.<name>.${b}}}`, `{{${body}}}: ${a} is not ${b === 'ip' ? 'a daemon' : 'one container run outside a loop'}`);
            throw new ImportError(`{{${root}.<name>.${[b, c].filter(Boolean).join('.')}}}`, `{{${body}}} has no Weft equivalent`);
          }
          case 'inputs':
            if (a === 'artifacts') throw new ImportError('artifacts', `{{${body}}}`);
            throw new ImportError('input parameter without a value', `{{${body}}}`);
          default:
            throw new ImportError(`{{${root}}}`, `{{${body}}} has no Weft equivalent (${section})`);
        }
      },
    };
    void all;
    return r;
  }

  useOutput(id: string, output: string, use: RefUse): { expr: string; type: RefType } {
    let m = this.outputUses.get(id);
    if (!m) this.outputUses.set(id, (m = new Map()));
    let u = m.get(output);
    if (!u) m.set(output, (u = new Set()));
    u.add(use);
    return { expr: refPath('tasks', id, 'outputs', output === STDOUT ? 'result' : outputName(output)), type: use === 'number' ? 'number' : use === 'list' ? 'list' : 'string' };
  }

  /**
   * `{{tasks.X.outputs.parameters}}` of a loop: Argo's JSON list with one object per iteration
   * holding its output parameters → `zip(tasks.X.outputs)` over every output parameter of the
   * loop's template (`toJSON(…)` in text). Only a loop aggregates them, and the objects hold
   * parameters only: a loop with output artifacts (or read for its standard output too, see
   * addOutputs) would add their lists to the task's outputs.
   */
  useAggregate(id: string, target: Call | undefined, tag: string, root: string, use: RefUse): { expr: string; type: RefType } {
    const feature = `{{${root}.<name>.outputs.parameters}}`;
    if (!target?.loop || target.innerLoop) throw new ImportError(feature, `${tag}: ${target?.name ?? id} is not a loop (Argo aggregates parameters only over a loop's iterations)`);
    const t = target.template;
    const arts = isObj(t.outputs) ? asList(t.outputs.artifacts ?? [], `${t.name}.outputs.artifacts`) : [];
    if (arts.length > 0) throw new ImportError(`${feature} of loops with output artifacts`, `${tag}: template ${t.name} also has output artifacts`);
    const params: Obj[] = asList(isObj(t.outputs) ? (t.outputs.parameters ?? []) : [], `${t.name}.outputs.parameters`);
    if (params.length === 0) throw new ImportError(feature, `${tag}: template ${t.name} has no output parameters`);
    for (const p of params) {
      if (!isObj(p) || typeof p.name !== 'string' || outputName(p.name) !== p.name) throw new ImportError(feature, `${tag}: the output ${JSON.stringify(p?.name)} of template ${t.name} is not a Weft output name`);
    }
    if (use === 'number') throw new ImportError(feature, `${tag} compared as a number`);
    for (const p of params) this.useOutput(id, p.name, 'text');
    this.aggregates.set(id, { tag, feature });
    const zip = `zip(${refPath('tasks', id, 'outputs')})`;
    return use === 'list' ? { expr: zip, type: 'list' } : { expr: `toJSON(${zip})`, type: 'string' };
  }

  /** The tasks of one section (`built` collects every task, for output references). */
  build(calls: Call[], ids: string[], section: string, built: Map<string, Built>): Obj {
    const skippable = new Set<string>();
    calls.forEach((c, i) => {
      if (c.when.length > 0 || c.statusDepends !== undefined || c.weftIf !== undefined || (c.rule !== undefined && !['all_success', 'none_failed', 'all_done'].includes(c.rule))) skippable.add(ids[i]!);
    });
    const out: Obj = {};
    calls.forEach((c, i) => {
      const id = ids[i]!;
      const task = this.task(c, id, this.resolver(c, section, built), skippable);
      if (c.sub) this.pendingSubs.push({ call: c, id, task, section });
      out[id] = task;
      built.set(id, { id, call: c, task });
    });
    return out;
  }

  /** A call → a Weft task (outputs are added later, once every reference is known). */
  task(call: Call, id: string, r: RefResolver, skippable: Set<string>): Obj {
    const t = call.template;
    const text = (s: unknown): string => argoText(String(substituteInputs(String(s), call.args, t.name)), r);
    const task: Obj = {};
    // Dependencies and the rule that says when the task may start.
    const needs = call.deps.map((d) => call.scope.ids.get(d)!);
    let rule = call.rule;
    if (needs.length > 0 && call.bare && rule === undefined && needs.some((n) => skippable.has(n))) rule = 'none_failed';
    if (needs.length > 0 && call.bare && rule === 'all_success' && needs.some((n) => skippable.has(n))) {
      throw new ImportError('depends expression', `task ${call.name} mixes bare names and .Succeeded over tasks that may be skipped`);
    }
    const body = this.body(call, id, text, r);
    task.type = body.type;
    delete body.type;
    if (needs.length > 0) task.needs = needs;
    if (call.when.length > 0 || call.statusDepends !== undefined || call.weftIf !== undefined) {
      const conds = [...(call.weftIf ?? []), ...call.when.map((w) => argoCondition(substituteInputs(w, call.args, t.name) as string, r))];
      // Argo tests depends first and when only if it held: both must hold, in that order.
      if (call.statusDepends !== undefined) conds.unshift(dependsCondition(call.statusDepends, (d) => refPath('tasks', call.scope.ids.get(d)!, 'status')).condition);
      task.if = `\${{ ${conds.length === 1 ? conds[0] : conds.map((c) => `(${c})`).join(' && ')} }}`;
    }
    if (rule && rule !== 'all_success' && needs.length > 0) task.trigger = rule;
    if (call.loop) {
      const f: Obj = {};
      if (call.loop.items) f.items = call.loop.items.map((x) => literalItem(x, r));
      else if (call.loop.sequence) {
        const q = call.loop.sequence;
        const b = (x: string): string => {
          const tag = soleTag(x);
          return tag === undefined ? String(Number(x)) : `int(${r.ref(tag, 'text').expr})`;
        };
        const start = Number(q.start ?? '0');
        f.items = q.count === undefined ? `\${{ range(${b(q.start ?? '0')}, ${b(q.end ?? '0')} + 1) }}` : start === 0 ? `\${{ range(${b(q.count)}) }}` : `\${{ range(${start}, ${start} + ${b(q.count)}) }}`;
      } else {
        const tag = soleTag(call.loop.param!);
        if (tag === undefined) {
          const parsed = tryJson(call.loop.param!);
          if (!Array.isArray(parsed)) throw new ImportError('withParam', `task ${call.name}: ${JSON.stringify(call.loop.param)} is not one reference or a JSON list`);
          f.items = parsed.map((x) => literalItem(x, r));
        } else f.items = `\${{ ${r.ref(tag, 'list').expr} }}`;
      }
      if (call.parallelism !== undefined) f.parallelism = call.parallelism;
      task.foreach = f;
    } else if (call.parallelism !== undefined) this.warn('parallelism', `task ${call.name}: parallelism of a one-task template has no effect; not imported`);
    Object.assign(task, body);
    const retries = this.retries(t);
    if (retries !== undefined) task.retries = retries;
    const timeout = this.timeout({ ...t, timeout: t.timeout === undefined ? undefined : substituteInputs(t.timeout, call.args, t.name), activeDeadlineSeconds: t.activeDeadlineSeconds === undefined ? undefined : substituteInputs(t.activeDeadlineSeconds, call.args, t.name) });
    if (timeout !== undefined && task.type !== 'http') task.timeout = timeout;
    if (isObj(t.metadata) && isObj(t.metadata.labels)) task.labels = Object.fromEntries(Object.entries(t.metadata.labels).map(([k, v]) => [k, escapeWeft(String(v))]));
    if (t.daemon === true) {
      // A daemon keeps running while later tasks use it: a service (ready as its probe says, podSettings).
      if (call.loop) throw new ImportError('daemon templates in loops', `task ${call.name}: a service is one process at one address`);
      task.service = true;
    }
    this.files(call, task, text);
    if (task.service && task.outputs) throw new ImportError('outputs of daemon templates', `template ${t.name}: a service never ends, so it reports nothing`);
    this.podSettings(call, task, r, id);
    return task;
  }

  /** Input artifacts → `inputs`; output artifacts → `file` outputs (Argo-only fields kept for platform.argo). */
  private files(call: Call, task: Obj, text: (s: unknown) => string): void {
    const t = call.template;
    const raw = this.rawOf(task);
    const ins = asList(isObj(t.inputs) ? (t.inputs.artifacts ?? []) : [], `${t.name}.inputs.artifacts`);
    const inputs: Obj = {};
    const usedInputs = new Set<string>();
    for (const decl of ins) {
      if (!isObj(decl) || typeof decl.name !== 'string') throw new ImportError('artifacts without a name', `template ${t.name}`);
      const where = `template ${t.name}: input artifact ${decl.name}`;
      if (typeof decl.path !== 'string' || !decl.path) throw new ImportError('input artifacts without a path', where);
      const given = call.artifacts.get(decl.name);
      // The caller's argument replaces the template's own source (Argo merges the two the same way).
      const a: Obj = given ? { ...decl, ...given, path: decl.path } : decl;
      const id = this.weftName(decl.name, usedInputs, 'input artifact');
      const path = String(substituteInputs(decl.path, call.args, t.name));
      if (hasArgoTags(path)) throw new ImportError('artifact paths with parameters', where);
      const input: Obj = { path: escapeWeft(path) };
      const extras = artifactExtras(a, new Set([...ARTIFACT_OWN, 'archive', 'artifactGC', 'deleted']));
      if (a.fromExpression !== undefined) throw new ImportError('artifacts from expressions (fromExpression)', where);
      const keep: Obj = {};
      const keyed = typeof a.from === 'string' ? undefined : this.keyedProducer(call, a, where);
      if (typeof a.from === 'string') {
        input.from = this.artifactFrom(call, a.from, where);
      } else if (keyed) {
        input.from = keyed;
      } else {
        const loc = locationOf(a, where);
        if (!loc) {
          if (a.optional === true) {
            this.warn('artifacts', `${where}: an optional input with no source is not imported`);
            continue;
          }
          throw new ImportError('input artifacts without a source', where);
        }
        if (loc.content !== undefined) input.content = text(loc.content);
        else input.url = text(loc.url!);
        if (loc.extra) Object.assign(keep, loc.extra);
      }
      if (a.optional === true) input.optional = true;
      if (a.mode !== undefined) {
        if (!Number.isInteger(a.mode) || a.mode < 0 || a.mode > 511) throw new ImportError('artifact modes', where);
        input.mode = a.mode;
      }
      for (const k of ['archive', 'artifactGC', 'deleted']) if (a[k] !== undefined) keep[k] = a[k];
      Object.assign(keep, extras);
      if (Object.keys(keep).length > 0) (raw.inputs ??= {})[id] = this.verbatim(keep, call, where);
      inputs[id] = input;
    }
    if (Object.keys(inputs).length > 0) task.inputs = inputs;

    // A sub-pipeline's output artifacts are declared as its callers read them (addOutputs).
    const outs = call.sub ? [] : asList(isObj(t.outputs) ? (t.outputs.artifacts ?? []) : [], `${t.name}.outputs.artifacts`);
    for (const decl of outs) {
      if (!isObj(decl) || typeof decl.name !== 'string') throw new ImportError('artifacts without a name', `template ${t.name}`);
      const where = `template ${t.name}: output artifact ${decl.name}`;
      if (decl.from !== undefined || decl.fromExpression !== undefined) throw new ImportError('output artifacts of DAG templates', where);
      if (typeof decl.path !== 'string' || !decl.path) throw new ImportError('output artifacts without a path', where);
      const path = String(substituteInputs(decl.path, call.args, t.name));
      if (hasArgoTags(path)) throw new ImportError('artifact paths with parameters', where);
      const name = artifactOutputName(t, decl.name);
      (task.outputs ??= {})[name] = { type: path.endsWith('/') ? 'dir' : 'file', path: escapeWeft(path) };
      const keep: Obj = {};
      for (const [k, v] of Object.entries(decl)) if (k !== 'name' && k !== 'path') keep[k] = v;
      if (Object.keys(keep).length > 0) (raw.outputs ??= {})[name] = this.verbatim(keep, call, where);
    }
  }

  /**
   * An input naming only a key of the artifact repository that a task before it in the same DAG
   * writes (an output with the same key-only location): that task's file output, which is what the
   * key holds when this task runs. Undefined when the input names a full location.
   */
  private keyedProducer(call: Call, a: Obj, where: string): string | undefined {
    const key = repositoryKey(a);
    if (key === undefined) return undefined;
    const before = predecessors(call);
    const found: { name: string; out: string }[] = [];
    for (const n of before) {
      const c = call.scope.calls.get(n)!;
      for (const o of asList(isObj(c.template.outputs) ? (c.template.outputs.artifacts ?? []) : [], `${c.template.name}.outputs.artifacts`)) {
        if (isObj(o) && typeof o.name === 'string' && repositoryKey(o) === key) found.push({ name: n, out: o.name });
      }
    }
    if (found.length !== 1 || call.scope.calls.get(found[0]!.name)!.loop) throw new ImportError('artifacts in the artifact repository (key only)', `${where}: no single task before it writes that key`);
    this.warn('artifacts', `${where}: the artifact repository key ${key.slice(key.indexOf(':') + 1)} is read from task ${found[0]!.name}, which writes it`);
    const producer = call.scope.calls.get(found[0]!.name)!;
    return `\${{ ${refPath('tasks', call.scope.ids.get(found[0]!.name) || found[0]!.name, 'outputs', artifactOutputName(producer.template, found[0]!.out))} }}`;
  }

  /** `{{tasks.x.outputs.artifacts.y}}` (or steps., or a global `{{workflow.outputs.artifacts.g}}`) → the Weft reference to that file output. */
  private artifactFrom(call: Call, from: string, where: string): string {
    const g = /^\s*\{\{\s*workflow\.outputs\.artifacts\.([A-Za-z0-9_.-]+)\s*\}\}\s*$/.exec(from);
    if (g) {
      const p = this.globalProducer(call, g[1]!, 'artifacts', `${where}: ${from.trim()}`);
      if (p.call.sub) this.readSubArtifact(p.id, p.output);
      return `\${{ ${refPath('tasks', p.id, 'outputs', artifactOutputName(p.call.template, p.output))} }}`;
    }
    const m = /^\s*\{\{\s*(tasks|steps)\.([^.{}]+)\.outputs\.artifacts\.([A-Za-z0-9_-]+)\s*\}\}\s*$/.exec(from);
    if (!m) throw new ImportError('artifact sources other than a task\'s output artifact', `${where}: ${from}`);
    const producer = call.scope.calls.get(m[2]!);
    const id = call.scope.ids.get(m[2]!);
    if (!producer || id === undefined) throw new ImportError('references outside the task\'s DAG', `${where}: ${from}`);
    const outs = asList(isObj(producer.template.outputs) ? (producer.template.outputs.artifacts ?? []) : [], `${producer.template.name}.outputs.artifacts`);
    if (!outs.some((o: Obj) => isObj(o) && o.name === m[3])) throw new ImportError('references to undeclared outputs', `${where}: template ${producer.template.name} has no output artifact ${m[3]}`);
    if (producer.sub) this.readSubArtifact(id || producer.name, m[3]!);
    return `\${{ ${refPath('tasks', id || producer.name, 'outputs', artifactOutputName(producer.template, m[3]!))} }}`;
  }

  /** Kubernetes settings → `kubernetes`; Argo-only pod and task settings → platform.argo (template, task). */
  private podSettings(call: Call, task: Obj, r: RefResolver, id: string): void {
    const t = call.template;
    const k8s: Obj = {};
    const raw = this.rawOf(task);
    const tmpl: Obj = {};
    for (const [k, v] of Object.entries(t)) {
      const to = TEMPLATE_K8S[k];
      // A Kubernetes setting that reads a value means that value only on Argo: kept for Argo (platform.argo.template).
      if (to !== undefined && hasTags(substituteInputs(v, call.args, t.name))) {
        this.warn('kubernetes', `template ${t.name}: ${k} reads values Weft's kubernetes settings cannot hold; kept for Argo only (platform.argo.template)`);
        tmpl[k] = this.perCall(v, call, r, id);
      } else if (to !== undefined) k8s[to] = this.verbatim(v, call, `template ${t.name}: ${k}`);
      else if (TEMPLATE_RAW.has(k)) tmpl[k] = this.perCall(v, call, r, id);
    }
    if (isObj(t.metadata)) {
      // An approval's description is its message (approval()), not a pod annotation.
      const own = isObj(t.metadata.annotations) && isApproval(t) ? Object.fromEntries(Object.entries(t.metadata.annotations).filter(([k]) => k !== DESCRIPTION)) : t.metadata.annotations;
      podMetadata({ annotations: this.verbatim(own, call, `template ${t.name}: metadata`) }, k8s);
    }
    const c = isObj(t.container) ? t.container : isObj(t.script) ? t.script : undefined;
    const ctr: Obj = {};
    if (c) {
      for (const [k, v] of Object.entries(c)) {
        const to = CONTAINER_K8S[k];
        if (to !== undefined && hasTags(substituteInputs(v, call.args, t.name))) {
          this.warn('kubernetes', `template ${t.name}: ${k} reads values Weft's kubernetes settings cannot hold; kept for Argo only (platform.argo.template)`);
          ctr[k] = this.perCall(v, call, r, id);
        } else if (to !== undefined) k8s[to] = this.verbatim(v, call, `template ${t.name}: ${k}`);
        else if (k === 'readinessProbe' && task.service) {
          // What the probe tests is the service's readiness; its timings stay for Argo, merged over the probe the exporter writes.
          const s = serviceOf(substituteInputs(v, call.args, t.name));
          task.service = s.service;
          if (s.rest) ctr[k] = this.perCall(s.rest, call, r, id);
        } else if (CONTAINER_RAW.has(k)) ctr[k] = this.perCall(v, call, r, id);
      }
      // Limits and resource claims have no Weft field: kept for Argo (Weft's resources are requests).
      if (isObj(c.resources)) {
        const res: Obj = {};
        if (isObj(c.resources.limits)) res.limits = c.resources.limits;
        if (c.resources.claims !== undefined) res.claims = c.resources.claims;
        if (Object.keys(res).length > 0) ctr.resources = this.perCall(res, call, r, id);
      }
    }
    if (isObj(t.retryStrategy)) {
      const retry: Obj = {};
      for (const k of ['expression', 'affinity']) if (t.retryStrategy[k] !== undefined) retry[k] = this.perCall(t.retryStrategy[k], call, r, id);
      if (Object.keys(retry).length > 0) tmpl.retryStrategy = retry;
    }
    if (Object.keys(k8s).length > 0) task.kubernetes = k8s;
    if (Object.keys(ctr).length > 0) this.containerRaw.set(task, ctr);
    if (Object.keys(tmpl).length > 0) raw.template = { ...(raw.template ?? {}), ...tmpl };
    const co = call.continueOn;
    if (co) {
      for (const k of Object.keys(co)) if (k !== 'failed' && k !== 'error') throw new ImportError(`continueOn.${k}`, `task ${call.name}`);
      if (co.failed === true) task.allowFailure = true;
      // Errors (the pod could not run) are Argo's own notion: kept for Argo only.
      if (co.error === true) raw.task = { continueOn: { error: true } };
    }
  }

  /** Container settings waiting for the task's final type (a container may become a shell task). */
  private readonly containerRaw = new Map<Obj, Obj>();
  private readonly raws = new Map<Obj, Obj>();

  /** The platform.argo settings being collected for a task. */
  private rawOf(task: Obj): Obj {
    let r = this.raws.get(task);
    if (!r) this.raws.set(task, (r = {}));
    return r;
  }

  /** A value kept verbatim for Argo: input parameters substituted, and nothing left that would not resolve. */
  verbatim(v: unknown, call: Call | undefined, where: string): any {
    const out = call ? substituteInputs(v, call.args, call.template.name) : v;
    checkVerbatim(out, where, (n) => this.paramId(n) === n);
    return out;
  }

  /**
   * A setting of the task's own template kept for Argo (platform.argo.template): inputs substituted,
   * then what only this call knows (`{{item}}`, other tasks' outputs…) written as `${{ }}` for the
   * exporter to pass in; the template's own outputs and Argo's node variables stay as they are.
   */
  private perCall(v: unknown, call: Call, r: RefResolver, id: string): any {
    const t = call.template;
    const declared = (n: string): boolean => asList(isObj(t.outputs) ? (t.outputs.parameters ?? []) : [], `${t.name}.outputs.parameters`).some((p: Obj) => isObj(p) && p.name === n);
    const keep = (tag: string): boolean => {
      if (keepable(tag)) return true;
      const w = /^workflow\.parameters\.(.+)$/.exec(tag);
      if (w) return this.paramId(w[1]!) === w[1];
      const o = /^outputs\.parameters\.([A-Za-z0-9_-]+)$/.exec(tag);
      if (o && declared(o[1]!) && outputName(o[1]!) === o[1]) {
        // The output must be declared (and reported) so the exported template has it.
        this.useOutput(id, o[1]!, 'text');
        return true;
      }
      return false;
    };
    return translateVerbatim(substituteInputs(v, call.args, t.name), keep, (tag) => r.ref(tag, 'text').expr);
  }

  /** Writes each task's collected platform.argo settings, now that its type is final. */
  finishPlatform(tasks: Iterable<Obj>): void {
    for (const task of tasks) {
      const raw = this.raws.get(task) ?? {};
      const ctr = this.containerRaw.get(task);
      if (ctr) {
        if (task.type !== 'container' && task.type !== 'shell' && task.type !== 'python' && task.type !== 'node') throw new ImportError('container settings on this template kind', JSON.stringify(Object.keys(ctr)));
        raw.template = { ...(raw.template ?? {}), [task.type === 'container' ? 'container' : 'script']: ctr };
      }
      const ordered: Obj = {};
      for (const k of ['template', 'task', 'inputs', 'outputs']) if (raw[k] !== undefined) ordered[k] = raw[k];
      if (Object.keys(ordered).length > 0) task.platform = { argo: ordered };
    }
  }

  private body(call: Call, id: string, text: (s: unknown) => string, r: RefResolver): Obj {
    const t = call.template;
    // Its file and `with` once every task is built (finishSubs): what the callers read of it decides its outputs.
    if (call.sub) return { type: 'pipeline' };
    if (isObj(t.container)) {
      const c = t.container;
      this.checkContainer(c, t.name);
      if (typeof c.image !== 'string') throw new ImportError('containers without an image', t.name);
      const out: Obj = { type: 'container', image: text(c.image) };
      if (c.command !== undefined) out.command = asList(c.command, `${t.name}.command`).map((x) => text(x));
      if (c.args !== undefined) out.args = asList(c.args, `${t.name}.args`).map((x) => (typeof x === 'number' || typeof x === 'boolean' ? x : text(x)));
      this.common(c, t.name, out, text);
      return out;
    }
    if (isObj(t.script)) {
      const s = t.script;
      this.checkContainer(s, t.name);
      if (typeof s.image !== 'string') throw new ImportError('containers without an image', t.name);
      if (typeof s.source !== 'string') throw new ImportError('script templates without source', t.name);
      if (s.args !== undefined) throw new ImportError('script args', t.name);
      const cmd = asList(s.command ?? [], `${t.name}.command`).map(String);
      const lang = scriptLanguage(cmd, s.image);
      if (!lang) throw new ImportError('script templates in this language', `template ${t.name} runs ${JSON.stringify(cmd.join(' ') || s.image)}`);
      if (cmd.length > 1) this.warn('script', `template ${t.name}: the interpreter options ${JSON.stringify(cmd.slice(1).join(' '))} are not imported`);
      const source = String(substituteInputs(s.source, call.args, t.name));
      const out: Obj = { type: lang.type };
      if (lang.type === 'shell') {
        const env: Obj = {};
        out.shell = lang.shell;
        out.run = this.shellSource(source, r, env, t.name);
        out.image = text(s.image);
        this.common(s, t.name, out, text);
        if (Object.keys(env).length > 0) out.env = { ...(out.env ?? {}), ...env };
      } else {
        const env: Obj = {};
        if (hasArgoTags(source)) {
          if (lang.type !== 'python') throw new ImportError('parameters pasted into script source', `template ${t.name}: Argo pastes values into the JavaScript text`);
          out.code = this.pythonPasted(source, r, env, t.name);
        } else out.code = escapeSourceLiteral(source);
        out.image = text(s.image);
        this.common(s, t.name, out, text);
        if (Object.keys(env).length > 0) out.env = { ...(out.env ?? {}), ...env };
      }
      return out;
    }
    if (isObj(t.suspend)) {
      const d = t.suspend.duration;
      if (d === undefined) return this.approval(call, text);
      const delay = argoDuration(String(substituteInputs(String(d), call.args, t.name)));
      if (!delay) throw new ImportError('suspend duration', `template ${t.name}: ${JSON.stringify(d)}`);
      return { type: 'wait', delay };
    }
    if (isObj(t.http)) return this.http(t, text);
    if (isObj(t.resource)) return manifestTask(t, text);
    throw new ImportError('templates without container, script, suspend, http or resource', `template ${t.name}`);
  }

  /**
   * A suspend template without a duration waits until a person resumes it: an approval. The
   * output parameters supplied on resuming (`valueFrom.supplied`) are the task's outputs; the input
   * of the same name, as the caller binds it, gives each the default, choices and description
   * Argo's UI offers. The template's description annotation is the message.
   */
  private approval(call: Call, text: (s: unknown) => string): Obj {
    const t = call.template;
    const where = `template ${t.name}`;
    const other = Object.keys(t.suspend);
    if (other.length > 0) throw new ImportError(`suspend ${other[0]}`, where);
    const ins = asList(isObj(t.inputs) ? (t.inputs.parameters ?? []) : [], `${t.name}.inputs.parameters`);
    const outputs: Obj = {};
    for (const p of asList(isObj(t.outputs) ? (t.outputs.parameters ?? []) : [], `${t.name}.outputs.parameters`)) {
      if (!isObj(p) || typeof p.name !== 'string') throw new ImportError('parameters without a name', where);
      const vf = p.valueFrom;
      if (!isObj(vf) || !isObj(vf.supplied) || Object.keys(vf).some((k) => k !== 'supplied' && k !== 'default')) {
        throw new ImportError('suspend outputs not supplied on resuming (valueFrom.supplied)', `${where}: ${p.name}`);
      }
      const input: Obj = ins.find((x) => isObj(x) && x.name === p.name) ?? {};
      const o: Obj = { type: 'string' };
      const def = vf.default ?? call.args.get(p.name);
      if (def !== undefined && def !== null) o.default = text(def);
      const choices = p.enum ?? input.enum;
      if (Array.isArray(choices) && choices.length > 0) o.enum = choices.map((v: unknown) => escapeWeft(typeof v === 'string' ? v : JSON.stringify(v)));
      if (o.enum && o.default !== undefined && !o.enum.includes(o.default)) throw new ImportError('approval defaults outside their choices', `${where}: ${p.name} defaults to ${JSON.stringify(def)}`);
      const description = p.description ?? input.description;
      if (typeof description === 'string') o.description = escapeWeft(description);
      outputs[outputName(p.name)] = o;
    }
    const unused = ins.filter((x: Obj) => isObj(x) && !(outputName(String(x.name)) in outputs));
    if (unused.length > 0) this.warn('approval', `${where}: inputs ${unused.map((x: Obj) => x.name).join(', ')} name no supplied output; not imported`);
    const message = isObj(t.metadata) && isObj(t.metadata.annotations) ? t.metadata.annotations[DESCRIPTION] : undefined;
    const out: Obj = { type: 'wait', approval: typeof message === 'string' ? { message: text(message) } : true };
    if (Object.keys(outputs).length > 0) out.outputs = outputs;
    return out;
  }

  private http(t: Obj, text: (s: unknown) => string): Obj {
    const h = t.http;
    for (const k of Object.keys(h)) {
      if (!['url', 'method', 'headers', 'body', 'successCondition', 'timeoutSeconds', 'insecureSkipVerify', 'bodyFrom'].includes(k)) throw new ImportError(`http field ${k}`, t.name);
    }
    if (h.bodyFrom !== undefined) throw new ImportError('http bodyFrom', t.name);
    if (typeof h.url !== 'string') throw new ImportError('http without url', t.name);
    const out: Obj = { type: 'http', url: text(h.url) };
    if (h.method !== undefined) {
      const m = String(h.method).toUpperCase();
      if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'].includes(m)) throw new ImportError(`http method ${m}`, t.name);
      out.method = m;
    }
    if (h.headers !== undefined) {
      const headers: Obj = {};
      for (const x of asList(h.headers, `${t.name}.headers`)) {
        if (!isObj(x) || typeof x.name !== 'string') throw new ImportError('http headers without a name', t.name);
        if (isObj(x.valueFrom) && isObj(x.valueFrom.secretKeyRef)) headers[x.name] = `\${{ secrets.${this.secret(x.valueFrom.secretKeyRef)} }}`;
        else if (x.valueFrom !== undefined) throw new ImportError('http header values from other sources', t.name);
        else headers[x.name] = text(x.value ?? '');
      }
      out.headers = headers;
    }
    if (h.body !== undefined) out.body = text(h.body);
    if (h.successCondition !== undefined) {
      const s = String(h.successCondition).trim();
      if (hasArgoTags(s)) throw new ImportError('http successCondition with references', `template ${t.name}: ${JSON.stringify(s)}`);
      const e = httpExpect(s);
      const expect: Obj = {};
      if (e.status) expect.status = e.status;
      if (e.condition) expect.condition = `\${{ ${e.condition} }}`;
      if (Object.keys(expect).length > 0) out.expect = expect;
    } else this.warn('http', `template ${t.name}: Argo accepts any status without successCondition; Weft expects 2xx`);
    if (h.timeoutSeconds !== undefined) out.timeout = `${Number(h.timeoutSeconds)}s`;
    if (h.insecureSkipVerify) throw new ImportError('http insecureSkipVerify', t.name);
    return out;
  }

  /** `{{…}}` in a shell script reach it as environment variables (never pasted into its text). */
  private shellSource(source: string, r: RefResolver, env: Obj, where: string): string {
    if (!hasArgoTags(source)) return escapeSourceLiteral(source);
    const names = new Map<string, string>();
    let out = '';
    for (const m of splitTags(source)) {
      if (m.text !== undefined) {
        out += escapeSourceLiteral(m.text);
        continue;
      }
      const expr = r.ref(m.tag!, 'text').expr;
      let v = names.get(expr);
      if (!v) {
        const last = m.tag!.split('.').pop()!.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
        v = `ARGO_${last || 'VALUE'}`;
        for (let i = 2; [...names.values()].includes(v); i++) v = `ARGO_${last}_${i}`;
        names.set(expr, v);
        env[v] = `\${{ ${expr} }}`;
      }
      out += `\${${v}}`;
    }
    this.warn('script', `template ${where}: values Argo pasted into the script text reach it as environment variables (${[...names.values()].join(', ')})`);
    return out;
  }

  /**
   * A Python script Argo pastes values into: the same pasting, done at run time by a few lines
   * that rebuild the source from its literal pieces and the values (environment variables) and
   * run it as the main module.
   */
  private pythonPasted(source: string, r: RefResolver, env: Obj, where: string): string {
    const vars = new Map<string, string>();
    const pieces: string[] = [];
    for (const m of splitTags(source)) {
      if (m.text !== undefined) {
        pieces.push(JSON.stringify(m.text));
        continue;
      }
      const expr = r.ref(m.tag!, 'text').expr;
      let v = vars.get(expr);
      if (!v) {
        const last = m.tag!.split('.').pop()!.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
        v = `ARGO_${last || 'VALUE'}`;
        for (let i = 2; [...vars.values()].includes(v); i++) v = `ARGO_${last}_${i}`;
        vars.set(expr, v);
        env[v] = `\${{ ${expr} }}`;
      }
      pieces.push(`_weft_os.environ[${JSON.stringify(v)}]`);
    }
    this.warn('script', `template ${where}: the values Argo pasted into the Python text (${[...vars.values()].join(', ')}) are pasted in when the task runs, by lines that then run the script`);
    const code = [
      '# Argo pasted parameter values into this script before running it; these lines do the same.',
      'import os as _weft_os',
      '_weft_source = "".join([',
      ...pieces.map((p) => `    ${p},`),
      '])',
      'exec(compile(_weft_source, "<argo script>", "exec"), {"__name__": "__main__"})',
    ];
    return escapeSourceLiteral(`${code.join('\n')}\n`);
  }

  private checkContainer(c: Obj, where: string): void {
    for (const k of Object.keys(c)) {
      if (CONTAINER_OK.has(k) || CONTAINER_K8S[k] !== undefined || CONTAINER_RAW.has(k)) continue;
      throw new ImportError(`container ${k}`, `template ${where}`);
    }
  }

  /** env and resources, shared by containers and scripts. */
  private common(c: Obj, where: string, out: Obj, text: (s: unknown) => string): void {
    if (c.env !== undefined) {
      const env: Obj = {};
      for (const e of asList(c.env, `${where}.env`)) {
        if (!isObj(e) || typeof e.name !== 'string') throw new ImportError('env without a name', where);
        if (e.valueFrom !== undefined) {
          if (isObj(e.valueFrom) && isObj(e.valueFrom.secretKeyRef)) env[e.name] = `\${{ secrets.${this.secret(e.valueFrom.secretKeyRef)} }}`;
          else throw new ImportError('env values from ConfigMaps or the pod (valueFrom)', `template ${where}: ${e.name}`);
        } else {
          const v = String(e.value ?? '');
          if (/\$\([A-Za-z_][A-Za-z0-9_]*\)/.test(v)) throw new ImportError('env values with $(VAR) expansion', `template ${where}: ${e.name}`);
          env[e.name] = text(v);
        }
      }
      if (Object.keys(env).length > 0) out.env = env;
    }
    if (c.resources !== undefined) {
      const res = this.resources(c.resources, where);
      if (res) out.resources = res;
    }
  }

  private secret(ref: Obj): string {
    if (typeof ref.name !== 'string' || typeof ref.key !== 'string') throw new ImportError('secret references without name and key');
    if (ref.optional) throw new ImportError('optional secrets');
    let base = `${ref.name}_${ref.key}`.replace(/[^A-Za-z0-9_]/g, '_');
    if (!/^[A-Za-z_]/.test(base)) base = `_${base}`;
    let id = base;
    for (let i = 2; this.secrets[id] && !(this.secrets[id]!.kubernetes.name === ref.name && this.secrets[id]!.kubernetes.key === ref.key); i++) id = `${base}_${i}`;
    this.secrets[id] = { kubernetes: { name: ref.name, key: ref.key } };
    return id;
  }

  private resources(r: unknown, where: string): Obj | undefined {
    if (!isObj(r)) throw new ImportError('resources', where);
    for (const k of Object.keys(r)) if (k !== 'requests' && k !== 'limits' && k !== 'claims') throw new ImportError(`resources.${k}`, where);
    const req = isObj(r.requests) ? r.requests : {};
    const lim = isObj(r.limits) ? r.limits : {};
    const out: Obj = {};
    const gpu = lim['nvidia.com/gpu'] ?? req['nvidia.com/gpu'];
    for (const [k, v] of Object.entries({ ...lim, ...req })) {
      if (k !== 'cpu' && k !== 'memory' && k !== 'nvidia.com/gpu') throw new ImportError(`resources ${k}`, where);
      void v;
    }
    // Kubernetes takes requests from limits when only limits are given.
    const cpu = req.cpu ?? lim.cpu;
    const memory = req.memory ?? lim.memory;
    if (cpu !== undefined) out.cpu = typeof cpu === 'number' ? cpu : String(cpu);
    if (memory !== undefined) {
      const m = String(memory);
      if (!/^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|K|M|G|T)?$/.test(m)) throw new ImportError('memory quantities Weft cannot write', `${where}: ${m}`);
      out.memory = m;
    }
    if (gpu !== undefined) {
      if (!/^[0-9]+$/.test(String(gpu))) throw new ImportError('gpu quantities', where);
      out.gpu = Number(gpu);
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }

  private retries(t: Obj): unknown {
    const s = t.retryStrategy;
    if (s === undefined) return undefined;
    if (!isObj(s)) throw new ImportError('retryStrategy', t.name);
    for (const k of Object.keys(s)) {
      if (k === 'expression' || k === 'affinity') continue; // Argo-only: kept under platform.argo.template (podSettings)
      else if (!['limit', 'retryPolicy', 'backoff'].includes(k)) throw new ImportError(`retryStrategy.${k}`, t.name);
    }
    if (s.limit === undefined) throw new ImportError('retryStrategy without limit (unlimited retries)', `template ${t.name}`);
    const limitText = String(s.limit);
    if (!/^[0-9]+$/.test(limitText)) throw new ImportError('retryStrategy.limit with parameters', `template ${t.name}: ${limitText}`);
    const limit = Number(limitText);
    const policy = s.retryPolicy ?? 'OnFailure';
    if (policy === 'Always') this.warn('retryStrategy.retryPolicy', `template ${t.name}: retryPolicy Always also retries Argo errors; Weft retries failed attempts`);
    else if (policy !== 'OnFailure') throw new ImportError(`retryPolicy ${policy}`, `template ${t.name}`);
    if (s.backoff === undefined) return limit;
    const b = s.backoff;
    if (!isObj(b)) throw new ImportError('retryStrategy.backoff', t.name);
    const out: Obj = { limit };
    const factorText = b.factor === undefined ? undefined : String(b.factor);
    if (factorText === undefined || factorText === '1') out.backoff = 'fixed';
    else if (factorText === '2') out.backoff = 'exponential';
    else throw new ImportError('backoff factors other than 1 and 2', `template ${t.name}: factor ${factorText}`);
    if (b.duration !== undefined) {
      const d = argoDuration(String(b.duration));
      if (!d) throw new ImportError('backoff duration', `template ${t.name}: ${JSON.stringify(b.duration)}`);
      out.delay = d;
    } else if (out.backoff !== 'fixed') throw new ImportError('backoff without duration', `template ${t.name}`);
    if (b.cap !== undefined) {
      const d = argoDuration(String(b.cap));
      if (!d) throw new ImportError('backoff cap', `template ${t.name}: ${JSON.stringify(b.cap)}`);
      out.maxDelay = d;
    }
    if (b.maxDuration !== undefined) {
      this.warn('retryStrategy.backoff.maxDuration', `template ${t.name}: maxDuration ${JSON.stringify(b.maxDuration)} (the most time spent retrying) has no Weft equivalent; retries are limited by count only`);
    }
    return out;
  }

  private timeout(t: Obj): string | undefined {
    const a = t.activeDeadlineSeconds;
    const b = t.timeout;
    if (a !== undefined && b !== undefined) throw new ImportError('activeDeadlineSeconds with timeout', t.name);
    if (a !== undefined) {
      const s = String(a);
      if (!/^[0-9]+$/.test(s)) throw new ImportError('activeDeadlineSeconds with parameters', `template ${t.name}: ${s}`);
      return `${Number(s)}s`;
    }
    if (b !== undefined) {
      const d = argoDuration(String(b));
      if (!d) throw new ImportError('template timeout', `template ${t.name}: ${JSON.stringify(b)}`);
      this.warn('timeout', `template ${t.name}: timeout bounds the whole node, retries included; imported as the task timeout (per attempt)`);
      return d;
    }
    return undefined;
  }

  /** Declares every referenced output on its task: read from its file, or (stdout) reported by lines Weft adds. */
  addOutputs(built: Map<string, Built>): void {
    // (outputs.result is keyed STDOUT: an output *parameter* may be named result too)
    for (const [id, outs] of this.outputUses) {
      const b = built.get(id);
      if (!b) throw new ImportError('references outside the task\'s DAG', id);
      const t = b.call.template;
      if (b.call.sub) {
        this.subOutputs(b, outs);
        continue;
      }
      if (b.task.service) throw new ImportError('outputs of daemon templates', `template ${t.name}: a service never ends, so it reports nothing`);
      if (b.task.type === 'manifest') {
        captureOutputs(b.task, t, outs, (p) => substituteInputs(p, b.call.args, t.name) as string);
        continue;
      }
      if (b.task.approval !== undefined) {
        this.typeApproval(b, outs);
        continue;
      }
      const decls: Obj = {};
      let result = false;
      // In the template's order (the standard output last), whatever the order they are read in.
      const params: Obj[] = asList(isObj(t.outputs) ? (t.outputs.parameters ?? []) : [], `${t.name}.outputs.parameters`);
      const rank = (n: string): number => {
        const i = params.findIndex((x) => isObj(x) && x.name === n);
        return i < 0 ? params.length : i;
      };
      for (const [name, uses] of [...outs].sort((a, b) => rank(a[0]) - rank(b[0]))) {
        const type = typeOfUses(uses);
        const weftName = name === STDOUT ? 'result' : outputName(name);
        if (decls[weftName]) throw new ImportError('outputs.result beside an output parameter named result', `template ${t.name}`);
        if (name === STDOUT) {
          decls[weftName] = { type };
          result = true;
          continue;
        }
        const p = params[rank(name)];
        if (!p) throw new ImportError('references to undeclared outputs', `template ${t.name} has no output parameter ${name}`);
        decls[weftName] = pathOutput(p, type, (s) => substituteInputs(s, b.call.args, t.name) as string, `template ${t.name}: output ${name}`);
        // The global name Argo also publishes it under (read in this workflow as the task's output).
        if (typeof p.globalName === 'string') (this.rawOf(b.task).outputs ??= {})[weftName] = { globalName: p.globalName };
      }
      if (result) this.reportStdout(b);
      b.task.outputs = { ...decls, ...(b.task.outputs ?? {}) };
    }
    // Sub-pipeline tasks whose output artifacts are read, and no output parameter.
    for (const [id] of this.subArtifactReads) {
      const b = built.get(id);
      if (b?.call.sub && !this.outputUses.has(id)) this.subOutputs(b, new Map());
    }
    // zip(tasks.X.outputs) is Argo's aggregate only when the task's outputs are its output parameters.
    for (const [id, { tag, feature }] of this.aggregates) {
      const b = built.get(id)!;
      const params = asList(b.call.template.outputs.parameters, `${b.call.template.name}.outputs.parameters`).map((p: Obj) => p.name);
      const extra = Object.keys(b.task.outputs ?? {}).filter((o) => !params.includes(o));
      if (extra.length > 0) throw new ImportError(`${feature} beside other outputs`, `${tag}: the task also outputs ${extra.join(', ')}, which Argo's list leaves out`);
    }
  }

  private readSubArtifact(id: string, name: string): void {
    let s = this.subArtifactReads.get(id);
    if (!s) this.subArtifactReads.set(id, (s = new Set()));
    s.add(name);
  }

  /** A sub-pipeline task's outputs as its readers use them: the sub-pipeline's outputs (file outputs without a path). */
  private subOutputs(b: Built, outs: Map<string, Set<RefUse>>): void {
    const t = b.call.template;
    const file = this.subFiles.get(b.call);
    if (!file) throw new ImportError('outputs of nested DAG templates', `template ${t.name}: its sub-pipeline was not imported`);
    const decls: Obj = {};
    const params: Obj[] = asList(isObj(t.outputs) ? (t.outputs.parameters ?? []) : [], `${t.name}.outputs.parameters`);
    for (const name of outs.keys()) {
      const own = name === STDOUT && HOOKED.has(t) ? 'result' : name;
      if (name === STDOUT && own === name) throw new ImportError('outputs.result of nested DAG templates', `template ${t.name}: a DAG or steps template has no standard output`);
      const o = file.outputs.get(own);
      if (!o) throw new ImportError('references to undeclared outputs', `template ${t.name} has no output parameter ${own}`);
      decls[name === STDOUT ? 'result' : o.name] = { type: o.type };
      const p = params.find((x) => isObj(x) && x.name === own);
      if (p && typeof p.globalName === 'string') (this.rawOf(b.task).outputs ??= {})[o.name] = { globalName: p.globalName };
    }
    const arts: Obj[] = asList(isObj(t.outputs) ? (t.outputs.artifacts ?? []) : [], `${t.name}.outputs.artifacts`);
    for (const name of this.subArtifactReads.get(b.id) ?? []) {
      const o = file.artifacts.get(name);
      if (!o) throw new ImportError('references to undeclared outputs', `template ${t.name} has no output artifact ${name}`);
      decls[o.name] = { type: o.type };
      const a = arts.find((x) => isObj(x) && x.name === name);
      if (a && typeof a.globalName === 'string') (this.rawOf(b.task).outputs ??= {})[o.name] = { globalName: a.globalName };
    }
    b.task.outputs = { ...(b.task.outputs ?? {}), ...decls };
  }

  /**
   * A DAG/steps template's outputs → the pipeline's `outputs`, each one expression over its tasks:
   * an output parameter from a task's (`valueFrom.parameter`, its `default` as a `default()`) or an
   * expression (`valueFrom.expression`), an output artifact `from` a task's. `reads` names those
   * to map (all when undefined) and how the callers use them; `tolerant` (the entrypoint's, which
   * no task of the workflow reads) warns instead of refusing. The references are noted now (so
   * the tasks declare what they read); `finish`, after addOutputs, gives the typed declarations.
   */
  templateOutputs(t: Obj, calls: Call[], args: Map<string, string>, reads: SubReads | undefined, tolerant: boolean, built: Map<string, Built>): () => { outputs: Obj; params: Map<string, { name: string; type: string }>; artifacts: Map<string, { name: string; type: string }> } {
    const scope: Scope = calls[0]?.scope ?? { ids: new Map(), calls: new Map() };
    const at: Call = { name: '\u0000outputs', template: t, args, deps: [], bare: true, when: [], scope, artifacts: new Map() };
    const r = this.resolver(at, 'tasks', built);
    const main = new Set(calls.map((c) => c.name));
    const outs = isObj(t.outputs) ? t.outputs : {};
    const used = new Set<string>();
    const pending: (() => void)[] = [];
    const result = { outputs: {} as Obj, params: new Map<string, { name: string; type: string }>(), artifacts: new Map<string, { name: string; type: string }>() };
    const attempt = (where: string, f: () => void): void => {
      try {
        f();
      } catch (e) {
        if (!tolerant || !(e instanceof ImportError)) throw e;
        this.warn('outputs', `${where} is not imported (${e.message})`);
      }
    };
    // The task a tag reads (tasks.X… / steps.X…): one of the template's main tasks.
    const producer = (tag: string, where: string): Call | undefined => {
      const m = /^(tasks|steps)\.([^.]+)\./.exec(tag);
      if (!m) return undefined;
      const c = scope.calls.get(m[2]!);
      if (!c || !main.has(c.name)) throw new ImportError('references outside the task\'s DAG', `${where}: {{${tag}}}`);
      return c;
    };
    for (const p of asList(outs.parameters ?? [], `${t.name}.outputs.parameters`)) {
      if (!isObj(p) || typeof p.name !== 'string') throw new ImportError('parameters without a name', `template ${t.name}`);
      if (reads && !reads.params.has(p.name)) continue;
      const where = `template ${t.name}: output ${p.name}`;
      attempt(where, () => {
        const name = this.weftName(p.name, used, 'output');
        const uses = [...(reads?.params.get(p.name) ?? new Set<RefUse>(['text']))];
        const vf = p.valueFrom;
        if (!isObj(vf) || Object.keys(vf).some((k) => !['parameter', 'expression', 'default'].includes(k)) || (typeof vf.parameter === 'string') === (typeof vf.expression === 'string')) {
          throw new ImportError('outputs of nested DAG templates', `${where} is not taken from a task (valueFrom.parameter or valueFrom.expression)`);
        }
        let expr = '';
        let type: () => string;
        if (typeof vf.parameter === 'string') {
          const text = String(substituteInputs(vf.parameter, args, t.name));
          const tag = soleTag(text);
          if (tag === undefined) throw new ImportError('outputs of nested DAG templates', `${where}: valueFrom.parameter ${JSON.stringify(vf.parameter)} is not one reference`);
          const c = producer(tag, where);
          for (const u of uses.length > 0 ? uses : ['text' as RefUse]) expr = r.ref(tag, u).expr;
          const m = /^(?:tasks|steps)\.[^.]+\.outputs\.(?:parameters\.(.+)|(result)|(parameters))$/.exec(tag);
          type = () => {
            if (c && m) {
              if (m[3] !== undefined || c.loop) return 'list';
              const id = scope.ids.get(c.name)!;
              const decl = built.get(id)?.task.outputs?.[m[2] !== undefined ? 'result' : outputName(m[1]!)];
              if (decl && typeof decl.type === 'string') return decl.type;
            }
            const w = /^workflow\.(?:parameters|weft-input)\./.test(tag) ? /^params\.(.+)$/.exec(expr) : null;
            if (w && typeof this.params[w[1]!]?.type === 'string') return this.params[w[1]!]!.type as string;
            return typeOfUses(new Set(uses));
          };
        } else {
          expr = r.ref(`=${vf.expression}`, 'text').expr;
          type = () => typeOfUses(new Set(uses));
        }
        pending.push(() => {
          const ty = type();
          let value = expr;
          if (vf.default !== undefined && vf.default !== null) {
            const def = typeof vf.default === 'string' ? vf.default : JSON.stringify(vf.default);
            if (hasArgoTags(def)) throw new ImportError('output defaults with references', `${where}: ${def}`);
            const lit = ty === 'string' ? quote(def) : ty === 'integer' || ty === 'number' || ty === 'boolean' ? (commonScalarType([def]) !== undefined ? def : undefined) : tryJson(def) !== undefined ? JSON.stringify(tryJson(def)) : undefined;
            if (lit === undefined) throw new ImportError('output defaults with references', `${where}: the default ${JSON.stringify(def)} is not a ${ty}`);
            value = `default(${expr}, ${lit})`;
          }
          result.outputs[name] = { type: ty, value: `\${{ ${value} }}` };
          result.params.set(p.name, { name, type: ty });
        });
      });
    }
    for (const a of asList(outs.artifacts ?? [], `${t.name}.outputs.artifacts`)) {
      if (!isObj(a) || typeof a.name !== 'string') throw new ImportError('artifacts without a name', `template ${t.name}`);
      if (reads && !reads.artifacts.has(a.name)) continue;
      const where = `template ${t.name}: output artifact ${a.name}`;
      attempt(where, () => {
        if (a.fromExpression !== undefined) throw new ImportError('artifacts from expressions (fromExpression)', where);
        if (typeof a.from !== 'string') throw new ImportError('outputs of nested DAG templates', `${where} is not taken from a task (from)`);
        const tag = soleTag(a.from);
        const c = tag === undefined ? undefined : producer(tag, where);
        if (c?.loop) throw new ImportError('output artifacts of loops', `${where}: Argo does not collect the files of ${c.name}'s iterations`);
        const value = this.artifactFrom(at, a.from, where);
        const name = artifactOutputName(t, a.name);
        used.add(name);
        const ref = /^\$\{\{ tasks(?:\.([A-Za-z_][A-Za-z0-9_]*)|\['((?:[^'\\]|\\.)*)'\])/.exec(value);
        pending.push(() => {
          const id = ref ? (ref[1] ?? ref[2]!) : undefined;
          const m = /\.outputs(?:\.([A-Za-z_][A-Za-z0-9_]*)|\['((?:[^'\\]|\\.)*)'\]) \}\}$/.exec(value);
          const decl = id !== undefined && m ? built.get(id)?.task.outputs?.[m[1] ?? m[2]!] : undefined;
          const ty = decl?.type === 'dir' ? 'dir' : 'file';
          result.outputs[name] = { type: ty, value };
          result.artifacts.set(a.name, { name, type: ty });
        });
      });
    }
    return () => {
      for (const f of pending) attempt(`template ${t.name}: an output`, f);
      return result;
    };
  }

  /** An approval's outputs as later tasks read them: compared as numbers or looped over, they are typed so (with their default and choices). */
  private typeApproval(b: Built, outs: Map<string, Set<RefUse>>): void {
    const where = `template ${b.call.template.name}`;
    for (const [name, uses] of outs) {
      if (name === STDOUT) throw new ImportError('outputs.result of suspend templates', where);
      const o = b.task.outputs?.[outputName(name)];
      if (!o) throw new ImportError('references to undeclared outputs', `${where} supplies no output ${name}`);
      const type = typeOfUses(uses);
      if (type === 'string') continue;
      o.type = type;
      if (o.default !== undefined) o.default = typedText(o.default, type, `${where}: the default of ${name}`);
      if (o.enum) o.enum = o.enum.map((v: string) => typedText(v, type, `${where}: a choice of ${name}`));
    }
  }

  /**
   * Argo reads a script's standard output as `outputs.result`; Weft tasks report values through
   * `WEFT_OUTPUTS`. A shell, Python or Node task gets a few lines that report what it prints; a
   * container running `sh -c` (or `python -c`) becomes a shell (Python) task in the same image;
   * anything else cannot report and is an ImportError.
   */
  private reportStdout(b: Built): void {
    const task = b.task;
    const where = b.call.template.name;
    if (task.type === 'container' && !shellCommand(task.command, task.args)) {
      // `python -c <code>`: a Python task in the same image, so the code can be extended to report.
      const code = pythonCommand(task.command, task.args);
      if (code !== undefined) {
        const rebuilt: Obj = {};
        for (const [k, v] of Object.entries(task)) {
          if (k === 'type') rebuilt.type = 'python';
          else if (k === 'command') rebuilt.code = code;
          else if (k !== 'args') rebuilt[k] = v;
        }
        for (const k of Object.keys(task)) delete task[k];
        Object.assign(task, rebuilt);
        this.warn('outputs', `template ${where}: the container's \`python -c\` program is imported as a Python task (same image) so it can report its standard output`);
      }
    }
    if (task.type === 'container') {
      const shell = shellCommand(task.command, task.args);
      if (!shell) throw new ImportError('outputs.result of container templates', `template ${where} runs no shell Weft can extend`);
      const rebuilt: Obj = {};
      for (const [k, v] of Object.entries(task)) {
        if (k === 'image') continue;
        if (k === 'command') {
          rebuilt.shell = shell.shell;
          rebuilt.run = shell.run;
          rebuilt.image = task.image;
          continue;
        }
        if (k === 'args') continue;
        if (k === 'type') rebuilt.type = 'shell';
        else rebuilt[k] = v;
      }
      for (const k of Object.keys(task)) delete task[k];
      Object.assign(task, rebuilt);
      this.warn('outputs', `template ${where}: the container's \`${shell.shell} -c\` script is imported as a shell task (same image) so it can report its standard output`);
    }
    if (task.type === 'shell') {
      task.run = `( ${String(task.run).replace(/\n$/, '')}\n) > /tmp/weft-stdout\nweft_rc=$?\ncat /tmp/weft-stdout\nprintf 'result=%s\\n' "$(cat /tmp/weft-stdout)" >> "$WEFT_OUTPUTS"\nexit $weft_rc\n`;
      this.warn('outputs', `template ${where}: its standard output (result) is reported through WEFT_OUTPUTS by lines added to the script; a value must be one line`);
      return;
    }
    if (task.type === 'python') {
      const pre = [
        'import atexit as _weft_atexit, os as _weft_os, sys as _weft_sys',
        'class _WeftTee:',
        '    def __init__(self, s): self.s, self.buf = s, []',
        '    def write(self, x): self.buf.append(x); return self.s.write(x)',
        '    def __getattr__(self, n): return getattr(self.s, n)',
        '_weft_sys.stdout = _WeftTee(_weft_sys.stdout)',
        'def _weft_report():',
        '    with open(_weft_os.environ["WEFT_OUTPUTS"], "a") as f:',
        '        f.write("result=" + "".join(_weft_sys.stdout.buf).strip() + "\\n")',
        '_weft_atexit.register(_weft_report)',
        '# --- the script imported from Argo ---',
      ];
      task.code = `${pre.join('\n')}\n${task.code}`;
      this.warn('outputs', `template ${where}: its standard output (result) is reported through WEFT_OUTPUTS by lines added before the script; a value must be one line`);
      return;
    }
    if (task.type === 'node') {
      const pre = [
        "const _weftFs = require('fs'), _weftBuf = [], _weftWrite = process.stdout.write.bind(process.stdout);",
        'process.stdout.write = (chunk, ...rest) => { _weftBuf.push(String(chunk)); return _weftWrite(chunk, ...rest); };',
        "process.on('exit', () => _weftFs.appendFileSync(process.env.WEFT_OUTPUTS, 'result=' + _weftBuf.join('').trim() + '\\n'));",
        '// --- the script imported from Argo ---',
      ];
      task.code = `${pre.join('\n')}\n${task.code}`;
      this.warn('outputs', `template ${where}: its standard output (result) is reported through WEFT_OUTPUTS by lines added before the script; a value must be one line`);
      return;
    }
    throw new ImportError(`outputs.result of ${task.type} tasks`, `template ${where}`);
  }
}

// ----- the document -------------------------------------------------------------------------

export interface ArgoImportOptions {
  /** The file the document came from (for messages). */
  fileName?: string;
  /** WorkflowTemplates / ClusterWorkflowTemplates that `templateRef` and `workflowTemplateRef` may name. */
  library?: unknown[];
}

/** A Workflow running a WorkflowTemplate (`workflowTemplateRef`): the template's spec under the workflow's own fields. */
function resolveWorkflowTemplateRef(spec: Obj, library: Library): Obj {
  const ref = spec.workflowTemplateRef;
  if (!isObj(ref) || typeof ref.name !== 'string') throw new ImportError('workflowTemplateRef', 'it names no template');
  const base = library.spec(ref.name, ref.clusterScope === true);
  if (!base) throw new ImportError('workflowTemplateRef', `the ${ref.clusterScope === true ? 'ClusterWorkflowTemplate' : 'WorkflowTemplate'} ${ref.name} is not among the documents given`);
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(spec)) if (k !== 'workflowTemplateRef' && k !== 'arguments') out[k] = v;
  // Arguments merge by name: the workflow's values over the template's.
  const params = new Map<string, Obj>();
  for (const src of [base.arguments, spec.arguments]) {
    for (const p of isObj(src) && Array.isArray(src.parameters) ? src.parameters : []) if (isObj(p) && typeof p.name === 'string') params.set(p.name, { ...(params.get(p.name) ?? {}), ...p });
  }
  const arts = new Map<string, Obj>();
  for (const src of [base.arguments, spec.arguments]) {
    for (const a of isObj(src) && Array.isArray(src.artifacts) ? src.artifacts : []) if (isObj(a) && typeof a.name === 'string') arts.set(a.name, a);
  }
  const args: Obj = {};
  if (params.size > 0) args.parameters = [...params.values()];
  if (arts.size > 0) args.artifacts = [...arts.values()];
  if (Object.keys(args).length > 0) out.arguments = args;
  else delete out.arguments;
  return out;
}

/** One Argo document (already parsed) → a Weft pipeline, or an ImportError naming what is not carried. */
export function importArgo(doc: unknown, opts: ArgoImportOptions = {}): ImportResult {
  if (!isObj(doc)) throw new ImportError('documents that are not a mapping');
  const kind = doc.kind;
  if (!(ARGO_KINDS as readonly unknown[]).includes(kind)) throw new ImportError(`kind ${String(kind)}`, 'only Workflow, WorkflowTemplate, ClusterWorkflowTemplate and CronWorkflow are imported');
  const meta = isObj(doc.metadata) ? doc.metadata : {};
  const outer = isObj(doc.spec) ? doc.spec : undefined;
  if (!outer) throw new ImportError('workflows without spec');
  const library = new Library(opts.library);
  let spec = kind === 'CronWorkflow' ? outer.workflowSpec : outer;
  if (!isObj(spec)) throw new ImportError('CronWorkflow without workflowSpec');
  if (spec.workflowTemplateRef !== undefined) spec = resolveWorkflowTemplateRef(spec, library);
  if (spec.entrypoint === undefined && (kind === 'WorkflowTemplate' || kind === 'ClusterWorkflowTemplate')) return importLibrary(kind, meta, spec, library);
  return importSpec(kind, meta, outer, spec, library);
}

/**
 * A template library (a WorkflowTemplate without entrypoint): nothing runs until a workflow names
 * one of its templates as entrypoint (`argo submit --from workflowtemplate/<lib> --entrypoint <t>`),
 * its input parameters given as the workflow's. So each template becomes the pipeline that
 * submission runs, named `<library>-<template>`: the first is the main result, the others are
 * written beside it (with any sub-pipelines).
 */
function importLibrary(kind: string, meta: Obj, spec: Obj, library: Library): ImportResult {
  const templates = asList(spec.templates ?? [], 'spec.templates').filter((t) => isObj(t) && typeof t.name === 'string');
  if (templates.length === 0) throw new ImportError('workflows without entrypoint', 'a template library without templates: nothing to run');
  const name = pipelineName(meta);
  const shared = newShared(name);
  // Each template's own pipeline keeps its name; a sub-pipeline of the same template gets another.
  shared.reserved = new Set(templates.map((t) => `${pipelineName({ name: `${name}-${t.name}` })}.weft.yaml`));
  const results: ImportResult[] = templates.map((t) => {
    const params = new Map<string, Obj>();
    for (const p of isObj(spec.arguments) && Array.isArray(spec.arguments.parameters) ? spec.arguments.parameters : []) if (isObj(p) && typeof p.name === 'string') params.set(p.name, p);
    // The entrypoint's inputs without a fixed value are what the submission passes (-p name=value).
    for (const p of isObj(t.inputs) && Array.isArray(t.inputs.parameters) ? t.inputs.parameters : []) {
      if (isObj(p) && typeof p.name === 'string' && p.value === undefined && p.valueFrom === undefined && !params.has(p.name)) params.set(p.name, p.default === undefined ? { name: p.name } : { name: p.name, value: p.default, ...(p.enum ? { enum: p.enum } : {}) });
    }
    const entry: Obj = { ...spec, entrypoint: t.name };
    if (params.size > 0) entry.arguments = { ...(isObj(spec.arguments) ? spec.arguments : {}), parameters: [...params.values()] };
    return importSpec(kind, { ...meta, name: `${name}-${t.name}`, generateName: undefined }, spec, entry, library, shared);
  });
  const [first, ...rest] = results;
  const warnings = [...first!.warnings];
  const files = rest.map((r) => ({ path: `${(r.pipeline as Obj).metadata.name}.weft.yaml`, pipeline: r.pipeline }));
  for (const r of rest) for (const w of r.warnings) if (!warnings.some((x) => x.feature === w.feature && x.message === w.message)) warnings.push(w);
  warnings.push({ feature: 'library', message: `a template library: one pipeline per template (${templates.map((t) => t.name).join(', ')}), each running it as the entrypoint; the first is the main one` });
  files.push(...shared.files);
  return { pipeline: first!.pipeline, warnings, ...(files.length > 0 ? { files } : {}) };
}

/**
 * The entrypoint's inputs with neither value nor default, and no workflow argument of that name,
 * are given at submission (`argo submit -p name=value` adds the argument): required params.
 */
function withRequiredInputs(spec: Obj): Obj {
  const entry = Array.isArray(spec.templates) ? spec.templates.find((t: unknown) => isObj(t) && t.name === spec.entrypoint) : undefined;
  const ins = isObj(entry) && isObj(entry.inputs) && Array.isArray(entry.inputs.parameters) ? entry.inputs.parameters : [];
  const args = isObj(spec.arguments) && Array.isArray(spec.arguments.parameters) ? spec.arguments.parameters : [];
  const missing = ins.filter((p: unknown) => isObj(p) && typeof p.name === 'string' && p.value === undefined && p.default === undefined && p.valueFrom === undefined && !args.some((a: unknown) => isObj(a) && a.name === p.name));
  if (missing.length === 0) return spec;
  return { ...spec, arguments: { ...(isObj(spec.arguments) ? spec.arguments : {}), parameters: [...args, ...missing.map((p: Obj) => ({ name: p.name, ...(p.enum ? { enum: p.enum } : {}), ...(p.description ? { description: p.description } : {}) }))] } };
}

function newShared(name: string): Shared {
  return { name, files: [], subs: new Map(), stack: new Set(), globals: new Map() };
}

/** One workflow spec (entrypoint given) → a pipeline, with the sub-pipelines it runs. */
function importSpec(kind: string, meta: Obj, outer: Obj, spec: Obj, library: Library, given?: Shared): ImportResult {
  spec = withRequiredInputs(spec);
  const shared: Shared = given ?? newShared(pipelineName(meta));
  shared.name = pipelineName(meta);
  shared.globals = new Map();
  if (isObj(spec.arguments) && Array.isArray(spec.arguments.parameters)) {
    for (const p of spec.arguments.parameters) if (isObj(p) && typeof p.name === 'string') shared.globals.set(p.name, p);
  }
  const im = new ArgoImport(spec, library, shared);

  // Workflow-wide pod settings → kubernetes; Argo-only ones → platform.argo.spec (verbatim).
  const k8s: Obj = {};
  const rawSpec: Obj = {};
  for (const k of Object.keys(spec)) {
    if (SPEC_K8S[k] !== undefined) continue;
    if (SPEC_RAW.has(k)) continue;
    if (SPEC_ERROR[k] === undefined) throw new ImportError(`spec.${k}`);
    if (SPEC_ERROR[k] !== '') throw new ImportError(SPEC_ERROR[k]!);
  }
  if (typeof spec.entrypoint !== 'string') throw new ImportError('workflows without entrypoint', 'a template library: nothing to run');
  im.readTemplates();
  const workflowArtifacts = new Map<string, Obj>();
  if (isObj(spec.arguments)) {
    for (const a of asList(spec.arguments.artifacts ?? [], 'spec.arguments.artifacts')) {
      if (!isObj(a) || typeof a.name !== 'string') throw new ImportError('artifacts without a name', 'spec.arguments.artifacts');
      workflowArtifacts.set(a.name, a);
      im.warn('artifacts', `workflow argument artifact ${a.name} becomes the source of the input files that receive it; it is no longer a run argument`);
    }
    im.declareParams(spec.arguments.parameters ?? []);
  } else if (spec.arguments !== undefined) throw new ImportError('arguments that are not a mapping');
  for (const k of Object.keys(spec)) {
    const to = SPEC_K8S[k];
    if (to === undefined) continue;
    if (hasTags(spec[k])) {
      // Weft's kubernetes settings hold no references: one that reads a value is kept for Argo only.
      im.warn('kubernetes', `spec.${k} reads values Weft's kubernetes settings cannot hold; kept for Argo only (platform.argo.spec)`);
      rawSpec[k] = im.verbatim(spec[k], undefined, `spec.${k}`);
    } else if (k === 'podMetadata') podMetadata(im.verbatim(spec[k], undefined, `spec.${k}`), k8s);
    else if (k === 'imagePullSecrets') k8s.imagePullSecrets = pullSecretNames(spec[k], `spec.${k}`);
    else k8s[to] = im.verbatim(spec[k], undefined, `spec.${k}`);
  }
  for (const k of Object.keys(spec)) if (SPEC_RAW.has(k)) rawSpec[k] = im.verbatim(spec[k], undefined, `spec.${k}`);

  const pipeline: Obj = { apiVersion: 'weft/v1', kind: 'Pipeline' };
  const md: Obj = { name: pipelineName(meta) };
  const annotations = isObj(meta.annotations) ? meta.annotations : {};
  const description = annotations['workflows.argoproj.io/description'];
  if (typeof description === 'string' && description.trim()) md.description = escapeWeft(description.trim());
  const otherAnnotations = Object.keys(annotations).filter((k) => k !== 'workflows.argoproj.io/description');
  if (otherAnnotations.length > 0) im.warn('annotations', `annotations ${otherAnnotations.join(', ')} are not imported`);
  if (isObj(meta.labels) && Object.keys(meta.labels).length > 0) md.labels = Object.fromEntries(Object.entries(meta.labels).map(([k, v]) => [k, escapeWeft(String(v))]));
  pipeline.metadata = md;

  // The root: the entrypoint's inputs come from the workflow's arguments, by name.
  const entry = im.template(spec.entrypoint, 'spec.entrypoint');
  const rootArgs = new Map<string, string>();
  for (const n of im['paramNames'].keys()) rootArgs.set(n, `{{workflow.parameters.${n}}}`);
  const mainCalls = im.expand(entry, spec.entrypoint, im.inputsOf(entry, rootArgs, 'the entrypoint'), 0, workflowArtifacts);
  // The entry DAG's own settings (failFast, retries of the whole DAG…) go to the exported main template.
  const rawMain: Obj = {};
  if (entry.dag !== undefined || entry.steps !== undefined) {
    for (const [k, v] of Object.entries(entry)) {
      if (['name', 'dag', 'steps', 'inputs', 'outputs', 'parallelism'].includes(k)) continue;
      rawMain[k] = im.verbatim(v, undefined, `template ${entry.name}: ${k}`);
    }
    if (isObj(entry.dag)) {
      const dagRaw: Obj = {};
      for (const [k, v] of Object.entries(entry.dag)) if (k !== 'tasks') dagRaw[k] = im.verbatim(v, undefined, `template ${entry.name}: dag.${k}`);
      if (Object.keys(dagRaw).length > 0) rawMain.dag = dagRaw;
    }
  }
  let exitCalls: Call[] = [];
  const onExit = workflowExit(spec);
  if (onExit !== undefined) {
    const exit = im.template(onExit, 'spec.onExit');
    exitCalls = im.expand(exit, onExit, im.inputsOf(exit, rootArgs, 'the exit handler'), 0);
  }

  const rawCron: Obj = {};
  // Concurrency.
  const limits: number[] = [];
  if (spec.parallelism !== undefined) limits.push(Number(spec.parallelism));
  if ((entry.dag !== undefined || entry.steps !== undefined) && entry.parallelism !== undefined) limits.push(Number(entry.parallelism));
  for (const n of limits) if (!Number.isInteger(n) || n < 1) throw new ImportError('parallelism with parameters');
  const concurrency: Obj = {};
  if (spec.synchronization !== undefined) {
    // The lock itself is kept verbatim for Argo (platform.argo.spec); one mutex also means runs never overlap.
    const s = spec.synchronization;
    if (isObj(s) && Object.keys(s).length === 1 && Array.isArray(s.mutexes) && s.mutexes.length === 1) concurrency.runs = 1;
  }
  if (spec.activeDeadlineSeconds !== undefined) {
    const secs = String(spec.activeDeadlineSeconds);
    if (!/^[0-9]+$/.test(secs)) throw new ImportError('activeDeadlineSeconds with parameters', `spec: ${secs}`);
    pipeline.timeout = `${Number(secs)}s`;
  }

  // Schedule (CronWorkflow).
  if (kind === 'CronWorkflow') {
    for (const k of Object.keys(outer)) {
      if (['workflowSpec', 'schedules', 'schedule', 'timezone', 'concurrencyPolicy'].includes(k)) continue;
      if (['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit', 'suspend', 'workflowMetadata', 'stopStrategy', 'when'].includes(k)) rawCron[k] = im.verbatim(outer[k], undefined, `CronWorkflow ${k}`);
      else throw new ImportError(`CronWorkflow ${k}`);
    }
    const schedules: unknown[] = outer.schedules !== undefined ? asList(outer.schedules, 'spec.schedules') : outer.schedule !== undefined ? [outer.schedule] : [];
    if (schedules.length === 0) throw new ImportError('CronWorkflow without schedules');
    if (schedules.length > 1) {
      // Weft has one schedule: the first; Argo keeps them all.
      rawCron.schedules = schedules.map(String);
      im.warn('schedule', `${schedules.length} schedules: the pipeline's schedule is the first; the others are kept for Argo only (platform.argo.cron)`);
    }
    const cron = String(schedules[0]).trim();
    if (!/^@(yearly|annually|monthly|weekly|daily|midnight|hourly)$/.test(cron) && cron.split(/\s+/).length !== 5) throw new ImportError('cron schedules other than five fields', JSON.stringify(cron));
    const sched: Obj = { cron };
    if (typeof outer.timezone === 'string' && outer.timezone) sched.timezone = outer.timezone;
    pipeline.schedule = sched;
    const policy = outer.concurrencyPolicy ?? 'Allow';
    if (policy === 'Forbid') concurrency.runs = 1;
    else if (policy === 'Replace') rawCron.concurrencyPolicy = 'Replace'; // a new run stops the old one: Argo's own policy
    else if (policy !== 'Allow') throw new ImportError(`concurrencyPolicy ${policy}`);
  }
  if (limits.length > 0) concurrency.tasks = Math.min(...limits);

  // Ids: main tasks first, then the exit handler's.
  const mainIds = mainCalls.map((c) => im.taskId(c.name));
  mainCalls.forEach((c, i) => c.scope.ids.set(c.name, mainIds[i]!));
  const exitIds = exitCalls.map((c) => im.taskId(c.name));
  exitCalls.forEach((c, i) => c.scope.ids.set(c.name, exitIds[i]!));

  // Sections: an exit handler task that runs only when the workflow did not succeed is onFailure.
  const FAIL_WHEN = /^\s*\{\{\s*workflow\.status\s*\}\}\s*!=\s*["']?Succeeded["']?\s*$/;
  const OK_WHEN = /^\s*\{\{\s*workflow\.status\s*\}\}\s*==\s*["']?Succeeded["']?\s*$/;
  const sectionOf = new Map<Call, 'onFailure' | 'finally'>();
  for (const c of exitCalls) {
    const fail = c.when.some((w) => FAIL_WHEN.test(w));
    if (fail) c.when = c.when.filter((w) => !FAIL_WHEN.test(w));
    // Only when the workflow succeeded: a finally task testing run.status (Argo's Failed and Error are both Weft's failed, so only Succeeded maps one to one).
    if (c.when.some((w) => OK_WHEN.test(w))) {
      c.when = c.when.filter((w) => !OK_WHEN.test(w));
      c.weftIf = [...(c.weftIf ?? []), "run.status == 'succeeded'"];
    }
    if (c.when.some((w) => /workflow\.status/.test(w))) throw new ImportError('exit handler conditions on workflow.status', `task ${c.name}: ${c.when.join(' && ')}`);
    sectionOf.set(c, fail ? 'onFailure' : 'finally');
  }
  for (const c of exitCalls) {
    for (const d of c.deps) {
      const dc = exitCalls.find((x) => x.name === d);
      if (dc && sectionOf.get(dc) !== sectionOf.get(c)) throw new ImportError('exit handler dependencies across onFailure and finally', `task ${c.name} needs ${d}`);
    }
  }
  im.registerCalls(mainCalls, 'tasks');
  for (const c of exitCalls) im.registerCalls([c], sectionOf.get(c)!);

  const built = new Map<string, Built>();
  const build = (calls: Call[], ids: string[], section: string): Obj => im.build(calls, ids, section, built);
  const tasks = build(mainCalls, mainIds, 'tasks');
  const onFailureCalls = exitCalls.filter((c) => sectionOf.get(c) === 'onFailure');
  const finallyCalls = exitCalls.filter((c) => sectionOf.get(c) === 'finally');
  const onFailure = build(onFailureCalls, onFailureCalls.map((c) => exitIds[exitCalls.indexOf(c)]!), 'onFailure');
  const fin = build(finallyCalls, finallyCalls.map((c) => exitIds[exitCalls.indexOf(c)]!), 'finally');
  // The entry DAG's own outputs: the pipeline's (nothing in the workflow reads them, so one that cannot be carried is warned).
  const entryOutputs = entry.dag !== undefined || entry.steps !== undefined ? im.templateOutputs(entry, mainCalls, im.inputsOf(entry, rootArgs, 'the entrypoint'), undefined, true, built) : undefined;
  im.finishSubs(built);
  im.addOutputs(built);
  im.typeParams();
  im.finishPlatform([...built.values()].map((b) => b.task));
  const pipelineOutputs = entryOutputs?.().outputs ?? {};

  const out: Obj = { apiVersion: pipeline.apiVersion, kind: pipeline.kind, metadata: pipeline.metadata };
  if (Object.keys(im.params).length > 0) out.params = im.params;
  if (Object.keys(im.secrets).length > 0) out.secrets = im.secrets;
  if (pipeline.schedule) out.schedule = pipeline.schedule;
  if (pipeline.timeout) out.timeout = pipeline.timeout;
  if (Object.keys(concurrency).length > 0) out.concurrency = concurrency;
  if (Object.keys(k8s).length > 0) out.kubernetes = k8s;
  const argo: Obj = {};
  if (Object.keys(rawSpec).length > 0) argo.spec = rawSpec;
  if (Object.keys(rawCron).length > 0) argo.cron = rawCron;
  if (Object.keys(rawMain).length > 0) argo.main = rawMain;
  if (Object.keys(argo).length > 0) out.platform = { argo };
  if (Object.keys(pipelineOutputs).length > 0) out.outputs = pipelineOutputs;
  out.tasks = orderTaskKeys(tasks);
  if (Object.keys(onFailure).length > 0) out.onFailure = orderTaskKeys(onFailure);
  if (Object.keys(fin).length > 0) out.finally = orderTaskKeys(fin);
  const warnings = [...im.warnings];
  for (const w of shared.warnings ?? []) if (!warnings.some((x) => x.feature === w.feature && x.message === w.message)) warnings.push(w);
  shared.warnings = [];
  return { pipeline: out, warnings, ...(shared.files.length > 0 && !given ? { files: shared.files } : {}) };
}

/**
 * A nested DAG/steps template → a sub-pipeline file: its input parameters become params (those
 * the caller passes, and those with a literal default), its tasks are imported in the scope of
 * its own document, and the workflow parameters it reads are handed on by the caller.
 */
function importSub(t: Obj, templates: unknown[], passed: Map<string, string>, library: Library, shared: Shared, reads: SubReads): SubFile {
  const im = new ArgoImport({ templates }, library, shared, true);
  im.readTemplates();
  const rootArgs = new Map<string, string>();
  const inputs = new Map<string, string>();
  for (const p of asList(isObj(t.inputs) ? (t.inputs.parameters ?? []) : [], `${t.name}.inputs.parameters`)) {
    if (!isObj(p) || typeof p.name !== 'string') throw new ImportError('parameters without a name', t.name);
    const v = p.value ?? p.default;
    const literal = v === undefined || v === null || !hasArgoTags(String(v));
    if (passed.has(p.name) || literal) {
      im.declareInput(p, literal);
      inputs.set(p.name, im['paramNames'].get(`\u0000${p.name}`)!);
      rootArgs.set(p.name, `{{${INPUT_TAG}${p.name}}}`);
    } else rootArgs.set(p.name, String(v)); // a default that reads the template's scope stays as Argo substitutes it
  }
  const all = im.expand(t, t.name, rootArgs, 0);
  const hook = HOOKED.get(t);
  const calls = all.filter((c) => c.name !== hook);
  const exit = all.filter((c) => c.name === hook);
  const ids = calls.map((c) => im.taskId(c.name));
  calls.forEach((c, i) => c.scope.ids.set(c.name, ids[i]!));
  const exitIds = exit.map((c) => im.taskId(c.name));
  exit.forEach((c, i) => {
    c.scope.ids.set(c.name, exitIds[i]!);
    c.deps = []; // a finally task runs after every main task whatever happened
  });
  im.registerCalls(calls, 'tasks');
  im.registerCalls(exit, 'finally');
  const built = new Map<string, Built>();
  const tasks = im.build(calls, ids, 'tasks', built);
  const fin = im.build(exit, exitIds, 'finally', built);
  // The template's outputs its callers read: the sub-pipeline's outputs.
  const outputs = im.templateOutputs(t, calls, rootArgs, reads, false, built);
  im.finishSubs(built);
  im.addOutputs(built);
  im.typeParams();
  im.finishPlatform([...built.values()].map((b) => b.task));
  const outs = outputs();
  // Settings of the nested template itself: parallelism → concurrency; Argo-only DAG settings → platform.argo.main.
  const rawMain: Obj = {};
  for (const [k, v] of Object.entries(t)) {
    if (['name', 'dag', 'steps', 'inputs', 'outputs', 'parallelism', 'retryStrategy', 'activeDeadlineSeconds', 'timeout', 'metadata'].includes(k)) continue;
    if (TEMPLATE_K8S[k] !== undefined || TEMPLATE_RAW.has(k)) continue; // on the calling task (podSettings)
    rawMain[k] = im.verbatim(v, undefined, `template ${t.name}: ${k}`);
  }
  if (isObj(t.dag)) {
    const dagRaw: Obj = {};
    for (const [k, v] of Object.entries(t.dag)) if (k !== 'tasks') dagRaw[k] = im.verbatim(v, undefined, `template ${t.name}: dag.${k}`);
    if (Object.keys(dagRaw).length > 0) rawMain.dag = dagRaw;
  }
  const base = pipelineName({ name: `${shared.name}-${t.name}` });
  let name = base;
  for (let i = 2; shared.files.some((f) => f.path === `${name}.weft.yaml`) || shared.reserved?.has(`${name}.weft.yaml`); i++) name = `${base}-${i}`;
  const what = hook !== undefined ? `The Argo task ${escapeWeft(String(t.name))} and its exit hook` : `The Argo template ${escapeWeft(String(t.name))}`;
  const out: Obj = { apiVersion: 'weft/v1', kind: 'Pipeline', metadata: { name, description: `${what}, run as a sub-pipeline of ${shared.name}.` } };
  if (Object.keys(im.params).length > 0) out.params = im.params;
  if (Object.keys(im.secrets).length > 0) out.secrets = im.secrets;
  if (t.parallelism !== undefined) {
    const n = Number(t.parallelism);
    if (!Number.isInteger(n) || n < 1) throw new ImportError('parallelism with parameters', `template ${t.name}`);
    out.concurrency = { tasks: n };
  }
  if (Object.keys(rawMain).length > 0) out.platform = { argo: { main: rawMain } };
  if (Object.keys(outs.outputs).length > 0) out.outputs = outs.outputs;
  out.tasks = orderTaskKeys(tasks);
  if (exit.length > 0) out.finally = orderTaskKeys(fin);
  const path = `${name}.weft.yaml`;
  shared.files.push({ path, pipeline: out });
  (shared.warnings ??= []).push(...im.warnings);
  return { path, inputs, forwarded: im.forwarded, params: im.params, outputs: outs.params, artifacts: outs.artifacts };
}

// ----- helpers ------------------------------------------------------------------------------

/** The tasks of a call's DAG it runs after (its dependencies, theirs, and so on). */
function predecessors(call: Call): Set<string> {
  const before = new Set<string>();
  const visit = (n: string): void => {
    for (const d of call.scope.calls.get(n)?.deps ?? []) if (!before.has(d)) (before.add(d), visit(d));
  };
  visit(call.name);
  return before;
}

/**
 * Whether a one-task DAG/steps template's outputs are its task's, under the same names (so
 * inlining it keeps what its caller reads); otherwise it runs as a sub-pipeline with outputs.
 */
function sameOutputs(t: Obj, task: string): boolean {
  const outs = isObj(t.outputs) ? t.outputs : {};
  const params: unknown[] = Array.isArray(outs.parameters) ? outs.parameters : [];
  const arts: unknown[] = Array.isArray(outs.artifacts) ? outs.artifacts : [];
  const own = (tag: unknown, kind: string, name: string): boolean => {
    const m = typeof tag === 'string' ? /^\s*\{\{\s*(?:tasks|steps)\.([^.{}]+)\.outputs\.(parameters|artifacts)\.([^.{}\s]+)\s*\}\}\s*$/.exec(tag) : null;
    return m !== null && m[1] === task && m[2] === kind && m[3] === name;
  };
  return (
    params.every((p) => isObj(p) && isObj(p.valueFrom) && Object.keys(p.valueFrom).length === 1 && own(p.valueFrom.parameter, 'parameters', String(p.name)) && p.globalName === undefined) &&
    arts.every((a) => isObj(a) && Object.keys(a).every((k) => k === 'name' || k === 'from') && own(a.from, 'artifacts', String(a.name)))
  );
}

/** A suspend template without a duration: it waits for a person to resume it (an approval). */
function isApproval(t: Obj): boolean {
  return isObj(t.suspend) && t.suspend.duration === undefined;
}

/**
 * The global outputs (`parameters\u0000<globalName>`, `artifacts\u0000…`) a called template
 * produces, with the output's name when the task itself reports it: not inside a sub-pipeline
 * (`nested`, followed through the DAG and steps templates it runs, by name in `templates`).
 */
function globalsOf(t: Obj, templates: unknown[], nested: boolean, seen = new Set<Obj>()): { key: string; output?: string }[] {
  if (seen.has(t)) return [];
  seen.add(t);
  const out: { key: string; output?: string }[] = [];
  for (const kind of ['parameters', 'artifacts']) {
    for (const o of isObj(t.outputs) && Array.isArray(t.outputs[kind]) ? t.outputs[kind] : []) {
      if (isObj(o) && typeof o.globalName === 'string') out.push(nested ? { key: `${kind}\u0000${o.globalName}` } : { key: `${kind}\u0000${o.globalName}`, output: String(o.name) });
    }
  }
  const steps: unknown[] = isObj(t.dag) && Array.isArray(t.dag.tasks) ? t.dag.tasks : Array.isArray(t.steps) ? t.steps.flat() : [];
  for (const x of steps) {
    const inner = !isObj(x) ? undefined : isObj(x.inline) ? x.inline : templates.find((y) => isObj(y) && y.name === x.template);
    if (isObj(inner)) out.push(...globalsOf(inner, templates, true, seen));
  }
  return out;
}

/** The type an output is declared with, from how later tasks use it. */
function typeOfUses(uses: Set<RefUse>): 'list' | 'number' | 'string' {
  return uses.has('list') ? 'list' : uses.has('number') ? 'number' : 'string';
}

/** Argo's text of a value (a default, a choice) as a Weft value of `type`; an ImportError when it is not one. */
function typedText(text: string, type: 'list' | 'number' | 'string', where: string): unknown {
  if (type === 'string') return escapeWeft(text);
  const scalarType = commonScalarType([text]);
  const v = type === 'list' ? tryJson(text) : scalarType === 'integer' || scalarType === 'number' ? Number(text) : undefined;
  if (v === undefined || (type === 'list' && !Array.isArray(v))) throw new ImportError(`${type === 'list' ? 'list' : 'numeric'} outputs with a default or choice of another type`, `${where}: ${JSON.stringify(text)}`);
  return v;
}

/**
 * An output parameter read from a file (`valueFrom.path`, with `default` for a missing file or a
 * skipped task) → a value output read from that `path`. `sub` substitutes the template's inputs.
 */
function pathOutput(p: Obj, type: 'list' | 'number' | 'string', sub: (s: string) => string, where: string): Obj {
  const vf = p.valueFrom;
  if (!isObj(vf) || typeof vf.path !== 'string' || Object.keys(vf).some((k) => k !== 'path' && k !== 'default')) {
    throw new ImportError('output parameters not read from a file (valueFrom.path)', where);
  }
  const path = sub(vf.path);
  if (hasArgoTags(path)) throw new ImportError('output paths with parameters', `${where}: ${path}`);
  const out: Obj = { type, path: escapeWeft(path) };
  if (vf.default !== undefined && vf.default !== null) {
    const def = sub(typeof vf.default === 'string' ? vf.default : JSON.stringify(vf.default));
    if (hasArgoTags(def)) throw new ImportError('output defaults with references', `${where}: ${def}`);
    out.default = typedText(def, type, `${where}: the default`);
  }
  return out;
}

const KEY_ORDER = ['type', 'description', 'needs', 'if', 'trigger', 'allowFailure', 'foreach', 'pipeline', 'with', 'image', 'shell', 'run', 'code', 'command', 'args', 'service', 'url', 'method', 'headers', 'body', 'expect', 'delay', 'approval', 'action', 'mergeStrategy', 'flags', 'ownedByRun', 'successCondition', 'failureCondition', 'manifest', 'env', 'resources', 'retries', 'timeout', 'inputs', 'outputs', 'capture', 'labels', 'kubernetes', 'platform'];

function orderTaskKeys(tasks: Obj): Obj {
  const out: Obj = {};
  for (const [id, t] of Object.entries(tasks)) {
    const o: Obj = {};
    for (const k of KEY_ORDER) if (t[k] !== undefined) o[k] = t[k];
    for (const k of Object.keys(t)) if (!(k in o)) o[k] = t[k];
    out[id] = o;
  }
  return out;
}

function isObj(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function asList(x: unknown, where: string): any[] {
  if (Array.isArray(x)) return x;
  if (typeof x === 'string') {
    // Argo also accepts a JSON list as a string in a few places (withItems written as text).
    const v = tryJson(x);
    if (Array.isArray(v)) return v;
  }
  throw new ImportError('values that are not lists', `${where} is not a list`);
}

function tryJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

/** `{{inputs.parameters.x}}` → the input's text, everywhere in a value (Argo substitutes first). */
function substituteInputs(x: unknown, inputs: Map<string, string>, where: string): unknown {
  if (typeof x === 'string') {
    if (!x.includes('{{')) return x;
    return x.replace(/\{\{\s*(?:((?:inputs|outputs)\.(?:artifacts|parameters)\.[A-Za-z0-9_-]+\.path)|inputs\.parameters\.([A-Za-z0-9_.-]+))\s*\}\}/g, (m, path: string | undefined, n: string) => {
      if (path !== undefined) return inputs.get(path) ?? m;
      const v = inputs.get(n);
      if (v === undefined) throw new ImportError('input parameter without a value', `template ${where} reads ${n}, which it does not declare`);
      return v;
    });
  }
  if (Array.isArray(x)) return x.map((v) => substituteInputs(v, inputs, where));
  if (isObj(x)) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, substituteInputs(v, inputs, where)]));
  return x;
}

/** Literal text and tags of a script, keeping unknown `{{…}}` as text. */
function splitTags(s: string): { text?: string; tag?: string }[] {
  const out: { text?: string; tag?: string }[] = [];
  let last = 0;
  for (const m of s.matchAll(/\{\{(.*?)\}\}/gs)) {
    const body = m[1]!.trim();
    if (!hasArgoTags(m[0])) continue;
    if (m.index! > last) out.push({ text: s.slice(last, m.index) });
    out.push({ tag: body });
    last = m.index! + m[0].length;
  }
  if (last < s.length) out.push({ text: s.slice(last) });
  return out;
}

/** Weft reads `${{` in any string (code and run included) as an expression: a literal one is escaped. */
function escapeSourceLiteral(s: string): string {
  return escapeWeft(s);
}

function literalItem(x: unknown, r: RefResolver): unknown {
  if (typeof x === 'string') return argoText(x, r);
  if (Array.isArray(x)) return x.map((v) => literalItem(v, r));
  if (isObj(x)) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, literalItem(v, r)]));
  return x;
}

/** Whether a value holds an Argo tag anywhere. */
function hasTags(v: unknown): boolean {
  if (typeof v === 'string') return hasArgoTags(v);
  if (Array.isArray(v)) return v.some(hasTags);
  if (isObj(v)) return Object.values(v).some(hasTags);
  return false;
}

/** `s3:<key>` for an artifact naming only a key of the configured repository (s3/gcs/oss without bucket, azure without container). */
function repositoryKey(a: Obj): string | undefined {
  for (const [kind, keyField, where] of [['s3', 'key', 'bucket'], ['gcs', 'key', 'bucket'], ['oss', 'key', 'bucket'], ['azure', 'blob', 'container']] as const) {
    const loc = a[kind];
    if (isObj(loc) && typeof loc[keyField] === 'string' && loc[where] === undefined && Object.keys(loc).length === 1) return `${kind}:${loc[keyField]}`;
  }
  return undefined;
}

/** The Weft name of a template's output artifact: its own, unless an output parameter has it. */
function artifactOutputName(t: Obj, n: string): string {
  const name = outputName(n);
  const params = isObj(t.outputs) && Array.isArray(t.outputs.parameters) ? t.outputs.parameters : [];
  return params.some((p: Obj) => isObj(p) && typeof p.name === 'string' && outputName(p.name) === name) ? `${name}_file` : name;
}

/** `{{inputs.artifacts.x.path}}`, `{{outputs.artifacts.x.path}}`, `{{outputs.parameters.x.path}}` → the paths, for substitution. */
function addPathTags(t: Obj, into: Map<string, string>): Map<string, string> {
  for (const [side, kind] of [['inputs', 'artifacts'], ['outputs', 'artifacts'], ['outputs', 'parameters']] as const) {
    const list = isObj(t[side]) && Array.isArray(t[side][kind]) ? t[side][kind] : [];
    for (const x of list) {
      const path = kind === 'artifacts' ? x?.path : x?.valueFrom?.path;
      if (isObj(x) && typeof x.name === 'string' && typeof path === 'string') into.set(`${side}.${kind}.${x.name}.path`, path);
    }
  }
  return into;
}

function outputName(n: string): string {
  let s = n.replace(/[^A-Za-z0-9_-]/g, '_');
  if (!/^[A-Za-z_]/.test(s)) s = `_${s}`;
  return s;
}

function commonScalarType(values: string[]): 'integer' | 'number' | 'boolean' | undefined {
  const kind = (v: string): 'integer' | 'number' | 'boolean' | undefined => {
    if (v === 'true' || v === 'false') return 'boolean';
    if (/^-?(0|[1-9][0-9]*)$/.test(v) && Number.isSafeInteger(Number(v))) return 'integer';
    if (/^-?(0|[1-9][0-9]*)\.[0-9]*[1-9]$/.test(v) && String(Number(v)) === v) return 'number';
    return undefined;
  };
  const ks = new Set(values.map(kind));
  if (ks.size === 1) return [...ks][0];
  if (ks.size === 2 && ks.has('integer') && ks.has('number')) return 'number';
  return undefined;
}

function scalar(v: string, t: 'integer' | 'number' | 'boolean'): unknown {
  return t === 'boolean' ? v === 'true' : Number(v);
}

/** An Argo duration (`"20"` seconds, or a Go duration `1m30s`) → a Weft duration. */
export function argoDuration(s: string): string | undefined {
  const t = s.trim();
  if (/^[0-9]+$/.test(t)) return `${Number(t)}s`;
  if (/^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/.test(t)) return t;
  return undefined;
}

function pipelineName(meta: Obj): string {
  const raw = typeof meta.name === 'string' ? meta.name : typeof meta.generateName === 'string' ? meta.generateName : 'imported';
  let n = raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  if (n.length > 63) n = n.slice(0, 63).replace(/[^a-z0-9]+$/, '');
  return n || 'imported';
}

function scriptLanguage(cmd: string[], image: string): { type: 'python' | 'node' | 'shell'; shell?: 'sh' | 'bash' } | undefined {
  const exe = (cmd[0] ?? '').split('/').pop()!;
  if (/^python[0-9.]*$/.test(exe)) return { type: 'python' };
  if (exe === 'node' || exe === 'nodejs') return { type: 'node' };
  if (exe === 'bash') return { type: 'shell', shell: 'bash' };
  if (exe === 'sh' || exe === 'ash' || exe === 'dash') return { type: 'shell', shell: 'sh' };
  if (exe === '' && /python/.test(image)) return { type: 'python' };
  return undefined;
}

/** `[sh, -c] + [script]` (or `[sh, -c, script]`) → the shell and its script. */
function shellCommand(command: unknown, args: unknown): { shell: 'sh' | 'bash'; run: string } | undefined {
  const all = [...(Array.isArray(command) ? command : []), ...(Array.isArray(args) ? args : [])].map(String);
  const exe = (all[0] ?? '').split('/').pop();
  if ((exe !== 'sh' && exe !== 'bash') || all[1] !== '-c' || all.length !== 3) return undefined;
  return { shell: exe, run: all[2]! };
}

/** The printf formats Argo's withSequence takes that the importer expands: one integer verb (%d, %x, %X, %o) with zero-padding and width. */
const SEQ_FORMAT = /^[^%]*%(0?)([0-9]*)([dxXo])[^%]*$/;

/** One withSequence item as Go's fmt.Sprintf(format, i) writes it. */
export function sequenceItem(format: string, i: number): string {
  const m = /^([^%]*)%(0?)([0-9]*)([dxXo])([^%]*)$/.exec(format)!;
  const radix = m[4] === 'd' ? 10 : m[4] === 'o' ? 8 : 16;
  let digits = Math.abs(i).toString(radix);
  if (m[4] === 'X') digits = digits.toUpperCase();
  const width = Number(m[3] || 0);
  const sign = i < 0 ? '-' : '';
  const body = m[2] ? sign + digits.padStart(width - sign.length, '0') : (sign + digits).padStart(width, ' ');
  return `${m[1]}${body}${m[5]}`;
}

/** `[python, -c, code]` (command and args together, nothing after the code) → the code. */
function pythonCommand(command: unknown, args: unknown): string | undefined {
  const all = [...(Array.isArray(command) ? command : []), ...(Array.isArray(args) ? args : [])];
  const exe = String(all[0] ?? '').split('/').pop()!;
  if (!/^python[0-9.]*$/.test(exe) || all[1] !== '-c' || all.length !== 3 || typeof all[2] !== 'string') return undefined;
  return all[2];
}


/** `depends` → the trigger rule with the same meaning, and whether dependencies are "bare". */
function dependsRule(d: ReturnType<typeof parseDepends>, text: string): { rule?: Rule; bare: boolean; note?: string } {
  const classes = d.terms.map((t) => resultClass(t.results));
  const fail = (why: string): never => {
    throw new ImportError('depends expression', `${JSON.stringify(text)}: ${why}`);
  };
  if (classes.some((c) => c === undefined)) fail('a set of results no trigger rule means');
  const set = new Set(classes);
  if (d.terms.length === 1 && classes[0] === 'failed') return { rule: 'one_failed', bare: false };
  if (d.join === '&&') {
    if (set.size === 1 || (set.size === 2 && set.has('bare') && set.has('success'))) {
      const c = set.has('success') ? 'success' : [...set][0]!;
      if (set.size === 2) return { rule: 'all_success', bare: true };
      switch (c) {
        case 'bare':
          return { bare: true };
        case 'success':
          return { rule: 'all_success', bare: false };
        case 'failed':
          return { rule: 'all_failed', bare: false };
        case 'notfailed':
          return { rule: 'none_failed', bare: false };
        case 'done':
          return { rule: 'all_done', bare: false, note: 'a dependency that ends Skipped or Errored also lets the task run (all_done)' };
      }
    }
    return fail('different conditions on different tasks');
  }
  if (set.size === 1 && set.has('success')) return { rule: 'one_success', bare: false, note: 'one_success starts the task as soon as one dependency succeeded; Argo waits for all' };
  if (set.size === 1 && set.has('failed')) return { rule: 'one_failed', bare: false, note: 'one_failed starts the task as soon as one dependency failed; Argo waits for all' };
  if (set.size === 1 && set.has('bare')) return { rule: 'one_success', bare: false, note: `"${text}" also holds when a dependency was skipped; one_success needs one that succeeded` };
  return fail('|| over different conditions');
}

export { quote };
