/**
 * Expression helpers every exporter's translator shares: constant folding, member chains, the
 * whole-value expression of a string. Pure, over core's expression AST.
 */
import { collectReferences, evaluate, type Expr } from '../core/expr';
import { parsedTemplate } from './util';

/** The value of an expression that refers to nothing (a literal, `1 + 2`, `upper('x')`), if it evaluates. */
export function fold(e: Expr): { value: unknown } | undefined {
  if (collectReferences(e).length > 0) return undefined;
  try {
    return { value: evaluate(e, {}) };
  } catch {
    return undefined;
  }
}

/** `params.x`, `tasks['a'].outputs.y` → the path of names; undefined for anything computed. */
export function chain(e: Expr): (string | number)[] | undefined {
  if (e.kind === 'ident') return [e.name];
  if (e.kind === 'member') {
    const o = chain(e.object);
    return o && [...o, e.property];
  }
  if (e.kind === 'index' && e.index.kind === 'literal' && (typeof e.index.value === 'string' || typeof e.index.value === 'number')) {
    const o = chain(e.object);
    return o && [...o, e.index.value];
  }
  return undefined;
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
