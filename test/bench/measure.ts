/**
 * Median of repeated runs after warm-up, in milliseconds. Twenty warm-up runs: V8 keeps tiering
 * code up (Sparkplug, Maglev, TurboFan) for the first ten or so runs of a 10,000-line validation,
 * and a language server that has been open for a minute is past that. Both sides of a figure get
 * the same warm-up.
 */
export function measure(runs: number, fn: () => void, warmup = 20): { median: number; min: number; runs: number } {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, min: times[0]!, runs };
}

export async function measureAsync(runs: number, fn: () => Promise<void>, warmup = 20): Promise<{ median: number; min: number; runs: number }> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, min: times[0]!, runs };
}
