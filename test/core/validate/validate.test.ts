/**
 * Targeted behaviour of validateText beyond the catalogue examples (docs/rules.md): exact ranges,
 * messages, suggestions and related locations of each rule, recovery after syntax errors, and the
 * shipped samples validating clean. Every result is also checked for ranges inside the document.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { validateText, type ValidateHost, type ValidationResult } from '../../../core/validate/validate';
import type { Diagnostic } from '../../../core/diagnostics';
import { RULE_CODES, readCatalogue } from './catalogue';

const ROOT = join(__dirname, '..', '..', '..');
/** Files whose names start with `exists` exist; nothing else does. */
const testHost: ValidateHost = { fileExists: (p) => /(^|\/)exists/.test(p) };
const seenCodes = new Set<string>();

interface Checked {
  text: string;
  r: ValidationResult;
  ds: Diagnostic[];
  /** Diagnostics with this code. */
  of(code: string): Diagnostic[];
  /** The only diagnostic with this code (fails when there are none or several). */
  one(code: string): Diagnostic;
  /** The source text a range covers. */
  slice(d: { start: number; end: number }): string;
  /** 1-based `line:col` of a range's start. */
  at(d: { start: number }): string;
  show(): string;
}

function check(text: string, fileName = 'pipeline.weft.yaml', host: ValidateHost = testHost): Checked {
  const r = validateText(fileName, text, host);
  const ds = r.diagnostics;
  const inside = (x: { start: number; end: number }, what: string): void =>
    assert.ok(Number.isInteger(x.start) && Number.isInteger(x.end) && 0 <= x.start && x.start <= x.end && x.end <= text.length, `${what} range [${x.start}, ${x.end}) outside the document (length ${text.length})`);
  for (const d of ds) {
    seenCodes.add(d.code);
    inside(d, d.code);
    for (const rel of d.related ?? []) inside(rel, `related of ${d.code}`);
    assert.ok(d.message.trim().length > 0, `${d.code} has an empty message`);
    assert.ok(['error', 'warning', 'info', 'hint'].includes(d.severity));
  }
  const c: Checked = {
    text,
    r,
    ds,
    of: (code) => ds.filter((d) => d.code === code),
    one(code) {
      const found = c.of(code);
      assert.equal(found.length, 1, `expected exactly one ${code}, got:\n${c.show()}`);
      return found[0]!;
    },
    slice: (d) => text.slice(d.start, d.end),
    at(d) {
      const p = r.document.lines.positionAt(d.start);
      return `${p.line + 1}:${p.character + 1}`;
    },
    show: () => ds.map((d) => `  ${c.at(d)} ${d.severity} ${d.code} [${c.slice(d)}] ${d.message}`).join('\n') || '  (none)',
  };
  return c;
}

/** A complete pipeline around `body` (params/tasks/... at top level, 0-indented). */
const pipeline = (body: string): string => `apiVersion: weft/v1\nkind: Pipeline\nmetadata: {name: demo}\n${body.replace(/^\n/, '')}`;

/** Asserts the diagnostics are exactly these codes (in order). */
function codes(c: Checked, expected: string[]): void {
  assert.deepEqual(
    c.ds.map((d) => d.code),
    expected,
    `diagnostics:\n${c.show()}`,
  );
}

