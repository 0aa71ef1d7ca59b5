/**
 * Weft → Luigi: one Python module (`<name>.luigi.py`) with a `luigi.Task` class per Weft task.
 * The pipeline's params are luigi Parameters of a shared base class (so `self.clone(Upstream)`
 * hands them down), `requires()` returns the upstream task instances, and `output()` is a state
 * target (a JSON file holding the task's status and value outputs) plus a `LocalTarget` per file
 * output: a task is complete when they exist — Luigi's idempotency. A task without `cache` is
 * keyed on the run id (a new run reruns it); a cached one is keyed on its params and cache key.
 *
 * Fan-out runs one task instance per item through dynamic dependencies (`yield` in `run()`), a
 * sub-pipeline is a task yielding the sub-pipeline's own classes, and the pipeline is a final
 * `luigi.WrapperTask`. Luigi has no scheduler or triggers: those are warned, with a cron line.
 */
import type { Pipeline, Task, TriggerRule } from '../../core/model/types';
import { WarningGroups, readSubPipeline, taskList } from '../shared';
import { FAILED_MARKER, exitCodeReads, noExitCode, pyManifestCleanup, pyNoAddress, pyNoSubOutput, pyOutputDefaults, runsProcess } from '../python/runtime';
import type { ExportInput, ExportResult, ExportWarning, Exporter } from '../types';
import { NameMap, pythonIdentifier } from '../names';
import { dependencyDetail } from '../graph';
import { retryPolicyOf } from '../features';
import { dirOf, joinPath, seconds } from '../util';
import { pyComment, pyStr, pyValue } from '../python/source';
import { pyData, pyExpr, pyText, wholeAst, type PyRefs } from '../dagster/pyexpr';
import { PRELUDE, PRELUDE_IMPORTS, preludeNames, secretsTable } from '../dagster/pyruntime';
import { taskStatements } from '../dagster/pytask';
import { mergeKwargs, platformKwargs, platformPlaces, type Kwargs } from '../python/platform';
import { UniqueNames } from '../dagster/unique';
import { cronOf, failureOnly } from '../dagster';

type Section = 'tasks' | 'onFailure' | 'finally';
const PARAM_CLASSES: Record<string, string> = {
  string: 'luigi.Parameter',
  integer: 'luigi.IntParameter',
  number: 'luigi.FloatParameter',
  boolean: 'luigi.BoolParameter',
  list: 'luigi.ListParameter',
  object: 'luigi.DictParameter',
};
/** Attributes of luigi.Task a param must not shadow. */
const TASK_ATTRS = [
  'run', 'requires', 'output', 'input', 'complete', 'clone', 'task_id', 'task_family', 'param_kwargs', 'priority', 'resources',
  'retry_count', 'worker_timeout', 'disabled', 'owner_email', 'batchable', 'accepts_messages', 'set_status_message',
  'set_progress_percentage', 'on_failure', 'on_success', 'deps', 'to_str_params', 'from_str_params', 'get_params',
  'get_param_values', 'get_param_names', 'batch_param_names', 'event_handler', 'trigger_event', 'initialized', 'params',
  'run_info', 'cache_key', 'state_target', 'upstream', 'upstream_status', 'blocked', 'finish', 'files', 'weft_task',
  'run_date', 'run_id', 'run_status', 'item', 'index', 'requires_list', 'process_resources', 'no_unpicklable_properties', 'defaults',
];

interface Scope {
  pipeline: Pipeline;
  baseDir: string;
  fileName: string;
  /** Class-name prefix (`Evaluate_` inside the sub-pipeline task `evaluate`). */
  prefix: string;
  /** The base class of this scope's tasks (holds the params). */
  base: string;
  depth: number;
}

/** run.duration on Luigi: a call that fails the task reading it (the capability table warns). */
const NO_DURATION = `_weft_unsupported(${pyStr('run.duration: Luigi runs have no start time a task can read; export to Airflow, Prefect or Dagster for it')})`;

function camel(id: string): string {
  const parts = pythonIdentifier(id).split('_').filter((s) => s !== '');
  const out = parts.map((s) => s[0]!.toUpperCase() + s.slice(1)).join('');
  return out === '' || /^[0-9]/.test(out) ? `T${out}` : out;
}

