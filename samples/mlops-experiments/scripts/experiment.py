"""One experiment run: fit a linear regression by stochastic gradient descent with the given
config, and log it like an experiment tracker would: params.json, metrics.json, a per-epoch
history.csv and model.json under <out-dir>/<name>/, plus the metrics through WEFT_METRICS.

    python3 scripts/experiment.py --config '{"name":"lr0.01-e20","lr":0.01,"epochs":20}' \
        --train out/data/train.csv --out-dir out/runs
"""
import argparse
import csv
import json
import math
import os
import random

from weft_io import metric


def load(path):
    with open(path, newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        header = next(r)
        rows = [[float(v) for v in row] for row in r]
    return header[:-1], [row[:-1] for row in rows], [row[-1] for row in rows]


def scores(w, b, X, y):
    pred = [b + sum(wi * xi for wi, xi in zip(w, x)) for x in X]
    mean = sum(y) / len(y)
    sse = sum((p - t) ** 2 for p, t in zip(pred, y))
    sst = sum((t - mean) ** 2 for t in y)
    return math.sqrt(sse / len(y)), 1 - sse / sst


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", required=True, help='JSON object: {"name", "lr", "epochs"[, "seed"]}')
    ap.add_argument("--train", required=True)
    ap.add_argument("--out-dir", required=True)
    a = ap.parse_args()
    cfg = json.loads(a.config)
    name, lr, epochs, seed = cfg["name"], float(cfg["lr"]), int(cfg["epochs"]), int(cfg.get("seed", 0))

    names, X, y = load(a.train)
    rng = random.Random(seed)
    w, b = [0.0] * len(names), 0.0
    order = list(range(len(y)))
    history = []
    for epoch in range(1, epochs + 1):
        rng.shuffle(order)
        for i in order:
            err = b + sum(wi * xi for wi, xi in zip(w, X[i])) - y[i]
            b -= lr * err
            w = [wi - lr * err * xi for wi, xi in zip(w, X[i])]
        rmse, r2 = scores(w, b, X, y)
        if not math.isfinite(rmse):
            raise SystemExit(f"experiment {name}: diverged at epoch {epoch} (learning rate {lr} too high)")
        history.append((epoch, rmse, r2))

    run_dir = os.path.join(a.out_dir, name)
    os.makedirs(run_dir, exist_ok=True)
    rmse, r2 = history[-1][1], history[-1][2]
    files = {
        "params.json": {"name": name, "lr": lr, "epochs": epochs, "seed": seed, "model": "linear-sgd"},
        "metrics.json": {"train_rmse": rmse, "train_r2": r2},
        "model.json": {"features": names, "weights": w, "bias": b},
    }
    for fname, content in files.items():
        with open(os.path.join(run_dir, fname), "w", encoding="utf-8") as f:
            json.dump(content, f, indent=2)
    with open(os.path.join(run_dir, "history.csv"), "w", newline="", encoding="utf-8") as f:
        wr = csv.writer(f)
        wr.writerow(["epoch", "train_rmse", "train_r2"])
        wr.writerows((e, round(m, 5), round(r, 5)) for e, m, r in history)
    print(f"experiment {name}: lr={lr:g} epochs={epochs} train_rmse={rmse:.3f} train_r2={r2:.4f} -> {run_dir}")
    metric("train_rmse", round(rmse, 6))
    metric("train_r2", round(r2, 6))


if __name__ == "__main__":
    main()
