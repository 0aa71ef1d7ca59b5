/**
 * The WorkflowTemplates and ClusterWorkflowTemplates an imported workflow may refer to (by
 * `templateRef` or `workflowTemplateRef`). Argo resolves these in the cluster; the importer
 * resolves them in the documents it is given beside the workflow (`weft import a.yaml --with
 * templates.yaml`, or the rest of a corpus) and inlines what they define. A reference to a
 * template that is not among them is an ImportError naming the feature.
 */
import { ImportError } from '../types';

type Obj = Record<string, any>;

function isObj(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export class Library {
  private readonly byKind = new Map<string, Map<string, Obj>>();

  constructor(docs: unknown[] = []) {
    for (const d of docs) {
      if (!isObj(d) || (d.kind !== 'WorkflowTemplate' && d.kind !== 'ClusterWorkflowTemplate')) continue;
      const name = isObj(d.metadata) ? d.metadata.name : undefined;
      if (typeof name !== 'string' || !isObj(d.spec)) continue;
      let m = this.byKind.get(d.kind);
      if (!m) this.byKind.set(d.kind, (m = new Map()));
      if (!m.has(name)) m.set(name, d.spec);
    }
  }

  /** The spec of a (Cluster)WorkflowTemplate by name, or undefined. */
  spec(name: string, cluster: boolean): Obj | undefined {
    return this.byKind.get(cluster ? 'ClusterWorkflowTemplate' : 'WorkflowTemplate')?.get(name);
  }

  /**
   * The template a `templateRef` names, with the templates of its own document: a DAG or steps
   * template calls templates by names that belong to that document (the importer makes it a
   * sub-pipeline imported in that document's scope).
   */
  resolve(ref: unknown, where: string): { template: Obj; templates: unknown[] } {
    if (!isObj(ref) || typeof ref.name !== 'string' || typeof ref.template !== 'string') throw new ImportError('templateRef', `${where}: needs name and template`);
    const spec = this.spec(ref.name, ref.clusterScope === true);
    if (!spec) throw new ImportError('templateRef', `${where}: the ${ref.clusterScope === true ? 'ClusterWorkflowTemplate' : 'WorkflowTemplate'} ${ref.name} is not among the documents given`);
    const templates: unknown[] = Array.isArray(spec.templates) ? spec.templates : [];
    const t = templates.find((x: unknown) => isObj(x) && x.name === ref.template);
    if (!isObj(t)) throw new ImportError('templateRef', `${where}: ${ref.name} has no template ${ref.template}`);
    return { template: t, templates };
  }
}
