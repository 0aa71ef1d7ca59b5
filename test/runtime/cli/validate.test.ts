import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BROKEN, CLEAN, ROOT, assertNoStack, lineCol, tempDir, weft } from './helpers';

const tmp = tempDir('validate');
after(() => tmp.remove());
writeFileSync(join(tmp.dir, 'broken.weft.yaml'), BROKEN);
writeFileSync(join(tmp.dir, 'crlf.weft.yaml'), BROKEN.replace(/\n/g, '\r\n'));
writeFileSync(join(tmp.dir, 'clean.weft.yaml'), CLEAN);
mkdirSync(join(tmp.dir, 'dir.weft.yaml'));
symlinkSync(join(tmp.dir, 'gone'), join(tmp.dir, 'dangling.weft.yaml'));

function sampleFiles(dir = join(ROOT, 'samples'), out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) sampleFiles(p, out);
    else if (/\.weft\.(ya?ml|json)$/.test(e.name)) out.push(relative(ROOT, p));
  }
  return out.sort();
}

const TEXT_LINE = /^(.+):(\d+):(\d+) (error|warning|info|hint) ([a-z][a-z-]*) (.+)$/;

describe('weft validate: clean files', () => {
  it('exits 0 and says "no problems" on stderr for a clean sample', () => {
    const r = weft(['validate', 'samples/ml-training/ml-training.weft.yaml']);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, '');
    assert.match(r.err, /^1 file checked, no problems\n$/);
  });

  it('exits 0 on every sample', () => {
    const r = weft(['validate', ...sampleFiles()]);
    assert.equal(r.code, 0, r.out + r.err);
    assert.equal(r.err, `${sampleFiles().length} files checked, no problems\n`);
  });
});

describe('weft validate: problems as text', () => {
  it('prints file:line:col severity code message with 1-based positions and exits 1', () => {
    const r = weft(['validate', 'broken.weft.yaml'], tmp.dir);
    assert.equal(r.code, 1);
    const lines = r.out.trimEnd().split('\n');
    assert.equal(lines.length, 3, r.out);
    const parsed = lines.map((l) => {
      const m = TEXT_LINE.exec(l);
      assert.ok(m, `not a diagnostic line: ${l}`);
      return { file: m[1]!, line: Number(m[2]), col: Number(m[3]), severity: m[4]!, code: m[5]!, message: m[6]! };
    });
    const unused = lineCol(BROKEN, 'unused');
    const b = lineCol(BROKEN, 'b]');
    const key = lineCol(BROKEN, 'tiemout');
    assert.deepEqual(
      parsed.map((p) => [p.file, p.line, p.col, p.severity, p.code]),
      [
        ['broken.weft.yaml', unused.line, unused.col, 'warning', 'unused-param'],
        ['broken.weft.yaml', b.line, b.col, 'error', 'unknown-dependency'],
        ['broken.weft.yaml', key.line, key.col, 'error', 'unknown-key'],
      ],
    );
    assert.deepEqual([b.line, b.col], [10, 13]);
    assert.match(parsed[1]!.message, /'b'/);
    assert.match(parsed[2]!.message, /Did you mean 'timeout'\?/);
    assert.equal(r.err, '1 file checked: 2 errors, 1 warning\n');
  });

  it('counts CRLF line breaks as one line', () => {
    const lf = weft(['validate', 'broken.weft.yaml'], tmp.dir).out.replace(/broken/g, 'crlf');
    const crlf = weft(['validate', 'crlf.weft.yaml'], tmp.dir);
    assert.equal(crlf.code, 1);
    assert.equal(crlf.out, lf);
  });

  it('--quiet prints errors only', () => {
    const r = weft(['validate', '-q', 'broken.weft.yaml'], tmp.dir);
    assert.equal(r.code, 1);
    const lines = r.out.trimEnd().split('\n');
    assert.equal(lines.length, 2);
    assert.ok(lines.every((l) => TEXT_LINE.exec(l)?.[4] === 'error'));
  });

  it('exits 1 when any file has errors, and reports each file', () => {
    const r = weft(['validate', 'clean.weft.yaml', 'broken.weft.yaml'], tmp.dir);
    assert.equal(r.code, 1);
    assert.ok(r.out.split('\n').filter(Boolean).every((l) => l.startsWith('broken.weft.yaml:')));
    assert.match(r.err, /^2 files checked: 2 errors, 1 warning$/m);
  });

  it('takes absolute paths', () => {
    const r = weft(['validate', join(tmp.dir, 'clean.weft.yaml')]);
    assert.equal(r.code, 0, r.err);
  });
});

