// The shared run-time helpers of the Python exports (exporters/python/runtime.ts), executed for
// real with python3 on temp files: staging inputs (inline content with its mode, a copy of an
// upstream file or folder, an http(s) fetch from a local server, a git checkout, optional inputs
// whose source is missing), allowed failures, polling; and `platform` settings as keyword
// arguments, hostile keys and values included.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PY_RUNTIME, PY_RUNTIME_NAMES, containerOnlyPaths, pyInputs, pyRuntime, runtimeClosure, unfetchableInputs } from '../../../exporters/python/runtime';
import { mergeKwargs, platformKwargs, platformPlaces } from '../../../exporters/python/platform';
import { pyStr } from '../../../exporters/python/source';
import { pythonStructure } from './structure';

const python = spawnSync('python3', ['--version']).status === 0;
const git = spawnSync('git', ['--version']).status === 0;

/** Runs a program after every shared helper (and its imports); returns stdout, stderr and the status. */
function runWithRuntime(program: string, cwd: string) {
  const { defs, imports } = pyRuntime(PY_RUNTIME_NAMES);
  const code = [...imports.map((m) => `import ${m}`), ...defs, program].join('\n\n');
  return spawnSync('python3', ['-c', code], { cwd, encoding: 'utf8', timeout: 60_000 });
}

