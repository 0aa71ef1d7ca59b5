"""Train one logistic-regression model by batch gradient descent (pure Python).

One fan-out instance per learning rate. Writes <out-dir>/lr-<lr>/model.json and metrics.json and
reports validation accuracy and log-loss as metrics.

    python3 scripts/train.py --lr 0.1 --epochs 300 --l2 0.001 --features out/features --out-dir out/models
"""
import argparse
import csv
import json
import math
import os

from weft_io import metric


def load(path):
    with open(path, newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        header = next(r)
        rows = [[float(v) for v in row] for row in r]
    return header[:-1], [row[:-1] for row in rows], [int(row[-1]) for row in rows]


def sigmoid(z):
    if z >= 0:
        return 1 / (1 + math.exp(-z))
    e = math.exp(z)
    return e / (1 + e)


def predict(w, b, x):
    return sigmoid(b + sum(wi * xi for wi, xi in zip(w, x)))


def evaluate(w, b, X, y):
    eps = 1e-12
    loss, correct = 0.0, 0
    for x, t in zip(X, y):
        p = predict(w, b, x)
        loss -= t * math.log(p + eps) + (1 - t) * math.log(1 - p + eps)
        correct += int((p >= 0.5) == bool(t))
    return loss / len(y), correct / len(y)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lr", type=float, required=True)
    ap.add_argument("--epochs", type=int, required=True)
    ap.add_argument("--l2", type=float, default=0.0)
    ap.add_argument("--features", required=True)
    ap.add_argument("--out-dir", required=True)
    a = ap.parse_args()

    names, X, y = load(os.path.join(a.features, "train.csv"))
    _, Xv, yv = load(os.path.join(a.features, "valid.csv"))
    w, b, n = [0.0] * len(names), 0.0, len(y)
    for _ in range(a.epochs):
        gw, gb = [0.0] * len(w), 0.0
        for x, t in zip(X, y):
            err = predict(w, b, x) - t
            gb += err
            for i, xi in enumerate(x):
                gw[i] += err * xi
        w = [wi - a.lr * (g / n + a.l2 * wi) for wi, g in zip(w, gw)]
        b -= a.lr * gb / n

    train_loss, train_acc = evaluate(w, b, X, y)
    val_loss, val_acc = evaluate(w, b, Xv, yv)
    run_dir = os.path.join(a.out_dir, f"lr-{a.lr:g}")
    os.makedirs(run_dir, exist_ok=True)
    with open(os.path.join(run_dir, "model.json"), "w", encoding="utf-8") as f:
        json.dump({"kind": "logistic-regression", "features": names, "weights": w, "bias": b}, f, indent=2)
    metrics = {"lr": a.lr, "epochs": a.epochs, "l2": a.l2, "train_logloss": train_loss, "train_accuracy": train_acc,
               "val_logloss": val_loss, "val_accuracy": val_acc}
    with open(os.path.join(run_dir, "metrics.json"), "w", encoding="utf-8") as f:
        json.dump(metrics, f, indent=2)
    print(f"train lr={a.lr:g}: val_accuracy={val_acc:.4f} val_logloss={val_loss:.4f} -> {run_dir}")
    metric("accuracy", round(val_acc, 6))
    metric("logloss", round(val_loss, 6))


if __name__ == "__main__":
    main()