describe('schema: shape of the document', () => {
  it('unknown key: suggests the closest allowed key, range is just the key', () => {
    const c = check(
      pipeline(`
tasks:
  extract: {type: shell, run: ./extract.sh}
  load:
    type: shell
    nedds: [extract]
    run: ./load.sh
`),
    );
    const d = c.one('unknown-key');
    assert.equal(c.slice(d), 'nedds');
    assert.equal(c.at(d), '8:5');
    assert.equal(d.severity, 'error');
    assert.deepEqual(d.suggestions, ['needs']);
    assert.equal(d.message, "Unknown key 'nedds' in 'tasks.load'. Did you mean 'needs'?");
    codes(c, ['unknown-key']);
  });

  it('unknown key: does not suggest a key that is already present, and lists the allowed keys instead', () => {
    const c = check(
      pipeline(`
tasks:
  a: {type: shell, run: x}
  b: {type: shell, run: x, needs: [a], nedds: [a]}
`),
    );
    const d = c.one('unknown-key');
    assert.equal(c.slice(d), 'nedds');
    assert.equal(d.suggestions, undefined);
    assert.match(d.message, /Allowed keys: .*\bneeds\b/);
  });

  it('unknown key: a field of another task type is unknown (a shell task has no args)', () => {
    const c = check(pipeline(`
tasks:
  a: {type: shell, run: x, args: [y]}
`));
    const d = c.one('unknown-key');
    assert.equal(c.slice(d), 'args');
    assert.match(d.message, /'tasks\.a'/);
  });

  it('unknown key at the top level suggests the section name', () => {
    const c = check(`apiVersion: weft/v1\nkind: Pipeline\nmetadata: {name: demo}\ntask:\n  a: {type: shell, run: x}\n`);
    const d = c.one('unknown-key');
    assert.equal(c.slice(d), 'task');
    assert.deepEqual(d.suggestions, ['tasks']);
    const m = c.one('missing-required');
    assert.match(m.message, /missing required key 'tasks'/);
  });

  it('unknown task type: invalid-value on the type, suggests the closest type, no cascade on its fields', () => {
    const c = check(
      pipeline(`
tasks:
  extract:
    type: pyhton
    script: scripts/exists_extract.py
`),
    );
    const d = c.one('invalid-value');
    assert.equal(c.slice(d), 'pyhton');
    assert.deepEqual(d.suggestions, ['python']);
    assert.match(d.message, /Unknown task type 'pyhton'\. Did you mean 'python'\?/);
    codes(c, ['invalid-value']);
  });

  it('wrong type: a string where a list belongs; the message names the path, the expected and the found kind', () => {
    const c = check(
      pipeline(`
tasks:
  extract: {type: shell, run: x}
  load:
    type: shell
    needs: extract
    run: y
`),
    );
    const d = c.one('wrong-type');
    assert.equal(c.slice(d), 'extract');
    assert.equal(c.at(d), '8:12');
    assert.equal(d.message, "'tasks.load.needs' must be a list, but found a string ('extract').");
    codes(c, ['wrong-type']);
  });

  it('wrong type: a bare number as a duration carries the duration hint', () => {
    const c = check(pipeline(`
tasks:
  a: {type: shell, run: x, timeout: 30}
`));
    const d = c.one('wrong-type');
    assert.equal(c.slice(d), '30');
    assert.match(d.message, /'tasks\.a\.timeout' must be a string, but found an integer \(30\)\. Use a number and a unit/);
  });

  it('wrong type: a task with no value points at its key', () => {
    const c = check(pipeline(`
tasks:
  a:
  b: {type: shell, run: x}
`));
    const d = c.one('wrong-type');
    assert.equal(c.slice(d), 'a');
    assert.match(d.message, /'tasks\.a' must be a mapping, but found nothing/);
  });

  it('missing required: range is the task key, the message names the missing field', () => {
    const c = check(
      pipeline(`
tasks:
  archive:
    type: shell
    timeout: 5m
`),
    );
    const d = c.one('missing-required');
    assert.equal(c.slice(d), 'archive');
    assert.equal(c.at(d), '5:3');
    assert.equal(d.message, "'tasks.archive' is missing required key 'run'.");
    codes(c, ['missing-required']);
  });

  it('missing required: a python task with neither script nor code needs one of them', () => {
    const c = check(pipeline(`
tasks:
  train:
    type: python
    args: [--fast]
`));
    const d = c.one('missing-required');
    assert.equal(c.slice(d), 'train');
    assert.match(d.message, /needs one of 'script', 'code'/);
  });

  it('missing required: a file output without a path', () => {
    const c = check(pipeline(`
tasks:
  a:
    type: shell
    run: x
    outputs:
      report: {type: file}
`));
    const d = c.one('missing-required');
    assert.equal(c.slice(d), 'report');
    assert.match(d.message, /Output 'report' of task 'a' is a file and needs a 'path'/);
  });

  it('an empty file is missing everything', () => {
    const c = check('');
    const d = c.one('missing-required');
    assert.match(d.message, /empty/);
    assert.deepEqual([d.start, d.end], [0, 0]);
  });

  it('script and code both given: conflicting-keys on the second one', () => {
    const c = check(
      pipeline(`
tasks:
  train:
    type: python
    script: scripts/exists_train.py
    code: print("hi")
`),
    );
    const d = c.one('conflicting-keys');
    assert.equal(c.slice(d), 'code');
    assert.equal(d.message, "'tasks.train' takes only one of 'script', 'code'; found both 'script' and 'code'.");
    codes(c, ['conflicting-keys']);
  });

  it('enum values suggest the closest allowed value', () => {
    const c = check(
      pipeline(`
tasks:
  a: {type: shell, run: x}
  b: {type: shell, run: x, needs: [a], trigger: all_sucess}
  c: {type: http, url: "https://example.com", method: get}
`),
    );
    const [trigger, method] = c.of('invalid-value');
    assert.equal(c.slice(trigger!), 'all_sucess');
    assert.deepEqual(trigger!.suggestions, ['all_success']);
    assert.match(trigger!.message, /must be one of 'all_success', .*; found 'all_sucess'\. Did you mean 'all_success'\?/);
    assert.equal(c.slice(method!), 'get');
    assert.deepEqual(method!.suggestions, ['GET']);
    codes(c, ['invalid-value', 'invalid-value']);
  });

  it('constants suggest the only allowed value', () => {
    const c = check(`apiVersion: weft/v2\nkind: Pipeline\nmetadata: {name: demo}\ntasks:\n  a: {type: shell, run: x}\n`);
    const d = c.one('invalid-value');
    assert.equal(c.slice(d), 'weft/v2');
    assert.deepEqual(d.suggestions, ['weft/v1']);
  });

  it('invalid names: task ids, param names and the pipeline name', () => {
    const c = check(`apiVersion: weft/v1\nkind: Pipeline\nmetadata: {name: Daily_ETL}\nparams:\n  1st: {type: string, default: x}\ntasks:\n  load data: {type: shell, run: "echo \${{ params['1st'] }}"}\n`);
    const names = c.of('invalid-name');
    assert.deepEqual(names.map((d) => c.slice(d)), ['Daily_ETL', '1st', 'load data']);
    assert.match(names[0]!.message, /not a valid pipeline name/);
    assert.match(names[1]!.message, /not a valid param name/);
    assert.match(names[2]!.message, /not a valid task name/);
  });

  it('duplicate key inside a task: the later key, related to the first', () => {
    const c = check(pipeline(`
tasks:
  build:
    type: shell
    run: make build
    run: make test
`));
    const d = c.one('duplicate-key');
    assert.equal(c.at(d), '8:5');
    assert.equal(c.slice(d), 'run');
    assert.equal(d.related?.length, 1);
    assert.equal(c.at(d.related![0]!), '7:5');
  });

  it('duplicate needs entry is a warning on the repeat', () => {
    const c = check(pipeline(`
tasks:
  a: {type: shell, run: x}
  b: {type: shell, run: x, needs: [a, a]}
`));
    const d = c.one('duplicate-item');
    assert.equal(d.severity, 'warning');
    assert.equal(c.at(d), '6:39');
  });

  it('invalid durations: range is the value', () => {
    const c = check(pipeline(`
tasks:
  a: {type: wait, delay: 1h 30m, interval: 10sec}
`));
    const ds = c.of('invalid-duration');
    assert.deepEqual(ds.map((d) => c.slice(d)), ['1h 30m', '10sec']);
    assert.match(ds[0]!.message, /'1h 30m' is not a valid duration\. Use a number and a unit/);
    codes(c, ['invalid-duration', 'invalid-duration']);
  });
});

