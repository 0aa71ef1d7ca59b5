import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyse } from '../../../core/analysis/analyse';
import { parseDocument } from '../../../core/syntax/parse';

const HEAD = 'apiVersion: weft/v1\nkind: Pipeline\nmetadata: {name: p}\n';
const run = (text: string, name = 'p.weft.yaml') => {
  const doc = parseDocument(name, text);
  assert.deepEqual(doc.syntaxErrors, [], 'test input must parse');
  return { doc, a: analyse(doc) };
};
const codes = (a: ReturnType<typeof analyse>): string[] => a.expressions.diagnostics.map((d) => d.code);

describe('analyse: implied dependencies', () => {
  const text = `${HEAD}tasks:
  report:
    type: shell
    run: "echo \${{ tasks.train.outputs.acc }} \${{ tasks.prep.status }}"
  train:
    type: shell
    run: echo \${{ tasks.prep.outputs.rows }}
    outputs:
      acc: {type: number}
  prep:
    type: shell
    run: echo
    outputs:
      rows: {type: integer}
`;

  it('adds an expression edge per referenced task, ranged on the task id', () => {
    const { a } = run(text);
    const edges = a.graph.edges.map((e) => ({ from: e.from, to: e.to, kind: e.kind, text: text.slice(e.start, e.end) }));
    assert.deepEqual(
      edges.sort((x, y) => `${x.from}${x.to}`.localeCompare(`${y.from}${y.to}`)),
      [
        { from: 'prep', to: 'report', kind: 'expression', text: 'prep' },
        { from: 'prep', to: 'train', kind: 'expression', text: 'prep' },
        { from: 'train', to: 'report', kind: 'expression', text: 'train' },
      ],
    );
    for (const e of a.graph.edges) {
      // The range is the id inside `tasks.<id>`: just after `tasks.`.
      assert.equal(text.slice(e.start - 'tasks.'.length, e.start), 'tasks.');
    }
    assert.deepEqual(a.graph.order, ['prep', 'train', 'report']);
    assert.deepEqual(a.graph.cycles, []);
    assert.deepEqual(codes(a), []);
  });

  it('prefers the needs entry when a task both needs and references another', () => {
    const t = `${HEAD}tasks:
  a:
    type: shell
    run: echo
    outputs: {n: {type: integer}}
  b:
    type: shell
    needs: [a]
    run: echo \${{ tasks.a.outputs.n }}
`;
    const { a } = run(t);
    assert.equal(a.graph.edges.length, 1);
    assert.equal(a.graph.edges[0]!.kind, 'needs');
    assert.equal(t.slice(a.graph.edges[0]!.start, a.graph.edges[0]!.end), 'a');
    assert.deepEqual(a.needs.map((n) => [n.task, n.section, n.target, t.slice(n.start, n.end)]), [['b', 'tasks', 'a', 'a']]);
  });

  it('makes a reference cycle a graph cycle', () => {
    const t = `${HEAD}tasks:
  a:
    type: shell
    run: echo \${{ tasks.b.status }}
  b:
    type: shell
    run: echo \${{ tasks.a.status }}
`;
    const { a } = run(t);
    assert.deepEqual(a.graph.cycles.map((c) => c.path), [['a', 'b', 'a']]);
    assert.deepEqual(a.graph.cycles[0]!.edges.map((e) => [e.kind, t.slice(e.start, e.end)]), [
      ['expression', 'a'],
      ['expression', 'b'],
    ]);
    assert.deepEqual(a.graph.order, []);
  });

  it('counts references in foreach.items as dependencies', () => {
    const t = `${HEAD}tasks:
  list:
    type: shell
    run: echo
    outputs: {names: {type: list}}
  each:
    type: shell
    foreach:
      items: \${{ tasks.list.outputs.names }}
    run: echo \${{ item }}
`;
    const { a } = run(t);
    assert.deepEqual(a.graph.edges.map((e) => `${e.from}>${e.to}:${e.kind}`), ['list>each:expression']);
    assert.deepEqual(codes(a), []);
  });

  it('works the same on the JSON spelling', () => {
    const t = JSON.stringify({
      apiVersion: 'weft/v1',
      kind: 'Pipeline',
      metadata: { name: 'p' },
      tasks: { a: { type: 'shell', run: 'echo', outputs: { n: { type: 'integer' } } }, b: { type: 'shell', run: 'echo ${{ tasks.a.outputs.n }}' } },
    }, null, 2);
    const { a } = run(t, 'p.weft.json');
    assert.deepEqual(a.graph.edges.map((e) => [e.from, e.to, e.kind, t.slice(e.start, e.end)]), [['a', 'b', 'expression', 'a']]);
  });
});

