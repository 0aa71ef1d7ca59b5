"""Compare all runs: join each run's logged params and train metrics with its test scores, rank
them, and write a leaderboard (CSV and Markdown) and a JSON summary.

    python3 scripts/compare.py --runs out/runs --eval out/eval/results.json --rank-by test_rmse \
        --csv out/leaderboard.csv --markdown out/leaderboard.md --summary out/summary.json
"""
import argparse
import csv
import glob
import json
import os

from weft_io import metric, output

COLUMNS = ["rank", "run", "lr", "epochs", "train_rmse", "test_rmse", "test_mae", "test_r2"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", required=True)
    ap.add_argument("--eval", required=True)
    ap.add_argument("--rank-by", choices=["test_rmse", "test_mae"], required=True)
    ap.add_argument("--csv", required=True)
    ap.add_argument("--markdown", required=True)
    ap.add_argument("--summary", required=True)
    a = ap.parse_args()

    with open(a.eval, encoding="utf-8") as f:
        scores = json.load(f)
    rows = []
    for run_dir in sorted(glob.glob(os.path.join(a.runs, "*"))):
        name = os.path.basename(run_dir)
        if name not in scores:
            continue
        with open(os.path.join(run_dir, "params.json"), encoding="utf-8") as f:
            params = json.load(f)
        with open(os.path.join(run_dir, "metrics.json"), encoding="utf-8") as f:
            train = json.load(f)
        rows.append({"run": name, "lr": params["lr"], "epochs": params["epochs"],
                     "train_rmse": round(train["train_rmse"], 4), **scores[name]})
    rows.sort(key=lambda r: (r[a.rank_by], r["run"]))
    for i, r in enumerate(rows, 1):
        r["rank"] = i

    for path in (a.csv, a.markdown, a.summary):
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(a.csv, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(rows)
    md = [f"# Experiment leaderboard (ranked by {a.rank_by})", "",
          "| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    md += ["| " + " | ".join(str(r[c]) for c in COLUMNS) + " |" for r in rows]
    with open(a.markdown, "w", encoding="utf-8") as f:
        f.write("\n".join(md) + "\n")
    best, worst = rows[0], rows[-1]
    summary = {
        "ranked_by": a.rank_by,
        "runs": len(rows),
        "best": best,
        "worst": worst,
        "spread": round(worst[a.rank_by] - best[a.rank_by], 4),
    }
    with open(a.summary, "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=2)
    print("\n".join(md))
    output("ranked", len(rows))
    output("best_run", best["run"])
    metric("best_test_rmse", best["test_rmse"])


if __name__ == "__main__":
    main()
