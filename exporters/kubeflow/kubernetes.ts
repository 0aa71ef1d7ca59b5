/**
 * Weft `kubernetes` pod settings → kfp-kubernetes' `KubernetesExecutorConfig` (the PlatformSpec
 * document), and back (importers/kubeflow uses `fromExecutorConfig`).
 *
 * The executor config is narrower than a pod: node selector, tolerations, node/pod affinity as
 * selector terms, PVC/secret/config-map/emptyDir/ephemeral volumes *with* their mount, pull secrets
 * and policy, pod labels and annotations, and three securityContext fields. Everything else (a
 * service account, sidecars, a priority class, other volume kinds, mounts without a volume) is
 * returned as a problem for the caller to warn about: the export never drops it silently.
 */
import type { KubernetesPod } from '../../core/model/types';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const constant = (v: unknown): Obj => ({ runtimeValue: { constant: v } });

/** Pipeline-level settings with a task's added: maps merge (the task wins), lists concatenate. */
export function mergePod(base: KubernetesPod | undefined, own: KubernetesPod | undefined): KubernetesPod | undefined {
  if (!base) return own;
  if (!own) return base;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(own)) {
    const b = (base as Obj)[k];
    if (Array.isArray(v) && Array.isArray(b)) out[k] = [...b, ...v];
    else if (isObj(v) && isObj(b) && k !== 'affinity' && k !== 'securityContext') out[k] = { ...b, ...v };
    else out[k] = v;
  }
  return out as KubernetesPod;
}

function selectorRequirements(list: unknown): Obj[] | undefined {
  if (!Array.isArray(list)) return undefined;
  return list.filter(isObj).map((r) => ({ key: String(r.key ?? ''), operator: String(r.operator ?? ''), ...(Array.isArray(r.values) && r.values.length > 0 ? { values: r.values.map(String) } : {}) }));
}

function nodeTerm(term: Obj, weight?: number): Obj {
  const out: Obj = {};
  const e = selectorRequirements(term.matchExpressions);
  const f = selectorRequirements(term.matchFields);
  if (e?.length) out.matchExpressions = e;
  if (f?.length) out.matchFields = f;
  if (weight !== undefined) out.weight = weight;
  return out;
}

function podTerm(term: Obj, anti: boolean, weight: number | undefined, problems: string[]): Obj {
  const out: Obj = {};
  const sel = isObj(term.labelSelector) ? term.labelSelector : {};
  const e = selectorRequirements(sel.matchExpressions);
  if (e?.length) out.matchPodExpressions = e;
  if (isObj(sel.matchLabels)) out.matchPodLabels = sel.matchLabels;
  if (typeof term.topologyKey === 'string') out.topologyKey = term.topologyKey;
  if (Array.isArray(term.namespaces) && term.namespaces.length > 0) out.namespaces = term.namespaces.map(String);
  const ns = isObj(term.namespaceSelector) ? term.namespaceSelector : undefined;
  if (ns) {
    const ne = selectorRequirements(ns.matchExpressions);
    if (ne?.length) out.matchNamespaceExpressions = ne;
    if (isObj(ns.matchLabels)) out.matchNamespaceLabels = ns.matchLabels;
  }
  for (const k of Object.keys(term)) if (!['labelSelector', 'topologyKey', 'namespaces', 'namespaceSelector'].includes(k)) problems.push(`affinity: ${k} of a pod affinity term`);
  if (weight !== undefined) out.weight = weight;
  if (anti) out.anti = true;
  return out;
}

