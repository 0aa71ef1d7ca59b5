/**
 * The graph a preview draws, from what core computed for one document version: tasks with their
 * lines, explicit and implied dependencies (per section: handlers only depend on handlers of their
 * own section), cycles and the number of problems.
 */
import { buildGraph, type Edge } from '../core/analysis/graph';
import { taskReferenced } from '../core/analysis/expressions';
import type { Analysis } from '../core/analysis/analyse';
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
  const edges: GraphEdge[] = [...analysis.graph.edges.map(plain), ...handlerEdges(analysis).map(plain)];
  return { version, nodes, edges, cycles: analysis.graph.cycles.map((c) => c.path), diagnostics: { errors, warnings } };
}

const plain = (e: Edge): GraphEdge => ({ from: e.from, to: e.to, kind: e.kind });

/** analyse() keeps only the main graph's edges; handler sections get theirs the same way. */
function handlerEdges(analysis: Analysis): Edge[] {
  const { view } = analysis;
  const all: Edge[] = analysis.needs.map((n) => ({ from: n.target, to: n.task, kind: 'needs', start: n.start, end: n.end }));
  for (const ref of analysis.expressions.references) {
    const target = ref.task && taskReferenced(ref);
    if (target && ref.task) all.push({ from: target.id, to: ref.task.id, kind: 'expression', start: target.start, end: target.end });
  }
  return (['onFailure', 'finally'] as const).flatMap((section) => {
    const nodes = view.tasks.filter((t) => t.section === section && view.byId.get(t.id) === t).map((t) => ({ id: t.id, section }));
    if (nodes.length === 0) return [];
    const ids = new Set(nodes.map((n) => n.id));
    return buildGraph(nodes, all.filter((e) => ids.has(e.from) && ids.has(e.to))).edges;
  });
}
