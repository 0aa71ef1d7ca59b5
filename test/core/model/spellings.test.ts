// YAML ↔ JSON through `weft convert` (in-process): every sample survives json → yaml → json.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { main } from '../../../runtime/cli/main';
import { parseDocument } from '../../../core/syntax/parse';
import { toJsonText, toYamlText } from '../../../core/model/spellings';

const ROOT = join(__dirname, '..', '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'weft-spellings-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function samples(dir = join(ROOT, 'samples'), out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) samples(p, out);
    else if (/\.weft\.(ya?ml|json)$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

function convert(file: string, to: 'json' | 'yaml'): string {
  let out = '';
  let err = '';
  const code = main(['convert', file, '--to', to], { out: (s) => void (out += s), err: (s) => void (err += s), cwd: ROOT });
  assert.equal(code, 0, `convert ${relative(ROOT, file)} --to ${to}: ${err}`);
  assert.equal(err, '');
  return out;
}

let n = 0;
function roundTrip(file: string): void {
  const original = parseDocument(file, readFileSync(file, 'utf8'));
  assert.deepEqual(original.syntaxErrors, []);
  const json1 = convert(file, 'json');
  assert.deepEqual(JSON.parse(json1), original.value, 'first JSON');
  const jsonFile = join(tmp, `${n}.weft.json`);
  writeFileSync(jsonFile, json1);
  const yaml = convert(jsonFile, 'yaml');
  const yamlDoc = parseDocument('x.weft.yaml', yaml);
  assert.deepEqual(yamlDoc.syntaxErrors, []);
  assert.deepEqual(yamlDoc.value, original.value, 'YAML');
  const yamlFile = join(tmp, `${n}.weft.yaml`);
  writeFileSync(yamlFile, yaml);
  const json2 = convert(yamlFile, 'json');
  assert.deepEqual(JSON.parse(json2), original.value, 'second JSON');
  assert.equal(json2, json1, 'the JSON text is stable too');
  n++;
}

describe('spellings: weft convert round trips', () => {
  const files = samples();

  it('finds the samples in both spellings', () => {
    assert.ok(files.length >= 5, files.join(', '));
    assert.ok(files.some((f) => f.endsWith('.json')));
    assert.ok(files.some((f) => f.endsWith('.yaml')));
  });

  for (const file of files) {
    it(`${relative(ROOT, file)}: json → yaml → json gives the same value`, () => roundTrip(file));
  }

  it('keeps key order', () => {
    const file = join(tmp, 'order.weft.yaml');
    writeFileSync(file, 'z: 1\na: 2\nm: {y: 1, b: 2}\n');
    assert.equal(convert(file, 'json'), '{\n  "z": 1,\n  "a": 2,\n  "m": {\n    "y": 1,\n    "b": 2\n  }\n}\n');
  });

  it('never folds long lines, so YAML diffs stay line-per-value', () => {
    const long = 'lorem ipsum dolor '.repeat(20).trim();
    const file = join(tmp, 'long.weft.json');
    writeFileSync(file, toJsonText({ description: long, args: [long] }));
    const yaml = convert(file, 'yaml');
    assert.equal(yaml, `description: ${long}\nargs:\n  - ${long}\n`);
  });

  it('writes shared objects out in full, without anchors', () => {
    const shared = { image: 'python:3.12', resources: { cpu: 1 } };
    const yaml = toYamlText({ a: shared, b: shared });
    assert.doesNotMatch(yaml, /[&*]/);
    assert.deepEqual(parseDocument('x.weft.yaml', yaml).value, { a: shared, b: shared });
  });

  it('round-trips strings that look like other YAML types', () => {
    const value = {
      strings: ['yes', 'no', 'on', 'off', 'y', 'true', 'False', 'null', '~', '', '1.0', '010', '0x1F', '1e3', '.inf', '2025-01-01', '12:30', '1_000',
        '#x', 'a: b', 'a #b', '- x', '[x]', '{x}', '*ref', '&a', '!tag', '%d', '@at', '"q"', "'s'", 'x\\y', ' lead', 'trail ', 'multi\nline\n', 'é ☃ 😀', '${{ params.x }}', 'x'.repeat(200)],
      'key: with colon': 1,
      '123': 'numeric key',
      numbers: [0, -1, 1.5, 1e21, 1e-7, true, false, null],
      empty: { list: [], map: {} },
    };
    const file = join(tmp, 'tricky.weft.json');
    writeFileSync(file, toJsonText(value));
    const yaml = convert(file, 'yaml');
    assert.equal(yaml, toYamlText(value));
    assert.deepEqual(parseDocument('x.weft.yaml', yaml).value, value);
    const yamlFile = join(tmp, 'tricky.weft.yaml');
    writeFileSync(yamlFile, yaml);
    assert.deepEqual(JSON.parse(convert(yamlFile, 'json')), value);
  });

  it('round-trips strings that start with a line break', () => {
    const value = { c: '\nleading break', d: '\n\ntwo\n' };
    const yaml = toYamlText(value);
    assert.deepEqual(parseDocument('x.weft.yaml', yaml).value, value);
  });
});
