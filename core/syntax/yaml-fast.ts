/**
 * A fast YAML reader for the subset pipeline files are written in, building the positioned tree
 * directly in one pass: block mappings and sequences, flow collections, plain, single- and
 * double-quoted scalars, literal and folded block scalars, comments. Scalars resolve as
 * js-yaml's CORE schema does (null, booleans, integers, floats; everything else a string).
 *
 * Why a second reader: js-yaml alone takes most of the validation budget on a 10,000-line
 * pipeline, before its listener rebuilds positions. This one reads the common subset several
 * times faster. Anything outside the subset — anchors, aliases, tags, directives, explicit keys,
 * multi-line plain or quoted scalars, tabs, CR line breaks, and every syntax error — makes it
 * give up (return undefined), and the caller parses with js-yaml instead, which also produces the
 * error messages and recovery. A differential test holds the two readers to identical trees.
 */
import { MapNode, SeqNode, type ScalarNode, type ScalarValue, type SyntaxNode } from './ast';

class Bail extends Error {}
const BAIL = new Bail();

const SPACE = 32;
const LF = 10;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const COMMA = 44;

// Far below js-yaml's own limit (it counts differently): deeper documents are left to it.
const MAX_DEPTH = 64;
/** What js-yaml rejects as non-printable (its own pattern), plus lone surrogates. */
// eslint-disable-next-line no-control-regex
const NON_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

export function parseYamlFast(text: string): { root: SyntaxNode | null } | undefined {
  // Cheap whole-text screens for constructs outside the subset.
  if (text.charCodeAt(0) === 0xfeff || !screen(text)) return undefined;
  try {
    return new FastReader(text).document();
  } catch (e) {
    if (e === BAIL) return undefined;
    // Deep recursion or anything unexpected: let the full parser decide.
    return undefined;
  }
}

/** Anything but printable ASCII and line feeds: when absent, the precise screens below need not run. */
const UNUSUAL = /[^\n\x20-\x7e]/;

/** True when the text has no tab, CR or character js-yaml rejects as non-printable. */
function screen(text: string): boolean {
  // One regular-expression pass answers for the usual all-ASCII file.
  if (!UNUSUAL.test(text)) return true;
  return !(text.includes('\t') || text.includes('\r') || NON_PRINTABLE.test(text));
}

/** Strings longer than this are sliced, never interned: long ones rarely repeat. */
const MAX_INTERNED = 96;

class FastReader {
  private pos = 0;
  private depth = 0;
  private readonly len: number;
  /** Start of the line holding `pos`; kept by every step that crosses a line break. */
  private lineStart = 0;
  /** Where skipBlankLines last stopped at content (see atLineContent). */
  private contentAt = -1;
  /** skipBlankLines is a function of pos: checkNoContinuation's look-ahead is remembered for the caller's own skip. */
  private memoFrom = -1;
  private memoTo = 0;
  private memoLineStart = 0;
  private memoCol = 0;

  /**
   * Scalars and keys are interned per document: a pipeline repeats the same keys and values in
   * every task (`type`, `retries`, `"${{ params.day }}"`), so one string each instead of one per
   * occurrence, with cached plain-scalar resolution. An open-addressing table keyed by a hash
   * computed while scanning: no string is sliced to look one up.
   */
  private tabStr: (string | undefined)[];
  private tabHash: Int32Array;
  private tabPlain: (ScalarValue | undefined)[];
  private tabMask: number;
  private tabCount = 0;

  /**
   * Collections collect their children on shared stacks and copy them out at the end, so every
   * array has exactly its length (a pushed-to `[]` reserves 16 slots at once).
   */
  /** Pairs as MapNode keeps them: four slots each (see MapNode.entries). */
  private pairStack: (ScalarValue | SyntaxNode)[] = [];
  private pairTop = 0;
  private itemStack: SyntaxNode[] = [];
  private itemTop = 0;

  /**
   * The scalar the last scan read (inline, flowItem, the quoted readers return null and leave it
   * here): a key needs no node of its own, and a value gets one from `scalarNode()`.
   */
  private sStart = 0;
  private sEnd = 0;
  private sValue: ScalarValue = null;