describe('task ids', () => {
  it('duplicate task id within tasks: on the later id, related to the first', () => {
    const text = pipeline(`
tasks:
  cleanup:
    type: shell
    run: rm -rf out/tmp
  cleanup:
    type: shell
    run: rm -rf out/cache
`);
    const c = check(text);
    const d = c.one('duplicate-task');
    assert.equal(d.start, text.lastIndexOf('cleanup:'));
    assert.equal(c.slice(d), 'cleanup');
    assert.match(d.message, /Task id 'cleanup' is defined twice/);
    assert.equal(d.related?.length, 1);
    assert.equal(d.related![0]!.start, text.indexOf('cleanup:'));
    assert.equal(c.slice(d.related![0]!), 'cleanup');
    codes(c, ['duplicate-task']);
  });

  it('duplicate task id across tasks and finally (and onFailure): related to the first', () => {
    const text = pipeline(`
tasks:
  cleanup: {type: shell, run: x}
onFailure:
  alert: {type: shell, run: x}
finally:
  cleanup: {type: shell, run: y}
  alert: {type: shell, run: y}
`);
    const c = check(text);
    const ds = c.of('duplicate-task');
    assert.equal(ds.length, 2, c.show());
    const [cleanup, alert] = ds;
    assert.equal(cleanup!.start, text.lastIndexOf('cleanup:'));
    assert.match(cleanup!.message, /Task id 'cleanup' is already used in tasks; ids must be unique across tasks, onFailure and finally\./);
    assert.equal(cleanup!.related![0]!.start, text.indexOf('cleanup:'));
    assert.equal(alert!.start, text.lastIndexOf('alert:'));
    assert.match(alert!.message, /already used in onFailure/);
    assert.equal(alert!.related![0]!.start, text.indexOf('alert:'));
  });
});

describe('dependencies', () => {
  it('unknown dependency: range is the needs entry, suggests the closest task id', () => {
    const c = check(pipeline(`
tasks:
  extract: {type: shell, run: x}
  load:
    type: shell
    needs: [extrct]
    run: y
`));
    const d = c.one('unknown-dependency');
    assert.equal(c.slice(d), 'extrct');
    assert.deepEqual(d.suggestions, ['extract']);
    assert.equal(d.message, "Task 'load' needs 'extrct', but there is no such task. Did you mean 'extract'?");
    codes(c, ['unknown-dependency']);
  });

  it('a main task cannot need a handler, and a handler cannot need a main task', () => {
    const c = check(pipeline(`
tasks:
  load: {type: shell, run: x, needs: [notify]}
onFailure:
  notify: {type: shell, run: y, needs: [load]}
`));
    const [a, b] = c.of('unknown-dependency');
    assert.equal(c.slice(a!), 'notify');
    assert.match(a!.message, /Task 'load' cannot need 'notify': 'notify' is a onFailure handler/);
    assert.equal(c.slice(b!), 'load');
    assert.match(b!.message, /Task 'notify' cannot need 'load': handlers in onFailure run after the main tasks/);
  });

  it('a cycle a → b → c → a reports the full path once, with every edge related', () => {
    const text = pipeline(`
tasks:
  a:
    type: shell
    needs: [c]
    run: x
  b:
    type: shell
    needs: [a]
    run: x
  c:
    type: shell
    needs: [b]
    run: x
`);
    const c = check(text);
    const d = c.one('dependency-cycle');
    assert.match(d.message, /a → b → c → a/);
    assert.equal(d.message, 'Dependency cycle: a → b → c → a. A pipeline must be acyclic; remove one of these dependencies.');
    // The edge that closes the cycle: a's `needs: [c]`.
    assert.equal(d.start, text.indexOf('[c]') + 1);
    assert.equal(c.slice(d), 'c');
    assert.equal(d.related?.length, 3);
    assert.deepEqual(d.related!.map((x) => x.message).sort(), ["'a' needs 'c'", "'b' needs 'a'", "'c' needs 'b'"]);
    assert.deepEqual(d.related!.map((x) => c.slice(x)).sort(), ['a', 'b', 'c']);
    codes(c, ['dependency-cycle']);
  });

  it('a self-dependency is worded as such', () => {
    const c = check(pipeline(`
tasks:
  s:
    type: shell
    needs: [s]
    run: x
`));
    const d = c.one('dependency-cycle');
    assert.equal(d.message, "Task 's' depends on itself. Remove this dependency.");
    assert.equal(c.at(d), '7:13');
    codes(c, ['dependency-cycle']);
  });

  it('a cycle through an expression reference (implied dependency) is found, pointing at the task id in the reference', () => {
    const text = pipeline(`
tasks:
  train:
    type: shell
    run: ./train.sh
    env:
      THRESHOLD: \${{ tasks.evaluate.outputs.threshold }}
    outputs:
      model: {type: file, path: out/model.json}
  evaluate:
    type: shell
    run: ./evaluate.sh "$MODEL"
    env:
      MODEL: \${{ tasks.train.outputs.model }}
    outputs:
      threshold: {type: number}
`);
    const c = check(text);
    const d = c.one('dependency-cycle');
    assert.match(d.message, /train → evaluate → train/);
    assert.equal(d.start, text.indexOf('tasks.evaluate') + 'tasks.'.length);
    assert.equal(c.slice(d), 'evaluate');
    assert.ok(d.related!.some((x) => /'train' refers to 'evaluate'/.test(x.message)), JSON.stringify(d.related));
    assert.ok(d.related!.some((x) => /'evaluate' refers to 'train'/.test(x.message)), JSON.stringify(d.related));
    codes(c, ['dependency-cycle']);
  });

  it('a task reading its own output depends on itself through an expression', () => {
    const c = check(pipeline(`
tasks:
  loop:
    type: shell
    run: x
    env: {N: "\${{ tasks.loop.outputs.n }}"}
    outputs: {n: {type: integer}}
`));
    const d = c.one('dependency-cycle');
    assert.equal(d.message, "Task 'loop' depends on itself (through an expression). Remove this dependency.");
    assert.equal(c.slice(d), 'loop');
  });

  it('an implied dependency alone is not a cycle, and handlers may read main tasks', () => {
    const c = check(pipeline(`
tasks:
  extract:
    type: shell
    run: x
    outputs: {rows: {type: integer}}
  load:
    type: shell
    needs: [extract]
    run: y
    env: {ROWS: "\${{ tasks.extract.outputs.rows }}"}
finally:
  record:
    type: shell
    run: z
    env:
      STATUS: \${{ run.status }}
      LOAD: \${{ tasks.load.status }}
`));
    codes(c, []);
  });
});

