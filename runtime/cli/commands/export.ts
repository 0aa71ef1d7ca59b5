import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { validateText } from '../../../core/validate/validate';
import type { Pipeline } from '../../../core/model/types';
import { nodeHost } from '../../fs/host';
import { parseArgs, UsageError } from '../args';
import { toText } from '../report';
import type { Io } from '../main';
import { readInput } from '../read-input';
import { EXPORTERS, TARGETS, exportPipeline, formatWarning, isTarget, supportedTargets } from '../../../exporters';

export const EXPORT_HELP = `Usage: weft export <file> --target ${TARGETS.join('|')} [-o <dir>] [--strict]

Exports a pipeline to an orchestrator's own format. Available today: ${supportedTargets().join(', ')}.
Writes <name>.<target>.<ext> (docs/exporters.md describes each target's output).

  -t, --target    the orchestrator
  -o, --output    folder to write into (created if missing); without it the export goes to stdout
  --strict        fail (exit 1, nothing written) when the target cannot carry something natively

Features the target emulates or cannot express are printed to stderr as
\`warning [feature] task: message\`; \`weft targets <file>\` shows them for every target.
Scripts the tasks name are embedded from the pipeline's folder.

Exit status: 0 exported, 1 the pipeline has errors (or warnings with --strict), 2 usage or I/O problem.`;

/** Reads and validates a pipeline for export-like commands: the pipeline, or an exit status. */
export function loadPipeline(file: string, io: Io, verb: string): { pipeline: Pipeline; path: string } | number {
  const input = readInput(file, io);
  if (!input) return 2;
  const { path, text } = input;
  const r = validateText(file, text, nodeHost(path));
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || !r.document.value || typeof r.document.value !== 'object') {
    io.err(toText([{ file, lines: r.document.lines, diagnostics: errors }]));
    io.err(`weft: ${file} has ${errors.length} error${errors.length === 1 ? '' : 's'}; fix ${errors.length === 1 ? 'it' : 'them'} before ${verb}\n`);
    return 1;
  }
  return { pipeline: r.document.value as Pipeline, path };
}

/** Files relative to the pipeline's folder; undefined when missing or not a file. */
export function fileReader(pipelinePath: string): (rel: string) => string | undefined {
  const dir = dirname(pipelinePath);
  return (rel) => {
    const p = resolve(dir, rel);
    try {
      return existsSync(p) && statSync(p).isFile() ? readFileSync(p, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  };
}

export function exportCommand(argv: string[], io: Io): number {
  const args = parseArgs(argv, { target: { value: true, alias: 't' }, output: { value: true, alias: 'o' }, strict: { value: false }, help: { value: false, alias: 'h' } });
  if (args.flags.has('help')) {
    io.out(EXPORT_HELP + '\n');
    return 0;
  }
  if (args.positionals.length !== 1) throw new UsageError('export takes exactly one file');
  const target = args.flags.get('target');
  if (typeof target !== 'string') throw new UsageError(`export needs --target (${TARGETS.join(', ')})`);
  if (!isTarget(target)) throw new UsageError(`--target must be one of ${TARGETS.join(', ')} (got '${target}')`);
  if (!EXPORTERS[target]) throw new UsageError(`not yet supported: --target ${target} (available today: ${supportedTargets().join(', ')}; see 'weft targets <file>' for what ${target} would carry)`);
  const file = args.positionals[0]!;
  const loaded = loadPipeline(file, io, 'exporting');
  if (typeof loaded === 'number') return loaded;
  const result = exportPipeline(target, { pipeline: loaded.pipeline, fileName: file, readFile: fileReader(loaded.path) });
  for (const w of result.warnings) io.err(formatWarning(w) + '\n');
  if (args.flags.has('strict') && result.warnings.length > 0) {
    io.err(`weft export: ${result.warnings.length} warning${result.warnings.length === 1 ? '' : 's'} with --strict; nothing written\n`);
    return 1;
  }
  const out = args.flags.get('output');
  if (typeof out === 'string') {
    const dir = resolve(io.cwd, out);
    for (const f of result.files) {
      const target = join(dir, f.path);
      try {
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, f.content);
      } catch (e) {
        io.err(`weft: ${join(out, f.path)}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})\n`);
        return 2;
      }
      io.err(`wrote ${join(out, f.path)}\n`);
    }
  } else for (const f of result.files) io.out(f.content);
  return 0;
}
