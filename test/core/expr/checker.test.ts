import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  T,
  checkExpression,
  checkTemplate,
  expectType,
  isAssignable,
  isConditionType,
  listOf,
  parseExpression,
  typeFromName,
  typeToString,
  type ExprType,
  type TypeEnv,
} from '../../../core/expr/index';

const outputs = (task: string, fields: Record<string, ExprType>): ExprType => ({ kind: 'object', what: `outputs of task '${task}'`, keyNoun: 'output', fields });
const task = (id: string, out: Record<string, ExprType>): ExprType => ({
  kind: 'object',
  what: `task '${id}'`,
  fields: { outputs: outputs(id, out), status: T.string },
});

const env: TypeEnv = {
  roots: {
    params: {
      kind: 'object',
      what: 'params',
      keyNoun: 'param',
      fields: { day: T.string, min_rows: T.integer, ratio: T.number, dry_run: T.boolean, tags: listOf(T.string), input: T.file, config: { kind: 'object', open: true } },
    },
    tasks: {
      kind: 'object',
      what: 'tasks',
      keyNoun: 'task',
      fields: {
        extract: task('extract', { rows: T.integer, path: T.file, stats: { kind: 'object', fields: { mean: T.number } } }),
        'load-data': task('load-data', { table: T.string }),
        train: task('train', {}),
      },
    },
    run: { kind: 'object', what: 'run', fields: { id: T.string, date: T.string, attempt: T.integer } },
    pipeline: { kind: 'object', what: 'pipeline', fields: { name: T.string } },
    env: { kind: 'object', what: 'env', open: true, values: T.string },
    secrets: { kind: 'object', what: 'secrets', keyNoun: 'secret', fields: { API_KEY: T.string } },
    anything: T.any,
  },
};

const BASE = 1000;
function check(src: string) {
  const r = parseExpression(src, BASE);
  assert.deepEqual(r.errors, [], `syntax errors in ${src}`);
  return checkExpression(r.ast!, env);
}

describe('checker: types of valid expressions', () => {
  const cases: [string, string][] = [
    ['params.day', 'string'],
    ['params.min_rows + 1', 'integer'],
    ['params.min_rows * params.ratio', 'number'],
    ['params.min_rows / 2', 'number'],
    ['params.min_rows % 2', 'integer'],
    ['-params.ratio', 'number'],
    ["params.day + '-x'", 'string'],
    ["params.input + '/part'", 'string'],
    ['tasks.extract.outputs.rows >= params.min_rows', 'boolean'],
    ['tasks.extract.outputs.rows > params.ratio', 'boolean'],
    ["params.day < '2024'", 'boolean'],
    ['params.input == params.day', 'boolean'],
    ['params.day == null', 'boolean'],
    ['!params.dry_run && true || false', 'boolean'],
    ["params.dry_run ? 'yes' : 'no'", 'string'],
    ['params.dry_run ? 1 : 2.5', 'number'],
    ['params.dry_run ? null : 3', 'integer'],
    ["params.dry_run ? 1 : 'x'", 'any'],
    ['params.tags', 'list<string>'],
    ['params.tags[0]', 'string'],
    ["tasks['load-data'].outputs.table", 'string'],
    ['tasks.load-data.outputs.table', 'string'],
    ['tasks.extract.status', 'string'],
    ['tasks.extract.outputs.stats.mean', 'number'],
    ['params.config.anything.deeper', 'any'],
    ['env.HOME', 'string'],
    ["env['PATH']", 'string'],
    ['secrets.API_KEY', 'string'],
    ['anything.x[3].y + 1', 'any'],
    ["anything + 'x'", 'string'],
    ['[1, 2, 3]', 'list<integer>'],
    ['[1, 2.5]', 'list<number>'],
    ["[1, 'a']", 'list<any>'],
    ['[]', 'list<any>'],
    ['len(params.tags)', 'integer'],
    ['len(params.day)', 'integer'],
    ['len(params.config)', 'integer'],
    ["contains(params.tags, 'x')", 'boolean'],
    ["contains(params.day, '2024')", 'boolean'],
    ["startsWith(params.input, '/data')", 'boolean'],
    ['upper(params.day)', 'string'],
    ["join(params.tags, ', ')", 'string'],
    ['join(params.tags)', 'string'],
    ["split(params.day, '-')", 'list<string>'],
    ["format('{0}-{1}', params.day, 3)", 'string'],
    ["format('{{literal}}')", 'string'],
    ['toJSON(params.tags)', 'string'],
    ["fromJSON('[1]')", 'any'],
    ['int(params.day)', 'integer'],
    ['float(params.min_rows)', 'number'],
    ['string(params.min_rows)', 'string'],
    ["default(params.day, 'today')", 'string'],
    ['default(null, 3)', 'integer'],
    ['min(1, 2)', 'integer'],
    ['max(1, 2.5, 3)', 'number'],
    ['abs(-3)', 'integer'],
    ['abs(params.ratio)', 'number'],
    ['round(params.ratio)', 'integer'],
    ['round(params.ratio, 2)', 'number'],
    ['range(3)', 'list<integer>'],
    ['range(1, params.min_rows)', 'list<integer>'],
    ['keys(params.config)', 'list<string>'],
    ['zip(params.config)', 'list<object>'],
    ['anything ? 1 : 2', 'integer'],
  ];
  for (const [src, want] of cases) {
    it(`${src} : ${want}`, () => {
      const r = check(src);
      assert.deepEqual(r.diagnostics, []);
      assert.equal(typeToString(r.type), want);
    });
  }
});

