/**
 * Rebuilds dist/ (node scripts/build.mjs) when a bundle the tests run is missing or older than the
 * sources it is built from. `npm test` builds first anyway; this keeps `node scripts/run-tests.mjs …`
 * honest when run on its own after an edit.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const SOURCES = ['core', 'language-server', 'extension', 'webview', 'package.json'];

function newestMtime(path: string): number {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

export function ensureBuilt(outputs: string[] = ['dist/server.js', 'dist/extension.js']): void {
  const oldest = Math.min(...outputs.map((o) => (existsSync(join(ROOT, o)) ? statSync(join(ROOT, o)).mtimeMs : 0)));
  const newestSource = Math.max(...SOURCES.map((s) => newestMtime(join(ROOT, s))));
  if (oldest >= newestSource) return;
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}
