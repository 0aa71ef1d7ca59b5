/**
 * Weft → Prefect 3: `<name>.prefect.py` (a `@flow` calling one `@task` per Weft task) and
 * `prefect.yaml` (the deployment: schedule, concurrency, tags, parameters).
 *
 * Tasks are submitted in dependency order with `.submit(..., wait_for=[...])` (`.map` for a
 * fan-out). Each task receives the run's params, the upstream results it reads (Prefect resolves
 * the futures) and the run facts, and works out its values in Python at run time — no value is
 * pasted into code or a shell line. Trigger rules other than all_success wrap the upstream futures
 * in `allow_failure` and decide inside the task; `if` is decided inside the task; onFailure and
 * finally run from a try/finally in the flow. Scripts are referenced relative to WEFT_ROOT
 * (default: the flow file's folder), as in the Airflow export.
 */
import type { Pipeline, RetryPolicy, Task, WaitTask } from '../../core/model/types';
import type { ExportInput, ExportResult, ExportWarning, Exporter } from '../types';
import { NameMap, dns1123 } from '../names';
import { sectionDependencies } from '../graph';
import { retryPolicyOf } from '../features';
import { joinPath, seconds, toYaml } from '../util';
import { taskList } from '../shared';
import { pyComment, pyData, pyHelperImports, pyHelpers, pyMember, pyStr, pyTemplate, pyValue, type PyRefResolver } from '../python';
import { PY_HELPER_NAMES, pyHttpCheck, withResponse } from '../python/expr';
import {
  FAILED_MARKER, PY_RUNTIME_NAMES, containerOnlyPaths, exitCodeReads, noExitCode, inputFeature, pyFolder, pyAllowFailure, pyFileOutputs, pyInputs, pyManifest, pyManifestCleanup, pyNoAddress, pyNoSubOutput, pyOutputDefaults, pyRunExtras, pyRunReturning,
  pyStage, pyOutputKinds, pyRuntime, runsProcess, unfetchableInputs, unsupportedTask, type RuntimeEntry,
} from '../python/runtime';
import { mergeKwargs, platformKwargs, platformPlaces, type Kwargs } from '../python/platform';

type Section = 'tasks' | 'onFailure' | 'finally';

const PY_TYPES: Record<string, string> = { string: 'str', integer: 'int', number: 'float', boolean: 'bool', list: 'list', object: 'dict' };

/** Attributes of a RunInput (a pydantic model) an approval's output field must not shadow. */
const RUN_INPUT_RESERVED = [
  'model_config', 'model_fields', 'model_computed_fields', 'model_dump', 'model_validate', 'schema', 'json', 'dict', 'copy', 'validate', 'construct', 'fields',
  'save', 'load', 'load_from_flow_run_input', 'with_initial_data', 'respond', 'send_to', 'receive', 'subclass_from_type', 'subclass_from_base_model_type', 'metadata',
];

/** The run-time helpers only a Prefect export needs (the rest are in exporters/python/runtime.ts). */
const PREFECT_RUNTIME: RuntimeEntry[] = [
  [
    '_weft_value',
    [],
    [],
    `def _weft_value(up, task_id, name, defaults=None):
    """tasks.<id>.outputs.<name> from the upstream result (a list, one per item, for a fan-out task).
    A value it did not leave (skipped, an allowed failure, not reported) is its declared default
    (defaults), else an error."""

    def pick(value):
        if isinstance(value, dict) and not value.get(_SKIPPED) and "${FAILED_MARKER}" not in value and name in value:
            return value[name]
        if defaults and name in defaults:
            return defaults[name]
        raise RuntimeError(f"task {task_id!r} has no output {name} in this run (it did not succeed)")

    value = up[task_id]
    return [pick(v) for v in value] if isinstance(value, list) else pick(value)`,
  ],
  [
    '_weft_outcome',
    ['_weft_failed_allowed'],
    [],
    `def _weft_outcome(value, allowed_as_success=False):
    """An upstream result (resolved with allow_failure) as a Weft status: succeeded, failed or skipped.
    An allowed failure (allowFailure) is failed as a status, but succeeded for trigger rules and the run."""
    if isinstance(value, BaseException):
        return "failed"
    if _weft_failed_allowed(value):
        return "succeeded" if allowed_as_success else "failed"
    if value is None or (isinstance(value, dict) and value.get(_SKIPPED)):
        return "skipped"
    if isinstance(value, list) and any(isinstance(v, BaseException) for v in value):
        return "failed"
    return "succeeded"`,
  ],
  [
    '_weft_rule',
    ['_weft_outcome'],
    [],
    `def _weft_rule(rule, up, deps):
    """Whether a trigger rule lets the task run, given its dependencies' outcomes."""
    outcomes = [_weft_outcome(up[d], True) for d in deps]
    if not outcomes:
        return True
    if rule == "all_done":
        return True
    if rule == "all_failed":
        return all(o == "failed" for o in outcomes)
    if rule == "one_success":
        return any(o == "succeeded" for o in outcomes)
    if rule == "one_failed":
        return any(o == "failed" for o in outcomes)
    if rule == "none_failed":
        return all(o != "failed" for o in outcomes)
    return all(o == "succeeded" for o in outcomes)`,
  ],
  [
    '_weft_state_value',
    [],
    [],
    `def _weft_state_value(future):
    """A future's result, or the exception it failed with (a list of them for a fan-out)."""
    futures = future if isinstance(future, list) else [future]
    values = [x.result(raise_on_failure=False) for x in futures]
    return values if isinstance(future, list) else values[0]`,
  ],
  [
    '_weft_ask',
    ['_weft_futures', '_weft_state_value', '_weft_rule'],
    [],
    `def _weft_ask(task_id, f, deps, rule, form, message=None, when=None, timeout=3600):
    """An approval (wait: approval): once its dependencies have ended, and when its trigger rule and
    condition (when) hold, pauses the flow run until a person answers the form (a RunInput of the
    task's outputs) in the UI; the answers are the task's outputs. Runs in the flow, as Prefect pauses
    flow runs, not tasks."""
    wait(_weft_futures({d: f[d] for d in deps}))
    up = {d: _weft_state_value(f[d]) for d in deps}
    if not _weft_rule(rule, up, deps) or (when is not None and not when(up)):
        return {_SKIPPED: True}
    description = message(up) if message is not None else f"Approve {task_id}"
    answer = pause_flow_run(wait_for_input=form.with_initial_data(description=description), timeout=timeout)
    return answer.model_dump(by_alias=True)`,
  ],
  [
    '_weft_futures',
    [],
    [],
    `def _weft_futures(f):
    """Every future of the run so far (a fan-out contributes each of its own)."""
    out = []
    for v in f.values():
        out.extend(v if isinstance(v, list) else [v])
    return out`,
  ],
];

