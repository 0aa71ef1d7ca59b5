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
  /**
   * Suggested values for what the range holds, best first (did-you-mean). They are bare values:
   * a host replacing a quoted token (`"nedds"` in JSON) quotes them for the document's spelling.
   */
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
