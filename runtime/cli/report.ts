/** Prints diagnostics: `file:line:col severity code message` (1-based) or LSP-style JSON (0-based). */
import type { Diagnostic } from '../../core/diagnostics';
import type { LineIndex } from '../../core/syntax/line-index';

export interface FileReport {
  file: string;
  lines: LineIndex;
  diagnostics: Diagnostic[];
}

export function toJson(reports: FileReport[]): unknown {
  return reports.map((r) => ({
    file: r.file,
    diagnostics: r.diagnostics.map((d) => {
      const o: Record<string, unknown> = {
        severity: d.severity,
        code: d.code,
        message: d.message,
        range: { start: r.lines.positionAt(d.start), end: r.lines.positionAt(d.end) },
      };
      if (d.suggestions) o.suggestions = d.suggestions;
      if (d.related) o.related = d.related.map((x) => ({ message: x.message, range: { start: r.lines.positionAt(x.start), end: r.lines.positionAt(x.end) } }));
      return o;
    }),
  }));
}

export function toText(reports: FileReport[]): string {
  let s = '';
  for (const r of reports) {
    for (const d of r.diagnostics) {
      const p = r.lines.positionAt(d.start);
      s += `${r.file}:${p.line + 1}:${p.character + 1} ${d.severity} ${d.code} ${d.message}\n`;
    }
  }
  return s;
}

export function summary(reports: FileReport[]): { errors: number; warnings: number; text: string } {
  let errors = 0;
  let warnings = 0;
  for (const r of reports) for (const d of r.diagnostics) d.severity === 'error' ? errors++ : d.severity === 'warning' && warnings++;
  const files = `${reports.length} file${reports.length === 1 ? '' : 's'}`;
  const text = errors + warnings === 0 ? `${files} checked, no problems` : `${files} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
  return { errors, warnings, text };
}
