/**
 * Validates a positioned syntax tree against the format's JSON Schema (core/schema/schema.ts),
 * with messages a person can act on: the narrowest range, did-you-mean suggestions, and rule
 * codes from the catalogue (docs/rules.md). It implements the subset of draft 2020-12 that the
 * Weft schema uses; `x-weft-discriminator`, `x-weft-code`, `x-weft-noun` and `x-weft-hint` are its
 * annotations.
 *
 * The schema is compiled once into plain records (type bitmasks, property maps, compiled
 * patterns), because validation runs on every keystroke over documents of thousands of nodes.
 */
import type { MapNode, ScalarNode, ScalarValue, SyntaxNode } from '../syntax/ast';
import type { JsonSchema } from '../schema/schema';
import { diag, type Diagnostic } from '../diagnostics';
import { didYouMean, suggest } from '../util/suggest';

/** The path to the node being checked: one array pushed and popped on the way down, copied only into messages. */
type Path = (string | number)[];

const TYPE_BITS: Record<string, number> = { object: 1, array: 2, string: 4, integer: 8, number: 16 | 8, boolean: 32, null: 64 };
const TYPE_WORDS: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  null: 'nothing (null)',
};

type OneOf =
  | { kind: 'discriminated'; prop: string; byTag: Map<string, Compiled>; names: string[] }
  | { kind: 'required'; keys: string[] }
  | { kind: 'general'; branches: Compiled[] };

interface Compiled {
  typeMask: number;
  typeNames: string[];
  hasConst: boolean;
  constValue: unknown;
  enumValues?: unknown[];
  pattern?: RegExp;
  patternSource?: string;
  code?: string;
  hint: string;
  noun?: string;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems: boolean;
  items?: Compiled;
  properties?: Map<string, Compiled>;
  propertyNames: string[];
  /** false: no other keys; a schema: other keys' values; undefined: anything. */
  additional?: false | Compiled;
  keyPattern?: RegExp;
  required?: string[];
  minProperties?: number;
  maxProperties?: number;
  oneOf?: OneOf;
}

const compiledCache = new WeakMap<JsonSchema, Compiled>();

function compile(root: JsonSchema, schema: JsonSchema): Compiled {
  const defs = (root.$defs ?? {}) as Record<string, JsonSchema>;
  for (let i = 0; i < 8 && typeof schema.$ref === 'string'; i++) {
    const target = defs[(schema.$ref as string).replace('#/$defs/', '')];
    if (!target) break;
    schema = target;
  }
  const hit = compiledCache.get(schema);
  if (hit) return hit;
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
  const c: Compiled = {
    typeMask: types.reduce((m, t) => m | (TYPE_BITS[t] ?? 0), 0),
    typeNames: types,
    hasConst: 'const' in schema,
    constValue: schema.const,
    hint: typeof schema['x-weft-hint'] === 'string' ? ` ${schema['x-weft-hint'] as string}` : '',
    uniqueItems: schema.uniqueItems === true,
    propertyNames: [],
  };
  // Registered before children compile, so recursive schemas terminate.
  compiledCache.set(schema, c);
  if (Array.isArray(schema.enum)) c.enumValues = schema.enum;
  if (typeof schema.pattern === 'string') {
    c.pattern = new RegExp(schema.pattern);
    c.patternSource = schema.pattern;
  }
  if (typeof schema['x-weft-code'] === 'string') c.code = schema['x-weft-code'] as string;
  if (typeof schema['x-weft-noun'] === 'string') c.noun = schema['x-weft-noun'] as string;
  for (const k of ['maxLength', 'minimum', 'maximum', 'minItems', 'maxItems', 'minProperties', 'maxProperties'] as const) {
    if (typeof schema[k] === 'number') c[k] = schema[k] as number;
  }
  if (schema.items && typeof schema.items === 'object') c.items = compile(root, schema.items as JsonSchema);
  if (schema.properties) {
    c.properties = new Map();
    for (const [k, v] of Object.entries(schema.properties as Record<string, JsonSchema>)) c.properties.set(k, compile(root, v));
    c.propertyNames = [...c.properties.keys()];
  }
  if (schema.additionalProperties === false) c.additional = false;
  else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') c.additional = compile(root, schema.additionalProperties as JsonSchema);
  const pn = schema.propertyNames as JsonSchema | undefined;
  if (pn && typeof pn.pattern === 'string') c.keyPattern = new RegExp(pn.pattern);
  if (Array.isArray(schema.required)) c.required = schema.required as string[];
  if (Array.isArray(schema.oneOf)) {
    const branches = (schema.oneOf as JsonSchema[]).map((b) => compile(root, b));
    const raw = (schema.oneOf as JsonSchema[]).map((b) => resolveRef(root, b));
    const prop = schema['x-weft-discriminator'];
    if (typeof prop === 'string') {
      const byTag = new Map<string, Compiled>();
      raw.forEach((b, i) => byTag.set((b.properties as Record<string, JsonSchema>)[prop]!.const as string, branches[i]!));
      c.oneOf = { kind: 'discriminated', prop, byTag, names: [...byTag.keys()] };
    } else if (raw.every((b) => Object.keys(b).length === 1 && Array.isArray(b.required))) {
      c.oneOf = { kind: 'required', keys: raw.map((b) => (b.required as string[])[0]!) };
    } else c.oneOf = { kind: 'general', branches };
  }
  return c;
}

