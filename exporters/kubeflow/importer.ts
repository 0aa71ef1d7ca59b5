/**
 * `inputs.url` on Kubeflow: KFP brings an external object into a run with an importer node
 * (`dsl.importer`): a DAG task whose executor is `importer: {artifactUri, typeSchema}` and whose
 * output artifact the consumers read. The KFP launcher downloads gs://, s3:// (and minio://) and
 * oci:// URIs; other schemes are the caller's business (http(s) is fetched by the wrapper).
 *
 * Two shapes use it:
 * - a task whose only job is to bring one URL in as its file output (`type: shell`, `run: "true"`,
 *   one `url` input and one file/dir output at the same path — what `weft import` writes for a
 *   KFP importer) *is* an importer node: same task, same output name;
 * - any other task with a `url` input gets an importer node of its own beside it, and the wrapper
 *   copies the artifact to the input's path.
 */
import type { Input, Task } from '../../core/model/types';
import { paramPlaceholder, translateText, type KfpCtx } from './expr';

type Obj = Record<string, unknown>;

export const IMPORTER_SCHEMES = /^(gs|s3|oci):\/\//;
export const ARTIFACT_TYPE = { schemaTitle: 'system.Artifact', schemaVersion: '0.0.1' };

/** Whether `task` is the importer shape (see above). */
export function isImporterTask(task: Task): boolean {
  if (task.type !== 'shell' || !/^\s*(true|:)\s*$/.test(task.run)) return false;
  const inputs = Object.values(task.inputs ?? {});
  const outputs = Object.values(task.outputs ?? {});
  if (inputs.length !== 1 || outputs.length !== 1) return false;
  const i = inputs[0]!;
  const o = outputs[0]!;
  if (i.url === undefined || (o.type !== 'file' && o.type !== 'dir') || o.path !== i.path) return false;
  if (task.env || task.workdir || task.foreach || task.image) return false;
  return IMPORTER_SCHEMES.test(i.url) || /^\s*\$\{\{/.test(i.url);
}

/**
 * The component (without executorLabel) and executor of an importer node for `input`; the URI is
 * the component's `uri` input, which `declareUri` binds in the DAG: a constant, or the one value
 * the URL expression names.
 */
export function importerSpec(input: Input, outputKey: string, ctx: KfpCtx, declareUri: (binding: Obj) => void): { component: Obj; executor: Obj; warnings: string[] } {
  const url = input.url!;
  const warnings: string[] = [];
  const importer: Obj = {};
  const refs: Obj[] = [];
  const uriCtx: KfpCtx = {
    ...ctx,
    input: (_key, _hint, src) => (refs.push(src.binding), 'uri'),
    inputArtifact: () => (warnings.push(`${url}: a file output is not a URI`), 'uri'),
  };
  const t = translateText(url, uriCtx);
  warnings.push(...t.problems.map((p) => `${url}: ${p}`));
  if (url.includes('${{') && t.problems.length === 0 && refs.length === 1 && t.text === paramPlaceholder('uri')) {
    importer.artifactUri = { runtimeParameter: 'uri' };
    declareUri(refs[0]!);
  } else {
    if (url.includes('${{') && t.problems.length === 0) warnings.push(`${url}: KFP's importer takes a constant URI or one parameter, not text built from values; the URI is passed as written`);
    importer.artifactUri = { constant: url };
    declareUri({ runtimeValue: { constant: url } });
  }
  importer.typeSchema = ARTIFACT_TYPE;
  if (input.optional) warnings.push('optional: an importer node always imports (a missing object fails when a task reads it)');
  return {
    component: { inputDefinitions: { parameters: { uri: { parameterType: 'STRING' } } }, outputDefinitions: { artifacts: { [outputKey]: { artifactType: ARTIFACT_TYPE } } } },
    executor: { importer },
    warnings,
  };
}

/** The importer shape exported as an importer node (the task's own `uri` input is declared on `io`). */
export function importerNode(task: Task, ctx: KfpCtx, io: { fixed(name: string, src: { binding: Obj; type: 'STRING' }): void }): { component: Obj; executor: Obj; warnings: string[] } {
  const input = Object.values(task.inputs ?? {})[0]!;
  const outputKey = Object.keys(task.outputs ?? {})[0]!;
  return importerSpec(input, outputKey, ctx, (binding) => io.fixed('uri', { binding, type: 'STRING' }));
}
