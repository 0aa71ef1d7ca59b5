/**
 * Per-key debouncing with cancellation of stale runs.
 *
 * `schedule(key, run)` (re)starts the key's timer; only the last scheduled run for a key fires.
 * A run receives a token whose `isCancelled` turns true as soon as a newer run is scheduled for the
 * same key or the key is cancelled, so a run that awaits something can drop its result instead of
 * publishing it late.
 */
export interface RunToken {
  readonly isCancelled: boolean;
}

type Run = (token: RunToken) => void | Promise<void>;

interface Pending {
  timer: ReturnType<typeof setTimeout> | undefined;
  token: { isCancelled: boolean };
}

export class Debouncer {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly delayMs: number,
    private readonly onError: (key: string, error: unknown) => void = () => {},
  ) {}

  /** Runs `run` for `key` after `delayMs` (or `delayMs` override), cancelling any earlier run for the key. */
  schedule(key: string, run: Run, delayMs = this.delayMs): void {
    this.cancel(key);
    const entry: Pending = { timer: undefined, token: { isCancelled: false } };
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      Promise.resolve()
        .then(() => run(entry.token))
        .catch((e: unknown) => this.onError(key, e))
        .finally(() => {
          if (this.pending.get(key) === entry) this.pending.delete(key);
        });
    }, delayMs);
    this.pending.set(key, entry);
  }

  /** Cancels the key's pending timer and marks its running run (if any) stale. */
  cancel(key: string): void {
    const entry = this.pending.get(key);
    if (!entry) return;
    if (entry.timer !== undefined) clearTimeout(entry.timer);
    entry.token.isCancelled = true;
    this.pending.delete(key);
  }

  dispose(): void {
    for (const key of [...this.pending.keys()]) this.cancel(key);
  }
}