class LuigiExport {
  private readonly notes = new WarningGroups();
  readonly reserved = preludeNames();
  /** Class names, unique in the module. */
  readonly classes = new UniqueNames([...this.reserved, 'luigi', '_WeftTask', '_WeftMixin']);
  readonly taskClasses: [string, string][] = [];
  readonly defs: string[] = [];
  /** Run-end cleanup entries of ownedByRun manifest tasks, and their tasks. */
  readonly owned: string[] = [];
  readonly ownedTasks: string[] = [];

  constructor(readonly input: ExportInput) {}

  /** Warnings with the same feature and message are one warning listing their tasks. */
  warn(feature: string, task: string | undefined, message: string): void {
    this.notes.warn(feature, task, message);
  }

  warnings(): ExportWarning[] {
    return this.notes.warnings();
  }

  /** `platform.luigi.task` settings as class attributes (Python literals). */
  platformAttrs(platform: Task['platform'], where: string, label: string | undefined): Kwargs {
    const warn = (m: string): void => this.warn('platform.luigi', label, m);
    return platformKwargs(platformPlaces(platform, 'luigi', ['task'], where, warn).task, `platform.luigi.task of ${where}`, warn);
  }

  className(scope: Scope, id: string): string {
    return this.classes.get(`${scope.prefix}\u0000${id}`, () => `${scope.prefix}${camel(id)}`);
  }

  /** A base class holding one pipeline's params as luigi Parameters, and `params()` resolving them. */
  baseClass(scope: Scope, name: string, doc: string): void {
    const p = scope.pipeline;
    const fields = new NameMap('python', TASK_ATTRS);
    const lines = [`class ${name}(_WeftMixin, luigi.Task):`, `    """${doc}"""`, ''];
    const entries: string[] = [];
    const resolve: string[] = [];
    const runOnly: PyRefs = {
      pipelineName: p.metadata?.name ?? '',
      fileName: scope.fileName,
      item: false,
      param: () => undefined,
      output: () => ({ problem: 'no task outputs in a param default' }),
      taskField: () => ({ problem: 'no task status in a param default' }),
      run: (f) => (f === 'status' || f === 'failedTasks' ? { problem: `run.${f} in a param default` } : { code: f === 'duration' ? NO_DURATION : `RUN[${pyStr(f)}]` }),
      secret: () => 'None',
    };
    for (const [n, decl] of Object.entries(p.params ?? {})) {
      const field = fields.get(n.startsWith('_') ? `p${n}` : n);
      const cls = decl.enum && decl.type === 'string' ? 'luigi.ChoiceParameter' : (PARAM_CLASSES[decl.type] ?? 'luigi.Parameter');
      const kw: string[] = [];
      if (cls === 'luigi.ChoiceParameter') kw.push(`choices=${pyValue(decl.enum)}`);
      const d = decl.default;
      if (typeof d === 'string' && d.includes('${{')) {
        kw.push('default=None');
        const t = pyText(d, runOnly, false);
        for (const pr of t.problems) this.warn('params', undefined, `default of ${n} ${JSON.stringify(d)}: ${pr}`);
        resolve.push(`        if P[${pyStr(n)}] is None:`, `            P[${pyStr(n)}] = ${t.code}`);
      } else if (d !== undefined) kw.push(`default=${pyValue(d)}`);
      if (decl.description) kw.push(`description=${pyStr(decl.description)}`);
      lines.push(`    ${field} = ${cls}(${kw.join(', ')})`);
      entries.push(`${pyStr(n)}: _plain(self.${field})`);
      if (decl.enum && cls !== 'luigi.ChoiceParameter') resolve.push(`        if not any(_w_eq(P[${pyStr(n)}], v) for v in ${pyValue(decl.enum)}):`, `            raise ValueError(${pyStr(`param ${n} must be one of ${JSON.stringify(decl.enum)}`)})`);
    }
    // platform.luigi.task of the pipeline: attributes every task class inherits (kept off the params).
    if (scope.depth === 0) {
      const paramFields = new Set(fields.mapping().map(([, n]) => n));
      for (const [k, v] of this.platformAttrs(p.platform, 'the pipeline', undefined)) {
        if (paramFields.has(k)) this.warn('platform.luigi', undefined, `platform.luigi.task.${k} is a param of the pipeline; left out`);
        else lines.push(`    ${k} = ${v}`);
      }
    }
    lines.push(
      '    run_date = luigi.DateParameter(default=datetime.date.today(), description="The date the run is for (run.date).")',
      '    run_id = luigi.Parameter(default=RUN_ID, description="A new run id reruns every task without cache.")',
      '    run_status = luigi.Parameter(default="running", significant=False, description="For onFailure/finally tasks.")',
      '',
      '    def params(self):',
      '        RUN = self.run_info()',
      `        P = {${entries.join(', ')}}`,
      ...resolve,
      '        return P',
    );
    this.defs.push(lines.join('\n'));
  }

