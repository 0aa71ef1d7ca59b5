/**
 * A strict proto3-JSON check of Kubeflow Pipelines IR against the real proto
 * (../shared/corpora/kfp/proto/pipeline_spec.proto), loaded with protobufjs.
 *
 * protobufjs's `fromObject` ignores unknown fields, so the JSON is first walked against the
 * message descriptors: every key must be a field (lowerCamelCase JSON name), every enum value a
 * declared name, every scalar the right JSON kind (int64 may be a string, durations "3600s"),
 * at most one member of a oneof set. The walk also converts the well-known types (Struct, Value,
 * Duration) to the object form protobufjs expects, and the result then goes through
 * `Type.fromObject` and `verify`. Because `PipelineSpec.deploymentSpec` is a free Struct in the
 * proto, it is also checked as `PipelineDeploymentConfig` (what the KFP backend reads), and a
 * second document as `PlatformSpec` with every Kubernetes executor config as
 * `kfp_kubernetes.KubernetesExecutorConfig`.
 */
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { loadAll } from 'js-yaml';
import { ROOT } from '../helpers';

export const PROTO_DIR = join(ROOT, '..', 'shared', 'corpora', 'kfp', 'proto');

let cached: protobuf.Root | undefined;

export function protoRoot(): protobuf.Root {
  if (cached) return cached;
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => join(PROTO_DIR, target.replace(/^.*?(google\/|pipeline_spec|kubernetes_executor)/, '$1'));
  root.loadSync(['pipeline_spec.proto', 'kubernetes_executor_config.proto'], { keepCase: false });
  root.resolveAll();
  cached = root;
  return root;
}

const INT32 = new Set(['int32', 'sint32', 'sfixed32', 'uint32', 'fixed32']);
const INT64 = new Set(['int64', 'sint64', 'sfixed64', 'uint64', 'fixed64']);

function kindOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

/** Walks `value` as message `type`; pushes problems; returns the protobufjs object form. */
function walkMessage(type: protobuf.Type, value: unknown, at: string, errors: string[]): unknown {
  switch (type.fullName) {
    case '.google.protobuf.Struct':
      if (kindOf(value) !== 'object') {
        errors.push(`${at}: Struct wants an object, got ${kindOf(value)}`);
        return {};
      }
      return { fields: Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, toValue(v)])) };
    case '.google.protobuf.Value':
      return toValue(value);
    case '.google.protobuf.ListValue':
      if (!Array.isArray(value)) {
        errors.push(`${at}: ListValue wants an array`);
        return { values: [] };
      }
      return { values: value.map(toValue) };
    case '.google.protobuf.Duration': {
      const m = typeof value === 'string' ? /^(-)?(\d+)(?:\.(\d{1,9}))?s$/.exec(value) : null;
      if (!m) {
        errors.push(`${at}: Duration wants a string like "3600s", got ${JSON.stringify(value)}`);
        return {};
      }
      const seconds = Number(m[2]) * (m[1] ? -1 : 1);
      const nanos = m[3] ? Number(m[3].padEnd(9, '0')) * (m[1] ? -1 : 1) : 0;
      return { seconds, nanos };
    }
    case '.google.protobuf.Timestamp':
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) errors.push(`${at}: Timestamp wants an RFC 3339 string`);
      return {};
  }
  if (kindOf(value) !== 'object') {
    errors.push(`${at}: ${type.name} wants an object, got ${kindOf(value)}`);
    return {};
  }
  const out: Record<string, unknown> = {};
  const oneofs = new Map<string, string>();
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const field = type.fields[key];
    if (!field) {
      errors.push(`${at}: unknown field '${key}' in ${type.fullName.slice(1)}`);
      continue;
    }
    const where = `${at}.${key}`;
    if (v === null) {
      errors.push(`${where}: null`);
      continue;
    }
    if (field.partOf && !field.partOf.name.startsWith('_')) {
      const prev = oneofs.get(field.partOf.name);
      if (prev) errors.push(`${at}: oneof ${field.partOf.name} has both '${prev}' and '${key}'`);
      oneofs.set(field.partOf.name, key);
    }
    if (field.map) {
      if (kindOf(v) !== 'object') {
        errors.push(`${where}: a map wants an object, got ${kindOf(v)}`);
        continue;
      }
      const m: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as object)) m[k] = walkField(field, x, `${where}[${JSON.stringify(k)}]`, errors);
      out[key] = m;
    } else if (field.repeated) {
      if (!Array.isArray(v)) {
        errors.push(`${where}: a repeated field wants an array, got ${kindOf(v)}`);
        continue;
      }
      out[key] = v.map((x, i) => walkField(field, x, `${where}[${i}]`, errors));
    } else out[key] = walkField(field, v, where, errors);
  }
  return out;
}

