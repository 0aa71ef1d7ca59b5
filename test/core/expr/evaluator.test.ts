import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ExprEvalError, evaluate, evaluateExpression, evaluateTemplate, parseExpression, stringifyValue } from '../../../core/expr/index';

const scope = {
  params: { day: '2024-05-01', min_rows: 100, ratio: 0.25, dry_run: false, tags: ['a', 'b'], empty: '', nothing: null, config: { depth: 3 } },
  tasks: {
    extract: { status: 'succeeded', outputs: { rows: 250, path: '/data/x.csv', stats: { mean: 1.5 } } },
    'load-data': { status: 'failed', outputs: {} },
  },
  run: { id: 'r1', attempt: 2 },
  env: { HOME: '/home/u' },
  item: { name: 'eu', weight: 3 },
};

describe('evaluator: results', () => {
  const cases: [string, unknown][] = [
    // literals
    ['42', 42],
    ['4.5', 4.5],
    ["'it\\'s'", "it's"],
    ['"a\\tb"', 'a\tb'],
    ['true', true],
    ['null', null],
    ['[1, "a", null]', [1, 'a', null]],
    // arithmetic
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['10 - 2 - 3', 5],
    ['7 / 2', 3.5],
    ['6 / 3', 2],
    ['7 % 3', 1],
    ['-7 % 3', -1],
    ['-(2 + 3)', -5],
    ['- -4', 4],
    ['0.1 + 0.2 > 0.3', true],
    ['params.min_rows * params.ratio', 25],
    // strings
    ["'a' + 'b'", 'ab'],
    ["params.day + '/x'", '2024-05-01/x'],
    // comparisons
    ['1 < 2', true],
    ['2 <= 2', true],
    ['3 > 4', false],
    ['3 >= 3.0', true],
    ["'abc' < 'abd'", true],
    ["'B' < 'a'", true],
    ['tasks.extract.outputs.rows >= params.min_rows', true],
    // equality
    ['1 == 1.0', true],
    ["1 == '1'", false],
    ["'a' != 'a'", false],
    ['null == null', true],
    ['params.nothing == null', true],
    ["params.day == null", false],
    ['[1, [2]] == [1, [2]]', true],
    ['[1, 2] == [2, 1]', false],
    ['params.config == params.config', true],
    ['true == 1', false],
    // logic
    ['true && false', false],
    ['true || false', true],
    ['!true', false],
    ['!params.dry_run', true],
    ["'' || 0", false],
    ["'x' && 1", true],
    ['null || params.tags', true],
    ['!params.empty', true],
    ['false && params.missing.x', false],
    ['true || params.missing.x', true],
    // ternary
    ["params.dry_run ? 'dry' : 'real'", 'real'],
    ['1 > 2 ? 1 : 2 > 1 ? 2 : 3', 2],
    ['false ? params.missing : 5', 5],
    // members and indexes
    ['tasks.extract.outputs.path', '/data/x.csv'],
    ["tasks['load-data'].status", 'failed'],
    ['tasks.load-data.status', 'failed'],
    ['tasks.extract.outputs.stats.mean', 1.5],
    ['params.tags[1]', 'b'],
    ['params.tags[run.attempt - 1]', 'b'],
    ["params['config']['depth']", 3],
    ['[10, 20, 30][2]', 30],
    ['params.nothing', null],
    ['env.HOME', '/home/u'],
    ['item.weight * 2', 6],
    // functions
    ['len(params.tags)', 2],
    ["len('héllo')", 5],
    ['len(params.config)', 1],
    ["contains(params.tags, 'b')", true],
    ["contains([1, [2]], [2])", true],
    ["contains(params.day, '05')", true],
    ["startsWith(params.day, '2024')", true],
    ["endsWith(tasks.extract.outputs.path, '.csv')", true],
    ["lower('AbC')", 'abc'],
    ["upper('AbC')", 'ABC'],
    ["trim('  x ')", 'x'],
    ['join(params.tags)', 'a,b'],
    ["join([1, null, [2], true], '|')", '1||[2]|true'],
    ["split(params.day, '-')", ['2024', '05', '01']],
    ["split('ab', '')", ['a', 'b']],
    ["format('{0}/{1}/{0}', 'a', 2)", 'a/2/a'],
    ["format('{{x}} {0}', [1])", '{x} [1]'],
    ['toJSON(params.config)', '{"depth":3}'],
    ["toJSON('x')", '"x"'],
    ['fromJSON(\'{"a": [1, 2]}\').a[1]', 2],
    ["int('42')", 42],
    ['int(3.9)', 3],
    ['int(-3.9)', -3],
    ["int(' 7 ')", 7],
    ['int(true)', 1],
    ["float('2.5')", 2.5],
    ['float(2)', 2],
    ['string(3.5)', '3.5'],
    ['string(null)', ''],
    ['string([1, "a"])', '[1,"a"]'],
    ["default(params.empty, 'fallback')", 'fallback'],
    ["default(params.nothing, 3)", 3],
    ["default(params.day, 'x')", '2024-05-01'],
    ['default(0, 5)', 0],
    ['min(3, 1, 2)', 1],
    ['max(3, 1.5)', 3],
    ['abs(-2.5)', 2.5],
    ['round(2.5)', 3],
    ['round(-2.5)', -3],
    ['round(3.14159, 2)', 3.14],
    ['round(1.005, 2)', 1.01],
    ['range(3)', [0, 1, 2]],
    ['range(2, 5)', [2, 3, 4]],
    ['range(5, 2)', []],
    ['keys(tasks)', ['extract', 'load-data']],
    [`zip(fromJSON('{"n": [1, 2], "even": [false, true]}'))`, [{ n: 1, even: false }, { n: 2, even: true }]],
    ["zip(fromJSON('{}'))", []],
  ];
  for (const [src, want] of cases) {
    it(`${src} = ${JSON.stringify(want)}`, () => assert.deepEqual(evaluateExpression(src, scope), want));
  }
  it('has at least 60 cases', () => assert.ok(cases.length >= 60));
});

