/**
 * A small, fast YAML writer for exported documents (JSON-like data only: objects, arrays,
 * strings, numbers, booleans, null), in block style with literal block scalars for multi-line
 * text. js-yaml's `dump` took over half of a 1,000-task Argo export; this writes the same kind
 * of output in one pass over the data.
 *
 * Strings are written plain only when every YAML reader the targets use reads them back as the
 * same string: YAML 1.2 (js-yaml, Python's ruamel) and YAML 1.1 (Go's yaml.v2 behind Argo and
 * Kubernetes, PyYAML), which also reads `yes`, `off`, `0x1F`, `1_000` or `2026-01-01` as
 * non-strings. Anything else is double-quoted with JSON escapes plus YAML's own for the
 * characters JSON leaves alone (U+2028, U+2029, U+0085, other C1 controls).
 */

/** Appends to one string: V8 builds it as a rope, cheaper than joining a large array of pieces. */
class Sink {
  s = '';
  /** Appends a piece; the document's first piece drops its leading newline (see writeYaml). */
  push(a: string): void {
    // Trimming here rather than slicing the finished text, which would flatten the whole rope.
    if (this.s.length === 0) this.s = a.charCodeAt(0) === 10 ? a.slice(1) : a;
    else this.s += a;
  }
}

/**
 * Each line is written as its start (`\n`, indentation, key and colon or dash: one piece, made once
 * per document) and its value (one piece). The newline that ends a line is written by the next
 * one, so a `key: value` line is two rope nodes instead of four: every node stays alive until the
 * document is done, and the garbage collector copies each one.
 */
export function writeYaml(value: unknown): string {
  // Every remembered rendering is per document: a benchmark repeating one export must pay for
  // each one, as a user's single export does.
  HEADS.length = 0;
  BLOCKS.length = 0;
  SCALARS.clear();
  if (!isCollection(value) || isEmpty(value)) return scalar(value) + '\n';
  const out = new Sink();
  writeBlock(value, 0, out);
  // The newline before the first line was dropped (Sink.push); this is the one after the last.
  return out.s + '\n';
}

type Collection = Record<string, unknown> | unknown[];

function isCollection(v: unknown): v is Collection {
  return typeof v === 'object' && v !== null;
}

function isEmpty(v: Collection): boolean {
  if (Array.isArray(v)) return v.length === 0;
  for (const k in v) if (Object.prototype.hasOwnProperty.call(v, k) && v[k] !== undefined) return false;
  return true;
}

const INDENTS: string[] = [];
function indent(n: number): string {
  return (INDENTS[n] ??= ' '.repeat(n));
}

/** Line starts of the current document, by level, kind (compact first key, spaced) and key. */
const HEADS: Map<string, string>[] = [];
const DASHES: string[] = [];

/**
 * The start of an entry's line: `\n<indent>key:` (or ` key:` for the first key of a mapping on
 * its dash's line), `\n<indent>-` for a list item; `spaced` adds the space before an inline value.
 */
function head(level: number, k: string | null, compact: boolean, spaced: boolean): string {
  if (k === null) return (DASHES[level * 2 + (spaced ? 1 : 0)] ??= '\n' + indent(level) + (spaced ? '- ' : '-'));
  const m = (HEADS[level * 4 + (compact ? 2 : 0) + (spaced ? 1 : 0)] ??= new Map());
  let h = m.get(k);
  if (h === undefined) m.set(k, (h = (compact ? ' ' : '\n' + indent(level)) + key(k) + (spaced ? ': ' : ':')));
  return h;
}

/** Writes the entries of a non-empty collection, each on a new line. */
function writeBlock(v: Collection, level: number, out: Sink): void {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const item = v[i];
      writeEntry(item === undefined ? null : item, level, null, false, out);
    }
    return;
  }
  // for-in rather than Object.keys: no key array per object (exporters build plain objects, so
  // no inherited enumerable keys).
  for (const k in v) {
    const item = v[k];
    if (item !== undefined) writeEntry(item, level, k, false, out);
  }
}

/**
 * One `key: value` (k a string) or `- value` (k null) entry at `level`: an inline scalar, or a
 * nested collection on following lines. `compact`: the first key of a mapping on its dash's line.
 */
function writeEntry(item: unknown, level: number, k: string | null, compact: boolean, out: Sink): void {
  const nested = level + 2;
  if (isCollection(item) && !isEmpty(item)) {
    out.push(head(level, k, compact, false));
    if (k === null && !Array.isArray(item)) {
      // `- key: value` compact form: the first key on the dash's line, the rest aligned under it.
      let first = true;
      for (const k2 in item) {
        const v = item[k2];
        if (v === undefined) continue;
        writeEntry(v, nested, k2, first, out);
        first = false;
      }
      return;
    }
    // Lists under a key sit at the key's own indentation, as kubectl and js-yaml write them.
    writeBlock(item, Array.isArray(item) && k !== null ? level : nested, out);
    return;
  }
  if (typeof item === 'string' && item.includes('\n')) {
    const block = literalBlock(item, nested);
    if (block !== undefined) {
      out.push(head(level, k, compact, false));
      out.push(block);
      return;
    }
  }
  out.push(head(level, k, compact, true));
  out.push(scalar(item));
}

