"""Validation: compare the candidates trained in this run (one per learning rate) and keep the
best by validation accuracy (ties broken by the lower log-loss). Copies the winner to --best.
Fails when a candidate is missing, so a half-finished fan-out never registers a model.

    python3 scripts/select_best.py --models out/models --lrs '[0.01, 0.05, 0.2, 1.0]' --best out/best_model.json
"""
import argparse
import json
import os
import sys

from weft_io import metric, output


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--models", required=True)
    ap.add_argument("--lrs", required=True, help="JSON list of the learning rates trained")
    ap.add_argument("--best", required=True)
    a = ap.parse_args()

    candidates = []
    for lr in json.loads(a.lrs):
        path = os.path.join(a.models, f"lr-{float(lr):g}", "metrics.json")  # train.py's naming
        if not os.path.exists(path):
            sys.exit(f"select_best: no trained model for learning rate {lr} ({path} is missing)")
        with open(path, encoding="utf-8") as f:
            candidates.append((json.load(f), os.path.dirname(path)))
    for m, d in candidates:
        print(f"select_best: {os.path.basename(d):>10}  accuracy={m['val_accuracy']:.4f}  logloss={m['val_logloss']:.4f}")
    best, best_dir = max(candidates, key=lambda c: (c[0]["val_accuracy"], -c[0]["val_logloss"]))
    os.makedirs(os.path.dirname(a.best) or ".", exist_ok=True)
    with open(os.path.join(best_dir, "model.json"), encoding="utf-8") as f:
        model = json.load(f)
    model["metrics"] = best
    with open(a.best, "w", encoding="utf-8") as f:
        json.dump(model, f, indent=2)
    print(f"select_best: best is {os.path.basename(best_dir)} -> {a.best}")
    output("best_lr", best["lr"])
    output("candidates", len(candidates))
    metric("best_accuracy", round(best["val_accuracy"], 6))


if __name__ == "__main__":
    main()
