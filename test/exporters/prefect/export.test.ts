// Prefect 3 export: every sample compiles with python3 and its structure mirrors the Weft graph
// (one @task per Weft task, `.submit(wait_for=…)` / `.map` dependencies, retries, timeouts); the
// deployment YAML validates against Prefect's own prefect.yaml schema and carries the schedule;
// byte-identical re-export; hostile names; --strict through the CLI; inputs, allowFailure, the run
// timeout, platform settings and manifest tasks (against a stand-in kubectl), with the flow run
// against a stand-in for prefect.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { load } from 'js-yaml';
import { validateText } from '../../../core/validate/validate';
import type { Pipeline } from '../../../core/model/types';
import { exportPipeline } from '../../../exporters';
import { sectionDependencies } from '../../../exporters/graph';
import { retryPolicyOf } from '../../../exporters/features';
import { seconds } from '../../../exporters/util';
import { retryDelays } from '../../../exporters/prefect';
import { main } from '../../../runtime/cli/main';
import { ROOT, reader, sampleFiles } from '../helpers';
import { callsTo, pythonStructure } from '../python/structure';
import { FEATURES_PIPELINE, FEATURES_SEEN } from '../python/features';
import { JOB, JOB_POLLS, MANIFEST_PIPELINE, MANIFEST_TEXT, fakeKubectl } from '../python/manifest';
import { APPROVAL_PIPELINE, DURATION_PIPELINE, HTTP_PIPELINE, HTTP_WRONG, OUTPUTS_PIPELINE, OUTPUTS_SEEN, SERVICE_PIPELINE, SUB_OUTPUTS_PIPELINE, SUB_OUTPUTS_READ, TEST_SERVER, assertSubOutputsUnsupported } from '../python/new-features';
import { runInFolder } from '../python/run';

const python = spawnSync('python3', ['--version']).status === 0;
const schema = JSON.parse(readFileSync(join(ROOT, '..', 'shared', 'corpora', 'prefect', 'prefect.yaml.schema.json'), 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false, logger: false });
const validateDeployment = ajv.compile(schema);

function exportPrefect(fileName: string, text: string, readFile?: (rel: string) => string | undefined) {
  const v = validateText(fileName, text, { fileExists: () => true });
  const errors = v.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(errors.map((e) => e.message).join('; '));
  const pipeline = v.document.value as Pipeline;
  const result = exportPipeline('prefect', { pipeline, fileName, readFile });
  return { pipeline, result, code: result.files[0]!.content, yaml: result.files[1]!.content };
}

