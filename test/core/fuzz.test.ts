/**
 * Bounded, seeded fuzzing of the validator: the samples mutated 2,400 ways (lines deleted,
 * duplicated and swapped, bytes flipped, truncation, deep nesting, huge scalars). For every
 * mutant: validateText never throws, finishes, and every diagnostic range lies inside the
 * document. Where the fast YAML reader accepts a mutant, its tree must equal js-yaml's.
 * Set WEFT_FUZZ_SEED to replay another seed; a failure prints the seed and case number, and with
 * WEFT_FUZZ_DUMP=FILE the last mutant tried (the failing one) is written there.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateText } from '../../core/validate/validate';
import { parseYamlFast } from '../../core/syntax/yaml-fast';
import { parseYamlFull } from '../../core/syntax/yaml';

const ROOT = join(__dirname, '..', '..');
const CASES = 2400;
const SEED = Number(process.env.WEFT_FUZZ_SEED ?? 20261123);

function samples(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.weft\.(ya?ml|json)$/.test(n)) out.push({ name: n, text: readFileSync(p, 'utf8') });
    }
  };
  walk(join(ROOT, 'samples'));
  return out;
}

function rng(seed: number): (n: number) => number {
  let s = seed >>> 0 || 1;
  return (n) => {
    // xorshift32
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s % n;
  };
}

const NOISE = ['', ' ', '\t', ':', '- ', '#', '"', "'", '[', ']', '{', '}', ',', '${{', '}}', '&a ', '*a', '!!str ', '|', '>', '?', '\n', '\r\n', '\u00e9', '\ud83d\ude00', '\0', '\\', '%', '@', '`', '---\n', '...'];

type Mutation = (text: string, r: (n: number) => number) => string;

const MUTATIONS: Record<string, Mutation> = {
  deleteLine(t, r) {
    const lines = t.split('\n');
    lines.splice(r(lines.length), 1 + r(3));
    return lines.join('\n');
  },
  duplicateLine(t, r) {
    const lines = t.split('\n');
    const i = r(lines.length);
    lines.splice(i, 0, lines[i]!);
    return lines.join('\n');
  },
  swapLines(t, r) {
    const lines = t.split('\n');
    const i = r(lines.length);
    const j = r(lines.length);
    [lines[i], lines[j]] = [lines[j]!, lines[i]!];
    return lines.join('\n');
  },
  flipByte(t, r) {
    const i = r(t.length + 1);
    return t.slice(0, i) + NOISE[r(NOISE.length)] + t.slice(i + r(3));
  },
  flipChar(t, r) {
    const i = r(t.length);
    return t.slice(0, i) + String.fromCharCode(r(0x80)) + t.slice(i + 1);
  },
  truncate(t, r) {
    return t.slice(0, r(t.length + 1));
  },
  reindent(t, r) {
    const lines = t.split('\n');
    const i = r(lines.length);
    lines[i] = ' '.repeat(r(9)) + lines[i]!.trimStart();
    return lines.join('\n');
  },
  deepFlow(t, r) {
    const n = 50 + r(2000);
    const i = r(t.length + 1);
    return t.slice(0, i) + '['.repeat(n) + ']'.repeat(r(2) ? n : r(n)) + t.slice(i);
  },
  deepBlock(t, r) {
    const n = 50 + r(400);
    let s = '\nnest:\n';
    for (let k = 1; k < n; k++) s += ' '.repeat(k) + 'k:\n';
    return t + s;
  },
  hugeScalar(t, r) {
    const lines = t.split('\n');
    const i = r(lines.length);
    const big = 'x'.repeat(10_000 + r(200_000));
    lines.splice(i, 0, r(2) ? `huge: ${big}` : `  description: "${big}"`);
    return lines.join('\n');
  },
  manyKeys(t, r) {
    const n = 100 + r(3000);
    let s = '\nextra:\n';
    for (let k = 0; k < n; k++) s += `  k${r(50)}: ${r(1000)}\n`;
    return t + s;
  },
};

test(`validator survives ${CASES} seeded mutations of the samples (seed ${SEED})`, () => {
  const base = samples();
  assert.ok(base.length >= 5, 'samples present');
  const r = rng(SEED);
  const names = Object.keys(MUTATIONS);
  let fastAccepted = 0;
  for (let c = 0; c < CASES; c++) {
    const s = base[r(base.length)]!;
    let text = s.text;
    const rounds = 1 + r(3);
    const applied: string[] = [];
    for (let k = 0; k < rounds; k++) {
      const m = names[r(names.length)]!;
      applied.push(m);
      text = MUTATIONS[m]!(text, r);
    }
    if (process.env.WEFT_FUZZ_DUMP) writeFileSync(process.env.WEFT_FUZZ_DUMP, text);
    const where = `case ${c} (seed ${SEED}, ${s.name}, ${applied.join('+')})`;
    let result;
    try {
      result = validateText(s.name, text, { fileExists: () => true });
    } catch (e) {
      assert.fail(`${where}: validateText threw ${(e as Error).stack}`);
    }
    for (const d of result.diagnostics) {
      assert.ok(d.start >= 0 && d.start <= d.end && d.end <= text.length, `${where}: range ${d.start}-${d.end} outside 0-${text.length} for ${d.code}`);
      assert.ok(typeof d.message === 'string' && d.message.length > 0, `${where}: empty message`);
      for (const rel of d.related ?? []) assert.ok(rel.start >= 0 && rel.start <= rel.end && rel.end <= text.length, `${where}: related range outside`);
    }
    if (!s.name.endsWith('.json')) {
      const fast = parseYamlFast(text);
      if (fast) {
        fastAccepted++;
        const full = parseYamlFull(text);
        assert.equal(full.errors.length, 0, `${where}: fast reader accepted text js-yaml rejects: ${full.errors[0]?.message}`);
        assert.deepEqual(fast.root, full.root, `${where}: fast and full trees differ`);
        assert.deepEqual(fast.root?.value, full.value, `${where}: fast and full values differ`);
      }
    }
  }
  // The differential half means something only if the fast reader took part.
  assert.ok(fastAccepted > CASES / 10, `fast reader accepted only ${fastAccepted} mutants`);
});