function affinity(a: Obj, cfg: Obj, problems: string[]): void {
  const node: Obj[] = [];
  const pod: Obj[] = [];
  for (const [kind, v] of Object.entries(a)) {
    if (!isObj(v)) continue;
    if (kind === 'nodeAffinity') {
      const req = isObj(v.requiredDuringSchedulingIgnoredDuringExecution) ? v.requiredDuringSchedulingIgnoredDuringExecution : undefined;
      for (const t of Array.isArray(req?.nodeSelectorTerms) ? req!.nodeSelectorTerms : []) if (isObj(t)) node.push(nodeTerm(t));
      for (const p of Array.isArray(v.preferredDuringSchedulingIgnoredDuringExecution) ? v.preferredDuringSchedulingIgnoredDuringExecution : []) {
        if (isObj(p) && isObj(p.preference)) node.push(nodeTerm(p.preference, Number(p.weight ?? 1)));
      }
    } else if (kind === 'podAffinity' || kind === 'podAntiAffinity') {
      const anti = kind === 'podAntiAffinity';
      for (const t of Array.isArray(v.requiredDuringSchedulingIgnoredDuringExecution) ? v.requiredDuringSchedulingIgnoredDuringExecution : []) if (isObj(t)) pod.push(podTerm(t, anti, undefined, problems));
      for (const p of Array.isArray(v.preferredDuringSchedulingIgnoredDuringExecution) ? v.preferredDuringSchedulingIgnoredDuringExecution : []) {
        if (isObj(p) && isObj(p.podAffinityTerm)) pod.push(podTerm(p.podAffinityTerm, anti, Number(p.weight ?? 1), problems));
      }
    } else problems.push(`affinity.${kind}`);
  }
  if (node.length > 0) cfg.nodeAffinity = node;
  if (pod.length > 0) cfg.podAffinity = pod;
}

/** One mounted volume → the executor config list it belongs to; false when KFP has no such volume. */
function mount(vol: Obj, m: Obj, cfg: Obj): boolean {
  const mountPath = String(m.mountPath);
  const push = (key: string, entry: Obj): true => {
    ((cfg[key] ??= []) as Obj[]).push(entry);
    return true;
  };
  if (isObj(vol.persistentVolumeClaim) && typeof vol.persistentVolumeClaim.claimName === 'string') {
    const e: Obj = { mountPath, pvcNameParameter: constant(vol.persistentVolumeClaim.claimName) };
    if (typeof m.subPath === 'string') e.subPath = m.subPath;
    return push('pvcMount', e);
  }
  if (isObj(vol.secret) && typeof vol.secret.secretName === 'string') {
    const e: Obj = { secretName: vol.secret.secretName, mountPath, secretNameParameter: constant(vol.secret.secretName) };
    if (typeof vol.secret.optional === 'boolean') e.optional = vol.secret.optional;
    return push('secretAsVolume', e);
  }
  if (isObj(vol.configMap) && typeof vol.configMap.name === 'string') {
    const e: Obj = { configMapName: vol.configMap.name, mountPath, configMapNameParameter: constant(vol.configMap.name) };
    if (typeof vol.configMap.optional === 'boolean') e.optional = vol.configMap.optional;
    return push('configMapAsVolume', e);
  }
  if (isObj(vol.emptyDir)) {
    const e: Obj = { volumeName: String(vol.name), mountPath };
    if (typeof vol.emptyDir.medium === 'string') e.medium = vol.emptyDir.medium;
    if (vol.emptyDir.sizeLimit !== undefined) e.sizeLimit = String(vol.emptyDir.sizeLimit);
    return push('emptyDirMounts', e);
  }
  const tmpl = isObj(vol.ephemeral) && isObj(vol.ephemeral.volumeClaimTemplate) ? vol.ephemeral.volumeClaimTemplate : undefined;
  if (tmpl && isObj(tmpl.spec)) {
    const spec = tmpl.spec;
    const e: Obj = { volumeName: String(vol.name), mountPath };
    if (Array.isArray(spec.accessModes)) e.accessModes = spec.accessModes.map(String);
    const size = isObj(spec.resources) && isObj(spec.resources.requests) ? spec.resources.requests.storage : undefined;
    if (size !== undefined) e.size = String(size);
    if (typeof spec.storageClassName === 'string') e.storageClassName = spec.storageClassName;
    else e.defaultStorageClass = true;
    if (isObj(tmpl.metadata)) {
      const md: Obj = {};
      if (isObj(tmpl.metadata.labels)) md.labels = tmpl.metadata.labels;
      if (isObj(tmpl.metadata.annotations)) md.annotations = tmpl.metadata.annotations;
      if (Object.keys(md).length > 0) e.metadata = md;
    }
    return push('genericEphemeralVolume', e);
  }
  return false;
}

/**
 * The executor config fields for `pod` (added to `cfg`, which may already hold secrets, labels,
 * a deadline), and what could not be said.
 */
