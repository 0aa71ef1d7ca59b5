import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { WEFT_FILE, expandPaths } from '../../../runtime/fs/expand';

const root = mkdtempSync(join(tmpdir(), 'weft-expand-'));
after(() => rmSync(root, { recursive: true, force: true }));
const FILES = [
  'a.weft.yaml',
  'b.weft.yml',
  'notes.yaml',
  'readme.md',
  'sub/c.weft.json',
  'sub/deep/d.weft.yaml',
  'sub/deep/e.WEFT.YAML',
  'node_modules/pkg/x.weft.yaml',
  'sub/node_modules/y.weft.yaml',
  '.git/z.weft.yaml',
  'dist/out.weft.json',
  'empty/not-weft.yaml',
];
for (const f of FILES) {
  mkdirSync(join(root, dirname(f)), { recursive: true });
  writeFileSync(join(root, f), 'x: 1\n');
}

describe('expandPaths', () => {
  it('passes existing files through as given, whatever their name', () => {
    assert.deepEqual(expandPaths(['notes.yaml', 'sub/c.weft.json'], root), { files: ['notes.yaml', 'sub/c.weft.json'], problems: [] });
    assert.deepEqual(expandPaths([join(root, 'a.weft.yaml')], '/').files, [join(root, 'a.weft.yaml')]);
  });

  it('searches folders for Weft files, sorted, skipping node_modules, .git and dist', () => {
    const r = expandPaths(['.'], root);
    assert.deepEqual(r, { files: ['a.weft.yaml', 'b.weft.yml', 'sub/c.weft.json', 'sub/deep/d.weft.yaml', 'sub/deep/e.WEFT.YAML'], problems: [] });
    assert.deepEqual(expandPaths(['sub'], root).files, ['sub/c.weft.json', 'sub/deep/d.weft.yaml', 'sub/deep/e.WEFT.YAML']);
  });

  it('returns paths relative to cwd for folders given from elsewhere', () => {
    assert.deepEqual(expandPaths(['sub/deep'], root).files, ['sub/deep/d.weft.yaml', 'sub/deep/e.WEFT.YAML']);
    assert.deepEqual(expandPaths(['deep'], join(root, 'sub')).files, ['deep/d.weft.yaml', 'deep/e.WEFT.YAML']);
  });

  it('matches globs from their literal prefix, skipping node_modules', () => {
    assert.deepEqual(expandPaths(['**/*.weft.yaml'], root).files, ['a.weft.yaml', 'sub/deep/d.weft.yaml']);
    assert.deepEqual(expandPaths(['sub/**/*.weft.{yaml,json}'], root).files, ['sub/c.weft.json', 'sub/deep/d.weft.yaml']);
    assert.deepEqual(expandPaths(['?.weft.y*ml'], root).files, ['a.weft.yaml', 'b.weft.yml']);
    assert.deepEqual(expandPaths(['*.weft.y?ml'], root).files, ['a.weft.yaml']);
    assert.deepEqual(expandPaths(['sub/*/[d].weft.yaml'], root).files, ['sub/deep/d.weft.yaml']);
    assert.deepEqual(expandPaths(['**/x.weft.yaml', 'sub/**/y.weft.yaml', '**/z.weft.yaml', '**/out.weft.json'], root), {
      files: [],
      problems: ['**/x.weft.yaml: no files match this pattern', 'sub/**/y.weft.yaml: no files match this pattern', '**/z.weft.yaml: no files match this pattern', '**/out.weft.json: no files match this pattern'],
    });
  });

  it('matches an absolute glob', () => {
    assert.deepEqual(expandPaths([`${root}/sub/*.weft.json`], root).files, ['sub/c.weft.json']);
  });

  it('reports what matched nothing, and keeps going', () => {
    const r = expandPaths(['missing.weft.yaml', 'empty', '**/*.toml', 'a.weft.yaml'], root);
    assert.deepEqual(r.files, ['a.weft.yaml']);
    assert.deepEqual(r.problems, [
      'missing.weft.yaml: no such file or directory',
      'empty: no *.weft.yaml, *.weft.yml or *.weft.json files in this folder',
      '**/*.toml: no files match this pattern',
    ]);
    assert.deepEqual(expandPaths(['nowhere/*.weft.yaml'], root).problems, ['nowhere/*.weft.yaml: no files match this pattern']);
  });

  it('lists a file once when several arguments reach it', () => {
    assert.deepEqual(expandPaths(['a.weft.yaml', '.', '*.weft.yaml'], root).files, ['a.weft.yaml', 'b.weft.yml', 'sub/c.weft.json', 'sub/deep/d.weft.yaml', 'sub/deep/e.WEFT.YAML']);
  });

  it('knows the Weft file names', () => {
    for (const f of ['p.weft.yaml', 'p.weft.yml', 'p.weft.json', 'P.WEFT.JSON', 'dir/p.weft.yaml']) assert.ok(WEFT_FILE.test(f), f);
    for (const f of ['p.yaml', 'p.weft.yaml.bak', 'weft.yaml', 'p.weftyaml', 'p.weft.toml']) assert.ok(!WEFT_FILE.test(f), f);
  });

  it('lists a file reached through a symlink loop once', () => {
    const dir = join(root, 'loop');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'p.weft.yaml'), 'x: 1\n');
    symlinkSync('..', join(dir, 'up'));
    try {
      const r = expandPaths(['loop'], root);
      assert.equal(r.files.filter((f) => f.endsWith('p.weft.yaml')).length, 1, r.files.slice(0, 3).join(', '));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
