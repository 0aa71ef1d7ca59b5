/**
 * docs/rules.md is executable: every example in it is validated here, so the catalogue cannot go
 * stale. A bad example is a fenced ```yaml / ```json block preceded by
 *   <!-- bad: CODE line=N col=M [severity=warning] [also=code,code] -->
 * and must report CODE (with that severity, default error) starting exactly at line N, column M
 * (1-based, within the block), and nothing else except the codes listed in `also`. A fixed
 * example is preceded by `<!-- fixed -->` and must report nothing at all. Every rule code Weft
 * produces has a `## \`code\`` section with at least one bad and one fixed example.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateText } from '../../../core/validate/validate';
import { RULE_CODES, readCatalogue, type Example } from './catalogue';

/** The test host of the catalogue: only files whose names start with `exists` exist. */
const host = { fileExists: (p: string): boolean => /(^|\/)exists/.test(p) };

function run(ex: Example) {
  const name = `example.weft.${ex.lang}`;
  const r = validateText(name, ex.text, host);
  const shown = r.diagnostics
    .map((d) => {
      const p = r.document.lines.positionAt(d.start);
      return `  ${p.line + 1}:${p.character + 1} ${d.severity} ${d.code} ${d.message}`;
    })
    .join('\n');
  return { r, shown: shown || '  (none)' };
}

const { md, catalogue } = readCatalogue();

describe('docs/rules.md', () => {
  it('is well-formed: every marker is followed by a yaml/json block and every example is marked', () => {
    assert.deepEqual(catalogue.stray, []);
  });

  it('has a section for every rule code, and no section for a code Weft does not produce', () => {
    const documented = [...catalogue.sections.keys()];
    const missing = RULE_CODES.filter((c) => !catalogue.sections.has(c));
    assert.deepEqual(missing, [], `codes without a "## \`code\`" section in docs/rules.md: ${missing.join(', ')}`);
    const extra = documented.filter((c) => !(RULE_CODES as readonly string[]).includes(c));
    assert.deepEqual(extra, [], `sections for unknown codes: ${extra.join(', ')}`);
  });

  it('gives every section a severity, a range, a fix, a bad example and a fixed example', () => {
    for (const [code, s] of catalogue.sections) {
      assert.match(s.body, /\*\*Severity:\*\* (error|warning)/, `section '${code}' (rules.md:${s.docLine}) states no severity`);
      assert.match(s.body, /\*\*Range:\*\*/, `section '${code}' (rules.md:${s.docLine}) says nothing about the range`);
      assert.match(s.body, /\*\*Fix:\*\*/, `section '${code}' (rules.md:${s.docLine}) says nothing about the fix`);
      const mine = catalogue.examples.filter((e) => e.section === code);
      assert.ok(mine.some((e) => e.kind === 'bad'), `section '${code}' (rules.md:${s.docLine}) has no bad example`);
      assert.ok(mine.some((e) => e.kind === 'fixed'), `section '${code}' (rules.md:${s.docLine}) has no fixed example`);
      for (const e of mine) if (e.kind === 'bad') assert.equal(e.code, code, `rules.md:${e.docLine}: a bad example for '${e.code}' in section '${code}'`);
    }
  });

  it('lists every section in the table of contents', () => {
    for (const code of catalogue.sections.keys()) assert.ok(md.includes(`(#${code})`), `no link to #${code}`);
  });

  for (const ex of catalogue.examples) {
    const title = ex.kind === 'bad' ? `bad ${ex.code} example (rules.md:${ex.docLine}) reports ${ex.code} at ${ex.line}:${ex.col}` : `fixed ${ex.section} example (rules.md:${ex.docLine}) is clean`;
    it(title, () => {
      // Examples are complete pipelines that stand on their own.
      if (ex.lang === 'yaml') assert.match(ex.text, /^apiVersion: weft\/v1\nkind: Pipeline\nmetadata:/, `rules.md:${ex.docLine}: example is not a complete pipeline`);
      else assert.match(ex.text, /"apiVersion": "weft\/v1"/);
      const { r, shown } = run(ex);
      if (ex.kind === 'fixed') {
        assert.equal(r.diagnostics.length, 0, `rules.md:${ex.docLine}: the fixed example should be clean, but reports:\n${shown}`);
        return;
      }
      const hit = r.diagnostics.find((d) => {
        const p = r.document.lines.positionAt(d.start);
        return d.code === ex.code && p.line + 1 === ex.line && p.character + 1 === ex.col;
      });
      assert.ok(hit, `rules.md:${ex.docLine}: expected ${ex.code} at ${ex.line}:${ex.col}; got:\n${shown}`);
      assert.equal(hit.severity, ex.severity, `rules.md:${ex.docLine}: severity of ${ex.code}`);
      assert.ok(hit.end >= hit.start && hit.end <= ex.text.length, 'range inside the example');
      assert.ok(hit.message.length > 0);
      const others = r.diagnostics.filter((d) => d.code !== ex.code && !ex.also.includes(d.code));
      assert.deepEqual(others.map((d) => d.code), [], `rules.md:${ex.docLine}: the bad example reports more than ${ex.code}:\n${shown}`);
      for (const a of ex.also) assert.ok(r.diagnostics.some((d) => d.code === a), `rules.md:${ex.docLine}: also=${a} but no ${a} is reported`);
    });
  }
});