function resolveRef(root: JsonSchema, schema: JsonSchema): JsonSchema {
  const defs = (root.$defs ?? {}) as Record<string, JsonSchema>;
  return typeof schema.$ref === 'string' ? (defs[schema.$ref.replace('#/$defs/', '')] ?? schema) : schema;
}

interface Ctx {
  out: Diagnostic[];
  /** True when a blanked (unparseable) line lies inside [start, end): "missing" may be an echo. */
  overlapsBlank(start: number, end: number): boolean;
}

/**
 * Where a value's problems point when it has no better range: its key in the parent mapping.
 * Passed down as two numbers (aStart, aEnd): keys are not nodes in the tree (see MapNode).
 */
interface Anchor {
  start: number;
  end: number;
}

function nodeTypeBit(node: SyntaxNode): number {
  if (node.kind === 'map') return 1;
  if (node.kind === 'seq') return 2;
  const v = node.value;
  switch (typeof v) {
    case 'string':
      return 4;
    case 'number':
      return Number.isInteger(v) ? 8 : 16;
    case 'boolean':
      return 32;
    case 'object':
      return v === null ? 64 : Array.isArray(v) ? 2 : 1;
    default:
      return 64;
  }
}

const BIT_NAMES: Record<number, string> = { 1: 'object', 2: 'array', 4: 'string', 8: 'integer', 16: 'number', 32: 'boolean', 64: 'null' };

function show(v: unknown): string {
  if (typeof v === 'string') return `'${v.length > 40 ? v.slice(0, 37) + '...' : v}'`;
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 40 ? s.slice(0, 37) + '...' : s;
}

export function validateSchema(
  root: SyntaxNode,
  schema: JsonSchema,
  overlapsBlank: (start: number, end: number) => boolean = () => false,
): Diagnostic[] {
  const ctx: Ctx = { out: [], overlapsBlank };
  validateNode(ctx, root, compile(schema, schema), [], root.start, Math.min(root.end, root.start + 1));
  return ctx.out;
}

