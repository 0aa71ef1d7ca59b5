import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseExpression, printExpr, tokenize, type Expr } from '../../../core/expr/index';

function parens(src: string): string {
  const r = parseExpression(src);
  assert.deepEqual(r.errors, [], `unexpected errors for ${src}`);
  return printExpr(r.ast!, { parens: true });
}

describe('parser: precedence and associativity', () => {
  const cases: [string, string][] = [
    ['1 + 2 * 3', '(1 + (2 * 3))'],
    ['1 * 2 + 3', '((1 * 2) + 3)'],
    ['1 - 2 - 3', '((1 - 2) - 3)'],
    ['8 / 4 / 2', '((8 / 4) / 2)'],
    ['7 % 3 * 2', '((7 % 3) * 2)'],
    ['(1 + 2) * 3', '((1 + 2) * 3)'],
    ['a || b && c', '(a || (b && c))'],
    ['a && b || c', '((a && b) || c)'],
    ['a == b && c != d', '((a == b) && (c != d))'],
    ['a < b == c >= d', '((a < b) == (c >= d))'],
    ['a <= b + 1', '(a <= (b + 1))'],
    ['a > b', '(a > b)'],
    ['!a && b', '((!a) && b)'],
    ['!!a', '(!(!a))'],
    ['-a * b', '((-a) * b)'],
    ['- -1', '(-(-1))'],
    ['-a.b', '(-a.b)'],
    ['!a.b[0]', '(!a.b[0])'],
    ['a ? b : c', '(a ? b : c)'],
    ['a ? b : c ? d : e', '(a ? b : (c ? d : e))'],
    ['a ? b ? c : d : e', '(a ? (b ? c : d) : e)'],
    ['a || b ? c + 1 : d', '((a || b) ? (c + 1) : d)'],
    ['a.b.c', 'a.b.c'],
    ["a['b'].c[1 + 2]", "a['b'].c[(1 + 2)]"],
    ['len(a) + 1', '(len(a) + 1)'],
    ['max(1, 2 * 3, min(4, 5))', 'max(1, (2 * 3), min(4, 5))'],
    ['f()', 'f()'],
    ['[1, [2, 3], []]', '[1, [2, 3], []]'],
    ['[1, 2][0]', '[1, 2][0]'],
    ["'a' + \"b\"", "('a' + 'b')"],
    ['true && false || null == null', '((true && false) || (null == null))'],
    ['1.5 + 2e3 + 10', '((1.5 + 2000.0) + 10)'],
    ['1.0', '1.0'],
  ];
  for (const [src, want] of cases) it(`${src}  ⇒  ${want}`, () => assert.equal(parens(src), want));
});

describe('parser: identifiers with hyphens', () => {
  const cases: [string, string][] = [
    ['tasks.load-data.outputs.x', 'tasks.load-data.outputs.x'],
    ['load-data', 'load-data'],
    ['a-b-c', 'a-b-c'],
    ['a_1-x', 'a_1-x'],
    ['a-1', '(a - 1)'],
    ['a - b', '(a - b)'],
    ['a -b', '(a - b)'],
    ['a- b', '(a - b)'],
    ['a--b', '(a - (-b))'],
    ['params.n-1', '(params.n - 1)'],
    ['x.true-ish', 'x.true-ish'],
  ];
  for (const [src, want] of cases) it(`${src}  ⇒  ${want}`, () => assert.equal(parens(src), want));
});

describe('parser: literals', () => {
  const lit = (src: string) => {
    const e = parseExpression(src).ast as Expr;
    assert.equal(e.kind, 'literal');
    return e.kind === 'literal' ? [e.value, e.literalType] : null;
  };
  it('integers and floats', () => {
    assert.deepEqual(lit('42'), [42, 'integer']);
    assert.deepEqual(lit('0'), [0, 'integer']);
    assert.deepEqual(lit('4.5'), [4.5, 'number']);
    assert.deepEqual(lit('1e3'), [1000, 'number']);
    assert.deepEqual(lit('2.5E-1'), [0.25, 'number']);
  });
  it('strings with escapes in both quote styles', () => {
    assert.deepEqual(lit(`'it\\'s'`), ["it's", 'string']);
    assert.deepEqual(lit(`"say \\"hi\\""`), ['say "hi"', 'string']);
    assert.deepEqual(lit(`'a\\\\b\\nc\\td'`), ['a\\b\nc\td', 'string']);
    assert.deepEqual(lit(`"it's"`), ["it's", 'string']);
    assert.deepEqual(lit(`''`), ['', 'string']);
  });
  it('keywords', () => {
    assert.deepEqual(lit('true'), [true, 'boolean']);
    assert.deepEqual(lit('false'), [false, 'boolean']);
    assert.deepEqual(lit('null'), [null, 'null']);
  });
});

