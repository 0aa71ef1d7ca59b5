/**
 * Built-in functions: one table used by both the checker (signature, return type, extra
 * validation) and the evaluator (implementation). Strings and files are interchangeable.
 * The evaluator checks arity and each argument against the parameter types before calling `impl`,
 * so implementations may rely on their argument types.
 */
import type { Expr } from './ast';
import type { ExprDiagnosticCode } from './errors';
import { ExprType, T, isStringLike, joinTypes, listOf, typeToString } from './types';
import { deepEqual, stringifyValue } from './values';

export interface FunctionParam {
  name: string;
  /** Accepted type, or several alternatives. */
  type: ExprType | readonly ExprType[];
  optional?: boolean;
  /** Takes any number (0+) of further arguments of this type; must be last. */
  rest?: boolean;
}

export interface ArgProblem {
  /** Index of the offending argument; absent = the whole call. */
  arg?: number;
  message: string;
  code?: ExprDiagnosticCode;
}

export interface BuiltinFunction {
  name: string;
  description: string;
  params: readonly FunctionParam[];
  /** Result type, possibly computed from the argument types. */
  returns: ExprType | ((args: readonly ExprType[]) => ExprType);
  /** Static checks beyond per-parameter types (e.g. format placeholders). */
  validate?: (args: readonly ExprType[], nodes: readonly Expr[]) => ArgProblem | null;
  /** Implementation; `fail` throws an evaluation error located at the call (or argument `arg`). */
  impl: (args: unknown[], fail: (message: string, arg?: number) => never) => unknown;
}

const MAX_RANGE = 100_000;

export function paramTypes(p: FunctionParam): readonly ExprType[] {
  return Array.isArray(p.type) ? (p.type as readonly ExprType[]) : [p.type as ExprType];
}

/** "a string, list or object" */
export function describeParamType(p: FunctionParam): string {
  const names = paramTypes(p).map(typeToString);
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

export function arity(fn: BuiltinFunction): { min: number; max: number } {
  let min = 0;
  let max = 0;
  for (const p of fn.params) {
    if (p.rest) max = Infinity;
    else {
      max++;
      if (!p.optional) min++;
    }
  }
  return { min, max };
}

/** The parameter an argument at `index` binds to. */
export function paramFor(fn: BuiltinFunction, index: number): FunctionParam | undefined {
  const last = fn.params[fn.params.length - 1];
  return fn.params[index] ?? (last?.rest ? last : undefined);
}

/** "join(list: list<any>, sep?: string) → string" */
export function signatureToString(fn: BuiltinFunction): string {
  const ps = fn.params.map((p) => `${p.rest ? '...' : ''}${p.name}${p.optional ? '?' : ''}: ${describeParamType(p).replace(/, | or /g, ' | ')}`);
  const ret = typeof fn.returns === 'function' ? fn.returns(fn.params.map((p) => paramTypes(p)[0]!)) : fn.returns;
  return `${fn.name}(${ps.join(', ')}) → ${typeToString(ret)}`;
}

/** Parses a format() string into literal text and `{N}` placeholder indexes. */
export function parseFormat(fmt: string): { parts: (string | number)[] } | { error: string } {
  const parts: (string | number)[] = [];
  let text = '';
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!;
    if (c === '{') {
      if (fmt[i + 1] === '{') {
        text += '{';
        i++;
        continue;
      }
      const m = /^\{(\d+)\}/.exec(fmt.slice(i));
      if (!m) return { error: `Invalid format string: '{' at position ${i} must start a placeholder like {0} (write '{{' for a literal brace).` };
      if (text) parts.push(text);
      text = '';
      parts.push(Number(m[1]));
      i += m[0].length - 1;
    } else if (c === '}') {
      if (fmt[i + 1] === '}') {
        text += '}';
        i++;
        continue;
      }
      return { error: `Invalid format string: unmatched '}' at position ${i} (write '}}' for a literal brace).` };
    } else text += c;
  }
  if (text) parts.push(text);
  return { parts };
}

