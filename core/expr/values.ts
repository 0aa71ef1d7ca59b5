/** Runtime value helpers shared by the evaluator and the built-in functions. */
import { isPlainObject } from './types';

/**
 * Text of a value inside a string template: strings as-is, numbers and booleans via String(),
 * null (and unset) as the empty string, lists and objects as compact JSON.
 */
export function stringifyValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v) ?? '';
}

/** Falsy: false, null, 0, NaN and ''. Everything else (including [] and {}) is truthy. */
export function truthy(v: unknown): boolean {
  return !(v === false || v === null || v === undefined || v === 0 || v === '' || Number.isNaN(v));
}

/** Structural equality: same type (integer and number are one type), same items / own keys. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isPlainObject(a)) {
    if (!isPlainObject(b)) return false;
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Own enumerable data property of a plain object, or `undefined` (never reaches prototypes). */
export function ownValue(obj: Record<string, unknown>, key: string): unknown {
  if (!Object.hasOwn(obj, key)) return undefined;
  const d = Object.getOwnPropertyDescriptor(obj, key);
  if (!d || !d.enumerable || !('value' in d)) return undefined;
  return d.value;
}
