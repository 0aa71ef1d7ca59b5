import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { globToRegExp, hasGlobMagic } from '../../../core/util/glob';

function check(pattern: string, yes: string[], no: string[]): void {
  const re = globToRegExp(pattern);
  for (const p of yes) assert.ok(re.test(p), `${pattern} should match ${p} (${re})`);
  for (const p of no) assert.ok(!re.test(p), `${pattern} should not match ${p} (${re})`);
}

describe('globToRegExp', () => {
  it('* stays within one path segment', () => {
    check('*.weft.yaml', ['a.weft.yaml', '.weft.yaml', 'x-y.weft.yaml'], ['dir/a.weft.yaml', 'a.weft.yaml.bak', 'a.weft.yml']);
    check('samples/*/x.yaml', ['samples/a/x.yaml'], ['samples/x.yaml', 'samples/a/b/x.yaml']);
  });

  it('** crosses any number of segments, including none', () => {
    check('**/*.weft.yaml', ['a.weft.yaml', 'a/b.weft.yaml', 'a/b/c/d.weft.yaml'], ['a/b.weft.json']);
    check('samples/**/*.weft.yaml', ['samples/x.weft.yaml', 'samples/a/b/x.weft.yaml'], ['other/x.weft.yaml', 'samplesx.weft.yaml']);
    check('data/**', ['data/a', 'data/a/b/c'], ['data', 'datum/a']);
  });

  it('? matches one character, never a slash', () => {
    check('file?.csv', ['file1.csv', 'fileA.csv'], ['file.csv', 'file12.csv', 'file/.csv']);
  });

  it('[abc] matches a class, [!abc] its complement, ranges work', () => {
    check('[abc].txt', ['a.txt', 'c.txt'], ['d.txt', 'ab.txt']);
    check('[!abc].txt', ['d.txt', 'z.txt'], ['a.txt']);
    check('v[0-9].json', ['v3.json'], ['vx.json', 'v10.json']);
    // An unclosed bracket is literal.
    check('a[b', ['a[b'], ['ab']);
  });

  it('{a,b} matches alternatives', () => {
    check('*.weft.{yaml,yml,json}', ['p.weft.yaml', 'p.weft.yml', 'p.weft.json'], ['p.weft.txt', 'p.weft.', 'p.weft.{yaml,yml,json}']);
    check('{src,lib}/index.ts', ['src/index.ts', 'lib/index.ts'], ['test/index.ts']);
    // Alternatives are literal text: a dot in one is not a wildcard.
    check('x.{a.b,c}', ['x.a.b', 'x.c'], ['x.aXb']);
    // An unclosed brace is literal.
    check('a{b', ['a{b'], ['ab']);
  });

  it('escapes regular expression characters', () => {
    check('a.b', ['a.b'], ['aXb']);
    check('a+b(1)|$^.txt', ['a+b(1)|$^.txt'], ['aab1.txt', 'a+b(1)']);
    check('back\\slash', ['back\\slash'], ['backslash']);
    check('x]y', ['x]y'], ['xy']);
  });

  it('anchors the whole path', () => {
    check('a.yaml', ['a.yaml'], ['xa.yaml', 'a.yamlx', 'dir/a.yaml']);
  });

  it('supports globs inside alternatives', () => {
    check('{*.yaml,*.json}', ['a.yaml', 'b.json'], ['c.txt']);
  });
});

describe('hasGlobMagic', () => {
  it('spots * ? [ {', () => {
    for (const s of ['*.yaml', 'a?', '[ab]', '{a,b}', 'samples/**']) assert.equal(hasGlobMagic(s), true, s);
    for (const s of ['samples', 'a/b.weft.yaml', 'x.y-z_1', '']) assert.equal(hasGlobMagic(s), false, s);
  });
});
