/**
 * A light, position-aware view of a parsed pipeline: the tasks with their key nodes, sections and
 * raw values. Rules, the language server and the canvas read pipelines through it, so "what is a
 * task" is decided once. It tolerates any shape (it runs on documents that failed the schema).
 */
import { childOf, type MapNode, type ScalarNode, type SyntaxNode } from '../syntax/ast';
import { TASK_SECTIONS, type TaskSection } from './types';

export interface TaskView {
  id: string;
  section: TaskSection;
  keyNode: ScalarNode;
  /** The task's mapping, or null when the key has no mapping value. */
  node: MapNode | null;
  /** `type` when it is a string. */
  type: string | undefined;
}

export interface PipelineView {
  root: MapNode | null;
  tasks: TaskView[];
  /** Each id's definition; with duplicates the last one wins, as in the parsed value (a rule reports them). */
  byId: Map<string, TaskView>;
  params: Map<string, { keyNode: ScalarNode; node: SyntaxNode | null; type: string | undefined }>;
  secrets: Map<string, ScalarNode>;
}

export function viewOf(root: SyntaxNode | null): PipelineView {
  const map = root && root.kind === 'map' ? root : null;
  const tasks: TaskView[] = [];
  const byId = new Map<string, TaskView>();
  for (const section of TASK_SECTIONS) {
    const sec = childOf(map, section);
    if (!sec || sec.kind !== 'map') continue;
    for (let i = 0; i < sec.size; i++) {
      const keyNode = sec.keyAt(i);
      const value = sec.valueAt(i);
      const node = value && value.kind === 'map' ? value : null;
      const t = childOf(node, 'type');
      const view: TaskView = {
        id: String(keyNode.value),
        section,
        keyNode,
        node,
        type: t && t.kind === 'scalar' && typeof t.value === 'string' ? t.value : undefined,
      };
      tasks.push(view);
      byId.set(view.id, view);
    }
  }
  const params = new Map<string, { keyNode: ScalarNode; node: SyntaxNode | null; type: string | undefined }>();
  const p = childOf(map, 'params');
  if (p && p.kind === 'map') {
    for (let i = 0; i < p.size; i++) {
      const t = childOf(p.valueAt(i), 'type');
      params.set(String(p.keyValue(i)), { keyNode: p.keyAt(i), node: p.valueAt(i), type: typeof t?.value === 'string' ? t.value : undefined });
    }
  }
  const secrets = new Map<string, ScalarNode>();
  const s = childOf(map, 'secrets');
  if (s && s.kind === 'map') for (const k of s.keys) secrets.set(String(k.value), k);
  return { root: map, tasks, byId, params, secrets };
}
