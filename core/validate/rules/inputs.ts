/**
 * Input files and Kubernetes volumes point at things declared elsewhere: `inputs.<name>.from`
 * names another task's file or dir output (a value output has no file to stage), and every
 * `kubernetes.volumeMounts` entry names a volume the pod will have.
 */
import type { Rule } from '../validate';
import { diag } from '../../diagnostics';
import { childOf, type SyntaxNode } from '../../syntax/ast';
import { didYouMean, suggest } from '../../util/suggest';
import type { PipelineView } from '../../model/pipeline-view';

/** `${{ tasks.<id>.outputs.<name> }}` as the whole value (hyphens allowed, as in task ids). */
const OUTPUT_REF = /^\s*\$\{\{\s*tasks\.([A-Za-z_][A-Za-z0-9_-]*)\.outputs\.([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}\s*$/;

export const inputRule: Rule = ({ view, out }) => {
  const podVolumes = volumeNames(childOf(view.root, 'kubernetes'), true);
  for (const t of view.tasks) {
    const inputs = childOf(t.node, 'inputs');
    if (inputs?.kind === 'map') {
      for (const p of inputs.pairs) {
        const from = childOf(p.value, 'from');
        if (from?.kind !== 'scalar' || typeof from.value !== 'string') continue;
        const name = String(p.key.value);
        if (!from.value.includes('${{')) {
          out.push(diag('input-not-file', 'error', `Input '${name}' of task '${t.id}' takes 'from' a fixed path; 'from' names another task's file output, as \${{ tasks.<id>.outputs.<name> }}. For a fixed file use 'url' or 'content'.`, from.start, from.end));
          continue;
        }
        const m = OUTPUT_REF.exec(from.value);
        if (!m) continue;
        const type = outputType(view, m[1]!, m[2]!);
        // Unknown tasks and outputs are the expression rules' to report.
        if (type !== undefined && type !== 'file' && type !== 'dir') {
          out.push(diag('input-not-file', 'error', `Input '${name}' of task '${t.id}' comes from output '${m[2]}' of task '${m[1]}', which is a ${type} value, not a file. Declare that output as {type: file, path: …}, or pass the value through env or args.`, from.start, from.end));
        }
      }
    }

    const k8s = childOf(t.node, 'kubernetes');
    const mounts = childOf(k8s, 'volumeMounts');
    if (mounts?.kind !== 'seq') continue;
    const known = [...podVolumes, ...volumeNames(k8s, false)];
    for (const m of mounts.items) {
      const n = childOf(m, 'name');
      if (n?.kind !== 'scalar' || typeof n.value !== 'string' || known.includes(n.value)) continue;
      const sugg = suggest(n.value, known);
      out.push(
        diag('unknown-volume', 'error', `Task '${t.id}' mounts volume '${n.value}', which is not declared: add it to 'kubernetes.volumes' (of the task or the pipeline) or to the pipeline's 'kubernetes.volumeClaimTemplates'.${didYouMean(sugg)}`, n.start, n.end, { suggestions: sugg }),
      );
    }
  }
};

function outputType(view: PipelineView, task: string, output: string): string | undefined {
  const decl = childOf(childOf(view.byId.get(task)?.node ?? null, 'outputs'), output);
  const type = childOf(decl, 'type')?.value;
  return typeof type === 'string' ? type : undefined;
}

/** Names of `volumes` (and, at pipeline level, `volumeClaimTemplates`) in a `kubernetes` block. */
function volumeNames(k8s: SyntaxNode | null | undefined, claims: boolean): string[] {
  const names: string[] = [];
  const add = (n: SyntaxNode | null | undefined): void => {
    if (n?.kind === 'scalar' && typeof n.value === 'string') names.push(n.value);
  };
  const volumes = childOf(k8s, 'volumes');
  if (volumes?.kind === 'seq') for (const v of volumes.items) add(childOf(v, 'name'));
  const templates = claims ? childOf(k8s, 'volumeClaimTemplates') : undefined;
  if (templates?.kind === 'seq') for (const c of templates.items) add(childOf(childOf(c, 'metadata'), 'name'));
  return names;
}
