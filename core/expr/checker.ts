/**
 * Static checker: infers the type of an expression against a TypeEnv, reports unknown references,
 * type mismatches and bad calls, and collects member-path references (for dependency inference and
 * unused-param detection).
 *
 * Unknown-member wording uses the object type's `what` and `keyNoun`:
 *   "Unknown {keyNoun ?? 'field'} '{name}' in {what ?? <path as written>}.{ Did you mean …?}"
 * e.g. "Unknown param 'dya' in params. Did you mean 'day'?",
 *      "Unknown task 'lod' in tasks. Did you mean 'load'?",
 *      "Unknown output 'rws' in outputs of task 'extract'. Did you mean 'rows'?"
 */
import { Expr, describeExpr } from './ast';
import type { ExprDiagnostic, ExprDiagnosticCode } from './errors';
import { FUNCTIONS, arity, describeParamType, paramFor, paramTypes, resultType } from './functions';
import { ExprType, ObjectType, T, isAssignable, isConditionType, isNumeric, isStringLike, joinTypes, listOf, typeWithArticle } from './types';
import { parseTemplate } from './interpolation';
import { didYouMean, suggest } from '../util/suggest';

/** Types of the context roots visible to an expression (params, tasks, run, pipeline, env, secrets, item…). */
export interface TypeEnv {
  roots: Record<string, ExprType>;
}

export interface ReferenceSegment {
  name: string;
  start: number;
  end: number;
}

/**
 * A member path rooted at a context name, as written: `tasks.extract.outputs.rows` →
 * `{ root: 'tasks', path: ['extract', 'outputs', 'rows'] }`. `tasks['load-data']` contributes the
 * string key; the path stops before a computed index (`params.list[i]` → `params.list`, plus `i`).
 * Only maximal paths are recorded; unknown roots and members are recorded too.
 */
export interface ExprReference {
  root: string;
  path: string[];
  start: number;
  end: number;
  /** Range of each name: the root first, then one per path element. */
  segments: ReferenceSegment[];
}

export interface CheckResult {
  type: ExprType;
  diagnostics: ExprDiagnostic[];
  references: ExprReference[];
}

const LIST_LIMIT = 10;

function describeOperand(e: Expr, side: string): string {
  const d = describeExpr(e);
  return d === 'this expression' ? `the ${side} operand` : d;
}

function comparableFamily(t: ExprType): string {
  if (isNumeric(t)) return 'number';
  if (isStringLike(t)) return 'string';
  return t.kind;
}

class Checker {
  readonly diagnostics: ExprDiagnostic[] = [];
  constructor(private readonly env: TypeEnv) {}

  private report(code: ExprDiagnosticCode, message: string, start: number, end: number, suggestions?: string[]): void {
    const d: ExprDiagnostic = { code, message, start, end };
    if (suggestions && suggestions.length > 0) d.suggestions = suggestions;
    this.diagnostics.push(d);
  }

  infer(e: Expr): ExprType {
    switch (e.kind) {
      case 'literal':
        return { kind: e.literalType };
      case 'ident':
        return this.ident(e.name, e.start, e.end);
      case 'member':
        return this.member(this.infer(e.object), e.object, e.property, e.propStart, e.propEnd);
      case 'index':
        return this.index(e);
      case 'call':
        return this.call(e);
      case 'unary':
        return this.unary(e);
      case 'binary':
        return this.binary(e);
      case 'ternary': {
        const test = this.infer(e.test);
        if (!isConditionType(test)) this.report('type-mismatch', `The condition of '? :' must be a boolean, but ${describeOperand(e.test, 'condition')} is ${typeWithArticle(test)}.`, e.test.start, e.test.end);
        return joinTypes(this.infer(e.consequent), this.infer(e.alternate));
      }
      case 'list': {
        let items: ExprType | null = null;
        for (const it of e.items) {
          const t = this.infer(it);
          items = items ? joinTypes(items, t) : t;
        }
        return listOf(items ?? T.any);
      }
    }
  }

