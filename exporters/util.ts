/** Small pure helpers shared by exporters. */
import { writeYaml } from './yaml-writer';
import { parseDuration } from '../core/model/duration';
import { parseTemplate, type ParsedTemplate } from '../core/expr';

/** POSIX-style join + normalise of relative paths ('' for the current folder). */
export function joinPath(...parts: string[]): string {
  // Most calls join paths that are already normal (`dir`, `scripts/x.py`, ''): those are joined
  // as they are, without splitting every segment out.
  let joined = '';
  let normal = true;
  for (const part of parts) {
    if (part === '') continue;
    if (!isNormalPath(part)) {
      normal = false;
      break;
    }
    joined = joined === '' ? part : `${joined}/${part}`;
  }
  if (normal) return joined;
  const out: string[] = [];
  let up = 0;
  for (const seg of parts.join('/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length > 0) out.pop();
      else up++;
    } else out.push(seg);
  }
  return [...Array<string>(up).fill('..'), ...out].join('/');
}

/** A relative path with no empty, `.` or `..` segment (so no leading, trailing or double `/`). */
function isNormalPath(p: string): boolean {
  let start = 0;
  for (let i = 0; i <= p.length; i++) {
    if (i < p.length && p.charCodeAt(i) !== 47 /* / */) continue;
    const len = i - start;
    if (len === 0) return false;
    if (len <= 2 && p.charCodeAt(start) === 46 /* . */ && (len === 1 || p.charCodeAt(start + 1) === 46)) return false;
    start = i + 1;
  }
  return true;
}

export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** A Weft duration in whole seconds (rounded up), or undefined. */
export function seconds(d: string | undefined): number | undefined {
  if (d === undefined) return undefined;
  const ms = parseDuration(d);
  return ms === undefined ? undefined : Math.max(1, Math.ceil(ms / 1000));
}

/** A Weft duration as a Go duration (`1h30m0s` style without days): `90s` → `1m30s`. */
export function goDuration(d: string): string | undefined {
  const ms = parseDuration(d);
  if (ms === undefined) return undefined;
  let rest = Math.round(ms);
  let out = '';
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out || '0s';
}

/** FNV-1a, 32 bit, as 8 hex digits: a stable short hash without node:crypto. */
export function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

const templates = new Map<string, ParsedTemplate>();

/** Forgets the memo below; exportPipeline calls it so each export parses its own expressions. */
export function forgetParsedTemplates(): void {
  templates.clear();
}

/**
 * core's parseTemplate, memoised by text: pipelines repeat the same expressions in every task.
 * Parsed templates are never mutated by exporters, so sharing them is safe.
 */
export function parsedTemplate(text: string): ParsedTemplate {
  let t = templates.get(text);
  if (!t) {
    if (templates.size > 20_000) templates.clear();
    templates.set(text, (t = parseTemplate(text)));
  }
  return t;
}

/**
 * The one YAML writer every exporter uses (Argo, Kubeflow): deterministic (key order as built),
 * never folds lines, no anchors, quotes whatever YAML 1.1 readers would retype (yaml-writer.ts).
 */
export function toYaml(doc: unknown): string {
  return writeYaml(doc);
}

/** Top-level module names a Python source imports (`import a, b`, `from c.d import e` → a, b, c). */
export function pythonImports(text: string): string[] {
  const re = /^\s*(?:from\s+([A-Za-z_][A-Za-z0-9_]*)(?:\.[A-Za-z0-9_.]*)?\s+import|import\s+([A-Za-z_][A-Za-z0-9_]*(?:\s*,\s*[A-Za-z_][A-Za-z0-9_]*)*))/gm;
  const names: string[] = [];
  for (const m of text.matchAll(re)) {
    if (m[1]) names.push(m[1]);
    else if (m[2]) names.push(...m[2].split(',').map((s) => s.trim()));
  }
  return names;
}
