/**
 * The run-time helpers every Python export (Airflow, Prefect, Dagster, Luigi) defines at module
 * level, written once: the output contract around a task's program (`_weft_run`, `_weft_docker`),
 * the generated task kinds (sql on SQLite, http, waiting for a file or URL), staging a task's
 * `inputs` before it starts, and catching the failure of an `allowFailure` task. Standard library
 * only; processes always get an argv list, never a shell line holding a value. Each helper takes
 * its folders as arguments (the targets keep their pipeline folder under different names:
 * WEFT_ROOT, BASE_DIR), so none depends on a target's globals.
 *
 * Airflow and Prefect emit only the helpers a module uses (`pyRuntime`); Dagster and Luigi carry
 * all of them (their prelude is one fixed text).
 */
import type { Input, Pipeline, Task } from '../../core/model/types';
import { referencedTasks } from '../graph';
import { pyStr, pyValue } from './source';

/** A helper: its name, the helpers it calls, the modules it imports, its definition. */
export type RuntimeEntry = [name: string, needs: string[], imports: string[], code: string];

/** The key of the dict an allowed failure leaves as the task's result (its outputs are missing). */
export const FAILED_MARKER = '__weft_failed__';

export const PY_RUNTIME: RuntimeEntry[] = [
  [
    '_weft_decode',
    [],
    ['json'],
    `def _weft_decode(kind, text):
    """A reported value, read according to its declared type."""
    if kind == "integer":
        return int(text.strip())
    if kind in ("number", "metric"):
        return float(text.strip())
    if kind == "boolean":
        return text.strip().lower() == "true"
    if kind in ("list", "object"):
        return json.loads(text)
    return text`,
  ],
  [
    '_weft_collect',
    ['_weft_decode'],
    [],
    `def _weft_collect(paths, kinds):
    """The output contract: name=value lines (value outputs, then metrics), typed as declared."""
    out = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f.read().splitlines():
                name, sep, value = line.partition("=")
                name = name.strip()
                if sep and name in kinds:
                    out[name] = _weft_decode(kinds[name], value)
    missing = sorted(set(kinds) - set(out))
    if missing:
        raise RuntimeError("the task did not report its outputs " + ", ".join(missing))
    return out`,
  ],
  [
    '_weft_run',
    ['_weft_collect'],
    ['os', 'subprocess', 'tempfile'],
    `def _weft_run(argv, cwd, env, timeout, kinds):
    """Runs a task's program (argv list, never a shell line) with Weft's output contract.

    WEFT_OUTPUTS / WEFT_METRICS name files the program appends name=value lines to; the declared
    value outputs and metrics (kinds: name -> type) are returned as a dict.
    """
    with tempfile.TemporaryDirectory(prefix="weft-") as tmp:
        files = [os.path.join(tmp, "outputs"), os.path.join(tmp, "metrics")]
        for path in files:
            open(path, "w").close()
        full = {**os.environ, **env, "WEFT_OUTPUTS": files[0], "WEFT_METRICS": files[1]}
        proc = subprocess.run(argv, cwd=cwd, env=full, timeout=timeout, check=False)
        if proc.returncode != 0:
            raise RuntimeError(f"{argv[0]} exited with status {proc.returncode}")
        return _weft_collect(files, kinds)`,
  ],
  [
    '_weft_docker',
    ['_weft_collect'],
    ['os', 'subprocess', 'tempfile'],
    `def _weft_docker(image, command, args, cwd, env, timeout, kinds):
    """A container task through docker run: the folder is mounted at /work, outputs at /tmp/weft."""
    with tempfile.TemporaryDirectory(prefix="weft-") as tmp:
        files = [os.path.join(tmp, "outputs"), os.path.join(tmp, "metrics")]
        for path in files:
            open(path, "w").close()
        argv = ["docker", "run", "--rm", "-v", cwd + ":/work", "-w", "/work", "-v", tmp + ":/tmp/weft",
                "-e", "WEFT_OUTPUTS=/tmp/weft/outputs", "-e", "WEFT_METRICS=/tmp/weft/metrics"]
        for name in env:
            argv += ["-e", name]
        if command:
            argv += ["--entrypoint", command[0], image] + list(command[1:])
        else:
            argv += [image]
        proc = subprocess.run(argv + list(args), env={**os.environ, **env}, timeout=timeout, check=False)
        if proc.returncode != 0:
            raise RuntimeError(f"docker run {image} exited with status {proc.returncode}")
        return _weft_collect(files, kinds)`,
  ],
  [
    '_weft_read',
    [],
    [],
    `def _weft_read(path):
    """A file of the pipeline folder (an sql task's file), read at run time."""
    with open(path, encoding="utf-8") as f:
        return f.read()`,
  ],
  [
    '_weft_sql',
    [],
    ['csv', 'os', 'sqlite3', 'sys'],
    `def _weft_sql(database, query, params):
    """An sql task on a SQLite file: named parameters (:name), never text pasted into the SQL; rows as CSV."""
    if "://" in database:
        raise RuntimeError("only SQLite files are supported here, not " + database)
    os.makedirs(os.path.dirname(database) or ".", exist_ok=True)
    con = sqlite3.connect(database)
    try:
        if params:
            cur = con.execute(query, params)
            if cur.description:
                out = csv.writer(sys.stdout)
                out.writerow([c[0] for c in cur.description])
                out.writerows(cur.fetchall())
        else:
            con.executescript(query)
        con.commit()
    finally:
        con.close()`,
  ],
  [
    '_weft_http',
    [],
    ['json', 'urllib.error', 'urllib.request'],
    `def _weft_http(method, url, headers, body, expect, timeout):
    """An http task: the call, failing unless the status is expected (default: any 2xx)."""
    data = None
    headers = dict(headers)
    if body is not None:
        if isinstance(body, str):
            data = body.encode("utf-8")
        else:
            data = json.dumps(body).encode("utf-8")
            headers.setdefault("Content-Type", "application/json")
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout or 60) as resp:
            status = resp.status
    except urllib.error.HTTPError as e:
        status = e.code
    if not (status in expect if expect else 200 <= status < 300):
        raise RuntimeError(f"{method} {url} answered {status}")`,
  ],
  [
    '_weft_file_ready',
    [],
    ['glob'],
    `def _weft_file_ready(pattern):
    """Whether a file matching the path or glob exists now."""
    return bool(glob.glob(pattern))`,
  ],
  [
    '_weft_url_ready',
    [],
    ['urllib.error', 'urllib.request'],
    `def _weft_url_ready(url):
    """Whether the URL answers 2xx now."""
    try:
        with urllib.request.urlopen(url, timeout=30) as resp:
            return 200 <= resp.status < 300
    except (urllib.error.URLError, OSError):
        return False`,
  ],
  [
    '_weft_poll',
    [],
    ['time'],
    `def _weft_poll(ready, what, interval, timeout):
    """A wait task: checks ready() every interval seconds; fails after timeout seconds (None: no limit)."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while not ready():
        if deadline is not None and time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        time.sleep(interval)`,
  ],
  [
    '_weft_fetch',
    [],
    ['os', 'shutil', 'subprocess', 'urllib.request'],
    `def _weft_fetch(url, dest):
    """An input fetched from a URL: http(s) with urllib; s3, gs and git through their CLIs (argv lists)."""
    scheme = url.split("://", 1)[0].lower()
    if scheme in ("http", "https"):
        part = dest + ".weft-part"
        try:
            with urllib.request.urlopen(url, timeout=300) as resp, open(part, "wb") as f:
                shutil.copyfileobj(resp, f)
            os.replace(part, dest)
        finally:
            if os.path.exists(part):
                os.remove(part)
    elif scheme == "s3":
        subprocess.run(["aws", "s3", "cp"] + (["--recursive"] if url.endswith("/") else []) + [url, dest], check=True)
    elif scheme == "gs":
        subprocess.run(["gsutil", "cp"] + (["-r"] if url.endswith("/") else []) + [url, dest], check=True)
    elif scheme.startswith("git+"):
        repo, _, revision = url[len("git+"):].partition("#")
        if revision.startswith("-"):
            raise RuntimeError(f"not a git revision: {revision}")
        subprocess.run(["git", "clone", "--quiet", "--", repo, dest], check=True)
        if revision:
            subprocess.run(["git", "-C", dest, "checkout", "--quiet", revision, "--"], check=True)
    else:
        raise RuntimeError(f"{scheme}:// inputs are not fetched by this export; stage the file in the task instead")`,
  ],
  [
    '_weft_stage',
    ['_weft_fetch'],
    ['os', 'shutil', 'sys'],
    `def _weft_stage(cwd, inputs):
    """Puts a task's input files in place before it starts: copied from an upstream task's file or
    dir output (from: read lazily, relative to base), fetched from a URL, or written from inline
    content. An optional input whose source is missing is left absent; otherwise the task fails."""
    for spec in inputs:
        dest = os.path.join(cwd, spec["path"])
        try:
            os.makedirs(os.path.dirname(dest) or ".", exist_ok=True)
            if "content" in spec:
                with open(dest, "w", encoding="utf-8") as f:
                    f.write(spec["content"])
            elif "from" in spec:
                try:
                    src = spec["from"]()
                except Exception as e:
                    raise FileNotFoundError(f"the upstream output is not available ({type(e).__name__}: {e})") from e
                if not isinstance(src, str) or src == "":
                    raise FileNotFoundError(f"the upstream output is not a path: {src!r}")
                src = os.path.join(spec["base"], src)
                if os.path.isdir(src):
                    shutil.copytree(src, dest, dirs_exist_ok=True)
                elif os.path.abspath(src) != os.path.abspath(dest):
                    shutil.copyfile(src, dest)
            else:
                _weft_fetch(spec["url"], dest)
        except Exception as e:
            if not spec.get("optional"):
                raise RuntimeError(f"input {spec['name']} ({spec['path']}): {e}") from e
            print(f"weft: optional input {spec['name']} is missing ({e}); {spec['path']} left absent", file=sys.stderr)
            continue
        if spec.get("mode") is not None:
            os.chmod(dest, spec["mode"])`,
  ],
  [
    '_weft_allow_failure',
    [],
    ['sys', 'traceback'],
    `def _weft_allow_failure(task_id, body):
    """allowFailure: runs the task's body; a failure is logged and the task ends successfully (its
    dependents run), leaving {"${FAILED_MARKER}": <error>} as its result: its status stays failed and its
    outputs are missing."""
    try:
        return body()
    except Exception as e:
        traceback.print_exc()
        print(f"weft: task {task_id} failed and allowFailure is set: the run goes on ({type(e).__name__}: {e})", file=sys.stderr)
        return {"${FAILED_MARKER}": f"{type(e).__name__}: {e}"}`,
  ],
  [
    '_weft_failed_allowed',
    [],
    [],
    `def _weft_failed_allowed(result):
    """Whether a task's result is an allowed failure (see _weft_allow_failure)."""
    return isinstance(result, dict) and "${FAILED_MARKER}" in result`,
  ],
];