describe('expressions: ranges of unknown names', () => {
  const params = `params:\n  day: {type: string, default: "\${{ run.date }}"}\n`;
  // Each case: one occurrence of `dya` in a differently spelled scalar, plus a use of `day`.
  const cases: [string, string][] = [
    ['plain', `      X: \${{ params.dya }}`],
    ['double-quoted', `      X: "\${{ params.dya }}"`],
    ['double-quoted after an escape', `      X: "a\\tb \\"q\\" \${{ params.dya }}"`],
    ['single-quoted', `      X: '\${{ params.dya }}'`],
    ["single-quoted after ''", `      X: 'it''s \${{ params.dya }}'`],
    ['a template with two expressions', `      X: \${{ params.day }}-\${{ params.dya }}`],
    ['a literal block scalar', `      X: |\n        line one\n          echo \${{ params.dya }}`],
    ['a folded block scalar', `      X: >\n        folded\n        text \${{ params.dya }}`],
    ['a multi-line plain scalar', `      X: first\n        then \${{ params.dya }}`],
  ];
  for (const [what, line] of cases) {
    it(`in ${what}: only the member is the range`, () => {
      const text = pipeline(`${params}tasks:\n  t:\n    type: shell\n    run: echo "$DAY"\n    env:\n      DAY: \${{ params.day }}\n${line}\n`);
      const c = check(text);
      const d = c.one('unknown-reference');
      assert.equal(d.start, text.indexOf('dya'), c.show());
      assert.equal(c.slice(d), 'dya');
      assert.deepEqual(d.suggestions, ['day']);
      assert.equal(d.message, "Unknown param 'dya' in params. Did you mean 'day'?");
      codes(c, ['unknown-reference']);
    });
  }

  it('in `run: |`: only the member is the range', () => {
    const text = pipeline(`${params}tasks:\n  t:\n    type: shell\n    env: {DAY: "\${{ params.day }}"}\n    run: |\n      set -e\n      echo \${{ params.dya }}\n`);
    const c = check(text);
    const d = c.one('unknown-reference');
    assert.equal(d.start, text.indexOf('dya'));
    assert.equal(c.at(d), '12:23');
    assert.equal(c.slice(d), 'dya');
  });

  it('in a JSON file (with escapes before it): only the member is the range', () => {
    const text = `{
  "apiVersion": "weft/v1",
  "kind": "Pipeline",
  "metadata": {"name": "demo"},
  "params": {"day": {"type": "string", "default": "x"}},
  "tasks": {
    "t": {"type": "shell", "run": "echo \\"$DAY\\" \${{ params.dya }}", "env": {"DAY": "\${{ params.day }}"}}
  }
}
`;
    const c = check(text, 'pipeline.weft.json');
    const d = c.one('unknown-reference');
    assert.equal(d.start, text.indexOf('dya'));
    assert.equal(c.slice(d), 'dya');
    assert.deepEqual(d.suggestions, ['day']);
    codes(c, ['unknown-reference']);
  });

  it('when an escape sits inside the expression, the whole scalar is the range', () => {
    const text = pipeline(`${params}tasks:\n  t:\n    type: shell\n    run: x\n    env:\n      DAY: \${{ params.day }}\n      X: "\${{ 'a\\n' + params.dya }}"\n`);
    const c = check(text);
    const d = c.one('unknown-reference');
    assert.equal(c.slice(d), `"\${{ 'a\\n' + params.dya }}"`);
  });

  it('unknown task, unknown run field, unknown root name, secrets', () => {
    const c = check(pipeline(`
secrets:
  token: {env: TOKEN}
tasks:
  load:
    type: shell
    run: x
  t:
    type: shell
    run: y
    env:
      A: \${{ tasks.lod.status }}
      B: \${{ run.dat }}
      C: \${{ parms.x }}
      D: \${{ secrets.tokn }}
`));
    const ds = c.of('unknown-reference');
    assert.deepEqual(ds.map((d) => c.slice(d)), ['lod', 'dat', 'parms', 'tokn']);
    assert.deepEqual(ds.map((d) => d.suggestions), [['load'], ['date'], ['params'], ['token']]);
    assert.match(ds[0]!.message, /Unknown task 'lod' in tasks\. Did you mean 'load'\?/);
  });

  it('param defaults see only run and pipeline', () => {
    const c = check(pipeline(`
params:
  a: {type: string, default: x}
  b: {type: string, default: "\${{ params.a }}-\${{ pipeline.name }}"}
tasks:
  t: {type: shell, run: x, env: {A: "\${{ params.a }}\${{ params.b }}"}}
`));
    const d = c.one('unknown-reference');
    assert.equal(c.slice(d), 'params');
    assert.match(d.message, /Available: run, pipeline/);
  });

  it('a webhook secret that is not declared', () => {
    const c = check(pipeline(`
secrets:
  hook_token: {env: HOOK}
triggers:
  - webhook: {path: /hooks/x, secret: hook_tokn}
tasks:
  t: {type: shell, run: x}
`));
    const d = c.one('unknown-reference');
    assert.equal(c.slice(d), 'hook_tokn');
    assert.deepEqual(d.suggestions, ['hook_token']);
  });

  it('a pinned position for a task that does not exist is a warning', () => {
    const c = check(pipeline(`
tasks:
  t: {type: shell, run: x}
layout:
  pinned:
    t: [0, 0]
    gone: [10, 20]
`));
    const d = c.one('unknown-reference');
    assert.equal(d.severity, 'warning');
    assert.equal(c.slice(d), 'gone');
  });
});