const RESERVED = [
  'flow', 'task', 'allow_failure', 'unmapped', 'wait', 'Secret', 'flow_run', 'WEFT_ROOT', '_SKIPPED',
  'csv', 'datetime', 'glob', 'hashlib', 'json', 'math', 'os', 're', 'shutil', 'sqlite3', 'subprocess', 'sys', 'tempfile', 'time', 'traceback', 'urllib',
  ...PY_HELPER_NAMES, ...PY_RUNTIME_NAMES, ...PREFECT_RUNTIME.map((r) => r[0]), '_weft_secret', '_weft_params', '_weft_run_info', '_weft_answer',
  'pause_flow_run', 'RunInput', 'Field', 'typing',
];

/** Pauses before retries 1..limit, in seconds, capped at maxDelay. */
export function retryDelays(r: RetryPolicy): number[] | undefined {
  const d = seconds(r.delay);
  if (d === undefined) return undefined;
  const max = seconds(r.maxDelay) ?? Infinity;
  const out: number[] = [];
  for (let i = 0; i < r.limit; i++) {
    const v = r.backoff === 'linear' ? d * (i + 1) : r.backoff === 'exponential' ? d * 2 ** i : d;
    out.push(Math.min(v, max));
  }
  return out;
}

class PrefectExport {
  private readonly warnings: ExportWarning[] = [];
  private readonly helpers = new Set<string>();
  /** Run-time helpers used (shared and Prefect's own); the flow always settles its futures with these. */
  private readonly runtime = new Set<string>(['_weft_outcome', '_weft_state_value', '_weft_futures']);
  private readonly imports = new Set<string>(['datetime', 'os']);
  private readonly fns = new NameMap('python', RESERVED);
  private readonly mapped = new Set<string>();
  private readonly p: Pipeline;
  private usesSecrets = false;
  /** Whether an expression reads run.duration (the run info then records the start). */
  private usesDuration = false;
  /** Tasks whose exit code a later task reads (their result records it). */
  private readonly exitReads: Set<string>;
  /** Whether the flow asks for an approval (pause_flow_run, RunInput classes, _weft_answer). */
  private approvals = false;
  /** Cleanup entries of ownedByRun manifest tasks (deleted in the flow's finally). */
  private readonly owned: string[] = [];
  private readonly ownedTasks: string[] = [];
  /** `platform.prefect` of the pipeline: `flow` → @flow(...) arguments, `task` → every @task's. */
  private readonly platform: { flow: Kwargs; task: Kwargs };

  constructor(private readonly input: ExportInput) {
    this.p = input.pipeline;
    this.exitReads = exitCodeReads(this.p);
    const warn = (m: string): void => this.warn('platform.prefect', undefined, m);
    const places = platformPlaces(this.p.platform, 'prefect', ['flow', 'task'], 'the pipeline', warn);
    this.platform = { flow: platformKwargs(places.flow, 'platform.prefect.flow', warn), task: platformKwargs(places.task, 'platform.prefect.task', warn) };
  }

  private warn(feature: string, task: string | undefined, message: string): void {
    const w: ExportWarning = { feature, message };
    if (task !== undefined) w.task = task;
    this.warnings.push(w);
  }