const entries = (tables: RuntimeEntry[][]): RuntimeEntry[] => tables.flat();

/** The used helpers and every helper they call. */
export function runtimeClosure(used: Iterable<string>, ...extra: RuntimeEntry[][]): Set<string> {
  const all = entries([PY_RUNTIME, ...extra]);
  const out = new Set(used);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [name, needs] of all) {
      if (!out.has(name)) continue;
      for (const n of needs) if (!out.has(n)) out.add(n), (grew = true);
    }
  }
  return out;
}

/**
 * The definitions of the used helpers (and what they call), shared ones first, then the target's
 * own (`extra`), each table in its fixed order; and the modules they import, sorted.
 */
export function pyRuntime(used: Iterable<string>, ...extra: RuntimeEntry[][]): { defs: string[]; imports: string[] } {
  const closed = runtimeClosure(used, ...extra);
  const defs: string[] = [];
  const imports = new Set<string>();
  for (const [name, , mods, code] of entries([PY_RUNTIME, ...extra])) {
    if (!closed.has(name)) continue;
    defs.push(code);
    mods.forEach((m) => imports.add(m));
  }
  return { defs, imports: [...imports].sort() };
}

/** Every helper name (a generated module keeps its own identifiers off them). */
export const PY_RUNTIME_NAMES: readonly string[] = PY_RUNTIME.map((r) => r[0]);