  constructor(private readonly text: string) {
    this.len = text.length;
    let size = 64;
    while (size < text.length >> 6) size <<= 1;
    this.tabStr = new Array<string | undefined>(size).fill(undefined);
    this.tabPlain = new Array<ScalarValue | undefined>(size).fill(undefined);
    this.tabHash = new Int32Array(size);
    this.tabMask = size - 1;
  }

  // ---- interning ------------------------------------------------------------------------------

  /** The table slot of text[start, end) with hash h, inserting it if new; -1 for long strings. */
  private slot(start: number, end: number, h: number): number {
    const n = end - start;
    if (n > MAX_INTERNED) return -1;
    const t = this.text;
    let i = h & this.tabMask;
    for (;;) {
      const s = this.tabStr[i];
      if (s === undefined) break;
      if (this.tabHash[i] === h && s.length === n && t.startsWith(s, start)) return i;
      i = (i + 1) & this.tabMask;
    }
    this.tabStr[i] = t.slice(start, end);
    this.tabHash[i] = h;
    if (++this.tabCount * 2 > this.tabMask) {
      this.grow();
      return this.slot(start, end, h);
    }
    return i;
  }

  private grow(): void {
    const oldStr = this.tabStr;
    const oldHash = this.tabHash;
    const oldPlain = this.tabPlain;
    const size = (this.tabMask + 1) * 2;
    this.tabStr = new Array<string | undefined>(size).fill(undefined);
    this.tabPlain = new Array<ScalarValue | undefined>(size).fill(undefined);
    this.tabHash = new Int32Array(size);
    this.tabMask = size - 1;
    for (let j = 0; j < oldStr.length; j++) {
      const s = oldStr[j];
      if (s === undefined) continue;
      let i = oldHash[j]! & this.tabMask;
      while (this.tabStr[i] !== undefined) i = (i + 1) & this.tabMask;
      this.tabStr[i] = s;
      this.tabHash[i] = oldHash[j]!;
      this.tabPlain[i] = oldPlain[j];
    }
  }

  /** The string text[start, end) (hash h over exactly those chars), interned when short. */
  private str(start: number, end: number, h: number): string {
    const i = this.slot(start, end, h);
    return i < 0 ? this.text.slice(start, end) : this.tabStr[i]!;
  }

  /** The resolved value of the plain scalar text[start, end) (hash h). */
  private plain(start: number, end: number, h: number): ScalarValue {
    const i = this.slot(start, end, h);
    if (i < 0) return resolvePlain(this.text.slice(start, end));
    let v = this.tabPlain[i];
    if (v === undefined) this.tabPlain[i] = v = resolvePlain(this.tabStr[i]!);
    return v;
  }

  document(): { root: SyntaxNode | null } {
    this.skipBlankLines();
    if (this.text.startsWith('---', this.pos) && this.isBreakOrEnd(this.pos + 3)) throw BAIL;
    if (this.pos >= this.len) throw BAIL; // empty document: js-yaml's null-node conventions apply
    const c = this.text.charCodeAt(this.pos);
    if (c === 37 /* % */) throw BAIL;
    if (this.column() !== 0) throw BAIL;
    const root = this.blockNode(-1);
    this.skipBlankLines();
    if (this.pos < this.len) throw BAIL;
    return { root };
  }

  private scalarNode(): ScalarNode {
    return { kind: 'scalar', start: this.sStart, end: this.sEnd, value: this.sValue };
  }

  /** Pushes a pair onto the pair stacks (the key is the scalar last read, saved by the caller). */
  private pushPair(keyValue: ScalarValue, keyStart: number, keyEnd: number, value: SyntaxNode): void {
    const k = 4 * this.pairTop++;
    const stack = this.pairStack;
    stack[k] = keyValue;
    stack[k + 1] = keyStart;
    stack[k + 2] = keyEnd;
    stack[k + 3] = value;
  }

