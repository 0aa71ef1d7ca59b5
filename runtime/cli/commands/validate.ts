import { validateText } from '../../../core/validate/validate';
import { expandPaths } from '../../fs/expand';
import { nodeHost } from '../../fs/host';
import { choice, parseArgs, UsageError } from '../args';
import { summary, toJson, toText, type FileReport } from '../report';
import type { Io } from '../main';
import { readInput } from '../read-input';

export const VALIDATE_HELP = `Usage: weft validate <file|folder|glob>... [--format text|json] [--quiet]

Checks Weft pipelines: syntax, schema, dependencies, expressions, schedules, referenced files.
Folders are searched for *.weft.yaml, *.weft.yml and *.weft.json files.

  --format text   file:line:col severity code message (default; 1-based positions)
  --format json   [{"file", "diagnostics": [{"severity", "code", "message", "range"}]}]
                  with LSP-style 0-based positions
  --quiet         print errors only (text format)

Exit status: 0 no errors, 1 errors found, 2 usage or I/O problem.`;

export function validateCommand(argv: string[], io: Io): number {
  const args = parseArgs(argv, { format: { value: true, alias: 'f' }, quiet: { value: false, alias: 'q' }, help: { value: false, alias: 'h' } });
  if (args.flags.has('help')) {
    io.out(VALIDATE_HELP + '\n');
    return 0;
  }
  const format = choice(args.flags, 'format', ['text', 'json'] as const, 'text');
  if (args.positionals.length === 0) throw new UsageError('validate needs at least one file, folder or glob');
  const { files, problems } = expandPaths(args.positionals, io.cwd);
  let ioFailed = problems.length > 0;
  for (const p of problems) io.err(`weft: ${p}\n`);
  const reports: FileReport[] = [];
  for (const file of files) {
    const input = readInput(file, io);
    if (!input) {
      ioFailed = true;
      continue;
    }
    const r = validateText(file, input.text, nodeHost(input.path));
    reports.push({ file, lines: r.document.lines, diagnostics: r.diagnostics });
  }
  // The summary counts everything found; --quiet only hides warnings from the listing.
  const s = summary(reports);
  if (args.flags.has('quiet')) for (const r of reports) r.diagnostics = r.diagnostics.filter((d) => d.severity === 'error');
  if (format === 'json') io.out(JSON.stringify(toJson(reports), null, 2) + '\n');
  else {
    io.out(toText(reports));
    if (reports.length > 0 || !ioFailed) io.err(`${s.text}\n`);
  }
  if (ioFailed) return 2;
  return s.errors > 0 ? 1 : 0;
}
