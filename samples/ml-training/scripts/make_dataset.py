"""Generate a small synthetic churn dataset with a fixed seed (same seed -> same file).

Each customer has four numeric features; the churn label is drawn from a logistic model of them,
so a linear classifier can learn it but not perfectly.

    python3 scripts/make_dataset.py --seed 42 --rows 600 --out out/data/dataset.csv
"""
import argparse
import csv
import math
import os
import random

from weft_io import output

FEATURES = ["tenure_months", "monthly_spend", "support_tickets", "usage_hours"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--rows", type=int, required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()

    rng = random.Random(a.seed)
    os.makedirs(os.path.dirname(a.out) or ".", exist_ok=True)
    positives = 0
    with open(a.out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(FEATURES + ["churned"])
        for _ in range(a.rows):
            tenure = rng.randint(1, 72)
            spend = round(rng.uniform(10, 120), 2)
            tickets = min(12, int(rng.expovariate(0.6)))
            usage = round(max(0.0, rng.gauss(30, 12)), 1)
            # the hidden "true" model: short tenure, many tickets and low usage churn
            z = 1.2 - 0.06 * tenure + 0.012 * spend + 0.45 * tickets - 0.05 * usage
            label = 1 if rng.random() < 1 / (1 + math.exp(-z)) else 0
            positives += label
            w.writerow([tenure, spend, tickets, usage, label])
    print(f"make_dataset: {a.rows} rows ({positives} churned) -> {a.out}")
    output("rows", a.rows)
    output("positives", positives)


if __name__ == "__main__":
    main()
