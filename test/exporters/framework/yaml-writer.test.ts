/**
 * The exporters' YAML writer: whatever it writes reads back (js-yaml, YAML 1.2 core) as exactly
 * the value it was given, for real exports and for seeded random values full of hostile strings;
 * and strings YAML 1.1 readers (Go's yaml.v2 behind Argo) would retype are quoted.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { load, CORE_SCHEMA } from 'js-yaml';
import { writeYaml } from '../../../exporters/yaml-writer';

const back = (v: unknown): unknown => load(writeYaml(v), { schema: CORE_SCHEMA });

const HOSTILE = [
  '', ' ', 'a b', ' lead', 'trail ', 'yes', 'No', 'on', 'OFF', 'y', '~', 'null', 'true', '0x1F', '1_000', '2026-01-01', '1e3', '.5', '-1', '+1', '0777',
  'a: b', 'a #b', '#c', '- x', '? q', '[x]', '{x}', '*a', '&a', '!t', '|', '>', '%p', '@x', '`x', "it's", 'say "hi"', 'back\\slash', 'tab\there',
  'line\nbreak', 'trailing\n', 'two\n\n', '\nleading', 'sp \nline', 'crlf\r\nx', '\u2028sep', '\u0085nel', '\x7f', '\x00nul', 'é ü 漢字 😀', '${{ params.x }}',
  '{{workflow.name}}', 'key: |', '---', '...', '=', '<<', 'a'.repeat(300), 'multi\n  indented\n    more', '\tstart-tab\nx',
];

describe('exporters/yaml-writer', () => {
  it('round-trips every hostile string as a value, a key and a list item', () => {
    for (const s of HOSTILE) {
      assert.deepEqual(back({ v: s }), { v: s }, JSON.stringify(s));
      assert.deepEqual(back({ [s]: 1 }), { [s]: 1 }, `key ${JSON.stringify(s)}`);
      assert.deepEqual(back([s, [s], { s }]), [s, [s], { s }], `item ${JSON.stringify(s)}`);
    }
  });

  it('quotes what YAML 1.1 would read as booleans, numbers or dates', () => {
    for (const s of ['yes', 'no', 'on', 'off', 'y', 'n', '0x1F', '1_000', '2026-01-01', '12:30', '1e3']) {
      assert.match(writeYaml({ v: s }), /^v: "/, s);
    }
    assert.equal(writeYaml({ image: 'python:3.12-slim' }), 'image: "python:3.12-slim"\n');
    assert.equal(writeYaml({ name: 'nightly-etl' }), 'name: nightly-etl\n');
  });

  it('writes multi-line text as literal blocks with the right chomping', () => {
    assert.equal(writeYaml({ run: 'a\nb\n' }), 'run: |\n  a\n  b\n');
    assert.equal(writeYaml({ run: 'a\nb' }), 'run: |-\n  a\n  b\n');
    assert.equal(writeYaml({ run: 'a\n\n' }), 'run: |+\n  a\n\n');
    assert.equal(writeYaml([{ source: 'x\ny\n' }]), '- source: |\n    x\n    y\n');
  });

  it('round-trips seeded random documents', () => {
    let s = 7;
    const r = (n: number): number => ((s = (s * 1103515245 + 12345) >>> 0), s % n);
    const gen = (d: number): unknown => {
      const k = r(d > 3 ? 5 : 8);
      if (k === 0) return HOSTILE[r(HOSTILE.length)]!;
      if (k === 1) return r(2) ? r(1e6) - 5e5 : (r(1e6) - 5e5) / 7;
      if (k === 2) return r(2) === 0;
      if (k === 3) return null;
      if (k === 4) return String.fromCharCode(...Array.from({ length: r(12) }, () => r(0x3000)));
      if (k === 5 || k === 6) return Array.from({ length: r(4) }, () => gen(d + 1));
      const o: Record<string, unknown> = {};
      for (let i = r(4); i > 0; i--) o[HOSTILE[r(HOSTILE.length)]! + String(r(3))] = gen(d + 1);
      return o;
    };
    for (let i = 0; i < 2000; i++) {
      const v = { doc: gen(0) };
      assert.deepEqual(back(v), v, `case ${i}: ${JSON.stringify(v).slice(0, 200)}`);
    }
  });
});