function validateNode(ctx: Ctx, node: SyntaxNode, c: Compiled, path: Path, aStart: number, aEnd: number): boolean {
  const before = ctx.out.length;
  const bit = nodeTypeBit(node);
  // Read a collection's value only when a keyword needs it: building it is not free (see MapNode).
  const value = node.kind === 'scalar' || c.hasConst || c.enumValues ? node.value : undefined;

  if (c.typeMask !== 0 && (c.typeMask & bit) === 0) {
    const want = orList(c.typeNames.map((t) => TYPE_WORDS[t] ?? t));
    const actual = BIT_NAMES[bit]!;
    const got = actual === 'null' ? 'nothing' : `${TYPE_WORDS[actual]}${node.kind === 'scalar' ? ` (${show(value)})` : ''}`;
    const atAnchor = node.start === node.end;
    ctx.out.push(diag('wrong-type', 'error', `${cap(label(path))} must be ${want}, but found ${got}.${c.hint}`, atAnchor ? aStart : node.start, atAnchor ? aEnd : node.end));
    return false;
  }
  if (c.hasConst && !sameValue(value, c.constValue)) {
    ctx.out.push(diag('invalid-value', 'error', `${cap(label(path))} must be ${show(c.constValue)}, not ${show(value)}.`, node.start, node.end, { suggestions: typeof c.constValue === 'string' ? [c.constValue] : [] }));
    return false;
  }
  if (c.enumValues && !enumHas(c.enumValues, value)) {
    const sugg = typeof value === 'string' ? suggest(value, c.enumValues.filter((o): o is string => typeof o === 'string')) : [];
    ctx.out.push(diag('invalid-value', 'error', `${cap(label(path))} must be one of ${c.enumValues.map(show).join(', ')}; found ${show(value)}.${didYouMean(sugg)}`, node.start, node.end, { suggestions: sugg }));
    return false;
  }
  if (bit === 4) {
    const s = value as string;
    if (c.pattern && !c.pattern.test(s)) {
      ctx.out.push(diag(c.code ?? 'invalid-value', 'error', `${show(s)} is not a valid ${c.noun ?? `value for ${label(path)}`}.${c.hint || ` It must match ${c.patternSource}.`}`, node.start, node.end));
    }
    if (c.maxLength !== undefined && s.length > c.maxLength) {
      ctx.out.push(diag('invalid-value', 'error', `${cap(label(path))} is ${s.length} characters long; at most ${c.maxLength} are allowed.`, node.start, node.end));
    }
  } else if (bit === 8 || bit === 16) {
    const n = value as number;
    if (c.minimum !== undefined && n < c.minimum) ctx.out.push(diag('invalid-value', 'error', `${cap(label(path))} must be at least ${c.minimum}; found ${n}.`, node.start, node.end));
    if (c.maximum !== undefined && n > c.maximum) ctx.out.push(diag('invalid-value', 'error', `${cap(label(path))} must be at most ${c.maximum}; found ${n}.`, node.start, node.end));
  }

  if (node.kind === 'map') validateMap(ctx, node, c, path, aStart, aEnd);
  else if (node.kind === 'seq') validateSeq(ctx, node, c, path);

  if (c.oneOf) validateOneOf(ctx, node, c, c.oneOf, path, aStart, aEnd);
  return ctx.out.length === before;
}

function validateSeq(ctx: Ctx, node: Extract<SyntaxNode, { kind: 'seq' }>, c: Compiled, path: Path): void {
  if (c.minItems !== undefined && node.items.length < c.minItems) {
    ctx.out.push(diag('invalid-value', 'error', `${cap(label(path))} needs at least ${c.minItems} item${c.minItems === 1 ? '' : 's'}.`, node.start, Math.max(node.end, node.start + 1)));
  }
  if (c.maxItems !== undefined && node.items.length > c.maxItems) {
    ctx.out.push(diag('invalid-value', 'error', `${cap(label(path))} takes at most ${c.maxItems} items; found ${node.items.length}.`, node.start, node.end));
  }
  const items = node.items;
  // Short lists (a task's `needs`) compare items pairwise instead of allocating a Set each.
  const seen = c.uniqueItems && items.length > 8 ? new Set<string>() : undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (c.items) {
      path.push(i);
      validateNode(ctx, item, c.items, path, item.start, item.end);
      path.pop();
    }
    if (!c.uniqueItems) continue;
    if (seen) {
      const k = itemKey(item);
      if (seen.has(k)) reportDuplicateItem(ctx, item, path);
      else seen.add(k);
    } else {
      const k = itemKey(item);
      for (let j = 0; j < i; j++) {
        if (itemKey(items[j]!) === k) {
          reportDuplicateItem(ctx, item, path);
          break;
        }
      }
    }
  }
}

