/**
 * Names that point elsewhere in the document: file/dir outputs need a path; webhook secrets and
 * pinned canvas positions name things that exist; task ids are unique across sections.
 */
import type { Rule } from '../validate';
import { diag } from '../../diagnostics';
import { childOf } from '../../syntax/ast';
import { didYouMean, suggest } from '../../util/suggest';

export const referenceRule: Rule = ({ view, out }) => {
  const firstBySection = new Map<string, { section: string; start: number; end: number }>();
  for (const t of view.tasks) {
    const prev = firstBySection.get(t.id);
    if (prev && prev.section !== t.section) {
      out.push(
        diag('duplicate-task', 'error', `Task id '${t.id}' is already used in ${prev.section}; ids must be unique across tasks, onFailure and finally.`, t.keyNode.start, t.keyNode.end, {
          related: [{ message: 'first defined here', start: prev.start, end: prev.end }],
        }),
      );
    } else if (!prev) firstBySection.set(t.id, { section: t.section, start: t.keyNode.start, end: t.keyNode.end });

    const outputs = childOf(t.node, 'outputs');
    // A sub-pipeline's file outputs are where its own tasks wrote them: no path of the caller's.
    if (outputs?.kind === 'map' && t.type !== 'pipeline') {
      for (let i = 0; i < outputs.size; i++) {
        const value = outputs.valueAt(i);
        const type = childOf(value, 'type')?.value;
        if ((type === 'file' || type === 'dir') && !childOf(value, 'path')) {
          const key = outputs.keyAt(i);
          out.push(diag('missing-required', 'error', `Output '${String(key.value)}' of task '${t.id}' is a ${type} and needs a 'path' (where the task writes it).`, key.start, key.end));
        }
      }
    }
  }

  const triggers = childOf(view.root, 'triggers');
  if (triggers?.kind === 'seq') {
    for (const trig of triggers.items) {
      const secret = childOf(childOf(trig, 'webhook'), 'secret');
      if (secret?.kind === 'scalar' && typeof secret.value === 'string' && !view.secrets.has(secret.value)) {
        const sugg = suggest(secret.value, view.secrets.keys());
        out.push(diag('unknown-reference', 'error', `Unknown secret '${secret.value}': declare it under 'secrets:'.${didYouMean(sugg)}`, secret.start, secret.end, { suggestions: sugg }));
      }
    }
  }

  const pinned = childOf(childOf(view.root, 'layout'), 'pinned');
  if (pinned?.kind === 'map') {
    for (const key of pinned.keys) {
      const id = String(key.value);
      if (!view.byId.has(id)) {
        out.push(diag('unknown-reference', 'warning', `Pinned position for '${id}', which is not a task; remove it.`, key.start, key.end));
      }
    }
  }
};
