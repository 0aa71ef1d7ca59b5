/**
 * Validates a positioned syntax tree against the format's JSON Schema (core/schema/schema.ts),
 * with messages a person can act on: the narrowest range, did-you-mean suggestions, and rule
 * codes from the catalogue (docs/rules.md). It implements the subset of draft 2020-12 that the
 * Weft schema uses; `x-weft-discriminator`, `x-weft-code` and `x-weft-hint` are its annotations.
 */
import type { MapNode, SyntaxNode } from '../syntax/ast';
import type { JsonSchema } from '../schema/schema';
import { diag, type Diagnostic } from '../diagnostics';
import { didYouMean, suggest } from '../util/suggest';

type Path = (string | number)[];

interface Ctx {
  root: JsonSchema;
  out: Diagnostic[];
  /** True when a blanked (unparseable) line lies inside [start, end): "missing" may be an echo. */
  overlapsBlank(start: number, end: number): boolean;
}

/** Where a value's problems point when it has no better range: its key in the parent mapping. */
interface Anchor {
  start: number;
  end: number;
  /** The key's name, for messages ("task 'extract' ..."). */
  name?: string;
}

const TYPE_WORDS: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  null: 'nothing (null)',
};

function jsonTypeOf(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(actual: string, expected: string): boolean {
  return actual === expected || (expected === 'number' && actual === 'integer');
}

function show(v: unknown): string {
  if (typeof v === 'string') return `'${v.length > 40 ? v.slice(0, 37) + '...' : v}'`;
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 40 ? s.slice(0, 37) + '...' : s;
}

function resolve(ctx: Ctx, schema: JsonSchema): JsonSchema {
  let s = schema;
  for (let i = 0; i < 8 && typeof s.$ref === 'string'; i++) {
    const name = (s.$ref as string).replace('#/$defs/', '');
    const defs = ctx.root.$defs as Record<string, JsonSchema>;
    const target = defs[name];
    if (!target) break;
    // Sibling keywords next to $ref (e.g. a description) are annotations only here.
    s = target;
  }
  return s;
}

export function validateSchema(
  root: SyntaxNode,
  schema: JsonSchema,
  overlapsBlank: (start: number, end: number) => boolean = () => false,
): Diagnostic[] {
  const ctx: Ctx = { root: schema, out: [], overlapsBlank };
  validateNode(ctx, root, schema, [], { start: root.start, end: Math.min(root.end, root.start + 1) });
  return ctx.out;
}

function validateNode(ctx: Ctx, node: SyntaxNode, schemaIn: JsonSchema, path: Path, anchor: Anchor): boolean {
  const schema = resolve(ctx, schemaIn);
  const before = ctx.out.length;
  const value = node.value;
  const actual = jsonTypeOf(value);

  // type
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((t) => typeMatches(actual, t))) {
      const want = types.map((t) => TYPE_WORDS[t] ?? t).join(' or ');
      const got = actual === 'null' ? 'nothing' : `${TYPE_WORDS[actual] ?? actual}${node.kind === 'scalar' ? ` (${show(value)})` : ''}`;
      const where = node.start === node.end ? anchor : node;
      ctx.out.push(diag('wrong-type', 'error', `${label(path)} must be ${want}, but found ${got}.${hintOf(schema)}`, where.start, where.end));
      return false;
    }
  }

  // const / enum
  if ('const' in schema && !sameValue(value, schema.const)) {
    ctx.out.push(diag('invalid-value', 'error', `${label(path)} must be ${show(schema.const)}, not ${show(value)}.`, node.start, node.end, { suggestions: typeof schema.const === 'string' ? [schema.const] : [] }));
    return false;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => sameValue(value, e))) {
    const options = schema.enum as unknown[];
    const sugg = typeof value === 'string' ? suggest(value, options.filter((o): o is string => typeof o === 'string')) : [];
    ctx.out.push(
      diag('invalid-value', 'error', `${label(path)} must be one of ${options.map(show).join(', ')}; found ${show(value)}.${didYouMean(sugg)}`, node.start, node.end, { suggestions: sugg }),
    );
    return false;
  }

  // strings
  if (typeof value === 'string') {
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern as string).test(value)) {
      const code = (schema['x-weft-code'] as string | undefined) ?? 'invalid-value';
      const hint = hintOf(schema) || ` It must match ${schema.pattern as string}.`;
      ctx.out.push(diag(code, 'error', `${show(value)} is not a valid ${noun(schema, path)}.${hint}`, node.start, node.end));
    }
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) {
      ctx.out.push(diag('invalid-value', 'error', `${label(path)} is ${value.length} characters long; at most ${schema.maxLength} are allowed.`, node.start, node.end));
    }
  }
  // numbers
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) {
      ctx.out.push(diag('invalid-value', 'error', `${label(path)} must be at least ${schema.minimum}; found ${value}.`, node.start, node.end));
    }
    if (typeof schema.maximum === 'number' && value > schema.maximum) {
      ctx.out.push(diag('invalid-value', 'error', `${label(path)} must be at most ${schema.maximum}; found ${value}.`, node.start, node.end));
    }
  }

  if (node.kind === 'map') validateMap(ctx, node, schema, path, anchor);
  else if (node.kind === 'seq') {
    if (typeof schema.minItems === 'number' && node.items.length < schema.minItems) {
      ctx.out.push(diag('invalid-value', 'error', `${label(path)} needs at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'}.`, node.start, Math.max(node.end, node.start + 1)));
    }
    if (typeof schema.maxItems === 'number' && node.items.length > schema.maxItems) {
      ctx.out.push(diag('invalid-value', 'error', `${label(path)} takes at most ${schema.maxItems} items; found ${node.items.length}.`, node.start, node.end));
    }
    const items = schema.items as JsonSchema | undefined;
    const seen = schema.uniqueItems ? new Map<string, number>() : undefined;
    node.items.forEach((item, i) => {
      if (items) validateNode(ctx, item, items, [...path, i], { start: item.start, end: item.end });
      if (seen) {
        const k = JSON.stringify(item.value);
        if (seen.has(k)) ctx.out.push(diag('duplicate-item', 'warning', `${show(item.value)} is listed twice in ${label(path)}.`, item.start, item.end));
        else seen.set(k, i);
      }
    });
  }

  if (Array.isArray(schema.oneOf)) validateOneOf(ctx, node, schema, path, anchor);
  return ctx.out.length === before;
}