  private ident(name: string, start: number, end: number): ExprType {
    if (Object.hasOwn(this.env.roots, name)) return this.env.roots[name]!;
    if (FUNCTIONS.has(name)) {
      this.report('unknown-reference', `'${name}' is a function; call it like ${name}(…).`, start, end);
      return T.any;
    }
    const names = Object.keys(this.env.roots);
    const s = suggest(name, names);
    const avail = s.length === 0 && names.length > 0 ? ` Available: ${names.slice(0, LIST_LIMIT).join(', ')}${names.length > LIST_LIMIT ? ', …' : ''}.` : '';
    this.report('unknown-reference', `Unknown name '${name}'.${didYouMean(s)}${avail}`, start, end, s);
    return T.any;
  }

  /** Type of `obj.name` / `obj['name']`; `start`/`end` locate the name. */
  private member(obj: ExprType, objExpr: Expr, name: string, start: number, end: number): ExprType {
    if (obj.kind === 'any') return T.any;
    if (obj.kind !== 'object') {
      this.report('type-mismatch', `Cannot read '${name}' of ${describeExpr(objExpr)}: it is ${typeWithArticle(obj)}, not an object.`, start, end);
      return T.any;
    }
    if (obj.field) {
      const f = obj.field(name);
      if (f) return f;
    } else {
      if (!obj.fields) return obj.values ?? T.any;
      if (Object.hasOwn(obj.fields, name)) return obj.fields[name]!;
    }
    if (obj.open) return obj.values ?? T.any;
    this.unknownMember(obj, objExpr, name, start, end);
    return T.any;
  }

  private unknownMember(obj: ObjectType, objExpr: Expr, name: string, start: number, end: number): void {
    const keys = Object.keys(obj.fields ?? {});
    const where = obj.what ?? describeExpr(objExpr);
    const s = suggest(name, keys);
    let msg = `Unknown ${obj.keyNoun ?? 'field'} '${name}' in ${where}`;
    const hint = obj.missingHints && Object.hasOwn(obj.missingHints, name) ? obj.missingHints[name] : undefined;
    if (hint) msg += `: ${hint}`;
    else if (keys.length === 0) msg += ' (none are declared).';
    else if (s.length === 0 && keys.length <= LIST_LIMIT) msg += `. Available: ${keys.join(', ')}.`;
    else msg += `.${didYouMean(s)}`;
    this.report('unknown-reference', msg, start, end, s);
  }

  private index(e: Extract<Expr, { kind: 'index' }>): ExprType {
    const obj = this.infer(e.object);
    const idx = this.infer(e.index);
    if (obj.kind === 'any') return T.any;
    if (obj.kind === 'list') {
      if (idx.kind !== 'integer' && idx.kind !== 'any') {
        this.report('type-mismatch', `A list index must be an integer, but ${describeOperand(e.index, 'index')} is ${typeWithArticle(idx)}.`, e.index.start, e.index.end);
      }
      return obj.items;
    }
    if (obj.kind === 'object') {
      if (e.index.kind === 'literal' && typeof e.index.value === 'string') return this.member(obj, e.object, e.index.value, e.index.start, e.index.end);
      if (!isStringLike(idx) && idx.kind !== 'any') {
        this.report('type-mismatch', `An object key must be a string, but ${describeOperand(e.index, 'key')} is ${typeWithArticle(idx)}.`, e.index.start, e.index.end);
      }
      return obj.values ?? T.any;
    }
    this.report('type-mismatch', `Cannot index ${describeExpr(e.object)}: it is ${typeWithArticle(obj)}; only lists and objects can be indexed.`, e.object.end, e.end);
    return T.any;
  }

