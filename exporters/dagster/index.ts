/**
 * Weft → Dagster: one Python module (`<name>.dagster.py`) with an `@op` per task, a `@job` wiring
 * them (data dependencies as op inputs, order-only ones as `In(Nothing)`), the params as a
 * Pythonic-config resource, and a `Definitions` object with the schedule (`@schedule`) and sensors
 * (file triggers → a polling `@sensor`, pipeline triggers → `@run_status_sensor`, onFailure /
 * finally → a second job started by `@run_failure_sensor` / `@run_status_sensor`).
 *
 * Each op runs its task with `subprocess.run([...])` (an argv list) under Weft's output contract
 * and yields the outputs as one dict; downstream expressions read it (`extract["rows"]`). Fan-out
 * is `DynamicOut` + `.map()` + `.collect()`. A sub-pipeline is a nested `@graph` whose output is
 * the dict of its top-level outputs the caller declares (mapped over the items for a fan-out), and
 * the exported pipeline's own outputs are the output of an op computing them. Everything the
 * module needs at run time beyond Dagster is in the standard-library prelude (pyruntime.ts).
 */
import { posix } from 'node:path';
import { CRON_MACROS } from '../../core/model/cron';
import type { Pipeline, PipelineOutput, Task, TriggerRule } from '../../core/model/types';
import { WarningGroups, readSubPipeline, taskList } from '../shared';
import { exitCodeReads, noExitCode, pyManifestCleanup, pyNoAddress, runsProcess } from '../python/runtime';
import type { ExportInput, ExportResult, ExportWarning, Exporter } from '../types';
import { NameMap, pythonIdentifier } from '../names';
import { dependencyDetail } from '../graph';
import { retryPolicyOf } from '../features';
import { dirOf, seconds } from '../util';
import { pyComment, pyStr, pyValue } from '../python/source';
import { pyData, pyText, wholeAst, pyExpr, type PyRefs } from './pyexpr';
import { PRELUDE, PRELUDE_IMPORTS, preludeNames, secretsTable } from './pyruntime';
import { taskStatements } from './pytask';
import { mergeKwargs, platformKwargs, platformPlaces, type Kwargs } from '../python/platform';
import { UniqueNames } from './unique';

type Section = 'tasks' | 'onFailure' | 'finally';
const SCALARS: Record<string, string> = { string: 'str', integer: 'int', number: 'float', boolean: 'bool', object: 'Dict[str, Any]' };

/** A param's Pythonic-config type: scalars, `List[T]`, `Dict[str, Any]`. */
function configType(decl: { type: string; items?: { type?: string } }): string {
  if (decl.type === 'list') return `List[${SCALARS[decl.items?.type ?? ''] ?? 'Any'}]`;
  return SCALARS[decl.type] ?? 'Any';
}
/** Pydantic / Dagster resource attributes a param field must not shadow. */
const CONFIG_RESERVED = ['model_config', 'model_fields', 'model_computed_fields', 'schema', 'json', 'dict', 'copy', 'validate', 'construct', 'fields', 'items', 'keys', 'values', 'get'];

interface Scope {
  pipeline: Pipeline;
  baseDir: string;
  fileName: string;
  /** Op-name prefix (`evaluate__` inside the sub-pipeline task `evaluate`). */
  prefix: string;
  /** How an op gets `P`: from the params resource (main pipeline) or from its `weft_params` input (sub-pipelines). */
  paramsFromInput: boolean;
  depth: number;
}

/** One op in a job or graph body: its call, the variable holding its result, what it needs. */
interface Wired {
  id: string;
  variable: string;
  call: string;
}

export function cronOf(cron: string): string {
  return CRON_MACROS[cron.trim().toLowerCase()] ?? cron;
}

class DagsterExport {
  private readonly notes = new WarningGroups();
  readonly reserved = preludeNames();
  /** Dagster op names, unique in the module (sub-pipeline ops are prefixed). */
  readonly ops = new UniqueNames();
  /** Op name → Weft task id (sub-pipeline tasks as `task/sub`). */
  readonly opTasks: [string, string][] = [];
  /** Outputs a pipeline task declares that its graph does not yield: reading one fails with the reason. */
  readonly lacking = new Map<Task, Map<string, string>>();
  readonly defs: string[] = [];
  readonly secretsUsed = new Set<string>();
  /** Run-end cleanup entries of ownedByRun manifest tasks, and their tasks. */
  readonly owned: string[] = [];
  readonly ownedTasks: string[] = [];
  /** `platform.dagster` of the exported pipeline: `job` → @job(...) arguments, `op` → every @op's. */
  readonly platformJob: Kwargs;
  readonly platformOp: Kwargs;

  constructor(readonly input: ExportInput) {
    const warn = (m: string): void => this.warn('platform.dagster', undefined, m);
    const places = platformPlaces(input.pipeline.platform, 'dagster', ['job', 'op'], 'the pipeline', warn);
    this.platformJob = platformKwargs(places.job, 'platform.dagster.job', warn);
    this.platformOp = platformKwargs(places.op, 'platform.dagster.op', warn);
  }

  /** `run.<field>` in an op (or a params op): from RUN, or run.duration from the run's start time. */
  runField(f: string): string {
    if (f !== 'duration') return `RUN[${pyStr(f)}]`;
    this.usesDuration = true;
    return '_weft_since(_run_started(context))';
  }

  /** Whether an expression reads run.duration (the module then defines _run_started). */
  usesDuration = false;
  private readonly exitReadsOf = new Map<Pipeline, Set<string>>();

  /** The tasks of a (sub-)pipeline whose exit code a later task reads. */
  exitReads(p: Pipeline): Set<string> {
    let s = this.exitReadsOf.get(p);
    if (!s) this.exitReadsOf.set(p, (s = exitCodeReads(p)));
    return s;
  }

  /** The op name of a task (unique in the module; sub-pipeline tasks carry their parent's prefix). */
  opName(scope: Scope, id: string): string {
    return this.ops.get(`${scope.prefix}\u0000${id}`, () => `${scope.prefix}${id}`);
  }

  /** Warnings with the same feature and message are one warning listing their tasks. */
  warn(feature: string, task: string | undefined, message: string): void {
    this.notes.warn(feature, task, message);
  }

  warnings(): ExportWarning[] {
    return this.notes.warnings();
  }

