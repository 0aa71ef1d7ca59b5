/**
 * The positioned syntax tree both spellings (YAML and JSON) parse into. Every node carries its
 * source range and its plain JavaScript value, so rules can read values like ordinary objects and
 * still point at the narrowest range.
 */
export type ScalarValue = string | number | boolean | null;

interface NodeBase {
  start: number;
  end: number;
}

export interface ScalarNode extends NodeBase {
  kind: 'scalar';
  value: ScalarValue;
}

/** A YAML alias (`*name`): its value is the anchored node's value; it has no children of its own. */
export interface AliasNode extends NodeBase {
  kind: 'alias';
  value: unknown;
}

export interface PairNode {
  key: ScalarNode;
  /** `null` when the key has no value node at all (YAML `key:` gives a null scalar instead). */
  value: SyntaxNode | null;
}

/**
 * A mapping keeps its pairs flat, in one array of four slots per pair — key value, key start,
 * key end, value node — with no object per pair or per key. A 10,000-line pipeline has ~18,000
 * pairs, and every object or array the reader allocates is one more the young-generation GC
 * copies while the tree is alive (and one more pointer to chase on every lookup). Key nodes
 * (`keys`, `keyAt`) and pair objects (`pairs`) are built on request, for diagnostics and callers
 * that want them; hot paths read `entries` (or `keyValue`/`valueAt`) by index.
 *
 * Collections build their plain value on first use: validation walks nodes and rarely needs
 * the value of a mapping or list, and not building ~one object per collection up front is a
 * large share of the validation budget. A reader that already has the value (js-yaml) passes it.
 */
export class MapNode implements NodeBase {
  readonly kind = 'map' as const;
  #value: Record<string, unknown> | undefined;
  #keys: ScalarNode[] | undefined;

  constructor(
    public start: number,
    public end: number,
    /** Pair i at 4i: key value (ScalarValue), key start, key end, value node (SyntaxNode or null). Document order, duplicates included. */
    public entries: (ScalarValue | SyntaxNode)[],
    value?: Record<string, unknown>,
  ) {
    this.#value = value;
  }

  /** A mapping from key nodes (for readers that make them anyway). */
  static fromKeys(start: number, end: number, keys: readonly ScalarNode[], values: readonly (SyntaxNode | null)[], value?: Record<string, unknown>): MapNode {
    const entries: (ScalarValue | SyntaxNode)[] = new Array(keys.length * 4);
    for (let i = 0; i < keys.length; i++) {
      entries[4 * i] = keys[i]!.value;
      entries[4 * i + 1] = keys[i]!.start;
      entries[4 * i + 2] = keys[i]!.end;
      entries[4 * i + 3] = values[i] ?? null;
    }
    return new MapNode(start, end, entries, value);
  }

  /** Number of pairs. */
  get size(): number {
    return this.entries.length >> 2;
  }

  keyValue(i: number): ScalarValue {
    return this.entries[4 * i] as ScalarValue;
  }

  keyStart(i: number): number {
    return this.entries[4 * i + 1] as number;
  }

  keyEnd(i: number): number {
    return this.entries[4 * i + 2] as number;
  }

  valueAt(i: number): SyntaxNode | null {
    return this.entries[4 * i + 3] as SyntaxNode | null;
  }

  /** The key nodes, built on first read (then the same objects on every read). */
  get keys(): ScalarNode[] {
    if (this.#keys === undefined) {
      const keys: ScalarNode[] = new Array(this.size);
      for (let i = 0; i < keys.length; i++) keys[i] = { kind: 'scalar', start: this.keyStart(i), end: this.keyEnd(i), value: this.keyValue(i) };
      this.#keys = keys;
    }
    return this.#keys;
  }

  /** Key node i (see `keys`). */
  keyAt(i: number): ScalarNode {
    return this.keys[i]!;
  }

  /** The values, index for index with the keys (a new array on each read). */
  get values(): (SyntaxNode | null)[] {
    const out: (SyntaxNode | null)[] = new Array(this.size);
    for (let i = 0; i < out.length; i++) out[i] = this.valueAt(i);
    return out;
  }

