/** Reads a file named on the command line; on failure says why (never a stack trace) and returns undefined. */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Io } from './main';

export function readInput(file: string, io: Io): { path: string; text: string } | undefined {
  const path = resolve(io.cwd, file);
  try {
    if (statSync(path).isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    return { path, text: readFileSync(path, 'utf8') };
  } catch (e) {
    io.err(`weft: ${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})\n`);
    return undefined;
  }
}
