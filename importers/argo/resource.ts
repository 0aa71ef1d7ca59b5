/**
 * Argo `resource` templates → Weft `manifest` tasks: the same kubectl action on the same object,
 * watched with the same conditions; output parameters read from the object (`valueFrom.jsonPath`)
 * become `capture`. A delete without a manifest names its objects by flags alone (`[configmap,
 * --selector, x]`), as a Weft manifest task may; a manifest from an artifact (`manifestFrom`) has
 * no Weft spelling and is an ImportError.
 */
import { ImportError } from '../types';
import type { RefUse } from './expr';

type Obj = Record<string, any>;

const ACTIONS = ['apply', 'create', 'replace', 'patch', 'delete', 'get'];
const FIELDS = new Set(['action', 'manifest', 'successCondition', 'failureCondition', 'mergeStrategy', 'flags', 'setOwnerReference', 'manifestFrom']);

/** The task body of a resource template; `text` translates Argo text (tags → `${{ }}`). */
export function manifestTask(t: Obj, text: (s: unknown) => string): Obj {
  const r = t.resource as Obj;
  const where = `template ${t.name}`;
  for (const k of Object.keys(r)) if (!FIELDS.has(k)) throw new ImportError(`resource ${k}`, where);
  if (r.manifestFrom !== undefined) throw new ImportError('resource manifestFrom (a manifest from an artifact)', where);
  const action = String(r.action ?? '');
  if (!ACTIONS.includes(action)) throw new ImportError(`resource action ${action || '(none)'}`, where);
  const byFlags = r.manifest === undefined && action === 'delete' && Array.isArray(r.flags) && r.flags.length > 0;
  if (!byFlags && (typeof r.manifest !== 'string' || !r.manifest.trim())) throw new ImportError('resource templates without a manifest', `${where}: only a delete may name its objects by flags alone`);
  const out: Obj = { type: 'manifest', action };
  if (r.mergeStrategy !== undefined) {
    if (!['strategic', 'merge', 'json'].includes(String(r.mergeStrategy))) throw new ImportError(`resource mergeStrategy ${r.mergeStrategy}`, where);
    out.mergeStrategy = String(r.mergeStrategy);
  }
  if (r.flags !== undefined) {
    if (!Array.isArray(r.flags)) throw new ImportError('resource flags that are not a list', where);
    out.flags = r.flags.map((f: unknown) => text(f));
  }
  if (r.setOwnerReference === true) out.ownedByRun = true;
  if (r.successCondition !== undefined) out.successCondition = text(r.successCondition);
  if (r.failureCondition !== undefined) out.failureCondition = text(r.failureCondition);
  if (!byFlags) out.manifest = text(r.manifest);
  return out;
}

/** Output parameters of a resource template the workflow reads → declared outputs captured by JSONPath. */
export function captureOutputs(task: Obj, t: Obj, uses: Map<string, Set<RefUse>>, sub: (s: string) => string): void {
  const params: Obj[] = Array.isArray(t.outputs?.parameters) ? t.outputs.parameters : [];
  const outputs: Obj = {};
  const capture: Obj = {};
  for (const name of uses.keys()) {
    const p = params.find((x) => x?.name === name);
    if (!p) throw new ImportError(name === '\u0000result' ? 'outputs.result of resource templates' : 'references to undeclared outputs', `template ${t.name}: ${name === '\u0000result' ? 'result' : name}`);
    const vf = p.valueFrom;
    if (typeof vf?.jsonPath !== 'string' || Object.keys(vf).some((k) => k !== 'jsonPath')) throw new ImportError('resource outputs not read by jsonPath', `template ${t.name}: ${name}`);
    const id = safeName(name);
    outputs[id] = { type: 'string' };
    capture[id] = sub(vf.jsonPath);
  }
  if (Object.keys(capture).length === 0) return;
  task.capture = capture;
  task.outputs = { ...outputs, ...(task.outputs ?? {}) };
}

function safeName(n: string): string {
  let s = n.replace(/[^A-Za-z0-9_-]/g, '_');
  if (!/^[A-Za-z_]/.test(s)) s = `_${s}`;
  return s;
}