  /** The classes of one section. Returns the class names in document order. */
  section(scope: Scope, section: Section, handler: boolean, label: (id: string) => string): string[] {
    const p = scope.pipeline;
    const tasks: Record<string, Task> = p[section] ?? {};
    const deps = dependencyDetail(tasks);
    const locals = new NameMap('python', [...this.reserved, 'results', 'value', 'i', 'states', 'f']);
    const ids = Object.keys(tasks);
    for (const id of ids) this.className(scope, id);
    const names: string[] = [];
    for (const id of ids) {
      const task = tasks[id]!;
      const cls = this.className(scope, id);
      names.push(cls);
      this.taskClasses.push([label(id), cls]);
      const d = deps.get(id)!;
      this.taskClass(scope, section, handler, id, task, cls, d.all, d.data, locals, label(id));
    }
    return names;
  }

  private refs(scope: Scope, section: Section, handler: boolean, task: Task, vars: Map<string, string>, label: string): PyRefs {
    const p = scope.pipeline;
    const own: Record<string, Task> = p[section] ?? {};
    return {
      pipelineName: p.metadata?.name ?? '',
      fileName: scope.fileName,
      item: !!task.foreach,
      param: (n) => (p.params?.[n] ? `P[${pyStr(n)}]` : undefined),
      output: (t, o) => {
        const producer = own[t];
        if (!producer) return { problem: handler && p.tasks[t] ? `tasks.${t}.outputs.${o}: outputs of the main tasks are not passed to handler tasks` : `unknown task ${t}` };
        if (!producer.outputs?.[o]) return { problem: `tasks.${t}.outputs.${o} is not declared` };
        if (producer.type === 'pipeline') return { code: pyNoSubOutput(t, o, 'luigi') };
        const v = vars.get(t);
        if (!v) return { problem: `tasks.${t} is not required by this task` };
        return { code: producer.foreach ? `[r[${pyStr(o)}] for r in ${v}]` : `${v}[${pyStr(o)}]` };
      },
      taskField: (t, f) => {
        if (f === 'status' && own[t] && vars.has(t)) return { code: `self.upstream_status(${pyStr(t)})` };
        if (f === 'exitCode' && own[t] && vars.has(t)) {
          if (!runsProcess(own[t]!)) this.warn('expr.exitCode', label, noExitCode(t));
          return { code: `_weft_exit_code(${vars.get(t)!})` };
        }
        if (f === 'address') return { code: pyNoAddress(t, 'luigi') };
        return { problem: `tasks.${t}.${f} is not available on Luigi` };
      },
      run: (f) => {
        if ((f === 'status' || f === 'failedTasks') && !handler) return { problem: `run.${f} exists only in onFailure/finally tasks` };
        if (f === 'failedTasks') return { problem: 'run.failedTasks: luigi.build reports only whether the run failed' };
        if (f === 'duration') return { code: NO_DURATION };
        return { code: `RUN[${pyStr(f)}]` };
      },
      secret: (n) => {
        const s = this.input.pipeline.secrets?.[n] ?? p.secrets?.[n];
        if (!s) this.warn('secrets', label, `secret ${n} is not declared`);
        else if (!s.env && !s.file) this.warn('secrets', label, `secret ${n} has no env or file reference, which is what the Luigi export reads at run time`);
        return `_secret(${pyStr(n)})`;
      },
    };
  }

