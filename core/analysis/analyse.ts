/**
 * Everything core knows about one parsed document, computed once: the task view, the checked
 * expressions and their references, and the task graph (explicit + implied dependencies).
 * Validation rules, the language server and the canvas all read this.
 */
import type { ParsedDocument } from '../syntax/parse';
import { viewOf, type PipelineView } from '../model/pipeline-view';
import { analyseExpressions, taskReferenced, type ExpressionAnalysis } from './expressions';
import { buildGraph, type Edge, type GraphNode, type TaskGraph } from './graph';
import { childOf } from '../syntax/ast';

export interface Analysis {
  view: PipelineView;
  expressions: ExpressionAnalysis;
  /** The graph of main tasks (`tasks:`); handlers run after it and are not part of it. Its `cycles` holds every section's cycles. */
  graph: TaskGraph;
  /** The handler sections' own graphs: handlers depend only on handlers of the same section. */
  handlerGraphs: { onFailure: TaskGraph; finally: TaskGraph };
  /** `needs` entries as written: task, target id, and the entry's range. */
  needs: { task: string; section: string; target: string; start: number; end: number }[];
}

const SECTIONS = ['tasks', 'onFailure', 'finally'] as const;

export function analyse(doc: ParsedDocument): Analysis {
  const view = viewOf(doc.root);
  const expressions = analyseExpressions(doc, view);
  const needs: Analysis['needs'] = [];
  const edges: Edge[] = [];
  for (const t of view.tasks) {
    const n = childOf(t.node, 'needs');
    if (n?.kind !== 'seq') continue;
    for (const item of n.items) {
      if (typeof item.value !== 'string') continue;
      needs.push({ task: t.id, section: t.section, target: item.value, start: item.start, end: item.end });
      edges.push({ from: item.value, to: t.id, kind: 'needs', start: item.start, end: item.end });
    }
  }
  for (const ref of expressions.references) {
    const target = ref.task && taskReferenced(ref);
    if (target && ref.task) edges.push({ from: target.id, to: ref.task.id, kind: 'expression', start: target.start, end: target.end });
  }
  // Handlers form their own small graphs; cycles among them are found the same way. buildGraph
  // keeps only edges between its own nodes, so every section is given all edges.
  const sectionNodes: Record<(typeof SECTIONS)[number], GraphNode[]> = { tasks: [], onFailure: [], finally: [] };
  for (const t of view.tasks) if (view.byId.get(t.id) === t) sectionNodes[t.section].push({ id: t.id, section: t.section });
  const graphs = SECTIONS.map((s) => buildGraph(sectionNodes[s], sectionNodes[s].length > 0 ? edges : []));
  const main = graphs[0]!;
  const graph: TaskGraph = { ...main, cycles: graphs.flatMap((g) => g.cycles) };
  return { view, expressions, graph, handlerGraphs: { onFailure: graphs[1]!, finally: graphs[2]! }, needs };
}
