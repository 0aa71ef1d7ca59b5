import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { didYouMean, editDistance, suggest } from '../../../core/util/suggest';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    assert.equal(editDistance('', ''), 0);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('abc', ''), 3);
    assert.equal(editDistance('needs', 'needs'), 0);
    assert.equal(editDistance('need', 'needs'), 1);
    assert.equal(editDistance('needss', 'needs'), 1);
    assert.equal(editDistance('nexds', 'needs'), 1);
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('flaw', 'lawn'), 2);
  });

  it('counts a transposition of neighbours as one edit', () => {
    assert.equal(editDistance('nedes', 'needs'), 1);
    assert.equal(editDistance('ab', 'ba'), 1);
    assert.equal(editDistance('outptus', 'outputs'), 1);
    // Optimal string alignment: no edits inside a transposed pair.
    assert.equal(editDistance('ca', 'abc'), 3);
  });

  it('ignores case', () => {
    assert.equal(editDistance('NEEDS', 'needs'), 0);
    assert.equal(editDistance('Nedes', 'neEDs'), 1);
  });

  it('is symmetric', () => {
    for (const [a, b] of [['retries', 'retry'], ['timeout', 'tiemout'], ['foreach', 'for_each'], ['x', 'xyz']] as const) {
      assert.equal(editDistance(a, b), editDistance(b, a), `${a}/${b}`);
    }
  });
});

describe('suggest', () => {
  it('finds close names, best first', () => {
    assert.deepEqual(suggest('nedds', ['name', 'nodes', 'needs']), ['needs']);
    assert.deepEqual(suggest('outptu', ['output', 'outputs', 'input']), ['output', 'outputs']);
    assert.deepEqual(suggest('scirpt', ['script', 'scripts', 'args']), ['script', 'scripts']);
  });

  it('keeps candidate order among equal distances', () => {
    assert.deepEqual(suggest('cat', ['bat', 'hat', 'rat']), ['bat', 'hat', 'rat']);
    assert.deepEqual(suggest('catt', ['bat', 'catx', 'cart', 'cat']), ['catx', 'cart', 'cat']);
    assert.deepEqual(suggest('catt', ['cat', 'cart', 'catx']), ['cat', 'cart', 'catx']);
  });

  it('scales the threshold with length', () => {
    // Short names: one edit at most.
    assert.deepEqual(suggest('x', ['a', 'b', 'xy']), ['a', 'b', 'xy']);
    assert.deepEqual(suggest('ab', ['cd', 'ac']), ['ac']);
    // 6 letters: two edits allowed, three not.
    assert.deepEqual(suggest('abcdef', ['abcxyf', 'axyzef', 'zbcdef']), ['zbcdef', 'abcxyf']);
    // The longer word counts: a long candidate allows more edits.
    assert.deepEqual(suggest('run', ['runtime']), []);
    assert.deepEqual(suggest('tim', ['timeout']), []);
    assert.deepEqual(suggest('param', ['params']), ['params']);
    assert.deepEqual(suggest('tmeot', ['timeout']), ['timeout']);
    assert.deepEqual(suggest('timeout', ['tmeot']), ['tmeot']);
  });

  it('never suggests the name itself but does suggest a case fix', () => {
    assert.deepEqual(suggest('needs', ['needs', 'needz']), ['needz']);
    assert.deepEqual(suggest('Needs', ['needs']), ['needs']);
  });

  it('returns at most max results', () => {
    const c = ['aa1', 'aa2', 'aa3', 'aa4', 'aa5'];
    assert.equal(suggest('aa', c).length, 3);
    assert.deepEqual(suggest('aa', c, 2), ['aa1', 'aa2']);
    assert.deepEqual(suggest('aa', c, 10), c);
    assert.deepEqual(suggest('aa', []), []);
  });

  it('takes any iterable', () => {
    assert.deepEqual(suggest('tsk', new Set(['task', 'ask'])), ['task', 'ask']);
    assert.deepEqual(suggest('tsk', new Map([['task', 1]]).keys()), ['task']);
  });
});

describe('didYouMean', () => {
  it('words zero, one, two and more suggestions', () => {
    assert.equal(didYouMean([]), '');
    assert.equal(didYouMean(['needs']), " Did you mean 'needs'?");
    assert.equal(didYouMean(['a', 'b']), " Did you mean 'a' or 'b'?");
    assert.equal(didYouMean(['a', 'b', 'c']), " Did you mean 'a', 'b' or 'c'?");
  });

  it('composes with suggest', () => {
    assert.equal(`Unknown key 'tiemout'.${didYouMean(suggest('tiemout', ['timeout', 'type']))}`, "Unknown key 'tiemout'. Did you mean 'timeout'?");
  });
});
