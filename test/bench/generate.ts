/**
 * Generates a large, realistic, valid pipeline for benchmarks: `tasks` tasks spread over a few
 * layers with fan-in dependencies, expressions between them, typed outputs, retries, caching —
 * about ten lines per task. Deterministic (seeded), so runs compare like with like.
 */
export function generatePipeline(tasks: number, seed = 42): string {
  let s = seed >>> 0;
  const rand = (n: number): number => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s % n;
  };
  const lines: string[] = [
    'apiVersion: weft/v1',
    'kind: Pipeline',
    'metadata:',
    `  name: generated-${tasks}`,
    '  description: A generated pipeline for benchmarks',
    'params:',
    '  day: {type: string, default: "${{ run.date }}"}',
    '  min_rows: {type: integer, default: 100}',
    '  regions: {type: list, items: {type: string}, default: [eu, us, apac]}',
    'schedule: {cron: "0 2 * * *", timezone: Europe/Kyiv, catchup: false}',
    'defaults:',
    '  retries: {limit: 2, backoff: exponential, delay: 5s}',
    '  timeout: 10m',
    'tasks:',
  ];
  for (let i = 0; i < tasks; i++) {
    const id = `task_${i}`;
    lines.push(`  ${id}:`);
    const kind = i % 4;
    if (kind === 0) {
      lines.push('    type: shell', `    run: echo "processing ${i} for \${{ params.day }}"`);
    } else if (kind === 1) {
      lines.push('    type: python', '    code: print("hello")', `    args: ["--day", "\${{ params.day }}", "--n", "${i}"]`);
    } else if (kind === 2) {
      lines.push('    type: check', `    assert: ["\${{ tasks.task_${i - 1}.outputs.rows >= params.min_rows }}"]`);
    } else {
      lines.push('    type: shell', '    foreach: {items: "${{ params.regions }}", parallelism: 2}', '    run: echo "${{ item }}"');
    }
    if (i > 0) {
      const deps = new Set<string>();
      const n = 1 + rand(2);
      for (let k = 0; k < n; k++) deps.add(`task_${Math.max(0, i - 1 - rand(Math.min(i, 20)))}`);
      lines.push(`    needs: [${[...deps].join(', ')}]`);
    }
    lines.push('    retries: {limit: 3, backoff: linear, delay: 10s}', '    timeout: 5m');
    if (kind === 3) {
      lines.push('    outputs:', '      rows: {type: integer}');
    } else {
      lines.push('    outputs:', '      rows: {type: integer}', `      report: {type: file, path: out/report_${i}.json}`);
    }
    lines.push('    cache: {key: ["${{ params.day }}"], ttl: 1d}');
  }
  return lines.join('\n') + '\n';
}
