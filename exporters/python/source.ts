/**
 * Pure helpers for writing Python source (Airflow, Prefect, Dagster, Luigi exporters): literals
 * that are safe for any JS string, identifiers, comments and indentation. Output is ASCII-only
 * and deterministic, so generated modules never depend on the file encoding and re-export
 * byte-identically.
 */
import { pythonIdentifier } from '../names';

/**
 * A Python string literal for any JS string: double-quoted, ASCII-only. Backslashes, quotes and
 * control characters are escaped; non-ASCII becomes `\uXXXX` / `\UXXXXXXXX` (a lone surrogate
 * stays a `\udXXX` escape, which Python accepts in a str literal).
 */
export function pyStr(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i]!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c < 0x7f) out += ch;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      const cp = s.codePointAt(i)!;
      out += `\\U${cp.toString(16).padStart(8, '0')}`;
      i++;
    } else out += `\\u${c.toString(16).padStart(4, '0')}`;
  }
  return `${out}"`;
}

/** A Python number literal for a finite JS number (`1e+21` and `-0` are written as Python reads them). */
export function pyNumber(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? 'float("inf")' : n < 0 ? 'float("-inf")' : 'float("nan")';
  if (Object.is(n, -0)) return '0';
  return String(n);
}

/**
 * A JSON-like value as a Python literal: None/True/False, numbers, strings (pyStr), lists and
 * dicts (keys in insertion order). `undefined` is None. Safe to `ast.literal_eval`.
 */
export function pyValue(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return pyNumber(v);
  if (typeof v === 'string') return pyStr(v);
  if (Array.isArray(v)) return `[${v.map(pyValue).join(', ')}]`;
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    return `{${entries.map(([k, x]) => `${pyStr(k)}: ${pyValue(x)}`).join(', ')}}`;
  }
  return pyStr(String(v));
}

/** A Python identifier for any id (see names.ts; use a NameMap when names must stay unique). */
export function pyIdent(id: string): string {
  return pythonIdentifier(id);
}

/** A one-line `# comment`: newlines and control characters become spaces; ASCII-only. */
export function pyComment(text: string): string {
  const flat = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
  return `# ${pyStr(flat).slice(1, -1).replace(/\\"/g, '"').replace(/\\\\/g, '\\')}`.trimEnd();
}

/** Indents every non-empty line of `text` by `n` levels of four spaces. */
export function indent(text: string, n = 1): string {
  const pad = '    '.repeat(n);
  return text
    .split('\n')
    .map((l) => (l === '' ? l : pad + l))
    .join('\n');
}

/** Lines joined with '\n', each indented by `n` levels. */
export function block(lines: string[], n = 1): string {
  return indent(lines.join('\n'), n);
}

/** A keyword-argument list `a=1, b="x"` from entries whose value is already Python source; undefined values are skipped. */
export function pyKwargs(entries: [string, string | undefined][]): string {
  return entries
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

/** A call spread over lines when long: `f(\n    a=1,\n    b=2,\n)`. */
export function pyCall(func: string, args: string[], width = 100): string {
  const one = `${func}(${args.join(', ')})`;
  if (one.length <= width && !one.includes('\n')) return one;
  return `${func}(\n${args.map((a) => `${indent(a)},`).join('\n')}\n)`;
}
