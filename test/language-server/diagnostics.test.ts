import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import { LineIndex } from '../../core/syntax/line-index';
import { fileNameOf, isWeftDocument, toLspDiagnostic } from '../../language-server/diagnostics';

describe('toLspDiagnostic', () => {
  const text = 'a: 1\nbb: 2\r\nccc: 3\n';
  const lines = new LineIndex(text);
  const uri = 'file:///w/p.weft.yaml';

  it('maps offsets to ranges, severity, code and source', () => {
    const d = toLspDiagnostic({ code: 'unknown-key', severity: 'warning', message: 'm', start: 5, end: 7 }, lines, uri);
    assert.deepEqual(d, {
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 2 } },
      severity: DiagnosticSeverity.Warning,
      code: 'unknown-key',
      source: 'weft',
      message: 'm',
    });
  });

  it('keeps suggestions in data and related ranges as relatedInformation', () => {
    const start = text.indexOf('ccc');
    const d = toLspDiagnostic(
      { code: 'duplicate-task', severity: 'error', message: 'm', start, end: start + 3, suggestions: ['x', 'y'], related: [{ message: 'first here', start: 0, end: 1 }] },
      lines,
      uri,
    );
    assert.deepEqual(d.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 3 } });
    assert.deepEqual(d.data, { suggestions: ['x', 'y'] });
    assert.deepEqual(d.relatedInformation, [{ location: { uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } }, message: 'first here' }]);
  });

  it('maps every severity and never yields an inverted range', () => {
    const sev = (severity: 'error' | 'warning' | 'info' | 'hint') => toLspDiagnostic({ code: 'c', severity, message: '', start: 3, end: 1 }, lines, uri);
    assert.deepEqual(
      (['error', 'warning', 'info', 'hint'] as const).map((s) => sev(s).severity),
      [DiagnosticSeverity.Error, DiagnosticSeverity.Warning, DiagnosticSeverity.Information, DiagnosticSeverity.Hint],
    );
    assert.deepEqual(sev('hint').range, { start: { line: 0, character: 3 }, end: { line: 0, character: 3 } });
  });
});

describe('isWeftDocument / fileNameOf', () => {
  it('recognises Weft files by name', () => {
    for (const u of ['file:///a/p.weft.yaml', 'file:///a/p.weft.yml', 'file:///a/P.WEFT.JSON', 'vscode-remote://h/a/p.weft.yaml']) assert.ok(isWeftDocument(u, ''), u);
    for (const u of ['file:///a/p.yaml', 'file:///a/weft.yaml', 'file:///a/p.weft.yaml.bak', 'file:///a/p.json']) assert.ok(!isWeftDocument(u, 'apiVersion: weft/v1'), u);
  });

  it('recognises untitled buffers by their apiVersion', () => {
    assert.ok(isWeftDocument('untitled:Untitled-1', 'apiVersion: weft/v1\nkind: Pipeline\n'));
    assert.ok(isWeftDocument('untitled:Untitled-1', '{\n  "apiVersion": "weft/v1"\n}'));
    assert.ok(!isWeftDocument('untitled:Untitled-1', 'apiVersion: v1\nkind: Pod\n'));
  });

  it('gives core a name that tells YAML from JSON', () => {
    assert.equal(fileNameOf('file:///a/my%20p.weft.json', 'json'), 'my p.weft.json');
    assert.equal(fileNameOf('untitled:Untitled-1', 'json'), 'untitled:Untitled-1.weft.json');
    assert.equal(fileNameOf('untitled:Untitled-1', 'yaml'), 'untitled:Untitled-1.weft.yaml');
  });
});
