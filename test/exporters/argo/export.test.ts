import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { load } from 'js-yaml';
import { retryPolicyOf } from '../../../exporters/features';
import { seconds } from '../../../exporters/util';
import { wrapperScript } from '../../../exporters/argo/runners';
import { generatePipeline } from '../../bench/generate';
import { ROOT, dagDeps, exportFile, exportText, leafOf, sampleFiles, schemaErrors, template } from '../helpers';

const samples = sampleFiles();

describe('argo export of every sample', () => {
  it('finds the samples', () => assert.ok(samples.length >= 6, String(samples.length)));

  for (const file of samples) {
    const name = relative(ROOT, file);
    it(`${name}: validates against Argo's schema and mirrors the Weft graph`, () => {
      const { pipeline, analysis, doc, spec, result } = exportFile(file);
      assert.equal(schemaErrors(doc), '', 'schema errors');
      assert.equal(doc.apiVersion, 'argoproj.io/v1alpha1');
      assert.equal(doc.kind, pipeline.schedule ? 'CronWorkflow' : 'Workflow');
      assert.equal(result.files[0]!.path, `${pipeline.metadata.name}.argo.yaml`);
      if (pipeline.schedule) {
        assert.deepEqual(doc.spec.schedules, [pipeline.schedule.cron]);
        if (pipeline.schedule.timezone) assert.equal(doc.spec.timezone, pipeline.schedule.timezone);
      }
      // The names annotation maps every task id to its DAG task name.
      const names: Record<string, string> = JSON.parse(doc.metadata.annotations['weft.dev/names']);
      const back = new Map(Object.entries(names).map(([a, b]) => [b, a]));
      // The main DAG: one task per Weft task, with the same dependencies (explicit + implied).
      const main = template(spec, spec.entrypoint);
      assert.deepEqual(main.dag.tasks.map((t: any) => back.get(t.name)).sort(), Object.keys(pipeline.tasks).sort());
      const expected = new Map<string, string[]>();
      for (const id of Object.keys(pipeline.tasks)) expected.set(id, []);
      for (const e of analysis.graph.edges) expected.get(e.to)!.push(e.from);
      for (const t of main.dag.tasks) {
        const id = back.get(t.name)!;
        assert.deepEqual(dagDeps(t).map((n) => back.get(n)).sort(), [...new Set(expected.get(id))].sort(), `dependencies of ${id}`);
        const task = pipeline.tasks[id]!;
        const leaf = leafOf(spec, t);
        const retry = retryPolicyOf(pipeline, task);
        if (retry) assert.equal(leaf.retryStrategy?.limit, String(retry.limit), `retries of ${id}`);
        else assert.equal(leaf.retryStrategy, undefined);
        const timeout = seconds(task.timeout ?? pipeline.defaults?.timeout);
        if (timeout !== undefined && task.type !== 'http') assert.equal(leaf.activeDeadlineSeconds, timeout, `timeout of ${id}`);
        if (task.if) assert.ok(t.when, `when of ${id}`);
        if (task.foreach) assert.ok(t.withItems !== undefined || t.withParam !== undefined || template(spec, t.template).parallelism !== undefined, `loop of ${id}`);
      }
      // Params with their defaults.
      const params = spec.arguments?.parameters ?? [];
      assert.deepEqual(params.map((p: any) => p.name), Object.keys(pipeline.params ?? {}));
      for (const p of params) if (pipeline.params![p.name]!.default !== undefined) assert.equal(typeof p.value, 'string');
      // Handlers run in the exit handler.
      const handlers = [...Object.keys(pipeline.onFailure ?? {}), ...Object.keys(pipeline.finally ?? {})];
      if (handlers.length > 0) {
        const exit = template(spec, spec.onExit);
        assert.deepEqual(exit.dag.tasks.map((t: any) => back.get(t.name)).sort(), handlers.sort());
        for (const t of exit.dag.tasks) if (pipeline.onFailure?.[back.get(t.name)!]) assert.match(t.when, /\{\{workflow\.status\}\} != Succeeded/);
      } else assert.equal(spec.onExit, undefined);
    });
  }

  it('is deterministic: the same input gives the same bytes', () => {
    for (const file of samples) assert.equal(exportFile(file).result.files[0]!.content, exportFile(file).result.files[0]!.content);
  });

  it("the schema check has teeth: an unknown field or a wrong type is rejected", () => {
    const { doc, spec } = exportFile(samples.find((f) => f.includes('nightly-etl'))!);
    assert.equal(schemaErrors(doc), '');
    spec.templates[1].script.bogus = 1;
    assert.notEqual(schemaErrors(doc), '');
    delete spec.templates[1].script.bogus;
    spec.templates[1].script.args = 'not a list';
    assert.notEqual(schemaErrors(doc), '');
  });
});

