/** The preview's layered layout: pure, so tested in Node. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_LAYOUT, layersOf, layoutGraph, type LayoutEdgeInput, type LayoutNodeInput } from '../../webview/layout';

const tasks = (...ids: string[]): LayoutNodeInput[] => ids.map((id) => ({ id, section: 'tasks' }));
const edges = (...pairs: string[]): LayoutEdgeInput[] => pairs.map((p) => {
  const [from, to] = p.split('>') as [string, string];
  return { from, to };
});
/** id → [layer, row] */
const grid = (nodes: LayoutNodeInput[], es: LayoutEdgeInput[]) =>
  Object.fromEntries(layoutGraph(nodes, es).nodes.map((n) => [n.id, [n.layer, n.row]]));

describe('webview layout', () => {
  it('lays out a diamond in three layers, rows by document order', () => {
    assert.deepEqual(grid(tasks('a', 'b', 'c', 'd'), edges('a>b', 'a>c', 'b>d', 'c>d')), { a: [0, 0], b: [1, 0], c: [1, 1], d: [2, 0] });
    // document order decides the rows, not the order of the edges
    assert.deepEqual(grid(tasks('a', 'c', 'b', 'd'), edges('a>b', 'a>c', 'b>d', 'c>d')), { a: [0, 0], c: [1, 0], b: [1, 1], d: [2, 0] });
  });

  it('lays out a chain one layer per task, wherever the tasks are written', () => {
    assert.deepEqual(grid(tasks('load', 'check', 'extract'), edges('extract>check', 'check>load')), { extract: [0, 0], check: [1, 0], load: [2, 0] });
  });

  it('uses the longest path from a root', () => {
    // a → c directly and a → b → c: c sits after b
    assert.deepEqual(layersOf(['a', 'b', 'c'], edges('a>c', 'a>b', 'b>c')), [0, 1, 2]);
    // two roots; x is a root on its own, so it stays in layer 0
    assert.deepEqual(layersOf(['a', 'b', 'x', 'c'], edges('a>b', 'b>c', 'x>c')), [0, 1, 0, 2]);
  });

  it('places x and y from positions, in pixels', () => {
    const o = DEFAULT_LAYOUT;
    const l = layoutGraph(tasks('a', 'b', 'c'), edges('a>b', 'a>c'));
    const b = l.byId.get('b')!;
    const c = l.byId.get('c')!;
    assert.equal(b.x, o.padding + o.nodeWidth + o.layerGap);
    assert.equal(c.x, b.x);
    assert.equal(c.y - b.y, o.nodeHeight + o.rowGap);
    assert.equal(l.width, o.padding + 2 * o.nodeWidth + o.layerGap + o.padding);
    assert.equal(l.height, o.padding + 2 * o.nodeHeight + o.rowGap + o.padding);
  });

  it('puts onFailure and finally handlers in their own bands below the main graph', () => {
    const nodes: LayoutNodeInput[] = [
      { id: 'cleanup', section: 'finally' },
      { id: 'record', section: 'finally' },
      { id: 'extract', section: 'tasks' },
      { id: 'load', section: 'tasks' },
      { id: 'notify', section: 'onFailure' },
    ];
    const l = layoutGraph(nodes, edges('extract>load', 'cleanup>record', 'load>notify'));
    assert.deepEqual(l.bands.map((b) => b.section), ['tasks', 'onFailure', 'finally']);
    const main = l.nodes.filter((n) => n.section === 'tasks');
    const bottomOfMain = Math.max(...main.map((n) => n.y + n.height));
    for (const n of l.nodes.filter((x) => x.section !== 'tasks')) assert.ok(n.y > bottomOfMain, `${n.id} below the main band`);
    assert.ok(l.byId.get('record')!.y > l.byId.get('notify')!.y, 'finally below onFailure');
    // layering inside a band; an edge into another band does not push a handler right
    assert.deepEqual([l.byId.get('cleanup')!.layer, l.byId.get('record')!.layer], [0, 1]);
    assert.equal(l.byId.get('notify')!.layer, 0);
    assert.deepEqual([...new Set(l.nodes.map((n) => n.band))], [2, 0, 1]);
    assert.ok(l.height >= l.byId.get('record')!.y + DEFAULT_LAYOUT.nodeHeight);
  });

  it('gives every node of a cycle a layer and terminates', () => {
    // a → b → c → a, with d hanging off the cycle and e independent; plus a self loop on e
    const l = layersOf(['a', 'b', 'c', 'd', 'e'], edges('a>b', 'b>c', 'c>a', 'c>d', 'e>e'));
    assert.deepEqual(l, [0, 1, 2, 3, 0]);
    // two interlocked cycles and nothing ready at all
    const big = layersOf(['p', 'q', 'r', 's'], edges('p>q', 'q>p', 'q>r', 'r>s', 's>q'));
    assert.equal(big.length, 4);
    for (const x of big) assert.ok(Number.isInteger(x) && x >= 0);
  });

  it('handles a 20,000-task chain with a back edge every ten tasks', () => {
    const n = 20_000;
    const ids = Array.from({ length: n }, (_, i) => `t${i}`);
    const es: LayoutEdgeInput[] = [];
    for (let i = 0; i + 1 < n; i++) es.push({ from: ids[i]!, to: ids[i + 1]! });
    for (let i = 10; i < n; i += 10) es.push({ from: ids[i]!, to: ids[i - 10]! }); // back edges
    const layers = layersOf(ids, es);
    assert.equal(layers[n - 1], n - 1);
  });

  it('is deterministic: the same graph gives the same layout, whatever the order of the edges', () => {
    const nodes = tasks('a', 'b', 'c', 'd', 'e', 'f');
    const es = edges('a>b', 'a>c', 'b>d', 'c>d', 'd>e', 'e>b', 'a>f', 'a>b');
    const first = layoutGraph(nodes, es);
    const again = layoutGraph(nodes, es);
    const shuffled = layoutGraph(nodes, [...es].reverse());
    const plain = (l: typeof first) => l.nodes.map((n) => ({ ...n }));
    assert.deepEqual(plain(again), plain(first));
    assert.deepEqual(plain(shuffled), plain(first));
    assert.deepEqual(first.nodes.map((n) => n.id), ['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('ignores edges to unknown tasks and repeated ids', () => {
    const l = layoutGraph([...tasks('a', 'b'), { id: 'a', section: 'tasks' }], edges('a>b', 'ghost>a', 'b>ghost'));
    assert.deepEqual(l.nodes.map((n) => [n.id, n.layer]), [['a', 0], ['b', 1]]);
  });

  it('lays out nothing as an empty canvas', () => {
    const l = layoutGraph([], []);
    assert.deepEqual(l.nodes, []);
    assert.deepEqual(l.bands, []);
    assert.ok(l.width > 0 && l.height > 0);
  });
});
