// The Argo round trip shared by the corpus test: Argo document → Weft (validated) → Argo (schema-valid)
// with the same tasks, dependencies and parameters as the original.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { load, loadAll } from 'js-yaml';
import { validateText } from '../../../core/validate/validate';
import { toYamlText } from '../../../core/model/spellings';
import type { Pipeline } from '../../../core/model/types';
import { exportPipeline } from '../../../exporters';
import { dns1123 } from '../../../exporters/names';
import { ImportError } from '../../../importers/types';
import { ARGO_KINDS, importArgo } from '../../../importers/argo';
import { ROOT, dagDeps, schemaErrors } from '../../exporters/helpers';

export const CORPUS = join(ROOT, '..', 'shared', 'corpora', 'argo', 'examples');

export function corpusFiles(dir = CORPUS): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(n)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

export interface Doc {
  file: string;
  index: number;
  doc: any;
}

/**
 * The WorkflowTemplates and ClusterWorkflowTemplates of the corpus: what its workflows' templateRef
 * and workflowTemplateRef name, as a cluster holding the corpus would resolve them.
 */
export function corpusLibrary(docs: Doc[]): unknown[] {
  return docs.filter((d) => d.doc.kind === 'WorkflowTemplate' || d.doc.kind === 'ClusterWorkflowTemplate').map((d) => d.doc);
}

/** Every Argo-kind document of the corpus. */
export function corpusDocs(): Doc[] {
  const out: Doc[] = [];
  for (const file of corpusFiles()) {
    const docs = loadAll(readFileSync(file, 'utf8')) as any[];
    docs.forEach((doc, index) => {
      if (doc && (ARGO_KINDS as readonly string[]).includes(doc.kind)) out.push({ file: relative(CORPUS, file), index, doc });
    });
  }
  return out;
}

/** The structure compared across the round trip: task names, dependency closure, params. */
export interface Shape {
  tasks: string[];
  /** task → every task it (transitively) comes after. */
  after: Record<string, string[]>;
  params: string[];
  exit: string[];
}

function closure(deps: Map<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const visit = (n: string, seen: Set<string>): void => {
    for (const d of deps.get(n) ?? []) {
      if (seen.has(d)) continue;
      seen.add(d);
      visit(d, seen);
    }
  };
  for (const n of [...deps.keys()].sort()) {
    const s = new Set<string>();
    visit(n, s);
    out[n] = [...s].sort();
  }
  return out;
}

/**
 * The original workflow's shape, read independently of the importer: the entrypoint's DAG tasks
 * (dependencies / depends) or steps (each group after the previous), or the entrypoint itself as
 * one task; names as Argo's exporter would spell them (DNS-1123, collisions numbered).
 */
