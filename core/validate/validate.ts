/**
 * validateText: the whole check of one pipeline document — syntax, schema, then the semantic
 * rules — in one pass over one parse. Pure: the file system reaches it only through `host`.
 */
import { parseDocument, type ParsedDocument, type Spelling } from '../syntax/parse';
import { validateSchema } from './schema-validator';
import { weftSchema } from '../schema/schema';
import type { Diagnostic } from '../diagnostics';
import { viewOf, type PipelineView } from '../model/pipeline-view';
import { analyse, type Analysis } from '../analysis/analyse';
import { RULES } from './rules';

export interface ValidateHost {
  /** Whether a path (relative to the pipeline file's folder) names an existing file. */
  fileExists?(relativePath: string): boolean;
  /** The text of a file (relative to the pipeline file's folder), or undefined when it cannot be read. */
  readFile?(relativePath: string): string | undefined;
}

export interface RuleContext {
  doc: ParsedDocument;
  view: PipelineView;
  analysis: Analysis;
  host: ValidateHost;
  out: Diagnostic[];
  /** Whether a blanked (unparseable) line overlaps [start, end). */
  overlapsBlank(start: number, end: number): boolean;
}

export type Rule = (ctx: RuleContext) => void;

export interface ValidationResult {
  document: ParsedDocument;
  view: PipelineView;
  /** Undefined only when nothing parsed. */
  analysis?: Analysis;
  diagnostics: Diagnostic[];
}

export function validateText(fileName: string, text: string, host: ValidateHost = {}, spelling?: Spelling): ValidationResult {
  const doc = parseDocument(fileName, text, spelling);
  const out: Diagnostic[] = [...doc.syntaxErrors];
  // A mapping right before a blanked line may have lost keys to it, so the range is stretched
  // over the whitespace and comments that follow it.
  const overlapsBlank = (start: number, end: number): boolean => {
    if (doc.blanked.length === 0) return false;
    const until = skipTrivia(text, end);
    return doc.blanked.some((b) => b.start < Math.max(end, until) + 1 && b.end > start);
  };
  let view = viewOf(null);
  let analysis: Analysis | undefined;
  const empty = !doc.root || (doc.root.kind === 'scalar' && doc.root.value === null);
  if (doc.root && !empty) {
    out.push(...validateSchema(doc.root, weftSchema, overlapsBlank));
    analysis = analyse(doc);
    view = analysis.view;
    const ctx: RuleContext = { doc, view, analysis, host, out, overlapsBlank };
    for (const rule of RULES) rule(ctx);
  } else if (doc.syntaxErrors.length === 0 && empty) {
    out.push({ code: 'missing-required', severity: 'error', message: 'The file is empty: a pipeline needs apiVersion, kind, metadata and tasks.', start: 0, end: 0 });
  }
  out.sort((a, b) => a.start - b.start || a.end - b.end || a.code.localeCompare(b.code));
  return { document: doc, view, analysis, diagnostics: dedupe(out) };
}

function skipTrivia(text: string, pos: number): number {
  for (;;) {
    const c = text.charCodeAt(pos);
    if (c === 32 || c === 10 || c === 13 || c === 9) pos++;
    else if (c === 35) {
      const nl = text.indexOf('\n', pos);
      pos = nl < 0 ? text.length : nl;
    } else return pos;
  }
}

function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = `${d.start}:${d.end}:${d.code}:${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