function evalError(src: string, s: Record<string, unknown> = scope): ExprEvalError {
  try {
    evaluateExpression(src, s);
  } catch (e) {
    assert.ok(e instanceof ExprEvalError, `expected ExprEvalError, got ${String(e)}`);
    return e;
  }
  return assert.fail(`expected ${src} to throw`);
}

describe('evaluator: errors', () => {
  // [source, message pattern, text covered by the error range]
  const cases: [string, RegExp, string][] = [
    ['tasks.extract.outputs.rws', /^'rws' is not set on tasks\.extract\.outputs\.$/, 'rws'],
    ["tasks['load-data'].outputs.table", /^'table' is not set on tasks\['load-data'\]\.outputs\.$/, 'table'],
    ['params.nothing.x', /^Cannot read 'x': params\.nothing is null\.$/, 'params.nothing.x'],
    ["params.nothing['x']", /^Cannot read 'x': params\.nothing is null\.$/, "params.nothing['x']"],
    ['params.nothing[0]', /Cannot index params\.nothing: it is null/, 'params.nothing[0]'],
    ['params.day.length', /^Cannot read 'length' of params\.day: it is a string, not an object\.$/, 'length'],
    ['params.tags.length', /Cannot read 'length' of params\.tags: it is a list, not an object/, 'length'],
    ['params.tags[2]', /Index 2 is out of range for params\.tags \(2 items\)/, '2'],
    ['params.tags[-1]', /Index -1 is out of range/, '-1'],
    ['params.tags[0.5]', /A list index must be an integer, but got a number/, '0.5'],
    ["params.tags['0']", /A list index must be an integer, but got a string/, "'0'"],
    ['params.config[1]', /An object key must be a string, but got an integer/, '1'],
    ['params.day[0]', /Cannot index params\.day: it is a string/, 'params.day[0]'],
    ['nope', /^'nope' is not available here\.$/, 'nope'],
    ["'a' + 1", /Operator '\+' cannot add a string and an integer/, "'a' + 1"],
    ["'a' < 1", /Operator '<' cannot compare a string and an integer/, "'a' < 1"],
    ['[1] * 2', /Operator '\*' cannot apply to a list and an integer/, '[1] * 2'],
    ["-'x'", /Operator '-' needs a number, but 'x' is a string/, "'x'"],
    ['1 / 0', /Division by zero/, '0'],
    ['5 % (2 - 2)', /Division by zero/, '2 - 2'],
    ['1e308 * 10', /too large/, '1e308 * 10'],
    ['lenn(1)', /Unknown function 'lenn'/, 'lenn'],
    ['len(1)', /len\(\) expects value to be string, list<any> or object, but got an integer/, '1'],
    ['upper(params.nothing)', /upper\(\) expects s to be string, but got null/, 'params.nothing'],
    ['lower()', /lower\(\) cannot take 0 arguments/, 'lower()'],
    ["int('abc')", /int\(\) cannot convert 'abc' to an integer/, "'abc'"],
    ["float('1.2.3')", /float\(\) cannot convert/, "'1.2.3'"],
    ["fromJSON('{')", /fromJSON\(\) got invalid JSON/, "'{'"],
    ["format('{2}', 1)", /format\(\) uses \{2\} but only 1 value was given/, "'{2}'"],
    ["contains('abc', 1)", /contains\(\) on a string needs a string/, '1'],
    ['range(1000000)', /range\(\) would produce 1000000 items/, 'range(1000000)'],
    ['round(1, 20)', /round\(\) digits must be between 0 and 15/, '20'],
    [`zip(fromJSON('{"a": [1], "b": 2}'))`, /zip\(\) takes an object of lists; 'b' is not a list/, `fromJSON('{"a": [1], "b": 2}')`],
    [`zip(fromJSON('{"a": [1], "b": [1, 2]}'))`, /zip\(\) needs lists of one length; 'b' has 2 items, not 1/, `fromJSON('{"a": [1], "b": [1, 2]}')`],
  ];
  for (const [src, pattern, covered] of cases) {
    it(`${src} throws ${pattern.source}`, () => {
      const e = evalError(src);
      assert.equal(e.code, 'expression-eval');
      assert.match(e.message, pattern);
      assert.equal(src.slice(e.start, e.end), covered);
    });
  }

  it('is deterministic and uses parse offsets', () => {
    const src = 'tasks.extract.outputs.rows.value';
    const ast = parseExpression(src, 40).ast!;
    const msgs = new Set<string>();
    for (let i = 0; i < 3; i++) {
      try {
        evaluate(ast, scope);
      } catch (e) {
        assert.ok(e instanceof ExprEvalError);
        msgs.add(`${e.message}@${e.start}-${e.end}`);
      }
    }
    assert.deepEqual([...msgs], [`Cannot read 'value' of tasks.extract.outputs.rows: it is an integer, not an object.@67-72`]);
  });

  it('syntax errors surface as ExprEvalError with code expression-syntax', () => {
    const e = evalError('1 +');
    assert.equal(e.code, 'expression-syntax');
  });
});

