/**
 * Deterministic layered layout of a task graph. Pure (no DOM), so it is unit-tested in Node.
 *
 * - Bands: the main tasks first, then each handler section (`onFailure`, `finally`) in its own
 *   band below; edges between bands are ignored for layering.
 * - Layer (column) = length of the longest path from a root within the band.
 * - Order within a layer (row) = document order.
 * - Cycles: nodes are taken in topological order, ready nodes by document order; when only nodes
 *   on a cycle are left, the first of them in document order is taken anyway and the edges back
 *   into already placed nodes are ignored. Every node gets a layer in O((V + E) log V).
 */
export interface LayoutNodeInput {
  id: string;
  section: string;
}

export interface LayoutEdgeInput {
  from: string;
  to: string;
}

export interface LayoutOptions {
  nodeWidth: number;
  nodeHeight: number;
  /** Horizontal gap between layers. */
  layerGap: number;
  /** Vertical gap between rows. */
  rowGap: number;
  /** Vertical gap between bands (a band label sits in it). */
  bandGap: number;
  padding: number;
}

export const DEFAULT_LAYOUT: LayoutOptions = { nodeWidth: 180, nodeHeight: 44, layerGap: 64, rowGap: 18, bandGap: 44, padding: 16 };

export interface PlacedNode {
  id: string;
  section: string;
  /** Index into the bands list. */
  band: number;
  layer: number;
  row: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Band {
  section: string;
  /** Top of the band's first row. */
  y: number;
  height: number;
}

export interface Layout {
  /** One per distinct id, in document order (the first definition of a repeated id). */
  nodes: PlacedNode[];
  byId: Map<string, PlacedNode>;
  /** Only the bands that have nodes, top to bottom. */
  bands: Band[];
  width: number;
  height: number;
}

/** Band order: main tasks, then handlers; unknown sections after them in order of appearance. */
const SECTION_ORDER = ['tasks', 'onFailure', 'finally'];

/** Longest-path layer of each node, over the edges between the given nodes. Ids must be unique. */
export function layersOf(ids: readonly string[], edges: readonly LayoutEdgeInput[]): number[] {
  const n = ids.length;
  const index = new Map(ids.map((id, i) => [id, i]));
  const out: number[][] = ids.map(() => []);
  const indeg = new Array<number>(n).fill(0);
  const seen = new Set<string>();
  for (const e of edges) {
    const f = index.get(e.from);
    const t = index.get(e.to);
    if (f === undefined || t === undefined || f === t) continue;
    const key = `${f} ${t}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out[f]!.push(t);
    indeg[t]!++;
  }
  const layer = new Array<number>(n).fill(0);
  const done = new Array<boolean>(n).fill(false);
  const ready = new MinHeap();
  for (let i = 0; i < n; i++) if (indeg[i] === 0) ready.push(i);
  let firstLeft = 0;
  for (let placed = 0; placed < n; placed++) {
    let v = ready.pop();
    if (v === undefined) {
      // Only cycles (and what hangs off them) are left: break at the first in document order.
      while (done[firstLeft]) firstLeft++;
      v = firstLeft;
    }
    done[v] = true;
    for (const t of out[v]!) {
      if (done[t]) continue; // an edge closing a cycle
      if (layer[v]! + 1 > layer[t]!) layer[t] = layer[v]! + 1;
      if (--indeg[t]! === 0) ready.push(t);
    }
  }
  return layer;
}

export function layoutGraph(nodes: readonly LayoutNodeInput[], edges: readonly LayoutEdgeInput[], options: Partial<LayoutOptions> = {}): Layout {
  const o = { ...DEFAULT_LAYOUT, ...options };
  const unique: LayoutNodeInput[] = [];
  const seenIds = new Set<string>();
  for (const node of nodes) {
    if (seenIds.has(node.id)) continue;
    seenIds.add(node.id);
    unique.push(node);
  }
  const sections = [...new Set(unique.map((node) => node.section))].sort((a, b) => rank(a) - rank(b));
  const byId = new Map<string, PlacedNode>();
  const bands: Band[] = [];
  let top = o.padding;
  let width = 0;
  for (const section of sections) {
    const members = unique.filter((node) => node.section === section);
    const ids = members.map((node) => node.id);
    const layers = layersOf(ids, edges);
    const rows = new Map<number, number>();
    let deepest = 0;
    const band = bands.length;
    members.forEach((node, i) => {
      const layer = layers[i]!;
      const row = rows.get(layer) ?? 0;
      rows.set(layer, row + 1);
      deepest = Math.max(deepest, row + 1);
      const x = o.padding + layer * (o.nodeWidth + o.layerGap);
      width = Math.max(width, x + o.nodeWidth + o.padding);
      byId.set(node.id, { id: node.id, section, band, layer, row, x, y: top + row * (o.nodeHeight + o.rowGap), width: o.nodeWidth, height: o.nodeHeight });
    });
    const height = deepest * o.nodeHeight + (deepest - 1) * o.rowGap;
    bands.push({ section, y: top, height });
    top += height + o.bandGap;
  }
  const height = bands.length === 0 ? 2 * o.padding : top - o.bandGap + o.padding;
  return { nodes: unique.map((node) => byId.get(node.id)!), byId, bands, width: Math.max(width, 2 * o.padding), height };
}

function rank(section: string): number {
  const i = SECTION_ORDER.indexOf(section);
  return i < 0 ? SECTION_ORDER.length : i;
}

/** A binary min-heap of document indices (ready nodes are taken in document order). */
class MinHeap {
  private readonly items: number[] = [];

  push(v: number): void {
    const a = this.items;
    a.push(v);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]! <= a[i]!) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }

  pop(): number | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l]! < a[m]!) m = l;
        if (r < a.length && a[r]! < a[m]!) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}
