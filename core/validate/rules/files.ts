/**
 * Referenced files exist: scripts, SQL files and sub-pipelines (checked through the host); the
 * outputs a pipeline task reads are outputs its sub-pipeline declares, of the same type.
 */
import type { Rule } from '../validate';
import { diag } from '../../diagnostics';
import { childOf, type MapNode } from '../../syntax/ast';
import { parseDocument } from '../../syntax/parse';
import { didYouMean, suggest } from '../../util/suggest';

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

/** A pipeline task's declared outputs against its sub-pipeline's top-level `outputs`, when the host can read it. */
export const subPipelineOutputRule: Rule = ({ view, host, out }) => {
  if (!host.readFile) return;
  for (const t of view.tasks) {
    if (t.type !== 'pipeline') continue;
    const declared = childOf(t.node, 'outputs');
    const file = childOf(t.node, 'pipeline')?.value;
    if (declared?.kind !== 'map' || declared.size === 0 || typeof file !== 'string' || file === '' || file.includes('${{')) continue;
    const text = host.readFile(workdirOf(t.node) ? `${workdirOf(t.node)}/${file}` : file);
    if (text === undefined) continue; // fileRule says it is missing
    const sub = parseDocument(file, text).root;
    const has = childOf(sub, 'outputs');
    const theirs = has?.kind === 'map' ? has : undefined;
    const names = theirs ? theirs.keys.map((k) => String(k.value)) : [];
    for (let i = 0; i < declared.size; i++) {
      const key = declared.keyAt(i);
      const name = String(key.value);
      const their = theirs ? childOf(theirs, name) : undefined;
      if (!their) {
        const s = suggest(name, names);
        const has = names.length > 0 ? ` (it has ${names.join(', ')})` : ' (it declares none)';
        out.push(diag('undeclared-output', 'error', `Sub-pipeline '${file}' of task '${t.id}' has no output '${name}'${has}: declare it under its top-level 'outputs:', e.g. ${name}: {type: string, value: "\${{ tasks.<id>.outputs.<name> }}"}.${didYouMean(s)}`, key.start, key.end, { suggestions: s }));
        continue;
      }
      const mine = childOf(declared.valueAt(i), 'type');
      const type = childOf(their, 'type')?.value;
      if (mine && typeof mine.value === 'string' && typeof type === 'string' && mine.value !== type) {
        out.push(diag('type-mismatch', 'error', `Output '${name}' of task '${t.id}' is declared ${mine.value}, but sub-pipeline '${file}' reports it as ${type}.`, mine.start, mine.end));
      }
    }
  }
};

function workdirOf(node: MapNode | null): string | undefined {
  const w = childOf(node, 'workdir');
  return typeof w?.value === 'string' && w.value !== '' && w.value !== '.' ? w.value.replace(/\/+$/, '') : undefined;
}