describe('argo export: the mappings', () => {
  it('nightly-etl: CronWorkflow, mutex + Forbid, retries with backoff, artifacts, output parameters', () => {
    const { doc, spec, result } = exportFile(samples.find((f) => f.includes('nightly-etl'))!);
    assert.equal(doc.spec.concurrencyPolicy, 'Forbid');
    assert.deepEqual(spec.synchronization, { mutexes: [{ name: 'nightly-etl' }] });
    const extract = template(spec, 'extract');
    assert.deepEqual(extract.retryStrategy, { limit: '3', backoff: { duration: '10s', factor: 2, cap: '2m' } });
    assert.deepEqual(template(spec, 'load').retryStrategy, { limit: '2', backoff: { duration: '30s', factor: 1 } });
    assert.deepEqual(extract.outputs.parameters[0], { name: 'rows', valueFrom: { path: '/tmp/weft/out/rows' } });
    assert.deepEqual(extract.outputs.artifacts, [{ name: 'raw', path: '/work/out/raw.csv' }]);
    // The script and the module it imports travel as raw artifacts at their paths.
    const arts = extract.inputs.artifacts.map((a: any) => a.path);
    assert.deepEqual(arts, ['/work/scripts/extract.py', '/work/scripts/weft_io.py']);
    assert.equal(extract.inputs.artifacts[0].raw.data, readFileSync(join(ROOT, 'samples/nightly-etl/scripts/extract.py'), 'utf8'));
    // transform reads extract's file: an input artifact at the same path, the argument is the path.
    const main = template(spec, 'main');
    const transform = main.dag.tasks.find((t: any) => t.name === 'transform');
    assert.deepEqual(transform.arguments.artifacts, [{ name: 'extract_raw', from: '{{tasks.extract.outputs.artifacts.raw}}' }]);
    assert.ok(template(spec, 'transform').script.args.includes('out/raw.csv'));
    // The check task reads outputs through parameters, as env vars of a Python step.
    const gate = main.dag.tasks.find((t: any) => t.name === 'quality-gate');
    assert.ok(gate.arguments.parameters.some((p: any) => p.value === '{{tasks.transform.outputs.parameters.rows}}'));
    assert.ok(gate.arguments.parameters.some((p: any) => p.value === '{{workflow.parameters.min_rows}}'));
    // The start date cannot be expressed: warned.
    assert.ok(result.warnings.some((w) => w.feature === 'schedule.start'));
    // Param default expression → Argo's creation date.
    assert.equal(spec.arguments.parameters[0].value, '{{workflow.creationTimestamp.Y}}-{{workflow.creationTimestamp.m}}-{{workflow.creationTimestamp.d}}');
  });

  it('ml-training: fan-out with parallelism becomes a wrapper DAG; if becomes when; resources; memoize', () => {
    const { spec, result } = exportFile(samples.find((f) => f.includes('ml-training'))!);
    const main = template(spec, 'main');
    const train = main.dag.tasks.find((t: any) => t.name === 'train');
    const loop = template(spec, train.template);
    assert.equal(loop.parallelism, 2);
    assert.equal(loop.dag.tasks[0].withParam, '{{workflow.parameters.learning_rates}}');
    assert.equal(loop.dag.tasks[0].arguments.parameters[0].value, '{{item}}');
    assert.deepEqual(loop.outputs.parameters.map((p: any) => p.name), ['accuracy', 'logloss']);
    const register = main.dag.tasks.find((t: any) => t.name === 'register');
    assert.equal(register.when, '{{tasks.select-best.outputs.parameters.best_accuracy}} >= {{workflow.parameters.min_accuracy}}');
    assert.deepEqual(template(spec, 'train').script.resources, { requests: { cpu: '2', memory: '1Gi' } });
    const features = template(spec, 'features');
    assert.equal(features.memoize.maxAge, '168h');
    assert.match(features.memoize.key, /^\{\{=sprig\.sha256sum\('[0-9a-f]{8}' \+ '\|' \+ inputs\.parameters\./);
    assert.ok(result.warnings.some((w) => w.feature === 'cache.inputs' && w.task === 'features'));
  });

  it('dataops-checks: trigger rules become depends; onFailure/finally an exit handler; linear backoff warned', () => {
    const { spec, result } = exportFile(samples.find((f) => f.includes('dataops'))!);
    const main = template(spec, 'main');
    const byName = (n: string) => main.dag.tasks.find((t: any) => t.name === n);
    assert.equal(byName('quarantine').depends, '(quality-gate.Failed || quality-gate.Errored) || (snapshot.Failed || snapshot.Errored)');
    assert.match(byName('report').depends, /^\(row-count\.Succeeded \|\| row-count\.Failed \|\| row-count\.Errored \|\| row-count\.Skipped \|\| row-count\.Omitted\) && /);
    assert.equal(spec.onExit, 'exit-handler');
    assert.deepEqual(template(spec, 'snapshot').retryStrategy, { limit: '2', backoff: { duration: '15s', factor: 2 } });
    assert.ok(result.warnings.some((w) => w.feature === 'retries.linear' && w.task === 'snapshot'));
    assert.ok(result.warnings.some((w) => w.feature === 'trigger.one_failed'));
  });

  it('event-aggregate: secrets by reference, never by value; none_failed after an optional task', () => {
    const { spec, result } = exportFile(samples.find((f) => f.includes('event-aggregate'))!);
    const env = template(spec, 'aggregate').script.env;
    assert.deepEqual(env.find((e: any) => e.name === 'REPORT_SIGNING_KEY'), { name: 'REPORT_SIGNING_KEY', valueFrom: { secretKeyRef: { name: 'event-aggregate', key: 'signing-key' } } });
    const main = template(spec, 'main');
    assert.equal(main.dag.tasks.find((t: any) => t.name === 'wait-for-files').depends, '(simulate-arrivals.Succeeded || simulate-arrivals.Skipped || simulate-arrivals.Omitted)');
    assert.equal(main.dag.tasks.find((t: any) => t.name === 'simulate-arrivals').when, '{{workflow.parameters.simulate}}');
    for (const f of ['triggers.file', 'triggers.webhook', 'task.wait.file']) assert.ok(result.warnings.some((w) => w.feature === f), f);
  });

  it('mlops-experiments: the sub-pipeline is a nested DAG with its params as inputs', () => {
    const { spec } = exportFile(samples.find((f) => f.includes('mlops-experiments.weft'))!);
    const evaluate = template(spec, 'evaluate');
    assert.deepEqual(evaluate.inputs.parameters.map((p: any) => p.name), ['runs_dir', 'test_data', 'results', 'max_rmse']);
    assert.deepEqual(evaluate.dag.tasks.map((t: any) => t.template), ['evaluate-score', 'evaluate-usable']);
    assert.equal(template(spec, 'evaluate-score').inputs.artifacts[0].path, '/work/scripts/score.py');
    const call = template(spec, 'main').dag.tasks.find((t: any) => t.name === 'evaluate');
    assert.deepEqual(call.arguments.parameters.find((p: any) => p.name === 'runs_dir'), { name: 'runs_dir', value: 'out/runs/{{workflow.name}}' });
    assert.equal(spec.parallelism, 4);
  });
});

const BASE = `apiVersion: weft/v1
kind: Pipeline
metadata: {name: t}
`;

describe('argo export: expressions, names, safety', () => {
  it('hostile names and text: sanitised, escaped, mapped, still schema-valid', () => {
    const text = `apiVersion: weft/v1
kind: Pipeline
metadata:
  name: hostile_names
  description: "Quotes \\" and ' and unicode — données 日本 and a literal \${{ '\${{' }} and \\n a newline"
  labels: {team: "données & co"}
params:
  msg: {type: string, default: "it's \\"quoted\\""}
tasks:
  load-data:
    type: shell
    description: "\${{ params.msg }} in a description"
    run: echo "$MSG"
    env: {MSG: "\${{ params.msg }}", PLAIN: "$(HOME) stays"}
  load_data:
    type: python
    code: print("hi")
    args: ["\${{ params.msg }}", "a 'b' \\"c\\"", "$(NOT_EXPANDED)"]
    needs: [load-data]
  Load_Data:
    type: container
    image: alpine:3.20
    command: [echo]
    needs: [load_data]
`;
    const { doc, spec, result } = exportText('hostile.weft.yaml', text);
    assert.equal(schemaErrors(doc), '');
    const names = JSON.parse(doc.metadata.annotations['weft.dev/names']);
    assert.deepEqual(names, { 'load-data': 'load-data', load_data: 'load-data-2', Load_Data: 'load-data-3' });
    assert.equal(doc.metadata.generateName, 'hostile-names-');
    assert.equal(doc.metadata.annotations['workflows.argoproj.io/description'], "Quotes \" and ' and unicode — données 日本 and a literal ${{ '${{' }} and \n a newline");
    assert.deepEqual(doc.metadata.labels, { team: 'donnees-co' });
    assert.ok(result.warnings.some((w) => w.feature === 'labels'));
    const main = template(spec, 'main');
    assert.deepEqual(main.dag.tasks.map((t: any) => [t.name, t.dependencies ?? []]), [['load-data', []], ['load-data-2', ['load-data']], ['load-data-3', ['load-data-2']]]);
    // Kubernetes would expand $(…) in args and env values: literal text is escaped.
    const py = template(spec, 'load-data-2');
    assert.deepEqual(py.script.args, ['{{inputs.parameters.arg_0}}', `a 'b' "c"`, '$$(NOT_EXPANDED)']);
    assert.equal(template(spec, 'load-data').script.env.find((e: any) => e.name === 'PLAIN').value, '$$(HOME) stays');
    assert.equal(spec.arguments.parameters[0].value, `it's "quoted"`);
  });

  it('expressions in shell run become environment variables, not shell text', () => {
    const { spec } = exportText('r.weft.yaml', `${BASE}params: {day: {type: string, default: x}}
tasks:
  a: {type: shell, run: 'echo "day \${{ params.day }}"'}
`);
    const a = template(spec, 'a');
    assert.equal(a.inputs.artifacts[0].raw.data, 'echo "day ${WEFT_E0}"');
    assert.deepEqual(a.script.env, [{ name: 'WEFT_E0', value: '{{inputs.parameters.run_0}}' }]);
  });

  it('secrets inside text: a WEFT_SECRET_ variable and Kubernetes $(…) expansion', () => {
    const { spec, result } = exportText('s.weft.yaml', `${BASE}secrets:
  token: {kubernetes: {name: api, key: token}, env: TOKEN}
  local_only: {env: LOCAL}
tasks:
  a:
    type: python
    code: print(1)
    args: ["--auth=Bearer \${{ secrets.token }}"]
    env: {ONLY_LOCAL: "\${{ secrets.local_only }}"}
`);
    const a = template(spec, 'a');
    assert.deepEqual(a.script.args, ['--auth=Bearer $(WEFT_SECRET_TOKEN)']);
    assert.deepEqual(a.script.env, [{ name: 'WEFT_SECRET_TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } }]);
    assert.ok(result.warnings.some((w) => w.feature === 'secrets' && /local_only has no kubernetes reference/.test(w.message)));
    assert.doesNotMatch(JSON.stringify(spec), /LOCAL/);
  });

  it('conditions and values outside the translatable subset are warned, never dropped silently', () => {
    const { spec, result } = exportText('c.weft.yaml', `${BASE}params: {xs: {type: list, default: [1, 2]}, n: {type: integer, default: 2}, mode: {type: string, default: full}}
tasks:
  a:
    type: python
    code: print(1)
    if: \${{ len(params.xs) > 1 }}
    args: ["\${{ params.n * 2 }}", "\${{ format('{0}-{1}', params.mode, run.id) }}", "\${{ toJSON(params.xs) }}", "\${{ 1 + 2 }}"]
  b:
    type: python
    code: print(1)
    if: "\${{ params.mode == 'full' && !(params.n < 3) }}"
  c:
    type: shell
    run: echo
    foreach: {items: "\${{ range(3) }}"}
  d:
    type: shell
    run: echo
    foreach: {items: [{k: 1}, {k: 2}]}
`);
    const main = template(spec, 'main');
    const by = (n: string) => main.dag.tasks.find((t: any) => t.name === n);
    assert.equal(by('a').when, undefined);
    assert.ok(result.warnings.some((w) => w.feature === 'if' && w.task === 'a' && /always runs/.test(w.message)));
    assert.ok(result.warnings.some((w) => w.feature === 'expressions' && w.task === 'a' && /params\.n \* 2/.test(w.message)));
    const args = by('a').arguments.parameters.map((p: any) => p.value);
    assert.deepEqual(args, ['{{workflow.parameters.mode}}-{{workflow.name}}', '{{workflow.parameters.xs}}']);
    // The untranslatable one stays as its source text (and is warned); a constant is folded.
    assert.deepEqual(template(spec, 'a').script.args, ['params.n * 2', '{{inputs.parameters.arg_1}}', '{{inputs.parameters.arg_2}}', '3']);
    assert.equal(by('b').when, "('{{workflow.parameters.mode}}' == 'full') && !({{workflow.parameters.n}} < 3)");
    assert.deepEqual(by('c').withItems, [0, 1, 2]);
    assert.deepEqual(by('d').withItems, [{ k: 1 }, { k: 2 }]);
  });

  it('a missing script is warned (and not embedded)', () => {
    const { result, spec } = exportText('m.weft.yaml', `${BASE}tasks:\n  a: {type: python, script: nope.py}\n`, () => undefined);
    assert.ok(result.warnings.some((w) => w.feature === 'scripts' && w.task === 'a' && /nope\.py was not found/.test(w.message)));
    assert.equal(template(spec, 'a').inputs, undefined);
  });

  it('http, wait delay, container: native templates', () => {
    const { spec, doc } = exportText('h.weft.yaml', `${BASE}secrets: {tok: {kubernetes: {name: s, key: k}}}
tasks:
  call:
    type: http
    method: POST
    url: https://example.com/x
    headers: {Authorization: "\${{ secrets.tok }}"}
    body: {a: 1}
    expect: {status: [200, 202]}
    timeout: 30s
  pause: {type: wait, delay: 5m, needs: [call]}
  run: {type: container, image: "alpine:3.20", command: [echo], args: [hi], resources: {cpu: 0.5, memory: 64Mi, gpu: 1}}
`);
    assert.equal(schemaErrors(doc), '');
    assert.deepEqual(template(spec, 'call').http, {
      url: 'https://example.com/x',
      method: 'POST',
      headers: [{ name: 'Authorization', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }],
      body: '{"a":1}',
      successCondition: 'response.statusCode == 200 || response.statusCode == 202',
      timeoutSeconds: 30,
    });
    assert.deepEqual(template(spec, 'pause').suspend, { duration: '300' });
    assert.deepEqual(template(spec, 'run').container.resources, { requests: { cpu: '0.5', memory: '64Mi' }, limits: { 'nvidia.com/gpu': '1' } });
  });
});

describe('argo export: the generated programs run', () => {
  it('the wrapper turns WEFT_OUTPUTS/WEFT_METRICS lines into one file per output', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wrapper-'));
    try {
      const prog = join(dir, 'prog.sh');
      writeFileSync(prog, 'echo "rows=42" >> "$WEFT_OUTPUTS"\nprintf \'cols=["a","b"]\\nbad line\\n../x=1\\nmsg=a=b\' >> "$WEFT_OUTPUTS"\necho "acc=0.9" >> "$WEFT_METRICS"\necho "args:$1:$2"\n');
      const script = wrapperScript(['sh', prog], true).replaceAll('/tmp/weft', dir);
      const out = execFileSync('sh', ['-c', script, 'sh', 'one', 'two two'], { encoding: 'utf8' });
      assert.equal(out, 'args:one:two two\n');
      const read = (n: string) => readFileSync(join(dir, 'out', n), 'utf8');
      assert.equal(read('rows'), '42');
      assert.equal(read('cols'), '["a","b"]');
      assert.equal(read('msg'), 'a=b');
      assert.equal(read('acc'), '0.9');
      assert.throws(() => read('x'));
      // A failing program fails the step.
      writeFileSync(prog, 'exit 3\n');
      assert.equal(spawnSync('sh', ['-c', script, 'sh'], { encoding: 'utf8' }).status, 3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const python = spawnSync('python3', ['--version']).status === 0;
  it('the check step evaluates assertions from env values', { skip: !python && 'python3 not available' }, () => {
    const { spec } = exportText('k.weft.yaml', `${BASE}params: {min: {type: integer, default: 5}, names: {type: list, default: [a]}}
tasks:
  p:
    type: python
    code: print(1)
    outputs: {rows: {type: integer}, ok: {type: boolean}, label: {type: string}}
  gate:
    type: check
    assert:
      - \${{ tasks.p.outputs.rows >= params.min && tasks.p.outputs.ok }}
      - "\${{ contains(params.names, 'a') && startsWith(tasks.p.outputs.label, '{{x') }}"
    message: too small
`);
    const gate = template(spec, 'gate');
    const source: string = gate.script.source;
    assert.doesNotMatch(source, /\{\{/);
    const args = template(spec, 'main').dag.tasks.find((t: any) => t.name === 'gate').arguments.parameters;
    const run = (values: string[]) => {
      const env: Record<string, string> = { PATH: process.env.PATH ?? '' };
      gate.script.env.forEach((e: any, i: number) => (env[e.name] = values[i]!));
      return spawnSync('python3', ['-c', source], { env, encoding: 'utf8' });
    };
    assert.deepEqual(args.map((a: any) => a.value), ['{{tasks.p.outputs.parameters.rows}}', '{{workflow.parameters.min}}', '{{tasks.p.outputs.parameters.ok}}', '{{workflow.parameters.names}}', '{{tasks.p.outputs.parameters.label}}']);
    assert.equal(run(['7', '5', 'true', '["a"]', '{{xy']).status, 0);
    const bad = run(['3', '5', 'true', '["a"]', 'nope']);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /too small\nassertion failed: tasks\.p\.outputs\.rows >= params\.min && tasks\.p\.outputs\.ok\nassertion failed: contains/);
  });
});

describe('argo export: a generated 1,000-task pipeline', () => {
  it('exports, validates and keeps every dependency', () => {
    const text = generatePipeline(1000);
    const t0 = performance.now();
    const { doc, spec, analysis, result } = exportText('generated.weft.yaml', text);
    const ms = performance.now() - t0;
    assert.equal(schemaErrors(doc), '');
    const main = template(spec, 'main');
    assert.equal(main.dag.tasks.length, 1000);
    const deps = new Map<string, string[]>();
    for (const e of analysis.graph.edges) deps.set(e.to, [...(deps.get(e.to) ?? []), e.from.replace(/_/g, '-')]);
    for (const t of main.dag.tasks) assert.deepEqual(dagDeps(t), [...new Set(deps.get(t.name.replace(/-/g, '_')) ?? [])].sort());
    assert.equal(result.files[0]!.content, exportText('generated.weft.yaml', text).result.files[0]!.content);
    process.stdout.write(`# 1,000-task export incl. validation: ${ms.toFixed(0)} ms, ${(result.files[0]!.content.length / 1e6).toFixed(2)} MB\n`);
    assert.ok(load(result.files[0]!.content));
  });
});

describe('argo export: input files, allowed failures, kubernetes and platform settings', () => {
  const task = (spec: any, name: string) => template(spec, 'main').dag.tasks.find((t: any) => t.name === name);

  it('inputs: from a file output (artifact argument), URLs (artifact locations), content (raw); absolute paths as is', () => {
    const { doc, spec, result } = exportText('i.weft.yaml', `${BASE}params: {bucket: {type: string, default: b}}
tasks:
  gen:
    type: shell
    run: echo hi > /tmp/out.txt
    outputs: {out: {type: file, path: /tmp/out.txt}}
  use:
    type: shell
    run: cat in/msg /data /src/README.md
    inputs:
      msg: {path: in/msg, from: "\${{ tasks.gen.outputs.out }}", mode: 493}
      data: {path: /data, url: "s3://\${{ params.bucket }}/k/x.csv"}
      src: {path: /src, url: "git+https://github.com/argoproj/argo-workflows.git#main", optional: true}
      page: {path: /page, url: "https://example.com/x"}
      gs: {path: /gs, url: "gs://g/o"}
      az: {path: /az, url: "azure://c/blob"}
      hd: {path: /hd, url: "hdfs://nn:8020/p/q"}
      note: {path: note.txt, content: "day \${{ params.bucket }}"}
    platform:
      argo:
        inputs: {data: {s3: {endpoint: s3.example.com}}, az: {azure: {endpoint: "https://acct.blob.core.windows.net"}}}
`);
    assert.equal(schemaErrors(doc), '');
    assert.deepEqual(template(spec, 'gen').outputs.artifacts, [{ name: 'out', path: '/tmp/out.txt' }]);
    const use = template(spec, 'use');
    const arts = Object.fromEntries(use.inputs.artifacts.map((a: any) => [a.name, a]));
    assert.deepEqual(arts.msg, { name: 'msg', path: '/work/in/msg', mode: 493 });
    assert.deepEqual(arts.data, { name: 'data', path: '/data', s3: { bucket: '{{inputs.parameters.data_bucket}}', key: 'k/x.csv', endpoint: 's3.example.com' } });
    assert.deepEqual(arts.src, { name: 'src', path: '/src', git: { repo: 'https://github.com/argoproj/argo-workflows.git', revision: 'main' }, optional: true });
    assert.deepEqual(arts.page.http, { url: 'https://example.com/x' });
    assert.deepEqual(arts.gs.gcs, { bucket: 'g', key: 'o' });
    assert.deepEqual(arts.az.azure, { container: 'c', blob: 'blob', endpoint: 'https://acct.blob.core.windows.net' });
    assert.deepEqual(arts.hd.hdfs, { addresses: ['nn:8020'], path: '/p/q' });
    assert.deepEqual(arts.note, { name: 'note', path: '/work/note.txt', raw: { data: '{{inputs.parameters.note_content}}' } });
    const dagUse = task(spec, 'use');
    assert.deepEqual(dagUse.dependencies, ['gen']);
    assert.deepEqual(dagUse.arguments.artifacts, [{ name: 'msg', from: '{{tasks.gen.outputs.artifacts.out}}' }]);
    assert.deepEqual(result.warnings.filter((w) => w.feature === 'inputs'), []);
  });

  it('allowFailure: continueOn on the DAG task; a dependent spelled with depends also runs after the failure', () => {
    const { doc, spec } = exportText('a.weft.yaml', `${BASE}tasks:
  flaky: {type: shell, run: exit 1, allowFailure: true}
  maybe: {type: shell, run: "true", if: "\${{ 1 > 0 }}"}
  after: {type: shell, run: "true", needs: [flaky, maybe]}
`);
    assert.equal(schemaErrors(doc), '');
    assert.deepEqual(task(spec, 'flaky').continueOn, { failed: true });
    assert.equal(task(spec, 'after').depends, '(flaky.Succeeded || flaky.Failed) && maybe.Succeeded');
  });

  it('kubernetes: pipeline settings on the workflow spec (mounts on every container), task settings on its template', () => {
    const { doc, spec } = exportText('k.weft.yaml', `${BASE}kubernetes:
  serviceAccount: runner
  nodeSelector: {pool: batch}
  imagePullSecrets: [regcred]
  podLabels: {team: data}
  volumeClaimTemplates: [{metadata: {name: work}, spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}}]
  volumeMounts: [{name: work, mountPath: /work/shared}]
tasks:
  train:
    type: container
    image: python:3.12
    kubernetes:
      tolerations: [{key: gpu, operator: Exists}]
      volumes: [{name: cache, emptyDir: {}}]
      volumeMounts: [{name: cache, mountPath: /cache}]
      sidecars: [{name: db, image: postgres}]
      imagePullPolicy: Always
      securityContext: {runAsNonRoot: true}
      annotations: {a: b}
      imagePullSecrets: [other]
      priorityClassName: high
`);
    assert.equal(schemaErrors(doc), '');
    assert.equal(spec.serviceAccountName, 'runner');
    assert.deepEqual(spec.nodeSelector, { pool: 'batch' });
    assert.deepEqual(spec.imagePullSecrets, [{ name: 'regcred' }, { name: 'other' }]);
    assert.deepEqual(spec.podMetadata, { labels: { team: 'data' } });
    assert.equal(spec.volumeClaimTemplates[0].metadata.name, 'work');
    const t = template(spec, 'train');
    assert.deepEqual(t.tolerations, [{ key: 'gpu', operator: 'Exists' }]);
    assert.deepEqual(t.volumes, [{ name: 'cache', emptyDir: {} }]);
    assert.deepEqual(t.sidecars, [{ name: 'db', image: 'postgres' }]);
    assert.deepEqual(t.metadata, { annotations: { a: 'b' } });
    assert.equal(t.priorityClassName, 'high');
    assert.deepEqual(t.container.volumeMounts, [{ name: 'work', mountPath: '/work/shared' }, { name: 'cache', mountPath: '/cache' }]);
    assert.equal(t.container.imagePullPolicy, 'Always');
    assert.deepEqual(t.container.securityContext, { runAsNonRoot: true });
  });

  it('platform.argo: template, task, inputs/outputs, spec, main, metadata and cron are merged where documented; unknown keys warned', () => {
    const { doc, spec, result } = exportText('p.weft.yaml', `${BASE}schedule: {cron: "0 1 * * *"}
timeout: 1h
platform:
  argo:
    spec: {podGC: {strategy: OnPodSuccess}}
    main: {dag: {failFast: false}}
    metadata: {labels: {x: y}}
    cron: {schedules: ["0 1 * * *", "0 13 * * *"], startingDeadlineSeconds: 30}
    bogus: {}
tasks:
  a:
    type: shell
    run: echo hi > /tmp/o
    outputs: {o: {type: file, path: /tmp/o}}
    platform:
      argo:
        template: {daemon: true, script: {readinessProbe: {exec: {command: ["true"]}}}}
        task: {continueOn: {error: true}}
        outputs: {o: {archive: {none: {}}}}
`);
    assert.equal(schemaErrors(doc), '');
    assert.deepEqual(doc.spec.schedules, ['0 1 * * *', '0 13 * * *']);
    assert.equal(doc.spec.startingDeadlineSeconds, 30);
    assert.equal(doc.metadata.labels.x, 'y');
    const wf = doc.spec.workflowSpec;
    assert.equal(wf.activeDeadlineSeconds, 3600);
    assert.deepEqual(wf.podGC, { strategy: 'OnPodSuccess' });
    assert.equal(template(wf, 'main').dag.failFast, false);
    const a = template(wf, 'a');
    assert.equal(a.daemon, true);
    assert.deepEqual(a.script.readinessProbe, { exec: { command: ['true'] } });
    assert.ok(a.script.source.length > 0, 'the merge keeps the generated script');
    assert.deepEqual(a.outputs.artifacts, [{ name: 'o', path: '/tmp/o', archive: { none: {} } }]);
    assert.deepEqual(task(wf, 'a').continueOn, { error: true });
    assert.ok(result.warnings.some((w) => w.feature === 'platform.argo' && w.message.includes('bogus')));
    void spec;
  });

  it('foreach over range() of a param becomes withSequence', () => {
    const { doc, spec } = exportText('r.weft.yaml', `${BASE}params: {n: {type: integer, default: 3}}
tasks:
  a: {type: shell, run: "echo \${{ item }}", foreach: {items: "\${{ range(params.n) }}"}}
  b: {type: shell, run: "echo \${{ item }}", foreach: {items: "\${{ range(1, params.n + 1) }}"}}
  c: {type: shell, run: "echo \${{ item }}", foreach: {items: "\${{ range(5, 5 + params.n) }}"}}
`);
    assert.equal(schemaErrors(doc), '');
    assert.deepEqual(task(spec, 'a').withSequence, { count: '{{workflow.parameters.n}}' });
    assert.deepEqual(task(spec, 'b').withSequence, { start: '1', end: '{{workflow.parameters.n}}' });
    assert.deepEqual(task(spec, 'c').withSequence, { start: '5', count: '{{workflow.parameters.n}}' });
  });

  it('manifest tasks become resource templates; capture becomes output parameters read by jsonPath', () => {
    const { doc, spec, result } = exportText('k.weft.yaml', `${BASE}params: {ns: {type: string, default: jobs}}
tasks:
  job:
    type: manifest
    action: create
    ownedByRun: true
    flags: ["--namespace=\${{ params.ns }}"]
    manifest: |
      apiVersion: batch/v1
      kind: Job
      metadata: {generateName: train-}
    successCondition: status.succeeded > 0
    failureCondition: status.failed > 2
    capture: {name: "{.metadata.name}"}
    outputs: {name: {type: string}, other: {type: string}}
  wait:
    type: manifest
    action: get
    successCondition: status.phase == Succeeded
    manifest: |
      apiVersion: batch/v1
      kind: Job
      metadata: {name: "\${{ tasks.job.outputs.name }}"}
`);
    assert.equal(schemaErrors(doc), '');
    const job = template(spec, 'job');
    assert.deepEqual(job.resource, {
      action: 'create',
      flags: ['{{inputs.parameters.flag_0}}'],
      setOwnerReference: true,
      successCondition: 'status.succeeded > 0',
      failureCondition: 'status.failed > 2',
      manifest: 'apiVersion: batch/v1\nkind: Job\nmetadata: {generateName: train-}\n',
    });
    assert.deepEqual(job.outputs.parameters, [{ name: 'name', valueFrom: { jsonPath: '{.metadata.name}' } }]);
    assert.equal(job.container, undefined);
    assert.deepEqual(task(spec, 'job').arguments.parameters, [{ name: 'flag_0', value: '--namespace={{workflow.parameters.ns}}' }]);
    assert.ok(result.warnings.some((w) => w.task === 'job' && w.message.includes('capture.other')));
    const wait = template(spec, 'wait');
    assert.equal(wait.resource.manifest, '{{inputs.parameters.manifest}}');
    assert.match(task(spec, 'wait').arguments.parameters[0].value, /name: "\{\{tasks\.job\.outputs\.parameters\.name\}\}"/);
    assert.deepEqual(task(spec, 'wait').dependencies, ['job']);
  });

  it("a sub-pipeline's outputs its caller declares are the nested DAG's outputs (a loop's aggregated list, a default, a file); the pipeline's own are the entrypoint's", () => {
    const sub = `${BASE}params: {n: {type: integer, default: 1}}
outputs:
  total: {type: integer, value: "\${{ tasks.add.outputs.sum }}"}
  each: {type: list, value: "\${{ tasks.double.outputs.out }}"}
  z: {type: list, value: "\${{ zip(tasks.double.outputs) }}"}
  d: {type: integer, value: "\${{ default(tasks.add.outputs.sum, 3) }}"}
  report: {type: file, value: "\${{ tasks.add.outputs.report }}"}
  unread: {type: integer, value: "\${{ tasks.add.outputs.sum }}"}
tasks:
  double: {type: shell, run: echo, foreach: {items: [1, 2]}, outputs: {out: {type: integer}}}
  add: {type: shell, run: echo, outputs: {sum: {type: integer}, report: {type: file, path: r.txt}}}
finally:
  clean: {type: shell, run: "echo \${{ tasks.add.outputs.sum }}"}
`;
    const main = `${BASE}outputs:
  t: {type: integer, value: "\${{ tasks.s.outputs.total }}"}
  r: {type: file, value: "\${{ tasks.s.outputs.report }}"}
  all: {type: list, value: "\${{ tasks.f.outputs.total }}"}
tasks:
  s:
    type: pipeline
    pipeline: sub.weft.yaml
    outputs: {total: {type: integer}, each: {type: list}, z: {type: list}, d: {type: integer}, report: {type: file}, nope: {type: string}}
    platform: {argo: {outputs: {total: {globalName: g-total}}}}
  f: {type: pipeline, pipeline: sub.weft.yaml, foreach: {items: [1, 2]}, outputs: {total: {type: integer}, report: {type: file}}}
  p: {type: pipeline, pipeline: sub.weft.yaml, foreach: {items: [1, 2], parallelism: 1}, outputs: {total: {type: integer}}}
  use:
    type: shell
    run: 'cat "$R"; echo $T $L $P'
    env: {R: "\${{ tasks.s.outputs.report }}", T: "\${{ tasks.s.outputs.total }}", L: "\${{ tasks.f.outputs.total }}", P: "\${{ tasks.p.outputs.total }}"}
`;
    const { doc, spec, result } = exportText('p.weft.yaml', main, (rel) => (rel === 'sub.weft.yaml' ? sub : undefined));
    assert.equal(schemaErrors(doc), '');
    const s = template(spec, 's');
    assert.deepEqual(s.outputs, {
      parameters: [
        { name: 'total', valueFrom: { parameter: '{{tasks.add.outputs.parameters.sum}}' }, globalName: 'g-total' },
        { name: 'each', valueFrom: { parameter: '{{tasks.double.outputs.parameters.out}}' } },
        { name: 'z', valueFrom: { parameter: '{{tasks.double.outputs.parameters}}' } },
        { name: 'd', valueFrom: { parameter: '{{tasks.add.outputs.parameters.sum}}', default: '3' } },
        // The finally's bridge after the outputs the caller reads, under another name.
        { name: 'add-sum', valueFrom: { parameter: '{{tasks.add.outputs.parameters.sum}}' } },
      ],
      artifacts: [{ name: 'report', from: '{{tasks.add.outputs.artifacts.report}}' }],
    });
    // A fan-out's values are Argo's aggregated lists (behind a parallelism wrapper too); its files are not collected.
    assert.deepEqual(template(spec, 'f').outputs.parameters.map((x: any) => x.name), ['total', 'add-sum']);
    assert.deepEqual(template(spec, 'p-loop').outputs, { parameters: [{ name: 'total', valueFrom: { parameter: '{{tasks.p.outputs.parameters.total}}' } }] });
    const use = task(spec, 'use');
    assert.deepEqual(use.arguments.parameters.map((x: any) => x.value), ['{{tasks.s.outputs.parameters.total}}', '{{tasks.f.outputs.parameters.total}}', '{{tasks.p.outputs.parameters.total}}']);
    assert.deepEqual(use.arguments.artifacts, [{ name: 's_report', from: '{{tasks.s.outputs.artifacts.report}}' }]);
    assert.deepEqual(template(spec, 'main').outputs, {
      parameters: [
        { name: 't', valueFrom: { parameter: '{{tasks.s.outputs.parameters.total}}' } },
        { name: 'all', valueFrom: { parameter: '{{tasks.f.outputs.parameters.total}}' } },
      ],
      artifacts: [{ name: 'r', from: '{{tasks.s.outputs.artifacts.report}}' }],
    });
    const warned = result.warnings.filter((w) => w.feature === 'outputs.pipeline').map((w) => `${w.task}: ${w.message}`);
    assert.deepEqual(warned, [
      's: output nope: the sub-pipeline sub.weft.yaml has no output nope; tasks reading tasks.s.outputs.nope get nothing on Argo',
      'f: output report: a file of each run of a fan-out sub-pipeline cannot be collected on Argo (artifacts of a loop are not aggregated)',
    ]);
  });

  it("a sub-pipeline's finally is the exit hook of the task calling it (main outputs passed through); its concurrency and platform.argo.main go on the nested DAG", () => {
    const sub = `${BASE}concurrency: {tasks: 2}
platform: {argo: {main: {failFast: false}}}
tasks:
  make: {type: shell, run: "echo hi > /o", outputs: {o: {type: file, path: /o}, v: {type: string}}}
  more: {type: shell, run: "true", needs: [make]}
finally:
  clean: {type: container, image: alpine, args: ["\${{ tasks.make.outputs.v }}"], inputs: {f: {path: /f, from: "\${{ tasks.make.outputs.o }}"}}}
  after: {type: container, image: alpine, needs: [clean]}
`;
    const { doc, spec, result } = exportText('p.weft.yaml', `${BASE}tasks:\n  s: {type: pipeline, pipeline: sub.weft.yaml}\n  t: {type: shell, run: "true", needs: [s]}\n`, (rel) => (rel === 'sub.weft.yaml' ? sub : undefined));
    assert.equal(schemaErrors(doc), '');
    assert.deepEqual(result.warnings.filter((w) => w.feature === 'task.pipeline' || w.feature === 'inputs' || w.feature === 'expressions'), []);
    const nested = template(spec, 's');
    assert.equal(nested.parallelism, 2);
    assert.equal(nested.failFast, false);
    // The nested DAG holds the main tasks only, so a failed main task fails it (and the calling task).
    assert.deepEqual(nested.dag.tasks.map((x: any) => x.name), ['make', 'more']);
    assert.deepEqual(nested.outputs, {
      parameters: [{ name: 'make-v', valueFrom: { parameter: '{{tasks.make.outputs.parameters.v}}' } }],
      artifacts: [{ name: 'make-o', from: '{{tasks.make.outputs.artifacts.o}}' }],
    });
    assert.deepEqual(task(spec, 's').hooks, {
      exit: {
        template: 's-finally',
        arguments: { parameters: [{ name: 'make-v', value: '{{tasks.s.outputs.parameters.make-v}}' }], artifacts: [{ name: 'make-o', from: '{{tasks.s.outputs.artifacts.make-o}}' }] },
      },
    });
    const fin = template(spec, 's-finally');
    assert.deepEqual(fin.inputs, { parameters: [{ name: 'make-v' }], artifacts: [{ name: 'make-o' }] });
    const clean = fin.dag.tasks.find((x: any) => x.name === 'clean');
    assert.deepEqual(clean.arguments.artifacts, [{ name: 'f', from: '{{inputs.artifacts.make-o}}' }]);
    assert.deepEqual(clean.arguments.parameters, [{ name: 'arg_0', value: '{{inputs.parameters.make-v}}' }]);
    assert.deepEqual(fin.dag.tasks.find((x: any) => x.name === 'after').dependencies, ['clean']);
    assert.equal(spec.onExit, undefined);
    assert.deepEqual(task(spec, 't').dependencies, ['s']);
  });

  it('platform.argo.template strings with ${{ }}: each expression passed in as an input parameter, Argo tags around it kept', () => {
    const { doc, spec } = exportText('r.weft.yaml', `${BASE}params: {who: {type: string, default: me}}
tasks:
  a:
    type: container
    image: alpine
    foreach: {items: [x, y]}
    platform: {argo: {template: {metrics: {prometheus: [{name: m, help: h, labels: [{key: k, value: "\${{ item }}-{{status}}-\${{ params.who }}"}], counter: {value: "1"}}]}}}}
`);
    assert.equal(schemaErrors(doc), '');
    const a = template(spec, 'a');
    assert.equal(a.metrics.prometheus[0].labels[0].value, '{{inputs.parameters.argo_0_0}}-{{status}}-{{inputs.parameters.argo_0_1}}');
    assert.deepEqual(task(spec, 'a').arguments.parameters, [{ name: 'argo_0_0', value: '{{item}}' }, { name: 'argo_0_1', value: '{{workflow.parameters.who}}' }]);
  });

  it('a memoized template declares every input its cache key reads', () => {
    const { doc, spec } = exportText('m.weft.yaml', `${BASE}params: {day: {type: string, default: d}}
tasks:
  a: {type: shell, run: "echo \${{ params.day }}", cache: {key: ["\${{ params.day }}-x"]}}
`);
    assert.equal(schemaErrors(doc), '');
    const a = template(spec, 'a');
    for (const m of a.memoize.key.matchAll(/inputs\.parameters\.([A-Za-z0-9_]+)/g)) assert.ok(a.inputs.parameters.some((p: any) => p.name === m[1]), m[1]);
  });
});

describe('argo export: task and run statuses', () => {
  const BASE = 'apiVersion: weft/v1\nkind: Pipeline\nmetadata: {name: st}\n';
  it("compares {{tasks.t.status}} and {{workflow.status}} with Argo's phase names, not Weft's words", () => {
    const { doc, spec } = exportText('st.weft.yaml', `${BASE}tasks:
  a: {type: shell, run: 'true'}
  b: {type: shell, run: 'true', needs: [a], trigger: all_done, if: "\${{ tasks.a.status != 'failed' }}"}
  c: {type: shell, run: 'true', needs: [a], trigger: none_failed, if: "\${{ tasks.a.status == 'skipped' }}"}
finally:
  ok: {type: shell, run: 'true', if: "\${{ run.status == 'succeeded' }}"}
  ko: {type: shell, run: 'true', if: "\${{ run.status == 'failed' }}"}
`);
    assert.equal(schemaErrors(doc), '');
    const main = template(spec, 'main').dag.tasks;
    const b = main.find((t: any) => t.name === 'b');
    assert.equal(b.depends, '(a.Succeeded || a.Skipped || a.Omitted)');
    assert.equal(b.when, undefined);
    assert.equal(main.find((t: any) => t.name === 'c').when, "'{{tasks.a.status}}' == 'Skipped' || '{{tasks.a.status}}' == 'Omitted'");
    const exit = template(spec, spec.onExit).dag.tasks;
    assert.equal(exit.find((t: any) => t.name === 'ok').when, "'{{workflow.status}}' == 'Succeeded'");
    assert.equal(exit.find((t: any) => t.name === 'ko').when, "'{{workflow.status}}' == 'Failed' || '{{workflow.status}}' == 'Error'");
  });
});

describe('argo export: services, approvals, outputs from files, node variables, http conditions', () => {
  const task = (spec: any, name: string, dag = 'main') => template(spec, dag).dag.tasks.find((t: any) => t.name === name);

  it('a service is a daemon with a readiness probe on its port (an HTTP GET of ready, else a connection); its address is the pod IP', () => {
    const { doc, spec, result } = exportText('s.weft.yaml', `${BASE}tasks:
  db: {type: container, image: "influxdb:1.8", service: {port: 8086, ready: /ping}}
  cache: {type: shell, run: redis-server, service: {port: 6379}}
  mock: {type: python, code: "serve()", service: true}
  load:
    type: shell
    run: curl "http://$DB:8086/query"
    env: {DB: "\${{ tasks.db.address }}", CACHE: "\${{ tasks.cache.address }}", MOCK: "\${{ tasks.mock.address }}"}
finally:
  report: {type: shell, run: "echo \${{ tasks.db.address }}"}
`);
    assert.equal(schemaErrors(doc), '');
    assert.equal(template(spec, 'db').daemon, true);
    assert.deepEqual(template(spec, 'db').container.readinessProbe, { httpGet: { path: '/ping', port: 8086 } });
    assert.deepEqual(template(spec, 'cache').script.readinessProbe, { tcpSocket: { port: 6379 } });
    assert.equal(template(spec, 'mock').daemon, true);
    assert.equal(template(spec, 'mock').script.readinessProbe, undefined);
    assert.equal(template(spec, 'load').daemon, undefined);
    assert.deepEqual(task(spec, 'load').arguments.parameters.map((p: any) => p.value), ['{{tasks.db.ip}}', '{{tasks.cache.ip}}', '{{tasks.mock.ip}}']);
    assert.deepEqual(task(spec, 'load').dependencies, ['db', 'cache', 'mock']);
    // An exit handler cannot see the main DAG's nodes.
    assert.ok(result.warnings.some((w) => w.task === 'report' && w.message.includes('tasks.db.address is not available in an exit handler')));
  });

  it('an approval is a suspend template: resuming supplies its outputs, offered with their default, choices and description', () => {
    const { doc, spec, result } = exportText('a.weft.yaml', `${BASE}params: {env: {type: string, default: staging}}
tasks:
  approve:
    type: wait
    approval: {message: "Deploy \${{ params.env }} to production?"}
    timeout: 24h
    outputs:
      answer: {type: string, enum: ['YES', 'NO'], default: 'NO', description: Deploy?}
      replicas: {type: integer, default: 2}
      target: {type: string, default: "\${{ params.env }}"}
  deploy:
    type: shell
    needs: [approve]
    if: \${{ tasks.approve.outputs.answer == 'YES' }}
    run: ./deploy.sh
  plain: {type: wait, approval: true}
`);
    assert.equal(schemaErrors(doc), '');
    assert.deepEqual(result.warnings, []);
    const a = template(spec, 'approve');
    assert.deepEqual(a.suspend, {});
    assert.equal(a.activeDeadlineSeconds, 86400);
    assert.deepEqual(a.metadata, { annotations: { 'workflows.argoproj.io/description': '{{inputs.parameters.message}}' } });
    assert.deepEqual(a.inputs.parameters, [
      { name: 'answer', default: 'NO', enum: ['YES', 'NO'], description: 'Deploy?' },
      { name: 'replicas', default: '2' },
      { name: 'target' },
      { name: 'message' },
    ]);
    assert.deepEqual(a.outputs.parameters, ['answer', 'replicas', 'target'].map((name) => ({ name, valueFrom: { supplied: {} } })));
    assert.deepEqual(task(spec, 'approve').arguments.parameters, [
      { name: 'message', value: 'Deploy {{workflow.parameters.env}} to production?' },
      { name: 'target', value: '{{workflow.parameters.env}}' },
    ]);
    assert.equal(task(spec, 'deploy').when, "'{{tasks.approve.outputs.parameters.answer}}' == 'YES'");
    assert.deepEqual(template(spec, 'plain'), { name: 'plain', suspend: {} });
  });

  it('a value output read from its path is valueFrom.path (no collecting); its default is valueFrom.default', () => {
    const { doc, spec, result } = exportText('o.weft.yaml', `${BASE}tasks:
  count:
    type: container
    image: alpine
    command: [sh, -c, "wc -l < /data > /tmp/n"]
    outputs: {n: {type: integer, path: /tmp/n, default: 0}, tags: {type: list, path: out/tags.json, default: [a]}}
  report:
    type: shell
    workdir: sub
    run: echo hi > msg.txt
    outputs: {msg: {type: string, path: msg.txt, default: none}, also: {type: string}}
`);
    assert.equal(schemaErrors(doc), '');
    assert.deepEqual(template(spec, 'count').outputs.parameters, [
      { name: 'n', valueFrom: { path: '/tmp/n', default: '0' } },
      { name: 'tags', valueFrom: { path: '/work/out/tags.json', default: '["a"]' } },
    ]);
    assert.ok(!result.warnings.some((w) => w.task === 'count'), 'a container whose outputs all have a path needs no wrapper');
    assert.deepEqual(template(spec, 'report').outputs.parameters, [
      { name: 'msg', valueFrom: { path: '/work/sub/msg.txt', default: 'none' } },
      { name: 'also', valueFrom: { path: '/tmp/weft/out/also' } },
    ]);
    // The wrapper still collects the output reported through WEFT_OUTPUTS.
    assert.match(template(spec, 'report').script.source, /done<\$f;done/);
  });

  it("default() of a task output passes the output, with the fallback as the template input's default", () => {
    const { doc, spec, result } = exportText('d.weft.yaml', `${BASE}tasks:
  make: {type: shell, run: 'echo msg=hi >> $WEFT_OUTPUTS', if: "\${{ false }}", outputs: {msg: {type: string}, other: {type: string}}}
  use:
    type: container
    image: alpine
    needs: [make]
    trigger: none_failed
    command: [echo, "got \${{ default(tasks.make.outputs.msg, 'nothing') }}"]
    args: ["\${{ default(tasks.make.outputs.msg, 'a') }}\${{ default(tasks.make.outputs.other, 'b') }}"]
`);
    assert.equal(schemaErrors(doc), '');
    const use = template(spec, 'use');
    assert.deepEqual(use.inputs.parameters[0], { name: 'cmd_1', default: 'got nothing' });
    assert.deepEqual(task(spec, 'use').arguments.parameters[0], { name: 'cmd_1', value: 'got {{tasks.make.outputs.parameters.msg}}' });
    // Two fallbacks in one text: no one default says both; warned.
    assert.ok(result.warnings.some((w) => w.task === 'use' && w.message.includes('default() of a task output')));
  });

  it('exit codes and the run duration are node and workflow variables', () => {
    const { doc, spec, result } = exportText('e.weft.yaml', `${BASE}tasks:
  try: {type: shell, run: exit 3, allowFailure: true}
  many: {type: shell, run: 'true', foreach: {items: [1, 2]}}
  show:
    type: shell
    needs: [try, many]
    if: \${{ tasks.try.exitCode == 3 }}
    run: echo "$CODE after $SECS"
    env: {CODE: "\${{ tasks.try.exitCode }}", SECS: "\${{ run.duration }}", ALL: "\${{ tasks.many.exitCode }}"}
`);
    assert.equal(schemaErrors(doc), '');
    assert.equal(task(spec, 'show').when, '{{tasks.try.exitCode}} == 3');
    assert.deepEqual(task(spec, 'show').arguments.parameters.slice(0, 2).map((p: any) => p.value), ['{{tasks.try.exitCode}}', '{{workflow.duration}}']);
    assert.ok(result.warnings.some((w) => w.message.includes('tasks.many.exitCode of a fan-out task')));
  });

  it("an exit handler reads a main task's file through a global output artifact", () => {
    const { doc, spec } = exportText('g.weft.yaml', `${BASE}tasks:
  build: {type: shell, run: make, outputs: {bin: {type: file, path: out/app}, ver: {type: string}}}
finally:
  upload:
    type: shell
    run: "cp $BIN /dist/$VER"
    env: {BIN: "\${{ tasks.build.outputs.bin }}", VER: "\${{ tasks.build.outputs.ver }}"}
`);
    assert.equal(schemaErrors(doc), '');
    const build = template(spec, 'build');
    assert.equal(build.outputs.artifacts[0].globalName, 'build-bin');
    assert.equal(build.outputs.parameters[0].globalName, 'build-ver');
    assert.deepEqual(task(spec, 'upload', spec.onExit).arguments.artifacts, [{ name: 'build_bin', from: '{{workflow.outputs.artifacts.build-bin}}' }]);
  });

  it("zip(tasks.<id>.outputs) of a fan-out with value outputs is Argo's aggregated {{tasks.X.outputs.parameters}}; elsewhere it is warned", () => {
    const loop = (extra = '') => `    type: shell\n    foreach: {items: [1, 2, 3]${extra}}\n    run: echo\n    outputs: {num: {type: string, path: /tmp/num}, evenness: {type: string, path: /tmp/even}}\n`;
    const { doc, spec, result } = exportText('z.weft.yaml', `${BASE}params: {m: {type: object, default: {a: [1], b: [2]}}}
tasks:
  odd-or-even:
${loop()}  half:
    type: shell
    needs: [odd-or-even]
    foreach: {items: "\${{ zip(tasks.odd-or-even.outputs) }}"}
    if: "\${{ item.evenness == 'even' }}"
    run: echo "$N"
    env: {N: "\${{ item.num }}", ONE: "\${{ item }}", ALL: "\${{ toJSON(zip(tasks.odd-or-even.outputs)) }}"}
  wide:
${loop(', parallelism: 2')}  other:
    type: shell
    needs: [wide]
    run: echo
    env: {X: "\${{ toJSON(zip(params.m)) }}", Y: "\${{ toJSON(zip(tasks.wide.outputs)) }}"}
    foreach: {items: "\${{ zip(params.m) }}"}
finally:
  report:
    type: shell
    run: echo
    env: {ALL: "\${{ toJSON(zip(tasks.odd-or-even.outputs)) }}"}
`);
    assert.equal(schemaErrors(doc), '');
    const half = task(spec, 'half');
    assert.equal(half.withParam, '{{tasks.odd-or-even.outputs.parameters}}');
    assert.equal(half.when, "'{{item.evenness}}' == 'even'");
    assert.deepEqual(half.arguments.parameters.map((p: any) => p.value), ['{{item.num}}', '{{item}}', '{{tasks.odd-or-even.outputs.parameters}}']);
    // Argo's objects hold the loop template's output parameters: exactly the task's outputs.
    assert.deepEqual(template(spec, 'odd-or-even').outputs, { parameters: [{ name: 'num', valueFrom: { path: '/tmp/num' } }, { name: 'evenness', valueFrom: { path: '/tmp/even' } }] });
    assert.ok(!result.warnings.some((w) => w.task === 'half' || w.task === 'odd-or-even'), JSON.stringify(result.warnings));
    // zip of anything else, of a loop behind a parallelism wrapper, or read by the exit handler: warned.
    const warned = (t: string, text: string) => assert.ok(result.warnings.some((w) => w.task === t && w.message.includes(text)), `${t}: ${text}`);
    warned('other', '`toJSON(zip(params.m))` is computed');
    warned('other', 'zip(tasks.wide.outputs): wide runs in a parallelism wrapper');
    warned('other', '`zip(params.m)` is computed; Argo loops over a literal list');
    warned('report', 'zip(tasks.odd-or-even.outputs): Argo aggregates outputs only of a loop in the same DAG');
  });

  it('a delete naming its objects by flags has no manifest', () => {
    const { doc, spec } = exportText('m.weft.yaml', `${BASE}tasks:
  clean: {type: manifest, action: delete, flags: [configmap, --selector, cleanup=true]}
`);
    assert.equal(schemaErrors(doc), '');
    assert.deepEqual(template(spec, 'clean').resource, { action: 'delete', flags: ['configmap', '--selector', 'cleanup=true'] });
  });

  it('expect.condition is the successCondition (expr-lang over the response) with the status test; one reading anything else is warned', () => {
    const { doc, spec, result } = exportText('h.weft.yaml', `${BASE}params: {word: {type: string, default: ok}}
tasks:
  a: {type: http, url: "https://x.test/", expect: {condition: "\${{ contains(response.body, 'google') && response.headers.Server == 'gws' }}"}}
  b: {type: http, url: "https://x.test/", expect: {status: [200, 202], condition: "\${{ response.status == 200 || len(response.body) > 3 }}"}}
  c: {type: http, url: "https://x.test/", expect: {status: [201], condition: "\${{ !startsWith(response.headers.Content-Type, 'text/') }}"}}
  d: {type: http, url: "https://x.test/", expect: {condition: "\${{ contains(response.body, params.word) }}"}}
`);
    assert.equal(schemaErrors(doc), '');
    // Without statuses the condition decides alone, as Weft's expect.condition does.
    assert.equal(template(spec, 'a').http.successCondition, '(response.body contains "google") && (response.headers["Server"][0] == "gws")');
    assert.equal(template(spec, 'b').http.successCondition, '(response.statusCode == 200 || response.statusCode == 202) && ((response.statusCode == 200) || (len(response.body) > 3))');
    assert.equal(template(spec, 'c').http.successCondition, 'response.statusCode == 201 && !(response.headers["Content-Type"][0] startsWith "text/")');
    assert.equal(template(spec, 'd').http.successCondition, 'response.statusCode >= 200 && response.statusCode < 300');
    assert.ok(result.warnings.some((w) => w.task === 'd' && w.feature === 'task.http.condition' && w.message.includes('reads only the response')));
  });
});