  /** The ops of one section, defined into `defs`; returns the calls of the job (or graph) body wiring them. */
  section(scope: Scope, section: Section, handler: boolean, taskLabel: (id: string) => string, vars = new NameMap('python', this.reserved)): Wired[] {
    const p = scope.pipeline;
    const tasks: Record<string, Task> = p[section] ?? {};
    const deps = dependencyDetail(tasks);
    // Input names: a data input is named after its task, an order-only one `after_<task>` (one namespace).
    const inputs = new UniqueNames([...this.reserved, 'weft_params']);
    const dataName = (d: string): string => inputs.get(`d\u0000${d}`, d);
    const orderName = (d: string): string => inputs.get(`o\u0000${d}`, `after_${d}`);
    const ids = Object.keys(tasks);
    for (const id of ids) {
      this.opName(scope, id);
      dataName(id);
      vars.get(`t_${id}`);
    }
    const wired: Wired[] = [];
    for (const id of topoOrder(ids, (x) => deps.get(x)?.all ?? [])) {
      const task = tasks[id]!;
      const label = taskLabel(id);
      const opName = this.opName(scope, id);
      this.opTasks.push([opName, label]);
      const { all, data: referenced } = deps.get(id)!;
      const data = all.filter((d) => referenced.has(d));
      const order = all.filter((d) => !referenced.has(d));
      const dataIns = data.map(dataName);
      const orderIns = order.map(orderName);
      const refs = this.refs(scope, section, handler, !!task.foreach, new Map(data.map((d) => [d, dataName(d)])), label);
      this.checkRule(p, id, task, label);
      const argsOf = (names: string[], withOrder: boolean): string =>
        [...(scope.paramsFromInput ? ['weft_params=v_params'] : []), ...names.map((n, i) => `${n}=${vars.get(`t_${data[i]}`)}`), ...(withOrder ? orderIns.map((n, i) => `${n}=${vars.get(`t_${order[i]}`)}`) : [])].join(', ');
      const variable = vars.get(`t_${id}`);

      // Fan-out: an items op with dynamic outputs, the op (or a sub-pipeline's graph) mapped over them and collected.
      const mapped = (itemsOp: string, call: string): Wired => {
        const mapArgs = ['item', ...(scope.paramsFromInput ? ['weft_params=v_params'] : []), ...dataIns.map((n, i) => `${n}=${vars.get(`t_${data[i]}`)}`)].join(', ');
        return { id, variable, call: `op_${itemsOp}(${argsOf(dataIns, true)}).map(lambda item: ${call.replace('%ARGS%', mapArgs)}).collect()` };
      };
      if (task.type === 'pipeline') {
        const sub = this.subPipeline(scope, id, task, opName, refs, dataIns, orderIns, label);
        if (!sub.mapped) wired.push({ id, variable, call: sub.call.replace('%ARGS%', argsOf(dataIns, true)) });
        else {
          const itemsOp = this.ops.fresh(`${opName}__items`);
          this.itemsOp(scope, id, task, itemsOp, refs, dataIns, orderIns, label);
          wired.push(mapped(itemsOp, sub.call));
        }
        continue;
      }
      if (task.foreach) {
        const itemsOp = this.ops.fresh(`${opName}__items`);
        this.itemsOp(scope, id, task, itemsOp, refs, dataIns, orderIns, label);
        this.op(scope, section, handler, id, task, opName, refs, dataIns, [], label, true);
        wired.push(mapped(itemsOp, `op_${opName}(%ARGS%)`));
        continue;
      }
      this.op(scope, section, handler, id, task, opName, refs, dataIns, orderIns, label, false);
      wired.push({ id, variable, call: `op_${opName}(${argsOf(dataIns, true)})` });
    }
    return wired;
  }

  private checkRule(p: Pipeline, id: string, task: Task, label: string): void {
    const rule: TriggerRule = task.trigger ?? p.defaults?.trigger ?? 'all_success';
    if (rule === 'all_failed' || rule === 'one_failed') this.warn(`trigger.${rule}`, label, 'never holds on Dagster (an op runs only after its upstream ops succeeded): the op yields an empty output without running the task, so its dependents go on');
    else if (rule !== 'all_success') this.warn(`trigger.${rule}`, label, `exported as all_success: a Dagster op runs only when every upstream op succeeded (and yielded its output)`);
  }

  /** What expressions inside one op can read. */
  private refs(scope: Scope, section: Section, handler: boolean, item: boolean, inputs: { get(task: string): string | undefined }, label: string | undefined): PyRefs {
    const p = scope.pipeline;
    const own: Record<string, Task> = p[section] ?? {};
    return {
      pipelineName: p.metadata?.name ?? '',
      fileName: scope.fileName,
      item,
      param: (n) => (p.params?.[n] ? `P[${pyStr(n)}]` : undefined),
      output: (t, o) => {
        const producer = own[t];
        if (!producer) return { problem: handler && p.tasks[t] ? `tasks.${t}.outputs.${o}: outputs of the main job are not passed to the exit job` : `unknown task ${t}` };
        if (!producer.outputs?.[o]) return { problem: `tasks.${t}.outputs.${o} is not declared` };
        const v = inputs.get(t);
        if (!v) return { problem: `tasks.${t} is not an input of this op` };
        const lacking = this.lacking.get(producer)?.get(o);
        if (lacking !== undefined) return { code: `_weft_unsupported(${pyStr(`tasks.${t}.outputs.${o}: ${lacking}`)})` };
        return { code: producer.foreach ? `[r[${pyStr(o)}] for r in ${v}]` : `${v}[${pyStr(o)}]` };
      },
      taskField: (t, f) => {
        if (f === 'address') return { code: pyNoAddress(t, 'dagster') };
        const v = inputs.get(t);
        if (f === 'exitCode' && v) {
          if (own[t] && !runsProcess(own[t]!)) this.warn('expr.exitCode', label, noExitCode(t));
          return { code: `_weft_exit_code(${v})` };
        }
        return { problem: `tasks.${t}.${f}: an op sees only its inputs' values, not other ops' status` };
      },
      run: (f) => {
        if ((f === 'status' || f === 'failedTasks') && !handler) return { problem: `run.${f} exists only in onFailure/finally tasks` };
        return { code: this.runField(f) };
      },
      secret: (n) => {
        const s = this.input.pipeline.secrets?.[n] ?? p.secrets?.[n];
        if (!s) this.warn('secrets', label, `secret ${n} is not declared`);
        else if (!s.env && !s.file) this.warn('secrets', label, `secret ${n} has no env or file reference, which is what the Dagster export reads at run time`);
        this.secretsUsed.add(n);
        return `_secret(${pyStr(n)})`;
      },
    };
  }

