/**
 * The JSON Schema (draft 2020-12) of the Weft format `weft/v1` — the single source of truth for
 * the format's shape. Core's own validator walks this object (so every rule about shape lives here
 * once), the build writes it to dist/weft.schema.json for VS Code's `jsonValidation` /
 * `yamlValidation`, and docs/format.md explains it.
 *
 * Task types are a `oneOf` whose branches each fix `type` with a `const`. Generic validators give
 * poor messages for `oneOf`; core's validator treats such a `oneOf` as a discriminated union and
 * validates only the branch the `type` names (the `x-weft-discriminator` annotation says so).
 * `x-weft-code` names the rule code a failing `pattern` reports (e.g. invalid-duration).
 */

export type JsonSchema = { [key: string]: unknown };

export const TASK_TYPES = ['shell', 'python', 'node', 'sql', 'http', 'container', 'check', 'wait', 'pipeline', 'manifest'] as const;
export const MANIFEST_ACTIONS = ['apply', 'create', 'replace', 'patch', 'delete', 'get'] as const;
export const VALUE_TYPES = ['string', 'integer', 'number', 'boolean', 'list', 'object'] as const;
export const OUTPUT_TYPES = [...VALUE_TYPES, 'file', 'dir', 'metric'] as const;
export const TRIGGER_RULES = ['all_success', 'all_done', 'all_failed', 'one_success', 'one_failed', 'none_failed'] as const;
export const BACKOFF_KINDS = ['fixed', 'linear', 'exponential'] as const;

/** Durations are Go-style: `90s`, `10m`, `1h30m`, `2d`, `250ms`. */
export const DURATION_PATTERN = '^([0-9]+(\\.[0-9]+)?(ms|s|m|h|d))+$';
/** Ids that can be used in expressions (`tasks.<id>`), file names and every export target. */
export const ID_PATTERN = '^[A-Za-z_][A-Za-z0-9_-]*$';

const ref = (name: string): JsonSchema => ({ $ref: `#/$defs/${name}` });
const stringMap = (description: string): JsonSchema => ({
  type: 'object',
  description,
  additionalProperties: { type: 'string' },
});

/** Targets that may carry raw, target-specific settings under `platform`. */
export const PLATFORM_TARGETS = ['argo', 'kubeflow', 'airflow', 'prefect', 'dagster', 'luigi'] as const;

/** Kubernetes pod settings, as Kubernetes spells them (objects are Kubernetes API objects). */
const kubernetesPodProperties: Record<string, JsonSchema> = {
  serviceAccount: { type: 'string', description: 'Service account the pod runs as.' },
  nodeSelector: stringMap('Node labels the pod must be scheduled on.'),
  tolerations: { type: 'array', items: { type: 'object' }, description: 'Kubernetes tolerations.' },
  affinity: { type: 'object', description: 'Kubernetes affinity.' },
  volumes: { type: 'array', items: { type: 'object', required: ['name'] }, description: 'Pod volumes (Kubernetes Volume objects: configMap, secret, emptyDir, persistentVolumeClaim…).' },
  volumeMounts: {
    type: 'array',
    items: { type: 'object', required: ['name', 'mountPath'] },
    description: 'Where volumes are mounted in the task\'s container (Kubernetes VolumeMount objects).',
  },
  annotations: stringMap('Pod annotations.'),
  podLabels: stringMap('Pod labels.'),
  securityContext: { type: 'object', description: 'Container security context.' },
  imagePullPolicy: { enum: ['Always', 'IfNotPresent', 'Never'], description: 'When to pull the image.' },
  imagePullSecrets: { type: 'array', items: { type: 'string' }, description: 'Names of Secrets used to pull images.' },
  sidecars: { type: 'array', items: { type: 'object', required: ['name'] }, description: 'Containers running beside the task (Kubernetes Container objects).' },
  priorityClassName: { type: 'string', description: 'Pod priority class.' },
};