  /** The pairs as objects, built on each read: prefer `entries` on hot paths. */
  get pairs(): PairNode[] {
    const keys = this.keys;
    const out: PairNode[] = new Array(keys.length);
    for (let i = 0; i < out.length; i++) out[i] = { key: keys[i]!, value: this.valueAt(i) };
    return out;
  }

  get value(): Record<string, unknown> {
    if (this.#value === undefined) {
      const v: Record<string, unknown> = {};
      const entries = this.entries;
      for (let i = 0; i < entries.length; i += 4) {
        const kv = entries[i] as ScalarValue;
        const k = typeof kv === 'string' ? kv : String(kv);
        const node = entries[i + 3] as SyntaxNode | null;
        const item = node ? node.value : null;
        // Later keys win, as in YAML's and JSON's own readers; `__proto__` stays an own key.
        if (k === '__proto__') Object.defineProperty(v, k, { value: item, enumerable: true, writable: true, configurable: true });
        else v[k] = item;
      }
      this.#value = v;
    }
    return this.#value;
  }
}

export class SeqNode implements NodeBase {
  readonly kind = 'seq' as const;
  #value: unknown[] | undefined;

  constructor(
    public start: number,
    public end: number,
    public items: SyntaxNode[],
    value?: unknown[],
  ) {
    this.#value = value;
  }

  get value(): unknown[] {
    if (this.#value === undefined) {
      const items = this.items;
      const v: unknown[] = new Array(items.length);
      for (let i = 0; i < items.length; i++) v[i] = items[i]!.value;
      this.#value = v;
    }
    return this.#value;
  }
}

export type SyntaxNode = ScalarNode | AliasNode | MapNode | SeqNode;

/** Index of the pair whose key is `key` in a mapping, or -1. Last one wins, as in the value; duplicates are reported by their own rule. */
export function indexOfKey(node: MapNode, key: string): number {
  const entries = node.entries;
  for (let i = entries.length - 4; i >= 0; i -= 4) if (entries[i] === key) return i >> 2;
  return -1;
}

export function pairOf(node: SyntaxNode | null | undefined, key: string): PairNode | undefined {
  if (!node || node.kind !== 'map') return undefined;
  const i = indexOfKey(node, key);
  return i < 0 ? undefined : { key: node.keyAt(i), value: node.valueAt(i) };
}

export function childOf(node: SyntaxNode | null | undefined, key: string): SyntaxNode | null | undefined {
  if (!node || node.kind !== 'map') return undefined;
  const i = indexOfKey(node, key);
  return i < 0 ? undefined : node.valueAt(i);
}

/** The node at a path of keys and indices, or undefined. */
export function nodeAt(node: SyntaxNode | null | undefined, path: readonly (string | number)[]): SyntaxNode | null | undefined {
  let cur: SyntaxNode | null | undefined = node;
  for (const seg of path) {
    if (!cur) return undefined;
    if (typeof seg === 'number') cur = cur.kind === 'seq' ? cur.items[seg] : undefined;
    else cur = childOf(cur, seg);
  }
  return cur;
}

/** The innermost node whose range contains offset, with the path of keys leading to it. */
export function findNodeAt(root: SyntaxNode | null, offset: number): { node: SyntaxNode; path: (string | number)[]; isKey: boolean } | undefined {
  if (!root || offset < root.start || offset > root.end) return undefined;
  const path: (string | number)[] = [];
  let node: SyntaxNode = root;
  for (;;) {
    let next: SyntaxNode | undefined;
    if (node.kind === 'map') {
      for (let i = 0; i < node.size; i++) {
        const value = node.valueAt(i);
        if (offset >= node.keyStart(i) && offset <= node.keyEnd(i)) {
          path.push(String(node.keyValue(i)));
          return { node: node.keyAt(i), path, isKey: true };
        }
        if (value && offset >= value.start && offset <= value.end) {
          path.push(String(node.keyValue(i)));
          next = value;
          break;
        }
      }
    } else if (node.kind === 'seq') {
      for (let i = 0; i < node.items.length; i++) {
        const item = node.items[i]!;
        if (offset >= item.start && offset <= item.end) {
          path.push(i);
          next = item;
          break;
        }
      }
    }
    if (!next) return { node, path, isKey: false };
    node = next;
  }
}
