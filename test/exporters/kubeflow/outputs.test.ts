// Kubeflow export of pipeline outputs (format §13.9): a sub-pipeline task's nested DAG component
// exposes the outputs its caller declares (dag.outputs), a fan-out one collects them as lists
// through its for-loop DAG, and the exported pipeline's own outputs are the root's.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkIr } from './strict';
import { exportKfpText } from './helpers';

const SUB = `apiVersion: weft/v1
kind: Pipeline
metadata: {name: evaluate}
params:
  model: {type: string}
outputs:
  accuracy: {type: number, value: "\${{ tasks.score.outputs.accuracy }}"}
  report: {type: file, value: "\${{ tasks.score.outputs.report }}"}
  each: {type: list, value: "\${{ tasks.fan.outputs.v }}"}
  files: {type: list, value: "\${{ tasks.fan.outputs.f }}"}
  fixed: {type: string, value: "\${{ params.model }}"}
tasks:
  score:
    type: shell
    run: echo "accuracy=0.93" >> "$WEFT_OUTPUTS"; echo "model $MODEL" > report.txt
    env: {MODEL: "\${{ params.model }}"}
    outputs:
      accuracy: {type: number}
      report: {type: file, path: report.txt}
  fan:
    type: shell
    foreach: {items: [1, 2]}
    run: echo "v=\${{ item }}" >> "$WEFT_OUTPUTS"; echo x > f.txt
    outputs:
      v: {type: string}
      f: {type: file, path: f.txt}
`;

const HEAD = 'apiVersion: weft/v1\nkind: Pipeline\nmetadata: {name: parent}\n';

function exp(body: string) {
  const r = exportKfpText('parent.weft.yaml', HEAD + body, (rel) => (rel === 'evaluate.weft.yaml' ? SUB : undefined));
  assert.deepEqual(checkIr(r.content), [], 'parses strictly as ml_pipelines.PipelineSpec');
  return r;
}

const warningsOf = (r: ReturnType<typeof exp>, feature = 'outputs.pipeline') => r.result.warnings.filter((w) => w.feature === feature).map((w) => `${w.task ?? ''}: ${w.message}`);