  private resolver(section: Section, inItem: boolean): PyRefResolver {
    return (root, path) => {
      const [a, b, c, ...rest] = path;
      switch (root) {
        case 'params':
          return typeof a === 'string' ? pyMember(`params[${pyStr(a)}]`, path.slice(1), this.helpers) : { problem: 'params needs a name' };
        case 'item':
          return inItem ? pyMember('item', path, this.helpers) : { problem: '`item` outside a fan-out task' };
        case 'pipeline':
          return a === 'name' ? pyStr(this.p.metadata.name) : a === 'file' ? pyStr(this.input.fileName) : { problem: `pipeline.${String(a)} is unknown` };
        case 'env':
          return typeof a === 'string' ? `os.environ[${pyStr(a)}]` : { problem: 'env needs a name' };
        case 'secrets':
          this.usesSecrets = true;
          return typeof a === 'string' ? `_weft_secret(${pyStr(a)})` : { problem: 'secrets needs a name' };
        case 'run':
          if (a === 'id' || a === 'date' || a === 'timestamp' || a === 'attempt' || a === 'trigger') return `run[${pyStr(a)}]`;
          if (a === 'duration') {
            this.usesDuration = true;
            this.runtime.add('_weft_since');
            return '_weft_since(run["started"])';
          }
          if (a === 'status' && section === 'onFailure') return '"failed"';
          if ((a === 'status' || a === 'failedTasks') && section !== 'tasks') return `run[${pyStr(a)}]`;
          return { problem: `run.${String(a)} has no Prefect equivalent in a task` };
        case 'tasks':
          if (typeof a !== 'string') return { problem: 'tasks needs an id' };
          if (b === 'outputs' && typeof c === 'string') return pyMember(this.valueOf(a, c, 'up'), rest, this.helpers);
          if (b === 'status' && c === undefined) {
            this.runtime.add('_weft_outcome');
            return `_weft_outcome(up[${pyStr(a)}])`;
          }
          if (b === 'exitCode' && c === undefined) {
            const producer = this.taskById(a);
            if (producer && !runsProcess(producer)) this.warn('expr.exitCode', undefined, noExitCode(a));
            this.runtime.add('_weft_exit_code');
            return `_weft_exit_code(up[${pyStr(a)}])`;
          }
          if (b === 'address' && c === undefined) {
            this.runtime.add('_weft_unsupported');
            return pyNoAddress(a, 'prefect');
          }
          return { problem: `tasks.${a}.${String(b)} has no Prefect equivalent` };
      }
      return { problem: `unknown name ${root}` };
    };
  }

  private taskById(id: string): Task | undefined {
    return this.p.tasks[id] ?? this.p.onFailure?.[id] ?? this.p.finally?.[id];
  }

  /** `tasks.<id>.outputs.<name>` from the upstream results in `up` (Python source), with the producer's defaults. */
  private valueOf(id: string, name: string, up: string): string {
    const producer = this.taskById(id);
    if (producer?.type === 'pipeline') {
      this.runtime.add('_weft_unsupported');
      return pyNoSubOutput(id, name, 'prefect');
    }
    this.runtime.add('_weft_value');
    const defaults = producer && pyOutputDefaults(producer, name);
    return `_weft_value(${up}, ${pyStr(id)}, ${pyStr(name)}${defaults ? `, defaults=${defaults}` : ''})`;
  }

  private expr(text: string, ref: PyRefResolver, id: string, where: string, asText: boolean): string {
    const r = pyTemplate(text, ref, this.helpers, asText);
    if (r.problems.length) {
      this.warn('expressions', id, `${where}: ${r.problems.join('; ')}; the value is left empty`);
      return asText ? '""' : 'None';
    }
    return r.code;
  }

  private cwdOf(t: Task): string {
    return pyFolder('WEFT_ROOT', t.workdir);
  }