/**
 * A task's `inputs` as the items of the Python list `_weft_stage` takes. `expr(text, asText, where)` translates
 * a value for the target (never pasted: read at run time); a `from` value is wrapped in a lambda so
 * it is read only when staging, where a missing upstream output can be optional. A relative
 * upstream path is relative to its producer's workdir: `folder(workdir)` is that folder as Python
 * source (the producer is the task `from` names in pipeline `p`; none: the pipeline's folder).
 */
export function pyInputs(p: Pipeline, inputs: Record<string, Input>, expr: (text: string, asText: boolean, where: string) => string, folder: (workdir: string) => string): string[] {
  const fromBase = (from: string): string => {
    const id = referencedTasks(from)[0];
    const producer = id === undefined ? undefined : (p.tasks[id] ?? p.onFailure?.[id] ?? p.finally?.[id]);
    return folder(producer?.workdir ?? '');
  };
  const items = Object.entries(inputs).map(([name, i]) => {
    const parts = [`"name": ${pyStr(name)}`, `"path": ${pyStr(i.path)}`];
    if (i.content !== undefined) parts.push(`"content": ${expr(i.content, true, `inputs.${name}.content`)}`);
    else if (i.from !== undefined) parts.push(`"from": lambda: ${expr(i.from, false, `inputs.${name}.from`)}`, `"base": ${fromBase(i.from)}`);
    else parts.push(`"url": ${expr(i.url ?? '', true, `inputs.${name}.url`)}`);
    if (i.optional) parts.push('"optional": True');
    if (i.mode !== undefined) parts.push(`"mode": ${pyValue(i.mode)}`);
    return `{${parts.join(', ')}}`;
  });
  return items;
}