const kubernetesPod = (description: string): JsonSchema => ({ type: 'object', additionalProperties: false, description });

/** Fields every task type accepts. */
const commonTaskProperties: Record<string, JsonSchema> = {
  description: { type: 'string', description: 'What the task does; shown on the canvas and in exports.' },
  labels: stringMap('Free-form key/value labels.'),
  needs: {
    type: 'array',
    // No pattern here: an id that cannot exist is reported once, as an unknown dependency.
    items: { type: 'string' },
    uniqueItems: true,
    description:
      'Tasks that must finish before this one. Dependencies implied by `${{ tasks.<id>... }}` expressions are added automatically.',
  },
  if: {
    type: 'string',
    description: 'Condition (a `${{ }}` expression of type boolean); the task is skipped when it is false.',
  },
  trigger: {
    enum: [...TRIGGER_RULES],
    description:
      'When the task may start, given its dependencies\' outcomes (default `all_success`), as Airflow trigger rules.',
  },
  retries: ref('retries'),
  timeout: ref('duration'),
  foreach: ref('foreach'),
  cache: ref('cache'),
  env: stringMap('Environment variables for the task; values may use `${{ }}` (secrets via `${{ secrets.<name> }}`).'),
  image: { type: 'string', description: 'Container image for cluster targets (Argo, Kubeflow, Kubernetes operators).' },
  resources: ref('resources'),
  outputs: {
    type: 'object',
    description: 'Typed outputs the task reports: values, files/directories, metrics.',
    propertyNames: { pattern: ID_PATTERN },
    additionalProperties: ref('output'),
  },
  workdir: { type: 'string', description: 'Working directory, relative to the pipeline file.' },
  inputs: {
    type: 'object',
    description: 'Files staged before the task starts: another task\'s file output, a URL, or inline content (artifacts).',
    propertyNames: { pattern: ID_PATTERN },
    additionalProperties: ref('input'),
  },
  allowFailure: {
    type: 'boolean',
    description: 'When true, a failure of this task does not fail the run and its dependents go on as if it had succeeded (Argo continueOn).',
  },
  kubernetes: ref('kubernetes'),
  platform: ref('platform'),
  service: ref('service'),
};

const scalarArg: JsonSchema = { type: ['string', 'number', 'boolean'] };

