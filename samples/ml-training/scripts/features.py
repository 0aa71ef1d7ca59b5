"""Feature engineering: split train/validation, add features, standardise with train statistics.

Writes train.csv, valid.csv and scaler.json into the output folder. The split is seeded, so the
same inputs always give the same files (which is what makes the task safe to cache).

    python3 scripts/features.py --dataset out/data/dataset.csv --valid-fraction 0.25 --seed 42 \
        --out-dir out/features
"""
import argparse
import csv
import json
import math
import os
import random

from weft_io import output


def engineer(row):
    tenure, spend, tickets, usage = (float(row[k]) for k in ("tenure_months", "monthly_spend", "support_tickets", "usage_hours"))
    return {
        "tenure_months": tenure,
        "log_spend": math.log1p(spend),
        "support_tickets": tickets,
        "usage_hours": usage,
        "tickets_per_year": tickets / max(tenure / 12.0, 1.0),
        "spend_per_hour": spend / max(usage, 1.0),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dataset", required=True)
    ap.add_argument("--valid-fraction", type=float, required=True)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out-dir", required=True)
    a = ap.parse_args()

    with open(a.dataset, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    random.Random(a.seed).shuffle(rows)
    n_valid = int(len(rows) * a.valid_fraction)
    splits = {"valid": rows[:n_valid], "train": rows[n_valid:]}

    feats = {name: [engineer(r) for r in part] for name, part in splits.items()}
    names = list(feats["train"][0])
    scaler = {}
    for k in names:
        col = [x[k] for x in feats["train"]]
        mean = sum(col) / len(col)
        std = math.sqrt(sum((v - mean) ** 2 for v in col) / len(col)) or 1.0
        scaler[k] = {"mean": mean, "std": std}

    os.makedirs(a.out_dir, exist_ok=True)
    for name, part in splits.items():
        with open(os.path.join(a.out_dir, f"{name}.csv"), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(names + ["label"])
            for raw, x in zip(part, feats[name]):
                w.writerow([round((x[k] - scaler[k]["mean"]) / scaler[k]["std"], 6) for k in names] + [raw["churned"]])
    with open(os.path.join(a.out_dir, "scaler.json"), "w", encoding="utf-8") as f:
        json.dump({"features": names, "scaler": scaler}, f, indent=2)
    print(f"features: {len(splits['train'])} train / {len(splits['valid'])} valid rows, {len(names)} features -> {a.out_dir}")
    output("train_rows", len(splits["train"]))
    output("valid_rows", len(splits["valid"]))
    output("n_features", len(names))


if __name__ == "__main__":
    main()
