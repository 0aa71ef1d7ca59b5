/**
 * Finding `${{ … }}` interpolations in strings of a pipeline file.
 *
 * - `}}` inside a quoted string literal does not close an expression: `${{ format('}}') }}`.
 * - An unclosed `${{` is an `expression-syntax` error on the `${{` delimiter; the rest of the text
 *   is kept as a text part.
 * - A string consisting of exactly one `${{ … }}` (whitespace around allowed) is "whole-value":
 *   it evaluates to the typed value. Otherwise the result is a string.
 * There is no escape for a literal `${{`; write `${{ '${{' }}`.
 */
import type { Expr } from './ast';
import { ExprError, syntaxError } from './errors';
import { parseExpression } from './parser';

export interface TextPart {
  kind: 'text';
  start: number;
  end: number;
  text: string;
}

export interface ExprPart {
  kind: 'expr';
  /** Range of `${{ … }}` including the delimiters. */
  start: number;
  end: number;
  /** Range of the inner text (between `${{` and `}}`). */
  innerStart: number;
  innerEnd: number;
  /** The inner text. */
  source: string;
}

export type TemplatePart = TextPart | ExprPart;

const OPEN = '${{';
const CLOSE = '}}';

/** Cheap test for whether `text` contains an interpolation opener. */
export function hasInterpolation(text: string): boolean {
  return text.includes(OPEN);
}

/**
 * Splits `text` into text and expression parts. Offsets are `baseOffset` + index into `text`
 * (relative to `text` by default).
 */
export function findInterpolations(text: string, baseOffset = 0): { parts: TemplatePart[]; errors: ExprError[] } {
  const parts: TemplatePart[] = [];
  const errors: ExprError[] = [];
  const pushText = (from: number, to: number) => {
    if (to > from) parts.push({ kind: 'text', start: baseOffset + from, end: baseOffset + to, text: text.slice(from, to) });
  };
  let pos = 0;
  for (;;) {
    const open = text.indexOf(OPEN, pos);
    if (open < 0) {
      pushText(pos, text.length);
      break;
    }
    pushText(pos, open);
    const innerStart = open + OPEN.length;
    let close = scanToClose(text, innerStart);
    if (close < 0) close = text.indexOf(CLOSE, innerStart); // unterminated string inside: let the parser report it
    if (close < 0) {
      errors.push(syntaxError(`Unclosed expression: close '${OPEN}' with '${CLOSE}'.`, baseOffset + open, baseOffset + innerStart));
      pushText(open, text.length);
      break;
    }
    parts.push({
      kind: 'expr',
      start: baseOffset + open,
      end: baseOffset + close + CLOSE.length,
      innerStart: baseOffset + innerStart,
      innerEnd: baseOffset + close,
      source: text.slice(innerStart, close),
    });
    pos = close + CLOSE.length;
  }
  return { parts, errors };
}

/** Index of the `}}` closing an expression starting at `i`, skipping quoted strings; -1 if none. */
function scanToClose(text: string, i: number): number {
  while (i < text.length) {
    const c = text[i];
    if (c === "'" || c === '"') {
      i++;
      while (i < text.length && text[i] !== c) i += text[i] === '\\' ? 2 : 1;
      if (i >= text.length) return -1;
      i++;
    } else if (c === '}' && text[i + 1] === '}') {
      return i;
    } else i++;
  }
  return -1;
}

/** The single expression part when the parts are exactly one `${{ … }}` plus whitespace, else null. */
export function wholeValuePart(parts: readonly TemplatePart[]): ExprPart | null {
  let found: ExprPart | null = null;
  for (const p of parts) {
    if (p.kind === 'text') {
      if (p.text.trim() !== '') return null;
    } else if (found) return null;
    else found = p;
  }
  return found;
}

export interface ParsedExprPart extends ExprPart {
  /** Parsed inner expression (null on a syntax error). */
  ast: Expr | null;
}

export interface ParsedTemplate {
  parts: (TextPart | ParsedExprPart)[];
  /** The expression part if the template is whole-value. */
  whole: ParsedExprPart | null;
  /** Interpolation and parse errors, in source order. */
  errors: ExprError[];
}

/** findInterpolations + parseExpression of each part; offsets are `baseOffset` + index into `text`. */
export function parseTemplate(text: string, baseOffset = 0): ParsedTemplate {
  const found = findInterpolations(text, baseOffset);
  const errors: ExprError[] = [];
  const parts = found.parts.map((p) => {
    if (p.kind === 'text') return p;
    const r = parseExpression(p.source, p.innerStart);
    errors.push(...r.errors);
    return { ...p, ast: r.ast };
  });
  errors.push(...found.errors);
  errors.sort((a, b) => a.start - b.start);
  const whole = wholeValuePart(parts) as ParsedExprPart | null;
  return { parts, whole, errors };
}