  private taskDef(id: string, t: Task, section: Section, fn: string, deps: string[]): string[] {
    const fanOut = t.foreach !== undefined;
    const ref = this.resolver(section, fanOut);
    const cwd = this.cwdOf(t);
    const kw: Kwargs = [['name', pyStr(id)]];
    const r = retryPolicyOf(this.p, t);
    if (r) {
      kw.push(['retries', String(r.limit)]);
      const delays = retryDelays(r);
      if (delays) kw.push(['retry_delay_seconds', pyValue(delays)]);
    }
    const to = seconds(t.timeout ?? this.p.defaults?.timeout);
    if (to !== undefined) kw.push(['timeout_seconds', String(to)]);
    const tags = Object.entries(t.labels ?? {}).map(([k, v]) => `${k}:${v}`);
    if (t.foreach?.parallelism !== undefined) tags.push(`weft-${dns1123(id)}`);
    if (tags.length) kw.push(['tags', pyValue(tags)]);
    const body: string[] = [];
    if (t.description) body.push(`"""${pyStr(t.description).slice(1, -1)}"""`);
    if (deps.length) {
      // Every dependency arrives through allow_failure, so the task always ends; the rule decides here
      // (all_success: a failed or skipped dependency skips this task too).
      const rule = t.trigger ?? this.p.defaults?.trigger ?? 'all_success';
      this.runtime.add('_weft_rule');
      body.push(`if not _weft_rule(${pyStr(rule)}, up, ${pyValue(deps)}):`, `    return {_SKIPPED: True}`);
    }
    if (t.if !== undefined) {
      this.helpers.add('_w_truthy');
      body.push(`if not _w_truthy(${this.expr(t.if, ref, id, 'if', false)}):`, `    return {_SKIPPED: True}`);
    }
    const use = (n: string): string => (this.runtime.add(n), n);
    // What the task does once it runs: under allowFailure these run inside _weft_allow_failure.
    const work: string[] = [];
    // A service: nothing keeps it running for later tasks; reaching it fails loudly (nothing staged).
    const unsupported = unsupportedTask(id, t, 'prefect');
    if (unsupported === undefined && t.inputs && Object.keys(t.inputs).length > 0) {
      for (const m of unfetchableInputs(t.inputs)) this.warn('inputs.url', id, m);
      const list = pyInputs(this.p, t.inputs, (text, asText, where) => this.expr(text, ref, id, where, asText), (wd) => pyFolder('WEFT_ROOT', wd));
      use('_weft_stage');
      work.push(...pyStage(cwd, list));
    }
    const env = (): string => `{${Object.entries({ ...(this.p.env ?? {}), ...(t.env ?? {}) }).map(([k, v]) => `${pyStr(k)}: ${this.expr(String(v), ref, id, `env.${k}`, true)}`).join(', ')}}`;
    // What a task returns when it reports nothing itself: its outputs' defaults.
    const none = `return ${pyOutputDefaults(t) ?? '{}'}`;
    const extras = (): string => pyRunExtras(t, this.exitReads.has(id)).map((a) => `, ${a}`).join('');
    if (unsupported !== undefined) work.push(`${use('_weft_unsupported')}(${pyStr(unsupported)})`);
    else switch (t.type) {
      case 'python':
      case 'node':
      case 'shell': {
        const args = (t.type === 'shell' ? [] : (t.args ?? [])).map((a, i) => (typeof a === 'string' ? this.expr(a, ref, id, `args[${i}]`, true) : pyStr(String(a))));
        let argv: string[];
        const script = t.type !== 'shell' ? t.script : undefined;
        if (script !== undefined && this.input.readFile && this.input.readFile(joinPath(t.workdir ?? '', script)) === undefined) {
          this.warn('scripts', id, `the script ${script} was not found next to the pipeline; deploy it under WEFT_ROOT before the flow runs`);
        }
        if (t.type === 'python') argv = [pyStr(t.interpreter ?? 'python3'), ...(t.script !== undefined ? [pyStr(t.script)] : ['"-c"', pyStr(t.code ?? '')])];
        else if (t.type === 'node') argv = ['"node"', ...(t.script !== undefined ? [pyStr(t.script)] : ['"-e"', pyStr(t.code ?? '')])];
        else {
          if (t.run.includes('${{')) this.warn('expressions', id, '`${{ }}` inside run is not substituted (pass values through env and read them as "$VAR")');
          argv = [pyStr(t.shell ?? 'bash'), '"-c"', pyStr(t.run)];
        }
        use('_weft_run');
        work.push(...pyRunReturning(`[${[...argv, ...args].join(', ')}]`, cwd, env(), t, this.exitReads.has(id)));
        break;
      }
      case 'check':
        work.push('failed = []');
        this.helpers.add('_w_truthy');
        for (const a of t.assert) work.push(`if not _w_truthy(${this.expr(a, ref, id, 'assert', false)}):`, `    failed.append(${pyStr(a)})`);
        work.push('if failed:', `    raise AssertionError(${pyStr(t.message ? `${t.message} Failed: ` : 'Failed: ')} + "; ".join(failed))`, none);
        break;
      case 'sql': {
        const query = t.query !== undefined ? pyStr(t.query) : `${use('_weft_read')}(os.path.join(${cwd}, ${pyStr(t.file ?? '')}))`;
        const params = Object.entries(t.params ?? {}).map(([k, v]) => `${pyStr(k)}: ${typeof v === 'string' ? this.expr(v, ref, id, `params.${k}`, false) : pyValue(v)}`);
        work.push(`${use('_weft_sql')}(os.path.join(${cwd}, ${this.expr(t.database, ref, id, 'database', true)}), ${query}, {${params.join(', ')}})`, none);
        break;
      }
      case 'http': {
        const headers = Object.entries(t.headers ?? {}).map(([k, v]) => `${pyStr(k)}: ${this.expr(String(v), ref, id, `headers.${k}`, true)}`);
        let bodyCode = 'None';
        if (t.body !== undefined) {
          const d = pyData(t.body, ref, this.helpers);
          if (d.problems.length) this.warn('expressions', id, `body: ${d.problems.join('; ')}`);
          else bodyCode = d.code;
        }
        const args = [pyStr(t.method ?? 'GET'), this.expr(t.url, ref, id, 'url', true), `{${headers.join(', ')}}`, bodyCode, pyValue(t.expect?.status ?? []), String(to ?? 60)];
        const condition = t.expect?.condition;
        if (condition !== undefined) args.push(...pyHttpCheck(condition, this.expr(condition, withResponse(ref, this.helpers), id, 'expect.condition', false), this.helpers));
        work.push(`${use('_weft_http')}(${args.join(', ')})`, none);
        break;
      }
      case 'wait': {
        const interval = seconds(t.interval) ?? 30;
        if (t.delay !== undefined) {
          this.imports.add('time');
          work.push(`time.sleep(${seconds(t.delay) ?? 0})`);
        } else {
          let cond: string;
          let what: string;
          if (t.file !== undefined) {
            what = this.expr(t.file, ref, id, 'file', true);
            cond = `${use('_weft_file_ready')}(os.path.join(${cwd}, ${what}))`;
          } else if (t.url !== undefined) {
            what = this.expr(t.url, ref, id, 'url', true);
            cond = `${use('_weft_url_ready')}(${what})`;
          } else {
            this.helpers.add('_w_truthy');
            what = pyStr(t.until ?? 'false');
            cond = `_w_truthy(${this.expr(t.until ?? 'false', ref, id, 'until', false)})`;
          }
          // The task's timeout_seconds bounds the wait; the poll itself has no deadline of its own.
          work.push(`${use('_weft_poll')}(lambda: ${cond}, ${what}, ${interval}, None)`);
        }
        work.push(none);
        break;
      }
      case 'container': {
        this.warn('task.container', id, `runs the image ${t.image} with \`docker run\` on the worker, the task's folder mounted at /work (a Docker or Kubernetes work pool job would run the whole flow in an image)`);
        const args = (t.args ?? []).map((a, i) => (typeof a === 'string' ? this.expr(a, ref, id, `args[${i}]`, true) : pyStr(String(a))));
        const command = (t.command ?? []).map((c, i) => this.expr(c, ref, id, `command[${i}]`, true));
        for (const m of containerOnlyPaths(t)) this.warn('outputs.fromPath', id, m);
        work.push(`out = ${use('_weft_docker')}(${pyStr(t.image)}, [${command.join(', ')}], [${args.join(', ')}], ${cwd}, ${env()}, None, ${pyOutputKinds(t)}${extras()})`, ...pyFileOutputs(t), 'return out');
        break;
      }
      case 'manifest': {
        const m = pyManifest(t, {
          label: id,
          runId: 'run["id"]',
          text: (v, where) => this.expr(v, ref, id, where, true),
          timeout: to,
          warn: (f, msg) => this.warn(f, id, msg),
          target: 'prefect',
        });
        use('_weft_manifest');
        work.push(...m.lines('return '));
        if (m.owned) this.owned.push(m.owned), this.ownedTasks.push(id);
        break;
      }
      case 'pipeline':
        break;
    }
    if (t.allowFailure) {
      use('_weft_allow_failure');
      body.push(...pyAllowFailure(id, work, 'return '));
    } else body.push(...work);
    const sig = ['params', 'up', 'run', ...(fanOut ? ['item'] : [])].join(', ');
    const platform = platformKwargs(platformPlaces(t.platform, 'prefect', ['task'], `task ${id}`, (m) => this.warn('platform.prefect', id, m)).task, `platform.prefect.task of ${id}`, (m) => this.warn('platform.prefect', id, m));
    const final = mergeKwargs(mergeKwargs(kw, this.platform.task), platform).map(([k, v]) => `${k}=${v}`);
    return [`@task(${final.join(', ')})`, `def ${fn}(${sig}):`, ...body.map((l) => `    ${l}`)];
  }

