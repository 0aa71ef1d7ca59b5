// Airflow 3 export: every sample compiles with python3 and its structure (ast) mirrors the Weft
// graph — one task per Weft task, dependencies as `>>`, retries, schedule; byte-identical
// re-export; hostile names; --strict through the CLI; inputs, allowFailure, the run timeout and
// platform settings, manifest tasks (run against a stand-in kubectl), with the task functions run
// against a stand-in for airflow.sdk.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { validateText } from '../../../core/validate/validate';
import type { Pipeline } from '../../../core/model/types';
import { exportPipeline } from '../../../exporters';
import { sectionDependencies } from '../../../exporters/graph';
import { retryPolicyOf } from '../../../exporters/features';
import { seconds } from '../../../exporters/util';
import { main } from '../../../runtime/cli/main';
import { ROOT, reader, sampleFiles } from '../helpers';
import { callsTo, pythonStructure, type PyStructure } from '../python/structure';
import { FEATURES_PIPELINE, FEATURES_SEEN } from '../python/features';
import { JOB, JOB_POLLS, MANIFEST_PIPELINE, MANIFEST_TEXT, fakeKubectl } from '../python/manifest';
import { APPROVAL_PIPELINE, DURATION_PIPELINE, HTTP_PIPELINE, HTTP_WRONG, OUTPUTS_PIPELINE, OUTPUTS_SEEN, SERVICE_PIPELINE, SUB_OUTPUTS_PIPELINE, SUB_OUTPUTS_READ, TEST_SERVER, assertSubOutputsUnsupported } from '../python/new-features';
import { runInFolder } from '../python/run';

const python = spawnSync('python3', ['--version']).status === 0;

function exportAirflow(fileName: string, text: string, readFile?: (rel: string) => string | undefined) {
  const v = validateText(fileName, text, { fileExists: () => true });
  const errors = v.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(errors.map((e) => e.message).join('; '));
  const pipeline = v.document.value as Pipeline;
  const result = exportPipeline('airflow', { pipeline, fileName, readFile });
  return { pipeline, result, code: result.files[0]!.content };
}

