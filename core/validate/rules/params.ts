/** Param rules: defaults match their declared type and enum; every declared param is used. */
import type { Rule } from '../validate';
import { diag } from '../../diagnostics';
import { childOf } from '../../syntax/ast';
import { isAssignable, listOf, typeFromName, valueMatches, typeToString } from '../../expr';
import { valueTypeName } from '../../expr/types';

export const paramRule: Rule = ({ analysis, view, out }) => {
  const used = new Set<string>();
  for (const r of analysis.expressions.references) if (r.root === 'params' && r.path[0] !== undefined) used.add(r.path[0]);
  // Sub-pipeline `with:` keys and shell env make no implicit use: a param is used when referenced.
  for (const [name, p] of view.params) {
    const def = childOf(p.node, 'default');
    if (def && p.type) {
      const isExpr = typeof def.value === 'string' && def.value.includes('${{');
      let expected = typeFromName(p.type);
      const itemType = childOf(childOf(p.node, 'items'), 'type')?.value;
      if (expected.kind === 'list' && typeof itemType === 'string') expected = listOf(typeFromName(itemType));
      if (isExpr) {
        // A whole-value expression has the type the checker inferred; text around one makes a string.
        const e = analysis.expressions.expressions.find((x) => x.node === def);
        const whole = e && e.start - def.start <= 1 && def.end - e.end <= 1;
        const t = whole ? e.type : typeFromName('string');
        if (!isAssignable(t, expected)) {
          out.push(diag('type-mismatch', 'error', `The default of param '${name}' is ${typeToString(t)}, but the param is declared ${typeToString(expected)}.`, def.start, def.end));
        }
      } else if (def.value !== null && !valueMatches(def.value, expected)) {
        out.push(diag('type-mismatch', 'error', `The default of param '${name}' is ${valueTypeName(def.value)}, but the param is declared ${typeToString(expected)}.`, def.start, def.end));
      }
      const en = childOf(p.node, 'enum');
      if (!isExpr && en?.kind === 'seq' && !en.items.some((i) => JSON.stringify(i.value) === JSON.stringify(def.value))) {
        out.push(diag('invalid-value', 'error', `The default of param '${name}' is not one of its allowed values (${en.items.map((i) => JSON.stringify(i.value)).join(', ')}).`, def.start, def.end));
      }
    }
    if (!used.has(name)) {
      out.push(diag('unused-param', 'warning', `Param '${name}' is declared but never used. Reference it as \${{ params.${name} }} or remove it.`, p.keyNode.start, p.keyNode.end));
    }
  }
};
