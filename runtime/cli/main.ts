/**
 * The `weft` command line. Every command returns an exit status instead of exiting, and writes
 * through `Io`, so tests run commands in-process as well as through the real binary.
 */
import { validateCommand, VALIDATE_HELP } from './commands/validate';
import { convertCommand, CONVERT_HELP } from './commands/convert';
import { exportCommand, EXPORT_HELP } from './commands/export';
import { targetsCommand, TARGETS_HELP } from './commands/targets';
import { importCommand, IMPORT_HELP } from './commands/import';
import { UsageError } from './args';
import { version } from '../../package.json';

export interface Io {
  out(s: string): void;
  err(s: string): void;
  cwd: string;
}

const HELP = `weft ${version} — design, check, run and ship data and ML pipelines

Usage: weft <command> [options]

Commands:
  validate <files|folders|globs>...  check pipelines (--format text|json)
  convert <file> --to json|yaml      rewrite a pipeline in the other spelling
  export <file> --target <target>    export to an orchestrator (argo today) [-o DIR] [--strict]
  targets <file>                     which orchestrators carry this pipeline (--format text|json)
  import <file> --from argo|kubeflow  turn an Argo or Kubeflow pipeline into Weft [-o FILE]

Options:
  -h, --help      show help (also: weft <command> --help)
  -v, --version   print the version

Docs: docs/format.md (the format), docs/rules.md (every diagnostic code), docs/exporters.md.`;

const COMMANDS: Record<string, { run(argv: string[], io: Io): number; help: string }> = {
  validate: { run: validateCommand, help: VALIDATE_HELP },
  convert: { run: convertCommand, help: CONVERT_HELP },
  export: { run: exportCommand, help: EXPORT_HELP },
  targets: { run: targetsCommand, help: TARGETS_HELP },
  import: { run: importCommand, help: IMPORT_HELP },
};

export function main(argv: string[], io: Io): number {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '-h' || cmd === '--help' || cmd === 'help') {
    const topic = cmd === 'help' ? rest[0] : undefined;
    io.out((topic && COMMANDS[topic] ? COMMANDS[topic]!.help : HELP) + '\n');
    return cmd === undefined ? 2 : 0;
  }
  if (cmd === '-v' || cmd === '--version') {
    io.out(`${version}\n`);
    return 0;
  }
  const command = COMMANDS[cmd];
  if (!command) {
    io.err(`weft: unknown command '${cmd}'. Run 'weft --help' for the list.\n`);
    return 2;
  }
  try {
    return command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`weft ${cmd}: ${e.message}\n\n${command.help}\n`);
      return 2;
    }
    // A bug, not a user mistake: say so plainly, with the detail needed to report it.
    io.err(`weft ${cmd}: internal error: ${(e as Error).stack ?? String(e)}\nPlease report this with the file that caused it.\n`);
    return 70;
  }
}

if (require.main === module) {
  const io: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s), cwd: process.cwd() };
  process.exitCode = main(process.argv.slice(2), io);
}
