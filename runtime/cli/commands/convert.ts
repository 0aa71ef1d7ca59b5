import { writeFileSync } from 'node:fs';
import { parseDocument } from '../../../core/syntax/parse';
import { toJsonText, toYamlText } from '../../../core/model/spellings';
import { choice, parseArgs, UsageError } from '../args';
import { toText } from '../report';
import type { Io } from '../main';
import { readInput } from '../read-input';

export const CONVERT_HELP = `Usage: weft convert <file> --to json|yaml [-o <out>]

Rewrites a pipeline in the other spelling. YAML and JSON are two spellings of one model, so
converting there and back gives the same pipeline (comments, which JSON cannot hold, are dropped).
Writes to stdout unless -o is given.`;

export function convertCommand(argv: string[], io: Io): number {
  const args = parseArgs(argv, { to: { value: true, alias: 't' }, output: { value: true, alias: 'o' }, help: { value: false, alias: 'h' } });
  if (args.flags.has('help')) {
    io.out(CONVERT_HELP + '\n');
    return 0;
  }
  if (args.positionals.length !== 1) throw new UsageError('convert takes exactly one file');
  if (!args.flags.has('to')) throw new UsageError('convert needs --to json or --to yaml');
  const to = choice(args.flags, 'to', ['json', 'yaml'] as const, 'json');
  const file = args.positionals[0]!;
  const input = readInput(file, io);
  if (!input) return 2;
  const doc = parseDocument(file, input.text);
  if (doc.syntaxErrors.length > 0) {
    io.err(toText([{ file, lines: doc.lines, diagnostics: doc.syntaxErrors }]));
    io.err('weft: fix the syntax errors before converting\n');
    return 1;
  }
  const out = to === 'json' ? toJsonText(doc.value) : toYamlText(doc.value);
  const target = args.flags.get('output');
  if (typeof target === 'string') {
    try {
      writeFileSync(target.startsWith('/') ? target : `${io.cwd}/${target}`, out);
    } catch (e) {
      io.err(`weft: ${target}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})\n`);
      return 2;
    }
  } else io.out(out);
  return 0;
}