describe('checker: diagnostics', () => {
  // [source, code, text exactly covered by the range, message pattern, suggestions?]
  const cases: [string, string, string, RegExp, string[]?][] = [
    ['params.dya', 'unknown-reference', 'dya', /^Unknown param 'dya' in params\. Did you mean 'day'\?$/, ['day']],
    ['params.min_row > 1', 'unknown-reference', 'min_row', /Unknown param 'min_row' in params\. Did you mean 'min_rows'\?/, ['min_rows']],
    ['tasks.extrct.outputs.rows', 'unknown-reference', 'extrct', /^Unknown task 'extrct' in tasks\. Did you mean 'extract'\?$/, ['extract']],
    ['tasks.extract.outputs.rws', 'unknown-reference', 'rws', /^Unknown output 'rws' in outputs of task 'extract'\. Did you mean 'rows'\?$/, ['rows']],
    ['tasks.train.outputs.model', 'unknown-reference', 'model', /^Unknown output 'model' in outputs of task 'train' \(none are declared\)\.$/],
    ['tasks.extract.outputz', 'unknown-reference', 'outputz', /^Unknown field 'outputz' in task 'extract'\. Did you mean 'outputs'\?$/, ['outputs']],
    ['run.xyz', 'unknown-reference', 'xyz', /^Unknown field 'xyz' in run\. Available: id, date, attempt\.$/],
    ['tasks.extract.outputs.stats.median', 'unknown-reference', 'median', /Unknown field 'median' in tasks\.extract\.outputs\.stats\. Did you mean 'mean'\?/, ['mean']],
    ["tasks['lod-data'].outputs", 'unknown-reference', "'lod-data'", /Unknown task 'lod-data' in tasks\. Did you mean 'load-data'\?/, ['load-data']],
    ['secrets.API_KY', 'unknown-reference', 'API_KY', /Unknown secret 'API_KY' in secrets\. Did you mean 'API_KEY'\?/, ['API_KEY']],
    ['parms.day', 'unknown-reference', 'parms', /^Unknown name 'parms'\. Did you mean 'params'\?$/, ['params']],
    ['zzz', 'unknown-reference', 'zzz', /^Unknown name 'zzz'\. Available: params, tasks, run, pipeline, env, secrets, anything\.$/],
    ['len + 1', 'unknown-reference', 'len', /'len' is a function; call it like len\(…\)/],
    ["'a' > 1", 'type-mismatch', "'a' > 1", /Operator '>' cannot compare a string with an integer/],
    ['params.day > params.min_rows', 'type-mismatch', 'params.day > params.min_rows', /cannot compare a string with an integer/],
    ['!5', 'type-mismatch', '5', /Operator '!' needs a boolean, but 5 is an integer/],
    ['[1] * 2', 'type-mismatch', '[1]', /Operator '\*' needs numbers, but the left operand is a list<integer>/],
    ["2 * 'x'", 'type-mismatch', "'x'", /needs numbers, but 'x' is a string/],
    ["params.day + 1", 'type-mismatch', 'params.day + 1', /Operator '\+' cannot add a string and an integer; use format\(\) or string\(\)/],
    ['params.tags + 1', 'type-mismatch', 'params.tags', /Operator '\+' needs numbers or strings, but params\.tags is a list<string>/],
    ["params.min_rows == 'x'", 'type-mismatch', "params.min_rows == 'x'", /Cannot compare an integer with a string using '=='/],
    ['params.dry_run != 1', 'type-mismatch', 'params.dry_run != 1', /Cannot compare a boolean with an integer using '!='/],
    ['params.min_rows && true', 'type-mismatch', 'params.min_rows', /Operator '&&' needs booleans, but params\.min_rows is an integer/],
    ["true || 'x'", 'type-mismatch', "'x'", /Operator '\|\|' needs booleans/],
    ['-params.day', 'type-mismatch', 'params.day', /Operator '-' needs a number/],
    ["params.min_rows ? 'a' : 'b'", 'type-mismatch', 'params.min_rows', /condition of '\? :' must be a boolean, but params\.min_rows is an integer/],
    ['params.day.length', 'type-mismatch', 'length', /Cannot read 'length' of params\.day: it is a string, not an object/],
    ['params.tags.first', 'type-mismatch', 'first', /Cannot read 'first' of params\.tags: it is a list<string>, not an object/],
    ['params.day[0]', 'type-mismatch', '[0]', /Cannot index params\.day: it is a string; only lists and objects can be indexed/],
    ["params.tags['a']", 'type-mismatch', "'a'", /A list index must be an integer, but 'a' is a string/],
    ['params.tags[1.5]', 'type-mismatch', '1.5', /A list index must be an integer/],
    ['params.config[1]', 'type-mismatch', '1', /An object key must be a string/],
    ['len(params.min_rows)', 'type-mismatch', 'params.min_rows', /len\(\) expects value to be string, list<any> or object, but params\.min_rows is an integer/],
    ['upper(1)', 'type-mismatch', '1', /upper\(\) expects s to be string, but 1 is an integer/],
    ["contains(params.day, 1)", 'type-mismatch', '1', /contains\(\) on a string needs a string to look for/],
    ["round(1.5, 'x')", 'type-mismatch', "'x'", /round\(\) expects digits to be integer/],
    ['range(2.5)', 'type-mismatch', '2.5', /range\(\) expects a to be integer, but 2\.5 is a number/],
    ["format('{0} {1}', 1)", 'wrong-arity', "'{0} {1}'", /format\(\) uses \{1\} but only 1 value was given/],
    ["format('{x}')", 'type-mismatch', "'{x}'", /Invalid format string/],
    ['lenn(params.tags)', 'unknown-function', 'lenn', /^Unknown function 'lenn'\. Did you mean 'len'\?$/, ['len']],
    ['uper(params.day)', 'unknown-function', 'uper', /Did you mean 'upper'\?/, ['upper']],
    ['frobnicate()', 'unknown-function', 'frobnicate', /^Unknown function 'frobnicate'\.$/],
    ['len()', 'wrong-arity', 'len()', /^len\(\) takes 1 argument, but 0 were given\.$/],
    ['lower(params.day, 1, 2)', 'wrong-arity', '1, 2', /^lower\(\) takes 1 argument, but 3 were given\.$/],
    ['round(1, 2, 3)', 'wrong-arity', '3', /round\(\) takes 1 to 2 arguments, but 3 were given/],
    ['min(1)', 'wrong-arity', 'min(1)', /min\(\) takes at least 2 arguments, but 1 was given/],
    ['format()', 'wrong-arity', 'format()', /format\(\) takes at least 1 argument, but 0 were given/],
  ];
  for (const [src, code, covered, pattern, suggestions] of cases) {
    it(`${src} → ${code} on ${JSON.stringify(covered)}`, () => {
      const r = check(src);
      assert.equal(r.diagnostics.length, 1, JSON.stringify(r.diagnostics));
      const d = r.diagnostics[0]!;
      assert.equal(d.code, code);
      assert.match(d.message, pattern);
      assert.equal(src.slice(d.start - BASE, d.end - BASE), covered);
      assert.deepEqual(d.suggestions, suggestions);
    });
  }

  it('reports several problems in source order', () => {
    const r = check('params.dya + tasks.extract.outputs.rws > lenn(1)');
    assert.deepEqual(
      r.diagnostics.map((d) => d.code),
      ['unknown-reference', 'unknown-reference', 'unknown-function'],
    );
  });

  it('does not cascade from an unknown member', () => {
    const r = check('params.dya.x.y + 1 > 2');
    assert.equal(r.diagnostics.length, 1);
  });

  it('never reads prototype keys of the env', () => {
    for (const src of ['constructor', 'params.constructor', 'params.__proto__', 'tasks.toString', 'hasOwnProperty']) {
      const r = check(src);
      assert.equal(r.diagnostics[0]?.code, 'unknown-reference', src);
    }
  });
});

