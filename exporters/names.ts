/**
 * Names per target. Weft ids (`load-data`, `load_data`) are not valid everywhere: Argo and
 * Kubeflow want DNS-1123 labels (lower-case letters, digits, `-`, at most 63), the Python targets
 * want identifiers. A `NameMap` turns each original into a unique valid name, in the order asked
 * (callers ask in document order, so results are deterministic), and keeps the mapping.
 */

export type NameStyle = 'dns1123' | 'python';

const PY_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case type'.split(' '),
);

/** Lower-case ASCII letters/digits/`-`, no leading/trailing `-`, ≤ `max` characters (never empty). */
export function dns1123(s: string, max = 63): string {
  let out = s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (out.length > max) out = out.slice(0, max).replace(/-+$/, '');
  return out || 'x';
}

/** A Python identifier: ASCII letters/digits/`_`, not starting with a digit, not a keyword. */
export function pythonIdentifier(s: string): string {
  let out = s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_]+/g, '_');
  if (out === '' || /^[0-9]/.test(out)) out = `_${out}`;
  if (PY_KEYWORDS.has(out)) out = `${out}_`;
  return out;
}

export class NameMap {
  private readonly byOriginal = new Map<string, string>();
  private readonly used = new Set<string>();

  constructor(
    readonly style: NameStyle,
    reserved: Iterable<string> = [],
    private readonly max = 63,
  ) {
    for (const r of reserved) this.used.add(r);
  }

  /** The valid, unique name for `original` (the same one every time it is asked again). */
  get(original: string): string {
    const known = this.byOriginal.get(original);
    if (known !== undefined) return known;
    const base = this.style === 'dns1123' ? dns1123(original, this.max) : pythonIdentifier(original);
    let name = base;
    for (let i = 2; this.used.has(name); i++) {
      const suffix = this.style === 'dns1123' ? `-${i}` : `_${i}`;
      name = (this.style === 'dns1123' ? base.slice(0, this.max - suffix.length).replace(/-+$/, '') : base) + suffix;
    }
    this.used.add(name);
    this.byOriginal.set(original, name);
    return name;
  }

  /** Whether `name` is already taken (by a mapping or a reserved name). */
  has(name: string): boolean {
    return this.used.has(name);
  }

  /** original → sanitised, in the order the names were first asked for. */
  mapping(): [string, string][] {
    return [...this.byOriginal];
  }

  /** Only the entries whose name changed. */
  changed(): [string, string][] {
    return this.mapping().filter(([a, b]) => a !== b);
  }
}
