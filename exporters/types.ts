/**
 * The export framework's vocabulary. Exporters are pure: they get a typed pipeline (already
 * validated by the caller) and a `readFile` provider for embedding scripts, and return files and
 * warnings. No node:* imports, no processes, so they also run in a browser.
 */
import type { Pipeline } from '../core/model/types';

export const TARGETS = ['airflow', 'argo', 'kubeflow', 'prefect', 'dagster', 'luigi'] as const;
export type Target = (typeof TARGETS)[number];

export interface ExportInput {
  pipeline: Pipeline;
  /** The pipeline file's name or path as the user gave it (used in messages and `pipeline.file`). */
  fileName: string;
  /** Reads a file relative to the pipeline file's folder; undefined when it does not exist. */
  readFile?(relPath: string): string | undefined;
}

export interface ExportWarning {
  /** A feature id from features.ts (or `expressions`, `scripts`, `names`, … for exporter-specific notes). */
  feature: string;
  /** The task (or tasks, comma-separated) concerned; absent for pipeline-level features. */
  task?: string;
  message: string;
}

export interface ExportFile {
  path: string;
  content: string;
}

export interface ExportResult {
  files: ExportFile[];
  warnings: ExportWarning[];
}

export interface Exporter {
  target: Target;
  /** Extension of the written file, after the pipeline name: `<name>.argo.yaml`. */
  extension: string;
  export(input: ExportInput): ExportResult;
}

/** `warning [feature] task: message`, or without the task when there is none. */
export function formatWarning(w: ExportWarning): string {
  return `warning [${w.feature}] ${w.task ? `${w.task}: ` : ''}${w.message}`;
}
