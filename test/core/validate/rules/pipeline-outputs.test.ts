// A pipeline's own outputs (what a sub-pipeline reports): one expression each, of the declared
// type; the caller's pipeline task declares what it reads, file outputs without a path.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateText } from '../../../../core/validate/validate';

const TASKS = `tasks:
  double:
    type: shell
    run: echo
    foreach: {items: [1, 2]}
    outputs: {out: {type: integer}}
  add:
    type: shell
    run: echo
    outputs: {sum: {type: integer}, report: {type: file, path: r.txt}}
`;

function check(outputs: string, tasks = TASKS): [string, string][] {
  const text = `apiVersion: weft/v1\nkind: Pipeline\nmetadata: {name: t}\noutputs:\n${outputs}${tasks}`;
  return validateText('t.weft.yaml', text, {}).diagnostics.map((d) => [d.code, text.slice(d.start, d.end)]);
}

describe('pipeline outputs', () => {
  it('values, a fan-out list and a file passed on are clean', () => {
    assert.deepEqual(
      check(`  total: {type: integer, value: "\${{ tasks.add.outputs.sum }}"}
  each: {type: list, value: "\${{ tasks.double.outputs.out }}"}
  report: {type: file, value: "\${{ tasks.add.outputs.report }}"}
`),
      [],
    );
  });

  it('reports a value of another type, text around the expression, and an unknown task', () => {
    assert.deepEqual(check(`  bad: {type: integer, value: "\${{ tasks.add.outputs.report }}"}\n`), [['type-mismatch', '"${{ tasks.add.outputs.report }}"']]);
    assert.deepEqual(check(`  text: {type: string, value: "sum \${{ tasks.add.outputs.sum }}"}\n`).map((d) => d[0]), ['invalid-value']);
    assert.deepEqual(check(`  x: {type: integer, value: "\${{ tasks.ad.outputs.sum }}"}\n`), [['unknown-reference', 'ad']]);
    assert.ok(check(`  x: {type: metric, value: "\${{ tasks.add.outputs.sum }}"}\n`).length > 0, 'metric is not a pipeline output type');
  });

  it("a pipeline task declares the outputs it reads; its file outputs need no path", () => {
    const caller = `apiVersion: weft/v1\nkind: Pipeline\nmetadata: {name: c}\ntasks:\n  sub:\n    type: pipeline\n    pipeline: sub.weft.yaml\n    outputs: {total: {type: integer}, report: {type: file}}\n  use:\n    type: shell\n    run: cat "$R"\n    env: {R: "\${{ tasks.sub.outputs.report }}", T: "\${{ tasks.sub.outputs.total }}"}\n`;
    assert.deepEqual(validateText('c.weft.yaml', caller, {}).diagnostics, []);
  });
});
