/**
 * Expression helpers every exporter's translator shares: constant folding, member chains, the
 * whole-value expression of a string. Pure, over core's expression AST.
 */
import { collectReferences, evaluate, type Expr } from '../core/expr';
import { parsedTemplate } from './util';

/** The value of an expression that refers to nothing (a literal, `1 + 2`, `upper('x')`), if it evaluates. */
export function fold(e: Expr): { value: unknown } | undefined {
  if (refersToAnything(e)) return undefined;
  try {
    return { value: evaluate(e, {}) };
  } catch {
    return undefined;
  }
}

/**
 * Whether an expression names anything (core's collectReferences would find a reference): some
 * identifier is reachable. Answers without building the references, on every constant fold.
 */
function refersToAnything(e: Expr): boolean {
  switch (e.kind) {
    case 'literal':
      return false;
    case 'ident':
      return true;
    case 'member':
      return refersToAnything(e.object);
    case 'index':
      return refersToAnything(e.object) || refersToAnything(e.index);
    case 'call':
      for (const a of e.args) if (refersToAnything(a)) return true;
      return false;
    case 'unary':
      return refersToAnything(e.operand);
    case 'binary':
      return refersToAnything(e.left) || refersToAnything(e.right);
    case 'ternary':
      return refersToAnything(e.test) || refersToAnything(e.consequent) || refersToAnything(e.alternate);
    case 'list':
      for (const a of e.items) if (refersToAnything(a)) return true;
      return false;
    default:
      return collectReferences(e).length > 0;
  }
}

/** `params.x`, `tasks['a'].outputs.y` → the path of names; undefined for anything computed. */
export function chain(e: Expr): (string | number)[] | undefined {
  // Walked from the outside in, collected in one array and reversed (no copy per segment).
  const out: (string | number)[] = [];
  let cur = e;
  for (;;) {
    if (cur.kind === 'ident') {
      out.push(cur.name);
      return out.reverse();
    }
    if (cur.kind === 'member') out.push(cur.property);
    else if (cur.kind === 'index' && cur.index.kind === 'literal' && (typeof cur.index.value === 'string' || typeof cur.index.value === 'number')) out.push(cur.index.value);
    else return undefined;
    cur = cur.object;
  }
}

/** Whether the parentheses of a text balance (a translated condition must not break out of its group). */
export function balanced(s: string): boolean {
  let depth = 0;
  for (const ch of s) {
    if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/** The whole-value expression of a string, when it is exactly one `${{ }}`. */
export function wholeExpr(text: string): Expr | undefined {
  if (!text.includes('${{')) return undefined;
  const p = parsedTemplate(text);
  return p.errors.length === 0 && p.whole?.ast ? p.whole.ast : undefined;
}
