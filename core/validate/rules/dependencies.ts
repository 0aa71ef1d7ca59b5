/** Dependency rules: every `needs` entry names a task it may wait for, and the graph has no cycle. */
import type { Rule } from '../validate';
import { diag } from '../../diagnostics';
import { didYouMean, suggest } from '../../util/suggest';

export const dependencyRule: Rule = ({ analysis, view, out }) => {
  for (const n of analysis.needs) {
    const target = view.byId.get(n.target);
    if (!target) {
      const candidates = view.tasks.filter((t) => t.section === n.section && t.id !== n.task).map((t) => t.id);
      const sugg = suggest(n.target, candidates);
      out.push(diag('unknown-dependency', 'error', `Task '${n.task}' needs '${n.target}', but there is no such task.${didYouMean(sugg)}`, n.start, n.end, { suggestions: sugg }));
    } else if (target.section !== n.section) {
      const why =
        n.section === 'tasks'
          ? `'${n.target}' is a ${target.section} handler, which runs only after the main tasks.`
          : `handlers in ${n.section} run after the main tasks anyway; 'needs' may only name tasks of the same section.`;
      out.push(diag('unknown-dependency', 'error', `Task '${n.task}' cannot need '${n.target}': ${why}`, n.start, n.end));
    }
  }
  for (const c of analysis.graph.cycles) {
    const path = c.path.join(' → ');
    const first = c.edges[c.edges.length - 1]!;
    const message =
      c.path.length === 2
        ? `Task '${c.path[0]}' depends on itself${first.kind === 'expression' ? ' (through an expression)' : ''}. Remove this dependency.`
        : `Dependency cycle: ${path}. A pipeline must be acyclic; remove one of these dependencies.`;
    out.push(
      diag('dependency-cycle', 'error', message, first.start, first.end, {
        related: c.edges.map((e) => ({ message: `'${e.to}' ${e.kind === 'needs' ? 'needs' : 'refers to'} '${e.from}'`, start: e.start, end: e.end })),
      }),
    );
  }
};
