// The manifest-task helpers every Python export shares (exporters/python/runtime.ts:
// _weft_manifest, _weft_manifest_cleanup, _weft_condition, _weft_jsonpath), executed for real
// with python3 against a stand-in kubectl on PATH (fake_kubectl/kubectl: there is no cluster here,
// so it records each call and serves object JSON that changes across polls); and the generated
// call (pyManifest) for every field, hostile text included.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { pyManifest, pyRuntime } from '../../../exporters/python/runtime';
import { pyStr, pyValue } from '../../../exporters/python/source';
import type { ManifestTask } from '../../../core/model/types';
import { JOB, JOB_POLLS, fakeKubectl, type FakeKubectl } from './manifest';

const python = spawnSync('python3', ['--version']).status === 0;

/** Runs `program` after the manifest helpers, with the stand-in on PATH; the last stdout line is JSON. */
function run(k: FakeKubectl, program: string) {
  const { defs, imports } = pyRuntime(['_weft_manifest', '_weft_manifest_cleanup']);
  const code = [...imports.map((m) => `import ${m}`), ...defs, program].join('\n\n');
  const r = spawnSync('python3', ['-c', code], { cwd: k.dir, encoding: 'utf8', env: k.env, timeout: 60_000 });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  let out: unknown;
  try {
    out = JSON.parse(last);
  } catch {
    out = undefined;
  }
  return { ...r, out };
}

/** A program calling _weft_manifest with these keyword arguments (Python source) and printing the result or the error. */
function call(args: string): string {
  return `import json, time
t0 = time.monotonic()
try:
    result = _weft_manifest(${args})
    print(json.dumps({"ok": result, "took": time.monotonic() - t0}))
except Exception as e:
    print(json.dumps({"error": type(e).__name__, "message": str(e), "took": time.monotonic() - t0}))`;
}

const MANIFEST = 'apiVersion: batch/v1\nkind: Job\nmetadata: {generateName: train-, namespace: jobs}\n';

