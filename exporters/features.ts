/**
 * Which features of the format a pipeline uses, each with the tasks that use it. The capability
 * table (capabilities.ts) is keyed on the same ids, so `weft targets` and every exporter's
 * warnings come from one place. Defaults count: a task that inherits `defaults.retries` uses
 * retries.
 */
import type { Pipeline, RetryPolicy, Task } from '../core/model/types';

export const FEATURES = [
  { id: 'task.shell', label: 'shell tasks' },
  { id: 'task.python', label: 'python tasks' },
  { id: 'task.node', label: 'node tasks' },
  { id: 'task.sql', label: 'sql tasks' },
  { id: 'task.http', label: 'http tasks' },
  { id: 'task.container', label: 'container tasks' },
  { id: 'task.check', label: 'check tasks (assertions)' },
  { id: 'task.wait.file', label: 'wait for a file' },
  { id: 'task.wait.url', label: 'wait for a URL' },
  { id: 'task.wait.until', label: 'wait until a condition' },
  { id: 'task.wait.delay', label: 'wait a delay' },
  { id: 'task.wait.approval', label: 'manual approval' },
  { id: 'task.service', label: 'service tasks (kept running, reached at an address)' },
  { id: 'task.http.condition', label: 'conditions on an HTTP response' },
  { id: 'task.pipeline', label: 'sub-pipelines' },
  { id: 'task.manifest', label: 'Kubernetes manifests (apply and watch)' },
  { id: 'params', label: 'typed params' },
  { id: 'env', label: 'environment variables' },
  { id: 'secrets', label: 'secrets by reference' },
  { id: 'retries', label: 'retries' },
  { id: 'retries.fixed', label: 'fixed retry delay' },
  { id: 'retries.linear', label: 'linear backoff' },
  { id: 'retries.exponential', label: 'exponential backoff' },
  { id: 'retries.maxDelay', label: 'backoff cap (maxDelay)' },
  { id: 'timeout', label: 'timeouts' },
  { id: 'timeout.run', label: 'run timeout (whole pipeline)' },
  { id: 'if', label: 'conditions (if)' },
  { id: 'foreach', label: 'fan-out (foreach)' },
  { id: 'foreach.parallelism', label: 'fan-out parallelism' },
  { id: 'trigger.all_done', label: 'trigger rule all_done' },
  { id: 'trigger.all_failed', label: 'trigger rule all_failed' },
  { id: 'trigger.one_success', label: 'trigger rule one_success' },
  { id: 'trigger.one_failed', label: 'trigger rule one_failed' },
  { id: 'trigger.none_failed', label: 'trigger rule none_failed' },
  { id: 'onFailure', label: 'onFailure handlers' },
  { id: 'finally', label: 'finally handlers' },
  { id: 'schedule', label: 'cron schedule' },
  { id: 'schedule.timezone', label: 'schedule time zone' },
  { id: 'schedule.catchup', label: 'catch-up of missed runs' },
  { id: 'schedule.start', label: 'schedule start date' },
  { id: 'schedule.end', label: 'schedule end date' },
  { id: 'triggers.file', label: 'file triggers' },
  { id: 'triggers.webhook', label: 'webhook triggers' },
  { id: 'triggers.pipeline', label: 'pipeline triggers' },
  { id: 'cache', label: 'caching' },
  { id: 'cache.inputs', label: 'cache keyed on file contents' },
  { id: 'cache.ttl', label: 'cache expiry (ttl)' },
  { id: 'image', label: 'container image' },
  { id: 'resources', label: 'cpu/memory requests' },
  { id: 'resources.gpu', label: 'GPUs' },
  { id: 'outputs.values', label: 'value outputs' },
  { id: 'outputs.files', label: 'file/dir outputs' },
  { id: 'outputs.metrics', label: 'metrics' },
  { id: 'outputs.fromPath', label: 'value outputs read from a file' },
  { id: 'outputs.pipeline', label: 'pipeline outputs (what a sub-pipeline reports to its caller)' },
  { id: 'outputs.default', label: 'output defaults (when a task is skipped)' },
  { id: 'expr.exitCode', label: "a task's exit code in expressions" },
  { id: 'expr.runDuration', label: 'the run duration in expressions' },
  { id: 'concurrency.runs', label: 'max runs at once' },
  { id: 'concurrency.tasks', label: 'max tasks at once' },
  { id: 'labels', label: 'labels' },
  { id: 'workdir', label: 'task working directory' },
  { id: 'inputs.from', label: "input files from other tasks' outputs" },
  { id: 'inputs.url', label: 'input files fetched from URLs' },
  { id: 'inputs.content', label: 'inline input files' },
  { id: 'allowFailure', label: 'allowed failures' },
  { id: 'kubernetes', label: 'Kubernetes pod settings' },
  { id: 'platform.argo', label: 'Argo-specific settings' },
  { id: 'platform.kubeflow', label: 'Kubeflow-specific settings' },
  { id: 'platform.airflow', label: 'Airflow-specific settings' },
  { id: 'platform.prefect', label: 'Prefect-specific settings' },
  { id: 'platform.dagster', label: 'Dagster-specific settings' },
  { id: 'platform.luigi', label: 'Luigi-specific settings' },
] as const;

