// The input-file and volume rule: `from` must name another task's file/dir output; volume
// mounts must name declared volumes (task, pipeline, or per-run claims).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateText } from '../../../../core/validate/validate';

function diagnostics(body: string): { code: string; message: string; text: string; suggestions?: string[] }[] {
  const text = `apiVersion: weft/v1\nkind: Pipeline\nmetadata: {name: t}\n${body}`;
  return validateText('t.weft.yaml', text, { fileExists: () => true }).diagnostics.map((d) => ({
    code: d.code,
    message: d.message,
    text: text.slice(d.start, d.end),
    ...(d.suggestions ? { suggestions: d.suggestions } : {}),
  }));
}

const producer = `
  gen:
    type: shell
    run: echo
    outputs:
      report: {type: file, path: out/report.txt}
      folder: {type: dir, path: out/all}
      rows: {type: integer}`;

describe('input-not-file', () => {
  it('accepts file and dir outputs, urls and content', () => {
    const ds = diagnostics(`tasks:${producer}
  use:
    type: shell
    run: cat in/r
    inputs:
      r: {path: in/r, from: "\${{ tasks.gen.outputs.report }}"}
      d: {path: in/d, from: "\${{ tasks.gen.outputs.folder }}"}
      u: {path: in/u, url: "s3://bucket/key"}
      c: {path: in/c, content: "x"}
`);
    assert.deepEqual(ds, []);
  });

  it('reports a value output, on the from value', () => {
    const ds = diagnostics(`tasks:${producer}
  use:
    type: shell
    run: cat in/r
    inputs:
      r: {path: in/r, from: "\${{ tasks.gen.outputs.rows }}"}
`);
    assert.equal(ds.length, 1);
    assert.equal(ds[0]!.code, 'input-not-file');
    assert.equal(ds[0]!.text, '"${{ tasks.gen.outputs.rows }}"');
    assert.match(ds[0]!.message, /which is a integer value, not a file/);
  });

  it('reports a fixed path and points to url or content', () => {
    const ds = diagnostics(`tasks:${producer}
  use:
    type: shell
    run: cat in/r
    inputs:
      r: {path: in/r, from: out/report.txt}
`);
    assert.deepEqual(ds.map((d) => [d.code, d.text]), [['input-not-file', 'out/report.txt']]);
    assert.match(ds[0]!.message, /use 'url' or 'content'/);
  });

  it('leaves unknown outputs to the expression rules (one diagnostic, not two)', () => {
    const ds = diagnostics(`tasks:${producer}
  use:
    type: shell
    run: cat in/r
    inputs:
      r: {path: in/r, from: "\${{ tasks.gen.outputs.reprt }}"}
`);
    assert.deepEqual(ds.map((d) => d.code), ['undeclared-output']);
  });
});

describe('unknown-volume', () => {
  const task = (mounts: string, volumes = '') => `
  build:
    type: container
    image: alpine
    kubernetes:${volumes}
      volumeMounts: ${mounts}`;

  it('accepts task volumes, pipeline volumes and per-run claims', () => {
    const ds = diagnostics(`kubernetes:
  volumes: [{name: shared, emptyDir: {}}]
  volumeClaimTemplates: [{metadata: {name: workdir}}]
tasks:${task('[{name: shared, mountPath: /s}, {name: workdir, mountPath: /w}, {name: own, mountPath: /o}]', '\n      volumes: [{name: own, configMap: {name: cfg}}]')}
`);
    assert.deepEqual(ds, []);
  });

  it('reports an undeclared volume with the closest name', () => {
    const ds = diagnostics(`kubernetes:
  volumeClaimTemplates: [{metadata: {name: workdir}}]
tasks:${task('[{name: workdr, mountPath: /w}]')}
`);
    assert.equal(ds.length, 1);
    assert.equal(ds[0]!.code, 'unknown-volume');
    assert.equal(ds[0]!.text, 'workdr');
    assert.deepEqual(ds[0]!.suggestions, ['workdir']);
  });

  it("does not see another task's volumes", () => {
    const ds = diagnostics(`tasks:${task('[{name: own, mountPath: /o}]', '\n      volumes: [{name: own, emptyDir: {}}]')}
  other:
    type: container
    image: alpine
    kubernetes:
      volumeMounts: [{name: own, mountPath: /o}]
`);
    assert.deepEqual(ds.map((d) => [d.code, d.text]), [['unknown-volume', 'own']]);
  });
});
