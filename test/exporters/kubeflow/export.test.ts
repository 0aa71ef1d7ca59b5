import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { dump, load } from 'js-yaml';
import { retryPolicyOf } from '../../../exporters/features';
import { seconds } from '../../../exporters/util';
import { sectionDependencies } from '../../../exporters/graph';
import { WRAPPER } from '../../../exporters/kubeflow/runners';
import { WRAPPER_INPUT } from '../../../exporters/kubeflow';
import { kfpArg } from '../../../exporters/kubeflow/expr';
import { ROOT, sampleFiles } from '../helpers';
import { checkIr, strictErrors } from './strict';
import { exportKfpFile, exportKfpText, leafTasks, namesOf } from './helpers';
import { KFP_TEST_DATA as CORPUS, irFiles, kfpGoldens } from '../../importers/kubeflow/corpus';

const goldens = kfpGoldens();
const platformGoldens = irFiles(join(CORPUS, 'kubernetes_platform_snapshot'));

describe('kubeflow strict check (protobufjs over the real proto)', () => {
  it('accepts every SDK-compiled golden and every Kubernetes platform snapshot', () => {
    assert.ok(goldens.length >= 100, String(goldens.length));
    for (const f of [...goldens, ...platformGoldens]) assert.deepEqual(checkIr(readFileSync(f, 'utf8')), [], relative(CORPUS, f));
  });

  it('rejects unknown fields, wrong enums, wrong scalars, two oneof members', () => {
    const f = goldens.find((x) => x.endsWith('pipeline_with_task_final_status.yaml'))!;
    const fresh = () => load(readFileSync(f, 'utf8')) as any;
    const bad = (mutate: (d: any) => void, pattern: RegExp) => {
      const d = fresh();
      mutate(d);
      const errors = checkIr(dump(d));
      assert.ok(errors.some((e) => pattern.test(e)), `${pattern}: ${errors.join('; ')}`);
    };
    bad((d) => (d.root.dag.tasks['exit-op'].bogus = 1), /unknown field 'bogus'/);
    bad((d) => (d.root.bogusTop = 1), /unknown field 'bogusTop'/);
    bad((d) => (d.root.dag.tasks['exit-op'].triggerPolicy.strategy = 'SOMETIMES'), /not a value of/);
    bad((d) => (d.root.dag.tasks['exit-op'].retryPolicy = { maxRetryCount: 'x' }), /int32 wants an integer/);
    bad((d) => (d.root.dag.tasks['exit-op'].retryPolicy = { backoffDuration: '10' }), /Duration/);
    bad((d) => (d.root.dag.tasks['exit-op'].dependentTasks = 'exit-handler-1'), /repeated field/);
    bad((d) => (d.root.dag.tasks['exit-op'].inputs.parameters.user_input.runtimeValue = { constant: 'x' }), /oneof kind/);
    bad((d) => (d.deploymentSpec.executors['exec-exit-op'].container.workingDir = '/w'), /deploymentSpec: .*unknown field 'workingDir'/);
    bad((d) => (d.root.dag.tasks['exit-op'].taskInfo.name = 3), /string wants a string/);
    assert.deepEqual(strictErrors('ml_pipelines.PipelineSpec', fresh()), []);
  });

  it('checks the second document as PlatformSpec and its executors as KubernetesExecutorConfig', () => {
    const f = platformGoldens.find((x) => x.endsWith('timeout.yaml'))!;
    const text = readFileSync(f, 'utf8');
    assert.deepEqual(checkIr(text), []);
    assert.ok(checkIr(text.replace('activeDeadlineSeconds', 'activeDeadline')).some((e) => /KubernetesExecutorConfig/.test(e)));
  });
});

const samples = sampleFiles();

