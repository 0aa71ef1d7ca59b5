/**
 * YAML → positioned syntax tree, on the analysis path.
 *
 * Built on js-yaml's `load` with its position `listener`, not on the `yaml` package's CST: on a
 * 9,000-line pipeline js-yaml with the listener parses in ~15–25 ms against ~220–350 ms for
 * `yaml`'s parseDocument (figures in the foundation issue; `npm run bench` keeps measuring).
 * The `yaml` CST stays the tool for comment-keeping text edits, where the cost is paid per edit.
 *
 * js-yaml calls the listener with 'open' and 'close' around every node it composes (keys
 * included), so a stack of open frames rebuilds the tree. 'open' positions sit before leading
 * whitespace and comments and 'close' positions after trailing ones, so ranges are tightened to
 * the node's own text here.
 *
 * js-yaml stops at the first syntax error. To keep checking what did parse (a broken line must not
 * hide every other problem), the offending line is blanked and the text parsed again, a few times;
 * the blanked lines are returned so rules can avoid reporting the gap they leave.
 */
import { CORE_SCHEMA, load, type LoadOptions } from 'js-yaml';
import { parseYamlFast } from './yaml-fast';
import { MapNode, SeqNode, type AliasNode, type ScalarNode, type SyntaxNode } from './ast';
import { diag, type Diagnostic } from '../diagnostics';

export interface ParseResult {
  root: SyntaxNode | null;
  /** The plain value, built from `root` on first read (see MapNode). */
  readonly value: unknown;
  errors: Diagnostic[];
  /** Line ranges [start, end) of text blanked to recover from syntax errors. */
  blanked: { start: number; end: number }[];
}

interface Frame {
  open: number;
  children: SyntaxNode[];
}

interface ListenerState {
  position: number;
  kind: string | null;
  result: unknown;
}

const MAX_RECOVERIES = 4;
/** Deepest nesting either spelling accepts; deeper input gets a syntax error, never a stack overflow. */
export const MAX_DEPTH = 200;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff;
}

/** Skips whitespace, comments and document markers forward from pos. */
function skipTrivia(text: string, pos: number, limit: number): number {
  while (pos < limit) {
    const c = text.charCodeAt(pos);
    if (isSpace(c)) pos++;
    else if (c === 35 /* # */) {
      while (pos < limit && text.charCodeAt(pos) !== 10) pos++;
    } else if (c === 45 /* - */ && text.startsWith('---', pos) && (pos === 0 || text.charCodeAt(pos - 1) === 10) && (pos + 3 >= text.length || isSpace(text.charCodeAt(pos + 3)))) {
      pos += 3;
    } else break;
  }
  return pos;
}

function trimEnd(text: string, end: number, start: number): number {
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return end;
}

function buildTree(text: string, options: LoadOptions): { root: SyntaxNode | null; value: unknown } {
  const stack: Frame[] = [];
  let root: SyntaxNode | null = null;
  const listener = (event: 'open' | 'close', state: ListenerState): void => {
    if (event === 'open') {
      stack.push({ open: state.position, children: [] });
      return;
    }
    const frame = stack.pop()!;
    const only = frame.children.length === 1 ? frame.children[0]! : undefined;
    if (only && only.value === state.result && (only.kind === 'map' || only.kind === 'seq' || only.kind === 'alias')) {
      // js-yaml composed this node while trying it as a compact mapping key and then kept it as
      // the value itself: the frame wraps the real node one-to-one.
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(only);
      else root = only;
      return;
    }
    const closeAt = Math.min(state.position, text.length);
    const start = skipTrivia(text, frame.open, closeAt);
    let node: SyntaxNode;
    switch (state.kind) {
      case 'mapping': {
        const keys: ScalarNode[] = [];
        const values: (SyntaxNode | null)[] = [];
        const ch = frame.children;
        for (let i = 0; i < ch.length; i += 2) {
          const k = ch[i]!;
          keys.push(k.kind === 'scalar' ? k : { kind: 'scalar', start: k.start, end: k.end, value: String(k.value) });
          values.push(ch[i + 1] ?? null);
        }
        const m = MapNode.fromKeys(start, collectionEnd(text, start, closeAt, ch), keys, values, state.result as Record<string, unknown>);
        node = m;
        break;
      }
      case 'sequence': {
        const s = new SeqNode(start, collectionEnd(text, start, closeAt, frame.children), frame.children, state.result as unknown[]);
        node = s;
        break;
      }
      case 'scalar': {
        const v = state.result;
        const s: ScalarNode = { kind: 'scalar', start, end: Math.max(start, trimEnd(text, closeAt, start)), value: v === undefined ? null : (v as ScalarNode['value']) };
        node = s;
        break;
      }
      default: {
        const v = state.result;
        if (v !== null && v !== undefined && typeof v === 'object') {
          const a: AliasNode = { kind: 'alias', start, end: Math.max(start, trimEnd(text, closeAt, start)), value: v };
          node = a;
        } else if (v === null || v === undefined) {
          // An empty node (`key:` with nothing after it): a null scalar of zero width where it sits.
          const at = Math.min(frame.open, closeAt);
          node = { kind: 'scalar', start: at, end: at, value: null };
        } else {
          node = { kind: 'scalar', start, end: Math.max(start, trimEnd(text, closeAt, start)), value: v as ScalarNode['value'] };
        }
      }
    }
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(node);
    else root = node;
  };
  try {
    const value = load(text, { ...options, listener } as LoadOptions);
    return { root, value };
  } catch (e) {
    // Remember where the outermost unclosed flow collection began: an error inside one is
    // usually caused by it (a missing `]`), so recovery blanks from there.
    for (const f of stack) {
      const at = skipTrivia(text, f.open, text.length);
      const c = text.charCodeAt(at);
      if (c === 91 || c === 123) {
        (e as { flowStart?: number }).flowStart = at;
        break;
      }
    }
    throw e;
  }
}