  private call(e: Extract<Expr, { kind: 'call' }>): ExprType {
    const args = e.args.map((a) => this.infer(a));
    const fn = FUNCTIONS.get(e.callee);
    if (!fn) {
      const s = suggest(e.callee, FUNCTIONS.keys());
      this.report('unknown-function', `Unknown function '${e.callee}'.${didYouMean(s)}`, e.calleeStart, e.calleeEnd, s);
      return T.any;
    }
    let ok = true;
    const { min, max } = arity(fn);
    const n = args.length;
    if (n < min || n > max) {
      ok = false;
      const want = max === Infinity ? `at least ${min} argument${min === 1 ? '' : 's'}` : min === max ? `${min} argument${min === 1 ? '' : 's'}` : `${min} to ${max} arguments`;
      const msg = `${fn.name}() takes ${want}, but ${n} ${n === 1 ? 'was' : 'were'} given.`;
      const extraFirst = e.args[max];
      const extraLast = e.args[n - 1];
      if (n > max && extraFirst && extraLast) this.report('wrong-arity', msg, extraFirst.start, extraLast.end);
      else this.report('wrong-arity', msg, e.start, e.end);
    }
    args.forEach((t, i) => {
      const p = paramFor(fn, i);
      const node = e.args[i]!;
      if (!p) return;
      if (!paramTypes(p).some((pt) => isAssignable(t, pt))) {
        ok = false;
        this.report('type-mismatch', `${fn.name}() expects ${p.name} to be ${describeParamType(p)}, but ${describeOperand(node, 'argument')} is ${typeWithArticle(t)}.`, node.start, node.end);
      }
    });
    if (ok && fn.validate) {
      const problem = fn.validate(args, e.args);
      if (problem) {
        const node = problem.arg === undefined ? e : (e.args[problem.arg] ?? e);
        this.report(problem.code ?? 'type-mismatch', problem.message, node.start, node.end);
      }
    }
    return resultType(fn, args);
  }

  private unary(e: Extract<Expr, { kind: 'unary' }>): ExprType {
    const t = this.infer(e.operand);
    if (e.op === '!') {
      if (!isConditionType(t)) this.report('type-mismatch', `Operator '!' needs a boolean, but ${describeOperand(e.operand, 'operand')} is ${typeWithArticle(t)}.`, e.operand.start, e.operand.end);
      return T.boolean;
    }
    if (t.kind === 'any') return T.any;
    if (!isNumeric(t)) {
      this.report('type-mismatch', `Operator '-' needs a number, but ${describeOperand(e.operand, 'operand')} is ${typeWithArticle(t)}.`, e.operand.start, e.operand.end);
      return T.number;
    }
    return t;
  }

  private binary(e: Extract<Expr, { kind: 'binary' }>): ExprType {
    const l = this.infer(e.left);
    const r = this.infer(e.right);
    const op = e.op;
    const operandCheck = (ok: (t: ExprType) => boolean, need: string): boolean => {
      let good = true;
      for (const [t, node, side] of [
        [l, e.left, 'left'],
        [r, e.right, 'right'],
      ] as const) {
        if (t.kind !== 'any' && !ok(t)) {
          good = false;
          this.report('type-mismatch', `Operator '${op}' needs ${need}, but ${describeOperand(node, side)} is ${typeWithArticle(t)}.`, node.start, node.end);
        }
      }
      return good;
    };
    switch (op) {
      case '&&':
      case '||':
        operandCheck((t) => t.kind === 'boolean', 'booleans');
        return T.boolean;
      case '==':
      case '!=':
        if (l.kind !== 'any' && r.kind !== 'any' && l.kind !== 'null' && r.kind !== 'null' && comparableFamily(l) !== comparableFamily(r)) {
          this.report('type-mismatch', `Cannot compare ${typeWithArticle(l)} with ${typeWithArticle(r)} using '${op}': they are never equal.`, e.start, e.end);
        }
        return T.boolean;
      case '<':
      case '<=':
      case '>':
      case '>=':
        if (operandCheck((t) => isNumeric(t) || isStringLike(t), 'numbers or strings') && l.kind !== 'any' && r.kind !== 'any' && comparableFamily(l) !== comparableFamily(r)) {
          this.report('type-mismatch', `Operator '${op}' cannot compare ${typeWithArticle(l)} with ${typeWithArticle(r)}.`, e.start, e.end);
        }
        return T.boolean;
      case '+': {
        if (!operandCheck((t) => isNumeric(t) || isStringLike(t), 'numbers or strings')) return T.any;
        if (isStringLike(l) && isStringLike(r)) return T.string;
        if (isNumeric(l) && isNumeric(r)) return l.kind === 'integer' && r.kind === 'integer' ? T.integer : T.number;
        if (l.kind === 'any' || r.kind === 'any') return isStringLike(l) || isStringLike(r) ? T.string : T.any;
        this.report('type-mismatch', `Operator '+' cannot add ${typeWithArticle(l)} and ${typeWithArticle(r)}; use format() or string() to build text.`, e.start, e.end);
        return T.any;
      }
      default: {
        if (!operandCheck(isNumeric, 'numbers')) return T.number;
        if (l.kind === 'any' || r.kind === 'any') return op === '/' ? T.number : T.any;
        if (op === '/') return T.number;
        return l.kind === 'integer' && r.kind === 'integer' ? T.integer : T.number;
      }
    }
  }
}

