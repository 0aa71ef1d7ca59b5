/**
 * Weft → Apache Airflow 3 (`airflow.sdk`): one DAG file, `<name>.airflow.py`.
 *
 * Every task is a TaskFlow `@task` (or `@task.sensor`) function that works out its values in
 * Python at run time — params from the context, upstream outputs from XCom, run facts from the
 * DAG run — and runs its program through `subprocess.run` with an argv list. Nothing goes through
 * Jinja (which would render a `{{` in a value) and no value is pasted into a shell line. Scripts
 * are referenced relative to `WEFT_ROOT` (default: the DAG file's folder), where the pipeline
 * folder is deployed; the DAG itself holds no copy of them.
 */
import { parseDocument } from '../../core/syntax/parse';
import type { Pipeline, RetryPolicy, Task, TriggerRule, WaitTask } from '../../core/model/types';
import type { ExportInput, ExportResult, ExportWarning, Exporter } from '../types';
import { NameMap } from '../names';
import { sectionDependencies } from '../graph';
import { retryPolicyOf } from '../features';
import { joinPath, seconds } from '../util';
import { taskList } from '../shared';
import { pyComment, pyData, pyHelperImports, pyHelpers, pyMember, pyStr, pyTemplate, pyValue, type PyRefResolver } from '../python';
import { PY_HELPER_NAMES, pyHttpCheck, withResponse } from '../python/expr';
import {
  PY_RUNTIME_NAMES, exitCodeReads, noExitCode, inputFeature, pyFolder, pyAllowFailure, pyInputs, pyManifest, pyManifestCleanup, pyNoAddress, pyNoSubOutput, pyOutputDefaults, pyRunReturning, pyStage,
  pyRuntime, runsProcess, unfetchableInputs, unsupportedTask,
} from '../python/runtime';
import { mergeKwargs, platformKwargs, platformPlaces, type Kwargs } from '../python/platform';
import { AIRFLOW_RUNTIME } from './runtime';

type Section = 'tasks' | 'onFailure' | 'finally';

const PARAM_TYPES: Record<string, string> = { string: 'string', integer: 'integer', number: 'number', boolean: 'boolean', list: 'array', object: 'object' };

/** Module-level names a task function must not take. */
const RESERVED = [
  'DAG', 'Param', 'Variable', 'Connection', 'task', 'get_current_context', 'AirflowSkipException', 'CronTriggerTimetable',
  'Asset', 'AssetOrTimeSchedule', 'KubernetesPodOperator', 'TriggerDagRunOperator', 'HITLEntryOperator', 'WEFT_ROOT', 'dag', 'ops',
  'csv', 'datetime', 'functools', 'glob', 'hashlib', 'json', 'math', 'os', 're', 'shutil', 'sqlite3', 'subprocess', 'sys', 'tempfile', 'time', 'traceback', 'urllib',
  ...PY_HELPER_NAMES,
  ...PY_RUNTIME_NAMES,
  ...AIRFLOW_RUNTIME.map((r) => r[0]),
  '_weft_params', '_weft_secret', '_weft_cleanup',
];

function td(secs: number): string {
  return `datetime.timedelta(seconds=${secs})`;
}

function isoDate(s: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(s);
  if (!m) return 'None';
  const n = (x: string | undefined): number => Number(x ?? '0');
  return `datetime.datetime(${n(m[1])}, ${n(m[2])}, ${n(m[3])}, ${n(m[4])}, ${n(m[5])}, ${n(m[6])}, tzinfo=datetime.timezone.utc)`;
}

class AirflowExport {
  private readonly warnings: ExportWarning[] = [];
  private readonly helpers = new Set<string>();
  private readonly runtime = new Set<string>();
  private readonly imports = new Set<string>(['datetime', 'os']);
  private readonly sdk = new Set<string>(['DAG', 'task', 'get_current_context']);
  private readonly extraImports = new Set<string>();
  private readonly fns = new NameMap('python', RESERVED);
  private readonly p: Pipeline;
  private readonly statusRead = new Set<string>();
  private readonly mapped = new Set<string>();
  /** Approval tasks (HITLEntryOperator): their outputs are the params entered in the form. */
  private readonly approvals = new Set<string>();
  /** Tasks whose exit code a later task reads (their result records it). */
  private readonly exitReads: Set<string>;
  private readonly sectionOf = new Map<string, Section>();
  /** Cleanup entries of ownedByRun manifest tasks (deleted by the weft.cleanup task). */
  private readonly owned: string[] = [];
  private platform: { dag: Kwargs; task: Kwargs } = { dag: [], task: [] };

  constructor(private readonly input: ExportInput) {
    this.p = input.pipeline;
    this.exitReads = exitCodeReads(this.p);
  }

  private taskById(id: string): Task | undefined {
    return this.p.tasks[id] ?? this.p.onFailure?.[id] ?? this.p.finally?.[id];
  }

  private warn(feature: string, task: string | undefined, message: string): void {
    const w: ExportWarning = { feature, message };
    if (task !== undefined) w.task = task;
    this.warnings.push(w);
  }

  private useRuntime(name: string): string {
    this.runtime.add(name);
    return name;
  }