  private taskClass(scope: Scope, section: Section, handler: boolean, id: string, task: Task, cls: string, deps: string[], referenced: Set<string>, locals: NameMap, label: string): void {
    const p = scope.pipeline;
    const d = p.defaults ?? {};
    const rule: TriggerRule = task.trigger ?? d.trigger ?? 'all_success';
    if (failureOnly(p, task)) this.warn(`trigger.${rule}`, label, 'never runs on Luigi: a task runs only after its requirements completed, so the task is generated but always skips');
    else if (rule !== 'all_success' && rule !== 'none_failed') this.warn(`trigger.${rule}`, label, `emulated over skips only: Luigi runs a task only when all its requirements completed, so ${rule} ${rule === 'one_success' ? 'runs unless every requirement was skipped' : 'runs after skipped requirements but never after a failure'}`);
    const vars = new Map(deps.filter((x) => referenced.has(x)).map((x) => [x, locals.get(x)]));
    const refs = this.refs(scope, section, handler, task, vars, label);
    const workdir = joinPath(scope.baseDir, task.workdir ?? '');
    const files = Object.entries(task.outputs ?? {})
      .filter(([, o]) => o.type === 'file' || o.type === 'dir')
      .map(([n, o]) => `${pyStr(n)}: ${pyStr(joinPath(workdir, o.path ?? n))}`);

    let attrs: Kwargs = [['weft_task', pyStr(label)]];
    if (files.length > 0) attrs.push(['files', `{${files.join(', ')}}`]);
    // The outputs' defaults: what the state holds when the task is skipped (or its failure allowed).
    const defaults = pyOutputDefaults(task);
    if (defaults) attrs.push(['defaults', defaults]);
    const r = retryPolicyOf(p, task);
    if (r) {
      attrs.push(['retry_count', String(r.limit)]);
      this.warn('retries', label, 'retry_count is honoured only while the worker stays alive: set [worker] keep_alive = true and [scheduler] retry_delay in luigi.cfg');
    }
    const timeout = seconds(task.timeout ?? d.timeout);
    if (timeout !== undefined) attrs.push(['worker_timeout', String(timeout)]);
    // platform.luigi.task: class attributes of this task (a sub-pipeline's apply when it is exported on its own).
    if (scope.depth === 0) attrs = mergeKwargs(attrs, this.platformAttrs(task.platform, `task ${label}`, label));
    const cacheAttrs: string[] = [];
    const cache = task.cache ?? d.cache;
    if (cache) {
      cacheAttrs.push(
        '    # Cached: not keyed on the run, so a later run finds it complete (see cache_key).',
        '    run_id = luigi.Parameter(default=RUN_ID, significant=False)',
        '    run_date = luigi.DateParameter(default=datetime.date.today(), significant=False)',
      );
    }
    if (task.type === 'pipeline' && (task.retries !== undefined || task.timeout !== undefined)) this.warn('task.pipeline', label, 'retries and timeout on a sub-pipeline task apply to the task that starts it, not to the sub-pipeline tasks');

    const methods: string[] = [];
    if (deps.length > 0) {
      methods.push('    def requires(self):', `        return {${deps.map((x) => `${pyStr(x)}: self.clone(${this.className(scope, x)})`).join(', ')}}`);
    }
    if (cache) methods.push(...this.cacheKey(scope, task, label, refs));

    // run(): skip propagation, condition, then the body.
    const run: string[] = ['        P = self.params()', '        RUN = self.run_info()'];
    if (deps.length > 0 && rule === 'all_success') run.push(`        if self.blocked(${pyValue(deps)}):`, '            return self.finish({}, "skipped")');
    if (deps.length > 0 && rule === 'one_success') run.push(`        if self.blocked(${pyValue(deps)}, every=True):`, '            return self.finish({}, "skipped")');
    if (section === 'onFailure') run.push('        if self.run_status != "failed":', '            return self.finish({}, "skipped")');
    if (failureOnly(p, task)) run.push(`        return self.finish({}, "skipped")  ${pyComment(`trigger rule ${rule} never holds on Luigi`)}`);
    for (const [t, v] of vars) run.push(`        ${v} = self.upstream(${pyStr(t)})`);
    const cond = (indent: string): string[] => {
      if (task.if === undefined) return [];
      const e = wholeAst(task.if);
      const t = e ? pyExpr(e, refs) : undefined;
      if (!t || t.problems.length > 0) {
        this.warn('if', label, `the condition ${JSON.stringify(task.if)} is not translated${t ? ` (${t.problems.join('; ')})` : ''}; the task always runs`);
        return [];
      }
      return [`${indent}if not _w_truthy(${t.code}):`, `${indent}    return self.finish({}, "skipped")`];
    };
    const body = (): string[] =>
      taskStatements({
        id,
        task,
        pipeline: p,
        refs,
        baseDir: scope.baseDir,
        readFile: this.input.readFile,
        warn: (f, m) => this.warn(f, label, m),
        fail: (msg) => `raise RuntimeError(${msg})`,
        target: 'luigi',
        label,
        exitCode: this.exitReads(scope.pipeline).has(id),
        owned: (e) => {
          if (this.owned.includes(e)) return; // a fan-out's body is generated once per class
          this.owned.push(e);
          this.ownedTasks.push(label);
        },
      });

    if (task.type === 'pipeline') {
      run.push(...cond('        '));
      run.push(...this.subPipeline(scope, id, task, refs, label));
    } else if (task.foreach) {
      // One instance per item, as dynamic dependencies; this task collects their outputs.
      const itemCls = this.classes.fresh(`${cls}_Item`);
      const items = task.foreach.items;
      const t = typeof items === 'string' ? pyText(items, { ...refs, item: false }, false) : pyData(items, { ...refs, item: false });
      for (const pr of t.problems) this.warn('foreach', label, `foreach.items: ${pr}`);
      run.push(
        `        results = yield [self.clone(${itemCls}, item=_w_json(value), index=i) for i, value in enumerate(${t.code})]`,
        '        states = [self.read_state(r["state"]) for r in results]',
        '        self.finish([s["outputs"] for s in states if s["status"] == "succeeded"])',
      );
      const itemLines = [
        `class ${itemCls}(${cls}):`,
        `    """One item of the fan-out ${pyStr(label).slice(1, -1)} (run by ${cls})."""`,
        '',
        '    item = luigi.Parameter(description="The item, as JSON.")',
        '    index = luigi.IntParameter()',
        '',
        '    def run(self):',
        '        P = self.params()',
        '        RUN = self.run_info()',
        '        item = json.loads(self.item)',
        ...[...vars].map(([x, v]) => `        ${v} = self.upstream(${pyStr(x)})`),
        ...cond('        '),
        ...body().map((l) => `        ${l}`),
        '        self.finish(out)',
      ];
      this.pendingItems.push(itemLines.join('\n'));
      if (task.foreach.parallelism !== undefined) this.warn('foreach.parallelism', label, `at most ${task.foreach.parallelism} at once: Luigi limits only the number of workers for the whole build (see WORKERS)`);
    } else {
      run.push(...cond('        '));
      run.push(...body().map((l) => `        ${l}`), '        self.finish(out)');
    }
    methods.push('    def run(self):', ...run);
    const doc = task.description ? [`    ${pyComment(task.description)}`] : [];
    const lines = [`class ${cls}(${scope.base}):`, ...doc, ...attrs.map(([k, v]) => `    ${k} = ${v}`), ...cacheAttrs, '', ...methods.flatMap((m, i) => (m.startsWith('    def ') && i > 0 ? ['', m] : [m]))];
    this.defs.push(lines.join('\n'));
    for (const it of this.pendingItems.splice(0)) this.defs.push(it);
  }