  run(): ExportResult {
    const p = this.p;
    const name = p.metadata.name;
    const flowFn = this.fns.get(`${name} flow`);
    const sections: Section[] = ['tasks', 'onFailure', 'finally'];
    for (const s of sections) for (const [id, t] of Object.entries(p[s] ?? {})) {
      this.fns.get(id);
      if (t.foreach) this.mapped.add(id);
    }
    const defs: string[][] = [];
    const flowLines: Record<Section, string[]> = { tasks: [], onFailure: [], finally: [] };
    const mapping: string[] = [];
    const subflows: string[] = [];
    for (const s of sections) {
      const deps = sectionDependencies(p, s);
      for (const [id, t] of Object.entries(p[s] ?? {})) {
        const fn = this.fns.get(id);
        if (fn !== id) mapping.push(`${id} -> ${fn}`);
        const d = deps.get(id) ?? [];
        if (t.type === 'pipeline') {
          flowLines[s].push(...this.subflowCall(id, t, s, d, subflows));
          continue;
        }
        if (t.type === 'wait' && t.approval !== undefined) {
          flowLines[s].push(this.approvalCall(id, t, s, d, defs));
          continue;
        }
        defs.push(this.taskDef(id, t, s, fn, d));
        const upFut = (x: string): string => `allow_failure(f[${pyStr(x)}])`;
        const up = `{${d.map((x) => `${pyStr(x)}: ${upFut(x)}`).join(', ')}}`;
        const waitFor = `[${d.map(upFut).join(', ')}]`;
        if (t.foreach) {
          const items = Array.isArray(t.foreach.items) ? pyValue(t.foreach.items) : this.flowExpr(t.foreach.items, id);
          if (t.foreach.parallelism !== undefined) this.warn('foreach.parallelism', id, `at most ${t.foreach.parallelism} at once needs a Prefect concurrency limit on the tag weft-${dns1123(id)} (prefect concurrency-limit create weft-${dns1123(id)} ${t.foreach.parallelism})`);
          flowLines[s].push(`f[${pyStr(id)}] = ${fn}.map(item=${items}, params=unmapped(params), up=unmapped(${up}), run=unmapped(run), wait_for=${waitFor})`);
        } else flowLines[s].push(`f[${pyStr(id)}] = ${fn}.submit(params, ${up}, run, wait_for=${waitFor})`);
        const c = t.cache ?? p.defaults?.cache;
        if (c) this.warn('cache', id, 'not exported: add cache_policy=INPUTS (and cache_expiration) to the task if its inputs fully decide its result');
      }
    }
    return {
      files: [
        { path: `${name}.prefect.py`, content: this.module(flowFn, defs, flowLines, mapping, subflows) },
        { path: `${name}.prefect.yaml`, content: this.deployment(flowFn) },
      ],
      warnings: this.warnings,
    };
  }

  /** An expression the flow itself evaluates (foreach items): params and run only. */
  private flowExpr(text: string, id: string): string {
    const ref: PyRefResolver = (root, path) => {
      if (root === 'params' || root === 'run' || root === 'pipeline') return this.resolver('tasks', false)(root, path);
      if (root === 'tasks' && path[1] === 'outputs' && typeof path[0] === 'string' && typeof path[2] === 'string') {
        return pyMember(this.valueOf(path[0], path[2], `{${pyStr(path[0])}: f[${pyStr(path[0])}].result()}`), path.slice(3), this.helpers);
      }
      return { problem: `${root} is not available to the flow` };
    };
    return `list(${this.expr(text, ref, id, 'foreach.items', false)})`;
  }

