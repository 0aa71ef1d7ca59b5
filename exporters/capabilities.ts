/**
 * The one capability table: for each export target and each format feature, whether the target
 * expresses it natively, emulates it (works, with a different mechanism or a small difference in
 * meaning), or cannot express it at all, with a one-line reason. `weft targets` prints it for a
 * pipeline; exporters turn every non-native entry a pipeline uses into a warning, so nothing is
 * dropped silently. docs/exporters.md carries the same table (a test keeps them in sync).
 *
 * Argo, Airflow and Prefect are what their exporters do today. The other five describe the target engines (Airflow 3,
 * KFP v2 IR, Prefect 3, Dagster, Luigi) as their exporters are planned to use them.
 */
import { FEATURE_IDS, type FeatureId } from './features';
import { TARGETS, type Target } from './types';
import { PLATFORM_TARGETS } from '../core/schema/schema';
import type { PlatformTarget } from '../core/model/types';

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
    airflow: [N, '@task running bash -c through subprocess; values in env, never Jinja'],
    argo: [N, 'script template run by bash or sh'],
    kubeflow: [N, 'container component: the command runs through a sh wrapper'],
    prefect: [E, 'a task running the command through subprocess'],
    dagster: [N, 'op running the command with subprocess (argv list; expressions reach it as env vars)'],
    luigi: [N, 'a Task whose run() runs the command (subprocess argv list)'],
  },
  'task.python': {
    airflow: [N, '@task running python3 on the script (argv list) or the inline code'],
    argo: [N, 'script template; the script travels as a raw input artifact'],
    kubeflow: [N, 'container component running python3 on the embedded script'],
    prefect: [N, '@task running the script through subprocess (argv list) or the inline code'],
    dagster: [N, 'op running python3 on the script with subprocess (argv list)'],
    luigi: [N, 'a Task whose run() runs python3 on the script (subprocess argv list)'],
  },
  'task.node': {
    airflow: [N, '@task running node through subprocess'],
    argo: [N, 'script template running node'],
    kubeflow: [N, 'container component running node'],
    prefect: [E, 'a task running node through subprocess'],
    dagster: [N, 'op running node with subprocess (argv list)'],
    luigi: [N, 'a Task whose run() runs node (subprocess argv list)'],
  },
  'task.sql': {
    airflow: [E, 'a @task using sqlite3 with named parameters: SQLite files only'],
    argo: [E, "generated Python step using sqlite3: SQLite files only, no connection URLs"],
    kubeflow: [E, 'generated Python step using sqlite3: SQLite files only'],
    prefect: [E, 'a task using sqlite3 with named parameters: SQLite files only'],
    dagster: [E, 'an op using sqlite3 (SQLite files only)'],
    luigi: [E, 'a Task whose run() uses sqlite3'],
  },
  'task.http': {
    airflow: [E, 'a @task calling urllib; expect.status checked'],
    argo: [N, 'HTTP template with successCondition'],
    kubeflow: [E, 'generated Python component using urllib'],
    prefect: [E, 'a task calling urllib'],
    dagster: [E, 'an op calling urllib'],
    luigi: [E, 'a Task whose run() calls urllib'],
  },
  'task.container': {
    airflow: [N, 'KubernetesPodOperator'],
    argo: [N, 'container template'],
    kubeflow: [N, 'container component'],
    prefect: [E, 'a task running `docker run` on the worker'],
    dagster: [E, 'an op running docker run (the folder and the output files mounted)'],
    luigi: [E, 'docker run from run() (the folder and the output files mounted)'],
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
    airflow: [N, '@task.sensor polling for the glob (reschedule mode)'],
    argo: [X, "no file sensor (needs Argo Events); a polling step sees only the pod's own filesystem"],
    kubeflow: [X, 'no sensors in KFP'],
    prefect: [E, 'a polling task'],
    dagster: [E, 'a polling op (sensors start runs, they do not wait inside one)'],
    luigi: [E, 'a Task polling for the file in run()'],
  },
  'task.wait.url': {
    airflow: [N, '@task.sensor polling the URL'],
    argo: [E, 'generated Python step polling the URL'],
    kubeflow: [E, 'generated Python component polling the URL'],
    prefect: [E, 'a polling task'],
    dagster: [E, 'a polling op'],
    luigi: [E, 'a polling Task'],
  },
  'task.wait.until': {
    airflow: [N, '@task.sensor evaluating the condition'],
    argo: [E, 'generated Python step evaluates the condition (values are fixed within a run; retries poll)'],
    kubeflow: [E, 'generated Python component evaluating the condition'],
    prefect: [E, 'a polling task'],
    dagster: [E, 'an op checking the condition once per attempt (retries poll)'],
    luigi: [E, 'a Task checking the condition once per attempt (retries poll)'],
  },
  'task.wait.delay': {
    airflow: [E, 'a @task that sleeps'],
    argo: [N, 'suspend template with a duration'],
    kubeflow: [E, 'a component that sleeps'],
    prefect: [E, 'a task that sleeps'],
    dagster: [E, 'an op that sleeps'],
    luigi: [E, 'a Task that sleeps'],
  },
  'task.wait.approval': {
    airflow: [N, 'HITLEntryOperator (Airflow 3.1+): a form of the outputs, answered in the UI or REST API; its params are the outputs'],
    argo: [N, 'suspend template: resuming supplies the outputs (valueFrom.supplied), with their defaults and choices'],
    kubeflow: [X, 'KFP v2 has no manual approval step; the step fails with a message; export to Argo or Airflow for this task'],
    prefect: [E, 'pause_flow_run(wait_for_input=…) in the flow: a RunInput of the outputs, answered in the UI; the flow waits there, so tasks written after it start once it is answered'],
    dagster: [X, 'Dagster has no step that waits for a person; export to Argo, Airflow or Prefect'],
    luigi: [X, 'Luigi has no step that waits for a person; export to Argo, Airflow or Prefect'],
  },
  'task.service': {
    airflow: [X, 'tasks run to completion on workers; nothing keeps a service up for later tasks (use a Kubernetes Service or an external one)'],
    argo: [N, 'daemon template (with a readiness probe on the port); tasks.<id>.address is its pod IP'],
    kubeflow: [X, 'KFP v2 steps run to completion; no daemon steps: the step fails with a message'],
    prefect: [X, 'tasks run to completion; nothing keeps a service up for later tasks'],
    dagster: [X, 'ops run to completion; nothing keeps a service up for later ops'],
    luigi: [X, 'Tasks run to completion; nothing keeps a service up for later tasks'],
  },
  'task.http.condition': {
    airflow: [E, 'the generated urllib call evaluates the condition on status, body and headers'],
    argo: [N, 'HTTP template successCondition (expr) on response.statusCode, body and headers'],
    kubeflow: [E, 'the generated Python component evaluates the condition'],
    prefect: [E, 'the generated urllib call evaluates the condition'],
    dagster: [E, 'the generated urllib call evaluates the condition'],
    luigi: [E, 'the generated urllib call evaluates the condition'],
  },
  'task.pipeline': {
    airflow: [E, 'TriggerDagRunOperator(wait_for_completion=True) on a second DAG'],
    argo: [N, 'the sub-pipeline inlined as a nested DAG template'],
    kubeflow: [N, 'a nested DAG component whose inputs are the sub-pipeline params'],
    prefect: [E, "run_deployment of the sub-pipeline's own deployment"],
    dagster: [N, 'a nested @graph fed by an op computing its params; a fan-out maps the graph over the items'],
    luigi: [N, "a Task yielding the sub-pipeline's WrapperTask with its params"],
  },
  'task.manifest': {
    airflow: [E, 'kubectl through subprocess on the worker, polling the object until a condition holds'],
    argo: [N, 'resource template: action, manifest, success/failure conditions, owner reference, outputs by JSONPath'],
    kubeflow: [X, 'KFP v2 has no resource step; export to Argo or Airflow for this task'],
    prefect: [E, 'kubectl through subprocess, polling the object until a condition holds'],
    dagster: [E, 'kubectl through subprocess, polling the object until a condition holds'],
    luigi: [E, 'kubectl through subprocess, polling the object until a condition holds'],
  },
  params: {
    airflow: [N, 'Param with type, enum and default'],
    argo: [N, 'spec.arguments.parameters with defaults and enum (values are strings; lists/objects as JSON)'],
    kubeflow: [N, 'typed pipeline inputs (NUMBER_INTEGER, STRING, LIST, STRUCT, …)'],
    prefect: [N, 'typed flow parameters'],
    dagster: [N, 'a Pythonic-config resource (run config resources.params)'],
    luigi: [N, 'luigi Parameters on a shared base class, handed down with clone()'],
  },
  env: {
    airflow: [N, "environment of the task's process"],
    argo: [N, 'container env'],
    kubeflow: [N, 'container env'],
    prefect: [E, 'set in the subprocess environment or work pool job variables'],
    dagster: [N, 'env of the subprocess'],
    luigi: [E, 'set in the subprocess environment'],
  },
  secrets: {
    airflow: [N, 'Variable.get / Connection.get by reference'],
    argo: [N, 'env valueFrom.secretKeyRef (the kubernetes reference)'],
    kubeflow: [N, 'kubernetes platform spec secretAsEnv'],
    prefect: [E, 'Secret blocks loaded by name at run time'],
    dagster: [N, 'read at run time from the env/file reference (like EnvVar), never a value'],
    luigi: [E, 'env/file reference read at run time'],
  },
  retries: {
    airflow: [N, 'retries'],
    argo: [N, 'retryStrategy.limit'],
    kubeflow: [N, 'retryPolicy.maxRetryCount'],
    prefect: [N, 'retries'],
    dagster: [N, 'RetryPolicy(max_retries)'],
    luigi: [N, 'retry_count (the worker must stay alive: keep_alive)'],
  },
  'retries.fixed': {
    airflow: [N, 'retry_delay'],
    argo: [N, 'retryStrategy.backoff.duration'],
    kubeflow: [N, 'retryPolicy.backoffDuration with factor 1'],
    prefect: [N, 'retry_delay_seconds'],
    dagster: [N, 'RetryPolicy(delay) without backoff'],
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
    dagster: [E, 'Backoff.EXPONENTIAL waits (2^n - 1) x delay (1x, 3x, 7x...), never less than Weft'],
    luigi: [X, 'no backoff'],
  },
  'retries.maxDelay': {
    airflow: [N, 'max_retry_delay'],
    argo: [N, 'retryStrategy.backoff.cap'],
    kubeflow: [E, 'backoffMaxDuration bounds the whole retry window: set to the sum of the capped pauses'],
    prefect: [E, 'the list of delays is capped at export'],
    dagster: [X, 'RetryPolicy has no cap'],
    luigi: [X, 'no backoff'],
  },
  timeout: {
    airflow: [N, 'execution_timeout'],
    argo: [N, 'template activeDeadlineSeconds (per attempt)'],
    kubeflow: [N, 'kubernetes platform spec activeDeadlineSeconds'],
    prefect: [N, 'timeout_seconds'],
    dagster: [E, 'subprocess timeout per attempt (dagster/max_runtime is run-level)'],
    luigi: [N, 'worker_timeout, and the subprocess timeout'],
  },
  if: {
    airflow: [N, 'AirflowSkipException when the condition is false'],
    argo: [N, 'DAG task when (govaluate); expressions outside the translatable subset are warned'],
    kubeflow: [N, 'dsl.If (triggerPolicy.condition)'],
    prefect: [E, 'decided inside the task, which returns a skipped marker'],
    dagster: [E, 'optional outputs skip downstream ops'],
    luigi: [E, 'run() decides; a skipped task writes a skipped state'],
  },
  foreach: {
    airflow: [N, 'dynamic task mapping (.expand)'],
    argo: [N, 'withItems for literal lists, withParam for lists from params or outputs'],
    kubeflow: [N, 'ParallelFor (parameterIterator)'],
    prefect: [N, '.map'],
    dagster: [N, 'DynamicOut and .map'],
    luigi: [E, 'one task instance per item, as dynamic dependencies yielded from run()'],
  },
  'foreach.parallelism': {
    airflow: [N, 'max_active_tis_per_dagrun'],
    argo: [N, 'a wrapper DAG template with parallelism around the loop'],
    kubeflow: [N, 'ParallelFor parallelism (iteratorPolicy.parallelismLimit)'],
    prefect: [E, 'a tag concurrency limit, created by hand'],
    dagster: [E, 'a dagster/concurrency_key tag; the limit is set on the instance'],
    luigi: [E, 'the number of workers is global'],
  },
  'trigger.all_done': {
    airflow: [N, 'trigger_rule=all_done'],
    argo: [N, 'depends on each dependency Succeeded, Failed, Errored, Skipped or Omitted'],
    kubeflow: [N, 'ignore_upstream_failure (ALL_UPSTREAM_TASKS_COMPLETED)'],
    prefect: [N, 'allow_failure on every upstream future'],
    dagster: [X, 'an op never runs after an upstream failure'],
    luigi: [E, 'runs after skipped requirements, but never after a failed one (a failure stops the build)'],
  },
  'trigger.all_failed': {
    airflow: [N, 'trigger_rule=all_failed'],
    argo: [N, 'depends on each dependency Failed or Errored'],
    kubeflow: [X, 'no trigger on failure'],
    prefect: [E, 'allow_failure, and the outcomes checked in the task'],
    dagster: [X, 'an op never runs after an upstream failure: generated, never runs its task'],
    luigi: [X, 'a task runs only after its requirements completed: generated, always skipped'],
  },
  'trigger.one_success': {
    airflow: [N, 'trigger_rule=one_success'],
    argo: [E, 'depends with ||: Argo waits for every dependency to finish before deciding'],
    kubeflow: [X, 'no such trigger policy'],
    prefect: [E, 'allow_failure; starts after all dependencies finished'],
    dagster: [X, 'an op needs all its inputs'],
    luigi: [E, 'runs unless every requirement was skipped; never after a failure'],
  },
  'trigger.one_failed': {
    airflow: [N, 'trigger_rule=one_failed'],
    argo: [E, 'depends with ||: Argo waits for every dependency to finish before deciding'],
    kubeflow: [X, 'no trigger on failure'],
    prefect: [E, 'allow_failure; starts after all dependencies finished'],
    dagster: [X, 'an op never runs after an upstream failure: generated, never runs its task'],
    luigi: [X, 'a task runs only after its requirements completed: generated, always skipped'],
  },
  'trigger.none_failed': {
    airflow: [N, 'trigger_rule=none_failed'],
    argo: [N, 'depends on each dependency Succeeded, Skipped or Omitted'],
    kubeflow: [X, 'no such trigger policy'],
    prefect: [E, 'allow_failure, and the outcomes checked in the task'],
    dagster: [X, 'a skipped input skips the op too: exported as all_success'],
    luigi: [E, 'a skipped requirement does not block the task (its state says skipped)'],
  },
  onFailure: {
    airflow: [E, 'tasks with trigger_rule=one_failed after every main task: they start at the first failure'],
    argo: [N, 'onExit DAG, tasks with when {{workflow.status}} != Succeeded'],
    kubeflow: [E, 'exit handler task checking PipelineTaskFinalStatus'],
    prefect: [E, "run from the flow's finally block when a task failed"],
    dagster: [E, 'a run_failure_sensor starts a handler job after the failed run'],
    luigi: [E, 'a second luigi.build in __main__ when the pipeline failed'],
  },
  finally: {
    airflow: [E, 'tasks with trigger_rule=all_done after every main task; a one_failed task keeps the run failed'],
    argo: [N, 'onExit DAG (exit handler)'],
    kubeflow: [N, 'dsl.ExitHandler'],
    prefect: [E, "run from the flow's finally block"],
    dagster: [E, 'run status sensors start the handler job after the run'],
    luigi: [E, 'a second luigi.build in __main__ after the pipeline'],
  },
  schedule: {
    airflow: [N, 'CronTriggerTimetable'],
    argo: [N, 'CronWorkflow schedules'],
    kubeflow: [E, 'a recurring run on the KFP backend, not in the pipeline file'],
    prefect: [N, 'deployment cron schedule'],
    dagster: [N, '@schedule with cron_schedule'],
    luigi: [X, 'no scheduler: run from cron'],
  },
  'schedule.timezone': {
    airflow: [N, 'CronTriggerTimetable(timezone=...)'],
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
    dagster: [X, 'missed ticks are not run: launch a backfill'],
    luigi: [X, 'no scheduler'],
  },
  'schedule.start': {
    airflow: [N, 'start_date'],
    argo: [X, 'CronWorkflow has no start date'],
    kubeflow: [E, 'recurring run start time'],
    prefect: [X, 'no start date on cron schedules'],
    dagster: [E, 'the schedule skips ticks before the start date'],
    luigi: [X, 'no scheduler'],
  },
  'schedule.end': {
    airflow: [N, 'end_date'],
    argo: [X, 'CronWorkflow has no end date (stopStrategy counts runs, not dates)'],
    kubeflow: [E, 'recurring run end time'],
    prefect: [X, 'no end date on cron schedules'],
    dagster: [E, 'the schedule skips ticks after the end date'],
    luigi: [X, 'no scheduler'],
  },
  'triggers.file': {
    airflow: [E, 'schedule on the Asset file://<path>; a producer must update it (Airflow does not watch files)'],
    argo: [X, 'needs Argo Events (a sensor), not part of a Workflow'],
    kubeflow: [X, 'no event triggers'],
    prefect: [X, 'no file events'],
    dagster: [E, "a @sensor polling the path on the daemon's machine"],
    luigi: [X, 'no triggers'],
  },
  'triggers.webhook': {
    airflow: [X, 'no webhook listener: start runs through the REST API'],
    argo: [X, 'needs Argo Events or a WorkflowEventBinding; not generated'],
    kubeflow: [X, 'no event triggers'],
    prefect: [X, 'not exported: a Prefect Cloud webhook and a deployment trigger, set up by hand'],
    dagster: [X, 'no webhook endpoint: start runs through the GraphQL API'],
    luigi: [X, 'no triggers'],
  },
  'triggers.pipeline': {
    airflow: [E, 'schedule on the Asset weft://<name>; the other DAG must list it as an outlet'],
    argo: [X, 'needs Argo Events; not part of a Workflow'],
    kubeflow: [X, 'no event triggers'],
    prefect: [X, "not exported: a deployment trigger on the other flow's run events, set up by hand"],
    dagster: [N, 'run_status_sensor'],
    luigi: [X, 'no triggers'],
  },
  cache: {
    airflow: [X, 'no task result cache'],
    argo: [E, 'memoize: output parameters kept in a ConfigMap, keyed on the task inputs (not artifacts)'],
    kubeflow: [N, 'caching (enableCache)'],
    prefect: [X, 'not exported: cache_policy would trust the inputs to decide the result'],
    dagster: [X, 'op memoization was removed'],
    luigi: [N, 'a task is done when its state target exists; cached tasks are keyed on params and the cache key, not the run'],
  },
  'cache.inputs': {
    airflow: [X, 'no task result cache'],
    argo: [X, 'file contents are not visible to the memoize key'],
    kubeflow: [X, 'the cache key is the component inputs'],
    prefect: [X, 'no task cache exported'],
    dagster: [X, 'no op cache'],
    luigi: [E, 'the state target name includes a hash of the files'],
  },
  'cache.ttl': {
    airflow: [X, 'no task result cache'],
    argo: [N, 'memoize.maxAge'],
    kubeflow: [X, 'no per-task cache expiry (max_cache_staleness is a run option)'],
    prefect: [X, 'no task cache exported'],
    dagster: [X, 'no op cache'],
    luigi: [X, 'targets do not expire'],
  },
  image: {
    airflow: [E, 'only container tasks (KubernetesPodOperator) run in an image'],
    argo: [N, 'template image'],
    kubeflow: [N, 'container image'],
    prefect: [X, "not exported: the work pool's job variables decide the image"],
    dagster: [E, 'container_config.image in the dagster-k8s/config tag (k8s executor only)'],
    luigi: [X, 'tasks run on the worker (only container tasks run an image, through docker)'],
  },
  resources: {
    airflow: [E, 'requests on container tasks (KubernetesPodOperator) only'],
    argo: [N, 'container resources.requests'],
    kubeflow: [N, 'container cpu/memory requests'],
    prefect: [X, "not exported: the work pool's job variables decide compute"],
    dagster: [E, 'dagster-k8s/config tag'],
    luigi: [X, 'no compute requests (luigi resources are scheduler tokens)'],
  },
  'resources.gpu': {
    airflow: [E, 'nvidia.com/gpu limit on container tasks only'],
    argo: [N, 'resources.limits nvidia.com/gpu'],
    kubeflow: [N, 'accelerator count'],
    prefect: [X, "not exported: the work pool's job variables decide compute"],
    dagster: [E, 'dagster-k8s/config tag'],
    luigi: [X, 'no compute resources'],
  },
  'outputs.values': {
    airflow: [N, 'XCom'],
    argo: [N, 'output parameters read from files the wrapper writes from WEFT_OUTPUTS'],
    kubeflow: [N, 'output parameters'],
    prefect: [N, 'task return values'],
    dagster: [N, 'op outputs (one dict per op)'],
    luigi: [E, 'a JSON state target, read by the dependent'],
  },
  'outputs.files': {
    airflow: [E, 'paths through XCom; files need shared storage'],
    argo: [N, 'output artifacts, passed as input artifacts at the same path'],
    kubeflow: [N, 'output artifacts'],
    prefect: [E, 'paths; files need shared storage'],
    dagster: [E, 'paths passed between ops; files need a shared filesystem'],
    luigi: [N, 'LocalTarget outputs'],
  },
  'outputs.metrics': {
    airflow: [E, 'XCom; no comparison across runs'],
    argo: [E, 'output parameters; no metric tracking across runs'],
    kubeflow: [E, 'NUMBER_DOUBLE output parameters; not logged to a system.Metrics artifact'],
    prefect: [E, 'returned with the values; no artifacts'],
    dagster: [E, 'output metadata'],
    luigi: [E, 'the JSON state target; no tracking across runs'],
  },
  'outputs.pipeline': {
    airflow: [X, 'a triggered DAG run hands no values back to the task that triggered it; export to Argo, Kubeflow or Dagster'],
    argo: [N, 'outputs of the nested DAG template (valueFrom.parameter; artifacts from a task), read as the DAG task\'s outputs'],
    kubeflow: [N, "outputs of the nested DAG component (dag.outputs); a fan-out's are collected as lists"],
    prefect: [X, "run_deployment returns the sub-flow's run, not its values; export to Argo, Kubeflow or Dagster"],
    dagster: [N, 'outputs of the nested @graph (its join op yields them); a fan-out maps the graph and collects lists (not a sub-pipeline that fans out itself: Dagster has no nested dynamic outputs); the job\'s own outputs are the output of an op computing them'],
    luigi: [X, "the sub-pipeline's WrapperTask reports no values; export to Argo, Kubeflow or Dagster"],
  },
  'outputs.fromPath': {
    airflow: [E, 'the run-time helper reads the file after the command and pushes the value to XCom (not for container tasks: a KubernetesPodOperator reports values only through /airflow/xcom/return.json)'],
    argo: [N, 'output parameters with valueFrom.path'],
    kubeflow: [E, "the wrapper copies the file into the executor output parameter (python/node/shell tasks; a container task's image must write it itself)"],
    prefect: [E, 'the run-time helper reads the file after the command and returns the value'],
    dagster: [E, 'the run-time helper reads the file after the command'],
    luigi: [E, 'the run-time helper reads the file into the JSON state target'],
  },
  'outputs.default': {
    airflow: [E, 'the consumer falls back to the default when the XCom is missing (skipped producer)'],
    argo: [N, 'output parameters with valueFrom.default'],
    kubeflow: [X, 'KFP v2 has no default for a task output: a skipped producer leaves the input unset (the wrapper uses the default only when the task runs and does not report the value or write its file)'],
    prefect: [E, 'the default is returned when the task is skipped or does not report the value'],
    dagster: [E, 'the default is used when the op does not report the value or its failure is allowed (a skipped op skips its dependents, so none reads it)'],
    luigi: [E, 'the default is written to the state target when the value is not reported'],
  },
  'expr.exitCode': {
    airflow: [E, "the run-time helper records the command's exit code for later tasks (XCom; a failed task's through _weft_step); none for KubernetesPodOperator tasks"],
    argo: [N, '{{tasks.<name>.exitCode}}'],
    kubeflow: [X, "KFP v2 has no placeholder for a task's exit code; a task reading one fails with a message"],
    prefect: [E, "the run-time helper returns the command's exit code with the outputs"],
    dagster: [E, "the run-time helper returns the command's exit code with the outputs"],
    luigi: [E, "the run-time helper records the command's exit code in the state target"],
  },
  'expr.runDuration': {
    airflow: [E, 'seconds since dag_run.start_date, computed when the task starts'],
    argo: [N, '{{workflow.duration}}'],
    kubeflow: [X, 'KFP v2 has no placeholder for the run duration; a task reading it fails with a message'],
    prefect: [E, 'seconds since the flow function started (prefect.runtime has no flow-run start time), computed when the task starts'],
    dagster: [E, "seconds since the run's start time, computed when the op starts"],
    luigi: [X, 'Luigi runs have no start time a task can read'],
  },
  'concurrency.runs': {
    airflow: [N, 'max_active_runs'],
    argo: [N, 'synchronization mutex (and concurrencyPolicy Forbid for a CronWorkflow) for 1; a larger limit needs a semaphore ConfigMap'],
    kubeflow: [E, 'max_concurrency of the recurring run'],
    prefect: [N, 'deployment concurrency_limit'],
    dagster: [E, 'run queue tag_concurrency_limits (dagster.yaml) on the weft/pipeline tag'],
    luigi: [X, 'runs are not limited (the scheduler only keeps one task instance from running twice)'],
  },
  'concurrency.tasks': {
    airflow: [N, 'max_active_tasks'],
    argo: [N, 'spec.parallelism'],
    kubeflow: [X, 'no pipeline-wide parallelism'],
    prefect: [E, 'ThreadPoolTaskRunner(max_workers)'],
    dagster: [N, 'multiprocess_executor max_concurrent'],
    luigi: [E, 'the number of workers (WORKERS)'],
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
    dagster: [E, 'cwd of the subprocess'],
    luigi: [E, 'cwd of the subprocess'],
  },
  'timeout.run': {
    airflow: [N, 'dagrun_timeout'],
    argo: [N, 'spec.activeDeadlineSeconds'],
    kubeflow: [N, 'PlatformSpec pipelineConfig.activeDeadlineSeconds (the run\'s Argo deadline)'],
    prefect: [N, 'flow timeout_seconds'],
    dagster: [E, 'run tag dagster/max_runtime (needs run monitoring on the instance)'],
    luigi: [X, 'no run-level deadline'],
  },
  'inputs.from': {
    airflow: [E, "the upstream file's path arrives by XCom and is copied into place (workers share a filesystem)"],
    argo: [N, "input artifact from the producing task's output artifact"],
    kubeflow: [N, "input artifact wired to the producing task's output artifact"],
    prefect: [E, "copied into place from the upstream task's path (same machine or shared filesystem)"],
    dagster: [E, "copied into place from the upstream op's path (same machine or shared filesystem)"],
    luigi: [E, "copied into place from the required task's output target"],
  },
  'inputs.url': {
    airflow: [E, 'fetched before the command runs (http(s) by urllib; s3, gs, git through their CLIs on the worker)'],
    argo: [N, 'http, s3, gcs, azure, hdfs, oci and git input artifacts'],
    kubeflow: [N, 'gs://, s3:// and oci:// through an importer node (dsl.importer) copied into place; http(s) downloaded by the wrapper; git, azure and hdfs not staged (warned)'],
    prefect: [E, 'fetched before the command runs (http(s) by urllib; s3, gs, git through their CLIs)'],
    dagster: [E, 'fetched before the command runs (http(s) by urllib; s3, gs, git through their CLIs)'],
    luigi: [E, 'fetched before the command runs (http(s) by urllib; s3, gs, git through their CLIs)'],
  },
  'inputs.content': {
    airflow: [E, 'written into place before the command runs'],
    argo: [N, 'raw input artifact'],
    kubeflow: [E, 'written into place by the component wrapper'],
    prefect: [E, 'written into place before the command runs'],
    dagster: [E, 'written into place before the command runs'],
    luigi: [E, 'written into place before the command runs'],
  },
  allowFailure: {
    airflow: [E, 'the failure is caught and logged; the task ends successfully so dependents run'],
    argo: [N, 'continueOn: {failed: true, error: true}'],
    kubeflow: [E, 'dependents run with ignore_upstream_failure (triggerPolicy ALL_UPSTREAM_TASKS_COMPLETED); the run is still marked failed'],
    prefect: [E, 'the failure is caught and logged; the task returns so dependents run'],
    dagster: [E, 'the failure is caught and logged; the op returns so dependents run'],
    luigi: [E, 'the failure is caught and logged; the task completes so dependents run'],
  },
  kubernetes: {
    airflow: [X, 'tasks run on Airflow workers, not in pods of their own'],
    argo: [N, 'pod fields of the template (volumes, node selector, tolerations, affinity, sidecars, service account…) and volumeClaimTemplates'],
    kubeflow: [E, 'what the kfp-kubernetes platform spec says (node selector, tolerations, affinity, PVC/secret/config-map/emptyDir/ephemeral volumes, pull secrets and policy, pod labels and annotations, runAsUser/Group/NonRoot); service account, sidecars, priority class and volume claim templates are named in a warning'],
    prefect: [X, 'tasks run in the flow process, not in pods of their own'],
    dagster: [X, 'ops run in the job process, not in pods of their own'],
    luigi: [X, 'tasks run in the worker process, not in pods of their own'],
  },
  ...platformRows(),
};

/** `platform.<t>` is native on target t and carried nowhere else. */
function platformRows(): Record<`platform.${PlatformTarget}`, Row> {
  const rows = {} as Record<`platform.${PlatformTarget}`, Row>;
  for (const p of PLATFORM_TARGETS) {
    const row = {} as Row;
    for (const t of TARGETS) row[t] = t === p ? [N, 'merged verbatim into the export (docs/exporters.md says where)'] : [X, `${p}-only settings; not carried to ${t}`];
    rows[`platform.${p}`] = row;
  }
  return rows;
}

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
