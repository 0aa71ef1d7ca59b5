import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { validateText } from '../../../core/validate/validate';
import type { Pipeline } from '../../../core/model/types';
import { exportPipeline, type ExportResult } from '../../../exporters';
import { retryPolicyOf } from '../../../exporters/features';
import { seconds } from '../../../exporters/util';
import { ROOT, reader, sampleFiles } from '../helpers';
import { callsTo, pythonStructure } from '../python/structure';
import { FEATURES_PIPELINE, FEATURES_SEEN } from '../python/features';
import { JOB, JOB_POLLS, MANIFEST_PIPELINE, MANIFEST_TEXT, fakeKubectl } from '../python/manifest';
import { APPROVAL_PIPELINE, DURATION_PIPELINE, HTTP_PIPELINE, HTTP_WRONG, OUTPUTS_PIPELINE, OUTPUTS_SEEN, SERVICE_PIPELINE, SUB_OUTPUTS_PIPELINE, SUB_OUTPUTS_READ, TEST_SERVER, assertSubOutputsUnsupported } from '../python/new-features';
import { runInFolder } from '../python/run';

const samples = sampleFiles();

function exportLuigi(fileName: string, text: string, readFile?: (rel: string) => string | undefined) {
  const v = validateText(fileName, text, { fileExists: () => true });
  const errors = v.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`${fileName}: ${errors.map((e) => `${e.code} ${e.message}`).join('; ')}`);
  const pipeline = v.document.value as Pipeline;
  const result: ExportResult = exportPipeline('luigi', { pipeline, fileName, readFile });
  const code = result.files[0]!.content;
  return { pipeline, analysis: v.analysis!, result, code, s: pythonStructure(code) };
}

const exportFile = (file: string) => exportLuigi(relative(ROOT, file), readFileSync(file, 'utf8'), reader(file));

/** The source of one class (from `class X(` to the next top-level statement). */
function classSource(code: string, name: string): string {
  const start = code.indexOf(`\nclass ${name}(`);
  assert.ok(start >= 0, `class ${name}`);
  const rest = code.slice(start + 1);
  const end = rest.search(/\n(?=\S)/);
  return end < 0 ? rest : rest.slice(0, end);
}

/** Weft task ids a class requires, from `requires()`: `"id": self.clone(Class)`. */
function requiresOf(code: string, cls: string): string[] {
  const src = classSource(code, cls);
  const m = /def requires\(self\):\n\s+return \{([^\n]*)\}/.exec(src);
  return m ? [...m[1]!.matchAll(/"([^"]+)": self\.clone\(/g)].map((x) => x[1]!).sort() : [];
}

