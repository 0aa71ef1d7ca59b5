// Output declarations: defaults and allowed values belong to value outputs and match the type;
// a value output may be read from a path, a metric may not.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateText } from '../../../../core/validate/validate';

function check(outputs: string): [string, string][] {
  const text = `apiVersion: weft/v1\nkind: Pipeline\nmetadata: {name: t}\ntasks:\n  make:\n    type: shell\n    run: echo\n    outputs:\n${outputs}`;
  return validateText('t.weft.yaml', text, {}).diagnostics.map((d) => [d.code, text.slice(d.start, d.end)]);
}

describe('output declarations', () => {
  it('value outputs with a path, a default and allowed values are clean', () => {
    assert.deepEqual(
      check(`      msg: {type: string, path: /tmp/out.txt, default: hello}
      rows: {type: integer, path: out/rows.txt, default: 0}
      answer: {type: string, default: 'NO', enum: ['YES', 'NO']}
      skipped: {type: object, default: null}
`),
      [],
    );
  });

  it('reports a default of the wrong type, or outside the allowed values', () => {
    assert.deepEqual(check(`      rows: {type: integer, default: many}\n`), [['type-mismatch', 'many']]);
    assert.deepEqual(check(`      answer: {type: string, default: MAYBE, enum: ['YES', 'NO']}\n`), [['invalid-value', 'MAYBE']]);
    assert.deepEqual(check(`      answer: {type: string, enum: ['YES', 3]}\n`), [['type-mismatch', '3']]);
  });

  it('reports defaults and allowed values on files, dirs and metrics, and a metric read from a path', () => {
    assert.deepEqual(check(`      model: {type: file, path: m.bin, default: x}\n`), [['invalid-value', 'x']]);
    assert.deepEqual(check(`      acc: {type: metric, enum: [1]}\n`), [['invalid-value', '[1]']]);
    assert.deepEqual(check(`      acc: {type: metric, path: acc.txt}\n`), [['invalid-value', 'acc.txt']]);
  });
});