export function originalShape(doc: any, library: unknown[] = [], entry?: string): Shape {
  let spec = doc.kind === 'CronWorkflow' ? doc.spec.workflowSpec : doc.spec;
  if (entry !== undefined) {
    // A template library submitted with --entrypoint <entry>: the entry's inputs without a fixed value are the workflow's parameters.
    const t = spec.templates.find((x: any) => x.name === entry);
    const params = [...(spec.arguments?.parameters ?? [])];
    for (const p of t.inputs?.parameters ?? []) if (p.value === undefined && p.valueFrom === undefined && !params.some((x: any) => x.name === p.name)) params.push(p);
    spec = { ...spec, entrypoint: entry, arguments: { parameters: params } };
  }
  if (spec.workflowTemplateRef) {
    // As Argo runs it: the named template's spec, with the workflow's own fields and arguments over it.
    const ref = spec.workflowTemplateRef;
    const kind = ref.clusterScope ? 'ClusterWorkflowTemplate' : 'WorkflowTemplate';
    const base = (library as any[]).find((d) => d.kind === kind && d.metadata?.name === ref.name)?.spec;
    const params = new Map<string, unknown>();
    for (const p of [...(base.arguments?.parameters ?? []), ...(spec.arguments?.parameters ?? [])]) params.set(p.name, p);
    spec = { ...base, ...spec, arguments: { parameters: [...params.values()] } };
  }
  const templates = new Map<string, any>(spec.templates.map((t: any) => [t.name, t]));
  // The entrypoint's inputs with no value, default or argument are given at submission (-p): workflow parameters.
  for (const p of templates.get(spec.entrypoint)?.inputs?.parameters ?? []) {
    if (p.value === undefined && p.default === undefined && p.valueFrom === undefined && !(spec.arguments?.parameters ?? []).some((a: any) => a.name === p.name)) {
      spec = { ...spec, arguments: { ...spec.arguments, parameters: [...(spec.arguments?.parameters ?? []), { name: p.name }] } };
    }
  }
  // As the exporter names DAG tasks: DNS-1123, main tasks first, collisions numbered -2, -3…
  const byKey = new Map<string, string>();
  const used = new Set<string>();
  const names = {
    get(key: string): string {
      let n = byKey.get(key);
      if (n) return n;
      const base = dns1123(key.slice(key.indexOf('/') + 1));
      n = base;
      for (let i = 2; used.has(n); i++) n = `${base}-${i}`;
      used.add(n);
      byKey.set(key, n);
      return n;
    },
  };
  const graph = (entry: string): Map<string, string[]> => {
    const t = templates.get(entry);
    const deps = new Map<string, string[]>();
    if (t.dag) {
      for (const x of t.dag.tasks) names.get(`${entry}/${x.name}`);
      for (const x of t.dag.tasks) {
        const ds: string[] = x.dependencies ?? [...new Set([...String(x.depends ?? '').matchAll(/([A-Za-z0-9_][A-Za-z0-9_-]*)(\.[A-Za-z]+)?/g)].map((m) => m[1]!))];
        deps.set(names.get(`${entry}/${x.name}`), ds.map((d: string) => names.get(`${entry}/${d}`)));
      }
    } else if (t.steps) {
      let prev: string[] = [];
      for (const g of t.steps) for (const x of g) names.get(`${entry}/${x.name}`);
      for (const g of t.steps) {
        const now: string[] = [];
        for (const x of g) {
          const n = names.get(`${entry}/${x.name}`);
          deps.set(n, prev);
          now.push(n);
        }
        prev = now;
      }
    } else deps.set(names.get(`${entry}/${entry}`), []);
    return deps;
  };
  const main = graph(spec.entrypoint);
  // The exit handler: onExit, or the same written as a workflow hook.
  const onExit = spec.onExit ?? spec.hooks?.exit?.template;
  const exit = onExit ? graph(onExit) : new Map<string, string[]>();
  // Parameters the workflow reads without declaring them are given at submission (-p, an event binding).
  const declared: string[] = (spec.arguments?.parameters ?? []).map((p: any) => p.name);
  const read = [...JSON.stringify(spec.templates).matchAll(/\{\{\s*workflow\.parameters\.([A-Za-z0-9_.-]+?)\s*\}\}/g)].map((m) => m[1]!);
  return {
    tasks: [...main.keys()].sort(),
    after: closure(main),
    params: [...new Set([...declared, ...read])].sort(),
    exit: [...exit.keys()].sort(),
  };
}

/** The exported workflow's shape. */
export function exportedShape(doc: any): Shape {
  const spec = doc.kind === 'CronWorkflow' ? doc.spec.workflowSpec : doc.spec;
  const tmpl = (n: string) => spec.templates.find((t: any) => t.name === n);
  const dag = (n: string): Map<string, string[]> => new Map(tmpl(n).dag.tasks.map((t: any) => [t.name, dagDeps(t)]));
  const main = dag(spec.entrypoint);
  const exit = spec.onExit ? dag(spec.onExit) : new Map<string, string[]>();
  return {
    tasks: [...main.keys()].sort(),
    after: closure(main),
    params: (spec.arguments?.parameters ?? []).map((p: any) => p.name).sort(),
    exit: [...exit.keys()].sort(),
  };
}

export type Outcome =
  | { kind: 'ok'; weft: string; argo: string; warnings: number }
  | { kind: 'unsupported'; feature: string; message: string }
  | { kind: 'broken'; message: string };

/** The first string (outside `platform`) holding an Argo tag Argo would substitute, if any. */
function argoTagLeft(v: unknown, key = ''): string | undefined {
  if (key === 'platform') return undefined;
  if (typeof v === 'string') return /(?<!\$)\{\{\s*(=|(inputs|outputs|steps|tasks|workflow|item|pod|node)\.)/.test(v) ? v.slice(0, 200) : undefined;
  if (Array.isArray(v)) {
    for (const x of v) {
      const r = argoTagLeft(x);
      if (r) return r;
    }
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const r = argoTagLeft(x, k);
      if (r) return r;
    }
  }
  return undefined;
}

/** A pipeline name as the importer derives it from an Argo name. */
function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '').slice(0, 63).replace(/[^a-z0-9]+$/, '');
}

