/**
 * `platform.<target>` on the Python targets: raw settings in the target's own terms, merged
 * verbatim as keyword arguments (DAG, @task, @flow, @op, @job) or class attributes (Luigi). Each
 * target names the places it accepts (`{dag, task}` for Airflow, …); values are written as Python
 * literals (pyValue), never as source text, so a setting cannot inject code; a key that is not a
 * Python identifier cannot be a keyword argument and is warned and left out.
 */
import type { Platform, PlatformTarget } from '../../core/model/types';
import { pythonIdentifier } from '../names';
import { pyValue } from './source';

/** Keyword arguments as [name, Python source] pairs, in order. */
export type Kwargs = [string, string][];

/**
 * The settings of `platform.<target>` split by place: `{dag: {...}, task: {...}}` → one map per
 * accepted place. Unknown places and places that are not maps are warned (`where`: "the
 * pipeline" or "task x" for the message).
 */
export function platformPlaces(platform: Platform | undefined, target: PlatformTarget, places: readonly string[], where: string, warn: (message: string) => void): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  const settings = platform?.[target];
  if (!settings) return out;
  for (const [place, value] of Object.entries(settings)) {
    if (!places.includes(place)) {
      warn(`platform.${target}.${place} on ${where} is not used: ${target} settings go under ${places.map((p) => `platform.${target}.${p}`).join(' or ')}`);
      continue;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      warn(`platform.${target}.${place} on ${where} must be a map of settings; left out`);
      continue;
    }
    out[place] = value as Record<string, unknown>;
  }
  return out;
}

/** A map of settings as keyword arguments; keys that cannot be Python keywords are warned and left out. */
export function platformKwargs(settings: Record<string, unknown> | undefined, what: string, warn: (message: string) => void): Kwargs {
  const out: Kwargs = [];
  for (const [k, v] of Object.entries(settings ?? {})) {
    if (pythonIdentifier(k) !== k) {
      warn(`${what}: ${JSON.stringify(k)} is not a Python identifier, so it cannot be a keyword argument; left out`);
      continue;
    }
    out.push([k, pyValue(v)]);
  }
  return out;
}

/** `base` with `extra` merged in: a name already there takes the new value in place, new names go last. */
export function mergeKwargs(base: Kwargs, extra: Kwargs): Kwargs {
  const out: Kwargs = base.map(([k, v]) => [k, v]);
  for (const [k, v] of extra) {
    const i = out.findIndex(([n]) => n === k);
    if (i >= 0) out[i] = [k, v];
    else out.push([k, v]);
  }
  return out;
}
