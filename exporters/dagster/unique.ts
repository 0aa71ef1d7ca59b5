import { pythonIdentifier } from '../names';

/**
 * Unique Python identifiers for generated definitions. Unlike NameMap (one name per original),
 * two different keys whose identifiers coincide (`LoadData` from `load-data` and `load_data`) get
 * different names, `_2`, `_3` in the order asked; `fresh` allocates a name with no key.
 */
export class UniqueNames {
  private readonly byKey = new Map<string, string>();
  private readonly used: Set<string>;

  constructor(reserved: Iterable<string> = []) {
    this.used = new Set(reserved);
  }

  /** The name for `key` (the same every time), made from `base`. */
  get(key: string, base: string | (() => string)): string {
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    const name = this.fresh(typeof base === 'string' ? base : base());
    this.byKey.set(key, name);
    return name;
  }

  /** A new name made from `base`, never handed out before. */
  fresh(base: string): string {
    const b = pythonIdentifier(base);
    let name = b;
    for (let i = 2; this.used.has(name); i++) name = `${b}_${i}`;
    this.used.add(name);
    return name;
  }
}

