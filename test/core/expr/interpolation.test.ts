import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findInterpolations, hasInterpolation, parseTemplate, wholeValuePart } from '../../../core/expr/index';

/** Compact rendering of parts: text as-is, expressions as {source}. */
function render(text: string): string[] {
  const r = findInterpolations(text);
  return r.parts.map((p) => (p.kind === 'text' ? `T:${p.text}` : `E:${p.source}`));
}

describe('findInterpolations', () => {
  const cases: [string, string[]][] = [
    ['plain text', ['T:plain text']],
    ['', []],
    ['${{ a }}', ['E: a ']],
    ['--day=${{ params.day }}', ['T:--day=', 'E: params.day ']],
    ['${{a}}${{b}}', ['E:a', 'E:b']],
    ['x ${{ a }} y ${{ b }} z', ['T:x ', 'E: a ', 'T: y ', 'E: b ', 'T: z']],
    ["${{ format('}}', 1) }}", ["E: format('}}', 1) "]],
    ['${{ "a}}b" == x }}!', ['E: "a}}b" == x ', 'T:!']],
    ["${{ 'it\\'s }}' }}", ["E: 'it\\'s }}' "]],
    ['$ {{ not }} ${ {x}}', ['T:$ {{ not }} ${ {x}}']],
    ['${{}}', ['E:']],
    ['a }} b', ['T:a }} b']],
  ];
  for (const [text, want] of cases) {
    it(`splits ${JSON.stringify(text)}`, () => {
      assert.deepEqual(render(text), want);
      assert.deepEqual(findInterpolations(text).errors, []);
    });
  }

  it('reports exact offsets of delimiters and inner text', () => {
    const text = 'x=${{ params.day }}!';
    const { parts } = findInterpolations(text);
    const e = parts[1];
    assert.ok(e && e.kind === 'expr');
    assert.equal(text.slice(e.start, e.end), '${{ params.day }}');
    assert.equal(text.slice(e.innerStart, e.innerEnd), ' params.day ');
    assert.equal(e.source, ' params.day ');
    assert.deepEqual(parts[2], { kind: 'text', start: 19, end: 20, text: '!' });
  });

  it('applies baseOffset to all offsets', () => {
    const { parts } = findInterpolations('ab${{ c }}', 100);
    assert.deepEqual(parts[0], { kind: 'text', start: 100, end: 102, text: 'ab' });
    assert.deepEqual(parts[1], { kind: 'expr', start: 102, end: 110, innerStart: 105, innerEnd: 108, source: ' c ' });
  });

  it('reports an unclosed ${{ on the opener', () => {
    const text = 'a ${{ params.day';
    const r = findInterpolations(text);
    assert.equal(r.errors.length, 1);
    const err = r.errors[0]!;
    assert.equal(err.code, 'expression-syntax');
    assert.match(err.message, /close .* with '}}'/);
    assert.equal(text.slice(err.start, err.end), '${{');
    assert.deepEqual(render(text), ['T:a ', 'T:${{ params.day']);
  });

  it('reports the second of two interpolations as unclosed', () => {
    const r = findInterpolations('${{ a }} ${{ b');
    assert.equal(r.errors.length, 1);
    assert.equal(r.errors[0]!.start, 9);
  });

  it('falls back to the first }} when a string literal is unterminated, so the parser reports it', () => {
    const text = "${{ 'abc }} tail";
    assert.deepEqual(render(text), ["E: 'abc ", 'T: tail']);
    const t = parseTemplate(text);
    assert.equal(t.errors.length, 1);
    assert.match(t.errors[0]!.message, /Unterminated string/);
    assert.equal(text.slice(t.errors[0]!.start, t.errors[0]!.end), "'abc ");
  });
});

describe('whole-value detection', () => {
  const cases: [string, boolean][] = [
    ['${{ a }}', true],
    ['  ${{ a }}\n', true],
    ['x${{ a }}', false],
    ['${{ a }}${{ b }}', false],
    ['${{ a }} ${{ b }}', false],
    ['no expr', false],
    ['', false],
  ];
  for (const [text, whole] of cases) {
    it(`${JSON.stringify(text)} → ${whole}`, () => {
      assert.equal(wholeValuePart(findInterpolations(text).parts) !== null, whole);
      assert.equal(parseTemplate(text).whole !== null, whole);
    });
  }
});

describe('hasInterpolation / parseTemplate', () => {
  it('hasInterpolation is a cheap opener test', () => {
    assert.equal(hasInterpolation('a ${{ b }}'), true);
    assert.equal(hasInterpolation('a ${ b }'), false);
  });
  it('parses each part with absolute offsets', () => {
    const text = 'n=${{ params.n + 1 }}';
    const t = parseTemplate(text, 50);
    const p = t.parts[1];
    assert.ok(p && p.kind === 'expr' && p.ast);
    assert.equal(p.ast.kind, 'binary');
    assert.equal(p.ast.start, 50 + text.indexOf('params'));
    assert.equal(p.ast.end, 50 + text.indexOf(' }}'));
  });
  it('collects syntax errors of parts in order', () => {
    const t = parseTemplate('${{ 1 + }} and ${{ ) }}');
    assert.deepEqual(
      t.errors.map((e) => e.start),
      [8, 19],
    );
  });
});
