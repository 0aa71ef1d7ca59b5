// Every complete pipeline example in docs/format.md (a ```yaml block starting with `apiVersion`)
// validates without errors, so the format reference cannot drift from the schema and the rules.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateText } from '../../core/validate/validate';

const FORMAT_MD = join(__dirname, '..', '..', 'docs', 'format.md');

function examples(): { line: number; text: string }[] {
  const md = readFileSync(FORMAT_MD, 'utf8');
  const out: { line: number; text: string }[] = [];
  const re = /^```yaml\n([\s\S]*?)^```$/gm;
  for (let m = re.exec(md); m; m = re.exec(md)) {
    if (!m[1]!.startsWith('apiVersion:')) continue;
    out.push({ line: md.slice(0, m.index).split('\n').length + 1, text: m[1]! });
  }
  return out;
}

describe('docs/format.md examples', () => {
  const all = examples();
  it('finds the examples', () => assert.ok(all.length >= 30, String(all.length)));
  for (const ex of all) {
    it(`example at docs/format.md:${ex.line} validates`, () => {
      const r = validateText('example.weft.yaml', ex.text, { fileExists: () => true });
      const errors = r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} @${d.start} ${d.message}`);
      assert.deepEqual(errors, []);
    });
  }
});
