// Kubeflow export of the format's newer fields: inputs, allowFailure, kubernetes, platform.kubeflow, timeout.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WRAPPER } from '../../../exporters/kubeflow/runners';
import { checkIr } from './strict';
import { exportKfpText } from './helpers';

const BASE = 'apiVersion: weft/v1\nkind: Pipeline\nmetadata: {name: t}\n';
const exp = (body: string) => {
  const r = exportKfpText('t.weft.yaml', BASE + body);
  assert.deepEqual(checkIr(r.content), [], 'strict');
  return r;
};
const argsOf = (spec: any, label: string): string[] => spec.deploymentSpec.executors[label].container.args;
const after = (args: string[], opt: string, n = 2): string[][] => args.flatMap((a, i) => (a === opt ? [args.slice(i + 1, i + 1 + n)] : []));

describe('kubeflow export: inputs', () => {
  it('from: the upstream file output arrives as an input artifact copied to the input path', () => {
    const { spec } = exp(`tasks:
  gen: {type: shell, run: 'echo hi > out/g.txt', outputs: {g: {type: file, path: out/g.txt}}}
  use:
    type: shell
    run: cat in/g.txt
    workdir: sub
    inputs:
      g: {path: in/g.txt, from: "\${{ tasks.gen.outputs.g }}", mode: 420}
      abs: {path: /etc/weft/g.txt, from: "\${{ tasks.gen.outputs.g }}", optional: true}
`);
    const use = spec.root.dag.tasks.use;
    assert.deepEqual(use.dependentTasks, ['gen']);
    assert.deepEqual(use.inputs.artifacts.gen_g, { taskOutputArtifact: { outputArtifactKey: 'g', producerTask: 'gen' } });
    const args = argsOf(spec, 'exec-use');
    assert.deepEqual(after(args, '--in'), [["{{$.inputs.artifacts['gen_g'].path}}", '/work/sub/in/g.txt']]);
    assert.deepEqual(after(args, '--in?'), [["{{$.inputs.artifacts['gen_g'].path}}", '/etc/weft/g.txt']]);
    assert.deepEqual(after(args, '--mode'), [['644', '/work/sub/in/g.txt']]);
  });

  it('content: written by the wrapper, expressions as placeholders', () => {
    const { spec } = exp(`params: {who: {type: string, default: x}}
tasks:
  a:
    type: shell
    run: cat cfg.ini
    inputs: {cfg: {path: cfg.ini, content: "name=\${{ params.who }}"}}
`);
    assert.deepEqual(after(argsOf(spec, 'exec-a'), '--file'), [['/work/cfg.ini', '{"Concat": ["name=", "{{$.inputs.parameters[\'who\']}}"]}'], ['/tmp/weft/run.sh', 'cat cfg.ini']]);
    assert.deepEqual(spec.root.dag.tasks.a.inputs.parameters.who, { componentInputParameter: 'who' });
  });

  it('url: gs/s3/oci through an importer node beside the task, http(s) fetched, other schemes warned', () => {
    const { spec, result } = exp(`params: {model: {type: string, default: "s3://b/m.bin"}}
tasks:
  a:
    type: shell
    run: ls
    inputs:
      data: {path: data.csv, url: "gs://bucket/data.csv"}
      model: {path: m.bin, url: "\${{ params.model }}"}
      page: {path: p.html, url: "https://example.com/p.html"}
      repo: {path: repo, url: "git+https://github.com/a/b.git#main"}
`);
    const t = spec.root.dag.tasks;
    assert.deepEqual(Object.keys(t), ['a-data', 'a-model', 'a']);
    assert.deepEqual(t['a-data'].inputs.parameters.uri, { runtimeValue: { constant: 'gs://bucket/data.csv' } });
    assert.deepEqual(spec.deploymentSpec.executors[spec.components[t['a-data'].componentRef.name].executorLabel].importer.artifactUri, { constant: 'gs://bucket/data.csv' });
    assert.deepEqual(t['a-model'].inputs.parameters.uri, { componentInputParameter: 'model' });
    assert.deepEqual(spec.deploymentSpec.executors[spec.components[t['a-model'].componentRef.name].executorLabel].importer.artifactUri, { runtimeParameter: 'uri' });
    assert.deepEqual(t.a.inputs.artifacts.data, { taskOutputArtifact: { outputArtifactKey: 'artifact', producerTask: 'a-data' } });
    const args = argsOf(spec, 'exec-a');
    assert.deepEqual(after(args, '--in'), [["{{$.inputs.artifacts['data'].path}}", '/work/data.csv'], ["{{$.inputs.artifacts['model'].path}}", '/work/m.bin']]);
    assert.deepEqual(after(args, '--fetch'), [['https://example.com/p.html', '/work/p.html']]);
    assert.ok(result.warnings.some((w) => w.feature === 'inputs' && /git\+https/.test(w.message)));
  });

  it('a task that only brings a URL in as its file output is an importer node (what weft import writes)', () => {
    const { spec, content } = exp(`tasks:
  importer:
    type: shell
    run: 'true'
    inputs: {artifact: {path: artifact, url: "gs://b/shakespeare.txt"}}
    outputs: {artifact: {type: file, path: artifact}}
    platform: {kubeflow: {executor: {importer: {typeSchema: {schemaTitle: system.Dataset, schemaVersion: 0.0.1}, metadata: {key: value}}}}}
  train:
    type: container
    image: python:3.12
    args: ["\${{ tasks.importer.outputs.artifact }}"]
`);
    const imp = spec.root.dag.tasks.importer;
    const comp = spec.components[imp.componentRef.name];
    assert.deepEqual(spec.deploymentSpec.executors[comp.executorLabel], {
      importer: { artifactUri: { constant: 'gs://b/shakespeare.txt' }, typeSchema: { schemaTitle: 'system.Dataset', schemaVersion: '0.0.1' }, metadata: { key: 'value' } },
    });
    assert.deepEqual(comp.outputDefinitions.artifacts.artifact, { artifactType: { schemaTitle: 'system.Dataset', schemaVersion: '0.0.1' } }, 'the output has the imported type');
    assert.deepEqual(spec.root.dag.tasks.train.inputs.artifacts.importer_artifact, { taskOutputArtifact: { outputArtifactKey: 'artifact', producerTask: 'importer' } });
    assert.deepEqual(spec.deploymentSpec.executors['exec-train'].container.args, ["{{$.inputs.artifacts['importer_artifact'].path}}"]);
    assert.ok(!content.includes('weft-wrapper'), 'no wrapped task, no wrapper input');
  });
});

