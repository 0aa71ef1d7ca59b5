import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { summary, toJson, toText, type FileReport } from '../../../runtime/cli/report';
import { LineIndex } from '../../../core/syntax/line-index';
import type { Diagnostic } from '../../../core/diagnostics';

const text = 'first\nsecond line\nthird';
const d = (severity: Diagnostic['severity'], start: number, end: number, extra: Partial<Diagnostic> = {}): Diagnostic => ({ code: 'c', severity, message: 'm', start, end, ...extra });
const report = (...diagnostics: Diagnostic[]): FileReport => ({ file: 'f.weft.yaml', lines: new LineIndex(text), diagnostics });

describe('report', () => {
  it('prints text with 1-based line and column', () => {
    assert.equal(toText([report(d('error', 0, 1), d('warning', 13, 17))]), 'f.weft.yaml:1:1 error c m\nf.weft.yaml:2:8 warning c m\n');
    assert.equal(toText([report()]), '');
  });

  it('prints JSON with 0-based ranges, suggestions and related info', () => {
    const r = toJson([report(d('info', 6, 12, { suggestions: ['x'], related: [{ message: 'here', start: 18, end: 23 }] }))]);
    assert.deepEqual(r, [
      {
        file: 'f.weft.yaml',
        diagnostics: [
          {
            severity: 'info',
            code: 'c',
            message: 'm',
            range: { start: { line: 1, character: 0 }, end: { line: 1, character: 6 } },
            suggestions: ['x'],
            related: [{ message: 'here', range: { start: { line: 2, character: 0 }, end: { line: 2, character: 5 } } }],
          },
        ],
      },
    ]);
  });

  it('summarises with plurals; info and hints are not problems', () => {
    assert.equal(summary([]).text, '0 files checked, no problems');
    assert.equal(summary([report(d('info', 0, 1), d('hint', 0, 1))]).text, '1 file checked, no problems');
    assert.deepEqual(summary([report(d('error', 0, 1)), report(d('warning', 0, 1), d('warning', 1, 2))]), { errors: 1, warnings: 2, text: '2 files checked: 1 error, 2 warnings' });
  });
});
