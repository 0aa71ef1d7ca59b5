/**
 * `platform.kubeflow`: raw KFP settings, merged verbatim (objects key by key, recursively; lists and
 * scalars replace) into the part of the output each key names.
 *
 *   task level     inputs      → inputs of a `container` task's component, by KFP name: a
 *                                constant or one `${{ }}` value (a param, an upstream output or
 *                                file, the item, `run.status` in a handler). For components that
 *                                read their inputs from KFP's executor input (`{{$}}`), as the
 *                                SDK's Python components do; `weft import` writes them.
 *                  task        → the DAG task (PipelineTaskSpec: cachingOptions.cacheKey, …)
 *                  component   → the task's ComponentSpec
 *                  executor    → its executor (`{container: …}`, or `{importer: …}` for an
 *                                importer node: typeSchema, metadata, reimport)
 *                  kubernetes  → its KubernetesExecutorConfig in the PlatformSpec
 *                                (fieldPathAsEnv, configMapAsEnv, initContainers, …)
 *   pipeline level spec        → the PipelineSpec (pipelineInfo, defaultPipelineRoot, …)
 *                  platform    → the PlatformSpec's `platforms.kubernetes` (pipelineConfig, …)
 */
type Obj = Record<string, unknown>;

export const TASK_KEYS = ['inputs', 'task', 'component', 'executor', 'kubernetes'] as const;
export const PIPELINE_KEYS = ['spec', 'platform'] as const;

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Merges `extra` into `target` in place; returns target. Nested objects of `target` are copied
 * before they change: the export shares identical definitions between components.
 */
export function deepMerge(target: Obj, extra: Obj): Obj {
  for (const [k, v] of Object.entries(extra)) {
    const t = target[k];
    if (isObj(v) && isObj(t)) target[k] = deepMerge({ ...t }, v);
    else target[k] = isObj(v) ? deepMerge({}, v) : Array.isArray(v) ? structuredClone(v) : v;
  }
  return target;
}

/** The part of `platform.kubeflow` for one place, and the keys that name no place. */
const NONE = Object.freeze({ parts: Object.freeze({}), unknown: Object.freeze([]) as unknown as string[], notObjects: Object.freeze([]) as unknown as string[] });

export function kubeflowSettings<K extends string>(raw: Record<string, unknown> | undefined, keys: readonly K[]): { parts: Partial<Record<K, Obj>>; unknown: string[]; notObjects: string[] } {
  // Most tasks have none: no allocation for them (a 1,000-task export asks a thousand times).
  if (raw === undefined) return NONE as { parts: Partial<Record<K, Obj>>; unknown: string[]; notObjects: string[] };
  const parts: Partial<Record<K, Obj>> = {};
  const unknown: string[] = [];
  const notObjects: string[] = [];
  for (const [k, v] of Object.entries(raw ?? {})) {
    if (!(keys as readonly string[]).includes(k)) unknown.push(k);
    else if (!isObj(v)) notObjects.push(k);
    else parts[k as K] = v;
  }
  return { parts, unknown, notObjects };
}
