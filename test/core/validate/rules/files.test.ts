// A pipeline task's declared outputs against its sub-pipeline's top-level outputs, read through
// the host: missing ones (with the names it has), and types that differ.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateText, type ValidateHost } from '../../../../core/validate/validate';

const SUB = `apiVersion: weft/v1
kind: Pipeline
metadata: {name: sub}
outputs:
  total: {type: integer, value: "\${{ tasks.add.outputs.sum }}"}
  report: {type: file, value: "\${{ tasks.add.outputs.report }}"}
tasks:
  add:
    type: shell
    run: echo
    outputs: {sum: {type: integer}, report: {type: file, path: r.txt}}
`;

function check(outputs: string, files: Record<string, string> = { 'sub/sub.weft.yaml': SUB }): [string, string, string][] {
  const text = `apiVersion: weft/v1\nkind: Pipeline\nmetadata: {name: c}\ntasks:\n  run_sub:\n    type: pipeline\n    workdir: sub\n    pipeline: sub.weft.yaml\n    outputs: ${outputs}\n`;
  const host: ValidateHost = { fileExists: (p) => p in files, readFile: (p) => files[p] };
  return validateText('c.weft.yaml', text, host).diagnostics.map((d) => [d.code, text.slice(d.start, d.end), d.message]);
}

describe("a pipeline task's outputs and its sub-pipeline's", () => {
  it('outputs the sub-pipeline declares, of its types, are clean', () => {
    assert.deepEqual(check('{total: {type: integer}, report: {type: file}}'), []);
  });

  it('reports an output the sub-pipeline lacks, naming what it has, with a suggestion', () => {
    const d = check('{totl: {type: integer}}');
    assert.deepEqual(d.map((x) => [x[0], x[1]]), [['undeclared-output', 'totl']]);
    assert.match(d[0]![2], /has no output 'totl' \(it has total, report\).*Did you mean 'total'\?/);
  });

  it('reports a type that differs from the sub-pipeline\'s', () => {
    assert.deepEqual(check('{total: {type: string}}').map((x) => [x[0], x[1]]), [['type-mismatch', 'string']]);
  });

  it('a sub-pipeline without outputs, or one the host cannot read', () => {
    assert.match(check('{total: {type: integer}}', { 'sub/sub.weft.yaml': SUB.replace(/outputs:\n  total.*\n  report.*\n/, '') })[0]![2], /it declares none/);
    assert.deepEqual(check('{total: {type: integer}}', {}).map((x) => x[0]), ['pipeline-not-found']);
  });
});
