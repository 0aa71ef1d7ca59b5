/**
 * `manifest` tasks → Argo `resource` templates. Argo runs the same kubectl action on the same
 * object and watches it with the same label-selector style conditions, so every field maps one to
 * one (a delete without a manifest names its objects by flags alone, as kubectl does); `capture`
 * becomes output parameters read from the object (`valueFrom.jsonPath`).
 */
import type { ManifestTask } from '../../core/model/types';

type Obj = Record<string, unknown>;

/**
 * The `resource` body. `text(hint, value, where)` turns a string with `${{ }}` into Argo text
 * (an input parameter of the template when it needs the DAG's scope).
 */
export function resourceBody(task: ManifestTask, text: (hint: string, value: string, where: string) => string): Obj {
  const r: Obj = { action: task.action ?? 'apply' };
  if (task.mergeStrategy !== undefined) r.mergeStrategy = task.mergeStrategy;
  if (task.flags?.length) r.flags = task.flags.map((f, i) => text(`flag_${i}`, f, `flags[${i}]`));
  if (task.ownedByRun) r.setOwnerReference = true;
  if (task.successCondition !== undefined) r.successCondition = text('success', task.successCondition, 'successCondition');
  if (task.failureCondition !== undefined) r.failureCondition = text('failure', task.failureCondition, 'failureCondition');
  if (task.manifest !== undefined) r.manifest = text('manifest', task.manifest, 'manifest');
  return r;
}

/** A captured output: the output parameter reading it from the object. */
export function capturedOutput(name: string, jsonPath: string, globalName?: string): Obj {
  return { name, ...(globalName ? { globalName } : {}), valueFrom: { jsonPath } };
}
