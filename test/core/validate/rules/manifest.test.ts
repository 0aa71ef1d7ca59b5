// manifest tasks: the object parses and names apiVersion/kind, conditions read `path op value`,
// captures feed declared outputs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateText } from '../../../../core/validate/validate';

function check(task: string): { code: string; text: string; message: string }[] {
  const text = `apiVersion: weft/v1\nkind: Pipeline\nmetadata: {name: t}\ntasks:\n  job:\n    type: manifest\n${task}`;
  return validateText('t.weft.yaml', text, {}).diagnostics.map((d) => ({ code: d.code, text: text.slice(d.start, d.end), message: d.message }));
}

const JOB = `    manifest: |
      apiVersion: batch/v1
      kind: Job
      metadata: {generateName: j-}
`;

describe('manifest tasks', () => {
  it('a complete task is clean', () => {
    assert.deepEqual(
      check(`${JOB}    action: create
    successCondition: status.succeeded > 0
    failureCondition: "status.failed > 3, metadata.name in (a, b), !status.active"
    capture: {name: "{.metadata.name}"}
    outputs: {name: {type: string}}
`),
      [],
    );
  });

  it('reports a manifest that is not YAML, or lacks kind', () => {
    const bad = check(`    manifest: "a: [unclosed"\n`);
    assert.deepEqual(bad.map((d) => d.code), ['invalid-value']);
    assert.match(bad[0]!.message, /not valid YAML or JSON/);
    const kindless = check(`    manifest: "apiVersion: v1"\n`);
    assert.match(kindless[0]!.message, /'apiVersion' and 'kind'/);
  });

  it('a manifest with ${{ }} is checked after substitution, not here', () => {
    assert.deepEqual(check(`    manifest: "\${{ run.id }}"\n`), []);
  });

  it('reports a malformed condition test', () => {
    const d = check(`${JOB}    successCondition: "status.succeeded >"\n`);
    assert.deepEqual(d.map((x) => [x.code, x.text]), [['invalid-value', '"status.succeeded >"']]);
    assert.match(d[0]!.message, /'status.succeeded >'/);
  });

  it('reports a capture without a declared output, with a suggestion', () => {
    const d = check(`${JOB}    capture: {nam: "{.metadata.name}"}\n    outputs: {name: {type: string}}\n`);
    assert.deepEqual(d.map((x) => [x.code, x.text]), [['undeclared-output', 'nam']]);
    assert.match(d[0]!.message, /Did you mean 'name'\?/);
  });

  it('a delete may name its objects by flags instead of a manifest', () => {
    assert.deepEqual(check(`    action: delete\n    flags: [configmap, --selector, cleanup=true]\n`), []);
  });

  it('any other task without a manifest is told what to add', () => {
    const noFlags = check(`    action: delete\n`);
    assert.deepEqual(noFlags.map((x) => [x.code, x.text]), [['missing-required', 'job']]);
    assert.match(noFlags[0]!.message, /name what to delete with 'flags'/);
    const apply = check(`    flags: [configmap, --selector, a=b]\n`);
    assert.deepEqual(apply.map((x) => x.code), ['missing-required']);
    assert.match(apply[0]!.message, /object to apply.*only 'action: delete'/);
  });
});
