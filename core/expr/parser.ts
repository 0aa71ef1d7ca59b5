/**
 * Recursive-descent parser. Precedence, low → high:
 *   ternary `c ? a : b` (right-assoc) → `||` → `&&` → `==` `!=` → `<` `<=` `>` `>=` → `+` `-`
 *   → `*` `/` `%` → unary `!` `-` → postfix `.name` `[expr]` → primary
 * Primary: integer/float literals, '…' or "…" strings, true/false/null, names, `name(args)` calls,
 * `( expr )`, `[a, b]` lists. Binary operators are left-associative.
 * Parsing stops at the first error (one `expression-syntax` error, narrowest range) and returns
 * `ast: null`.
 */
import type { BinaryOp, Expr } from './ast';
import { ExprError, syntaxError } from './errors';
import { Lexer, SyntaxFailure, Token } from './lexer';

export interface ParseResult {
  ast: Expr | null;
  errors: ExprError[];
}

const MAX_DEPTH = 100;

const BINARY_LEVELS: readonly (readonly BinaryOp[])[] = [
  ['||'],
  ['&&'],
  ['==', '!='],
  ['<', '<=', '>', '>='],
  ['+', '-'],
  ['*', '/', '%'],
];

function describeToken(t: Token, src: string, base: number): string {
  if (t.kind === 'eof') return 'end of expression';
  let text = src.slice(t.start - base, t.end - base);
  if (text.length > 30) text = `${text.slice(0, 27)}...`;
  if (t.kind === 'string') return `string ${text}`;
  if (t.kind === 'number') return `number ${text}`;
  return `'${text}'`;
}

class Parser {
  private tok: Token;
  private prev: Token | null = null;
  private depth = 0;
  private readonly lexer: Lexer;

  constructor(
    private readonly src: string,
    private readonly base: number,
  ) {
    this.lexer = new Lexer(src, base);
    this.tok = this.lexer.next();
  }

  private advance(): Token {
    const t = this.tok;
    this.prev = t;
    this.tok = this.lexer.next();
    return t;
  }

  private isPunct(v: string): boolean {
    return this.tok.kind === 'punct' && this.tok.value === v;
  }

  private fail(message: string, start = this.tok.start, end = this.tok.end): never {
    throw new SyntaxFailure(syntaxError(message, start, end));
  }

  private found(): string {
    return describeToken(this.tok, this.src, this.base);
  }

  private expectPunct(v: string, context: string): Token {
    if (!this.isPunct(v)) this.fail(`Expected '${v}' ${context}, found ${this.found()}.`);
    return this.advance();
  }

