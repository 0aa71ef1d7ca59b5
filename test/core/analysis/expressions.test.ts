// Expression roots that exist only in some places: a task's exit code, the run's duration, a
// service's address, and the response an http task's `expect.condition` judges.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateText } from '../../../core/validate/validate';

function check(tasks: string): [string, string][] {
  const text = `apiVersion: weft/v1\nkind: Pipeline\nmetadata: {name: t}\ntasks:\n${tasks}`;
  return validateText('t.weft.yaml', text, {}).diagnostics.map((d) => [d.code, text.slice(d.start, d.end)]);
}

describe('expression roots', () => {
  it('tasks.<id>.exitCode is an integer (a list for a fan-out task), run.duration a number', () => {
    const tasks = `  a:\n    type: shell\n    run: exit 3\n    allowFailure: true\n  b:\n    type: shell\n    run: echo\n    foreach: {items: [1, 2]}\n  c:\n    type: check\n    assert:\n      - \${{ tasks.a.exitCode == 3 }}\n      - \${{ len(tasks.b.exitCode) == 2 }}\n      - \${{ run.duration < 3600.5 }}\n`;
    assert.deepEqual(check(tasks), []);
    assert.deepEqual(check(`  a:\n    type: shell\n    run: echo\n  c:\n    type: check\n    assert: ['\${{ tasks.a.exitCode }}']\n`).map((d) => d[0]), ['type-mismatch']);
  });

  it('response exists in an http task\'s expect.condition only', () => {
    const ok = `  call:\n    type: http\n    url: https://example.com\n    expect:\n      condition: \${{ response.status == 201 && contains(response.body, 'google') && response.headers.Server == 'gws' }}\n`;
    assert.deepEqual(check(ok), []);
    assert.deepEqual(check(`  call:\n    type: http\n    url: https://example.com/\${{ response.status }}\n`), [['unknown-reference', 'response']]);
    assert.deepEqual(check(`  call:\n    type: http\n    url: https://example.com\n    expect: {condition: '\${{ response.status }}'}\n`).map((d) => d[0]), ['type-mismatch']);
    assert.deepEqual(check(`  call:\n    type: http\n    url: https://example.com\n    expect: {condition: '\${{ response.code == 1 }}'}\n`), [['unknown-reference', 'code']]);
  });

  it("zip() turns a fan-out task's outputs into one object per item, typed by the outputs", () => {
    const oe = `  oe:\n    type: shell\n    run: echo\n    foreach: {items: [1, 2, 3]}\n    outputs: {num: {type: integer}, evenness: {type: string}}\n`;
    const use = (expr: string) => `  half:\n    type: shell\n    run: echo\n    foreach: {items: "\${{ zip(tasks.oe.outputs) }}"}\n    if: \${{ ${expr} }}\n`;
    assert.deepEqual(check(oe + use("item.evenness == 'even' && item.num > 1")), []);
    assert.deepEqual(check(oe + use('item.nope == 1')), [['unknown-reference', 'nope']]);
    assert.deepEqual(check(oe + use('item.num')).map((d) => d[0]), ['type-mismatch']);
  });
});
