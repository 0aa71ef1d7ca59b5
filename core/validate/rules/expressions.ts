/** Reports what the expression checker found, with the format's own wording where it knows more. */
import type { Rule } from '../validate';
import { diag } from '../../diagnostics';
import { segmentRange } from '../../analysis/expressions';

export const expressionRule: Rule = ({ analysis, view, out }) => {
  const { diagnostics, references } = analysis.expressions;
  for (const d of diagnostics) {
    let code = d.code;
    let message = d.message;
    if (d.code === 'unknown-reference') {
      const ref = references.find((r) => r.ref.segments.some((_, i) => segmentRange(r, i)!.start === d.start && segmentRange(r, i)!.end === d.end));
      // `tasks.<known>.outputs.<unknown>`: the output exists nowhere — the fix is to declare it.
      if (ref && ref.root === 'tasks' && ref.path[1] === 'outputs' && ref.path.length >= 3 && view.byId.has(ref.path[0]!) && segmentRange(ref, 3)?.start === d.start) {
        code = 'undeclared-output';
        message = `${message} Declare it under tasks.${ref.path[0]}.outputs (with its type) so the runtime and exporters pass it on.`;
      } else if (ref && ref.root === 'item' && segmentRange(ref, 0)?.start === d.start) {
        message = `'item' exists only in a task with 'foreach'. Add \`foreach: {items: ...}\` to this task or remove the reference.`;
      }
    }
    out.push(diag(code, 'error', message, d.start, d.end, { suggestions: d.suggestions }));
  }
};
