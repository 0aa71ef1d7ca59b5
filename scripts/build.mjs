// Builds every bundle with esbuild and writes the JSON Schema. Usage: node scripts/build.mjs [--watch]
import { build, context } from 'esbuild';
import { existsSync, mkdirSync, writeFileSync, chmodSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const started = Date.now();

// mainFields: prefer ESM builds (jsonc-parser's UMD build hides its requires from the bundler).
const node = { platform: 'node', target: 'node20', format: 'cjs', bundle: true, mainFields: ['module', 'main'], sourcemap: true, logLevel: 'warning', absWorkingDir: root };
const entries = [
  { ...node, entryPoints: ['extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...node, entryPoints: ['language-server/server.ts'], outfile: 'dist/server.js' },
  { ...node, entryPoints: ['runtime/cli/main.ts'], outfile: 'dist/weft.js', banner: { js: '#!/usr/bin/env node' } },
];
if (existsSync(join(root, 'webview/main.tsx'))) {
  entries.push({ platform: 'browser', target: 'es2022', format: 'iife', bundle: true, sourcemap: true, logLevel: 'warning', absWorkingDir: root, entryPoints: ['webview/main.tsx'], outfile: 'dist/webview.js', jsx: 'automatic' });
}
const present = entries.filter((e) => existsSync(join(root, e.entryPoints[0])));

mkdirSync(join(root, 'dist'), { recursive: true });
const { weftSchema } = await tsImport('../core/schema/schema.ts', import.meta.url);
writeFileSync(join(root, 'dist/weft.schema.json'), JSON.stringify(weftSchema, null, 2) + '\n');

if (watch) {
  for (const e of present) await (await context(e)).watch();
  console.log('watching', present.map((e) => e.outfile).join(', '));
} else {
  await Promise.all(present.map((e) => build(e)));
  if (existsSync(join(root, 'dist/weft.js'))) chmodSync(join(root, 'dist/weft.js'), 0o755);
  console.log(`built ${present.map((e) => e.outfile).join(', ')}, dist/weft.schema.json in ${Date.now() - started} ms`);
}
