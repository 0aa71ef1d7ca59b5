"""Evaluate every logged run on the held-out test set (the sub-pipeline's main step).

    python3 scripts/score.py --runs out/runs --test out/data/test.csv --out out/eval/results.json
"""
import argparse
import csv
import glob
import json
import math
import os
import sys

from weft_io import metric, output


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", required=True)
    ap.add_argument("--test", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()

    with open(a.test, newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        next(r)
        rows = [[float(v) for v in row] for row in r]
    X, y = [row[:-1] for row in rows], [row[-1] for row in rows]
    mean = sum(y) / len(y)
    sst = sum((t - mean) ** 2 for t in y)

    results = {}
    for path in sorted(glob.glob(os.path.join(a.runs, "*", "model.json"))):
        with open(path, encoding="utf-8") as f:
            model = json.load(f)
        pred = [model["bias"] + sum(wi * xi for wi, xi in zip(model["weights"], x)) for x in X]
        sse = sum((p - t) ** 2 for p, t in zip(pred, y))
        results[os.path.basename(os.path.dirname(path))] = {
            "test_rmse": round(math.sqrt(sse / len(y)), 4),
            "test_mae": round(sum(abs(p - t) for p, t in zip(pred, y)) / len(y), 4),
            "test_r2": round(1 - sse / sst, 4),
        }
    if not results:
        sys.exit(f"score: no runs with a model.json under {a.runs}")
    os.makedirs(os.path.dirname(a.out) or ".", exist_ok=True)
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(results, f, indent=2)
    best = min(v["test_rmse"] for v in results.values())
    print(f"score: {len(results)} runs scored on {len(y)} test rows (best test_rmse {best}) -> {a.out}")
    output("scored", len(results))
    metric("best_test_rmse", best)


if __name__ == "__main__":
    main()