function parseNumberText(s: string): number | null {
  const t = s.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

function roundHalfAwayFromZero(x: number, digits: number): number {
  const f = 10 ** digits;
  const r = Math.round(Math.abs(x) * f * (1 + Number.EPSILON)) / f;
  return x < 0 ? -r : r;
}

const numericResult = (args: readonly ExprType[]): ExprType => (args.length > 0 && args.every((a) => a.kind === 'integer') ? T.integer : T.number);
const STRINGS = [T.string];
const SCALARS = [T.string, T.number, T.boolean];
const OBJECT: ExprType = { kind: 'object', open: true };

const defs: BuiltinFunction[] = [
  {
    name: 'len',
    description: 'Length of a string (in characters), list (items) or object (keys).',
    params: [{ name: 'value', type: [T.string, listOf(T.any), OBJECT] }],
    returns: T.integer,
    impl: ([v]) => (typeof v === 'string' ? Array.from(v).length : Array.isArray(v) ? v.length : Object.keys(v as object).length),
  },
  {
    name: 'contains',
    description: 'Whether a string contains a substring, or a list contains an item (compared with ==).',
    params: [
      { name: 'haystack', type: [T.string, listOf(T.any)] },
      { name: 'needle', type: T.any },
    ],
    returns: T.boolean,
    validate: ([h, n]) =>
      h && n && isStringLike(h) && !isStringLike(n) && n.kind !== 'any'
        ? { arg: 1, message: `contains() on a string needs a string to look for, but got ${typeToString(n)}.`, code: 'type-mismatch' }
        : null,
    impl: ([h, n], fail) => {
      if (typeof h === 'string') {
        if (typeof n !== 'string') return fail('contains() on a string needs a string to look for.', 1);
        return h.includes(n);
      }
      return (h as unknown[]).some((x) => deepEqual(x, n));
    },
  },
  {
    name: 'startsWith',
    description: 'Whether a string starts with a prefix.',
    params: [
      { name: 's', type: T.string },
      { name: 'prefix', type: T.string },
    ],
    returns: T.boolean,
    impl: ([s, p]) => (s as string).startsWith(p as string),
  },
  {
    name: 'endsWith',
    description: 'Whether a string ends with a suffix.',
    params: [
      { name: 's', type: T.string },
      { name: 'suffix', type: T.string },
    ],
    returns: T.boolean,
    impl: ([s, p]) => (s as string).endsWith(p as string),
  },
  { name: 'lower', description: 'Lower-cased string.', params: [{ name: 's', type: T.string }], returns: T.string, impl: ([s]) => (s as string).toLowerCase() },
  { name: 'upper', description: 'Upper-cased string.', params: [{ name: 's', type: T.string }], returns: T.string, impl: ([s]) => (s as string).toUpperCase() },
  { name: 'trim', description: 'String without leading and trailing whitespace.', params: [{ name: 's', type: T.string }], returns: T.string, impl: ([s]) => (s as string).trim() },
  {
    name: 'join',
    description: "Items of a list as text, separated by sep (default ','). Lists/objects inside render as JSON.",
    params: [
      { name: 'list', type: listOf(T.any) },
      { name: 'sep', type: T.string, optional: true },
    ],
    returns: T.string,
    impl: ([l, sep]) => (l as unknown[]).map(stringifyValue).join(sep === undefined ? ',' : (sep as string)),
  },
  {
    name: 'split',
    description: "A string cut at each occurrence of sep (sep '' splits into characters).",
    params: [
      { name: 's', type: T.string },
      { name: 'sep', type: T.string },
    ],
    returns: listOf(T.string),
    impl: ([s, sep]) => (sep === '' ? Array.from(s as string) : (s as string).split(sep as string)),
  },
  {
    name: 'format',
    description: "Text with {0}, {1}, … replaced by the following arguments ('{{' and '}}' for literal braces).",
    params: [
      { name: 'fmt', type: T.string },
      { name: 'values', type: T.any, rest: true },
    ],
    returns: T.string,
    validate: (_args, nodes) => {
      const f = nodes[0];
      if (!f || f.kind !== 'literal' || typeof f.value !== 'string') return null;
      const parsed = parseFormat(f.value);
      if ('error' in parsed) return { arg: 0, message: parsed.error, code: 'type-mismatch' };
      const given = nodes.length - 1;
      for (const p of parsed.parts) {
        if (typeof p === 'number' && p >= given) {
          return { arg: 0, message: `format() uses {${p}} but only ${given} value${given === 1 ? ' was' : 's were'} given.`, code: 'wrong-arity' };
        }
      }
      return null;
    },
    impl: ([fmt, ...values], fail) => {
      const parsed = parseFormat(fmt as string);
      if ('error' in parsed) return fail(parsed.error, 0);
      return parsed.parts
        .map((p) => {
          if (typeof p === 'string') return p;
          if (p >= values.length) fail(`format() uses {${p}} but only ${values.length} value${values.length === 1 ? ' was' : 's were'} given.`, 0);
          return stringifyValue(values[p]);
        })
        .join('');
    },
  },
  { name: 'toJSON', description: 'The value as compact JSON text.', params: [{ name: 'value', type: T.any }], returns: T.string, impl: ([v]) => JSON.stringify(v ?? null) },
  {
    name: 'fromJSON',
    description: 'The value encoded by JSON text.',
    params: [{ name: 'text', type: T.string }],
    returns: T.any,
    impl: ([s], fail) => {
      try {
        return JSON.parse(s as string) as unknown;
      } catch (e) {
        return fail(`fromJSON() got invalid JSON: ${(e as Error).message}`, 0);
      }
    },
  },
  {
    name: 'int',
    description: 'Integer from a number (truncated toward zero), numeric string or boolean (1/0).',
    params: [{ name: 'value', type: SCALARS }],
    returns: T.integer,
    impl: ([v], fail) => {
      if (typeof v === 'boolean') return v ? 1 : 0;
      const n = typeof v === 'number' ? v : parseNumberText(v as string);
      if (n === null) return fail(`int() cannot convert '${v as string}' to an integer.`, 0);
      return Math.trunc(n) + 0;
    },
  },
  {
    name: 'float',
    description: 'Number from a number, numeric string or boolean (1/0).',
    params: [{ name: 'value', type: SCALARS }],
    returns: T.number,
    impl: ([v], fail) => {
      if (typeof v === 'boolean') return v ? 1 : 0;
      const n = typeof v === 'number' ? v : parseNumberText(v as string);
      if (n === null) return fail(`float() cannot convert '${v as string}' to a number.`, 0);
      return n;
    },
  },
  {
    name: 'string',
    description: 'The value as text, as it would appear in a string template (null → empty, lists/objects → JSON).',
    params: [{ name: 'value', type: T.any }],
    returns: T.string,
    impl: ([v]) => stringifyValue(v),
  },
  {
    name: 'default',
    description: 'value unless it is null or the empty string, else fallback.',
    params: [
      { name: 'value', type: T.any },
      { name: 'fallback', type: T.any },
    ],
    returns: ([a, b]) => joinTypes(a ?? T.any, b ?? T.any),
    impl: ([v, f]) => (v === null || v === undefined || v === '' ? f : v),
  },
  {
    name: 'min',
    description: 'The smallest of two or more numbers.',
    params: [
      { name: 'a', type: T.number },
      { name: 'b', type: T.number },
      { name: 'more', type: T.number, rest: true },
    ],
    returns: numericResult,
    impl: (args) => Math.min(...(args as number[])),
  },
  {
    name: 'max',
    description: 'The largest of two or more numbers.',
    params: [
      { name: 'a', type: T.number },
      { name: 'b', type: T.number },
      { name: 'more', type: T.number, rest: true },
    ],
    returns: numericResult,
    impl: (args) => Math.max(...(args as number[])),
  },
  {
    name: 'abs',
    description: 'Absolute value.',
    params: [{ name: 'x', type: T.number }],
    returns: ([a]) => (a?.kind === 'integer' ? T.integer : T.number),
    impl: ([x]) => Math.abs(x as number),
  },
  {
    name: 'round',
    description: 'x rounded half away from zero: to an integer, or to `digits` decimals (0–15).',
    params: [
      { name: 'x', type: T.number },
      { name: 'digits', type: T.integer, optional: true },
    ],
    returns: (args) => (args.length >= 2 ? T.number : T.integer),
    impl: ([x, d], fail) => {
      const digits = d === undefined ? 0 : (d as number);
      if (digits < 0 || digits > 15) fail(`round() digits must be between 0 and 15, got ${digits}.`, 1);
      return roundHalfAwayFromZero(x as number, digits) + 0;
    },
  },
  {
    name: 'range',
    description: `Integers from 0 (or a) up to but excluding n (or b); at most ${MAX_RANGE} items.`,
    params: [
      { name: 'a', type: T.integer },
      { name: 'b', type: T.integer, optional: true },
    ],
    returns: listOf(T.integer),
    impl: (args, fail) => {
      const [from, to] = args.length >= 2 ? [args[0] as number, args[1] as number] : [0, args[0] as number];
      const n = Math.max(0, to - from);
      if (n > MAX_RANGE) fail(`range() would produce ${n} items; the limit is ${MAX_RANGE}.`);
      return Array.from({ length: n }, (_, i) => from + i);
    },
  },
  {
    name: 'keys',
    description: 'The keys of an object, in order.',
    params: [{ name: 'object', type: OBJECT }],
    returns: listOf(T.string),
    impl: ([o]) => Object.keys(o as object),
  },
  {
    name: 'zip',
    description:
      'An object of equal-length lists as a list of objects, one per position: `zip(tasks.t.outputs)` turns a fan-out task\'s outputs into one object per item.',
    params: [{ name: 'lists', type: OBJECT }],
    returns: ([o]) => {
      if (o?.kind !== 'object' || !o.fields) return listOf(OBJECT);
      const fields = Object.fromEntries(Object.entries(o.fields).map(([k, t]) => [k, t.kind === 'list' ? t.items : T.any]));
      return listOf({ kind: 'object', fields });
    },
    validate: ([o]) => {
      if (o?.kind !== 'object' || !o.fields) return null;
      const bad = Object.entries(o.fields).find(([, t]) => t.kind !== 'list' && t.kind !== 'any');
      return bad ? { arg: 0, message: `zip() takes an object of lists; '${bad[0]}' is ${typeToString(bad[1])}.` } : null;
    },
    impl: ([o], fail) => {
      const entries = Object.entries(o as Record<string, unknown>);
      let n: number | undefined;
      for (const [k, v] of entries) {
        if (!Array.isArray(v)) return fail(`zip() takes an object of lists; '${k}' is not a list.`, 0);
        if (n !== undefined && v.length !== n) fail(`zip() needs lists of one length; '${k}' has ${v.length} items, not ${n}.`, 0);
        n = v.length;
      }
      return Array.from({ length: n ?? 0 }, (_, i) => Object.fromEntries(entries.map(([k, v]) => [k, (v as unknown[])[i]])));
    },
  },
];

/** Built-in functions by name. */
export const FUNCTIONS: ReadonlyMap<string, BuiltinFunction> = new Map(defs.map((d) => [d.name, d]));

export function getFunction(name: string): BuiltinFunction | undefined {
  return FUNCTIONS.get(name);
}

export function resultType(fn: BuiltinFunction, args: readonly ExprType[]): ExprType {
  return typeof fn.returns === 'function' ? fn.returns(args) : fn.returns;
}