describe('kubeflow export: outputs of a sub-pipeline', () => {
  it('a pipeline task: its nested DAG component defines the outputs read and takes them from the producing tasks', () => {
    const r = exp(`tasks:
  evaluate:
    type: pipeline
    pipeline: evaluate.weft.yaml
    with: {model: m1}
    outputs:
      accuracy: {type: number}
      report: {type: file}
      each: {type: list}
  use:
    type: shell
    run: echo \${{ tasks.evaluate.outputs.accuracy }} \${{ tasks.evaluate.outputs.each }}
    inputs:
      r: {path: r.txt, from: "\${{ tasks.evaluate.outputs.report }}"}
`);
    const { spec } = r;
    const ev = spec.root.dag.tasks.evaluate;
    const comp = spec.components[ev.componentRef.name];
    assert.deepEqual(comp.dag.outputs, {
      parameters: {
        accuracy: { valueFromParameter: { outputParameterKey: 'accuracy', producerSubtask: 'score' } },
        // A fan-out inside the sub-pipeline: its loop DAG's collected list.
        each: { valueFromParameter: { outputParameterKey: 'v', producerSubtask: 'fan' } },
      },
      artifacts: { report: { artifactSelectors: [{ outputArtifactKey: 'report', producerSubtask: 'score' }] } },
    });
    assert.deepEqual(comp.outputDefinitions, {
      parameters: { accuracy: { parameterType: 'NUMBER_DOUBLE' }, each: { parameterType: 'LIST' } },
      artifacts: { report: { artifactType: { schemaTitle: 'system.Artifact', schemaVersion: '0.0.1' } } },
    });
    // Only what the caller declares.
    assert.equal(comp.outputDefinitions.artifacts.files, undefined);
    const use = spec.root.dag.tasks.use;
    assert.deepEqual(use.inputs.parameters.evaluate_accuracy, { taskOutputParameter: { outputParameterKey: 'accuracy', producerTask: 'evaluate' } });
    assert.deepEqual(use.inputs.parameters.evaluate_each, { taskOutputParameter: { outputParameterKey: 'each', producerTask: 'evaluate' } });
    assert.deepEqual(use.inputs.artifacts.evaluate_report, { taskOutputArtifact: { outputArtifactKey: 'report', producerTask: 'evaluate' } });
    assert.deepEqual(spec.components[use.componentRef.name].inputDefinitions.parameters.evaluate_accuracy, { parameterType: 'NUMBER_DOUBLE' });
    assert.deepEqual(use.dependentTasks, ['evaluate']);
    assert.deepEqual(warningsOf(r), []);
  });

  it('a fan-out pipeline task: the for-loop DAG collects each output (parameterType LIST, isArtifactList)', () => {
    const { spec, result } = exp(`tasks:
  sweep:
    type: pipeline
    pipeline: evaluate.weft.yaml
    foreach: {items: [a, b]}
    with: {model: "\${{ item }}"}
    outputs:
      accuracy: {type: number}
      report: {type: file}
  best:
    type: python
    code: print(1)
    args: ["\${{ tasks.sweep.outputs.accuracy }}"]
  reports:
    type: container
    image: alpine
    command: [ls, "{{$.inputs.artifacts['files'].path}}"]
    platform:
      kubeflow:
        inputs: {files: "\${{ tasks.sweep.outputs.report }}"}
`);
    const outer = spec.root.dag.tasks.sweep;
    assert.ok(outer.parameterIterator);
    const loop = spec.components[outer.componentRef.name];
    const inner = loop.dag.tasks.sweep;
    // The sub-pipeline's DAG exposes single values; the loop DAG collects them, as the KFP SDK
    // compiles dsl.Collected of a ParallelFor.
    assert.deepEqual(spec.components[inner.componentRef.name].outputDefinitions.parameters.accuracy, { parameterType: 'NUMBER_DOUBLE' });
    assert.deepEqual(loop.dag.outputs, {
      artifacts: { report: { artifactSelectors: [{ outputArtifactKey: 'report', producerSubtask: 'sweep' }] } },
      parameters: { accuracy: { valueFromParameter: { outputParameterKey: 'accuracy', producerSubtask: 'sweep' } } },
    });
    assert.deepEqual(loop.outputDefinitions, {
      artifacts: { report: { artifactType: { schemaTitle: 'system.Artifact', schemaVersion: '0.0.1' }, isArtifactList: true } },
      parameters: { accuracy: { parameterType: 'LIST' } },
    });
    const best = spec.root.dag.tasks.best;
    assert.deepEqual(best.inputs.parameters.sweep_accuracy, { taskOutputParameter: { outputParameterKey: 'accuracy', producerTask: 'sweep' } });
    assert.deepEqual(spec.components[best.componentRef.name].inputDefinitions.parameters.sweep_accuracy, { parameterType: 'LIST' });
    const reports = spec.root.dag.tasks.reports;
    assert.deepEqual(reports.inputs.artifacts.files, { taskOutputArtifact: { outputArtifactKey: 'report', producerTask: 'sweep' } });
    assert.equal(spec.components[reports.componentRef.name].inputDefinitions.artifacts.files.isArtifactList, true);
    assert.deepEqual(result.warnings.filter((w) => w.feature === 'outputs.pipeline'), []);
  });

  it('an output the sub-pipeline does not report, or cannot expose on KFP: a warning naming it, not passed', () => {
    const r = exp(`tasks:
  evaluate:
    type: pipeline
    pipeline: evaluate.weft.yaml
    with: {model: m1}
    outputs:
      accuracy: {type: number}
      missing: {type: string}
      fixed: {type: string}
  use:
    type: shell
    run: echo \${{ tasks.evaluate.outputs.missing }}
`);
    const w = warningsOf(r);
    assert.ok(w.some((m) => /^evaluate: output missing: the sub-pipeline evaluate\.weft\.yaml has no output missing/.test(m)), w.join('\n'));
    assert.ok(w.some((m) => /^evaluate: output fixed of the sub-pipeline evaluate\.weft\.yaml: .*not a task's output/.test(m)), w.join('\n'));
    const comp = r.spec.components[r.spec.root.dag.tasks.evaluate.componentRef.name];
    assert.deepEqual(Object.keys(comp.outputDefinitions.parameters), ['accuracy']);
    assert.deepEqual(Object.keys(comp.dag.outputs.parameters), ['accuracy']);
    // The reader is told, and binds nothing that does not exist.
    assert.ok(r.result.warnings.some((x) => x.task === 'use' && /tasks\.evaluate\.outputs\.missing is not an output the sub-pipeline evaluate\.weft\.yaml reports/.test(x.message)));
    assert.equal(JSON.stringify(r.spec.root.dag.tasks.use).includes('"outputParameterKey":"missing"'), false);
  });

  it('a declared file that the sub-pipeline reports as a value (or the reverse) is not passed', () => {
    const r = exp(`tasks:
  evaluate:
    type: pipeline
    pipeline: evaluate.weft.yaml
    with: {model: m1}
    outputs:
      accuracy: {type: file}
      report: {type: string}
`);
    const w = warningsOf(r);
    assert.equal(w.length, 2, w.join('\n'));
    assert.equal(r.spec.components[r.spec.root.dag.tasks.evaluate.componentRef.name].outputDefinitions, undefined);
  });
});

describe('kubeflow export: a list of files a sub-pipeline reports (a fan-out inside it)', () => {
  it('is an artifact list of the nested DAG, declared `list` by the caller and passed whole to a component input', () => {
    const r = exp(`tasks:
  evaluate:
    type: pipeline
    pipeline: evaluate.weft.yaml
    with: {model: m1}
    outputs:
      files: {type: list}
  sweep:
    type: pipeline
    pipeline: evaluate.weft.yaml
    foreach: {items: [a, b]}
    with: {model: "\${{ item }}"}
    outputs:
      files: {type: list}
  read:
    type: container
    image: alpine
    command: [ls, "{{$.inputs.artifacts['all'].path}}", "{{$.inputs.artifacts['every'].path}}"]
    platform:
      kubeflow:
        inputs: {all: "\${{ tasks.evaluate.outputs.files }}", every: "\${{ tasks.sweep.outputs.files }}"}
  text:
    type: shell
    run: echo \${{ tasks.evaluate.outputs.files }}
`);
    const { spec } = r;
    const comp = spec.components[spec.root.dag.tasks.evaluate.componentRef.name];
    assert.deepEqual(comp.dag.outputs, { artifacts: { files: { artifactSelectors: [{ outputArtifactKey: 'f', producerSubtask: 'fan' }] } } });
    assert.deepEqual(comp.outputDefinitions, { artifacts: { files: { artifactType: { schemaTitle: 'system.Artifact', schemaVersion: '0.0.1' }, isArtifactList: true } } });
    const read = spec.root.dag.tasks.read;
    assert.deepEqual(read.inputs.artifacts.all, { taskOutputArtifact: { outputArtifactKey: 'files', producerTask: 'evaluate' } });
    assert.deepEqual(read.inputs.artifacts.every, { taskOutputArtifact: { outputArtifactKey: 'files', producerTask: 'sweep' } });
    const defs = spec.components[read.componentRef.name].inputDefinitions.artifacts;
    assert.equal(defs.all.isArtifactList, true);
    assert.equal(defs.every.isArtifactList, true);
    // A fan-out of lists of files: KFP's collection is one flat list, which the export says.
    const loop = spec.components[spec.root.dag.tasks.sweep.componentRef.name];
    assert.equal(loop.outputDefinitions.artifacts.files.isArtifactList, true);
    assert.ok(warningsOf(r).some((m) => /^sweep: output files: each iteration reports a list of files; KFP collects them into one list/.test(m)), warningsOf(r).join('\n'));
    // Read inside text, a list of files has no KFP spelling: the reader is told.
    assert.ok(r.result.warnings.some((w) => w.task === 'text' && /tasks\.evaluate\.outputs\.files is a list of files/.test(w.message)));
  });
});

describe("kubeflow export: the pipeline's own outputs", () => {
  it("are the root's outputDefinitions and root.dag.outputs (a task's, a fan-out's list, a sub-pipeline's)", () => {
    const r = exp(`outputs:
  acc: {type: number, value: "\${{ tasks.evaluate.outputs.accuracy }}"}
  rep: {type: file, value: "\${{ tasks.evaluate.outputs.report }}"}
  all: {type: list, value: "\${{ tasks.fan.outputs.n }}"}
  files: {type: list, value: "\${{ tasks.fan.outputs.f }}"}
  msg: {type: string, value: "\${{ tasks.hello.outputs.msg }}"}
tasks:
  evaluate:
    type: pipeline
    pipeline: evaluate.weft.yaml
    with: {model: m1}
    outputs:
      accuracy: {type: number}
      report: {type: file}
  fan:
    type: shell
    foreach: {items: [1, 2]}
    run: echo "n=\${{ item }}" >> "$WEFT_OUTPUTS"; echo x > f.txt
    outputs:
      n: {type: integer}
      f: {type: file, path: f.txt}
  hello:
    type: shell
    run: echo "msg=hi" >> "$WEFT_OUTPUTS"
    outputs:
      msg: {type: string}
`);
    const root = r.spec.root;
    assert.deepEqual(root.dag.outputs, {
      artifacts: {
        rep: { artifactSelectors: [{ outputArtifactKey: 'report', producerSubtask: 'evaluate' }] },
        files: { artifactSelectors: [{ outputArtifactKey: 'f', producerSubtask: 'fan' }] },
      },
      parameters: {
        acc: { valueFromParameter: { outputParameterKey: 'accuracy', producerSubtask: 'evaluate' } },
        all: { valueFromParameter: { outputParameterKey: 'n', producerSubtask: 'fan' } },
        msg: { valueFromParameter: { outputParameterKey: 'msg', producerSubtask: 'hello' } },
      },
    });
    const A = { schemaTitle: 'system.Artifact', schemaVersion: '0.0.1' };
    assert.deepEqual(root.outputDefinitions, {
      artifacts: { rep: { artifactType: A }, files: { artifactType: A, isArtifactList: true } },
      parameters: { acc: { parameterType: 'NUMBER_DOUBLE' }, all: { parameterType: 'LIST' }, msg: { parameterType: 'STRING' } },
    });
    assert.deepEqual(warningsOf(r), []);
  });

  it('with handlers, the main tasks\' outputs come out through the exit-handler DAG', () => {
    const r = exp(`outputs:
  msg: {type: string, value: "\${{ tasks.hello.outputs.msg }}"}
  file: {type: file, value: "\${{ tasks.hello.outputs.out }}"}
tasks:
  hello:
    type: shell
    run: echo "msg=hi" >> "$WEFT_OUTPUTS"; echo x > out.txt
    outputs:
      msg: {type: string}
      out: {type: file, path: out.txt}
finally:
  cleanup:
    type: shell
    run: echo done
`);
    const { spec } = r;
    const exit = spec.components['comp-exit-handler-1'];
    assert.deepEqual(exit.dag.outputs, {
      artifacts: { 'hello-out': { artifactSelectors: [{ outputArtifactKey: 'out', producerSubtask: 'hello' }] } },
      parameters: { 'hello-msg': { valueFromParameter: { outputParameterKey: 'msg', producerSubtask: 'hello' } } },
    });
    assert.deepEqual(exit.outputDefinitions.parameters, { 'hello-msg': { parameterType: 'STRING' } });
    assert.ok(exit.outputDefinitions.artifacts['hello-out']);
    assert.deepEqual(spec.root.dag.outputs, {
      artifacts: { file: { artifactSelectors: [{ outputArtifactKey: 'hello-out', producerSubtask: 'exit-handler-1' }] } },
      parameters: { msg: { valueFromParameter: { outputParameterKey: 'hello-msg', producerSubtask: 'exit-handler-1' } } },
    });
    assert.deepEqual(spec.root.outputDefinitions.parameters, { msg: { parameterType: 'STRING' } });
  });

  it("a value that is not a task's output is not exported, with a warning", () => {
    const r = exp(`params:
  p: {type: string, default: x}
outputs:
  echo: {type: string, value: "\${{ params.p }}"}
tasks:
  a: {type: shell, run: "true"}
`);
    assert.equal(r.spec.root.outputDefinitions, undefined);
    assert.equal(r.spec.root.dag.outputs, undefined);
    assert.ok(warningsOf(r).some((m) => /pipeline output echo: .*not a task's output/.test(m)));
  });
});
