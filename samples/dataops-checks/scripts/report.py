"""Report: a Markdown summary of every data-quality measurement and of what happened to the
snapshot. Runs whatever the outcome (trigger: all_done), so it reads the saved measurements
rather than task outputs that a failed task would not have.

    python3 scripts/report.py --results out/checks --gate success --deploy success --out out/report.md --run-id manual
"""
import argparse
import glob
import json
import os


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", required=True)
    ap.add_argument("--gate", required=True, help="status of the quality gate")
    ap.add_argument("--deploy", required=True, help="status of the deploy task")
    ap.add_argument("--out", required=True)
    ap.add_argument("--run-id", required=True)
    a = ap.parse_args()

    lines = [f"# Customer snapshot quality - run {a.run_id}", "",
             f"- quality gate: **{a.gate}**", f"- deploy: **{a.deploy}**", "",
             "| test | measurement |", "|---|---|"]
    for path in sorted(glob.glob(os.path.join(a.results, "*.json"))):
        with open(path, encoding="utf-8") as f:
            result = json.load(f)
        test = result.pop("test")
        text = ", ".join(f"{k}={json.dumps(v)}" for k, v in result.items() if k != "null_rates")
        lines.append(f"| {test} | {text.replace('|', '/')} |")
    os.makedirs(os.path.dirname(a.out) or ".", exist_ok=True)
    with open(a.out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
