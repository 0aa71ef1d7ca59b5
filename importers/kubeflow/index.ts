/**
 * Kubeflow Pipelines v2 IR (PipelineSpec, plus an optional PlatformSpec document) → weft/v1.
 *
 * Every executor task of the pipeline becomes a Weft task; the DAGs the KFP SDK generates for
 * control flow are flattened: a `condition` DAG's triggerPolicy becomes the `if` of every task
 * inside it, a `for-loop` DAG's parameterIterator their `foreach`, the `exit-handler` DAG's tasks
 * the main tasks and the tasks that run after it (ALL_UPSTREAM_TASKS_COMPLETED) `finally`, and
 * any other nested pipeline is inlined with its task names prefixed. Values flow through the
 * flattening: a component input bound to a pipeline input becomes `${{ params.x }}`, to an upstream
 * output `${{ tasks.t.outputs.o }}`, to the loop item `${{ item }}` — which is what the container
 * arguments' placeholders (`{{$.inputs.parameters['x']}}`) are rewritten to.
 *
 * What Weft cannot carry is an ImportError naming it (importer/resolver executors, nested loops,
 * per-iteration dependencies inside a loop, artifact iterators, dsl.OneOf outputs, …); details
 * that are approximated are warnings.
 */
import { pythonIdentifier } from '../../exporters/names';
import { ImportError, type ImportResult, type ImportWarning } from '../types';
import { importerTask } from './importer-node';
import { applyExecutorConfig, pipelineSettings } from './platform';

type Obj = Record<string, unknown>;
type ValueType = 'string' | 'integer' | 'number' | 'boolean' | 'list' | 'object';

/** A value inside the flattened graph: a Weft expression (without `${{ }}`) or a constant. */
type Val = { expr: string; type?: ValueType } | { literal: unknown } | { text: string };
interface ArtVal {
  expr: string;
  /** A list of files: a fan-out's file output read after the loop (KFP's collected artifacts). */
  list?: boolean;
}

interface Env {
  params: Map<string, Val>;
  artifacts: Map<string, ArtVal>;
  /** Outputs of the tasks of the current DAG, by KFP task name then output key. */
}

interface Ctx {
  env: Env;
  /** Weft conditions (expression texts) of the enclosing condition DAGs. */
  conds: string[];
  loop?: { items: unknown[] | string; parallelism?: number; leaves: Set<string> };
  prefix: string;
  section: 'tasks' | 'finally';
  /** Leaf ids every task of this DAG must wait for (dependencies of enclosing DAG tasks). */
  needs: string[];
  depth: number;
}

interface Done {
  /** Weft ids of every leaf task of this DAG task. */
  leaves: string[];
  /** Outputs by key. */
  outputs: Map<string, Val>;
  artifacts: Map<string, ArtVal>;
}

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
/** Marks a pipeline input artifact (bound by raw platform.kubeflow settings only). */
const ROOT_ARTIFACT = '__root_artifact__';
/** Marks a pipeline input parameter Weft cannot declare (a TASK_FINAL_STATUS). */
const ROOT_PARAM = '__root_param__';
/** Marks a value a loop collects from a sub-pipeline body that is not one of its tasks' outputs (an error when read). */
const COLLECTED = '__collected__';
const CONTROL_DAG = /^(condition|condition-branches|for-loop|exit-handler)-\d+$/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

const TYPES: Record<string, ValueType> = {
  STRING: 'string',
  NUMBER_INTEGER: 'integer',
  NUMBER_DOUBLE: 'number',
  BOOLEAN: 'boolean',
  LIST: 'list',
  STRUCT: 'object',
  INT: 'integer',
  DOUBLE: 'number',
};

function typeOf(def: Obj | undefined): ValueType | undefined {
  const t = (def?.parameterType ?? def?.type) as string | undefined;
  return t ? TYPES[t] : undefined;
}

/** `tasks.<id>.outputs.<o>` in the syntax that parses for any id. */
export function outputRef(id: string, o: string): string {
  const t = /^[A-Za-z_][A-Za-z0-9_]*(-[A-Za-z_][A-Za-z0-9_]*)*$/.test(id) ? `tasks.${id}` : `tasks['${id}']`;
  return IDENT.test(o) ? `${t}.outputs.${o}` : `${t}.outputs['${o}']`;
}

function literalExpr(v: unknown): string {
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  if (Array.isArray(v) || isObj(v)) return `fromJSON(${literalExpr(JSON.stringify(v))})`;
  return "''";
}

/** A value as (part of) a Weft string: constants as text, references as `${{ }}`. */
function valText(v: Val): string {
  if ('expr' in v) return `\${{ ${v.expr} }}`;
  if ('text' in v) return v.text;
  const s = typeof v.literal === 'string' ? v.literal : JSON.stringify(v.literal);
  return s.includes('${{') ? `\${{ ${literalExpr(s)} }}` : s;
}

const RUNTIME_PLACEHOLDERS: Record<string, string> = {
  '{{$.pipeline_job_name}}': 'run.id',
  '{{$.pipeline_job_uuid}}': 'run.id',
  '{{$.pipeline_job_resource_name}}': 'run.id',
  '{{$.pipeline_job_create_time_utc}}': 'run.timestamp',
};

/** What the import of one file shares between its main pipeline and the sub-pipelines it writes. */
interface Shared {
  components: Obj;
  executors: Obj;
  /** Executor label → KubernetesExecutorConfig (the PlatformSpec). */
  execCfg: Record<string, Obj>;
  /** Sub-pipelines (loop bodies), written next to the main file. */
  files: { path: string; pipeline: Obj }[];
  warnings: ImportWarning[];
  seen: Set<string>;
  /** metadata.name of every pipeline written so far. */
  pipelineNames: Set<string>;
}

class KfpImport {
  readonly tasks: Obj = {};
  readonly finallyTasks: Obj = {};
  private readonly ids = new Set<string>();
  readonly secrets: Obj = {};
  /** Weft id → executor label, for the PlatformSpec. */
  readonly executorOf = new Map<string, string>();
  readonly components: Obj;
  readonly executors: Obj;

  constructor(
    readonly shared: Shared,
    /** metadata.name of the pipeline being built. */
    readonly name: string,
  ) {
    this.components = shared.components;
    this.executors = shared.executors;
  }

  get warnings(): ImportWarning[] {
    return this.shared.warnings;
  }

  warn(feature: string, message: string): void {
    const key = `${feature}\u0000${message}`;
    if (this.shared.seen.has(key)) return;
    this.shared.seen.add(key);
    this.shared.warnings.push({ feature, message });
  }

