/**
 * Draws a graph as SVG: a header with counts, rounded boxes for tasks (id and type), paths with
 * arrowheads for dependencies (dashed when only implied by an expression, red on a cycle), handler
 * sections in their own bands below. Every piece of user text goes in through textContent or an
 * attribute value, never through HTML parsing. Nodes are focusable; click, Enter or Space reveals.
 */
import { layoutGraph, type PlacedNode } from './layout';
import type { GraphNode, GraphResult } from './messages';

const SVG = 'http://www.w3.org/2000/svg';
const CHAR_WIDTH = 7.5;
const MIN_WIDTH = 140;
const MAX_WIDTH = 280;
const TEXT_PAD = 12;
/** How far below the lower of its two nodes a backward edge's control points sit (the curve dips 3/4 of it). */
const BACK_EDGE_DIP = 24;
const BAND_LABELS: Record<string, string> = { onFailure: 'onFailure — when the run fails', finally: 'finally — always, at the end' };

export interface RenderOptions {
  title?: string;
  onReveal(node: GraphNode): void;
}

/** Replaces root's content with the graph (or a message when there is none). */
export function renderGraph(root: HTMLElement, graph: GraphResult | null | undefined, options: RenderOptions): void {
  const focusedId = focusedNodeId(root);
  const doc = root.ownerDocument;
  root.replaceChildren(header(doc, graph, options.title));
  if (!graph) {
    root.append(paragraph(doc, graph === null ? 'No Weft pipeline to show: open a *.weft.yaml or *.weft.json file.' : 'Loading…'));
    return;
  }
  if (graph.nodes.length === 0) {
    root.append(paragraph(doc, 'No tasks yet.'));
    return;
  }
  const longest = graph.nodes.reduce((m, n) => Math.max(m, n.id.length, (n.type ?? '?').length), 0);
  const nodeWidth = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, Math.ceil(longest * CHAR_WIDTH) + 2 * TEXT_PAD));
  const layout = layoutGraph(graph.nodes, graph.edges, { nodeWidth });
  const firstById = new Map<string, GraphNode>();
  for (const n of graph.nodes) if (!firstById.has(n.id)) firstById.set(n.id, n);
  const cycleEdges = new Set<string>();
  const onCycle = new Set<string>();
  for (const path of graph.cycles) {
    for (let i = 0; i + 1 < path.length; i++) {
      cycleEdges.add(edgeKey(path[i]!, path[i + 1]!));
      onCycle.add(path[i]!);
    }
  }

  // Room below the last row for a backward edge's curve.
  const height = layout.height + BACK_EDGE_DIP;
  const svg = svgEl(doc, 'svg', { class: 'weft-graph', width: layout.width, height, viewBox: `0 0 ${layout.width} ${height}`, role: 'group', 'aria-label': 'Pipeline graph' });
  svg.append(markers(doc));
  const bands = svgEl(doc, 'g', { class: 'weft-bands' });
  for (const band of layout.bands) {
    const label = BAND_LABELS[band.section];
    if (!label) continue;
    bands.append(text(doc, label, { class: 'weft-band-label', x: 16, y: band.y - 10 }));
  }
  const edges = svgEl(doc, 'g', { class: 'weft-edges' });
  for (const e of graph.edges) {
    const a = layout.byId.get(e.from);
    const b = layout.byId.get(e.to);
    if (!a || !b || a.band !== b.band) continue;
    const cycle = cycleEdges.has(edgeKey(e.from, e.to));
    const path = svgEl(doc, 'path', {
      class: `weft-edge ${e.kind}${cycle ? ' cycle' : ''}`,
      d: edgePath(a, b),
      'marker-end': `url(#${cycle ? 'weft-arrow-cycle' : 'weft-arrow'})`,
      'data-from': e.from,
      'data-to': e.to,
    });
    path.append(title(doc, `${e.from} → ${e.to}${e.kind === 'expression' ? ' (implied by an expression)' : ''}${cycle ? ' — on a cycle' : ''}`));
    edges.append(path);
  }
  const nodes = svgEl(doc, 'g', { class: 'weft-nodes' });
  const elements = new Map<string, SVGGElement>();
  // Tab order follows the drawing: band by band, column by column, top to bottom.
  const placed = [...layout.nodes].sort((p, q) => p.band - q.band || p.layer - q.layer || p.row - q.row);
  const maxChars = Math.floor((nodeWidth - 2 * TEXT_PAD) / CHAR_WIDTH);
  for (const p of placed) {
    const node = firstById.get(p.id)!;
    const g = nodeElement(doc, node, p, maxChars, onCycle.has(p.id), options.onReveal);
    elements.set(p.id, g);
    nodes.append(g);
  }
  svg.append(bands, edges, nodes);
  const canvas = doc.createElement('div');
  canvas.className = 'weft-canvas';
  canvas.append(svg);
  root.append(canvas);
  // Keep the keyboard user's place when the graph refreshes while they type elsewhere.
  if (focusedId !== undefined) elements.get(focusedId)?.focus();
}