export function toExecutorConfig(pod: KubernetesPod, cfg: Obj): string[] {
  const problems: string[] = [];
  if (pod.nodeSelector && Object.keys(pod.nodeSelector).length > 0) cfg.nodeSelector = { labels: pod.nodeSelector };
  if (pod.tolerations?.length) {
    cfg.tolerations = pod.tolerations.map((t) => {
      const o: Obj = {};
      for (const k of ['key', 'operator', 'value', 'effect'] as const) if (typeof t[k] === 'string') o[k] = t[k];
      if (typeof t.tolerationSeconds === 'number') o.tolerationSeconds = String(t.tolerationSeconds);
      return o;
    });
  }
  if (pod.affinity) affinity(pod.affinity, cfg, problems);
  const vols = new Map((pod.volumes ?? []).map((v) => [v.name, v as Obj]));
  const mounted = new Set<string>();
  for (const m of pod.volumeMounts ?? []) {
    const vol = vols.get(m.name);
    if (!vol) problems.push(`volumeMounts: ${m.name} is not a volume of this task (a volumeClaimTemplate is not available on Kubeflow)`);
    else if (!mount(vol, m as Obj, cfg)) problems.push(`volumes: ${m.name} is not a PVC, secret, config map, emptyDir or ephemeral volume`);
    else {
      mounted.add(m.name);
      for (const k of Object.keys(m)) if (!['name', 'mountPath', 'subPath'].includes(k)) problems.push(`volumeMounts: ${k} of ${m.name}`);
    }
  }
  for (const v of pod.volumes ?? []) if (!mounted.has(v.name)) problems.push(`volumes: ${v.name} is not mounted (KFP declares a volume with its mount)`);
  const md: Obj = isObj(cfg.podMetadata) ? cfg.podMetadata : {};
  if (pod.podLabels && Object.keys(pod.podLabels).length > 0) md.labels = { ...((md.labels as Obj | undefined) ?? {}), ...pod.podLabels };
  if (pod.annotations && Object.keys(pod.annotations).length > 0) md.annotations = { ...pod.annotations };
  if (Object.keys(md).length > 0) cfg.podMetadata = md;
  if (pod.imagePullPolicy) cfg.imagePullPolicy = pod.imagePullPolicy;
  if (pod.imagePullSecrets?.length) cfg.imagePullSecret = pod.imagePullSecrets.map((s) => ({ secretName: s, secretNameParameter: constant(s) }));
  if (pod.securityContext) {
    const sc: Obj = {};
    for (const [k, v] of Object.entries(pod.securityContext)) {
      if ((k === 'runAsUser' || k === 'runAsGroup') && typeof v === 'number') sc[k] = String(v);
      else if (k === 'runAsNonRoot' && typeof v === 'boolean') sc[k] = v;
      else problems.push(`securityContext.${k}`);
    }
    if (Object.keys(sc).length > 0) cfg.securityContext = sc;
  }
  if (pod.serviceAccount) problems.push('serviceAccount (set it on the run or the KFP profile)');
  if (pod.sidecars?.length) problems.push('sidecars');
  if (pod.priorityClassName) problems.push('priorityClassName');
  return problems;
}

const paramConstant = (p: unknown): unknown => (isObj(p) && isObj(p.runtimeValue) ? p.runtimeValue.constant : undefined);

function requirementsBack(list: unknown): Obj[] | undefined {
  if (!Array.isArray(list) || list.length === 0) return undefined;
  return list.filter(isObj).map((r) => ({ key: r.key, operator: r.operator, ...(Array.isArray(r.values) ? { values: r.values } : {}) }));
}

/**
 * A KubernetesExecutorConfig → Weft `kubernetes` settings; `rest` holds the keys that have no
 * `kubernetes` field (the importer decides: its own fields, or raw `platform.kubeflow`), `problems`
 * what could not be carried (names read from parameters or tasks).
 */
