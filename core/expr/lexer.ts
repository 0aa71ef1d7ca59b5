/**
 * Lexer for `${{ … }}` expressions. Pulls one token at a time so the parser reports the first
 * problem in source order. Token offsets are absolute (`baseOffset` + index into the source).
 *
 * Identifier rule: `[A-Za-z_][A-Za-z0-9_]*`, where a hyphen also belongs to the identifier when it
 * directly follows an identifier character AND is directly followed by a letter or underscore.
 * So `tasks.load-data.outputs` is one member `load-data`, while `a - b`, `a-1` and `a -b` are
 * subtractions. Write spaces around `-` to subtract two names (`x-y` is the single name `x-y`).
 */
import { ExprError, syntaxError } from './errors';

export type TokenKind = 'number' | 'string' | 'ident' | 'punct' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Punctuator text, identifier name, or decoded string value; '' for eof. */
  value: string;
  /** Numeric value of a number token. */
  num?: number;
  /** Number token written without '.' or exponent. */
  isInt?: boolean;
  start: number;
  end: number;
}

/** Thrown internally on the first lexing/parsing problem. */
export class SyntaxFailure extends Error {
  constructor(readonly error: ExprError) {
    super(error.message);
  }
}

const PUNCT2 = new Set(['<=', '>=', '==', '!=', '&&', '||']);
const PUNCT2_BY_CODES = new Map([...PUNCT2].map((p) => [p.charCodeAt(0) * 65536 + p.charCodeAt(1), p]));
const PUNCT1 = new Set(['.', '[', ']', '(', ')', ',', '?', ':', '!', '-', '+', '*', '/', '%', '<', '>']);

/** `/\s/` for one UTF-16 code unit; the regular expression only for the rare non-ASCII one. */
const isSpace = (c: number): boolean => (c <= 32 ? c === 32 || (c >= 9 && c <= 13) : c >= 128 && /\s/.test(String.fromCharCode(c)));
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isIdStart = (c: string | undefined) => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_');
const isIdPart = (c: string | undefined) => isIdStart(c) || isDigit(c);

export class Lexer {
  private pos = 0;
  constructor(
    private readonly src: string,
    private readonly base = 0,
  ) {}

  private fail(message: string, start: number, end: number): never {
    throw new SyntaxFailure(syntaxError(message, this.base + start, this.base + end));
  }

  next(): Token {
    const s = this.src;
    while (this.pos < s.length && isSpace(s.charCodeAt(this.pos))) this.pos++;
    const start = this.pos;
    const c = s[start];
    if (c === undefined) return { kind: 'eof', value: '', start: this.base + start, end: this.base + start };

    if (isIdStart(c)) {
      let i = start + 1;
      for (;;) {
        if (isIdPart(s[i])) i++;
        else if (s[i] === '-' && isIdStart(s[i + 1])) i += 2;
        else break;
      }
      this.pos = i;
      return { kind: 'ident', value: s.slice(start, i), start: this.base + start, end: this.base + i };
    }

    if (isDigit(c)) {
      let i = start;
      while (isDigit(s[i])) i++;
      let isInt = true;
      if (s[i] === '.' && isDigit(s[i + 1])) {
        isInt = false;
        i++;
        while (isDigit(s[i])) i++;
      }
      if ((s[i] === 'e' || s[i] === 'E') && (isDigit(s[i + 1]) || ((s[i + 1] === '+' || s[i + 1] === '-') && isDigit(s[i + 2])))) {
        isInt = false;
        i += 2;
        while (isDigit(s[i])) i++;
      }
      const text = s.slice(start, i);
      const num = Number(text);
      if (isInt && !Number.isSafeInteger(num)) this.fail(`Integer literal ${text} is too large (the limit is ${Number.MAX_SAFE_INTEGER}).`, start, i);
      if (!Number.isFinite(num)) this.fail(`Number literal ${text} is too large.`, start, i);
      if (isIdStart(s[i])) this.fail(`Unexpected character '${s[i]}' after number ${text}.`, i, i + 1);
      this.pos = i;
      return { kind: 'number', value: text, num, isInt, start: this.base + start, end: this.base + i };
    }

    if (c === "'" || c === '"') {
      let i = start + 1;
      let out = '';
      for (;;) {
        const ch = s[i];
        if (ch === undefined) this.fail(`Unterminated string: expected a closing ${c} before the end of the expression.`, start, i);
        if (ch === c) {
          i++;
          break;
        }
        if (ch === '\\') {
          const esc = s[i + 1];
          if (esc === '\\' || esc === "'" || esc === '"') out += esc;
          else if (esc === 'n') out += '\n';
          else if (esc === 't') out += '\t';
          else if (esc === undefined) this.fail(`Unterminated string: expected a closing ${c} before the end of the expression.`, start, i + 1);
          else this.fail(`Unknown escape '\\${esc}' in string; use \\\\ \\' \\" \\n or \\t.`, i, i + 2);
          i += 2;
          continue;
        }
        out += ch;
        i++;
      }
      this.pos = i;
      return { kind: 'string', value: out, start: this.base + start, end: this.base + i };
    }

    // Two-character punctuators are looked up without slicing the text.
    const two = s.length > start + 1 ? PUNCT2_BY_CODES.get(s.charCodeAt(start) * 65536 + s.charCodeAt(start + 1)) : undefined;
    if (two !== undefined) {
      this.pos = start + 2;
      return { kind: 'punct', value: two, start: this.base + start, end: this.base + start + 2 };
    }
    if (PUNCT1.has(c)) {
      this.pos = start + 1;
      return { kind: 'punct', value: c, start: this.base + start, end: this.base + start + 1 };
    }
    if (c === '=') this.fail(`Unexpected '='; use '==' to compare values.`, start, start + 1);
    if (c === '&') this.fail(`Unexpected '&'; use '&&' for "and".`, start, start + 1);
    if (c === '|') this.fail(`Unexpected '|'; use '||' for "or".`, start, start + 1);
    const cp = String.fromCodePoint(s.codePointAt(start)!);
    this.fail(`Unexpected character '${cp}' in expression.`, start, start + cp.length);
  }
}

/** All tokens of `src` (ending with eof); throws SyntaxFailure on the first bad token. */
export function tokenize(src: string, baseOffset = 0): Token[] {
  const lx = new Lexer(src, baseOffset);
  const out: Token[] = [];
  for (;;) {
    const t = lx.next();
    out.push(t);
    if (t.kind === 'eof') return out;
  }
}
