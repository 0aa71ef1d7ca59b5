/** Referenced files exist: scripts, SQL files and sub-pipelines (checked through the host). */
import type { Rule } from '../validate';
import { diag } from '../../diagnostics';
import { childOf } from '../../syntax/ast';

const FILE_FIELDS: Record<string, { key: string; code: string; what: string }[]> = {
  python: [{ key: 'script', code: 'script-not-found', what: 'Script' }],
  node: [{ key: 'script', code: 'script-not-found', what: 'Script' }],
  sql: [{ key: 'file', code: 'script-not-found', what: 'SQL file' }],
  pipeline: [{ key: 'pipeline', code: 'pipeline-not-found', what: 'Sub-pipeline file' }],
};

export const fileRule: Rule = ({ view, host, out }) => {
  if (!host.fileExists) return;
  for (const t of view.tasks) {
    for (const f of FILE_FIELDS[t.type ?? ''] ?? []) {
      const n = childOf(t.node, f.key);
      if (n?.kind !== 'scalar' || typeof n.value !== 'string' || n.value === '' || n.value.includes('${{')) continue;
      const rel = workdirOf(t.node) ? `${workdirOf(t.node)}/${n.value}` : n.value;
      if (!host.fileExists(rel)) {
        out.push(diag(f.code, 'error', `${f.what} '${n.value}' of task '${t.id}' does not exist (paths are relative to ${workdirOf(t.node) ? `the task's workdir '${workdirOf(t.node)}'` : "the pipeline file's folder"}). Create it or fix the path.`, n.start, n.end));
      }
    }
  }
};

function workdirOf(node: Parameters<typeof childOf>[0]): string | undefined {
  const w = childOf(node, 'workdir');
  return typeof w?.value === 'string' && w.value !== '' && w.value !== '.' ? w.value.replace(/\/+$/, '') : undefined;
}
