/**
 * The run-time helpers only an Airflow export needs (XCom reads of upstream outputs and statuses,
 * run facts from the DAG run), in the shared table format of exporters/python/runtime.ts, which
 * holds the rest (the output contract, sql, http, waits, input staging, allowed failures). Each is
 * emitted only when a task needs it.
 */
import { FAILED_MARKER, type RuntimeEntry } from '../python/runtime';

export const AIRFLOW_RUNTIME: RuntimeEntry[] = [
  [
    '_weft_output',
    [],
    [],
    `def _weft_output(ti, task_id, name, mapped=False, form=False, defaults=None):
    """tasks.<id>.outputs.<name>: from the upstream task's XCom (a list, one per item, for a fan-out
    task; form: an approval, whose outputs are the params entered in its form). A value it did not
    leave (skipped, an allowed failure, not reported) is its declared default, else an error."""

    def pick(value):
        if form and isinstance(value, dict):
            value = value.get("params_input")
        if isinstance(value, dict) and "${FAILED_MARKER}" not in value and name in value:
            return value[name]
        if defaults and name in defaults:
            return defaults[name]
        raise RuntimeError(f"task {task_id!r} has no output {name} in this run (it did not succeed)")

    value = ti.xcom_pull(task_ids=task_id)
    return [pick(v) for v in value or []] if mapped else pick(value)`,
  ],
  [
    '_weft_exit_of',
    ['_weft_exit_code'],
    [],
    `def _weft_exit_of(ti, task_id):
    """tasks.<id>.exitCode: from its result, or the XCom weft_exit_code _weft_step left when it failed."""
    code = _weft_exit_code(ti.xcom_pull(task_ids=task_id))
    return ti.xcom_pull(task_ids=task_id, key="weft_exit_code") if code is None else code`,
  ],
  [
    '_weft_step',
    ['_weft_failed_allowed'],
    ['functools'],
    `def _weft_step(fn):
    """Records the task's outcome (succeeded/failed/skipped) as XCom 'weft_status' for tasks.<id>.status
    (an allowed failure ends the Airflow task successfully, but its status is failed), and the exit code
    of a failed process as XCom 'weft_exit_code' for tasks.<id>.exitCode."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        ti = get_current_context()["ti"]
        try:
            result = fn(*args, **kwargs)
        except AirflowSkipException:
            ti.xcom_push(key="weft_status", value="skipped")
            raise
        except BaseException as e:
            ti.xcom_push(key="weft_status", value="failed")
            if getattr(e, "weft_exit_code", None) is not None:
                ti.xcom_push(key="weft_exit_code", value=e.weft_exit_code)
            raise
        ti.xcom_push(key="weft_status", value="failed" if _weft_failed_allowed(result) else "succeeded")
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
];
