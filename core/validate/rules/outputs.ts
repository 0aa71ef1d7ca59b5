/**
 * Output declarations: a `default` and an `enum` belong to value outputs and match the declared
 * type (a default is also one of the allowed values); a value output read from a `path` cannot be
 * a metric (metrics go through WEFT_METRICS so they are tracked across runs). A pipeline's own
 * outputs are one `${{ }}` expression each, of the declared type.
 */
import type { Rule, RuleContext } from '../validate';
import { diag } from '../../diagnostics';
import { childOf } from '../../syntax/ast';
import { isAssignable, typeFromName, typeToString, valueMatches } from '../../expr';
import { valueTypeName } from '../../expr/types';

const NOT_VALUES = new Set(['file', 'dir', 'metric']);

export const outputRule: Rule = ({ view, analysis, out }) => {
  pipelineOutputs(view.root, analysis, out);
  for (const t of view.tasks) {
    const outputs = childOf(t.node, 'outputs');
    if (outputs?.kind !== 'map') continue;
    for (let i = 0; i < outputs.size; i++) {
      const o = outputs.valueAt(i);
      const type = childOf(o, 'type')?.value;
      if (typeof type !== 'string') continue;
      const name = String(outputs.keyValue(i));
      const def = childOf(o, 'default');
      const en = childOf(o, 'enum');
      if (NOT_VALUES.has(type)) {
        for (const [key, node] of [['default', def], ['enum', en]] as const) {
          if (node) out.push(diag('invalid-value', 'error', `Output '${name}' of task '${t.id}' is a ${type}; '${key}' is only for value outputs (string, integer, number, boolean, list, object). Remove it.`, node.start, node.end));
        }
        if (type === 'metric' && childOf(o, 'path')) {
          const p = childOf(o, 'path')!;
          out.push(diag('invalid-value', 'error', `Output '${name}' of task '${t.id}' is a metric, reported through WEFT_METRICS; remove 'path' (or declare it {type: number, path: …} to read a value from a file).`, p.start, p.end));
        }
        continue;
      }
      const expected = typeFromName(type);
      if (en?.kind === 'seq') {
        for (const item of en.items) {
          if (!valueMatches(item.value, expected)) out.push(diag('type-mismatch', 'error', `An allowed value of output '${name}' of task '${t.id}' is ${valueTypeName(item.value)}, but the output is declared ${typeToString(expected)}.`, item.start, item.end));
        }
      }
      if (!def || def.value === null) continue;
      if (!valueMatches(def.value, expected)) {
        out.push(diag('type-mismatch', 'error', `The default of output '${name}' of task '${t.id}' is ${valueTypeName(def.value)}, but the output is declared ${typeToString(expected)}.`, def.start, def.end));
      } else if (en?.kind === 'seq' && !en.items.some((x) => JSON.stringify(x.value) === JSON.stringify(def.value))) {
        out.push(diag('invalid-value', 'error', `The default of output '${name}' of task '${t.id}' is not one of its allowed values (${en.items.map((x) => JSON.stringify(x.value)).join(', ')}).`, def.start, def.end));
      }
    }
  }
};

/** Top-level `outputs`: each `value` is one whole expression whose type fits the declared one. */
function pipelineOutputs(root: RuleContext['view']['root'], analysis: RuleContext['analysis'], out: RuleContext['out']): void {
  const outputs = childOf(root, 'outputs');
  if (outputs?.kind !== 'map') return;
  for (let i = 0; i < outputs.size; i++) {
    const o = outputs.valueAt(i);
    const type = childOf(o, 'type')?.value;
    const value = childOf(o, 'value');
    if (typeof type !== 'string' || value?.kind !== 'scalar' || typeof value.value !== 'string') continue;
    const name = String(outputs.keyValue(i));
    const e = analysis.expressions.expressions.find((x) => x.node === value);
    const whole = e && e.start - value.start <= 1 && value.end - e.end <= 1;
    if (!whole) {
      out.push(diag('invalid-value', 'error', `The value of pipeline output '${name}' must be one \${{ }} expression, e.g. \${{ tasks.<id>.outputs.<name> }}.`, value.start, value.end));
      continue;
    }
    // A file or dir output passes a path on: any string-like value fits.
    const expected = type === 'file' || type === 'dir' ? typeFromName('string') : typeFromName(type);
    if (!isAssignable(e.type, expected)) {
      out.push(diag('type-mismatch', 'error', `Pipeline output '${name}' is declared ${type}, but its value is ${typeToString(e.type)}.`, value.start, value.end));
    }
  }
}
