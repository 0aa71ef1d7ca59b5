import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { load } from 'js-yaml';
import { validateText } from '../../../core/validate/validate';
import { toYamlText } from '../../../core/model/spellings';
import type { Pipeline } from '../../../core/model/types';
import { exportPipeline } from '../../../exporters';
import { ImportError } from '../../../importers/types';
import { importArgo } from '../../../importers/argo';
import { schemaErrors } from '../../exporters/helpers';

/** Imports an Argo YAML text; the result must validate without errors. */
function imp(text: string): { p: any; warnings: { feature: string; message: string }[]; yaml: string } {
  const r = importArgo(load(text));
  const yaml = toYamlText(r.pipeline);
  const v = validateText('t.weft.yaml', yaml, { fileExists: () => true });
  const errors = v.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors.map((e) => `${e.code} ${e.message}`), [], yaml);
  return { p: r.pipeline, warnings: r.warnings, yaml };
}

function rejects(text: string, feature: string): void {
  assert.throws(
    () => importArgo(load(text)),
    (e: unknown) => e instanceof ImportError && e.feature === feature && e.message.includes(feature),
    `expected ImportError(${feature})`,
  );
}

const HEAD = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: demo-}
spec:
`;

describe('argo import: hand-written workflows', () => {
  it('steps: each group needs the previous one; a step after a conditional one runs when it was skipped', () => {
    const { p } = imp(`${HEAD}  entrypoint: main
  arguments:
    parameters: [{name: who, value: world}, {name: n, value: "3"}, {name: mode, value: fast, enum: [fast, slow]}]
  templates:
  - name: main
    steps:
    - - {name: hello, template: say, arguments: {parameters: [{name: msg, value: "hello {{workflow.parameters.who}}"}]}}
    - - {name: maybe, template: say, when: "{{workflow.parameters.n}} > 2", arguments: {parameters: [{name: msg, value: maybe}]}}
      - {name: also, template: say, arguments: {parameters: [{name: msg, value: "{{workflow.parameters.mode}}"}]}}
    - - {name: last, template: say}
  - name: say
    inputs: {parameters: [{name: msg, default: bye}]}
    container: {image: busybox, command: [echo], args: ["{{inputs.parameters.msg}}"]}
`);
    assert.equal(p.metadata.name, 'demo');
    assert.deepEqual(p.params, { who: { type: 'string', default: 'world' }, n: { type: 'integer', default: 3 }, mode: { type: 'string', default: 'fast', enum: ['fast', 'slow'] } });
    assert.deepEqual(Object.keys(p.tasks), ['hello', 'maybe', 'also', 'last']);
    assert.deepEqual(p.tasks.hello, { type: 'container', image: 'busybox', command: ['echo'], args: ['hello ${{ params.who }}'] });
    assert.deepEqual(p.tasks.maybe.needs, ['hello']);
    assert.equal(p.tasks.maybe.if, '${{ params.n > 2 }}');
    assert.equal(p.tasks.maybe.trigger, undefined);
    assert.deepEqual(p.tasks.last.needs, ['maybe', 'also']);
    assert.equal(p.tasks.last.trigger, 'none_failed');
    assert.deepEqual(p.tasks.last.args, ['bye']);
  });

  it('dag: dependencies and depends become needs and trigger rules', () => {
    const { p, warnings } = imp(`${HEAD}  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - {name: A, template: t}
      - {name: B, template: t, dependencies: [A]}
      - {name: C, template: t, depends: "A.Succeeded && B.Succeeded"}
      - {name: on-fail, template: t, depends: "C.Failed"}
      - {name: report, template: t, depends: "(C.Succeeded || C.Failed) && (B.Succeeded || B.Failed)"}
      - {name: first, template: t, depends: "A.Succeeded || B.Succeeded"}
  - name: t
    container: {image: alpine, command: [true]}
`);
    assert.deepEqual(p.tasks.B.needs, ['A']);
    assert.equal(p.tasks.B.trigger, undefined);
    assert.deepEqual([p.tasks.C.needs, p.tasks.C.trigger], [['A', 'B'], undefined]);
    assert.deepEqual([p.tasks['on-fail'].needs, p.tasks['on-fail'].trigger], [['C'], 'one_failed']);
    assert.equal(p.tasks.report.trigger, 'all_done');
    assert.equal(p.tasks.first.trigger, 'one_success');
    assert.ok(warnings.some((w) => w.feature === 'depends'));
  });

  it('script templates: python and shell with the source inline and the image kept; values reach shell through env', () => {
    const { p, warnings } = imp(`${HEAD}  entrypoint: main
  arguments: {parameters: [{name: greeting, value: hi}]}
  templates:
  - name: main
    dag:
      tasks:
      - {name: gen, template: py}
      - {name: show, template: sh, dependencies: [gen], arguments: {parameters: [{name: value, value: "{{tasks.gen.outputs.result}}"}]}}
  - name: py
    script: {image: "python:3.12", command: [python], source: "print(42)\\n", resources: {requests: {cpu: 100m, memory: 64Mi}}}
  - name: sh
    inputs: {parameters: [{name: value}]}
    script: {image: alpine, command: [sh], source: "echo \\"{{workflow.parameters.greeting}} {{inputs.parameters.value}}\\"\\n"}
`);
    assert.equal(p.tasks.gen.type, 'python');
    assert.equal(p.tasks.gen.image, 'python:3.12');
    assert.match(p.tasks.gen.code, /print\(42\)\n$/);
    assert.match(p.tasks.gen.code, /WEFT_OUTPUTS/);
    assert.deepEqual(p.tasks.gen.outputs, { result: { type: 'string' } });
    assert.deepEqual(p.tasks.gen.resources, { cpu: '100m', memory: '64Mi' });
    assert.equal(p.tasks.show.type, 'shell');
    assert.equal(p.tasks.show.shell, 'sh');
    assert.equal(p.tasks.show.run, 'echo "${ARGO_GREETING} ${ARGO_RESULT}"\n');
    assert.deepEqual(p.tasks.show.env, { ARGO_GREETING: '${{ params.greeting }}', ARGO_RESULT: '${{ tasks.gen.outputs.result }}' });
    assert.ok(warnings.some((w) => w.feature === 'outputs'));
  });

  it('output parameters from a file: value outputs read from that path, the task unchanged', () => {
    const { p } = imp(`${HEAD}  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: make, template: make}
    - - {name: use, template: use, arguments: {parameters: [{name: m, value: "{{steps.make.outputs.parameters.msg}}"}]}}
  - name: make
    container: {image: busybox, command: [sh, -c], args: ["echo -n hi > /tmp/msg.txt"]}
    outputs: {parameters: [{name: msg, valueFrom: {path: /tmp/msg.txt}}]}
  - name: use
    inputs: {parameters: [{name: m}]}
    container: {image: busybox, command: [echo, "{{inputs.parameters.m}}"]}
`);
    assert.deepEqual(p.tasks.make, { type: 'container', image: 'busybox', command: ['sh', '-c'], args: ['echo -n hi > /tmp/msg.txt'], outputs: { msg: { type: 'string', path: '/tmp/msg.txt' } } });
    assert.deepEqual(p.tasks.use.command, ['echo', '${{ tasks.make.outputs.msg }}']);
  });

  it('withItems, withParam, withSequence and a loop wrapper template with parallelism', () => {
    const { p } = imp(`${HEAD}  entrypoint: main
  arguments: {parameters: [{name: list, value: '["a","b"]'}]}
  templates:
  - name: main
    dag:
      tasks:
      - {name: items, template: echo, arguments: {parameters: [{name: m, value: "{{item.name}}"}]}, withItems: [{name: x}, {name: y}]}
      - {name: param, template: echo, arguments: {parameters: [{name: m, value: "{{item}}"}]}, withParam: "{{workflow.parameters.list}}"}
      - {name: seq, template: echo, arguments: {parameters: [{name: m, value: "{{item}}"}]}, withSequence: {start: "2", end: "4"}}
      - {name: limited, template: wrapper}
  - name: wrapper
    parallelism: 2
    steps:
    - - {name: each, template: echo, arguments: {parameters: [{name: m, value: "n{{item}}"}]}, withItems: [1, 2, 3]}
  - name: echo
    inputs: {parameters: [{name: m}]}
    container: {image: busybox, command: [echo, "{{inputs.parameters.m}}"]}
`);
    assert.deepEqual(p.tasks.items.foreach, { items: [{ name: 'x' }, { name: 'y' }] });
    assert.deepEqual(p.tasks.items.command, ['echo', '${{ item.name }}']);
    assert.deepEqual(p.tasks.param.foreach, { items: '${{ params.list }}' });
    assert.deepEqual(p.params.list, { type: 'list', default: ['a', 'b'] });
    assert.deepEqual(p.tasks.seq.foreach, { items: [2, 3, 4] });
    assert.deepEqual(p.tasks.limited.foreach, { items: [1, 2, 3], parallelism: 2 });
    assert.deepEqual(p.tasks.limited.command, ['echo', 'n${{ item }}']);
  });

  it('retryStrategy, activeDeadlineSeconds, labels, secrets by reference', () => {
    const { p, warnings } = imp(`${HEAD}  entrypoint: flaky
  templates:
  - name: flaky
    metadata: {labels: {team: data}}
    activeDeadlineSeconds: 300
    retryStrategy: {limit: "4", backoff: {duration: "10", factor: 2, cap: 2m, maxDuration: 10m}}
    container:
      image: alpine
      env:
      - {name: MODE, value: full}
      - {name: TOKEN, valueFrom: {secretKeyRef: {name: api, key: token}}}
`);
    assert.deepEqual(p.tasks.flaky.retries, { limit: 4, backoff: 'exponential', delay: '10s', maxDelay: '2m' });
    assert.equal(p.tasks.flaky.timeout, '300s');
    assert.deepEqual(p.tasks.flaky.labels, { team: 'data' });
    assert.deepEqual(p.tasks.flaky.env, { MODE: 'full', TOKEN: '${{ secrets.api_token }}' });
    assert.deepEqual(p.secrets, { api_token: { kubernetes: { name: 'api', key: 'token' } } });
    assert.ok(warnings.some((w) => w.feature === 'retryStrategy.backoff.maxDuration'));
  });

  it('CronWorkflow: schedule with time zone, Forbid → concurrency.runs 1, labels', () => {
    const { p } = imp(`apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata: {name: nightly, labels: {tier: batch}}
spec:
  schedules: ["0 2 * * *"]
  timezone: Europe/Kyiv
  concurrencyPolicy: Forbid
  workflowSpec:
    entrypoint: run
    parallelism: 3
    templates:
    - name: run
      suspend: {duration: "1m"}
`);
    assert.deepEqual(p.schedule, { cron: '0 2 * * *', timezone: 'Europe/Kyiv' });
    assert.deepEqual(p.concurrency, { runs: 1, tasks: 3 });
    assert.deepEqual(p.metadata, { name: 'nightly', labels: { tier: 'batch' } });
    assert.deepEqual(p.tasks.run, { type: 'wait', delay: '1m' });
  });

  it('onExit: the exit handler becomes finally, its failure-only tasks onFailure', () => {
    const { p } = imp(`${HEAD}  entrypoint: work
  onExit: exit
  templates:
  - name: work
    container: {image: alpine, command: [true]}
  - name: exit
    steps:
    - - {name: cleanup, template: t}
      - {name: alert, template: t, when: "{{workflow.status}} != Succeeded"}
  - name: t
    container: {image: alpine, command: [echo, bye]}
