/**
 * Dependencies of each task, as core's analysis computes them: `needs` plus every
 * `${{ tasks.<id> … }}` reference anywhere in the task (args, env, if, foreach.items, …). Works
 * on the typed pipeline, so exporters need no syntax tree. Only ids of the same section count.
 */
import { collectReferences, type Expr } from '../core/expr';
import { parsedTemplate } from './util';
import type { Pipeline, Task } from '../core/model/types';

/** Task ids a value refers to through `tasks.<id>`, in order of appearance. */
export function referencedTasks(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (!value.includes('${{')) return out;
    for (const part of parsedTemplate(value).parts) {
      if (part.kind !== 'expr' || !part.ast) continue;
      for (const r of collectReferences(part.ast as Expr)) if (r.root === 'tasks' && r.path[0] !== undefined) out.push(r.path[0]);
    }
  } else if (Array.isArray(value)) for (const v of value) referencedTasks(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) referencedTasks(v, out);
  return out;
}

/**
 * Dependencies of every task of one section (`tasks`, `onFailure` or `finally`), deduplicated, in
 * order: `needs` first, then references. Ids outside the section are left out.
 */
export function sectionDependencies(p: Pipeline, section: 'tasks' | 'onFailure' | 'finally'): Map<string, string[]> {
  const deps = new Map<string, string[]>();
  for (const [id, d] of dependencyDetail(p[section] ?? {})) deps.set(id, d.all);
  return deps;
}

/**
 * The same dependencies with the referenced ones (data dependencies: the task reads an output or
 * status) kept apart from order-only `needs`, for targets that wire data and order differently.
 */
export function dependencyDetail(tasks: Record<string, Task>): Map<string, { all: string[]; data: Set<string> }> {
  const ids = new Set(Object.keys(tasks));
  const out = new Map<string, { all: string[]; data: Set<string> }>();
  for (const [id, t] of Object.entries(tasks)) {
    const refs = referencedTasks(t);
    const seen = new Set<string>();
    const all: string[] = [];
    for (const d of [...(t.needs ?? []), ...refs]) {
      if (d === id || !ids.has(d) || seen.has(d)) continue;
      seen.add(d);
      all.push(d);
    }
    out.set(id, { all, data: new Set(refs.filter((r) => seen.has(r))) });
  }
  return out;
}