function nodeElement(doc: Document, node: GraphNode, p: PlacedNode, maxChars: number, cycle: boolean, onReveal: (node: GraphNode) => void): SVGGElement {
  const type = node.type ?? '?';
  const g = svgEl(doc, 'g', {
    class: `weft-node${cycle ? ' cycle' : ''}`,
    transform: `translate(${p.x} ${p.y})`,
    tabindex: 0,
    role: 'button',
    'aria-label': `Task ${node.id}, ${type}${cycle ? ', on a cycle' : ''}. Reveal line ${node.line + 1}`,
    'data-id': node.id,
    'data-line': node.line,
  });
  g.append(
    title(doc, node.description ? `${node.id} (${type})\n${node.description}` : `${node.id} (${type})`),
    svgEl(doc, 'rect', { width: p.width, height: p.height, rx: 6, ry: 6 }),
    text(doc, clip(node.id, maxChars), { class: 'weft-node-id', x: TEXT_PAD, y: 19 }),
    text(doc, clip(type, maxChars), { class: 'weft-node-type', x: TEXT_PAD, y: 35 }),
  );
  g.addEventListener('click', () => onReveal(node));
  g.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    onReveal(node);
  });
  return g;
}

function header(doc: Document, graph: GraphResult | null | undefined, titleText: string | undefined): HTMLElement {
  const h = doc.createElement('header');
  h.className = 'weft-header';
  if (titleText) {
    const t = doc.createElement('span');
    t.className = 'weft-title';
    t.textContent = titleText;
    h.append(t);
  }
  if (graph) {
    const counts = doc.createElement('span');
    counts.className = 'weft-counts';
    const parts: [string, string | undefined][] = [
      [plural(graph.nodes.length, 'task'), 'tasks'],
      [plural(graph.diagnostics.errors, 'error'), graph.diagnostics.errors > 0 ? 'errors has-errors' : 'errors'],
      [plural(graph.diagnostics.warnings, 'warning'), graph.diagnostics.warnings > 0 ? 'warnings has-warnings' : 'warnings'],
    ];
    if (graph.cycles.length > 0) parts.push([plural(graph.cycles.length, 'cycle'), 'cycles has-errors']);
    parts.forEach(([label, cls], i) => {
      if (i > 0) counts.append(' · ');
      const s = doc.createElement('span');
      if (cls) s.className = cls;
      s.textContent = label;
      counts.append(s);
    });
    h.append(counts);
  }
  return h;
}

function markers(doc: Document): SVGDefsElement {
  const defs = svgEl(doc, 'defs', {});
  for (const [id, cls] of [
    ['weft-arrow', 'weft-arrowhead'],
    ['weft-arrow-cycle', 'weft-arrowhead cycle'],
  ] as const) {
    const m = svgEl(doc, 'marker', { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
    m.append(svgEl(doc, 'path', { d: 'M 0 0 L 10 5 L 0 10 z', class: cls }));
    defs.append(m);
  }
  return defs;
}

/** From the source's right side to the target's left side; loops for back and self edges. */
export function edgePath(a: PlacedNode, b: PlacedNode): string {
  const x1 = a.x + a.width;
  const y1 = a.y + a.height / 2;
  if (a.id === b.id) {
    const top = a.y;
    return `M ${x1} ${y1} C ${x1 + 36} ${y1} ${x1 + 16} ${top - 18} ${x1 - 24} ${top}`;
  }
  const x2 = b.x;
  const y2 = b.y + b.height / 2;
  const bend = Math.max(40, (x2 - x1) / 2);
  if (x2 > x1) return `M ${x1} ${y1} C ${x1 + bend} ${y1} ${x2 - bend} ${y2} ${x2} ${y2}`;
  // Backwards (an edge closing a cycle): from the source's bottom, under the row, up into the target's bottom.
  const sx = a.x + a.width / 2;
  const tx = b.x + b.width / 2;
  const sy = a.y + a.height;
  const ty = b.y + b.height;
  const dip = Math.max(sy, ty) + BACK_EDGE_DIP;
  return `M ${sx} ${sy} C ${sx} ${dip} ${tx} ${dip} ${tx} ${ty}`;
}

function edgeKey(from: string, to: string): string {
  return `${from}\u0000${to}`;
}

function focusedNodeId(root: HTMLElement): string | undefined {
  const active = root.ownerDocument.activeElement;
  if (!active || !root.contains(active)) return undefined;
  return active.getAttribute('data-id') ?? undefined;
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, Math.max(1, max - 1))}…`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function paragraph(doc: Document, s: string): HTMLElement {
  const p = doc.createElement('p');
  p.className = 'weft-empty';
  p.textContent = s;
  return p;
}

function text(doc: Document, s: string, attrs: Record<string, string | number>): SVGTextElement {
  const t = svgEl(doc, 'text', attrs);
  t.textContent = s;
  return t;
}

function title(doc: Document, s: string): SVGTitleElement {
  const t = svgEl(doc, 'title', {});
  t.textContent = s;
  return t;
}

function svgEl<K extends keyof SVGElementTagNameMap>(doc: Document, tag: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const el = doc.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}
