import { writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { loadAll } from 'js-yaml';
import { validateText } from '../../../core/validate/validate';
import { toYamlText } from '../../../core/model/spellings';
import { ImportError, type ImportResult } from '../../../importers/types';
import { ARGO_KINDS, importArgo } from '../../../importers/argo';
import { importKubeflow } from '../../../importers/kubeflow';
import { choice, parseArgs, UsageError } from '../args';
import { toText } from '../report';
import type { Io } from '../main';
import { readInput } from '../read-input';

const SOURCES = ['argo', 'kubeflow'] as const;
type Source = (typeof SOURCES)[number];

export const IMPORT_HELP = `Usage: weft import <file> --from ${SOURCES.join('|')} [-o <file>] [--library <file>]

Turns another orchestrator's pipeline into a Weft pipeline (YAML).
  argo       a Workflow, WorkflowTemplate, ClusterWorkflowTemplate or CronWorkflow (the first
             one in a multi-document file)
  kubeflow   a Kubeflow Pipelines v2 IR file (PipelineSpec YAML)

  -f, --from      the format of <file>
  -o, --output    file to write; without it the pipeline goes to stdout
  --library       (argo) a file of WorkflowTemplates / ClusterWorkflowTemplates that templateRef and
                  workflowTemplateRef name; the other documents of <file> are searched too

A Kubeflow loop whose body Weft's per-task foreach cannot say (a loop inside it, or steps of one
iteration that depend on each other) becomes a sub-pipeline: its file is written next to the
output file (in the current folder with stdout), named <pipeline>-<loop>.weft.yaml. So does an
Argo DAG/steps template of several tasks, a containerSet, a task with an exit hook or a templateRef
to a DAG template (<pipeline>-<template>.weft.yaml); an Argo template library (no entrypoint)
gives one pipeline per template, the others written the same way.

Anything the source uses that Weft cannot carry with the same meaning fails the import with a
message naming the feature (exit 1); details that are emulated or left out are printed to stderr
as \`warning [feature] message\`. The result is validated and its problems are printed.

Exit status: 0 imported, 1 unsupported feature or an invalid result, 2 usage or I/O problem.`;

/** The importer for each source (argo gets one document, kubeflow the list of the file's documents). */
const IMPORTERS: Record<Source, ((doc: unknown, fileName: string, library: unknown[]) => ImportResult) | undefined> = {
  argo: (doc, fileName, library) => importArgo(doc, { fileName, library }),
  kubeflow: (docs, fileName) => importKubeflow(docs, { fileName }),
};

function pick(source: Source, docs: unknown[]): unknown {
  const objects = docs.filter((d) => d && typeof d === 'object' && !Array.isArray(d)) as Record<string, unknown>[];
  if (source === 'argo') return objects.find((d) => (ARGO_KINDS as readonly unknown[]).includes(d.kind));
  // Kubeflow: the PipelineSpec and, when present, the PlatformSpec document after it.
  return objects.length > 0 ? objects : undefined;
}

export function importCommand(argv: string[], io: Io): number {
  const args = parseArgs(argv, { from: { value: true, alias: 'f' }, output: { value: true, alias: 'o' }, library: { value: true }, help: { value: false, alias: 'h' } });
  if (args.flags.has('help')) {
    io.out(IMPORT_HELP + '\n');
    return 0;
  }
  if (args.positionals.length !== 1) throw new UsageError('import takes exactly one file');
  if (!args.flags.has('from')) throw new UsageError(`import needs --from (${SOURCES.join(', ')})`);
  const source = choice(args.flags, 'from', SOURCES, 'argo');
  const importer = IMPORTERS[source];
  if (!importer) throw new UsageError(`${source} import: not available yet`);
  const file = args.positionals[0]!;
  const input = readInput(file, io);
  if (!input) return 2;
  const { path, text } = input;
  let docs: unknown[];
  try {
    docs = loadAll(text);
  } catch (e) {
    io.err(`weft import: ${file}: not YAML or JSON (${(e as Error).message.split('\n')[0]})\n`);
    return 1;
  }
  const doc = pick(source, docs);
  if (doc === undefined) {
    io.err(`weft import: ${file}: no ${source === 'argo' ? `Argo ${ARGO_KINDS.join('/')}` : 'Kubeflow pipeline'} document found\n`);
    return 1;
  }
  // The templates templateRef / workflowTemplateRef may name: the file's own documents, then --library's.
  const library: unknown[] = [...docs];
  const lib = args.flags.get('library');
  if (typeof lib === 'string') {
    const l = readInput(lib, io);
    if (!l) return 2;
    try {
      library.push(...loadAll(l.text));
    } catch (e) {
      io.err(`weft import: ${lib}: not YAML or JSON (${(e as Error).message.split('\n')[0]})\n`);
      return 1;
    }
  }
  let result: ImportResult;
  try {
    result = importer(doc, file, library);
  } catch (e) {
    if (e instanceof ImportError) {
      io.err(`weft import: ${file}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  for (const w of result.warnings) io.err(`warning [${w.feature}] ${w.message}\n`);
  const out = args.flags.get('output');
  const outName = typeof out === 'string' ? out : `${basename(file).replace(/\.(ya?ml|json)$/i, '')}.weft.yaml`;
  const yaml = `# Imported by \`weft import --from ${source}\` from ${file.replace(/[\r\n]+/g, ' ')}.\n${toYamlText(result.pipeline)}`;
  const v = validateText(outName, yaml, { fileExists: () => true });
  const problems = v.diagnostics;
  if (problems.length > 0) io.err(toText([{ file: outName, lines: v.document.lines, diagnostics: problems }]));
  let errors = problems.filter((d) => d.severity === 'error').length;
  // Sub-pipelines go next to the main file, where its `pipeline:` fields point.
  const folder = typeof out === 'string' ? dirname(resolve(io.cwd, out)) : io.cwd;
  for (const f of result.files ?? []) {
    const subYaml = `# Imported by \`weft import --from ${source}\` from ${file.replace(/[\r\n]+/g, ' ')} (a sub-pipeline of ${outName}).\n${toYamlText(f.pipeline)}`;
    const sv = validateText(f.path, subYaml, { fileExists: () => true });
    if (sv.diagnostics.length > 0) io.err(toText([{ file: f.path, lines: sv.document.lines, diagnostics: sv.diagnostics }]));
    errors += sv.diagnostics.filter((d) => d.severity === 'error').length;
    try {
      writeFileSync(join(folder, f.path), subYaml);
    } catch (e) {
      io.err(`weft: ${f.path}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})\n`);
      return 2;
    }
    io.err(`wrote ${typeof out === 'string' ? join(dirname(out), f.path) : f.path}\n`);
  }
  if (typeof out === 'string') {
    try {
      writeFileSync(resolve(io.cwd, out), yaml);
    } catch (e) {
      io.err(`weft: ${out}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})\n`);
      return 2;
    }
    io.err(`wrote ${out}\n`);
  } else io.out(yaml);
  if (errors > 0) {
    io.err(`weft import: the imported pipeline has ${errors} error${errors === 1 ? '' : 's'}\n`);
    return 1;
  }
  return 0;
}
