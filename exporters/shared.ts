/**
 * Pieces every exporter needs the same way: grouped warnings, the default image of a task type,
 * and reading a sub-pipeline file. One place each, so targets cannot drift apart.
 */
import { parseDocument } from '../core/syntax/parse';
import type { Defaults, Pipeline, Task } from '../core/model/types';
import type { ExportInput, ExportWarning } from './types';
import { joinPath, parsedTemplate } from './util';

/** Task ids joined for a warning: at most `n`, then "(+k more)". */
export function taskList(ids: string[], n = 5): string {
  return ids.length <= n ? ids.join(', ') : `${ids.slice(0, n).join(', ')} (+${ids.length - n} more)`;
}

/** Warnings with the same feature and message become one warning listing their tasks. */
export class WarningGroups {
  private readonly groups = new Map<string, { feature: string; message: string; tasks: string[]; seen: Set<string> }>();

  warn(feature: string, task: string | undefined, message: string): void {
    const key = `${feature}\u0000${message}`;
    let g = this.groups.get(key);
    if (!g) this.groups.set(key, (g = { feature, message, tasks: [], seen: new Set() }));
    if (task !== undefined && !g.seen.has(task)) {
      g.seen.add(task);
      g.tasks.push(task);
    }
  }

  warnings(): ExportWarning[] {
    return [...this.groups.values()].map((g) => (g.tasks.length > 0 ? { feature: g.feature, task: taskList(g.tasks), message: g.message } : { feature: g.feature, message: g.message }));
  }
}

/** The image for steps Weft generates in Python (checks, SQL, sensors) when the task names none. */
export const PYTHON_IMAGE = 'python:3.12-slim';
const DEFAULT_IMAGES: Record<string, string> = { python: PYTHON_IMAGE, node: 'node:22-slim', bash: 'bash:5.2', sh: 'alpine:3.20' };

/** The image a task runs in on a cluster target: its own, the pipeline default, or one per runtime. */
export function imageOf(task: Task, defaults: Defaults | undefined): string {
  return task.image ?? defaults?.image ?? DEFAULT_IMAGES[task.type === 'shell' ? (task.shell ?? 'bash') : task.type] ?? PYTHON_IMAGE;
}

/** Sub-pipelines nest at most this deep (a pipeline that includes itself stops here). */
export const MAX_SUB_PIPELINE_DEPTH = 8;

/**
 * The sub-pipeline a `type: pipeline` task names, read relative to its pipeline's folder; undefined
 * when it is missing, not a pipeline, or nested deeper than MAX_SUB_PIPELINE_DEPTH (`tooDeep` says which).
 */
export function readSubPipeline(input: ExportInput, baseDir: string, depth: number, task: Task & { type: 'pipeline' }): { path: string; pipeline?: Pipeline; tooDeep: boolean } {
  const path = joinPath(baseDir, task.workdir ?? '', task.pipeline);
  const tooDeep = depth + 1 > MAX_SUB_PIPELINE_DEPTH;
  const text = tooDeep ? undefined : input.readFile?.(path);
  if (text === undefined) return { path, tooDeep };
  const v = parseDocument(path, text).value as Pipeline | null;
  return v && typeof v === 'object' && v.tasks && typeof v.tasks === 'object' ? { path, pipeline: v, tooDeep } : { path, tooDeep };
}

/**
 * A shell task's `run` with each `${{ }}` replaced by `${WEFT_E<n>}`: expressions reach the shell
 * as environment variables, never pasted into its text. `bind(name, n, expression)` sets the
 * variable on the target. Text that does not parse is returned as is (validation reports it).
 */
export function shellWithEnvRefs(run: string, bind: (env: string, n: number, expression: string) => void): string {
  const parsed = run.includes('${{') ? parsedTemplate(run) : undefined;
  if (!parsed || parsed.errors.length > 0) return run;
  let out = '';
  let n = 0;
  for (const part of parsed.parts) {
    if (part.kind === 'text') out += part.text;
    else {
      const env = `WEFT_E${n}`;
      bind(env, n++, `\${{${part.source}}}`);
      out += `\${${env}}`;
    }
  }
  return out;
}
