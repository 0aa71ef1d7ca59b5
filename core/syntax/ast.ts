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
    public pairs: PairNode[],
    value?: Record<string, unknown>,
  ) {
    this.#value = value;
  }

  get value(): Record<string, unknown> {
    if (this.#value === undefined) {
      const v: Record<string, unknown> = {};
      for (const p of this.pairs) {
        const k = String(p.key.value);
        const item = p.value ? p.value.value : null;
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
    return (this.#value ??= this.items.map((i) => i.value));
  }
}

export type SyntaxNode = ScalarNode | AliasNode | MapNode | SeqNode;

export function pairOf(node: SyntaxNode | null | undefined, key: string): PairNode | undefined {
  if (!node || node.kind !== 'map') return undefined;
  // Last one wins, as in the value; duplicates are reported by their own rule.
  for (let i = node.pairs.length - 1; i >= 0; i--) if (node.pairs[i]!.key.value === key) return node.pairs[i];
  return undefined;
}

export function childOf(node: SyntaxNode | null | undefined, key: string): SyntaxNode | null | undefined {
  return pairOf(node, key)?.value;
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
      for (const p of node.pairs) {
        if (offset >= p.key.start && offset <= p.key.end) {
          path.push(String(p.key.value));
          return { node: p.key, path, isKey: true };
        }
        if (p.value && offset >= p.value.start && offset <= p.value.end) {
          path.push(String(p.key.value));
          next = p.value;
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