  /**
   * A manual approval, in the flow (Prefect pauses flow runs, not tasks): a RunInput class of the
   * task's outputs (types, defaults, choices as Literal, descriptions) defined into `defs`, and the
   * flow line asking it through `_weft_ask` (pause_flow_run(wait_for_input=…)) once its dependencies
   * have ended; `_weft_answer` turns the answers into a task result the later tasks read.
   */
  private approvalCall(id: string, t: WaitTask, s: Section, deps: string[], defs: string[][]): string {
    const cls = this.fns.get(`${id} form`);
    const names = new NameMap('python', RUN_INPUT_RESERVED);
    const fields: string[] = [];
    for (const [name, o] of Object.entries(t.outputs ?? {})) {
      if (o.type === 'file' || o.type === 'dir') {
        this.warn('task.wait.approval', id, `output ${name} is a ${o.type}, which an approver cannot supply in the form; left out`);
        continue;
      }
      const field = names.get(name);
      const scalar = (o.enum ?? []).every((v) => v === null || typeof v !== 'object');
      const choices = o.enum !== undefined && scalar;
      if (choices) this.imports.add('typing');
      const type = choices ? `typing.Literal[${o.enum!.map(pyValue).join(', ')}]` : PY_TYPES[o.type === 'metric' ? 'number' : o.type]!;
      const args = [...(o.default !== undefined ? [pyValue(o.default)] : [])];
      if (field !== name) args.push(`alias=${pyStr(name)}`);
      if (o.description) args.push(`description=${pyStr(o.description)}`);
      fields.push(`    ${field}: ${type}${args.length ? ` = Field(${args.join(', ')})` : ''}`);
    }
    defs.push([`class ${cls}(RunInput):`, `    """What the approver of ${pyStr(id).slice(1, -1)} supplies: the task's outputs."""`, ...(fields.length ? ['', ...fields] : [])]);
    this.approvals = true;
    const ref = this.resolver(s, false);
    const rule = t.trigger ?? this.p.defaults?.trigger ?? 'all_success';
    const args = [pyStr(id), 'f', pyValue(deps), pyStr(rule), cls];
    const text = (typeof t.approval === 'object' ? t.approval.message : undefined) ?? t.description;
    if (text !== undefined) args.push(`message=lambda up: ${this.expr(text, ref, id, 'approval.message', true)}`);
    if (t.if !== undefined) {
      this.helpers.add('_w_truthy');
      args.push(`when=lambda up: _w_truthy(${this.expr(t.if, ref, id, 'if', false)})`);
    }
    const to = seconds(t.timeout ?? this.p.defaults?.timeout);
    if (to !== undefined) args.push(`timeout=${to}`);
    else this.warn('task.wait.approval', id, "no timeout: Prefect's pause times out after an hour (pause_flow_run's default); give the task a timeout to wait longer");
    for (const i of Object.values(t.inputs ?? {})) this.warn(inputFeature(i), id, 'inputs of an approval are not staged: nothing runs there');
    if (t.allowFailure) this.warn('allowFailure', id, 'allowFailure on an approval is not carried: a pause that times out fails the flow');
    if (t.foreach) this.warn('foreach', id, 'fan-out of an approval is not exported; it is asked once');
    this.runtime.add('_weft_ask');
    return `f[${pyStr(id)}] = _weft_answer.with_options(name=${pyStr(id)}).submit(_weft_ask(${args.join(', ')}), wait_for=[${deps.map((d) => `allow_failure(f[${pyStr(d)}])`).join(', ')}])`;
  }