function walkField(field: protobuf.Field, v: unknown, at: string, errors: string[]): unknown {
  const rt = field.resolvedType;
  if (rt instanceof protobuf.Type) return walkMessage(rt, v, at, errors);
  if (rt instanceof protobuf.Enum) {
    if (typeof v === 'string' ? !(v in rt.values) : !(typeof v === 'number' && Object.values(rt.values).includes(v))) {
      errors.push(`${at}: ${JSON.stringify(v)} is not a value of ${rt.fullName.slice(1)}`);
    }
    return v;
  }
  const t = field.type;
  const bad = (want: string): unknown => {
    errors.push(`${at}: ${t} wants ${want}, got ${JSON.stringify(v)}`);
    return undefined;
  };
  if (t === 'string') return typeof v === 'string' ? v : bad('a string');
  if (t === 'bool') return typeof v === 'boolean' ? v : bad('true or false');
  if (t === 'double' || t === 'float') {
    if (typeof v === 'number' || v === 'NaN' || v === 'Infinity' || v === '-Infinity') return v;
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
    return bad('a number');
  }
  if (INT32.has(t) || INT64.has(t)) {
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : NaN;
    if (!Number.isInteger(n) || (t.startsWith('u') && n < 0)) return bad('an integer');
    if (INT32.has(t) && (n > 2 ** 31 - 1 || n < -(2 ** 31)) && !t.startsWith('u')) return bad('a 32-bit integer');
    return v;
  }
  if (t === 'bytes') return typeof v === 'string' && /^[A-Za-z0-9+/_-]*={0,2}$/.test(v) ? v : bad('base64');
  return bad('a known scalar');
}

function toValue(v: unknown): unknown {
  if (v === null) return { nullValue: 0 };
  if (typeof v === 'number') return { numberValue: v };
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (Array.isArray(v)) return { listValue: { values: v.map(toValue) } };
  return { structValue: { fields: Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, toValue(x)])) } };
}

/** Problems of `json` as message `typeName` (e.g. `ml_pipelines.PipelineSpec`); empty when it parses strictly. */
export function strictErrors(typeName: string, json: unknown): string[] {
  const type = protoRoot().lookupType(typeName);
  const errors: string[] = [];
  const obj = walkMessage(type, json, typeName.split('.').pop()!, errors);
  if (errors.length > 0) return errors;
  try {
    const msg = type.fromObject(obj as Record<string, unknown>);
    const v = type.verify(msg);
    if (v) errors.push(`verify: ${v}`);
  } catch (e) {
    errors.push(`fromObject: ${(e as Error).message}`);
  }
  return errors;
}

/**
 * Every check for one IR file's text: the first document as PipelineSpec (its deploymentSpec as
 * PipelineDeploymentConfig), a second document as PlatformSpec (Kubernetes executor configs as
 * KubernetesExecutorConfig). No more than two documents.
 */
export function checkIr(text: string): string[] {
  let docs: unknown[];
  try {
    docs = loadAll(text);
  } catch (e) {
    return [`YAML: ${(e as Error).message}`];
  }
  docs = docs.filter((d) => d !== null && d !== undefined);
  if (docs.length === 0 || docs.length > 2) return [`expected one or two YAML documents, got ${docs.length}`];
  const [spec, platform] = docs as Record<string, unknown>[];
  const errors = strictErrors('ml_pipelines.PipelineSpec', spec);
  if (spec && typeof spec === 'object' && spec.deploymentSpec !== undefined) {
    errors.push(...strictErrors('ml_pipelines.PipelineDeploymentConfig', spec.deploymentSpec).map((e) => `deploymentSpec: ${e}`));
  }
  if (platform !== undefined) {
    errors.push(...strictErrors('ml_pipelines.PlatformSpec', platform).map((e) => `document 2: ${e}`));
    const k8s = (platform as { platforms?: { kubernetes?: { deploymentSpec?: { executors?: Record<string, unknown> } } } }).platforms?.kubernetes;
    for (const [label, cfg] of Object.entries(k8s?.deploymentSpec?.executors ?? {})) {
      errors.push(...strictErrors('kfp_kubernetes.KubernetesExecutorConfig', cfg).map((e) => `document 2, executor ${label}: ${e}`));
    }
  }
  return errors;
}
