"""Prepare the experiment data: a seeded synthetic regression set (apartment prices), split into
train and held-out test files. Features are standardised with the train statistics.

    python3 scripts/prepare.py --seed 3 --rows 500 --out-dir out/data
"""
import argparse
import csv
import math
import os
import random

from weft_io import output

FEATURES = ["area_m2", "rooms", "age_years", "floor", "distance_km"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--rows", type=int, required=True)
    ap.add_argument("--out-dir", required=True)
    a = ap.parse_args()

    rng = random.Random(a.seed)
    data = []
    for _ in range(a.rows):
        area = rng.uniform(25, 140)
        rooms = max(1, round(area / 28 + rng.gauss(0, 0.6)))
        age = rng.uniform(0, 60)
        floor = rng.randint(1, 16)
        dist = rng.uniform(0.5, 25)
        price = 20 + 1.1 * area + 4 * rooms - 0.45 * age + 0.6 * floor - 2.2 * dist + rng.gauss(0, 8)  # thousands
        data.append([area, rooms, age, floor, dist, price])
    n_test = a.rows // 5
    test, train = data[:n_test], data[n_test:]
    stats = []
    for j in range(len(FEATURES)):
        col = [r[j] for r in train]
        mean = sum(col) / len(col)
        std = math.sqrt(sum((v - mean) ** 2 for v in col) / len(col)) or 1.0
        stats.append((mean, std))

    os.makedirs(a.out_dir, exist_ok=True)
    for name, part in [("train", train), ("test", test)]:
        with open(os.path.join(a.out_dir, f"{name}.csv"), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(FEATURES + ["price_k"])
            for r in part:
                w.writerow([round((r[j] - m) / s, 6) for j, (m, s) in enumerate(stats)] + [round(r[-1], 3)])
    print(f"prepare: {len(train)} train / {len(test)} test rows -> {a.out_dir}")
    output("train_rows", len(train))
    output("test_rows", len(test))


if __name__ == "__main__":
    main()