describe('expressions: outputs, types, functions', () => {
  const extract = `tasks:\n  extract:\n    type: shell\n    run: x\n    outputs:\n      rows: {type: integer}\n      raw: {type: file, path: out/raw.csv}\n`;

  it('undeclared output: range is the output name, suggests the declared one', () => {
    const text = pipeline(`${extract}  load:\n    type: shell\n    run: y\n    env:\n      ROWS: \${{ tasks.extract.outputs.rws }}\n`);
    const c = check(text);
    const d = c.one('undeclared-output');
    assert.equal(c.slice(d), 'rws');
    assert.equal(d.start, text.indexOf('rws'));
    assert.deepEqual(d.suggestions, ['rows']);
    assert.match(d.message, /^Unknown output 'rws' in outputs of task 'extract'\. Did you mean 'rows'\? Declare it under tasks\.extract\.outputs/);
    codes(c, ['undeclared-output']);
  });

  it('undeclared output of a task with no outputs at all; an unknown task is an unknown-reference instead', () => {
    const c = check(pipeline(`
tasks:
  a: {type: shell, run: x}
  b: {type: shell, run: y, env: {X: "\${{ tasks.a.outputs.n }}", Y: "\${{ tasks.nope.outputs.n }}"}}
`));
    const d = c.one('undeclared-output');
    assert.equal(c.slice(d), 'n');
    assert.match(d.message, /none are declared/);
    assert.equal(c.slice(c.one('unknown-reference')), 'nope');
  });

  it('type mismatch: a non-boolean `if`', () => {
    const c = check(pipeline(`
params:
  n: {type: integer, default: 3}
tasks:
  t:
    type: shell
    if: \${{ params.n }}
    run: x
`));
    const d = c.one('type-mismatch');
    assert.equal(c.slice(d), '${{ params.n }}');
    assert.equal(d.message, "'if' must be boolean, but the expression is integer.");
    codes(c, ['type-mismatch']);
  });

  it('type mismatch: plain text in `if` suggests wrapping it in ${{ }}', () => {
    const c = check(pipeline(`
params:
  n: {type: integer, default: 3}
tasks:
  t:
    type: shell
    if: params.n > 1
    run: x
    env: {N: "\${{ params.n }}"}
`));
    const d = c.one('type-mismatch');
    assert.equal(c.slice(d), 'params.n > 1');
    assert.deepEqual(d.suggestions, ['"${{ params.n > 1 }}"']);
  });

  it('type mismatch: text around the ${{ }} of a wait `until` makes it a string', () => {
    const c = check(pipeline(`
tasks:
  w: {type: wait, until: "ready: \${{ run.attempt > 1 }}"}
`));
    const d = c.one('type-mismatch');
    assert.equal(c.slice(d), '"ready: ${{ run.attempt > 1 }}"');
    assert.equal(d.message, "'until' must be a single `${{ }}` expression of type boolean; text around it makes it a string.");
    codes(c, ['type-mismatch']);
  });

  it('type mismatch: a check assertion that is not boolean, and one comparing a string with an integer', () => {
    const c = check(
      pipeline(`
params:
  day: {type: string, default: x}
${extract}  gate:
    type: check
    assert:
      - \${{ tasks.extract.outputs.rows }}
      - \${{ params.day == 3 }}
      - "\${{ tasks.extract.outputs.rows >= '100' }}"
      - \${{ tasks.extract.outputs.rows >= 100 }}
`),
    );
    const [notBool, eq, cmp] = c.of('type-mismatch');
    assert.equal(c.slice(notBool!), '${{ tasks.extract.outputs.rows }}');
    assert.equal(notBool!.message, 'This assertion must be boolean, but the expression is integer.');
    assert.equal(c.slice(eq!), 'params.day == 3');
    assert.equal(eq!.message, "Cannot compare a string with an integer using '==': they are never equal.");
    assert.equal(c.slice(cmp!), "tasks.extract.outputs.rows >= '100'");
    assert.equal(cmp!.message, "Operator '>=' cannot compare an integer with a string.");
    codes(c, ['type-mismatch', 'type-mismatch', 'type-mismatch']);
  });

  it('type mismatch: adding a string and a number, and a wrong argument type', () => {
    const c = check(pipeline(`
params:
  day: {type: string, default: x}
tasks:
  t:
    type: shell
    run: x
    env:
      A: \${{ params.day + 1 }}
      B: \${{ round(1.5, 'two') }}
`));
    const [add, arg] = c.of('type-mismatch');
    assert.equal(c.slice(add!), 'params.day + 1');
    assert.match(add!.message, /use format\(\) or string\(\)/);
    assert.equal(c.slice(arg!), "'two'");
    assert.match(arg!.message, /round\(\) expects digits to be integer/);
  });

  it('type mismatch: a param default that does not match its type', () => {
    const c = check(pipeline(`
params:
  rows: {type: integer, default: "many"}
tasks:
  t: {type: shell, run: x, env: {R: "\${{ params.rows }}"}}
`));
    const d = c.one('type-mismatch');
    assert.equal(c.slice(d), '"many"');
    assert.equal(d.message, "The default of param 'rows' is string, but the param is declared integer.");
  });

  it('a param default outside its enum is an invalid-value', () => {
    const c = check(pipeline(`
params:
  mode: {type: string, enum: [full, incremental], default: ful}
tasks:
  t: {type: shell, run: x, env: {M: "\${{ params.mode }}"}}
`));
    const d = c.one('invalid-value');
    assert.equal(c.slice(d), 'ful');
    assert.match(d.message, /not one of its allowed values \("full", "incremental"\)/);
  });

  it('unknown function suggests the closest; wrong arity points at the extra arguments or the call', () => {
    const c = check(pipeline(`
params:
  regions: {type: list, items: {type: string}, default: [a, b]}
tasks:
  t:
    type: shell
    run: x
    env:
      A: \${{ uper(join(params.regions)) }}
      B: \${{ join(params.regions, ',', ';', '.') }}
      C: \${{ split('a,b') }}
      D: \${{ format('{0}-{1}', 'x') }}
`));
    const fn = c.one('unknown-function');
    assert.equal(c.slice(fn), 'uper');
    assert.deepEqual(fn.suggestions, ['upper']);
    const [extra, few, fmt] = c.of('wrong-arity');
    assert.equal(c.slice(extra!), "';', '.'");
    assert.equal(extra!.message, 'join() takes 1 to 2 arguments, but 4 were given.');
    assert.equal(c.slice(few!), "split('a,b')");
    assert.match(few!.message, /split\(\) takes 2 arguments, but 1 was given/);
    assert.equal(c.slice(fmt!), "'{0}-{1}'");
    assert.match(fmt!.message, /format\(\) uses \{1\} but only 1 value was given/);
  });

  it('expression syntax: the offending token, the unclosed ${{, the end of an expression', () => {
    const c = check(pipeline(`
tasks:
  t:
    type: shell
    run: x
    env:
      A: \${{ 1 +* 2 }}
      B: \${{ run.date }
      C: \${{ run.date + }}
`));
    const [tok, unclosed, end] = c.of('expression-syntax');
    assert.equal(c.slice(tok!), '*');
    assert.match(tok!.message, /Expected an expression after '\+', found '\*'/);
    assert.equal(c.slice(unclosed!), '${{');
    assert.match(unclosed!.message, /Unclosed expression/);
    assert.equal(end!.start, end!.end, 'end of expression is a zero-width range');
    // At the end of the inner text, just before the closing `}}`.
    assert.equal(c.text.slice(end!.start - 2, end!.start + 2), '+ }}');
  });
});

