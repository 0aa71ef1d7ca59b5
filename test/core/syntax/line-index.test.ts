import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../../core/syntax/line-index';

/** Every offset maps to a position and back to itself. */
function assertInverse(text: string): void {
  const li = new LineIndex(text);
  for (let o = 0; o <= text.length; o++) {
    const p = li.positionAt(o);
    // Inside a CRLF pair there is no position of its own; everything else round-trips.
    if (text[o - 1] === '\r' && text[o] === '\n') continue;
    assert.equal(li.offsetAt(p), o, `${JSON.stringify(text)} @${o} → ${JSON.stringify(p)}`);
  }
}

describe('LineIndex', () => {
  it('splits on LF', () => {
    const li = new LineIndex('ab\ncd\n\ne');
    assert.equal(li.lineCount, 4);
    assert.deepEqual(li.positionAt(0), { line: 0, character: 0 });
    assert.deepEqual(li.positionAt(2), { line: 0, character: 2 });
    assert.deepEqual(li.positionAt(3), { line: 1, character: 0 });
    assert.deepEqual(li.positionAt(6), { line: 2, character: 0 });
    assert.deepEqual(li.positionAt(7), { line: 3, character: 0 });
    assert.deepEqual(li.positionAt(8), { line: 3, character: 1 });
    assert.equal(li.offsetAt({ line: 1, character: 1 }), 4);
    assert.deepEqual([0, 1, 2, 3].map((l) => li.lineStart(l)), [0, 3, 6, 7]);
    assert.deepEqual([0, 1, 2, 3].map((l) => li.lineEnd(l)), [2, 5, 6, 8]);
  });

  it('treats CRLF as one line break', () => {
    const text = 'ab\r\ncd\r\n';
    const li = new LineIndex(text);
    assert.equal(li.lineCount, 3);
    assert.deepEqual(li.positionAt(4), { line: 1, character: 0 });
    assert.deepEqual(li.positionAt(5), { line: 1, character: 1 });
    assert.deepEqual(li.positionAt(8), { line: 2, character: 0 });
    assert.equal(li.offsetAt({ line: 1, character: 0 }), 4);
    assert.equal(li.lineEnd(0), 2);
    assert.equal(li.lineEnd(1), 6);
    assert.equal(li.lineStart(2), 8);
  });

  it('treats a lone CR as a line break', () => {
    const li = new LineIndex('a\rb\rc');
    assert.equal(li.lineCount, 3);
    assert.deepEqual(li.positionAt(2), { line: 1, character: 0 });
    assert.deepEqual(li.positionAt(4), { line: 2, character: 0 });
    assert.equal(li.offsetAt({ line: 2, character: 1 }), 5);
    assert.equal(li.lineEnd(0), 1);
  });

  it('handles mixed breaks and CR followed by CRLF', () => {
    const li = new LineIndex('a\r\rb\n\r\nc');
    // a | (empty) | b | (empty) | c
    assert.equal(li.lineCount, 5);
    assert.deepEqual([0, 1, 2, 3, 4].map((l) => li.lineStart(l)), [0, 2, 3, 5, 7]);
  });

  it('handles empty text', () => {
    const li = new LineIndex('');
    assert.equal(li.lineCount, 1);
    assert.deepEqual(li.positionAt(0), { line: 0, character: 0 });
    assert.deepEqual(li.positionAt(10), { line: 0, character: 0 });
    assert.equal(li.offsetAt({ line: 0, character: 5 }), 0);
    assert.equal(li.offsetAt({ line: 3, character: 0 }), 0);
    assert.equal(li.lineStart(0), 0);
    assert.equal(li.lineEnd(0), 0);
  });

  it('clamps offsets and positions outside the text', () => {
    const li = new LineIndex('ab\ncd');
    assert.deepEqual(li.positionAt(-5), { line: 0, character: 0 });
    assert.deepEqual(li.positionAt(5), { line: 1, character: 2 });
    assert.deepEqual(li.positionAt(500), { line: 1, character: 2 });
    assert.equal(li.offsetAt({ line: -1, character: 3 }), 0);
    assert.equal(li.offsetAt({ line: 9, character: 0 }), 5);
    assert.equal(li.offsetAt({ line: 1, character: 99 }), 5);
    assert.equal(li.offsetAt({ line: 1, character: -3 }), 3);
    // Past the end of a line: no further than the start of the next line.
    assert.ok(li.offsetAt({ line: 0, character: 99 }) <= 3);
    assert.ok(li.offsetAt({ line: 0, character: 99 }) >= 2);
    assert.equal(li.lineStart(-1), 0);
    assert.equal(li.lineStart(42), 3);
  });

  it('counts UTF-16 code units', () => {
    const li = new LineIndex('😀x\né');
    assert.deepEqual(li.positionAt(2), { line: 0, character: 2 });
    assert.deepEqual(li.positionAt(5), { line: 1, character: 1 });
  });

  it('maps positionAt and offsetAt onto each other', () => {
    for (const text of ['', 'x', 'ab\ncd\n', 'a\r\nb\r\n\r\nc', 'a\rb\r\rc\n', '\n\n\n', 'no break at all', 'é😀\r\nz']) assertInverse(text);
  });

  it('stays fast on many lines', () => {
    const text = 'key: value\n'.repeat(100_000);
    const li = new LineIndex(text);
    assert.equal(li.lineCount, 100_001);
    for (let l = 0; l < 100_000; l += 997) {
      const o = li.offsetAt({ line: l, character: 3 });
      assert.equal(o, l * 11 + 3);
      assert.deepEqual(li.positionAt(o), { line: l, character: 3 });
    }
  });
});
