/**
 * The PlatformSpec document of a KFP IR → Weft: per executor, the deadline becomes `timeout`,
 * `secretAsEnv` secrets by reference, pod labels `labels`, and what Weft's `kubernetes` settings say
 * (node selector, tolerations, affinity, volumes with their mounts, pull secrets, security context,
 * annotations) becomes `kubernetes`; any other kfp-kubernetes setting (field paths or config maps as
 * env, init containers, shared memory, …) is kept verbatim under `platform.kubeflow.kubernetes`,
 * which the Kubeflow exporter merges back. Settings whose names come from a parameter or an upstream
 * task cannot be carried and are warned. The pipeline's `pipelineConfig.activeDeadlineSeconds` is
 * the run `timeout`; the rest of the pipeline-level config goes to `platform.kubeflow.platform`.
 */
import { pythonIdentifier } from '../../exporters/names';
import { fromExecutorConfig } from '../../exporters/kubeflow/kubernetes';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/** Whether raw settings refer to values of the KFP graph (which raw settings cannot rebind). */
function bound(v: unknown): boolean {
  const s = JSON.stringify(v);
  return s.includes('taskOutputParameter') || s.includes('componentInputParameter') || s.includes('{{$');
}

/** Applies one executor's KubernetesExecutorConfig to its Weft task. */
export function applyExecutorConfig(task: Obj, cfg: Obj, secrets: Obj, warn: (feature: string, message: string) => void, id: string): void {
  const own: Obj = {};
  let annotations: Obj | undefined;
  for (const [k, v] of Object.entries(cfg)) {
    if (k === 'activeDeadlineSeconds') task.timeout = `${Number(v)}s`;
    else if (k === 'secretAsEnv' && Array.isArray(v)) {
      const envs = (task.env ?? {}) as Obj;
      for (const s of v as Obj[]) {
        const secretName = (((s.secretNameParameter as Obj | undefined)?.runtimeValue as Obj | undefined)?.constant ?? s.secretName) as string | undefined;
        if (typeof secretName !== 'string' || (s.secretNameParameter !== undefined && bound(s.secretNameParameter))) {
          warn('secretAsEnv', `task ${id}: a secret named by a parameter is not carried`);
          continue;
        }
        if (s.optional === true) warn('secretAsEnv', `task ${id}: optional secret ${secretName} becomes a required one`);
        for (const kv of (s.keyToEnv ?? []) as { secretKey?: string; envVar?: string }[]) {
          const sname = pythonIdentifier(`${secretName}_${kv.secretKey}`);
          secrets[sname] = { kubernetes: { name: secretName, key: String(kv.secretKey) } };
          envs[String(kv.envVar)] = `\${{ secrets.${sname} }}`;
        }
      }
      task.env = envs;
    } else if (k === 'podMetadata' && isObj(v)) {
      if (isObj(v.labels)) task.labels = Object.fromEntries(Object.entries(v.labels).map(([a, b]) => [a, String(b)]));
      if (isObj(v.annotations)) annotations = Object.fromEntries(Object.entries(v.annotations).map(([a, b]) => [a, String(b)]));
    } else own[k] = v;
  }
  const { pod, rest, problems } = fromExecutorConfig(own);
  for (const p of problems) warn('kubernetes', `task ${id}: ${p} is not carried`);
  if (annotations) pod.annotations = annotations;
  if (Object.keys(pod).length > 0) task.kubernetes = pod;
  const raw: Obj = {};
  for (const [k, v] of Object.entries(rest)) {
    if (bound(v)) warn(k, `task ${id}: the Kubernetes setting ${k} reads a parameter or an upstream task; not carried`);
    else raw[k] = v;
  }
  if (Object.keys(raw).length > 0) {
    const platform = (task.platform ??= {}) as Obj;
    const kf = (platform.kubeflow ??= {}) as Obj;
    kf.kubernetes = raw;
  }
}

/** Pipeline-level settings of the PlatformSpec: the run deadline, and raw settings. */
export function pipelineSettings(platform: unknown, warn: (feature: string, message: string) => void): { timeout?: string; raw?: Obj } {
  if (!isObj(platform) || !isObj(platform.platforms)) return {};
  for (const p of Object.keys(platform.platforms)) if (p !== 'kubernetes') warn('platform', `platform ${p} is not carried`);
  const k8s = (platform.platforms as Obj).kubernetes;
  if (!isObj(k8s)) return {};
  const out: { timeout?: string; raw?: Obj } = {};
  const raw: Obj = {};
  for (const [k, v] of Object.entries(k8s)) {
    if (k === 'deploymentSpec') continue;
    if (k === 'pipelineConfig' && isObj(v)) {
      const { activeDeadlineSeconds, ...other } = v;
      if (typeof activeDeadlineSeconds === 'number' && activeDeadlineSeconds > 0) out.timeout = `${activeDeadlineSeconds}s`;
      if (Object.keys(other).length > 0) raw.pipelineConfig = other;
    } else raw[k] = v;
  }
  if (Object.keys(raw).length > 0) out.raw = raw;
  return out;
}
