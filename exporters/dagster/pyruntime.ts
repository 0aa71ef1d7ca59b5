/**
 * The Python runtime the Dagster and Luigi exports carry at the top of their module: Weft's
 * expression semantics (truthiness, structural equality, template text, the functions), the
 * output contract (WEFT_OUTPUTS / WEFT_METRICS files read back after the process ends), and the
 * generated task kinds (sql on SQLite, http, wait for a file or URL, docker run). Standard library
 * only. Processes always get an argv list, never a shell string holding a value.
 */
import { PY_HELPER_NAMES } from '../python/expr';
import { exprHelpers } from './pyexpr';

const RUNTIME = String.raw`
def _path(*parts):
    """A path relative to the pipeline's folder."""
    return os.path.normpath(os.path.join(BASE_DIR, *parts))


def _secret(name):
    """A secret read at run time from its reference (an environment variable or a file), never stored here."""
    ref = SECRETS.get(name, {})
    if ref.get("env") and ref["env"] in os.environ:
        return os.environ[ref["env"]]
    if ref.get("file"):
        with open(_path(os.path.expanduser(ref["file"])), encoding="utf-8") as f:
            return f.read().rstrip("\n")
    raise RuntimeError("secret " + name + " is not available (no env or file reference set)")


def _convert(raw, kind):
    if kind == "integer":
        return int(raw.strip())
    if kind in ("number", "metric"):
        return float(raw.strip())
    if kind == "boolean":
        return raw.strip().lower() == "true"
    if kind in ("list", "object"):
        return json.loads(raw)
    return raw


def _collect(paths, kinds):
    """The output contract: name=value lines (value outputs, then metrics), typed as declared."""
    out = {}
    for p in paths:
        with open(p, encoding="utf-8") as f:
            for line in f.read().splitlines():
                name, sep, value = line.partition("=")
                if sep and name in kinds:
                    out[name] = _convert(value, kinds[name])
    missing = sorted(set(kinds) - set(out))
    if missing:
        raise RuntimeError("the task did not report the outputs " + ", ".join(missing))
    return out


def _run(argv, cwd, env, timeout, kinds):
    """Runs argv (a list: no shell parses values) with Weft's output contract; returns the outputs."""
    with tempfile.TemporaryDirectory(prefix="weft-") as tmp:
        files = [os.path.join(tmp, "outputs"), os.path.join(tmp, "metrics")]
        for p in files:
            open(p, "w").close()
        full = dict(os.environ)
        full.update(env)
        full["WEFT_OUTPUTS"], full["WEFT_METRICS"] = files
        subprocess.run(argv, cwd=cwd, env=full, timeout=timeout, check=True)
        return _collect(files, kinds)


def _docker(image, command, args, cwd, env, timeout, kinds):
    """A container task through docker run: the folder is mounted at /work, outputs at /tmp/weft."""
    with tempfile.TemporaryDirectory(prefix="weft-") as tmp:
        files = [os.path.join(tmp, "outputs"), os.path.join(tmp, "metrics")]
        for p in files:
            open(p, "w").close()
        argv = ["docker", "run", "--rm", "-v", cwd + ":/work", "-w", "/work", "-v", tmp + ":/tmp/weft",
                "-e", "WEFT_OUTPUTS=/tmp/weft/outputs", "-e", "WEFT_METRICS=/tmp/weft/metrics"]
        for name in env:
            argv += ["-e", name]
        if command:
            argv += ["--entrypoint", command[0], image] + list(command[1:])
        else:
            argv += [image]
        full = dict(os.environ)
        full.update(env)
        subprocess.run(argv + list(args), env=full, timeout=timeout, check=True)
        return _collect(files, kinds)


def _sql(database, query, params):
    """An sql task on a SQLite file, with named parameters; rows are printed as CSV."""
    if "://" in database:
        raise RuntimeError("only SQLite files are supported here, not " + database)
    os.makedirs(os.path.dirname(database) or ".", exist_ok=True)
    con = sqlite3.connect(database)
    try:
        if params:
            cur = con.execute(query, params)
            out = csv.writer(sys.stdout)
            if cur.description:
                out.writerow([c[0] for c in cur.description])
                out.writerows(cur.fetchall())
        else:
            con.executescript(query)
        con.commit()
    finally:
        con.close()


def _http(method, url, headers, body, statuses, timeout):
    data = None
    headers = dict(headers)
    if body is not None:
        if isinstance(body, str):
            data = body.encode("utf-8")
        else:
            data = _w_json(body).encode("utf-8")
            headers.setdefault("Content-Type", "application/json")
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout or 60) as r:
            status = r.status
    except urllib.error.HTTPError as e:
        status = e.code
    if not (status in statuses if statuses else 200 <= status < 300):
        raise RuntimeError(method + " " + url + " answered " + str(status))


def _wait_file(pattern, interval, timeout):
    deadline = None if timeout is None else time.monotonic() + timeout
    while not glob.glob(pattern):
        if deadline is not None and time.monotonic() > deadline:
            raise TimeoutError("no file matches " + pattern)
        time.sleep(interval)


def _wait_url(url, interval, timeout):
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=30) as r:
                if 200 <= r.status < 300:
                    return
        except Exception as e:  # not up yet
            print("waiting for", url, e, file=sys.stderr)
        if deadline is not None and time.monotonic() > deadline:
            raise TimeoutError(url + " did not answer 2xx")
        time.sleep(interval)


def _failed(assertions):
    """The sources of the assertions that do not hold."""
    return [src for ok, src in assertions if not _w_truthy(ok)]
`;

/** The runtime: the expression helpers (`_w_*`, shared with Airflow and Prefect), then the task runners. */
export const PRELUDE = `\n# --- Weft runtime (standard library only) -------------------------------------------------\n\n\n${exprHelpers()}\n\n${RUNTIME}`;

/** Standard-library modules the prelude uses (imported by both exports). */
export const PRELUDE_IMPORTS = ['csv', 'datetime', 'glob', 'hashlib', 'json', 'math', 'os', 'sqlite3', 'subprocess', 'sys', 'tempfile', 'time', 'urllib.error', 'urllib.request'];

/** Every name the prelude and its imports define: generated identifiers must not shadow them. */
export function preludeNames(): string[] {
  const names = new Set<string>([...PRELUDE_IMPORTS.map((m) => m.split('.')[0]!), ...PY_HELPER_NAMES]);
  for (const m of PRELUDE.matchAll(/^(?:def|class)\s+([A-Za-z_][A-Za-z0-9_]*)/gm)) names.add(m[1]!);
  for (const n of ['BASE_DIR', 'SECRETS', 'PIPELINE', 'SOURCE', 'P', 'RUN', 'out', 'env', 'argv', 'cwd', 'item', 'context', 'params', 'self', 'config', 'failed']) names.add(n);
  for (const n of ['len', 'min', 'max', 'abs', 'int', 'float', 'str', 'list', 'dict', 'range', 'print', 'open', 'any', 'all', 'bool', 'type', 'zip', 'super', 'isinstance', 'Exception', 'RuntimeError', 'TimeoutError']) names.add(n);
  return [...names].sort();
}