  private opDecorator(scope: Scope, id: string, task: Task, opName: string, extra: string[], label: string): string[] {
    const p = scope.pipeline;
    const kw: string[] = [`name=${pyStr(opName)}`];
    if (task.description) kw.push(`description=${pyStr(task.description)}`);
    kw.push(...extra);
    // platform.dagster.op: the pipeline's for every op, then the task's own (the main pipeline's
    // settings only: a sub-pipeline's platform applies when it is exported on its own).
    const warn = (m: string): void => this.warn('platform.dagster', label, m);
    const own = platformKwargs(platformPlaces(task.platform, 'dagster', ['op'], `task ${label}`, warn).op, `platform.dagster.op of ${label}`, warn);
    const platform = mergeKwargs(this.platformOp, own);
    const r = retryPolicyOf(p, task);
    if (r) {
      const parts = [`max_retries=${r.limit}`];
      const delay = seconds(r.delay);
      if (delay !== undefined) parts.push(`delay=${delay}`);
      if (r.backoff === 'exponential') {
        parts.push('backoff=Backoff.EXPONENTIAL');
        this.warn('retries.exponential', label, "Dagster's exponential backoff waits (2^n - 1) x delay (1x, 3x, 7x ...), longer than Weft's delay x 2^(n-1) after the first retry");
      } else if (r.backoff === 'linear') parts.push('backoff=Backoff.LINEAR');
      if ((r.backoff === 'linear' || r.backoff === 'exponential') && delay === undefined) this.warn('retries', label, 'a backoff without delay: retries start at once');
      if (r.maxDelay !== undefined) this.warn('retries.maxDelay', label, `maxDelay ${r.maxDelay} is dropped: RetryPolicy has no cap`);
      kw.push(`retry_policy=RetryPolicy(${parts.join(', ')})`);
    }
    const tags: string[] = [`"weft/task": ${pyStr(label)}`];
    for (const [k, v] of Object.entries(task.labels ?? {})) tags.push(`${pyStr(k)}: ${pyStr(String(v))}`);
    const k8s = this.k8sConfig(p, task, label);
    if (k8s) tags.push(`"dagster-k8s/config": ${k8s}`);
    if (task.foreach?.parallelism !== undefined) {
      const key = `${pythonIdentifier(this.input.pipeline.metadata.name)}.${opName}`;
      tags.push(`"dagster/concurrency_key": ${pyStr(key)}`);
      this.warn('foreach.parallelism', label, `at most ${task.foreach.parallelism} at once needs the op's limit set once per instance: dagster instance concurrency set <its dagster/concurrency_key tag> ${task.foreach.parallelism}`);
    }
    const final = mergeKwargs(
      kw.map((k) => [k.slice(0, k.indexOf('=')), k.slice(k.indexOf('=') + 1)]),
      [['tags', mergeTags(tags, platform)], ...platform.filter(([k]) => k !== 'tags')],
    );
    return ['@op(', ...final.map(([k, v]) => `    ${k}=${v},`), ')'];
  }

  /** The `dagster-k8s/config` tag for image and resources (used by the k8s executor / run launcher). */
  private k8sConfig(p: Pipeline, task: Task, label: string): string | undefined {
    const d = p.defaults ?? {};
    const image = task.type === 'container' ? undefined : (task.image ?? d.image);
    const res = task.resources ?? d.resources;
    const container: string[] = [];
    if (image) {
      container.push(`"image": ${pyStr(image)}`);
      this.warn('image', label, "the image is set as container_config.image in each op's dagster-k8s/config tag; it applies only with the k8s executor or run launcher, otherwise ops run in the code location's environment");
    }
    const requests: string[] = [];
    if (res?.cpu !== undefined) requests.push(`"cpu": ${pyStr(String(res.cpu))}`);
    if (res?.memory !== undefined) requests.push(`"memory": ${pyStr(res.memory)}`);
    const rs: string[] = [];
    if (requests.length > 0) rs.push(`"requests": {${requests.join(', ')}}`);
    if (res?.gpu) rs.push(`"limits": {"nvidia.com/gpu": ${pyStr(String(res.gpu))}}`);
    if (rs.length > 0) container.push(`"resources": {${rs.join(', ')}}`);
    return container.length > 0 ? `{"container_config": {${container.join(', ')}}}` : undefined;
  }

  private signature(scope: Scope, opName: string, dataIns: string[], item: boolean): string {
    const params = scope.paramsFromInput ? ['weft_params'] : ['params: Params'];
    return `def op_${opName}(${['context: OpExecutionContext', ...params, ...(item ? ['item'] : []), ...dataIns].join(', ')}):`;
  }

  private preamble(scope: Scope): string[] {
    return [scope.paramsFromInput ? '    P = weft_params' : '    P = _params(context, params)', '    RUN = _run_info(context)'];
  }

  private condition(scope: Scope, section: Section, task: Task, label: string, refs: PyRefs): string[] {
    const out: string[] = [];
    if (section === 'onFailure') out.push('    if RUN["status"] != "failed":', '        context.log.info("the run did not fail: onFailure task skipped")', '        return');
    if (failureOnly(scope.pipeline, task)) out.push(`    context.log.info(${pyStr(`trigger rule ${task.trigger ?? scope.pipeline.defaults?.trigger}: it never holds on Dagster; not run`)})`, '    yield Output({})', '    return');
    if (task.if === undefined) return out;
    const e = wholeAst(task.if);
    const t = e ? pyExpr(e, refs) : undefined;
    if (!t || t.problems.length > 0) {
      this.warn('if', label, `the condition ${JSON.stringify(task.if)} is not translated${t ? ` (${t.problems.join('; ')})` : ''}; the op always runs`);
      return out;
    }
    out.push(`    if not _w_truthy(${t.code}):`, '        context.log.info("condition is false: skipped (downstream ops are skipped too)")', '        return');
    return out;
  }

  private op(scope: Scope, section: Section, handler: boolean, id: string, task: Task, opName: string, refs: PyRefs, dataIns: string[], orderIns: string[], label: string, mapped: boolean): void {
    const optional = task.if !== undefined || section === 'onFailure';
    const extra: string[] = [];
    if (orderIns.length > 0) extra.push(`ins={${orderIns.map((n) => `${pyStr(n)}: In(Nothing)`).join(', ')}}`);
    extra.push(optional ? 'out=Out(dict, is_required=False)' : 'out=Out(dict)');
    const lines = [...this.opDecorator(scope, id, task, opName, extra, label), this.signature(scope, opName, dataIns, mapped), ...this.preamble(scope)];
    lines.push(...this.condition(scope, section, task, label, refs));
    const body = taskStatements({
      id,
      task,
      pipeline: scope.pipeline,
      refs,
      baseDir: scope.baseDir,
      readFile: this.input.readFile,
      warn: (f, m) => this.warn(f, label, m),
      fail: (msg) => `raise Failure(description=${msg})`,
      target: 'dagster',
      label,
      owned: (e) => {
        this.owned.push(e);
        this.ownedTasks.push(label);
      },
      exitCode: this.exitReads(scope.pipeline).has(id),
    });
    lines.push(...body.map((l) => `    ${l}`));
    const metrics = Object.entries(task.outputs ?? {}).filter(([, o]) => o.type === 'metric').map(([n]) => n);
    if (metrics.length > 0) lines.push(`    yield Output(out, metadata={k: float(out[k]) for k in ${pyValue(metrics)} if k in out})`);
    else lines.push('    yield Output(out)');
    this.defs.push(lines.join('\n'));
    void handler;
  }

