/**
 * The run-time helpers an Airflow export defines at module level (plain Python, no Jinja): the
 * output contract around a task's program, XCom reads of upstream outputs, run facts, SQLite and
 * HTTP steps. Each is emitted only when a task needs it, in this fixed order.
 */

export const AIRFLOW_RUNTIME: [name: string, needs: string[], imports: string[], code: string][] = [
  [
    '_weft_run',
    ['_weft_decode'],
    ['os', 'subprocess', 'tempfile'],
    `def _weft_run(argv, env, workdir, outputs):
    """Runs a task's program (argv list, never a shell line) with Weft's output contract.

    WEFT_OUTPUTS / WEFT_METRICS name files the program appends name=value lines to; the declared
    outputs are returned as a dict, which Airflow stores as the task's XCom.
    """
    cwd = os.path.join(WEFT_ROOT, workdir)
    with tempfile.TemporaryDirectory(prefix="weft-") as tmp:
        files = {"WEFT_OUTPUTS": os.path.join(tmp, "outputs"), "WEFT_METRICS": os.path.join(tmp, "metrics")}
        for path in files.values():
            open(path, "w").close()
        proc = subprocess.run(argv, cwd=cwd, env={**os.environ, **env, **files}, check=False)
        if proc.returncode != 0:
            raise RuntimeError(f"{argv[0]} exited with status {proc.returncode}")
        reported = {}
        for path in files.values():
            with open(path, encoding="utf-8") as f:
                for line in f.read().splitlines():
                    name, sep, value = line.partition("=")
                    if sep:
                        reported[name.strip()] = value
    result = {}
    for name, (kind, path) in outputs.items():
        if kind in ("file", "dir"):
            result[name] = path
        elif name in reported:
            result[name] = _weft_decode(kind, reported[name])
        else:
            raise RuntimeError(f"the task did not report its output {name!r}")
    return result`,
  ],
  [
    '_weft_decode',
    [],
    ['json'],
    `def _weft_decode(kind, text):
    """A reported value, read according to its declared type."""
    if kind == "string":
        return text
    if kind == "boolean":
        return text.strip() == "true"
    if kind == "integer":
        return int(text)
    if kind in ("number", "metric"):
        return float(text)
    return json.loads(text)`,
  ],
  [
    '_weft_output',
    [],
    [],
    `def _weft_output(ti, task_id, name, mapped=False):
    """tasks.<id>.outputs.<name>: from the upstream task's XCom (a list, one per item, for a fan-out task)."""
    value = ti.xcom_pull(task_ids=task_id)
    if mapped:
        return [v[name] for v in value]
    if value is None:
        raise RuntimeError(f"task {task_id!r} has no outputs in this run (it did not succeed)")
    return value[name]`,
  ],
  [
    '_weft_step',
    [],
    ['functools'],
    `def _weft_step(fn):
    """Records the task's outcome (succeeded/failed/skipped) as XCom 'weft_status' for tasks.<id>.status."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        ti = get_current_context()["ti"]
        try:
            result = fn(*args, **kwargs)
        except AirflowSkipException:
            ti.xcom_push(key="weft_status", value="skipped")
            raise
        except BaseException:
            ti.xcom_push(key="weft_status", value="failed")
            raise
        ti.xcom_push(key="weft_status", value="succeeded")
        return result

    return wrapper`,
  ],
  [
    '_weft_status',
    [],
    [],
    `def _weft_status(ti, task_id):
    """tasks.<id>.status: succeeded, failed or skipped (a task that never ran counts as skipped)."""
    value = ti.xcom_pull(task_ids=task_id, key="weft_status")
    if isinstance(value, list):
        value = "failed" if "failed" in value else (value[0] if value else None)
    return value or "skipped"`,
  ],
  [
    '_weft_run_date',
    [],
    ['datetime'],
    `def _weft_run_date(ctx):
    """run.date: the date the run is for (its logical date; a manual run without one: when it started)."""
    when = ctx.get("logical_date") or ctx["dag_run"].run_after
    return when.strftime("%Y-%m-%d")`,
  ],
  [
    '_weft_run_timestamp',
    [],
    [],
    `def _weft_run_timestamp(ctx):
    """run.timestamp: the run's date and time (ISO 8601)."""
    when = ctx.get("logical_date") or ctx["dag_run"].run_after
    return when.isoformat()`,
  ],
  [
    '_weft_sql',
    [],
    ['csv', 'os', 'sqlite3', 'sys'],
    `def _weft_sql(database, query, params, workdir):
    """An sql task on a SQLite file: named parameters (:name), never text pasted into the SQL."""
    cwd = os.path.join(WEFT_ROOT, workdir)
    path = os.path.join(cwd, database)
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    con = sqlite3.connect(path)
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
        con.close()
    return {}`,
  ],
  [
    '_weft_read',
    [],
    ['os'],
    `def _weft_read(path, workdir):
    """A file of the pipeline folder (an sql task's file), read at run time."""
    with open(os.path.join(WEFT_ROOT, workdir, path), encoding="utf-8") as f:
        return f.read()`,
  ],
  [
    '_weft_http',
    [],
    ['json', 'urllib.error', 'urllib.request'],
    `def _weft_http(method, url, headers, body, expect, timeout):
    """An http task: the call, failing unless the status is expected (default: any 2xx)."""
    data = None
    if body is not None:
        if isinstance(body, str):
            data = body.encode("utf-8")
        else:
            data = json.dumps(body).encode("utf-8")
            headers = {"Content-Type": "application/json", **headers}
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            status = resp.status
    except urllib.error.HTTPError as e:
        status = e.code
    ok = status in expect if expect else 200 <= status < 300
    if not ok:
        raise RuntimeError(f"{method} {url} answered {status}")
    return {}`,
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
    '_weft_file_ready',
    [],
    ['glob', 'os'],
    `def _weft_file_ready(pattern, workdir):
    """Whether a file matching the path or glob exists now."""
    return bool(glob.glob(os.path.join(WEFT_ROOT, workdir, pattern)))`,
  ],
];

export function runtimeClosure(used: Set<string>): Set<string> {
  const out = new Set(used);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [name, needs] of AIRFLOW_RUNTIME) {
      if (!out.has(name)) continue;
      for (const n of needs) if (!out.has(n)) out.add(n), (grew = true);
    }
  }
  return out;
}
