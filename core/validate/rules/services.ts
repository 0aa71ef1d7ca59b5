/**
 * Service tasks (`service:`): only a task that runs a process can keep running; one service is
 * one process (no fan-out); it never ends, so it reports no outputs; `ready` is a path on `port`.
 */
import type { Rule } from '../validate';
import { diag } from '../../diagnostics';
import { childOf } from '../../syntax/ast';

const PROCESS_TYPES = new Set(['shell', 'python', 'node', 'container']);

export const serviceRule: Rule = ({ view, out }) => {
  for (const t of view.tasks) {
    const s = childOf(t.node, 'service');
    if (!s || s.value === false) continue;
    if (t.type !== undefined && !PROCESS_TYPES.has(t.type)) {
      out.push(diag('invalid-value', 'error', `Task '${t.id}' is a ${t.type} task, which cannot keep running as a service; only shell, python, node and container tasks can. Remove 'service'.`, s.start, s.end));
      continue;
    }
    for (const key of ['foreach', 'outputs'] as const) {
      const other = childOf(t.node, key);
      if (!other) continue;
      const why = key === 'foreach' ? 'a service is one process that later tasks reach at one address' : 'a service keeps running, so it never reports outputs';
      out.push(diag('conflicting-keys', 'error', `Task '${t.id}' is a service and has '${key}': ${why}. Remove '${key}', or move it to a task that uses the service.`, other.start, other.end));
    }
    const ready = childOf(s, 'ready');
    if (ready && !childOf(s, 'port')) {
      out.push(diag('missing-required', 'error', `The service of task '${t.id}' has 'ready' but no 'port': say which port answers ${String(ready.value)} (e.g. service: {port: 8080, ready: ${String(ready.value)}}).`, ready.start, ready.end));
    }
  }
};
