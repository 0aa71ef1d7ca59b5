/**
 * The task graph: explicit `needs` plus dependencies implied by `${{ tasks.<id> … }}` references,
 * a deterministic topological order (ties broken by document order, so layouts and exports are
 * stable), and every cycle with its full path.
 */
import type { TaskSection } from '../model/types';

export interface GraphNode {
  id: string;
  section: TaskSection;
}

export interface Edge {
  /** The task that must finish first. */
  from: string;
  to: string;
  kind: 'needs' | 'expression';
  /** Source range of what created the edge (the `needs` entry or the `tasks.<id>` reference). */
  start: number;
  end: number;
}

export interface TaskGraph {
  nodes: GraphNode[];
  edges: Edge[];
  /** Topological order, by document order among ready nodes; nodes on or downstream of a cycle are left out. */
  order: string[];
  /** Each cycle as a closed path: [a, b, c, a]. */
  cycles: { path: string[]; edges: Edge[] }[];
}

export function buildGraph(nodes: GraphNode[], edges: Edge[]): TaskGraph {
  const n = nodes.length;
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) index.set(nodes[i]!.id, i);
  // One edge per (from, to): prefer the explicit `needs` entry as the one to point at.
  const unique = new Map<number, Edge>();
  for (const e of edges) {
    const f = index.get(e.from);
    const t = index.get(e.to);
    if (f === undefined || t === undefined) continue;
    const k = f * n + t;
    const prev = unique.get(k);
    if (!prev || (prev.kind === 'expression' && e.kind === 'needs')) unique.set(k, e);
  }
  const kept = [...unique.values()];
  // Successors as one flat array (CSR) in edge order: no array per node.
  const from = new Int32Array(kept.length);
  const to = new Int32Array(kept.length);
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < kept.length; i++) {
    from[i] = index.get(kept[i]!.from)!;
    to[i] = index.get(kept[i]!.to)!;
    offsets[from[i]! + 1]!++;
  }
  for (let v = 0; v < n; v++) offsets[v + 1]! += offsets[v]!;
  const succ = new Int32Array(kept.length);
  const fill = offsets.slice(0, n);
  for (let i = 0; i < kept.length; i++) succ[fill[from[i]!]!++] = to[i]!;
  const order = topoOrder(nodes, offsets, succ);
  if (order.length === n) return { nodes, edges: kept, order, cycles: [] }; // every node ordered: no cycle (the common case)
  const out = nodes.map(() => [] as number[]);
  const outEdges = nodes.map(() => [] as Edge[]);
  for (let i = 0; i < kept.length; i++) {
    out[from[i]!]!.push(to[i]!);
    outEdges[from[i]!]!.push(kept[i]!);
  }
  return { nodes, edges: kept, order, cycles: findCycles(nodes, out, outEdges) };
}

/** Kahn's algorithm with a binary min-heap on document index, so the order is deterministic, at O(E log V). */
function topoOrder(nodes: GraphNode[], offsets: Int32Array, succ: Int32Array): string[] {
  const n = nodes.length;
  const indeg = new Int32Array(n);
  for (let i = 0; i < succ.length; i++) indeg[succ[i]!]!++;
  const heap = new Int32Array(n);
  let size = 0;
  for (let v = 0; v < n; v++) if (indeg[v] === 0) size = heapPush(heap, size, v);
  const order: string[] = [];
  while (size > 0) {
    const v = heap[0]!;
    size = heapPop(heap, size);
    order.push(nodes[v]!.id);
    for (let k = offsets[v]!; k < offsets[v + 1]!; k++) {
      const t = succ[k]!;
      if (--indeg[t]! === 0) size = heapPush(heap, size, t);
    }
  }
  return order;
}

function heapPush(heap: Int32Array, size: number, v: number): number {
  let i = size;
  heap[i] = v;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (heap[p]! <= heap[i]!) break;
    const x = heap[p]!;
    heap[p] = heap[i]!;
    heap[i] = x;
    i = p;
  }
  return size + 1;
}

/** Removes the top (heap[0]); returns the new size. */
function heapPop(heap: Int32Array, size: number): number {
  const last = heap[--size]!;
  if (size > 0) {
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < size && heap[l]! < heap[m]!) m = l;
      if (r < size && heap[r]! < heap[m]!) m = r;
      if (m === i) break;
      const x = heap[m]!;
      heap[m] = heap[i]!;
      heap[i] = x;
      i = m;
    }
  }
  return size;
}

/** Tarjan's strongly connected components (iterative), then one concrete cycle per component. */
function findCycles(nodes: GraphNode[], out: number[][], outEdges: Edge[][]): TaskGraph['cycles'] {
  const n = nodes.length;
  const idx = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const onStack = new Array<boolean>(n).fill(false);
  const stack: number[] = [];
  const comp = new Array<number>(n).fill(-1);
  const comps: number[][] = [];
  let counter = 0;
  for (let s = 0; s < n; s++) {
    if (idx[s] !== -1) continue;
    const work: [number, number][] = [[s, 0]];
    idx[s] = low[s] = counter++;
    stack.push(s);
    onStack[s] = true;
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const [v, i] = top;
      if (i < out[v]!.length) {
        top[1]++;
        const w = out[v]![i]!;
        if (idx[w] === -1) {
          idx[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = true;
          work.push([w, 0]);
        } else if (onStack[w]) low[v] = Math.min(low[v]!, idx[w]!);
      } else {
        work.pop();
        if (work.length > 0) {
          const u = work[work.length - 1]![0];
          low[u] = Math.min(low[u]!, low[v]!);
        }
        if (low[v] === idx[v]) {
          const c: number[] = [];
          let w: number;
          do {
            w = stack.pop()!;
            onStack[w] = false;
            comp[w] = comps.length;
            c.push(w);
          } while (w !== v);
          comps.push(c);
        }
      }
    }
  }
  const cycles: TaskGraph['cycles'] = [];
  comps.forEach((c, ci) => {
    const selfLoop = c.length === 1 && out[c[0]!]!.includes(c[0]!);
    if (c.length < 2 && !selfLoop) return;
    // Start at the component's first node in document order; walk a shortest way back to it (BFS).
    const start = c.reduce((m, v) => (v < m ? v : m), c[0]!);
    const prev = new Map<number, { from: number; edge: Edge }>();
    const queue = [start];
    let closing: { from: number; edge: Edge } | undefined;
    for (let qi = 0; qi < queue.length && !closing; qi++) {
      const v = queue[qi]!;
      for (let k = 0; k < out[v]!.length; k++) {
        const w = out[v]![k]!;
        if (comp[w] !== ci) continue;
        if (w === start) {
          closing = { from: v, edge: outEdges[v]![k]! };
          break;
        }
        if (!prev.has(w)) {
          prev.set(w, { from: v, edge: outEdges[v]![k]! });
          queue.push(w);
        }
      }
    }
    if (!closing) return;
    const pathIdx = [start];
    const edges = [closing.edge];
    for (let v = closing.from; v !== start; v = prev.get(v)!.from) {
      pathIdx.push(v);
      edges.push(prev.get(v)!.edge);
    }
    // pathIdx is [start, ..., reversed]; rebuild forward: start → ... → closing.from → start.
    const forward = [start, ...pathIdx.slice(1).reverse(), start];
    edges.reverse();
    cycles.push({ path: forward.map((i) => nodes[i]!.id), edges });
  });
  return cycles;
}
