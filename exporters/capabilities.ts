/**
 * The one capability table: for each export target and each format feature, whether the target
 * expresses it natively, emulates it (works, with a different mechanism or a small difference in
 * meaning), or cannot express it at all, with a one-line reason. `weft targets` prints it for a
 * pipeline; exporters turn every non-native entry a pipeline uses into a warning, so nothing is
 * dropped silently. docs/exporters.md carries the same table (a test keeps them in sync).
 *
 * Argo is what exporters/argo does today. The other five describe the target engines (Airflow 3,
 * KFP v2 IR, Prefect 3, Dagster, Luigi) as their exporters are planned to use them.
 */
import { FEATURE_IDS, type FeatureId } from './features';
import { TARGETS, type Target } from './types';

export type SupportLevel = 'native' | 'emulated' | 'none';
export interface Capability {
  level: SupportLevel;
  reason: string;
}

type Row = Record<Target, [SupportLevel, string]>;
const N = 'native' as const;
const E = 'emulated' as const;
const X = 'none' as const;

const TABLE: Record<FeatureId, Row> = {
  'task.shell': {
    airflow: [N, 'BashOperator'],
    argo: [N, 'script template run by bash or sh'],
    kubeflow: [N, 'container component running sh -c'],
    prefect: [E, 'a task running the command through subprocess'],
    dagster: [N, 'op running the command through PipesSubprocessClient'],
    luigi: [N, 'ExternalProgramTask'],
  },
  'task.python': {
    airflow: [N, 'BashOperator running python3 on the script, or @task for inline code'],
    argo: [N, 'script template; the script travels as a raw input artifact'],
    kubeflow: [N, 'container component running python3 on the embedded script'],
    prefect: [N, '@task running the script (runpy) or the inline code'],
    dagster: [N, 'op running the script through PipesSubprocessClient'],
    luigi: [N, 'ExternalProgramTask running python3'],
  },
  'task.node': {
    airflow: [N, 'BashOperator running node'],
    argo: [N, 'script template running node'],
    kubeflow: [N, 'container component running node'],
    prefect: [E, 'a task running node through subprocess'],
    dagster: [N, 'op running node through PipesSubprocessClient'],
    luigi: [N, 'ExternalProgramTask running node'],
  },
  'task.sql': {
    airflow: [N, 'SQLExecuteQueryOperator (common.sql provider) with parameters'],
    argo: [E, "generated Python step using sqlite3: SQLite files only, no connection URLs"],
    kubeflow: [E, 'generated Python component using sqlite3'],
    prefect: [E, 'a task using sqlite3 (or prefect-sqlalchemy for URLs)'],
    dagster: [E, 'an op using sqlite3 or a database resource'],
    luigi: [E, 'a Task whose run() uses sqlite3'],
  },
  'task.http': {
    airflow: [N, 'HttpOperator (http provider) with response_check'],
    argo: [N, 'HTTP template with successCondition'],
    kubeflow: [E, 'generated Python component using urllib'],
    prefect: [E, 'a task using httpx'],
    dagster: [E, 'an op using an HTTP client'],
    luigi: [E, 'a Task whose run() calls urllib'],
  },
  'task.container': {
    airflow: [N, 'KubernetesPodOperator or DockerOperator'],
    argo: [N, 'container template'],
    kubeflow: [N, 'container component'],
    prefect: [E, 'prefect-docker or a Kubernetes job per task'],
    dagster: [N, 'PipesDockerClient / PipesK8sClient'],
    luigi: [N, 'luigi.contrib.docker_runner.DockerTask'],
  },
  'task.check': {
    airflow: [E, 'a @task that evaluates the assertions and raises'],
    argo: [E, 'generated Python step that evaluates the assertions and exits non-zero'],
    kubeflow: [E, 'generated Python component that raises on a failed assertion'],
    prefect: [E, 'a task that raises on a failed assertion'],
    dagster: [E, 'an op raising Failure (asset checks need assets)'],
    luigi: [E, 'a Task whose run() raises on a failed assertion'],
  },
  'task.wait.file': {
    airflow: [N, 'FileSensor'],
    argo: [X, "no file sensor (needs Argo Events); a polling step sees only the pod's own filesystem"],
    kubeflow: [X, 'no sensors in KFP'],
    prefect: [E, 'a polling task'],
    dagster: [E, 'a polling op (sensors start runs, they do not wait inside one)'],
    luigi: [E, 'ExternalTask with a LocalTarget (retried by the worker)'],
  },
  'task.wait.url': {
    airflow: [N, 'HttpSensor'],
    argo: [E, 'generated Python step polling the URL'],
    kubeflow: [E, 'generated Python component polling the URL'],
    prefect: [E, 'a polling task'],
    dagster: [E, 'a polling op'],
    luigi: [E, 'a polling Task'],
  },
  'task.wait.until': {
    airflow: [N, 'PythonSensor'],
    argo: [E, 'generated Python step evaluates the condition (values are fixed within a run; retries poll)'],
    kubeflow: [E, 'generated Python component evaluating the condition'],
    prefect: [E, 'a polling task'],
    dagster: [E, 'a polling op'],
    luigi: [E, 'a polling Task'],
  },
  'task.wait.delay': {
    airflow: [N, 'TimeDeltaSensor (deferrable)'],
    argo: [N, 'suspend template with a duration'],
    kubeflow: [E, 'a component that sleeps'],
    prefect: [E, 'a task that sleeps'],
    dagster: [E, 'an op that sleeps'],
    luigi: [E, 'a Task that sleeps'],
  },
  'task.pipeline': {
    airflow: [E, 'TriggerDagRunOperator(wait_for_completion=True) on a second DAG'],
    argo: [N, 'the sub-pipeline inlined as a nested DAG template'],
    kubeflow: [N, 'a nested pipeline (DAG component)'],
    prefect: [N, 'a subflow call'],
    dagster: [N, 'a nested @graph'],
    luigi: [N, 'a WrapperTask requiring the sub-pipeline tasks'],
  },
  params: {
    airflow: [N, 'Param with type, enum and default'],
    argo: [N, 'spec.arguments.parameters with defaults and enum (values are strings; lists/objects as JSON)'],
    kubeflow: [N, 'typed pipeline inputs (NUMBER_INTEGER, STRING, LIST, STRUCT, …)'],
    prefect: [N, 'typed flow parameters'],
    dagster: [N, 'run config'],
    luigi: [N, 'luigi Parameter classes'],
  },
  env: {
    airflow: [N, 'env= on the operator'],
    argo: [N, 'container env'],
    kubeflow: [N, 'container env'],
    prefect: [E, 'set in the subprocess environment or work pool job variables'],
    dagster: [N, 'env of the Pipes subprocess'],
    luigi: [E, 'set in the subprocess environment'],
  },
  secrets: {
    airflow: [N, 'Variables and Connections'],
    argo: [N, 'env valueFrom.secretKeyRef (the kubernetes reference)'],
    kubeflow: [N, 'kubernetes platform spec secretAsEnv'],
    prefect: [E, 'Secret blocks or the env/file reference read at run time'],
    dagster: [N, 'EnvVar in resources'],
    luigi: [E, 'env/file reference read at run time'],
  },
  retries: {
    airflow: [N, 'retries'],
    argo: [N, 'retryStrategy.limit'],
    kubeflow: [N, 'retryPolicy.maxRetryCount'],
    prefect: [N, 'retries'],
    dagster: [N, 'RetryPolicy(max_retries)'],
    luigi: [N, 'retry_count'],
  },
  'retries.fixed': {
    airflow: [N, 'retry_delay'],
    argo: [N, 'retryStrategy.backoff.duration'],
    kubeflow: [N, 'retryPolicy.backoffDuration with factor 1'],
    prefect: [N, 'retry_delay_seconds'],
    dagster: [N, 'RetryPolicy(delay, backoff=CONSTANT)'],
    luigi: [E, "the scheduler's retry_delay is one setting for all tasks"],
  },
  'retries.linear': {
    airflow: [E, 'only exponential backoff; exported as exponential, which never waits less'],
    argo: [E, 'backoff is geometric: exported as factor 2 (10s, 20s, 40s…), which never waits less than linear'],
    kubeflow: [E, 'backoff is geometric: exported as factor 2'],
    prefect: [N, 'retry_delay_seconds as a list of growing delays'],
    dagster: [N, 'Backoff.LINEAR'],
    luigi: [X, 'no backoff'],
  },
  'retries.exponential': {
    airflow: [N, 'retry_exponential_backoff'],
    argo: [N, 'retryStrategy.backoff.factor 2'],
    kubeflow: [N, 'retryPolicy.backoffFactor 2'],
    prefect: [N, 'exponential_backoff'],
    dagster: [N, 'Backoff.EXPONENTIAL'],
    luigi: [X, 'no backoff'],
  },
  'retries.maxDelay': {
    airflow: [N, 'max_retry_delay'],
    argo: [N, 'retryStrategy.backoff.cap'],
    kubeflow: [N, 'retryPolicy.backoffMaxDuration'],
    prefect: [E, 'the list of delays is capped at export'],
    dagster: [X, 'RetryPolicy has no cap'],
    luigi: [X, 'no backoff'],
  },
  timeout: {
    airflow: [N, 'execution_timeout'],
    argo: [N, 'template activeDeadlineSeconds (per attempt)'],
    kubeflow: [N, 'kubernetes platform spec activeDeadlineSeconds'],
    prefect: [N, 'timeout_seconds'],
    dagster: [E, 'dagster/max_runtime is run-level; per-op timeouts are enforced in the op'],
    luigi: [N, 'worker_timeout'],
  },
  if: {
    airflow: [N, '@task.run_if / skip (AirflowSkipException)'],
    argo: [N, 'DAG task when (govaluate); expressions outside the translatable subset are warned'],
    kubeflow: [N, 'dsl.If (triggerPolicy.condition)'],
    prefect: [E, 'a Python if in the flow'],
    dagster: [E, 'optional outputs skip downstream ops'],
    luigi: [E, 'requires()/run() decide at run time'],
  },
  foreach: {
    airflow: [N, 'dynamic task mapping (.expand)'],
    argo: [N, 'withItems for literal lists, withParam for lists from params or outputs'],
    kubeflow: [N, 'ParallelFor (parameterIterator)'],
    prefect: [N, '.map'],
    dagster: [N, 'DynamicOut and .map'],
    luigi: [E, 'one task instance per item, yielded from requires()'],
  },
  'foreach.parallelism': {
    airflow: [N, 'max_active_tis_per_dagrun'],
    argo: [N, 'a wrapper DAG template with parallelism around the loop'],
    kubeflow: [N, 'ParallelFor parallelism (iteratorPolicy.parallelismLimit)'],
    prefect: [E, 'a tag-based task concurrency limit'],
    dagster: [E, 'op concurrency pools'],
    luigi: [E, 'the number of workers is global'],
  },
  'trigger.all_done': {
    airflow: [N, 'trigger_rule=all_done'],
    argo: [N, 'depends on each dependency Succeeded, Failed, Errored, Skipped or Omitted'],
    kubeflow: [N, 'ignore_upstream_failure (ALL_UPSTREAM_TASKS_COMPLETED)'],
    prefect: [N, 'wait_for with allow_failure'],
    dagster: [X, 'an op never runs after an upstream failure'],
    luigi: [X, 'a task runs only when its requirements are complete'],
  },
  'trigger.all_failed': {
    airflow: [N, 'trigger_rule=all_failed'],
    argo: [N, 'depends on each dependency Failed or Errored'],
    kubeflow: [X, 'no trigger on failure'],
    prefect: [E, 'states inspected in the flow'],
    dagster: [X, 'an op never runs after an upstream failure'],
    luigi: [X, 'a task runs only when its requirements are complete'],
  },
  'trigger.one_success': {
    airflow: [N, 'trigger_rule=one_success'],
    argo: [E, 'depends with ||: Argo waits for every dependency to finish before deciding'],
    kubeflow: [X, 'no such trigger policy'],
    prefect: [E, 'states inspected in the flow'],
    dagster: [X, 'an op needs all its inputs'],
    luigi: [X, 'a task needs all its requirements'],
  },
  'trigger.one_failed': {
    airflow: [N, 'trigger_rule=one_failed'],
    argo: [E, 'depends with ||: Argo waits for every dependency to finish before deciding'],
    kubeflow: [X, 'no trigger on failure'],
    prefect: [E, 'states inspected in the flow'],
    dagster: [X, 'an op never runs after an upstream failure'],
    luigi: [X, 'a task runs only when its requirements are complete'],
  },
  'trigger.none_failed': {
    airflow: [N, 'trigger_rule=none_failed'],
    argo: [N, 'depends on each dependency Succeeded, Skipped or Omitted'],
    kubeflow: [X, 'no such trigger policy'],
    prefect: [E, 'states inspected in the flow'],
    dagster: [E, 'optional outputs: a skipped input is not a failure'],
    luigi: [X, 'a task runs only when its requirements are complete'],
  },
  onFailure: {
    airflow: [E, 'tasks with trigger_rule=one_failed after every leaf'],
    argo: [N, 'onExit DAG, tasks with when {{workflow.status}} != Succeeded'],
    kubeflow: [E, 'exit handler task checking PipelineTaskFinalStatus'],
    prefect: [N, 'flow on_failure hook'],
    dagster: [N, 'run_failure_sensor'],
    luigi: [E, 'Event.FAILURE handler'],
  },
  finally: {
    airflow: [N, 'teardown tasks'],
    argo: [N, 'onExit DAG (exit handler)'],
    kubeflow: [N, 'dsl.ExitHandler'],
    prefect: [E, 'on_completion and on_failure hooks'],
    dagster: [E, 'run_status_sensor'],
    luigi: [E, 'event handlers'],
  },
  schedule: {
    airflow: [N, 'DAG schedule (cron)'],
    argo: [N, 'CronWorkflow schedules'],
    kubeflow: [E, 'a recurring run on the KFP backend, not in the pipeline file'],
    prefect: [N, 'deployment cron schedule'],
    dagster: [N, 'ScheduleDefinition'],
    luigi: [X, 'no scheduler: run from cron'],
  },
  'schedule.timezone': {
    airflow: [N, 'time zone of start_date (pendulum)'],
    argo: [N, 'CronWorkflow timezone'],
    kubeflow: [X, 'recurring runs use the backend clock'],
    prefect: [N, 'schedule timezone'],
    dagster: [N, 'execution_timezone'],
    luigi: [X, 'no scheduler'],
  },
  'schedule.catchup': {
    airflow: [N, 'catchup=True'],
    argo: [X, 'CronWorkflow does not backfill (startingDeadlineSeconds only tolerates lateness)'],
    kubeflow: [E, 'recurring run with catch-up'],
    prefect: [X, 'schedules do not backfill'],
    dagster: [E, 'backfills of a partitioned schedule'],
    luigi: [E, 'RangeDaily fills the gaps'],
  },
  'schedule.start': {
    airflow: [N, 'start_date'],
    argo: [X, 'CronWorkflow has no start date'],
    kubeflow: [E, 'recurring run start time'],
    prefect: [X, 'no start date on cron schedules'],
    dagster: [E, 'partitions start date'],
    luigi: [E, 'Range start'],
  },
  'schedule.end': {
    airflow: [N, 'end_date'],
    argo: [X, 'CronWorkflow has no end date (stopStrategy counts runs, not dates)'],
    kubeflow: [E, 'recurring run end time'],
    prefect: [X, 'no end date on cron schedules'],
    dagster: [X, 'no end date on schedules'],
    luigi: [E, 'Range stop'],
  },
  'triggers.file': {
    airflow: [E, 'an Asset with an AssetWatcher'],
    argo: [X, 'needs Argo Events (a sensor), not part of a Workflow'],
    kubeflow: [X, 'no event triggers'],
    prefect: [X, 'no file events'],
    dagster: [N, 'a sensor'],
    luigi: [X, 'no triggers'],
  },
  'triggers.webhook': {
    airflow: [E, 'the REST API starts a DAG run'],
    argo: [X, 'needs Argo Events or a WorkflowEventBinding; not generated'],
    kubeflow: [X, 'no event triggers'],
    prefect: [E, 'a Prefect Cloud webhook and a deployment trigger'],
    dagster: [E, 'GraphQL launch or a sensor'],
    luigi: [X, 'no triggers'],
  },
  'triggers.pipeline': {
    airflow: [N, 'Asset produced by the other DAG'],
    argo: [X, 'needs Argo Events; not part of a Workflow'],
    kubeflow: [X, 'no event triggers'],
    prefect: [N, 'deployment trigger on the other flow run event'],
    dagster: [N, 'run_status_sensor'],
    luigi: [X, 'no triggers'],
  },
  cache: {
    airflow: [X, 'no task result cache'],
    argo: [E, 'memoize: output parameters kept in a ConfigMap, keyed on the task inputs (not artifacts)'],
    kubeflow: [N, 'caching (enableCache)'],
    prefect: [N, 'cache_policy on inputs'],
    dagster: [X, 'op memoization was removed'],
    luigi: [N, 'a task is done when its output target exists'],
  },
  'cache.inputs': {
    airflow: [X, 'no task result cache'],
    argo: [X, 'file contents are not visible to the memoize key'],
    kubeflow: [X, 'the cache key is the component inputs'],
    prefect: [E, 'cache_key_fn hashing the files'],
    dagster: [X, 'no op cache'],
    luigi: [E, 'target names derived from a hash of the files'],
  },
  'cache.ttl': {
    airflow: [X, 'no task result cache'],
    argo: [N, 'memoize.maxAge'],
    kubeflow: [E, 'max_cache_staleness on the run'],
    prefect: [N, 'cache_expiration'],
    dagster: [X, 'no op cache'],
    luigi: [X, 'targets do not expire'],
  },
  image: {
    airflow: [E, 'only KubernetesPodOperator/DockerOperator tasks run in an image'],
    argo: [N, 'template image'],
    kubeflow: [N, 'container image'],
    prefect: [E, 'work pool job variables'],
    dagster: [E, 'container context of the k8s/docker executor'],
    luigi: [E, 'only DockerTask/KubernetesJobTask run in an image'],
  },
  resources: {
    airflow: [E, 'executor_config pod override'],
    argo: [N, 'container resources.requests'],
    kubeflow: [N, 'container cpu/memory requests'],
    prefect: [E, 'work pool job variables'],
    dagster: [E, 'dagster-k8s/config tag'],
    luigi: [E, 'resources are scheduler tokens, not compute'],
  },
  'resources.gpu': {
    airflow: [E, 'executor_config pod override'],
    argo: [N, 'resources.limits nvidia.com/gpu'],
    kubeflow: [N, 'accelerator count'],
    prefect: [E, 'work pool job variables'],
    dagster: [E, 'dagster-k8s/config tag'],
    luigi: [X, 'no compute resources'],
  },
  'outputs.values': {
    airflow: [N, 'XCom'],
    argo: [N, 'output parameters read from files the wrapper writes from WEFT_OUTPUTS'],
    kubeflow: [N, 'output parameters'],
    prefect: [N, 'task return values'],
    dagster: [N, 'op outputs'],
    luigi: [E, 'written to an output target, read by the dependent'],
  },
  'outputs.files': {
    airflow: [E, 'paths through XCom; files need shared storage'],
    argo: [N, 'output artifacts, passed as input artifacts at the same path'],
    kubeflow: [N, 'output artifacts'],
    prefect: [E, 'paths; files need shared storage'],
    dagster: [E, 'an IO manager'],
    luigi: [N, 'LocalTarget outputs'],
  },
  'outputs.metrics': {
    airflow: [E, 'XCom; no comparison across runs'],
    argo: [E, 'output parameters; no metric tracking across runs'],
    kubeflow: [N, 'system.Metrics artifact'],
    prefect: [E, 'table artifacts'],
    dagster: [E, 'output metadata'],
    luigi: [E, 'status messages'],
  },
  'concurrency.runs': {
    airflow: [N, 'max_active_runs'],
    argo: [N, 'synchronization mutex (and concurrencyPolicy Forbid for a CronWorkflow) for 1; a larger limit needs a semaphore ConfigMap'],
    kubeflow: [E, 'max_concurrency of the recurring run'],
    prefect: [N, 'deployment concurrency_limit'],
    dagster: [N, 'run queue concurrency limits'],
    luigi: [E, 'the scheduler never runs one task twice at once'],
  },
  'concurrency.tasks': {
    airflow: [N, 'max_active_tasks'],
    argo: [N, 'spec.parallelism'],
    kubeflow: [X, 'no pipeline-wide parallelism'],
    prefect: [E, 'task runner max_workers'],
    dagster: [N, 'executor max_concurrent'],
    luigi: [E, 'number of workers'],
  },
  labels: {
    airflow: [N, 'DAG tags'],
    argo: [N, 'metadata.labels (Kubernetes label syntax enforced)'],
    kubeflow: [E, 'pod labels through the platform spec'],
    prefect: [N, 'tags'],
    dagster: [N, 'tags'],
    luigi: [X, 'no labels'],
  },
  workdir: {
    airflow: [N, 'cwd= on BashOperator'],
    argo: [N, 'container workingDir'],
    kubeflow: [E, 'cd in the command'],
    prefect: [E, 'cwd of the subprocess'],
    dagster: [E, 'cwd of the Pipes subprocess'],
    luigi: [E, 'cwd of the external program'],
  },
};

