import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLEAN, assertNoStack, tempDir, weft } from './helpers';
import { parseDocument } from '../../../core/syntax/parse';

const tmp = tempDir('convert');
after(() => tmp.remove());
writeFileSync(join(tmp.dir, 'clean.weft.yaml'), `# a comment JSON cannot keep\n${CLEAN}`);
writeFileSync(join(tmp.dir, 'syntax.weft.yaml'), 'apiVersion: weft/v1\ntasks: [a, b\nkind: Pipeline\n');
writeFileSync(join(tmp.dir, 'syntax.weft.json'), '{"apiVersion": "weft/v1",}');
mkdirSync(join(tmp.dir, 'folder.weft.yaml'));

const CLEAN_VALUE = parseDocument('c.weft.yaml', CLEAN).value;

describe('weft convert', () => {
  it('writes JSON to stdout', () => {
    const r = weft(['convert', 'clean.weft.yaml', '--to', 'json'], tmp.dir);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, '');
    assert.deepEqual(JSON.parse(r.out), CLEAN_VALUE);
    assert.equal(r.out, JSON.stringify(CLEAN_VALUE, null, 2) + '\n');
    assert.doesNotMatch(r.out, /comment/);
  });

  it('writes YAML to stdout', () => {
    const r = weft(['convert', 'clean.weft.yaml', '-t', 'yaml'], tmp.dir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^apiVersion: weft\/v1\nkind: Pipeline\n/);
    assert.deepEqual(parseDocument('x.weft.yaml', r.out).value, CLEAN_VALUE);
  });

  it('-o writes the file (relative to the working folder) and prints nothing', () => {
    const r = weft(['convert', 'clean.weft.yaml', '--to', 'json', '-o', 'out.weft.json'], tmp.dir);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, '');
    assert.equal(r.err, '');
    assert.deepEqual(JSON.parse(readFileSync(join(tmp.dir, 'out.weft.json'), 'utf8')), CLEAN_VALUE);
    // --output=… and an absolute target work the same.
    const abs = join(tmp.dir, 'abs.weft.yaml');
    assert.equal(weft(['convert', join(tmp.dir, 'out.weft.json'), '--to=yaml', `--output=${abs}`]).code, 0);
    assert.deepEqual(parseDocument(abs, readFileSync(abs, 'utf8')).value, CLEAN_VALUE);
    // The converted file validates clean.
    assert.equal(weft(['validate', 'out.weft.json', 'abs.weft.yaml'], tmp.dir).code, 0);
  });

  it('reports an unwritable -o target with exit 2', () => {
    const r = weft(['convert', 'clean.weft.yaml', '--to', 'json', '-o', 'no/such/dir/out.json'], tmp.dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /no\/such\/dir\/out\.json: cannot write \(ENOENT\)/);
    assertNoStack(r.err);
  });

  it('refuses a file with a YAML syntax error: exit 1, the error printed, nothing written', () => {
    const r = weft(['convert', 'syntax.weft.yaml', '--to', 'json', '-o', 'never.json'], tmp.dir);
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    assert.match(r.err, /^syntax\.weft\.yaml:\d+:\d+ error syntax YAML syntax error/m);
    assert.match(r.err, /fix the syntax errors before converting/);
    assert.equal(existsSync(join(tmp.dir, 'never.json')), false);
  });

  it('refuses a file with a JSON syntax error, pointing at it 1-based', () => {
    // The stray `}` is the 26th character.
    const r = weft(['convert', 'syntax.weft.json', '--to', 'yaml'], tmp.dir);
    assert.equal(r.code, 1);
    assert.match(r.err, /^syntax\.weft\.json:1:26 error syntax JSON syntax error/m);
  });

  it('reports a missing or unreadable file with exit 2, no stack trace', () => {
    const missing = weft(['convert', 'nope.weft.yaml', '--to', 'json'], tmp.dir);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /nope\.weft\.yaml: cannot read \(ENOENT\)/);
    assertNoStack(missing.err);
    const folder = weft(['convert', 'folder.weft.yaml', '--to', 'json'], tmp.dir);
    assert.equal(folder.code, 2);
    assert.match(folder.err, /folder\.weft\.yaml: cannot read \(EISDIR\)/);
    assertNoStack(folder.err);
  });
});