describe('checker: references', () => {
  const refs = (src: string) => check(src).references.map((r) => `${r.root}${r.path.map((p) => `.${p}`).join('')}`);
  it('collects maximal member paths in source order', () => {
    assert.deepEqual(refs("tasks.extract.outputs.rows >= params.min_rows && tasks['load-data'].status == 'ok'"), [
      'tasks.extract.outputs.rows',
      'params.min_rows',
      'tasks.load-data.status',
    ]);
  });
  it('stops paths at computed indexes and collects the index', () => {
    assert.deepEqual(refs('params.tags[run.attempt]'), ['params.tags', 'run.attempt']);
    assert.deepEqual(refs('params.tags[0]'), ['params.tags']);
  });
  it('includes references inside calls, lists, ternaries and unknown ones', () => {
    assert.deepEqual(refs('len([params.dya, tasks.nope.outputs.x]) > 0 ? item.a : pipeline'), ['params.dya', 'tasks.nope.outputs.x', 'item.a', 'pipeline']);
  });
  it('records ranges of the whole path and each segment', () => {
    const src = 'x + tasks.load-data.outputs.table';
    const [ref] = check(src).references.slice(-1);
    assert.ok(ref);
    assert.equal(src.slice(ref.start - BASE, ref.end - BASE), 'tasks.load-data.outputs.table');
    assert.deepEqual(
      ref.segments.map((s) => src.slice(s.start - BASE, s.end - BASE)),
      ['tasks', 'load-data', 'outputs', 'table'],
    );
  });
});

