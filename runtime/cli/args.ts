/** A small, strict argument parser: unknown flags are usage errors, never silently ignored. */
export class UsageError extends Error {}

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string | true>;
}

/** `spec` maps each flag (and its short alias) to whether it takes a value. */
export function parseArgs(argv: string[], spec: Record<string, { value: boolean; alias?: string }>): ParsedArgs {
  const byAlias = new Map<string, string>();
  for (const [name, s] of Object.entries(spec)) if (s.alias) byAlias.set(s.alias, name);
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      positionals.push(a);
      continue;
    }
    let [name, inline] = a.startsWith('--') ? [a.slice(2), undefined as string | undefined] : [byAlias.get(a.slice(1)) ?? `-${a.slice(1)}`, undefined];
    const eq = name.indexOf('=');
    if (eq >= 0) {
      inline = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    const s = spec[name];
    if (!s) throw new UsageError(`unknown option '${a}'`);
    if (s.value) {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`option '--${name}' needs a value`);
      flags.set(name, v);
    } else flags.set(name, true);
  }
  return { positionals, flags };
}

export function choice<T extends string>(flags: ParsedArgs['flags'], name: string, allowed: readonly T[], fallback: T): T {
  const v = flags.get(name);
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')}${typeof v === 'string' ? ` (got '${v}')` : ''}`);
  }
  return v as T;
}
