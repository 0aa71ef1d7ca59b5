/**
 * Core diagnostics (offsets) → LSP diagnostics (line/character ranges), and which documents are
 * Weft documents at all.
 */
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver/node';
import type { Diagnostic, Severity } from '../core/diagnostics';
import type { LineIndex } from '../core/syntax/line-index';

export const SOURCE = 'weft';

/** What a published diagnostic carries in `data`, for code actions to come (quick fixes). */
export interface WeftDiagnosticData {
  suggestions: string[];
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(d: Diagnostic, lines: LineIndex, uri: string): LspDiagnostic {
  const out: LspDiagnostic = {
    range: rangeOf(lines, d.start, d.end),
    severity: SEVERITY[d.severity],
    code: d.code,
    source: SOURCE,
    message: d.message,
  };
  if (d.related && d.related.length > 0) {
    out.relatedInformation = d.related.map(
      (r): DiagnosticRelatedInformation => ({ location: { uri, range: rangeOf(lines, r.start, r.end) }, message: r.message }),
    );
  }
  if (d.suggestions && d.suggestions.length > 0) out.data = { suggestions: d.suggestions } satisfies WeftDiagnosticData;
  return out;
}

function rangeOf(lines: LineIndex, start: number, end: number) {
  return { start: lines.positionAt(start), end: lines.positionAt(Math.max(start, end)) };
}

const WEFT_FILE = /\.weft\.(ya?ml|json)$/i;
/** An untitled buffer is a Weft document once it declares the Weft apiVersion. */
const WEFT_API_VERSION = /^\s*["']?apiVersion["']?\s*:\s*["']?weft\//m;

export function isWeftDocument(uri: string, text: string): boolean {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(uri)?.[1]?.toLowerCase();
  if (scheme === 'untitled') return WEFT_FILE.test(uri) || WEFT_API_VERSION.test(text);
  return WEFT_FILE.test(uri.replace(/[?#].*$/, ''));
}

/** The name core sees: the path's last segment (decides YAML vs JSON); untitled JSON buffers are sniffed by core. */
export function fileNameOf(uri: string, languageId: string): string {
  const path = decodeURIComponent(uri.replace(/[?#].*$/, ''));
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (WEFT_FILE.test(base)) return base;
  return languageId === 'json' ? `${base}.weft.json` : `${base}.weft.yaml`;
}
