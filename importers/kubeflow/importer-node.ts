/**
 * A KFP importer node (`dsl.importer`: an executor `importer: {artifactUri, typeSchema, metadata,
 * reimport}`) → a Weft task that brings the URI in as its one file output:
 *
 *   importer:
 *     type: shell
 *     run: "true"
 *     inputs:  {artifact: {path: kfp-outputs/artifact, url: gs://…}}
 *     outputs: {artifact: {type: file, path: kfp-outputs/artifact}}
 *     platform: {kubeflow: {executor: {importer: {typeSchema: …, metadata: …}}}}
 *
 * On every target that is what the node does (stage the object, hand it on as a file); the
 * Kubeflow exporter recognises the shape and writes an importer node again, with the KFP-only
 * details (artifact type, metadata, reimport) from `platform.kubeflow`. A URI read from a pipeline
 * input or an upstream output becomes one `${{ }}` expression.
 */
import { ImportError } from '../types';

type Obj = Record<string, unknown>;

/** Schemes a Weft input URL may have (the schema's pattern). */
const WEFT_URL = /^(https?|s3|gs|git\+https?|git\+ssh|oci|hdfs|azure):\/\//;
const DEFAULT_TYPE = { schemaTitle: 'system.Artifact', schemaVersion: '0.0.1' };
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * The Weft task for an importer executor. `uriOf(name)` gives the Weft text of the component input
 * the URI comes from (a constant, or a `${{ }}` expression); the output key is the component's.
 */
export function importerTask(importer: Obj, comp: Obj, uriOf: (input: string) => string | undefined, where: string, inputOf: (input: string) => unknown): { task: Obj; output: string } {
  const outs = Object.keys(((comp.outputDefinitions as Obj | undefined)?.artifacts ?? {}) as Obj);
  if (outs.length !== 1) throw new ImportError('importer', `${where}: an importer node with ${outs.length} output artifacts`);
  const output = outs[0]!;
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(output)) throw new ImportError('importer', `${where}: output ${JSON.stringify(output)}`);
  const au = isObj(importer.artifactUri) ? importer.artifactUri : {};
  let url: string | undefined;
  if (typeof au.constant === 'string') url = au.constant;
  else if (isObj(au.constantValue) && typeof au.constantValue.stringValue === 'string') url = au.constantValue.stringValue;
  else if (typeof au.runtimeParameter === 'string') url = uriOf(au.runtimeParameter);
  if (url === undefined) throw new ImportError('importer', `${where}: the artifact URI is not a constant or a bound input`);
  if (!WEFT_URL.test(url) && !/^\$\{\{[^]*\}\}$/.test(url.trim())) throw new ImportError('importer URI scheme', `${where}: ${url}`);
  const extra: Obj = {};
  const type = isObj(importer.typeSchema) ? importer.typeSchema : undefined;
  if (type && (type.schemaTitle !== DEFAULT_TYPE.schemaTitle || type.schemaVersion !== DEFAULT_TYPE.schemaVersion)) extra.typeSchema = type;
  const inputs: Obj = {};
  if (importer.metadata !== undefined) {
    // Metadata may hold placeholders of the node's other inputs: they stay as written, and the
    // inputs go by name to platform.kubeflow.inputs, so that KFP fills them again.
    for (const m of JSON.stringify(importer.metadata).matchAll(/\{\{\$\.inputs\.parameters\[\\?'([^'\\]+)\\?'\]\}\}/g)) {
      const v = inputOf(m[1]!);
      if (v === undefined) throw new ImportError('importer metadata from inputs', `${where}: the metadata reads ${m[1]}, which is not bound`);
      inputs[m[1]!] = v;
    }
    if (/\{\{\$(?!\.inputs\.parameters\[)/.test(JSON.stringify(importer.metadata))) throw new ImportError('importer metadata from inputs', `${where}: the metadata holds a placeholder other than an input`);
    extra.metadata = importer.metadata;
  }
  if (importer.reimport === true) extra.reimport = true;
  for (const k of Object.keys(importer)) if (!['artifactUri', 'typeSchema', 'metadata', 'reimport'].includes(k)) throw new ImportError('importer', `${where}: ${k}`);
  const path = `kfp-outputs/${output}`;
  const task: Obj = {
    type: 'shell',
    description: 'A KFP importer node: brings the object in as a file.',
    run: 'true',
    inputs: { [output]: { path, url } },
    outputs: { [output]: { type: 'file', path } },
  };
  const kubeflow: Obj = {};
  if (Object.keys(inputs).length > 0) kubeflow.inputs = inputs;
  if (Object.keys(extra).length > 0) kubeflow.executor = { importer: extra };
  if (Object.keys(kubeflow).length > 0) task.platform = { kubeflow };
  return { task, output };
}