describe('fan-out', () => {
  it('foreach over an integer param is not a list', () => {
    const c = check(pipeline(`
params:
  n: {type: integer, default: 3}
tasks:
  t:
    type: shell
    foreach:
      items: "\${{ params.n }}"
    run: echo "$I"
    env: {I: "\${{ item }}"}
`));
    const d = c.one('foreach-not-list');
    assert.equal(c.slice(d), '${{ params.n }}');
    assert.equal(d.message, "'foreach.items' must yield a list, but the expression is integer.");
    codes(c, ['foreach-not-list']);
  });

  it('foreach over plain text, or text around the expression, is not a list', () => {
    const c = check(pipeline(`
params:
  regions: {type: list, items: {type: string}, default: [a]}
tasks:
  a: {type: shell, run: x, foreach: {items: emea}}
  b: {type: shell, run: x, foreach: {items: "list \${{ params.regions }}"}}
`));
    const [plain, text] = c.of('foreach-not-list');
    assert.equal(c.slice(plain!), 'emea');
    assert.match(plain!.message, /plain string/);
    assert.equal(c.slice(text!), '"list ${{ params.regions }}"');
    assert.match(text!.message, /text around it makes it a string/);
  });

  it('`item` outside a foreach task', () => {
    const c = check(pipeline(`
tasks:
  t:
    type: shell
    run: echo \${{ item }}
`));
    const d = c.one('unknown-reference');
    assert.equal(c.slice(d), 'item');
    assert.equal(d.message, "'item' exists only in a task with 'foreach'. Add `foreach: {items: ...}` to this task or remove the reference.");
  });

  it('`item` inside a foreach task has the items\' type; fan-out outputs are lists', () => {
    const c = check(pipeline(`
params:
  rates: {type: list, items: {type: number}, default: [0.1, 1.0]}
tasks:
  train:
    type: shell
    foreach: {items: "\${{ params.rates }}", parallelism: 2}
    run: ./train.sh
    env:
      LR: \${{ item * 2 }}
      BAD: \${{ upper(item) }}
    outputs:
      acc: {type: metric}
  pick:
    type: check
    assert: ["\${{ max(tasks.train.outputs.acc) > 0.5 }}", "\${{ len(tasks.train.outputs.acc) > 0 }}"]
`));
    // upper() of a number, and max() of a list (it wants numbers).
    const ds = c.of('type-mismatch');
    assert.deepEqual(ds.map((d) => c.slice(d)), ['item', 'tasks.train.outputs.acc']);
  });
});

describe('schedule', () => {
  const withCron = (cron: string, extra = ''): string => pipeline(`
schedule:
  cron: ${cron}${extra}
tasks:
  t: {type: shell, run: x}
`);

  it('invalid cron: the range is the bad field only', () => {
    const text = withCron('"0 25 * * *"');
    const c = check(text);
    const d = c.one('invalid-cron');
    assert.equal(c.slice(d), '25');
    assert.equal(d.start, text.indexOf('25'));
    assert.equal(d.message, "Invalid cron hour '25': 25 is outside 0-23.");
    codes(c, ['invalid-cron']);
  });

  it('invalid cron: the bad field in single quotes, unquoted, and with leading spaces', () => {
    for (const cron of ["'0 0 * 13 *'", '0 0 * 13 *', '"  0 0 * 13 *"']) {
      const text = withCron(cron);
      const c = check(text);
      const d = c.one('invalid-cron');
      assert.equal(c.slice(d), '13', cron);
      assert.match(d.message, /month '13'/);
    }
  });

  it('invalid cron: names, ranges, steps and lists', () => {
    const cases: [string, string, RegExp][] = [
      ['"0 0 * * FUN"', 'FUN', /day of week 'FUN'/],
      ['"5-1 * * * *"', '5-1', /runs backwards/],
      ['"*/0 * * * *"', '*/0', /step '0' must be a positive whole number/],
      ['"1,,2 * * * *"', '1,,2', /empty list item/],
      ['"0 0 * * 8"', '8', /8 is outside 0-7/],
    ];
    for (const [cron, bad, msg] of cases) {
      const c = check(withCron(cron));
      const d = c.one('invalid-cron');
      assert.equal(c.slice(d), bad, cron);
      assert.match(d.message, msg);
    }
  });

  it('a six-field cron (with seconds) is rejected as a whole', () => {
    const c = check(withCron('"0 0 2 * * *"'));
    const d = c.one('invalid-cron');
    assert.equal(c.slice(d), '0 0 2 * * *');
    assert.match(d.message, /has 5 fields .*; found 6\. Weft uses five fields \(no seconds\)\./);
  });

  it('macros, names, steps, lists and 7-as-Sunday are accepted; an unknown macro is not', () => {
    for (const cron of ['"@daily"', '"@hourly"', '"@ANNUALLY"', '"30 2 * * MON-FRI"', '"*/15 8-18 1,15 JAN-JUN 7"', '"0 0 * * sun"']) {
      codes(check(withCron(cron)), []);
    }
    const c = check(withCron('"@dayly"'));
    const d = c.one('invalid-cron');
    assert.equal(c.slice(d), '@dayly');
    assert.match(d.message, /Unknown cron macro '@dayly'/);
  });

  it('invalid time zone: range is the value, with suggestions', () => {
    const c = check(withCron('"0 2 * * *"', '\n  timezone: America/NewYork'));
    const d = c.one('invalid-timezone');
    assert.equal(c.slice(d), 'America/NewYork');
    assert.equal(d.suggestions?.[0], 'America/New_York');
    assert.match(d.message, /^Unknown time zone 'America\/NewYork'\. Use an IANA name .* Did you mean 'America\/New_York'/);
    codes(check(withCron('"0 2 * * *"', '\n  timezone: Europe/Kyiv')), []);
    codes(check(withCron('"0 2 * * *"', '\n  timezone: UTC')), []);
    assert.equal(check(withCron('"0 2 * * *"', '\n  timezone: "+03:00"')).one('invalid-timezone').suggestions, undefined);
  });

  it('schedule start/end must be ISO dates', () => {
    const c = check(withCron('"@daily"', '\n  start: 2025-13-01\n  end: "2026-12-31T23:59:59Z"'));
    const d = c.one('invalid-value');
    assert.equal(c.slice(d), '2025-13-01');
    assert.match(d.message, /'schedule\.start' must be an ISO date/);
  });
});

