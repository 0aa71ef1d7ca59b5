/**
 * Messages between the extension (the webview's host) and the graph preview. The preview never
 * edits: it only asks the host to reveal a task in the text editor.
 */
import type { GraphNode, GraphResult } from '../language-server/protocol';

export type { GraphEdge, GraphNode, GraphResult } from '../language-server/protocol';

/** Host → preview. `graph: null` means there is nothing to draw (not a Weft document, or closed). */
export interface GraphMessage {
  type: 'graph';
  graph: GraphResult | null;
  /** The file's name, for the header. */
  title?: string;
}

export type HostMessage = GraphMessage;

/** Preview → host. */
export type PreviewMessage = { type: 'ready' } | { type: 'reveal'; id: string; line: number };

/** Checks the shape of a message claiming to be a graph; drops malformed nodes and edges. */
export function readGraphMessage(data: unknown): GraphMessage | undefined {
  if (!isObject(data) || data.type !== 'graph') return undefined;
  const title = typeof data.title === 'string' ? data.title : undefined;
  const g = data.graph;
  if (g === null || g === undefined) return { type: 'graph', graph: null, title };
  if (!isObject(g) || !Array.isArray(g.nodes) || !Array.isArray(g.edges)) return undefined;
  const nodes: GraphNode[] = g.nodes.filter(
    (n): n is GraphNode => isObject(n) && typeof n.id === 'string' && typeof n.section === 'string' && Number.isInteger(n.line) && (n.type === null || typeof n.type === 'string'),
  );
  const edges = g.edges.filter((e): e is GraphResult['edges'][number] => isObject(e) && typeof e.from === 'string' && typeof e.to === 'string' && (e.kind === 'needs' || e.kind === 'expression'));
  const cycles = Array.isArray(g.cycles) ? g.cycles.filter((c): c is string[] => Array.isArray(c) && c.every((x) => typeof x === 'string')) : [];
  const d = isObject(g.diagnostics) ? g.diagnostics : {};
  const count = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  const graph: GraphResult = {
    version: count(g.version),
    nodes,
    edges,
    cycles,
    diagnostics: { errors: count(d.errors), warnings: count(d.warnings) },
  };
  return { type: 'graph', graph, title };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}
