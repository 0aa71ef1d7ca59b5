"""Summarise a generated Python module's structure as JSON, for the exporter tests.

Reads the module from stdin, compiles it (a syntax error is reported, not raised), and prints:
  {"ok": true, "imports": [...], "functions": [{"name", "decorators", "args"}],
   "classes": [{"name", "bases", "methods", "assigns"}], "calls": [{"func", "args", "kwargs"}],
   "assigns": {name: literal}, "binops": [["a", ">>", "b"], ...]}
Literals are evaluated with ast.literal_eval where possible, else kept as source text, so tests can
check retries, schedules, dependencies and names without importing Airflow, Prefect, Dagster or
Luigi (none of which can be installed here).
"""
import ast
import json
import sys


def src(node):
    try:
        return ast.literal_eval(node)
    except Exception:
        return ast.unparse(node)


def name_of(node):
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return name_of(node.value) + "." + node.attr
    if isinstance(node, ast.Call):
        return name_of(node.func)
    return ast.unparse(node)


def main():
    text = sys.stdin.read()
    try:
        tree = ast.parse(text)
        compile(text, "<export>", "exec")
    except SyntaxError as e:
        print(json.dumps({"ok": False, "error": f"{e.msg} at line {e.lineno}:{e.offset}", "line": e.lineno}))
        return
    out = {"ok": True, "imports": [], "functions": [], "classes": [], "calls": [], "assigns": {}, "binops": []}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out["imports"] += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            out["imports"] += [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            out["functions"].append({
                "name": node.name,
                "decorators": [ast.unparse(d) for d in node.decorator_list],
                "args": [a.arg for a in node.args.args],
            })
        elif isinstance(node, ast.ClassDef):
            out["classes"].append({
                "name": node.name,
                "bases": [ast.unparse(b) for b in node.bases],
                "methods": [n.name for n in node.body if isinstance(n, ast.FunctionDef)],
                "assigns": {t.id: src(n.value) for n in node.body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)},
            })
        elif isinstance(node, ast.Call):
            out["calls"].append({
                "func": name_of(node.func),
                "args": [src(a) for a in node.args],
                "kwargs": {k.arg: src(k.value) for k in node.keywords if k.arg},
            })
        elif isinstance(node, ast.Assign) and node in tree.body:
            for t in node.targets:
                if isinstance(t, ast.Name):
                    out["assigns"][t.id] = src(node.value)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.RShift, ast.LShift)):
            out["binops"].append([ast.unparse(node.left), ">>" if isinstance(node.op, ast.RShift) else "<<", ast.unparse(node.right)])
    print(json.dumps(out, default=str))


main()
