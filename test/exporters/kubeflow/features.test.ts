// Kubeflow export of outputs read from files, output defaults, http conditions, and what KFP v2
// cannot run (approvals, services, exit codes, addresses, the run duration, path-less deletes).
// Steps are run for real where the machine can: the wrapper with sh, the http step with python3.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WRAPPER } from '../../../exporters/kubeflow/runners';
import { checkIr } from './strict';
import { exportKfpText } from './helpers';

const BASE = 'apiVersion: weft/v1\nkind: Pipeline\nmetadata: {name: t}\n';
const exp = (body: string) => {
  const r = exportKfpText('t.weft.yaml', BASE + body);
  assert.deepEqual(checkIr(r.content), [], 'strict');
  assert.equal(exportKfpText('t.weft.yaml', BASE + body).content, r.content, 'deterministic');
  return r;
};
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const noSh = !has('sh') && 'no sh';

/**
 * One executor's container as KFP would run it, in a scratch folder: `/tmp/weft` and `/work` moved
 * below `dir`, input placeholders filled from `inputs`, output files at `dir/kfp/<name>`.
 */
function step(spec: any, label: string, dir: string, inputs: Record<string, string> = {}): { command: string[]; args: string[] } {
  const c = spec.deploymentSpec.executors[label].container;
  const fill = (s: string): string =>
    s
      .replaceAll('/tmp/weft', `${dir}/t`)
      .replaceAll('/work', `${dir}/work`)
      .replace(/\{\{\$\.outputs\.parameters\['([^']+)'\]\.output_file\}\}/g, (_m, n: string) => `${dir}/kfp/${n}`)
      .replace(/\{\{\$\.inputs\.parameters\['([^']+)'\]\}\}/g, (m, n: string) => (n === 'weft-wrapper' ? WRAPPER.replaceAll('/tmp/weft', `${dir}/t`) : (inputs[n] ?? m)));
  return { command: c.command.map(fill), args: (c.args ?? []).map(fill) };
}

function runStep(spec: any, label: string, dir: string, inputs?: Record<string, string>) {
  const { command, args } = step(spec, label, dir, inputs);
  return spawnSync(command[0]!, [...command.slice(1), ...args], { encoding: 'utf8' });
}

describe('kubeflow export: value outputs read from a file (outputs.<o>.path) and defaults', () => {
  const body = `tasks:
  a:
    type: shell
    workdir: sub
    run: |
      printf 'hello\\n\\n' > msg.txt
      printf ' 42\\n' > n.txt
      printf '{"k": [1,\\n 2]}\\n' > obj.json
      printf 'True\\n' > flag.txt
    outputs:
      msg: {type: string, path: msg.txt}
      n: {type: integer, path: n.txt}
      obj: {type: object, path: obj.json}
      flag: {type: boolean, path: flag.txt}
      gone: {type: string, path: never.txt, default: fallback}
      said: {type: integer, default: 7}
`;

  it('the wrapper is told where each value is and what stands in for it', () => {
    const { spec, result } = exp(body);
    const args: string[] = spec.deploymentSpec.executors['exec-a'].container.args;
    const at = (opt: string, n: number) => args.flatMap((a, i) => (a === opt ? [args.slice(i + 1, i + 1 + n)] : []));
    assert.deepEqual(at('--from', 4), [
      ['msg', 'string', '/work/sub/msg.txt', "{{$.outputs.parameters['msg'].output_file}}"],
      ['n', 'integer', '/work/sub/n.txt', "{{$.outputs.parameters['n'].output_file}}"],
      ['obj', 'object', '/work/sub/obj.json', "{{$.outputs.parameters['obj'].output_file}}"],
      ['flag', 'boolean', '/work/sub/flag.txt', "{{$.outputs.parameters['flag'].output_file}}"],
      ['gone', 'string', '/work/sub/never.txt', "{{$.outputs.parameters['gone'].output_file}}"],
    ]);
    assert.deepEqual(at('--out', 2), [['said', "{{$.outputs.parameters['said'].output_file}}"]]);
    assert.deepEqual(at('--default', 2), [['gone', 'fallback'], ['said', '7']]);
    assert.deepEqual(spec.components['comp-a'].outputDefinitions.parameters.obj, { parameterType: 'STRUCT' });
    assert.ok(result.warnings.some((w) => w.feature === 'outputs.fromPath' && /emulated/.test(w.message)));
    assert.ok(result.warnings.some((w) => w.feature === 'outputs.default'));
  });

  it('running the step: file contents become the output files; a missing file takes the default or fails', { skip: (noSh || !has('bash')) && 'no sh/bash' }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'kfp-from-'));
    try {
      const { spec } = exp(body);
      const r = runStep(spec, 'exec-a', dir);
      assert.equal(r.status, 0, r.stderr);
      const out = (n: string) => readFileSync(join(dir, 'kfp', n), 'utf8');
      assert.equal(out('msg'), 'hello\n', 'a string loses one trailing newline');
      assert.equal(out('n'), '42');
      assert.deepEqual(JSON.parse(out('obj')), { k: [1, 2] });
      assert.equal(out('flag'), 'true');
      assert.equal(out('gone'), 'fallback', 'a missing file: the default');
      assert.equal(out('said'), '7', 'an unreported value: the default');

      const { spec: strict } = exp(`tasks:\n  a: {type: shell, run: 'true', outputs: {v: {type: string, path: out/v.txt}}}\n`);
      const f = runStep(strict, 'exec-a', join(dir, 'second'));
      assert.notEqual(f.status, 0, 'a missing file without a default fails the step');
      assert.match(f.stderr, /output v: the task did not write .*out\/v\.txt, and the output has no default/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('kubeflow export: http expect.condition', () => {
  const body = (url: string, condition: string) => `params: {want: {type: integer, default: 3}, word: {type: string, default: ok}}
tasks:
  h:
    type: http
    url: ${url}
    expect: {condition: "${condition}"}
`;
  const cond = "\${{ response.status == 200 && contains(response.body, params.word) && response.headers.x-count == string(params.want) && response.headers.Content-Type == 'text/plain' }}";

  it('the generated step evaluates the condition over the response; other values arrive as inputs', () => {
    const { spec, result } = exp(body('http://example.invalid/', cond));
    const args: string[] = spec.deploymentSpec.executors['exec-h'].container.args;
    const script = args[args.indexOf('/tmp/weft/step.py') + 1]!;
    assert.match(script, /response = \{"status": status, "body": text, "headers": _names\}/);
    assert.match(script, /_condition = "response\.status == 200 && contains/);
    assert.ok(args.join('\n').includes("--env\nWEFT_C0\n{{$.inputs.parameters['word']}}"));
    assert.ok(args.join('\n').includes("--env\nWEFT_C1\n{{$.inputs.parameters['want']}}"));
    assert.deepEqual(Object.keys(spec.root.dag.tasks.h.inputs.parameters).sort(), ['want', 'weft-wrapper', 'word']);
    assert.ok(result.warnings.some((w) => w.feature === 'task.http.condition' && /emulated/.test(w.message)));
    assert.ok(!result.warnings.some((w) => w.feature === 'task.http.condition' && /fails at run time/.test(w.message)));
  });

  it('running the step: a condition that holds passes, a false one fails quoting it', { skip: (noSh || !has('python3')) && 'no sh/python3' }, async () => {
    const server = createServer((req, res) => {
      res.writeHead(req.url === '/gone' ? 404 : 200, { 'Content-Type': 'text/plain', 'X-Count': req.url === '/bad' ? '4' : '3' });
      res.end('all is ok');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const port = (server.address() as AddressInfo).port;
    const dir = mkdtempSync(join(tmpdir(), 'kfp-http-'));
    const run = async (path: string, inputs: Record<string, string>, condition = cond) => {
      const { spec } = exp(body(`http://127.0.0.1:${port}${path}`, condition));
      const { command, args } = step(spec, 'exec-h', join(dir, path.slice(1) || 'root'), inputs);
      return new Promise<{ code: number; stderr: string }>((done) => {
        execFile(command[0]!, [...command.slice(1), ...args], { encoding: 'utf8' }, (err, _out, stderr) => done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr }));
      });
    };
    try {
      const ok = await run('/', { want: '3', word: 'ok' });
      assert.equal(ok.code, 0, ok.stderr);
      const bad = await run('/bad', { want: '3', word: 'ok' });
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /weft: the response does not meet the condition response\.status == 200 && contains\(response\.body, params\.word\)/);
      const word = await run('/', { want: '3', word: 'missing' });
      assert.equal(word.code, 1, 'the param reaches the condition');
      // Without expect.status the condition alone decides: a 404 it accepts passes.
      const gone = await run('/gone', {}, '${{ response.status == 404 }}');
      assert.equal(gone.code, 0, gone.stderr);
    } finally {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a condition that cannot be evaluated fails the step instead of being skipped', () => {
    const { spec, result } = exp(`${body('http://example.invalid/', '${{ response.status == 200 && run.duration < 10 && tasks.a.exitCode == 0 }}')}  a: {type: shell, run: 'true'}\n`);
    const c = spec.deploymentSpec.executors['exec-h'].container;
    assert.deepEqual(c.command.slice(0, 3), ['sh', '-c', 'echo "weft: $0" >&2; exit 1']);
    assert.match(c.command[3], /run\.duration: KFP v2 has no placeholder for the run duration; tasks\.a\.exitCode: KFP v2 has no placeholder/);
    assert.ok(result.warnings.some((w) => w.feature === 'expressions' && w.task === 'h' && /fails at run time/.test(w.message)));
  });
});

describe('kubeflow export: what KFP v2 cannot run fails loudly', () => {
  const body = `tasks:
  a: {type: shell, run: 'exit 0', allowFailure: true}
  db: {type: shell, run: 'postgres', service: {port: 5432}}
  approve: {type: wait, approval: {message: Ship it?}, outputs: {ok: {type: boolean, default: false}}}
  code: {type: shell, run: 'echo \${{ tasks.a.exitCode }}', needs: [a]}
  addr: {type: python, code: 'print(1)', env: {DB: '\${{ tasks.db.address }}'}}
  long: {type: container, image: alpine, args: ['\${{ run.duration }}']}
  gate: {type: shell, run: 'true', if: '\${{ tasks.a.exitCode == 0 }}'}
  check: {type: check, assert: ['\${{ tasks.a.exitCode == 0 }}']}
  until: {type: wait, until: '\${{ run.duration > 5 }}'}
  cleanup: {type: manifest, action: delete, flags: [configmap, --selector, app=x]}
  fine: {type: shell, run: 'echo fine'}
`;
  const failing = ['db', 'approve', 'code', 'addr', 'long', 'gate', 'check', 'until', 'cleanup'];

  it('each such step is a container that fails with the reason; nothing runs with a made-up value', () => {
    const { spec, content } = exp(body);
    for (const id of failing) {
      const c = spec.deploymentSpec.executors[`exec-${id}`].container;
      assert.deepEqual(c.command.slice(0, 3), ['sh', '-c', 'echo "weft: $0" >&2; exit 1'], id);
      assert.equal(c.args, undefined, id);
    }
    const why = (id: string): string => spec.deploymentSpec.executors[`exec-${id}`].container.command[3];
    assert.match(why('db'), /task db is a service/);
    assert.match(why('approve'), /task approve waits for a manual approval/);
    assert.match(why('code'), /tasks\.a\.exitCode: KFP v2 has no placeholder for a task's exit code/);
    assert.match(why('addr'), /tasks\.db\.address/);
    assert.match(why('long'), /run\.duration/);
    assert.match(why('gate'), /tasks\.a\.exitCode/);
    assert.match(why('check'), /tasks\.a\.exitCode/);
    assert.match(why('until'), /run\.duration/);
    assert.match(why('cleanup'), /manifest tasks do not run on Kubeflow/);
    assert.equal(spec.deploymentSpec.executors['exec-fine'].container.command[0], 'sh');
    assert.ok(spec.deploymentSpec.executors['exec-fine'].container.args.includes('echo fine'));
    // The references are not passed on as text.
    assert.doesNotMatch(content, /echo tasks\.a\.exitCode|- tasks\.db\.address|- run\.duration/);
    assert.equal(spec.root.dag.tasks.gate.triggerPolicy?.condition, undefined);
  });

  it('the warnings say so: the table rows, and the step failing at run time', () => {
    const { result } = exp(body);
    const w = (feature: string) => result.warnings.filter((x) => x.feature === feature);
    for (const f of ['task.wait.approval', 'task.service', 'expr.exitCode', 'expr.runDuration', 'task.manifest']) assert.ok(w(f).some((x) => /not expressible/.test(x.message)), f);
    assert.ok(w('if').some((x) => x.task === 'gate' && /the step fails at run time/.test(x.message)));
    assert.ok(!w('task.wait.until').some((x) => x.task === 'approve'), 'an approval is not an empty condition');
    for (const id of ['code', 'addr', 'long', 'gate', 'check', 'until']) assert.ok(w('expressions').some((x) => x.task === id && /the step fails at run time/.test(x.message)), id);
  });

  it('running a failing step exits non-zero with the message', { skip: noSh }, () => {
    const { spec } = exp(body);
    for (const id of ['approve', 'code']) {
      const c = spec.deploymentSpec.executors[`exec-${id}`].container;
      const r = spawnSync(c.command[0], c.command.slice(1), { encoding: 'utf8' });
      assert.equal(r.status, 1, id);
      assert.match(r.stderr, new RegExp(`^weft: task ${id} `));
    }
  });

  it('a fan-out over exit codes fails the step rather than looping over nothing', () => {
    const { spec } = exp(`tasks:
  a: {type: shell, run: 'true', foreach: {items: [1, 2]}}
  b: {type: shell, run: 'echo \${{ item }}', foreach: {items: '\${{ tasks.a.exitCode }}'}}
`);
    assert.match(spec.deploymentSpec.executors['exec-b'].container.command[3], /tasks\.a\.exitCode/);
  });
});
