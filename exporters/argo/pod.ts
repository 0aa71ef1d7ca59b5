/**
 * Kubernetes pod settings (`kubernetes`) and raw Argo settings (`platform.argo`) on Argo.
 *
 * Pipeline-level `kubernetes` goes where Argo applies it to every pod of the run (the workflow
 * spec: serviceAccountName, nodeSelector, tolerations, affinity, volumes, podMetadata…); what
 * Argo only has per container (volumeMounts, securityContext, imagePullPolicy) and sidecars are
 * repeated on every pod template. A task's own `kubernetes` goes on its template. docs/exporters.md
 * (Argo section) lists every field and every `platform.argo` key with the place it is merged.
 */
import type { KubernetesPod, PipelineKubernetes } from '../../core/model/types';

type Obj = Record<string, unknown>;

export function isPlainObject(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * `patch` merged into `base` in place: objects key by key (recursively), anything else (lists
 * included) replaces. Keys new to `base` are appended, so the output order stays deterministic.
 */
export function deepMerge(base: Obj, patch: Obj): Obj {
  for (const [k, v] of Object.entries(patch)) {
    const cur = base[k];
    if (isPlainObject(cur) && isPlainObject(v)) deepMerge(cur, v);
    else base[k] = clone(v);
  }
  return base;
}

function clone(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clone);
  if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clone(x)]));
  return v;
}

/** The keys `platform.argo` accepts on a task and on the pipeline (others are warned about). */
export const TASK_PLATFORM_KEYS = ['template', 'task', 'inputs', 'outputs'] as const;
export const PIPELINE_PLATFORM_KEYS = ['spec', 'metadata', 'cron', 'main'] as const;

/** The object under `platform.argo.<key>`, if it is one. */
export function platformPart(platform: Obj | undefined, key: string): Obj | undefined {
  const v = platform?.[key];
  return isPlainObject(v) ? v : undefined;
}

/** Workflow-spec fields for the pipeline-level settings Argo applies to every pod. */
export function workflowPodFields(k: PipelineKubernetes | undefined, taskPullSecrets: string[]): Obj {
  const spec: Obj = {};
  if (!k && taskPullSecrets.length === 0) return spec;
  if (k?.serviceAccount !== undefined) spec.serviceAccountName = k.serviceAccount;
  if (k?.nodeSelector && Object.keys(k.nodeSelector).length > 0) spec.nodeSelector = k.nodeSelector;
  if (k?.tolerations?.length) spec.tolerations = k.tolerations;
  if (k?.affinity) spec.affinity = k.affinity;
  const meta: Obj = {};
  if (k?.annotations && Object.keys(k.annotations).length > 0) meta.annotations = k.annotations;
  if (k?.podLabels && Object.keys(k.podLabels).length > 0) meta.labels = k.podLabels;
  if (Object.keys(meta).length > 0) spec.podMetadata = meta;
  // Argo has image pull secrets only for the whole workflow: a task's own are added to them.
  const pull = [...new Set([...(k?.imagePullSecrets ?? []), ...taskPullSecrets])];
  if (pull.length > 0) spec.imagePullSecrets = pull.map((name) => ({ name }));
  if (k?.priorityClassName !== undefined) spec.podPriorityClassName = k.priorityClassName;
  if (k?.volumes?.length) spec.volumes = k.volumes;
  if (k?.volumeClaimTemplates?.length) spec.volumeClaimTemplates = k.volumeClaimTemplates;
  return spec;
}

/** Template-level fields for a task's own `kubernetes` (pod placement, volumes, sidecars, metadata). */
export function templatePodFields(pipeline: KubernetesPod | undefined, task: KubernetesPod | undefined, template: Obj): void {
  if (task?.serviceAccount !== undefined) template.serviceAccountName = task.serviceAccount;
  if (task?.nodeSelector && Object.keys(task.nodeSelector).length > 0) template.nodeSelector = task.nodeSelector;
  if (task?.tolerations?.length) template.tolerations = task.tolerations;
  if (task?.affinity) template.affinity = task.affinity;
  if (task?.priorityClassName !== undefined) template.priorityClassName = task.priorityClassName;
  if (task?.volumes?.length) template.volumes = task.volumes;
  if (task?.annotations || task?.podLabels) {
    const meta = (template.metadata as Obj | undefined) ?? {};
    if (task.annotations && Object.keys(task.annotations).length > 0) meta.annotations = task.annotations;
    if (task.podLabels && Object.keys(task.podLabels).length > 0) meta.labels = { ...((meta.labels as Obj | undefined) ?? {}), ...task.podLabels };
    if (Object.keys(meta).length > 0) template.metadata = meta;
  }
  const sidecars = [...(pipeline?.sidecars ?? []), ...(task?.sidecars ?? [])];
  if (sidecars.length > 0) template.sidecars = sidecars;
}

/** Container-level fields: volume mounts (pipeline's then task's), security context, pull policy. */
export function containerPodFields(pipeline: KubernetesPod | undefined, task: KubernetesPod | undefined, c: Obj): void {
  const policy = task?.imagePullPolicy ?? pipeline?.imagePullPolicy;
  if (policy !== undefined) c.imagePullPolicy = policy;
  const mounts = [...(pipeline?.volumeMounts ?? []), ...(task?.volumeMounts ?? [])];
  if (mounts.length > 0) c.volumeMounts = mounts;
  if (pipeline?.securityContext || task?.securityContext) c.securityContext = { ...(pipeline?.securityContext ?? {}), ...(task?.securityContext ?? {}) };
}

/** Whether a task's `kubernetes` sets anything that needs a container (mounts, security context, pull policy). */
export function needsContainer(k: KubernetesPod | undefined): boolean {
  return !!k && (k.volumeMounts !== undefined || k.securityContext !== undefined || k.imagePullPolicy !== undefined || k.sidecars !== undefined);
}
