/**
 * Weft's custom LSP messages, shared by the server, the extension and (types only) the webview.
 * Pure: no imports, so the browser bundle can use the types without pulling in Node code.
 *
 * - request  `weft/graph`        `{ uri }` → `GraphResult | null` (null: not an open Weft document)
 * - notification `weft/graphChanged` `{ uri, version }`, sent by the server after each diagnostics
 *   publication, so a preview knows a newer graph is ready.
 */
export const GRAPH_REQUEST = 'weft/graph';
export const GRAPH_CHANGED_NOTIFICATION = 'weft/graphChanged';

export interface GraphParams {
  uri: string;
}

export type GraphSection = 'tasks' | 'onFailure' | 'finally';

export interface GraphNode {
  id: string;
  section: GraphSection;
  /** The task's `type` when it is a string, else null. */
  type: string | null;
  /** 0-based line of the task's key. */
  line: number;
  description?: string;
}

export interface GraphEdge {
  /** The task that must finish first. */
  from: string;
  to: string;
  /** `needs`: written in `needs`; `expression`: implied by a `${{ tasks.<id> … }}` reference only. */
  kind: 'needs' | 'expression';
}

export interface GraphResult {
  /** The document version this graph was computed for. */
  version: number;
  /** Tasks in document order; with duplicate ids, the definition that wins (the last). */
  nodes: GraphNode[];
  /** One edge per (from, to) within a section; `needs` wins over `expression`. */
  edges: GraphEdge[];
  /** Each cycle as a closed path: [a, b, c, a]. */
  cycles: string[][];
  diagnostics: { errors: number; warnings: number };
}

export interface GraphChangedParams {
  uri: string;
  version: number;
}
