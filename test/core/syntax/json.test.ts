import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseJson } from '../../../core/syntax/json';
import { childOf, nodeAt, type SyntaxNode } from '../../../core/syntax/ast';

const slice = (text: string, n: { start: number; end: number } | null | undefined): string => {
  assert.ok(n, 'node exists');
  return text.slice(n.start, n.end);
};

/** Every node's value matches its children and its range parses to that value. */
function assertConsistent(text: string, n: SyntaxNode): void {
  assert.deepEqual(JSON.parse(text.slice(n.start, n.end)), n.value);
  if (n.kind === 'map') {
    for (const p of n.pairs) {
      assert.equal(JSON.parse(text.slice(p.key.start, p.key.end)), p.key.value);
      if (p.value) assertConsistent(text, p.value);
    }
  } else if (n.kind === 'seq') n.items.forEach((i) => assertConsistent(text, i));
}

describe('parseJson: trees', () => {
  const text = `{
  "apiVersion": "weft/v1",
  "metadata": {"name": "p", "labels": {}},
  "tasks": {
    "a": {"retries": 3, "ratio": -1.5e2, "on": true, "off": false, "nothing": null, "args": ["x", 1, [], {"k": "v"}]}
  },
  "esc": "tab\\tquote\\"uni\\u00e9",
  "": "empty key"
}`;

  it('gives the same value as JSON.parse', () => {
    const r = parseJson(text);
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.value, JSON.parse(text));
    assert.deepEqual(r.root?.value, JSON.parse(text));
    assert.deepEqual(r.blanked, []);
  });

  it('ranges keys (with their quotes) and values', () => {
    const r = parseJson(text);
    assert.equal(r.root?.kind, 'map');
    assert.deepEqual([r.root.start, r.root.end], [0, text.length]);
    if (r.root.kind !== 'map') return;
    assert.deepEqual(r.root.pairs.map((p) => slice(text, p.key)), ['"apiVersion"', '"metadata"', '"tasks"', '"esc"', '""']);
    assert.deepEqual(r.root.pairs.map((p) => p.key.value), ['apiVersion', 'metadata', 'tasks', 'esc', '']);
    assert.equal(slice(text, childOf(r.root, 'apiVersion')), '"weft/v1"');
    assert.equal(slice(text, childOf(r.root, 'metadata')), '{"name": "p", "labels": {}}');
    assert.equal(slice(text, nodeAt(r.root, ['tasks', 'a', 'retries'])), '3');
    assert.equal(slice(text, nodeAt(r.root, ['tasks', 'a', 'ratio'])), '-1.5e2');
    assert.equal(nodeAt(r.root, ['tasks', 'a', 'ratio'])?.value, -150);
    assert.equal(slice(text, nodeAt(r.root, ['tasks', 'a', 'nothing'])), 'null');
    assert.equal(slice(text, nodeAt(r.root, ['tasks', 'a', 'args'])), '["x", 1, [], {"k": "v"}]');
    assert.equal(slice(text, nodeAt(r.root, ['tasks', 'a', 'args', 3, 'k'])), '"v"');
    assert.equal(nodeAt(r.root, ['tasks', 'a', 'args', 2])?.kind, 'seq');
    assert.equal(slice(text, childOf(r.root, 'esc')), '"tab\\tquote\\"uni\\u00e9"');
    assert.equal(childOf(r.root, 'esc')?.value, 'tab\tquote"uni\u00e9');
    assertConsistent(text, r.root);
  });

  it('reads scalars and arrays at the top level', () => {
    for (const t of ['1', '"s"', 'true', 'null', '[1, {"a": [null]}]', '  {"a":1}  ']) {
      const r = parseJson(t);
      assert.deepEqual(r.errors, [], t);
      assert.deepEqual(r.value, JSON.parse(t), t);
    }
    assert.equal(parseJson('  {"a":1}  ').root?.start, 2);
  });

  it('keeps the last of duplicate keys in the value and both in the pairs', () => {
    const r = parseJson('{"a": 1, "a": 2}');
    assert.deepEqual(r.value, { a: 2 });
    assert.equal(r.root?.kind === 'map' && r.root.pairs.length, 2);
    assert.equal(childOf(r.root, 'a')?.value, 2);
  });

  it('keeps a __proto__ key as a plain property, as JSON.parse does', () => {
    const t = '{"__proto__": {"x": 1}}';
    const v = parseJson(t).value as Record<string, unknown>;
    assert.deepEqual(v, JSON.parse(t));
    assert.equal(Object.getPrototypeOf(v), Object.prototype);
    assert.equal((v as { x?: number }).x, undefined);
  });
});