export function capability(target: Target, feature: FeatureId): Capability {
  const [level, reason] = TABLE[feature][target];
  return { level, reason };
}

/** The whole table, in FEATURES × TARGETS order (for docs and tests). */
export function capabilityTable(): { feature: FeatureId; target: Target; level: SupportLevel; reason: string }[] {
  const out: { feature: FeatureId; target: Target; level: SupportLevel; reason: string }[] = [];
  for (const feature of FEATURE_IDS) for (const target of TARGETS) out.push({ feature, target, ...capability(target, feature) });
  return out;
}

const SYMBOL: Record<SupportLevel, string> = { native: 'native', emulated: 'emulated', none: '—' };

/**
 * The table as Markdown, for docs/exporters.md (between its `capabilities` markers; a test keeps
 * the two identical): a level matrix, then every reason per target.
 */
export function capabilityMarkdown(): string {
  const lines = [`| feature | ${TARGETS.join(' | ')} |`, `| --- |${TARGETS.map(() => ' --- |').join('')}`];
  for (const f of FEATURE_IDS) lines.push(`| \`${f}\` | ${TARGETS.map((t) => SYMBOL[TABLE[f][t][0]]).join(' | ')} |`);
  for (const t of TARGETS) {
    lines.push('', `<details><summary>${t}: the reasons</summary>`, '');
    for (const f of FEATURE_IDS) lines.push(`- \`${f}\` — ${TABLE[f][t][0]}: ${TABLE[f][t][1]}`);
    lines.push('', '</details>');
  }
  return lines.join('\n') + '\n';
}