  /** Pops the pairs pushed since `base` into a mapping. */
  private popMap(base: number, start: number, end: number): MapNode {
    const entries = this.pairStack.slice(4 * base, 4 * this.pairTop);
    this.pairTop = base;
    return new MapNode(start, end, entries);
  }

  // ---- positions ------------------------------------------------------------------------------

  private column(): number {
    return this.pos - this.lineStart;
  }

  private isBreakOrEnd(at: number): boolean {
    return at >= this.len || this.text.charCodeAt(at) === LF;
  }

  private isSpaceOrBreakOrEnd(at: number): boolean {
    if (at >= this.len) return true;
    const c = this.text.charCodeAt(at);
    return c === SPACE || c === LF;
  }

  /** Skips spaces and an optional comment up to (not past) the line break. True when at EOL/EOF. */
  private restOfLineIsBlank(): boolean {
    const t = this.text;
    while (this.pos < this.len && t.charCodeAt(this.pos) === SPACE) this.pos++;
    if (this.pos < this.len && t.charCodeAt(this.pos) === HASH) {
      if (this.pos > 0 && t.charCodeAt(this.pos - 1) !== SPACE && t.charCodeAt(this.pos - 1) !== LF) return false;
      const nl = t.indexOf('\n', this.pos);
      this.pos = nl < 0 ? this.len : nl;
    }
    return this.isBreakOrEnd(this.pos);
  }

  /**
   * Moves to the first content character of the next non-blank, non-comment line (or EOF) and
   * returns its column; -1 at EOF. Assumes pos is at a line break, line start or EOF.
   */
  private skipBlankLines(): number {
    if (this.pos === this.memoFrom) {
      this.pos = this.memoTo;
      this.lineStart = this.memoLineStart;
      if (this.memoCol >= 0) this.contentAt = this.pos;
      return this.memoCol;
    }
    const t = this.text;
    for (;;) {
      if (this.pos < this.len && t.charCodeAt(this.pos) === LF) this.pos++;
      const lineStart = this.pos;
      this.lineStart = lineStart;
      while (this.pos < this.len && t.charCodeAt(this.pos) === SPACE) this.pos++;
      if (this.pos >= this.len) return -1;
      const c = t.charCodeAt(this.pos);
      if (c === LF) continue;
      if (c === HASH) {
        const nl = t.indexOf('\n', this.pos);
        this.pos = nl < 0 ? this.len : nl;
        continue;
      }
      // Document markers mid-stream mean several documents or an end marker: not ours.
      if (this.pos === lineStart && (t.startsWith('---', lineStart) || t.startsWith('...', lineStart)) && this.isSpaceOrBreakOrEnd(lineStart + 3)) throw BAIL;
      this.contentAt = this.pos;
      return this.pos - lineStart;
    }
  }

  // ---- block structure ------------------------------------------------------------------------

  /** A node starting at pos (first content char), in block context, more indented than `parent`. */
  private blockNode(parent: number): SyntaxNode {
    if (++this.depth > MAX_DEPTH) throw BAIL;
    try {
      const col = this.column();
      if (col <= parent) throw BAIL;
      const t = this.text;
      const c = t.charCodeAt(this.pos);
      if (c === DASH && this.isSpaceOrBreakOrEnd(this.pos + 1)) return this.blockSeq(col);
      if (c === 38 || c === 42 || c === 33 || c === 63 || c === 37 || c === 64 || c === 96 || c === 124 || c === 62) {
        // & * ! ? % @ ` at node start, or a block scalar where a mapping/sequence/scalar line is expected.
        throw BAIL;
      }
      // A mapping if the line holds `key:`; else a lone scalar or flow collection.
      const first = this.inline(col, true);
      if (this.pos < this.len && t.charCodeAt(this.pos) === COLON && this.isSpaceOrBreakOrEnd(this.pos + 1)) {
        if (first !== null) throw BAIL; // complex key
        return this.blockMap(col);
      }
      const node = first ?? this.scalarNode();
      if (!this.restOfLineIsBlank()) throw BAIL;
      return node;
    } finally {
      this.depth--;
    }
  }

