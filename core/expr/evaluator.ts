/**
 * Tree-walking evaluator (no eval/Function). Runtime semantics mirror the checker:
 * - Member access reads only own enumerable data properties of plain objects (`{}`, JSON data,
 *   Object.create(null)); `x.constructor`, `x.__proto__`, `list.length` never reach JS internals.
 *   Reading a key that is not set, or reading from null, throws ExprEvalError.
 * - List indexes must be integers within range, else ExprEvalError.
 * - `&&` / `||` short-circuit and return booleans by truthiness (falsy: false, null, 0, '').
 *   `!` and `? :` use truthiness too.
 * - `+` adds numbers or concatenates strings (string + number is an error: use format/string).
 * - `/` is floating-point division (`7 / 2` is 3.5); `%` is the JS remainder. Division or
 *   remainder by zero, and non-finite results, are errors.
 * - `<` `<=` `>` `>=` compare two numbers, or two strings by UTF-16 code units.
 * - `==` / `!=` are structural and strict on type (integer and number are one type; `1 == '1'`
 *   is false).
 * Errors carry the offsets the expression was parsed with.
 */
import { Expr, describeExpr } from './ast';
import { ExprEvalError } from './errors';
import { FUNCTIONS, arity, describeParamType, paramFor, paramTypes } from './functions';
import { parseExpression } from './parser';
import { parseTemplate } from './interpolation';
import { isPlainObject, valueMatches, valueTypeName } from './types';
import { deepEqual, ownValue, stringifyValue, truthy } from './values';

export type Scope = Record<string, unknown>;

function fail(message: string, node: { start: number; end: number }): never {
  throw new ExprEvalError(message, node.start, node.end);
}

function finite(n: number, node: Expr): number {
  if (!Number.isFinite(n)) fail(`The result of ${describeExpr(node)} is too large to represent.`, node);
  return n;
}

function typeWithArticle(v: unknown): string {
  const n = valueTypeName(v);
  return n === 'null' ? 'null' : /^[aeiou]/.test(n) ? `an ${n}` : `a ${n}`;
}

function readKey(obj: unknown, objExpr: Expr, key: string, node: Expr, keyRange: { start: number; end: number }): unknown {
  if (obj === null || obj === undefined) fail(`Cannot read '${key}': ${describeExpr(objExpr)} is null.`, node);
  if (!isPlainObject(obj)) fail(`Cannot read '${key}' of ${describeExpr(objExpr)}: it is ${typeWithArticle(obj)}, not an object.`, keyRange);
  const v = ownValue(obj, key);
  if (v === undefined) fail(`'${key}' is not set on ${describeExpr(objExpr)}.`, keyRange);
  return v;
}

function evalNode(e: Expr, scope: Scope): unknown {
  switch (e.kind) {
    case 'literal':
      return e.value;
    case 'ident': {
      const v = Object.hasOwn(scope, e.name) ? ownValue(scope, e.name) : undefined;
      if (v === undefined) fail(`'${e.name}' is not available here.`, e);
      return v;
    }
    case 'member':
      return readKey(evalNode(e.object, scope), e.object, e.property, e, { start: e.propStart, end: e.propEnd });
    case 'index': {
      const obj = evalNode(e.object, scope);
      const idx = evalNode(e.index, scope);
      if (Array.isArray(obj)) {
        if (typeof idx !== 'number' || !Number.isInteger(idx)) fail(`A list index must be an integer, but got ${typeWithArticle(idx)}.`, e.index);
        if (idx < 0 || idx >= obj.length) fail(`Index ${idx} is out of range for ${describeExpr(e.object)} (${obj.length} item${obj.length === 1 ? '' : 's'}).`, e.index);
        const v: unknown = obj[idx];
        return v === undefined ? null : v;
      }
      if (typeof idx === 'string') return readKey(obj, e.object, idx, e, e.index);
      if (obj === null || obj === undefined) fail(`Cannot index ${describeExpr(e.object)}: it is null.`, e);
      if (isPlainObject(obj)) fail(`An object key must be a string, but got ${typeWithArticle(idx)}.`, e.index);
      return fail(`Cannot index ${describeExpr(e.object)}: it is ${typeWithArticle(obj)}; only lists and objects can be indexed.`, e);
    }
    case 'call':
      return evalCall(e, scope);
    case 'unary': {
      const v = evalNode(e.operand, scope);
      if (e.op === '!') return !truthy(v);
      if (typeof v !== 'number') fail(`Operator '-' needs a number, but ${describeExpr(e.operand)} is ${typeWithArticle(v)}.`, e.operand);
      return v === 0 ? 0 : -v;
    }
    case 'ternary':
      return truthy(evalNode(e.test, scope)) ? evalNode(e.consequent, scope) : evalNode(e.alternate, scope);
    case 'list':
      return e.items.map((it) => evalNode(it, scope));
    case 'binary':
      return evalBinary(e, scope);
  }
}