/** task_id → upstream task_ids, from the `>>` chains (`ops["a"] >> ops["b"]`, `[ops["a"], ops["b"]] >> ops["c"]`). */
function edges(s: PyStructure): Map<string, string[]> {
  // ast.unparse writes the keys single-quoted: ops['a'].
  const ids = (src: string): string[] => [...src.matchAll(/ops\[(['"])((?:(?!\1)[^\\]|\\.)*)\1\]/g)].map((m) => m[2]!.replace(/\\(.)/g, '$1'));
  const out = new Map<string, string[]>();
  for (const [l, op, r] of s.binops) {
    assert.equal(op, '>>');
    for (const to of ids(r)) out.set(to, [...(out.get(to) ?? []), ...ids(l)]);
  }
  return out;
}

/** The decorator/operator kwargs of each task_id. */
function taskKwargs(s: PyStructure): Map<string, Record<string, unknown>> {
  const m = new Map<string, Record<string, unknown>>();
  for (const c of s.calls) if (typeof c.kwargs.task_id === 'string') m.set(c.kwargs.task_id, c.kwargs);
  return m;
}

describe('airflow export of every sample', { skip: !python && 'python3 not installed' }, () => {
  const samples = sampleFiles();
  it('finds the samples', () => assert.ok(samples.length >= 6));
  for (const file of samples) {
    it(`${relative(ROOT, file)}: compiles, mirrors tasks, dependencies, retries and schedule`, () => {
      const text = readFileSync(file, 'utf8');
      const { pipeline: p, result, code } = exportAirflow(file, text, reader(file));
      assert.equal(result.files[0]!.path, `${p.metadata.name}.airflow.py`);
      const s = pythonStructure(code);
      assert.equal(s.ok, true, s.error);
      assert.ok(s.imports.includes('airflow.sdk.DAG') && s.imports.includes('airflow.sdk.task'));
      const dag = callsTo(s, 'DAG')[0]!;
      assert.equal(dag.kwargs.dag_id, p.metadata.name);
      const kw = taskKwargs(s);
      // Every Weft task is an Airflow task with the same id.
      for (const section of ['tasks', 'onFailure', 'finally'] as const) {
        const deps = sectionDependencies(p, section);
        for (const [id, t] of Object.entries(p[section] ?? {})) {
          assert.ok(kw.has(id), `task ${id}`);
          const k = kw.get(id)!;
          // Dependencies: the Weft dependencies (handlers' roots: every main task).
          const want = deps.get(id)!.length ? deps.get(id)! : section === 'tasks' ? [] : Object.keys(p.tasks);
          assert.deepEqual([...(edges(s).get(id) ?? [])].sort(), [...want].sort(), `deps of ${id}`);
          // Retries: the task's own kwarg, else default_args.
          const r = retryPolicyOf(p, t);
          const defaults = dag.kwargs.default_args as Record<string, unknown> | string;
          const dRetries = /'retries': (\d+)/.exec(String(defaults))?.[1];
          const retries = k.retries ?? (dRetries === undefined ? 0 : Number(dRetries));
          assert.equal(retries, r?.limit ?? 0, `retries of ${id}`);
          if (r?.backoff === 'exponential') assert.ok(k.retry_exponential_backoff === true || String(defaults).includes('retry_exponential_backoff'), id);
          if (t.foreach) assert.ok(code.includes(`.expand(item=ops[${JSON.stringify(`${id}.items`)}])`), `expand ${id}`);
          if (t.foreach?.parallelism) assert.equal(k.max_active_tis_per_dagrun, t.foreach.parallelism);
          const rule = t.trigger ?? p.defaults?.trigger;
          if (section === 'tasks' && rule && rule !== 'all_success') assert.equal(k.trigger_rule, rule);
          if (section === 'onFailure' && !deps.get(id)!.length) assert.equal(k.trigger_rule, 'one_failed');
          if (section === 'finally' && !deps.get(id)!.length) assert.equal(k.trigger_rule, 'all_done');
        }
      }
      if (p.schedule) {
        const tt = callsTo(s, 'CronTriggerTimetable')[0]!;
        assert.deepEqual(tt.args, [p.schedule.cron]);
        assert.equal(tt.kwargs.timezone, p.schedule.timezone ?? 'UTC');
        assert.equal(dag.kwargs.catchup, p.schedule.catchup ?? false);
      } else if (!p.triggers?.length) assert.equal(dag.kwargs.schedule, null);
      const dTimeout = seconds(p.defaults?.timeout);
      if (dTimeout) assert.match(String(dag.kwargs.default_args), new RegExp(`execution_timeout': datetime.timedelta\\(seconds=${dTimeout}\\)`));
      // Deterministic.
      assert.equal(exportAirflow(file, text, reader(file)).code, code);
      // Never Jinja, never a shell line built from values.
      assert.doesNotMatch(code, /BashOperator|bash_command|(?<!\$)\{\{ *(params|ti|ds)\b/);
    });
  }
});

const HOSTILE = `apiVersion: weft/v1
kind: Pipeline
metadata:
  name: hostile
  description: 'Quotes " and '' and \\\\ and """ and é ✓ and \${{ literally }}'
  labels: {team: "a\\"b"}
params:
  day: {type: string, default: "\${{ run.date }}", description: "it's \\"quoted\\""}
  n: {type: integer, default: 3}
secrets:
  pw: {airflow: {connection: warehouse_default}}
  tok: {airflow: {variable: api_token}, env: TOKEN}
tasks:
  load-data:
    type: shell
    description: 'has """ triple quotes and a \\\\ backslash'
    run: echo "$DAY" '{{ not jinja }}'
    env: {DAY: "\${{ params.day }}", PW: "\${{ secrets.pw }}", LIT: "{{ x }} \\"q\\""}
    outputs: {rows: {type: integer}}
  load_data:
    type: python
    code: print('hi "there"')
    args: ["\${{ tasks.load-data.outputs.rows + params.n }}", "é ✓ \\\\"]
  class:
    type: check
    needs: [load_data]
    assert: ["\${{ tasks['load-data'].outputs.rows > 0 }}"]
    message: 'Bad "rows" \\\\ é'
  _w_str:
    type: python
    if: "\${{ params.n > 1 }}"
    script: nowhere/missing.py
    env: {TOK: "\${{ secrets.tok }}"}
  ops:
    type: wait
    needs: [class]
    file: "in box/*.csv"
`;

/**
 * A stand-in for the parts of airflow.sdk a DAG file uses, which also runs the task functions: the
 * decorators record each function under its task_id, and `run(order)` calls them in order with a
 * context whose `ti` keeps XComs in a dict (return values and pushes), as Airflow would.
 */
const RUNNING_STUB = `
import sys, types
REG = {}
class Op:
    def __rshift__(self, o): return o
    def __rrshift__(self, o): return self
    def expand(self, **k): return self
class Task:
    def __call__(self, *a, **k):
        def deco(fn):
            REG[k["task_id"]] = (fn, k)
            class F:
                def __call__(s, *x, **y): return Op()
                def expand(s, **y): return Op()
            return F()
        return deco
    def __getattr__(self, n): return self
class DAG:
    def __init__(self, *a, **k): DAG.kwargs = k
    def __enter__(self): return self
    def __exit__(self, *a): return False
class TI:
    def __init__(self): self.store, self.current, self.try_number = {}, None, 1
    def xcom_push(self, key, value): self.store[(self.current, key)] = value
    def xcom_pull(self, task_ids, key="return_value"): return self.store.get((task_ids, key))
import datetime
CTX = {"ti": TI(), "params": {}, "run_id": "r1", "dag_run": types.SimpleNamespace(start_date=datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=2), run_type="manual")}
sdk = types.ModuleType("airflow.sdk")
sdk.DAG = DAG; sdk.task = Task(); sdk.Param = lambda default=None, **k: default; sdk.get_current_context = lambda: CTX
sdk.Variable = object; sdk.Connection = object; sdk.Asset = lambda *a, **k: None
exc = types.ModuleType("airflow.exceptions"); exc.AirflowSkipException = type("AirflowSkipException", (Exception,), {})
for name, mod in {"airflow": types.ModuleType("airflow"), "airflow.sdk": sdk, "airflow.exceptions": exc}.items():
    sys.modules[name] = mod
pod = "airflow.providers.cncf.kubernetes.operators.pod"
for i in range(2, 7):
    sys.modules[".".join(pod.split(".")[:i])] = types.ModuleType(".".join(pod.split(".")[:i]))
sys.modules[pod].KubernetesPodOperator = lambda **k: Op()
hitl = "airflow.providers.standard.operators.hitl"
for i in range(3, 6):
    sys.modules.setdefault(".".join(hitl.split(".")[:i]), types.ModuleType(".".join(hitl.split(".")[:i])))
ANSWERS = {}
def HITLEntryOperator(**k):
    # The form's answers: what the test supplies, else each param's default (Param stands for it).
    params = k.get("params", {})
    REG[k["task_id"]] = (lambda: {"chosen_options": ["OK"], "params_input": {n: ANSWERS.get(n, d) for n, d in params.items()}}, k)
    return Op()
sys.modules[hitl].HITLEntryOperator = HITLEntryOperator
def run_each(path, order, params, answers=None):
    """Like run(), but a task that raises is recorded as {"error": ...} and the next ones still run."""
    import runpy, json
    ANSWERS.update(answers or {})
    runpy.run_path(path)
    CTX["params"] = params
    results = {}
    for tid in order:
        CTX["ti"].current = tid
        try:
            results[tid] = REG[tid][0]()
        except Exception as e:
            results[tid] = {"error": f"{type(e).__name__}: {e}"}
            continue
        CTX["ti"].store[(tid, "return_value")] = results[tid]
    print(json.dumps({"results": results}))
def run(path, order, params):
    import runpy, json
    runpy.run_path(path)
    CTX["params"] = params
    results = {}
    for tid in order:
        CTX["ti"].current = tid
        results[tid] = REG[tid][0]()
        CTX["ti"].store[(tid, "return_value")] = results[tid]
    print(json.dumps({"results": results, "status": {t: v for (t, k), v in CTX["ti"].store.items() if k == "weft_status"}}))
`;

describe('airflow export: hostile names and strings', { skip: !python && 'python3 not installed' }, () => {
  const { code, result } = exportAirflow('hostile.weft.yaml', HOSTILE, () => undefined);
  const s = pythonStructure(code);
  it('compiles; colliding and reserved ids get distinct Python names, task_ids stay the Weft ids', () => {
    assert.equal(s.ok, true, s.error);
    const fns = s.functions.map((f) => f.name);
    assert.ok(fns.includes('load_data') && fns.includes('load_data_2') && fns.includes('class_') && fns.includes('_w_str_2') && fns.includes('ops_2'), fns.join(','));
    assert.equal(new Set(fns).size, fns.length);
    const kw = taskKwargs(s);
    for (const id of ['load-data', 'load_data', 'class', '_w_str', 'ops']) assert.ok(kw.has(id), id);
    assert.match(code, /^# {3}load-data -> load_data$/m);
    assert.match(code, /^# {3}load_data -> load_data_2$/m);
  });
  it('strings reach Python intact (descriptions, messages, literal {{ and ${{)', () => {
    const dag = callsTo(s, 'DAG')[0]!;
    assert.equal(dag.kwargs.description, `Quotes " and ' and \\\\ and """ and é ✓ and \${{ literally }}`);
    assert.ok(code.includes(pyLit(`echo "$DAY" '{{ not jinja }}'`)));
    assert.ok(code.includes(pyLit('{{ x }} "q"')));
    assert.ok(code.includes(pyLit('Bad "rows" \\\\ é Failed: ')));
    assert.match(code, /^[\x00-\x7f]*$/, 'ASCII only');
  });
  it('values are read at run time, never pasted; secrets by reference only', () => {
    assert.ok(code.includes('"DAY": _w_str(params["day"])'));
    assert.ok(code.includes('return Connection.get("warehouse_default").password'));
    assert.ok(code.includes('return Variable.get("api_token")'));
    assert.ok(code.includes('if params.get("day") is None:'));
    assert.ok(code.includes('raise AirflowSkipException('));
  });
  it('warns about the missing script', () => {
    assert.ok(result.warnings.some((w) => w.feature === 'scripts' && w.task === '_w_str' && /nowhere\/missing\.py/.test(w.message)));
  });
  it('the file runs up to the DAG (helpers and run-time functions are valid Python with Airflow stubbed)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-af-'));
    try {
      writeFileSync(join(dir, 'dag.py'), code);
      const r = spawnSync('python3', ['-c', `${RUNNING_STUB}\nimport runpy\nns = runpy.run_path(${JSON.stringify(join(dir, 'dag.py'))})\nprint(sorted(ns["ops"]))`], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /'load-data'/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function pyLit(s: string): string {
  // The same escaping pyStr does, for assertions on the source text.
  return JSON.stringify(s).slice(1, -1).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

describe('weft export --target airflow (CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'weft-af-cli-'));
  const run = (argv: string[]) => {
    let out = '';
    let err = '';
    const code = main(argv, { out: (x) => void (out += x), err: (x) => void (err += x), cwd: dir });
    return { code, out, err };
  };
  writeFileSync(join(dir, 'lossy.weft.yaml'), `apiVersion: weft/v1
kind: Pipeline
metadata: {name: lossy}
tasks:
  a: {type: shell, run: echo hi, cache: true}
`);
  writeFileSync(join(dir, 'clean.weft.yaml'), `apiVersion: weft/v1
kind: Pipeline
metadata: {name: clean}
tasks:
  a: {type: shell, run: echo hi}
`);
  it('exports to stdout with warnings on stderr; --strict fails on a warning (exit 1) and writes nothing', () => {
    const r = run(['export', 'lossy.weft.yaml', '--target', 'airflow']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /with DAG\(/);
    assert.match(r.err, /^warning \[cache\] a: caching: not expressible on airflow/m);
    const strict = run(['export', 'lossy.weft.yaml', '--target', 'airflow', '--strict', '-o', 'out']);
    assert.equal(strict.code, 1);
    assert.equal(strict.out, '');
  });
  it('a pipeline Airflow carries natively passes --strict (exit 0), written as <name>.airflow.py', () => {
    const r = run(['export', 'clean.weft.yaml', '--target', 'airflow', '--strict', '-o', 'out']);
    assert.equal(r.code, 0, r.err);
    assert.match(readFileSync(join(dir, 'out', 'clean.airflow.py'), 'utf8'), /dag_id="clean"/);
    rmSync(dir, { recursive: true, force: true });
  });
});


describe('airflow export: inputs, allowFailure, run timeout, platform', { skip: !python && 'python3 not installed' }, () => {
  const { code, result } = exportAirflow('feat.weft.yaml', FEATURES_PIPELINE);
  const s = pythonStructure(code);
  it('compiles; dagrun_timeout, platform.airflow.dag as DAG arguments, .task in default_args and on the task', () => {
    assert.equal(s.ok, true, s.error);
    const dag = callsTo(s, 'DAG')[0]!;
    assert.equal(dag.kwargs.dagrun_timeout, 'datetime.timedelta(seconds=7200)');
    assert.equal(dag.kwargs.max_consecutive_failed_dag_runs, 3);
    assert.deepEqual(dag.kwargs.default_args, { pool: 'etl' });
    assert.equal(taskKwargs(s).get('consume')!.queue, 'io');
    assert.equal(taskKwargs(s).get('generate')!.queue, undefined);
    assert.ok(!result.warnings.some((w) => w.feature === 'platform.airflow'), 'native: no warning');
    assert.ok(result.warnings.some((w) => w.feature === 'platform.dagster' && /not carried to airflow/.test(w.message)));
  });
  it('runs: the allowed failure ends its task with the failed marker, the inputs are staged (the optional one stays absent)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-af-run-'));
    try {
      writeFileSync(join(dir, 'dag.py'), code);
      const r = spawnSync('python3', ['-c', `${RUNNING_STUB}\nrun(${JSON.stringify(join(dir, 'dag.py'))}, ["generate", "flaky", "consume"], {"who": "world"})`], { encoding: 'utf8', env: { ...process.env, WEFT_ROOT: dir } });
      assert.equal(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
      assert.deepEqual(out.results.generate, { greeting: 'out/greeting.txt' });
      assert.match(out.results.flaky.__weft_failed__, /bash exited with status 3/);
      assert.deepEqual(out.results.consume, {});
      assert.equal(readFileSync(join(dir, 'sub', 'seen.txt'), 'utf8'), FEATURES_SEEN);
      assert.match(r.stderr, /weft: task flaky failed and allowFailure is set: the run goes on/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('an allowed wait polls in a plain task (a sensor timeout could not be caught); tasks.<id>.status reads failed', () => {
    const { code: c2, result: r2 } = exportAirflow('w.weft.yaml', `apiVersion: weft/v1
kind: Pipeline
metadata: {name: w}
tasks:
  probe: {type: wait, file: "none/*.csv", interval: 1s, timeout: 2s, allowFailure: true}
  report: {type: shell, needs: [probe], run: 'echo "$S" > status.txt', env: {S: "\${{ tasks.probe.status }}"}}
  pod: {type: container, image: alpine, allowFailure: true, inputs: {a: {path: a.txt, content: x}}}
`);
    const s2 = pythonStructure(c2);
    assert.equal(s2.ok, true, s2.error);
    const probe = s2.functions.find((f) => f.name === 'probe')!;
    assert.deepEqual(probe.decorators, ["task(task_id='probe', execution_timeout=datetime.timedelta(seconds=2))", '_weft_step']);
    assert.ok(r2.warnings.some((w) => w.feature === 'allowFailure' && w.task === 'pod' && /cannot be caught around a KubernetesPodOperator/.test(w.message)));
    assert.ok(r2.warnings.some((w) => w.feature === 'inputs.content' && w.task === 'pod' && /not staged/.test(w.message)));
    const dir = mkdtempSync(join(tmpdir(), 'weft-af-run-'));
    try {
      writeFileSync(join(dir, 'dag.py'), c2);
      const r = spawnSync('python3', ['-c', `${RUNNING_STUB}\nrun(${JSON.stringify(join(dir, 'dag.py'))}, ["probe", "report"], {})`], { encoding: 'utf8', env: { ...process.env, WEFT_ROOT: dir } });
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout.trim().split('\n').pop()!).status, { probe: 'failed' });
      assert.equal(readFileSync(join(dir, 'status.txt'), 'utf8'), 'failed\n');
      assert.match(r.stderr, /TimeoutError: timed out waiting for none\/\*\.csv/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('airflow export: manifest tasks', { skip: !python && 'python3 not installed' }, () => {
  const { code, result } = exportAirflow('mf.weft.yaml', MANIFEST_PIPELINE);
  const s = pythonStructure(code);
  it('compiles; a plain @task calls _weft_manifest with every field; weft.cleanup (all_done) after every task, the watcher keeps failures', () => {
    assert.equal(s.ok, true, s.error);
    assert.deepEqual(s.functions.find((f) => f.name === 'train_job')!.decorators, ["task(task_id='train_job', execution_timeout=datetime.timedelta(seconds=120))"]);
    const call = callsTo(s, '_weft_manifest')[0]!;
    assert.equal(call.kwargs.action, 'create');
    assert.equal(call.kwargs.success, 'status.succeeded > 0');
    assert.equal(call.kwargs.failure, 'status.failed > 2');
    assert.deepEqual(call.kwargs.flags, ['--context=lab']);
    assert.deepEqual(call.kwargs.capture, { job: '{.metadata.name}' });
    assert.equal(call.kwargs.timeout, 120);
    assert.equal(call.kwargs.owner, "(ctx['run_id'], 'train_job')");
    assert.match(String(call.args[0]), /_w_str\(params\['image'\]\)/, 'the param is filled in at run time');
    assert.equal(taskKwargs(s).get('weft.cleanup')!.trigger_rule, 'all_done');
    assert.deepEqual([...edges(s).get('weft.cleanup')!].sort(), ['report', 'train_job']);
    assert.deepEqual([...edges(s).get('weft.run_failed')!].sort(), ['report', 'train_job']);
    assert.ok(result.warnings.some((w) => w.feature === 'task.manifest' && w.task === 'train_job' && /weft\.cleanup/.test(w.message)));
    assert.match(code, /^[\x00-\x7f]*$/);
    assert.equal(exportAirflow('mf.weft.yaml', MANIFEST_PIPELINE).code, code, 'byte-identical re-export');
  });
  it('runs against a stand-in kubectl: the capture reaches the dependent through XCom; the cleanup deletes by the run label', () => {
    const k = fakeKubectl({ object: JOB, polls: [JOB_POLLS[2]] });
    try {
      writeFileSync(join(k.dir, 'dag.py'), code);
      const r = spawnSync('python3', ['-c', `${RUNNING_STUB}\nrun(${JSON.stringify(join(k.dir, 'dag.py'))}, ["train_job", "report", "weft.cleanup"], {"image": "python:3.12-slim"})`], { encoding: 'utf8', env: { ...k.env, WEFT_ROOT: k.dir } });
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout.trim().split('\n').pop()!).results.train_job, { job: 'train-x7k2p' });
      assert.equal(readFileSync(join(k.dir, 'job.txt'), 'utf8'), 'train-x7k2p\n');
      const calls = k.calls();
      assert.equal(calls[0]!.file, MANIFEST_TEXT);
      assert.deepEqual(calls.map((c) => c.argv[0]), ['label', 'create', 'get', 'delete']);
      assert.deepEqual(calls[3]!.argv, ['delete', 'Job.v1.batch', '--selector=weft.dev/run=r1,weft.dev/task=train_job', '--ignore-not-found', '--wait=false', '--context=lab', '--namespace=jobs']);
    } finally {
      k.dispose();
    }
  });
});

describe('airflow export: outputs from files, defaults, exit codes, run.duration, http conditions, approvals, services', { skip: !python && 'python3 not installed' }, () => {
  /** Runs `program` (Python, after the stand-in; DAG: the DAG file's path) with the DAG file in a fresh WEFT_ROOT. */
  const runDag = (code: string, program: string, prelude = '') =>
    runInFolder('dag.py', code, (path) => `${prelude}\n${RUNNING_STUB}\n${program.replace('DAG', JSON.stringify(path))}`, (dir) => ({ WEFT_ROOT: dir }));

  it('value outputs read from files, defaults and exit codes: recorded by the producer, read through XCom', () => {
    const { code, result } = exportAirflow('outs.weft.yaml', OUTPUTS_PIPELINE);
    const s = pythonStructure(code);
    assert.equal(s.ok, true, s.error);
    const run = callsTo(s, '_weft_run');
    assert.deepEqual(run[0]!.kwargs.specs, { word: { path: 'out/word.txt' }, n: { path: 'out/n.txt' }, obj: { path: 'out/obj.json' }, missing: { path: 'out/none.txt', default: 'fallback' }, unreported: { default: 1.5 } });
    assert.equal(run[0]!.kwargs.exit_code, true);
    assert.equal(run.find((c) => String(c.args[0]).includes('seen.txt'))!.kwargs.exit_code, undefined, 'only tasks whose exit code is read record it');
    assert.deepEqual(s.functions.find((f) => f.name === 'flaky')!.decorators, ["task(task_id='flaky')", '_weft_step']);
    assert.ok(code.includes('_weft_output(ti, "flaky", "note", defaults={"note": "none"})'));
    assert.ok(code.includes('_weft_exit_of(ti, "flaky")'));
    for (const f of ['outputs.fromPath', 'outputs.default', 'expr.exitCode']) assert.ok(result.warnings.some((w) => w.feature === f && /emulated on airflow/.test(w.message)), f);
    assert.equal(exportAirflow('outs.weft.yaml', OUTPUTS_PIPELINE).code, code, 'byte-identical re-export');
    const allowed = runDag(code, 'run(DAG, ["measure", "flaky", "after"], {})');
    try {
      assert.equal(allowed.r.status, 0, allowed.r.stderr);
      assert.deepEqual(allowed.out.results.measure, { word: 'hello', n: 42, obj: { a: [1, 2] }, extra: 'x', missing: 'fallback', unreported: 1.5, __weft_exit__: 0 });
      assert.equal(allowed.out.results.flaky.__weft_exit__, 7);
      assert.equal(allowed.read('seen.txt'), OUTPUTS_SEEN);
    } finally {
      allowed.done();
    }
    // Without allowFailure the failed task leaves no result: _weft_step keeps its exit code, the default stands in for its output.
    const hard = exportAirflow('outs.weft.yaml', OUTPUTS_PIPELINE.replace('    allowFailure: true\n', '').replace('    needs: [flaky]\n', '    needs: [flaky]\n    trigger: all_done\n')).code;
    const failed = runDag(hard, 'run_each(DAG, ["measure", "flaky", "after"], {})');
    try {
      assert.equal(failed.r.status, 0, failed.r.stderr);
      assert.match(failed.out.results.flaky.error, /bash exited with status 7/);
      assert.equal(failed.read('seen.txt'), OUTPUTS_SEEN);
    } finally {
      failed.done();
    }
  });

  it('a value output whose file is missing (and has no default) fails the task, naming the output and the path', () => {
    const { code } = exportAirflow('outs.weft.yaml', OUTPUTS_PIPELINE.replace('path: out/none.txt, default: fallback', 'path: out/none.txt'));
    const r = runDag(code, 'run_each(DAG, ["measure"], {})');
    try {
      assert.match(r.out.results.measure.error, /output missing: the task did not write out\/none\.txt/);
    } finally {
      r.done();
    }
  });

  it('run.duration: seconds since dag_run.start_date, worked out when the task runs', () => {
    const { code, result } = exportAirflow('dur.weft.yaml', DURATION_PIPELINE);
    assert.ok(code.includes('_weft_since(ctx["dag_run"].start_date)'));
    assert.ok(result.warnings.some((w) => w.feature === 'expr.runDuration' && w.task === 'timing, note'));
    const r = runDag(code, 'run(DAG, ["timing", "note"], {})');
    try {
      assert.equal(r.r.status, 0, r.r.stderr);
      const d = Number(r.read('duration.txt'));
      assert.ok(d >= 2 && d < 600, String(d));
    } finally {
      r.done();
    }
  });

  it('http expect.condition: evaluated on status, body and headers (any case); non-2xx readable when accepted; a false condition fails, quoting it', () => {
    const { code, result } = exportAirflow('web.weft.yaml', HTTP_PIPELINE);
    const s = pythonStructure(code);
    assert.equal(s.ok, true, s.error);
    const calls = callsTo(s, '_weft_http');
    assert.equal(calls[1]!.kwargs.condition, "response.body == 'nope'");
    assert.match(String(calls[0]!.kwargs.check), /^lambda response: _w_truthy\(/);
    assert.ok(result.warnings.some((w) => w.feature === 'task.http.condition'));
    const r = runDag(code, 'run_each(DAG, ["ok", "gone", "gone-too", "wrong"], {})', TEST_SERVER);
    try {
      assert.equal(r.r.status, 0, r.r.stderr);
      assert.deepEqual(r.out.results.ok, {});
      assert.deepEqual(r.out.results.gone, {});
      assert.deepEqual(r.out.results['gone-too'], {});
      assert.ok(r.out.results.wrong.__weft_failed__.includes(HTTP_WRONG), r.out.results.wrong.__weft_failed__);
    } finally {
      r.done();
    }
  });

  it('approval: a HITLEntryOperator with one Param per output; the message goes through a task (never Jinja); the answers reach the next task', () => {
    const { code, result } = exportAirflow('gate.weft.yaml', APPROVAL_PIPELINE);
    const s = pythonStructure(code);
    assert.equal(s.ok, true, s.error);
    assert.ok(s.imports.includes('airflow.providers.standard.operators.hitl.HITLEntryOperator'));
    const op = callsTo(s, 'HITLEntryOperator')[0]!;
    assert.equal(op.kwargs.task_id, 'gate');
    assert.equal(op.kwargs.subject, 'gate: approve gate');
    assert.equal(op.kwargs.body, 'gate_message_');
    assert.equal(op.kwargs.execution_timeout, 'datetime.timedelta(seconds=3600)');
    assert.deepEqual(callsTo(s, 'Param').filter((c) => c.kwargs.description).map((c) => [c.args, c.kwargs]), [
      [['small'], { type: 'string', enum: ['small', 'large'], description: 'Which tier' }],
      [[], { type: 'integer', description: 'How many' }],
    ]);
    assert.ok(code.includes('_weft_output(ti, "gate", "tier", form=True, defaults={"tier": "small"})'));
    assert.ok(!result.warnings.some((w) => w.feature === 'task.wait.approval'), 'native on airflow');
    const r = runDag(code, 'run_each(DAG, ["gate.message", "gate", "use"], {"version": "1.2"}, {"count": 3})');
    try {
      assert.equal(r.r.status, 0, r.r.stderr);
      assert.equal(r.out.results['gate.message'], 'Ship 1.2? {{ not jinja }}');
      assert.equal(r.read('answer.txt'), 'small 3\n');
    } finally {
      r.done();
    }
  });

  it('services: not expressible (warned); the service task and a reader of its address fail loudly when reached', () => {
    const { code, result } = exportAirflow('svc.weft.yaml', SERVICE_PIPELINE);
    assert.equal(pythonStructure(code).ok, true);
    assert.ok(result.warnings.some((w) => w.feature === 'task.service' && w.task === 'db' && /not expressible on airflow/.test(w.message)));
    const r = runDag(code, 'run_each(DAG, ["db", "client"], {})');
    try {
      assert.match(r.out.results.db.error, /RuntimeError: task db is a service .* cannot run/);
      assert.match(r.out.results.client.error, /RuntimeError: tasks\.db\.address: the airflow export runs no services/);
      assert.equal(existsSync(join(r.dir, 'started.txt')), false);
      assert.equal(existsSync(join(r.dir, 'address.txt')), false);
    } finally {
      r.done();
    }
    // A container service is not a pod that runs to completion either: a task that fails.
    const pod = exportAirflow('c.weft.yaml', 'apiVersion: weft/v1\nkind: Pipeline\nmetadata: {name: c}\ntasks:\n  cache: {type: container, image: redis, service: {port: 6379}}\n').code;
    const ps = pythonStructure(pod);
    assert.equal(callsTo(ps, 'KubernetesPodOperator').length, 0);
    assert.deepEqual(ps.functions.find((f) => f.name === 'cache')!.decorators, ["task(task_id='cache')"]);
    assert.match(pod, /_weft_unsupported\("task cache is a service/);
  });

  it('pipeline outputs: not expressible (warned); a task reading a sub-pipeline task\'s output fails loudly, never None', () => {
    const { code, result } = exportAirflow('caller.weft.yaml', SUB_OUTPUTS_PIPELINE, SUB_OUTPUTS_READ);
    assert.equal(pythonStructure(code).ok, true);
    assertSubOutputsUnsupported(result.warnings, code, 'airflow');
    assert.ok(!code.includes('_weft_output(ti, "evaluate"'));
    const trigger = 'import types as _t\nm = _t.ModuleType("airflow.providers.standard.operators.trigger_dagrun")\nm.TriggerDagRunOperator = lambda **k: Op()\nsys.modules[m.__name__] = m\n';
    const r = runDag(code, `${trigger}run_each(DAG, ["use"], {})`);
    try {
      assert.equal(r.r.status, 0, r.r.stderr);
      assert.match(r.out.results.use.error, /RuntimeError: tasks\.evaluate\.outputs\.accuracy: the airflow export starts the sub-pipeline of task evaluate as a separate run/);
      assert.equal(existsSync(join(r.dir, 'used.txt')), false);
    } finally {
      r.done();
    }
  });
});