  /** A block mapping whose first key is the scalar last read (pos at its ':'). */
  private blockMap(col: number): MapNode {
    const t = this.text;
    const base = this.pairTop;
    const start = this.sStart;
    let first = true;
    let val: SyntaxNode;
    for (;;) {
      if (!first) {
        const c = t.charCodeAt(this.pos);
        if (c === DASH && this.isSpaceOrBreakOrEnd(this.pos + 1)) throw BAIL;
        if (c === 38 || c === 42 || c === 33 || c === 63 || c === 37 || c === 64 || c === 96 || c === 91 || c === 123 || c === 124 || c === 62) throw BAIL;
        if (this.inline(col, true) !== null) throw BAIL;
        if (!(this.pos < this.len && t.charCodeAt(this.pos) === COLON && this.isSpaceOrBreakOrEnd(this.pos + 1))) throw BAIL;
      }
      first = false;
      // The value's own scans reuse the scalar registers: keep the key's.
      const keyValue = this.sValue;
      const keyStart = this.sStart;
      const keyEnd = this.sEnd;
      this.pos++; // ':'
      const afterColon = this.pos;
      if (this.restOfLineIsBlank()) {
        const next = this.skipBlankLines();
        if (next > col) val = this.blockNode(col);
        else if (next === col && t.charCodeAt(this.pos) === DASH && this.isSpaceOrBreakOrEnd(this.pos + 1)) val = this.blockSeq(col);
        else val = { kind: 'scalar', start: afterColon, end: afterColon, value: null };
      } else {
        val = this.valueAfterIndicator(col);
      }
      // Pushed only now: the value's own collections used the stack above this pair meanwhile.
      this.pushPair(keyValue, keyStart, keyEnd, val);
      // Now at a line break or EOF, or at the next line's content when the value was a block.
      const next = this.atLineContent() ? this.column() : this.skipBlankLines();
      if (next < col) break;
      if (next > col) throw BAIL;
    }
    return this.popMap(base, start, Math.max(val.end, start));
  }

  private blockSeq(col: number): SeqNode {
    const t = this.text;
    const base = this.itemTop;
    const start = this.pos;
    let item: SyntaxNode;
    for (;;) {
      // at '-'
      this.pos++;
      if (this.restOfLineIsBlank()) {
        const next = this.skipBlankLines();
        // An empty item (`-` alone) is rare, and js-yaml places its null node by rules of its own.
        if (next > col) item = this.blockNode(col);
        else throw BAIL;
      } else {
        // `- key: value` opens a mapping whose keys align with this first one, and `- - x` nests.
        item = this.blockNode(col);
      }
      this.itemStack[this.itemTop++] = item;
      const next = this.atLineContent() ? this.column() : this.skipBlankLines();
      if (next < col) break;
      if (next > col) throw BAIL;
      if (!(t.charCodeAt(this.pos) === DASH && this.isSpaceOrBreakOrEnd(this.pos + 1))) break;
    }
    const items = this.itemStack.slice(base, this.itemTop);
    this.itemTop = base;
    return new SeqNode(start, Math.max(item.end, start), items);
  }

  /**
   * True when pos is at the first content character of a line (after its indentation). Only
   * skipBlankLines stops there: every other step ends at a line break, EOF or mid-line.
   */
  private atLineContent(): boolean {
    return this.pos === this.contentAt && this.pos < this.len;
  }

  /** The value after `key:` or `- ` on the same line; leaves pos at the line break or EOF (or the next line for block scalars). */
  private valueAfterIndicator(col: number): SyntaxNode {
    const t = this.text;
    const c = t.charCodeAt(this.pos);
    if (c === 124 /* | */ || c === 62 /* > */) return this.blockScalar(col);
    if (c === 38 || c === 42 || c === 33 || c === 63 || c === 37 || c === 64 || c === 96) throw BAIL;
    if (c === DASH && this.isSpaceOrBreakOrEnd(this.pos + 1)) throw BAIL; // `key: - x` is an error
    const node = this.inline(col, false) ?? this.scalarNode();
    if (!this.restOfLineIsBlank()) throw BAIL;
    return node;
  }