  private readonly pendingItems: string[] = [];
  private readonly exitReadsOf = new Map<Pipeline, Set<string>>();

  /** The tasks of a (sub-)pipeline whose exit code a later task reads. */
  private exitReads(p: Pipeline): Set<string> {
    let s = this.exitReadsOf.get(p);
    if (!s) this.exitReadsOf.set(p, (s = exitCodeReads(p)));
    return s;
  }

  /** `cache_key()`: the cache policy's key, the script and the cache inputs' contents. */
  private cacheKey(scope: Scope, task: Task, label: string, refs: PyRefs): string[] {
    const cache = task.cache ?? scope.pipeline.defaults?.cache;
    const parts: string[] = [];
    const noUpstream: PyRefs = { ...refs, output: () => ({ problem: 'task outputs are not known before the task runs' }), taskField: () => ({ problem: 'no task status in a cache key' }) };
    if (typeof cache === 'object') {
      (cache.key ?? []).forEach((k, i) => {
        const t = pyText(k, noUpstream, true);
        if (t.problems.length > 0) this.warn('cache', label, `cache.key[${i}] is left out of the key (${t.problems.join('; ')})`);
        else parts.push(t.code);
      });
      if (cache.ttl) this.warn('cache.ttl', label, `ttl ${cache.ttl} is dropped: a Luigi target does not expire (delete the state file to rerun)`);
    }
    const files: string[] = [];
    if ((task.type === 'python' || task.type === 'node') && task.script) files.push(joinPath(scope.baseDir, task.workdir ?? '', task.script));
    if (typeof cache === 'object') for (const f of cache.inputs ?? []) files.push(joinPath(scope.baseDir, f));
    if (files.length > 0) parts.push(`_files_hash(${pyValue(files)})`);
    // The task's args and env (rendered) are part of the key, as Weft's cache key has them.
    return ['    def cache_key(self):', '        P = self.params()', '        RUN = self.run_info()', `        return _w_json([${parts.join(', ')}])`];
  }