describe('kubeflow export of every sample', () => {
  for (const file of samples) {
    const name = relative(ROOT, file);
    it(`${name}: parses strictly as PipelineSpec and mirrors the Weft graph`, () => {
      const { pipeline, analysis, content, spec, platform, result } = exportKfpFile(file);
      assert.deepEqual(checkIr(content), [], 'strict');
      assert.equal(result.files[0]!.path, `${pipeline.metadata.name}.kubeflow.yaml`);
      assert.equal(spec.schemaVersion, '2.1.0');
      const names = namesOf(content);
      const back = new Map(Object.entries(names).map(([a, b]) => [b, a]));
      const leaves = leafTasks(spec);
      const handlers = [...Object.keys(pipeline.onFailure ?? {}), ...Object.keys(pipeline.finally ?? {})];
      assert.deepEqual([...leaves.keys()].map((n) => back.get(n)).sort(), [...Object.keys(pipeline.tasks), ...handlers].sort());
      // Dependencies: the same as core's graph (explicit + implied), on the outermost task of each.
      const expected = new Map<string, string[]>();
      for (const id of [...Object.keys(pipeline.tasks), ...handlers]) expected.set(id, []);
      for (const e of analysis.graph.edges) expected.get(e.to)?.push(e.from);
      for (const section of ['onFailure', 'finally'] as const) for (const [id, deps] of sectionDependencies(pipeline, section)) expected.get(id)!.push(...deps);
      for (const [n, { task, outer }] of leaves) {
        const id = back.get(n)!;
        const t = pipeline.tasks[id] ?? pipeline.onFailure?.[id] ?? pipeline.finally![id]!;
        const deps = (outer.dependentTasks ?? []).filter((x: string) => x !== 'exit-handler-1').map((x: string) => back.get(x));
        assert.deepEqual(deps.sort(), [...new Set(expected.get(id))].sort(), `dependencies of ${id}`);
        if (handlers.includes(id)) assert.equal(outer.triggerPolicy.strategy, 'ALL_UPSTREAM_TASKS_COMPLETED');
        const retry = retryPolicyOf(pipeline, t);
        if (retry && t.type !== 'pipeline') assert.equal(task.retryPolicy?.maxRetryCount, retry.limit, `retries of ${id}`);
        if (t.if) assert.ok(outer.triggerPolicy?.condition || result.warnings.some((w) => w.feature === 'if' && w.task === id), `if of ${id}`);
        if (t.foreach) {
          assert.ok(outer.parameterIterator, `loop of ${id}`);
          if (t.foreach.parallelism) assert.equal(outer.iteratorPolicy.parallelismLimit, t.foreach.parallelism);
        }
        const comp = spec.components[task.componentRef.name];
        const timeout = seconds(t.timeout ?? pipeline.defaults?.timeout);
        if (comp.executorLabel && timeout !== undefined) {
          assert.equal(platform.platforms.kubernetes.deploymentSpec.executors[comp.executorLabel].activeDeadlineSeconds, String(timeout));
        }
        // Every input the task binds is declared by its component, and the other way round.
        const declared = comp.inputDefinitions?.parameters ?? {};
        const bound = Object.keys(task.inputs?.parameters ?? {});
        for (const b of bound) assert.ok(declared[b], `input ${b} of ${id} is declared`);
        for (const [n, d] of Object.entries<any>(declared)) if (!d.isOptional) assert.ok(bound.includes(n), `required input ${n} of ${id} is bound`);
      }
      // Root params with their types.
      const { [WRAPPER_INPUT]: wrapper, ...defs } = spec.root.inputDefinitions?.parameters ?? {};
      assert.deepEqual(Object.keys(defs), Object.keys(pipeline.params ?? {}));
      // The wrapper script is written once, as an optional pipeline input every wrapped executor reads.
      assert.equal(wrapper?.defaultValue, WRAPPER);
      assert.ok(!content.includes('while [ "$#" -gt 0 ]; do\n') || content.split('while [ "$#" -gt 0 ]').length === 2, 'the wrapper is written once');
      const TYPES: Record<string, string> = { string: 'STRING', integer: 'NUMBER_INTEGER', number: 'NUMBER_DOUBLE', boolean: 'BOOLEAN', list: 'LIST', object: 'STRUCT' };
      for (const [n, p] of Object.entries(pipeline.params ?? {})) assert.equal(defs[n].parameterType, TYPES[p.type]);
      if (handlers.length > 0) assert.ok(spec.root.dag.tasks['exit-handler-1']);
      if (pipeline.schedule) assert.ok(result.warnings.some((w) => w.feature === 'schedule'));
    });
  }

  it('is deterministic: the same input gives the same bytes', () => {
    for (const file of samples) assert.equal(exportKfpFile(file).content, exportKfpFile(file).content);
  });
});

const BASE = 'apiVersion: weft/v1\nkind: Pipeline\nmetadata: {name: t}\n';