export function fromExecutorConfig(cfg: Obj): { pod: Obj; rest: Obj; problems: string[] } {
  const pod: Obj = {};
  const rest: Obj = {};
  const problems: string[] = [];
  const volumes: Obj[] = [];
  const mounts: Obj[] = [];
  const named = (p: unknown, fallback: unknown): string | undefined => {
    const c = paramConstant(p);
    if (typeof c === 'string') return c;
    if (p !== undefined) return undefined;
    return typeof fallback === 'string' ? fallback : undefined;
  };
  const addVolume = (name: string, volume: Obj, m: Obj): void => {
    let n = name;
    for (let i = 2; volumes.some((v) => v.name === n); i++) n = `${name}-${i}`;
    volumes.push({ name: n, ...volume });
    mounts.push({ name: n, ...m });
  };
  const slug = (s: string): string => s.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50) || 'volume';
  for (const [k, v] of Object.entries(cfg)) {
    switch (k) {
      case 'nodeSelector': {
        const json = isObj(v) ? paramConstant(v.nodeSelectorJson) : undefined;
        if (isObj(v) && isObj(v.labels)) pod.nodeSelector = v.labels;
        // A constant JSON selector (kfp-kubernetes' add_node_selector_json with a literal) is one too.
        if (isObj(json)) pod.nodeSelector = { ...((pod.nodeSelector as Obj | undefined) ?? {}), ...json };
        else if (isObj(v) && v.nodeSelectorJson !== undefined) problems.push('nodeSelector from a parameter');
        break;
      }
      case 'tolerations':
        pod.tolerations = (v as Obj[]).flatMap((t) => {
          if (t.tolerationJson !== undefined) {
            const json = paramConstant(t.tolerationJson);
            if (isObj(json)) return [json];
            if (Array.isArray(json)) return json.filter(isObj);
            problems.push('a toleration from a parameter');
            return [];
          }
          const o: Obj = {};
          for (const f of ['key', 'operator', 'value', 'effect']) if (typeof t[f] === 'string' && t[f] !== '') o[f] = t[f];
          if (t.tolerationSeconds !== undefined) o.tolerationSeconds = Number(t.tolerationSeconds);
          return [o];
        });
        break;
      case 'nodeAffinity': {
        const required: Obj[] = [];
        const preferred: Obj[] = [];
        for (const t of v as Obj[]) {
          if (t.nodeAffinityJson !== undefined) {
            // A constant JSON NodeAffinity (add_node_affinity_json with a literal) is read as one.
            const json = paramConstant(t.nodeAffinityJson);
            if (!isObj(json)) {
              problems.push('node affinity from a parameter');
              continue;
            }
            const req = isObj(json.requiredDuringSchedulingIgnoredDuringExecution) ? json.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms : undefined;
            if (Array.isArray(req)) required.push(...req.filter(isObj));
            const pref = json.preferredDuringSchedulingIgnoredDuringExecution;
            if (Array.isArray(pref)) preferred.push(...pref.filter(isObj));
            continue;
          }
          const term: Obj = {};
          const e = requirementsBack(t.matchExpressions);
          const f = requirementsBack(t.matchFields);
          if (e) term.matchExpressions = e;
          if (f) term.matchFields = f;
          if (typeof t.weight === 'number') preferred.push({ weight: t.weight, preference: term });
          else if (Object.keys(term).length > 0) required.push(term);
        }
        const na: Obj = {};
        if (required.length > 0) na.requiredDuringSchedulingIgnoredDuringExecution = { nodeSelectorTerms: required };
        if (preferred.length > 0) na.preferredDuringSchedulingIgnoredDuringExecution = preferred;
        if (Object.keys(na).length > 0) pod.affinity = { ...((pod.affinity as Obj | undefined) ?? {}), nodeAffinity: na };
        break;
      }
      case 'podAffinity': {
        const aff: Obj = (pod.affinity as Obj | undefined) ?? {};
        for (const t of v as Obj[]) {
          const term: Obj = {};
          const sel: Obj = {};
          const e = requirementsBack(t.matchPodExpressions);
          if (e) sel.matchExpressions = e;
          if (isObj(t.matchPodLabels)) sel.matchLabels = t.matchPodLabels;
          if (Object.keys(sel).length > 0) term.labelSelector = sel;
          if (typeof t.topologyKey === 'string') term.topologyKey = t.topologyKey;
          if (Array.isArray(t.namespaces)) term.namespaces = t.namespaces;
          const ns: Obj = {};
          const ne = requirementsBack(t.matchNamespaceExpressions);
          if (ne) ns.matchExpressions = ne;
          if (isObj(t.matchNamespaceLabels)) ns.matchLabels = t.matchNamespaceLabels;
          if (Object.keys(ns).length > 0) term.namespaceSelector = ns;
          const kind = t.anti ? 'podAntiAffinity' : 'podAffinity';
          const group = ((aff[kind] ??= {}) as Obj);
          if (typeof t.weight === 'number') ((group.preferredDuringSchedulingIgnoredDuringExecution ??= []) as Obj[]).push({ weight: t.weight, podAffinityTerm: term });
          else ((group.requiredDuringSchedulingIgnoredDuringExecution ??= []) as Obj[]).push(term);
        }
        pod.affinity = aff;
        break;
      }
      case 'pvcMount':
        for (const m of v as Obj[]) {
          const claim = named(m.pvcNameParameter, m.constant);
          if (!claim) {
            problems.push(`a PVC mount at ${String(m.mountPath)} whose claim name comes from a task or a parameter`);
            continue;
          }
          addVolume(slug(claim), { persistentVolumeClaim: { claimName: claim } }, { mountPath: m.mountPath, ...(typeof m.subPath === 'string' && m.subPath ? { subPath: m.subPath } : {}) });
        }
        break;
      case 'secretAsVolume':
        for (const m of v as Obj[]) {
          const name = named(m.secretNameParameter, m.secretName);
          if (!name) {
            problems.push('a secret volume named by a parameter');
            continue;
          }
          addVolume(slug(`secret-${name}`), { secret: { secretName: name, ...(typeof m.optional === 'boolean' ? { optional: m.optional } : {}) } }, { mountPath: m.mountPath });
        }
        break;
      case 'configMapAsVolume':
        for (const m of v as Obj[]) {
          const name = named(m.configMapNameParameter, m.configMapName);
          if (!name) {
            problems.push('a config map volume named by a parameter');
            continue;
          }
          addVolume(slug(`config-${name}`), { configMap: { name, ...(typeof m.optional === 'boolean' ? { optional: m.optional } : {}) } }, { mountPath: m.mountPath });
        }
        break;
      case 'emptyDirMounts':
        for (const m of v as Obj[]) {
          const ed: Obj = {};
          if (typeof m.medium === 'string') ed.medium = m.medium;
          if (typeof m.sizeLimit === 'string') ed.sizeLimit = m.sizeLimit;
          addVolume(slug(String(m.volumeName ?? 'scratch')), { emptyDir: ed }, { mountPath: m.mountPath });
        }
        break;
      case 'genericEphemeralVolume':
        for (const m of v as Obj[]) {
          const spec: Obj = {};
          if (Array.isArray(m.accessModes)) spec.accessModes = m.accessModes;
          if (typeof m.size === 'string') spec.resources = { requests: { storage: m.size } };
          if (typeof m.storageClassName === 'string' && m.storageClassName) spec.storageClassName = m.storageClassName;
          const tmpl: Obj = { spec };
          if (isObj(m.metadata)) tmpl.metadata = m.metadata;
          addVolume(slug(String(m.volumeName ?? 'ephemeral')), { ephemeral: { volumeClaimTemplate: tmpl } }, { mountPath: m.mountPath });
        }
        break;
      case 'imagePullSecret': {
        const names: string[] = [];
        for (const s of v as Obj[]) {
          const n = named(s.secretNameParameter, s.secretName);
          if (n) names.push(n);
          else problems.push('an image pull secret named by a parameter');
        }
        if (names.length > 0) pod.imagePullSecrets = names;
        break;
      }
      case 'imagePullPolicy':
        if (v === 'Always' || v === 'IfNotPresent' || v === 'Never') pod.imagePullPolicy = v;
        else if (v !== '') problems.push(`imagePullPolicy ${String(v)}`);
        break;
      case 'securityContext': {
        const sc: Obj = {};
        for (const [f, x] of Object.entries(v as Obj)) sc[f] = f === 'runAsNonRoot' ? x : Number(x);
        pod.securityContext = sc;
        break;
      }
      default:
        rest[k] = v;
    }
  }
  if (volumes.length > 0) {
    pod.volumes = volumes;
    pod.volumeMounts = mounts;
  }
  return { pod, rest, problems };
}