describe('kubeflow export: allowFailure, kubernetes, platform.kubeflow, timeout', () => {
  it('allowFailure: dependents run whatever its outcome; mixed upstreams are warned', () => {
    const { spec, result } = exp(`tasks:
  flaky: {type: shell, run: exit 1, allowFailure: true}
  solid: {type: shell, run: 'true'}
  after: {type: shell, run: 'true', needs: [flaky]}
  both: {type: shell, run: 'true', needs: [flaky, solid]}
  plain: {type: shell, run: 'true', needs: [solid]}
`);
    const t = spec.root.dag.tasks;
    assert.equal(t.after.triggerPolicy.strategy, 'ALL_UPSTREAM_TASKS_COMPLETED');
    assert.equal(t.both.triggerPolicy.strategy, 'ALL_UPSTREAM_TASKS_COMPLETED');
    assert.equal(t.plain.triggerPolicy, undefined);
    assert.equal(t.flaky.triggerPolicy, undefined);
    assert.ok(result.warnings.some((w) => w.feature === 'allowFailure' && w.task === 'both' && /solid/.test(w.message)));
    assert.ok(result.warnings.some((w) => w.feature === 'allowFailure' && w.task === 'flaky'));
  });

  it('kubernetes: pipeline and task settings merged into the KubernetesExecutorConfig; the rest warned', () => {
    const { platform, result } = exp(`kubernetes:
  nodeSelector: {pool: cpu}
  podLabels: {team: ml}
  serviceAccount: runner
  volumeClaimTemplates: [{metadata: {name: w}, spec: {accessModes: [ReadWriteOnce]}}]
tasks:
  a:
    type: shell
    run: 'true'
    labels: {app: weft}
    kubernetes:
      nodeSelector: {accelerator: l4}
      tolerations: [{key: gpu, operator: Exists, effect: NoSchedule, tolerationSeconds: 30}]
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: zone, operator: In, values: [a, b]}]}]}
          preferredDuringSchedulingIgnoredDuringExecution: [{weight: 5, preference: {matchExpressions: [{key: disk, operator: In, values: [ssd]}]}}]
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution: [{labelSelector: {matchLabels: {app: db}}, topologyKey: kubernetes.io/hostname}]
      volumes:
        - {name: data, persistentVolumeClaim: {claimName: my-pvc}}
        - {name: creds, secret: {secretName: s3-creds}}
        - {name: conf, configMap: {name: app-conf, optional: true}}
        - {name: scratch, emptyDir: {medium: Memory, sizeLimit: 1Gi}}
        - {name: eph, ephemeral: {volumeClaimTemplate: {spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 5Gi}}, storageClassName: fast}}}}
        - {name: host, hostPath: {path: /data}}
      volumeMounts:
        - {name: data, mountPath: /data, subPath: x}
        - {name: creds, mountPath: /creds}
        - {name: conf, mountPath: /conf}
        - {name: scratch, mountPath: /scratch}
        - {name: eph, mountPath: /eph}
        - {name: host, mountPath: /host}
      annotations: {note: hi}
      securityContext: {runAsUser: 1000, runAsNonRoot: true, privileged: false}
      imagePullPolicy: Always
      imagePullSecrets: [regcred]
      sidecars: [{name: proxy, image: envoy}]
`);
    const cfg = platform.platforms.kubernetes.deploymentSpec.executors['exec-a'];
    assert.deepEqual(cfg.nodeSelector, { labels: { pool: 'cpu', accelerator: 'l4' } });
    assert.deepEqual(cfg.tolerations, [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: '30' }]);
    assert.deepEqual(cfg.nodeAffinity, [
      { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] },
      { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }], weight: 5 },
    ]);
    assert.deepEqual(cfg.podAffinity, [{ matchPodLabels: { app: 'db' }, topologyKey: 'kubernetes.io/hostname', anti: true }]);
    assert.deepEqual(cfg.pvcMount, [{ mountPath: '/data', pvcNameParameter: { runtimeValue: { constant: 'my-pvc' } }, subPath: 'x' }]);
    assert.deepEqual(cfg.secretAsVolume, [{ secretName: 's3-creds', mountPath: '/creds', secretNameParameter: { runtimeValue: { constant: 's3-creds' } } }]);
    assert.equal(cfg.configMapAsVolume[0].optional, true);
    assert.deepEqual(cfg.emptyDirMounts, [{ volumeName: 'scratch', mountPath: '/scratch', medium: 'Memory', sizeLimit: '1Gi' }]);
    assert.deepEqual(cfg.genericEphemeralVolume, [{ volumeName: 'eph', mountPath: '/eph', accessModes: ['ReadWriteOnce'], size: '5Gi', storageClassName: 'fast' }]);
    assert.deepEqual(cfg.podMetadata, { labels: { app: 'weft', team: 'ml' }, annotations: { note: 'hi' } });
    assert.deepEqual(cfg.securityContext, { runAsUser: '1000', runAsNonRoot: true });
    assert.equal(cfg.imagePullPolicy, 'Always');
    assert.deepEqual(cfg.imagePullSecret, [{ secretName: 'regcred', secretNameParameter: { runtimeValue: { constant: 'regcred' } } }]);
    const k8s = result.warnings.filter((w) => w.feature === 'kubernetes').map((w) => w.message).join('\n');
    for (const what of ['host', 'securityContext.privileged', 'serviceAccount', 'sidecars', 'volumeClaimTemplates']) assert.match(k8s, new RegExp(what));
  });

  it('platform.kubeflow: merged into the task, component, executor, Kubernetes config, spec and platform spec', () => {
    const { spec, platform, result } = exp(`platform:
  kubeflow:
    spec: {defaultPipelineRoot: "gs://root"}
    platform: {pipelineConfig: {resourceTtlOnSuccess: 60}}
    bogus: {}
timeout: 2h
tasks:
  a:
    type: shell
    run: 'true'
    platform:
      kubeflow:
        task: {cachingOptions: {cacheKey: k1}}
        component: {inputDefinitions: {parameters: {extra: {parameterType: STRING, isOptional: true}}}}
        executor: {container: {resources: {cpuLimit: 2}}}
        kubernetes: {fieldPathAsEnv: [{name: POD, fieldPath: metadata.name}]}
`);
    assert.equal(spec.defaultPipelineRoot, 'gs://root');
    assert.deepEqual(spec.root.dag.tasks.a.cachingOptions, { enableCache: false, cacheKey: 'k1' });
    assert.deepEqual(spec.components['comp-a'].inputDefinitions.parameters.extra, { parameterType: 'STRING', isOptional: true });
    assert.equal(spec.deploymentSpec.executors['exec-a'].container.resources.cpuLimit, 2);
    assert.deepEqual(platform.platforms.kubernetes.deploymentSpec.executors['exec-a'].fieldPathAsEnv, [{ name: 'POD', fieldPath: 'metadata.name' }]);
    assert.deepEqual(platform.platforms.kubernetes.pipelineConfig, { activeDeadlineSeconds: 7200, resourceTtlOnSuccess: 60 });
    assert.ok(result.warnings.some((w) => w.feature === 'platform.kubeflow' && /bogus/.test(w.message)));
  });

  it('the wrapper input does not take a param name; a manifest task fails with a message', () => {
    const { spec, result } = exp(`params: {weft-wrapper: {type: string, default: mine}}
tasks:
  a: {type: shell, run: 'echo \${{ params.weft-wrapper }}'}
  m: {type: manifest, action: create, manifest: "{apiVersion: v1, kind: ConfigMap, metadata: {name: x}}"}
`);
    const defs = spec.root.inputDefinitions.parameters;
    assert.equal(defs['weft-wrapper'].defaultValue, 'mine');
    assert.ok(defs['weft-wrapper-2'].defaultValue.startsWith('set -eu'));
    assert.equal(spec.deploymentSpec.executors['exec-a'].container.command[2], "{{$.inputs.parameters['weft-wrapper-2']}}");
    assert.match(spec.deploymentSpec.executors['exec-m'].container.command.join(' '), /exit 1/);
    assert.ok(result.warnings.some((w) => w.feature === 'task.manifest'));
  });

  it('platform.kubeflow.inputs: component inputs by KFP name for components reading their executor input', () => {
    const { spec, result } = exp(`params: {n: {type: integer, default: 3}}
tasks:
  make: {type: container, image: py, args: ['{{$}}'], outputs: {data: {type: file, path: d}, count: {type: integer}}}
  use:
    type: container
    image: py
    args: ["--executor_input", "{{$}}"]
    foreach: {items: [a, b]}
    platform:
      kubeflow:
        inputs: {num: "\${{ params.n }}", label: fixed, ratio: 0.5, data: "\${{ tasks.make.outputs.data }}", count: "\${{ tasks.make.outputs.count }}", item: "\${{ item }}", odd: "x\${{ params.n }}"}
finally:
  report:
    type: container
    image: py
    args: ["{{$}}"]
    platform: {kubeflow: {inputs: {status: "\${{ run.status }}"}}}
`);
    const loop = spec.components[spec.components['comp-exit-handler-1'].dag.tasks.use.componentRef.name];
    const inner = loop.dag.tasks.use.inputs;
    assert.deepEqual(inner.parameters.item, { componentInputParameter: 'weft-item' });
    assert.deepEqual(inner.parameters.num, { componentInputParameter: 'num' });
    assert.deepEqual(inner.artifacts.data, { componentInputArtifact: 'data' });
    const outer = spec.components['comp-exit-handler-1'].dag.tasks.use.inputs;
    assert.deepEqual(outer.parameters.num, { componentInputParameter: 'n' });
    assert.deepEqual(outer.parameters.label, { runtimeValue: { constant: 'fixed' } });
    assert.deepEqual(outer.parameters.count, { taskOutputParameter: { outputParameterKey: 'count', producerTask: 'make' } });
    assert.deepEqual(outer.artifacts.data, { taskOutputArtifact: { outputArtifactKey: 'data', producerTask: 'make' } });
    const defs = spec.components['comp-use'].inputDefinitions;
    assert.deepEqual(defs.parameters.ratio, { parameterType: 'NUMBER_DOUBLE' });
    assert.deepEqual(defs.parameters.num, { parameterType: 'NUMBER_INTEGER' });
    assert.deepEqual(outer.parameters.odd, { runtimeValue: { constant: "x{{$.inputs.parameters['n']}}" } }, 'text around a value: an f-string constant');
    assert.ok(!result.warnings.some((w) => w.feature === 'platform.kubeflow'));
    assert.deepEqual(spec.root.dag.tasks.report.inputs.parameters.status, { taskFinalStatus: { producerTask: 'exit-handler-1' } });
    assert.deepEqual(spec.components['comp-report'].inputDefinitions.parameters.status, { isOptional: true, parameterType: 'TASK_FINAL_STATUS' });
  });

  it("a fan-out's file output reaches a component input as KFP's list of artifacts", () => {
    const { spec } = exp(`tasks:
  double: {type: container, image: py, args: ['{{$}}'], foreach: {items: [1, 2]}, outputs: {out: {type: file, path: o}}}
  add: {type: container, image: py, args: ['{{$}}'], platform: {kubeflow: {inputs: {all: "\${{ tasks.double.outputs.out }}"}}}}
`);
    const loop = spec.components[spec.root.dag.tasks.double.componentRef.name];
    assert.deepEqual(loop.dag.outputs.artifacts.out, { artifactSelectors: [{ outputArtifactKey: 'out', producerSubtask: 'double' }] });
    assert.equal(loop.outputDefinitions.artifacts.out.isArtifactList, true);
    assert.deepEqual(spec.root.dag.tasks.add.inputs.artifacts.all, { taskOutputArtifact: { outputArtifactKey: 'out', producerTask: 'double' } });
    assert.equal(spec.components['comp-add'].inputDefinitions.artifacts.all.isArtifactList, true);
  });

  it('the output is byte-deterministic', () => {
    const text = `tasks:
  a: {type: shell, run: 'true', inputs: {d: {path: d, url: "gs://b/d"}}, kubernetes: {nodeSelector: {a: b}}}
`;
    assert.equal(exp(text).content, exp(text).content);
  });
});

