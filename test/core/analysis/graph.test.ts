import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildGraph, type Edge, type GraphNode, type TaskGraph } from '../../../core/analysis/graph';

const nodes = (...ids: string[]): GraphNode[] => ids.map((id) => ({ id, section: 'tasks' }));
let offset = 0;
/** `e('a>b')`: a must finish before b. Each edge gets its own distinct range. */
const e = (spec: string, kind: Edge['kind'] = 'needs'): Edge => {
  const [from, to] = spec.split('>') as [string, string];
  offset += 10;
  return { from, to, kind, start: offset, end: offset + 1 };
};
const pairs = (g: TaskGraph): string[] => g.edges.map((x) => `${x.from}>${x.to}`);

/** Every cycle is closed and each of its edges joins consecutive path entries. */
function assertWellFormedCycles(g: TaskGraph): void {
  for (const c of g.cycles) {
    assert.ok(c.path.length >= 2, `cycle path too short: ${c.path.join(',')}`);
    assert.equal(c.path[0], c.path[c.path.length - 1], `cycle not closed: ${c.path.join(',')}`);
    assert.equal(c.edges.length, c.path.length - 1);
    c.edges.forEach((edge, i) => {
      assert.equal(edge.from, c.path[i]);
      assert.equal(edge.to, c.path[i + 1]);
      assert.ok(g.edges.includes(edge), 'cycle edges are edges of the graph');
    });
  }
}

describe('buildGraph: topological order', () => {
  it('breaks ties by document order, not by name or edge order', () => {
    const g = buildGraph(nodes('z', 'y', 'x', 'w'), [e('x>w'), e('z>w')]);
    assert.deepEqual(g.order, ['z', 'y', 'x', 'w']);
    assert.deepEqual(g.cycles, []);
  });

  it('puts a dependency before its dependant even when it comes later in the document', () => {
    const g = buildGraph(nodes('load', 'transform', 'extract'), [e('extract>transform'), e('transform>load')]);
    assert.deepEqual(g.order, ['extract', 'transform', 'load']);
  });

  it('picks the earliest ready node at each step (a heap, not a FIFO queue)', () => {
    // After `a`, both `d` (index 3) and `b` (index 1) become ready; `b` is released later than `d`
    // in edge order but comes first in the document.
    const g = buildGraph(nodes('a', 'b', 'c', 'd', 'e'), [e('a>d'), e('a>b'), e('b>c'), e('d>e')]);
    assert.deepEqual(g.order, ['a', 'b', 'c', 'd', 'e']);
  });

  it('orders a diamond', () => {
    const g = buildGraph(nodes('join', 'right', 'left', 'root'), [e('root>left'), e('root>right'), e('left>join'), e('right>join')]);
    assert.deepEqual(g.order, ['root', 'right', 'left', 'join']);
    assert.equal(g.edges.length, 4);
    assert.deepEqual(g.cycles, []);
  });

  it('keeps disconnected nodes, in document order', () => {
    const g = buildGraph(nodes('lonely', 'b', 'a', 'alone'), [e('a>b')]);
    assert.deepEqual(g.order, ['lonely', 'a', 'b', 'alone']);
    assert.deepEqual(g.nodes.map((n) => n.id), ['lonely', 'b', 'a', 'alone']);
  });

  it('is the same on every call', () => {
    const ns = nodes('f', 'e', 'd', 'c', 'b', 'a');
    const es = [e('a>b'), e('c>d'), e('e>f'), e('a>f'), e('d>b')];
    const first = buildGraph(ns, es);
    for (let i = 0; i < 3; i++) assert.deepEqual(buildGraph(ns, [...es]).order, first.order);
    assert.deepEqual(first.order, ['e', 'c', 'd', 'a', 'f', 'b']);
  });

  it('handles the empty graph', () => {
    assert.deepEqual(buildGraph([], []), { nodes: [], edges: [], order: [], cycles: [] });
  });
});

describe('buildGraph: edges', () => {
  it('ignores edges to or from unknown nodes', () => {
    const g = buildGraph(nodes('a', 'b'), [e('ghost>a'), e('a>b'), e('b>nowhere')]);
    assert.deepEqual(pairs(g), ['a>b']);
    assert.deepEqual(g.order, ['a', 'b']);
    assert.deepEqual(g.cycles, []);
  });

  it('keeps one edge per pair, preferring the needs entry over an expression', () => {
    const expr = e('a>b', 'expression');
    const needs = e('a>b', 'needs');
    const later = e('a>b', 'expression');
    const g = buildGraph(nodes('a', 'b'), [expr, needs, later]);
    assert.equal(g.edges.length, 1);
    assert.equal(g.edges[0], needs);
  });

  it('keeps the first of several edges of the same kind', () => {
    const first = e('a>b', 'expression');
    const g = buildGraph(nodes('a', 'b'), [first, e('a>b', 'expression')]);
    assert.deepEqual(g.edges, [first]);
    const n1 = e('a>b');
    assert.deepEqual(buildGraph(nodes('a', 'b'), [n1, e('a>b', 'expression'), e('a>b')]).edges, [n1]);
  });

  it('counts a duplicate edge once for the order', () => {
    // With the duplicate counted twice, `b` would never become ready.
    const g = buildGraph(nodes('a', 'b'), [e('a>b'), e('a>b', 'expression')]);
    assert.deepEqual(g.order, ['a', 'b']);
  });
});