/** What makes two items of a `uniqueItems` list the same. */
function itemKey(item: SyntaxNode): string {
  return typeof item.value === 'string' ? item.value : JSON.stringify(item.value);
}

function reportDuplicateItem(ctx: Ctx, item: SyntaxNode, path: Path): void {
  ctx.out.push(diag('duplicate-item', 'warning', `${show(item.value)} is listed twice in ${label(path)}.`, item.start, item.end));
}

function validateMap(ctx: Ctx, node: MapNode, c: Compiled, path: Path, aStart: number, aEnd: number): void {
  // Pair i sits at 4i of `entries`: key value, key start, key end, value node (see MapNode).
  const entries = node.entries;
  const n = entries.length >> 2;
  // A tagged union's branch walks these same pairs right after; walk them once, there.
  const pairLoop = c.oneOf?.kind !== 'discriminated' || c.properties !== undefined || c.additional !== undefined || c.keyPattern !== undefined;
  // Small maps dominate: a linear scan for duplicates beats allocating a Map, up to a point.
  // Keys compare as the strings they become in the value (`1:` and `"1":` are the same key).
  const index = pairLoop && n > 8 ? new Map<string, number>() : undefined;
  for (let i = 0; pairLoop && i < n; i++) {
    const kv = entries[4 * i] as ScalarValue;
    const key = typeof kv === 'string' ? kv : String(kv);
    if (index) {
      const j = index.get(key);
      if (j !== undefined) reportDuplicate(ctx, path, key, node.keyAt(j), node.keyAt(i));
      else index.set(key, i);
    } else {
      for (let j = 0; j < i; j++) {
        const other = entries[4 * j] as ScalarValue;
        if (other === kv || ((typeof other !== 'string' || typeof kv !== 'string') && String(other) === key)) {
          reportDuplicate(ctx, path, key, node.keyAt(j), node.keyAt(i));
          break;
        }
      }
    }
    const keyStart = entries[4 * i + 1] as number;
    const keyEnd = entries[4 * i + 2] as number;
    if (c.keyPattern && !c.keyPattern.test(key)) {
      ctx.out.push(
        diag('invalid-name', 'error', `'${key}' is not a valid ${path.length ? singular(String(path[path.length - 1])) : 'key'} name: use letters, digits, '_' and '-', starting with a letter or '_'.`, keyStart, keyEnd),
      );
    }
    const value = entries[4 * i + 3] as SyntaxNode | null;
    const sub = c.properties?.get(key);
    if (sub) {
      if (value) {
        path.push(key);
        validateNode(ctx, value, sub, path, keyStart, keyEnd);
        path.pop();
      }
    } else if (c.additional === false) {
      reportUnknownKey(ctx, c, node, keyStart, keyEnd, key, path);
    } else if (c.additional && value) {
      path.push(key);
      validateNode(ctx, value, c.additional, path, keyStart, keyEnd);
      path.pop();
    }
  }
  if (c.minProperties !== undefined && n < c.minProperties) {
    ctx.out.push(diag('invalid-value', 'error', `${cap(label(path))} needs at least ${c.minProperties} entr${c.minProperties === 1 ? 'y' : 'ies'}.`, aStart, aEnd));
  }
  if (c.maxProperties !== undefined && n > c.maxProperties) {
    const extra = c.maxProperties;
    ctx.out.push(diag('invalid-value', 'error', `${cap(label(path))} takes at most ${c.maxProperties} entr${c.maxProperties === 1 ? 'y' : 'ies'}; put '${String(node.keyValue(extra))}' in its own item.`, node.keyStart(extra), node.keyEnd(extra)));
  }
  if (c.required) {
    let missing: string[] | undefined;
    for (const r of c.required) if (findKey(node, r) < 0) (missing ??= []).push(r);
    if (missing && !ctx.overlapsBlank(node.start, node.end)) {
      const where = missingAnchor(node, aStart, aEnd);
      ctx.out.push(diag('missing-required', 'error', `${cap(label(path))} is missing required ${missing.length === 1 ? 'key' : 'keys'} ${missing.map((m) => `'${m}'`).join(', ')}.${c.hint}`, where.start, where.end));
    }
  }
}

