/**
 * Diagnostics as core produces them: offsets into the document text. Hosts turn offsets into
 * line/character positions with the document's LineIndex (core/syntax/line-index.ts) at the edge,
 * so every rule works in one coordinate system.
 */
export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface RelatedInfo {
  message: string;
  start: number;
  end: number;
}

export interface Diagnostic {
  /** Stable rule code, documented in docs/rules.md. */
  code: string;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  /** Replacement texts for the range, best first (did-you-mean). */
  suggestions?: string[];
  related?: RelatedInfo[];
}

export function diag(
  code: string,
  severity: Severity,
  message: string,
  start: number,
  end: number,
  extra?: { suggestions?: string[]; related?: RelatedInfo[] },
): Diagnostic {
  const d: Diagnostic = { code, severity, message, start, end };
  if (extra?.suggestions && extra.suggestions.length > 0) d.suggestions = extra.suggestions;
  if (extra?.related && extra.related.length > 0) d.related = extra.related;
  return d;
}