describe('checkTemplate', () => {
  it('whole-value templates take the expression type', () => {
    const r = checkTemplate(' ${{ tasks.extract.outputs.rows >= params.min_rows }} ', env);
    assert.equal(r.whole, true);
    assert.equal(typeToString(r.type), 'boolean');
    assert.deepEqual(r.diagnostics, []);
  });
  it('mixed templates are strings and report ranges in document offsets', () => {
    const text = '--day=${{ params.dya }} --n=${{ params.min_rows }}';
    const r = checkTemplate(text, env, 200);
    assert.equal(r.whole, false);
    assert.equal(r.type.kind, 'string');
    assert.equal(r.diagnostics.length, 1);
    const d = r.diagnostics[0]!;
    assert.equal(text.slice(d.start - 200, d.end - 200), 'dya');
    assert.deepEqual(
      r.references.map((x) => x.path.join('.')),
      ['dya', 'min_rows'],
    );
  });
  it('includes syntax errors and unclosed interpolations', () => {
    const r = checkTemplate('${{ 1 + }} ${{ params.x', env);
    assert.deepEqual(
      r.diagnostics.map((d) => d.code),
      ['expression-syntax', 'expression-syntax'],
    );
  });
});

describe('types', () => {
  it('isAssignable', () => {
    assert.equal(isAssignable(T.integer, T.number), true);
    assert.equal(isAssignable(T.number, T.integer), false);
    assert.equal(isAssignable(T.file, T.string), true);
    assert.equal(isAssignable(T.string, T.file), true);
    assert.equal(isAssignable(T.any, T.boolean), true);
    assert.equal(isAssignable(T.boolean, T.any), true);
    assert.equal(isAssignable(T.null, T.string), false);
    assert.equal(isAssignable(listOf(T.integer), listOf(T.number)), true);
    assert.equal(isAssignable(listOf(T.string), listOf(T.number)), false);
    assert.equal(isAssignable({ kind: 'object', fields: { a: T.integer } }, { kind: 'object', fields: { a: T.number } }), true);
    assert.equal(isAssignable({ kind: 'object', fields: {} }, { kind: 'object', fields: { a: T.number } }), false);
  });
  it('typeFromName', () => {
    const names = ['string', 'integer', 'number', 'boolean', 'list', 'object', 'file', 'dir', 'metric', 'any', 'bogus'];
    assert.deepEqual(
      names.map((n) => typeToString(typeFromName(n))),
      ['string', 'integer', 'number', 'boolean', 'list<any>', 'object', 'file', 'file', 'number', 'any', 'any'],
    );
    assert.equal((typeFromName('object') as { open?: boolean }).open, true);
  });
  it('isConditionType and expectType', () => {
    assert.equal(isConditionType(T.boolean), true);
    assert.equal(isConditionType(T.any), true);
    assert.equal(isConditionType(T.string), false);
    assert.equal(expectType(T.integer, T.number, 0, 1), null);
    const d = expectType(T.string, T.boolean, 3, 9, 'the condition');
    assert.equal(d?.code, 'type-mismatch');
    assert.equal(d?.message, 'Expected a boolean for the condition, but the expression is a string.');
    assert.deepEqual([d?.start, d?.end], [3, 9]);
  });
});
