/**
 * Dependencies of each task, as core's analysis computes them: `needs` plus every
 * `${{ tasks.<id> … }}` reference anywhere in the task (args, env, if, foreach.items, …). Works
 * on the typed pipeline, so exporters need no syntax tree. Only ids of the same section count.
 */
import type { Expr } from '../core/expr';
import { parsedTemplate } from './util';
import type { Pipeline, Task } from '../core/model/types';

/** Task ids a value refers to through `tasks.<id>`, in order of appearance. */
export function referencedTasks(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (!value.includes('${{')) return out;
    for (const part of parsedTemplate(value).parts) if (part.kind === 'expr' && part.ast) taskRefs(part.ast as Expr, out);
  } else if (Array.isArray(value)) for (let i = 0; i < value.length; i++) referencedTasks(value[i], out);
  // for-in, not Object.values: this walks every task of every export, and the arrays add up.
  else if (value && typeof value === 'object') for (const k in value) referencedTasks((value as Record<string, unknown>)[k], out);
  return out;
}

/**
 * The `tasks.<id>` references of an expression: what core's collectReferences finds with root
 * `tasks` (maximal member chains, in source order), without building every reference's path and
 * segments only to keep one name.
 */
function taskRefs(e: Expr, out: string[]): void {
  // A pure chain `root.a['b']…` is one reference; its first segment is the innermost one.
  let cur: Expr = e;
  let first: string | undefined;
  for (;;) {
    if (cur.kind === 'member') {
      first = cur.property;
      cur = cur.object;
    } else if (cur.kind === 'index' && cur.index.kind === 'literal' && typeof cur.index.value === 'string') {
      first = cur.index.value;
      cur = cur.object;
    } else break;
  }
  if (cur.kind === 'ident') {
    if (cur.name === 'tasks' && first !== undefined) out.push(first);
    return;
  }
  switch (e.kind) {
    case 'member':
      taskRefs(e.object, out);
      break;
    case 'index':
      taskRefs(e.object, out);
      taskRefs(e.index, out);
      break;
    case 'call':
      for (const a of e.args) taskRefs(a, out);
      break;
    case 'unary':
      taskRefs(e.operand, out);
      break;
    case 'binary':
      taskRefs(e.left, out);
      taskRefs(e.right, out);
      break;
    case 'ternary':
      taskRefs(e.test, out);
      taskRefs(e.consequent, out);
      taskRefs(e.alternate, out);
      break;
    case 'list':
      for (const a of e.items) taskRefs(a, out);
      break;
  }
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
  for (const id in tasks) {
    const t = tasks[id]!;
    const refs = referencedTasks(t);
    const seen = new Set<string>();
    const all: string[] = [];
    const add = (d: string): void => {
      if (d === id || !ids.has(d) || seen.has(d)) return;
      seen.add(d);
      all.push(d);
    };
    if (t.needs) for (const d of t.needs) add(d);
    for (const d of refs) add(d);
    const data = new Set<string>();
    for (const r of refs) if (seen.has(r)) data.add(r);
    out.set(id, { all, data });
  }
  return out;
}