function reportUnknownKey(ctx: Ctx, c: Compiled, node: MapNode, start: number, end: number, key: string, path: Path): void {
  // Suggest only keys not already present: `nedds` next to an existing `needs` is a duplicate, not a typo of it.
  const candidates = c.propertyNames.filter((p) => findKey(node, p) < 0);
  const sugg = suggest(key, candidates);
  ctx.out.push(
    diag('unknown-key', 'error', `Unknown key '${key}' in ${label(path)}.${didYouMean(sugg) || ` Allowed keys: ${c.propertyNames.join(', ')}.`}`, start, end, {
      suggestions: sugg,
    }),
  );
}

function reportDuplicate(ctx: Ctx, path: Path, key: string, first: Anchor, again: Anchor): void {
  const isTask = path.length === 1 && (path[0] === 'tasks' || path[0] === 'onFailure' || path[0] === 'finally');
  const what = isTask ? `Task id '${key}' is defined twice` : `Key '${key}' appears twice in ${label(path)}`;
  ctx.out.push(
    diag(isTask ? 'duplicate-task' : 'duplicate-key', 'error', `${what}; the later definition wins. Rename or remove one.`, again.start, again.end, {
      related: [{ message: 'first defined here', start: first.start, end: first.end }],
    }),
  );
}

function missingAnchor(node: MapNode, aStart: number, aEnd: number): Anchor {
  if (aEnd > aStart) return { start: aStart, end: aEnd };
  if (node.size > 0) return { start: node.keyStart(0), end: node.keyEnd(0) };
  return { start: node.start, end: Math.max(node.end, node.start + 1) };
}

function validateOneOf(ctx: Ctx, node: SyntaxNode, c: Compiled, oneOf: OneOf, path: Path, aStart: number, aEnd: number): void {
  if (oneOf.kind === 'discriminated') {
    if (node.kind !== 'map') return;
    const at = findKey(node, oneOf.prop);
    const tagNode = at < 0 ? null : node.valueAt(at);
    if (!tagNode) return; // missing: reported by `required`
    const tag = tagNode.value;
    if (typeof tag !== 'string') {
      const where = tagNode.start === tagNode.end ? node.keyAt(at) : tagNode;
      path.push(oneOf.prop);
      ctx.out.push(diag('wrong-type', 'error', `${cap(label(path))} must be one of ${oneOf.names.map((n) => `'${n}'`).join(', ')}.`, where.start, where.end));
      path.pop();
      return;
    }
    const branch = oneOf.byTag.get(tag);
    if (!branch) {
      const sugg = suggest(tag, oneOf.names);
      ctx.out.push(
        diag('invalid-value', 'error', `Unknown ${singular(String(path[path.length - 2] ?? 'task'))} ${oneOf.prop} '${tag}'.${didYouMean(sugg) || ` Use one of: ${oneOf.names.join(', ')}.`}`, tagNode.start, tagNode.end, {
          suggestions: sugg,
        }),
      );
      return;
    }
    validateNode(ctx, node, branch, path, aStart, aEnd);
    return;
  }
  if (oneOf.kind === 'required') {
    // "Exactly one of these keys".
    if (node.kind !== 'map') return;
    // The first two keys present, by index: all that the messages need.
    let first = -1;
    let second = -1;
    for (let i = 0; i < node.size && second < 0; i++) {
      const kv = node.keyValue(i);
      if (!oneOf.keys.includes(typeof kv === 'string' ? kv : String(kv))) continue;
      if (first < 0) first = i;
      else second = i;
    }
    if (first >= 0 && second < 0) return;
    const list = oneOf.keys.map((k) => `'${k}'`).join(', ');
    if (first < 0 && !ctx.overlapsBlank(node.start, node.end)) {
      const where = missingAnchor(node, aStart, aEnd);
      ctx.out.push(diag('missing-required', 'error', `${cap(label(path))} needs one of ${list}.`, where.start, where.end));
    } else if (second >= 0) {
      const extra = node.keyAt(second);
      ctx.out.push(diag('conflicting-keys', 'error', `${cap(label(path))} takes only one of ${list}; found both '${String(node.keyValue(first))}' and '${String(extra.value)}'.`, extra.start, extra.end));
    }
    return;
  }
  validateGeneralOneOf(ctx, node, c, oneOf, path, aStart, aEnd);
}

