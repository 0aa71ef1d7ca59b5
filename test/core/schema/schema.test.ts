/**
 * The shipped JSON Schema is a valid draft 2020-12 schema, and a standard validator (Ajv) agrees
 * with Weft's own schema checks: every sample passes both; each broken variant fails both.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { load } from 'js-yaml';
import { weftSchema } from '../../../core/schema/schema';
import { validateText } from '../../../core/validate/validate';

const ROOT = join(__dirname, '..', '..', '..');
const SCHEMA_CODES = new Set(['unknown-key', 'wrong-type', 'missing-required', 'invalid-value', 'invalid-name', 'invalid-duration', 'conflicting-keys']);

function ajv() {
  const a = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, strictRequired: false });
  for (const k of ['x-weft-code', 'x-weft-noun', 'x-weft-hint', 'x-weft-discriminator']) a.addKeyword(k);
  return a.compile(weftSchema);
}

function samples(): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.weft\.(ya?ml|json)$/.test(n)) out.push(p);
    }
  };
  walk(join(ROOT, 'samples'));
  return out;
}

describe('JSON Schema (draft 2020-12)', () => {
  const validate = ajv();

  it('compiles under Ajv strict mode, and dist/weft.schema.json is the same schema', () => {
    assert.equal(typeof validate, 'function');
    const shipped = JSON.parse(readFileSync(join(ROOT, 'dist/weft.schema.json'), 'utf8'));
    assert.deepEqual(shipped, JSON.parse(JSON.stringify(weftSchema)));
  });

  it('every sample is valid for Ajv and for Weft', () => {
    const files = samples();
    assert.ok(files.length >= 5);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const value = f.endsWith('.json') ? JSON.parse(text) : load(text);
      assert.ok(validate(value), `${f}: ${JSON.stringify(validate.errors)}`);
    }
  });

  const base = `apiVersion: weft/v1
kind: Pipeline
metadata: {name: demo}
tasks:
  a: {type: shell, run: echo}
`;
  const broken: Record<string, string> = {
    'unknown top-level key': base + 'schedul: {cron: "0 1 * * *"}\n',
    'unknown task key': base.replace('run: echo}', 'run: echo, nedds: []}'),
    'unknown task type': base.replace('type: shell', 'type: pyhton'),
    'missing run': base.replace(', run: echo', ''),
    'script and code both': base.replace('{type: shell, run: echo}', '{type: python, script: a.py, code: "1"}'),
    'bad duration': base.replace('run: echo}', 'run: echo, timeout: 10 minutes}'),
    'bad retries': base.replace('run: echo}', 'run: echo, retries: {limit: -1}}'),
    'wrong apiVersion': base.replace('weft/v1', 'weft/v2'),
    'bad pipeline name': base.replace('name: demo', 'name: Demo Pipeline'),
    'bad task id': base.replace('  a:', '  "a b":'),
    'output type': base.replace('run: echo}', 'run: echo, outputs: {x: {type: decimal}}}'),
    'trigger with two sources': base + 'triggers: [{file: {path: x}, webhook: {path: /x}}]\n',
    'foreach without items': base.replace('run: echo}', 'run: echo, foreach: {parallelism: 2}}'),
  };
  for (const [name, text] of Object.entries(broken)) {
    it(`both reject: ${name}`, () => {
      assert.equal(validate(load(text)), false, `Ajv accepted ${name}`);
      const weft = validateText('x.weft.yaml', text).diagnostics.filter((d) => d.severity === 'error' && SCHEMA_CODES.has(d.code));
      assert.ok(weft.length > 0, `Weft found no schema error for ${name}`);
    });
  }
});
