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
 * A mapping keeps its keys and values in two parallel arrays rather than one object per pair: a
 * 10,000-line pipeline has ~18,000 pairs, and every object the reader allocates is one more the
 * young-generation GC copies while the tree is alive. `pairs` builds the pair objects for callers
 * that want them; hot paths read `keys`/`values` by index.
 *
 * Collections build their plain value on first use: validation walks nodes and rarely needs
 * the value of a mapping or list, and not building ~one object per collection up front is a
 * large share of the validation budget. A reader that already has the value (js-yaml) passes it.
 */
export class MapNode implements NodeBase {
  readonly kind = 'map' as const;
  #value: Record<string, unknown> | undefined;

  constructor(
    public start: number,
    public end: number,
    /** The key of each pair, in document order (duplicates included). */
    public keys: ScalarNode[],
    /** The value of each pair, index for index with `keys`. */
    public values: (SyntaxNode | null)[],
    value?: Record<string, unknown>,
  ) {
    this.#value = value;
  }

  /** The pairs as objects, built on each read: prefer `keys`/`values` on hot paths. */
  get pairs(): PairNode[] {
    const out: PairNode[] = new Array(this.keys.length);
    for (let i = 0; i < out.length; i++) out[i] = { key: this.keys[i]!, value: this.values[i]! };
    return out;
  }

  get value(): Record<string, unknown> {
    if (this.#value === undefined) {
      const v: Record<string, unknown> = {};
      const keys = this.keys;
      const values = this.values;
      for (let i = 0; i < keys.length; i++) {
        const kv = keys[i]!.value;
        const k = typeof kv === 'string' ? kv : String(kv);
        const node = values[i];
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

/** A mapping from pair objects (for readers that build pairs). */
export function mapFromPairs(start: number, end: number, pairs: readonly PairNode[], value?: Record<string, unknown>): MapNode {
  const keys: ScalarNode[] = new Array(pairs.length);
  const values: (SyntaxNode | null)[] = new Array(pairs.length);
  for (let i = 0; i < pairs.length; i++) {
    keys[i] = pairs[i]!.key;
    values[i] = pairs[i]!.value;
  }
  return new MapNode(start, end, keys, values, value);
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
  const keys = node.keys;
  for (let i = keys.length - 1; i >= 0; i--) if (keys[i]!.value === key) return i;
  return -1;
}

export function pairOf(node: SyntaxNode | null | undefined, key: string): PairNode | undefined {
  if (!node || node.kind !== 'map') return undefined;
  const i = indexOfKey(node, key);
  return i < 0 ? undefined : { key: node.keys[i]!, value: node.values[i]! };
}

export function childOf(node: SyntaxNode | null | undefined, key: string): SyntaxNode | null | undefined {
  if (!node || node.kind !== 'map') return undefined;
  const i = indexOfKey(node, key);
  return i < 0 ? undefined : node.values[i];
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
      for (let i = 0; i < node.keys.length; i++) {
        const key = node.keys[i]!;
        const value = node.values[i];
        if (offset >= key.start && offset <= key.end) {
          path.push(String(key.value));
          return { node: key, path, isKey: true };
        }
        if (value && offset >= value.start && offset <= value.end) {
          path.push(String(key.value));
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