describe('luigi export of every sample', () => {
  for (const file of samples) {
    const name = relative(ROOT, file);
    it(`${name}: compiles; one Task class per task, requires(), retries, timeouts, the wrapper`, () => {
      const { pipeline, analysis, result, s, code } = exportFile(file);
      assert.equal(s.ok, true, s.error);
      assert.equal(result.files[0]!.path, `${pipeline.metadata.name}.luigi.py`);
      assert.ok(s.imports.includes('luigi'));
      const taskClasses = s.assigns.TASK_CLASSES as Record<string, string>;
      const expected = new Map<string, Set<string>>(Object.keys(pipeline.tasks).map((id) => [id, new Set()]));
      for (const e of analysis.graph.edges) if (expected.has(e.to) && pipeline.tasks[e.from]) expected.get(e.to)!.add(e.from);
      for (const [id, task] of Object.entries(pipeline.tasks)) {
        const cls = taskClasses[id]!;
        const c = s.classes.find((x) => x.name === cls);
        assert.ok(c, `class for ${id}`);
        assert.deepEqual(c.bases, ['_WeftTask']);
        assert.equal(c.assigns.weft_task, id);
        assert.ok(c.methods.includes('run'));
        assert.deepEqual(requiresOf(code, cls), [...expected.get(id)!].sort(), `requires of ${id}`);
        const r = retryPolicyOf(pipeline, task);
        assert.equal(c.assigns.retry_count, r?.limit, `retry_count of ${id}`);
        assert.equal(c.assigns.worker_timeout, seconds(task.timeout ?? pipeline.defaults?.timeout), `worker_timeout of ${id}`);
        // File outputs are LocalTargets of output().
        const files = Object.entries(task.outputs ?? {}).filter(([, o]) => o.type === 'file' || o.type === 'dir');
        if (files.length > 0) assert.deepEqual(Object.keys(c.assigns.files as object), files.map(([n]) => n));
        if (task.foreach) assert.ok(s.classes.some((x) => x.name === `${cls}_Item` && x.bases[0] === cls), `item class of ${id}`);
      }
      // The pipeline: a WrapperTask requiring every task; __main__ builds it with the local scheduler.
      const wrapper = s.classes.find((x) => x.bases.includes('luigi.WrapperTask') && x.name.endsWith('Pipeline'))!;
      assert.ok(wrapper);
      const build = s.calls.filter((c) => c.func === 'luigi.build');
      assert.equal(build[0]!.kwargs.local_scheduler, true);
      assert.equal(build[0]!.args[0], `[${wrapper.name}()]`);
      // Schedules and triggers cannot be expressed: warned, with a cron line.
      if (pipeline.schedule) assert.ok(result.warnings.some((w) => w.feature === 'schedule' && /run it from cron/.test(w.message)));
      for (const t of pipeline.triggers ?? []) assert.ok(result.warnings.some((w) => w.feature === `triggers.${Object.keys(t)[0]}`));
      assert.doesNotMatch(code, /shell=True|os\.system\(/);
    });
  }

  it('is deterministic: the same input gives the same bytes', () => {
    for (const file of samples) assert.equal(exportFile(file).code, exportFile(file).code);
  });

  it('nightly-etl: params as typed luigi Parameters, expression defaults resolved, values read from upstream state', () => {
    const { s, code } = exportFile(samples.find((f) => f.includes('nightly-etl'))!);
    const base = s.classes.find((c) => c.name === '_WeftTask')!;
    assert.deepEqual(base.bases, ['_WeftMixin', 'luigi.Task']);
    for (const [p, cls] of [['day', 'luigi.Parameter'], ['fx_rates', 'luigi.DictParameter'], ['min_rows', 'luigi.IntParameter'], ['max_reject_ratio', 'luigi.FloatParameter']]) {
      assert.match(String(base.assigns[p!]), new RegExp(`^${cls!.replace('.', '\\.')}\\(`), p);
    }
    assert.match(code, /if P\["day"\] is None:\n            P\["day"\] = RUN\["date"\]/);
    const gate = classSource(code, 'QualityGate');
    assert.match(gate, /transform = self\.upstream\("transform"\)/);
    assert.match(gate, /raise RuntimeError\("Batch too small or too dirty/);
    assert.match(classSource(code, 'Load'), /if self\.blocked\(\["quality_gate", "transform"\]\):|if self\.blocked\(\["transform", "quality_gate"\]\):/);
  });

  it('ml-training: cache keys on params and file contents; fan-out as dynamic dependencies; if writes a skipped state', () => {
    const { s, code, result } = exportFile(samples.find((f) => f.includes('ml-training'))!);
    const features = s.classes.find((c) => c.name === 'Features')!;
    assert.match(String(features.assigns.run_id), /significant=False/);
    assert.ok(features.methods.includes('cache_key'));
    assert.match(classSource(code, 'Features'), /_files_hash\(\["scripts\/features\.py", "out\/data\/dataset\.csv", "scripts\/features\.py"\]\)/);
    assert.equal(s.classes.find((c) => c.name === 'Train')!.assigns.run_id, undefined, 'no cache: keyed on the run');
    assert.match(classSource(code, 'Train'), /results = yield \[self\.clone\(Train_Item, item=_w_json\(value\), index=i\) for i, value in enumerate\(P\["learning_rates"\]\)\]/);
    assert.match(classSource(code, 'Train_Item'), /item = json\.loads\(self\.item\)/);
    assert.match(classSource(code, 'Register'), /if not _w_truthy\(\(select_best\["best_accuracy"\] >= P\["min_accuracy"\]\)\):\n\s+return self\.finish\(\{\}, "skipped"\)/);
    assert.ok(result.warnings.some((w) => w.feature === 'cache.ttl' && w.task === 'features'));
    assert.ok(result.warnings.some((w) => w.feature === 'retries' && /keep_alive/.test(w.message)));
  });

  it('mlops-experiments: the sub-pipeline is a task yielding its WrapperTask with the with-values', () => {
    const { s, code } = exportFile(samples.find((f) => f.includes('mlops-experiments.weft'))!);
    const done = s.classes.find((c) => c.name === 'Evaluate_Done')!;
    assert.deepEqual(done.bases, ['luigi.WrapperTask', '_Evaluate_Base']);
    assert.ok(s.classes.some((c) => c.name === 'Evaluate_Score' && c.bases[0] === '_Evaluate_Base'));
    assert.match(classSource(code, 'Evaluate'), /yield Evaluate_Done\(runs_dir=_w_format\("out\/runs\/\{0\}", RUN\["id"\]\), test_data=prepare\["test"\], results="out\/eval\/results\.json", run_date=self\.run_date, run_id=self\.run_id\)/);
    assert.equal(s.assigns.WORKERS, 4);
  });

  it('dataops-checks: none of the rules but all_success and none_failed; handlers in a second build', () => {
    const { code, result } = exportFile(samples.find((f) => f.includes('dataops-checks'))!);
    assert.ok(result.warnings.some((w) => w.feature === 'trigger.one_failed' && /never runs on Luigi/.test(w.message)));
    assert.ok(result.warnings.some((w) => w.feature === 'trigger.all_done' && /emulated over skips only/.test(w.message)));
    assert.doesNotMatch(classSource(code, 'Report'), /self\.blocked/);
    assert.match(classSource(code, 'Quarantine'), /return self\.finish\(\{\}, "skipped"\)  # trigger rule one_failed never holds on Luigi/);
    assert.match(code, /    if not ok:\n        handlers \+= \[Notify\(run_status="failed"\)\]\n    handlers \+= \[Cleanup\(run_status="succeeded" if ok else "failed"\)\]/);
    assert.match(classSource(code, 'Notify'), /if self\.run_status != "failed":/);
    // tasks.x.status is the upstream's state on Luigi.
    assert.match(classSource(code, 'Report'), /_w_str\(self\.upstream_status\("quality_gate"\)\)/);
  });

  it('event-aggregate: none_failed runs after a skipped requirement (no blocked check)', () => {
    const { code } = exportFile(samples.find((f) => f.includes('event-aggregate'))!);
    assert.doesNotMatch(classSource(code, 'WaitForFiles'), /self\.blocked/);
    assert.match(classSource(code, 'Aggregate'), /self\.blocked\(\["wait_for_files"\]\)/);
  });
});

describe('luigi export: the generated modules run (with a stand-in for the luigi package)', () => {
  const fake = join(__dirname, 'fake_luigi');
  const run = (dir: string, module: string, runId: string, log: string) =>
    spawnSync('python3', [module], { cwd: dir, encoding: 'utf8', timeout: 240_000, env: { ...process.env, PYTHONPATH: fake, WEFT_RUN_ID: runId, FAKE_LUIGI_RUNS: log } });

  for (const file of samples.filter((f) => !f.includes('evaluate.weft'))) {
    const name = relative(ROOT, file);
    it(`${name}: runs the sample's scripts to completion; a rerun of the run does nothing`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'weft-luigi-'));
      try {
        cpSync(dirname(file), dir, { recursive: true });
        rmSync(join(dir, 'out'), { recursive: true, force: true });
        const { result, pipeline } = exportFile(file);
        const module = result.files[0]!.path;
        writeFileSync(join(dir, module), result.files[0]!.content);
        const log = join(dir, 'runs.log');
        const first = run(dir, module, 'r1', log);
        assert.equal(first.status, 0, first.stdout + first.stderr);
        const ran = readFileSync(log, 'utf8').trim().split('\n');
        const classes = pythonStructure(result.files[0]!.content).assigns.TASK_CLASSES as Record<string, string>;
        for (const id of Object.keys(pipeline.tasks)) assert.ok(ran.includes(classes[id]!), `${id} ran`);
        // Every task left a state target with its status and outputs.
        const states = readdirSync(join(dir, '.weft', 'luigi', pipeline.metadata.name)).map((f) => JSON.parse(readFileSync(join(dir, '.weft', 'luigi', pipeline.metadata.name, f), 'utf8')));
        for (const [id, task] of Object.entries(pipeline.tasks)) {
          const st = states.find((x) => x.task === id);
          assert.ok(st, `state of ${id}`);
          if (st.status !== 'succeeded' || task.foreach) continue;
          for (const o of Object.keys(task.outputs ?? {})) assert.ok(o in st.outputs, `${id}.${o}`);
        }
        // Idempotent: the same run again finds everything complete, except a task whose file
        // output is gone (dataops-checks' finally task deletes the scratch snapshot).
        const gone = new Set(Object.entries(pipeline.tasks).filter(([, t]) => Object.values(t.outputs ?? {}).some((o) => o.path && !existsSync(join(dir, o.path)))).map(([id]) => classes[id]));
        rmSync(log);
        const again = run(dir, module, 'r1', log);
        assert.equal(again.status, 0, again.stderr);
        const reran = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
        assert.deepEqual(reran.filter((c) => !c.endsWith('Pipeline') && !gone.has(c)), []);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('ml-training: a new run reruns every task but the cached ones; the gate and the condition decide', () => {
    const file = samples.find((f) => f.includes('ml-training'))!;
    const dir = mkdtempSync(join(tmpdir(), 'weft-luigi-'));
    try {
      cpSync(dirname(file), dir, { recursive: true });
      rmSync(join(dir, 'out'), { recursive: true, force: true });
      const { result } = exportFile(file);
      writeFileSync(join(dir, 'm.py'), result.files[0]!.content);
      const log = join(dir, 'runs.log');
      assert.equal(run(dir, 'm.py', 'r1', log).status, 0);
      rmSync(log);
      assert.equal(run(dir, 'm.py', 'r2', log).status, 0);
      const ran = readFileSync(log, 'utf8').trim().split('\n');
      assert.ok(!ran.includes('MakeDataset') && !ran.includes('Features'), ran.join(','));
      assert.ok(ran.includes('Train') && ran.includes('Register'));
      assert.equal(ran.filter((c) => c === 'Train_Item').length, 4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('luigi export: names and escaping', () => {
  it('hostile names: class names unique and mapped, strings escaped, params do not shadow Task attributes', () => {
    const { s, code } = exportLuigi('h.weft.yaml', `apiVersion: weft/v1
kind: Pipeline
metadata:
  name: hostile
  description: "it's \\"quoted\\" — 日本 \${{ '\${{' }} \\\\"
params:
  output: {type: string, default: "x\\"y"}
  mode: {type: string, enum: [a, "b'c"], default: a}
tasks:
  load-data: {type: python, code: "print('\\"')", description: "\${{ params.output }} \\"\\"\\""}
  load_data: {type: shell, run: "echo '\${{ params.output }}'", needs: [load-data]}
  LoadData: {type: wait, delay: 1s, needs: [load_data]}
`);
    assert.equal(s.ok, true, s.error);
    assert.deepEqual(s.assigns.TASK_CLASSES, { 'load-data': 'LoadData', load_data: 'LoadData_2', LoadData: 'LoadData_3' });
    assert.deepEqual(requiresOf(code, 'LoadData_3'), ['load_data']);
    const base = s.classes.find((c) => c.name === '_WeftTask')!;
    assert.match(String(base.assigns.output_2), /^luigi\.Parameter\(default='x"y'\)$/);
    assert.match(String(base.assigns.mode), /^luigi\.ChoiceParameter\(choices=\['a', "b'c"\], default='a'\)$/);
    assert.match(code, /"output": _plain\(self\.output_2\)/);
    assert.doesNotMatch(code, /[^\x00-\x7f]/, 'ASCII only');
  });
});

describe('luigi export: the CLI', () => {
  const cli = join(ROOT, 'dist', 'weft.js');
  it('--strict exits 1 with the warnings; without it the module goes to stdout', { skip: !existsSync(cli) && 'build first (node scripts/build.mjs)' }, () => {
    const file = samples.find((f) => f.includes('nightly-etl'))!;
    const strict = spawnSync(process.execPath, [cli, 'export', file, '--target', 'luigi', '--strict'], { encoding: 'utf8' });
    assert.equal(strict.status, 1);
    assert.match(strict.stderr, /warning \[schedule\] Luigi has no scheduler: run it from cron/);
    assert.equal(strict.stdout, '');
    const ok = spawnSync(process.execPath, [cli, 'export', file, '--target', 'luigi'], { encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /^# Generated by `weft export --target luigi`/);
  });
});

describe('luigi export: inputs, allowFailure, platform', () => {
  const fake = join(__dirname, 'fake_luigi');
  const runModule = (code: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-luigi-'));
    writeFileSync(join(dir, 'feat.luigi.py'), code);
    const r = spawnSync('python3', ['feat.luigi.py'], { cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, PYTHONPATH: fake, WEFT_RUN_ID: 'r1' } });
    const stateDir = join(dir, '.weft', 'luigi', 'feat');
    const states = existsSync(stateDir) ? readdirSync(stateDir).map((f) => JSON.parse(readFileSync(join(stateDir, f), 'utf8'))) : [];
    return { dir, r, status: Object.fromEntries(states.map((x) => [x.task, x.status])) };
  };

  it('platform.luigi.task: attributes of every task class (on the base) and of one task (its own wins)', () => {
    const { s, result } = exportLuigi('feat.weft.yaml', FEATURES_PIPELINE);
    assert.equal(s.ok, true, s.error);
    assert.equal(s.classes.find((c) => c.name === '_WeftTask')!.assigns.priority, 5);
    assert.equal(s.classes.find((c) => c.name === 'Consume')!.assigns.retry_count, 2);
    assert.equal(s.classes.find((c) => c.name === 'Generate')!.assigns.retry_count, undefined);
    assert.ok(result.warnings.some((w) => w.feature === 'timeout.run' && /not expressible on luigi/.test(w.message)));
    assert.ok(!result.warnings.some((w) => w.feature === 'platform.luigi'));
  });

  it('runs: the allowed failure completes with a failed state, its dependent runs with its inputs staged', () => {
    const { dir, r, status } = runModule(exportLuigi('feat.weft.yaml', FEATURES_PIPELINE).code);
    try {
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.deepEqual(status, { generate: 'succeeded', flaky: 'failed', consume: 'succeeded' });
      assert.equal(readFileSync(join(dir, 'sub', 'seen.txt'), 'utf8'), FEATURES_SEEN);
      assert.match(r.stderr, /weft: task flaky failed and allowFailure is set: the run goes on/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without allowFailure the failure fails the build and its dependent never runs', () => {
    const { dir, r, status } = runModule(exportLuigi('feat.weft.yaml', FEATURES_PIPELINE.replace('    allowFailure: true\n', '')).code);
    try {
      assert.equal(r.status, 1);
      assert.deepEqual(status, { generate: 'succeeded' });
      assert.equal(existsSync(join(dir, 'sub', 'seen.txt')), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('luigi export: manifest tasks', () => {
  const fake = join(__dirname, 'fake_luigi');
  const { code, s, result } = exportLuigi('mf.weft.yaml', MANIFEST_PIPELINE);
  const runModule = (env: NodeJS.ProcessEnv, dir: string) => {
    writeFileSync(join(dir, 'mf.luigi.py'), code);
    const r = spawnSync('python3', ['mf.luigi.py'], { cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...env, PYTHONPATH: fake, WEFT_RUN_ID: 'r1' } });
    const stateDir = join(dir, '.weft', 'luigi', 'mf');
    const states = existsSync(stateDir) ? readdirSync(stateDir).map((f) => JSON.parse(readFileSync(join(stateDir, f), 'utf8'))) : [];
    return { r, states: Object.fromEntries(states.map((x) => [x.task, x])) };
  };
  it('compiles; run() calls _weft_manifest with every field; __main__ deletes ownedByRun objects after the build', () => {
    assert.equal(s.ok, true, s.error);
    assert.equal(s.classes.find((c) => c.name === 'TrainJob')!.assigns.worker_timeout, 120);
    const call = callsTo(s, '_weft_manifest')[0]!;
    assert.equal(call.kwargs.action, 'create');
    assert.equal(call.kwargs.owner, "(RUN['id'], 'train_job')");
    assert.deepEqual(call.kwargs.capture, { job: '{.metadata.name}' });
    assert.equal(callsTo(s, '_weft_manifest_cleanup')[0]!.args[0], 'RUN_ID');
    assert.match(code, /\n {4}_weft_manifest_cleanup\(RUN_ID, \[\n[^\n]*\n {4}\]\)\n {4}sys\.exit\(0 if ok else 1\)\n/);
    assert.ok(result.warnings.some((w) => w.feature === 'task.manifest' && /end of __main__/.test(w.message)));
  });
  it('runs against a stand-in kubectl: the capture is in the state target and reaches the dependent; the object is deleted at the end', () => {
    const k = fakeKubectl({ object: JOB, polls: [JOB_POLLS[2]] });
    try {
      const { r, states } = runModule(k.env, k.dir);
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.deepEqual(states.train_job, { task: 'train_job', status: 'succeeded', outputs: { job: 'train-x7k2p' } });
      assert.equal(readFileSync(join(k.dir, 'job.txt'), 'utf8'), 'train-x7k2p\n');
      const calls = k.calls();
      assert.equal(calls[0]!.file, MANIFEST_TEXT);
      assert.deepEqual(calls.map((c) => c.argv[0]), ['label', 'create', 'get', 'delete']);
      assert.ok(calls[3]!.argv.includes('--selector=weft.dev/run=r1,weft.dev/task=train_job'));
    } finally {
      k.dispose();
    }
  });
  it('a failure condition fails the build, and the object is still deleted', () => {
    const k = fakeKubectl({ object: JOB, polls: [{ ...JOB, status: { failed: 3 } }] });
    try {
      const { r, states } = runModule(k.env, k.dir);
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.equal(states.train_job, undefined);
      assert.deepEqual(k.calls().map((c) => c.argv[0]), ['label', 'create', 'get', 'delete']);
    } finally {
      k.dispose();
    }
  });
});

describe('luigi export: outputs from files, defaults, exit codes, run.duration, http conditions, approvals, services', () => {
  const fake = join(__dirname, 'fake_luigi');
  /** Runs the module (after `prelude`, in the same process) in a fresh folder; the states by task. */
  const runModule = (code: string, name: string, prelude = '') => {
    const run = runInFolder('p.luigi.py', code, () => `${prelude}\nimport runpy\nrunpy.run_path("p.luigi.py", run_name="__main__")`, () => ({ PYTHONPATH: fake, WEFT_RUN_ID: 'r1' }));
    const stateDir = join(run.dir, '.weft', 'luigi', name);
    const states = existsSync(stateDir) ? readdirSync(stateDir).map((f) => JSON.parse(readFileSync(join(stateDir, f), 'utf8'))) : [];
    return { ...run, states: Object.fromEntries(states.map((x) => [x.task, x])) };
  };

  it('value outputs read from files, defaults and exit codes: in the state target, read by the dependent', () => {
    const { s, code, result } = exportLuigi('outs.weft.yaml', OUTPUTS_PIPELINE);
    assert.equal(s.ok, true, s.error);
    assert.deepEqual(s.classes.find((c) => c.name === 'Flaky')!.assigns.defaults, { note: 'none' });
    assert.ok(code.includes('exit_code=True)'));
    for (const f of ['outputs.fromPath', 'outputs.default', 'expr.exitCode']) assert.ok(result.warnings.some((w) => w.feature === f && /emulated on luigi/.test(w.message)), f);
    const r = runModule(code, 'outs');
    try {
      assert.equal(r.r.status, 0, r.r.stdout + r.r.stderr);
      assert.deepEqual(r.states.flaky, { task: 'flaky', status: 'failed', outputs: { note: 'none', __weft_exit__: 7 } });
      assert.deepEqual(r.states.measure.outputs, { word: 'hello', n: 42, obj: { a: [1, 2] }, extra: 'x', missing: 'fallback', unreported: 1.5, __weft_exit__: 0 });
      assert.equal(r.read('seen.txt'), OUTPUTS_SEEN);
    } finally {
      r.done();
    }
  });

  it('a skipped task leaves its defaults in its state', () => {
    const { code } = exportLuigi('outs.weft.yaml', OUTPUTS_PIPELINE.replace('    allowFailure: true\n', "    allowFailure: true\n    if: '${{ 1 > 2 }}'\n"));
    const r = runModule(code, 'outs');
    try {
      assert.equal(r.r.status, 0, r.r.stdout + r.r.stderr);
      assert.deepEqual(r.states.flaky, { task: 'flaky', status: 'skipped', outputs: { note: 'none' } });
    } finally {
      r.done();
    }
  });

  it('run.duration: not expressible (warned); a task reading it fails loudly', () => {
    const { code, result } = exportLuigi('dur.weft.yaml', DURATION_PIPELINE);
    assert.ok(result.warnings.some((w) => w.feature === 'expr.runDuration' && /not expressible on luigi/.test(w.message)));
    const r = runModule(code, 'dur');
    try {
      assert.equal(r.r.status, 1);
      assert.match(r.r.stderr, /RuntimeError: run\.duration: Luigi runs have no start time a task can read/);
      assert.equal(existsSync(join(r.dir, 'duration.txt')), false);
    } finally {
      r.done();
    }
  });

  it('http expect.condition: evaluated after the call; non-2xx readable when accepted; a false condition fails, quoting it', () => {
    const { code } = exportLuigi('web.weft.yaml', HTTP_PIPELINE);
    const r = runModule(code, 'web', TEST_SERVER);
    try {
      assert.equal(r.r.status, 0, r.r.stdout + r.r.stderr);
      assert.deepEqual(Object.fromEntries(Object.entries(r.states).map(([k, v]) => [k, (v as { status: string }).status])), { ok: 'succeeded', gone: 'succeeded', 'gone-too': 'succeeded', wrong: 'failed' });
      assert.ok(r.r.stderr.includes(HTTP_WRONG), r.r.stderr);
    } finally {
      r.done();
    }
  });

  it('approvals and services: not expressible (warned); reaching them fails the build loudly', () => {
    const gate = exportLuigi('gate.weft.yaml', APPROVAL_PIPELINE);
    assert.ok(gate.result.warnings.some((w) => w.feature === 'task.wait.approval' && /not expressible on luigi/.test(w.message)));
    const a = runModule(gate.code, 'gate');
    try {
      assert.equal(a.r.status, 1);
      assert.match(a.r.stderr, /RuntimeError: task gate waits for a person's approval, which luigi cannot do/);
      assert.deepEqual(a.states, {});
    } finally {
      a.done();
    }
    const svc = exportLuigi('svc.weft.yaml', SERVICE_PIPELINE);
    assert.ok(svc.result.warnings.some((w) => w.feature === 'task.service' && /not expressible on luigi/.test(w.message)));
    assert.ok(svc.code.includes('_weft_unsupported("tasks.db.address: the luigi export runs no services, so task db has no address")'));
    const b = runModule(svc.code, 'svc');
    try {
      assert.equal(b.r.status, 1);
      assert.match(b.r.stderr, /RuntimeError: task db is a service/);
      assert.equal(existsSync(join(b.dir, 'started.txt')), false);
    } finally {
      b.done();
    }
  });

  it('pipeline outputs: not expressible (warned); a task reading a sub-pipeline task\'s output fails the build loudly, never None', () => {
    const { code, result } = exportLuigi('caller.weft.yaml', SUB_OUTPUTS_PIPELINE, SUB_OUTPUTS_READ);
    assertSubOutputsUnsupported(result.warnings, code, 'luigi');
    assert.ok(!result.warnings.some((w) => /reports no outputs/.test(w.message)), 'the capability row says it');
    const r = runModule(code, 'caller', 'import os\nos.makedirs("sub")');
    try {
      assert.equal(r.r.status, 1);
      assert.match(r.r.stderr, /RuntimeError: tasks\.evaluate\.outputs\.accuracy: the luigi export starts the sub-pipeline of task evaluate as a separate run/);
      assert.equal(r.read('sub/report.txt'), 'model m1\n', 'the sub-pipeline ran');
      assert.equal(existsSync(join(r.dir, 'used.txt')), false);
    } finally {
      r.done();
    }
  });
});