  /** The op that turns `foreach.items` into dynamic outputs, one per item. */
  private itemsOp(scope: Scope, id: string, task: Task, opName: string, refs: PyRefs, dataIns: string[], orderIns: string[], label: string): void {
    const items = task.foreach!.items;
    const t = typeof items === 'string' ? pyText(items, { ...refs, item: false }, false) : pyData(items, { ...refs, item: false });
    for (const pr of t.problems) this.warn('foreach', label, `foreach.items: ${pr}`);
    const extra: string[] = [];
    if (orderIns.length > 0) extra.push(`ins={${orderIns.map((n) => `${pyStr(n)}: In(Nothing)`).join(', ')}}`);
    extra.push('out=DynamicOut()');
    const lines = [
      '@op(',
      `    name=${pyStr(opName)},`,
      `    description=${pyStr(`The items ${label} fans out over.`)},`,
      ...extra.map((k) => `    ${k},`),
      `    tags={"weft/task": ${pyStr(label)}},`,
      ')',
      this.signature(scope, opName, dataIns, false),
      ...this.preamble(scope),
    ];
    lines.push(`    for i, value in enumerate(${t.code}):`, '        yield DynamicOutput(value, mapping_key=str(i))');
    this.defs.push(lines.join('\n'));
    void id;
  }

  /**
   * A sub-pipeline: an op computing its params from `with`, a `@graph` of its tasks reading them
   * from the `weft_params` input, and a join op the parent's dependents wait for, which yields the
   * sub-pipeline's outputs the task declares (the graph's output). A fan-out task maps the graph
   * over its items (`mapped`: the call then goes into `.map(lambda item: …)`).
   */
  private subPipeline(scope: Scope, id: string, task: Task & { type: 'pipeline' }, opName: string, refs: PyRefs, dataIns: string[], orderIns: string[], label: string): { call: string; mapped: boolean } {
    const { path, pipeline: sub, tooDeep } = readSubPipeline(this.input, scope.baseDir, scope.depth, task);
    const declared = Object.keys(task.outputs ?? {});
    // Dagster maps a graph over dynamic outputs, but not one that fans out itself (no nested dynamic outputs).
    const nestedFanOut = task.foreach !== undefined && sub !== undefined && this.fansOut(sub, dirOf(path), scope.depth + 1);
    const mapped = task.foreach !== undefined && sub !== undefined && !nestedFanOut;
    for (const k of ['retries', 'timeout', 'cache', 'foreach', 'if'] as const) {
      if (task[k] === undefined || (k === 'foreach' && mapped)) continue;
      const why = k === 'foreach' && nestedFanOut ? ': the sub-pipeline fans out itself, and Dagster cannot map a graph with dynamic outputs of its own' : ' (it applies to each op of the graph only through their own settings)';
      this.warn('task.pipeline', label, `${k} on a sub-pipeline task is not exported${why}`);
    }
    if (mapped && task.foreach!.parallelism !== undefined) this.warn('foreach.parallelism', label, `at most ${task.foreach!.parallelism} at once is not applied to the ops of a sub-pipeline's graph`);
    if (!sub) {
      this.warn('task.pipeline', label, `the sub-pipeline ${task.pipeline} could not be read${tooDeep ? ' (nested too deeply)' : ''}; the op fails with a message`);
      const lines = [
        ...this.opDecorator(scope, id, task, opName, [...(orderIns.length ? [`ins={${orderIns.map((n) => `${pyStr(n)}: In(Nothing)`).join(', ')}}`] : []), 'out=Out(dict)'], label),
        this.signature(scope, opName, dataIns, false),
        `    raise Failure(description=${pyStr(`sub-pipeline ${task.pipeline} was not exported`)})`,
        '    yield Output({})',
      ];
      this.defs.push(lines.join('\n'));
      return { call: `op_${opName}(%ARGS%)`, mapped: false };
    }
    for (const k of ['schedule', 'triggers', 'onFailure', 'finally', 'concurrency'] as const) {
      if (sub[k] !== undefined) this.warn('task.pipeline', label, `${k} of the sub-pipeline ${task.pipeline} applies only when it runs on its own; not exported`);
    }
    // The outputs the task declares: those the sub-pipeline reports; reading another fails the reader.
    const reported: [string, PipelineOutput][] = [];
    for (const o of declared) {
      const given = sub.outputs?.[o];
      let lacks: string | undefined;
      if (nestedFanOut) lacks = `the fan-out over the sub-pipeline ${task.pipeline} is not exported on Dagster, so it has no list of outputs`;
      else if (!given) {
        lacks = `the sub-pipeline ${task.pipeline} has no output ${o}`;
        this.warn('outputs.pipeline', label, `output ${o}: the sub-pipeline ${task.pipeline} has no output ${o} (its top-level outputs: ${Object.keys(sub.outputs ?? {}).join(', ') || 'none'}); a task reading it fails`);
      } else reported.push([o, given]);
      if (lacks !== undefined) {
        let m = this.lacking.get(task);
        if (!m) this.lacking.set(task, (m = new Map()));
        m.set(o, lacks);
      }
    }
    // 1. The params op: `with` evaluated in the parent, sub-pipeline defaults for the rest.
    const paramsOp = this.ops.fresh(`${opName}__params`);
    this.opTasks.push([paramsOp, `${label} (params)`]);
    const subRefs = (run: boolean): PyRefs => ({
      pipelineName: sub.metadata?.name ?? '',
      fileName: path,
      item: false,
      param: () => undefined,
      output: () => ({ problem: 'no task outputs in a param default' }),
      taskField: () => ({ problem: 'no task status in a param default' }),
      run: (f) => (run && f !== 'status' && f !== 'failedTasks' ? { code: this.runField(f) } : { problem: `run.${f} in a param default` }),
      secret: () => 'None',
    });
    const entries: string[] = [];
    for (const [n, decl] of Object.entries(sub.params ?? {})) {
      let code: string | undefined;
      if (task.with && n in task.with) {
        const t = pyData(task.with[n], mapped ? refs : { ...refs, item: false });
        for (const pr of t.problems) this.warn('expressions', label, `with.${n}: ${pr}`);
        code = t.code;
      } else if (decl.default !== undefined) {
        const t = pyData(decl.default, subRefs(true));
        for (const pr of t.problems) this.warn('params', label, `default of ${n} in ${task.pipeline}: ${pr}`);
        code = t.code;
      }
      if (code === undefined) {
        this.warn('task.pipeline', label, `the sub-pipeline param ${n} has no value (neither with nor a default)`);
        code = 'None';
      }
      entries.push(`${pyStr(n)}: ${code}`);
    }
    // A mapped params op takes the item; the order-only inputs then go to the items op.
    const extra = [...(orderIns.length && !mapped ? [`ins={${orderIns.map((n) => `${pyStr(n)}: In(Nothing)`).join(', ')}}`] : []), 'out=Out(dict)'];
    this.defs.push(
      [
        '@op(',
        `    name=${pyStr(paramsOp)},`,
        `    description=${pyStr(`Params of the sub-pipeline ${task.pipeline}.`)},`,
        ...extra.map((k) => `    ${k},`),
        `    tags={"weft/task": ${pyStr(label)}},`,
        ')',
        this.signature(scope, paramsOp, dataIns, mapped),
        ...this.preamble(scope),
        `    yield Output({${entries.join(', ')}})`,
      ].join('\n'),
    );
    // 2. The graph of the sub-pipeline's tasks, returning what the join op yields.
    const nested: Scope = { pipeline: sub, baseDir: dirOf(path), fileName: path, prefix: `${opName}__`, paramsFromInput: true, depth: scope.depth + 1 };
    const body = this.section(nested, 'tasks', false, (sid) => `${label}/${sid}`);
    const done = this.outputsOp(nested, opName, label, `Sub-pipeline ${task.pipeline} done.`, reported, body, true, posix.relative(scope.baseDir, nested.baseDir));
    this.defs.push(
      [
        `@graph(name=${pyStr(`${opName}__graph`)}, description=${pyStr(`The sub-pipeline ${task.pipeline} (${sub.metadata?.name ?? ''}).`)})`,
        `def graph_${opName}(v_params):`,
        ...body.map((w) => `    ${w.variable} = ${w.call}`),
        `    return ${done}`,
      ].join('\n'),
    );
    return { call: `graph_${opName}(op_${paramsOp}(%ARGS%))`, mapped };
  }