  /**
   * A scalar or flow collection on the current line: the collection's node, or null for a scalar
   * (left in the scalar registers). As a key candidate, a plain scalar stops at `: `; as a value,
   * `: ` inside it is an error (bail). Multi-line plain scalars bail.
   */
  private inline(col: number, keyCandidate: boolean): SyntaxNode | null {
    const t = this.text;
    const c = t.charCodeAt(this.pos);
    if (c === 91 /* [ */ || c === 123 /* { */) {
      const node = this.flowCollection();
      if (!keyCandidate) this.checkNoContinuation(col);
      return node;
    }
    if (c === 34 /* " */ || c === 39 /* ' */) {
      if (c === 34) this.doubleQuoted();
      else this.singleQuoted();
      while (this.pos < this.len && t.charCodeAt(this.pos) === SPACE) this.pos++;
      if (!keyCandidate) this.checkNoContinuation(col);
      return null;
    }
    // Indicators that cannot start a plain scalar (YAML 1.2 §7.3.3): `] } , #` here, and
    // `- ? :` when a space follows; the others were turned away by the callers.
    if (c === 93 || c === 125 || c === COMMA || c === HASH || c === 38 || c === 42 || c === 33 || c === 124 || c === 62 || c === 37 || c === 64 || c === 96) throw BAIL;
    if ((c === DASH || c === 63 || c === COLON) && this.isSpaceOrBreakOrEnd(this.pos + 1)) throw BAIL;
    const start = this.pos;
    let end = start;
    // The intern hash of text[start, i), and of text[start, end) (trailing spaces excluded).
    let h = 0;
    let hEnd = 0;
    let i = start;
    for (; i < this.len; i++) {
      const d = t.charCodeAt(i);
      if (d === LF) break;
      if (d === COLON && this.isSpaceOrBreakOrEnd(i + 1)) {
        if (keyCandidate) break;
        throw BAIL;
      }
      if (d === HASH && t.charCodeAt(i - 1) === SPACE) break;
      h = (Math.imul(h, 31) + d) | 0;
      if (d !== SPACE) {
        end = i + 1;
        hEnd = h;
      }
    }
    this.pos = keyCandidate && i < this.len && t.charCodeAt(i) === COLON ? end : i;
    if (keyCandidate && this.pos < this.len && t.charCodeAt(this.pos) !== COLON) {
      // A key is followed directly by ':'; `key :` (space before the colon) is valid YAML but rare.
      let j = this.pos;
      while (j < this.len && t.charCodeAt(j) === SPACE) j++;
      if (t.charCodeAt(j) === COLON && this.isSpaceOrBreakOrEnd(j + 1)) throw BAIL;
    }
    this.sStart = start;
    this.sEnd = end;
    this.sValue = this.plain(start, end, hEnd);
    if (!(keyCandidate && t.charCodeAt(this.pos) === COLON)) this.checkNoContinuation(col);
    return null;
  }

  /**
   * After a value that ended its line: the next content line must not be more indented than the
   * node's own column (that would be a continuation line or an error) — unless it is for a parent.
   * The look-ahead is remembered, so the caller's own skip to that line costs nothing.
   */
  private checkNoContinuation(col: number): void {
    const save = this.pos;
    if (!this.restOfLineIsBlank()) {
      this.pos = save;
      return;
    }
    const afterLine = this.pos;
    const saveLineStart = this.lineStart;
    const next = this.skipBlankLines();
    if (next > col) throw BAIL;
    this.memoFrom = afterLine;
    this.memoTo = this.pos;
    this.memoLineStart = this.lineStart;
    this.memoCol = next;
    this.pos = save;
    this.lineStart = saveLineStart;
  }

