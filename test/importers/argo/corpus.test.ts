// Every Argo-kind document of Argo's own examples either round-trips (imports to a valid Weft
// pipeline that exports back to a schema-valid workflow with the same tasks, dependencies and
// parameters) or fails with an ImportError naming the unsupported feature. Nothing else.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { corpusDocs, corpusLibrary, roundTrip } from './roundtrip';

/** The figure reached on the corpus sample in this repository; raise it as the importer grows. */
const MIN_ROUND_TRIP = 145;

describe('argo corpus round trip', () => {
  const docs = corpusDocs();
  const library = corpusLibrary(docs);
  it('finds the corpus', () => assert.ok(docs.length >= 100, String(docs.length)));

  it('every document round-trips or names the unsupported feature', () => {
    const unsupported: Record<string, number> = {};
    const broken: string[] = [];
    let ok = 0;
    for (const d of docs) {
      const r = roundTrip(d, library);
      if (r.kind === 'ok') ok++;
      else if (r.kind === 'unsupported') unsupported[r.feature] = (unsupported[r.feature] ?? 0) + 1;
      else broken.push(`${d.file}#${d.index}: ${r.message.slice(0, 2000)}`);
    }
    const k = docs.length - ok - broken.length;
    const features = Object.entries(unsupported)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([f, n]) => `${JSON.stringify(f)}: ${n}`)
      .join(', ');
    console.log(`argo corpus: ${ok}/${docs.length} round-trip, ${k} unsupported: {${features}}`);
    assert.deepEqual(broken, []);
    assert.ok(ok >= MIN_ROUND_TRIP, `${ok} < ${MIN_ROUND_TRIP}`);
  });

  it('is deterministic: the same document imports and exports to the same bytes', () => {
    for (const d of docs.slice(0, 40)) {
      const a = roundTrip(d, library);
      const b = roundTrip(d, library);
      if (a.kind === 'ok' && b.kind === 'ok') {
        assert.equal(a.weft, b.weft, d.file);
        assert.equal(a.argo, b.argo, d.file);
      } else assert.equal(a.kind, b.kind, d.file);
    }
  });
});