function collectionEnd(text: string, start: number, closeAt: number, children: SyntaxNode[]): number {
  const c = text.charCodeAt(start);
  if (c === 91 /* [ */ || c === 123 /* { */ || c === 38 /* & */ || c === 33 /* ! */) {
    // Flow collection (possibly after an anchor or tag): ends at its closing bracket.
    const end = trimEnd(text, closeAt, start);
    const last = text.charCodeAt(end - 1);
    if (last === 93 || last === 125) return end;
  }
  const lastChild = children[children.length - 1];
  return lastChild ? Math.max(lastChild.end, start) : start;
}

interface YamlMark {
  position: number;
  line: number;
  column: number;
}

function errorOf(e: unknown): { reason: string; mark?: YamlMark } {
  const err = e as { reason?: string; message?: string; mark?: YamlMark };
  return { reason: err.reason ?? err.message ?? String(e), mark: err.mark };
}

/** Plain-language hints for js-yaml's commonest complaints. */
function hintFor(reason: string, text: string, at: number): string {
  if (/non-printable/.test(reason)) return 'Remove the control character (or write it as an escape inside a double-quoted string).';
  if (/\btabs?\b/i.test(reason) || text.charCodeAt(at) === 9) return 'Indent with spaces; YAML does not allow tabs for indentation.';
  if (/bad indentation/.test(reason)) return 'Align this line with the other keys of its mapping (YAML structure is indentation).';
  if (/end of the stream or a document separator/.test(reason)) return 'Check the indentation of this line and that a `key: value` has a space after the colon.';
  if (/flow collection/.test(reason)) return 'Close the `[` or `{` that starts this collection.';
  if (/unexpected end of the stream within a (double|single) quoted scalar/.test(reason)) return 'Close the quoted string.';
  if (/multiline key|implicit mapping pair|incomplete explicted mapping pair/.test(reason)) return 'A key must be followed by `: ` on the same line.';
  if (/unknown tag/.test(reason)) return 'Remove the `!tag`; Weft files use plain YAML.';
  if (/unidentified alias/.test(reason)) return 'Define the anchor (`&name`) before using `*name`.';
  if (/expected a single document/.test(reason)) return 'A Weft file holds one pipeline; remove the extra `---` document.';
  if (/maxDepth/.test(reason)) return `Nesting deeper than ${MAX_DEPTH} levels is not supported.`;
  return 'Fix the YAML syntax here.';
}

/** A ParseResult whose `value` is read from the tree lazily. */
export function parseResult(root: SyntaxNode | null, errors: Diagnostic[], blanked: ParseResult['blanked']): ParseResult {
  return {
    root,
    errors,
    blanked,
    get value() {
      return root?.value;
    },
  };
}

export function parseYaml(text: string): ParseResult {
  const fast = parseYamlFast(text);
  if (fast) return parseResult(fast.root, [], []);
  return parseYamlFull(text);
}

