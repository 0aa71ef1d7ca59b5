// The real `weft` binary (dist/weft.js), as users and CI run it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BROKEN, ROOT, assertNoStack, tempDir } from './helpers';

const BIN = join(ROOT, 'dist', 'weft.js');
const tmp = tempDir('binary');
after(() => tmp.remove());

before(() => {
  if (existsSync(BIN)) return;
  const b = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(b.status, 0, `build failed:\n${b.stdout}${b.stderr}`);
});

function bin(args: string[], cwd = ROOT): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('dist/weft.js', () => {
  it('--version matches package.json', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = bin(['--version']);
    assert.equal(r.code, 0);
    assert.equal(r.out, `${version}\n`);
  });

  it('--help lists the commands', () => {
    const r = bin(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.out, /validate <files\|folders\|globs>/);
    assert.match(r.out, /convert <file> --to json\|yaml/);
  });

  it('starts with a node shebang', () => {
    assert.match(readFileSync(BIN, 'utf8'), /^#!\/usr\/bin\/env node\n/);
  });

  it('validates a clean sample: exit 0, "no problems" on stderr', () => {
    const r = bin(['validate', 'samples/event-aggregate/event-aggregate.weft.json']);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, '');
    assert.match(r.err, /1 file checked, no problems/);
  });

  it('validates a broken file: exit 1, 1-based text lines', () => {
    writeFileSync(join(tmp.dir, 'broken.weft.yaml'), BROKEN);
    const r = bin(['validate', 'broken.weft.yaml'], tmp.dir);
    assert.equal(r.code, 1);
    assert.match(r.out, /^broken\.weft\.yaml:10:13 error unknown-dependency .*'b'/m);
    assert.match(r.out, /^broken\.weft\.yaml:5:3 warning unused-param /m);
    assert.match(r.err, /2 errors, 1 warning/);
  });

  it('--format json prints parseable JSON with 0-based positions', () => {
    writeFileSync(join(tmp.dir, 'broken.weft.yaml'), BROKEN);
    const r = bin(['validate', '--format', 'json', 'broken.weft.yaml'], tmp.dir);
    assert.equal(r.code, 1);
    const reports = JSON.parse(r.out) as { file: string; diagnostics: { code: string; range: unknown }[] }[];
    const d = reports[0]!.diagnostics.find((x) => x.code === 'unknown-dependency');
    assert.deepEqual(d?.range, { start: { line: 9, character: 12 }, end: { line: 9, character: 13 } });
  });

  it('expands a quoted glob itself', () => {
    const r = bin(['validate', 'samples/**/*.weft.yaml']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /^5 files checked, no problems$/m);
  });

  it('reports a missing file with exit 2 and no stack trace', () => {
    const r = bin(['validate', 'does-not-exist.weft.yaml']);
    assert.equal(r.code, 2);
    assert.match(r.err, /does-not-exist\.weft\.yaml: no such file or directory/);
    assertNoStack(r.err);
  });

  it('rejects an unknown command and an unknown option with exit 2', () => {
    const cmd = bin(['lint']);
    assert.equal(cmd.code, 2);
    assert.match(cmd.err, /unknown command 'lint'/);
    const opt = bin(['validate', '--fix', 'samples']);
    assert.equal(opt.code, 2);
    assert.match(opt.err, /unknown option '--fix'/);
    assert.match(opt.err, /Usage: weft validate/);
  });

  it('convert -o writes the file', () => {
    const out = join(tmp.dir, 'ml.weft.json');
    const r = bin(['convert', 'samples/ml-training/ml-training.weft.yaml', '--to', 'json', '-o', out]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, '');
    const v = JSON.parse(readFileSync(out, 'utf8')) as { metadata: { name: string }; tasks: Record<string, unknown> };
    assert.equal(v.metadata.name, 'ml-training');
    assert.deepEqual(Object.keys(v.tasks), ['make_dataset', 'features', 'train', 'select_best', 'register']);
  });
});