export type FeatureId = (typeof FEATURES)[number]['id'];
export const FEATURE_IDS: readonly FeatureId[] = FEATURES.map((f) => f.id);
export const FEATURE_LABELS: Record<FeatureId, string> = Object.fromEntries(FEATURES.map((f) => [f.id, f.label])) as Record<FeatureId, string>;

export interface FeatureUse {
  feature: FeatureId;
  /** Task ids using it, in document order (tasks, onFailure, finally); empty for pipeline-level features. */
  tasks: string[];
}

/** Every task of the pipeline with its section, in document order. */
export function allTasks(p: Pipeline): { id: string; task: Task; section: 'tasks' | 'onFailure' | 'finally' }[] {
  const out: { id: string; task: Task; section: 'tasks' | 'onFailure' | 'finally' }[] = [];
  for (const section of ['tasks', 'onFailure', 'finally'] as const) {
    const m = p[section];
    if (m && typeof m === 'object') for (const [id, task] of Object.entries(m)) out.push({ id, task, section });
  }
  return out;
}

/** The retry policy a task runs with (its own, else the default), as a policy; undefined for none. */
export function retryPolicyOf(p: Pipeline, t: Task): RetryPolicy | undefined {
  const r = t.retries ?? p.defaults?.retries;
  if (r === undefined) return undefined;
  const policy = typeof r === 'number' ? { limit: r } : r;
  return policy.limit > 0 ? policy : undefined;
}