  /** Whether a (sub-)pipeline fans out: a foreach task in it, or in a sub-pipeline it calls. */
  private fansOut(p: Pipeline, baseDir: string, depth: number): boolean {
    for (const t of Object.values(p.tasks ?? {})) {
      if (t.foreach) return true;
      if (t.type !== 'pipeline') continue;
      const { path, pipeline } = readSubPipeline(this.input, baseDir, depth, t);
      if (pipeline && this.fansOut(pipeline, dirOf(path), depth + 1)) return true;
    }
    return false;
  }

  /**
   * The op yielding a pipeline's outputs as one dict, each `value` evaluated from the outputs of
   * the tasks it reads (its data inputs); `waitAll`: it also waits for every other task (the join
   * op of a sub-pipeline). File and dir paths are made relative to the caller's folder (`rebase`,
   * the sub-pipeline's folder from there). Returns its call in the job or graph body.
   */
  outputsOp(scope: Scope, opName: string, label: string | undefined, description: string, outputs: [string, PipelineOutput][], wired: Wired[], waitAll: boolean, rebase: string): string {
    const names = new UniqueNames([...this.reserved, 'weft_params']);
    const known = new Set(wired.map((w) => w.id));
    const used = new Map<string, string>();
    const inputs = {
      get: (t: string): string | undefined => {
        if (!known.has(t)) return undefined;
        let n = used.get(t);
        if (n === undefined) used.set(t, (n = names.get(t, t)));
        return n;
      },
    };
    const refs = this.refs(scope, 'tasks', false, false, inputs, label);
    const entries = outputs.map(([n, o]) => {
      const t = pyText(o.value, refs, false);
      for (const pr of t.problems) this.warn('outputs.pipeline', label, `output ${n}: ${pr}`);
      const path = (o.type === 'file' || o.type === 'dir') && rebase !== '' && t.problems.length === 0;
      return `${pyStr(n)}: ${path ? `os.path.normpath(os.path.join(${pyStr(rebase)}, ${t.code}))` : t.code}`;
    });
    const data = wired.filter((w) => used.has(w.id));
    const after = waitAll ? wired.filter((w) => !used.has(w.id)).map((w, i) => [names.fresh(`after_${i}`), w.variable] as const) : [];
    const args = [...data.map((w) => `${used.get(w.id)!}=${w.variable}`), ...after.map(([n, v]) => `${n}=${v}`)];
    const lines = ['@op(', `    name=${pyStr(opName)},`, `    description=${pyStr(description)},`];
    if (after.length) lines.push(`    ins={${after.map(([n]) => `${pyStr(n)}: In(Nothing)`).join(', ')}},`);
    lines.push('    out=Out(dict),', ...(label !== undefined ? [`    tags={"weft/task": ${pyStr(label)}},`] : []), ')');
    if (entries.length === 0) lines.push(`def op_${opName}(context: OpExecutionContext):`, '    yield Output({})');
    else {
      if (scope.paramsFromInput) args.push('weft_params=v_params');
      lines.push(this.signature(scope, opName, data.map((w) => used.get(w.id)!), false), ...this.preamble(scope), `    yield Output({${entries.join(', ')}})`);
    }
    this.defs.push(lines.join('\n'));
    return `op_${opName}(${args.join(', ')})`;
  }
}

/**
 * The `tags={...}` source: the generated tags, with a `tags` map from platform settings merged in
 * (its entries win; other values replace the generated tags whole, as any other setting would).
 */
function mergeTags(tags: string[], platform: Kwargs): string {
  const given = platform.find(([k]) => k === 'tags');
  if (!given) return `{${tags.join(', ')}}`;
  if (!given[1].startsWith('{')) return given[1];
  // Both sides are `"key": value` entries of dict literals (pyValue); in a Python dict literal a
  // repeated key takes its last value, so the platform's entries win.
  const extra = given[1].slice(1, -1);
  return extra === '' ? `{${tags.join(', ')}}` : `{${[...tags, extra].join(', ')}}`;
}

/** A rule that needs an upstream failure, which Dagster and Luigi never run a task after. */
export function failureOnly(p: Pipeline, t: Task): boolean {
  const rule = t.trigger ?? p.defaults?.trigger;
  return rule === 'all_failed' || rule === 'one_failed';
}


/** Task ids in an order where every dependency comes first (document order otherwise). */
function topoOrder(ids: string[], depsOf: (id: string) => string[]): string[] {
  const out: string[] = [];
  const state = new Map<string, number>();
  const visit = (id: string): void => {
    if (state.get(id)) return;
    state.set(id, 1);
    for (const d of depsOf(id)) visit(d);
    state.set(id, 2);
    out.push(id);
  };
  for (const id of ids) visit(id);
  return out;
}