  /** References inside a task function (locals: ctx, ti, params, item). */
  private resolver(id: string, section: Section, inItem: boolean): PyRefResolver {
    return (root, path) => {
      const [a, b, c, ...rest] = path;
      switch (root) {
        case 'params':
          if (typeof a !== 'string') return { problem: 'params needs a name' };
          return pyMember(`params[${pyStr(a)}]`, path.slice(1), this.helpers);
        case 'item':
          return inItem ? pyMember('item', path, this.helpers) : { problem: '`item` outside a fan-out task' };
        case 'pipeline':
          if (a === 'name') return pyStr(this.p.metadata.name);
          if (a === 'file') return pyStr(this.input.fileName);
          return { problem: `pipeline.${String(a)} is unknown` };
        case 'env':
          if (typeof a !== 'string') return { problem: 'env needs a name' };
          return `os.environ[${pyStr(a)}]`;
        case 'secrets':
          if (typeof a !== 'string') return { problem: 'secrets needs a name' };
          return `_weft_secret(${pyStr(a)})`;
        case 'run':
          switch (a) {
            case 'id':
              return 'ctx["run_id"]';
            case 'date':
              return `${this.useRuntime('_weft_run_date')}(ctx)`;
            case 'timestamp':
              return `${this.useRuntime('_weft_run_timestamp')}(ctx)`;
            case 'attempt':
              return 'ti.try_number';
            case 'trigger':
              return 'str(ctx["dag_run"].run_type)';
            case 'duration':
              return `${this.useRuntime('_weft_since')}(ctx["dag_run"].start_date)`;
            case 'status':
              if (section === 'onFailure') return '"failed"';
              return { problem: 'run.status is not known to a task while the DAG run is going (Airflow keeps run state out of tasks)' };
            default:
              return { problem: `run.${String(a)} has no Airflow equivalent in a task` };
          }
        case 'tasks': {
          if (typeof a !== 'string') return { problem: 'tasks needs an id' };
          if (b === 'outputs' && typeof c === 'string') {
            const producer = this.taskById(a);
            if (producer?.type === 'pipeline') {
              this.useRuntime('_weft_unsupported');
              return pyNoSubOutput(a, c, 'airflow');
            }
            const defaults = producer && pyOutputDefaults(producer, c);
            const extra = `${this.mapped.has(a) ? ', mapped=True' : ''}${this.approvals.has(a) ? ', form=True' : ''}${defaults ? `, defaults=${defaults}` : ''}`;
            return pyMember(`${this.useRuntime('_weft_output')}(ti, ${pyStr(a)}, ${pyStr(c)}${extra})`, rest, this.helpers);
          }
          if (b === 'exitCode' && c === undefined) {
            const producer = this.taskById(a);
            // _weft_step keeps the exit code of a failure (a failed task leaves no result).
            if (producer && runsProcess(producer) && producer.type !== 'container') this.statusRead.add(a);
            else this.warn('expr.exitCode', id, noExitCode(a!));
            return `${this.useRuntime('_weft_exit_of')}(ti, ${pyStr(a)})`;
          }
          if (b === 'address' && c === undefined) {
            this.useRuntime('_weft_unsupported');
            return pyNoAddress(a, 'airflow');
          }
          if (b === 'status' && c === undefined) {
            this.statusRead.add(a);
            this.useRuntime('_weft_status');
            return `_weft_status(ti, ${pyStr(a)})`;
          }
          return { problem: `tasks.${a}.${String(b)} has no Airflow equivalent in a task` };
        }
      }
      return { problem: `unknown name ${root}` };
    };
  }

  private expr(text: string, ref: PyRefResolver, id: string, where: string, asText: boolean): string {
    const r = pyTemplate(text, ref, this.helpers, asText);
    if (r.problems.length) {
      this.warn('expressions', id, `${where}: ${r.problems.join('; ')}; the value is left empty`);
      return asText ? '""' : 'None';
    }
    return r.code;
  }

  private data(v: unknown, ref: PyRefResolver, id: string, where: string): string {
    const r = pyData(v, ref, this.helpers);
    if (r.problems.length) {
      this.warn('expressions', id, `${where}: ${r.problems.join('; ')}; the value is left empty`);
      return 'None';
    }
    return r.code;
  }

  private retryKwargs(r: RetryPolicy | undefined, id: string | undefined): [string, string][] {
    if (!r) return [['retries', '0']];
    const out: [string, string][] = [['retries', String(r.limit)]];
    const delay = seconds(r.delay);
    if (delay !== undefined) out.push(['retry_delay', td(delay)]);
    if (r.backoff === 'exponential' || r.backoff === 'linear') out.push(['retry_exponential_backoff', 'True']);
    const max = seconds(r.maxDelay);
    if (max !== undefined) out.push(['max_retry_delay', td(max)]);
    return out;
  }

  private secretFunction(): string[] {
    const lines = ['def _weft_secret(name):', '    """A secret by reference: an Airflow Variable or Connection (its password), never a value in this file."""'];
    for (const [name, s] of Object.entries(this.p.secrets ?? {})) {
      if (s.airflow?.variable) {
        this.sdk.add('Variable');
        lines.push(`    if name == ${pyStr(name)}:`, `        return Variable.get(${pyStr(s.airflow.variable)})`);
      } else if (s.airflow?.connection) {
        this.sdk.add('Connection');
        lines.push(`    if name == ${pyStr(name)}:`, `        return Connection.get(${pyStr(s.airflow.connection)}).password`);
      } else if (s.env) {
        this.warn('secrets', undefined, `secret ${name} has no airflow reference; read from the worker's environment variable ${s.env}`);
        lines.push(`    if name == ${pyStr(name)}:`, `        return os.environ[${pyStr(s.env)}]`);
      } else {
        this.warn('secrets', undefined, `secret ${name} has no airflow (or env) reference; reading it fails the task`);
      }
    }
    lines.push('    raise KeyError(f"secret {name!r} has no Airflow reference")');
    return lines;
  }

  private paramsFunction(): string[] {
    const lines = ['def _weft_params(ctx):', '    """The run\'s params, with expression defaults (such as run.date) worked out for this run."""', '    params = dict(ctx["params"])'];
    const ref = this.resolver('params', 'tasks', false);
    for (const [name, decl] of Object.entries(this.p.params ?? {})) {
      if (typeof decl.default === 'string' && decl.default.includes('${{')) {
        const code = this.expr(decl.default, ref, `params.${name}`, 'default', false);
        lines.push(`    if params.get(${pyStr(name)}) is None:`, `        params[${pyStr(name)}] = ${code}`);
      }
    }
    lines.push('    return params');
    return lines;
  }

  private paramsDict(): string | undefined {
    const entries = Object.entries(this.p.params ?? {});
    if (entries.length === 0) return undefined;
    this.sdk.add('Param');
    const lines = entries.map(([name, d]) => {
      const dynamic = typeof d.default === 'string' && d.default.includes('${{');
      const args: string[] = [];
      if (dynamic) args.push('None', `type=[${pyStr(PARAM_TYPES[d.type]!)}, "null"]`);
      else {
        if (d.default !== undefined) args.push(pyValue(d.default));
        args.push(`type=${pyStr(PARAM_TYPES[d.type]!)}`);
      }
      if (d.enum) args.push(`enum=${pyValue(dynamic ? [...d.enum, null] : d.enum)}`);
      if (d.items?.type) args.push(`items={"type": ${pyStr(PARAM_TYPES[d.items.type]!)}}`);
      const desc = dynamic ? `${d.description ? `${d.description} ` : ''}(default: ${d.default as string})` : d.description;
      if (desc) args.push(`description=${pyStr(desc)}`);
      return `        ${pyStr(name)}: Param(${args.join(', ')}),`;
    });
    return `{\n${lines.join('\n')}\n    }`;
  }

