"""Tiny helper for Weft's output contract (standard library only).

A task reports values by appending `name=value` lines to the file named by the environment
variable WEFT_OUTPUTS, and metrics the same way to the file named by WEFT_METRICS. When a
variable is unset (the script was run by hand) the line is printed instead, so every script
also works outside the runtime.

Values are written so the runtime can read them back with the declared type: booleans as
`true`/`false`, lists and objects as compact JSON, numbers and strings as they are.
"""
import json
import os


def _text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, separators=(",", ":"), sort_keys=True)
    text = str(value)
    if "\n" in text:
        raise ValueError("output values must fit on one line")
    return text


def _append(env_var, label, name, value):
    line = f"{name}={_text(value)}\n"
    path = os.environ.get(env_var)
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(line)
    else:
        print(f"[{label}] {line}", end="")


def output(name, value):
    """Report a declared output value (`outputs: {name: {type: ...}}`)."""
    _append("WEFT_OUTPUTS", "output", name, value)


def metric(name, value):
    """Report a declared `type: metric` output (a number tracked across runs)."""
    _append("WEFT_METRICS", "metric", name, float(value))
