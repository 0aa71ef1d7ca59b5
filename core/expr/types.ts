/**
 * The static type model of expressions.
 *
 * - `integer` is assignable to `number`.
 * - `file` is a path: it behaves as a string for operators and functions (and strings are
 *   accepted where a file is expected).
 * - `any` is compatible with everything, in both directions.
 * - Objects: `fields` lists known keys. Unknown keys are an error unless `open` (then their type
 *   is `values`, default any). An object without `fields` is treated as open.
 *   `what` names the object in messages ("params", "outputs of task 'extract'") and `keyNoun`
 *   is the singular noun for its keys ("param", "output"): see checker.ts for the wording.
 */

export type ExprType =
  | { kind: 'string' }
  | { kind: 'integer' }
  | { kind: 'number' }
  | { kind: 'boolean' }
  | { kind: 'null' }
  | { kind: 'any' }
  | { kind: 'file' }
  | { kind: 'list'; items: ExprType }
  | ObjectType;

export interface ObjectType {
  kind: 'object';
  fields?: Record<string, ExprType>;
  /** Unknown keys allowed; their values have type `values` (default any). */
  open?: boolean;
  /** Type of values under unknown keys of an open object (default any). */
  values?: ExprType;
  /** Human name for messages, e.g. "params", "tasks", "outputs of task 'extract'". */
  what?: string;
  /** Singular noun for a key, e.g. "param", "task", "output" (default "field"). */
  keyNoun?: string;
  /** For keys that exist only sometimes: what to do to get one, said when it is missing. */
  missingHints?: Record<string, string>;
  /**
   * The own field `name` of `fields`, or undefined — without building `fields` when that is
   * done lazily (the `tasks` of a 1,000-task pipeline, of which expressions name a few).
   */
  field?(name: string): ExprType | undefined;
}

export type ListType = Extract<ExprType, { kind: 'list' }>;

/** Ready-made scalar types. */
export const T = {
  string: { kind: 'string' } as ExprType,
  integer: { kind: 'integer' } as ExprType,
  number: { kind: 'number' } as ExprType,
  boolean: { kind: 'boolean' } as ExprType,
  null: { kind: 'null' } as ExprType,
  any: { kind: 'any' } as ExprType,
  file: { kind: 'file' } as ExprType,
} as const;

export function listOf(items: ExprType): ExprType {
  return { kind: 'list', items };
}

export function objectOf(fields: Record<string, ExprType>, extra: Omit<ObjectType, 'kind' | 'fields'> = {}): ObjectType {
  return { kind: 'object', fields, ...extra };
}

export function typeToString(t: ExprType): string {
  switch (t.kind) {
    case 'list':
      return `list<${typeToString(t.items)}>`;
    default:
      return t.kind;
  }
}

/** "a string", "an integer", "a list<string>" — for messages. */
export function typeWithArticle(t: ExprType): string {
  const s = typeToString(t);
  if (t.kind === 'any') return 'any value';
  if (t.kind === 'null') return 'null';
  return /^[aeiou]/.test(s) ? `an ${s}` : `a ${s}`;
}

export const isNumeric = (t: ExprType) => t.kind === 'integer' || t.kind === 'number';
export const isStringLike = (t: ExprType) => t.kind === 'string' || t.kind === 'file';

/** Whether a value of type `from` may be used where `to` is expected. */
export function isAssignable(from: ExprType, to: ExprType): boolean {
  if (from.kind === 'any' || to.kind === 'any') return true;
  if (to.kind === 'number' && from.kind === 'integer') return true;
  if (isStringLike(from) && isStringLike(to)) return true;
  if (from.kind === 'list' && to.kind === 'list') return isAssignable(from.items, to.items);
  if (from.kind === 'object' && to.kind === 'object') {
    if (!to.fields || !from.fields) return true;
    for (const [k, tt] of Object.entries(to.fields)) {
      if (Object.hasOwn(from.fields, k)) {
        if (!isAssignable(from.fields[k]!, tt)) return false;
      } else if (!from.open) return false;
    }
    return true;
  }
  return from.kind === to.kind;
}

/** A type can be a condition (`?:`, `!`, `&&`, `||`) when it is boolean or any. */
export function isConditionType(t: ExprType): boolean {
  return t.kind === 'boolean' || t.kind === 'any';
}

/**
 * Least common type of two branches / list items: null joins away (`null` + T = T),
 * integer + number = number, string + file = string, otherwise any.
 */
export function joinTypes(a: ExprType, b: ExprType): ExprType {
  if (a.kind === 'any' || b.kind === 'any') return T.any;
  if (a.kind === 'null') return b;
  if (b.kind === 'null') return a;
  if (a.kind === 'list' && b.kind === 'list') return listOf(joinTypes(a.items, b.items));
  if (a.kind === 'object' && b.kind === 'object') return a === b ? a : { kind: 'object', open: true };
  if (a.kind === b.kind) return a;
  if (isNumeric(a) && isNumeric(b)) return T.number;
  if (isStringLike(a) && isStringLike(b)) return T.string;
  return T.any;
}

/** Types of the pipeline format by name. `dir` → file, `metric` → number; unknown names → any. */
export function typeFromName(name: string): ExprType {
  switch (name) {
    case 'string':
      return T.string;
    case 'integer':
      return T.integer;
    case 'number':
    case 'metric':
      return T.number;
    case 'boolean':
      return T.boolean;
    case 'file':
    case 'dir':
      return T.file;
    case 'list':
      return listOf(T.any);
    case 'object':
      return { kind: 'object', open: true };
    default:
      return T.any;
  }
}

/** Runtime counterpart of a type name for messages: 'string', 'integer', 'number', 'list', … */
export function valueTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (Array.isArray(v)) return 'list';
  if (isPlainObject(v)) return 'object';
  return 'unsupported value';
}

/** Plain data objects only: `{}`-literals, JSON.parse results and Object.create(null). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Whether runtime value `v` fits type `t` (lists check their items; objects their known fields). */
export function valueMatches(v: unknown, t: ExprType): boolean {
  switch (t.kind) {
    case 'any':
      return true;
    case 'string':
    case 'file':
      return typeof v === 'string';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    case 'null':
      return v === null || v === undefined;
    case 'list':
      return Array.isArray(v) && (t.items.kind === 'any' || v.every((x) => valueMatches(x, t.items)));
    case 'object':
      return isPlainObject(v);
  }
}