describe('analyse: handler sections', () => {
  const text = `${HEAD}tasks:
  main:
    type: shell
    run: echo
onFailure:
  alert:
    type: shell
    needs: [main]
    run: echo \${{ tasks.main.status }} \${{ run.failedTasks }}
finally:
  cleanup:
    type: shell
    needs: [tidy]
    run: echo
  tidy:
    type: shell
    needs: [cleanup]
    run: echo
`;

  it('keeps handlers out of the main graph', () => {
    const { a } = run(text);
    assert.deepEqual(a.graph.nodes.map((n) => n.id), ['main']);
    assert.deepEqual(a.graph.order, ['main']);
    assert.deepEqual(a.graph.edges, []);
    // The needs entries are still recorded as written.
    assert.deepEqual(a.needs.map((n) => `${n.section}:${n.task}>${n.target}`), ['onFailure:alert>main', 'finally:cleanup>tidy', 'finally:tidy>cleanup']);
  });

  it('still reports cycles among handlers', () => {
    const { a } = run(text);
    assert.deepEqual(a.graph.cycles.map((c) => c.path), [['cleanup', 'tidy', 'cleanup']]);
  });

  it('lets handlers see run.failedTasks and every task; main tasks cannot see handlers', () => {
    const { a } = run(text);
    assert.deepEqual(codes(a), []);
    const t = `${HEAD}tasks:
  main:
    type: shell
    run: echo \${{ tasks.alert.status }} \${{ run.failedTasks }}
onFailure:
  alert:
    type: shell
    run: echo
`;
    const r = run(t).a;
    assert.equal(codes(r).length, 2, JSON.stringify(r.expressions.diagnostics));
    assert.ok(r.expressions.diagnostics.every((d) => d.start >= t.indexOf('tasks.alert') && d.end <= t.indexOf('\nonFailure')));
  });
});

describe('analyse: fan-out outputs', () => {
  const pipeline = (consumer: string): string => `${HEAD}params:
  rates: {type: list, items: {type: number}, default: [0.1, 0.2]}
tasks:
  train:
    type: shell
    foreach:
      items: \${{ params.rates }}
    run: echo \${{ item }}
    outputs:
      acc: {type: number}
  single:
    type: shell
    run: echo
    outputs:
      acc: {type: number}
  use:
    type: shell
    ${consumer}
    run: echo
`;

  it('types a fan-out output as a list for consumers', () => {
    const { a } = run(pipeline('if: ${{ len(tasks.train.outputs.acc) > 1 }}'));
    assert.deepEqual(codes(a), []);
    const acc = a.expressions.expressions.find((e) => e.node.value === '${{ len(tasks.train.outputs.acc) > 1 }}');
    assert.deepEqual(acc?.type, { kind: 'boolean' });
  });

  it('rejects comparing a fan-out output with a number', () => {
    const text = pipeline('if: ${{ tasks.train.outputs.acc > 1 }}');
    const { a } = run(text);
    const d = a.expressions.diagnostics.filter((x) => x.code === 'type-mismatch');
    assert.equal(d.length, 1, JSON.stringify(a.expressions.diagnostics));
    assert.match(d[0]!.message, /list/);
    assert.ok(d[0]!.start >= text.indexOf('${{ tasks.train') && d[0]!.end <= text.indexOf(' }}', text.indexOf('${{ tasks.train')) + 3);
  });

  it('keeps a plain task output scalar', () => {
    assert.deepEqual(codes(run(pipeline('if: ${{ tasks.single.outputs.acc > 1 }}')).a), []);
    assert.deepEqual(codes(run(pipeline('if: ${{ len(tasks.single.outputs.acc) > 1 }}')).a), ['type-mismatch']);
  });

  it('gives the whole-value expression the list type', () => {
    const text = pipeline('env: {A: "${{ tasks.train.outputs.acc }}"}');
    const e = run(text).a.expressions.expressions.find((x) => x.node.value === '${{ tasks.train.outputs.acc }}');
    assert.deepEqual(e?.type, { kind: 'list', items: { kind: 'number' } });
  });
});

