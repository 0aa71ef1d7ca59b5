"""A minimal stand-in for the parts of Dagster's API the Weft export uses, so the tests can run a
generated module's job in process (the real package cannot be installed here). It follows
Dagster's documented semantics where the export relies on them: an op runs when every input was
yielded (a skipped optional output skips its dependents, Nothing inputs included), RetryPolicy
retries, DynamicOut + map + collect, graphs inline, resources bound by Definitions, Failure, and
the instance's run records (their start time).
The job body runs eagerly in the order written, which the export keeps topological.
"""
import datetime
import enum
import inspect
import json
import os
import time
import traceback
import uuid


class Backoff(enum.Enum):
    LINEAR = "LINEAR"
    EXPONENTIAL = "EXPONENTIAL"


class DagsterRunStatus(enum.Enum):
    SUCCESS = "SUCCESS"
    FAILURE = "FAILURE"
    CANCELED = "CANCELED"


class RetryPolicy:
    def __init__(self, max_retries=1, delay=None, backoff=None, jitter=None):
        self.max_retries, self.delay, self.backoff = max_retries, delay, backoff


class Failure(Exception):
    def __init__(self, description=None, metadata=None):
        super().__init__(description)
        self.description = description


class _Nothing:
    pass


Nothing = _Nothing()


class In:
    def __init__(self, dagster_type=None):
        self.dagster_type = dagster_type


class Out:
    def __init__(self, dagster_type=None, is_required=True):
        self.is_required = is_required


class DynamicOut:
    is_required = False


class Output:
    def __init__(self, value, metadata=None):
        self.value, self.metadata = value, metadata or {}


class DynamicOutput:
    def __init__(self, value, mapping_key):
        self.value, self.mapping_key = value, mapping_key


class RunRequest:
    def __init__(self, run_key=None, run_config=None, tags=None):
        self.run_key, self.run_config, self.tags = run_key, run_config or {}, tags or {}


class SkipReason:
    def __init__(self, message=""):
        self.message = message


class ConfigurableResource:
    def __init__(self, **kwargs):
        for cls in reversed(type(self).__mro__):
            for name in getattr(cls, "__annotations__", {}):
                if name in kwargs:
                    value = kwargs.pop(name)
                elif hasattr(cls, name):
                    value = json.loads(json.dumps(getattr(cls, name)))
                else:
                    raise TypeError("missing config field " + name)
                object.__setattr__(self, name, value)
        if kwargs:
            raise TypeError("unknown config fields " + ", ".join(kwargs))


class OpExecutionContext:
    class _Log:
        def info(self, msg):
            print("[info]", msg)

        warning = info

    def __init__(self, run, retry_number):
        self.run, self.run_id, self.retry_number, self.log = run, run.run_id, retry_number, self._Log()
        self.instance = _Instance()


class _Instance:
    """The instance's run storage: the run record (its start time) of the run going on."""

    def get_run_record_by_id(self, run_id):
        run = _STATE.get("run")
        return _RunRecord(run.start_time) if run is not None and run.run_id == run_id else None


class _RunRecord:
    def __init__(self, start_time):
        self.start_time = start_time


RunFailureSensorContext = RunStatusSensorContext = SensorEvaluationContext = object


class ScheduleEvaluationContext:
    def __init__(self, scheduled_execution_time=None):
        self.scheduled_execution_time = scheduled_execution_time


class _Run:
    def __init__(self, tags):
        self.run_id, self.tags, self.start_time = uuid.uuid4().hex, dict(tags), time.time()


SKIP = object()
_STATE = {}
EXECUTED = []  # op names in the order they ran (for tests)
VALUES = {}  # op name -> the value it yielded last (for tests)


class _Dynamic(list):
    def map(self, fn):
        return _Dynamic(fn(v) for v in self)

    def collect(self):
        return [v for v in self if v is not SKIP]


class OpDefinition:
    def __init__(self, fn, name=None, ins=None, out=None, retry_policy=None, **_):
        self.fn, self.name = fn, name or fn.__name__
        self.nothing = set((ins or {}).keys())
        self.out, self.retry = out or Out(), retry_policy

    def __call__(self, *args, **kwargs):
        if any(v is SKIP for v in list(args) + list(kwargs.values())):
            return SKIP
        for n in self.nothing:
            kwargs.pop(n, None)
        sig = inspect.signature(self.fn)
        call = {}
        positional = list(args)
        for p in sig.parameters.values():
            ann = p.annotation
            if p.name == "context":
                continue
            if inspect.isclass(ann) and issubclass(ann, ConfigurableResource):
                call[p.name] = _STATE["resources"][p.name]
            elif p.name in kwargs:
                call[p.name] = kwargs.pop(p.name)
            elif positional:
                call[p.name] = positional.pop(0)
        if kwargs or positional:
            raise TypeError(f"op {self.name}: unexpected inputs {sorted(kwargs)} {positional}")
        attempts = 1 + (self.retry.max_retries if self.retry else 0)
        for attempt in range(attempts):
            ctx = OpExecutionContext(_STATE["run"], attempt)
            EXECUTED.append(self.name)
            try:
                results = list(self.fn(ctx, **call))
            except Exception:
                if attempt + 1 == attempts:
                    raise
                traceback.print_exc()
                continue
            if isinstance(self.out, DynamicOut):
                return _Dynamic(r.value for r in results)
            if not results:
                if self.out.is_required:
                    raise RuntimeError(f"op {self.name} yielded no required output")
                return SKIP
            VALUES[self.name] = results[0].value
            return results[0].value


def op(fn=None, **kwargs):
    if fn is not None:
        return OpDefinition(fn)
    return lambda f: OpDefinition(f, **kwargs)


def graph(fn=None, **kwargs):
    return (lambda f: f) if fn is None else fn


class JobDefinition:
    def __init__(self, fn, name=None, **_):
        self.fn, self.name = fn, name or fn.__name__
        self.resources = {}

    def execute_in_process(self, tags=None, raise_on_error=False):
        _STATE["run"] = _Run(tags or {})
        _STATE["resources"] = self.resources
        try:
            self.fn()
            return True
        except Exception:
            traceback.print_exc()
            if raise_on_error:
                raise
            return False


def job(fn=None, **kwargs):
    return JobDefinition(fn) if fn is not None else (lambda f: JobDefinition(f, **kwargs))


class _Executor:
    def configured(self, config):
        return self


multiprocess_executor = _Executor()


def _decorator(**kwargs):
    return lambda f: f


schedule = sensor = run_status_sensor = run_failure_sensor = _decorator


class Definitions:
    def __init__(self, jobs=(), schedules=(), sensors=(), resources=None):
        self.jobs, self.schedules, self.sensors = list(jobs), list(schedules), list(sensors)
        self.resources = resources or {}
        for j in self.jobs:
            j.resources = self.resources

    def get_job_def(self, name):
        return next(j for j in self.jobs if j.name == name)
