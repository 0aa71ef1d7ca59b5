// Shared by the CLI tests: run `weft` in-process and build throwaway pipeline folders.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../runtime/cli/main';

export const ROOT = join(__dirname, '..', '..', '..');

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

export function weft(argv: string[], cwd = ROOT): CliResult {
  let out = '';
  let err = '';
  const code = main(argv, { out: (s) => void (out += s), err: (s) => void (err += s), cwd });
  return { code, out, err };
}

export function tempDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `weft-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A stack trace looks like lines starting with `at `. */
export function assertNoStack(s: string): void {
  assert.doesNotMatch(s, /^\s+at\s/m, `unexpected stack trace:\n${s}`);
  assert.doesNotMatch(s, /internal error/);
}

export const CLEAN = `apiVersion: weft/v1
kind: Pipeline
metadata: {name: clean}
tasks:
  hello:
    type: shell
    run: echo hello
`;

/** One warning (line 5) and two errors (lines 10 and 11). */
export const BROKEN = `apiVersion: weft/v1
kind: Pipeline
metadata: {name: p}
params:
  unused: {type: string, default: x}
tasks:
  a:
    type: shell
    run: echo
    needs: [b]
    tiemout: 5m
`;

/** 1-based line:col of the first occurrence of `needle` (after `from`) in `text`. */
export function lineCol(text: string, needle: string, from = 0): { line: number; col: number } {
  const at = text.indexOf(needle, from);
  assert.ok(at >= 0, `${needle} not in text`);
  const before = text.slice(0, at).split('\n');
  return { line: before.length, col: before[before.length - 1]!.length + 1 };
}