  /** A sub-pipeline task's run(): yields the sub-pipeline's final wrapper with its params. */
  private subPipeline(scope: Scope, id: string, task: Task & { type: 'pipeline' }, refs: PyRefs, label: string): string[] {
    const { path, pipeline: sub, tooDeep } = readSubPipeline(this.input, scope.baseDir, scope.depth, task);
    if (!sub) {
      this.warn('task.pipeline', label, `the sub-pipeline ${task.pipeline} could not be read${tooDeep ? ' (nested too deeply)' : ''}; the task fails with a message`);
      return [`        raise RuntimeError(${pyStr(`sub-pipeline ${task.pipeline} was not exported`)})`];
    }
    for (const k of ['schedule', 'triggers', 'onFailure', 'finally', 'concurrency'] as const) {
      if (sub[k] !== undefined) this.warn('task.pipeline', label, `${k} of the sub-pipeline ${task.pipeline} applies only when it runs on its own; not exported`);
    }
    const prefix = `${scope.prefix}${camel(id)}_`;
    const base = this.classes.fresh(`_${prefix}Base`);
    const nested: Scope = { pipeline: sub, baseDir: dirOf(path), fileName: path, prefix, base, depth: scope.depth + 1 };
    this.baseClass(nested, base, `Params of the sub-pipeline ${pyStr(task.pipeline).slice(1, -1).replace(/"""/g, '')}.`);
    const classes = this.section(nested, 'tasks', false, (sid) => `${label}/${sid}`);
    const done = this.classes.fresh(`${prefix}Done`);
    this.defs.push(
      [`class ${done}(luigi.WrapperTask, ${base}):`, `    """All tasks of the sub-pipeline ${pyStr(task.pipeline).slice(1, -1).replace(/"""/g, '')}."""`, '', '    def requires(self):', `        return [${classes.map((c) => `self.clone(${c})`).join(', ')}]`].join('\n'),
    );
    const kw: string[] = [];
    const fields = new NameMap('python', TASK_ATTRS);
    for (const [n, decl] of Object.entries(sub.params ?? {})) {
      const field = fields.get(n.startsWith('_') ? `p${n}` : n);
      if (task.with && n in task.with) {
        const t = pyData(task.with[n], refs);
        for (const pr of t.problems) this.warn('expressions', label, `with.${n}: ${pr}`);
        kw.push(`${field}=${t.code}`);
      } else if (decl.default === undefined) this.warn('task.pipeline', label, `the sub-pipeline param ${n} has no value (neither with nor a default)`);
    }
    kw.push('run_date=self.run_date', 'run_id=self.run_id');
    return [`        yield ${done}(${kw.join(', ')})`, '        self.finish({})'];
  }
}