  parseRoot(): Expr {
    const e = this.parseTernary();
    if (this.tok.kind !== 'eof') {
      if (this.isPunct(')') || this.isPunct(']')) this.fail(`Unexpected ${this.found()}: it has no matching opening bracket.`);
      this.fail(`Expected an operator or end of expression, found ${this.found()}.`);
    }
    return e;
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) this.fail(`Expression is nested too deeply (more than ${MAX_DEPTH} levels).`);
  }

  private parseTernary(): Expr {
    this.enter();
    const test = this.parseBinary(0);
    let result = test;
    if (this.isPunct('?')) {
      this.advance();
      const consequent = this.parseTernary();
      this.expectPunct(':', "to separate the branches of '? :'");
      const alternate = this.parseTernary();
      result = { kind: 'ternary', test, consequent, alternate, start: test.start, end: alternate.end };
    }
    this.depth--;
    return result;
  }

  private parseBinary(level: number): Expr {
    const ops = BINARY_LEVELS[level];
    if (!ops) return this.parseUnary();
    let left = this.parseBinary(level + 1);
    while (this.tok.kind === 'punct' && (ops as readonly string[]).includes(this.tok.value)) {
      const opTok = this.advance();
      const right = this.parseBinary(level + 1);
      left = { kind: 'binary', op: opTok.value as BinaryOp, left, right, opStart: opTok.start, opEnd: opTok.end, start: left.start, end: right.end };
    }
    return left;
  }

  private parseUnary(): Expr {
    if (this.isPunct('!') || this.isPunct('-')) {
      this.enter();
      const opTok = this.advance();
      const operand = this.parseUnary();
      this.depth--;
      return { kind: 'unary', op: opTok.value as '!' | '-', operand, start: opTok.start, end: operand.end };
    }
    return this.parsePostfix();
  }

  private parsePostfix(): Expr {
    let e = this.parsePrimary();
    for (;;) {
      if (this.isPunct('.')) {
        this.advance();
        if (this.tok.kind !== 'ident') this.fail(`Expected a property name after '.', found ${this.found()}.`);
        const name = this.advance();
        e = { kind: 'member', object: e, property: name.value, propStart: name.start, propEnd: name.end, start: e.start, end: name.end };
      } else if (this.isPunct('[')) {
        const open = this.advance();
        if (this.isPunct(']')) this.fail(`Expected an index expression inside '[ ]', found ']'.`, open.start, this.tok.end);
        const index = this.parseTernary();
        const close = this.expectPunct(']', "to close '['");
        e = { kind: 'index', object: e, index, start: e.start, end: close.end };
      } else if (this.isPunct('(')) {
        this.fail(`Only functions can be called, by name, e.g. len(x); ${e.kind === 'member' ? `'${e.property}'` : 'this'} is not a function name.`);
      } else {
        return e;
      }
    }
  }

  private parsePrimary(): Expr {
    const t = this.tok;
    switch (t.kind) {
      case 'number':
        this.advance();
        return { kind: 'literal', value: t.num!, literalType: t.isInt ? 'integer' : 'number', start: t.start, end: t.end };
      case 'string':
        this.advance();
        return { kind: 'literal', value: t.value, literalType: 'string', start: t.start, end: t.end };
      case 'ident': {
        this.advance();
        if (t.value === 'true' || t.value === 'false') return { kind: 'literal', value: t.value === 'true', literalType: 'boolean', start: t.start, end: t.end };
        if (t.value === 'null') return { kind: 'literal', value: null, literalType: 'null', start: t.start, end: t.end };
        if (this.isPunct('(')) return this.parseCall(t);
        return { kind: 'ident', name: t.value, start: t.start, end: t.end };
      }
      case 'punct':
        if (t.value === '(') {
          this.enter();
          this.advance();
          const inner = this.parseTernary();
          this.expectPunct(')', "to close '('");
          this.depth--;
          return inner;
        }
        if (t.value === '[') {
          this.enter();
          this.advance();
          const items = this.parseArgs(']', 'list');
          const close = this.advance();
          this.depth--;
          return { kind: 'list', items, start: t.start, end: close.end };
        }
        break;
      case 'eof':
        break;
    }
    const after = this.prev && this.prev.kind === 'punct' ? ` after '${this.prev.value}'` : '';
    return this.fail(`Expected an expression${after}, found ${this.found()}.`);
  }

  private parseCall(name: Token): Expr {
    this.enter();
    this.advance(); // (
    const args = this.parseArgs(')', 'argument');
    const close = this.advance();
    this.depth--;
    return { kind: 'call', callee: name.value, calleeStart: name.start, calleeEnd: name.end, args, start: name.start, end: close.end };
  }

  /** Comma-separated expressions up to (not consuming) `close`. */
  private parseArgs(close: string, what: 'list' | 'argument'): Expr[] {
    const items: Expr[] = [];
    if (this.isPunct(close)) return items;
    for (;;) {
      items.push(this.parseTernary());
      if (this.isPunct(',')) {
        this.advance();
        continue;
      }
      if (this.isPunct(close)) return items;
      this.fail(`Expected ',' or '${close}' ${what === 'list' ? 'in list' : 'in argument list'}, found ${this.found()}.`);
    }
  }
}

/**
 * Parses one expression (the inner text of `${{ … }}`). All offsets in the AST and errors are
 * `baseOffset + index into src`.
 */
export function parseExpression(src: string, baseOffset = 0): ParseResult {
  try {
    const p = new Parser(src, baseOffset);
    return { ast: p.parseRoot(), errors: [] };
  } catch (e) {
    if (e instanceof SyntaxFailure) return { ast: null, errors: [e.error] };
    throw e;
  }
}
