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
  const index = new Map<string, number>();
  for (let i = 0; i < nodes.length; i++) index.set(nodes[i]!.id, i);
  // One edge per (from, to): prefer the explicit `needs` entry as the one to point at.
  const unique = new Map<number, Edge>();
  for (const e of edges) {
    const f = index.get(e.from);
    const t = index.get(e.to);
    if (f === undefined || t === undefined) continue;
    const k = f * nodes.length + t;
    const prev = unique.get(k);
    if (!prev || (prev.kind === 'expression' && e.kind === 'needs')) unique.set(k, e);
  }
  const kept = [...unique.values()];
  const out = nodes.map(() => [] as number[]);
  const outEdges = nodes.map(() => [] as Edge[]);
  for (const e of kept) {
    const f = index.get(e.from)!;
    out[f]!.push(index.get(e.to)!);
    outEdges[f]!.push(e);
  }
  const order = topoOrder(nodes, out);
  // Every node ordered means no cycle: skip the component search (the common case).
  return { nodes, edges: kept, order, cycles: order.length === nodes.length ? [] : findCycles(nodes, out, outEdges) };
}

function topoOrder(nodes: GraphNode[], out: number[][]): string[] {
  const indeg = nodes.map(() => 0);
  for (const targets of out) for (const t of targets) indeg[t]!++;
  // A binary heap on document index keeps the order deterministic at O(E log V).
  const heap: number[] = [];
  const push = (v: number): void => {
    heap.push(v);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heap[p]! <= heap[i]!) break;
      [heap[p], heap[i]] = [heap[i]!, heap[p]!];
      i = p;
    }
  };
  const pop = (): number => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && heap[l]! < heap[m]!) m = l;
        if (r < heap.length && heap[r]! < heap[m]!) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i]!, heap[m]!];
        i = m;
      }
    }
    return top;
  };
  indeg.forEach((d, i) => d === 0 && push(i));
  const order: string[] = [];
  while (heap.length > 0) {
    const v = pop();
    order.push(nodes[v]!.id);
    for (const t of out[v]!) if (--indeg[t]! === 0) push(t);
  }
  return order;
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