export function exportLuigi(input: ExportInput): ExportResult {
  const p = input.pipeline;
  const ex = new LuigiExport(input);
  const root: Scope = { pipeline: p, baseDir: '', fileName: input.fileName, prefix: '', base: '_WeftTask', depth: 0 };
  // Main task classes first (document order), so handlers never take a main task's name.
  for (const section of ['tasks', 'onFailure', 'finally'] as const) for (const id of Object.keys(p[section] ?? {})) ex.className(root, id);
  const pipelineCls = ex.classes.fresh(`${camel(p.metadata.name)}Pipeline`);
  ex.baseClass(root, '_WeftTask', `Params of ${p.metadata.name}, as luigi Parameters (--day 2025-01-31 on the command line).`);
  const mainClasses = ex.section(root, 'tasks', false, (id) => id);
  const failureClasses = ex.section(root, 'onFailure', true, (id) => id);
  const finallyClasses = ex.section(root, 'finally', true, (id) => id);

  // What Luigi cannot do: schedule and triggers.
  const fileName = `${p.metadata.name}.luigi.py`;
  if (p.schedule) {
    const cron = cronOf(p.schedule.cron);
    ex.warn('schedule', undefined, `Luigi has no scheduler: run it from cron, e.g. \`${cron} cd <pipeline folder> && python3 ${fileName}\`${p.schedule.timezone && p.schedule.timezone !== 'UTC' ? ` with CRON_TZ=${p.schedule.timezone}` : ''}`);
  }
  for (const t of p.triggers ?? []) {
    const what = 'file' in t ? `file trigger ${t.file.path}` : 'webhook' in t ? `webhook ${t.webhook.path}` : `pipeline trigger on ${t.pipeline.name}`;
    ex.warn(`triggers.${'file' in t ? 'file' : 'webhook' in t ? 'webhook' : 'pipeline'}`, undefined, `${what} is not generated: Luigi has no triggers; start the module from whatever watches for the event`);
  }
  if (p.concurrency?.runs !== undefined) ex.warn('concurrency.runs', undefined, 'runs are not limited: the Luigi scheduler only keeps one task instance from running twice at once');
  const handlers = failureClasses.length + finallyClasses.length > 0;
  if (handlers) ex.warn(failureClasses.length > 0 ? 'onFailure' : 'finally', undefined, 'onFailure/finally tasks run in a second luigi.build after the pipeline, from __main__ (not when the WrapperTask is scheduled some other way)');

  const out: string[] = [];
  out.push(`# Generated by \`weft export --target luigi\` from ${pyComment(input.fileName).slice(2)}. Re-export rather than edit.`);
  out.push(pyComment(`Pipeline ${p.metadata.name}${p.metadata.description ? `: ${p.metadata.description}` : ''}`));
  out.push(`# Run: python3 ${fileName} [--day ...]  (or: luigi --module <module> ${pipelineCls} --local-scheduler)`);
  out.push("# Tasks run with the pipeline's folder as working directory: keep this file beside the pipeline");
  out.push('# file, or set WEFT_PIPELINE_DIR. TASK_CLASSES maps each Weft task to its class.');
  for (const m of PRELUDE_IMPORTS) out.push(`import ${m}`);
  out.push('', 'import luigi', '');
  out.push(`PIPELINE = ${pyStr(p.metadata.name)}`, `SOURCE = ${pyStr(input.fileName)}`);
  out.push('BASE_DIR = os.environ.get("WEFT_PIPELINE_DIR") or os.path.dirname(os.path.abspath(__file__))');
  out.push('STATE_DIR = os.environ.get("WEFT_STATE_DIR") or os.path.join(BASE_DIR, ".weft", "luigi", PIPELINE)');
  out.push('RUN_ID = os.environ.get("WEFT_RUN_ID") or datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")');
  out.push(`WORKERS = ${p.concurrency?.tasks ?? 1}`);
  out.push(...secretsTable(p));
  out.push(`TASK_CLASSES = {${ex.taskClasses.map(([a, b]) => `${pyStr(a)}: ${pyStr(b)}`).join(', ')}}`);
  out.push(PRELUDE);
  out.push(MIXIN);
  out.push('', '', ex.defs.join('\n\n\n'));
  out.push(
    '',
    '',
    [
      `class ${pipelineCls}(luigi.WrapperTask, _WeftTask):`,
      `    """The whole pipeline ${pyStr(p.metadata.name).slice(1, -1)}: complete when every task is."""`,
      '',
      '    def requires(self):',
      `        return [${mainClasses.map((c) => `self.clone(${c})`).join(', ')}]`,
    ].join('\n'),
  );
  const main = [
    'if __name__ == "__main__":',
    `    ok = luigi.build([${pipelineCls}()], local_scheduler=True, workers=WORKERS)`,
  ];
  if (handlers) {
    main.push('    handlers = []');
    if (failureClasses.length > 0) main.push('    if not ok:', `        handlers += [${failureClasses.map((c) => `${c}(run_status="failed")`).join(', ')}]`);
    if (finallyClasses.length > 0) main.push(`    handlers += [${finallyClasses.map((c) => `${c}(run_status="succeeded" if ok else "failed")`).join(', ')}]`);
    main.push('    if handlers:', '        luigi.build(handlers, local_scheduler=True, workers=WORKERS)');
  }
  if (ex.owned.length > 0) {
    // ownedByRun: after the pipeline (and its handlers), whatever the outcome.
    main.push(...pyManifestCleanup('RUN_ID', ex.owned).map((l) => `    ${l}`));
    ex.warn('task.manifest', taskList(ex.ownedTasks), 'ownedByRun: the object is labelled weft.dev/run=<run id> and deleted at the end of __main__ after the build (not when the WrapperTask is scheduled some other way; on Argo, Kubernetes deletes it with the Workflow)');
  }
  main.push('    sys.exit(0 if ok else 1)');
  out.push('', '', main.join('\n'), '');
  return { files: [{ path: fileName, content: out.join('\n') }], warnings: ex.warnings() };
}

