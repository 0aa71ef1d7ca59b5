import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { validateText } from '../../../core/validate/validate';
import { evaluate, parseExpression } from '../../../core/expr';
import type { Pipeline } from '../../../core/model/types';
import { exportPipeline, type ExportResult } from '../../../exporters';
import { retryPolicyOf } from '../../../exporters/features';
import { pyExpr, type PyRefs } from '../../../exporters/dagster/pyexpr';
import { PRELUDE, PRELUDE_IMPORTS } from '../../../exporters/dagster/pyruntime';
import { ROOT, reader, sampleFiles } from '../helpers';
import { callsTo, pythonStructure, type PyStructure } from '../python/structure';
import { FEATURES_PIPELINE, FEATURES_SEEN } from '../python/features';
import { JOB, JOB_POLLS, MANIFEST_PIPELINE, MANIFEST_TEXT, fakeKubectl } from '../python/manifest';
import { APPROVAL_PIPELINE, DURATION_PIPELINE, HTTP_PIPELINE, HTTP_WRONG, OUTPUTS_PIPELINE, OUTPUTS_SEEN, SERVICE_PIPELINE, SUB_OUTPUTS_CHILD, SUB_OUTPUTS_FANOUT, SUB_OUTPUTS_READ, TEST_SERVER } from '../python/new-features';
import { runInFolder } from '../python/run';

const samples = sampleFiles();

function exportDagster(fileName: string, text: string, readFile?: (rel: string) => string | undefined) {
  const v = validateText(fileName, text, { fileExists: () => true });
  const errors = v.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`${fileName}: ${errors.map((e) => `${e.code} ${e.message}`).join('; ')}`);
  const pipeline = v.document.value as Pipeline;
  const result: ExportResult = exportPipeline('dagster', { pipeline, fileName, readFile });
  const code = result.files[0]!.content;
  return { pipeline, analysis: v.analysis!, result, code, s: pythonStructure(code) };
}

const exportFile = (file: string) => exportDagster(relative(ROOT, file), readFileSync(file, 'utf8'), reader(file));

/** Op name → the `t_…` variables its calls in job/graph bodies receive (data and order-only inputs). */
function opInputs(s: PyStructure, op: string, sub: boolean): string[] {
  const out = new Set<string>();
  const funcs = sub ? [`op_${op}__params`] : [`op_${op}`, `op_${op}__items`];
  for (const c of s.calls) {
    if (!funcs.includes(c.func)) continue;
    for (const v of Object.values(c.kwargs)) if (typeof v === 'string' && v.startsWith('t_')) out.add(v.slice(2));
  }
  return [...out].sort();
}