  private subflowCall(id: string, t: Task & { type: 'pipeline' }, s: Section, deps: string[], subflows: string[]): string[] {
    this.warn('task.pipeline', id, `calls the flow of ${t.pipeline} through run_deployment: export it too (weft export ${t.pipeline} --target prefect) and deploy it`);
    for (const i of Object.values(t.inputs ?? {})) this.warn(inputFeature(i), id, "inputs of a sub-pipeline task are not staged: give them to the sub-pipeline's tasks");
    if (t.allowFailure) this.warn('allowFailure', id, 'allowFailure on a sub-pipeline task is not carried: its failure fails the flow');
    if (t.platform?.prefect) this.warn('platform.prefect', id, 'platform.prefect on a sub-pipeline task is not used (it runs through the shared _weft_subflow task)');
    const ref: PyRefResolver = (root, path) => {
      if (root === 'tasks' && path[1] === 'outputs' && typeof path[0] === 'string' && typeof path[2] === 'string') {
        return pyMember(this.valueOf(path[0], path[2], `{${pyStr(path[0])}: f[${pyStr(path[0])}].result()}`), path.slice(3), this.helpers);
      }
      return this.resolver(s, false)(root, path);
    };
    const w = pyData(t.with ?? {}, ref, this.helpers);
    if (w.problems.length) this.warn('expressions', id, `with: ${w.problems.join('; ')}`);
    subflows.push(id);
    const sub = t.pipeline.replace(/^.*\//, '').replace(/\.weft\.(ya?ml|json)$/, '');
    return [
      `f[${pyStr(id)}] = _weft_subflow.with_options(name=${pyStr(id)}).submit(${pyStr(`${sub}/${sub}`)}, ${w.problems.length ? '{}' : w.code}${deps.length ? `, wait_for=[${deps.map((d) => `f[${pyStr(d)}]`).join(', ')}]` : ''})`,
    ];
  }

  private deployment(flowFn: string): string {
    const p = this.p;
    const dep: Record<string, unknown> = { name: p.metadata.name };
    if (p.metadata.description) dep.description = p.metadata.description;
    const tags = Object.entries(p.metadata.labels ?? {}).map(([k, v]) => `${k}:${v}`);
    if (tags.length) dep.tags = tags;
    dep.entrypoint = `${p.metadata.name}.prefect.py:${flowFn}`;
    dep.parameters = {};
    if (p.schedule) {
      dep.schedules = [{ cron: p.schedule.cron, timezone: p.schedule.timezone ?? 'UTC', active: true }];
      if (p.schedule.catchup) this.warn('schedule.catchup', undefined, 'Prefect schedules do not backfill: run missed intervals by hand');
      if (p.schedule.start || p.schedule.end) this.warn(p.schedule.start ? 'schedule.start' : 'schedule.end', undefined, 'start/end dates are not exported: pause or delete the schedule by hand');
    }
    if (p.concurrency?.runs !== undefined) dep.concurrency_limit = p.concurrency.runs;
    for (const t of p.triggers ?? []) {
      if ('file' in t) this.warn('triggers.file', undefined, `file trigger ${t.file.path}: Prefect has no file events; start runs from a watcher calling run_deployment`);
      else if ('webhook' in t) this.warn('triggers.webhook', undefined, `webhook ${t.webhook.path}: create a Prefect Cloud webhook and a deployment trigger on its event`);
      else if ('pipeline' in t) this.warn('triggers.pipeline', undefined, `pipeline trigger ${t.pipeline.name}: add a deployment trigger on prefect.flow-run.${t.pipeline.status === 'failed' ? 'Failed' : 'Completed'} of flow ${t.pipeline.name}`);
    }
    const doc = {
      name: p.metadata.name,
      'prefect-version': '3.0.0',
      pull: [{ 'prefect.deployments.steps.set_working_directory': { directory: '{{ $WEFT_ROOT }}' } }],
      deployments: [dep],
    };
    return `# Generated by weft from ${this.input.fileName.replace(/[\r\n]/g, ' ')}: the deployment of ${p.metadata.name}.prefect.py.\n# WEFT_ROOT: the deployed pipeline folder (scripts and data).\n${toYaml(doc)}`;
  }

  private secretFunction(): string[] {
    const lines = ['def _weft_secret(name):', '    """A secret by reference: the Prefect Secret block of that name (never a value in this file)."""'];
    const blocks = Object.keys(this.p.secrets ?? {}).map((n) => [n, dns1123(n)] as const);
    lines.push(`    blocks = {${blocks.map(([n, b]) => `${pyStr(n)}: ${pyStr(b)}`).join(', ')}}`, '    return Secret.load(blocks[name]).get()');
    if (blocks.length) this.warn('secrets', undefined, `secrets are read from Prefect Secret blocks: ${blocks.map(([n, b]) => `${n} -> ${b}`).join(', ')}`);
    return lines;
  }

  private module(flowFn: string, defs: string[][], flow: Record<Section, string[]>, mapping: string[], subflows: string[]): string {
    const p = this.p;
    // Flow signature: params as arguments with defaults (expression defaults become None and are worked out at run time).
    const args: string[] = [];
    const resolveDefaults: string[] = [];
    const runRef = this.resolver('tasks', false);
    const pnames = new NameMap('python', ['params', 'run', 'f', ...RESERVED]);
    const pairs: string[] = [];
    const params = Object.entries(p.params ?? {});
    const required = params.filter(([, d]) => d.default === undefined);
    for (const [n, d] of [...required, ...params.filter(([, d]) => d.default !== undefined)]) {
      const a = pnames.get(n);
      const ty = PY_TYPES[d.type]!;
      if (d.default === undefined) args.push(`${a}: ${ty}`);
      else if (typeof d.default === 'string' && d.default.includes('${{')) {
        args.push(`${a}: ${ty} | None = None`);
        resolveDefaults.push(`if params[${pyStr(n)}] is None:`, `    params[${pyStr(n)}] = ${this.expr(d.default, runRef, `params.${n}`, 'default', false)}`);
      } else args.push(`${a}: ${ty} = ${pyValue(d.default)}`);
      pairs.push(`${pyStr(n)}: ${a}`);
      if (d.enum) resolveDefaults.push(`if params[${pyStr(n)}] not in ${pyValue(d.enum)}:`, `    raise ValueError(${pyStr(`param ${n} must be one of ${JSON.stringify(d.enum)}`)})`);
    }
    const secretFn = this.usesSecrets || Object.keys(p.secrets ?? {}).length ? this.secretFunction() : [];
    if (this.owned.length) {
      this.runtime.add('_weft_manifest_cleanup');
      this.warn('task.manifest', taskList(this.ownedTasks), "ownedByRun: the object is labelled weft.dev/run=<flow run id> and deleted from the flow's finally block once every task has ended (on Argo, Kubernetes deletes it with the Workflow)");
    }
    const runtime = pyRuntime(this.runtime, PREFECT_RUNTIME);
    const imports = new Set(this.imports);
    runtime.imports.forEach((m) => imports.add(m));
    for (const m of pyHelperImports(this.helpers)) imports.add(m);
    const handlers = flow.onFailure.length + flow.finally.length > 0;
    const prefectImports = ['flow', 'task', 'unmapped', 'allow_failure'];
    const futures = ['wait'];

    const out: string[] = [];
    out.push(`"""${pyStr(`${p.metadata.name}: ${p.metadata.description ?? 'a Weft pipeline'}`).slice(1, -1)}`, '');
    out.push(`Generated by weft from ${pyStr(this.input.fileName).slice(1, -1)} (Prefect 3); edit the pipeline, not this file.`);
    out.push('Scripts and data are read from WEFT_ROOT (default: the folder of this file). The schedule and');
    out.push('concurrency are in prefect.yaml. Values reach programs as argv entries and environment variables.');
    out.push('"""');
    if (mapping.length) {
      out.push('', '# Task functions whose Python name differs from the Weft task id (the task name is the Weft id):');
      for (const m of mapping) out.push(pyComment(`  ${m}`));
    }
    out.push('from __future__ import annotations', '');
    const plain = [...imports].filter((m) => !m.includes('.')).sort();
    const dotted = [...imports].filter((m) => m.includes('.')).sort();
    for (const m of [...plain, ...dotted]) out.push(`import ${m}`);
    out.push('');
    const froms = [`from prefect import ${prefectImports.sort().join(', ')}`, `from prefect.futures import ${futures.join(', ')}`, 'from prefect.runtime import flow_run'];
    if (secretFn.length) froms.push('from prefect.blocks.system import Secret');
    if (this.approvals) froms.push('from prefect.flow_runs import pause_flow_run', 'from prefect.input import RunInput', 'from pydantic import Field');
    if (subflows.length) froms.push('from prefect.deployments import run_deployment');
    out.push(...froms.sort());
    out.push('', 'WEFT_ROOT = os.environ.get("WEFT_ROOT") or os.path.dirname(os.path.abspath(__file__))', '_SKIPPED = "__weft_skipped__"', '');
    const helperDefs: string[] = [];
    const h = pyHelpers(this.helpers);
    if (h) helperDefs.push(h);
    helperDefs.push(...runtime.defs);
    if (secretFn.length) helperDefs.push(secretFn.join('\n'));
    helperDefs.push(
      [
        'def _weft_run_info():',
        '    """run.* for the tasks: this flow run\'s id, date, timestamp and attempt."""',
        '    start = flow_run.scheduled_start_time or datetime.datetime.now(datetime.timezone.utc)',
        '    return {',
        '        "id": str(flow_run.id),',
        '        "date": start.strftime("%Y-%m-%d"),',
        '        "timestamp": start.isoformat(),',
        '        "attempt": flow_run.run_count or 1,',
        '        "trigger": "schedule" if flow_run.scheduled_start_time else "manual",',
        // run.duration: the flow function starts with its flow run.
        ...(this.usesDuration ? ['        "started": datetime.datetime.now(datetime.timezone.utc),'] : []),
        '    }',
      ].join('\n'),
    );
    if (this.approvals) {
      helperDefs.push(
        [
          '@task',
          'def _weft_answer(answers):',
          '    """An approval\'s answers (see _weft_ask) as a task result, which later tasks wait for and read."""',
          '    return answers',
        ].join('\n'),
      );
    }
    if (subflows.length) {
      helperDefs.push(
        [
          '@task',
          'def _weft_subflow(deployment, parameters):',
          '    """A sub-pipeline: runs its deployment and waits; fails when it fails."""',
          '    fr = run_deployment(name=deployment, parameters=parameters)',
          '    if not fr.state.is_completed():',
          '        raise RuntimeError(f"sub-pipeline {deployment} ended {fr.state.name}")',
          '    return {}',
        ].join('\n'),
      );
    }
    out.push('', helperDefs.join('\n\n\n'), '', '');
    for (const d of defs) out.push(...d, '', '');
    const flowKw: Kwargs = [['name', pyStr(p.metadata.name)]];
    if (p.metadata.description) flowKw.push(['description', pyStr(p.metadata.description)]);
    if (p.concurrency?.tasks !== undefined) {
      out.splice(out.indexOf('from prefect.runtime import flow_run'), 0, 'from prefect.task_runners import ThreadPoolTaskRunner');
      flowKw.push(['task_runner', `ThreadPoolTaskRunner(max_workers=${p.concurrency.tasks})`]);
    }
    const runTimeout = seconds(p.timeout);
    if (runTimeout !== undefined) flowKw.push(['timeout_seconds', String(runTimeout)]);
    out.push(`@flow(${mergeKwargs(flowKw, this.platform.flow).map(([k, v]) => `${k}=${v}`).join(', ')})`);
    out.push(`def ${flowFn}(${args.join(', ')}):`);
    const body: string[] = [];
    body.push(`params = {${pairs.join(', ')}}`, 'run = _weft_run_info()', ...resolveDefaults, 'f = {}');
    // An allowed failure (allowFailure) does not fail the run.
    const settle = ['wait(_weft_futures(f))', 'failed = [k for k, v in f.items() if _weft_outcome(_weft_state_value(v), True) == "failed"]'];
    // ownedByRun: the flow deletes what the manifest tasks made once every task has ended.
    const cleanup = this.owned.length ? pyManifestCleanup('run["id"]', this.owned) : [];
    if (handlers || cleanup.length) {
      body.push('try:', ...flow.tasks.map((l) => `    ${l}`), 'finally:');
      const fin = [...settle];
      if (handlers) {
        fin.push('run["status"] = "failed" if failed else "succeeded"', 'run["failedTasks"] = failed');
        if (flow.onFailure.length) fin.push('if failed:', ...flow.onFailure.map((l) => `    ${l}`));
        fin.push(...flow.finally, 'wait(_weft_futures(f))');
      }
      fin.push(...cleanup);
      body.push(...fin.map((l) => `    ${l}`));
    } else body.push(...flow.tasks, ...settle);
    body.push('if failed:', '    raise RuntimeError(f"tasks failed: {failed}")');
    out.push(...body.map((l) => `    ${l}`));
    out.push('', '', 'if __name__ == "__main__":', `    ${flowFn}()`);
    return out.join('\n') + '\n';
  }
}

export const prefectExporter: Exporter = {
  target: 'prefect',
  extension: 'prefect.py',
  export(input: ExportInput): ExportResult {
    return new PrefectExport(input).run();
  },
};