export function detectFeatures(p: Pipeline): FeatureUse[] {
  const uses = new Map<FeatureId, string[]>();
  const add = (f: FeatureId, task?: string): void => {
    let l = uses.get(f);
    if (!l) uses.set(f, (l = []));
    if (task !== undefined && l[l.length - 1] !== task) l.push(task);
  };
  const d = p.defaults ?? {};
  if (p.params && Object.keys(p.params).length > 0) add('params');
  if (p.env && Object.keys(p.env).length > 0) add('env');
  if (p.secrets && Object.keys(p.secrets).length > 0) add('secrets');
  if (p.metadata?.labels && Object.keys(p.metadata.labels).length > 0) add('labels');
  if (p.schedule) {
    add('schedule');
    if (p.schedule.timezone && p.schedule.timezone !== 'UTC') add('schedule.timezone');
    if (p.schedule.catchup) add('schedule.catchup');
    if (p.schedule.start) add('schedule.start');
    if (p.schedule.end) add('schedule.end');
  }
  for (const t of p.triggers ?? []) {
    if ('file' in t) add('triggers.file');
    else if ('webhook' in t) add('triggers.webhook');
    else if ('pipeline' in t) add('triggers.pipeline');
  }
  if (p.timeout !== undefined) add('timeout.run');
  if (p.concurrency?.runs !== undefined) add('concurrency.runs');
  if (p.concurrency?.tasks !== undefined) add('concurrency.tasks');
  if (p.kubernetes && Object.keys(p.kubernetes).length > 0) add('kubernetes');
  for (const [target, settings] of Object.entries(p.platform ?? {})) if (settings) add(`platform.${target}` as FeatureId);
  if (p.outputs && Object.keys(p.outputs).length > 0) add('outputs.pipeline');
  if (p.onFailure && Object.keys(p.onFailure).length > 0) add('onFailure');
  if (p.finally && Object.keys(p.finally).length > 0) add('finally');

  for (const { id, task: t } of allTasks(p)) {
    if (t.type === 'wait') {
      if (t.file !== undefined) add('task.wait.file', id);
      else if (t.url !== undefined) add('task.wait.url', id);
      else if (t.until !== undefined) add('task.wait.until', id);
      else if (t.approval !== undefined) add('task.wait.approval', id);
      else add('task.wait.delay', id);
    } else add(`task.${t.type}` as FeatureId, id);
    if (t.type === 'http' && t.expect?.condition !== undefined) add('task.http.condition', id);
    if (t.service) add('task.service', id);
    if (t.type === 'pipeline' && t.outputs && Object.keys(t.outputs).length > 0) add('outputs.pipeline', id);
    // One walk over the task for the strings with an expression; each pattern is tested on those only.
    const texts = expressionTexts(t, []);
    if (texts.length > 0) {
      if (texts.some((x) => EXIT_CODE.test(x))) add('expr.exitCode', id);
      if (texts.some((x) => RUN_DURATION.test(x))) add('expr.runDuration', id);
    }
    if (t.env && Object.keys(t.env).length > 0) add('env', id);
    if (texts.length > 0 && texts.some((x) => SECRETS.test(x))) add('secrets', id);
    const r = retryPolicyOf(p, t);
    if (r) {
      add('retries', id);
      if (r.delay !== undefined || r.backoff !== undefined) add(`retries.${r.backoff ?? 'fixed'}` as FeatureId, id);
      if (r.maxDelay !== undefined) add('retries.maxDelay', id);
    }
    if ((t.timeout ?? d.timeout) !== undefined) add('timeout', id);
    if (t.if !== undefined) add('if', id);
    if (t.foreach) {
      add('foreach', id);
      if (t.foreach.parallelism !== undefined) add('foreach.parallelism', id);
    }
    const rule = t.trigger ?? d.trigger;
    if (rule && rule !== 'all_success') add(`trigger.${rule}` as FeatureId, id);
    const cache = t.cache ?? d.cache;
    if (cache) {
      add('cache', id);
      if (typeof cache === 'object' && cache.inputs?.length) add('cache.inputs', id);
      if (typeof cache === 'object' && cache.ttl) add('cache.ttl', id);
    }
    if ((t.image ?? d.image) !== undefined) add('image', id);
    const res = t.resources ?? d.resources;
    if (res && (res.cpu !== undefined || res.memory !== undefined)) add('resources', id);
    if (res?.gpu) add('resources.gpu', id);
    // A pipeline task's outputs are its sub-pipeline's (outputs.pipeline), not ones it reports itself.
    for (const o of t.type === 'pipeline' ? [] : Object.values(t.outputs ?? {})) {
      if (o.type === 'file' || o.type === 'dir') add('outputs.files', id);
      else if (o.type === 'metric') add('outputs.metrics', id);
      else add('outputs.values', id);
      if (o.path !== undefined && o.type !== 'file' && o.type !== 'dir') add('outputs.fromPath', id);
      if (o.default !== undefined) add('outputs.default', id);
    }
    if (t.labels && Object.keys(t.labels).length > 0) add('labels', id);
    if (t.workdir !== undefined) add('workdir', id);
    for (const i of Object.values(t.inputs ?? {})) add(i.from !== undefined ? 'inputs.from' : i.url !== undefined ? 'inputs.url' : 'inputs.content', id);
    if (t.allowFailure) add('allowFailure', id);
    if (t.kubernetes && Object.keys(t.kubernetes).length > 0) add('kubernetes', id);
    for (const [target, settings] of Object.entries(t.platform ?? {})) if (settings) add(`platform.${target}` as FeatureId, id);
  }
  return FEATURE_IDS.filter((f) => uses.has(f)).map((f) => ({ feature: f, tasks: uses.get(f)! }));
}

const SECRETS = /\$\{\{[^]*?\bsecrets\s*[.[]/;
const EXIT_CODE = /\$\{\{[^]*?\btasks\s*\.\s*[\w-]+\s*\.\s*exitCode\b/;
const RUN_DURATION = /\$\{\{[^]*?\brun\s*\.\s*duration\b/;

/** The strings of a value holding `${{`: only they can name a secret, an exit code or the run's duration. */
function expressionTexts(v: unknown, out: string[]): string[] {
  if (typeof v === 'string') {
    if (v.includes('${{')) out.push(v);
  } else if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) expressionTexts(v[i], out);
  } else if (v && typeof v === 'object') for (const k in v) expressionTexts((v as Record<string, unknown>)[k], out);
  return out;
}
