/**
 * Where the importer puts Argo's pod and engine settings: Kubernetes settings Weft models go to
 * `kubernetes` (portable to every cluster target); settings only Argo has go, verbatim, to
 * `platform.argo` at the place the Argo exporter merges them back (docs/exporters.md, Argo).
 */
import { ImportError } from '../types';
import { argoPieces, escapeWeft } from './expr';

type Obj = Record<string, any>;

function isObj(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Workflow spec fields with a `kubernetes` equivalent (Argo name → Weft name). */
export const SPEC_K8S: Record<string, string> = {
  serviceAccountName: 'serviceAccount',
  nodeSelector: 'nodeSelector',
  tolerations: 'tolerations',
  affinity: 'affinity',
  volumes: 'volumes',
  volumeClaimTemplates: 'volumeClaimTemplates',
  imagePullSecrets: 'imagePullSecrets',
  podPriorityClassName: 'priorityClassName',
  podMetadata: '',
};

/** Workflow spec fields only Argo has: kept verbatim under platform.argo.spec. */
export const SPEC_RAW = new Set([
  'automountServiceAccountToken', 'executor', 'podGC', 'ttlStrategy', 'archiveLogs', 'artifactRepositoryRef', 'artifactGC', 'priority',
  'securityContext', 'dnsConfig', 'dnsPolicy', 'hostAliases', 'hostNetwork', 'podDisruptionBudget', 'schedulerName', 'metrics',
  'workflowMetadata', 'podSpecPatch', 'shutdown', 'retryStrategy', 'podResources', 'resourceClaims', 'volumeClaimGC', 'templateDefaults',
  'suspend', 'synchronization',
]);

/** Template fields with a `kubernetes` equivalent. */
export const TEMPLATE_K8S: Record<string, string> = {
  nodeSelector: 'nodeSelector',
  tolerations: 'tolerations',
  affinity: 'affinity',
  serviceAccountName: 'serviceAccount',
  priorityClassName: 'priorityClassName',
  volumes: 'volumes',
  sidecars: 'sidecars',
};

/** Template fields only Argo has: kept verbatim under platform.argo.template. */
export const TEMPLATE_RAW = new Set([
  'securityContext', 'podSpecPatch', 'priority', 'schedulerName', 'hostAliases', 'metrics', 'archiveLocation', 'executor', 'podResources',
  'resourceClaims', 'automountServiceAccountToken', 'synchronization', 'initContainers', 'memoize', 'annotations',
]);

/** Container fields with a `kubernetes` equivalent. */
export const CONTAINER_K8S: Record<string, string> = { volumeMounts: 'volumeMounts', imagePullPolicy: 'imagePullPolicy', securityContext: 'securityContext' };

/** Container fields only Argo (Kubernetes) has, with no Weft field: kept under platform.argo.template.<container|script>. */
export const CONTAINER_RAW = new Set([
  'ports', 'readinessProbe', 'livenessProbe', 'startupProbe', 'lifecycle', 'terminationMessagePath', 'terminationMessagePolicy', 'stdin',
  'stdinOnce', 'tty', 'resizePolicy', 'workingDir', 'envFrom', 'volumeDevices', 'restartPolicy',
]);

/** Argo tags a verbatim setting may keep: they mean the same in any exported workflow. */
const KEEPABLE = /^(workflow\.(name|namespace|uid|serviceAccountName|creationTimestamp(\..*)?|mainEntrypoint|priority|duration|status|labels\..+|annotations\..+)|pod\.name|node\.name|status|duration|exitCode|retries|cronworkflow\..+)$/;

/**
 * Checks a verbatim (platform.argo) value: the tags left in it must mean the same in the export.
 * `param` says whether `workflow.parameters.<n>` keeps its name in the pipeline.
 */
export function checkVerbatim(v: unknown, where: string, param: (n: string) => boolean): void {
  if (typeof v === 'string') {
    for (const p of argoPieces(v)) {
      if (p.tag === undefined || KEEPABLE.test(p.tag)) continue;
      const m = /^workflow\.parameters\.(.+)$/.exec(p.tag);
      if (m && param(m[1]!)) continue;
      throw new ImportError('references in Argo-only settings', `${where}: {{${p.tag}}} would not resolve in the exported workflow`);
    }
  } else if (Array.isArray(v)) v.forEach((x) => checkVerbatim(x, where, param));
  else if (isObj(v)) for (const x of Object.values(v)) checkVerbatim(x, where, param);
}

/**
 * A per-task Argo-only setting (platform.argo.template): tags that mean the same in the export
 * stay as they are (`keep`); the others (`{{item.x}}`, a task's output…) become `${{ }}`
 * (`conv`), which the exporter translates like any other string of the task.
 */
export function translateVerbatim(v: unknown, keep: (tag: string) => boolean, conv: (tag: string) => string): any {
  if (typeof v === 'string') {
    const pieces = argoPieces(v);
    if (!v.includes('${{') && pieces.every((p) => p.tag === undefined || keep(p.tag))) return v;
    return pieces.map((p) => (p.tag === undefined ? escapeWeft(p.text!) : keep(p.tag) ? `{{${p.tag}}}` : `\${{ ${conv(p.tag)} }}`)).join('');
  }
  if (Array.isArray(v)) return v.map((x) => translateVerbatim(x, keep, conv));
  if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, translateVerbatim(x, keep, conv)]));
  return v;
}