function validateMap(ctx: Ctx, node: MapNode, schema: JsonSchema, path: Path, anchor: Anchor): void {
  const props = (schema.properties as Record<string, JsonSchema> | undefined) ?? {};
  const additional = schema.additionalProperties as JsonSchema | boolean | undefined;
  const propertyNames = schema.propertyNames as JsonSchema | undefined;
  const seen = new Map<string, number>();
  for (const pair of node.pairs) {
    const key = String(pair.key.value);
    const prev = seen.get(key);
    if (prev !== undefined) {
      const code = path.length === 1 && (path[0] === 'tasks' || path[0] === 'onFailure' || path[0] === 'finally') ? 'duplicate-task' : 'duplicate-key';
      const first = node.pairs[prev]!.key;
      const what = code === 'duplicate-task' ? `Task id '${key}' is defined twice` : `Key '${key}' appears twice in ${label(path)}`;
      ctx.out.push(
        diag(code, 'error', `${what}; the later definition wins. Rename or remove one.`, pair.key.start, pair.key.end, {
          related: [{ message: 'first defined here', start: first.start, end: first.end }],
        }),
      );
    }
    seen.set(key, seen.size);
    const keyAnchor: Anchor = { start: pair.key.start, end: pair.key.end, name: key };
    if (propertyNames) {
      const pn = resolve(ctx, propertyNames);
      if (typeof pn.pattern === 'string' && !new RegExp(pn.pattern).test(key)) {
        ctx.out.push(
          diag('invalid-name', 'error', `'${key}' is not a valid ${path.length ? singular(String(path[path.length - 1])) : 'key'} name: use letters, digits, '_' and '-', starting with a letter or '_'.`, pair.key.start, pair.key.end),
        );
      }
    }
    const sub = Object.prototype.hasOwnProperty.call(props, key) ? props[key] : undefined;
    const childPath = [...path, key];
    if (sub) {
      if (pair.value) validateNode(ctx, pair.value, sub, childPath, keyAnchor);
    } else if (additional === false) {
      const candidates = Object.keys(props).filter((p) => !node.pairs.some((q) => q.key.value === p));
      const sugg = suggest(key, candidates);
      ctx.out.push(
        diag('unknown-key', 'error', `Unknown key '${key}' in ${label(path)}.${didYouMean(sugg) || ` Allowed keys: ${Object.keys(props).join(', ')}.`}`, pair.key.start, pair.key.end, {
          suggestions: sugg,
        }),
      );
    } else if (additional && typeof additional === 'object' && pair.value) {
      validateNode(ctx, pair.value, additional, childPath, keyAnchor);
    }
  }
  if (typeof schema.minProperties === 'number' && node.pairs.length < schema.minProperties) {
    ctx.out.push(diag('invalid-value', 'error', `${label(path)} needs at least ${schema.minProperties} entr${schema.minProperties === 1 ? 'y' : 'ies'}.`, anchor.start, anchor.end));
  }
  if (typeof schema.maxProperties === 'number' && node.pairs.length > schema.maxProperties) {
    const extra = node.pairs[schema.maxProperties]!.key;
    ctx.out.push(diag('invalid-value', 'error', `${label(path)} takes at most ${schema.maxProperties} entr${schema.maxProperties === 1 ? 'y' : 'ies'}; put '${String(extra.value)}' in its own item.`, extra.start, extra.end));
  }
  if (Array.isArray(schema.required)) {
    const missing = (schema.required as string[]).filter((r) => !seen.has(r));
    if (missing.length > 0 && !ctx.overlapsBlank(node.start, node.end)) {
      const where = missingAnchor(node, anchor);
      ctx.out.push(diag('missing-required', 'error', `${label(path)} is missing required ${missing.length === 1 ? 'key' : 'keys'} ${missing.map((m) => `'${m}'`).join(', ')}.${hintOf(schema)}`, where.start, where.end));
    }
  }
}

