"""Data-quality tests, one sub-command per test. Each measures, reports the measurement as task
outputs and saves it to <results>/<test>.json for the report. They never decide pass/fail
themselves: the pipeline's `check` task compares the measurements with the thresholds.

    python3 scripts/dq.py rows      --data out/tmp/customers.csv --results out/checks
    python3 scripts/dq.py nulls     --data out/tmp/customers.csv --results out/checks
    python3 scripts/dq.py schema    --data out/tmp/customers.csv --results out/checks --contract contracts/customers.schema.json
    python3 scripts/dq.py freshness --data out/tmp/customers.csv --results out/checks --column updated_at
"""
import argparse
import csv
import datetime
import json
import os
import re

from weft_io import output

TYPE_PATTERNS = {
    "integer": r"-?\d+",
    "number": r"-?\d+(\.\d+)?",
    "date": r"\d{4}-\d{2}-\d{2}",
    "datetime": r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})",
    "string": r".*",
}


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        r = csv.DictReader(f)
        return r.fieldnames or [], list(r)


def test_rows(header, rows, a):
    return {"rows": len(rows)}


def test_nulls(header, rows, a):
    rates = {c: round(sum(1 for r in rows if (r[c] or "").strip() == "") / max(len(rows), 1), 4) for c in header}
    worst = max(rates, key=rates.get) if rates else ""
    return {"max_null_rate": rates.get(worst, 0.0), "worst_column": worst, "null_rates": rates}


def test_schema(header, rows, a):
    with open(a.contract, encoding="utf-8") as f:
        contract = json.load(f)
    problems = []
    expected = [c["name"] for c in contract["columns"]]
    for name in expected:
        if name not in header:
            problems.append(f"missing column {name}")
    for name in header:
        if name not in expected:
            problems.append(f"unexpected column {name}")
    for col in contract["columns"]:
        if col["name"] not in header:
            continue
        pattern = re.compile(TYPE_PATTERNS[col["type"]] + r"\Z")
        bad = sum(1 for r in rows if r[col["name"]] and not pattern.match(r[col["name"]]))
        if bad:
            problems.append(f"{bad} values of {col['name']} are not {col['type']}")
        if not col["nullable"] and any(not r[col["name"]] for r in rows):
            problems.append(f"{col['name']} has empty values but is not nullable")
    return {"schema_ok": not problems, "problems": problems}


def test_freshness(header, rows, a):
    stamps = [r[a.column] for r in rows if r.get(a.column)]
    if not stamps:
        return {"age_hours": 1e9, "newest": ""}
    newest = max(stamps)
    ts = datetime.datetime.fromisoformat(newest.replace("Z", "+00:00"))
    age = (datetime.datetime.now(datetime.timezone.utc) - ts).total_seconds() / 3600
    return {"age_hours": round(age, 3), "newest": newest}


TESTS = {"rows": test_rows, "nulls": test_nulls, "schema": test_schema, "freshness": test_freshness}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("test", choices=sorted(TESTS))
    ap.add_argument("--data", required=True)
    ap.add_argument("--results", required=True)
    ap.add_argument("--contract")
    ap.add_argument("--column", default="updated_at")
    a = ap.parse_args()

    header, rows = read(a.data)
    result = TESTS[a.test](header, rows, a)
    os.makedirs(a.results, exist_ok=True)
    with open(os.path.join(a.results, f"{a.test}.json"), "w", encoding="utf-8") as f:
        json.dump({"test": a.test, **result}, f, indent=2)
    print(f"dq {a.test}: {json.dumps(result)}")
    for name, value in result.items():
        output(name, value)


if __name__ == "__main__":
    main()