/** Closures here (not in validateOneOf) so the common paths allocate no context for them. */
function validateGeneralOneOf(ctx: Ctx, node: SyntaxNode, c: Compiled, oneOf: Extract<OneOf, { kind: 'general' }>, path: Path, aStart: number, aEnd: number): void {
  // General oneOf. When exactly one branch accepts the node's type (`retries: 3` vs `retries:
  // {limit: 3}`), only that branch can match: validate it directly instead of trying each.
  const bit = nodeTypeBit(node);
  let only: Compiled | undefined;
  let typed = 0;
  for (const b of oneOf.branches) {
    if (b.typeMask === 0 || (b.typeMask & bit) !== 0) {
      only = b;
      typed++;
    }
  }
  if (typed === 1) {
    validateNode(ctx, node, only!, path, aStart, aEnd);
    return;
  }
  // Otherwise the first branch that validates wins; else report the closest branch's problems.
  let best: Diagnostic[] | undefined;
  let bestScore = Infinity;
  for (const b of oneOf.branches) {
    const saved = ctx.out;
    ctx.out = [];
    const ok = validateNode(ctx, node, b, path, aStart, aEnd);
    const mine = ctx.out;
    ctx.out = saved;
    if (ok) return;
    // A branch whose own type matches is a better explanation than one that fails on type.
    const score = mine.length + (mine.some((d) => d.code === 'wrong-type' && d.start === node.start) ? 1000 : 0);
    if (score < bestScore) {
      bestScore = score;
      best = mine;
    }
  }
  if (best && bestScore >= 1000) {
    const types = [...new Set(oneOf.branches.flatMap((b) => b.typeNames))];
    ctx.out.push(diag('wrong-type', 'error', `${cap(label(path))} must be ${orList(types.map((t) => TYPE_WORDS[t] ?? t))}.${c.hint}`, node.start, Math.max(node.end, node.start + 1)));
  } else if (best) ctx.out.push(...best);
}

/** "a, b or c". */
function orList(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** Loops rather than `.some(p => …)`: a closure over a local makes V8 allocate a context on every call of a hot function. */
/** Index of the first pair with this key, or -1. */
function findKey(node: MapNode, key: string): number {
  const entries = node.entries;
  for (let i = 0; i < entries.length; i += 4) if (entries[i] === key) return i >> 2;
  return -1;
}

function enumHas(values: unknown[], v: unknown): boolean {
  for (let i = 0; i < values.length; i++) if (sameValue(v, values[i])) return true;
  return false;
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'object' && a !== null && JSON.stringify(a) === JSON.stringify(b));
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function singular(s: string): string {
  if (s === 'tasks' || s === 'onFailure' || s === 'finally') return 'task';
  if (s === 'params') return 'param';
  if (s === 'secrets') return 'secret';
  if (s === 'outputs') return 'output';
  return s.endsWith('s') ? s.slice(0, -1) : s;
}

/** A human name for a path: `'tasks.extract.retries'`, or `The pipeline` at the root. */
export function label(path: Path): string {
  if (path.length === 0) return 'the pipeline';
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${p}` : p;
  return `'${s}'`;
}