describe('weft validate: --format json', () => {
  it('prints [{file, diagnostics: [{severity, code, message, range}]}] with 0-based positions', () => {
    const r = weft(['validate', '--format', 'json', 'broken.weft.yaml', 'clean.weft.yaml'], tmp.dir);
    assert.equal(r.code, 1);
    const reports = JSON.parse(r.out) as { file: string; diagnostics: Record<string, unknown>[] }[];
    assert.ok(Array.isArray(reports));
    assert.deepEqual(reports.map((x) => Object.keys(x)), [['file', 'diagnostics'], ['file', 'diagnostics']]);
    assert.deepEqual(reports.map((x) => x.file), ['broken.weft.yaml', 'clean.weft.yaml']);
    assert.deepEqual(reports[1]!.diagnostics, []);
    const ds = reports[0]!.diagnostics;
    assert.equal(ds.length, 3);
    for (const d of ds) {
      const keys = Object.keys(d);
      assert.deepEqual(keys.slice(0, 4), ['severity', 'code', 'message', 'range']);
      assert.ok(keys.slice(4).every((k) => k === 'suggestions' || k === 'related'), keys.join());
      const range = d.range as { start: Record<string, number>; end: Record<string, number> };
      assert.deepEqual(Object.keys(range), ['start', 'end']);
      for (const p of [range.start, range.end]) {
        assert.deepEqual(Object.keys(p), ['line', 'character']);
        assert.ok(Number.isInteger(p.line) && Number.isInteger(p.character));
      }
    }
    const b = lineCol(BROKEN, 'b]');
    assert.deepEqual(ds[1], {
      severity: 'error',
      code: 'unknown-dependency',
      message: ds[1]!.message,
      range: { start: { line: b.line - 1, character: b.col - 1 }, end: { line: b.line - 1, character: b.col } },
    });
    const u = lineCol(BROKEN, 'unused');
    assert.deepEqual(ds[0]!.range, { start: { line: u.line - 1, character: u.col - 1 }, end: { line: u.line - 1, character: u.col - 1 + 'unused'.length } });
    assert.deepEqual(ds[2]!.suggestions, ['timeout']);
  });

  it('prints [] entries for clean files and no summary', () => {
    const r = weft(['validate', '-f', 'json', 'samples/nightly-etl']);
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.out), [{ file: 'samples/nightly-etl/nightly-etl.weft.yaml', diagnostics: [] }]);
    assert.equal(r.err, '');
  });
});

describe('weft validate: paths', () => {
  it('reports a missing file with exit 2, no stack trace', () => {
    const r = weft(['validate', 'nope.weft.yaml'], tmp.dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /nope\.weft\.yaml: no such file or directory/);
    assertNoStack(r.err);
  });

  it('still checks the files that exist, but exits 2', () => {
    const r = weft(['validate', 'nope.weft.yaml', 'broken.weft.yaml'], tmp.dir);
    assert.equal(r.code, 2);
    assert.match(r.out, /^broken\.weft\.yaml:10:13 error unknown-dependency/m);
    assert.match(r.err, /nope\.weft\.yaml/);
  });

  it('reports a path it cannot read as a file (a folder named *.weft.yaml, a dangling link) with exit 2', () => {
    for (const name of ['dir.weft.yaml', 'dangling.weft.yaml']) {
      const r = weft(['validate', name], tmp.dir);
      assert.equal(r.code, 2, name);
      assert.match(r.err, new RegExp(`weft: ${name.replace('.', '\\.')}: `));
      assertNoStack(r.err);
    }
  });

  it('expands a folder argument to the Weft files in it', () => {
    const r = weft(['validate', '--format', 'json', 'samples']);
    assert.equal(r.code, 0);
    assert.deepEqual((JSON.parse(r.out) as { file: string }[]).map((x) => x.file), sampleFiles());
  });

  it('expands a quoted glob argument', () => {
    const r = weft(['validate', '--format', 'json', 'samples/**/*.weft.yaml']);
    assert.equal(r.code, 0);
    assert.deepEqual((JSON.parse(r.out) as { file: string }[]).map((x) => x.file), sampleFiles().filter((f) => f.endsWith('.weft.yaml')));
    const none = weft(['validate', 'samples/**/*.weft.toml']);
    assert.equal(none.code, 2);
    assert.match(none.err, /samples\/\*\*\/\*\.weft\.toml: no files match this pattern/);
  });

  it('reports a glob it cannot read as a usage problem, not an internal error', () => {
    const r = weft(['validate', 'samples/*/{*.yaml,*.json}']);
    assert.notEqual(r.code, 70);
    assertNoStack(r.err);
  });
});

describe('weft validate: a sub-pipeline read from disk', () => {
  it("checks the outputs a pipeline task reads against its sub-pipeline's", () => {
    mkdirSync(join(tmp.dir, 'subs'), { recursive: true });
    writeFileSync(
      join(tmp.dir, 'subs', 'sub.weft.yaml'),
      'apiVersion: weft/v1\nkind: Pipeline\nmetadata: {name: sub}\noutputs:\n  total: {type: integer, value: "${{ tasks.add.outputs.sum }}"}\ntasks:\n  add: {type: shell, run: echo, outputs: {sum: {type: integer}}}\n',
    );
    const caller = (name: string) => `apiVersion: weft/v1\nkind: Pipeline\nmetadata: {name: c}\ntasks:\n  s:\n    type: pipeline\n    pipeline: subs/sub.weft.yaml\n    outputs: {${name}: {type: integer}}\n`;
    writeFileSync(join(tmp.dir, 'good-caller.weft.yaml'), caller('total'));
    writeFileSync(join(tmp.dir, 'bad-caller.weft.yaml'), caller('totals'));
    assert.equal(weft(['validate', join(tmp.dir, 'good-caller.weft.yaml')]).code, 0);
    const bad = weft(['validate', join(tmp.dir, 'bad-caller.weft.yaml')]);
    assert.equal(bad.code, 1);
    assert.match(bad.out, /:8:\d+ error undeclared-output Sub-pipeline 'subs\/sub\.weft\.yaml' of task 's' has no output 'totals' \(it has total\)/);
  });
});