describe('params', () => {
  it('an unused param is a warning on its name', () => {
    const c = check(pipeline(`
params:
  min_rows: {type: integer, default: 100}
tasks:
  t: {type: shell, run: ./load.sh --min-rows 100}
`));
    const d = c.one('unused-param');
    assert.equal(d.severity, 'warning');
    assert.equal(c.slice(d), 'min_rows');
    assert.equal(d.message, "Param 'min_rows' is declared but never used. Reference it as ${{ params.min_rows }} or remove it.");
    codes(c, ['unused-param']);
  });

  it('a param used only in args, only in a sub-pipeline `with`, only in foreach.items, only in the pipeline env, or only in a handler is used', () => {
    const c = check(pipeline(`
params:
  day: {type: string, default: "\${{ run.date }}"}
  model: {type: string, default: m}
  regions: {type: list, default: [a]}
  tz: {type: string, default: UTC}
  channel: {type: string, default: ops}
env:
  TZ: \${{ params.tz }}
tasks:
  extract:
    type: python
    script: scripts/exists_extract.py
    args: [--day, "\${{ params.day }}"]
  evaluate:
    type: pipeline
    pipeline: exists_evaluate.weft.yaml
    with: {model: "\${{ params.model }}"}
    foreach: {items: "\${{ params.regions }}"}
onFailure:
  alert:
    type: shell
    run: ./alert.sh
    env: {CHANNEL: "\${{ params.channel }}"}
`));
    codes(c, []);
  });
});

describe('referenced files', () => {
  it('a missing script, SQL file or sub-pipeline; paths are relative to workdir', () => {
    const text = pipeline(`
tasks:
  a: {type: python, script: scripts/extract.py}
  b: {type: node, script: exists.mjs, workdir: web}
  c: {type: sql, database: db.sqlite, file: sql/report.sql}
  d: {type: pipeline, pipeline: child.weft.yaml}
  e: {type: python, script: "\${{ 'dynamic.py' }}"}
  f: {type: python, script: run.py, workdir: exists_dir}
`);
    const c = check(text);
    const scripts = c.of('script-not-found');
    assert.deepEqual(scripts.map((d) => c.slice(d)), ['scripts/extract.py', 'sql/report.sql']);
    assert.match(scripts[0]!.message, /^Script 'scripts\/extract\.py' of task 'a' does not exist \(paths are relative to the pipeline file's folder\)/);
    assert.match(scripts[1]!.message, /^SQL file 'sql\/report\.sql'/);
    const sub = c.one('pipeline-not-found');
    assert.equal(c.slice(sub), 'child.weft.yaml');
    codes(c, ['script-not-found', 'script-not-found', 'pipeline-not-found']);
  });

  it('the workdir is part of the path asked for', () => {
    const asked: string[] = [];
    const c = check(pipeline(`
tasks:
  a: {type: python, script: build.py, workdir: reporting/}
`), 'pipeline.weft.yaml', { fileExists: (p) => (asked.push(p), false) });
    assert.deepEqual(asked, ['reporting/build.py']);
    assert.match(c.one('script-not-found').message, /relative to the task's workdir 'reporting'/);
  });

  it('without a file host, files are not checked', () => {
    codes(check(pipeline(`
tasks:
  a: {type: python, script: nowhere.py}
`), 'pipeline.weft.yaml', {}), []);
  });
});

describe('syntax errors do not hide the rest', () => {
  it('a broken YAML line plus an unknown key elsewhere reports both', () => {
    const text = pipeline(`
tasks:
  a:
    type: shell
    run: echo
     timeout: 1m
  b:
    type: shell
    run: echo
    nedds: [a]
`);
    const c = check(text);
    const syntax = c.one('syntax');
    assert.equal(c.at(syntax), '8:13');
    assert.match(syntax.message, /^YAML syntax error: bad indentation of a mapping entry\./);
    const key = c.one('unknown-key');
    assert.equal(c.slice(key), 'nedds');
    assert.equal(key.start, text.indexOf('nedds'));
    assert.deepEqual(key.suggestions, ['needs']);
    codes(c, ['syntax', 'unknown-key']);
  });

  it('only the first YAML error is reported, and the blanked text causes no missing-required echo', () => {
    const c = check(pipeline(`
tasks:
  a:
    type: shell
    run: "echo unclosed
  b:
    type: shell
    run: echo
`));
    const d = c.one('syntax');
    // js-yaml stops at the end of the file; the report moves to the line the string opens on.
    assert.match(d.message, /a quoted string on this line is never closed/);
    assert.equal(c.at(d), '7:5');
    codes(c, ['syntax']);
  });

  it('a required key on the broken line is not reported missing (no echo of the syntax error)', () => {
    const c = check(pipeline(`
tasks:
  a:
    type: shell
    run: 'echo' x
    timeout: 1m
  b:
    type: shell
    nedds: []
    run: x
`));
    assert.equal(c.at(c.one('syntax')), '7:17');
    assert.equal(c.slice(c.one('unknown-key')), 'nedds');
    codes(c, ['syntax', 'unknown-key']);
  });

  it('a YAML error in one task still lets expression rules run in another', () => {
    const c = check(pipeline(`
params:
  day: {type: string, default: x}
tasks:
  a:
    type: shell
    run: echo
      bad: indent: here
  b:
    type: shell
    run: echo \${{ params.dya }}
`));
    assert.equal(c.of('syntax').length, 1, c.show());
    assert.equal(c.slice(c.one('unknown-reference')), 'dya');
  });

  it('a JSON syntax error plus an unknown key elsewhere reports both (jsonc-parser is tolerant)', () => {
    const text = `{
  "apiVersion": "weft/v1",
  "kind": "Pipeline",
  "metadata": {"name": "demo"}
  "tasks": {
    "a": {"type": "shell", "run": "echo", "nedds": []}
  }
}
`;
    const c = check(text, 'pipeline.weft.json');
    const syntax = c.one('syntax');
    assert.equal(c.at(syntax), '5:3');
    assert.match(syntax.message, /^JSON syntax error: comma expected\. Separate entries with a comma\./);
    const key = c.one('unknown-key');
    assert.equal(key.start, text.indexOf('"nedds"'));
    assert.deepEqual(key.suggestions, ['needs']);
    codes(c, ['syntax', 'unknown-key']);
  });

  it('JSON has no comments', () => {
    const text = `{\n  // a comment\n  "apiVersion": "weft/v1", "kind": "Pipeline", "metadata": {"name": "demo"},\n  "tasks": {"a": {"type": "shell", "run": "x"}}\n}\n`;
    const c = check(text, 'pipeline.weft.json');
    const d = c.one('syntax');
    assert.equal(d.start, text.indexOf('//'));
    assert.match(d.message, /JSON has no comments/);
    codes(c, ['syntax']);
  });

  it('JSON errors at the end of the text stay inside the document', () => {
    for (const text of ['', '{', '{"apiVersion": ', '{"a": 1']) {
      const c = check(text, 'pipeline.weft.json');
      assert.ok(c.of('syntax').length >= 1, JSON.stringify(text));
    }
  });

  it('YAML errors at the end of the text stay inside the document', () => {
    for (const text of ['a: [1, 2', 'a: "abc', 'tasks:\n  a: {type: shell, run: "${{ params.x']) {
      const c = check(text);
      assert.ok(c.of('syntax').length === 1, JSON.stringify(text));
    }
  });
});

describe('samples', () => {
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.weft\.(ya?ml|json)$/.test(n)) files.push(p);
    }
  };
  walk(join(ROOT, 'samples'));

  it('there are samples in both spellings', () => {
    assert.ok(files.length >= 5, files.join(', '));
    assert.ok(files.some((f) => f.endsWith('.json')));
  });

  for (const file of files) {
    it(`${file.slice(ROOT.length + 1)} validates with no diagnostics (real file host)`, () => {
      const host: ValidateHost = { fileExists: (p) => existsSync(resolve(dirname(file), p)) };
      const c = check(readFileSync(file, 'utf8'), file, host);
      codes(c, []);
    });
  }
});