describe('parseJson: errors', () => {
  const errorsOf = (t: string) => parseJson(t).errors.map((e) => ({ at: e.start, end: e.end, message: e.message, code: e.code, severity: e.severity }));

  it('refuses nesting deeper than 200 levels with one error where it starts, whatever the depth', () => {
    for (const depth of [201, 5000, 200000]) {
      const t = `{"a": "[[[", "b": ${'['.repeat(depth)}${']'.repeat(depth)}}`;
      const es = errorsOf(t);
      assert.equal(es.length, 1, String(depth));
      assert.equal(es[0]!.at, t.indexOf('b') + 4 + 199, 'the 200th bracket is the 201st level, with the outer object (brackets inside strings do not count)');
      assert.match(es[0]!.message, /nested deeper than 200 levels/);
    }
    assert.deepEqual(errorsOf(`{"b": ${'['.repeat(199)}${']'.repeat(199)}}`), []);
  });

  it('reports a trailing comma at the closing brace, with a hint', () => {
    const t = '{"a": 1,}';
    const es = errorsOf(t);
    assert.ok(es.length >= 1);
    assert.equal(es[0]!.code, 'syntax');
    assert.equal(es[0]!.severity, 'error');
    assert.equal(es[0]!.at, t.indexOf('}'));
    assert.match(es[0]!.message, /^JSON syntax error: property name expected\./);
    assert.match(es[0]!.message, /trailing comma/);
  });

  it('reports a missing colon where the value starts', () => {
    const t = '{"a" 1}';
    const es = errorsOf(t);
    assert.equal(es.length, 1);
    assert.equal(es[0]!.at, t.indexOf('1'));
    assert.match(es[0]!.message, /colon expected\. Put a `:` between/);
  });

  it('reports a missing comma between entries', () => {
    const t = '{"a": 1\n "b": 2}';
    const es = errorsOf(t);
    assert.equal(es[0]!.at, t.indexOf('"b"'));
    assert.match(es[0]!.message, /comma expected\. Separate entries with a comma\./);
  });

  it('reports an unclosed collection at the end of the text', () => {
    const t = '{"a": [1, 2';
    const es = errorsOf(t);
    assert.deepEqual(es.map((e) => e.at), [t.length, t.length]);
    assert.match(es[0]!.message, /close bracket expected.*`\]`/);
    assert.match(es[1]!.message, /close brace expected.*`\}`/);
    for (const e of es) assert.ok(e.end >= e.at && e.end <= t.length);
  });

  it('rejects comments, pointing at them', () => {
    for (const t of ['{ // note\n "a": 1}', '/* c */ {"a": 1}']) {
      const es = errorsOf(t);
      assert.equal(es.length, 1, t);
      const c = t.indexOf('/');
      assert.equal(es[0]!.at, c);
      assert.ok(es[0]!.end > c);
      assert.match(es[0]!.message, /comment/);
      assert.match(es[0]!.message, /\.weft\.yaml|remove it/);
    }
  });

  it('rejects single quotes and bare words', () => {
    const t = "{'a': 1}";
    const es = errorsOf(t);
    assert.ok(es.length > 0);
    assert.equal(es[0]!.at, 1);
    const bare = '{"a": tru}';
    const eb = errorsOf(bare);
    assert.equal(eb[0]!.at, bare.indexOf('tru'));
    assert.match(eb[0]!.message, /invalid symbol/);
  });

  it('reports text after the top-level value and bad escapes', () => {
    const t = '{"a": 1} x';
    assert.equal(errorsOf(t)[0]!.at, t.indexOf('x'));
    const esc = '{"a": "x\\q"}';
    const e = errorsOf(esc)[0]!;
    assert.match(e.message, /escape/);
    assert.ok(e.at >= esc.indexOf('"x') && e.end <= esc.lastIndexOf('"') + 1);
  });

  it('reports empty text without a tree', () => {
    for (const t of ['', '   ']) {
      const r = parseJson(t);
      assert.equal(r.root, null);
      assert.equal(r.value, undefined);
      assert.equal(r.errors.length, 1);
      assert.match(r.errors[0]!.message, /value expected/);
      assert.ok(r.errors[0]!.start >= 0 && r.errors[0]!.start <= t.length);
      assert.ok(r.errors[0]!.end >= r.errors[0]!.start && r.errors[0]!.end <= t.length + 1);
    }
  });

  it('gives every error a non-empty range inside the text when there is text to point at', () => {
    for (const t of ['{"a": 1,}', '{"a" 1}', '{"a": tru}', '{,}', '[1 2]', '{"a": 1} x']) {
      for (const e of parseJson(t).errors) {
        assert.ok(e.start >= 0 && e.start < t.length, `${t}: start ${e.start}`);
        assert.ok(e.end > e.start && e.end <= t.length, `${t}: end ${e.end}`);
      }
    }
  });
});

describe('parseJson: tolerance', () => {
  it('keeps building the tree after an error', () => {
    const t = '{"a": 1,, "b": {"c": [1, 2}, "d": "x"}';
    const r = parseJson(t);
    assert.ok(r.errors.length > 0);
    assert.equal(r.root?.kind, 'map');
    assert.equal(childOf(r.root, 'a')?.value, 1);
    assert.equal(slice(t, nodeAt(r.root, ['b', 'c', 0])), '1');
  });

  it('keeps pairs after a missing comma and a missing value', () => {
    const t = '{\n  "kind": "Pipeline"\n  "tasks": {"a": {"type": "shell"}},\n  "x": \n}';
    const r = parseJson(t);
    assert.ok(r.errors.length >= 2);
    assert.equal(childOf(r.root, 'kind')?.value, 'Pipeline');
    assert.equal(nodeAt(r.root, ['tasks', 'a', 'type'])?.value, 'shell');
    assert.equal(slice(t, nodeAt(r.root, ['tasks', 'a', 'type'])), '"shell"');
    assert.deepEqual((r.value as Record<string, unknown>).tasks, { a: { type: 'shell' } });
  });

  it('parses what comes after a comment', () => {
    const r = parseJson('{\n  // c\n  "a": [1]\n}');
    assert.deepEqual(r.value, { a: [1] });
  });
});