/** The whole round trip of one document. */
export function roundTrip(d: Doc, library: unknown[] = []): Outcome {
  let imported;
  try {
    imported = importArgo(d.doc, { fileName: d.file, library });
  } catch (e) {
    if (e instanceof ImportError) {
      if (!e.message.includes(e.feature)) return { kind: 'broken', message: `ImportError message does not name its feature: ${e.message}` };
      return { kind: 'unsupported', feature: e.feature, message: e.message };
    }
    return { kind: 'broken', message: `import threw: ${(e as Error).stack}` };
  }
  // No Argo tag may be left as literal text outside platform.argo (where Argo reads it again).
  for (const pl of [imported.pipeline, ...(imported.files ?? []).map((f) => f.pipeline)]) {
    const leak = argoTagLeft(pl);
    if (leak) return { kind: 'broken', message: `an Argo tag is left in the Weft text: ${leak}\n${toYamlText(pl)}` };
  }
  // Sub-pipelines (nested DAG templates) are files beside the main one: each must validate too,
  // and the exporter reads them as `weft export` would (relative to the main file).
  const files = new Map<string, string>();
  for (const f of imported.files ?? []) {
    const text = toYamlText(f.pipeline);
    const sv = validateText(f.path, text, { fileExists: (rel) => files.has(rel) || (imported.files ?? []).some((x) => x.path === rel) });
    const errs = sv.diagnostics.filter((x) => x.severity === 'error');
    if (errs.length > 0) return { kind: 'broken', message: `invalid sub-pipeline ${f.path}: ${errs.map((e) => `${e.code} ${e.message}`).join('; ')}\n${text}` };
    files.set(f.path, text);
  }
  const weft = [toYamlText(imported.pipeline), ...[...files].map(([path, text]) => `# --- ${path}\n${text}`)].join('');
  // A template library (no entrypoint) imports to one pipeline per template, each running that
  // template as the entrypoint: every one of them must round-trip.
  const spec = d.doc.kind === 'CronWorkflow' ? d.doc.spec.workflowSpec : d.doc.spec;
  const isLibrary = spec.entrypoint === undefined && spec.workflowTemplateRef === undefined;
  const entries: { entry?: string; text?: string }[] = isLibrary
    ? spec.templates.map((t: any, i: number) => {
        const name = slug(`${d.doc.metadata.name}-${t.name}`);
        const text = i === 0 ? toYamlText(imported.pipeline) : files.get(`${name}.weft.yaml`);
        return { entry: t.name, text: text !== undefined && (load(text) as any).metadata.name === name ? text : undefined };
      })
    : [{ text: toYamlText(imported.pipeline) }];
  const argos: string[] = [];
  for (const e of entries) {
    if (e.text === undefined) return { kind: 'broken', message: `no pipeline for the library template ${e.entry}\n${weft}` };
    const v = validateText('imported.weft.yaml', e.text, { fileExists: (rel) => files.has(rel) });
    const errors = v.diagnostics.filter((x) => x.severity === 'error');
    if (errors.length > 0) return { kind: 'broken', message: `invalid Weft: ${errors.map((x) => `${x.code} ${x.message}`).join('; ')}\n${weft}` };
    let argo: string;
    try {
      const r = exportPipeline('argo', { pipeline: v.document.value as Pipeline, fileName: 'imported.weft.yaml', readFile: (rel) => files.get(rel) });
      // An export warning that something imported is left out means the round trip lost it.
      const lost = r.warnings.find((w) => w.feature === 'task.pipeline' || /not staged|not exported|ignored|always runs|not evaluated|could not be read|empty list/.test(w.message));
      if (lost) return { kind: 'broken', message: `export drops part of the import: ${lost.message}\n${weft}` };
      argo = r.files[0]!.content;
    } catch (x) {
      return { kind: 'broken', message: `export threw: ${(x as Error).stack}\n${weft}` };
    }
    const back = load(argo);
    const schema = schemaErrors(back);
    if (schema) return { kind: 'broken', message: `export is not schema-valid: ${schema}\n${argo}` };
    const want = originalShape(d.doc, library, e.entry);
    const got = exportedShape(back);
    const a = JSON.stringify(want);
    const b = JSON.stringify(got);
    if (a !== b) return { kind: 'broken', message: `shape differs${e.entry ? ` (entrypoint ${e.entry})` : ''}:\n original ${a}\n exported ${b}\n${weft}` };
    argos.push(argo);
  }
  const argo = argos.join('---\n');
  return { kind: 'ok', weft, argo, warnings: imported.warnings.length };
}
