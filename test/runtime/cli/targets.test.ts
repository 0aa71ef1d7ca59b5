import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BROKEN, CLEAN, tempDir, weft } from './helpers';

const tmp = tempDir('targets');
after(() => tmp.remove());
writeFileSync(join(tmp.dir, 'clean.weft.yaml'), CLEAN);
writeFileSync(join(tmp.dir, 'broken.weft.yaml'), BROKEN);
writeFileSync(join(tmp.dir, 'simple.weft.yaml'), 'apiVersion: weft/v1\nkind: Pipeline\nmetadata: {name: simple}\ntasks:\n  a: {type: python, code: "print(1)", retries: 2}\n');
const DATAOPS = 'samples/dataops-checks/dataops-checks.weft.yaml';

describe('weft targets', () => {
  it('prints the matrix for the features the pipeline uses, the reasons, and the closest target', () => {
    const r = weft(['targets', DATAOPS]);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.split('\n');
    assert.equal(lines[0], `dataops-checks (${DATAOPS}): 14 features used`);
    assert.match(lines[2]!, /^feature\s+tasks\s+airflow\s+argo\s+kubeflow\s+prefect\s+dagster\s+luigi$/);
    assert.match(r.out, /^trigger rule one_failed\s+quarantine\s+native\s+emulated\s+none\s+emulated\s+none\s+none$/m);
    assert.match(r.out, /^native\/emulated\/none\s+9\/5\/0\s+11\/3\/0\s+8\/5\/1\s+9\/5\/0\s+7\/5\/2\s+5\/5\/4$/m);
    assert.match(r.out, /^Without loss: none\. Closest: argo \(3 emulated, 0 not expressible\)$/m);
    assert.match(r.out, /^argo:\n  emulated  check tasks \(assertions\): generated Python step/m);
    assert.match(r.out, /^  not expressible  trigger rule one_failed: no trigger on failure$/m);
  });

  it('--format json: a stable, documented shape', () => {
    const r = weft(['targets', DATAOPS, '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.deepEqual(Object.keys(j), ['file', 'pipeline', 'targets', 'exporters', 'features', 'summary', 'lossless', 'suggested']);
    assert.deepEqual(j.targets, ['airflow', 'argo', 'kubeflow', 'prefect', 'dagster', 'luigi']);
    assert.deepEqual(j.exporters, ['airflow', 'argo', 'kubeflow', 'prefect', 'dagster', 'luigi']);
    const rule = j.features.find((f: any) => f.feature === 'trigger.one_failed');
    assert.deepEqual(Object.keys(rule), ['feature', 'label', 'tasks', 'support']);
    assert.deepEqual(rule.tasks, ['quarantine']);
    assert.deepEqual(rule.support.argo, { level: 'emulated', reason: 'depends with ||: Argo waits for every dependency to finish before deciding' });
    assert.deepEqual(j.summary.argo, { native: 11, emulated: 3, none: 0 });
    assert.deepEqual(j.lossless, []);
    assert.deepEqual(j.suggested, ['argo']);
    // Same input, same bytes.
    assert.equal(weft(['targets', DATAOPS, '--format', 'json']).out, r.out);
  });

  it('a pipeline every target carries natively is lossless everywhere', () => {
    const r = weft(['targets', 'simple.weft.yaml', '-f', 'json'], tmp.dir);
    assert.deepEqual(JSON.parse(r.out).lossless, ['airflow', 'argo', 'kubeflow', 'prefect', 'dagster', 'luigi']);
    assert.match(weft(['targets', 'simple.weft.yaml'], tmp.dir).out, /^Without loss: airflow, argo, kubeflow, prefect, dagster, luigi$/m);
    // A shell task: Prefect runs it through subprocess (emulated), so it is not lossless there.
    assert.deepEqual(JSON.parse(weft(['targets', 'clean.weft.yaml', '-f', 'json'], tmp.dir).out).lossless, ['airflow', 'argo', 'kubeflow', 'dagster', 'luigi']);
  });

  it('errors: a broken pipeline exits 1, usage problems exit 2', () => {
    const broken = weft(['targets', 'broken.weft.yaml'], tmp.dir);
    assert.equal(broken.code, 1);
    assert.match(broken.err, /fix them before choosing a target/);
    assert.equal(weft(['targets'], tmp.dir).code, 2);
    assert.equal(weft(['targets', 'clean.weft.yaml', '--format', 'xml'], tmp.dir).code, 2);
    assert.equal(weft(['targets', 'missing.weft.yaml'], tmp.dir).code, 2);
  });
});