`);
    assert.deepEqual(Object.keys(p.tasks), ['work']);
    assert.deepEqual(Object.keys(p.finally), ['cleanup']);
    assert.deepEqual(Object.keys(p.onFailure), ['alert']);
    assert.equal(p.onFailure.alert.if, undefined);
  });

  it('http and suspend templates; names Weft ids cannot hold are renamed and warned', () => {
    const { p, warnings } = imp(`${HEAD}  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - {name: 1st.call, template: call}
      - {name: pause, template: pause, dependencies: [1st.call]}
  - name: call
    http: {url: "https://example.com/api", method: POST, body: "{}", successCondition: "response.statusCode == 201", timeoutSeconds: 20}
  - name: pause
    suspend: {duration: 90s}
`);
    assert.deepEqual(Object.keys(p.tasks), ['_1st_call', 'pause']);
    assert.deepEqual(p.tasks._1st_call, { type: 'http', url: 'https://example.com/api', method: 'POST', body: '{}', expect: { status: [201] }, timeout: '20s' });
    assert.deepEqual(p.tasks.pause.needs, ['_1st_call']);
    assert.ok(warnings.some((w) => w.feature === 'names' && w.message.includes('"1st.call"')));
  });

  it('hostile text: quotes, unicode and a literal ${{ survive import and export', () => {
    const { p, yaml } = imp(`apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: "Données-日本"
  annotations: {workflows.argoproj.io/description: "it's \\"quoted\\" \${{ not an expression }}"}
spec:
  entrypoint: say
  arguments: {parameters: [{name: msg, value: "a 'b' \\"c\\" \${{ d }}"}]}
  templates:
  - name: say
    inputs: {parameters: [{name: msg}]}
    container: {image: alpine, command: [echo, "{{inputs.parameters.msg}} — \${{x}}"]}
`);
    assert.equal(p.metadata.name, 'donnees');
    assert.equal(p.metadata.description, `it's "quoted" \${{ '\${{' }} not an expression }}`);
    assert.equal(p.params.msg.default, `a 'b' "c" \${{ '\${{' }} d }}`);
    assert.deepEqual(p.tasks.say.command, ['echo', "${{ params.msg }} — ${{ '${{' }}x}}"]);
    const v = validateText('t.weft.yaml', yaml, { fileExists: () => true });
    const exported = exportPipeline('argo', { pipeline: v.document.value as Pipeline, fileName: 't.weft.yaml' });
    const doc = load(exported.files[0]!.content) as any;
    assert.equal(schemaErrors(doc), '');
    assert.equal(doc.spec.arguments.parameters[0].value, 'a \'b\' "c" ${{ d }}');
  });

  it('is deterministic', () => {
    const text = `${HEAD}  entrypoint: a
  templates: [{name: a, container: {image: alpine}}]
`;
    assert.equal(toYamlText(importArgo(load(text)).pipeline), toYamlText(importArgo(load(text)).pipeline));
  });
});

