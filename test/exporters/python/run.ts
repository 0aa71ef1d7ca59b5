/**
 * Running a generated module under a target's stand-in, for the exporter tests: the module is
 * written into a fresh folder and python3 runs a program that loads it, in that folder; the last
 * line it prints is read as JSON (when it is).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FolderRun {
  dir: string;
  r: SpawnSyncReturns<string>;
  /** The last stdout line as JSON, or undefined. */
  out: any;
  /** A file the run left in the folder. */
  read(file: string): string;
  done(): void;
}

/**
 * Writes `code` as `file` in a fresh folder and runs `python3 -c program(path)` there, with the
 * environment `env(folder)` adds.
 */
export function runInFolder(file: string, code: string, program: (path: string) => string, env: (dir: string) => NodeJS.ProcessEnv = () => ({})): FolderRun {
  const dir = mkdtempSync(join(tmpdir(), 'weft-run-'));
  const path = join(dir, file);
  writeFileSync(path, code);
  const r = spawnSync('python3', ['-c', program(path)], { cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env(dir) } });
  let out: unknown;
  try {
    out = JSON.parse(r.stdout.trim().split('\n').pop()!);
  } catch {
    out = undefined;
  }
  return { dir, r, out, read: (f) => readFileSync(join(dir, f), 'utf8'), done: () => rmSync(dir, { recursive: true, force: true }) };
}
