import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from '../../../core/syntax/parse';
import type { Pipeline } from '../../../core/model/types';
import { FEATURE_IDS, TARGETS, capability, capabilityMarkdown, capabilityTable, capabilityWarnings, detectFeatures, targetMatrix } from '../../../exporters';
import { ROOT, sampleFiles } from '../helpers';

const load = (file: string): Pipeline => parseDocument(file, readFileSync(file, 'utf8')).value as Pipeline;

describe('capability table', () => {
  it('has an entry with a level and a one-line reason for every target × feature', () => {
    const rows = capabilityTable();
    assert.equal(rows.length, TARGETS.length * FEATURE_IDS.length);
    for (const r of rows) {
      assert.ok(['native', 'emulated', 'none'].includes(r.level), `${r.target} ${r.feature}`);
      assert.ok(r.reason.length > 3 && !r.reason.includes('\n'), `${r.target} ${r.feature}: ${r.reason}`);
    }
    assert.equal(new Set(FEATURE_IDS).size, FEATURE_IDS.length);
  });

  it('docs/exporters.md carries the same table', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'exporters.md'), 'utf8');
    const m = /<!-- capabilities:start -->\n([^]*?)<!-- capabilities:end -->/.exec(doc);
    assert.ok(m, 'markers in docs/exporters.md');
    assert.equal(m[1], capabilityMarkdown(), 'regenerate with: node --import tsx -e "process.stdout.write(require(\'./exporters\').capabilityMarkdown())"');
  });
});

describe('feature detection', () => {
  it('finds what each sample uses, with the tasks using it', () => {
    const byName = Object.fromEntries(sampleFiles().map((f) => [f.split('/').pop()!, detectFeatures(load(f))]));
    const has = (file: string, feature: string, tasks?: string[]) => {
      const u = byName[file]!.find((x) => x.feature === feature);
      assert.ok(u, `${file} uses ${feature}`);
      if (tasks) assert.deepEqual(u.tasks, tasks);
    };
    has('nightly-etl.weft.yaml', 'schedule', []);
    has('nightly-etl.weft.yaml', 'schedule.timezone');
    has('nightly-etl.weft.yaml', 'schedule.start');
    has('nightly-etl.weft.yaml', 'retries.exponential', ['extract']);
    has('nightly-etl.weft.yaml', 'retries.maxDelay', ['extract']);
    has('nightly-etl.weft.yaml', 'task.sql', ['region_totals']);
    has('nightly-etl.weft.yaml', 'concurrency.runs');
    has('ml-training.weft.yaml', 'foreach.parallelism', ['train']);
    has('ml-training.weft.yaml', 'if', ['register']);
    has('dataops-checks.weft.yaml', 'trigger.one_failed', ['quarantine']);
    has('dataops-checks.weft.yaml', 'onFailure');
    has('event-aggregate.weft.json', 'secrets', ['aggregate']);
    has('event-aggregate.weft.json', 'triggers.webhook');
    has('mlops-experiments.weft.yaml', 'task.pipeline', ['evaluate']);
    assert.ok(!byName['ml-training.weft.yaml']!.some((u) => u.feature === 'resources.gpu'), 'gpu: 0 is not a GPU');
  });

  it('counts defaults: a task inheriting defaults.retries uses retries', () => {
    const p = parseDocument('d.weft.yaml', 'apiVersion: weft/v1\nkind: Pipeline\nmetadata: {name: d}\ndefaults: {retries: {limit: 1, backoff: linear, delay: 1s}, timeout: 1m}\ntasks:\n  a: {type: shell, run: x}\n  b: {type: shell, run: x, retries: 0}\n').value as Pipeline;
    const f = detectFeatures(p);
    assert.deepEqual(f.find((u) => u.feature === 'retries')?.tasks, ['a']);
    assert.deepEqual(f.find((u) => u.feature === 'retries.linear')?.tasks, ['a']);
    assert.deepEqual(f.find((u) => u.feature === 'timeout')?.tasks, ['a', 'b']);
  });
});

describe('capability warnings and the target matrix', () => {
  it('warns for every used feature a target does not carry natively, none for native ones', () => {
    for (const f of sampleFiles()) {
      const pipeline = load(f);
      const used = detectFeatures(pipeline);
      const w = capabilityWarnings('argo', { pipeline, fileName: f });
      const expected = used.filter((u) => capability('argo', u.feature).level !== 'native').map((u) => u.feature);
      assert.deepEqual(w.map((x) => x.feature), expected, f);
    }
  });

  it('suggests the lossless targets, or the closest', () => {
    const m = targetMatrix(load(join(ROOT, 'samples/dataops-checks/dataops-checks.weft.yaml')));
    assert.deepEqual(m.lossless, []);
    assert.deepEqual(m.suggested, ['argo']);
    assert.deepEqual(m.summary.argo, { native: 11, emulated: 3, none: 0 });
    const simple = parseDocument('s.weft.yaml', 'apiVersion: weft/v1\nkind: Pipeline\nmetadata: {name: s}\ntasks:\n  a: {type: python, code: "print(1)", retries: 2}\n').value as Pipeline;
    assert.deepEqual(targetMatrix(simple).lossless, [...TARGETS]);
  });
});
