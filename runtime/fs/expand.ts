/** Expands CLI path arguments: files as given, folders searched for Weft files, globs matched. */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { GlobError, globToRegExp, hasGlobMagic } from '../../core/util/glob';

export const WEFT_FILE = /\.weft\.(ya?ml|json)$/i;
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', '.weft']);

/** Lists files under dir; `seen` holds real paths of folders already walked, so symlink loops end. */
function walk(dir: string, out: string[], seen = new Set<string>()): void {
  let real: string;
  try {
    real = realpathSync(dir);
  } catch {
    return;
  }
  if (seen.has(real)) return;
  seen.add(real);
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return;
  }
  for (const name of names) {
    if (SKIP_DIRS.has(name)) continue;
    const p = join(dir, name);
    let st;
    try {
      st = statSync(p);
    } catch {
      continue;
    }
    if (st.isDirectory()) walk(p, out, seen);
    else out.push(p);
  }
}

export interface Expansion {
  files: string[];
  /** Arguments that matched nothing, with why. */
  problems: string[];
}

export function expandPaths(args: string[], cwd = process.cwd()): Expansion {
  const files: string[] = [];
  const problems: string[] = [];
  for (const arg of args) {
    if (hasGlobMagic(arg)) {
      // Walk from the longest literal prefix of the pattern.
      const segs = arg.split('/');
      const firstMagic = segs.findIndex(hasGlobMagic);
      const baseRel = segs.slice(0, firstMagic).join('/') || '.';
      const base = resolve(cwd, baseRel);
      let re: RegExp;
      try {
        re = globToRegExp(segs.slice(firstMagic).join('/'));
      } catch (e) {
        if (!(e instanceof GlobError)) throw e;
        problems.push(e.message);
        continue;
      }
      const all: string[] = [];
      walk(base, all);
      const hits = all.filter((f) => re.test(relative(base, f).split(sep).join('/')));
      if (hits.length === 0) problems.push(`${arg}: no files match this pattern`);
      files.push(...hits.map((f) => relative(cwd, f) || f));
      continue;
    }
    let st;
    try {
      st = statSync(resolve(cwd, arg));
    } catch {
      problems.push(`${arg}: no such file or directory`);
      continue;
    }
    if (st.isDirectory()) {
      const all: string[] = [];
      walk(resolve(cwd, arg), all);
      const hits = all.filter((f) => WEFT_FILE.test(f));
      if (hits.length === 0) problems.push(`${arg}: no *.weft.yaml, *.weft.yml or *.weft.json files in this folder`);
      files.push(...hits.map((f) => relative(cwd, f) || f));
    } else files.push(arg);
  }
  return { files: [...new Set(files)], problems };
}