describe('kubeflow wrapper: staging inputs', { skip: spawnSync('sh', ['-c', 'true']).status !== 0 && 'no sh' }, () => {
  it('--in? tolerates a missing source, --mode sets permission bits, --fetch downloads', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kfp-inputs-'));
    try {
      const script = WRAPPER.replaceAll('/tmp/weft', `${dir}/t`);
      writeFileSync(join(dir, 'src.txt'), 'payload');
      const run = (...args: string[]) => spawnSync('sh', ['-ec', script, 'weft', ...args], { encoding: 'utf8' });
      const r = run('--in?', join(dir, 'missing'), join(dir, 'w', 'absent'), '--file', join(dir, 'w', 'x.sh'), 'echo hi', '--mode', '755', join(dir, 'w', 'x.sh'), '--mode', '644', join(dir, 'w', 'absent'), '--', 'true');
      assert.equal(r.status, 0, r.stderr);
      assert.ok(!existsSync(join(dir, 'w', 'absent')));
      assert.equal(statSync(join(dir, 'w', 'x.sh')).mode & 0o777, 0o755);
      assert.notEqual(run('--in', join(dir, 'missing'), join(dir, 'w', 'y'), '--', 'true').status, 0, 'a required input that is missing fails');
      // curl reads file:// URLs, which keeps the download test offline.
      if (spawnSync('sh', ['-c', 'command -v curl']).status === 0) {
        const f = run('--fetch', `file://${join(dir, 'src.txt')}`, join(dir, 'w', 'got.txt'), '--', 'true');
        assert.equal(f.status, 0, f.stderr);
        assert.equal(readFileSync(join(dir, 'w', 'got.txt'), 'utf8'), 'payload');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