/** `datetime.datetime.fromisoformat(...)` source for a schedule start/end. */
function isoDate(s: string): string {
  const t = /^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00` : s.replace(/Z$/, '+00:00');
  return `datetime.datetime.fromisoformat(${pyStr(t)})`;
}

export function exportDagster(input: ExportInput): ExportResult {
  const p = input.pipeline;
  const ex = new DagsterExport(input);
  const jobName = pythonIdentifier(p.metadata.name);
  const root: Scope = { pipeline: p, baseDir: '', fileName: input.fileName, prefix: '', paramsFromInput: false, depth: 0 };

  // Main task names first (document order), so handlers never take a main task's op name.
  for (const section of ['tasks', 'onFailure', 'finally'] as const) for (const id of Object.keys(p[section] ?? {})) ex.opName(root, id);
  const mainWired = ex.section(root, 'tasks', false, (id) => id);
  const mainBody = mainWired.map((w) => `${w.variable} = ${w.call}`);
  // The pipeline's own outputs: an op computing them once the tasks they read are done (its output in the run).
  const outputs = Object.entries(p.outputs ?? {});
  if (outputs.length > 0) {
    const name = ex.ops.fresh('pipeline_outputs');
    mainBody.push(ex.outputsOp(root, name, undefined, `The outputs of ${p.metadata.name} (${outputs.map(([n]) => n).join(', ')}), what a caller reads of it as a sub-pipeline.`, outputs, mainWired, false, ''));
  }
  const hasHandlers = Object.keys(p.onFailure ?? {}).length + Object.keys(p.finally ?? {}).length > 0;
  const exitVars = new NameMap('python', ex.reserved);
  const exitBody = hasHandlers ? [...ex.section(root, 'onFailure', true, (id) => id, exitVars), ...ex.section(root, 'finally', true, (id) => id, exitVars)].map((w) => `${w.variable} = ${w.call}`) : [];

  // Params: a Pythonic-config resource; expression defaults are resolved per run in _params().
  const fields = new NameMap('python', [...CONFIG_RESERVED]);
  const paramLines: string[] = [];
  const resolve: string[] = [];
  const runOnly: PyRefs = {
    pipelineName: p.metadata.name,
    fileName: input.fileName,
    item: false,
    param: () => undefined,
    output: () => ({ problem: 'no task outputs in a param default' }),
    taskField: () => ({ problem: 'no task status in a param default' }),
    run: (f) => (f === 'status' || f === 'failedTasks' ? { problem: `run.${f} in a param default` } : { code: ex.runField(f) }),
    secret: () => 'None',
  };
  const dictEntries: string[] = [];
  for (const [n, decl] of Object.entries(p.params ?? {})) {
    const field = fields.get(n.startsWith('_') ? `p${n}` : n);
    const type = configType(decl);
    const comment = decl.description ? `  ${pyComment(decl.description)}` : '';
    const d = decl.default;
    if (typeof d === 'string' && d.includes('${{')) {
      paramLines.push(`    ${field}: Optional[${type}] = None${comment || `  ${pyComment(`default: ${d}`)}`}`);
      const t = pyText(d, runOnly, false);
      for (const pr of t.problems) ex.warn('params', undefined, `default of ${n} ${JSON.stringify(d)}: ${pr}`);
      resolve.push(`    if P[${pyStr(n)}] is None:`, `        P[${pyStr(n)}] = ${t.code}`);
    } else if (d !== undefined) paramLines.push(`    ${field}: ${type} = ${pyValue(d)}${comment}`);
    else paramLines.push(`    ${field}: ${type}${comment}`);
    dictEntries.push(`${pyStr(n)}: params.${field}`);
    if (decl.enum) resolve.push(`    if not any(_w_eq(P[${pyStr(n)}], v) for v in ${pyValue(decl.enum)}):`, `        raise Failure(description=${pyStr(`param ${n} must be one of ${JSON.stringify(decl.enum)}`)})`);
  }

  const used = new Set(['Definitions', 'Failure', 'OpExecutionContext', 'Out', 'Output', 'job', 'op', 'ConfigurableResource']);
  const body = [...ex.defs].join('\n\n\n');
  for (const n of ['Backoff', 'DynamicOut', 'DynamicOutput', 'In', 'Nothing', 'RetryPolicy', 'graph']) if (new RegExp(`\\b${n}\\b`).test(body)) used.add(n);

  const jobKw: string[] = [`name=${pyStr(jobName)}`];
  if (p.metadata.description) jobKw.push(`description=${pyStr(p.metadata.description)}`);
  const jobTags: string[] = [`"weft/pipeline": ${pyStr(p.metadata.name)}`];
  if (p.metadata.owner) jobTags.push(`"weft/owner": ${pyStr(p.metadata.owner)}`);
  for (const [k, v] of Object.entries(p.metadata.labels ?? {})) jobTags.push(`${pyStr(k)}: ${pyStr(String(v))}`);
  // The run timeout: run monitoring (dagster.yaml run_monitoring.enabled) stops a run past it.
  const runTimeout = seconds(p.timeout);
  if (runTimeout !== undefined) {
    jobTags.push(`"dagster/max_runtime": ${pyStr(String(runTimeout))}`);
    ex.warn('timeout.run', undefined, `the run timeout is the job tag dagster/max_runtime (${runTimeout}s): it is enforced only with run monitoring enabled in dagster.yaml (run_monitoring: {enabled: true})`);
  }
  jobKw.push(`tags={${jobTags.join(', ')}}`);
  if (p.concurrency?.tasks !== undefined) {
    jobKw.push(`executor_def=multiprocess_executor.configured({"max_concurrent": ${p.concurrency.tasks}})`);
    used.add('multiprocess_executor');
  }
  if (p.concurrency?.runs !== undefined) {
    ex.warn('concurrency.runs', undefined, `at most ${p.concurrency.runs} run(s) at once needs a run queue limit in dagster.yaml: run_queue: {tag_concurrency_limits: [{key: weft/pipeline, value: ${p.metadata.name}, limit: ${p.concurrency.runs}}]}`);
  }

  const out: string[] = [];
  out.push(`# Generated by \`weft export --target dagster\` from ${pyComment(input.fileName).slice(2)}. Re-export rather than edit.`);
  out.push(pyComment(`Pipeline ${p.metadata.name}${p.metadata.description ? `: ${p.metadata.description}` : ''}`));
  out.push('# Tasks run with the pipeline\'s folder as working directory: keep this file beside the pipeline');
  out.push('# file, or set WEFT_PIPELINE_DIR. Op names and the Weft tasks they run are in OP_TASKS.');
  for (const m of PRELUDE_IMPORTS) out.push(`import ${m}`);
  out.push('from typing import Any, Dict, List, Optional', '');
  const schedulePart: string[] = [];
  const sensorParts: string[] = [];
  const sensorNames: string[] = [];
  const sensorFns = new NameMap('python', ex.reserved);

  // Schedule.
  if (p.schedule) {
    used.add('schedule').add('ScheduleEvaluationContext').add('RunRequest').add('SkipReason');
    const s = p.schedule;
    const kw = [`name=${pyStr(`${jobName}_schedule`)}`, `cron_schedule=${pyStr(cronOf(s.cron))}`, `job=job_${jobName}`, `execution_timezone=${pyStr(s.timezone ?? 'UTC')}`];
    const lines = ['@schedule(', ...kw.map((k) => `    ${k},`), ')', `def schedule_${jobName}(context: ScheduleEvaluationContext):`];
    lines.push('    when = context.scheduled_execution_time or datetime.datetime.now(datetime.timezone.utc)');
    if (s.start) lines.push(`    if _before(when, ${isoDate(s.start)}):`, `        return SkipReason(${pyStr(`the schedule starts at ${s.start}`)})`);
    if (s.end) lines.push(`    if not _before(when, ${isoDate(s.end)}):`, `        return SkipReason(${pyStr(`the schedule ended at ${s.end}`)})`);
    lines.push('    return RunRequest(tags={"weft/run_date": when.strftime("%Y-%m-%d"), "weft/run_timestamp": when.isoformat(), "weft/trigger": "schedule"})');
    schedulePart.push(lines.join('\n'));
    if (s.catchup) ex.warn('schedule.catchup', undefined, 'missed ticks are not run: launch a backfill for them');
  }

  // Triggers.
  (p.triggers ?? []).forEach((trig, i) => {
    if ('file' in trig) {
      used.add('sensor').add('SensorEvaluationContext').add('RunRequest').add('SkipReason');
      const fn = sensorFns.get(`sensor_file_${i}`);
      const debounce = seconds(trig.file.debounce) ?? 0;
      const name = `${jobName}_file_${i}`;
      sensorNames.push(fn);
      sensorParts.push(
        [
          `@sensor(name=${pyStr(name)}, job=job_${jobName}, minimum_interval_seconds=${Math.max(30, debounce)})`,
          `def ${fn}(context: SensorEvaluationContext):`,
          `    ${pyComment(`file trigger: ${trig.file.path}`)}`,
          `    files = sorted(glob.glob(_path(${pyStr(trig.file.path)})))`,
          '    if not files:',
          `        return SkipReason(${pyStr(`no file matches ${trig.file.path}`)})`,
          '    stamps = [[f, os.path.getmtime(f)] for f in files]',
          ...(debounce > 0 ? [`    if time.time() - max(s for _, s in stamps) < ${debounce}:`, '        return SkipReason("waiting for writes to settle")'] : []),
          '    key = hashlib.sha256(_w_json(stamps).encode("utf-8")).hexdigest()',
          '    return RunRequest(run_key=key, tags={"weft/trigger": "file"})',
        ].join('\n'),
      );
      ex.warn('triggers.file', undefined, `file trigger ${trig.file.path}: a sensor polls the folder (every ${Math.max(30, debounce)}s) on the machine running the Dagster daemon; a run starts when the matching files or their modification times change`);
    } else if ('webhook' in trig) {
      ex.warn('triggers.webhook', undefined, `webhook ${trig.webhook.path} is not generated: start runs through Dagster's GraphQL API (launchRun of job ${jobName})${trig.webhook.secret ? `; the secret ${trig.webhook.secret} is not checked by Dagster` : ''}`);
    } else if ('pipeline' in trig) {
      used.add('run_status_sensor').add('RunStatusSensorContext').add('DagsterRunStatus').add('RunRequest').add('SkipReason');
      const other = pythonIdentifier(trig.pipeline.name);
      const status = trig.pipeline.status ?? 'success';
      const statuses = status === 'completed' ? ['SUCCESS', 'FAILURE'] : [status === 'failed' ? 'FAILURE' : 'SUCCESS'];
      for (const st of statuses) {
        const fn = sensorFns.get(`sensor_after_${other}_${st.toLowerCase()}`);
        sensorNames.push(fn);
        sensorParts.push(
          [
            `@run_status_sensor(name=${pyStr(`${jobName}_after_${other}_${st.toLowerCase()}`)}, run_status=DagsterRunStatus.${st}, request_job=job_${jobName}, monitor_all_code_locations=True)`,
            `def ${fn}(context: RunStatusSensorContext):`,
            `    if context.dagster_run.job_name != ${pyStr(other)}:`,
            `        return SkipReason(${pyStr(`not a run of ${other}`)})`,
            '    return RunRequest(run_key=context.dagster_run.run_id, tags={"weft/trigger": "pipeline"})',
          ].join('\n'),
        );
      }
    }
  });

  // Handlers: a second job, started by run status sensors with the failed run's config.
  const jobs = [`job_${jobName}`];
  const exitJob = `${jobName}_on_exit`;
  if (hasHandlers) {
    jobs.push(`job_${exitJob}`);
    used.add('RunRequest');
    const request = (status: string, failedTasks: string): string =>
      `    return RunRequest(run_key=context.dagster_run.run_id, run_config=context.dagster_run.run_config, tags={"weft/run_status": ${pyStr(status)}, "weft/failed_tasks": ${failedTasks}, "weft/parent_run": context.dagster_run.run_id, "weft/trigger": "exit"})`;
    used.add('run_failure_sensor').add('RunFailureSensorContext');
    sensorNames.push('sensor_on_failure');
    sensorParts.push(
      [
        `@run_failure_sensor(name=${pyStr(`${jobName}_on_failure`)}, monitored_jobs=[job_${jobName}], request_job=job_${exitJob})`,
        'def sensor_on_failure(context: RunFailureSensorContext):',
        '    failed = sorted({OP_TASKS.get(e.step_key.split("[")[0], e.step_key) for e in context.get_step_failure_events()})',
        request('failed', '_w_json(failed)'),
      ].join('\n'),
    );
    if (Object.keys(p.finally ?? {}).length > 0) {
      used.add('run_status_sensor').add('RunStatusSensorContext').add('DagsterRunStatus');
      sensorNames.push('sensor_on_success');
      sensorParts.push(
        [
          `@run_status_sensor(name=${pyStr(`${jobName}_on_success`)}, run_status=DagsterRunStatus.SUCCESS, monitored_jobs=[job_${jobName}], request_job=job_${exitJob})`,
          'def sensor_on_success(context: RunStatusSensorContext):',
          request('succeeded', '"[]"'),
        ].join('\n'),
      );
    }
    if (Object.keys(p.finally ?? {}).length > 0) ex.warn('finally', undefined, `finally tasks run in the job ${exitJob}, started by a run status sensor after the run ends (success or failure), not inside the run`);
    if (Object.keys(p.onFailure ?? {}).length > 0) ex.warn('onFailure', undefined, `onFailure tasks run in the job ${exitJob}, started by a run failure sensor (the daemon must be running)`);
  }

  // ownedByRun: run status sensors delete what the manifest tasks made once a run of either job ends.
  if (ex.owned.length > 0) {
    used.add('run_status_sensor').add('RunStatusSensorContext').add('DagsterRunStatus').add('SkipReason');
    const monitored = `[${jobs.join(', ')}]`;
    const cleanupFn = sensorFns.get('_weft_owned_cleanup');
    sensorParts.push(
      [
        `def ${cleanupFn}(context):`,
        '    """ownedByRun: deletes the objects the manifest tasks made in the run that ended (found by their labels)."""',
        ...pyManifestCleanup('context.dagster_run.run_id', ex.owned).map((l) => `    ${l}`),
        '    return SkipReason("ownedByRun objects of the run deleted")',
      ].join('\n'),
    );
    for (const st of ['SUCCESS', 'FAILURE', 'CANCELED']) {
      const fn = sensorFns.get(`sensor_cleanup_${st.toLowerCase()}`);
      sensorNames.push(fn);
      sensorParts.push(
        [
          `@run_status_sensor(name=${pyStr(`${jobName}_cleanup_${st.toLowerCase()}`)}, run_status=DagsterRunStatus.${st}, monitored_jobs=${monitored})`,
          `def ${fn}(context: RunStatusSensorContext):`,
          `    return ${cleanupFn}(context)`,
        ].join('\n'),
      );
    }
    ex.warn('task.manifest', taskList(ex.ownedTasks), 'ownedByRun: the object is labelled weft.dev/run=<run id> and deleted by run status sensors when the run succeeds, fails or is canceled (the daemon must be running and reach the cluster with kubectl; on Argo, Kubernetes deletes it with the Workflow)');
  }

  out.push(`from dagster import (\n${[...used].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((n) => `    ${n},`).join('\n')}\n)`);
  out.push('', `PIPELINE = ${pyStr(p.metadata.name)}`, `SOURCE = ${pyStr(input.fileName)}`);
  out.push('BASE_DIR = os.environ.get("WEFT_PIPELINE_DIR") or os.path.dirname(os.path.abspath(__file__))');
  out.push(...secretsTable(p));
  out.push(`OP_TASKS = {${ex.opTasks.map(([a, b]) => `${pyStr(a)}: ${pyStr(b)}`).join(', ')}}`);
  out.push(PRELUDE);
  out.push(
    [
      'def _before(when, limit):',
      '    if limit.tzinfo is None:',
      '        when = when.replace(tzinfo=None)',
      '    return when < limit',
      '',
      '',
      'def _run_info(context):',
      '    """The run fields of Weft expressions (run.id, run.date, ...), from the run and its tags."""',
      '    tags = context.run.tags',
      '    now = datetime.datetime.now(datetime.timezone.utc)',
      '    return {',
      '        "id": context.run_id,',
      '        "date": tags.get("weft/run_date") or now.strftime("%Y-%m-%d"),',
      '        "timestamp": tags.get("weft/run_timestamp") or now.isoformat(),',
      '        "attempt": context.retry_number + 1,',
      '        "trigger": tags.get("weft/trigger", "manual"),',
      '        "status": tags.get("weft/run_status", "running"),',
      '        "failedTasks": json.loads(tags.get("weft/failed_tasks", "[]")),',
      '    }',
      ...(ex.usesDuration
        ? [
            '',
            '',
            'def _run_started(context):',
            '    """When the run started (a POSIX timestamp from its run record), for run.duration."""',
            '    record = context.instance.get_run_record_by_id(context.run_id)',
            '    return record.start_time if record is not None else None',
          ]
        : []),
      '',
      '',
      'class Params(ConfigurableResource):',
      `    """Params of ${pyStr(p.metadata.name).slice(1, -1).replace(/"""/g, '')} (run config: resources.params.config)."""`,
      '',
      ...(paramLines.length > 0 ? paramLines : ['    pass']),
      '',
      '',
      'def _params(context, params):',
      '    """The params as Weft expressions see them: expression defaults resolved, enums checked."""',
      '    RUN = _run_info(context)',
      `    P = {${dictEntries.join(', ')}}`,
      ...resolve,
      '    return P',
    ].join('\n'),
  );
  out.push('', '', body);
  const jobDef = (fn: string, kw: string[], lines: string[], doc: string): string =>
    ['@job(', ...kw.map((k) => `    ${k},`), ')', `def ${fn}():`, `    """${doc}"""`, ...(lines.length ? lines.map((l) => `    ${l}`) : ['    pass'])].join('\n');
  const jobFinal = mergeKwargs(
    jobKw.map((k): [string, string] => [k.slice(0, k.indexOf('=')), k.slice(k.indexOf('=') + 1)]),
    [['tags', mergeTags(jobTags, ex.platformJob)], ...ex.platformJob.filter(([k]) => k !== 'tags')],
  ).map(([k, v]) => `${k}=${v}`);
  out.push('', '', jobDef(`job_${jobName}`, jobFinal, mainBody, 'The pipeline\'s tasks, wired by their dependencies.'));
  if (hasHandlers) {
    const kw = [`name=${pyStr(exitJob)}`, `description=${pyStr(`onFailure and finally tasks of ${p.metadata.name}`)}`, `tags={"weft/pipeline": ${pyStr(p.metadata.name)}}`];
    out.push('', '', jobDef(`job_${exitJob}`, kw, exitBody, 'Started by the sensors below when a run of the pipeline ends.'));
  }
  for (const part of [...schedulePart, ...sensorParts]) out.push('', '', part);
  const defsKw = [`jobs=[${jobs.join(', ')}]`];
  if (schedulePart.length > 0) defsKw.push(`schedules=[schedule_${jobName}]`);
  if (sensorNames.length > 0) defsKw.push(`sensors=[${sensorNames.join(', ')}]`);
  defsKw.push('resources={"params": Params()}');
  out.push('', '', `defs = Definitions(\n${defsKw.map((k) => `    ${k},`).join('\n')}\n)`, '');
  return { files: [{ path: `${p.metadata.name}.dagster.py`, content: out.join('\n') }], warnings: ex.warnings() };
}

export const dagsterExporter: Exporter = { target: 'dagster', extension: 'dagster.py', export: exportDagster };
