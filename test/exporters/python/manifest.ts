/**
 * Fixtures for the manifest-task tests of the Python targets: a pipeline using every manifest
 * field, and a stand-in `kubectl` (fake_kubectl/kubectl) put first on PATH — there is no cluster
 * (and no kubectl) here, so the stand-in records each call and serves object JSON that changes
 * from poll to poll, as a Job's status would.
 */
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface KubectlCall {
  argv: string[];
  /** The text of the file --filename / --patch-file named, when the call was made. */
  file?: string;
}

export interface FakeKubectl {
  dir: string;
  /** The environment for python3: the stand-in first on PATH, its state folder. */
  env: NodeJS.ProcessEnv;
  calls(): KubectlCall[];
  dispose(): void;
}

/** A fresh stand-in with its scenario (see fake_kubectl/kubectl for the fields). */
export function fakeKubectl(scenario: Record<string, unknown>): FakeKubectl {
  const dir = mkdtempSync(join(tmpdir(), 'weft-kubectl-'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  // A copy with the executable bit set, whatever the checkout kept.
  copyFileSync(join(__dirname, 'fake_kubectl', 'kubectl'), join(bin, 'kubectl'));
  chmodSync(join(bin, 'kubectl'), 0o755);
  writeFileSync(join(dir, 'scenario.json'), JSON.stringify(scenario));
  return {
    dir,
    env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`, FAKE_KUBECTL_DIR: dir },
    calls: () => (existsSync(join(dir, 'calls')) ? readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as KubectlCall) : []),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The Job the stand-in makes (its name generated from generateName). */
export const JOB = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'train-x7k2p', namespace: 'jobs', uid: 'u1' }, spec: { backoffLimit: 2 } };

/** The Job's status over successive polls: running, running, succeeded. */
export const JOB_POLLS = [
  { ...JOB, status: { active: 1 } },
  { ...JOB, status: { active: 1, ready: 0 } },
  { ...JOB, status: { succeeded: 1, completionTime: '2025-01-01T00:00:00Z' } },
];

/**
 * A pipeline with a manifest task (create, conditions, ownedByRun, a capture read by a dependent,
 * a param filled into the manifest) and a shell task reading the capture into a file.
 */
export const MANIFEST_PIPELINE = `apiVersion: weft/v1
kind: Pipeline
metadata: {name: mf}
params:
  image: {type: string, default: "python:3.12-slim"}
tasks:
  train_job:
    type: manifest
    action: create
    ownedByRun: true
    timeout: 2m
    flags: ["--context=lab"]
    manifest: |
      apiVersion: batch/v1
      kind: Job
      metadata: {generateName: train-, namespace: jobs}
      spec:
        template:
          spec:
            restartPolicy: Never
            containers: [{name: train, image: "\${{ params.image }}"}]
    successCondition: status.succeeded > 0
    failureCondition: status.failed > 2
    capture: {job: "{.metadata.name}"}
    outputs:
      job: {type: string}
  report:
    type: shell
    run: echo "$JOB" > job.txt
    env: {JOB: "\${{ tasks.train_job.outputs.job }}"}
`;

/** The manifest text after the param default is filled in. */
export const MANIFEST_TEXT = `apiVersion: batch/v1
kind: Job
metadata: {generateName: train-, namespace: jobs}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: train, image: "python:3.12-slim"}]
`;
