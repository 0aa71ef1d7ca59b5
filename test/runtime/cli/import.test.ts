import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateText } from '../../../core/validate/validate';
import { assertNoStack, tempDir, weft } from './helpers';

const tmp = tempDir('import');
after(() => tmp.remove());
const CORPUS = join(__dirname, '..', '..', '..', '..', 'shared', 'corpora', 'argo', 'examples');
writeFileSync(
  join(tmp.dir, 'multi.yaml'),
  `apiVersion: v1
kind: ConfigMap
metadata: {name: cm}
---
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: two-}
spec:
  entrypoint: hi
  arguments: {parameters: [{name: unused, value: x}]}
  templates: [{name: hi, container: {image: alpine, command: [echo, hi]}}]
`,
);
// Executor plugins run code Argo loads from the cluster; nothing portable can stand for them.
writeFileSync(join(tmp.dir, 'plugin.yaml'), `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: v}
spec:
  entrypoint: a
  templates: [{name: a, plugin: {hello: {text: hi}}}]
`);
writeFileSync(join(tmp.dir, 'bad.yaml'), 'a: [unclosed\n');
// A workflow running a DAG template of a WorkflowTemplate kept in another file (--library).
writeFileSync(join(tmp.dir, 'lib.yaml'), `apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata: {name: lib}
spec:
  templates:
  - {name: say, container: {image: alpine, command: [echo, hi]}}
  - {name: twice, steps: [[{name: a, template: say}], [{name: b, template: say}]]}
`);
writeFileSync(join(tmp.dir, 'uses-lib.yaml'), `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: uses-lib}
spec:
  entrypoint: main
  templates: [{name: main, steps: [[{name: run, templateRef: {name: lib, template: twice}}]]}]
`);

describe('weft import', () => {
  it('writes the Weft pipeline to stdout; warnings go to stderr', () => {
    const r = weft(['import', join(CORPUS, 'retry-backoff.yaml'), '--from', 'argo']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^# Imported by `weft import --from argo` from /);
    assert.match(r.out, /retries:\n\s+limit: 10\n\s+backoff: exponential/);
    assert.match(r.err, /^warning \[retryStrategy\.backoff\.maxDuration\] /m);
    const v = validateText('x.weft.yaml', r.out);
    assert.deepEqual(v.diagnostics.filter((d) => d.severity === 'error'), []);
  });

  it('-o writes the file; a multi-document file imports its first workflow; validation warnings are printed', () => {
    const out = join(tmp.dir, 'two.weft.yaml');
    const r = weft(['import', 'multi.yaml', '-f', 'argo', '-o', out], tmp.dir);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, '');
    assert.match(r.err, /wrote .*two\.weft\.yaml/);
    assert.match(r.err, /warning unused-param/);
    assert.match(readFileSync(out, 'utf8'), /name: two\n/);
  });

  it('--library resolves templateRef in another file; a referenced DAG template is written as a sub-pipeline beside the output', () => {
    const out = join(tmp.dir, 'uses-lib.weft.yaml');
    const r = weft(['import', 'uses-lib.yaml', '-f', 'argo', '--library', 'lib.yaml', '-o', out], tmp.dir);
    assert.equal(r.code, 0, r.err);
    assert.match(readFileSync(out, 'utf8'), /type: pipeline\n\s+pipeline: uses-lib-twice\.weft\.yaml/);
    assert.match(readFileSync(join(tmp.dir, 'uses-lib-twice.weft.yaml'), 'utf8'), /needs:\n\s+- a/);
    const missing = weft(['import', 'uses-lib.yaml', '-f', 'argo'], tmp.dir);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /unsupported: templateRef/);
  });

  it('an unsupported feature fails with its name (exit 1), without a stack trace', () => {
    const r = weft(['import', 'plugin.yaml', '--from', 'argo'], tmp.dir);
    assert.equal(r.code, 1);
    assert.match(r.err, /unsupported: plugin templates/);
    assertNoStack(r.err);
  });

  it('usage and I/O problems exit 2; unreadable YAML exits 1', () => {
    assert.equal(weft(['import', 'multi.yaml'], tmp.dir).code, 2);
    assert.equal(weft(['import', 'multi.yaml', '--from', 'airflow'], tmp.dir).code, 2);
    assert.equal(weft(['import', 'missing.yaml', '--from', 'argo'], tmp.dir).code, 2);
    const bad = weft(['import', 'bad.yaml', '--from', 'argo'], tmp.dir);
    assert.equal(bad.code, 1);
    assertNoStack(bad.err);
    const none = weft(['import', 'bad.yaml', '--from', 'argo'], tmp.dir);
    assert.doesNotMatch(none.err, /internal error/);
  });

  it('--from kubeflow dispatches to the Kubeflow importer (all documents of the file)', () => {
    const golden = join(CORPUS, '..', '..', 'kfp', 'test_data', 'sdk_compiled_pipelines', 'argo_compatibility', 'fast_artifact.yaml');
    const r = weft(['import', golden, '--from', 'kubeflow']);
    assert.ok(r.code === 0 || r.code === 1, r.err);
    assertNoStack(r.err);
    if (r.code === 0) assert.match(r.out, /^# Imported by `weft import --from kubeflow`/);
  });

  it('--help and the command list mention import', () => {
    assert.match(weft(['import', '--help']).out, /--from argo\|kubeflow/);
    assert.match(weft(['--help']).out, /import <file> --from argo\|kubeflow/);
  });
});
