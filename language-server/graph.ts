/**
 * The graph a preview draws, from what core computed for one document version: tasks with their
 * lines, explicit and implied dependencies (per section: handlers only depend on handlers of their
 * own section), cycles and the number of problems.
 */
import type { Edge } from '../core/analysis/graph';
import { childOf } from '../core/syntax/ast';
import type { ValidationResult } from '../core/validate/validate';
import type { GraphEdge, GraphNode, GraphResult } from './protocol';

export function graphOf(result: ValidationResult, version: number): GraphResult {
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = result.diagnostics.filter((d) => d.severity === 'warning').length;
  const analysis = result.analysis;
  if (!analysis) return { version, nodes: [], edges: [], cycles: [], diagnostics: { errors, warnings } };
  const { view } = analysis;
  const lines = result.document.lines;
  const nodes: GraphNode[] = [];
  for (const t of view.tasks) {
    if (view.byId.get(t.id) !== t) continue;
    const node: GraphNode = { id: t.id, section: t.section, type: t.type ?? null, line: lines.positionAt(t.keyNode.start).line };
    const d = childOf(t.node, 'description');
    if (d?.kind === 'scalar' && typeof d.value === 'string') node.description = d.value;
    nodes.push(node);
  }
  const { onFailure, finally: fin } = analysis.handlerGraphs;
  const edges: GraphEdge[] = [...analysis.graph.edges, ...onFailure.edges, ...fin.edges].map(plain);
  return { version, nodes, edges, cycles: analysis.graph.cycles.map((c) => c.path), diagnostics: { errors, warnings } };
}

const plain = (e: Edge): GraphEdge => ({ from: e.from, to: e.to, kind: e.kind });