/** js-yaml with the position listener: the whole of YAML, error messages and recovery. */
export function parseYamlFull(text: string): ParseResult {
  // CORE_SCHEMA (YAML 1.2 core): no timestamps, so `start: 2026-01-01` stays the string it is in
  // JSON; `json: true` keeps duplicate keys parseable so the duplicate rules can point at both.
  const options: LoadOptions = { schema: CORE_SCHEMA, json: true, maxDepth: MAX_DEPTH } as LoadOptions;
  const errors: Diagnostic[] = [];
  const blanked: { start: number; end: number }[] = [];
  const blank = (src: string, from: number, to: number): string => {
    blanked.push({ start: from, end: to });
    return src.slice(0, from) + src.slice(from, to).replace(/[^\r\n]/g, ' ') + src.slice(to);
  };
  let work = text;
  let quoteAtEnd = false;
  for (let attempt = 0; ; attempt++) {
    let failure: { reason: string; at: number; flowStart?: number };
    try {
      return parseResult(buildTree(work, options).root, errors, blanked);
    } catch (e) {
      const { reason, mark } = errorOf(e);
      if (/^(Maximum call stack|Invalid string length)/.test(reason)) throw e;
      failure = { reason, at: Math.max(0, Math.min(mark?.position ?? 0, text.length)), flowStart: (e as { flowStart?: number }).flowStart };
    }
    const { reason, at, flowStart } = failure;
    const unclosedFlow = flowStart !== undefined && lineOf(text, flowStart) < lineOf(text, at);
    // Only the first error is reported: later ones are mostly echoes of it (an unclosed `[`
    // makes every following line look wrong), but recovery goes on so semantics still run.
    if (attempt === 0) {
      if (unclosedFlow) {
        const bracket = text[flowStart!] ?? '[';
        errors.push(
          diag('syntax', 'error', `YAML syntax error: this '${bracket}' is never closed (the parser stopped at line ${lineOf(text, at) + 1}: ${firstLine(reason)}). Close it with '${bracket === '[' ? ']' : '}'}' on this line.`, flowStart!, flowStart! + 1),
        );
      } else {
        let lineEnd = text.indexOf('\n', at);
        if (lineEnd < 0) lineEnd = text.length;
        const end = at < lineEnd ? Math.min(lineEnd, wordEnd(text, at)) : at;
        errors.push(diag('syntax', 'error', `YAML syntax error: ${firstLine(reason)}. ${hintFor(reason, text, at)}`, at, end));
        quoteAtEnd = /quoted scalar/.test(reason) && text.slice(at).trim() === '';
      }
    }
    // Blank the line that caused the error (the unclosed bracket's, else the error's) and retry.
    const cause = unclosedFlow ? flowStart! : at;
    const bStart = work.lastIndexOf('\n', Math.max(0, cause - 1)) + 1;
    let bEnd = work.indexOf('\n', cause);
    if (bEnd < 0) bEnd = work.length;
    if (attempt < MAX_RECOVERIES && work.slice(bStart, bEnd).trim() !== '') {
      work = blank(work, bStart, bEnd);
      continue;
    }
    return keepLongestPrefix(work, options, errors, blanked, quoteAtEnd);
  }
}

/**
 * Last resort: the longest run of whole lines from the top that parses (binary search), so the
 * checks still see everything before the damage. An unclosed quote is reported at EOF by
 * js-yaml; the first line that does not parse is where it was opened, so the report moves there.
 */
function keepLongestPrefix(text: string, options: LoadOptions, errors: Diagnostic[], blanked: ParseResult['blanked'], quoteAtEnd: boolean): ParseResult {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const cut = (k: number): string => (k >= starts.length ? text : text.slice(0, starts[k]) + text.slice(starts[k]).replace(/[^\r\n]/g, ' '));
  let lo = 0;
  let hi = starts.length - 1;
  let best: { root: SyntaxNode | null; value: unknown } | undefined;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try {
      best = buildTree(cut(mid), options);
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  if (!best) {
    try {
      best = buildTree(cut(lo), options);
    } catch {
      return parseResult(null, errors, blanked);
    }
  }
  if (lo < starts.length) blanked.push({ start: starts[lo]!, end: text.length });
  if (quoteAtEnd && errors[0] && lo < starts.length) {
    const lineEnd = lo + 1 < starts.length ? starts[lo + 1]! - 1 : text.length;
    const s = starts[lo]! + (text.slice(starts[lo]!, lineEnd).length - text.slice(starts[lo]!, lineEnd).trimStart().length);
    errors[0] = diag('syntax', 'error', 'YAML syntax error: a quoted string on this line is never closed. Close it with the same quote it opens with.', s, Math.max(s + 1, lineEnd));
  }
  return parseResult(best.root, errors, blanked);
}

function lineOf(text: string, offset: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function wordEnd(text: string, at: number): number {
  let i = at;
  while (i < text.length && !isSpace(text.charCodeAt(i))) i++;
  return i === at ? at + 1 : i;
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return (i < 0 ? s : s.slice(0, i)).trim();
}
