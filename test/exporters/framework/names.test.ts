import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NameMap, dns1123, pythonIdentifier } from '../../../exporters/names';

describe('names per target', () => {
  it('DNS-1123 labels', () => {
    assert.equal(dns1123('load_data'), 'load-data');
    assert.equal(dns1123('Load__Data--x_'), 'load-data-x');
    assert.equal(dns1123('données-日本'), 'donnees');
    assert.equal(dns1123('___'), 'x');
    assert.equal(dns1123('a'.repeat(80)).length, 63);
    for (const s of ['load_data', 'Ünïcode', '"quoted"', '${{ x }}', '-a-', 'a'.repeat(70) + '_b']) assert.match(dns1123(s), /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, s);
  });

  it('Python identifiers', () => {
    assert.equal(pythonIdentifier('load-data'), 'load_data');
    assert.equal(pythonIdentifier('1st'), '_1st');
    assert.equal(pythonIdentifier('class'), 'class_');
    assert.equal(pythonIdentifier('données'), 'donnees');
  });

  it('collisions get suffixes in the order asked, reserved names are avoided, the mapping is kept', () => {
    const m = new NameMap('dns1123', ['main']);
    assert.equal(m.get('load-data'), 'load-data');
    assert.equal(m.get('load_data'), 'load-data-2');
    assert.equal(m.get('LOAD_DATA'), 'load-data-3');
    assert.equal(m.get('load_data'), 'load-data-2');
    assert.equal(m.get('main'), 'main-2');
    assert.deepEqual(m.changed(), [['load_data', 'load-data-2'], ['LOAD_DATA', 'load-data-3'], ['main', 'main-2']]);
    const long = new NameMap('dns1123');
    const a = long.get('x'.repeat(70));
    const b = long.get('x'.repeat(71));
    assert.equal(a.length, 63);
    assert.ok(b.length <= 63 && b !== a && b.endsWith('-2'));
    const py = new NameMap('python');
    assert.deepEqual([py.get('a-b'), py.get('a_b')], ['a_b', 'a_b_2']);
  });
});