describe('evaluator: prototype safety', () => {
  const blocked = [
    'params.constructor',
    'params.__proto__',
    "params['__proto__']",
    "params['constructor']['constructor']",
    'params.toString',
    'params.hasOwnProperty',
    'params.tags.constructor',
    'params.tags.map',
    "params.day['length']",
    'constructor',
    '__proto__',
    'toString',
  ];
  for (const src of blocked) {
    it(`${src} does not reach JS internals`, () => {
      const e = evalError(src);
      assert.equal(e.code, 'expression-eval');
    });
  }

  it('reads own data keys named like prototype members', () => {
    const s = { o: JSON.parse('{"__proto__": 1, "constructor": 2, "toString": "x"}') as unknown };
    assert.equal(evaluateExpression('o.__proto__ + o.constructor', s), 3);
    assert.equal(evaluateExpression('o.toString', s), 'x');
  });

  it('ignores inherited keys, getters, class instances and functions', () => {
    const inherited = Object.create({ secret: 'nope' }) as Record<string, unknown>;
    const withGetter = Object.defineProperty({}, 'g', { get: () => 'ran', enumerable: true });
    class Thing {
      x = 1;
    }
    const s = { inherited, withGetter, thing: new Thing(), fn: () => 1, date: new Date(0), map: new Map([['a', 1]]) };
    for (const src of ['inherited.secret', 'withGetter.g', 'thing.x', 'fn.name', 'fn.call', 'date.getTime', "map['a']", 'len(thing)', 'keys(date)']) {
      assert.throws(() => evaluateExpression(src, s), ExprEvalError, src);
    }
  });

  it('accepts null-prototype objects', () => {
    const o = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 });
    assert.equal(evaluateExpression('o.a + len(o)', { o }), 2);
  });

  it('scope lookups use own properties only', () => {
    const s = Object.create({ inherited: 1 }) as Record<string, unknown>;
    assert.throws(() => evaluateExpression('inherited', s), /not available/);
  });
});

describe('evaluateTemplate', () => {
  const cases: [string, unknown][] = [
    ['no interpolation', 'no interpolation'],
    ['${{ params.min_rows }}', 100],
    ['  ${{ params.tags }} ', ['a', 'b']],
    ['${{ tasks.extract.outputs.rows >= params.min_rows }}', true],
    ['${{ params.nothing }}', null],
    ['--day=${{ params.day }}', '--day=2024-05-01'],
    ['n=${{ params.min_rows }} r=${{ params.ratio }} ok=${{ true }}', 'n=100 r=0.25 ok=true'],
    ['tags=${{ params.tags }} cfg=${{ params.config }}', 'tags=["a","b"] cfg={"depth":3}'],
    ['[${{ params.nothing }}]', '[]'],
    ["${{ '}}' }}", '}}'],
    ["a${{ '${{' }}b", 'a${{b'],
    ['${{ 1 }}${{ 2 }}', '12'],
  ];
  for (const [text, want] of cases) {
    it(`${JSON.stringify(text)} → ${JSON.stringify(want)}`, () => assert.deepEqual(evaluateTemplate(text, scope), want));
  }

  it('throws located errors relative to the text', () => {
    const text = 'x=${{ tasks.extract.outputs.nope }}';
    assert.throws(
      () => evaluateTemplate(text, scope),
      (e: unknown) => e instanceof ExprEvalError && text.slice(e.start, e.end) === 'nope',
    );
    assert.throws(
      () => evaluateTemplate('x=${{ 1 + ', scope),
      (e: unknown) => e instanceof ExprEvalError && e.code === 'expression-syntax' && /close/.test(e.message),
    );
  });

  it('stringifyValue', () => {
    assert.deepEqual(
      [null, undefined, 'x', 1, 1.5, true, [1, 'a'], { a: null }].map(stringifyValue),
      ['', '', 'x', '1', '1.5', 'true', '[1,"a"]', '{"a":null}'],
    );
  });
});