/** Fields specific to each task type, and which of them are required. */
const taskTypes: Record<(typeof TASK_TYPES)[number], { description: string; properties: Record<string, JsonSchema>; required?: string[]; oneOf?: JsonSchema[] }> = {
  shell: {
    description: 'Runs a shell command line.',
    properties: {
      run: { type: 'string', description: 'The command(s) to run. Parameters reach it as environment variables, never pasted into the text unquoted.' },
      shell: { enum: ['bash', 'sh'], description: 'Shell to use (default bash).' },
    },
    required: ['run'],
  },
  python: {
    description: 'Runs a Python script file or inline code.',
    properties: {
      script: { type: 'string', description: "Path of the script, relative to the task's workdir (the pipeline file's folder unless `workdir` says otherwise)." },
      code: { type: 'string', description: 'Inline Python source.' },
      args: { type: 'array', items: scalarArg, description: 'Command-line arguments; may use `${{ }}`.' },
      interpreter: { type: 'string', description: 'Interpreter to use locally (default python3).' },
    },
    oneOf: [{ required: ['script'] }, { required: ['code'] }],
  },
  node: {
    description: 'Runs a Node.js script file or inline code.',
    properties: {
      script: { type: 'string', description: "Path of the script, relative to the task's workdir (the pipeline file's folder unless `workdir` says otherwise)." },
      code: { type: 'string', description: 'Inline JavaScript source.' },
      args: { type: 'array', items: scalarArg, description: 'Command-line arguments; may use `${{ }}`.' },
    },
    oneOf: [{ required: ['script'] }, { required: ['code'] }],
  },
  sql: {
    description: 'Runs SQL against a database (SQLite file locally).',
    properties: {
      database: { type: 'string', description: 'SQLite file path (relative to the pipeline file) or a connection URL.' },
      query: { type: 'string', description: 'SQL text; use named parameters (`:name`) rather than interpolation.' },
      file: { type: 'string', description: "Path of a .sql file, relative to the task's workdir." },
      params: { type: 'object', description: 'Named query parameters; values may use `${{ }}`.', additionalProperties: scalarArg },
    },
    required: ['database'],
    oneOf: [{ required: ['query'] }, { required: ['file'] }],
  },
  http: {
    description: 'Calls an HTTP endpoint.',
    properties: {
      url: { type: 'string', description: 'The URL; may use `${{ }}`.' },
      method: { enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'], description: 'HTTP method (default GET).' },
      headers: stringMap('Request headers.'),
      body: { type: ['string', 'object', 'array'], description: 'Request body; objects and lists are sent as JSON.' },
      expect: {
        type: 'object',
        additionalProperties: false,
        properties: {
          status: { type: 'array', items: { type: 'integer', minimum: 100, maximum: 599 }, minItems: 1, description: 'Accepted response statuses (default: any 2xx, or whatever `condition` accepts).' },
          condition: {
            type: 'string',
            description: 'A boolean `${{ }}` expression over `response.status`, `response.body` and `response.headers` that must hold for the call to succeed; without `status` it alone decides.',
          },
        },
        description: 'What counts as success: accepted statuses (default any 2xx) and a condition on the response.',
      },
    },
    required: ['url'],
  },
  container: {
    description: 'Runs a container image (on cluster targets; locally only where a container engine exists).',
    properties: {
      command: { type: 'array', items: { type: 'string' }, description: 'Entrypoint override.' },
      args: { type: 'array', items: scalarArg, description: 'Arguments; may use `${{ }}`.' },
    },
    required: ['image'],
  },
  check: {
    description: 'A data-quality gate: fails when any assertion is false.',
    properties: {
      assert: { type: 'array', items: { type: 'string' }, minItems: 1, description: 'Boolean `${{ }}` expressions that must all hold.' },
      message: { type: 'string', description: 'Message shown when an assertion fails.' },
    },
    required: ['assert'],
  },
  wait: {
    description: 'A sensor: waits for a file, a URL, a condition, a delay or a person\'s approval.',
    properties: {
      file: { type: 'string', description: 'Wait until a file matching this path or glob exists.' },
      url: { type: 'string', description: 'Wait until this URL answers 2xx.' },
      until: { type: 'string', description: 'Wait until this boolean `${{ }}` expression holds.' },
      delay: ref('duration'),
      approval: {
        description: 'Wait until a person approves (or rejects) the run; the values they supply are the task\'s outputs.',
        oneOf: [
          { const: true },
          {
            type: 'object',
            additionalProperties: false,
            properties: { message: { type: 'string', description: 'What the approver is asked; may use `${{ }}`.' } },
          },
        ],
      },
      interval: ref('duration'),
    },
    oneOf: [{ required: ['file'] }, { required: ['url'] }, { required: ['until'] }, { required: ['delay'] }, { required: ['approval'] }],
  },
  manifest: {
    description: 'Applies a Kubernetes manifest (create, apply, patch, delete…) and waits until a condition on the object holds.',
    properties: {
      manifest: { type: 'string', description: 'The Kubernetes object, as YAML or JSON text; may use `${{ }}`. Required unless `action: delete` names the objects by `flags`.' },
      action: { enum: [...MANIFEST_ACTIONS], description: 'What to do with it (default apply).' },
      successCondition: {
        type: 'string',
        description: 'Done when these comma-separated field tests all hold on the object, e.g. `status.succeeded > 0` (default: done once the action succeeds).',
      },
      failureCondition: { type: 'string', description: 'Failed when these comma-separated field tests all hold, e.g. `status.failed > 3`.' },
      mergeStrategy: { enum: ['strategic', 'merge', 'json'], description: 'How a `patch` merges (default strategic).' },
      flags: { type: 'array', items: { type: 'string' }, description: 'Extra kubectl arguments, e.g. `--namespace=jobs`; with `action: delete` and no manifest, what to delete (`[configmap, --selector, app=x]`).' },
      ownedByRun: { type: 'boolean', description: 'Delete the object with the run (an owner reference to the run).' },
      capture: {
        type: 'object',
        propertyNames: { pattern: ID_PATTERN },
        additionalProperties: { type: 'string' },
        description: 'Outputs read from the object by JSONPath, e.g. `job_name: "{.metadata.name}"`; each must be a declared output.',
      },
    },
  },
  pipeline: {
    description: 'Runs another Weft pipeline as a sub-pipeline.',
    properties: {
      pipeline: { type: 'string', description: 'Path of the sub-pipeline file, relative to this one.' },
      with: { type: 'object', description: 'Values for the sub-pipeline\'s params; may use `${{ }}`.' },
    },
    required: ['pipeline'],
  },
};

function taskBranch(type: (typeof TASK_TYPES)[number]): JsonSchema {
  const t = taskTypes[type];
  const branch: JsonSchema = {
    type: 'object',
    description: t.description,
    properties: {
      type: { const: type, description: t.description },
      ...commonTaskProperties,
      ...t.properties,
    },
    required: ['type', ...(t.required ?? [])],
    additionalProperties: false,
  };
  if (t.oneOf) branch.oneOf = t.oneOf;
  return branch;
}

const taskMap = (description: string): JsonSchema => ({
  type: 'object',
  description,
  propertyNames: { pattern: ID_PATTERN },
  additionalProperties: ref('task'),
});

export const weftSchema: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://weft.dev/schema/weft-v1.json',
  title: 'Weft pipeline (weft/v1)',
  description: 'A portable data/ML pipeline: tasks, dependencies, params, outputs, schedules and triggers.',
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'tasks'],
  additionalProperties: false,
  properties: {
    apiVersion: { const: 'weft/v1', description: 'Format version; always `weft/v1`.' },
    kind: { const: 'Pipeline', description: 'Always `Pipeline`.' },
    metadata: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: {
        name: {
          type: 'string',
          pattern: '^[a-z0-9]([a-z0-9_-]*[a-z0-9])?$',
          maxLength: 63,
          'x-weft-noun': 'pipeline name',
          'x-weft-code': 'invalid-name',
          'x-weft-hint': 'Use lower-case letters, digits, `-` and `_`, starting and ending with a letter or digit.',
          description: 'Pipeline name: lower-case letters, digits, `-` and `_` (a DNS-1123-like name every target accepts).',
        },
        description: { type: 'string', description: 'What the pipeline is for.' },
        labels: stringMap('Free-form key/value labels (Kubernetes labels, Airflow tags).'),
        owner: { type: 'string', description: 'Owning person or team.' },
      },
    },
    params: {
      type: 'object',
      description: 'Typed run parameters, referenced as `${{ params.<name> }}`.',
      propertyNames: { pattern: ID_PATTERN },
      additionalProperties: ref('param'),
    },
    env: stringMap('Environment variables for every task.'),
    secrets: {
      type: 'object',
      description: 'Secrets by reference (never their values), referenced as `${{ secrets.<name> }}`.',
      propertyNames: { pattern: ID_PATTERN },
      additionalProperties: ref('secret'),
    },
    schedule: ref('schedule'),
    timeout: {
      ...ref('duration'),
      description: 'Most time one whole run may take; the run fails when it is exceeded (tasks still running are stopped).',
    },
    triggers: { type: 'array', items: ref('trigger'), description: 'Events that start a run.' },
    defaults: ref('defaults'),
    concurrency: {
      type: 'object',
      additionalProperties: false,
      description: 'Concurrency limits.',
      properties: {
        runs: { type: 'integer', minimum: 1, description: 'Most runs of this pipeline at once.' },
        tasks: { type: 'integer', minimum: 1, description: 'Most tasks of one run at once.' },
      },
    },
    outputs: {
      type: 'object',
      description: "What the pipeline reports, each taken from one of its tasks; as a sub-pipeline, its caller reads them as `${{ tasks.<id>.outputs.<name> }}`.",
      propertyNames: { pattern: ID_PATTERN },
      additionalProperties: ref('pipelineOutput'),
    },
    tasks: { ...taskMap('The tasks, by id.'), minProperties: 1 },
    onFailure: taskMap('Handler tasks run when the pipeline fails.'),
    finally: taskMap('Tasks always run at the end, whatever the outcome (exit handler).'),
    kubernetes: {
      ...kubernetesPod('Pod settings for every task on cluster targets (a task\'s own `kubernetes` adds to them), and volumes shared by the run.'),
      properties: {
        ...kubernetesPodProperties,
        volumeClaimTemplates: { type: 'array', items: { type: 'object', required: ['metadata'] }, description: 'PersistentVolumeClaims created for each run and deleted after it (Kubernetes objects).' },
      },
    },
    platform: ref('platform'),
    layout: {
      type: 'object',
      additionalProperties: false,
      description: 'Canvas positions of pinned nodes only; every other node is auto-laid out.',
      properties: {
        pinned: {
          type: 'object',
          additionalProperties: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 },
          description: '`task-id: [x, y]` per pinned node.',
        },
      },
    },
  },
  $defs: {
    duration: {
      type: 'string',
      pattern: DURATION_PATTERN,
      'x-weft-code': 'invalid-duration',
      'x-weft-noun': 'duration',
      'x-weft-hint': 'Use a number and a unit: 250ms, 90s, 10m, 1h30m, 2d.',
      description: 'A duration such as `90s`, `10m`, `1h30m` or `2d`.',
    },
    param: {
      type: 'object',
      additionalProperties: false,
      required: ['type'],
      properties: {
        type: { enum: [...VALUE_TYPES], description: 'The value type.' },
        default: { description: 'Default value; a param without one must be given at run time.' },
        description: { type: 'string' },
        enum: { type: 'array', minItems: 1, description: 'Allowed values.' },
        items: {
          type: 'object',
          additionalProperties: false,
          properties: { type: { enum: [...VALUE_TYPES] } },
          description: 'Element type of a list param.',
        },
      },
    },
    output: {
      type: 'object',
      additionalProperties: false,
      required: ['type'],
      properties: {
        type: { enum: [...OUTPUT_TYPES], description: 'Value type, `file`/`dir` for artifacts, `metric` for a number tracked across runs.' },
        path: {
          type: 'string',
          description: 'Where the task writes it, relative to its workdir (or absolute in containers). Required for `file` and `dir`; for a value output, the value is read from this file when the task ends.',
        },
        default: { description: 'The value when the task is skipped or does not report it (value outputs).' },
        enum: { type: 'array', minItems: 1, description: 'The allowed values; for an approval, the choices offered.' },
        description: { type: 'string' },
      },
    },
    pipelineOutput: {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'value'],
      properties: {
        type: { enum: [...VALUE_TYPES, 'file', 'dir'], description: 'Value type, or `file`/`dir` for a file output passed on.' },
        value: { type: 'string', description: 'A `${{ }}` expression: usually `${{ tasks.<id>.outputs.<name> }}` (a list for a fan-out task).' },
        description: { type: 'string' },
      },
    },
    service: {
      description: 'A long-running service (a database, a web server) that later tasks use while the run lasts; they reach it at `${{ tasks.<id>.address }}`.',
      oneOf: [
        { const: true },
        {
          type: 'object',
          additionalProperties: false,
          properties: {
            port: { type: 'integer', minimum: 1, maximum: 65535, description: 'The port it listens on; it is ready once the port accepts connections.' },
            ready: { type: 'string', pattern: '^/', description: 'An HTTP path on `port` that answers 2xx once it is ready (instead of a bare connection).' },
          },
        },
      ],
    },
    secret: {
      type: 'object',
      additionalProperties: false,
      description: 'Where a secret comes from on each target.',
      properties: {
        env: { type: 'string', description: 'Local runtime: read from this environment variable (tried before `file`).' },
        file: { type: 'string', description: 'Local runtime: read from this file.' },
        kubernetes: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'key'],
          properties: { name: { type: 'string' }, key: { type: 'string' } },
          description: 'Cluster targets: a Kubernetes Secret and key.',
        },
        airflow: {
          type: 'object',
          additionalProperties: false,
          properties: { variable: { type: 'string' }, connection: { type: 'string' } },
          description: 'Airflow: a Variable or Connection id.',
        },
        description: { type: 'string' },
      },
    },
    input: {
      type: 'object',
      additionalProperties: false,
      required: ['path'],
      description: 'A file or directory staged at `path` before the task starts; from exactly one of `from`, `url` or `content`.',
      properties: {
        path: { type: 'string', description: 'Where the task finds it: relative to its workdir, or absolute (used as is in containers).' },
        from: { type: 'string', description: 'A `${{ tasks.<id>.outputs.<name> }}` file or dir output (or any expression yielding a path); implies the dependency.' },
        url: {
          type: 'string',
          // A URL that is one expression (`${{ params.dataset }}`) is checked when it is evaluated.
          pattern: '^((https?|s3|gs|git\\+https?|git\\+ssh|oci|hdfs|azure)://|\\s*\\$\\{\\{)',
          'x-weft-noun': 'artifact URL',
          'x-weft-hint': 'Use http(s)://, s3://bucket/key, gs://bucket/key, azure://container/blob, hdfs://, oci:// or git+https://host/repo.git#revision.',
          description: 'Where to fetch it: http(s)://, s3://bucket/key, gs://bucket/key, azure://container/blob, hdfs://…, oci://… or git+https://host/repo.git#revision; or one `${{ }}` expression giving such a URL.',
        },
        content: { type: 'string', description: 'Inline file content (may use `${{ }}`).' },
        optional: { type: 'boolean', description: 'When true, a missing source leaves the file absent instead of failing the task.' },
        mode: { type: 'integer', minimum: 0, maximum: 511, description: 'File permission bits, e.g. 493 (0755).' },
        description: { type: 'string' },
      },
      oneOf: [{ required: ['from'] }, { required: ['url'] }, { required: ['content'] }],
    },
    kubernetes: {
      ...kubernetesPod('Pod settings for this task on cluster targets (Argo, Kubeflow, Kubernetes operators); added to the pipeline-level `kubernetes`.'),
      properties: kubernetesPodProperties,
    },
    platform: {
      type: 'object',
      additionalProperties: false,
      description:
        'Settings one target understands and Weft does not model, given in that target\'s own terms and merged verbatim into its export (see docs/exporters.md); every other target ignores them and says so.',
      properties: Object.fromEntries(
        PLATFORM_TARGETS.map((t) => [t, { type: 'object', description: `Raw ${t} settings; see docs/exporters.md for where each key goes.` }]),
      ),
    },
    retries: {
      description: 'Retries: a count, or a policy with backoff.',
      oneOf: [
        { type: 'integer', minimum: 0 },
        {
          type: 'object',
          additionalProperties: false,
          required: ['limit'],
          properties: {
            limit: { type: 'integer', minimum: 0, description: 'Retries after the first attempt.' },
            backoff: { enum: [...BACKOFF_KINDS], description: 'How the delay grows (default fixed).' },
            delay: ref('duration'),
            maxDelay: ref('duration'),
          },
        },
      ],
    },
    foreach: {
      type: 'object',
      additionalProperties: false,
      required: ['items'],
      description: 'Fan-out: one task instance per item, reachable as `${{ item }}`.',
      properties: {
        items: { type: ['array', 'string'], description: 'A list, or a `${{ }}` expression that yields one.' },
        parallelism: { type: 'integer', minimum: 1, description: 'Most instances running at once.' },
      },
    },
    cache: {
      description: 'Skip the task when it already ran with the same inputs (`true`, or a policy).',
      oneOf: [
        { type: 'boolean' },
        {
          type: 'object',
          additionalProperties: false,
          properties: {
            key: { type: 'array', items: { type: 'string' }, description: 'Extra cache-key parts; may use `${{ }}`.' },
            inputs: { type: 'array', items: { type: 'string' }, description: 'Files or globs whose contents are part of the key.' },
            ttl: ref('duration'),
          },
        },
      ],
    },
    resources: {
      type: 'object',
      additionalProperties: false,
      description: 'Compute requested on cluster targets.',
      properties: {
        cpu: { type: ['number', 'string'], pattern: '^[0-9]+(\\.[0-9]+)?m?$', 'x-weft-noun': 'CPU amount', 'x-weft-hint': 'Use cores (`0.5`, `2`) or millicores (`500m`).', description: 'Cores, e.g. `0.5`, `2` or `500m`.' },
        memory: { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|K|M|G|T)?$', 'x-weft-noun': 'memory amount', 'x-weft-hint': 'Use a number with a unit such as `512Mi` or `2Gi`.', description: 'Memory, e.g. `512Mi`, `2Gi`.' },
        gpu: { type: 'integer', minimum: 0, description: 'GPUs.' },
      },
    },
    schedule: {
      type: 'object',
      additionalProperties: false,
      required: ['cron'],
      properties: {
        cron: { type: 'string', description: 'Five-field cron expression (minute hour day-of-month month day-of-week) or @daily-style macro.' },
        timezone: { type: 'string', description: 'IANA time zone, e.g. `Europe/Kyiv` (default UTC).' },
        catchup: { type: 'boolean', description: 'Run missed intervals since `start` (default false).' },
        start: { type: 'string', description: 'ISO date or date-time the schedule starts at.' },
        end: { type: 'string', description: 'ISO date or date-time the schedule ends at.' },
      },
    },
    trigger: {
      type: 'object',
      description: 'One event source: `file`, `webhook` or `pipeline`.',
      minProperties: 1,
      maxProperties: 1,
      additionalProperties: false,
      properties: {
        file: {
          type: 'object',
          additionalProperties: false,
          required: ['path'],
          properties: {
            path: { type: 'string', description: 'Path or glob, relative to the pipeline file.' },
            debounce: ref('duration'),
          },
        },
        webhook: {
          type: 'object',
          additionalProperties: false,
          required: ['path'],
          properties: {
            path: { type: 'string', pattern: '^/', 'x-weft-noun': 'webhook path', 'x-weft-hint': 'Start the path with `/`.', description: 'URL path the runtime listens on.' },
            secret: { type: 'string', description: 'Name of a declared secret that signs requests.' },
          },
        },
        pipeline: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: {
            name: { type: 'string', description: 'The other pipeline\'s metadata.name.' },
            status: { enum: ['success', 'failed', 'completed'], description: 'Which outcome triggers (default success).' },
          },
        },
      },
    },
    defaults: {
      type: 'object',
      additionalProperties: false,
      description: 'Defaults for every task.',
      properties: {
        retries: ref('retries'),
        timeout: ref('duration'),
        image: { type: 'string' },
        resources: ref('resources'),
        cache: ref('cache'),
        trigger: { enum: [...TRIGGER_RULES] },
      },
    },
    task: {
      type: 'object',
      required: ['type'],
      'x-weft-discriminator': 'type',
      description: 'A task; `type` selects its kind.',
      oneOf: TASK_TYPES.map(taskBranch),
    },
  },
};
