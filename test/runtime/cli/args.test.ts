import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError, choice, parseArgs } from '../../../runtime/cli/args';

const SPEC = { format: { value: true, alias: 'f' }, quiet: { value: false, alias: 'q' } };

describe('parseArgs', () => {
  it('separates positionals and flags, in any order', () => {
    const r = parseArgs(['a', '--format', 'json', 'b', '-q', 'c'], SPEC);
    assert.deepEqual(r.positionals, ['a', 'b', 'c']);
    assert.deepEqual([...r.flags], [['format', 'json'], ['quiet', true]]);
  });

  it('reads --name=value and aliases', () => {
    assert.equal(parseArgs(['--format=text'], SPEC).flags.get('format'), 'text');
    assert.equal(parseArgs(['-f', 'json'], SPEC).flags.get('format'), 'json');
    assert.equal(parseArgs(['--format='], SPEC).flags.get('format'), '');
  });

  it('treats everything after -- and a lone - as positionals', () => {
    assert.deepEqual(parseArgs(['--', '--quiet', '-f'], SPEC).positionals, ['--quiet', '-f']);
    assert.deepEqual(parseArgs(['-'], SPEC).positionals, ['-']);
  });

  it('throws UsageError for unknown flags and missing values', () => {
    assert.throws(() => parseArgs(['--nope'], SPEC), (e) => e instanceof UsageError && e.message === "unknown option '--nope'");
    assert.throws(() => parseArgs(['-x'], SPEC), (e) => e instanceof UsageError && e.message === "unknown option '-x'");
    assert.throws(() => parseArgs(['--format'], SPEC), (e) => e instanceof UsageError && /needs a value/.test(e.message));
  });
});

describe('choice', () => {
  it('returns the fallback, the value, or throws', () => {
    const flags = parseArgs(['--format', 'json'], SPEC).flags;
    assert.equal(choice(flags, 'format', ['text', 'json'] as const, 'text'), 'json');
    assert.equal(choice(new Map(), 'format', ['text', 'json'] as const, 'text'), 'text');
    assert.throws(() => choice(parseArgs(['-f', 'xml'], SPEC).flags, 'format', ['text', 'json'] as const, 'text'), UsageError);
  });
});