describe('manifest tasks: the shared helper against a stand-in kubectl', { skip: !python && 'python3 not installed' }, () => {
  it('create + successCondition reached after a few polls; labels for ownedByRun; capture typed; argv lists only', () => {
    const k = fakeKubectl({ object: JOB, polls: JOB_POLLS });
    try {
      const r = run(k, call(`${pyStr(MANIFEST)}, action="create", success="status.succeeded > 0", failure="status.failed > 2", flags=["--context=lab", "--field-manager=weft"], owner=("manual__2025-01-01T00:00:00+00:00", "train_job"), capture={"job": "{.metadata.name}", "limit": "{.spec.backoffLimit}"}, kinds={"job": "string", "limit": "integer"}, timeout=30, interval=0.01`));
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual((r.out as { ok: unknown }).ok, { job: 'train-x7k2p', limit: 2 }, r.stdout + r.stderr);
      const calls = k.calls();
      // The text reaches kubectl untouched, through a file: first labelled locally, then created.
      const label = calls[0]!;
      assert.deepEqual(label.argv.slice(0, 3), ['label', '--local', '--overwrite']);
      assert.match(label.argv[3]!, /^--filename=.*manifest\.yaml$/);
      assert.equal(label.file, MANIFEST);
      const runLabel = 'weft.dev/run=manual__2025-01-01T00-00-00-00-00-';
      assert.ok(label.argv.some((a) => a.startsWith(runLabel)), label.argv.join(' '));
      assert.ok(label.argv.includes('weft.dev/task=train_job'));
      assert.ok(label.argv.includes('--context=lab') && !label.argv.includes('--field-manager=weft'), 'only connection flags');
      const create = calls[1]!;
      assert.deepEqual([create.argv[0], create.argv.slice(2)], ['create', ['--context=lab', '--field-manager=weft', '--output=json']]);
      assert.equal(JSON.parse(create.file!).metadata.labels['weft.dev/task'], 'train_job');
      // Polled until the condition held: three gets of the object by name, namespace kept.
      const gets = calls.slice(2);
      assert.equal(gets.length, 3);
      for (const g of gets) assert.deepEqual(g.argv, ['get', 'Job.v1.batch/train-x7k2p', '--context=lab', '--namespace=jobs', '--output=json']);
      assert.match(r.stdout, /weft: create Job\.v1\.batch\/train-x7k2p in namespace jobs/);
    } finally {
      k.dispose();
    }
  });

  it('the failure condition fails the task as soon as it holds', () => {
    const k = fakeKubectl({ object: JOB, polls: [{ ...JOB, status: { active: 1 } }, { ...JOB, status: { failed: 3 } }, { ...JOB, status: { succeeded: 1 } }] });
    try {
      const r = run(k, call(`${pyStr(MANIFEST)}, action="create", success="status.succeeded > 0", failure="status.failed > 2", interval=0.01`));
      assert.deepEqual((r.out as { error: string }).error, 'RuntimeError', r.stdout + r.stderr);
      assert.match((r.out as { message: string }).message, /Job\.v1\.batch\/train-x7k2p: the failure condition holds: status\.failed > 2/);
      assert.equal(k.calls().filter((c) => c.argv[0] === 'get').length, 2, 'no poll after the failure');
    } finally {
      k.dispose();
    }
  });

  it("times out when the condition never holds, within the task's timeout", () => {
    const k = fakeKubectl({ object: JOB, polls: [{ ...JOB, status: { active: 1 } }] });
    try {
      const r = run(k, call(`${pyStr(MANIFEST)}, success="status.succeeded > 0", timeout=1, interval=0.05, max_interval=0.1`));
      const out = r.out as { error: string; message: string; took: number };
      assert.equal(out.error, 'TimeoutError', r.stdout + r.stderr);
      assert.match(out.message, /timed out after 1s waiting for status\.succeeded > 0/);
      assert.ok(out.took >= 1 && out.took < 5, String(out.took));
      assert.ok(k.calls().filter((c) => c.argv[0] === 'get').length >= 3);
    } finally {
      k.dispose();
    }
  });

  it('capture: the JSONPath subset on the final object, anything else through kubectl -o jsonpath; a missing field fails', () => {
    const done = { ...JOB, status: { succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }], ratio: 0.5 } };
    const k = fakeKubectl({ object: JOB, polls: [done], jsonpath: { '{.status.conditions[?(@.type=="Complete")].status}': 'True' } });
    try {
      const r = run(k, call(`${pyStr(MANIFEST)}, success="status.succeeded", capture={"kind": "{.kind}", "first": "{.status.conditions[0].type}", "all": "{.status.conditions[*].type}", "ratio": "{.status.ratio}", "conds": "{.status.conditions}", "ok": "{.status.conditions[?(@.type==\\"Complete\\")].status}", "dotted": "{.metadata['uid']}"}, kinds={"ratio": "number", "conds": "list", "ok": "boolean"}, interval=0.01`));
      assert.deepEqual((r.out as { ok: unknown }).ok, { kind: 'Job', first: 'Complete', all: 'Complete', ratio: 0.5, conds: [{ type: 'Complete', status: 'True' }], ok: true, dotted: 'u1' }, r.stdout + r.stderr);
      const jp = k.calls().filter((c) => c.argv.some((a) => a.startsWith('--output=jsonpath=')));
      assert.deepEqual(jp.map((c) => c.argv), [['get', 'Job.v1.batch/train-x7k2p', '--namespace=jobs', '--output=jsonpath={.status.conditions[?(@.type=="Complete")].status}']]);
      const missing = run(k, call(`${pyStr(MANIFEST)}, capture={"x": "{.status.nothing}"}`));
      assert.match((missing.out as { message: string }).message, /capture x: \{\.status\.nothing\} is not in the object/);
    } finally {
      k.dispose();
    }
  });

  it('patch: the text is the patch (a file, never argv) with --type; a json patch names its object in the flags', () => {
    const k = fakeKubectl({ object: JOB, polls: [JOB] });
    try {
      const patch = 'spec: {parallelism: 2}\n';
      const r = run(k, call(`${pyStr(patch)}, action="patch", merge_strategy="merge", owner=("r1", "p")`));
      assert.equal(r.status, 0, r.stderr);
      const [p] = k.calls();
      assert.equal(p!.argv[0], 'patch');
      assert.equal(p!.argv[1], '--type=merge');
      assert.match(p!.argv[2]!, /^--patch-file=.*manifest\.yaml$/);
      assert.equal(p!.argv[3], p!.argv[2]!.replace('--patch-file=', '--filename='));
      assert.equal(p!.file, patch);
      assert.equal(k.calls().length, 1, 'ownedByRun does not label a patched object');
      const json = '[{"op": "replace", "path": "/spec/parallelism", "value": 3}]';
      run(k, call(`${pyStr(json)}, action="patch", merge_strategy="json", flags=["deployment/web", "-n", "apps"]`));
      const j = k.calls()[1]!;
      assert.deepEqual([j.argv[1], j.argv.slice(3)], ['--type=json', ['deployment/web', '-n', 'apps', '--output=json']]);
      assert.ok(!j.argv.some((a) => a.startsWith('--filename=')));
      assert.equal(j.file, json);
      run(k, call(`${pyStr(patch)}, action="patch"`));
      assert.equal(k.calls()[2]!.argv[1], '--type=strategic', 'the default strategy');
    } finally {
      k.dispose();
    }
  });

  it('delete: --ignore-not-found, -o name, no polling, no outputs', () => {
    const k = fakeKubectl({ object: JOB, deleted: 'job.batch/train-x7k2p' });
    try {
      const r = run(k, call(`${pyStr(MANIFEST)}, action="delete", flags=["--wait=true"]`));
      assert.deepEqual((r.out as { ok: unknown }).ok, {}, r.stderr);
      const calls = k.calls();
      assert.equal(calls.length, 1);
      assert.deepEqual([calls[0]!.argv[0], calls[0]!.argv.slice(2)], ['delete', ['--ignore-not-found', '--wait=true', '--output=name']]);
      assert.match(r.stdout, /weft: deleted job\.batch\/train-x7k2p/);
    } finally {
      k.dispose();
    }
  });

  it('delete by flags, without a manifest: kubectl delete <flags> as an argv list (hostile values stay one entry each)', () => {
    const k = fakeKubectl({ object: JOB, deleted: 'configmap/a\nconfigmap/b' });
    try {
      const r = run(k, call(`None, action="delete", flags=["configmap", "--selector", "cleanup=true", "-n", "x; rm -rf / $(id)"]`));
      assert.deepEqual((r.out as { ok: unknown }).ok, {}, r.stderr);
      assert.deepEqual(k.calls().map((c) => c.argv), [['delete', 'configmap', '--selector', 'cleanup=true', '-n', 'x; rm -rf / $(id)', '--ignore-not-found', '--output=name']]);
      assert.equal(k.calls()[0]!.file, undefined, 'no manifest file');
      assert.match(r.stdout, /weft: deleted configmap\/a\nconfigmap\/b/);
      const wrong = run(k, call(`None, action="apply", flags=["configmap"]`));
      assert.match((wrong.out as { message: string }).message, /without a manifest can only delete/);
      assert.equal(k.calls().length, 1, 'nothing run for it');
    } finally {
      k.dispose();
    }
  });

  it('a failing kubectl fails the task with its message', () => {
    const k = fakeKubectl({ object: JOB, fail: { apply: { status: 1, stderr: 'error: jobs.batch "x" is forbidden' } } });
    try {
      const r = run(k, call(pyStr(MANIFEST)));
      assert.equal((r.out as { error: string }).error, 'RuntimeError');
      assert.match((r.out as { message: string }).message, /kubectl apply failed with status 1 \(apply of the manifest\): error: jobs\.batch "x" is forbidden/);
    } finally {
      k.dispose();
    }
  });

  it('a hostile manifest, flags and run id pass through untouched (quotes, backslashes, $(…), unicode), as the generated call writes them', () => {
    const hostile = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: "cm-é✓", annotations: {a: "it's \\"quoted\\" \\\\ $(rm -rf /) \`id\` ; | & \${HOME} 𝄞"}}\ndata: {k: "{{ not jinja }} \${{ literally }}"}\n`;
    const task: ManifestTask = { type: 'manifest', manifest: hostile, flags: ['--field-manager=we ird"; rm -rf /', '--context=ctx é'], ownedByRun: true, capture: { n: '{.metadata.name}' }, outputs: { n: { type: 'string' } } };
    const warnings: string[] = [];
    // No expressions here: a text field is its literal (what the exporters produce for fixed text).
    const gen = pyManifest(task, { label: 'tâche "x"', runId: pyStr("run 'ü' \"1\""), text: (v) => pyStr(v), timeout: 30, warn: (_f, m) => void warnings.push(m), target: 'test' });
    assert.match(gen.lines('').join('\n'), /^[\x00-\x7f]*$/, 'ASCII-only source');
    const obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm-é✓', namespace: 'default' } };
    const k = fakeKubectl({ object: obj, polls: [obj] });
    try {
      const r = run(k, `import json\nresult = ${gen.lines('').join('\n')}\nprint(json.dumps(result))`);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(r.out, { n: 'cm-é✓' });
      const [label, apply] = k.calls();
      assert.equal(label!.file, hostile, 'the text in the file is the manifest, byte for byte');
      assert.ok(label!.argv.includes('--context=ctx é'));
      assert.ok(apply!.argv.includes('--field-manager=we ird"; rm -rf /'), 'one argv entry, never a shell line');
      const runLabel = label!.argv.find((a) => a.startsWith('weft.dev/run='))!.slice('weft.dev/run='.length);
      assert.match(runLabel, /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/, 'a valid label value');
      assert.match(label!.argv.find((a) => a.startsWith('weft.dev/task='))!, /^weft\.dev\/task=t-che-x-[0-9a-f]{10}$/);
      // The cleanup entry: the kind from the manifest, the fixed flags.
      assert.equal(gen.owned, `{"task": ${pyStr('tâche "x"')}, "resource": "ConfigMap", "flags": ${pyValue(task.flags)}}`);
      assert.deepEqual(warnings, []);
    } finally {
      k.dispose();
    }
  });

  it('ownedByRun cleanup: deletes by the same labels, with the connection flags only and the namespace; a failed delete is reported, not raised', () => {
    const k = fakeKubectl({ object: JOB, deleted: 'job.batch "train-x7k2p" deleted' });
    try {
      const r = run(k, `import json
left = _weft_manifest_cleanup("manual__2025-01-01T00:00:00+00:00", [
    {"task": "train_job", "resource": "Job.v1.batch", "namespace": "jobs", "flags": ["--context=lab", "--server-side", "-n", "other"]},
    {"task": "cm", "resource": "ConfigMap", "all_namespaces": True},
])
print(json.dumps(left))`);
      assert.deepEqual(r.out, [], r.stderr);
      const [a, b] = k.calls();
      const sel = `--selector=weft.dev/run=${label('manual__2025-01-01T00:00:00+00:00')},weft.dev/task=train_job`;
      assert.deepEqual(a!.argv, ['delete', 'Job.v1.batch', sel, '--ignore-not-found', '--wait=false', '--context=lab', '-n', 'other', '--namespace=jobs']);
      assert.deepEqual(b!.argv.slice(-1), ['--all-namespaces']);
      const f = fakeKubectl({ fail: { delete: { status: 1, stderr: 'error: forbidden' } } });
      try {
        const r2 = run(f, `import json\nprint(json.dumps(_weft_manifest_cleanup("r1", [{"task": "t", "resource": "Job.v1.batch"}])))`);
        assert.equal(r2.status, 0, r2.stderr);
        assert.deepEqual(r2.out, ['Job.v1.batch -l weft.dev/run=r1,weft.dev/task=t']);
        assert.match(r2.stderr, /weft: ownedByRun: Job\.v1\.batch -l weft\.dev\/run=r1,weft\.dev\/task=t was not deleted: .*error: forbidden/);
      } finally {
        f.dispose();
      }
    } finally {
      k.dispose();
    }
  });
});

/** _weft_label_value, run in python3 (the cleanup and the task must agree on it). */
function label(text: string): string {
  const { defs, imports } = pyRuntime(['_weft_label_value']);
  const r = spawnSync('python3', ['-c', [...imports.map((m) => `import ${m}`), ...defs, `print(_weft_label_value(${pyStr(text)}))`].join('\n\n')], { encoding: 'utf8' });
  return r.stdout.trim();
}

describe('manifest tasks: conditions, JSONPath and label values on their own', { skip: !python && 'python3 not installed' }, () => {
  const evaluate = (cases: [unknown, string][]) => {
    const { defs, imports } = pyRuntime(['_weft_condition']);
    const program = `import json
out = []
for obj, cond in json.loads(${pyStr(JSON.stringify(cases))}):
    try:
        out.append(_weft_condition(obj, cond))
    except ValueError as e:
        out.append("ValueError: " + str(e))
print(json.dumps(out))`;
    const r = spawnSync('python3', ['-c', [...imports.map((m) => `import ${m}`), ...defs, program].join('\n\n')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as unknown[];
  };

  it('operators, numbers against strings, in/notin, existence, missing fields, several tests', () => {
    const o = { status: { succeeded: 2, failed: 0, phase: 'Running', ratio: '1.5', ready: true, nothing: null, conditions: [{ type: 'Complete' }] }, metadata: { name: 'job-10' } };
    const cases: [unknown, string, unknown][] = [
      [o, 'status.succeeded > 0', true],
      [o, 'status.succeeded > 10', false],
      [o, 'status.succeeded >= 2', true],
      [o, 'status.succeeded <= 1', false],
      [o, 'status.succeeded < 3', true],
      [o, 'status.succeeded == 2', true],
      [o, 'status.succeeded = 2.0', true], // = is ==; numbers compare as numbers
      [o, 'status.succeeded != 2', false],
      [o, 'status.ratio > 1.25', true], // a numeric string is a number
      [o, 'status.ratio > 10', false],
      [o, 'status.phase == Running', true],
      [o, 'status.phase != Running', false],
      [o, 'status.phase > Pending', true], // text against text: compared as text
      [o, 'status.phase > 9', true], // one side is not a number: as text ("R" > "9")
      [o, 'metadata.name == job-10', true],
      [o, 'status.ready == true', true], // booleans as JSON writes them
      [o, 'status.phase in (Pending, Running)', true],
      [o, 'status.phase in (Pending,Failed)', false],
      [o, 'status.succeeded in (1, 2)', true],
      [o, 'status.phase notin (Failed, Succeeded)', true],
      [o, 'status.phase notin (Running)', false],
      [o, 'status.conditions.0.type == Complete', true],
      [o, 'status.conditions.1.type == Complete', false],
      [o, 'status.succeeded', true],
      [o, '!status.succeeded', false],
      [o, '!status.missing', true],
      [o, 'status.missing', false],
      [o, 'status.missing != x', false], // a missing field makes every test false but !path
      [o, 'status.missing notin (a)', false],
      [o, 'status.missing < 1', false],
      [o, 'status.nothing', false], // null counts as missing
      [o, '!status.nothing', true],
      [o, 'status.succeeded > 0, status.phase == Running, !status.missing', true],
      [o, 'status.succeeded > 0, status.phase == Done', false],
      [o, 'status.phase in (Pending, Running), status.failed == 0', true],
      [o, 'status.succeeded >> 0', 'ValueError'],
      [o, '!status.failed > 1', 'ValueError'],
      [o, 'status succeeded', 'ValueError'],
      [o, '', 'ValueError'],
    ];
    const got = evaluate(cases.map(([obj, c]) => [obj, c]));
    cases.forEach(([, c, want], i) => {
      if (want === 'ValueError') assert.match(String(got[i]), /^ValueError: not a field test/, c);
      else assert.equal(got[i], want, c);
    });
  });

  it('JSONPath subset: fields, indexes, wildcards, quoted keys; None outside the subset; label values', () => {
    const { defs, imports } = pyRuntime(['_weft_jsonpath', '_weft_label_value']);
    const program = `import json
obj = {"a": {"b": [{"c": 1}, {"c": "x"}], "k.x": True, "m": {"p": 1}}, "s": "é"}
out = [_weft_jsonpath(obj, e) for e in ["{.a.b[0].c}", "{.a.b[*].c}", "{.a['k.x']}", "{.a.m}", "{ .s }", "{$.a.b[1].c}", "{.a.b[?(@.c==1)]}", "{.a}{.s}", "name: {.s}"]]
try:
    _weft_jsonpath(obj, "{.a.zz}")
except KeyError:
    out.append("missing")
out.append([_weft_label_value(x) for x in ["r1", "manual__2025-01-01T00:00:00+00:00", "x" * 70, "---", "", "a.b_c-D9"]])
print(json.dumps(out))`;
    const r = spawnSync('python3', ['-c', [...imports.map((m) => `import ${m}`), ...defs, program].join('\n\n')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as unknown[];
    assert.deepEqual(out.slice(0, 10), ['1', '1 x', 'true', '{"p":1}', 'é', 'x', null, null, null, 'missing']);
    const labels = out[10] as string[];
    assert.equal(labels[0], 'r1');
    assert.match(labels[1]!, /^manual__2025-01-01T00-00-00-00-00-[0-9a-f]{10}$/);
    assert.equal(labels[2]!.length, 63);
    assert.match(labels[3]!, /^[0-9a-f]{10}$/);
    assert.equal(labels[4], '', 'an empty value is a valid label value');
    assert.equal(labels[5], 'a.b_c-D9');
    for (const l of labels) assert.match(l, /^([A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?)?$/);
  });
});

describe('manifest tasks: the generated call', () => {
  const text = (v: string) => pyStr(v);
  it('every field; warnings for what an action does not use', () => {
    const warnings: string[] = [];
    const warn = (_f: string, m: string) => void warnings.push(m);
    const t: ManifestTask = { type: 'manifest', manifest: MANIFEST, action: 'create', successCondition: 'status.succeeded > 0', failureCondition: 'status.failed > 2', flags: ['--context=lab', '${{ params.ns }}'], ownedByRun: true, capture: { job: '{.metadata.name}' }, outputs: { job: { type: 'string' }, extra: { type: 'integer' } } };
    const g = pyManifest(t, { label: 'train', runId: 'RUN["id"]', text, timeout: 60, warn, target: 'test' });
    assert.deepEqual(g.lines('out = '), [
      'out = _weft_manifest(',
      `    ${pyStr(MANIFEST)},`,
      '    action="create",',
      '    success="status.succeeded > 0",',
      '    failure="status.failed > 2",',
      `    flags=["--context=lab", ${pyStr('${{ params.ns }}')}],`,
      '    owner=(RUN["id"], "train"),',
      '    capture={"job": "{.metadata.name}"},',
      '    kinds={"job": "string", "extra": "integer"},',
      '    timeout=60,',
      ')',
    ]);
    assert.equal(g.owned, '{"task": "train", "resource": "Job.v1.batch", "namespace": "jobs", "flags": ["--context=lab"]}');
    assert.ok(warnings.some((m) => /extra will be missing/.test(m)));
    assert.ok(warnings.some((m) => /flags with \$\{\{ \}\} are not passed to the run-end cleanup/.test(m)));
    warnings.length = 0;
    const d = pyManifest({ type: 'manifest', manifest: MANIFEST, action: 'delete', successCondition: 'a', capture: { x: '{.a}' }, ownedByRun: true, mergeStrategy: 'merge' }, { label: 'd', runId: 'r', text, timeout: undefined, warn, target: 'test' });
    assert.deepEqual(d.lines(''), ['_weft_manifest(', `    ${pyStr(MANIFEST)},`, '    action="delete",', ')']);
    assert.equal(d.owned, undefined);
    assert.equal(warnings.length, 3, warnings.join('\n'));
    warnings.length = 0;
    const dyn = pyManifest({ type: 'manifest', manifest: 'apiVersion: ${{ params.v }}\nkind: Job\nmetadata: {namespace: "${{ params.ns }}"}\n', ownedByRun: true }, { label: 'x', runId: 'r', text, timeout: undefined, warn, target: 'test' });
    assert.equal(dyn.owned, undefined);
    assert.match(warnings[0]!, /apiVersion and kind are not fixed text/);
    const ns = pyManifest({ type: 'manifest', manifest: 'apiVersion: v1\nkind: Secret\nmetadata: {namespace: "${{ params.ns }}"}\n', ownedByRun: true }, { label: 'x', runId: 'r', text, timeout: undefined, warn, target: 'test' });
    assert.equal(ns.owned, '{"task": "x", "resource": "Secret", "all_namespaces": True}');
  });
  it('delete by flags (no manifest): None as the manifest, the flags worked out at run time', () => {
    const warnings: string[] = [];
    const g = pyManifest({ type: 'manifest', action: 'delete', flags: ['configmap', '--selector', 'run=${{ run.id }}'] }, { label: 'clean', runId: 'r', text: (v) => (v.includes('${{') ? '"run=" + _w_str(RUN["id"])' : pyStr(v)), timeout: 30, warn: (_f, m) => void warnings.push(m), target: 'test' });
    assert.deepEqual(g.lines('out = '), ['out = _weft_manifest(', '    None,', '    action="delete",', '    flags=["configmap", "--selector", "run=" + _w_str(RUN["id"])],', '    timeout=30,', ')']);
    assert.deepEqual(warnings, []);
  });
  it('outputs a manifest task does not capture are their defaults', () => {
    const warnings: string[] = [];
    const g = pyManifest({ type: 'manifest', manifest: MANIFEST, capture: { job: '{.metadata.name}' }, outputs: { job: { type: 'string' }, tier: { type: 'string', default: 'small' } } }, { label: 'm', runId: 'r', text, timeout: undefined, warn: (_f, m) => void warnings.push(m), target: 'test' });
    assert.equal(g.lines('out = ')[0], 'out = {**{"tier": "small"}, **_weft_manifest(');
    assert.equal(g.lines('out = ').at(-1), ')}');
    assert.deepEqual(warnings, [], 'a default is not missing');
  });
});