/** task name → the upstream task names in its wait_for, from the flow's `f["x"] = fn.submit(…)` lines. */
function waits(code: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of code.split('\n')) {
    const m = /^\s+f\[("(?:[^"\\]|\\.)*")\] = .*wait_for=\[(.*)\]\)$/.exec(line);
    if (!m) continue;
    out.set(JSON.parse(m[1]!), [...m[2]!.matchAll(/f\[("(?:[^"\\]|\\.)*")\]/g)].map((x) => JSON.parse(x[1]!) as string));
  }
  return out;
}

describe('prefect export of every sample', { skip: !python && 'python3 not installed' }, () => {
  const samples = sampleFiles();
  for (const file of samples) {
    it(`${relative(ROOT, file)}: compiles, mirrors tasks, waits, retries; deployment validates`, () => {
      const text = readFileSync(file, 'utf8');
      const { pipeline: p, result, code, yaml } = exportPrefect(file, text, reader(file));
      assert.deepEqual(result.files.map((f) => f.path), [`${p.metadata.name}.prefect.py`, `${p.metadata.name}.prefect.yaml`]);
      const s = pythonStructure(code);
      assert.equal(s.ok, true, s.error);
      assert.ok(s.imports.includes('prefect.flow') && s.imports.includes('prefect.task'));
      const flows = s.functions.filter((f) => f.decorators.some((d) => d.startsWith('flow(')));
      assert.equal(flows.length, 1);
      assert.equal(s.calls.find((c) => c.func === 'flow')!.kwargs.name, p.metadata.name);
      const taskCalls = new Map(s.calls.filter((c) => c.func === 'task' && typeof c.kwargs.name === 'string').map((c) => [c.kwargs.name as string, c.kwargs]));
      const w = waits(code);
      for (const section of ['tasks', 'onFailure', 'finally'] as const) {
        const deps = sectionDependencies(p, section);
        for (const [id, t] of Object.entries(p[section] ?? {})) {
          assert.deepEqual([...(w.get(id) ?? [])].sort(), [...deps.get(id)!].sort(), `wait_for of ${id}`);
          if (t.type === 'pipeline') continue;
          const k = taskCalls.get(id);
          assert.ok(k, `task ${id}`);
          const r = retryPolicyOf(p, t);
          assert.equal(k.retries ?? 0, r?.limit ?? 0, `retries of ${id}`);
          if (r) assert.deepEqual(k.retry_delay_seconds, retryDelays(r), `delays of ${id}`);
          assert.equal(k.timeout_seconds, seconds(t.timeout ?? p.defaults?.timeout), `timeout of ${id}`);
          if (t.foreach) assert.match(code, new RegExp(`f\\[${JSON.stringify(id)}\\] = \\w+\\.map\\(item=`));
        }
      }
      if (p.onFailure || p.finally) assert.match(code, /^ {4}try:$[^]*^ {4}finally:$/m);
      // The deployment: Prefect's own schema, and the schedule.
      const doc: any = load(yaml);
      assert.ok(validateDeployment({ ...doc }), JSON.stringify(validateDeployment.errors?.slice(0, 3)));
      const dep = doc.deployments[0];
      assert.equal(dep.entrypoint, `${p.metadata.name}.prefect.py:${flows[0]!.name}`);
      if (p.schedule) assert.deepEqual(dep.schedules, [{ cron: p.schedule.cron, timezone: p.schedule.timezone ?? 'UTC', active: true }]);
      else assert.equal(dep.schedules, undefined);
      if (p.concurrency?.runs) assert.equal(dep.concurrency_limit, p.concurrency.runs);
      const again = exportPrefect(file, text, reader(file));
      assert.equal(again.code, code);
      assert.equal(again.yaml, yaml);
    });
  }
});

describe('prefect retry delays', () => {
  it('fixed, linear and exponential pauses, capped at maxDelay', () => {
    assert.deepEqual(retryDelays({ limit: 3, delay: '10s' }), [10, 10, 10]);
    assert.deepEqual(retryDelays({ limit: 3, backoff: 'linear', delay: '10s' }), [10, 20, 30]);
    assert.deepEqual(retryDelays({ limit: 4, backoff: 'exponential', delay: '10s', maxDelay: '30s' }), [10, 20, 30, 30]);
    assert.equal(retryDelays({ limit: 2 }), undefined);
  });
});

const HOSTILE = `apiVersion: weft/v1
kind: Pipeline
metadata:
  name: hostile
  description: 'Quotes " and '' and \\ and """ and é ✓ and \${{ literally }}'
params:
  day: {type: string, default: "\${{ run.date }}"}
  class: {type: integer, default: 3}
secrets:
  tok: {env: TOKEN}
schedule: {cron: "*/5 * * * *", timezone: "Europe/Kyiv"}
tasks:
  load-data:
    type: shell
    run: echo "$DAY" '{{ x }}'
    env: {DAY: "\${{ params.day }}", TOK: "\${{ secrets.tok }}"}
    outputs: {rows: {type: integer}}
  load_data:
    type: python
    code: print('hi')
    args: ["\${{ tasks.load-data.outputs.rows + params.class }}"]
  flow:
    type: check
    needs: [load_data]
    trigger: all_done
    assert: ["\${{ tasks['load-data'].outputs.rows > 0 }}"]
    message: 'Bad "rows" é'
finally:
  wait:
    type: wait
    delay: 1s
`;

describe('prefect export: hostile names', { skip: !python && 'python3 not installed' }, () => {
  const { code, yaml } = exportPrefect('hostile.weft.yaml', HOSTILE, () => undefined);
  it('compiles with distinct Python names; task names stay the Weft ids', () => {
    const s = pythonStructure(code);
    assert.equal(s.ok, true, s.error);
    const names = s.functions.map((f) => f.name);
    assert.equal(new Set(names).size, names.length);
    for (const n of ['load_data', 'load_data_2', 'flow_2', 'wait_2']) assert.ok(names.includes(n), `${n} in ${names}`);
    const flowFn = s.functions.find((f) => f.decorators.some((d) => d.startsWith('flow(')))!;
    assert.deepEqual(flowFn.args, ['day', 'class_']);
    assert.match(code, /^[\x00-\x7f]*$/);
    assert.match(code, /"TOK": _w_str\(_weft_secret\("tok"\)\)/);
    assert.match(code, /return Secret\.load\(blocks\[name\]\)\.get\(\)/);
    assert.ok(validateDeployment(load(yaml)));
  });
});

describe('weft export --target prefect (CLI)', () => {
  it('--strict fails on a pipeline with warnings', () => {
    let err = '';
    const code = main(['export', 'samples/nightly-etl/nightly-etl.weft.yaml', '--target', 'prefect', '--strict'], { out: () => undefined, err: (x) => void (err += x), cwd: ROOT });
    assert.equal(code, 1);
    assert.match(err, /^warning \[schedule\.start\]/m);
    let out = '';
    assert.equal(main(['export', 'samples/nightly-etl/nightly-etl.weft.yaml', '--target', 'prefect'], { out: (x) => void (out += x), err: () => undefined, cwd: ROOT }), 0);
    assert.match(out, /@flow\(name="nightly-etl"/);
  });
});

/**
 * A stand-in for the parts of Prefect a flow file uses, running tasks at once: `.submit` calls the
 * task with its arguments resolved (futures to results; `allow_failure` futures to the result or
 * the exception, as Prefect does) and returns a finished future; `.map` submits per item.
 */
const PREFECT_STUB = `
import sys, types, json, runpy
class Future:
    def __init__(self, value=None, exc=None): self.value, self.exc = value, exc
    def result(self, raise_on_failure=True):
        if self.exc is not None and raise_on_failure: raise self.exc
        return self.exc if self.exc is not None else self.value
class Allow:
    def __init__(self, f): self.f = f
def resolve(x):
    if isinstance(x, Allow):
        return [f.result(False) for f in x.f] if isinstance(x.f, list) else x.f.result(False)
    if isinstance(x, Future): return x.result()
    if isinstance(x, dict): return {k: resolve(v) for k, v in x.items()}
    return x
RAN = []
class TaskObj:
    def __init__(self, fn, kw): self.fn, self.kw = fn, kw
    def submit(self, *a, wait_for=None, **k):
        RAN.append(self.kw.get("name"))
        try: return Future(self.fn(*[resolve(x) for x in a], **{n: resolve(v) for n, v in k.items()}))
        except Exception as e: return Future(exc=e)
    def map(self, item, wait_for=None, **k): return [self.submit(item=i, **k) for i in item]
    def with_options(self, **k): return TaskObj(self.fn, {**self.kw, **k})
def task(fn=None, **kw):
    return TaskObj(fn, {}) if fn is not None else (lambda f: TaskObj(f, kw))
def flow(**kw):
    def deco(f):
        f.flow_kwargs = kw
        return f
    return deco
prefect = types.ModuleType("prefect")
prefect.task, prefect.flow, prefect.allow_failure, prefect.unmapped = task, flow, Allow, lambda x: x
futures = types.ModuleType("prefect.futures"); futures.wait = lambda fs: None
runtime = types.ModuleType("prefect.runtime"); runtime.flow_run = types.SimpleNamespace(id="r1", scheduled_start_time=None, run_count=1)
import pydantic
class RunInput(pydantic.BaseModel):
    @classmethod
    def with_initial_data(cls, description=None, **kw):
        PAUSES.append({"description": description, **kw})
        return cls
ANSWERS, PAUSES = {}, []
def pause_flow_run(wait_for_input=None, timeout=3600, **k):
    # The person answering: the test's answers, validated as Prefect validates the form.
    PAUSES[-1]["timeout"] = timeout
    return wait_for_input.model_validate(ANSWERS)
flow_runs = types.ModuleType("prefect.flow_runs"); flow_runs.pause_flow_run = pause_flow_run
run_input = types.ModuleType("prefect.input"); run_input.RunInput = RunInput
for name, mod in {"prefect": prefect, "prefect.futures": futures, "prefect.runtime": runtime, "prefect.flow_runs": flow_runs, "prefect.input": run_input}.items():
    sys.modules[name] = mod
def run(path, flow_name, answers=None):
    """Runs the flow; a person answers any approval with \`answers\` (the pauses are printed too)."""
    ANSWERS.update(answers or {})
    ns = runpy.run_path(path)
    ok = True
    try:
        ns[flow_name]()
    except RuntimeError as e:
        ok = False
        print("flow failed:", e, file=sys.stderr)
    print(json.dumps({"ok": ok, "ran": RAN, **({"pauses": PAUSES} if PAUSES else {})}))
`;

describe('prefect export: inputs, allowFailure, run timeout, platform', { skip: !python && 'python3 not installed' }, () => {
  const { code, result } = exportPrefect('feat.weft.yaml', FEATURES_PIPELINE);
  const s = pythonStructure(code);
  it('compiles; the flow has timeout_seconds and platform.prefect.flow; .task reaches every @task, the task\'s own wins', () => {
    assert.equal(s.ok, true, s.error);
    const fl = s.calls.find((c) => c.func === 'flow')!;
    assert.equal(fl.kwargs.timeout_seconds, 7200);
    assert.equal(fl.kwargs.log_prints, true);
    const tasks = new Map(s.calls.filter((c) => c.func === 'task' && typeof c.kwargs.name === 'string').map((c) => [c.kwargs.name as string, c.kwargs]));
    for (const id of ['generate', 'flaky', 'consume']) assert.equal(tasks.get(id)!.persist_result, false, id);
    assert.equal(tasks.get('consume')!.retries, 1);
    assert.equal(tasks.get('generate')!.retries, undefined);
    assert.ok(!result.warnings.some((w) => w.feature === 'platform.prefect'));
  });
  it('runs: the allowed failure does not fail the flow, its dependent runs with its inputs staged', () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-prefect-run-'));
    try {
      writeFileSync(join(dir, 'flow.py'), code);
      const flowFn = s.functions.find((f) => f.decorators.some((d) => d.startsWith('flow(')))!.name;
      const r = spawnSync('python3', ['-c', `${PREFECT_STUB}\nrun(${JSON.stringify(join(dir, 'flow.py'))}, ${JSON.stringify(flowFn)})`], { encoding: 'utf8', env: { ...process.env, WEFT_ROOT: dir } });
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout.trim().split('\n').pop()!), { ok: true, ran: ['generate', 'flaky', 'consume'] });
      assert.equal(readFileSync(join(dir, 'sub', 'seen.txt'), 'utf8'), FEATURES_SEEN);
      assert.match(r.stderr, /weft: task flaky failed and allowFailure is set/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('without allowFailure the same failure fails the flow and skips the dependent', () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-prefect-run-'));
    try {
      const strict = exportPrefect('feat.weft.yaml', FEATURES_PIPELINE.replace('    allowFailure: true\n', '')).code;
      writeFileSync(join(dir, 'flow.py'), strict);
      const flowFn = pythonStructure(strict).functions.find((f) => f.decorators.some((d) => d.startsWith('flow(')))!.name;
      const r = spawnSync('python3', ['-c', `${PREFECT_STUB}\nrun(${JSON.stringify(join(dir, 'flow.py'))}, ${JSON.stringify(flowFn)})`], { encoding: 'utf8', env: { ...process.env, WEFT_ROOT: dir } });
      assert.equal(JSON.parse(r.stdout.trim().split('\n').pop()!).ok, false, r.stderr);
      assert.match(r.stderr, /flow failed: tasks failed: \['flaky'\]/);
      assert.equal(existsSync(join(dir, 'sub', 'seen.txt')), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('prefect export: manifest tasks', { skip: !python && 'python3 not installed' }, () => {
  const { code, result } = exportPrefect('mf.weft.yaml', MANIFEST_PIPELINE);
  const s = pythonStructure(code);
  const flowFn = s.functions.find((f) => f.decorators.some((d) => d.startsWith('flow(')))!.name;
  const runFlow = (dir: string, env: NodeJS.ProcessEnv) => {
    writeFileSync(join(dir, 'flow.py'), code);
    return spawnSync('python3', ['-c', `${PREFECT_STUB}\nrun(${JSON.stringify(join(dir, 'flow.py'))}, ${JSON.stringify(flowFn)})`], { encoding: 'utf8', env: { ...env, WEFT_ROOT: dir } });
  };
  it('compiles; the task calls _weft_manifest with every field; the flow deletes ownedByRun objects in its finally', () => {
    assert.equal(s.ok, true, s.error);
    const call = callsTo(s, '_weft_manifest')[0]!;
    assert.equal(call.kwargs.action, 'create');
    assert.equal(call.kwargs.owner, "(run['id'], 'train_job')");
    assert.deepEqual(call.kwargs.capture, { job: '{.metadata.name}' });
    assert.equal(call.kwargs.timeout, 120);
    assert.equal(callsTo(s, '_weft_manifest_cleanup')[0]!.args[0], "run['id']");
    assert.match(code, /finally:\n(?: {8}.*\n)*? {8}_weft_manifest_cleanup\(run\["id"\], \[/);
    assert.ok(result.warnings.some((w) => w.feature === 'task.manifest' && /finally block/.test(w.message)));
  });
  it('runs against a stand-in kubectl: the capture reaches the dependent; the cleanup runs after the tasks', () => {
    const k = fakeKubectl({ object: JOB, polls: [JOB_POLLS[2]] });
    try {
      const r = runFlow(k.dir, k.env);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout.trim().split('\n').pop()!), { ok: true, ran: ['train_job', 'report'] });
      assert.equal(readFileSync(join(k.dir, 'job.txt'), 'utf8'), 'train-x7k2p\n');
      assert.equal(k.calls()[0]!.file, MANIFEST_TEXT);
      assert.deepEqual(k.calls().map((c) => c.argv[0]), ['label', 'create', 'get', 'delete']);
      assert.ok(k.calls()[3]!.argv.includes('--selector=weft.dev/run=r1,weft.dev/task=train_job'));
    } finally {
      k.dispose();
    }
  });
  it('a failure condition fails the flow, and the object is still deleted', () => {
    const k = fakeKubectl({ object: JOB, polls: [{ ...JOB, status: { failed: 3 } }] });
    try {
      const r = runFlow(k.dir, k.env);
      assert.equal(JSON.parse(r.stdout.trim().split('\n').pop()!).ok, false, r.stderr);
      assert.match(r.stderr, /flow failed: tasks failed: \['train_job'\]/);
      assert.deepEqual(k.calls().map((c) => c.argv[0]), ['label', 'create', 'get', 'delete']);
    } finally {
      k.dispose();
    }
  });
});

describe('prefect export: outputs from files, defaults, exit codes, run.duration, http conditions, approvals, services', { skip: !python && 'python3 not installed' }, () => {
  /** Runs the flow of `code` under the stand-in (`call`: FLOW the file, NAME the flow function), in a fresh WEFT_ROOT. */
  const runFlow = (code: string, call = 'run(FLOW, NAME)', prelude = '') => {
    const flowFn = pythonStructure(code).functions.find((f) => f.decorators.some((d) => d.startsWith('flow(')))!.name;
    return runInFolder('flow.py', code, (path) => `${prelude}\n${PREFECT_STUB}\n${call.replace('FLOW', JSON.stringify(path)).replace('NAME', JSON.stringify(flowFn))}`, (dir) => ({ WEFT_ROOT: dir }));
  };

  it('value outputs read from files, defaults and exit codes: returned by the producer, read from its result (or the exception it failed with)', () => {
    const { code, result } = exportPrefect('outs.weft.yaml', OUTPUTS_PIPELINE);
    const s = pythonStructure(code);
    assert.equal(s.ok, true, s.error);
    const measure = callsTo(s, '_weft_run').find((c) => String(c.args[0]).includes('out/word.txt'))!;
    assert.deepEqual(measure.kwargs.specs, { word: { path: 'out/word.txt' }, n: { path: 'out/n.txt' }, obj: { path: 'out/obj.json' }, missing: { path: 'out/none.txt', default: 'fallback' }, unreported: { default: 1.5 } });
    assert.equal(measure.kwargs.exit_code, true);
    assert.ok(code.includes('_weft_value(up, "flaky", "note", defaults={"note": "none"})'));
    assert.ok(code.includes('_weft_exit_code(up["flaky"])'));
    for (const f of ['outputs.fromPath', 'outputs.default', 'expr.exitCode']) assert.ok(result.warnings.some((w) => w.feature === f && /emulated on prefect/.test(w.message)), f);
    assert.equal(exportPrefect('outs.weft.yaml', OUTPUTS_PIPELINE).code, code, 'byte-identical re-export');
    const allowed = runFlow(code);
    try {
      assert.equal(allowed.out.ok, true, allowed.r.stderr);
      assert.equal(allowed.read('seen.txt'), OUTPUTS_SEEN);
    } finally {
      allowed.done();
    }
    // Without allowFailure the dependent (all_done) gets the exception: its exit code, and the default for its output.
    const hard = exportPrefect('outs.weft.yaml', OUTPUTS_PIPELINE.replace('    allowFailure: true\n', '').replace('    needs: [flaky]\n', '    needs: [flaky]\n    trigger: all_done\n')).code;
    const failed = runFlow(hard);
    try {
      assert.equal(failed.out.ok, false);
      assert.match(failed.r.stderr, /flow failed: tasks failed: \['flaky'\]/);
      assert.equal(failed.read('seen.txt'), OUTPUTS_SEEN);
    } finally {
      failed.done();
    }
  });

  it("run.duration: seconds since the flow run started, worked out when the task runs", () => {
    const { code } = exportPrefect('dur.weft.yaml', DURATION_PIPELINE);
    assert.ok(code.includes('"started": datetime.datetime.now(datetime.timezone.utc),'));
    assert.ok(code.includes('_weft_since(run["started"])'));
    assert.ok(!exportPrefect('outs.weft.yaml', OUTPUTS_PIPELINE).code.includes('"started"'), 'only when run.duration is read');
    const r = runFlow(code);
    try {
      assert.deepEqual(r.out, { ok: true, ran: ['timing', 'note'] }, r.r.stderr);
      const d = Number(r.read('duration.txt'));
      assert.ok(d >= 0 && d < 600, String(d));
    } finally {
      r.done();
    }
  });

  it('http expect.condition: evaluated after the call; non-2xx readable when accepted; a false condition fails, quoting it', () => {
    const { code } = exportPrefect('web.weft.yaml', HTTP_PIPELINE);
    const s = pythonStructure(code);
    assert.equal(s.ok, true, s.error);
    assert.deepEqual(callsTo(s, '_weft_http').map((c) => c.kwargs.condition).sort(), ["response.body == 'nope'", "response.body == 'other'", 'response.status == 404', "response.status == 200 && contains(response.body, 'ready') && response.headers['x-WEFT'] == 'yes'"].sort());
    const r = runFlow(code, 'run(FLOW, NAME)', TEST_SERVER);
    try {
      assert.deepEqual(r.out, { ok: true, ran: ['ok', 'gone', 'gone-too', 'wrong'] }, r.r.stderr);
      assert.ok(r.r.stderr.includes(HTTP_WRONG), r.r.stderr);
      assert.match(r.r.stderr, /weft: task wrong failed and allowFailure is set/);
    } finally {
      r.done();
    }
  });

  it('approval: pause_flow_run(wait_for_input=…) in the flow with a RunInput of the outputs; the answers reach the next task', () => {
    const { code, result } = exportPrefect('gate.weft.yaml', APPROVAL_PIPELINE);
    const s = pythonStructure(code);
    assert.equal(s.ok, true, s.error);
    for (const i of ['prefect.flow_runs.pause_flow_run', 'prefect.input.RunInput', 'pydantic.Field']) assert.ok(s.imports.includes(i), i);
    const form = s.classes.find((c) => c.bases.includes('RunInput'))!;
    assert.equal(form.name, 'gate_form');
    assert.match(code, /^ {4}tier: typing\.Literal\["small", "large"\] = Field\("small", description="Which tier"\)$/m);
    assert.match(code, /^ {4}count: int = Field\(description="How many"\)$/m);
    assert.match(code, /f\["gate"\] = _weft_answer\.with_options\(name="gate"\)\.submit\(_weft_ask\("gate", f, \[\], "all_success", gate_form, message=lambda up: /);
    // Emulated: the flow body waits, so the table's warning says later tasks start once it is answered.
    assert.ok(result.warnings.some((w) => w.feature === 'task.wait.approval' && /the flow waits there/.test(w.message)));
    const r = runFlow(code, 'run(FLOW, NAME, {"count": 3})');
    try {
      assert.deepEqual(r.out, { ok: true, ran: ['gate', 'use'], pauses: [{ description: 'Ship 1.2? {{ not jinja }}', timeout: 3600 }] }, r.r.stderr);
      assert.equal(r.read('answer.txt'), 'small 3\n');
    } finally {
      r.done();
    }
    // An answer outside the choices is refused, as the form would.
    const bad = runFlow(code, 'run(FLOW, NAME, {"count": 3, "tier": "huge"})');
    try {
      assert.notEqual(bad.r.status, 0);
      assert.match(bad.r.stderr, /ValidationError/);
    } finally {
      bad.done();
    }
  });

  it('services: not expressible (warned); the service task and a reader of its address fail loudly', () => {
    const { code, result } = exportPrefect('svc.weft.yaml', SERVICE_PIPELINE);
    assert.ok(result.warnings.some((w) => w.feature === 'task.service' && w.task === 'db' && /not expressible on prefect/.test(w.message)));
    const r = runFlow(code);
    try {
      assert.deepEqual(r.out, { ok: false, ran: ['db', 'client'] });
      assert.match(r.r.stderr, /flow failed: tasks failed: \['db', 'client'\]/);
      assert.equal(existsSync(join(r.dir, 'started.txt')), false);
      assert.equal(existsSync(join(r.dir, 'address.txt')), false);
    } finally {
      r.done();
    }
    assert.match(code, /_weft_unsupported\("tasks\.db\.address: the prefect export runs no services, so task db has no address"\)/);
    assert.match(code, /_weft_unsupported\("task db is a service \(kept running for the tasks after it\), which the prefect export cannot run/);
  });

  it('pipeline outputs: not expressible (warned); a task reading a sub-pipeline task\'s output fails loudly, never None', () => {
    const { code, result } = exportPrefect('caller.weft.yaml', SUB_OUTPUTS_PIPELINE, SUB_OUTPUTS_READ);
    assert.equal(pythonStructure(code).ok, true);
    assertSubOutputsUnsupported(result.warnings, code, 'prefect');
    assert.ok(!code.includes('_weft_value(up, "evaluate"'));
    const deployments = 'import types as _t\nd = _t.ModuleType("prefect.deployments")\nd.run_deployment = lambda name, parameters: _t.SimpleNamespace(state=_t.SimpleNamespace(is_completed=lambda: True, name="Completed"))\nsys.modules[d.__name__] = d\n';
    const r = runFlow(code, `${deployments}run(FLOW, NAME)`);
    try {
      assert.deepEqual(r.out, { ok: false, ran: ['evaluate', 'use'] });
      assert.match(r.r.stderr, /flow failed: tasks failed: \['use'\]/);
      assert.equal(existsSync(join(r.dir, 'used.txt')), false);
    } finally {
      r.done();
    }
  });
});