  /** The pipeline object: PlatformSpec settings applied to its tasks. */
  finish(metadata: Obj, params: Obj, extra: Obj = {}): Obj {
    for (const [id, label] of this.executorOf) {
      const cfg = this.shared.execCfg[label];
      if (isObj(cfg)) applyExecutorConfig((this.tasks[id] ?? this.finallyTasks[id]) as Obj, cfg, this.secrets, (f, m) => this.warn(f, m), id);
    }
    const pipeline: Obj = { apiVersion: 'weft/v1', kind: 'Pipeline', metadata };
    if (Object.keys(params).length > 0) pipeline.params = params;
    if (Object.keys(this.secrets).length > 0) pipeline.secrets = this.secrets;
    Object.assign(pipeline, extra);
    pipeline.tasks = this.tasks;
    if (Object.keys(this.finallyTasks).length > 0) pipeline.finally = this.finallyTasks;
    return pipeline;
  }

  newId(name: string): string {
    let base = name.replace(/[^A-Za-z0-9_-]+/g, '_');
    if (!/^[A-Za-z_]/.test(base)) base = `t_${base}`;
    let id = base;
    for (let i = 2; this.ids.has(id); i++) id = `${base}_${i}`;
    this.ids.add(id);
    return id;
  }

  component(name: unknown, where: string): Obj {
    const c = typeof name === 'string' ? this.components[name] : undefined;
    if (!isObj(c)) throw new ImportError('missing component', `${where} refers to ${String(name)}, which the pipeline does not define`);
    return c;
  }

  /** The tasks of one DAG, in an order where producers come first. */
  dag(dag: Obj, ctx: Ctx): Map<string, Done> {
    const tasks = isObj(dag.tasks) ? (dag.tasks as Record<string, Obj>) : {};
    const done = new Map<string, Done>();
    const order = topo(tasks);
    for (const name of order) done.set(name, this.task(name, tasks[name]!, ctx, done, tasks));
    return done;
  }