/** A literal block scalar (`|`, `|-`, `|+`) for multi-line text, when the text allows one. */
/**
 * Exports repeat the same texts many times (generated scripts, tags, names): each one's rendering
 * is remembered while one document is written, per indentation for blocks. Bounded so a huge
 * document cannot grow it without end.
 */
const BLOCKS: Map<string, string | null>[] = [];
const SCALARS = new Map<string, string>();
const CACHE_LIMIT = 50_000;

function remember<V>(m: Map<string, V>, k: string, v: V): V {
  if (m.size >= CACHE_LIMIT) m.clear();
  m.set(k, v);
  return v;
}

function literalBlock(s: string, level: number): string | undefined {
  // One map per level, keyed on the text itself: a `level + text` key would copy (flatten) and
  // hash the whole script again on every lookup.
  const m = (BLOCKS[level] ??= new Map());
  const known = m.get(s);
  if (known !== undefined) return known ?? undefined;
  return remember(m, s, renderLiteralBlock(s, level) ?? null) ?? undefined;
}

function renderLiteralBlock(s: string, level: number): string | undefined {
  // Leading spaces on the first line would need an indentation indicator; odd characters need
  // escapes, which block scalars do not have. Those strings stay double-quoted.
  if (s.startsWith(' ') || s.startsWith('\n') || NEEDS_ESCAPE.test(s) || /[ \t]\n|[ \t]$/.test(s)) return undefined;
  let body = s;
  let chomp = '-';
  if (body.endsWith('\n')) {
    const trimmed = body.replace(/\n+$/, '');
    const trailing = body.length - trimmed.length;
    chomp = trailing === 1 ? '' : '+';
    body = trimmed;
    if (chomp === '+') body += '\n'.repeat(trailing - 1);
  }
  const pad = indent(level);
  const lines = body.split('\n').map((l) => (l === '' ? '' : pad + l));
  // With the space after its key or dash, without the final newline (the next line writes it).
  return ` |${chomp}\n${lines.join('\n')}`;
}

// C0 controls other than tab and line feed, DEL, C1 controls, the Unicode line/paragraph
// separators, BOM, non-characters and lone surrogates: none may appear raw.
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[\x00-\x08\x0B-\x1F\x7F-\x9F\u2028\u2029\uFEFF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

function key(k: string): string {
  return stringScalar(k);
}

function stringScalar(v: string): string {
  const known = SCALARS.get(v);
  if (known !== undefined) return known;
  const out = isPlainSafe(v) ? v : quote(v);
  return v.length <= 256 ? remember(SCALARS, v, out) : out;
}

function scalar(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'string':
      return stringScalar(v);
    case 'number':
      if (Number.isNaN(v)) return '.nan';
      if (!Number.isFinite(v)) return v > 0 ? '.inf' : '-.inf';
      return Object.is(v, -0) ? '-0.0' : String(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return String(v);
    default:
      if (Array.isArray(v)) return '[]';
      if (typeof v === 'object') return '{}';
      return quote(String(v));
  }
}

// Words YAML 1.1 or 1.2 resolve to booleans or null (case variants included).
const RESERVED = new Set(
  ['null', 'Null', 'NULL', '~', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'yes', 'Yes', 'YES', 'no', 'No', 'NO', 'on', 'On', 'ON', 'off', 'Off', 'OFF', 'y', 'Y', 'n', 'N', '<<', '='],
);

/** Plain only if safe in every YAML dialect the targets read: conservative on purpose. */
function isPlainSafe(s: string): boolean {
  if (s.length === 0 || s.length > 200 || RESERVED.has(s)) return false;
  const c = s.charCodeAt(0);
  // Must start with a letter, `_` or `/`: digits, signs and dots may read as numbers or dates.
  if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 47)) return false;
  if (!/^[A-Za-z0-9_./-][A-Za-z0-9_./ =+@%()-]*$/.test(s)) return false;
  if (s.endsWith(' ')) return false;
  return true;
}

function quote(s: string): string {
  let q = JSON.stringify(s);
  if (/[\x7F-\x9F\u2028\u2029\uFEFF\uFFFE\uFFFF]/.test(q)) {
    q = q.replace(/[\x7F-\x9F\u2028\u2029\uFEFF\uFFFE\uFFFF]/g, (ch) => {
      const code = ch.charCodeAt(0);
      return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    });
  }
  return q;
}