/** The pure member chain `root.a['b'].c` ending at `e`, or null if `e` is not one. */
function chainOf(e: Expr): ExprReference | null {
  const segs: ReferenceSegment[] = [];
  let cur: Expr = e;
  for (;;) {
    if (cur.kind === 'member') {
      segs.push({ name: cur.property, start: cur.propStart, end: cur.propEnd });
      cur = cur.object;
    } else if (cur.kind === 'index' && cur.index.kind === 'literal' && typeof cur.index.value === 'string') {
      segs.push({ name: cur.index.value, start: cur.index.start, end: cur.index.end });
      cur = cur.object;
    } else if (cur.kind === 'ident') {
      segs.push({ name: cur.name, start: cur.start, end: cur.end });
      segs.reverse();
      return { root: cur.name, path: segs.slice(1).map((s) => s.name), start: cur.start, end: e.end, segments: segs };
    } else return null;
  }
}

/** Every maximal member path rooted at a name, in source order. */
export function collectReferences(e: Expr, out: ExprReference[] = []): ExprReference[] {
  const chain = chainOf(e);
  if (chain) {
    out.push(chain);
    return out;
  }
  switch (e.kind) {
    case 'literal':
    case 'ident':
      break;
    case 'member':
      collectReferences(e.object, out);
      break;
    case 'index':
      collectReferences(e.object, out);
      collectReferences(e.index, out);
      break;
    case 'call':
      e.args.forEach((a) => collectReferences(a, out));
      break;
    case 'unary':
      collectReferences(e.operand, out);
      break;
    case 'binary':
      collectReferences(e.left, out);
      collectReferences(e.right, out);
      break;
    case 'ternary':
      collectReferences(e.test, out);
      collectReferences(e.consequent, out);
      collectReferences(e.alternate, out);
      break;
    case 'list':
      e.items.forEach((a) => collectReferences(a, out));
      break;
  }
  return out;
}

/** Infers the type of `ast`, with diagnostics (sorted by position) and references (source order). */
export function checkExpression(ast: Expr, env: TypeEnv): CheckResult {
  const c = new Checker(env);
  const type = c.infer(ast);
  const diagnostics = c.diagnostics.sort((a, b) => a.start - b.start || a.end - b.end);
  return { type, diagnostics, references: collectReferences(ast) };
}

/**
 * A `type-mismatch` diagnostic when a value of type `actual` cannot be used where `expected` is
 * required (e.g. a `when:` condition or a typed param), else null. `context` names the place:
 * "the condition", "param 'day'".
 */
export function expectType(actual: ExprType, expected: ExprType, start: number, end: number, context = 'this value'): ExprDiagnostic | null {
  if (isAssignable(actual, expected)) return null;
  return { code: 'type-mismatch', message: `Expected ${typeWithArticle(expected)} for ${context}, but the expression is ${typeWithArticle(actual)}.`, start, end };
}


export interface TemplateCheckResult extends CheckResult {
  /** The text is exactly one `${{ … }}` (whitespace around allowed) and yields a typed value. */
  whole: boolean;
}

/**
 * Checks every interpolation of a string value. Type: the expression's type when whole-value,
 * else string. Diagnostics include syntax errors. Offsets are `baseOffset` + index into `text`.
 */
export function checkTemplate(text: string, env: TypeEnv, baseOffset = 0): TemplateCheckResult {
  const t = parseTemplate(text, baseOffset);
  const diagnostics: ExprDiagnostic[] = [...t.errors];
  const references: ExprReference[] = [];
  let type: ExprType = T.string;
  for (const p of t.parts) {
    if (p.kind !== 'expr' || !p.ast) continue;
    const r = checkExpression(p.ast, env);
    diagnostics.push(...r.diagnostics);
    references.push(...r.references);
    if (t.whole === p) type = r.type;
  }
  if (t.whole && !t.whole.ast) type = T.any;
  diagnostics.sort((a, b) => a.start - b.start);
  return { type, diagnostics, references, whole: t.whole !== null };
}