function missingAnchor(node: MapNode, anchor: Anchor): Anchor {
  if (anchor.end > anchor.start) return anchor;
  const first = node.pairs[0]?.key;
  return first ? { start: first.start, end: first.end } : { start: node.start, end: Math.max(node.end, node.start + 1) };
}

function validateOneOf(ctx: Ctx, node: SyntaxNode, schema: JsonSchema, path: Path, anchor: Anchor): void {
  const branches = (schema.oneOf as JsonSchema[]).map((b) => resolve(ctx, b));
  const discriminator = schema['x-weft-discriminator'] as string | undefined;
  if (discriminator) {
    if (node.kind !== 'map') return;
    const pair = node.pairs.find((p) => p.key.value === discriminator);
    const tag = pair?.value?.value;
    if (typeof tag !== 'string') return; // missing/ill-typed tag: reported by `required`/`type`
    const branch = branches.find((b) => ((b.properties as Record<string, JsonSchema>)?.[discriminator]?.const) === tag);
    if (!branch) {
      const names = branches.map((b) => (b.properties as Record<string, JsonSchema>)[discriminator]!.const as string);
      const sugg = suggest(tag, names);
      ctx.out.push(
        diag('invalid-value', 'error', `Unknown ${singular(String(path[path.length - 2] ?? 'task'))} ${discriminator} '${tag}'.${didYouMean(sugg) || ` Use one of: ${names.join(', ')}.`}`, pair!.value!.start, pair!.value!.end, {
          suggestions: sugg,
        }),
      );
      return;
    }
    validateNode(ctx, node, branch, path, anchor);
    return;
  }
  // A oneOf of bare `required` lists: "exactly one of these keys".
  if (branches.every((b) => Object.keys(b).length === 1 && Array.isArray(b.required))) {
    if (node.kind !== 'map') return;
    const keys = branches.map((b) => (b.required as string[])[0]!);
    const present = node.pairs.filter((p) => keys.includes(String(p.key.value)));
    if (present.length === 0 && !ctx.overlapsBlank(node.start, node.end)) {
      const where = missingAnchor(node, anchor);
      ctx.out.push(diag('missing-required', 'error', `${label(path)} needs one of ${keys.map((k) => `'${k}'`).join(', ')}.`, where.start, where.end));
    } else if (present.length > 1) {
      const extra = present[1]!.key;
      ctx.out.push(diag('conflicting-keys', 'error', `${label(path)} takes only one of ${keys.map((k) => `'${k}'`).join(', ')}; found both '${String(present[0]!.key.value)}' and '${String(extra.value)}'.`, extra.start, extra.end));
    }
    return;
  }
  // General oneOf: the first branch that validates wins; else report the closest branch's problems.
  let best: Diagnostic[] | undefined;
  let bestScore = Infinity;
  for (const b of branches) {
    const saved = ctx.out;
    ctx.out = [];
    const ok = validateNode(ctx, node, b, path, anchor);
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
    const types = branches.map((b) => b.type).filter(Boolean).flat() as string[];
    ctx.out.push(diag('wrong-type', 'error', `${label(path)} must be ${[...new Set(types)].map((t) => TYPE_WORDS[t] ?? t).join(' or ')}.${hintOf(schema)}`, node.start, Math.max(node.end, node.start + 1)));
  } else if (best) ctx.out.push(...best);
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'object' && a !== null && JSON.stringify(a) === JSON.stringify(b));
}

function hintOf(schema: JsonSchema): string {
  const h = schema['x-weft-hint'];
  return typeof h === 'string' ? ` ${h}` : '';
}

function noun(schema: JsonSchema, path: Path): string {
  const n = schema['x-weft-noun'];
  if (typeof n === 'string') return n;
  return `value for ${label(path)}`;
}

function singular(s: string): string {
  if (s === 'tasks' || s === 'onFailure' || s === 'finally') return 'task';
  if (s === 'params') return 'param';
  if (s === 'secrets') return 'secret';
  if (s === 'outputs') return 'output';
  return s.endsWith('s') ? s.slice(0, -1) : s;
}

/** A human name for a path: `tasks.extract.retries`, or `the pipeline` at the root. */
export function label(path: Path): string {
  if (path.length === 0) return 'The pipeline';
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${p}` : p;
  return `'${s}'`;
}