  private input(spec: Obj, ctx: Ctx, done: Map<string, Done>, where: string): Val | undefined {
    let v: Val | undefined;
    if (typeof spec.componentInputParameter === 'string') {
      v = ctx.env.params.get(spec.componentInputParameter);
      if (!v) return undefined;
    } else if (isObj(spec.taskOutputParameter)) {
      const { producerTask, outputParameterKey } = spec.taskOutputParameter as { producerTask?: string; outputParameterKey?: string };
      const p = producerTask ? done.get(producerTask) : undefined;
      if (!p) throw new ImportError('unknown producer task', `${where} reads ${producerTask}, which is not in the same DAG`);
      v = p.outputs.get(String(outputParameterKey));
      if (!v) throw new ImportError('unknown output', `${where} reads ${producerTask}.${outputParameterKey}`);
      // A dsl.OneOf output is only an error when something reads it.
      if ('expr' in v && v.expr.startsWith('__oneof__')) throw new ImportError('dsl.OneOf', `${where} reads ${producerTask}.${outputParameterKey}, one of several branch outputs`);
      if ('expr' in v && v.expr.startsWith(COLLECTED)) throw new ImportError('collected outputs of a loop body', `${where} reads ${producerTask}.${outputParameterKey}, collected from a loop body that became a sub-pipeline, where it is not a task's output`);
    } else if (isObj(spec.runtimeValue)) {
      const rv = spec.runtimeValue as Obj;
      const c = 'constant' in rv ? rv.constant : isObj(rv.constantValue) ? Object.values(rv.constantValue)[0] : undefined;
      if (typeof c === 'string' && RUNTIME_PLACEHOLDERS[c]) v = { expr: RUNTIME_PLACEHOLDERS[c]!, type: 'string' };
      else if (typeof c === 'string' && /\{\{\$/.test(c)) v = { literal: c, pending: true } as Val;
      else v = { literal: c };
    } else if (isObj(spec.taskFinalStatus)) {
      if (ctx.section !== 'finally') throw new ImportError('taskFinalStatus', `${where} reads a task's final status outside an exit handler`);
      this.warn('taskFinalStatus', `${where}: the PipelineTaskFinalStatus struct becomes run.status (the status only)`);
      v = { expr: 'run.status', type: 'string' };
    } else throw new ImportError('input parameter kind', `${where}: ${Object.keys(spec).join(', ')}`);
    const sel = spec.parameterExpressionSelector;
    if (typeof sel === 'string' && sel !== '') {
      const m = /^parseJson\(string_value\)\[(?:"([^"]*)"|'([^']*)'|(\d+))\]$/.exec(sel);
      if (!m || !('expr' in v)) throw new ImportError('parameterExpressionSelector', `${where}: ${sel}`);
      const key = m[1] ?? m[2];
      v = { expr: key !== undefined ? (IDENT.test(key) ? `${v.expr}.${key}` : `${v.expr}['${key}']`) : `${v.expr}[${m[3]}]` };
    }
    return v;
  }

  private task(name: string, t: Obj, ctx: Ctx, done: Map<string, Done>, siblings: Record<string, Obj>): Done {
    const where = `task ${ctx.prefix}${name}`;
    const ref = (t.componentRef as Obj | undefined)?.name;
    const comp = this.component(ref, where);
    if (t.artifactIterator) throw new ImportError('artifactIterator', `${where} loops over artifacts`);
    // Dependencies: explicit ones and the producers of every input.
    const needs = [...ctx.needs];
    const depNames = new Set<string>([...(Array.isArray(t.dependentTasks) ? (t.dependentTasks as string[]) : [])]);
    // A value read from a sibling orders the task after it even when no argument shows the value
    // (a resource amount, an input the component reads from its executor input).
    for (const b of [...Object.values(((t.inputs as Obj | undefined)?.parameters ?? {}) as Record<string, Obj>), ...Object.values(((t.inputs as Obj | undefined)?.artifacts ?? {}) as Record<string, Obj>)]) {
      const prod = ((b.taskOutputParameter ?? b.taskOutputArtifact) as { producerTask?: string } | undefined)?.producerTask;
      if (prod && done.has(prod)) depNames.add(prod);
    }
    const policy = isObj(t.triggerPolicy) ? t.triggerPolicy : {};
    const completed = policy.strategy === 'ALL_UPSTREAM_TASKS_COMPLETED';
    let section = ctx.section;
    // KFP's exit handler: at the root, a task run after an exit-handler DAG whatever its outcome.
    if (ctx.depth === 0 && completed && [...depNames].some((d) => /^exit-handler-\d+$/.test(d) && isObj(this.components[String((siblings[d]?.componentRef as Obj | undefined)?.name)]) && (this.components[String((siblings[d]!.componentRef as Obj).name)] as Obj).dag)) {
      section = 'finally';
      for (const d of [...depNames]) if (/^exit-handler-\d+$/.test(d)) depNames.delete(d);
      for (const d of [...depNames]) if (!done.get(d)?.leaves.every((l) => this.finallyTasks[l])) depNames.delete(d);
    }
    const inputs = isObj(t.inputs) ? t.inputs : {};
    const params = new Map<string, Val>();
    for (const [n, s] of Object.entries((inputs.parameters ?? {}) as Record<string, Obj>)) {
      const v = this.input(s, { ...ctx, section }, done, `${where} input ${n}`);
      if (v) params.set(n, v);
    }
    // A constant holding placeholders of the task's other inputs (an f-string in the pipeline).
    for (const [n, v] of params) {
      if (!('pending' in v)) continue;
      let text = '';
      let last = 0;
      const c = String((v as { literal: unknown }).literal);
      for (const m of c.matchAll(/\{\{\$\.inputs\.parameters\['([^']*)'\]\}\}|\{\{\$\.pipeline_task_name\}\}|\{\{\$[^}]*\}\}/g)) {
        text += escapeText(c.slice(last, m.index));
        last = m.index! + m[0].length;
        const ref = m[1] !== undefined ? params.get(m[1]) : undefined;
        if (ref && !('pending' in ref)) text += valText(ref);
        else if (m[0] === '{{$.pipeline_task_name}}') text += name;
        else if (RUNTIME_PLACEHOLDERS[m[0]]) text += `\${{ ${RUNTIME_PLACEHOLDERS[m[0]]} }}`;
        else if (/^\{\{\$\.[a-z_]+\}\}$/.test(m[0])) {
          // A run-time value Weft has no name for (the task's id, the pipeline root): KFP fills it in
          // a constant input as written; other targets see the text.
          text += m[0];
          this.warn('runtime placeholder', `${where} input ${n}: ${m[0]} is kept as written (KFP fills it; other targets pass the text)`);
        } else throw new ImportError('runtime placeholder', `${where} input ${n} is ${c}`);
      }
      text += escapeText(c.slice(last));
      params.set(n, text.includes('${{') ? { text } : { literal: text });
    }
    const defs = ((comp.inputDefinitions as Obj | undefined)?.parameters ?? {}) as Record<string, Obj>;
    for (const [n, d] of Object.entries(defs)) if (!params.has(n) && d.defaultValue !== undefined) params.set(n, { literal: d.defaultValue });
    const arts = new Map<string, ArtVal>();
    for (const [n, s] of Object.entries((inputs.artifacts ?? {}) as Record<string, Obj>)) {
      if (isObj(s.taskOutputArtifact)) {
        const { producerTask, outputArtifactKey } = s.taskOutputArtifact as { producerTask?: string; outputArtifactKey?: string };
        const a = producerTask ? done.get(producerTask)?.artifacts.get(String(outputArtifactKey)) : undefined;
        if (!a) throw new ImportError('artifacts', `${where} input artifact ${n} comes from ${producerTask}.${outputArtifactKey}, which is not a file output Weft can pass`);
        if (a.expr.startsWith(COLLECTED)) throw new ImportError('collected outputs of a loop body', `${where} reads ${producerTask}.${outputArtifactKey}, collected from a loop body that became a sub-pipeline, where it is not a task's output`);
        arts.set(n, a);
      } else if (typeof s.componentInputArtifact === 'string') {
        const a = ctx.env.artifacts.get(s.componentInputArtifact);
        if (!a) throw new ImportError('artifacts', `${where} input artifact ${n} is a pipeline input artifact`);
        // A pipeline input artifact can only be bound by raw KFP settings, which name the root's input.
        if (a.expr.startsWith(ROOT_ARTIFACT) && ctx.depth > 0) throw new ImportError('pipeline input artifacts', `${where} reads ${s.componentInputArtifact} inside a nested DAG`);
        arts.set(n, a);
      } else throw new ImportError('artifacts', `${where} input artifact ${n}`);
    }

    for (const [k, v] of params) if ('expr' in v && v.expr.startsWith(ROOT_PARAM) && ctx.depth > 0) throw new ImportError('parameter type', `${where} input ${k} reads the pipeline input ${v.expr.slice(ROOT_PARAM.length)} inside a nested DAG`);
    for (const d of depNames) {
      const p = done.get(d);
      if (!p) throw new ImportError('unknown dependency', `${where} depends on ${d}, which is not in the same DAG`);
      needs.push(...p.leaves);
    }
    if (ctx.loop) {
      for (const n of needs) if (ctx.loop.leaves.has(n)) throw new ImportError('loop body with dependencies', `${where} depends on ${n} inside the same ParallelFor; Weft fans out single tasks`);
    }

    const conds = [...ctx.conds];
    if (typeof policy.condition === 'string' && policy.condition !== '') conds.push(this.condition(policy.condition, params, where));

    let loop = ctx.loop;
    if (isObj(t.parameterIterator)) {
      const it = t.parameterIterator as { itemInput?: string; items?: { raw?: string; inputParameter?: string } };
      const items = this.loopItems(it, params, where);
      const par = (t.iteratorPolicy as Obj | undefined)?.parallelismLimit;
      const parallelism = typeof par === 'number' && par > 0 ? par : undefined;
      // A body Weft's per-task foreach cannot say (a loop inside, or tasks of one iteration
      // depending on each other) becomes a sub-pipeline run once per item.
      if (isObj(comp.dag) && (ctx.loop || this.needsSubPipeline(comp.dag as Obj))) {
        if (ctx.loop) throw new ImportError('nested loops', `${where} is a ParallelFor inside a ParallelFor`);
        return this.loopPipeline(name, comp, it.itemInput, items, parallelism, params, arts, { ctx, section, needs, conds, completed, where });
      }
      loop = { items, ...(parallelism ? { parallelism } : {}), leaves: new Set() };
      if (typeof it.itemInput === 'string') params.set(it.itemInput, { expr: 'item' });
    }

    if (isObj(comp.dag)) {
      const inner: Env = { params, artifacts: arts };
      const control = CONTROL_DAG.test(name) || !!t.parameterIterator;
      const sub = this.dag(comp.dag as Obj, {
        env: inner,
        conds,
        ...(loop ? { loop } : {}),
        prefix: control ? ctx.prefix : `${ctx.prefix}${name}-`,
        section,
        needs: [...new Set(needs)],
        depth: ctx.depth + 1,
      });
      const leaves = [...sub.values()].flatMap((d) => d.leaves);
      if (loop && !ctx.loop) for (const l of leaves) loop.leaves.add(l);
      const outputs = new Map<string, Val>();
      const outArts = new Map<string, ArtVal>();
      const dagOut = ((comp.dag as Obj).outputs ?? {}) as Obj;
      for (const [k, o] of Object.entries((dagOut.parameters ?? {}) as Record<string, Obj>)) {
        const sel = o.valueFromParameter as { producerSubtask?: string; outputParameterKey?: string } | undefined;
        if (!sel) {
          if (o.valueFromOneof) outputs.set(k, { expr: `__oneof__${k}` });
          continue;
        }
        const v = sel.producerSubtask ? sub.get(sel.producerSubtask)?.outputs.get(String(sel.outputParameterKey)) : undefined;
        if (v) outputs.set(k, v);
      }
      for (const [k, o] of Object.entries((dagOut.artifacts ?? {}) as Record<string, Obj>)) {
        const sels = (o.artifactSelectors ?? []) as { producerSubtask?: string; outputArtifactKey?: string }[];
        const a = sels.length === 1 && sels[0]!.producerSubtask ? sub.get(sels[0]!.producerSubtask)?.artifacts.get(String(sels[0]!.outputArtifactKey)) : undefined;
        if (a) outArts.set(k, a);
      }
      return { leaves, outputs, artifacts: outArts };
    }

    // An executor task.
    const label = comp.executorLabel;
    const ex = typeof label === 'string' ? this.executors[label] : undefined;
    if (!isObj(ex)) throw new ImportError('missing executor', `${where}: ${String(label)}`);
    if (ex.resolver) throw new ImportError('resolver', `${where} is a resolver node`);
    if (ex.customJob) throw new ImportError('customJob', `${where} is an AI Platform custom job`);
    if (!isObj(ex.container) && !isObj(ex.importer)) throw new ImportError('executor', `${where}: ${Object.keys(ex).join(', ')}`);
    const id = this.newId(`${ctx.prefix}${name}`);
    this.executorOf.set(id, label as string);
    const outVals = new Map<string, Val>();
    const outArts = new Map<string, ArtVal>();
    let task: Obj;
    const outputs: Obj = {};
    if (isObj(ex.importer)) {
      const uriOf = (n: string): string | undefined => {
        const v = params.get(n);
        return v === undefined ? undefined : 'literal' in v ? String(v.literal) : valText(v);
      };
      const inputOf = (n: string): unknown => {
        const v = params.get(n);
        return v === undefined ? undefined : 'literal' in v ? v.literal : valText(v);
      };
      const node = importerTask(ex.importer, comp, uriOf, where, inputOf);
      task = node.task;
      // A fan-out importer hands on a list of files; Weft passes fan-out file outputs as lists too.
      outArts.set(node.output, { expr: outputRef(id, node.output), ...(loop ? { list: true } : {}) });
    } else {
      const c = ex.container as Obj;
      const outDefs = (comp.outputDefinitions ?? {}) as Obj;
      for (const [o, d] of Object.entries((outDefs.parameters ?? {}) as Record<string, Obj>)) {
        const key = this.outputName(o, where);
        outputs[key] = { type: typeOf(d) ?? 'string' };
        outVals.set(o, { expr: outputRef(id, key), type: loop ? 'list' : typeOf(d) });
      }
      for (const [o, d] of Object.entries((outDefs.artifacts ?? {}) as Record<string, Obj>)) {
        if (d.isArtifactList) throw new ImportError('artifact lists', `${where} output ${o} is a list of artifacts`);
        const key = this.outputName(o, where);
        outputs[key] = { type: 'file', path: `kfp-outputs/${key}` };
        // A fan-out task's file output is the list of every iteration's file (KFP's collected artifacts).
        outArts.set(o, { expr: outputRef(id, key), ...(loop ? { list: true } : {}) });
        this.warn('artifacts', 'output artifacts become file outputs at kfp-outputs/<name>; the component writes them where KFP says ({{$.outputs.artifacts[…].path}} is kept as written)');
      }
      task = { type: 'container', image: typeof c.image === 'string' && c.image ? c.image : 'alpine' };
      const keep = new Set<string>();
      const text = (s: string, at: string): string[] => this.placeholders(s, params, arts, defs, `${where} ${at}`, keep);
      const command = Array.isArray(c.command) ? (c.command as string[]).flatMap((s, i) => text(String(s), `command[${i}]`)) : [];
      const args = Array.isArray(c.args) ? (c.args as string[]).flatMap((s, i) => text(String(s), `args[${i}]`)) : [];
      if (command.length > 0) task.command = command;
      if (args.length > 0) task.args = args;
      if (Array.isArray(c.env) && c.env.length > 0) {
        task.env = Object.fromEntries((c.env as { name: string; value?: string }[]).map((e) => [e.name, text(String(e.value ?? ''), `env.${e.name}`).join('')]));
      }
      const res = this.resources(c.resources as Obj | undefined, where);
      if (res) task.resources = res;
      if (c.lifecycle) this.warn('lifecycle', `${where}: container lifecycle hooks are not carried`);
      // A component reading KFP's executor input (`{{$}}`, the SDK's Python components) finds its
      // inputs there by name: they go to platform.kubeflow.inputs, which the exporter declares again.
      const all = JSON.stringify([c.command ?? [], c.args ?? []]).includes('{{$}}');
      if (all || keep.size > 0) {
        const own: Obj = {};
        if (all) for (const [n, v] of params) if (defs[n] && !('expr' in v && v.expr.startsWith(ROOT_PARAM))) own[n] = 'literal' in v ? v.literal : valText(v);
        for (const [n, a] of arts) if ((all || keep.has(n)) && !a.expr.startsWith(ROOT_ARTIFACT)) own[n] = `\${{ ${a.expr} }}`;
        if (Object.keys(own).length > 0) task.platform = { kubeflow: { inputs: own } };
      }
      // Pipeline inputs Weft cannot declare (input artifacts, a TASK_FINAL_STATUS: a component
      // compiled as a pipeline): raw KFP settings declare them on the component and bind them to
      // the root's, as the IR does; the pipeline-level settings declare the root's.
      const rootArts = [...arts].filter(([, a]) => a.expr.startsWith(ROOT_ARTIFACT));
      const rootParams = [...params].filter(([, v]) => 'expr' in v && v.expr.startsWith(ROOT_PARAM));
      if (rootArts.length > 0 || rootParams.length > 0) {
        const kf = (((task.platform ??= {}) as Obj).kubeflow ??= {}) as Obj;
        const compDefs = (comp.inputDefinitions ?? {}) as Obj;
        const bind: Obj = {};
        const declare: Obj = {};
        if (rootArts.length > 0) {
          bind.artifacts = Object.fromEntries(rootArts.map(([n, a]) => [n, { componentInputArtifact: a.expr.slice(ROOT_ARTIFACT.length) }]));
          declare.artifacts = Object.fromEntries(rootArts.map(([n]) => [n, ((compDefs.artifacts ?? {}) as Obj)[n] ?? { artifactType: { schemaTitle: 'system.Artifact', schemaVersion: '0.0.1' } }]));
        }
        if (rootParams.length > 0) {
          bind.parameters = Object.fromEntries(rootParams.map(([n, v]) => [n, { componentInputParameter: (v as { expr: string }).expr.slice(ROOT_PARAM.length) }]));
          declare.parameters = Object.fromEntries(rootParams.map(([n]) => [n, defs[n] ?? { parameterType: 'STRING' }]));
        }
        kf.task = { inputs: bind };
        kf.component = { inputDefinitions: declare };
        this.warn('pipeline inputs', `${where}: reads a pipeline input Weft cannot declare (an input artifact or a task status), carried as raw KFP settings (platform.kubeflow); other targets do not pass it`);
      }
    }
    const deps = [...new Set(needs)].filter((n) => n !== id);
    const sectionNeeds = deps.filter((d) => (section === 'finally' ? !!this.finallyTasks[d] : !this.finallyTasks[d]));
    if (sectionNeeds.length > 0) task.needs = sectionNeeds;
    if (conds.length > 0) task.if = `\${{ ${conds.length === 1 ? conds[0] : conds.map((x) => `(${x})`).join(' && ')} }}`;
    if (completed && section === 'tasks') task.trigger = 'all_done';
    if (loop) {
      task.foreach = { items: loop.items, ...(loop.parallelism ? { parallelism: loop.parallelism } : {}) };
      loop.leaves.add(id);
    }
    const retry = t.retryPolicy as Obj | undefined;
    if (isObj(retry) && typeof retry.maxRetryCount === 'number' && retry.maxRetryCount > 0) {
      const r: Obj = { limit: retry.maxRetryCount };
      const dur = typeof retry.backoffDuration === 'string' ? /^(\d+)(?:\.\d+)?s$/.exec(retry.backoffDuration) : null;
      if (dur && Number(dur[1]) > 0) {
        const factor = typeof retry.backoffFactor === 'number' ? retry.backoffFactor : 2;
        r.backoff = factor === 1 ? 'fixed' : 'exponential';
        if (factor !== 1 && factor !== 2) this.warn('retryPolicy', `${where}: backoff factor ${factor} becomes exponential (factor 2)`);
        r.delay = `${dur[1]}s`;
      }
      if (retry.backoffMaxDuration !== undefined) this.warn('retryPolicy', `${where}: backoffMaxDuration bounds the whole retry window; Weft has no such limit (not carried)`);
      task.retries = r;
    }
    if ((t.cachingOptions as Obj | undefined)?.enableCache === true) task.cache = true;
    if (Object.keys(outputs).length > 0) task.outputs = outputs;
    if (JSON.stringify(task).includes('${{ __root')) throw new ImportError('pipeline inputs', `${where} uses a pipeline input Weft cannot declare in a value`);
    if (section === 'finally') this.finallyTasks[id] = task;
    else this.tasks[id] = task;
    return { leaves: [id], outputs: outVals, artifacts: outArts };
  }

  /** The items of a ParallelFor: a literal list, or a `${{ }}` expression over a bound input. */
  private loopItems(it: { items?: { raw?: string; inputParameter?: string } }, params: Map<string, Val>, where: string): unknown[] | string {
    if (typeof it.items?.raw === 'string') {
      const items = safeJson(it.items.raw);
      if (!Array.isArray(items)) throw new ImportError('parameterIterator', `${where}: raw items are not a JSON list`);
      return items;
    }
    if (typeof it.items?.inputParameter === 'string') {
      const v = params.get(it.items.inputParameter);
      if (!v) throw new ImportError('parameterIterator', `${where}: the items input ${it.items.inputParameter} is not bound`);
      if ('text' in v) throw new ImportError('parameterIterator', `${where}: the items are a formatted string`);
      if ('literal' in v) {
        const l = typeof v.literal === 'string' ? safeJson(v.literal) : v.literal;
        if (!Array.isArray(l)) throw new ImportError('parameterIterator', `${where}: the items are not a list`);
        return l;
      }
      return `\${{ ${v.expr} }}`;
    }
    throw new ImportError('parameterIterator', `${where}: no items`);
  }

  /** Whether a loop body holds another loop, or tasks that depend on each other (in any nested DAG). */
  private needsSubPipeline(dag: Obj): boolean {
    for (const t of Object.values((dag.tasks ?? {}) as Record<string, Obj>)) {
      if (t.parameterIterator || t.artifactIterator) return true;
      if (Array.isArray(t.dependentTasks) && t.dependentTasks.length > 0) return true;
      const ins = (t.inputs ?? {}) as Obj;
      for (const v of [...Object.values((ins.parameters ?? {}) as Obj), ...Object.values((ins.artifacts ?? {}) as Obj)]) {
        if (isObj(v) && (v.taskOutputParameter || v.taskOutputArtifact)) return true;
      }
      const c = this.components[String((t.componentRef as Obj | undefined)?.name)];
      if (isObj(c) && isObj(c.dag) && this.needsSubPipeline(c.dag)) return true;
    }
    return false;
  }

  /**
   * A ParallelFor whose body is a sub-pipeline: a `type: pipeline` task with `foreach`, whose
   * file (written next to this one) has one param per value the body reads from outside, and
   * `item`; `with` binds them. The body's tasks are imported into it like any pipeline's.
   */
  private loopPipeline(
    name: string,
    comp: Obj,
    itemInput: string | undefined,
    items: unknown[] | string,
    parallelism: number | undefined,
    params: Map<string, Val>,
    arts: Map<string, ArtVal>,
    at: { ctx: Ctx; section: 'tasks' | 'finally'; needs: string[]; conds: string[]; completed: boolean; where: string },
  ): Done {
    const id = this.newId(`${at.ctx.prefix}${name}`);
    let subName = pipelineName(`${this.name}-${id}`, 63);
    for (let i = 2; this.shared.pipelineNames.has(subName); i++) subName = `${pipelineName(`${this.name}-${id}`, 60)}-${i}`;
    this.shared.pipelineNames.add(subName);
    const defs = (((comp.inputDefinitions as Obj | undefined)?.parameters ?? {}) as Record<string, Obj>);
    const used = new Set<string>();
    const paramName = (raw: string): string => {
      const base = pythonIdentifier(raw.replace(/^pipelinechannel--/, '')) || 'value';
      let n = base;
      for (let i = 2; used.has(n); i++) n = `${base}_${i}`;
      used.add(n);
      return n;
    };
    const ref = (n: string): string => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(n) ? `params.${n}` : `params['${n}']`);
    const subParams: Obj = {};
    const withVals: Obj = {};
    const env: Env = { params: new Map(), artifacts: new Map() };
    // The item first: it is what every iteration differs by.
    if (itemInput !== undefined) {
      const n = paramName('item');
      const known = Array.isArray(items) ? items : undefined;
      const type = known && known.length > 0 ? jsonType(known[0]) : this.bodySelects(comp.dag as Obj, itemInput) ? 'object' : (typeOf(defs[itemInput]) ?? 'string');
      subParams[n] = { type };
      withVals[n] = '${{ item }}';
      env.params.set(itemInput, { expr: ref(n), type });
    }
    for (const [k, v] of params) {
      if (k === itemInput) continue;
      const n = paramName(k);
      const type = ('expr' in v ? v.type : undefined) ?? typeOf(defs[k]) ?? ('literal' in v ? jsonType(v.literal) : 'string');
      subParams[n] = { type };
      withVals[n] = 'literal' in v ? v.literal : valText(v);
      env.params.set(k, { expr: ref(n), type });
    }
    for (const [k, a] of arts) {
      const n = paramName(k);
      subParams[n] = a.list ? { type: 'list', description: `The paths of the files ${k}` } : { type: 'string', description: `The path of the file ${k}` };
      withVals[n] = `\${{ ${a.expr} }}`;
      env.artifacts.set(k, { expr: ref(n) });
    }
    const child = new KfpImport(this.shared, subName);
    const body = child.dag(comp.dag as Obj, { env, conds: [], prefix: '', section: 'tasks', needs: [], depth: 1 });
    if (Object.keys(child.tasks).length === 0) throw new ImportError('no tasks', `${at.where}: the loop body has no task`);
    // What the loop collects from its body: outputs of the body pipeline, declared by the fan-out
    // pipeline task, whose readers get the list of every iteration's value (or file).
    const dagOut = ((comp.dag as Obj).outputs ?? {}) as Obj;
    const reported = dagOutputs(dagOut, body, (k) => this.outputName(k.replace(/^pipelinechannel--/, ''), at.where));
    const outputs = new Map<string, Val>();
    const artifacts = new Map<string, ArtVal>();
    const declared: Obj = {};
    for (const [k, r] of reported.parameters) {
      if (!r) outputs.set(k, { expr: `${COLLECTED}${k}` });
      else if ('oneof' in r) outputs.set(k, { expr: `__oneof__${k}` });
      else {
        declared[r.name] = { type: r.type };
        outputs.set(k, { expr: outputRef(id, r.name), type: 'list' });
      }
    }
    for (const [k, r] of reported.artifacts) {
      if (!r || 'oneof' in r) artifacts.set(k, { expr: `${COLLECTED}${k}` });
      else {
        declared[r.name] = { type: r.type };
        artifacts.set(k, { expr: outputRef(id, r.name), list: true });
      }
    }
    const path = `${subName}.weft.yaml`;
    const extra: Obj = reported.outputs ? { outputs: reported.outputs } : {};
    this.shared.files.push({ path, pipeline: child.finish({ name: subName, description: `The body of the ParallelFor ${name} of ${this.name}, run once per item.` }, subParams, extra) });
    const task: Obj = { type: 'pipeline', pipeline: path, foreach: { items, ...(parallelism ? { parallelism } : {}) }, with: withVals };
    if (Object.keys(declared).length > 0) task.outputs = declared;
    this.place(task, id, at.needs, at.conds, at.completed, at.section);
    return { leaves: [id], outputs, artifacts };
  }

  /** Whether a task of a body (through nested DAGs) selects a field of `input`: the item is then an object. */
  private bodySelects(dag: Obj, input: string): boolean {
    for (const t of Object.values((dag.tasks ?? {}) as Record<string, Obj>)) {
      for (const [k, v] of Object.entries((((t.inputs as Obj | undefined)?.parameters ?? {}) as Record<string, Obj>))) {
        if (v.componentInputParameter !== input) continue;
        if (typeof v.parameterExpressionSelector === 'string' && v.parameterExpressionSelector !== '') return true;
        const c = this.components[String((t.componentRef as Obj | undefined)?.name)];
        if (isObj(c) && isObj(c.dag) && this.bodySelects(c.dag, k)) return true;
      }
    }
    return false;
  }

  /** needs (within the task's section), if, trigger; then the task joins its section. */
  private place(task: Obj, id: string, needs: string[], conds: string[], completed: boolean, section: 'tasks' | 'finally'): void {
    const deps = [...new Set(needs)].filter((n) => n !== id);
    const sectionNeeds = deps.filter((d) => (section === 'finally' ? !!this.finallyTasks[d] : !this.finallyTasks[d]));
    if (sectionNeeds.length > 0) task.needs = sectionNeeds;
    if (conds.length > 0) task.if = `\${{ ${conds.length === 1 ? conds[0] : conds.map((x) => `(${x})`).join(' && ')} }}`;
    if (completed && section === 'tasks') task.trigger = 'all_done';
    if (section === 'finally') this.finallyTasks[id] = task;
    else this.tasks[id] = task;
  }

  outputName(o: string, where: string): string {
    if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(o)) return o;
    const n = pythonIdentifier(o);
    this.warn('names', `${where}: output ${JSON.stringify(o)} is named ${n}`);
    return n;
  }

  /**
   * One container string → Weft strings: `{{$.inputs.parameters['x']}}` becomes the input's value,
   * an input artifact's path its producer's file output; `{"Concat": […]}` is joined and
   * `{"IfPresent": …}` decided (returning the Then/Else items); KFP's own output placeholders and
   * `{{$}}` are kept as written (KFP fills them when the component declares the outputs).
   */
  private placeholders(s: string, params: Map<string, Val>, arts: Map<string, ArtVal>, defs: Record<string, Obj>, where: string, keep: Set<string>): string[] {
    const trimmed = s.trim();
    if (trimmed.startsWith('{"Concat"') || trimmed.startsWith('{"IfPresent"')) {
      let j: unknown;
      try {
        j = JSON.parse(trimmed);
      } catch {
        j = undefined;
      }
      if (isObj(j)) {
        if (Array.isArray(j.Concat)) return [(j.Concat as unknown[]).map((x) => this.placeholders(typeof x === 'string' ? x : JSON.stringify(x), params, arts, defs, where, keep).join('')).join('')];
        const ip = j.IfPresent as { InputName?: string; Then?: unknown; Else?: unknown } | undefined;
        if (isObj(ip)) {
          const present = params.has(String(ip.InputName)) || arts.has(String(ip.InputName));
          const branch = present ? ip.Then : ip.Else;
          const items = branch === undefined ? [] : Array.isArray(branch) ? branch : [branch];
          return items.flatMap((x) => this.placeholders(typeof x === 'string' ? x : JSON.stringify(x), params, arts, defs, where, keep));
        }
      }
    }
    let out = '';
    let last = 0;
    for (const m of s.matchAll(/\{\{\$\.inputs\.(parameters|artifacts)\['([^']*)'\](\.path|\.uri|\.metadata)?\}\}/g)) {
      let rep: string | undefined;
      if (m[1] === 'parameters' && !m[3]) {
        const v = params.get(m[2]!);
        if (v && 'expr' in v && v.expr.startsWith(ROOT_PARAM)) rep = m[0]; // declared by raw settings: KFP fills it
        else if (v) rep = valText(v);
        else if (defs[m[2]!]?.isOptional) rep = '';
      } else if (m[1] === 'artifacts' && m[3] === '.path') {
        const a = arts.get(m[2]!);
        if (a && a.expr.startsWith(ROOT_ARTIFACT)) rep = m[0]; // declared by raw settings: KFP fills it
        else if (a) rep = `\${{ ${a.expr} }}`;
      }
      // An artifact's URI or metadata, or a list of artifacts, has no Weft spelling: KFP fills the
      // placeholder as written when the component still declares the input (platform.kubeflow.inputs).
      if (rep === undefined && m[1] === 'artifacts' && arts.has(m[2]!)) {
        keep.add(m[2]!);
        rep = m[0];
        this.warn('placeholder', `${where}: ${m[0]} is kept as written (KFP fills it from the input in platform.kubeflow.inputs; other targets pass the text)`);
      }
      if (rep === undefined) throw new ImportError('placeholder', `${where}: ${m[0]} cannot be mapped`);
      out += escapeText(s.slice(last, m.index)) + rep;
      last = m.index! + m[0].length;
    }
    out += escapeText(s.slice(last));
    if (/\{\{\$\}\}/.test(out)) this.warn('executorInput', "'{{$}}' (KFP's executor input JSON) is kept as written; the component's inputs are in platform.kubeflow.inputs under their KFP names (other targets do not pass them)");
    return [out];
  }

  /** KFP condition (CEL over `inputs.parameter_values[...]`) → Weft expression text. */
  condition(cel: string, params: Map<string, Val>, where: string): string {
    const re = /\s+|inputs\.parameter_values\[(?:'([^']*)'|"([^"]*)")\]|int\(|double\(|string\(|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|&&|\|\||==|!=|<=|>=|[<>!()]|true|false/y;
    let out = '';
    let i = 0;
    while (i < cel.length) {
      re.lastIndex = i;
      const m = re.exec(cel);
      if (!m) throw new ImportError('condition', `${where}: cannot translate ${JSON.stringify(cel)}`);
      const tok = m[0];
      i = re.lastIndex;
      if (/^\s+$/.test(tok)) out += ' ';
      else if (tok.startsWith('inputs.')) {
        const v = params.get(m[1] ?? m[2]!);
        if (!v) throw new ImportError('condition', `${where}: the condition reads ${m[1] ?? m[2]}, which is not bound`);
        if ('text' in v) throw new ImportError('condition', `${where}: the condition reads a formatted string`);
        out += 'expr' in v ? `(${v.expr})` : literalExpr(v.literal);
      } else if (tok === 'double(') out += 'float(';
      else if (tok.startsWith('"')) out += literalExpr(JSON.parse(tok));
      else out += tok;
    }
    return out.trim();
  }

  private resources(r: Obj | undefined, where: string): Obj | undefined {
    if (!isObj(r)) return undefined;
    const out: Obj = {};
    const cpu = r.resourceCpuRequest ?? r.resourceCpuLimit ?? r.cpuRequest ?? r.cpuLimit;
    const mem = r.resourceMemoryRequest ?? r.resourceMemoryLimit ?? (r.memoryRequest ?? r.memoryLimit ? `${r.memoryRequest ?? r.memoryLimit}G` : undefined);
    if (cpu !== undefined) {
      if (typeof cpu === 'string' && /\{\{\$/.test(cpu)) this.warn('resources', `${where}: cpu ${cpu} is a placeholder; not carried`);
      else out.cpu = typeof cpu === 'number' ? cpu : /^\d+(\.\d+)?$/.test(String(cpu)) ? Number(cpu) : String(cpu);
    }
    if (mem !== undefined) {
      if (/^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|K|M|G|T)?$/.test(String(mem))) out.memory = String(mem);
      else this.warn('resources', `${where}: memory ${String(mem)} is not carried`);
    }
    if ((r.resourceCpuLimit !== undefined && r.resourceCpuRequest !== undefined) || (r.resourceMemoryLimit !== undefined && r.resourceMemoryRequest !== undefined)) this.warn('resources', `${where}: limits become requests (Weft has one amount)`);
    const acc = r.accelerator as Obj | undefined;
    if (isObj(acc)) {
      const n = Number(acc.resourceCount ?? acc.count);
      if (Number.isInteger(n) && n >= 0) out.gpu = n;
      else this.warn('resources', `${where}: accelerator count ${String(acc.resourceCount)} is not carried`);
      const type = String(acc.resourceType ?? acc.type ?? '');
      if (type && !/nvidia/i.test(type)) this.warn('resources', `${where}: accelerator type ${type} becomes a GPU count`);
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
}

type Reported = { name: string; type: ValueType | 'file' } | { oneof: true } | undefined;

/**
 * A DAG's outputs (`dag.outputs`) as Weft pipeline outputs: each one task's output of the DAG's
 * imported tasks (`done`), named by `nameOf`; its type is the value's, `file` for a file, `list`
 * for a list of files. Undefined for an output that is not a task's output (nothing maps it).
 */
function dagOutputs(dagOut: Obj, done: Map<string, Done>, nameOf: (key: string) => string): { outputs?: Obj; parameters: Map<string, Reported>; artifacts: Map<string, Reported> } {
  const outputs: Obj = {};
  const parameters = new Map<string, Reported>();
  const artifacts = new Map<string, Reported>();
  const unique = (k: string): string => {
    const base = nameOf(k);
    let n = base;
    for (let i = 2; n in outputs; i++) n = `${base}_${i}`;
    return n;
  };
  const isTaskOutput = (e: string): boolean => /^tasks(\.|\[)/.test(e);
  for (const [k, o] of Object.entries((dagOut.parameters ?? {}) as Record<string, Obj>)) {
    const sel = o.valueFromParameter as { producerSubtask?: string; outputParameterKey?: string } | undefined;
    if (!sel) {
      parameters.set(k, o.valueFromOneof ? { oneof: true } : undefined);
      continue;
    }
    const v = sel.producerSubtask ? done.get(sel.producerSubtask)?.outputs.get(String(sel.outputParameterKey)) : undefined;
    if (!v || !('expr' in v) || !isTaskOutput(v.expr)) {
      parameters.set(k, v && 'expr' in v && v.expr.startsWith('__oneof__') ? { oneof: true } : undefined);
      continue;
    }
    const name = unique(k);
    const type = v.type ?? 'string';
    outputs[name] = { type, value: `\${{ ${v.expr} }}` };
    parameters.set(k, { name, type });
  }
  for (const [k, o] of Object.entries((dagOut.artifacts ?? {}) as Record<string, Obj>)) {
    const sels = (o.artifactSelectors ?? []) as { producerSubtask?: string; outputArtifactKey?: string }[];
    const a = sels.length === 1 && sels[0]!.producerSubtask ? done.get(sels[0]!.producerSubtask)?.artifacts.get(String(sels[0]!.outputArtifactKey)) : undefined;
    if (!a || !isTaskOutput(a.expr)) {
      artifacts.set(k, undefined);
      continue;
    }
    const name = unique(k);
    const type = a.list ? 'list' : 'file';
    outputs[name] = { type, value: `\${{ ${a.expr} }}` };
    artifacts.set(k, { name, type });
  }
  return { ...(Object.keys(outputs).length > 0 ? { outputs } : {}), parameters, artifacts };
}

function escapeText(s: string): string {
  return s.includes('${{') ? s.replace(/\$\{\{/g, "${{ '${{' }}") : s;
}

function jsonType(v: unknown): ValueType {
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'boolean') return 'boolean';
  if (Array.isArray(v)) return 'list';
  if (isObj(v)) return 'object';
  return 'string';
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

/** Task names in an order where every task comes after the tasks it depends on or reads from. */
function topo(tasks: Record<string, Obj>): string[] {
  const out: string[] = [];
  const state = new Map<string, number>();
  const visit = (n: string): void => {
    const s = state.get(n);
    if (s === 2) return;
    if (s === 1) throw new ImportError('cycle', `task ${n} depends on itself`);
    state.set(n, 1);
    const t = tasks[n]!;
    const deps = new Set<string>(Array.isArray(t.dependentTasks) ? (t.dependentTasks as string[]) : []);
    const ins = (t.inputs ?? {}) as Obj;
    for (const s2 of Object.values({ ...((ins.parameters ?? {}) as Obj), ...((ins.artifacts ?? {}) as Obj) })) {
      const p = ((s2 as Obj).taskOutputParameter ?? (s2 as Obj).taskOutputArtifact ?? (s2 as Obj).taskFinalStatus) as { producerTask?: string } | undefined;
      if (p?.producerTask) deps.add(p.producerTask);
    }
    for (const d of deps) if (tasks[d]) visit(d);
    state.set(n, 2);
    out.push(n);
  };
  for (const n of Object.keys(tasks)) visit(n);
  return out;
}

export interface KubeflowImportOptions {
  fileName?: string;
}

/**
 * Imports a KFP IR: `docs` is the PipelineSpec object, or the list of the file's documents
 * (PipelineSpec, then an optional PlatformSpec).
 */
export function importKubeflow(docs: unknown, opts: KubeflowImportOptions = {}): ImportResult {
  const list = Array.isArray(docs) ? docs : [docs];
  const spec = list[0];
  const platform = list[1];
  if (!isObj(spec) || !isObj(spec.root) || !isObj(spec.pipelineInfo)) throw new ImportError('not a PipelineSpec', `${opts.fileName ?? 'the file'} has no pipelineInfo and root`);
  const info = spec.pipelineInfo as Obj;
  const rawName = String(info.name ?? 'imported');
  const name = pipelineName(rawName, 63);
  const k8s = (((platform as Obj | undefined)?.platforms as Obj | undefined)?.kubernetes as Obj | undefined)?.deploymentSpec as Obj | undefined;
  const shared: Shared = {
    components: isObj(spec.components) ? spec.components : {},
    executors: isObj((spec.deploymentSpec as Obj | undefined)?.executors) ? ((spec.deploymentSpec as Obj).executors as Obj) : {},
    execCfg: (isObj(k8s?.executors) ? k8s!.executors : {}) as Record<string, Obj>,
    files: [],
    warnings: [],
    seen: new Set(),
    pipelineNames: new Set([name]),
  };
  const im = new KfpImport(shared, name);
  const root = spec.root as Obj;
  if (!isObj(root.dag)) throw new ImportError('root without a DAG');

  // Params.
  const rootInputs = (root.inputDefinitions ?? {}) as Obj;
  const rootArtifacts = isObj(rootInputs.artifacts) ? rootInputs.artifacts : {};
  const params: Obj = {};
  const env: Env = { params: new Map(), artifacts: new Map() };
  for (const n of Object.keys(rootArtifacts)) env.artifacts.set(n, { expr: `${ROOT_ARTIFACT}${n}` });
  const rootRaw: Obj = {};
  for (const [n, d] of Object.entries((rootInputs.parameters ?? {}) as Record<string, Obj>)) {
    const type = typeOf(d);
    if (!type) {
      if (d.parameterType !== 'TASK_FINAL_STATUS') throw new ImportError('parameter type', `pipeline input ${n}: ${String(d.parameterType ?? d.type)}`);
      rootRaw[n] = d;
      env.params.set(n, { expr: `${ROOT_PARAM}${n}` });
      continue;
    }
    let name = n;
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(n)) {
      name = pythonIdentifier(n);
      im.warn('names', `pipeline input ${JSON.stringify(n)} is the param ${name}`);
    }
    const p: Obj = { type };
    if (typeof d.description === 'string' && d.description) p.description = d.description;
    if (d.defaultValue !== undefined) p.default = coerce(d.defaultValue, type);
    if (Array.isArray(d.literals) && d.literals.length > 0) p.enum = d.literals.map((x) => coerce(x, type));
    params[name] = p;
    env.params.set(n, { expr: IDENT.test(name) && !/-/.test(name) ? `params.${name}` : `params['${name}']`, type });
  }

  const done = im.dag(root.dag as Obj, { env, conds: [], prefix: '', section: 'tasks', needs: [], depth: 0 });
  if (Object.keys(im.tasks).length === 0) throw new ImportError('no tasks', 'the pipeline has no task outside its exit handler');

  if (name !== rawName) im.warn('names', `the pipeline ${JSON.stringify(rawName)} is named ${name}`);
  const metadata: Obj = { name };
  const description = info.description ?? info.displayName;
  if (typeof description === 'string' && description) metadata.description = description;
  // The PlatformSpec: the run's deadline and raw settings; executor configs go to each task.
  const settings = pipelineSettings(platform, (f, m) => im.warn(f, m));
  const extra: Obj = {};
  if (settings.timeout) extra.timeout = settings.timeout;
  // What the pipeline returns (root.dag.outputs): its top-level outputs, where they are a task's.
  const rootOut = dagOutputs(((root.dag as Obj).outputs ?? {}) as Obj, done, (k) => im.outputName(k, 'the pipeline'));
  const lost = [...rootOut.parameters, ...rootOut.artifacts].filter(([, r]) => !r || 'oneof' in r).map(([k]) => k);
  if (lost.length > 0) im.warn('outputs', `the pipeline's outputs ${lost.join(', ')} are not one task's output each; not carried`);
  if (rootOut.outputs) extra.outputs = rootOut.outputs;
  const kubeflow: Obj = {};
  const rootDefs: Obj = {};
  if (Object.keys(rootArtifacts).length > 0) rootDefs.artifacts = rootArtifacts;
  if (Object.keys(rootRaw).length > 0) rootDefs.parameters = rootRaw;
  if (Object.keys(rootDefs).length > 0) kubeflow.spec = { root: { inputDefinitions: rootDefs } };
  if (settings.raw) kubeflow.platform = settings.raw;
  if (Object.keys(kubeflow).length > 0) extra.platform = { kubeflow };
  const pipeline = im.finish(metadata, params, extra);
  return { pipeline, warnings: im.warnings, ...(shared.files.length > 0 ? { files: shared.files } : {}) };
}

/** A valid Weft pipeline name (lower-case DNS-ish, at most `max` characters). */
function pipelineName(raw: string, max: number): string {
  return raw.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '').slice(0, max).replace(/[^a-z0-9]+$/, '') || 'imported';
}

function coerce(v: unknown, type: ValueType): unknown {
  if (type === 'integer' && typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  if (type === 'number' && typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  if ((type === 'list' || type === 'object') && typeof v === 'string') {
    const j = safeJson(v);
    if (j !== undefined) return j;
  }
  return v;
}