/** The statement staging a task's inputs in `cwd` (Python source), one input a line. */
export function pyStage(cwd: string, items: string[]): string[] {
  return [`_weft_stage(${cwd}, [`, ...items.map((i) => `    ${i},`), '])'];
}

const FETCHED = /^(https?|s3|gs|git\+[a-z]+):\/\//i;

/** Messages for inputs whose URL scheme the generated code cannot fetch (azure, hdfs, oci). */
export function unfetchableInputs(inputs: Record<string, Input> | undefined): string[] {
  const out: string[] = [];
  for (const [name, i] of Object.entries(inputs ?? {})) {
    if (i.url === undefined || i.url.includes('${{') || FETCHED.test(i.url)) continue;
    const scheme = i.url.split('://')[0];
    out.push(`input ${name}: ${scheme}:// URLs are not fetched by the generated code (http(s), s3, gs and git are); the task ${i.optional ? 'goes on without it' : 'fails'} — stage it in the task instead`);
  }
  return out;
}

/** A task folder under the pipeline's folder (`root`: the module's name for it), as Python source. */
export function pyFolder(root: string, workdir: string | undefined): string {
  return workdir ? `os.path.join(${root}, ${pyStr(workdir)})` : root;
}

/** The feature id of an input (for warnings about it). */
export function inputFeature(i: Input): 'inputs.from' | 'inputs.url' | 'inputs.content' {
  return i.from !== undefined ? 'inputs.from' : i.url !== undefined ? 'inputs.url' : 'inputs.content';
}

/** Value and metric outputs as `{name: kind}` Python source (file/dir outputs are paths, not reported). */
export function pyOutputKinds(task: Task): string {
  const entries = Object.entries(task.outputs ?? {}).filter(([, o]) => o.type !== 'file' && o.type !== 'dir');
  return `{${entries.map(([n, o]) => `${pyStr(n)}: ${pyStr(o.type)}`).join(', ')}}`;
}

/** Statements adding the task's file and dir outputs (their declared paths) to `out`. */
export function pyFileOutputs(task: Task): string[] {
  return Object.entries(task.outputs ?? {})
    .filter(([, o]) => o.type === 'file' || o.type === 'dir')
    .map(([n, o]) => `out[${pyStr(n)}] = ${pyStr(o.path ?? n)}`);
}

/**
 * A task's statements under allowFailure: they become a nested function `_weft_body` (which must
 * return the task's result) run by `_weft_allow_failure`; `assign` receives the result
 * (`return ` or `out = `). The try/except lives in the helper, written once.
 */
export function pyAllowFailure(id: string, body: string[], assign: string): string[] {
  return ['def _weft_body():', ...body.map((l) => (l === '' ? l : `    ${l}`)), `${assign}_weft_allow_failure(${pyStr(id)}, _weft_body)`];
}
