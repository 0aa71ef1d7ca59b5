/**
 * TypeScript view of the `weft/v1` format. The schema (core/schema/schema.ts) is the authority on
 * shape; these types describe a document that passed it, for the code that reads pipelines
 * (runtime, exporters, canvas). Durations stay strings here; core/model/duration.ts parses them.
 */
import type { BACKOFF_KINDS, MANIFEST_ACTIONS, OUTPUT_TYPES, PLATFORM_TARGETS, TASK_TYPES, TRIGGER_RULES, VALUE_TYPES } from '../schema/schema';

export type TaskType = (typeof TASK_TYPES)[number];
export type ValueType = (typeof VALUE_TYPES)[number];
export type OutputType = (typeof OUTPUT_TYPES)[number];
export type TriggerRule = (typeof TRIGGER_RULES)[number];
export type BackoffKind = (typeof BACKOFF_KINDS)[number];
export type PlatformTarget = (typeof PLATFORM_TARGETS)[number];
export type Duration = string;
export type ScalarArg = string | number | boolean;

export interface Pipeline {
  apiVersion: 'weft/v1';
  kind: 'Pipeline';
  metadata: { name: string; description?: string; labels?: Record<string, string>; owner?: string };
  params?: Record<string, Param>;
  env?: Record<string, string>;
  secrets?: Record<string, SecretRef>;
  schedule?: Schedule;
  timeout?: Duration;
  triggers?: Trigger[];
  defaults?: Defaults;
  concurrency?: { runs?: number; tasks?: number };
  kubernetes?: PipelineKubernetes;
  platform?: Platform;
  outputs?: Record<string, PipelineOutput>;
  tasks: Record<string, Task>;
  onFailure?: Record<string, Task>;
  finally?: Record<string, Task>;
  layout?: { pinned?: Record<string, [number, number]> };
}

/** What a pipeline reports (a sub-pipeline's outputs, read by its caller): a value taken from its tasks. */
export interface PipelineOutput {
  type: Exclude<OutputType, 'metric'>;
  value: string;
  description?: string;
}

export interface Param {
  type: ValueType;
  default?: unknown;
  description?: string;
  enum?: unknown[];
  items?: { type?: ValueType };
}

export interface Output {
  type: OutputType;
  path?: string;
  default?: unknown;
  enum?: unknown[];
  description?: string;
}

/** A file staged for a task before it starts (an input artifact): from exactly one source. */
export interface Input {
  path: string;
  from?: string;
  url?: string;
  content?: string;
  optional?: boolean;
  mode?: number;
  description?: string;
}

/** Kubernetes pod settings; objects are Kubernetes API objects, kept as written. */
export interface KubernetesPod {
  serviceAccount?: string;
  nodeSelector?: Record<string, string>;
  tolerations?: Record<string, unknown>[];
  affinity?: Record<string, unknown>;
  volumes?: ({ name: string } & Record<string, unknown>)[];
  volumeMounts?: ({ name: string; mountPath: string } & Record<string, unknown>)[];
  annotations?: Record<string, string>;
  podLabels?: Record<string, string>;
  securityContext?: Record<string, unknown>;
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  imagePullSecrets?: string[];
  sidecars?: ({ name: string } & Record<string, unknown>)[];
  priorityClassName?: string;
}

export interface PipelineKubernetes extends KubernetesPod {
  volumeClaimTemplates?: Record<string, unknown>[];
}

/** Raw settings for one target, merged verbatim into its export (docs/exporters.md). */
export type Platform = Partial<Record<PlatformTarget, Record<string, unknown>>>;

export interface SecretRef {
  env?: string;
  file?: string;
  kubernetes?: { name: string; key: string };
  airflow?: { variable?: string; connection?: string };
  description?: string;
}

export interface RetryPolicy {
  limit: number;
  backoff?: BackoffKind;
  delay?: Duration;
  maxDelay?: Duration;
}

export interface CachePolicy {
  key?: string[];
  inputs?: string[];
  ttl?: Duration;
}

export interface Resources {
  cpu?: number | string;
  memory?: string;
  gpu?: number;
}

export interface Schedule {
  cron: string;
  timezone?: string;
  catchup?: boolean;
  start?: string;
  end?: string;
}

export type Trigger =
  | { file: { path: string; debounce?: Duration } }
  | { webhook: { path: string; secret?: string } }
  | { pipeline: { name: string; status?: 'success' | 'failed' | 'completed' } };

export interface Defaults {
  retries?: number | RetryPolicy;
  timeout?: Duration;
  image?: string;
  resources?: Resources;
  cache?: boolean | CachePolicy;
  trigger?: TriggerRule;
}

interface TaskCommon {
  description?: string;
  labels?: Record<string, string>;
  needs?: string[];
  if?: string;
  trigger?: TriggerRule;
  retries?: number | RetryPolicy;
  timeout?: Duration;
  foreach?: { items: unknown[] | string; parallelism?: number };
  cache?: boolean | CachePolicy;
  env?: Record<string, string>;
  image?: string;
  resources?: Resources;
  outputs?: Record<string, Output>;
  workdir?: string;
  inputs?: Record<string, Input>;
  allowFailure?: boolean;
  kubernetes?: KubernetesPod;
  platform?: Platform;
  service?: true | ServiceSpec;
}

/** A long-running service task: ready once `port` accepts connections (or `ready` answers 2xx). */
export interface ServiceSpec {
  port?: number;
  ready?: string;
}

export interface ShellTask extends TaskCommon { type: 'shell'; run: string; shell?: 'bash' | 'sh' }
export interface PythonTask extends TaskCommon { type: 'python'; script?: string; code?: string; args?: ScalarArg[]; interpreter?: string }
export interface NodeTask extends TaskCommon { type: 'node'; script?: string; code?: string; args?: ScalarArg[] }
export interface SqlTask extends TaskCommon { type: 'sql'; database: string; query?: string; file?: string; params?: Record<string, ScalarArg> }
export interface HttpTask extends TaskCommon {
  type: 'http';
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  headers?: Record<string, string>;
  body?: unknown;
  expect?: { status?: number[]; condition?: string };
}
export interface ContainerTask extends TaskCommon { type: 'container'; image: string; command?: string[]; args?: ScalarArg[] }
export interface CheckTask extends TaskCommon { type: 'check'; assert: string[]; message?: string }
export interface WaitTask extends TaskCommon {
  type: 'wait';
  file?: string;
  url?: string;
  until?: string;
  delay?: Duration;
  approval?: true | { message?: string };
  interval?: Duration;
}
export interface SubPipelineTask extends TaskCommon { type: 'pipeline'; pipeline: string; with?: Record<string, unknown> }

export interface ManifestTask extends TaskCommon {
  type: 'manifest';
  /** Absent only for `action: delete` with `flags` naming what to delete. */
  manifest?: string;
  action?: (typeof MANIFEST_ACTIONS)[number];
  successCondition?: string;
  failureCondition?: string;
  mergeStrategy?: 'strategic' | 'merge' | 'json';
  flags?: string[];
  ownedByRun?: boolean;
  capture?: Record<string, string>;
}

export type Task =
  | ShellTask
  | PythonTask
  | NodeTask
  | SqlTask
  | HttpTask
  | ContainerTask
  | CheckTask
  | WaitTask
  | SubPipelineTask
  | ManifestTask;

/** The three task maps of a pipeline; ids are unique across all of them. */
export const TASK_SECTIONS = ['tasks', 'onFailure', 'finally'] as const;
export type TaskSection = (typeof TASK_SECTIONS)[number];