describe('the shared Python runtime', { skip: !python && 'python3 not installed' }, () => {
  it('every helper compiles; a used helper brings the helpers it calls and their imports', () => {
    const { defs, imports } = pyRuntime(PY_RUNTIME_NAMES);
    const s = pythonStructure([...imports.map((m) => `import ${m}`), ...defs].join('\n\n\n'));
    assert.equal(s.ok, true, s.error);
    // Top-level definitions come first (ast.walk is breadth-first); nested ones (a class's methods) after.
    assert.deepEqual(s.functions.slice(0, PY_RUNTIME.length).map((f) => f.name), PY_RUNTIME.map((r) => r[0]));
    assert.deepEqual([...runtimeClosure(['_weft_stage'])].sort(), ['_weft_fetch', '_weft_stage']);
    const one = pyRuntime(['_weft_run']);
    assert.deepEqual(one.defs.map((d) => /^def (\w+)/.exec(d)![1]), ['_weft_decode', '_weft_collect', '_weft_run']);
    assert.deepEqual(one.imports, ['json', 'os', 'subprocess', 'tempfile']);
  });

  it('stages inputs for real: content with its mode, an upstream file and folder, http, optional sources that are missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-stage-'));
    try {
      mkdirSync(join(dir, 'up', 'out', 'model'), { recursive: true });
      writeFileSync(join(dir, 'up', 'out', 'data.csv'), 'a,b\n1,2\n');
      writeFileSync(join(dir, 'up', 'out', 'model', 'weights.bin'), 'W');
      mkdirSync(join(dir, 'www'));
      writeFileSync(join(dir, 'www', 'words.txt'), 'alpha beta\n');
      const inputs = pyInputs(
        { apiVersion: 'weft/v1', kind: 'Pipeline', metadata: { name: 'p' }, tasks: {} },
        {
          note: { path: 'in/note.txt', content: 'hi ${{ params.who }} "quoted" \\ é', mode: 416 },
          data: { path: 'in/data.csv', from: '${{ tasks.up.outputs.data }}' },
          model: { path: 'in/model', from: '${{ tasks.up.outputs.model }}' },
          words: { path: 'in/words.txt', url: 'http://127.0.0.1:PORT/words.txt' },
          gone: { path: 'in/gone.txt', url: 'http://127.0.0.1:PORT/missing.txt', optional: true },
          failed: { path: 'in/failed.txt', from: '${{ tasks.flaky.outputs.report }}', optional: true },
          nofile: { path: 'in/nofile.txt', from: '${{ tasks.up.outputs.nofile }}', optional: true },
          blob: { path: 'in/blob', url: 'azure://container/blob', optional: true },
        },
        // A stand-in translator: params and task outputs read from dicts, as a target's resolver would.
        (text, asText, where) => {
          if (where.startsWith('inputs.note')) return `"hi " + params["who"] + ${pyStr(' "quoted" \\ é')}`;
          const m = /outputs\.(\w+)/.exec(text);
          if (m) return where.includes('failed') ? 'up_failed["report"]' : `up[${pyStr(m[1]!)}]`;
          return asText ? pyStr(text) : 'None';
        },
        (wd) => (wd === '' ? pyStr(join(dir, 'up')) : 'None'),
      );
      const program = `
import http.server, threading, functools, os, sys
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(http.server.SimpleHTTPRequestHandler, directory=${pyStr(join(dir, 'www'))}))
threading.Thread(target=server.serve_forever, daemon=True).start()
PORT = str(server.server_address[1])
params = {"who": "world"}
up = {"data": "out/data.csv", "model": "out/model", "nofile": "out/nothing-here.txt"}
up_failed = {"__weft_failed__": "RuntimeError: exit 3"}
inputs = [
${inputs.join(',\n')}
]
for spec in inputs:
    if "url" in spec:
        spec["url"] = spec["url"].replace("PORT", PORT)
_weft_stage(${pyStr(join(dir, 'task'))}, inputs)
server.shutdown()
print("staged")
`;
      const r = runWithRuntime(program, dir);
      assert.equal(r.status, 0, r.stderr);
      const task = join(dir, 'task');
      assert.equal(readFileSync(join(task, 'in', 'note.txt'), 'utf8'), 'hi world "quoted" \\ é');
      assert.equal(statSync(join(task, 'in', 'note.txt')).mode & 0o777, 0o640);
      assert.equal(readFileSync(join(task, 'in', 'data.csv'), 'utf8'), 'a,b\n1,2\n');
      assert.equal(readFileSync(join(task, 'in', 'model', 'weights.bin'), 'utf8'), 'W');
      assert.equal(readFileSync(join(task, 'in', 'words.txt'), 'utf8'), 'alpha beta\n');
      for (const absent of ['gone.txt', 'failed.txt', 'nofile.txt', 'blob', 'gone.txt.weft-part']) assert.equal(existsSync(join(task, 'in', absent)), false, absent);
      assert.match(r.stderr, /optional input gone is missing \(HTTP Error 404/);
      assert.match(r.stderr, /optional input failed is missing \(the upstream output is not available \(KeyError: 'report'\)\)/);
      assert.match(r.stderr, /optional input blob is missing \(azure:\/\/ inputs are not fetched/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a required input whose source is missing fails with its name; nothing is left half-written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-stage-'));
    try {
      const r = runWithRuntime(`_weft_stage(${pyStr(dir)}, [{"name": "data", "path": "in/data.csv", "from": lambda: "nope.csv", "base": ${pyStr(dir)}}])`, dir);
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /RuntimeError: input data \(in\/data\.csv\): .*No such file or directory/);
      assert.equal(existsSync(join(dir, 'in', 'data.csv')), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a git input is a checkout at the revision (argv lists: a hostile revision is refused)', { skip: !git && 'git not installed' }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-git-'));
    try {
      const repo = join(dir, 'repo');
      const g = (...args: string[]) => spawnSync('git', ['-C', repo, '-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { encoding: 'utf8' });
      mkdirSync(repo);
      g('init', '-q');
      writeFileSync(join(repo, 'f.txt'), 'one\n');
      g('add', 'f.txt');
      g('commit', '-q', '-m', 'one');
      const first = g('rev-parse', 'HEAD').stdout.trim();
      writeFileSync(join(repo, 'f.txt'), 'two\n');
      g('commit', '-q', '-am', 'two');
      const url = `git+file://${repo}`;
      const r = runWithRuntime(
        `_weft_stage(${pyStr(dir)}, [{"name": "src", "path": "checkout", "url": ${pyStr(`${url}#${first}`)}}, {"name": "bad", "path": "bad", "url": ${pyStr(`${url}#--upload-pack=touch pwned`)}, "optional": True}])`,
        dir,
      );
      assert.equal(r.status, 0, r.stderr);
      assert.equal(readFileSync(join(dir, 'checkout', 'f.txt'), 'utf8'), 'one\n');
      assert.match(r.stderr, /optional input bad is missing \(not a git revision/);
      assert.equal(existsSync(join(dir, 'pwned')), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an allowed failure is logged and returned as the failed marker; a success passes through; polling times out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-allow-'));
    try {
      const r = runWithRuntime(
        `
def broken():
    raise RuntimeError("exit 3")

bad = _weft_allow_failure("flaky", broken)
good = _weft_allow_failure("fine", lambda: {"rows": 2})
print(bad == {"__weft_failed__": "RuntimeError: exit 3"}, _weft_failed_allowed(bad), good, _weft_failed_allowed(good))
try:
    _weft_poll(lambda: _weft_file_ready(${pyStr(join(dir, '*.csv'))}), "*.csv", 0.05, 0.2)
except TimeoutError as e:
    print("timeout:", e)
open(${pyStr(join(dir, 'a.csv'))}, "w").close()
_weft_poll(lambda: _weft_file_ready(${pyStr(join(dir, '*.csv'))}), "*.csv", 0.05, 0.2)
print("ready")
`,
        dir,
      );
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, "True True {'rows': 2} False\ntimeout: timed out waiting for *.csv\nready\n");
      assert.match(r.stderr, /Traceback[^]*RuntimeError: exit 3\nweft: task flaky failed and allowFailure is set: the run goes on/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('outputs read from files: typed as declared, one trailing newline off a string, relative or absolute; defaults; a missing file fails naming output and path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-outs-'));
    try {
      const r = runWithRuntime(
        `
import json
kinds = {"s": "string", "crlf": "string", "two": "string", "i": "integer", "f": "number", "b": "boolean", "l": "list", "abs": "object", "rep": "string", "dflt": "integer", "gone": "string"}
specs = {"s": {"path": "o/s.txt"}, "crlf": {"path": "o/crlf.txt"}, "two": {"path": "o/two.txt"}, "i": {"path": "o/i.txt"}, "f": {"path": "o/f.txt"}, "b": {"path": "o/b.txt"},
         "l": {"path": "o/l.json"}, "abs": {"path": ${pyStr(join(dir, 'abs.json'))}}, "dflt": {"default": 5}, "gone": {"path": "o/none.txt", "default": None}}
script = "mkdir -p o; printf 'a b\\n' > o/s.txt; printf 'x\\r\\n' > o/crlf.txt; printf 'y\\n\\n' > o/two.txt; echo ' 42 ' > o/i.txt; echo 2.5 > o/f.txt; echo TRUE > o/b.txt; echo '[1, \\"z\\"]' > o/l.json; echo '{\\"k\\": null}' > ${join(dir, 'abs.json')}; echo rep=r >> $WEFT_OUTPUTS"
print(json.dumps(_weft_run(["bash", "-c", script], ${pyStr(dir)}, {}, 30, kinds, specs=specs, exit_code=True)))
try:
    _weft_run(["bash", "-c", "true"], ${pyStr(dir)}, {}, 30, {"v": "integer"}, specs={"v": {"path": "nope/v.txt"}})
except RuntimeError as e:
    print("missing:", e)
try:
    _weft_run(["bash", "-c", "echo many > o/bad.txt"], ${pyStr(dir)}, {}, 30, {"v": "integer"}, specs={"v": {"path": "o/bad.txt"}})
except RuntimeError as e:
    print("bad:", e)
`,
        dir,
      );
      assert.equal(r.status, 0, r.stderr);
      const [json, missing, bad] = r.stdout.trim().split('\n');
      assert.deepEqual(JSON.parse(json!), { rep: 'r', s: 'a b', crlf: 'x', two: 'y\n', i: 42, f: 2.5, b: true, l: [1, 'z'], abs: { k: null }, dflt: 5, gone: null, __weft_exit__: 0 });
      assert.equal(missing, 'missing: output v: the task did not write nope/v.txt, which holds its value (and it has no default)');
      assert.match(bad!, /^bad: output v: o\/bad\.txt does not hold a integer \(invalid literal/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exit codes: a failure carries its code, an allowed failure keeps it; _weft_exit_code reads results, exceptions and fan-outs; _weft_since', () => {
    const r = runWithRuntime(
      `
import datetime, time
try:
    _weft_run(["bash", "-c", "exit 3"], ".", {}, 30, {})
except RuntimeError as e:
    print(e.weft_exit_code, _weft_exit_code(e))
allowed = _weft_allow_failure("t", lambda: _weft_run(["bash", "-c", "exit 4"], ".", {}, 30, {}))
print(allowed["__weft_exit__"], _weft_exit_code(allowed), _weft_exit_code([{"__weft_exit__": 0}, allowed, None]), _weft_exit_code({"x": 1}))
print(round(_weft_since(time.time() - 5)), round(_weft_since(datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=7))))
try:
    _weft_since(None)
except RuntimeError as e:
    print(e)
try:
    _weft_unsupported("task x cannot run here")
except RuntimeError as e:
    print(e)
`,
      tmpdir(),
    );
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "3 3\n4 4 [0, 4, None] None\n5 7\nrun.duration: the run's start time is not known\ntask x cannot run here\n");
  });

  it('a container task reads file outputs where its mounts put them (/work, /tmp/weft); a path only inside the container fails', () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-docker-'));
    try {
      // A stand-in docker: writes files through the host folders its -v arguments mount.
      mkdirSync(join(dir, 'bin'));
      writeFileSync(join(dir, 'bin', 'docker'), `#!/usr/bin/env python3
import os, sys
mounts = dict(reversed(a.split(":", 1)) for a in sys.argv if a.count(":") == 1 and a.startswith("/"))
os.makedirs(os.path.join(mounts["/work"], "o"), exist_ok=True)
open(os.path.join(mounts["/work"], "o", "w.txt"), "w").write("7\\n")
open(os.path.join(mounts["/tmp/weft"], "t.txt"), "w").write("tmp\\n")
`);
      chmodSync(join(dir, 'bin', 'docker'), 0o755);
      const r = spawnSync('python3', ['-c', [...pyRuntime(['_weft_docker']).imports.map((m) => `import ${m}`), ...pyRuntime(['_weft_docker']).defs, `
import json
print(json.dumps(_weft_docker("img", [], [], ${pyStr(join(dir, 'task'))}, {}, 30, {"w": "integer", "rel": "integer", "t": "string"}, specs={"w": {"path": "/work/o/w.txt"}, "rel": {"path": "o/w.txt"}, "t": {"path": "/tmp/weft/t.txt"}}, exit_code=True)))
try:
    _weft_docker("img", [], [], ${pyStr(join(dir, 'task'))}, {}, 30, {"x": "string"}, specs={"x": {"path": "/etc/x.txt"}})
except RuntimeError as e:
    print(e)
`].join('\n\n')], { encoding: 'utf8', env: { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH}` } });
      assert.equal(r.status, 0, r.stderr);
      const [json, err] = r.stdout.trim().split('\n');
      assert.deepEqual(JSON.parse(json!), { w: 7, rel: 7, t: 'tmp', __weft_exit__: 0 });
      assert.equal(err, "output x: /etc/x.txt is inside the container only; write it under /work (the task's folder)");
      // The export says so beforehand.
      const warned = containerOnlyPaths({ type: 'container', image: 'img', outputs: { x: { type: 'string', path: '/etc/x.txt' }, w: { type: 'integer', path: '/work/o/w.txt' }, t: { type: 'string', path: '/tmp/weft/t.txt' }, rel: { type: 'integer', path: 'o/w.txt' } } });
      assert.deepEqual(warned, ["output x: /etc/x.txt is inside the container only, where the generated code cannot read it; write it under /work (the task's folder)"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an http condition that cannot be evaluated fails the task, quoting it', () => {
    const r = runWithRuntime(
      `
import http.server, threading
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(500)
        self.send_header("Content-Length", "4")
        self.end_headers()
        self.wfile.write(b"oops")
    def log_message(self, *a):
        pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
threading.Thread(target=server.serve_forever, daemon=True).start()
url = "http://127.0.0.1:%d/" % server.server_address[1]
_weft_http("GET", url, {}, None, [], 10, check=lambda response: response["status"] == 500 and response["body"] == "oops", condition="response.status == 500")
try:
    _weft_http("GET", url, {}, None, [], 10, check=lambda response: response["headers"]["X-None"] == "a", condition="response.headers.X-None == 'a'")
except RuntimeError as e:
    print(str(e).replace(url, "URL"))
try:
    _weft_http("GET", url, {}, None, [200], 10, check=lambda response: True, condition="true")
except RuntimeError as e:
    print(str(e).replace(url, "URL"))
`,
      tmpdir(),
    );
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "GET URL answered 500; the condition response.headers.X-None == 'a' could not be evaluated (KeyError: 'x-none')\nGET URL answered 500\n");
  });

  it('warns at export about URL schemes the generated code cannot fetch', () => {
    assert.deepEqual(unfetchableInputs({ a: { path: 'a', url: 'https://x/a' }, b: { path: 'b', url: 's3://b/k' }, c: { path: 'c', url: 'hdfs://n/p' }, d: { path: 'd', url: 'git+https://h/r.git#main' } }).length, 1);
  });
});

describe('platform settings as keyword arguments', { skip: !python && 'python3 not installed' }, () => {
  it('values are Python literals (never code); keys that are not identifiers are warned and left out', () => {
    const warnings: string[] = [];
    const places = platformPlaces({ airflow: { task: { pool: 'etl', 'bad-key': 1, class: 2, doc: '"""); import os; os.system("x") #', extra: { a: [1, null, true] } }, nope: {} } }, 'airflow', ['task'], 'task t', (m) => warnings.push(m));
    const kw = platformKwargs(places.task, 'platform.airflow.task of t', (m) => warnings.push(m));
    assert.deepEqual(kw.map(([k]) => k), ['pool', 'doc', 'extra']);
    assert.equal(warnings.length, 3, warnings.join('\n'));
    assert.match(warnings.join('\n'), /platform\.airflow\.nope on task t is not used/);
    const s = pythonStructure(`f(${mergeKwargs([['task_id', '"t"'], ['pool', '"default"']], kw).map(([k, v]) => `${k}=${v}`).join(', ')})`);
    assert.equal(s.ok, true, s.error);
    assert.deepEqual(s.calls[0]!.kwargs, { task_id: 't', pool: 'etl', doc: '"""); import os; os.system("x") #', extra: { a: [1, null, true] } });
  });
});