describe('argo import: what it refuses, by name', () => {
  const t = (extra: string) => `${HEAD}  entrypoint: main\n  templates:\n${extra}`;
  it('features Weft cannot carry', () => {
    rejects(t('  - {name: main, resource: {action: create, manifestFrom: {artifact: {name: m}}}}\n'), 'resource manifestFrom (a manifest from an artifact)');
    rejects(t('  - {name: main, dag: {tasks: [{name: a, template: two, arguments: {artifacts: [{name: f, raw: {data: x}}]}}]}}\n  - {name: two, inputs: {artifacts: [{name: f}]}, dag: {tasks: [{name: b, template: x}, {name: c, template: x}]}}\n  - {name: x, container: {image: a}}\n'), 'artifacts passed to nested DAG templates');
    rejects(t('  - {name: main, dag: {tasks: [{name: a, template: two}, {name: z, template: y, depends: a, arguments: {parameters: [{name: v, value: "{{tasks.a.outputs.parameters.o}}"}]}}]}}\n  - {name: two, outputs: {parameters: [{name: o, valueFrom: {path: /o}}]}, dag: {tasks: [{name: b, template: x}, {name: c, template: x}]}}\n  - {name: x, container: {image: a}}\n  - {name: y, inputs: {parameters: [{name: v}]}, container: {image: a, args: ["{{inputs.parameters.v}}"]}}\n'), 'outputs of nested DAG templates');
    // Argo collects no files of a loop's iterations, and a DAG template has no standard output of its own.
    rejects(t('  - {name: main, dag: {tasks: [{name: a, template: two}, {name: z, template: y, depends: a, arguments: {artifacts: [{name: f, from: "{{tasks.a.outputs.artifacts.o}}"}]}}]}}\n  - {name: two, outputs: {artifacts: [{name: o, from: "{{tasks.b.outputs.artifacts.f}}"}]}, dag: {tasks: [{name: b, template: x, withItems: [1, 2]}, {name: c, template: x}]}}\n  - {name: x, container: {image: a}, outputs: {artifacts: [{name: f, path: /f}]}}\n  - {name: y, inputs: {artifacts: [{name: f, path: /f}]}, container: {image: a}}\n'), 'output artifacts of loops');
    rejects(t('  - {name: main, dag: {tasks: [{name: a, template: two}, {name: z, template: y, depends: a, arguments: {parameters: [{name: v, value: "{{tasks.a.outputs.result}}"}]}}]}}\n  - {name: two, dag: {tasks: [{name: b, template: x}, {name: c, template: x}]}}\n  - {name: x, container: {image: a}}\n  - {name: y, inputs: {parameters: [{name: v}]}, container: {image: a, args: ["{{inputs.parameters.v}}"]}}\n'), 'outputs.result of nested DAG templates');
    rejects(t('  - {name: main, steps: [[{name: a, template: loop}]]}\n  - {name: loop, steps: [[{name: b, template: x}], [{name: c, template: loop}]]}\n  - {name: x, container: {image: a}}\n'), 'recursive templates');
    rejects(t('  - {name: main, container: {image: a}, inputs: {artifacts: [{name: x, path: /x, s3: {key: k}}]}}\n'), 'artifacts in the artifact repository (key only)');
    rejects(t('  - {name: main, container: {image: a}, inputs: {artifacts: [{name: x, path: /x}]}}\n'), 'input artifacts without a source');
    rejects(t('  - {name: main, steps: [[{name: a, template: x}], [{name: b, template: y, arguments: {parameters: [{name: v, value: "{{steps.a.ip}}"}]}}]]}\n  - {name: x, container: {image: a}}\n  - {name: y, inputs: {parameters: [{name: v}]}, container: {image: a, args: ["{{inputs.parameters.v}}"]}}\n'), '{{steps.<name>.ip}}');
    rejects(t('  - {name: main, steps: [[{name: a, template: x, withItems: [1], arguments: {parameters: [{name: v, value: "{{item}}"}]}}]]}\n  - {name: x, inputs: {parameters: [{name: v}]}, metadata: {annotations: {a: "{{inputs.parameters.v}}"}}, container: {image: a}}\n'), 'references in Argo-only settings');
    rejects(t('  - {name: main, steps: [[{name: a, templateRef: {name: lib, template: x}}]]}\n'), 'templateRef');
    rejects(t('  - {name: main, dag: {tasks: [{name: a, template: x}, {name: b, template: x, depends: "!a"}]}}\n  - {name: x, container: {image: a}}\n'), 'depends expression');
    rejects(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n`, 'kind ConfigMap');
    rejects(`apiVersion: argoproj.io/v1alpha1\nkind: WorkflowTemplate\nmetadata: {name: lib}\nspec:\n  templates: []\n`, 'workflows without entrypoint');
  });
  it('the standard output of a container Weft cannot extend', () => {
    rejects(
      t('  - {name: main, steps: [[{name: a, template: p}], [{name: b, template: x, arguments: {parameters: [{name: v, value: "{{steps.a.outputs.result}}"}]}}]]}\n  - {name: p, container: {image: a, command: [make-it]}}\n  - {name: x, inputs: {parameters: [{name: v}]}, container: {image: a, args: ["{{inputs.parameters.v}}"]}}\n'),
      'outputs.result of container templates',
    );
  });
});

describe('argo import: artifacts, pod settings and Argo-only settings', () => {
  const t = (extra: string, head = '') => `${HEAD}${head}  entrypoint: main\n  templates:\n${extra}`;

  it('output artifacts become file outputs; artifact arguments become inputs from them (absolute paths kept)', () => {
    const { p } = imp(t(`  - name: main
    steps:
    - - {name: gen, template: gen}
    - - name: use
        template: use
        arguments: {artifacts: [{name: msg, from: "{{steps.gen.outputs.artifacts.out}}"}]}
  - name: gen
    container: {image: busybox, command: [sh, -c], args: ["echo hi > /tmp/out.txt"]}
    outputs: {artifacts: [{name: out, path: /tmp/out.txt, archive: {none: {}}}]}
  - name: use
    inputs: {artifacts: [{name: msg, path: /tmp/msg, mode: 493}]}
    container: {image: busybox, command: [cat, "{{inputs.artifacts.msg.path}}"]}
`));
    assert.deepEqual(p.tasks.gen.outputs, { out: { type: 'file', path: '/tmp/out.txt' } });
    assert.deepEqual(p.tasks.gen.platform, { argo: { outputs: { out: { archive: { none: {} } } } } });
    assert.deepEqual(p.tasks.use.inputs, { msg: { path: '/tmp/msg', from: '${{ tasks.gen.outputs.out }}', mode: 493 } });
    assert.deepEqual(p.tasks.use.command, ['cat', '/tmp/msg']);
  });

  it('artifact locations become URLs or inline content; Argo-only location fields go to platform.argo.inputs', () => {
    const { p } = imp(t(`  - name: main
    inputs:
      artifacts:
      - {name: data, path: /data, s3: {endpoint: s3.example.com, bucket: b, key: k/x.csv, accessKeySecret: {name: s, key: a}}}
      - {name: repo, path: /src, git: {repo: "https://github.com/argoproj/argo-workflows.git", revision: main, depth: 1}}
      - {name: page, path: /page, http: {url: "https://example.com/x"}, optional: true}
      - {name: text, path: /text, raw: {data: "hello {{workflow.parameters.who}}"}}
    container: {image: alpine, command: [ls, /data]}
`, `  arguments: {parameters: [{name: who, value: w}]}\n`));
    assert.deepEqual(p.tasks.main.inputs, {
      data: { path: '/data', url: 's3://b/k/x.csv' },
      repo: { path: '/src', url: 'git+https://github.com/argoproj/argo-workflows.git#main' },
      page: { path: '/page', url: 'https://example.com/x', optional: true },
      text: { path: '/text', content: 'hello ${{ params.who }}' },
    });
    assert.deepEqual(p.tasks.main.platform.argo.inputs, {
      data: { s3: { endpoint: 's3.example.com', accessKeySecret: { name: 's', key: 'a' } } },
      repo: { git: { depth: 1 } },
    });
  });

  it('volumes, mounts, sidecars and pod placement become kubernetes; synchronization and probes of other templates platform.argo', () => {
    const { p } = imp(t(`  - name: main
    synchronization: {mutexes: [{name: m}]}
    nodeSelector: {disk: ssd}
    volumes: [{name: cache, emptyDir: {}}]
    sidecars: [{name: db, image: postgres}]
    container:
      image: alpine
      volumeMounts: [{name: work, mountPath: /work}, {name: cache, mountPath: /cache}]
      readinessProbe: {httpGet: {path: /, port: 80}}
      resources: {requests: {cpu: 100m}, limits: {cpu: 200m}}
`, `  serviceAccountName: runner
  volumeClaimTemplates: [{metadata: {name: work}, spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}}]
  podGC: {strategy: OnPodSuccess}
  activeDeadlineSeconds: 600
`));
    assert.equal(p.timeout, '600s');
    assert.equal(p.kubernetes.serviceAccount, 'runner');
    assert.equal(p.kubernetes.volumeClaimTemplates[0].metadata.name, 'work');
    assert.deepEqual(p.platform, { argo: { spec: { podGC: { strategy: 'OnPodSuccess' } } } });
    assert.deepEqual(p.tasks.main.kubernetes, {
      nodeSelector: { disk: 'ssd' },
      volumes: [{ name: 'cache', emptyDir: {} }],
      sidecars: [{ name: 'db', image: 'postgres' }],
      volumeMounts: [{ name: 'work', mountPath: '/work' }, { name: 'cache', mountPath: '/cache' }],
    });
    assert.deepEqual(p.tasks.main.platform.argo.template, {
      synchronization: { mutexes: [{ name: 'm' }] },
      container: { readinessProbe: { httpGet: { path: '/', port: 80 } }, resources: { limits: { cpu: '200m' } } },
    });
  });

  it('continueOn: failed is allowFailure; error is kept for Argo', () => {
    const { p } = imp(t(`  - name: main
    steps:
    - - {name: a, template: x, continueOn: {failed: true, error: true}}
    - - {name: b, template: x}
  - name: x
    container: {image: alpine}
`));
    assert.equal(p.tasks.a.allowFailure, true);
    assert.deepEqual(p.tasks.a.platform, { argo: { task: { continueOn: { error: true } } } });
  });

  it('inline templates, withSequence over a parameter (range) and a formatted literal sequence', () => {
    const { p } = imp(t(`  - name: main
    dag:
      tasks:
      - {name: a, inline: {container: {image: alpine, command: [echo, "{{item}}"]}}, withSequence: {count: "{{workflow.parameters.n}}"}}
      - {name: b, inline: {container: {image: alpine, command: [echo, "{{item}}"]}}, withSequence: {start: "1", end: "3", format: "d%02d"}}
`, `  arguments: {parameters: [{name: n, value: "3"}]}\n`));
    assert.equal(p.tasks.a.foreach.items, '${{ range(int(params.n)) }}');
    assert.deepEqual(p.tasks.b.foreach.items, ['d01', 'd02', 'd03']);
  });

  it('resource templates become manifest tasks; output parameters read by jsonPath become capture', () => {
    const { p } = imp(t(`  - name: main
    dag:
      tasks:
      - {name: make, template: make}
      - {name: wait, template: wait, dependencies: [make], arguments: {parameters: [{name: n, value: "{{tasks.make.outputs.parameters.job-name}}"}]}}
  - name: make
    resource:
      action: create
      setOwnerReference: true
      flags: [--validate=false]
      manifest: |
        apiVersion: batch/v1
        kind: Job
        metadata: {generateName: x-}
    outputs: {parameters: [{name: job-name, valueFrom: {jsonPath: "{.metadata.name}"}}]}
  - name: wait
    inputs: {parameters: [{name: n}]}
    resource:
      action: get
      successCondition: status.succeeded > 0
      failureCondition: status.failed > 1
      manifest: |
        apiVersion: batch/v1
        kind: Job
        metadata: {name: "{{inputs.parameters.n}}"}
`));
    assert.deepEqual(p.tasks.make, {
      type: 'manifest', action: 'create', flags: ['--validate=false'], ownedByRun: true,
      manifest: 'apiVersion: batch/v1\nkind: Job\nmetadata: {generateName: x-}\n',
      outputs: { 'job-name': { type: 'string' } }, capture: { 'job-name': '{.metadata.name}' },
    });
    assert.equal(p.tasks.wait.successCondition, 'status.succeeded > 0');
    assert.equal(p.tasks.wait.manifest, 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: "${{ tasks.make.outputs.job-name }}"}\n');
    rejects(t(`  - name: main\n    resource: {action: create, flags: [configmap, --selector, a=b]}\n`), 'resource templates without a manifest');
  });

  it('nested DAG/steps templates with several tasks, or a loop over a loop, become sub-pipelines (files beside the main one)', () => {
    const r = importArgo(load(t(`  - name: main
    dag:
      tasks:
      - {name: a, template: pair, arguments: {parameters: [{name: msg, value: "{{workflow.parameters.who}}"}, {name: n, value: "2"}]}}
      - {name: b, template: pair, depends: a, withItems: [x, y], arguments: {parameters: [{name: msg, value: "{{item}}"}, {name: n, value: "3"}]}}
  - name: pair
    parallelism: 1
    inputs: {parameters: [{name: msg}, {name: n, value: "1"}, {name: tag, value: "t"}]}
    steps:
    - - {name: one, template: say, arguments: {parameters: [{name: m, value: "{{inputs.parameters.msg}} {{inputs.parameters.tag}}"}]}}
    - - {name: two, template: say, arguments: {parameters: [{name: m, value: "{{workflow.parameters.greeting}} {{inputs.parameters.n}}"}]}}
  - name: say
    inputs: {parameters: [{name: m}]}
    container: {image: alpine, command: [echo, "{{inputs.parameters.m}}"]}
`, '  arguments: {parameters: [{name: who, value: me}, {name: greeting, value: hi}]}\n')));
    const p = r.pipeline as any;
    assert.deepEqual(p.tasks.a, { type: 'pipeline', pipeline: 'demo-pair.weft.yaml', with: { msg: '${{ params.who }}', n: 2, greeting: '${{ params.greeting }}' } });
    assert.deepEqual(p.tasks.b.foreach, { items: ['x', 'y'] });
    assert.deepEqual(p.tasks.b.with, { msg: '${{ item }}', n: 3, greeting: '${{ params.greeting }}' });
    assert.equal(r.files?.length, 1, 'one file per template and set of passed parameters');
    const sub = r.files![0]!.pipeline as any;
    assert.deepEqual(sub.params, { msg: { type: 'string' }, n: { type: 'integer', default: 1 }, tag: { type: 'string', default: 't' }, greeting: { type: 'string', default: 'hi' } });
    assert.deepEqual(sub.concurrency, { tasks: 1 });
    assert.deepEqual(sub.tasks.one.command, ['echo', '${{ params.msg }} ${{ params.tag }}']);
    assert.deepEqual(sub.tasks.two.needs, ['one']);
    assert.deepEqual(sub.tasks.two.command, ['echo', '${{ params.greeting }} ${{ params.n }}']);
    // The export inlines the sub-pipeline again as a nested DAG with its parallelism.
    const files = new Map(r.files!.map((f) => [f.path, toYamlText(f.pipeline)]));
    for (const [path, text] of files) assert.deepEqual(validateText(path, text).diagnostics.filter((d) => d.severity === 'error'), []);
    const v = validateText('demo.weft.yaml', toYamlText(p), { fileExists: (x) => files.has(x) });
    const out = exportPipeline('argo', { pipeline: v.document.value as Pipeline, fileName: 'demo.weft.yaml', readFile: (x) => files.get(x) });
    const doc = load(out.files[0]!.content) as any;
    assert.equal(schemaErrors(doc), '');
    const nested = doc.spec.templates.find((x: any) => x.name === 'a');
    assert.equal(nested.parallelism, 1);
    assert.deepEqual(nested.dag.tasks.map((x: any) => x.name), ['one', 'two']);
  });

  it("a nested template's outputs (valueFrom.parameter / expression, artifacts from a task) are the sub-pipeline's outputs, declared by the task calling it", () => {
    const text = t(`  - name: main
    dag:
      tasks:
      - {name: inner, template: inner, arguments: {parameters: [{name: n, value: "3"}]}}
      - {name: fan, template: inner, withItems: [1, 2], arguments: {parameters: [{name: n, value: "{{item}}"}]}}
      - name: use
        depends: inner && fan
        template: show
        arguments:
          parameters: [{name: msg, value: "{{tasks.inner.outputs.parameters.total}} {{tasks.fan.outputs.parameters.total}} {{tasks.inner.outputs.parameters.first}}"}]
          artifacts: [{name: f, from: "{{tasks.inner.outputs.artifacts.report}}"}]
      - {name: gate, depends: inner, when: "{{tasks.inner.outputs.parameters.total}} > 2", template: say}
    outputs:
      parameters: [{name: answer, valueFrom: {parameter: "{{tasks.inner.outputs.parameters.total}}"}}]
  - name: inner
    inputs: {parameters: [{name: n}]}
    steps:
    - - {name: gen, template: gen, arguments: {parameters: [{name: n, value: "{{inputs.parameters.n}}"}]}}
    - - {name: sq, template: gen, arguments: {parameters: [{name: n, value: "{{steps.gen.outputs.parameters.out}}"}]}}
    outputs:
      parameters:
      - {name: total, valueFrom: {parameter: "{{steps.sq.outputs.parameters.out}}", default: "0"}}
      - {name: first, valueFrom: {expression: "steps.gen.outputs.parameters.out ?? 'none'"}}
      - {name: unread, valueFrom: {parameter: "{{steps.gen.outputs.parameters.out}}"}}
      artifacts: [{name: report, from: "{{steps.gen.outputs.artifacts.report}}"}]
  - name: gen
    inputs: {parameters: [{name: n}]}
    container: {image: alpine, command: [sh, -c], args: ["echo $(({{inputs.parameters.n}}*2)) > /tmp/out; echo hi > /tmp/report.txt"]}
    outputs:
      parameters: [{name: out, valueFrom: {path: /tmp/out}}]
      artifacts: [{name: report, path: /tmp/report.txt}]
  - name: show
    inputs: {parameters: [{name: msg}], artifacts: [{name: f, path: /tmp/f}]}
    container: {image: alpine, command: [sh, -c], args: ["echo {{inputs.parameters.msg}}; cat /tmp/f"]}
  - {name: say, container: {image: alpine, command: [echo, hi]}}
`);
    const r = importArgo(load(text));
    const p = r.pipeline as any;
    // One file for both calls: what either reads; compared as a number by one, so a number.
    assert.deepEqual(r.files!.map((f) => f.path), ['demo-inner.weft.yaml']);
    assert.deepEqual(p.tasks.inner.outputs, { total: { type: 'number' }, first: { type: 'string' }, report: { type: 'file' } });
    assert.deepEqual(p.tasks.fan.outputs, { total: { type: 'number' } });
    assert.equal(p.tasks.use.inputs.f.from, '${{ tasks.inner.outputs.report }}');
    assert.deepEqual(p.tasks.use.args, ['echo ${{ tasks.inner.outputs.total }} ${{ tasks.fan.outputs.total }} ${{ tasks.inner.outputs.first }}; cat /tmp/f']);
    assert.equal(p.tasks.gate.if, '${{ tasks.inner.outputs.total > 2 }}');
    // The entrypoint's own outputs are the pipeline's.
    assert.deepEqual(p.outputs, { answer: { type: 'number', value: '${{ tasks.inner.outputs.total }}' } });
    const sub = r.files![0]!.pipeline as any;
    assert.deepEqual(sub.outputs, {
      total: { type: 'number', value: '${{ default(tasks.sq.outputs.out, 0) }}' },
      first: { type: 'string', value: "${{ default(tasks.gen.outputs.out, 'none') }}" },
      report: { type: 'file', value: '${{ tasks.gen.outputs.report }}' },
    });
    assert.deepEqual(sub.tasks.sq.outputs.out, { type: 'number', path: '/tmp/out' });
    // Valid, and exported back as the nested DAG's outputs (schema-valid), which re-import to the same.
    const files = new Map(r.files!.map((f) => [f.path, toYamlText(f.pipeline)]));
    for (const [path, body] of files) assert.deepEqual(validateText(path, body).diagnostics.filter((d) => d.severity === 'error'), [], body);
    const v = validateText('demo.weft.yaml', toYamlText(p), { fileExists: (x) => files.has(x) });
    assert.deepEqual(v.diagnostics.filter((d) => d.severity === 'error'), []);
    const out = exportPipeline('argo', { pipeline: v.document.value as Pipeline, fileName: 'demo.weft.yaml', readFile: (x) => files.get(x) });
    assert.deepEqual(out.warnings.filter((w) => w.feature === 'outputs.pipeline' || w.feature === 'task.pipeline'), []);
    const doc = load(out.files[0]!.content) as any;
    assert.equal(schemaErrors(doc), '');
    const nested = doc.spec.templates.find((x: any) => x.name === 'inner');
    assert.deepEqual(nested.outputs, {
      parameters: [
        { name: 'total', valueFrom: { parameter: '{{tasks.sq.outputs.parameters.out}}', default: '0' } },
        { name: 'first', valueFrom: { parameter: '{{tasks.gen.outputs.parameters.out}}', default: 'none' } },
      ],
      artifacts: [{ name: 'report', from: '{{tasks.gen.outputs.artifacts.report}}' }],
    });
    assert.deepEqual(doc.spec.templates.find((x: any) => x.name === 'fan').outputs, { parameters: [{ name: 'total', valueFrom: { parameter: '{{tasks.sq.outputs.parameters.out}}', default: '0' } }] });
    assert.deepEqual(doc.spec.templates.find((x: any) => x.name === 'main').outputs, { parameters: [{ name: 'answer', valueFrom: { parameter: '{{tasks.inner.outputs.parameters.total}}' } }] });
    const again = importArgo(doc);
    const p2 = again.pipeline as any;
    assert.deepEqual(p2.outputs, p.outputs);
    assert.deepEqual(p2.tasks.inner.outputs, p.tasks.inner.outputs);
    assert.deepEqual((again.files!.find((f) => f.path === p2.tasks.inner.pipeline)!.pipeline as any).outputs, sub.outputs);
  });

  it("a one-task nested template is inlined only when its outputs are its task's under the same names; otherwise a sub-pipeline with outputs", () => {
    const r = importArgo(load(t(`  - name: main
    dag:
      tasks:
      - {name: w, template: wrap}
      - {name: same, template: wrap2}
      - {name: use, depends: w && same, template: show, arguments: {parameters: [{name: msg, value: "{{tasks.w.outputs.parameters.total}} {{tasks.same.outputs.parameters.out}}"}]}}
  - name: wrap
    dag: {tasks: [{name: only, template: gen, withItems: [1, 2]}]}
    outputs: {parameters: [{name: total, valueFrom: {parameter: "{{tasks.only.outputs.parameters.out}}"}}]}
  - name: wrap2
    dag: {tasks: [{name: only, template: gen, withItems: [1, 2]}]}
    outputs: {parameters: [{name: out, valueFrom: {parameter: "{{tasks.only.outputs.parameters.out}}"}}]}
  - name: gen
    container: {image: alpine, command: [sh, -c, "echo 1 > /tmp/out"]}
    outputs: {parameters: [{name: out, valueFrom: {path: /tmp/out}}]}
  - name: show
    inputs: {parameters: [{name: msg}]}
    container: {image: alpine, command: [echo, "{{inputs.parameters.msg}}"]}
`)));
    const p = r.pipeline as any;
    assert.equal(p.tasks.same.type, 'container');
    assert.deepEqual(p.tasks.same.outputs, { out: { type: 'string', path: '/tmp/out' } });
    assert.deepEqual(p.tasks.w.outputs, { total: { type: 'list' } });
    assert.deepEqual((r.files![0]!.pipeline as any).outputs, { total: { type: 'list', value: '${{ tasks.only.outputs.out }}' } });
    assert.deepEqual(p.tasks.use.command, ['echo', '${{ tasks.w.outputs.total }} ${{ tasks.same.outputs.out }}']);
  });

  it("a task with an exit hook: its outputs (its standard output too) reach later tasks through the sub-pipeline's outputs", () => {
    const r = importArgo(load(t(`  - name: main
    dag:
      tasks:
      - {name: a, template: out, hooks: {exit: {template: bye}}}
      - {name: b, template: show, depends: a, arguments: {parameters: [{name: v, value: "{{tasks.a.outputs.parameters.r}} {{tasks.a.outputs.result}}"}]}}
  - name: out
    script: {image: alpine, command: [sh], source: "echo hi; echo x > /r"}
    outputs: {parameters: [{name: r, valueFrom: {path: /r}, globalName: rr}]}
  - {name: bye, container: {image: alpine, command: [echo, bye]}}
  - name: show
    inputs: {parameters: [{name: v}]}
    container: {image: alpine, command: [echo, "{{inputs.parameters.v}}"]}
`)));
    const p = r.pipeline as any;
    assert.deepEqual(p.tasks.a.outputs, { r: { type: 'string' }, result: { type: 'string' } });
    assert.deepEqual(p.tasks.b.command, ['echo', '${{ tasks.a.outputs.r }} ${{ tasks.a.outputs.result }}']);
    const a = r.files![0]!.pipeline as any;
    // The task itself keeps its global output (its template's, in the sub-pipeline).
    assert.deepEqual(a.tasks.a.platform, { argo: { outputs: { r: { globalName: 'rr' } } } });
    assert.deepEqual(a.outputs, { r: { type: 'string', value: '${{ tasks.a.outputs.r }}' }, result: { type: 'string', value: '${{ tasks.a.outputs.result }}' } });
    const files = new Map(r.files!.map((f) => [f.path, toYamlText(f.pipeline)]));
    const v = validateText('demo.weft.yaml', toYamlText(p), { fileExists: (x) => files.has(x) });
    const doc = load(exportPipeline('argo', { pipeline: v.document.value as Pipeline, fileName: 'demo.weft.yaml', readFile: (x) => files.get(x) }).files[0]!.content) as any;
    assert.equal(schemaErrors(doc), '');
    assert.deepEqual(doc.spec.templates.find((x: any) => x.name === 'a').outputs.parameters, [
      { name: 'r', valueFrom: { parameter: '{{tasks.a.outputs.parameters.r}}' } },
      { name: 'result', valueFrom: { parameter: '{{tasks.a.outputs.parameters.result}}' } },
    ]);
  });

  it('templateRef to a DAG template of another document: a sub-pipeline imported in that document', () => {
    const lib = load(`apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata: {name: lib}
spec:
  templates:
  - name: inner
    inputs: {parameters: [{name: m}]}
    dag:
      tasks:
      - {name: x, template: say, arguments: {parameters: [{name: m, value: "{{inputs.parameters.m}}"}]}}
      - {name: y, template: say, depends: x, arguments: {parameters: [{name: m, value: "after {{inputs.parameters.m}}"}]}}
  - name: say
    inputs: {parameters: [{name: m}]}
    container: {image: alpine, command: [echo, "{{inputs.parameters.m}}"]}
`);
    const r = importArgo(load(t(`  - name: main
    steps: [[{name: s, templateRef: {name: lib, template: inner}, arguments: {parameters: [{name: m, value: hello}]}}]]
`)), { library: [lib] });
    assert.deepEqual((r.pipeline as any).tasks.s, { type: 'pipeline', pipeline: 'demo-inner.weft.yaml', with: { m: 'hello' } });
    assert.deepEqual((r.files![0]!.pipeline as any).tasks.y.command, ['echo', 'after ${{ params.m }}']);
  });

  it('an exit hook on a task (hooks.exit or onExit): a sub-pipeline running the task, with the hook as its finally', () => {
    const r = importArgo(load(t(`  - name: main
    dag:
      tasks:
      - {name: a, template: out, arguments: {parameters: [{name: m, value: "{{workflow.parameters.who}}"}]}, hooks: {exit: {template: bye, arguments: {parameters: [{name: v, value: "{{tasks.a.outputs.parameters.r}}"}]}}}}
      - {name: b, template: out, depends: a, onExit: bye0, arguments: {parameters: [{name: m, value: x}]}}
  - name: out
    inputs: {parameters: [{name: m}]}
    script: {image: alpine, command: [sh], source: "echo {{inputs.parameters.m}} > /r"}
    outputs: {parameters: [{name: r, valueFrom: {path: /r}}]}
  - name: bye
    inputs: {parameters: [{name: v}]}
    container: {image: alpine, command: [echo, "{{inputs.parameters.v}}"]}
  - name: bye0
    container: {image: alpine, command: [echo, bye]}
`, '  arguments: {parameters: [{name: who, value: me}]}\n')));
    const p = r.pipeline as any;
    assert.deepEqual(p.tasks.a, { type: 'pipeline', pipeline: 'demo-a.weft.yaml', with: { m: '${{ params.who }}' } });
    assert.deepEqual(p.tasks.b.needs, ['a']);
    const a = r.files!.find((f) => f.path === 'demo-a.weft.yaml')!.pipeline as any;
    assert.deepEqual(Object.keys(a.tasks), ['a']);
    assert.deepEqual(a.finally.bye.command, ['echo', '${{ tasks.a.outputs.r }}']);
    assert.equal(a.finally.bye.needs, undefined);
    assert.deepEqual(Object.keys((r.files!.find((f) => f.path === 'demo-b.weft.yaml')!.pipeline as any).finally), ['bye0']);
    rejects(t(`  - name: main\n    steps: [[{name: a, template: x, hooks: {running: {expression: "steps.a.status == 'Running'", template: x}}}]]\n  - {name: x, container: {image: a}}\n`), 'lifecycle hooks');
    rejects(t(`  - name: main\n    steps: [[{name: a, template: x, withItems: [1, 2], hooks: {exit: {template: x}}}]]\n  - {name: x, container: {image: a}}\n`), 'exit hooks on loops');
  });

  it('a workflow exit hook is the exit handler (finally); hooks on other events are refused', () => {
    const { p } = imp(t('  - {name: main, container: {image: a}}\n  - {name: bye, container: {image: a, command: [echo, bye]}}\n', '  hooks: {exit: {template: bye}}\n'));
    assert.deepEqual(Object.keys(p.finally), ['bye']);
    rejects(t('  - {name: main, container: {image: a}}\n', '  hooks: {exit: {template: main}, running: {expression: "true", template: main}}\n'), 'lifecycle hooks');
  });

  it('a template library (no entrypoint): one pipeline per template, running it as the entrypoint with its inputs as params', () => {
    const r = importArgo(load(`apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata: {name: lib}
spec:
  templates:
  - name: say
    inputs: {parameters: [{name: m}, {name: n, default: "2"}, {name: fixed, value: x}]}
    container: {image: alpine, command: [echo, "{{inputs.parameters.m}} {{inputs.parameters.n}} {{inputs.parameters.fixed}}"]}
  - name: twice
    steps: [[{name: a, template: say, arguments: {parameters: [{name: m, value: one}]}}], [{name: b, template: say, arguments: {parameters: [{name: m, value: two}]}}]]
`));
    const p = r.pipeline as any;
    assert.equal(p.metadata.name, 'lib-say');
    assert.deepEqual(p.params, { m: { type: 'string' }, n: { type: 'integer', default: 2 } });
    assert.deepEqual(p.tasks.say.command, ['echo', '${{ params.m }} ${{ params.n }} x']);
    assert.deepEqual(r.files!.map((f) => f.path), ['lib-twice.weft.yaml']);
    const twice = r.files![0]!.pipeline as any;
    assert.deepEqual(Object.keys(twice.tasks), ['a', 'b']);
    assert.deepEqual(twice.tasks.b.needs, ['a']);
    assert.ok(r.warnings.some((w) => w.feature === 'library'));
  });

  it('a library template also run as a sub-pipeline of another gets a file of its own (no two files share a path)', () => {
    const r = importArgo(load(`apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata: {name: lib}
spec:
  templates:
  - {name: outer, steps: [[{name: a, template: inner}], [{name: b, template: inner}]]}
  - {name: inner, steps: [[{name: x, template: say}], [{name: y, template: say}]]}
  - {name: say, container: {image: alpine}}
`));
    const paths = r.files!.map((f) => f.path);
    assert.equal(new Set(paths).size, paths.length, paths.join(', '));
    assert.deepEqual((r.pipeline as any).tasks.a, { type: 'pipeline', pipeline: 'lib-outer-inner.weft.yaml' });
  });

  it('entrypoint inputs with no value, default or argument are given at submission: required params', () => {
    const { p } = imp(t('  - {name: main, inputs: {parameters: [{name: who}]}, container: {image: a, command: [echo, "{{inputs.parameters.who}}"]}}\n'));
    assert.deepEqual(p.params, { who: { type: 'string' } });
    assert.deepEqual(p.tasks.main.command, ['echo', '${{ params.who }}']);
  });

  it('Argo-only template settings that read per-call values: ${{ }} for the exporter to pass in; node variables and own outputs stay', () => {
    const { p } = imp(t(`  - name: main
    steps:
    - - {name: a, template: x, withItems: [{tag: t1}], arguments: {parameters: [{name: v, value: "{{item.tag}}"}]}}
  - name: x
    inputs: {parameters: [{name: v}]}
    metrics: {prometheus: [{name: m, help: h, labels: [{key: k, value: "{{inputs.parameters.v}}"}, {key: s, value: "{{status}}"}], gauge: {value: "{{outputs.parameters.o}}"}}]}
    outputs: {parameters: [{name: o, valueFrom: {path: /o}}]}
    container: {image: a, command: [sh, -c, "echo 1 > /o"]}
`));
    const m = p.tasks.a.platform.argo.template.metrics.prometheus[0];
    assert.deepEqual(m.labels, [{ key: 'k', value: '${{ item.tag }}' }, { key: 's', value: '{{status}}' }]);
    assert.equal(m.gauge.value, '{{outputs.parameters.o}}');
    assert.deepEqual(Object.keys(p.tasks.a.outputs), ['o'], 'the output a setting reads is declared');
  });

  it('containerSet templates: a sub-pipeline of their containers (same work, same order); a shared volume is refused', () => {
    const r = importArgo(load(t(`  - name: main
    containerSet:
      containers:
      - {name: a, image: alpine, command: [echo, a]}
      - {name: b, image: alpine, dependencies: [a]}
`)));
    assert.deepEqual((r.pipeline as any).tasks, { main: { type: 'pipeline', pipeline: 'demo-main.weft.yaml' } });
    const sub = r.files![0]!.pipeline as any;
    assert.deepEqual(sub.tasks.a, { type: 'container', image: 'alpine', command: ['echo', 'a'] });
    assert.deepEqual(sub.tasks.b, { type: 'container', needs: ['a'], image: 'alpine' });
    rejects(t('  - {name: main, volumes: [{name: w, emptyDir: {}}], containerSet: {volumeMounts: [{name: w, mountPath: /w}], containers: [{name: a, image: alpine}]}}\n'), 'containerSet templates sharing the pod');
  });

  it('a Python script Argo pastes values into: pasted at run time from environment variables', () => {
    const { p } = imp(t('  - {name: main, steps: [[{name: a, template: s, arguments: {parameters: [{name: m, value: "{{workflow.parameters.who}}"}]}}]]}\n  - {name: s, inputs: {parameters: [{name: m}]}, script: {image: python, command: [python], source: "print(\'{{inputs.parameters.m}}\')\\n"}}\n', '  arguments: {parameters: [{name: who, value: me}]}\n'));
    assert.deepEqual(p.tasks.a.env, { ARGO_WHO: '${{ params.who }}' });
    assert.match(p.tasks.a.code, /_weft_os\.environ\["ARGO_WHO"\]/);
    assert.match(p.tasks.a.code, /exec\(compile\(_weft_source/);
  });

  it('a workflow parameter read but not declared is given at submission: a required param (handed on to sub-pipelines too)', () => {
    const r = importArgo(load(t(`  - name: main
    steps:
    - - {name: a, template: x, arguments: {parameters: [{name: m, value: "{{workflow.parameters.who}}"}]}}
    - - {name: b, template: pair}
  - name: pair
    steps: [[{name: c, template: x, arguments: {parameters: [{name: m, value: "{{workflow.parameters.late}}"}]}}], [{name: d, template: x, arguments: {parameters: [{name: m, value: d}]}}]]
  - name: x
    inputs: {parameters: [{name: m}]}
    container: {image: a, command: [echo, "{{inputs.parameters.m}}"]}
`)));
    const p = r.pipeline as any;
    assert.deepEqual(p.params, { who: { type: 'string' }, late: { type: 'string' } });
    assert.deepEqual(p.tasks.b.with, { late: '${{ params.late }}' });
    assert.ok(r.warnings.some((w) => w.feature === 'parameters' && w.message.includes('who')));
  });

  it('an input naming only a repository key that an earlier task of the DAG writes: that task\'s file output', () => {
    const { p } = imp(t(`  - name: main
    dag:
      tasks:
      - {name: gen, template: gen}
      - {name: use, template: use, depends: gen}
  - name: gen
    container: {image: a}
    outputs: {artifacts: [{name: file, path: /mnt/file, s3: {key: my-file}}]}
  - name: use
    container: {image: a}
    inputs: {artifacts: [{name: file, path: /tmp/file, s3: {key: my-file}}]}
`));
    assert.deepEqual(p.tasks.use.inputs, { file: { path: '/tmp/file', from: '${{ tasks.gen.outputs.file }}' } });
    assert.deepEqual(p.tasks.gen.platform.argo.outputs.file, { s3: { key: 'my-file' } });
    rejects(t('  - {name: main, container: {image: a}, inputs: {artifacts: [{name: x, path: /x, s3: {key: k}}]}}\n'), 'artifacts in the artifact repository (key only)');
  });

  it('a `python -c` container whose output is read becomes a Python task that reports it', () => {
    const { p } = imp(t(`  - name: main
    steps:
    - - {name: a, template: py}
    - - {name: b, template: echo, arguments: {parameters: [{name: v, value: "{{steps.a.outputs.result}}"}]}}
  - name: py
    container: {image: python, command: [python3, -c], args: ["print('hi')"]}
  - name: echo
    inputs: {parameters: [{name: v}]}
    container: {image: a, command: [echo, "{{inputs.parameters.v}}"]}
`));
    assert.equal(p.tasks.a.type, 'python');
    assert.match(p.tasks.a.code, /print\('hi'\)\n?$/);
    assert.deepEqual(p.tasks.a.outputs, { result: { type: 'string' } });
  });

  it('a Kubernetes setting that reads a value is kept for Argo only (Weft\'s kubernetes settings hold no references)', () => {
    const { p } = imp(t('  - {name: main, steps: [[{name: a, template: x, withItems: [l1], arguments: {parameters: [{name: v, value: "{{item}}"}]}}]]}\n  - {name: x, inputs: {parameters: [{name: v}]}, nodeSelector: {a: "{{inputs.parameters.v}}"}, container: {image: a}}\n', '  nodeSelector: {arch: "{{workflow.parameters.arch}}"}\n  arguments: {parameters: [{name: arch, value: amd64}]}\n'));
    assert.equal(p.tasks.a.kubernetes, undefined);
    assert.deepEqual(p.tasks.a.platform.argo.template.nodeSelector, { a: '${{ item }}' });
    assert.equal(p.kubernetes, undefined);
    assert.deepEqual(p.platform.argo.spec.nodeSelector, { arch: '{{workflow.parameters.arch}}' });
  });

  it('expression tags: the part expr-lang shares with Weft is translated', () => {
    const { p } = imp(t(`  - name: main
    dag:
      tasks:
      - {name: a, template: x, withItems: [1, 2], arguments: {parameters: [{name: foo, value: "{{=item}}"}]}}
  - name: x
    inputs: {parameters: [{name: foo}]}
    container: {image: a, command: [echo, "{{=asInt(inputs.parameters.foo) * 10}}"]}
`));
    assert.deepEqual(p.tasks.a.command, ['echo', '${{ (int(string((item))) * 10) }}']);
  });

  it('an output parameter named result is that file, not the standard output (outputs.result)', () => {
    const { p } = imp(t(`  - name: main
    steps:
    - - {name: a, template: p}
    - - {name: b, template: x, arguments: {parameters: [{name: v, value: "{{steps.a.outputs.parameters.result}}"}]}}
  - name: p
    container: {image: a, command: [sh, -c, "echo x > /r"]}
    outputs: {parameters: [{name: result, valueFrom: {path: /r}}]}
  - name: x
    inputs: {parameters: [{name: v}]}
    container: {image: a, command: [echo, "{{inputs.parameters.v}}"]}
`));
    assert.deepEqual(p.tasks.a.outputs, { result: { type: 'string', path: '/r' } });
    assert.equal(p.tasks.a.type, 'container');
  });

  it('withSequence formats with hexadecimal and octal verbs, as Go prints them', () => {
    const { p } = imp(t(`  - name: main
    dag:
      tasks:
      - {name: a, inline: {container: {image: alpine, command: [echo, "{{item}}"]}}, withSequence: {start: "9", end: "11", format: "u%02X"}}
      - {name: b, inline: {container: {image: alpine, command: [echo, "{{item}}"]}}, withSequence: {start: "7", end: "8", format: "%o"}}
`));
    assert.deepEqual(p.tasks.a.foreach.items, ['u09', 'u0A', 'u0B']);
    assert.deepEqual(p.tasks.b.foreach.items, ['7', '10']);
    rejects(`${HEAD}  entrypoint: main\n  templates:\n  - name: main\n    dag:\n      tasks:\n      - {name: b, inline: {container: {image: alpine}}, withSequence: {count: "2", format: "%x-%o"}}\n`, 'withSequence format');
  });

  it('templateRef and workflowTemplateRef resolve in the documents given as the library', () => {
    const lib = load(`apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata: {name: lib}
spec:
  entrypoint: main
  arguments: {parameters: [{name: who, value: lib}]}
  templates:
  - name: main
    steps: [[{name: s, templateRef: {name: lib, template: say}}]]
  - name: say
    container: {image: alpine, command: [echo, "{{workflow.parameters.who}}"]}
`);
    const r = importArgo(load(`${HEAD}  workflowTemplateRef: {name: lib}\n  arguments: {parameters: [{name: who, value: me}]}\n`), { library: [lib] });
    const p = r.pipeline as any;
    assert.deepEqual(p.params, { who: { type: 'string', default: 'me' } });
    assert.deepEqual(p.tasks.s.command, ['echo', '${{ params.who }}']);
  });
});

describe('argo import: depends no trigger rule means, and exit handlers on workflow success', () => {
  it('a depends mixing results becomes all_done with an if over the statuses, and exports back as that depends', () => {
    const { p, warnings } = imp(`${HEAD}  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - {name: a, template: x}
      - {name: b, template: x, depends: a}
      - {name: c, template: x, depends: a}
      - {name: d, template: x, depends: "b.Failed && c", when: "{{workflow.parameters.go}} == yes"}
      - {name: e, template: x, depends: "a && (c.Succeeded || c.Failed)"}
  - name: x
    container: {image: alpine, command: [echo, hi]}
`);
    assert.equal(p.tasks.d.trigger, 'all_done');
    assert.deepEqual(p.tasks.d.needs, ['b', 'c']);
    assert.equal(p.tasks.d.if, "${{ (tasks.b.status == 'failed' && (tasks.c.status == 'succeeded' || tasks.c.status == 'skipped')) && (params.go == 'yes') }}");
    assert.equal(p.tasks.e.if, "${{ (tasks.a.status == 'succeeded' || tasks.a.status == 'skipped') && (tasks.c.status == 'succeeded' || tasks.c.status == 'failed') }}");
    assert.ok(warnings.some((w) => w.feature === 'depends' && /all_done/.test(w.message)));
    const r = exportPipeline('argo', { pipeline: p as Pipeline, fileName: 't.weft.yaml' });
    const doc = load(r.files[0]!.content) as any;
    assert.equal(schemaErrors(doc), '');
    const dag = doc.spec.templates.find((t: any) => t.name === 'main').dag.tasks;
    const d = dag.find((t: any) => t.name === 'd');
    // The status tests go back to depends (Argo's status tags hold phase names, not Weft's words); the rest stays when.
    assert.equal(d.depends, '(b.Failed || b.Errored) && (c.Succeeded || (c.Skipped || c.Omitted))');
    assert.equal(d.when, "'{{workflow.parameters.go}}' == 'yes'");
    assert.equal(dag.find((t: any) => t.name === 'e').depends, '(a.Succeeded || (a.Skipped || a.Omitted)) && (c.Succeeded || (c.Failed || c.Errored))');
  });

  it('results Weft has no status for, and negation, are still refused', () => {
    const wf = (dep: string): string => `${HEAD}  entrypoint: main
  templates:
  - name: main
    dag: {tasks: [{name: a, template: x}, {name: b, template: x}, {name: c, template: x, depends: "${dep}"}]}
  - name: x
    container: {image: alpine}
`;
    rejects(wf('a.Errored || b.Failed'), 'depends expression');
    rejects(wf('a.Omitted && b'), 'depends expression');
    rejects(wf('a.Succeeded || !b'), 'depends expression');
  });

  it('an exit handler task run only when the workflow succeeded is a finally task testing run.status, exported back over the phase', () => {
    const { p } = imp(`${HEAD}  entrypoint: work
  onExit: exit
  templates:
  - name: work
    container: {image: alpine, command: [true]}
  - name: exit
    steps:
    - - {name: celebrate, template: t, when: "{{workflow.status}} == Succeeded"}
      - {name: cry, template: t, when: "{{workflow.status}} != Succeeded"}
  - name: t
    container: {image: alpine, command: [echo, bye]}
`);
    assert.equal(p.finally.celebrate.if, "${{ run.status == 'succeeded' }}");
    assert.deepEqual(Object.keys(p.onFailure), ['cry']);
    const doc = load(exportPipeline('argo', { pipeline: p as Pipeline, fileName: 't.weft.yaml' }).files[0]!.content) as any;
    assert.equal(schemaErrors(doc), '');
    const exit = doc.spec.templates.find((t: any) => t.name === doc.spec.onExit).dag.tasks;
    assert.equal(exit.find((t: any) => t.name === 'celebrate').when, "'{{workflow.status}}' == 'Succeeded'");
  });

  it('an exit handler task on another workflow phase is still refused', () => {
    rejects(`${HEAD}  entrypoint: work
  onExit: exit
  templates:
  - name: work
    container: {image: alpine}
  - name: exit
    steps: [[{name: e, template: work, when: "{{workflow.status}} == Error"}]]
`, 'exit handler conditions on workflow.status');
  });
});

/** The Argo workflow an imported pipeline exports back to (schema-valid, no warning that something is dropped). */
function exportBack(p: unknown): any {
  const r = exportPipeline('argo', { pipeline: p as Pipeline, fileName: 't.weft.yaml' });
  const lost = r.warnings.find((w) => /not staged|not exported|ignored|always runs|not evaluated/.test(w.message));
  assert.equal(lost, undefined, lost?.message);
  const doc = load(r.files[0]!.content) as any;
  assert.equal(schemaErrors(doc), '');
  return doc;
}
const templateOf = (doc: any, name: string): any => doc.spec.templates.find((t: any) => t.name === name);
const dagTask = (doc: any, name: string, dag = 'main'): any => templateOf(doc, dag).dag.tasks.find((t: any) => t.name === name);
/** The template a task of the main DAG runs. */
const leafOf = (doc: any, name: string): any => templateOf(doc, dagTask(doc, name).template);

describe('argo import: services, approvals, outputs from files, global outputs, node variables, http conditions', () => {
  const wf = (templates: string, extra = '') => `${HEAD}  entrypoint: main\n${extra}  templates:\n${templates}`;
  const client = `  - name: client
    inputs: {parameters: [{name: ip}]}
    container: {image: curl, command: [curl, "http://{{inputs.parameters.ip}}/"]}
`;

  it('a daemon is a service: its readiness probe says port and ready path, its timings stay for Argo, {{tasks.x.ip}} is its address', () => {
    const { p } = imp(wf(`  - name: main
    dag:
      tasks:
      - {name: db, template: db}
      - {name: use, template: client, depends: db, arguments: {parameters: [{name: ip, value: "{{tasks.db.ip}}"}]}}
  - name: db
    daemon: true
    retryStrategy: {limit: "2"}
    container:
      image: influxdb:1.8
      readinessProbe: {httpGet: {path: /ping, port: 8086}, initialDelaySeconds: 5, timeoutSeconds: 1}
${client}`));
    assert.deepEqual(p.tasks.db.service, { port: 8086, ready: '/ping' });
    assert.deepEqual(p.tasks.db.platform, { argo: { template: { container: { readinessProbe: { initialDelaySeconds: 5, timeoutSeconds: 1 } } } } });
    assert.deepEqual(p.tasks.use.command, ['curl', 'http://${{ tasks.db.address }}/']);
    // Back on Argo: the same daemon, the same probe (generated, the timings merged over it), the pod IP.
    const doc = exportBack(p);
    const db = templateOf(doc, 'db');
    assert.equal(db.daemon, true);
    assert.deepEqual(db.container.readinessProbe, { httpGet: { path: '/ping', port: 8086 }, initialDelaySeconds: 5, timeoutSeconds: 1 });
    assert.equal(dagTask(doc, 'use').arguments.parameters[0].value, 'http://{{tasks.db.ip}}/');
  });

  it('a tcpSocket probe is a port; a named port, an exec probe or no probe is service: true with the probe kept whole', () => {
    const probes: [string, unknown, unknown][] = [
      ['{tcpSocket: {port: 5432}, periodSeconds: 2}', { port: 5432 }, { periodSeconds: 2 }],
      ['{httpGet: {path: /, port: http}}', true, { httpGet: { path: '/', port: 'http' } }],
      ['{httpGet: {path: /, port: 80, scheme: HTTPS}}', true, { httpGet: { path: '/', port: 80, scheme: 'HTTPS' } }],
      ['{exec: {command: [pg_isready]}}', true, { exec: { command: ['pg_isready'] } }],
      ['', true, undefined],
    ];
    for (const [probe, service, kept] of probes) {
      const { p } = imp(wf(`  - name: main
    steps:
    - - {name: db, template: db}
    - - {name: use, template: client, arguments: {parameters: [{name: ip, value: "{{steps.db.ip}}"}]}}
  - name: db
    daemon: true
    container: {image: postgres${probe ? `, readinessProbe: ${probe}` : ''}}
${client}`));
      assert.deepEqual(p.tasks.db.service, service, probe);
      assert.deepEqual(p.tasks.db.platform?.argo.template.container.readinessProbe, kept, probe);
      const back = templateOf(exportBack(p), 'db');
      assert.deepEqual(back.container.readinessProbe, probe ? load(probe) : undefined, probe);
    }
  });

  it('refuses what a service cannot be: the address of a task that is not a daemon, a daemon in a loop or reporting outputs, a daemon that is not a boolean', () => {
    const use = (ref: string) => `  - name: main\n    steps:\n    - - {name: db, template: db}\n    - - {name: use, template: client, arguments: {parameters: [{name: ip, value: "${ref}"}]}}\n${client}`;
    rejects(wf(`${use('{{steps.db.ip}}')}  - {name: db, container: {image: postgres}}\n`), '{{steps.<name>.ip}}');
    rejects(wf(`  - name: main\n    steps: [[{name: db, template: db, withItems: [1, 2]}]]\n  - {name: db, daemon: true, container: {image: postgres}}\n`), 'daemon templates in loops');
    rejects(wf(`${use('{{steps.db.outputs.parameters.o}}')}  - {name: db, daemon: true, container: {image: postgres}, outputs: {parameters: [{name: o, valueFrom: {path: /o}}]}}\n`), 'outputs of daemon templates');
    rejects(wf(`  - {name: main, daemon: "yes", container: {image: postgres}}\n`), 'daemon');
    rejects(wf(`  - {name: main, daemon: true, suspend: {}}\n`), 'daemon templates other than container and script');
  });

  it('output parameters read from a file are value outputs with that path and their default, in any template; typed by their use', () => {
    const { p } = imp(wf(`  - name: main
    steps:
    - - {name: count, template: count, when: "{{workflow.parameters.go}} == yes"}
    - - {name: big, template: say, when: "{{steps.count.outputs.parameters.n}} > 10", arguments: {parameters: [{name: m, value: "{{steps.count.outputs.parameters.note}}"}]}}
  - name: count
    script:
      image: python:3.12
      command: [python]
      source: "open('/tmp/n', 'w').write('12')"
    outputs:
      parameters:
      - {name: n, valueFrom: {path: /tmp/n, default: "0"}}
      - {name: note, valueFrom: {path: /tmp/note, default: none}}
  - name: say
    inputs: {parameters: [{name: m}]}
    container: {image: alpine, command: [echo, "{{inputs.parameters.m}}"]}
`, '  arguments: {parameters: [{name: go, value: "yes"}]}\n'));
    assert.deepEqual(p.tasks.count.outputs, { n: { type: 'number', path: '/tmp/n', default: 0 }, note: { type: 'string', path: '/tmp/note', default: 'none' } });
    assert.equal(p.tasks.count.code, "open('/tmp/n', 'w').write('12')", 'the script is not extended');
    const doc = exportBack(p);
    assert.deepEqual(templateOf(doc, 'count').outputs.parameters, [
      { name: 'n', valueFrom: { path: '/tmp/n', default: '0' } },
      { name: 'note', valueFrom: { path: '/tmp/note', default: 'none' } },
    ]);
    // Read from its own file: the wrapper has nothing to collect.
    assert.doesNotMatch(templateOf(doc, 'count').script.source, /WEFT_OUTPUTS \$WEFT_METRICS;do/);
    rejects(wf(`  - name: main
    steps:
    - - {name: count, template: count}
    - - {name: big, template: count, when: "{{steps.count.outputs.parameters.n}} > 10"}
  - {name: count, container: {image: a}, outputs: {parameters: [{name: n, valueFrom: {path: /n, default: many}}]}}
`), 'numeric outputs with a default or choice of another type');
    rejects(wf(`  - name: main
    steps:
    - - {name: a, template: p}
    - - {name: b, template: say, arguments: {parameters: [{name: m, value: "{{steps.a.outputs.parameters.o}}"}]}}
  - {name: p, container: {image: a}, outputs: {parameters: [{name: o, valueFrom: {jqFilter: .x}}]}}
  - {name: say, inputs: {parameters: [{name: m}]}, container: {image: alpine, args: ["{{inputs.parameters.m}}"]}}
`), 'output parameters not read from a file (valueFrom.path)');
  });

  it("an input's default over an argument reading another task's output is default(), exported back as the input parameter's default", () => {
    const { p } = imp(wf(`  - name: main
    dag:
      tasks:
      - {name: make, template: make, when: "false"}
      - {name: use, template: say, depends: "make.Succeeded || make.Skipped", arguments: {parameters: [{name: m, value: "{{tasks.make.outputs.parameters.msg}}"}]}}
      - {name: count, template: say, depends: "make.Succeeded || make.Skipped", when: "{{tasks.make.outputs.parameters.msg}} > 2", arguments: {parameters: [{name: m, value: "x"}]}}
  - name: make
    container: {image: a, command: [make]}
    outputs: {parameters: [{name: msg, valueFrom: {path: /tmp/msg}}]}
  - name: say
    inputs: {parameters: [{name: m, default: "none yet"}]}
    container: {image: alpine, command: [echo, "got {{inputs.parameters.m}}"]}
`));
    assert.deepEqual(p.tasks.use.command, ['echo', "got ${{ default(tasks.make.outputs.msg, 'none yet') }}"]);
    const doc = exportBack(p);
    const arg = dagTask(doc, 'use').arguments.parameters[0];
    assert.equal(arg.value, 'got {{tasks.make.outputs.parameters.msg}}');
    assert.deepEqual(templateOf(doc, 'use').inputs.parameters, [{ name: arg.name, default: 'got none yet' }]);
  });

  it('a suspend without duration is an approval: its supplied outputs with the default, choices and description of the input of the same name', () => {
    const { p, warnings } = imp(wf(`  - name: main
    steps:
    - - {name: build, template: t}
    - - {name: approve, template: approve, arguments: {parameters: [{name: target, value: "{{workflow.parameters.env}}"}]}}
    - - {name: deploy, template: t, when: "{{steps.approve.outputs.parameters.go}} == YES && {{steps.approve.outputs.parameters.replicas}} > 1"}
  - name: approve
    metadata: {annotations: {workflows.argoproj.io/description: "Deploy {{inputs.parameters.target}}?"}}
    suspend: {}
    inputs:
      parameters:
      - {name: go, default: "NO", enum: ["YES", "NO"], description: Deploy to production?}
      - {name: replicas, enum: ["1", "3"]}
      - {name: target}
    outputs:
      parameters:
      - {name: go, valueFrom: {supplied: {}}}
      - {name: replicas, valueFrom: {supplied: {}}}
      - {name: target, valueFrom: {supplied: {}}}
  - {name: t, container: {image: alpine}}
`, '  arguments: {parameters: [{name: env, value: staging}]}\n'));
    assert.deepEqual(p.tasks.approve, {
      type: 'wait',
      needs: ['build'],
      approval: { message: 'Deploy ${{ params.env }}?' },
      outputs: {
        go: { type: 'string', default: 'NO', enum: ['YES', 'NO'], description: 'Deploy to production?' },
        replicas: { type: 'number', enum: [1, 3] },
        target: { type: 'string', default: '${{ params.env }}' },
      },
    });
    assert.equal(p.tasks.deploy.if, "${{ tasks.approve.outputs.go == 'YES' && tasks.approve.outputs.replicas > 1 }}");
    assert.equal(warnings.filter((w) => w.feature === 'approval').length, 0);
    const doc = exportBack(p);
    const approve = templateOf(doc, 'approve');
    assert.deepEqual(approve.suspend, {});
    assert.deepEqual(approve.metadata, { annotations: { 'workflows.argoproj.io/description': '{{inputs.parameters.message}}' } });
    assert.deepEqual(approve.inputs.parameters, [
      { name: 'go', default: 'NO', enum: ['YES', 'NO'], description: 'Deploy to production?' },
      { name: 'replicas', enum: ['1', '3'] },
      { name: 'target' },
      { name: 'message' },
    ]);
    assert.deepEqual(approve.outputs.parameters.map((o: any) => o.valueFrom), [{ supplied: {} }, { supplied: {} }, { supplied: {} }]);
    // A default only the DAG knows is passed as the input's value.
    assert.deepEqual(dagTask(doc, 'approve').arguments.parameters, [
      { name: 'message', value: 'Deploy {{workflow.parameters.env}}?' },
      { name: 'target', value: '{{workflow.parameters.env}}' },
    ]);
  });

  it("an approval's input bound to another task's output defaults to it, falling back on the input's own default", () => {
    const { p } = imp(wf(`  - name: main
    steps:
    - - {name: guess, template: guess}
    - - {name: approve, template: approve, arguments: {parameters: [{name: size, value: "{{steps.guess.outputs.parameters.size}}"}]}}
  - {name: guess, container: {image: a, command: [guess]}, outputs: {parameters: [{name: size, valueFrom: {path: /size}}]}}
  - name: approve
    suspend: {}
    inputs: {parameters: [{name: size, default: small}]}
    outputs: {parameters: [{name: size, valueFrom: {supplied: {}}}]}
`));
    assert.deepEqual(p.tasks.approve.outputs, { size: { type: 'string', default: "${{ default(tasks.guess.outputs.size, 'small') }}" } });
    const doc = exportBack(p);
    assert.deepEqual(leafOf(doc, 'approve').inputs.parameters, [{ name: 'size', default: 'small' }]);
    assert.deepEqual(dagTask(doc, 'approve').arguments.parameters, [{ name: 'size', value: '{{tasks.guess.outputs.parameters.size}}' }]);
  });

  it('refuses an approval whose outputs are not supplied, or whose default is not among its choices; a plain suspend has no message', () => {
    const { p, warnings } = imp(wf(`  - {name: main, suspend: {}, inputs: {parameters: [{name: note, default: x}]}}\n`));
    assert.equal(p.tasks.main.approval, true);
    assert.equal(p.tasks.main.outputs, undefined);
    assert.ok(warnings.some((w) => w.feature === 'approval' && w.message.includes('note')));
    rejects(wf(`  - {name: main, suspend: {}, outputs: {parameters: [{name: o, valueFrom: {path: /o}}]}}\n`), 'suspend outputs not supplied on resuming (valueFrom.supplied)');
    rejects(wf(`  - {name: main, suspend: {}, inputs: {parameters: [{name: o, default: maybe, enum: ["YES", "NO"]}]}, outputs: {parameters: [{name: o, valueFrom: {supplied: {}}}]}}\n`), 'approval defaults outside their choices');
  });

  it('exit codes, the run duration and the failed nodes of an exit handler', () => {
    const { p, warnings } = imp(wf(`  - name: main
    steps:
    - - {name: fail, template: fail, continueOn: {failed: true}}
    - - {name: show, template: say, when: "{{steps.fail.exitCode}} == 3", arguments: {parameters: [{name: m, value: "code {{steps.fail.exitCode}} after {{workflow.duration}}s"}]}}
  - {name: fail, container: {image: alpine, command: [sh, -c, "exit 3"]}}
  - name: say
    inputs: {parameters: [{name: m}]}
    container: {image: alpine, command: [echo, "{{inputs.parameters.m}}"]}
  - name: bye
    steps: [[{name: report, template: say, arguments: {parameters: [{name: m, value: "{{workflow.failures}}"}]}}]]
`, '  onExit: bye\n'));
    assert.equal(p.tasks.show.if, '${{ tasks.fail.exitCode == 3 }}');
    assert.deepEqual(p.tasks.show.command, ['echo', 'code ${{ tasks.fail.exitCode }} after ${{ run.duration }}s']);
    assert.deepEqual(p.finally.report.command, ['echo', '${{ run.failedTasks }}']);
    assert.ok(warnings.some((w) => w.feature === 'workflow.failures'));
    const doc = exportBack(p);
    assert.equal(dagTask(doc, 'show').when, '{{tasks.fail.exitCode}} == 3');
    assert.equal(dagTask(doc, 'show').arguments.parameters[0].value, 'code {{tasks.fail.exitCode}} after {{workflow.duration}}s');
    rejects(wf(`  - name: main\n    steps:\n    - - {name: a, template: t, withItems: [1, 2]}\n    - - {name: b, template: say, arguments: {parameters: [{name: m, value: "{{steps.a.exitCode}}"}]}}\n  - {name: t, container: {image: alpine}}\n  - {name: say, inputs: {parameters: [{name: m}]}, container: {image: alpine, args: ["{{inputs.parameters.m}}"]}}\n`), '{{steps.<name>.exitCode}}');
    rejects(wf(`  - name: main\n    steps: [[{name: report, template: say, arguments: {parameters: [{name: m, value: "{{workflow.failures}}"}]}}]]\n  - {name: say, inputs: {parameters: [{name: m}]}, container: {image: alpine, args: ["{{inputs.parameters.m}}"]}}\n`), '{{workflow.failures}}');
  });

  const globals = `  - name: gen
    container: {image: alpine, command: [sh, -c, "echo hi > /tmp/h"]}
    outputs:
      parameters: [{name: hello, valueFrom: {path: /tmp/h}, globalName: g-param}]
      artifacts: [{name: art, path: /tmp/h, globalName: g-art}]
  - name: say
    inputs: {parameters: [{name: m, value: "{{workflow.outputs.parameters.g-param}}"}]}
    container: {image: alpine, command: [echo, "{{inputs.parameters.m}}"]}
  - name: cat
    inputs: {artifacts: [{name: a, path: /a}]}
    container: {image: alpine, command: [cat, /a]}
`;

  it('global outputs are the producing task\'s outputs, read after it (and by the exit handler through the global names again)', () => {
    const { p } = imp(wf(`  - name: main
    steps:
    - - {name: generate, template: gen}
    - - {name: use, template: say}
  - name: bye
    steps: [[{name: read, template: say}, {name: copy, template: cat, arguments: {artifacts: [{name: a, from: "{{workflow.outputs.artifacts.g-art}}"}]}}]]
${globals}`, '  onExit: bye\n'));
    assert.deepEqual(p.tasks.use.command, ['echo', '${{ tasks.generate.outputs.hello }}']);
    assert.deepEqual(p.finally.read.command, ['echo', '${{ tasks.generate.outputs.hello }}']);
    assert.equal(p.finally.copy.inputs.a.from, '${{ tasks.generate.outputs.art }}');
    assert.deepEqual(p.tasks.generate.platform.argo.outputs, { art: { globalName: 'g-art' }, hello: { globalName: 'g-param' } });
    const doc = exportBack(p);
    assert.deepEqual(templateOf(doc, 'generate').outputs, {
      parameters: [{ name: 'hello', globalName: 'g-param', valueFrom: { path: '/tmp/h' } }],
      artifacts: [{ name: 'art', path: '/tmp/h', globalName: 'g-art' }],
    });
    assert.equal(dagTask(doc, 'read', doc.spec.onExit).arguments.parameters[0].value, '{{workflow.outputs.parameters.g-param}}');
    assert.deepEqual(dagTask(doc, 'copy', doc.spec.onExit).arguments.artifacts, [{ name: 'a', from: '{{workflow.outputs.artifacts.g-art}}' }]);
  });

  it('refuses a global output produced twice, by a loop, inside a nested template, or read by a task that may run before its producer', () => {
    const main = (steps: string) => wf(`  - name: main\n    steps:\n${steps}${globals}  - name: twice\n    steps: [[{name: x, template: gen}], [{name: y, template: gen}]]\n`);
    rejects(main('    - - {name: a, template: gen}\n    - - {name: b, template: gen}\n    - - {name: c, template: say}\n'), '{{workflow.outputs}}');
    rejects(main('    - - {name: a, template: gen, withItems: [1, 2]}\n    - - {name: c, template: say}\n'), '{{workflow.outputs}}');
    rejects(main('    - - {name: a, template: twice}\n    - - {name: c, template: say}\n'), '{{workflow.outputs}}');
    rejects(main('    - - {name: a, template: gen}\n      - {name: c, template: say}\n'), '{{workflow.outputs}}');
    rejects(main('    - - {name: c, template: say}\n'), '{{workflow.outputs}}');
  });

  it('a resource delete naming its objects by flags alone is a manifest task without a manifest', () => {
    const { p } = imp(wf(`  - name: main
    inputs: {parameters: [{name: selector, value: cleanup=true}]}
    resource: {action: delete, flags: [configmap, --selector, "{{inputs.parameters.selector}}"]}
`));
    assert.deepEqual(p.tasks.main, { type: 'manifest', action: 'delete', flags: ['configmap', '--selector', 'cleanup=true'] });
    assert.deepEqual(leafOf(exportBack(p), 'main').resource, { action: 'delete', flags: ['configmap', '--selector', 'cleanup=true'] });
  });

  it('http successCondition: status tests are expect.status (or the 2xx default), the rest expect.condition over the response', () => {
    const http = (cond: string) => imp(wf(`  - {name: main, http: {url: "https://x.test/", successCondition: ${JSON.stringify(cond)}}}\n`));
    const cases: [string, unknown, string][] = [
      ['response.statusCode == 201', { status: [201] }, 'response.statusCode == 201'],
      ['response.body contains "google"', { condition: "${{ contains(response.body, 'google') }}" }, 'response.body contains "google"'],
      ['response.headers["Server"][0] == "cloudflare"', { condition: "${{ response.headers.Server == 'cloudflare' }}" }, 'response.headers["Server"][0] == "cloudflare"'],
      ['response.statusCode >= 200 && response.statusCode < 300', undefined, 'response.statusCode >= 200 && response.statusCode < 300'],
      ['(response.statusCode == 200 || response.statusCode == 202) && (response.body startsWith "ok" || len(response.body) > 3)', { status: [200, 202], condition: "${{ (startsWith(response.body, 'ok') || (len(response.body) > 3)) }}" }, '(response.statusCode == 200 || response.statusCode == 202) && ((response.body startsWith "ok") || (len(response.body) > 3))'],
      ['response.statusCode >= 200 && response.statusCode < 300 && response.headers["Content-Type"][0] endsWith "json"', { condition: "${{ response.status >= 200 && response.status < 300 && endsWith(response.headers.Content-Type, 'json') }}" }, '((response.statusCode >= 200) && (response.statusCode < 300)) && (response.headers["Content-Type"][0] endsWith "json")'],
    ];
    for (const [cond, expect, back] of cases) {
      const { p, warnings } = http(cond);
      assert.deepEqual(p.tasks.main.expect, expect, cond);
      // A condition without statuses decides alone in both: nothing to warn about.
      assert.equal(warnings.some((w) => w.feature === 'http'), false, cond);
      assert.equal(leafOf(exportBack(p), 'main').http.successCondition, back, cond);
    }
    rejects(wf(`  - {name: main, http: {url: "https://x.test/", successCondition: 'response.body matches "x"'}}\n`), 'expression tags');
    rejects(wf(`  - {name: main, http: {url: "https://x.test/", successCondition: 'response.headers["Server"] == "x"'}}\n`), 'expression tags');
    rejects(wf(`  - {name: main, http: {url: "https://x.test/", successCondition: 'response.body == "{{workflow.name}}"'}}\n`), 'http successCondition with references');
    // expr-lang compares across types; Weft would reject the translation.
    rejects(wf(`  - {name: main, http: {url: "https://x.test/", successCondition: 'response.body == 200'}}\n`), 'http successCondition');
  });
});

describe("argo import: a loop's aggregated output parameters", () => {
  const wf = (main: string, extra = '') => `${HEAD}  entrypoint: main
  templates:
${main}  - name: odd-or-even
    inputs: {parameters: [{name: num}]}
    container: {image: alpine, command: [sh, -c], args: ["echo {{inputs.parameters.num}} > /tmp/num; echo odd > /tmp/even"]}
    outputs: {parameters: [{name: num, valueFrom: {path: /tmp/num}}, {name: evenness, valueFrom: {path: /tmp/even}}]}
  - name: say
    inputs: {parameters: [{name: m}]}
    container: {image: busybox, command: [echo], args: ["{{inputs.parameters.m}}"]}
${extra}`;
  const loop = '{name: odd-or-even, template: odd-or-even, arguments: {parameters: [{name: num, value: "{{item}}"}]}, withItems: [1, 2, 3, 4]}';

  it('{{tasks.X.outputs.parameters}} of a loop is zip(tasks.X.outputs): looped over with item.<output>, or its JSON in text; exported back as the same tag', () => {
    const text = wf(`  - name: main
    dag:
      tasks:
      - ${loop}
      - {name: half, template: say, depends: odd-or-even, withParam: "{{tasks.odd-or-even.outputs.parameters}}", when: "{{item.evenness}} == even", arguments: {parameters: [{name: m, value: "{{item.num}}"}]}}
      - {name: all, template: say, depends: odd-or-even, arguments: {parameters: [{name: m, value: "all: {{tasks.odd-or-even.outputs.parameters}}"}]}}
`);
    const { p } = imp(text);
    // Every output parameter is declared, read only through the aggregate.
    assert.deepEqual(Object.keys(p.tasks['odd-or-even'].outputs), ['num', 'evenness']);
    assert.deepEqual(p.tasks.half.foreach, { items: '${{ zip(tasks.odd-or-even.outputs) }}' });
    assert.equal(p.tasks.half.if, "${{ item.evenness == 'even' }}");
    assert.deepEqual(p.tasks.half.args, ['${{ item.num }}']);
    assert.deepEqual(p.tasks.all.args, ['all: ${{ toJSON(zip(tasks.odd-or-even.outputs)) }}']);
    const doc = exportBack(p);
    assert.equal(dagTask(doc, 'half').withParam, '{{tasks.odd-or-even.outputs.parameters}}');
    assert.equal(dagTask(doc, 'half').when, "'{{item.evenness}}' == 'even'");
    assert.deepEqual(dagTask(doc, 'half').arguments.parameters.map((x: any) => x.value), ['{{item.num}}']);
    assert.deepEqual(dagTask(doc, 'all').arguments.parameters.map((x: any) => x.value), ['all: {{tasks.odd-or-even.outputs.parameters}}']);
    assert.deepEqual(templateOf(doc, 'odd-or-even').outputs.parameters.map((x: any) => x.name), ['num', 'evenness']);
    // And imported again: the same pipeline's loop, condition and text.
    const again = imp(toYamlText(load(JSON.stringify(doc)) as any)).p;
    for (const id of ['half', 'all']) {
      for (const k of ['foreach', 'if', 'args']) assert.deepEqual(again.tasks[id][k], p.tasks[id][k], `${id}.${k}`);
    }
  });

  it('{{steps.X.outputs.parameters}} of a looped step too', () => {
    const { p } = imp(wf(`  - name: main
    steps:
    - - ${loop}
    - - {name: half, template: say, withParam: "{{steps.odd-or-even.outputs.parameters}}", when: "'{{item.evenness}}' == 'even'", arguments: {parameters: [{name: m, value: "{{item}}"}]}}
`));
    assert.deepEqual(p.tasks.half.foreach, { items: '${{ zip(tasks.odd-or-even.outputs) }}' });
    assert.equal(p.tasks.half.if, "${{ item.evenness == 'even' }}");
    assert.deepEqual(p.tasks.half.args, ['${{ item }}']);
    assert.equal(dagTask(exportBack(p), 'half').withParam, '{{tasks.odd-or-even.outputs.parameters}}');
  });

  it('refuses it of a task that is not a loop (or only wraps one), of a loop with output artifacts or read for its standard output too, and compared as a number', () => {
    const use = (tag: string) => `{name: use, template: say, depends: odd-or-even, arguments: {parameters: [{name: m, value: "${tag}"}]}}`;
    const dag = (first: string, second = use('{{tasks.odd-or-even.outputs.parameters}}')) => `  - name: main\n    dag:\n      tasks:\n      - ${first}\n      - ${second}\n`;
    rejects(wf(dag('{name: odd-or-even, template: odd-or-even, arguments: {parameters: [{name: num, value: "1"}]}}')), '{{tasks.<name>.outputs.parameters}}');
    rejects(wf(`  - name: main\n    steps:\n    - - {name: odd-or-even, template: odd-or-even, arguments: {parameters: [{name: num, value: "1"}]}}\n    - - {name: use, template: say, arguments: {parameters: [{name: m, value: "{{steps.odd-or-even.outputs.parameters}}"}]}}\n`), '{{steps.<name>.outputs.parameters}}');
    // A one-task DAG wrapping the loop is inlined, but Argo aggregates only the loop's own node.
    rejects(wf(dag('{name: odd-or-even, template: wrap}'), `  - name: wrap\n    dag: {tasks: [${loop}]}\n`), '{{tasks.<name>.outputs.parameters}}');
    const arts = wf(dag('{name: odd-or-even, template: files, withItems: [1, 2]}'), `  - name: files\n    container: {image: alpine}\n    outputs: {parameters: [{name: n, valueFrom: {path: /n}}], artifacts: [{name: f, path: /f}]}\n`);
    rejects(arts, '{{tasks.<name>.outputs.parameters}} of loops with output artifacts');
    const script = `  - name: printer\n    script: {image: alpine, command: [sh], source: "echo hi > /n; echo hi"}\n    outputs: {parameters: [{name: n, valueFrom: {path: /n}}]}\n`;
    rejects(wf(dag('{name: odd-or-even, template: printer, withItems: [1, 2]}', use('{{tasks.odd-or-even.outputs.parameters}} {{tasks.odd-or-even.outputs.result}}')), script), '{{tasks.<name>.outputs.parameters}} beside other outputs');
    rejects(wf(dag(loop, `{name: use, template: say, depends: odd-or-even, when: "{{tasks.odd-or-even.outputs.parameters}} > 2", arguments: {parameters: [{name: m, value: x}]}}`)), '{{tasks.<name>.outputs.parameters}}');
  });
});