describe('parser: ranges', () => {
  it('offsets all nodes by baseOffset', () => {
    const src = ' tasks.extract.outputs.rows >= params.min_rows ';
    const r = parseExpression(src, 1000);
    const e = r.ast!;
    assert.equal(e.kind, 'binary');
    if (e.kind !== 'binary') return;
    assert.equal(src.slice(e.start - 1000, e.end - 1000), 'tasks.extract.outputs.rows >= params.min_rows');
    assert.equal(src.slice(e.opStart - 1000, e.opEnd - 1000), '>=');
    const l = e.left;
    assert.equal(l.kind, 'member');
    if (l.kind !== 'member') return;
    assert.equal(src.slice(l.propStart - 1000, l.propEnd - 1000), 'rows');
    assert.equal(src.slice(l.object.start - 1000, l.object.end - 1000), 'tasks.extract.outputs');
  });
  it('calls, indexes, lists, parens and unary cover their text', () => {
    const src = "(-len([1, 2])['x'])";
    const e = parseExpression(src).ast!;
    assert.equal(e.kind, 'unary');
    assert.equal(src.slice(e.start, e.end), "-len([1, 2])['x']");
    if (e.kind !== 'unary' || e.operand.kind !== 'index') return assert.fail('shape');
    const call = e.operand.object;
    assert.equal(src.slice(call.start, call.end), 'len([1, 2])');
    if (call.kind !== 'call') return assert.fail('shape');
    assert.equal(src.slice(call.calleeStart, call.calleeEnd), 'len');
    assert.equal(src.slice(call.args[0]!.start, call.args[0]!.end), '[1, 2]');
  });
  it('tokenize gives absolute token ranges', () => {
    const toks = tokenize('a <= "x"', 10);
    assert.deepEqual(
      toks.map((t) => [t.kind, t.value, t.start, t.end]),
      [
        ['ident', 'a', 10, 11],
        ['punct', '<=', 12, 14],
        ['string', 'x', 15, 18],
        ['eof', '', 18, 18],
      ],
    );
  });
});

describe('parser: syntax errors', () => {
  // [source, message pattern, text covered by the error range (zero-width → '' at `at`)]
  const cases: [string, RegExp, string, number?][] = [
    ['1 +', /Expected an expression after '\+', found end of expression/, '', 3],
    ['', /Expected an expression, found end of expression/, '', 0],
    ['   ', /Expected an expression, found end of expression/, '', 3],
    [')', /Expected an expression, found '\)'/, ')'],
    ['(1 + 2', /Expected '\)' to close '\(', found end of expression/, '', 6],
    ['(1 + 2]', /Expected '\)' to close '\(', found '\]'/, ']'],
    ['a[1', /Expected '\]' to close '\[', found end of expression/, '', 3],
    ['a[]', /Expected an index expression inside '\[ \]'/, '[]'],
    ['[1, 2', /Expected ',' or '\]' in list, found end of expression/, '', 5],
    ['[1,]', /Expected an expression after ',', found '\]'/, ']'],
    ['len(1 2)', /Expected ',' or '\)' in argument list, found number 2/, '2'],
    ['a b', /Expected an operator or end of expression, found 'b'/, 'b'],
    ['1 2', /Expected an operator or end of expression, found number 2/, '2'],
    ["a 'x'", /found string 'x'/, "'x'"],
    ['a )', /Unexpected '\)': it has no matching opening bracket/, ')'],
    ['a ? b', /Expected ':' to separate the branches of '\? :', found end of expression/, '', 5],
    ['a ? b c', /Expected ':' .* found 'c'/, 'c'],
    ['a.', /Expected a property name after '\.', found end of expression/, '', 2],
    ['a.1', /Expected a property name after '\.', found number 1/, '1'],
    ['a.b(1)', /Only functions can be called/, '('],
    ['(a)(1)', /Only functions can be called/, '('],
    ['a = 1', /use '==' to compare/, '='],
    ['a & b', /use '&&'/, '&'],
    ['a | b', /use '\|\|'/, '|'],
    ['a @ b', /Unexpected character '@'/, '@'],
    ['a # b', /Unexpected character '#'/, '#'],
    ["'abc", /Unterminated string: expected a closing '/, "'abc"],
    ['"abc\\', /Unterminated string/, '"abc\\'],
    ["'a\\qb'", /Unknown escape '\\q'/, '\\q'],
    ['12abc', /Unexpected character 'a' after number 12/, 'a'],
    ['99999999999999999999', /too large/, '99999999999999999999'],
    ['1 + * 2', /Expected an expression after '\+', found '\*'/, '*'],
    ['!', /Expected an expression after '!', found end of expression/, '', 1],
    ['a ==', /Expected an expression after '==', found end of expression/, '', 4],
  ];
  for (const [src, pattern, covered, at] of cases) {
    it(`${JSON.stringify(src)} → ${pattern.source}`, () => {
      for (const base of [0, 500]) {
        const r = parseExpression(src, base);
        assert.equal(r.ast, null);
        assert.equal(r.errors.length, 1);
        const e = r.errors[0]!;
        assert.equal(e.code, 'expression-syntax');
        assert.match(e.message, pattern);
        assert.equal(src.slice(e.start - base, e.end - base), covered);
        if (at !== undefined) assert.equal(e.start - base, at);
      }
    });
  }

  it('rejects very deep nesting without overflowing the stack', () => {
    const r = parseExpression('('.repeat(5000) + '1' + ')'.repeat(5000));
    assert.equal(r.ast, null);
    assert.match(r.errors[0]!.message, /nested too deeply/);
    const u = parseExpression('!'.repeat(5000) + 'a');
    assert.match(u.errors[0]!.message, /nested too deeply/);
  });
});