  private blockScalar(parentCol: number): ScalarNode {
    const t = this.text;
    const start = this.pos;
    const folded = t.charCodeAt(this.pos) === 62;
    this.pos++;
    let chomp: 'clip' | 'strip' | 'keep' = 'clip';
    let explicitIndent = 0;
    for (let k = 0; k < 2 && this.pos < this.len; k++) {
      const c = t.charCodeAt(this.pos);
      if (c === DASH || c === 43 /* + */) {
        chomp = c === DASH ? 'strip' : 'keep';
        this.pos++;
      } else if (c >= 49 && c <= 57) {
        explicitIndent = c - 48;
        this.pos++;
      }
    }
    if (!this.isSpaceOrBreakOrEnd(this.pos)) throw BAIL;
    if (!this.restOfLineIsBlank()) throw BAIL;
    if (explicitIndent) throw BAIL;
    // Content lines: find the indentation from the first non-empty line.
    const lines: string[] = [];
    let indent = -1;
    let lastContentEnd = this.pos; // after the header when there is no content
    let lastContentLineStart = this.lineStart;
    let p = this.pos < this.len ? this.pos + 1 : this.len;
    let trailingBreaks = 0;
    let leadingEmpty = 0;
    while (p < this.len) {
      const nl = t.indexOf('\n', p);
      const lineEnd = nl < 0 ? this.len : nl;
      let sp = p;
      while (sp < lineEnd && t.charCodeAt(sp) === SPACE) sp++;
      if (sp === lineEnd) {
        // An empty (or all-space) line belongs to the scalar while more content may follow.
        if (indent < 0) {
          if (sp > p) throw BAIL;
          leadingEmpty++;
        } else {
          if (sp - p > indent) throw BAIL; // spaces beyond the indentation are content
          trailingBreaks++;
        }
        p = lineEnd + 1;
        continue;
      }
      const lineIndent = sp - p;
      if (indent < 0) {
        if (lineIndent <= parentCol) break;
        indent = lineIndent;
      } else if (lineIndent < indent) break;
      if (t.charCodeAt(sp) === HASH && lineIndent < indent) break;
      for (let k = 0; k < trailingBreaks; k++) lines.push('');
      trailingBreaks = 0;
      if (folded && lineIndent > indent) throw BAIL;
      lines.push(t.slice(p + indent, lineEnd));
      lastContentEnd = lineEnd;
      lastContentLineStart = p;
      p = lineEnd + 1;
    }
    if (indent < 0) throw BAIL; // an empty block scalar: rare, and its range rules are subtle
    // keep's trailing-newline rules at EOF are subtle: leave them to js-yaml.
    if (chomp === 'keep') throw BAIL;
    let body: string;
    if (folded) {
      body = '';
      for (let k = 0; k < lines.length; k++) {
        const line = lines[k]!;
        if (k === 0) body = line;
        else if (line === '') body += '\n';
        else body += lines[k - 1] === '' ? line : ` ${line}`;
      }
    } else body = lines.join('\n');
    body = '\n'.repeat(leadingEmpty) + body;
    if (chomp === 'clip') body += '\n';
    // Leave pos at the line break ending the last content line.
    this.pos = lastContentEnd;
    this.lineStart = lastContentLineStart;
    let end = lastContentEnd;
    while (end > start && (t.charCodeAt(end - 1) === SPACE || t.charCodeAt(end - 1) === LF)) end--;
    return { kind: 'scalar', start, end, value: body };
  }

  // ---- flow collections -----------------------------------------------------------------------