describe('dagster export of every sample', () => {
  it('finds the samples', () => assert.ok(samples.length >= 6));

  for (const file of samples) {
    const name = relative(ROOT, file);
    it(`${name}: compiles; ops, job wiring, retries, schedule`, () => {
      const { pipeline, analysis, result, s, code } = exportFile(file);
      assert.equal(s.ok, true, s.error);
      assert.equal(result.files[0]!.path, `${pipeline.metadata.name}.dagster.py`);
      assert.ok(s.imports.includes('dagster.op') && s.imports.includes('dagster.job') && s.imports.includes('dagster.Definitions'));
      // One op per task (named after the task), mapped back in OP_TASKS.
      const opTasks = s.assigns.OP_TASKS as Record<string, string>;
      const ops = callsTo(s, 'op').map((c) => c.kwargs.name as string);
      for (const id of Object.keys(pipeline.tasks)) {
        assert.ok(ops.includes(id), `op for ${id}`);
        assert.equal(opTasks[id], id);
        const fn = s.functions.find((f) => f.name === `op_${id}`)!;
        assert.ok(fn.decorators[0]!.startsWith('op('), `decorator of ${id}`);
      }
      // The job wires every task with the dependencies core computes (explicit + implied).
      const jobFn = s.functions.find((f) => f.name === `job_${pipeline.metadata.name.replace(/-/g, '_')}`);
      assert.ok(jobFn && jobFn.decorators[0]!.startsWith('job('));
      const expected = new Map<string, Set<string>>(Object.keys(pipeline.tasks).map((id) => [id, new Set()]));
      for (const e of analysis.graph.edges) if (expected.has(e.to) && pipeline.tasks[e.from]) expected.get(e.to)!.add(e.from);
      for (const [id, deps] of expected) assert.deepEqual(opInputs(s, id, pipeline.tasks[id]!.type === 'pipeline'), [...deps].sort(), `inputs of ${id}`);
      // Retries: a RetryPolicy with the limit and the delay in seconds.
      for (const [id, task] of Object.entries(pipeline.tasks)) {
        const op = callsTo(s, 'op').find((c) => c.kwargs.name === id)!;
        const r = retryPolicyOf(pipeline, task);
        if (task.type === 'pipeline') continue;
        if (r) assert.match(String(op.kwargs.retry_policy), new RegExp(`^RetryPolicy\\(max_retries=${r.limit}\\b`), `retries of ${id}`);
        else assert.equal(op.kwargs.retry_policy, undefined);
        if (r?.backoff === 'exponential') assert.match(String(op.kwargs.retry_policy), /Backoff\.EXPONENTIAL/);
        if (r?.backoff === 'linear') assert.match(String(op.kwargs.retry_policy), /Backoff\.LINEAR/);
      }
      // Schedule and Definitions.
      const defs = callsTo(s, 'Definitions')[0]!;
      assert.match(String(defs.kwargs.jobs), /job_/);
      const sched = callsTo(s, 'schedule');
      if (pipeline.schedule) {
        assert.equal(sched.length, 1);
        assert.equal(typeof sched[0]!.kwargs.cron_schedule, 'string');
        assert.match(sched[0]!.kwargs.cron_schedule as string, /^\S+ \S+ \S+ \S+ \S+$/);
        assert.equal(sched[0]!.kwargs.execution_timezone, pipeline.schedule.timezone ?? 'UTC');
        assert.match(String(defs.kwargs.schedules), /schedule_/);
      } else assert.equal(sched.length, 0);
      // Params: a field on the Params resource for each.
      const params = s.classes.find((c) => c.name === 'Params')!;
      assert.deepEqual(params.bases, ['ConfigurableResource']);
      // Processes get argv lists, never a shell string with a value in it.
      assert.doesNotMatch(code, /shell=True/);
      assert.doesNotMatch(code, /os\.system\(/);
    });
  }

  it('is deterministic: the same input gives the same bytes', () => {
    for (const file of samples) assert.equal(exportFile(file).code, exportFile(file).code);
  });

  it('nightly-etl: order-only needs are In(Nothing); the schedule honours the start date; run.date from the tick', () => {
    const { s, code, result } = exportFile(samples.find((f) => f.includes('nightly-etl'))!);
    const load = callsTo(s, 'op').find((c) => c.kwargs.name === 'load')!;
    assert.equal(load.kwargs.ins, "{'after_quality_gate': In(Nothing)}");
    assert.match(code, /t_load = op_load\(transform=t_transform, after_quality_gate=t_quality_gate\)/);
    assert.equal(callsTo(s, 'RetryPolicy').find((c) => c.kwargs.max_retries === 2)!.kwargs.delay, 30);
    assert.match(code, /if _before\(when, datetime\.datetime\.fromisoformat\("2025-01-01T00:00:00"\)\):/);
    assert.match(code, /"weft\/run_date": when\.strftime\("%Y-%m-%d"\)/);
    assert.match(code, /if P\["day"\] is None:\n        P\["day"\] = RUN\["date"\]/);
    // maxDelay cannot be expressed, and exponential differs: both warned.
    assert.ok(result.warnings.some((w) => w.feature === 'retries.maxDelay' && w.task === 'extract'));
    assert.ok(result.warnings.some((w) => w.feature === 'retries.exponential' && /2\^n - 1/.test(w.message)));
    assert.ok(result.warnings.some((w) => w.feature === 'concurrency.runs' && /tag_concurrency_limits/.test(w.message)));
  });

  it('ml-training: fan-out is DynamicOut + map + collect; if is an optional output; k8s tags', () => {
    const { s, code, result } = exportFile(samples.find((f) => f.includes('ml-training'))!);
    const items = callsTo(s, 'op').find((c) => c.kwargs.name === 'train__items')!;
    assert.equal(items.kwargs.out, 'DynamicOut()');
    assert.match(code, /t_train = op_train__items\(features=t_features\)\.map\(lambda item: op_train\(item, features=t_features\)\)\.collect\(\)/);
    assert.match(code, /yield DynamicOutput\(value, mapping_key=str\(i\)\)/);
    const register = callsTo(s, 'op').find((c) => c.kwargs.name === 'register')!;
    assert.equal(register.kwargs.out, 'Out(dict, is_required=False)');
    assert.match(code, /if not _w_truthy\(\(select_best\["best_accuracy"\] >= P\["min_accuracy"\]\)\):/);
    const train = callsTo(s, 'op').find((c) => c.kwargs.name === 'train')!;
    const tags = train.kwargs.tags as Record<string, any>;
    assert.deepEqual(tags['dagster-k8s/config'], { container_config: { image: 'python:3.12-slim', resources: { requests: { cpu: '2', memory: '1Gi' } } } });
    assert.equal(tags['dagster/concurrency_key'], 'ml_training.train');
    // A downstream of the fan-out reads a list of the items' outputs.
    assert.ok(result.warnings.some((w) => w.feature === 'foreach.parallelism' && w.task === 'train' && /dagster instance concurrency set <its dagster\/concurrency_key tag> 2/.test(w.message)));
    assert.ok(result.warnings.some((w) => w.feature === 'cache'));
  });

  it('mlops-experiments: the sub-pipeline is a @graph fed by a params op; max_concurrent from concurrency.tasks', () => {
    const { s, code } = exportFile(samples.find((f) => f.includes('mlops-experiments.weft'))!);
    const g = s.functions.find((f) => f.name === 'graph_evaluate')!;
    assert.match(g.decorators[0]!, /^graph\(/);
    assert.ok(callsTo(s, 'op').some((c) => c.kwargs.name === 'evaluate__score'));
    assert.match(code, /t_evaluate = graph_evaluate\(op_evaluate__params\(prepare=t_prepare, after_experiment=t_experiment\)\)/);
    assert.match(code, /yield Output\(\{"runs_dir": _w_format\("out\/runs\/\{0\}", RUN\["id"\]\), "test_data": prepare\["test"\]/);
    assert.match(code, /executor_def=multiprocess_executor\.configured\(\{"max_concurrent": 4\}\)/);
  });

  it('event-aggregate: a polling file sensor, webhook warned, secrets read by reference', () => {
    const { s, code, result } = exportFile(samples.find((f) => f.includes('event-aggregate'))!);
    const sensor = callsTo(s, 'sensor')[0]!;
    assert.equal(sensor.kwargs.name, 'event_aggregate_file_0');
    assert.match(code, /files = sorted\(glob\.glob\(_path\("inbox\/\*\.csv"\)\)\)/);
    assert.ok(result.warnings.some((w) => w.feature === 'triggers.webhook' && /GraphQL/.test(w.message)));
    assert.deepEqual(s.assigns.SECRETS, { webhook_token: { env: 'EVENT_WEBHOOK_TOKEN' }, signing_key: { file: 'secrets/dev-signing-key.txt' } });
    assert.match(code, /"REPORT_SIGNING_KEY": _w_str\(_secret\("signing_key"\)\)/);
    assert.doesNotMatch(code, /dev-signing-key-value|BEGIN/);
  });

  it('dataops-checks: handlers run in an exit job started by run status sensors', () => {
    const { s, result } = exportFile(samples.find((f) => f.includes('dataops-checks'))!);
    const fail = callsTo(s, 'run_failure_sensor')[0]!;
    assert.equal(fail.kwargs.request_job, 'job_dataops_checks_on_exit');
    assert.equal(callsTo(s, 'run_status_sensor')[0]!.kwargs.run_status, 'DagsterRunStatus.SUCCESS');
    assert.equal(callsTo(s, 'op').find((c) => c.kwargs.name === 'notify')!.kwargs.out, 'Out(dict, is_required=False)');
    assert.ok(s.functions.some((f) => f.name === 'job_dataops_checks_on_exit'));
    assert.ok(result.warnings.some((w) => w.feature === 'trigger.all_done' && /exported as all_success/.test(w.message)));
    assert.ok(result.warnings.some((w) => w.feature === 'trigger.one_failed' && /never holds on Dagster/.test(w.message)));
    assert.ok(result.warnings.some((w) => w.feature === 'expressions' && /tasks\.quality_gate\.status/.test(w.message)));
  });
});

describe('dagster export: the generated jobs run (with a stand-in for the dagster package)', () => {
  const fake = join(__dirname, 'fake_dagster');
  for (const file of samples.filter((f) => !f.includes('evaluate.weft'))) {
    const name = relative(ROOT, file);
    it(`${name}: the job runs the sample's scripts, wired as exported`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'weft-dagster-'));
      try {
        cpSync(dirname(file), dir, { recursive: true });
        rmSync(join(dir, 'out'), { recursive: true, force: true });
        const { result, pipeline } = exportFile(file);
        const module = join(dir, result.files[0]!.path);
        writeFileSync(module, result.files[0]!.content);
        const job = pipeline.metadata.name.replace(/-/g, '_');
        const r = spawnSync('python3', [join(fake, 'run_job.py'), module, job], { cwd: dir, encoding: 'utf8', timeout: 240_000, env: { ...process.env, PYTHONPATH: fake } });
        assert.equal(r.status, 0, r.stdout + r.stderr);
        const { ran } = JSON.parse(r.stdout.trim().split('\n').pop()!);
        for (const [id, task] of Object.entries(pipeline.tasks)) {
          const n = ran.filter((x: string) => x === id).length;
          if (task.foreach) assert.ok(n >= 1, `${id} ran per item`);
          else assert.equal(n, 1, `${id} ran once`);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('a failing check fails the run and stops its dependents; a false condition skips them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-dagster-'));
    try {
      const { result } = exportDagster('g.weft.yaml', `apiVersion: weft/v1
kind: Pipeline
metadata: {name: g}
params: {min: {type: integer, default: 5}, go: {type: boolean, default: false}}
tasks:
  count: {type: python, code: "import os; open(os.environ['WEFT_OUTPUTS'], 'a').write('rows=3\\\\n')", outputs: {rows: {type: integer}}}
  maybe: {type: shell, run: "echo maybe", if: "\${{ params.go }}"}
  after_maybe: {type: shell, run: "echo after", needs: [maybe]}
  gate: {type: check, assert: ["\${{ tasks.count.outputs.rows >= params.min }}"], message: too few}
  publish: {type: shell, run: "echo publish", needs: [gate, after_maybe]}
`);
      const module = join(dir, 'g.dagster.py');
      writeFileSync(module, result.files[0]!.content);
      const r = spawnSync('python3', [join(fake, 'run_job.py'), module, 'g'], { cwd: dir, encoding: 'utf8', env: { ...process.env, PYTHONPATH: fake } });
      assert.equal(r.status, 1);
      assert.match(r.stderr, /Failure: too few assertion failed: tasks\.count\.outputs\.rows >= params\.min/);
      const { ran } = JSON.parse(r.stdout.trim().split('\n').pop()!);
      assert.deepEqual(ran, ['count', 'maybe', 'gate']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('dagster export: names, escaping, expressions', () => {
  it('hostile names and text: unique identifiers, escaped strings, mapping kept', () => {
    const text = `apiVersion: weft/v1
kind: Pipeline
metadata:
  name: hostile_names
  description: "Quotes \\" and ' and unicode — données 日本 and a literal \${{ '\${{' }} and \\n a newline \\\\ backslash"
params:
  msg: {type: string, default: "it's \\"quoted\\" \\\\ \${{ '\${{' }}"}
  json: {type: integer, default: 1}
tasks:
  load-data:
    type: shell
    description: "\${{ params.msg }} in a description \\"\\"\\""
    run: echo "$MSG" '\${{ params.msg }}'
    env: {MSG: "\${{ params.msg }}"}
  load_data:
    type: python
    code: print("hi \\"there\\"")
    args: ["\${{ params.msg }}", "a 'b' \\"c\\" \\\\", "$(NOT_EXPANDED)"]
    needs: [load-data]
  Load_Data:
    type: container
    image: alpine:3.20
    command: [echo]
    needs: [load_data]
  json:
    type: python
    description: "unicode — données 日本"
    code: print(1)
    args: ["\${{ params.json }}"]
    needs: [Load_Data]
`;
    const { s, code } = exportDagster('hostile "file".weft.yaml', text);
    assert.equal(s.ok, true, s.error);
    assert.deepEqual(s.assigns.OP_TASKS, { load_data: 'load-data', load_data_2: 'load_data', Load_Data: 'Load_Data', json: 'json' });
    assert.match(code, /t_load_data_2 = op_load_data_2\(after_load_data=t_load_data\)/);
    // Strings survive exactly: compare through Python's own literal parser.
    const op = callsTo(s, 'op').find((c) => c.kwargs.name === 'load_data')!;
    assert.equal(op.kwargs.description, '${{ params.msg }} in a description """');
    const job = callsTo(s, 'job')[0]!;
    assert.equal(job.kwargs.description, "Quotes \" and ' and unicode — données 日本 and a literal ${{ '${{' }} and \n a newline \\ backslash");
    // The param `json` does not shadow the json module; its default and the shell text are literals.
    assert.match(code, /    json_2: int = 1\n/);
    assert.match(code, /"json": params\.json_2/);
    assert.match(code, /argv = \["bash", "-c", "echo \\"\$MSG\\" '\$\{WEFT_E0\}'"\]/);
    assert.match(code, /env\["WEFT_E0"\] = _w_str\(P\["msg"\]\)/);
    assert.ok(code.includes(String.raw`"a 'b' \"c\" \\", "$(NOT_EXPANDED)"`), 'args as Python literals');
    assert.doesNotMatch(code, /[^\x00-\x7f]/, 'ASCII only');
  });

  it('an order-only input never collides with a data input (task ids x and after_x)', () => {
    const { s, code } = exportDagster('x.weft.yaml', `apiVersion: weft/v1
kind: Pipeline
metadata: {name: x}
tasks:
  x: {type: wait, delay: 1s}
  after_x: {type: python, code: "print(1)", outputs: {n: {type: integer}}}
  y: {type: python, code: "print(1)", needs: [x], args: ["\${{ tasks.after_x.outputs.n }}"]}
`);
    assert.equal(s.ok, true, s.error);
    const y = callsTo(s, 'op').find((c) => c.kwargs.name === 'y')!;
    assert.equal(y.kwargs.ins, "{'after_x_2': In(Nothing)}");
    assert.match(code, /t_y = op_y\(after_x=t_after_x, after_x_2=t_x\)/);
  });

  it('translates the expression language to Python with the same values as core', () => {
    const params = { n: 7, x: 2.5, s: 'Hello, World', l: [3, 1, 2], o: { a: 1, b: [true, null] }, e: '', t: true };
    const exprs = [
      'params.n * 2 + 1', 'params.n / 2', 'params.n % 3', '-params.n % 3', 'params.x * 2', "params.s + '!'",
      "len(params.s)", "contains(params.s, 'World')", "contains(params.l, 2)", "startsWith(params.s, 'He')", "endsWith(params.s, 'x')",
      "lower(params.s)", "upper(params.s)", "trim('  a ')", "join(params.l, '-')", "join(params.l)", "split('a,b,,c', ',')", "split('ab', '')",
      "format('{0}-{1} {{x}}', params.n, params.s)", 'toJSON(params.o)', 'toJSON(params.l)', "fromJSON('{\"k\": [1, 2]}')", "int('7.9')", 'int(-2.5)',
      "float('1.5')", 'string(params.o)', 'string(params.t)', "default(params.e, 'fallback')", 'default(params.n, 0)', 'min(params.n, 3, 9)',
      'max(params.x, 1)', 'abs(-3)', 'round(2.5)', 'round(-2.5)', 'round(1.23456, 2)', 'range(3)', 'range(2, 5)', 'keys(params.o)',
      "params.n > 3 && params.s != ''", "params.e || 'x'", '!params.e', "params.t ? 'yes' : 'no'", 'params.l[0]', "params.o['b'][0]",
      'params.o.b', '[1, params.n, params.s]', "1 == 1.0", "1 == '1'", 'params.l == [3, 1, 2]', 'params.o == params.o', 'true == 1',
      'toJSON(1.0)', 'string(1.5)', "params.x > 2 ? params.x : 0",
    ];
    const refs: PyRefs = {
      param: (n) => `P[${JSON.stringify(n)}]`,
      output: () => ({ problem: 'no outputs' }),
      taskField: () => ({ problem: 'no status' }),
      run: () => ({ problem: 'no run' }),
      secret: () => 'None',
      item: false,
      pipelineName: 'p',
      fileName: 'p.weft.yaml',
    };
    const lines = [...PRELUDE_IMPORTS.map((m) => `import ${m}`), 'BASE_DIR = "."', 'SECRETS = {}', PRELUDE, `P = json.loads(${JSON.stringify(JSON.stringify(params))})`, 'results = []'];
    const expected: unknown[] = [];
    for (const src of exprs) {
      const ast = parseExpression(src).ast!;
      assert.ok(ast, src);
      const t = pyExpr(ast, refs);
      assert.deepEqual(t.problems, [], src);
      lines.push(`results.append(${t.code})`);
      expected.push(evaluate(ast, { params } as any));
    }
    lines.push('print(_w_json(results))');
    const r = spawnSync('python3', ['-c', lines.join('\n')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const got = JSON.parse(r.stdout) as unknown[];
    exprs.forEach((src, i) => assert.deepEqual(got[i], JSON.parse(JSON.stringify(expected[i])), src));
  });

  it('the runtime runs a task with the output contract: argv list, env, typed outputs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-dagster-'));
    try {
      writeFileSync(
        join(dir, 'task.py'),
        [
          'import os, sys',
          'with open(os.environ["WEFT_OUTPUTS"], "a") as f:',
          '    f.write("rows=42\\nname=a=b; rm -rf /\\nok=true\\ndata={\\"k\\": [1]}\\n")',
          'with open(os.environ["WEFT_METRICS"], "a") as f:',
          '    f.write("acc=0.5\\n")',
          'print(sys.argv[1:], os.environ["GREETING"])',
        ].join('\n'),
      );
      const prog = [
        ...PRELUDE_IMPORTS.map((m) => `import ${m}`),
        `BASE_DIR = ${JSON.stringify(dir)}`,
        'SECRETS = {"tok": {"env": "WEFT_TEST_TOKEN"}}',
        PRELUDE,
        'os.environ["WEFT_TEST_TOKEN"] = "s3cret"',
        'out = _weft_run(["python3", "task.py", "; echo pwned", "$(id)"], BASE_DIR, {"GREETING": _secret("tok")}, 30, {"rows": "integer", "name": "string", "ok": "boolean", "data": "object", "acc": "metric"})',
        'print(_w_json(out))',
      ].join('\n');
      const r = spawnSync('python3', ['-c', prog], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const [argvLine, outLine] = r.stdout.trim().split('\n');
      assert.equal(argvLine, "['; echo pwned', '$(id)'] s3cret");
      assert.deepEqual(JSON.parse(outLine!), { rows: 42, name: 'a=b; rm -rf /', ok: true, data: { k: [1] }, acc: 0.5 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('schedule macros become cron fields; pipeline triggers become run status sensors', () => {
    const { s, code } = exportDagster('t.weft.yaml', `apiVersion: weft/v1
kind: Pipeline
metadata: {name: t}
schedule: {cron: "@hourly", timezone: Europe/Kyiv, end: "2030-01-01T00:00:00Z"}
triggers:
  - pipeline: {name: nightly-etl, status: completed}
tasks:
  a: {type: wait, delay: 1s}
`);
    assert.equal(callsTo(s, 'schedule')[0]!.kwargs.cron_schedule, '0 * * * *');
    assert.match(code, /if not _before\(when, datetime\.datetime\.fromisoformat\("2030-01-01T00:00:00\+00:00"\)\):/);
    const sensors = callsTo(s, 'run_status_sensor');
    assert.deepEqual(sensors.map((c) => c.kwargs.run_status), ['DagsterRunStatus.SUCCESS', 'DagsterRunStatus.FAILURE']);
    assert.match(code, /if context\.dagster_run\.job_name != "nightly_etl":/);
  });

  it('a check translates its assertions and raises Failure; untranslatable references are warned', () => {
    const { code, result, s } = exportDagster('c.weft.yaml', `apiVersion: weft/v1
kind: Pipeline
metadata: {name: c}
params: {min: {type: integer, default: 3}}
tasks:
  a: {type: python, code: "print(1)", outputs: {rows: {type: integer}}}
  gate:
    type: check
    assert: ["\${{ tasks.a.outputs.rows >= params.min }}", "\${{ tasks.a.status == 'Succeeded' }}"]
    message: "Too few rows: it's \\"bad\\""
`);
    assert.equal(s.ok, true);
    assert.match(code, /failed = _failed\(\[\(\(a\["rows"\] >= P\["min"\]\), "tasks\.a\.outputs\.rows >= params\.min"\)\]\)/);
    assert.match(code, /raise Failure\(description="Too few rows: it's \\"bad\\" " \+ "assertion failed: "/);
    assert.ok(result.warnings.some((w) => w.feature === 'task.check' && w.task === 'gate' && /tasks\.a\.status/.test(w.message)));
  });
});

describe('dagster export: the CLI', () => {
  const cli = join(ROOT, 'dist', 'weft.js');
  const built = existsSync(cli);
  it('exports to stdout and to a folder; --strict fails on warnings and writes nothing', { skip: !built && 'build first (node scripts/build.mjs)' }, () => {
    const file = samples.find((f) => f.includes('nightly-etl'))!;
    const ok = spawnSync(process.execPath, [cli, 'export', file, '--target', 'dagster'], { encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /^# Generated by `weft export --target dagster`/);
    assert.match(ok.stderr, /warning \[retries\.maxDelay\] extract:/);
    const out = mkdtempSync(join(tmpdir(), 'weft-dg-cli-'));
    try {
      const strict = spawnSync(process.execPath, [cli, 'export', file, '--target', 'dagster', '--strict', '-o', out], { encoding: 'utf8' });
      assert.equal(strict.status, 1);
      assert.match(strict.stderr, /with --strict; nothing written/);
      assert.equal(existsSync(join(out, 'nightly-etl.dagster.py')), false);
      const written = spawnSync(process.execPath, [cli, 'export', file, '--target', 'dagster', '-o', out], { encoding: 'utf8' });
      assert.equal(written.status, 0);
      assert.equal(readFileSync(join(out, 'nightly-etl.dagster.py'), 'utf8'), ok.stdout);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('dagster export: inputs, allowFailure, run timeout, platform', () => {
  const fake = join(__dirname, 'fake_dagster');
  const runJob = (code: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-dagster-'));
    writeFileSync(join(dir, 'feat.dagster.py'), code);
    const r = spawnSync('python3', [join(fake, 'run_job.py'), join(dir, 'feat.dagster.py'), 'feat'], { cwd: dir, encoding: 'utf8', env: { ...process.env, PYTHONPATH: fake } });
    return { dir, r, ran: JSON.parse(r.stdout.trim().split('\n').pop()!).ran as string[] };
  };

  it('the run timeout is the job tag dagster/max_runtime; platform.dagster merged into @job and every @op (tags merged)', () => {
    const { s, result } = exportDagster('feat.weft.yaml', FEATURES_PIPELINE);
    assert.equal(s.ok, true, s.error);
    const job = callsTo(s, 'job').find((c) => c.kwargs.name === 'feat')!;
    assert.deepEqual(job.kwargs.tags, { 'weft/pipeline': 'feat', 'dagster/max_runtime': '7200', team: 'data' });
    for (const id of ['generate', 'flaky', 'consume']) {
      const op = callsTo(s, 'op').find((c) => c.kwargs.name === id)!;
      assert.equal(op.kwargs.pool, 'etl', id);
      assert.deepEqual(op.kwargs.tags, { 'weft/task': id });
    }
    assert.equal(callsTo(s, 'op').find((c) => c.kwargs.name === 'consume')!.kwargs.description, 'staged');
    assert.ok(result.warnings.some((w) => w.feature === 'timeout.run' && /run_monitoring/.test(w.message)));
  });

  it('runs: the allowed failure is logged and its dependent runs with its inputs staged (the optional one absent)', () => {
    const { code } = exportDagster('feat.weft.yaml', FEATURES_PIPELINE);
    const { dir, r, ran } = runJob(code);
    try {
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.deepEqual(ran, ['generate', 'flaky', 'consume']);
      assert.equal(readFileSync(join(dir, 'sub', 'seen.txt'), 'utf8'), FEATURES_SEEN);
      assert.match(r.stderr, /weft: task flaky failed and allowFailure is set: the run goes on/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without allowFailure the failure fails the run and its dependent never runs', () => {
    const { code } = exportDagster('feat.weft.yaml', FEATURES_PIPELINE.replace('    allowFailure: true\n', ''));
    const { dir, r, ran } = runJob(code);
    try {
      assert.equal(r.status, 1);
      assert.deepEqual(ran, ['generate', 'flaky']);
      assert.equal(existsSync(join(dir, 'sub')), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('dagster export: manifest tasks', () => {
  const fake = join(__dirname, 'fake_dagster');
  const { code, s, result } = exportDagster('mf.weft.yaml', MANIFEST_PIPELINE);
  /** Runs the job with the stand-in dagster, then the run status sensor of `status` on that run. */
  const runJob = (env: NodeJS.ProcessEnv, dir: string, status: string) => {
    writeFileSync(join(dir, 'mf.dagster.py'), code);
    const program = `import importlib.util, json, sys, types
sys.path.insert(0, ${JSON.stringify(fake)})
import dagster
spec = importlib.util.spec_from_file_location("exported", ${JSON.stringify(join(dir, 'mf.dagster.py'))})
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
ok = module.defs.get_job_def("mf").execute_in_process()
context = types.SimpleNamespace(dagster_run=types.SimpleNamespace(run_id=dagster._STATE["run"].run_id))
skip = getattr(module, "sensor_cleanup_" + ${JSON.stringify(status)})(context)
print(json.dumps({"ok": ok, "ran": dagster.EXECUTED, "run_id": dagster._STATE["run"].run_id, "skip": type(skip).__name__}))`;
    const r = spawnSync('python3', ['-c', program], { cwd: dir, encoding: 'utf8', env: { ...env, PYTHONPATH: fake } });
    return { r, out: JSON.parse(r.stdout.trim().split('\n').pop() || '{}') };
  };
  it('compiles; the op calls _weft_manifest with every field; run status sensors (success, failure, canceled) delete ownedByRun objects', () => {
    assert.equal(s.ok, true, s.error);
    const call = callsTo(s, '_weft_manifest')[0]!;
    assert.equal(call.kwargs.action, 'create');
    assert.equal(call.kwargs.owner, "(RUN['id'], 'train_job')");
    assert.equal(call.kwargs.timeout, 120);
    assert.deepEqual(call.kwargs.capture, { job: '{.metadata.name}' });
    const sensors = s.functions.filter((f) => f.name.startsWith('sensor_cleanup_'));
    assert.deepEqual(sensors.map((f) => f.decorators[0]!.replace(/^run_status_sensor\(.*run_status=DagsterRunStatus\.(\w+), monitored_jobs=\[job_mf\]\)$/, '$1')), ['SUCCESS', 'FAILURE', 'CANCELED']);
    assert.match(String(callsTo(s, 'Definitions')[0]!.kwargs.sensors), /sensor_cleanup_success, sensor_cleanup_failure, sensor_cleanup_canceled/);
    assert.ok(result.warnings.some((w) => w.feature === 'task.manifest' && /run status sensors/.test(w.message)));
    assert.equal(exportDagster('mf.weft.yaml', MANIFEST_PIPELINE).code, code, 'byte-identical re-export');
  });
  it('runs against a stand-in kubectl: the capture reaches the dependent op; the sensor deletes by the run label', () => {
    const k = fakeKubectl({ object: JOB, polls: [JOB_POLLS[2]] });
    try {
      const { r, out } = runJob(k.env, k.dir, 'success');
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.equal(out.ok, true, r.stdout + r.stderr);
      assert.deepEqual(out.ran, ['train_job', 'report']);
      assert.equal(out.skip, 'SkipReason', 'the sensor requests no run');
      assert.equal(readFileSync(join(k.dir, 'job.txt'), 'utf8'), 'train-x7k2p\n');
      const calls = k.calls();
      assert.equal(calls[0]!.file, MANIFEST_TEXT);
      assert.deepEqual(calls.map((c) => c.argv[0]), ['label', 'create', 'get', 'delete']);
      assert.ok(calls[0]!.argv.includes(`weft.dev/run=${out.run_id}`));
      assert.ok(calls[3]!.argv.includes(`--selector=weft.dev/run=${out.run_id},weft.dev/task=train_job`));
    } finally {
      k.dispose();
    }
  });
  it('a failure condition fails the run; the failure sensor still deletes the object', () => {
    const k = fakeKubectl({ object: JOB, polls: [{ ...JOB, status: { failed: 3 } }] });
    try {
      const { out, r } = runJob(k.env, k.dir, 'failure');
      assert.equal(out.ok, false, r.stdout + r.stderr);
      assert.deepEqual(out.ran, ['train_job']);
      assert.match(r.stderr, /the failure condition holds: status\.failed > 2/);
      assert.deepEqual(k.calls().map((c) => c.argv[0]), ['label', 'create', 'get', 'delete']);
    } finally {
      k.dispose();
    }
  });
});

describe('dagster export: outputs from files, defaults, exit codes, run.duration, http conditions, approvals, services', () => {
  const fake = join(__dirname, 'fake_dagster');
  /** Runs job `job` of `code` with the stand-in dagster (after `prelude`, in the same process), in a fresh folder. */
  const runJob = (code: string, job: string, prelude = '') =>
    runInFolder(
      'p.dagster.py',
      code,
      (path) => `${prelude}\nimport runpy, sys\nsys.argv = ["run_job.py", ${JSON.stringify(path)}, ${JSON.stringify(job)}]\nrunpy.run_path(${JSON.stringify(join(fake, 'run_job.py'))}, run_name="__main__")`,
      () => ({ PYTHONPATH: fake }),
    );

  it('value outputs read from files, defaults and exit codes: in the op output, read by the dependent op', () => {
    const { s, code, result } = exportDagster('outs.weft.yaml', OUTPUTS_PIPELINE);
    assert.equal(s.ok, true, s.error);
    assert.ok(code.includes('{"word": "string", "n": "integer", "obj": "object", "extra": "string", "missing": "string", "unreported": "number"}, specs={"word": {"path": "out/word.txt"}, "n": {"path": "out/n.txt"}, "obj": {"path": "out/obj.json"}, "missing": {"path": "out/none.txt", "default": "fallback"}, "unreported": {"default": 1.5}}, exit_code=True)'));
    assert.ok(code.includes('_w_str(_weft_exit_code(flaky))'));
    assert.ok(code.includes('    out = {**{"note": "none"}, **out}'), 'an allowed failure leaves its defaults');
    for (const f of ['outputs.fromPath', 'outputs.default', 'expr.exitCode']) assert.ok(result.warnings.some((w) => w.feature === f && /emulated on dagster/.test(w.message)), f);
    const r = runJob(code, 'outs');
    try {
      assert.equal(r.r.status, 0, r.r.stdout + r.r.stderr);
      assert.deepEqual(r.out.ran, ['measure', 'flaky', 'after']);
      assert.equal(r.read('seen.txt'), OUTPUTS_SEEN);
    } finally {
      r.done();
    }
  });

  it("run.duration: seconds since the run record's start time, worked out when the op runs", () => {
    const { code } = exportDagster('dur.weft.yaml', DURATION_PIPELINE);
    assert.ok(code.includes('_weft_since(_run_started(context))'));
    assert.match(code, /^def _run_started\(context\):$/m);
    assert.doesNotMatch(exportDagster('outs.weft.yaml', OUTPUTS_PIPELINE).code, /_run_started/, 'only when run.duration is read');
    const r = runJob(code, 'dur');
    try {
      assert.equal(r.r.status, 0, r.r.stdout + r.r.stderr);
      const d = Number(r.read('duration.txt'));
      assert.ok(d >= 0 && d < 600, String(d));
    } finally {
      r.done();
    }
  });

  it('http expect.condition: evaluated after the call; non-2xx readable when accepted; a false condition fails, quoting it', () => {
    const { code, s } = exportDagster('web.weft.yaml', HTTP_PIPELINE);
    assert.equal(s.ok, true, s.error);
    assert.equal(callsTo(s, '_weft_http').length, 4);
    const r = runJob(code, 'web', TEST_SERVER);
    try {
      assert.equal(r.r.status, 0, r.r.stdout + r.r.stderr);
      assert.deepEqual(r.out.ran, ['ok', 'gone', 'gone_too', 'wrong'], 'op names are identifiers');
      assert.ok(r.r.stderr.includes(HTTP_WRONG), r.r.stderr);
    } finally {
      r.done();
    }
  });

  it('approval: not expressible (warned); the op fails loudly when reached, never a silent success', () => {
    const { code, result } = exportDagster('gate.weft.yaml', APPROVAL_PIPELINE);
    assert.ok(result.warnings.some((w) => w.feature === 'task.wait.approval' && w.task === 'gate' && /not expressible on dagster/.test(w.message)));
    const r = runJob(code, 'gate');
    try {
      assert.equal(r.out.ok, false);
      assert.deepEqual(r.out.ran, ['gate']);
      assert.match(r.r.stderr, /Failure: task gate waits for a person's approval, which dagster cannot do/);
      assert.equal(existsSync(join(r.dir, 'answer.txt')), false);
    } finally {
      r.done();
    }
  });

  it("services: not expressible (warned); the service op fails loudly; tasks.<id>.address raises when read", () => {
    const { code, result } = exportDagster('svc.weft.yaml', SERVICE_PIPELINE);
    assert.ok(result.warnings.some((w) => w.feature === 'task.service' && w.task === 'db' && /not expressible on dagster/.test(w.message)));
    assert.ok(code.includes('_weft_unsupported("tasks.db.address: the dagster export runs no services, so task db has no address")'));
    const r = runJob(code, 'svc');
    try {
      assert.equal(r.out.ok, false);
      assert.deepEqual(r.out.ran, ['db']);
      assert.match(r.r.stderr, /Failure: task db is a service/);
      assert.equal(existsSync(join(r.dir, 'started.txt')), false);
    } finally {
      r.done();
    }
  });
});

describe('dagster export: pipeline outputs (the nested graph returns what the caller reads)', () => {
  const fake = join(__dirname, 'fake_dagster');
  /** Runs the job `caller` in a fresh folder with the sub-pipeline's folder `sub`. */
  const runCaller = (code: string) =>
    runInFolder(
      'caller.dagster.py',
      code,
      (path) => `import os, runpy, sys\nos.makedirs("sub")\nsys.argv = ["run_job.py", ${JSON.stringify(path)}, "caller"]\nrunpy.run_path(${JSON.stringify(join(fake, 'run_job.py'))}, run_name="__main__")`,
      () => ({ PYTHONPATH: fake }),
    );
  const WITHOUT_LOST = SUB_OUTPUTS_FANOUT.slice(0, SUB_OUTPUTS_FANOUT.indexOf('  lost:\n'));

  it('the join op yields the declared outputs from its tasks (files relative to the caller); a fan-out maps the graph and collects lists', () => {
    const { s, code, result } = exportDagster('caller.weft.yaml', SUB_OUTPUTS_FANOUT, SUB_OUTPUTS_READ);
    assert.equal(s.ok, true, s.error);
    const graph = s.functions.find((f) => f.name === 'graph_evaluate')!;
    assert.match(graph.decorators[0]!, /^graph\(/);
    const join_ = callsTo(s, 'op_evaluate');
    assert.deepEqual(join_.map((c) => c.kwargs), [{ score: 't_score', weft_params: 'v_params' }]);
    assert.deepEqual(s.functions.find((f) => f.name === 'op_evaluate')!.args, ['context', 'weft_params', 'score']);
    assert.ok(code.includes('yield Output({"accuracy": score["accuracy"], "report": os.path.normpath(os.path.join("sub", score["report"]))})'));
    // The sweep: the items op's dynamic outputs mapped through the params op and the graph, collected.
    assert.ok(code.includes('t_sweep = op_sweep__items().map(lambda item: graph_sweep(op_sweep__params(item))).collect()'));
    assert.ok(code.includes('yield Output({"model": item})'));
    assert.ok(code.includes('"ALL": _w_str([r["accuracy"] for r in sweep])'));
    // The caller's own outputs: an op computing them from the tasks they read.
    assert.deepEqual(callsTo(s, 'op_pipeline_outputs').map((c) => c.kwargs), [{ evaluate: 't_evaluate' }]);
    // An output the sub-pipeline lacks: warned by name, and reading it fails the reader.
    assert.ok(result.warnings.some((w) => w.feature === 'outputs.pipeline' && w.task === 'sweep' && /output nothing: the sub-pipeline sub\/score\.weft\.yaml has no output nothing/.test(w.message)));
    assert.ok(code.includes('_weft_unsupported("tasks.sweep.outputs.nothing: the sub-pipeline sub/score.weft.yaml has no output nothing")'));
    assert.ok(!result.warnings.some((w) => w.feature === 'outputs.values' || (w.feature === 'task.pipeline' && /foreach/.test(w.message))), JSON.stringify(result.warnings));
    assert.ok(!result.warnings.some((w) => w.feature === 'outputs.pipeline' && /not expressible/.test(w.message)));
    assert.equal(exportDagster('caller.weft.yaml', SUB_OUTPUTS_FANOUT, SUB_OUTPUTS_READ).code, code, 'byte-identical re-export');
  });

  it('runs: a later op receives the sub-pipeline\'s values, one per item for the fan-out; the pipeline outputs op yields them', () => {
    const r = runCaller(exportDagster('caller.weft.yaml', WITHOUT_LOST, SUB_OUTPUTS_READ).code);
    try {
      assert.equal(r.r.status, 0, r.r.stdout + r.r.stderr);
      assert.equal(r.read('used.txt'), '0.1 model m1\n');
      assert.equal(r.read('all.txt'), '[0.2,0.3]\n');
      assert.deepEqual(r.out.values.evaluate, { accuracy: 0.1, report: 'sub/report.txt' });
      assert.deepEqual(r.out.values.pipeline_outputs, { best: 0.1 });
      assert.equal(r.out.ran.filter((x: string) => x === 'sweep__score').length, 2);
    } finally {
      r.done();
    }
  });

  it('reading an output the sub-pipeline lacks fails the op with the reason, never None', () => {
    const r = runCaller(exportDagster('caller.weft.yaml', SUB_OUTPUTS_FANOUT, SUB_OUTPUTS_READ).code);
    try {
      assert.equal(r.out.ok, false);
      assert.match(r.r.stderr, /RuntimeError: tasks\.sweep\.outputs\.nothing: the sub-pipeline sub\/score\.weft\.yaml has no output nothing/);
      assert.equal(existsSync(join(r.dir, 'lost.txt')), false);
      assert.equal(r.read('all.txt'), '[0.2,0.3]\n');
    } finally {
      r.done();
    }
  });

  it('a sub-pipeline that fans out itself is not mapped (Dagster has no nested dynamic outputs): warned, and its outputs fail when read', () => {
    const nested = SUB_OUTPUTS_CHILD.replace('    type: shell\n', '    type: shell\n    foreach: {items: [1]}\n').replace('"${{ tasks.score.outputs.accuracy }}"', '"${{ tasks.score.outputs.accuracy[0] }}"').replace(/  report: \{type: file.*\n/, '');
    const { code, result } = exportDagster('caller.weft.yaml', SUB_OUTPUTS_FANOUT, (rel) => (rel === 'sub/score.weft.yaml' ? nested : undefined));
    assert.ok(result.warnings.some((w) => w.feature === 'task.pipeline' && w.task === 'sweep' && /foreach on a sub-pipeline task is not exported: the sub-pipeline fans out itself/.test(w.message)));
    assert.ok(code.includes('_weft_unsupported("tasks.sweep.outputs.accuracy: the fan-out over the sub-pipeline sub/score.weft.yaml is not exported on Dagster, so it has no list of outputs")'));
    assert.ok(code.includes('t_sweep = graph_sweep(op_sweep__params())'));
  });
});