describe('buildGraph: cycles', () => {
  it('reports a self loop as [a, a]', () => {
    const loop = e('a>a');
    const g = buildGraph(nodes('a', 'b'), [loop]);
    assert.deepEqual(g.cycles, [{ path: ['a', 'a'], edges: [loop] }]);
    assert.deepEqual(g.order, ['b']);
  });

  it('reports a three-node cycle closed, starting at its first node in document order', () => {
    const g = buildGraph(nodes('x', 'c', 'a', 'b'), [e('a>b'), e('b>c'), e('c>a')]);
    assert.equal(g.cycles.length, 1);
    assert.deepEqual(g.cycles[0]!.path, ['c', 'a', 'b', 'c']);
    assertWellFormedCycles(g);
    assert.deepEqual(g.order, ['x']);
  });

  it('takes a shortest way round a component with several cycles', () => {
    // a→b→c→d→a and the shortcut b→a: the reported cycle is a→b→a.
    const g = buildGraph(nodes('a', 'b', 'c', 'd'), [e('a>b'), e('b>c'), e('c>d'), e('d>a'), e('b>a')]);
    assert.equal(g.cycles.length, 1);
    assert.deepEqual(g.cycles[0]!.path, ['a', 'b', 'a']);
    assertWellFormedCycles(g);
  });

  it('reports two separate cycles once each', () => {
    const g = buildGraph(nodes('a', 'b', 'ok', 'c', 'd', 'e'), [e('a>b'), e('b>a'), e('c>d'), e('d>e'), e('e>c'), e('ok>c')]);
    assert.equal(g.cycles.length, 2);
    const paths = g.cycles.map((c) => c.path.join('>')).sort();
    assert.deepEqual(paths, ['a>b>a', 'c>d>e>c']);
    assertWellFormedCycles(g);
    assert.ok(g.order.includes('ok'));
    for (const id of ['a', 'b', 'c', 'd', 'e']) assert.ok(!g.order.includes(id), `${id} is on a cycle`);
  });

  it('points the cycle edges at the source ranges of the edges that make it', () => {
    const ab = e('a>b');
    const ba = e('b>a', 'expression');
    const g = buildGraph(nodes('a', 'b'), [ab, ba]);
    assert.deepEqual(g.cycles[0]!.edges.map((x) => [x.start, x.end, x.kind]), [
      [ab.start, ab.end, 'needs'],
      [ba.start, ba.end, 'expression'],
    ]);
  });

  it('does not report a diamond or a chain as a cycle', () => {
    assert.deepEqual(buildGraph(nodes('a', 'b', 'c', 'd'), [e('a>b'), e('a>c'), e('b>d'), e('c>d'), e('a>d')]).cycles, []);
  });
});

describe('buildGraph: large graphs', () => {
  const chain = (n: number, reversed: boolean): { ns: GraphNode[]; es: Edge[] } => {
    const ids = Array.from({ length: n }, (_, i) => `t${i}`);
    const ns = nodes(...(reversed ? [...ids].reverse() : ids));
    const es: Edge[] = [];
    for (let i = 0; i + 1 < n; i++) es.push({ from: ids[i]!, to: ids[i + 1]!, kind: 'needs', start: i, end: i + 1 });
    return { ns, es };
  };

  it('orders a 10,000-node chain without overflowing the stack', () => {
    for (const reversed of [false, true]) {
      const { ns, es } = chain(10_000, reversed);
      const g = buildGraph(ns, es);
      assert.equal(g.order.length, 10_000);
      assert.equal(g.order[0], 't0');
      assert.equal(g.order[9_999], 't9999');
      assert.deepEqual(g.cycles, []);
    }
  });

  it('finds a 10,000-node cycle without overflowing the stack', () => {
    const { ns, es } = chain(10_000, false);
    es.push({ from: 't9999', to: 't0', kind: 'needs', start: 0, end: 0 });
    const g = buildGraph(ns, es);
    assert.deepEqual(g.order, []);
    assert.equal(g.cycles.length, 1);
    assert.equal(g.cycles[0]!.path.length, 10_001);
    assert.equal(g.cycles[0]!.path[0], 't0');
    assertWellFormedCycles(g);
  });
});