  private flowCollection(): SyntaxNode {
    if (++this.depth > MAX_DEPTH) throw BAIL;
    try {
      const t = this.text;
      const open = t.charCodeAt(this.pos);
      const start = this.pos;
      this.pos++;
      const close = open === 91 ? 93 : 125;
      const base = open === 91 ? this.itemTop : this.pairTop;
      this.skipFlowSpace();
      if (t.charCodeAt(this.pos) === close) {
        this.pos++;
      } else {
        for (;;) {
          if (open === 91) {
            const item = this.flowItem(false) ?? this.scalarNode();
            this.itemStack[this.itemTop++] = item;
          } else {
            if (this.flowItem(true) !== null) throw BAIL;
            const keyValue = this.sValue;
            const keyStart = this.sStart;
            const keyEnd = this.sEnd;
            this.skipFlowSpace();
            if (t.charCodeAt(this.pos) !== COLON) throw BAIL; // `{a, b}` sets: not ours
            const afterColon = ++this.pos;
            this.skipFlowSpace();
            const c = t.charCodeAt(this.pos);
            let val: SyntaxNode;
            if (c === COMMA || c === close) val = { kind: 'scalar', start: afterColon, end: afterColon, value: null };
            else val = this.flowItem(false) ?? this.scalarNode();
            this.pushPair(keyValue, keyStart, keyEnd, val);
          }
          this.skipFlowSpace();
          const c = t.charCodeAt(this.pos);
          if (c === COMMA) {
            this.pos++;
            this.skipFlowSpace();
            if (t.charCodeAt(this.pos) === close) throw BAIL; // trailing comma
            continue;
          }
          if (c === close) {
            this.pos++;
            break;
          }
          throw BAIL;
        }
      }
      if (open === 91) {
        const items = this.itemStack.slice(base, this.itemTop);
        this.itemTop = base;
        return new SeqNode(start, this.pos, items);
      }
      return this.popMap(base, start, this.pos);
    } finally {
      this.depth--;
    }
  }

  private skipFlowSpace(): void {
    const t = this.text;
    while (this.pos < this.len) {
      const c = t.charCodeAt(this.pos);
      if (c === SPACE) this.pos++;
      else if (c === LF) this.lineStart = ++this.pos;
      else if (c === HASH) {
        const prev = t.charCodeAt(this.pos - 1);
        if (prev !== SPACE && prev !== LF) throw BAIL;
        const nl = t.indexOf('\n', this.pos);
        this.pos = nl < 0 ? this.len : nl;
      } else break;
    }
    // A line inside a flow collection must be indented past its column 0 (js-yaml rule).
    if (this.pos < this.len && this.pos > 0 && t.charCodeAt(this.pos - 1) === LF) throw BAIL;
  }

  /** A flow collection's node, or null for a scalar (left in the scalar registers). */
  private flowItem(isKey: boolean): SyntaxNode | null {
    const t = this.text;
    const c = t.charCodeAt(this.pos);
    if (c === 91 || c === 123) {
      if (isKey) throw BAIL;
      return this.flowCollection();
    }
    if (c === 34) {
      this.doubleQuoted();
      return null;
    }
    if (c === 39) {
      this.singleQuoted();
      return null;
    }
    if (c === 38 || c === 42 || c === 33 || c === 63 || c === 37 || c === 64 || c === 96 || c === 124 || c === 62 || c === COMMA || c === 93 || c === 125 || c === HASH) throw BAIL;
    if (c === DASH && this.isSpaceOrBreakOrEnd(this.pos + 1)) throw BAIL;
    if (c === COLON) throw BAIL;
    const start = this.pos;
    let end = start;
    // The intern hash of text[start, i), and of text[start, end) (trailing spaces excluded).
    let h = 0;
    let hEnd = 0;
    let i = start;
    for (; i < this.len; i++) {
      const d = t.charCodeAt(i);
      if (d === LF || d === COMMA || d === 91 || d === 93 || d === 123 || d === 125) break;
      if (d === COLON) {
        const n = i + 1 < this.len ? t.charCodeAt(i + 1) : -1;
        // In flow context `:` ends a plain key before a space, break, `,` or a closing bracket.
        if (n === SPACE || n === LF || n === -1 || n === COMMA || n === 93 || n === 125) break;
      }
      if (d === HASH && t.charCodeAt(i - 1) === SPACE) throw BAIL;
      h = (Math.imul(h, 31) + d) | 0;
      if (d !== SPACE) {
        end = i + 1;
        hEnd = h;
      }
    }
    if (i < this.len && t.charCodeAt(i) === LF) {
      // Plain scalars continuing onto the next line are folded: not ours.
      let j = i;
      while (j < this.len && (t.charCodeAt(j) === SPACE || t.charCodeAt(j) === LF)) j++;
      const d = t.charCodeAt(j);
      if (j < this.len && d !== COMMA && d !== 93 && d !== 125 && d !== COLON && d !== HASH) throw BAIL;
    }
    if (!isKey && t.charCodeAt(i) === COLON) throw BAIL; // `[a: b]` single-pair mappings
    this.pos = end;
    this.sStart = start;
    this.sEnd = end;
    this.sValue = this.plain(start, end, hEnd);
    return null;
  }