describe('analyse: params defaults', () => {
  it('can use run but not tasks (nor params)', () => {
    const text = `${HEAD}params:
  day: {type: string, default: "\${{ run.date }}"}
  from_task: {type: string, default: "\${{ tasks.a.status }}"}
  from_param: {type: string, default: "\${{ params.day }}"}
tasks:
  a:
    type: shell
    run: echo \${{ params.day }}
`;
    const { a } = run(text);
    const ds = a.expressions.diagnostics;
    assert.deepEqual(ds.map((d) => [d.code, text.slice(d.start, d.end)]), [
      ['unknown-reference', 'tasks'],
      ['unknown-reference', 'params'],
    ]);
    // A default reading tasks is no dependency: params exist before tasks.
    assert.deepEqual(a.graph.edges, []);
  });
});

describe('analyse: located expressions', () => {
  it('locates every ${{ }} at its source text', () => {
    const text = `${HEAD}params:
  day:
    type: string
    default: \${{ run.date }}
tasks:
  a:
    type: shell
    run: 'echo "x" \${{ params.day }}-\${{ run.id }} \${{ params.day }}'
    env:
      D: "quoted \\"\${{ params.day }}\\""
    args:
      - \${{ pipeline.name }}
  b:
    type: shell
    run: |
      echo \${{ tasks.a.status }}
      echo \${{ len('x') }}
`;
    const { a } = run(text);
    assert.deepEqual(codes(a), []);
    const found = a.expressions.expressions.map((e) => text.slice(e.start, e.end));
    assert.deepEqual(found, [
      '${{ run.date }}',
      '${{ params.day }}',
      '${{ run.id }}',
      '${{ params.day }}',
      '${{ params.day }}',
      '${{ pipeline.name }}',
      '${{ tasks.a.status }}',
      "${{ len('x') }}",
    ]);
    // Repeated sources in one scalar are located one after the other, not all at the first.
    const inRun = a.expressions.expressions.filter((e) => e.node.value === `echo "x" \${{ params.day }}-\${{ run.id }} \${{ params.day }}`);
    assert.equal(inRun.length, 3);
    assert.ok(inRun[0]!.start < inRun[1]!.start && inRun[1]!.start < inRun[2]!.start);
    // Task attribution.
    assert.deepEqual(a.expressions.expressions.map((e) => e.task?.id), [undefined, 'a', 'a', 'a', 'a', 'a', 'b', 'b']);
  });

  it('falls back to the whole scalar when the source text differs from the value inside ${{ }}', () => {
    const text = `${HEAD}tasks:
  a:
    type: shell
    run: "\${{ len(\\"ab\\") }}"
`;
    const { a } = run(text);
    assert.equal(a.expressions.expressions.length, 1);
    const e = a.expressions.expressions[0]!;
    assert.equal(e.node.value, '${{ len("ab") }}');
    assert.equal(text.slice(e.start, e.end), '"${{ len(\\"ab\\") }}"');
    assert.deepEqual(codes(a), []);
  });

  it('points diagnostics inside the expression', () => {
    const text = `${HEAD}tasks:
  a:
    type: shell
    run: "echo \${{ params.nope }}"
`;
    const d = run(text).a.expressions.diagnostics;
    assert.equal(d.length, 1);
    assert.equal(d[0]!.code, 'unknown-reference');
    assert.equal(text.slice(d[0]!.start, d[0]!.end), 'nope');
  });

  it('types embedded expressions as strings and whole values by their expression', () => {
    const text = `${HEAD}params:
  n: {type: integer, default: 1}
tasks:
  a:
    type: shell
    run: echo \${{ params.n }}
    retries: \${{ params.n }}
`;
    const types = run(text).a.expressions.expressions.map((e) => e.type.kind);
    assert.deepEqual(types, ['string', 'integer']);
  });
});
