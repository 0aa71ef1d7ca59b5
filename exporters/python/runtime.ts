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
import type { Input, ManifestTask, Pipeline, Task } from '../../core/model/types';
import { parseDocument } from '../../core/syntax/parse';
import { referencedTasks } from '../graph';
import { parsedTemplate } from '../util';
import { collectReferences } from '../../core/expr';
import { pyStr, pyValue } from './source';

/** A helper: its name, the helpers it calls, the modules it imports, its definition. */
export type RuntimeEntry = [name: string, needs: string[], imports: string[], code: string];

/** The key of the dict an allowed failure leaves as the task's result (its outputs are missing). */
export const FAILED_MARKER = '__weft_failed__';

/** The key under which a task's result holds the exit code of its process (tasks.<id>.exitCode). */
export const EXIT_KEY = '__weft_exit__';

/**
 * Python lines (indented by `indent`) building \`response\` — what an http task's expect.condition
 * reads — from \`status\`, \`got\` (the response headers) and \`text\` (the body as text). Header
 * names are looked up in any case; several of one name are joined by commas.
 */
export function pyResponse(indent: string): string {
  return [
    'class _Headers(dict):',
    '    def __contains__(self, name):',
    '        return isinstance(name, str) and dict.__contains__(self, name.lower())',
    '',
    '    def __getitem__(self, name):',
    '        return dict.__getitem__(self, name.lower())',
    '',
    '_names = _Headers()',
    'for _name, _value in (got.items() if got is not None else []):',
    '    _key = _name.lower()',
    '    _names[_key] = dict.__getitem__(_names, _key) + ", " + _value if dict.__contains__(_names, _key) else _value',
    'response = {"status": status, "body": text, "headers": _names}',
  ]
    .map((l) => (l ? indent + l : l))
    .join('\n');
}

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
    ['os'],
    `def _weft_collect(paths, kinds, cwd=None, specs=None):
    """The output contract: name=value lines (value outputs, then metrics), typed as declared. specs
    (name -> {"path", "default"}) names the outputs read from a file the task wrote (relative to cwd,
    or absolute; a string loses one trailing newline) and the defaults of values it did not report."""
    out = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f.read().splitlines():
                name, sep, value = line.partition("=")
                name = name.strip()
                if sep and name in kinds:
                    out[name] = _weft_decode(kinds[name], value)
    for name, spec in (specs or {}).items():
        if "path" in spec:
            file = os.path.join(cwd, spec["path"])
            if os.path.isfile(file):
                with open(file, encoding="utf-8") as f:
                    text = f.read()
                if kinds[name] == "string" and text.endswith("\\n"):
                    text = text[:-2] if text.endswith("\\r\\n") else text[:-1]
                try:
                    out[name] = _weft_decode(kinds[name], text)
                except ValueError as e:
                    raise RuntimeError(f"output {name}: {spec['path']} does not hold a {kinds[name]} ({e})") from None
            elif name not in out and "default" not in spec:
                raise RuntimeError(f"output {name}: the task did not write {spec['path']}, which holds its value (and it has no default)")
        if name not in out and "default" in spec:
            out[name] = spec["default"]
    missing = sorted(set(kinds) - set(out))
    if missing:
        raise RuntimeError("the task did not report its outputs " + ", ".join(missing))
    return out`,
  ],
  [
    '_weft_run',
    ['_weft_collect'],
    ['os', 'subprocess', 'tempfile'],
    `def _weft_run(argv, cwd, env, timeout, kinds, specs=None, exit_code=False):
    """Runs a task's program (argv list, never a shell line) with Weft's output contract.

    WEFT_OUTPUTS / WEFT_METRICS name files the program appends name=value lines to; the declared
    value outputs and metrics (kinds: name -> type; specs: see _weft_collect) are returned as a dict,
    with the exit code under "${EXIT_KEY}" when exit_code is set (tasks.<id>.exitCode). A failure
    carries its exit code as the exception's weft_exit_code.
    """
    with tempfile.TemporaryDirectory(prefix="weft-") as tmp:
        files = [os.path.join(tmp, "outputs"), os.path.join(tmp, "metrics")]
        for path in files:
            open(path, "w").close()
        full = {**os.environ, **env, "WEFT_OUTPUTS": files[0], "WEFT_METRICS": files[1]}
        proc = subprocess.run(argv, cwd=cwd, env=full, timeout=timeout, check=False)
        if proc.returncode != 0:
            error = RuntimeError(f"{argv[0]} exited with status {proc.returncode}")
            error.weft_exit_code = proc.returncode
            raise error
        out = _weft_collect(files, kinds, cwd, specs)
        if exit_code:
            out["${EXIT_KEY}"] = proc.returncode
        return out`,
  ],
  [
    '_weft_docker',
    ['_weft_collect'],
    ['os', 'subprocess', 'tempfile'],
    `def _weft_docker(image, command, args, cwd, env, timeout, kinds, specs=None, exit_code=False):
    """A container task through docker run: the folder is mounted at /work, outputs at /tmp/weft
    (an output read from a file is read where those mounts put it; see _weft_run for the rest)."""
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
            error = RuntimeError(f"docker run {image} exited with status {proc.returncode}")
            error.weft_exit_code = proc.returncode
            raise error
        local = {}
        for name, spec in (specs or {}).items():
            path = spec.get("path", "")
            if path.startswith("/"):
                mount = next((m for m in ("/work", "/tmp/weft") if path == m or path.startswith(m + "/")), None)
                if mount is None:
                    raise RuntimeError(f"output {name}: {path} is inside the container only; write it under /work (the task's folder)")
                spec = {**spec, "path": (cwd if mount == "/work" else tmp) + path[len(mount):]}
            local[name] = spec
        out = _weft_collect(files, kinds, cwd, local)
        if exit_code:
            out["${EXIT_KEY}"] = proc.returncode
        return out`,
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
    `def _weft_http(method, url, headers, body, expect, timeout, check=None, condition=None):
    """An http task: the call, failing unless the status is expected (default: any 2xx). check: the
    task's expect.condition (its source in condition) as a function of the response (status, body,
    headers looked up in any case), which must hold too; without expected statuses it alone decides."""
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
            status, got, text = resp.status, resp.headers, resp.read() if check else b""
    except urllib.error.HTTPError as e:
        status, got, text = e.code, e.headers, e.read() if check else b""
    if not (status in expect if expect else check is not None or 200 <= status < 300):
        raise RuntimeError(f"{method} {url} answered {status}")
    if check is None:
        return
    text = text.decode("utf-8", errors="replace")
${pyResponse('    ')}
    try:
        held = check(response)
    except Exception as e:
        raise RuntimeError(f"{method} {url} answered {status}; the condition {condition} could not be evaluated ({type(e).__name__}: {e})") from None
    if not held:
        raise RuntimeError(f"{method} {url} answered {status}; the condition does not hold: {condition}")`,

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
    outputs are missing (with the exit code of its process under "${EXIT_KEY}", when it had one)."""
    try:
        return body()
    except Exception as e:
        traceback.print_exc()
        print(f"weft: task {task_id} failed and allowFailure is set: the run goes on ({type(e).__name__}: {e})", file=sys.stderr)
        failed = {"${FAILED_MARKER}": f"{type(e).__name__}: {e}"}
        if getattr(e, "weft_exit_code", None) is not None:
            failed["${EXIT_KEY}"] = e.weft_exit_code
        return failed`,
  ],
  [
    '_weft_failed_allowed',
    [],
    [],
    `def _weft_failed_allowed(result):
    """Whether a task's result is an allowed failure (see _weft_allow_failure)."""
    return isinstance(result, dict) and "${FAILED_MARKER}" in result`,
  ],
  [
    '_weft_exit_code',
    [],
    [],
    `def _weft_exit_code(result):
    """tasks.<id>.exitCode from the task's result (see _weft_run; a list, one per item, for a fan-out
    task; an exception it failed with): the exit code of its process, None when it ran none."""
    if isinstance(result, list):
        return [_weft_exit_code(r) for r in result]
    if isinstance(result, BaseException):
        return getattr(result, "weft_exit_code", None)
    return result.get("${EXIT_KEY}") if isinstance(result, dict) else None`,
  ],
  [
    '_weft_since',
    [],
    ['datetime', 'time'],
    `def _weft_since(start):
    """run.duration: seconds since the run started (start: an aware datetime or a POSIX timestamp)."""
    if start is None:
        raise RuntimeError("run.duration: the run's start time is not known")
    if isinstance(start, (int, float)):
        return time.time() - start
    return (datetime.datetime.now(datetime.timezone.utc) - start).total_seconds()`,
  ],
  [
    '_weft_unsupported',
    [],
    [],
    `def _weft_unsupported(what):
    """Something this export cannot do (a service, an approval, a service's address): reaching it fails
    the task with what it is, never a silent success or a made-up value."""
    raise RuntimeError(what)`,
  ],
  // manifest tasks: kubectl on the worker (argv lists), the object polled until a condition holds.
  // String.raw: the regular expressions keep their backslashes.
  [
    '_weft_label_value',
    [],
    ['hashlib', 're'],
    String.raw`def _weft_label_value(text):
    """Any text (a run id, a task id) as a Kubernetes label value: at most 63 of [A-Za-z0-9._-],
    alphanumeric at both ends. Text that had to change gets a hash suffix, so distinct ids stay
    distinct, and the same id always gives the same value (the run-end cleanup selects by it)."""
    text = str(text)
    value = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-._")
    if value != text or len(value) > 63:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
        value = (value[:52].strip("-._") + "-" + digest).strip("-._")
    return value`,
  ],
  [
    '_weft_kubectl_conn',
    [],
    [],
    String.raw`def _weft_kubectl_conn(flags):
    """The flags of a manifest task that choose the cluster, user and namespace (--context, -n, ...):
    the later kubectl calls (get, delete) need them, but not action flags such as --field-manager."""
    names = ("--namespace", "-n", "--context", "--kubeconfig", "--cluster", "--user", "--server", "-s",
             "--as", "--as-group", "--as-uid", "--token", "--certificate-authority", "--client-certificate",
             "--client-key", "--insecure-skip-tls-verify", "--tls-server-name", "--request-timeout")
    out = []
    i = 0
    while i < len(flags):
        flag = flags[i]
        name = flag.split("=", 1)[0]
        if name in names:
            out.append(flag)
            if "=" not in flag and name != "--insecure-skip-tls-verify" and i + 1 < len(flags):
                i += 1
                out.append(flags[i])
        elif flag.startswith("-n") and len(flag) > 2 and not flag.startswith("--"):
            out.append(flag)
        i += 1
    return out`,
  ],
  [
    '_weft_field',
    [],
    [],
    String.raw`def _weft_field(obj, path):
    """(found, value) of a dotted field path of an object: status.succeeded, spec.containers.0.name
    (a number indexes a list). A null field counts as missing."""
    cur = obj
    for key in path.split("."):
        if isinstance(cur, dict) and key in cur:
            cur = cur[key]
        elif isinstance(cur, list) and key.isdigit() and int(key) < len(cur):
            cur = cur[int(key)]
        else:
            return False, None
    return cur is not None, cur`,
  ],
  [
    '_weft_field_tests',
    [],
    ['re'],
    String.raw`def _weft_field_tests(condition):
    """A success/failure condition as its field tests, in Kubernetes label-selector syntax (Argo's
    resource conditions): "path op value" (op: == != = > < >= <=), "path in (a, b)",
    "path notin (a, b)", "path" (the field exists), "!path" (it does not). Commas split tests
    outside parentheses. Returns (path, op, value) tuples; a malformed test raises ValueError."""
    parts, depth, start = [], 0, 0
    for i, c in enumerate(condition):
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "," and depth == 0:
            parts.append(condition[start:i])
            start = i + 1
    parts.append(condition[start:])
    tests = []
    for part in parts:
        part = part.strip()
        m = re.fullmatch(r"(!?)([A-Za-z0-9_./-]+)(?:\s*(==|!=|=|>=|<=|>|<)\s*([^\s,()]+)|\s+(in|notin)\s*\(([^()]*)\))?", part)
        if not m or (m.group(1) and (m.group(3) or m.group(5))):
            raise ValueError(f"not a field test: {part!r} (expected 'path op value', 'path in (a, b)', 'path' or '!path')")
        neg, path, op, value, setop, values = m.groups()
        if setop:
            tests.append((path, setop, [v.strip() for v in values.split(",") if v.strip()]))
        elif op:
            tests.append((path, "==" if op == "=" else op, value))
        else:
            tests.append((path, "!" if neg else "exists", None))
    return tests`,
  ],
  [
    '_weft_compare',
    [],
    ['json', 're'],
    String.raw`def _weft_compare(value, op, want):
    """One field test's comparison: two numbers (numeric strings too) compare as numbers, anything
    else as text (true/false and other non-strings as JSON writes them)."""
    numbers = []
    for v in (value, want):
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            numbers.append(v)
        elif isinstance(v, str) and re.fullmatch(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?", v):
            numbers.append(float(v))
    if len(numbers) == 2:
        left, right = numbers
    else:
        left = value if isinstance(value, str) else json.dumps(value, separators=(",", ":"), sort_keys=True)
        right = want
    if op == "==":
        return left == right
    if op == "!=":
        return left != right
    if op == ">":
        return left > right
    if op == "<":
        return left < right
    if op == ">=":
        return left >= right
    return left <= right`,
  ],
  [
    '_weft_condition',
    ['_weft_field', '_weft_field_tests', '_weft_compare'],
    [],
    String.raw`def _weft_condition(obj, condition):
    """Whether every field test of the condition holds on the object (kubectl's JSON as a dict);
    a missing field makes every test false except "!path"."""
    for path, op, want in _weft_field_tests(condition):
        found, value = _weft_field(obj, path)
        if op == "!":
            ok = not found
        elif not found:
            ok = False
        elif op == "exists":
            ok = True
        elif op in ("in", "notin"):
            hit = any(_weft_compare(value, "==", w) for w in want)
            ok = hit if op == "in" else not hit
        else:
            ok = _weft_compare(value, op, want)
        if not ok:
            return False
    return True`,
  ],
  [
    '_weft_jsonpath',
    [],
    ['json', 're'],
    String.raw`def _weft_jsonpath(obj, expr):
    """A capture's JSONPath evaluated on the object, for the subset kubectl users write most:
    {.a.b}, {.a[0].b}, {.a[*].b}, {.a['key.with.dots']}. Returns the text kubectl -o jsonpath prints
    (strings as they are, other values as JSON, several results space-separated), None when the
    expression is outside the subset (kubectl evaluates it then); a missing field raises KeyError."""
    m = re.fullmatch(r"\{\s*\$?((?:\.[A-Za-z0-9_-]+|\[(?:[0-9]+|\*|'[^']*'|\"[^\"]*\")\])+)\s*\}", expr.strip())
    if not m:
        return None
    values = [obj]
    for key, index in re.findall(r"\.([A-Za-z0-9_-]+)|\[([0-9]+|\*|'[^']*'|\"[^\"]*\")\]", m.group(1)):
        found = []
        for v in values:
            if index == "*":
                found += list(v.values()) if isinstance(v, dict) else list(v) if isinstance(v, list) else []
            elif index.isdigit():
                if isinstance(v, list) and int(index) < len(v):
                    found.append(v[int(index)])
            else:
                name = key or index[1:-1]
                if isinstance(v, dict) and name in v:
                    found.append(v[name])
        if not found:
            raise KeyError(expr)
        values = found
    return " ".join(v if isinstance(v, str) else json.dumps(v, separators=(",", ":")) for v in values)`,
  ],
  [
    '_weft_kubectl',
    [],
    ['subprocess', 'time'],
    String.raw`def _weft_kubectl(argv, deadline, what):
    """Runs kubectl with an argv list (never a shell line) and returns what it printed; fails with
    its error output. deadline: time.monotonic() value bounding the call (None: no limit)."""
    timeout = None if deadline is None else max(1.0, deadline - time.monotonic())
    try:
        proc = subprocess.run(["kubectl"] + list(argv), capture_output=True, encoding="utf-8", timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise TimeoutError(f"kubectl {argv[0]} did not finish in time ({what})") from None
    if proc.returncode != 0:
        raise RuntimeError(f"kubectl {argv[0]} failed with status {proc.returncode} ({what}): {proc.stderr.strip()}")
    return proc.stdout`,
  ],
  [
    '_weft_manifest',
    ['_weft_label_value', '_weft_kubectl_conn', '_weft_condition', '_weft_jsonpath', '_weft_kubectl', '_weft_decode'],
    ['json', 'os', 'sys', 'tempfile', 'time'],
    String.raw`def _weft_manifest(manifest, action="apply", success=None, failure=None, merge_strategy=None, flags=(),
                   owner=None, capture=None, kinds=None, timeout=None, interval=1.0, max_interval=15.0):
    """A manifest task: kubectl <action> on the object text (its values already filled in), then,
    with a success condition, polls the object until it holds (the task succeeds) or the failure
    condition holds (the task fails), within timeout seconds; returns the captured outputs, typed.

    The text goes through a private temporary file, never the command line (it may hold secrets).
    owner=(run id, task): ownedByRun - the object is labelled weft.dev/run and weft.dev/task before
    it is made, so _weft_manifest_cleanup finds it when the run ends, whatever happened here.
    A patch reads the text as the patch and, except a json patch, as the object it names (as Argo).
    Without a manifest (None), a delete names what to delete by its flags alone: kubectl delete
    <flags>, e.g. ["configmap", "--selector", "cleanup=true"] (an argv list, never a shell line).
    """
    deadline = None if timeout is None else time.monotonic() + timeout
    flags = list(flags)
    if manifest is None:
        if action != "delete" or not flags:
            raise RuntimeError(f"a manifest task without a manifest can only delete, naming the objects by its flags (action {action})")
        printed = _weft_kubectl(["delete"] + flags + ["--ignore-not-found", "--output=name"], deadline, "delete by flags")
        print(f"weft: deleted {printed.strip() or 'nothing (not found)'}")
        return {}
    conn = _weft_kubectl_conn(flags)
    with tempfile.TemporaryDirectory(prefix="weft-") as tmp:
        path = os.path.join(tmp, "manifest.yaml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(manifest)
        if owner is not None and action in ("apply", "create", "replace"):
            labels = ["weft.dev/run=" + _weft_label_value(owner[0]), "weft.dev/task=" + _weft_label_value(owner[1])]
            labelled = _weft_kubectl(["label", "--local", "--overwrite", "--filename=" + path, "--output=json"] + conn + labels, deadline, "labelling the object for ownedByRun")
            with open(path, "w", encoding="utf-8") as f:
                f.write(labelled)
        argv = [action]
        if action == "patch":
            strategy = merge_strategy or "strategic"
            argv += ["--type=" + strategy, "--patch-file=" + path]
            if strategy != "json":
                argv.append("--filename=" + path)
        else:
            argv.append("--filename=" + path)
        if action == "delete":
            argv.append("--ignore-not-found")
        argv += flags + ["--output=" + ("name" if action == "delete" else "json")]
        printed = _weft_kubectl(argv, deadline, action + " of the manifest")
    if action == "delete":
        print(f"weft: deleted {printed.strip() or 'nothing (not found)'}")
        return {}
    obj = json.loads(printed)
    if "items" in obj and str(obj.get("kind", "")).endswith("List"):
        if len(obj["items"]) != 1:
            raise RuntimeError(f"the manifest made {len(obj['items'])} objects; a manifest task watches one")
        obj = obj["items"][0]
    meta = obj.get("metadata") or {}
    group, _, version = str(obj.get("apiVersion", "")).rpartition("/")
    ref = str(obj.get("kind", "")) + ("." + version + "." + group if group else "") + "/" + str(meta.get("name", ""))
    scope = ["--namespace=" + meta["namespace"]] if meta.get("namespace") else []
    print(f"weft: {action} {ref}" + (f" in namespace {meta['namespace']}" if scope else ""))
    if success:
        wait, misses = interval, 0
        while True:
            if failure and _weft_condition(obj, failure):
                raise RuntimeError(f"{ref}: the failure condition holds: {failure}")
            if _weft_condition(obj, success):
                break
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                raise TimeoutError(f"{ref}: timed out after {timeout}s waiting for {success}")
            time.sleep(wait if left is None else min(wait, left))
            wait = min(wait * 2, max_interval)
            try:
                obj = json.loads(_weft_kubectl(["get", ref] + conn + scope + ["--output=json"], deadline, "polling the object"))
                misses = 0
            except (RuntimeError, ValueError) as e:
                # A passing API hiccup should not fail a long wait; an object that stays unreadable does.
                misses += 1
                if misses >= 5:
                    raise
                print(f"weft: {e}; retrying", file=sys.stderr)
    elif failure and _weft_condition(obj, failure):
        raise RuntimeError(f"{ref}: the failure condition holds: {failure}")
    out = {}
    for name, expr in (capture or {}).items():
        try:
            text = _weft_jsonpath(obj, expr)
        except KeyError:
            raise RuntimeError(f"{ref}: capture {name}: {expr} is not in the object") from None
        if text is None:
            text = _weft_kubectl(["get", ref] + conn + scope + ["--output=jsonpath=" + expr], deadline, "capturing " + name)
        out[name] = _weft_decode((kinds or {}).get(name, "string"), text)
    return out`,
  ],
  [
    '_weft_manifest_cleanup',
    ['_weft_label_value', '_weft_kubectl_conn', '_weft_kubectl'],
    ['sys', 'time'],
    String.raw`def _weft_manifest_cleanup(run_id, owned):
    """ownedByRun when a run ends: deletes what its manifest tasks made, found by the labels
    _weft_manifest gave them (whether those tasks succeeded or not). owned: one entry per task,
    {"task", "resource" (Kind.version.group), "namespace" or "all_namespaces", "flags"}. A delete
    that fails is reported, not raised (the run's own outcome stands); returns those left behind."""
    left = []
    for spec in owned:
        selector = "weft.dev/run=" + _weft_label_value(run_id) + ",weft.dev/task=" + _weft_label_value(spec["task"])
        argv = ["delete", spec["resource"], "--selector=" + selector, "--ignore-not-found", "--wait=false"] + _weft_kubectl_conn(spec.get("flags", []))
        if spec.get("namespace"):
            argv.append("--namespace=" + spec["namespace"])
        elif spec.get("all_namespaces"):
            argv.append("--all-namespaces")
        try:
            printed = _weft_kubectl(argv, time.monotonic() + 300, "ownedByRun cleanup")
            if printed.strip():
                print(printed.strip())
        except (RuntimeError, OSError) as e:
            left.append(spec["resource"] + " -l " + selector)
            print(f"weft: ownedByRun: {spec['resource']} -l {selector} was not deleted: {e}", file=sys.stderr)
    return left`,
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
 * A task's value outputs read from a file (`path`) and their defaults, as the `specs` of
 * `_weft_collect` (`{name: {"path": …, "default": …}}`); undefined when it has none of either.
 */
export function pyOutputSpecs(task: Task): string | undefined {
  let out: string[] | undefined;
  const outputs = task.outputs;
  for (const name in outputs) {
    const o = outputs[name]!;
    if (o.type === 'file' || o.type === 'dir') continue;
    const parts: string[] = [];
    if (o.path !== undefined && o.type !== 'metric') parts.push(`"path": ${pyStr(o.path)}`);
    if (o.default !== undefined) parts.push(`"default": ${pyValue(o.default)}`);
    if (parts.length) (out ??= []).push(`${pyStr(name)}: {${parts.join(', ')}}`);
  }
  return out && `{${out.join(', ')}}`;
}

/**
 * The declared defaults of a task's value outputs (only `name`'s, when given) as a Python dict
 * literal; undefined when there is none.
 */
export function pyOutputDefaults(task: Task, name?: string): string | undefined {
  let out: string[] | undefined;
  const outputs = task.outputs;
  for (const n in outputs) {
    const d = outputs[n]!.default;
    if (d !== undefined && (name === undefined || n === name)) (out ??= []).push(`${pyStr(n)}: ${pyValue(d)}`);
  }
  return out && `{${out.join(', ')}}`;
}

/**
 * The optional trailing arguments of `_weft_run` / `_weft_docker`: the outputs read from files and
 * the defaults (`specs=`), and `exit_code=True` when a later task reads the exit code.
 */
export function pyRunExtras(task: Task, exitCode: boolean): string[] {
  const specs = pyOutputSpecs(task);
  const out = specs ? [`specs=${specs}`] : [];
  if (exitCode) out.push('exit_code=True');
  return out;
}

/**
 * A command run under the output contract as the statements of a task function that returns the
 * task's outputs (Airflow, Prefect): `_weft_run` one argument a line (no timeout of its own: the
 * task's bounds it), then the file and dir outputs. `argv`, `cwd`, `env`: Python source.
 */
export function pyRunReturning(argv: string, cwd: string, env: string, task: Task, exitCode: boolean): string[] {
  const args = [argv, cwd, env, 'None', pyOutputKinds(task), ...pyRunExtras(task, exitCode)];
  return ['out = _weft_run(', ...args.map((a) => `    ${a},`), ')', ...pyFileOutputs(task), 'return out'];
}

/**
 * Messages for a container task's value outputs read from an absolute path outside the folders
 * `_weft_docker` mounts (/work, /tmp/weft): the host cannot read them, so the task would fail.
 */
export function containerOnlyPaths(task: Task): string[] {
  const out: string[] = [];
  for (const [name, o] of Object.entries(task.outputs ?? {})) {
    const p = o.type === 'file' || o.type === 'dir' ? undefined : o.path;
    if (p?.startsWith('/') && !/^\/(work|tmp\/weft)(\/|$)/.test(p)) out.push(`output ${name}: ${p} is inside the container only, where the generated code cannot read it; write it under /work (the task's folder)`);
  }
  return out;
}

/** Task types whose program the Python exports run as a process (the ones with an exit code). */
export function runsProcess(t: Task): boolean {
  return t.type === 'shell' || t.type === 'python' || t.type === 'node' || t.type === 'container';
}

/**
 * The ids of the tasks whose `exitCode` an expression of the pipeline reads (`tasks.<id>.exitCode`),
 * in any section: those record it in their result. Only strings naming exitCode are parsed.
 */
export function exitCodeReads(p: Pipeline): Set<string> {
  const out = new Set<string>();
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      if (!v.includes('exitCode') || !v.includes('${{')) return;
      for (const part of parsedTemplate(v).parts) {
        if (part.kind !== 'expr' || !part.ast) continue;
        for (const r of collectReferences(part.ast)) if (r.root === 'tasks' && r.path[1] === 'exitCode' && typeof r.path[0] === 'string') out.add(r.path[0]);
      }
    } else if (Array.isArray(v)) for (const x of v) visit(x);
    else if (v && typeof v === 'object') for (const k in v) visit((v as Record<string, unknown>)[k]);
  };
  for (const section of [p.tasks, p.onFailure, p.finally]) for (const id in section) visit(section[id]);
  return out;
}

/** Why a Python export cannot run a task (a service, an approval), as the message the task fails with. */
export function unsupportedTask(id: string, t: Task, target: string): string | undefined {
  if (t.service) return `task ${id} is a service (kept running for the tasks after it), which the ${target} export cannot run: export the pipeline to Argo for it`;
  if (t.type === 'wait' && t.approval !== undefined) return `task ${id} waits for a person's approval, which ${target} cannot do: export the pipeline to Argo, Airflow or Prefect for it`;
  return undefined;
}

/** The warning for `tasks.<id>.exitCode` of a task that runs no process (http, sql, check, wait…): it reads None. */
export function noExitCode(id: string): string {
  return `tasks.${id}.exitCode: ${id} runs no process of its own, so it reads None`;
}

/** `tasks.<id>.address` in a Python export: a call that fails the task reading it (no services run here). */
export function pyNoAddress(id: string, target: string): string {
  return `_weft_unsupported(${pyStr(`tasks.${id}.address: the ${target} export runs no services, so task ${id} has no address`)})`;
}

/**
 * `tasks.<id>.outputs.<name>` of a sub-pipeline task on a target that starts the sub-pipeline as a
 * separate run handing no values back (Airflow, Prefect, Luigi): reading it fails the reader.
 */
export function pyNoSubOutput(id: string, name: string, target: string): string {
  return `_weft_unsupported(${pyStr(`tasks.${id}.outputs.${name}: the ${target} export starts the sub-pipeline of task ${id} as a separate run that hands no values back (export to Argo, Kubeflow or Dagster to read it)`)})`;
}

/**
 * A task's statements under allowFailure: they become a nested function `_weft_body` (which must
 * return the task's result) run by `_weft_allow_failure`; `assign` receives the result
 * (`return ` or `out = `). The try/except lives in the helper, written once.
 */
export function pyAllowFailure(id: string, body: string[], assign: string): string[] {
  return ['def _weft_body():', ...body.map((l) => (l === '' ? l : `    ${l}`)), `${assign}_weft_allow_failure(${pyStr(id)}, _weft_body)`];
}

/** What a manifest task becomes in a Python export (see `pyManifest`). */
export interface PyManifest {
  /** The statement running the task, its result assigned with `assign` (`return ` or `out = `). */
  lines(assign: string): string[];
  /** ownedByRun that can be honoured: the run-end cleanup's entry for this task (a Python dict literal). */
  owned?: string;
}

export interface PyManifestInput {
  /** The task's name in labels and messages (the Weft id; `sub/task` inside a sub-pipeline). */
  label: string;
  /** Python source for the run id (`ctx["run_id"]`, `run["id"]`, `RUN["id"]`). */
  runId: string;
  /** A text field with its `${{ }}` worked out at run time, as Python source. */
  text(value: string, where: string): string;
  /** The task's timeout in seconds (the wait for a condition is bounded by it). */
  timeout: number | undefined;
  warn(feature: string, message: string): void;
  /** The target's name, for messages. */
  target: string;
}

/** `Kind.version.group` (`Job.v1.batch`; core kinds alone), the resource kubectl resolves. */
function kubectlResource(apiVersion: string, kind: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? kind : `${kind}.${apiVersion.slice(slash + 1)}.${apiVersion.slice(0, slash)}`;
}

const fixed = (v: unknown): v is string => typeof v === 'string' && v !== '' && !v.includes('${{');

/**
 * A manifest task as a call of `_weft_manifest` — the same on Airflow, Prefect, Dagster and Luigi:
 * the manifest, conditions and flags are text fields worked out at run time; captures are read
 * from the object and typed as declared. With ownedByRun the object is labelled with the run id,
 * and `owned` is what the target's run-end cleanup (`_weft_manifest_cleanup`) deletes: the
 * object's kind and namespace come from the manifest itself, so they must be fixed text.
 */
export function pyManifest(task: ManifestTask, o: PyManifestInput): PyManifest {
  const action = task.action ?? 'apply';
  // No manifest: a delete naming its objects by flags (`kubectl delete <flags>`).
  const args: string[] = [task.manifest === undefined ? 'None' : o.text(task.manifest, 'manifest'), `action=${pyStr(action)}`];
  const conditions = task.successCondition !== undefined || task.failureCondition !== undefined;
  if (action === 'delete' && (conditions || task.capture)) {
    o.warn('task.manifest', `successCondition, failureCondition and capture are not used with action delete on ${o.target} (kubectl delete prints only the name)`);
  } else {
    if (task.successCondition !== undefined) args.push(`success=${o.text(task.successCondition, 'successCondition')}`);
    if (task.failureCondition !== undefined) args.push(`failure=${o.text(task.failureCondition, 'failureCondition')}`);
    if (task.failureCondition !== undefined && task.successCondition === undefined) {
      o.warn('task.manifest', 'a failureCondition without a successCondition is checked once, on the object the action returns (the task does not wait)');
    }
  }
  if (task.mergeStrategy !== undefined) {
    if (action === 'patch') args.push(`merge_strategy=${pyStr(task.mergeStrategy)}`);
    else o.warn('task.manifest', `mergeStrategy applies to action patch only; not used with ${action}`);
  }
  const flags = task.flags ?? [];
  if (flags.length) args.push(`flags=[${flags.map((f, i) => o.text(f, `flags[${i}]`)).join(', ')}]`);
  let owned: string | undefined;
  if (task.ownedByRun) {
    if (action === 'apply' || action === 'create' || action === 'replace') {
      args.push(`owner=(${o.runId}, ${pyStr(o.label)})`);
      owned = ownedEntry(task, o);
    } else o.warn('task.manifest', `ownedByRun applies to objects the task makes (apply, create, replace); not used with ${action}`);
  }
  const kinds = pyOutputKinds(task);
  const capture = action === 'delete' ? {} : (task.capture ?? {});
  if (Object.keys(capture).length) args.push(`capture=${pyValue(capture)}`, `kinds=${kinds}`);
  const missing = Object.entries(task.outputs ?? {}).filter(([n, d]) => !(n in capture) && d.default === undefined).map(([n]) => n);
  if (missing.length) o.warn('outputs.values', `a manifest task reports only its captured outputs; ${missing.join(', ')} will be missing on ${o.target}`);
  if (o.timeout !== undefined) args.push(`timeout=${o.timeout}`);
  // Outputs it does not capture are their defaults.
  const defaults = pyOutputDefaults(task);
  const [open, close] = defaults ? [`{**${defaults}, **_weft_manifest(`, ')}'] : ['_weft_manifest(', ')'];
  return {
    lines: (assign) => [`${assign}${open}`, ...args.map((a) => `    ${a},`), close],
    ...(owned !== undefined ? { owned } : {}),
  };
}

/** The cleanup entry of an ownedByRun task, or undefined (warned) when its kind is known only at run time. */
function ownedEntry(task: ManifestTask, o: PyManifestInput): string | undefined {
  let obj: unknown;
  try {
    obj = task.manifest === undefined ? undefined : parseDocument('manifest.yaml', task.manifest).value;
  } catch {
    obj = undefined;
  }
  const m = obj && typeof obj === 'object' && !Array.isArray(obj) ? (obj as Record<string, unknown>) : {};
  if (!fixed(m.apiVersion) || !fixed(m.kind)) {
    o.warn('task.manifest', `ownedByRun: the object's apiVersion and kind are not fixed text in the manifest, so the run-end cleanup cannot find it on ${o.target}; it is labelled weft.dev/run=<run id> but not deleted`);
    return undefined;
  }
  const meta = m.metadata && typeof m.metadata === 'object' ? (m.metadata as Record<string, unknown>) : {};
  const parts = [`"task": ${pyStr(o.label)}`, `"resource": ${pyStr(kubectlResource(m.apiVersion, m.kind))}`];
  // A namespace worked out at run time is not known to the cleanup: it looks in every namespace.
  if (fixed(meta.namespace)) parts.push(`"namespace": ${pyStr(meta.namespace)}`);
  else if (typeof meta.namespace === 'string') parts.push('"all_namespaces": True');
  const flags = task.flags ?? [];
  if (flags.some((f) => f.includes('${{'))) o.warn('task.manifest', `ownedByRun: flags with \${{ }} are not passed to the run-end cleanup on ${o.target} (it runs outside the task); it uses the fixed ones`);
  const fixedFlags = flags.filter((f) => !f.includes('${{'));
  if (fixedFlags.length) parts.push(`"flags": ${pyValue(fixedFlags)}`);
  return `{${parts.join(', ')}}`;
}

/** The run-end cleanup of ownedByRun manifest tasks: the call, given the run id's Python source. */
export function pyManifestCleanup(runId: string, owned: string[]): string[] {
  return [`_weft_manifest_cleanup(${runId}, [`, ...owned.map((e) => `    ${e},`), '])'];
}
