import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, weft } from './helpers';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

describe('weft (in-process): help and version', () => {
  it('--help and -h print the commands and exit 0', () => {
    for (const flag of ['--help', '-h']) {
      const r = weft([flag]);
      assert.equal(r.code, 0);
      assert.equal(r.err, '');
      assert.match(r.out, /^weft \S+ — /);
      assert.match(r.out, /Usage: weft <command>/);
      assert.match(r.out, /^\s+validate /m);
      assert.match(r.out, /^\s+convert /m);
      assert.ok(r.out.includes(pkg.version));
    }
  });

  it('help <command> prints that command’s help', () => {
    const r = weft(['help', 'validate']);
    assert.equal(r.code, 0);
    assert.match(r.out, /^Usage: weft validate/);
    assert.match(weft(['help', 'convert']).out, /^Usage: weft convert/);
    assert.match(weft(['help', 'nope']).out, /Usage: weft <command>/);
  });

  it('<command> --help prints that command’s help', () => {
    const v = weft(['validate', '--help']);
    assert.equal(v.code, 0);
    assert.match(v.out, /Exit status: 0 no errors, 1 errors found, 2 usage or I\/O problem/);
    const c = weft(['convert', '-h']);
    assert.equal(c.code, 0);
    assert.match(c.out, /^Usage: weft convert <file> --to json\|yaml/);
  });

  it('without arguments prints help and exits 2', () => {
    const r = weft([]);
    assert.equal(r.code, 2);
    assert.match(r.out + r.err, /Usage: weft <command>/);
  });

  it('--version and -v print the package.json version', () => {
    for (const flag of ['--version', '-v']) {
      const r = weft([flag]);
      assert.equal(r.code, 0);
      assert.equal(r.out, `${pkg.version}\n`);
      assert.equal(r.err, '');
    }
  });
});

describe('weft (in-process): usage errors', () => {
  it('rejects an unknown command with exit 2 and a pointer to --help', () => {
    const r = weft(['frobnicate', 'x']);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.match(r.err, /unknown command 'frobnicate'/);
    assert.match(r.err, /weft --help/);
  });

  it('rejects an unknown option with exit 2 and the command usage', () => {
    for (const argv of [['validate', '--bogus', 'samples'], ['validate', '-z', 'samples'], ['convert', 'x.weft.yaml', '--to', 'json', '--pretty']]) {
      const r = weft(argv);
      assert.equal(r.code, 2, argv.join(' '));
      assert.match(r.err, /unknown option '-{1,2}[a-z]+'/);
      assert.match(r.err, new RegExp(`Usage: weft ${argv[0]}`));
      assert.equal(r.out, '');
    }
  });

  it('rejects a missing option value and a bad choice', () => {
    const noValue = weft(['validate', 'samples', '--format']);
    assert.equal(noValue.code, 2);
    assert.match(noValue.err, /option '--format' needs a value/);
    const bad = weft(['validate', 'samples', '--format', 'xml']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--format must be one of text, json \(got 'xml'\)/);
    const badTo = weft(['convert', 'samples/ml-training/ml-training.weft.yaml', '--to=toml']);
    assert.equal(badTo.code, 2);
    assert.match(badTo.err, /--to must be one of json, yaml \(got 'toml'\)/);
  });

  it('validate needs a path; convert needs exactly one file and --to', () => {
    const v = weft(['validate']);
    assert.equal(v.code, 2);
    assert.match(v.err, /at least one file/);
    const noTo = weft(['convert', 'samples/ml-training/ml-training.weft.yaml']);
    assert.equal(noTo.code, 2);
    assert.match(noTo.err, /--to json or --to yaml/);
    assert.match(noTo.err, /Usage: weft convert/);
    assert.equal(noTo.out, '');
    const two = weft(['convert', 'a.weft.yaml', 'b.weft.yaml', '--to', 'json']);
    assert.equal(two.code, 2);
    assert.match(two.err, /exactly one file/);
  });
});
