import { choice, parseArgs, UsageError } from '../args';
import type { Io } from '../main';
import { loadPipeline } from './export';
import { supportedTargets, targetMatrix, type TargetMatrix } from '../../../exporters';

export const TARGETS_HELP = `Usage: weft targets <file> [--format text|json]

Which orchestrator fits this pipeline: the six export targets against the features the pipeline
actually uses — native, emulated or not expressible, with the reason — and the targets that carry
it without loss (or, when none does, the closest). The same capability table drives the
exporters' warnings.

  --format text   a table, then the reason for every cell that is not native (default)
  --format json   {"file", "pipeline", "targets", "exporters", "features": [{"feature", "label",
                  "tasks", "support": {<target>: {"level", "reason"}}}], "summary": {<target>:
                  {"native", "emulated", "none"}}, "lossless", "suggested"}

Exit status: 0 printed, 1 the pipeline has errors, 2 usage or I/O problem.`;

export function targetsCommand(argv: string[], io: Io): number {
  const args = parseArgs(argv, { format: { value: true, alias: 'f' }, help: { value: false, alias: 'h' } });
  if (args.flags.has('help')) {
    io.out(TARGETS_HELP + '\n');
    return 0;
  }
  const format = choice(args.flags, 'format', ['text', 'json'] as const, 'text');
  if (args.positionals.length !== 1) throw new UsageError('targets takes exactly one file');
  const file = args.positionals[0]!;
  const loaded = loadPipeline(file, io, 'choosing a target');
  if (typeof loaded === 'number') return loaded;
  const m = targetMatrix(loaded.pipeline);
  if (format === 'json') io.out(JSON.stringify({ file, ...jsonShape(m) }, null, 2) + '\n');
  else io.out(textTable(file, m));
  return 0;
}

function jsonShape(m: TargetMatrix): object {
  return {
    pipeline: m.pipeline,
    targets: m.targets,
    exporters: supportedTargets(),
    features: m.features.map((f) => ({ feature: f.feature, label: f.label, tasks: f.tasks, support: f.support })),
    summary: m.summary,
    lossless: m.lossless,
    suggested: m.suggested,
  };
}

const CELL: Record<string, string> = { native: 'native', emulated: 'emulated', none: 'none' };

export function textTable(file: string, m: TargetMatrix): string {
  const lines: string[] = [];
  lines.push(`${m.pipeline} (${file}): ${m.features.length} feature${m.features.length === 1 ? '' : 's'} used`, '');
  const taskCol = (t: string[]): string => (t.length === 0 ? '(pipeline)' : t.length <= 2 ? t.join(', ') : `${t[0]}, +${t.length - 1}`);
  const rows = m.features.map((f) => [f.label, taskCol(f.tasks), ...m.targets.map((t) => CELL[f.support[t].level]!)]);
  const header = ['feature', 'tasks', ...m.targets];
  const total = ['', '', ...m.targets.map((t) => `${m.summary[t].native}/${m.summary[t].emulated}/${m.summary[t].none}`)];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length), total[i]!.length));
  const fmt = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  lines.push(fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt), fmt(widths.map((w) => '-'.repeat(w))));
  lines.push(fmt(['native/emulated/none', '', ...total.slice(2)]).replace(/^(\S+)\s{2}/, '$1  '), '');
  if (m.lossless.length > 0) lines.push(`Without loss: ${m.lossless.join(', ')}`);
  else lines.push(`Without loss: none. Closest: ${m.suggested.map((t) => `${t} (${m.summary[t].emulated} emulated, ${m.summary[t].none} not expressible)`).join(', ')}`);
  lines.push(`Exporters available today: ${supportedTargets().join(', ')}`);
  for (const t of m.targets) {
    const notNative = m.features.filter((f) => f.support[t].level !== 'native');
    if (notNative.length === 0) continue;
    lines.push('', `${t}:`);
    for (const f of notNative) lines.push(`  ${f.support[t].level === 'none' ? 'not expressible' : 'emulated'}  ${f.label}: ${f.support[t].reason}`);
  }
  return lines.join('\n') + '\n';
}