/** Whether a tag means the same in any exported workflow. */
export function keepable(tag: string): boolean {
  return KEEPABLE.test(tag);
}

/** `podMetadata` / template `metadata` → kubernetes annotations and pod labels. */
export function podMetadata(m: unknown, k8s: Obj): void {
  if (!isObj(m)) return;
  if (isObj(m.annotations) && Object.keys(m.annotations).length > 0) k8s.annotations = Object.fromEntries(Object.entries(m.annotations).map(([k, v]) => [k, String(v)]));
  if (isObj(m.labels) && Object.keys(m.labels).length > 0) k8s.podLabels = Object.fromEntries(Object.entries(m.labels).map(([k, v]) => [k, String(v)]));
}

/** Kubernetes `imagePullSecrets` ([{name}]) → the names. */
export function pullSecretNames(v: unknown, where: string): string[] {
  if (!Array.isArray(v)) throw new ImportError('imagePullSecrets that are not a list', where);
  return v.map((x) => {
    if (!isObj(x) || typeof x.name !== 'string') throw new ImportError('imagePullSecrets without a name', where);
    return x.name;
  });
}

/** A port number Weft's `service.port` can hold (a named port cannot: Weft has no container ports). */
function isPort(v: unknown): v is number {
  return Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 65535;
}

/**
 * A daemon template's readiness probe → Weft's `service`: an HTTP GET of a path on a port is
 * `{port, ready}`, a TCP connection to a port is `{port}`; the probe's timing fields (delays,
 * periods, thresholds) have no Weft field and are `rest`, kept for Argo, which merges them over
 * the probe it generates. Any other probe (exec, grpc, a named port, a host or scheme) is kept
 * whole, with `service: true`.
 */
export function serviceOf(probe: unknown): { service: true | { port: number; ready?: string }; rest?: Obj } {
  if (!isObj(probe)) return { service: true };
  const { httpGet, tcpSocket, exec, grpc, ...rest } = probe;
  const only = (o: unknown, keys: string[]): o is Obj => isObj(o) && Object.keys(o).every((k) => keys.includes(k));
  const single = [httpGet, tcpSocket, exec, grpc].filter((x) => x !== undefined).length === 1;
  const service =
    single && only(httpGet, ['path', 'port']) && isPort(httpGet.port) && typeof httpGet.path === 'string' && httpGet.path.startsWith('/')
      ? { port: httpGet.port, ready: httpGet.path }
      : single && only(tcpSocket, ['port']) && isPort(tcpSocket.port)
        ? { port: tcpSocket.port }
        : undefined;
  if (!service) return { service: true, rest: probe };
  return Object.keys(rest).length > 0 ? { service, rest } : { service };
}