  // ---- quoted scalars -------------------------------------------------------------------------

  /** Reads a double-quoted scalar into the scalar registers. */
  private doubleQuoted(): void {
    const t = this.text;
    const start = this.pos;
    let i = start + 1;
    // Built only once an escape appears; until then the value is the text between the quotes.
    let out: string | undefined;
    let chunk = i;
    let h = 0;
    for (;;) {
      if (i >= this.len) throw BAIL;
      const c = t.charCodeAt(i);
      if (c === 34) break;
      if (c === LF) throw BAIL; // multi-line quoted scalars fold: not ours
      if (c === 92 /* \ */) {
        out = (out ?? '') + t.slice(chunk, i);
        const e = t[i + 1];
        const simple = e === undefined ? undefined : ESCAPES[e];
        if (simple !== undefined) {
          out += simple;
          i += 2;
        } else if (e === 'x' || e === 'u' || e === 'U') {
          const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
          const hex = t.slice(i + 2, i + 2 + n);
          if (hex.length !== n || !/^[0-9a-fA-F]+$/.test(hex)) throw BAIL;
          const cp = parseInt(hex, 16);
          if (cp > 0x10ffff) throw BAIL;
          out += String.fromCodePoint(cp);
          i += 2 + n;
        } else throw BAIL;
        chunk = i;
        continue;
      }
      h = (Math.imul(h, 31) + c) | 0;
      i++;
    }
    this.sValue = out === undefined ? this.str(start + 1, i, h) : out + t.slice(chunk, i);
    this.pos = i + 1;
    this.sStart = start;
    this.sEnd = this.pos;
  }

  /** Reads a single-quoted scalar into the scalar registers. */
  private singleQuoted(): void {
    const t = this.text;
    const start = this.pos;
    let i = start + 1;
    // Built only once a `''` appears; until then the value is the text between the quotes.
    let out: string | undefined;
    let chunk = i;
    let h = 0;
    for (;;) {
      if (i >= this.len) throw BAIL;
      const c = t.charCodeAt(i);
      if (c === LF) throw BAIL;
      if (c === 39) {
        if (t.charCodeAt(i + 1) === 39) {
          out = (out ?? '') + t.slice(chunk, i + 1);
          i += 2;
          chunk = i;
          continue;
        }
        break;
      }
      h = (Math.imul(h, 31) + c) | 0;
      i++;
    }
    this.sValue = out === undefined ? this.str(start + 1, i, h) : out + t.slice(chunk, i);
    this.pos = i + 1;
    this.sStart = start;
    this.sEnd = this.pos;
  }
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};

const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$/;

/** Resolves a plain scalar as js-yaml's CORE schema does; bails on the rare forms it would treat specially. */
function resolvePlain(s: string): ScalarValue {
  const n = s.length;
  if (n === 0) return null;
  const c = s.charCodeAt(0);
  if (n <= 5) {
    if (s === '~' || s === 'null' || s === 'Null' || s === 'NULL') return null;
    if (s === 'true' || s === 'True' || s === 'TRUE') return true;
    if (s === 'false' || s === 'False' || s === 'FALSE') return false;
  }
  const numeric = (c >= 48 && c <= 57) || c === DASH || c === 43 || c === 46;
  if (!numeric) return s;
  if (INT.test(s)) {
    if (n > 15) throw BAIL;
    const v = parseInt(s, 10);
    return v === 0 ? 0 : v;
  }
  if (FLOAT.test(s)) {
    const v = parseFloat(s);
    if (!Number.isFinite(v) || Object.is(v, -0)) throw BAIL;
    return v;
  }
  // Hex/octal/binary integers and .inf/.nan: leave them to js-yaml.
  if (/^[-+]?(0[xob]|\.(inf|Inf|INF|nan|NaN|NAN)$)/.test(s)) throw BAIL;
  return s;
}