/** Methods every task class shares: state target, completion, reading upstream states, run fields. */
const MIXIN = String.raw`
def _plain(v):
    """luigi's frozen lists and dicts as plain JSON values."""
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if isinstance(v, dict) or hasattr(v, "items"):
        return {k: _plain(x) for k, x in v.items()}
    return v


def _files_hash(patterns):
    """A hash of the contents of the files matching the patterns (part of a cache key)."""
    h = hashlib.sha256()
    for pattern in patterns:
        for p in sorted(glob.glob(_path(pattern))):
            h.update(p.encode("utf-8"))
            with open(p, "rb") as f:
                h.update(f.read())
    return h.hexdigest()


class _WeftMixin:
    """The Weft plumbing of every task: a JSON state target with the task's status and outputs."""

    weft_task = ""
    files = {}
    defaults = {}

    def run_info(self):
        return {
            "id": self.run_id,
            "date": self.run_date.isoformat(),
            "timestamp": datetime.datetime.now(datetime.timezone.utc).isoformat(),
            "attempt": 1,
            "trigger": os.environ.get("WEFT_TRIGGER", "manual"),
            "status": self.run_status,
            "failedTasks": [],
        }

    def cache_key(self):
        return ""

    def state_target(self):
        key = self.cache_key()
        name = self.task_id + ("-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16] if key else "")
        return luigi.LocalTarget(os.path.join(STATE_DIR, name + ".json"))

    def output(self):
        out = {"state": self.state_target()}
        for name, path in self.files.items():
            out[name] = luigi.LocalTarget(_path(path))
        return out

    def complete(self):
        target = self.state_target()
        if not target.exists():
            return False
        if self.read_state(target)["status"] in ("skipped", "failed"):
            # Skipped, or an allowed failure: done, though its files may be missing.
            return True
        return all(luigi.LocalTarget(_path(p)).exists() for p in self.files.values())

    @staticmethod
    def read_state(target):
        with target.open("r") as f:
            return json.load(f)

    def upstream(self, task):
        return self.read_state(self.input()[task]["state"])["outputs"]

    def upstream_status(self, task):
        return self.read_state(self.input()[task]["state"])["status"]

    def blocked(self, tasks, every=False):
        """all_success: a skipped requirement skips this task too (one_success: when every one was skipped)."""
        skipped = [self.upstream_status(t) == "skipped" for t in tasks]
        return all(skipped) if every else any(skipped)

    def finish(self, outputs, status="succeeded"):
        if _weft_failed_allowed(outputs):
            # allowFailure: the task completes (its dependents run) but its state says failed; it
            # keeps its exit code and its outputs' defaults.
            status, outputs = "failed", {k: v for k, v in outputs.items() if k != "${FAILED_MARKER}"}
        if status != "succeeded":
            outputs = {**self.defaults, **outputs}
        with self.state_target().open("w") as f:
            json.dump({"task": self.weft_task, "status": status, "outputs": outputs}, f)
`;

export const luigiExporter: Exporter = { target: 'luigi', extension: 'luigi.py', export: exportLuigi };
