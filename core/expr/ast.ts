/**
 * Syntax tree of the `${{ … }}` expression language. Every node carries `start`/`end` offsets
 * (end exclusive). Offsets are absolute: `baseOffset` given to the parser plus the index into the
 * parsed source, so a caller can pass the document offset of the expression's inner text.
 */

export interface NodeBase {
  start: number;
  end: number;
}

export type LiteralType = 'string' | 'integer' | 'number' | 'boolean' | 'null';

export interface LiteralExpr extends NodeBase {
  kind: 'literal';
  value: string | number | boolean | null;
  literalType: LiteralType;
}

/** A bare name: a context root such as `params`, `tasks`, `item`. */
export interface IdentExpr extends NodeBase {
  kind: 'ident';
  name: string;
}

/** `object.property` — `propStart`/`propEnd` cover just the property name. */
export interface MemberExpr extends NodeBase {
  kind: 'member';
  object: Expr;
  property: string;
  propStart: number;
  propEnd: number;
}

/** `object[index]`. */
export interface IndexExpr extends NodeBase {
  kind: 'index';
  object: Expr;
  index: Expr;
}

/** `name(args…)` — only a bare identifier can be called, so the callee is a name. */
export interface CallExpr extends NodeBase {
  kind: 'call';
  callee: string;
  calleeStart: number;
  calleeEnd: number;
  args: Expr[];
}

export type UnaryOp = '!' | '-';

export interface UnaryExpr extends NodeBase {
  kind: 'unary';
  op: UnaryOp;
  operand: Expr;
}

export type BinaryOp = '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%';

export interface BinaryExpr extends NodeBase {
  kind: 'binary';
  op: BinaryOp;
  left: Expr;
  right: Expr;
  opStart: number;
  opEnd: number;
}

/** `test ? consequent : alternate`. */
export interface TernaryExpr extends NodeBase {
  kind: 'ternary';
  test: Expr;
  consequent: Expr;
  alternate: Expr;
}

/** `[a, b, …]`. */
export interface ListExpr extends NodeBase {
  kind: 'list';
  items: Expr[];
}

export type Expr = LiteralExpr | IdentExpr | MemberExpr | IndexExpr | CallExpr | UnaryExpr | BinaryExpr | TernaryExpr | ListExpr;

/** Direct children of a node, in source order. */
export function childrenOf(e: Expr): Expr[] {
  switch (e.kind) {
    case 'literal':
    case 'ident':
      return [];
    case 'member':
      return [e.object];
    case 'index':
      return [e.object, e.index];
    case 'call':
      return e.args;
    case 'unary':
      return [e.operand];
    case 'binary':
      return [e.left, e.right];
    case 'ternary':
      return [e.test, e.consequent, e.alternate];
    case 'list':
      return e.items;
  }
}

/** Pre-order walk; return `false` from the visitor to skip a node's children. */
export function walkExpr(e: Expr, visit: (node: Expr, parent: Expr | null) => boolean | void, parent: Expr | null = null): void {
  if (visit(e, parent) === false) return;
  for (const c of childrenOf(e)) walkExpr(c, visit, e);
}

/** The innermost node whose range contains `offset` (inclusive of the end), or null. */
export function nodeAt(e: Expr, offset: number): Expr | null {
  if (offset < e.start || offset > e.end) return null;
  for (const c of childrenOf(e)) {
    const hit = nodeAt(c, offset);
    if (hit) return hit;
  }
  return e;
}

function quoteString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\t/g, '\\t')}'`;
}

/**
 * Source-like rendering of a node. With `parens: true` every compound node is parenthesised, which
 * makes precedence visible (used by tests). Member paths render as written: `tasks.extract.outputs`.
 */
export function printExpr(e: Expr, opts: { parens?: boolean } = {}): string {
  const p = (s: string) => (opts.parens ? `(${s})` : s);
  const r = (x: Expr) => printExpr(x, opts);
  switch (e.kind) {
    case 'literal':
      if (e.literalType === 'string') return quoteString(e.value as string);
      if (e.literalType === 'number' && Number.isInteger(e.value) && Math.abs(e.value as number) < 1e21) return `${e.value}.0`;
      return String(e.value);
    case 'ident':
      return e.name;
    case 'member':
      return `${r(e.object)}.${e.property}`;
    case 'index':
      return `${r(e.object)}[${r(e.index)}]`;
    case 'call':
      return `${e.callee}(${e.args.map(r).join(', ')})`;
    case 'unary':
      return p(`${e.op}${r(e.operand)}`);
    case 'binary':
      return p(`${r(e.left)} ${e.op} ${r(e.right)}`);
    case 'ternary':
      return p(`${r(e.test)} ? ${r(e.consequent)} : ${r(e.alternate)}`);
    case 'list':
      return `[${e.items.map(r).join(', ')}]`;
  }
}

/** A short human description of a node for messages: member paths as written, else "this expression". */
export function describeExpr(e: Expr): string {
  switch (e.kind) {
    case 'ident':
    case 'member':
    case 'index':
    case 'call':
    case 'literal': {
      const s = printExpr(e);
      return s.length <= 60 ? s : `${s.slice(0, 57)}...`;
    }
    default:
      return 'this expression';
  }
}