function evalBinary(e: Extract<Expr, { kind: 'binary' }>, scope: Scope): unknown {
  if (e.op === '&&') return truthy(evalNode(e.left, scope)) ? truthy(evalNode(e.right, scope)) : false;
  if (e.op === '||') return truthy(evalNode(e.left, scope)) ? true : truthy(evalNode(e.right, scope));
  const l = evalNode(e.left, scope);
  const r = evalNode(e.right, scope);
  const mismatch = (verb: string): never => fail(`Operator '${e.op}' cannot ${verb} ${typeWithArticle(l)} and ${typeWithArticle(r)}.`, e);
  switch (e.op) {
    case '==':
      return deepEqual(l, r);
    case '!=':
      return !deepEqual(l, r);
    case '<':
    case '<=':
    case '>':
    case '>=': {
      if (!((typeof l === 'number' && typeof r === 'number') || (typeof l === 'string' && typeof r === 'string'))) mismatch('compare');
      const a = l as number | string;
      const b = r as number | string;
      return e.op === '<' ? a < b : e.op === '<=' ? a <= b : e.op === '>' ? a > b : a >= b;
    }
    case '+':
      if (typeof l === 'string' && typeof r === 'string') return l + r;
      if (typeof l === 'number' && typeof r === 'number') return finite(l + r, e);
      return mismatch('add');
    default: {
      if (typeof l !== 'number' || typeof r !== 'number') return mismatch('apply to');
      if ((e.op === '/' || e.op === '%') && r === 0) fail(`Division by zero in ${describeExpr(e.right)}.`, e.right);
      const n = e.op === '-' ? l - r : e.op === '*' ? l * r : e.op === '/' ? l / r : l % r;
      return finite(n, e) + 0;
    }
  }
}

function evalCall(e: Extract<Expr, { kind: 'call' }>, scope: Scope): unknown {
  const fn = FUNCTIONS.get(e.callee);
  if (!fn) fail(`Unknown function '${e.callee}'.`, { start: e.calleeStart, end: e.calleeEnd });
  const args = e.args.map((a) => {
    const v = evalNode(a, scope);
    return v === undefined ? null : v;
  });
  const { min, max } = arity(fn);
  if (args.length < min || args.length > max) fail(`${fn.name}() cannot take ${args.length} argument${args.length === 1 ? '' : 's'}.`, e);
  args.forEach((v, i) => {
    const p = paramFor(fn, i)!;
    if (!paramTypes(p).some((t) => valueMatches(v, t))) {
      fail(`${fn.name}() expects ${p.name} to be ${describeParamType(p)}, but got ${typeWithArticle(v)}.`, e.args[i]!);
    }
  });
  return fn.impl(args, (message, arg) => fail(message, arg === undefined ? e : (e.args[arg] ?? e)));
}

/** Evaluates a parsed expression. Throws ExprEvalError on runtime errors. */
export function evaluate(ast: Expr, scope: Scope): unknown {
  return evalNode(ast, scope);
}

/** Parses and evaluates one expression (no `${{ }}`); syntax errors throw ExprEvalError too. */
export function evaluateExpression(src: string, scope: Scope): unknown {
  const r = parseExpression(src);
  const err = r.errors[0];
  if (!r.ast || err) throw new ExprEvalError(err?.message ?? 'Invalid expression.', err?.start ?? 0, err?.end ?? src.length, 'expression-syntax');
  return evaluate(r.ast, scope);
}

/**
 * Evaluates a string that may contain `${{ … }}`: a whole-value template yields the typed value;
 * otherwise the text with each value stringified (null → '', lists/objects → JSON). Text without
 * interpolations is returned as is. Offsets in errors are relative to `text`.
 */
export function evaluateTemplate(text: string, scope: Scope): unknown {
  if (!text.includes('${{')) return text;
  const t = parseTemplate(text);
  const err = t.errors[0];
  if (err) throw new ExprEvalError(err.message, err.start, err.end, 'expression-syntax');
  if (t.whole) return evaluate(t.whole.ast!, scope);
  return t.parts.map((p) => (p.kind === 'text' ? p.text : stringifyValue(evaluate(p.ast!, scope)))).join('');
}