describe('kubeflow export: the mappings', () => {
  it('nightly-etl: outputs through the wrapper, artifacts copied in, retries, secrets by reference', () => {
    const { spec, platform, content } = exportKfpFile(samples.find((f) => f.includes('nightly-etl'))!);
    const extract = spec.deploymentSpec.executors['exec-extract'].container;
    assert.deepEqual(extract.command.slice(0, 2), ['sh', '-ec']);
    assert.ok(extract.args.includes("{{$.outputs.parameters['rows'].output_file}}"));
    const transform = spec.deploymentSpec.executors['exec-transform'].container.args;
    const i = transform.indexOf('--in');
    assert.deepEqual(transform.slice(i, i + 3), ['--in', "{{$.inputs.artifacts['extract_raw'].path}}", '/work/out/raw.csv']);
    assert.equal(spec.root.dag.tasks.extract.retryPolicy.maxRetryCount, 3);
    assert.equal(spec.root.dag.tasks.extract.retryPolicy.backoffFactor, 2);
    assert.doesNotMatch(content, /password|s3cr3t/i);
    assert.ok(platform);
  });

  it('dataops-checks: exit handler for finally/onFailure; onFailure checks the final status', () => {
    const { spec, result } = exportKfpFile(samples.find((f) => f.includes('dataops'))!);
    const exit = spec.root.dag.tasks['exit-handler-1'];
    assert.equal(exit.componentRef.name, 'comp-exit-handler-1');
    assert.ok(spec.components['comp-exit-handler-1'].dag.tasks['quality-gate'] || Object.keys(spec.components['comp-exit-handler-1'].dag.tasks).length > 0);
    const onFailure = Object.entries<any>(spec.root.dag.tasks).find(([, t]) => t.inputs?.parameters?.status?.taskFinalStatus);
    assert.ok(onFailure, 'an onFailure handler reads the exit handler final status');
    const comp = spec.components[onFailure![1].componentRef.name];
    assert.deepEqual(comp.inputDefinitions.parameters.status, { isOptional: true, parameterType: 'TASK_FINAL_STATUS' });
    assert.ok(spec.deploymentSpec.executors[comp.executorLabel].container.args.includes('--unless-succeeded'));
    assert.ok(result.warnings.some((w) => w.feature === 'trigger.one_failed'));
  });

  it('mlops-experiments: the sub-pipeline is a nested DAG whose inputs are its params', () => {
    const { spec, content } = exportKfpFile(samples.find((f) => f.endsWith('mlops-experiments.weft.yaml'))!);
    assert.deepEqual(checkIr(content), []);
    const ev = spec.root.dag.tasks.evaluate;
    const comp = spec.components[ev.componentRef.name];
    assert.ok(comp.dag.tasks.score && comp.dag.tasks.usable);
    assert.deepEqual(Object.keys(comp.inputDefinitions.parameters).sort(), ['max_rmse', 'results', 'runs_dir', 'test_data', 'weft-wrapper']);
    assert.deepEqual(ev.inputs.parameters['weft-wrapper'], { componentInputParameter: 'weft-wrapper' });
    assert.deepEqual(ev.inputs.parameters.results, { runtimeValue: { constant: 'out/eval/results.json' } });
    assert.deepEqual(comp.dag.tasks.score.inputs.parameters.runs_dir, { componentInputParameter: 'runs_dir' });
    const exp = spec.root.dag.tasks.experiment;
    assert.equal(exp.iteratorPolicy.parallelismLimit, 3);
    assert.deepEqual(exp.parameterIterator, { itemInput: 'weft-item', items: { inputParameter: 'weft-items' } });
  });

  it('hostile names and text: sanitised, mapped, escaped, still strict', () => {
    const text = `apiVersion: weft/v1
kind: Pipeline
metadata:
  name: hostile_names
  description: "Quotes \\" and ' and unicode — données 日本 and a literal \${{ '\${{' }} and {{$}} and \\n a newline"
params:
  msg: {type: string, default: "it's \\"quoted\\" {{$.x}}"}
tasks:
  load-data:
    type: shell
    description: "\${{ params.msg }} in a description"
    run: echo "$MSG"
    env: {MSG: "\${{ params.msg }}", PLAIN: "$(HOME) stays"}
  load_data:
    type: python
    code: print("hi")
    args: ["\${{ params.msg }}", "a 'b' \\"c\\"", "x=\${{ params.msg }}!"]
    needs: [load-data]
  Load_Data:
    type: container
    image: alpine:3.20
    command: [echo, "{{$}}"]
    needs: [load_data]
`;
    const { spec, content, result } = exportKfpText('hostile.weft.yaml', text);
    assert.deepEqual(checkIr(content), []);
    assert.deepEqual(namesOf(content), { 'load-data': 'load-data', load_data: 'load-data-2', Load_Data: 'load-data-3' });
    assert.equal(spec.pipelineInfo.name, 'hostile-names');
    assert.equal(spec.pipelineInfo.description, "Quotes \" and ' and unicode — données 日本 and a literal ${{ '${{' }} and {{$}} and \n a newline");
    assert.deepEqual(Object.entries<any>(spec.root.dag.tasks).map(([n, t]) => [n, t.dependentTasks ?? []]), [['load-data', []], ['load-data-2', ['load-data']], ['load-data-3', ['load-data-2']]]);
    const py = spec.deploymentSpec.executors['exec-load-data-2'].container.args;
    const tail = py.slice(py.indexOf('--') + 1);
    assert.deepEqual(tail, ['python3', '/tmp/weft/code.py', "{{$.inputs.parameters['msg']}}", `a 'b' "c"`, '{"Concat": ["x=", "{{$.inputs.parameters[\'msg\']}}", "!"]}']);
    assert.equal(spec.root.inputDefinitions.parameters.msg.defaultValue, `it's "quoted" {{$.x}}`);
    // The env value with an expression goes through the wrapper, the literal one stays on the container.
    const sh = spec.deploymentSpec.executors['exec-load-data'].container;
    assert.deepEqual(sh.env, [{ name: 'PLAIN', value: '$(HOME) stays' }]);
    assert.ok(sh.args.join('\n').includes("--env\nMSG\n{{$.inputs.parameters['msg']}}"));
    assert.ok(result.warnings.some((w) => w.feature === 'expressions' && w.task === 'Load_Data' && /placeholder/.test(w.message)));
    assert.equal(exportKfpText('hostile.weft.yaml', text).content, content);
  });

  it('conditions become CEL over the task inputs; untranslatable ones are warned', () => {
    const { spec, result } = exportKfpText('c.weft.yaml', `${BASE}params: {n: {type: integer, default: 1}, r: {type: number, default: 0.5}, go: {type: boolean, default: true}, s: {type: string, default: "it's"}}
tasks:
  a: {type: shell, run: 'true', outputs: {v: {type: string}}}
  b: {type: shell, run: 'true', if: "\${{ tasks.a.outputs.v == 'heads' && params.n > 2 }}"}
  c: {type: shell, run: 'true', if: "\${{ !params.go || params.r >= 1 || params.s != 'it\\\\'s' }}"}
  d: {type: shell, run: 'true', if: "\${{ contains(params.s, 'x') }}"}
  e: {type: shell, run: 'true', if: "\${{ params.n >= params.r }}"}
`);
    const t = spec.root.dag.tasks;
    assert.equal(t.b.triggerPolicy.condition, "(inputs.parameter_values['a_v'] == 'heads') && (int(inputs.parameter_values['n']) > 2)");
    assert.deepEqual(t.b.inputs.parameters.a_v, { taskOutputParameter: { outputParameterKey: 'v', producerTask: 'a' } });
    assert.equal(t.c.triggerPolicy.condition, "(!(inputs.parameter_values['go']) || (double(inputs.parameter_values['r']) >= 1.0)) || (inputs.parameter_values['s'] != 'it\\'s')");
    assert.equal(t.d.triggerPolicy, undefined);
    assert.ok(result.warnings.some((w) => w.feature === 'if' && w.task === 'd'));
    assert.equal(t.e.triggerPolicy.condition, "double(int(inputs.parameter_values['n'])) >= double(inputs.parameter_values['r'])");
    assert.deepEqual(spec.components['comp-b'].inputDefinitions.parameters, { 'weft-wrapper': { parameterType: 'STRING' }, a_v: { parameterType: 'STRING' }, n: { parameterType: 'NUMBER_INTEGER' } });
  });

  it('retries, caching, all_done, resources, literal loops', () => {
    const { spec, content } = exportKfpText('r.weft.yaml', `${BASE}tasks:
  a:
    type: python
    code: print(1)
    retries: {limit: 3, backoff: exponential, delay: 10s, maxDelay: 15s}
    cache: true
    resources: {cpu: 2, memory: 1Gi, gpu: 1}
  b:
    type: python
    code: print(1)
    needs: [a]
    trigger: all_done
    foreach: {items: [{k: 1}, {k: 2}], parallelism: 1}
    args: ["\${{ item.k }}"]
`);
    assert.deepEqual(checkIr(content), []);
    const a = spec.root.dag.tasks.a;
    assert.deepEqual(a.retryPolicy, { maxRetryCount: 3, backoffDuration: '10s', backoffFactor: 2, backoffMaxDuration: '40s' });
    assert.deepEqual(a.cachingOptions, { enableCache: true });
    assert.deepEqual(spec.deploymentSpec.executors['exec-a'].container.resources, { accelerator: { resourceCount: '1', resourceType: 'nvidia.com/gpu' }, resourceCpuRequest: '2', resourceMemoryRequest: '1Gi' });
    const b = spec.root.dag.tasks.b;
    assert.equal(b.triggerPolicy.strategy, 'ALL_UPSTREAM_TASKS_COMPLETED');
    assert.deepEqual(b.parameterIterator, { itemInput: 'weft-item', items: { raw: '[{"k":1},{"k":2}]' } });
    const inner = spec.components[b.componentRef.name].dag.tasks.b;
    assert.deepEqual(inner.inputs.parameters.item_k, { componentInputParameter: 'weft-item', parameterExpressionSelector: 'parseJson(string_value)["k"]' });
  });

  it('kfpArg: placeholders mixed with text become a Concat placeholder', () => {
    assert.equal(kfpArg('plain'), 'plain');
    assert.equal(kfpArg("{{$.inputs.parameters['x']}}"), "{{$.inputs.parameters['x']}}");
    assert.equal(kfpArg("a{{$.inputs.parameters['x']}}"), '{"Concat": ["a", "{{$.inputs.parameters[\'x\']}}"]}');
  });

  it('the wrapper embeds files, exports env, copies artifacts and writes output files', { skip: spawnSync('sh', ['-c', 'true']).status !== 0 && 'no sh' }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'kfp-wrapper-'));
    try {
      const script = WRAPPER.replaceAll('/tmp/weft/', `${dir}/t/`).replaceAll('/tmp/weft', `${dir}/t`);
      mkdirSync(join(dir, 'in'));
      writeFileSync(join(dir, 'in', 'data'), 'artifact');
      const args = [
        '--in', join(dir, 'in', 'data'), join(dir, 'work', 'out', 'raw.csv'),
        '--file', join(dir, 'work', 'prog.sh'), 'echo "rows=42" >> "$WEFT_OUTPUTS"; printf "msg=a=b\\n" >> "$WEFT_OUTPUTS"; echo "acc=0.9" >> "$WEFT_METRICS"; mkdir -p out; cp out/raw.csv out/copy.csv; echo "args:$1:$2:$GREETING"',
        '--env', 'GREETING', "it's",
        '--cd', join(dir, 'work'),
        '--out', 'rows', join(dir, 'kfp', 'rows', 'data'),
        '--out', 'msg', join(dir, 'kfp', 'msg'),
        '--out', 'acc', join(dir, 'kfp', 'acc'),
        '--art', join(dir, 'work', 'out', 'copy.csv'), join(dir, 'kfp', 'art', 'copy'),
        '--', 'sh', 'prog.sh', 'one', 'two two',
      ];
      const r = spawnSync('sh', ['-ec', script, 'weft', ...args], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, "args:one:two two:it's\n");
      assert.equal(readFileSync(join(dir, 'kfp', 'rows', 'data'), 'utf8'), '42');
      assert.equal(readFileSync(join(dir, 'kfp', 'msg'), 'utf8'), 'a=b');
      assert.equal(readFileSync(join(dir, 'kfp', 'acc'), 'utf8'), '0.9');
      assert.equal(readFileSync(join(dir, 'kfp', 'art', 'copy'), 'utf8'), 'artifact');
      // A failing program fails the step; a succeeded pipeline skips an onFailure handler.
      assert.equal(spawnSync('sh', ['-ec', script, 'weft', '--', 'sh', '-c', 'exit 3'], { encoding: 'utf8' }).status, 3);
      const skipped = spawnSync('sh', ['-ec', script, 'weft', '--unless-succeeded', '{"state": "SUCCEEDED"}', '--', 'sh', '-c', 'exit 3'], { encoding: 'utf8' });
      assert.equal(skipped.status, 0);
      assert.equal(spawnSync('sh', ['-ec', script, 'weft', '--unless-succeeded', '{"state": "FAILED"}', '--', 'sh', '-c', 'exit 3'], { encoding: 'utf8' }).status, 3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