  private schedule(): string {
    const s = this.p.schedule;
    const assets: string[] = [];
    for (const t of this.p.triggers ?? []) {
      if ('file' in t) {
        assets.push(`Asset(${pyStr(`file://${t.file.path}`)})`);
        this.warn('triggers.file', undefined, `file trigger ${t.file.path}: the DAG runs when the Asset file://${t.file.path} is updated (a producer's outlet or the REST API); Airflow does not watch files itself`);
      } else if ('pipeline' in t) {
        assets.push(`Asset(${pyStr(`weft://${t.pipeline.name}`)})`);
        this.warn('triggers.pipeline', undefined, `pipeline trigger ${t.pipeline.name}: the DAG runs when the Asset weft://${t.pipeline.name} is updated; add it as an outlet of that DAG's last task${t.pipeline.status && t.pipeline.status !== 'success' ? ` (status ${t.pipeline.status} is not distinguished)` : ''}`);
      } else if ('webhook' in t) {
        this.warn('triggers.webhook', undefined, `webhook ${t.webhook.path}: start runs with Airflow's REST API (POST /api/v2/dags/{dag_id}/dagRuns) instead`);
      }
    }
    if (assets.length) this.sdk.add('Asset');
    let timetable: string | undefined;
    if (s) {
      this.extraImports.add('from airflow.timetables.trigger import CronTriggerTimetable');
      timetable = `CronTriggerTimetable(${pyStr(s.cron)}, timezone=${pyStr(s.timezone ?? 'UTC')})`;
    }
    if (timetable && assets.length) {
      this.extraImports.add('from airflow.timetables.assets import AssetOrTimeSchedule');
      return `AssetOrTimeSchedule(timetable=${timetable}, assets=(${assets.join(' | ')}))`;
    }
    if (timetable) return timetable;
    if (assets.length) return `[${assets.join(', ')}]`;
    return 'None';
  }

  private argvFor(id: string, t: Task, ref: PyRefResolver): string | undefined {
    const args = (t.type === 'python' || t.type === 'node' ? (t.args ?? []) : []).map((a, i) =>
      typeof a === 'string' ? this.expr(a, ref, id, `args[${i}]`, true) : pyStr(typeof a === 'boolean' ? String(a) : String(a)),
    );
    const checkScript = (script: string): void => {
      const rel = joinPath(t.workdir ?? '', script);
      if (this.input.readFile && this.input.readFile(rel) === undefined) {
        this.warn('scripts', id, `the script ${script} was not found next to the pipeline; deploy it under WEFT_ROOT before the DAG runs`);
      }
    };
    if (t.type === 'python') {
      const interp = pyStr(t.interpreter ?? 'python3');
      if (t.script !== undefined) {
        checkScript(t.script);
        return `[${[interp, pyStr(t.script), ...args].join(', ')}]`;
      }
      return `[${[interp, '"-c"', pyStr(t.code ?? ''), ...args].join(', ')}]`;
    }
    if (t.type === 'node') {
      if (t.script !== undefined) {
        checkScript(t.script);
        return `[${['"node"', pyStr(t.script), ...args].join(', ')}]`;
      }
      return `[${['"node"', '"-e"', pyStr(t.code ?? ''), ...args].join(', ')}]`;
    }
    if (t.type === 'shell') {
      if (t.run.includes('${{')) this.warn('expressions', id, '`${{ }}` inside run is not substituted (pass values through env and read them as "$VAR")');
      return `[${pyStr(t.shell ?? 'bash')}, "-c", ${pyStr(t.run)}]`;
    }
    return undefined;
  }

  private envDict(id: string, t: Task, ref: PyRefResolver): string {
    const entries = Object.entries({ ...(this.p.env ?? {}), ...(t.env ?? {}) });
    if (entries.length === 0) return '{}';
    return `{${entries.map(([k, v]) => `${pyStr(k)}: ${this.expr(String(v), ref, id, `env.${k}`, true)}`).join(', ')}}`;
  }

  /** The folder a task runs in (Python source). */
  private cwdOf(t: Task): string {
    return pyFolder('WEFT_ROOT', t.workdir);
  }

  /** `_weft_stage(...)` for the task's inputs (upstream paths are relative to the producer's workdir). */
  private staging(id: string, t: Task, ref: PyRefResolver): string[] {
    if (!t.inputs || Object.keys(t.inputs).length === 0) return [];
    for (const m of unfetchableInputs(t.inputs)) this.warn('inputs.url', id, m);
    const code = pyInputs(this.p, t.inputs, (text, asText, where) => this.expr(text, ref, id, where, asText), (wd) => pyFolder('WEFT_ROOT', wd));
    this.useRuntime('_weft_stage');
    return pyStage(this.cwdOf(t), code);
  }

  /** The function (decorator + body) of one task; returns the lines at DAG-block indentation. */
  private taskFunction(id: string, t: Task, section: Section, fn: string, kwargs: Kwargs): string[] {
    const fanOut = t.foreach !== undefined;
    const ref = this.resolver(id, section, fanOut);
    const body: string[] = [];
    const cwd = this.cwdOf(t);
    if (t.description) body.push(`"""${pyStr(t.description).slice(1, -1)}"""`);
    body.push('ctx = get_current_context()', 'ti = ctx["ti"]', 'params = _weft_params(ctx)');
    if (t.if !== undefined) {
      this.imports.add('airflow.exceptions');
      const cond = this.expr(t.if, ref, id, 'if', false);
      this.helpers.add('_w_truthy');
      body.push(`if not _w_truthy(${cond}):`, `    raise AirflowSkipException(${pyStr(`condition is false: ${t.if}`)})`);
    }
    // What the task does, after the skip decision: under allowFailure these statements run inside
    // _weft_allow_failure (a skip is not a failure, so the condition stays outside).
    // A service: nothing keeps it running for later tasks; reaching it fails loudly (nothing staged).
    const unsupported = unsupportedTask(id, t, 'airflow');
    const work = unsupported === undefined ? this.staging(id, t, ref) : [];
    let decorator = 'task';
    // What a task returns when it reports nothing itself: its outputs' defaults.
    const none = `return ${pyOutputDefaults(t) ?? '{}'}`;
    if (unsupported !== undefined) work.push(`${this.useRuntime('_weft_unsupported')}(${pyStr(unsupported)})`);
    else switch (t.type) {
      case 'python':
      case 'node':
      case 'shell':
        this.useRuntime('_weft_run');
        work.push(...pyRunReturning(this.argvFor(id, t, ref) ?? '[]', cwd, this.envDict(id, t, ref), t, this.exitReads.has(id)));
        break;
      case 'check': {
        work.push('failed = []');
        for (const a of t.assert) {
          const code = this.expr(a, ref, id, 'assert', false);
          this.helpers.add('_w_truthy');
          work.push(`if not _w_truthy(${code}):`, `    failed.append(${pyStr(a)})`);
        }
        work.push('if failed:', `    raise AssertionError(${pyStr(t.message ? `${t.message} Failed: ` : 'Failed: ')} + "; ".join(failed))`, none);
        break;
      }
      case 'sql': {
        if (/^[a-z][a-z0-9+.-]*:\/\//i.test(t.database) && !t.database.startsWith('sqlite')) {
          this.warn('task.sql', id, `database ${t.database} is a connection URL; the export runs SQLite only (use SQLExecuteQueryOperator with an Airflow connection instead)`);
        }
        let query: string;
        if (t.query !== undefined) query = pyStr(t.query);
        else {
          const rel = joinPath(t.workdir ?? '', t.file ?? '');
          if (this.input.readFile && this.input.readFile(rel) === undefined) this.warn('scripts', id, `the SQL file ${t.file} was not found; deploy it under WEFT_ROOT`);
          query = `${this.useRuntime('_weft_read')}(os.path.join(${cwd}, ${pyStr(t.file ?? '')}))`;
        }
        const params = Object.entries(t.params ?? {}).map(([k, v]) => `${pyStr(k)}: ${typeof v === 'string' ? this.expr(v, ref, id, `params.${k}`, false) : pyValue(v)}`);
        const db = this.expr(t.database, ref, id, 'database', true);
        work.push(`${this.useRuntime('_weft_sql')}(os.path.join(${cwd}, ${db}), ${query}, {${params.join(', ')}})`, none);
        break;
      }
      case 'http': {
        const url = this.expr(t.url, ref, id, 'url', true);
        const headers = `{${Object.entries(t.headers ?? {}).map(([k, v]) => `${pyStr(k)}: ${this.expr(String(v), ref, id, `headers.${k}`, true)}`).join(', ')}}`;
        const bodyCode = t.body === undefined ? 'None' : this.data(t.body, ref, id, 'body');
        const timeout = seconds(t.timeout ?? this.p.defaults?.timeout) ?? 60;
        const args = [pyStr(t.method ?? 'GET'), url, headers, bodyCode, pyValue(t.expect?.status ?? []), String(timeout)];
        const condition = t.expect?.condition;
        if (condition !== undefined) args.push(...pyHttpCheck(condition, this.expr(condition, withResponse(ref, this.helpers), id, 'expect.condition', false), this.helpers));
        work.push(`${this.useRuntime('_weft_http')}(${args.join(', ')})`, none);
        break;
      }
      case 'wait': {
        const interval = seconds(t.interval) ?? 30;
        if (t.delay !== undefined) {
          this.imports.add('time');
          work.push(`time.sleep(${seconds(t.delay) ?? 0})`, none);
          break;
        }
        const timeout = seconds(t.timeout ?? this.p.defaults?.timeout);
        let ready: string;
        let what: string;
        if (t.file !== undefined) {
          what = this.expr(t.file, ref, id, 'file', true);
          ready = `${this.useRuntime('_weft_file_ready')}(os.path.join(${cwd}, ${what}))`;
        } else if (t.url !== undefined) {
          what = this.expr(t.url, ref, id, 'url', true);
          ready = `${this.useRuntime('_weft_url_ready')}(${what})`;
        } else {
          this.helpers.add('_w_truthy');
          what = pyStr(t.until ?? 'false');
          ready = `_w_truthy(${this.expr(t.until ?? 'false', ref, id, 'until', false)})`;
        }
        if (t.allowFailure) {
          // A sensor's timeout is raised by Airflow outside the function, where it cannot be
          // allowed: an allowed wait polls inside a plain task instead.
          work.push(`${this.useRuntime('_weft_poll')}(lambda: ${ready}, ${what}, ${interval}, ${timeout ?? 'None'})`, none);
          break;
        }
        decorator = 'task.sensor';
        kwargs.push(['poke_interval', String(interval)], ['mode', '"reschedule"']);
        if (timeout !== undefined) kwargs.push(['timeout', String(timeout)]);
        work.push(`return ${ready}`);
        break;
      }
      case 'manifest': {
        // A plain task polling in the function (not a sensor): the object's name is known only
        // here, and an allowed failure or timeout must be caught around the whole of it.
        const m = pyManifest(t, {
          label: id,
          runId: 'ctx["run_id"]',
          text: (v, where) => this.expr(v, ref, id, where, true),
          timeout: seconds(t.timeout ?? this.p.defaults?.timeout),
          warn: (f, msg) => this.warn(f, id, msg),
          target: 'airflow',
        });
        this.useRuntime('_weft_manifest');
        work.push(...m.lines('return '));
        if (m.owned) this.owned.push(m.owned);
        break;
      }
      default:
        break;
    }
    if (t.allowFailure) {
      this.useRuntime('_weft_allow_failure');
      body.push(...pyAllowFailure(id, work, 'return '));
    } else body.push(...work);
    const lines: string[] = [];
    const kw = mergeKwargs(kwargs, this.platformTask(id, t)).map(([k, v]) => `${k}=${v}`);
    if (kw.join(', ').length > 70) lines.push(`@${decorator}(`, ...kw.map((k) => `    ${k},`), ')');
    else lines.push(`@${decorator}(${kw.join(', ')})`);
    if (this.statusRead.has(id)) lines.push('@_weft_step');
    lines.push(`def ${fn}(${fanOut ? 'item' : ''}):`, ...body.map((l) => `    ${l}`));
    return lines;
  }

  /** `platform.airflow.task` of a task: keyword arguments of its @task or operator. */
  private platformTask(id: string, t: Task): Kwargs {
    const places = platformPlaces(t.platform, 'airflow', ['task'], `task ${id}`, (m) => this.warn('platform.airflow', id, m));
    return platformKwargs(places.task, `platform.airflow.task of ${id}`, (m) => this.warn('platform.airflow', id, m));
  }

  /** `platform.airflow` of the pipeline: `dag` → DAG(...) arguments, `task` → default_args of every task. */
  private platformPipeline(): { dag: Kwargs; task: Kwargs } {
    const warn = (m: string): void => this.warn('platform.airflow', undefined, m);
    const places = platformPlaces(this.p.platform, 'airflow', ['dag', 'task'], 'the pipeline', warn);
    return { dag: platformKwargs(places.dag, 'platform.airflow.dag', warn), task: platformKwargs(places.task, 'platform.airflow.task', warn) };
  }

  private taskKwargs(id: string, t: Task, section: Section, defaultsRetries: string, defaultsTimeout: number | undefined): [string, string][] {
    const kw: [string, string][] = [['task_id', pyStr(id)]];
    if (t.retries !== undefined) {
      const r = retryPolicyOf(this.p, t);
      const mine = this.retryKwargs(r, id);
      if (JSON.stringify(mine) !== defaultsRetries) kw.push(...(r ? mine : [['retries', '0'] as [string, string]]));
    }
    if (t.type !== 'wait' || t.delay !== undefined || t.approval !== undefined || t.allowFailure) {
      const to = seconds(t.timeout);
      if (to !== undefined && to !== defaultsTimeout) kw.push(['execution_timeout', td(to)]);
    }
    let rule: TriggerRule | undefined = t.trigger ?? this.p.defaults?.trigger;
    if (section !== 'tasks' && (sectionDependencies(this.p, section).get(id) ?? []).length === 0) {
      if (rule && rule !== 'all_success') this.warn('trigger.' + rule, id, `a ${section} handler's first tasks use Airflow's ${section === 'onFailure' ? 'one_failed' : 'all_done'} rule on the main tasks; trigger ${rule} is not applied`);
      rule = section === 'onFailure' ? 'one_failed' : 'all_done';
    }
    if (rule && rule !== 'all_success') kw.push(['trigger_rule', pyStr(rule)]);
    if (t.foreach?.parallelism !== undefined) kw.push(['max_active_tis_per_dagrun', String(t.foreach.parallelism)]);
    if ((t.type === 'container' && !t.service) || t.type === 'pipeline' || (t.type === 'wait' && t.approval !== undefined)) kw.shift();
    return kw;
  }

  private dagKwargs(): [string, string][] {
    const p = this.p;
    const kw: [string, string][] = [['dag_id', pyStr(p.metadata.name)]];
    if (p.metadata.description) kw.push(['description', pyStr(p.metadata.description)]);
    kw.push(['schedule', this.schedule()]);
    if (p.schedule?.start) kw.push(['start_date', isoDate(p.schedule.start)]);
    if (p.schedule?.end) kw.push(['end_date', isoDate(p.schedule.end)]);
    kw.push(['catchup', p.schedule?.catchup ? 'True' : 'False']);
    const params = this.paramsDict();
    if (params) kw.push(['params', params]);
    if (p.concurrency?.runs !== undefined) kw.push(['max_active_runs', String(p.concurrency.runs)]);
    if (p.concurrency?.tasks !== undefined) kw.push(['max_active_tasks', String(p.concurrency.tasks)]);
    const labels = Object.entries(p.metadata.labels ?? {});
    if (labels.length) kw.push(['tags', pyValue(labels.map(([k, v]) => `${k}:${v}`))]);
    const runTimeout = seconds(p.timeout);
    if (runTimeout !== undefined) kw.push(['dagrun_timeout', td(runTimeout)]);
    return kw;
  }

  run(): ExportResult {
    const p = this.p;
    const sections: Section[] = ['tasks', 'onFailure', 'finally'];
    for (const s of sections) for (const [id, t] of Object.entries(p[s] ?? {})) {
      this.sectionOf.set(id, s);
      if (t.foreach) this.mapped.add(id);
      if (t.type === 'wait' && t.approval !== undefined) this.approvals.add(id);
      this.fns.get(id);
    }
    // default_args: the pipeline defaults every task inherits.
    const d = p.defaults ?? {};
    const dRetry = d.retries === undefined ? undefined : typeof d.retries === 'number' ? { limit: d.retries } : d.retries;
    const dRetryKw = dRetry && dRetry.limit > 0 ? this.retryKwargs(dRetry, undefined) : dRetry ? [['retries', '0'] as [string, string]] : [];
    const dTimeout = seconds(d.timeout);
    const defaultArgs: [string, string][] = [];
    if (p.metadata.owner) defaultArgs.push(['owner', pyStr(p.metadata.owner)]);
    defaultArgs.push(...dRetryKw);
    if (dTimeout !== undefined) defaultArgs.push(['execution_timeout', td(dTimeout)]);
    this.platform = this.platformPipeline();
    defaultArgs.splice(0, defaultArgs.length, ...mergeKwargs(defaultArgs, this.platform.task));
    const dRetryJson = JSON.stringify(dRetryKw.length ? dRetryKw : [['retries', '0']]);

    const blocks: string[][] = [];
    const ops: string[] = [];
    const edges: string[] = [];
    const mapping: string[] = [];
    const mainIds = Object.keys(p.tasks);
    let needsWatcher = false;
    for (const s of sections) {
      const deps = sectionDependencies(p, s);
      for (const [id, t] of Object.entries(p[s] ?? {})) {
        const fn = this.fns.get(id);
        if (fn !== id) mapping.push(`${id} -> ${fn}`);
        const kwargs = this.taskKwargs(id, t, s, dRetryJson, dTimeout);
        const rule = t.trigger ?? d.trigger;
        if (s !== 'tasks' || (rule && rule !== 'all_success' && rule !== 'none_failed')) needsWatcher = true;
        let call: string;
        if (t.type === 'container' && !t.service) {
          const r = this.containerTask(id, t, s, fn, kwargs);
          blocks.push(r.lines);
          call = r.call;
        } else if (t.type === 'pipeline') {
          const r = this.subPipelineTask(id, t, s, fn, kwargs);
          blocks.push(r.lines);
          call = r.call;
        } else if (t.type === 'wait' && t.approval !== undefined) {
          const r = this.approvalTask(id, t, s, fn, kwargs);
          blocks.push(r.lines);
          call = r.call;
          const up = deps.get(id) ?? [];
          if (r.message && up.length) edges.push(`[${up.map((u) => `ops[${pyStr(u)}]`).join(', ')}] >> ${r.message}`);
        } else {
          blocks.push(this.taskFunction(id, t, s, fn, kwargs));
          call = `${fn}()`;
          if (t.foreach) {
            const itemsKey = pyStr(`${id}.items`);
            ops.push(`ops[${itemsKey}] = ${this.fns.get(`${id}.items`)}()`);
            call = `${fn}.expand(item=ops[${itemsKey}])`;
          }
        }
        ops.push(`ops[${pyStr(id)}] = ${call}`);
        const up = deps.get(id) ?? [];
        const upstream = up.length ? up : s === 'tasks' ? [] : mainIds;
        if (t.foreach && t.type !== 'container' && t.type !== 'pipeline' && upstream.length) {
          edges.push(`[${upstream.map((u) => `ops[${pyStr(u)}]`).join(', ')}] >> ops[${pyStr(`${id}.items`)}]`);
        }
        if (upstream.length === 1) edges.push(`ops[${pyStr(upstream[0]!)}] >> ops[${pyStr(id)}]`);
        else if (upstream.length > 1) edges.push(`[${upstream.map((u) => `ops[${pyStr(u)}]`).join(', ')}] >> ops[${pyStr(id)}]`);
      }
    }
    // _weft_step must be applied to tasks whose status is read: re-render those (status reads are
    // found while rendering, so a second pass picks up tasks rendered before their reader).
    if (this.statusRead.size) {
      this.useRuntime('_weft_step');
      this.imports.add('airflow.exceptions');
      for (const b of blocks) {
        const defLine = b.findIndex((l) => l.startsWith('def '));
        if (defLine < 0) continue; // an operator: nothing to decorate
        const m = /task_id="((?:[^"\\]|\\.)*)"/.exec(b.slice(0, defLine).join('\n'));
        const id = m ? (JSON.parse(`"${m[1]}"`) as string) : undefined;
        if (id && this.statusRead.has(id) && b[defLine - 1] !== '@_weft_step') b.splice(defLine, 0, '@_weft_step');
      }
    }
    if (this.owned.length) {
      // ownedByRun: one task deletes what the manifest tasks made, however the run went (all_done,
      // after every task); the watcher then keeps a failed run failed despite this green leaf.
      needsWatcher = true;
      this.useRuntime('_weft_manifest_cleanup');
      blocks.push([
        '@task(task_id="weft.cleanup", trigger_rule="all_done", retries=0)',
        'def _weft_cleanup():',
        '    """ownedByRun: deletes the objects the manifest tasks made in this DAG run (found by their labels)."""',
        '    ctx = get_current_context()',
        ...pyManifestCleanup('ctx["run_id"]', this.owned).map((l) => `    ${l}`),
      ]);
      ops.push('ops["weft.cleanup"] = _weft_cleanup()');
      const all = sections.flatMap((s) => Object.keys(p[s] ?? {}));
      edges.push(`[${all.map((u) => `ops[${pyStr(u)}]`).join(', ')}] >> ops["weft.cleanup"]`);
      this.warn('task.manifest', taskListOf(p, (t) => t.type === 'manifest' && t.ownedByRun === true), 'ownedByRun: the object is labelled weft.dev/run=<run id> and deleted by the task weft.cleanup (trigger_rule all_done) once the rest of the DAG run is done (on Argo, Kubernetes deletes it with the Workflow)');
    }
    if (needsWatcher) {
      blocks.push([
        '@task(task_id="weft.run_failed", trigger_rule="one_failed", retries=0)',
        'def _weft_run_failed():',
        '    """Fails the DAG run when any main task failed (handlers and all_done tasks would otherwise make it green)."""',
        '    raise RuntimeError("a task of the pipeline failed")',
      ]);
      ops.push('ops["weft.run_failed"] = _weft_run_failed()');
      edges.push(`[${mainIds.map((u) => `ops[${pyStr(u)}]`).join(', ')}] >> ops["weft.run_failed"]`);
    }
    return { files: [{ path: `${p.metadata.name}.airflow.py`, content: this.module(defaultArgs, blocks, ops, edges, mapping) }], warnings: this.warnings };
  }

  private itemsFunction(id: string, t: Task, section: Section): string[] {
    const ref = this.resolver(id, section, false);
    const raw = t.foreach!.items;
    const items = Array.isArray(raw) ? pyValue(raw) : this.expr(raw, ref, id, 'foreach.items', false);
    return this.valueTask(`task_id=${pyStr(`${id}.items`)}`, this.fns.get(`${id}.items`), `The items ${id} fans out over, worked out at run time.`, `list(${items})`);
  }

  /** A @task (`decorator`: its arguments) whose function `fn` works out a value at run time, never through Jinja. */
  private valueTask(decorator: string, fn: string, doc: string, value: string): string[] {
    return [`@task(${decorator})`, `def ${fn}():`, `    """${doc}"""`, '    ctx = get_current_context()', '    ti = ctx["ti"]', '    params = _weft_params(ctx)', `    return ${value}`];
  }

  /** Inputs and allowFailure on an operator task: Weft's own code does not run there, so both are warned. */
  private operatorLimits(id: string, t: Task, what: string): void {
    for (const i of Object.values(t.inputs ?? {})) this.warn(inputFeature(i), id, `inputs are not staged for ${what} (it runs outside the worker's Python): fetch them in the task`);
    if (t.allowFailure) this.warn('allowFailure', id, `allowFailure cannot be caught around ${what}: its failure fails the run (give its dependents trigger: all_done instead)`);
  }

  private containerTask(id: string, t: Task & { type: 'container' }, section: Section, fn: string, kwargs: [string, string][]): { lines: string[]; call: string } {
    this.extraImports.add('from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator');
    const ref = this.resolver(id, section, false);
    const dynamic = (t.args ?? []).some((a) => typeof a === 'string' && a.includes('${{')) || Object.values({ ...(this.p.env ?? {}), ...(t.env ?? {}) }).some((v) => String(v).includes('${{'));
    const lines: string[] = [];
    let args: string;
    let env: string;
    if (dynamic) {
      const value = `{"arguments": [${(t.args ?? []).map((a, i) => (typeof a === 'string' ? this.expr(a, ref, id, `args[${i}]`, true) : pyStr(String(a)))).join(', ')}], "env": ${this.envDict(id, t, ref)}}`;
      lines.push(...this.valueTask(`task_id=${pyStr(`${id}.inputs`)}, multiple_outputs=True`, `${fn}_inputs`, `Arguments and environment of ${id}, worked out at run time (never through Jinja).`, value), '');
      args = `${fn}_inputs_["arguments"]`;
      env = `${fn}_inputs_["env"]`;
      if (t.foreach) this.warn('foreach', id, 'fan-out of a container task is not exported; it runs once');
    } else {
      args = pyValue((t.args ?? []).map(String));
      env = this.envDict(id, t, ref);
      if (t.foreach) this.warn('foreach', id, 'fan-out of a container task is not exported; it runs once');
    }
    if (t.if !== undefined) this.warn('if', id, 'the condition of a container task is not exported; it always runs');
    if (Object.values(t.outputs ?? {}).some((o) => o.type !== 'file' && o.type !== 'dir')) this.warn('outputs.values', id, 'a container task reports value outputs only by writing /airflow/xcom/return.json itself (do_xcom_push)');
    const res = t.resources ?? this.p.defaults?.resources;
    const kw: Kwargs = [['task_id', pyStr(id)], ['name', pyStr(id.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'task')], ['image', pyStr(t.image)]];
    if (t.command) kw.push(['cmds', pyValue(t.command)]);
    kw.push(['arguments', args], ['env_vars', env]);
    if (res) {
      const req: Record<string, string> = {};
      if (res.cpu !== undefined) req.cpu = String(res.cpu);
      if (res.memory !== undefined) req.memory = res.memory;
      const lim: Record<string, string> = res.gpu ? { 'nvidia.com/gpu': String(res.gpu) } : {};
      kw.push(['container_resources', `k8s.V1ResourceRequirements(requests=${pyValue(req)}${res.gpu ? `, limits=${pyValue(lim)}` : ''})`]);
      this.extraImports.add('from kubernetes.client import models as k8s');
    }
    kw.push(...kwargs);
    if (dynamic) lines.push(`${fn}_inputs_ = ${fn}_inputs()`);
    lines.push(`${fn} = KubernetesPodOperator(`, ...mergeKwargs(kw, this.platformTask(id, t)).map(([k, v]) => `    ${k}=${v},`), ')');
    this.operatorLimits(id, t, 'a KubernetesPodOperator');
    this.warn('task.container', id, 'runs as a KubernetesPodOperator (apache-airflow-providers-cncf-kubernetes); the Airflow deployment needs a Kubernetes cluster');
    return { lines, call: fn };
  }

  /**
   * A manual approval: a HITLEntryOperator whose form has one param per output (type, default,
   * choices, description); the entered params are its XCom result, read by `_weft_output(form=True)`.
   * A message with `${{ }}` (or Jinja's own braces, which the operator would render) is worked out
   * by a task before it and handed over as an XComArg, never through Jinja.
   */
  private approvalTask(id: string, t: WaitTask, section: Section, fn: string, kwargs: Kwargs): { lines: string[]; call: string; message?: string } {
    this.extraImports.add('from airflow.providers.standard.operators.hitl import HITLEntryOperator');
    this.sdk.add('Param');
    const ref = this.resolver(id, section, false);
    const text = (typeof t.approval === 'object' ? t.approval.message : undefined) ?? t.description;
    const lines: string[] = [];
    let body: string | undefined;
    let message: string | undefined;
    if (text !== undefined && (text.includes('${{') || /\{[{%#]/.test(text))) {
      const value = this.expr(text, ref, id, 'approval.message', true);
      lines.push(...this.valueTask(`task_id=${pyStr(`${id}.message`)}`, `${fn}_message`, `What the approver of ${id} is asked, worked out at run time (never through Jinja).`, value), '', `${fn}_message_ = ${fn}_message()`);
      body = message = `${fn}_message_`;
    } else if (text !== undefined) body = pyStr(text);
    const params: string[] = [];
    for (const [name, o] of Object.entries(t.outputs ?? {})) {
      const type = o.type === 'metric' ? 'number' : PARAM_TYPES[o.type];
      if (type === undefined) {
        this.warn('task.wait.approval', id, `output ${name} is a ${o.type}, which an approver cannot supply in the form; left out`);
        continue;
      }
      const args = [...(o.default !== undefined ? [pyValue(o.default)] : []), `type=${pyStr(type)}`];
      if (o.enum) args.push(`enum=${pyValue(o.enum)}`);
      if (o.description) args.push(`description=${pyStr(o.description)}`);
      params.push(`${pyStr(name)}: Param(${args.join(', ')})`);
    }
    const kw: Kwargs = [['task_id', pyStr(id)], ['subject', pyStr(`${this.p.metadata.name}: approve ${id}`)]];
    if (body !== undefined) kw.push(['body', body]);
    kw.push(['params', `{${params.join(', ')}}`], ...kwargs);
    lines.push(`${fn} = HITLEntryOperator(`, ...mergeKwargs(kw, this.platformTask(id, t)).map(([k, v]) => `    ${k}=${v},`), ')');
    this.operatorLimits(id, t, 'a HITLEntryOperator');
    if (t.foreach) this.warn('foreach', id, 'fan-out of an approval is not exported; it is asked once');
    if (t.if !== undefined) this.warn('if', id, 'the condition of an approval is not exported; it is always asked');
    return { lines, call: fn, ...(message ? { message } : {}) };
  }

  private subPipelineTask(id: string, t: Task & { type: 'pipeline' }, section: Section, fn: string, kwargs: [string, string][]): { lines: string[]; call: string } {
    this.extraImports.add('from airflow.providers.standard.operators.trigger_dagrun import TriggerDagRunOperator');
    const path = joinPath(t.workdir ?? '', t.pipeline);
    const text = this.input.readFile?.(path);
    let name: string | undefined;
    if (text !== undefined) {
      const v = parseDocument(path, text).value as Pipeline | null;
      if (v && typeof v === 'object' && typeof v.metadata?.name === 'string') name = v.metadata.name;
    }
    if (!name) {
      name = t.pipeline.replace(/^.*\//, '').replace(/\.weft\.(ya?ml|json)$/, '');
      this.warn('task.pipeline', id, `the sub-pipeline ${t.pipeline} could not be read; triggering dag_id ${name}`);
    }
    this.warn('task.pipeline', id, `runs the DAG ${name} with TriggerDagRunOperator(wait_for_completion=True): export ${t.pipeline} to Airflow too (weft export ${t.pipeline} --target airflow)`);
    this.operatorLimits(id, t, 'a TriggerDagRunOperator');
    const ref = this.resolver(id, section, false);
    const lines = [
      ...this.valueTask(`task_id=${pyStr(`${id}.conf`)}`, `${fn}_conf`, `The params ${id} hands to the DAG ${name}, worked out at run time (never through Jinja).`, this.data(t.with ?? {}, ref, id, 'with')),
      '',
      `${fn}_conf_ = ${fn}_conf()`,
      `${fn} = TriggerDagRunOperator(`,
      ...mergeKwargs([['task_id', pyStr(id)], ['trigger_dag_id', pyStr(name)], ['conf', `${fn}_conf_`], ['wait_for_completion', 'True'], ['poke_interval', '30'], ...kwargs], this.platformTask(id, t)).map(([k, v]) => `    ${k}=${v},`),
      ')',
    ];
    if (t.foreach) this.warn('foreach', id, 'fan-out of a sub-pipeline is not exported; it runs once');
    if (t.if !== undefined) this.warn('if', id, 'the condition of a sub-pipeline task is not exported; it always runs');
    return { lines, call: fn };
  }

  private module(defaultArgs: [string, string][], blocks: string[][], ops: string[], edges: string[], mapping: string[]): string {
    const p = this.p;
    // Blocks that need helper functions (items tasks) are generated now, before the header is built.
    const itemBlocks: string[][] = [];
    for (const s of ['tasks', 'onFailure', 'finally'] as Section[]) {
      for (const [id, t] of Object.entries(p[s] ?? {})) if (t.foreach && t.type !== 'container' && t.type !== 'pipeline') itemBlocks.push(this.itemsFunction(id, t, s));
    }
    const dagKw = this.dagKwargs();
    if (defaultArgs.length) dagKw.push(['default_args', `{\n${defaultArgs.map(([k, v]) => `        ${pyStr(k)}: ${v},`).join('\n')}\n    }`]);
    const paramsFn = this.paramsFunction();
    const secretFn = this.secretFunction();
    const runtime = pyRuntime(this.runtime, AIRFLOW_RUNTIME);
    const pyImports = new Set<string>([...this.imports].filter((m) => m !== 'airflow.exceptions'));
    runtime.imports.forEach((m) => pyImports.add(m));
    for (const m of pyHelperImports(this.helpers)) pyImports.add(m);

    const out: string[] = [];
    out.push(`"""${pyStr(`${p.metadata.name}: ${p.metadata.description ?? 'a Weft pipeline'}`).slice(1, -1)}`);
    out.push('');
    out.push(`Generated by weft from ${pyStr(this.input.fileName).slice(1, -1)} (Airflow 3, airflow.sdk); edit the pipeline, not this file.`);
    out.push('Scripts and data are read from WEFT_ROOT (default: the folder of this file): deploy the');
    out.push('pipeline folder there. Values reach programs as argv entries and environment variables,');
    out.push('never through Jinja or a shell line.');
    out.push('"""');
    if (mapping.length) {
      out.push('');
      out.push('# Task functions whose Python name differs from the Weft task id (the task_id is the Weft id):');
      for (const m of mapping) out.push(pyComment(`  ${m}`));
    }
    out.push('from __future__ import annotations', '');
    const plain = [...pyImports].filter((m) => !m.includes('.')).sort();
    const dotted = [...pyImports].filter((m) => m.includes('.')).sort();
    for (const m of [...plain, ...dotted]) out.push(`import ${m}`);
    out.push('');
    const froms: string[] = [];
    if (this.imports.has('airflow.exceptions')) froms.push('from airflow.exceptions import AirflowSkipException');
    froms.push(...this.extraImports);
    froms.push(`from airflow.sdk import ${[...this.sdk].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)).join(', ')}`);
    out.push(...[...new Set(froms)].sort());
    out.push('', 'WEFT_ROOT = os.environ.get("WEFT_ROOT") or os.path.dirname(os.path.abspath(__file__))', '');
    const defs: string[] = [];
    const h = pyHelpers(this.helpers);
    if (h) defs.push(h);
    defs.push(...runtime.defs);
    defs.push(paramsFn.join('\n'), secretFn.join('\n'));
    out.push('', defs.join('\n\n\n'), '', '');
    out.push('with DAG(');
    for (const [k, v] of mergeKwargs(dagKw, this.platform.dag)) out.push(`    ${k}=${v},`);
    out.push(') as dag:');
    const body: string[] = [];
    for (const b of [...itemBlocks, ...blocks]) body.push(...b, '');
    body.push('ops = {}', ...ops, '', ...edges);
    out.push(...body.map((l) => (l === '' ? '' : `    ${l}`)));
    return out.join('\n').replace(/\n{3,}(?=    )/g, '\n\n') + '\n';
  }
}

export const airflowExporter: Exporter = {
  target: 'airflow',
  extension: 'airflow.py',
  export(input: ExportInput): ExportResult {
    return new AirflowExport(input).run();
  },
};

/** The ids of the tasks (every section) matching `pick`, as one warning's task list. */
function taskListOf(p: Pipeline, pick: (t: Task) => boolean): string | undefined {
  const ids = (['tasks', 'onFailure', 'finally'] as const).flatMap((s) => Object.entries(p[s] ?? {}).filter(([, t]) => pick(t)).map(([id]) => id));
  return ids.length ? taskList(ids) : undefined;
}