describe('known bugs (reported, not fixed here)', () => {
  it('a task whose type is not a string is reported', () => {
    for (const t of ['5', '[shell]', '']) {
      const c = check(pipeline(`tasks:\n  a:\n    type: ${t}\n    run: x\n`));
      assert.ok(c.ds.some((d) => d.severity === 'error'), `type: ${t}`);
    }
  });

  it('impossible schedule dates are rejected', () => {
    for (const date of ['"2025-02-30"', '"2025-04-31"']) {
      const c = check(pipeline(`schedule:\n  cron: "@daily"\n  start: ${date}\ntasks:\n  t: {type: shell, run: x}\n`));
      assert.equal(c.of('invalid-value').length, 1, date);
    }
  });

  it('keys that differ only in YAML type (1 and "1") are duplicates', () => {
    const c = check(pipeline(`tasks:\n  t:\n    type: shell\n    run: x\n    env:\n      1: a\n      "1": b\n`));
    assert.equal(c.of('duplicate-key').length, 1);
  });

  it('a list param default is checked against items.type', () => {
    const c = check(pipeline(`params:\n  ns: {type: list, items: {type: integer}, default: [1, "two"]}\ntasks:\n  t: {type: shell, run: x, env: {N: "\${{ params.ns }}"}}\n`));
    assert.equal(c.of('type-mismatch').length, 1);
  });
});

describe('known bugs, continued', () => {
  it('an unclosed quote does not hide the problems before it', () => {
    const c = check(pipeline(`tasks:\n  z:\n    type: shell\n    nedds: []\n    run: x\n  a:\n    type: shell\n    run: "echo unclosed\n`));
    assert.equal(c.of('unknown-key').length, 1, c.show());
  });

  it('an unclosed [ does not merge the next task into this one', () => {
    const c = check(pipeline(`tasks:\n  a:\n    type: shell\n    run: echo\n    needs: [b\n  b:\n    type: shell\n    run: echo\n`));
    codes(c, ['syntax']);
  });
});

describe('known bugs and doubtful behaviour, messages', () => {
  it('in JSON, a suggestion is a bare value for the quoted token its range covers', () => {
    const text = `{"apiVersion": "weft/v1", "kind": "Pipeline", "metadata": {"name": "demo"}, "tasks": {"a": {"type": "shell", "run": "x", "nedds": []}}}`;
    const c = check(text, 'pipeline.weft.json');
    const d = c.one('unknown-key');
    assert.equal(c.slice(d), '"nedds"');
    assert.equal(d.suggestions![0], 'needs');
    const fixed = text.slice(0, d.start) + JSON.stringify(d.suggestions![0]!) + text.slice(d.end);
    assert.doesNotThrow(() => JSON.parse(fixed), fixed);
  });

  it('a top-level unknown key reads well', () => {
    const c = check(`apiVersion: weft/v1\nkind: Pipeline\nmetadata: {name: demo}\nzzz: 1\ntasks:\n  a: {type: shell, run: x}\n`);
    assert.doesNotMatch(c.one('unknown-key').message, /in The pipeline/);
  });

  it('an expression default is checked against the param type', () => {
    const c = check(pipeline(`params:\n  n: {type: integer, default: "\${{ run.date }}"}\ntasks:\n  t: {type: shell, run: x, env: {N: "\${{ params.n }}"}}\n`));
    assert.equal(c.of('type-mismatch').length, 1);
  });
});

describe('input files and volumes', () => {
  it("an input's from must name another task's file output", () => {
    const c = check(pipeline(`tasks:
  a: {type: shell, run: x, outputs: {n: {type: integer}}}
  b: {type: shell, run: x, inputs: {f: {path: f, from: "\${{ tasks.a.outputs.n }}"}}}
`));
    assert.equal(c.slice(c.one('input-not-file')), '"${{ tasks.a.outputs.n }}"');
  });

  it('a volume mount must name a declared volume', () => {
    const c = check(pipeline(`tasks:
  a: {type: container, image: alpine, kubernetes: {volumes: [{name: data}], volumeMounts: [{name: date, mountPath: /d}]}}
`));
    assert.equal(c.slice(c.one('unknown-volume')), 'date');
  });
});

describe('the catalogue covers what the rules produce', () => {
  it('every code seen in these tests is in the rule list and has a section in docs/rules.md', () => {
    const { catalogue } = readCatalogue();
    for (const code of seenCodes) {
      assert.ok((RULE_CODES as readonly string[]).includes(code), `code '${code}' is produced but not in RULE_CODES`);
      assert.ok(catalogue.sections.has(code), `code '${code}' is produced but has no section in docs/rules.md`);
    }
    // These tests exercise every documented code at least once.
    const unseen = RULE_CODES.filter((c) => !seenCodes.has(c));
    assert.deepEqual(unseen, []);
  });
});
