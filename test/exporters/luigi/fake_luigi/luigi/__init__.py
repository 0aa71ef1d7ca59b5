"""A minimal stand-in for the parts of Luigi's API the Weft export uses, so the tests can run a
generated module end to end (the real package cannot be installed here). It follows Luigi's
documented semantics: parameters as class attributes, task ids from the significant parameters,
clone(), requires()/input()/output(), complete() from the outputs, dynamic dependencies yielded
from run(), WrapperTask, LocalTarget with atomic writes, and build() returning success.
"""
import datetime
import hashlib
import inspect
import json
import os
import traceback

_MISSING = object()


class Parameter:
    def __init__(self, default=_MISSING, significant=True, description=None, **_):
        self.default = default
        self.significant = significant

    def normalize(self, v):
        return v


class IntParameter(Parameter):
    def normalize(self, v):
        return int(v)


class FloatParameter(Parameter):
    def normalize(self, v):
        return float(v)


class BoolParameter(Parameter):
    def normalize(self, v):
        return bool(v)


class DateParameter(Parameter):
    pass


class ChoiceParameter(Parameter):
    def __init__(self, choices=(), **kw):
        super().__init__(**kw)
        self.choices = list(choices)

    def normalize(self, v):
        if v not in self.choices:
            raise ValueError(f"{v!r} is not one of {self.choices}")
        return v


class _Frozen(dict):
    def __hash__(self):
        return hash(json.dumps(self, sort_keys=True))


def _freeze(v):
    if isinstance(v, (list, tuple)):
        return tuple(_freeze(x) for x in v)
    if isinstance(v, dict):
        return _Frozen({k: _freeze(x) for k, x in v.items()})
    return v


class ListParameter(Parameter):
    def normalize(self, v):
        return _freeze(list(v))


class DictParameter(Parameter):
    def normalize(self, v):
        return _freeze(dict(v))


def _flatten(struct):
    if struct is None:
        return []
    if isinstance(struct, dict):
        return [x for v in struct.values() for x in _flatten(v)]
    if isinstance(struct, (list, tuple)):
        return [x for v in struct for x in _flatten(v)]
    return [struct]


def _map(struct, f):
    if isinstance(struct, dict):
        return {k: _map(v, f) for k, v in struct.items()}
    if isinstance(struct, (list, tuple)):
        return [_map(v, f) for v in struct]
    return f(struct)


class Task:
    retry_count = None
    worker_timeout = None

    @classmethod
    def get_params(cls):
        out = {}
        for klass in reversed(cls.__mro__):
            for k, v in vars(klass).items():
                if isinstance(v, Parameter):
                    out[k] = v
        return sorted(out.items())

    def __init__(self, **kwargs):
        self.param_kwargs = {}
        for name, p in self.get_params():
            v = kwargs.pop(name, p.default)
            if v is _MISSING:
                raise TypeError(f"{type(self).__name__}: missing parameter {name}")
            v = p.normalize(v) if v is not None else None
            self.param_kwargs[name] = v
            object.__setattr__(self, name, v)
        if kwargs:
            raise TypeError(f"{type(self).__name__}: unknown parameters {sorted(kwargs)}")
        sig = {n: str(self.param_kwargs[n]) for n, p in self.get_params() if p.significant}
        digest = hashlib.md5(json.dumps(sig, sort_keys=True).encode()).hexdigest()[:10]
        self.task_id = f"{type(self).__name__}_{digest}"

    def clone(self, cls=None, **kwargs):
        cls = cls or type(self)
        names = {n for n, _ in cls.get_params()}
        args = {k: v for k, v in self.param_kwargs.items() if k in names}
        args.update(kwargs)
        return cls(**args)

    def requires(self):
        return []

    def output(self):
        return []

    def input(self):
        return _map(self.requires(), lambda t: t.output())

    def complete(self):
        outs = _flatten(self.output())
        return bool(outs) and all(o.exists() for o in outs)

    def run(self):
        pass


class WrapperTask(Task):
    def complete(self):
        return all(t.complete() for t in _flatten(self.requires()))


class _AtomicFile:
    def __init__(self, path):
        self.path = path
        self.tmp = path + ".tmp"
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        self.f = open(self.tmp, "w", encoding="utf-8")

    def __enter__(self):
        return self.f

    def __exit__(self, *exc):
        self.f.close()
        if exc[0] is None:
            os.replace(self.tmp, self.path)
        else:
            os.remove(self.tmp)


class LocalTarget:
    def __init__(self, path):
        self.path = path

    def exists(self):
        return os.path.exists(self.path)

    def open(self, mode="r"):
        return _AtomicFile(self.path) if "w" in mode else open(self.path, encoding="utf-8")


RUNS = []  # task ids in the order they ran (for tests)


def _execute(task, depth=0):
    if task.complete():
        return True
    for r in _flatten(task.requires()):
        if not _execute(r, depth + 1):
            return False
    attempts = 1 + (task.retry_count or 0)
    for attempt in range(attempts):
        try:
            RUNS.append(task.task_id)
            if os.environ.get("FAKE_LUIGI_RUNS"):
                with open(os.environ["FAKE_LUIGI_RUNS"], "a", encoding="utf-8") as f:
                    f.write(type(task).__name__ + "\n")
            g = task.run()
            if inspect.isgenerator(g):
                sent = None
                while True:
                    try:
                        deps = g.send(sent)
                    except StopIteration:
                        break
                    for d in _flatten(deps):
                        if not _execute(d, depth + 1):
                            return False
                    sent = _map(deps, lambda t: t.output())
            return True
        except Exception:
            traceback.print_exc()
    return False


def build(tasks, local_scheduler=False, workers=1, **_):
    return all(_execute(t) for t in tasks)
