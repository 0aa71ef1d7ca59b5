// The shared Python-source helpers: literals that survive any JS string, and `${{ }}` → Python
// that evaluates exactly as core's evaluator does (checked by running python3 on the output).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { evaluateExpression, parseExpression } from '../../../core/expr';
import { pyComment, pyExpr, pyHelperImports, pyHelpers, pyIdent, pyMember, pyStr, pyTemplate, pyValue, type PyRefResolver } from '../../../exporters/python';

const python = spawnSync('python3', ['--version']).status === 0;

function runPy(code: string): string {
  const r = spawnSync('python3', ['-c', code], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}

describe('pyStr / pyValue / pyIdent / pyComment', { skip: !python && 'python3 not installed' }, () => {
  const hostile = ['plain', 'quote " and \' both', 'back\\slash\\', 'new\nline\r\ttab', 'nul \u0000 bell \u0007 del \u007f', 'unicode é ✓ 漢字', 'emoji 😀', 'lone \ud800 surrogate', '${{ params.x }}', '"""triple"""', '{{ jinja }}', '\u2028\u2029'];
  it('pyStr is ASCII and reads back as the same string in Python', () => {
    for (const s of hostile) assert.match(pyStr(s), /^"[\x20-\x7e]*"$/, s);
    const out = runPy(`import json\nvals = [${hostile.map(pyStr).join(', ')}]\nprint(json.dumps([[ord(c) for c in v] for v in vals]))`);
    assert.deepEqual(JSON.parse(out), hostile.map((s) => [...s].flatMap((c) => (c.length === 2 ? [c.codePointAt(0)!] : [c.charCodeAt(0)]))));
  });
  it('pyValue is a Python literal of the same JSON value', () => {
    const v = { a: [1, 2.5, -0.001, 1e21, true, false, null], 'k"\\': { nested: 'x\ny' }, empty: [], o: {} };
    const out = runPy(`import ast, json\nprint(json.dumps(ast.literal_eval(${JSON.stringify(pyValue(v))})))`);
    assert.deepEqual(JSON.parse(out), v);
  });
  it('pyIdent makes identifiers; pyComment stays on one line', () => {
    for (const [a, b] of <[string, string][]>[['load-data', 'load_data'], ['class', 'class_'], ['9lives', '_9lives'], ['é', 'e']]) assert.equal(pyIdent(a), b);
    const c = pyComment('two\nlines é');
    assert.equal(c.includes('\n'), false);
    assert.match(c, /^# two lines \\u00e9$/);
  });
});

// Reference resolver for tests: params.x → params["x"], item → item.
const ref: PyRefResolver = (root, path) => (root === 'params' ? pyMember(`params[${pyStr(String(path[0]))}]`, path.slice(1), helpers) : root === 'item' ? pyMember('item', path, helpers) : { problem: `no ${root}` });
const helpers = new Set<string>();

describe('pyExpr: same results as core evaluate', { skip: !python && 'python3 not installed' }, () => {
  const params = { n: 7, f: 2.5, s: 'Hello', e: '', l: [1, 2, 3], objs: [{ k: 'a' }], o: { EUR: 1.08, USD: 1 }, t: true, z: 0, neg: -7 };
  const cases = [
    'params.n + 1', 'params.n / 2', 'params.n % 3', 'params.neg % 3', 'params.n * params.f', '-params.n', 'params.n / 7',
    "params.s + ' world'", 'params.n > 3 && params.t', 'params.z || params.e', '!params.l', '!params.e', "params.t ? 'yes' : 'no'",
    'params.l == [1, 2, 3]', "params.n == '7'", 'params.t == 1', 'params.o == params.o', "params.o['EUR']", 'params.l[1]', 'params.objs[0].k',
    'len(params.s)', 'len(params.l)', "contains(params.s, 'ell')", 'contains(params.l, 2)', "startsWith(params.s, 'He')", "endsWith(params.s, 'x')",
    'lower(params.s)', 'upper(params.s)', "trim('  a  ')", "join(params.l, '+')", 'join(params.l)', "split('a,b,,c', ',')", "split('abc', '')",
    "format('{0}-{1}-{{x}}', params.n, params.l)", 'toJSON(params.o)', 'toJSON(params.l)', "fromJSON('[1,{\"a\":null}]')", "int('42')", 'int(-3.7)', "float('1.5')",
    'int(params.t)', 'string(params.f)', 'string(params.l)', 'string(params.t)', "default(params.e, 'fb')", 'default(params.n, 0)', 'min(3, params.n, 1)', 'max(params.f, 2)',
    'abs(params.neg)', 'round(2.5)', 'round(-2.5)', 'round(params.f * 1.234, 2)', 'range(3)', 'range(2, 5)', 'keys(params.o)', `zip(fromJSON('{"n": [1, 2], "even": [false, true]}'))`, 'params.n / 2 * 2', '[params.n, params.s]',
  ];
  it(`${cases.length} expressions evaluate alike`, () => {
    const codes = cases.map((c) => {
      const r = pyExpr(parseExpression(c).ast!, ref, helpers);
      assert.deepEqual(r.problems, [], c);
      return r.code;
    });
    const program = [
      ...pyHelperImports(helpers).map((m) => `import ${m}`),
      'import json',
      pyHelpers(new Set([...helpers, '_w_json'])),
      `params = json.loads(${pyStr(JSON.stringify(params))})`,
      'out = []',
      ...codes.map((c) => `out.append(_w_json(${c}))`),
      'print(json.dumps(out))',
    ].join('\n');
    const got: string[] = JSON.parse(runPy(program));
    cases.forEach((c, i) => {
      const want = JSON.stringify(evaluateExpression(c, { params }));
      assert.equal(got[i], want, `${c} → ${codes[i]}`);
    });
  });
  it('templates give the text core gives', () => {
    const texts = ['n=${{ params.n }} l=${{ params.l }} t=${{ params.t }} e=[${{ params.e }}]', 'plain text with {{ braces }}', '${{ params.f * 2 }}'];
    const codes = texts.map((t) => pyTemplate(t, ref, helpers, true).code);
    const program = [...pyHelperImports(new Set([...helpers, '_w_str'])).map((m) => `import ${m}`), 'import json', pyHelpers(new Set([...helpers, '_w_str'])), `params = json.loads(${pyStr(JSON.stringify(params))})`, `print(json.dumps([${codes.join(', ')}]))`].join('\n');
    assert.deepEqual(JSON.parse(runPy(program)), ['n=7 l=[1,2,3] t=true e=[]', 'plain text with {{ braces }}', '5']);
  });
  it('unresolvable references are problems, not code', () => {
    const r = pyExpr(parseExpression('tasks.a.outputs.b + 1').ast!, ref, helpers);
    assert.equal(r.code, '');
    assert.deepEqual(r.problems, ['no tasks']);
  });
});
