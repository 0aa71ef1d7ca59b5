"""Simulate an upstream system dropping a batch of events into the inbox (seeded).

The file is written under a temporary name and renamed into place, so a watcher on
`inbox/*.csv` never sees it half-written.

    python3 scripts/simulate.py --inbox inbox --events 250 --seed 11 --name manual
"""
import argparse
import csv
import datetime
import os
import random

TYPES = ["page_view", "add_to_cart", "checkout", "refund"]
SOURCES = ["web", "ios", "android"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--inbox", required=True)
    ap.add_argument("--events", type=int, required=True)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--name", required=True, help="batch name (the file is events-<name>.csv)")
    a = ap.parse_args()

    rng = random.Random(a.seed)
    start = datetime.datetime(2025, 6, 1, tzinfo=datetime.timezone.utc)
    os.makedirs(a.inbox, exist_ok=True)
    final = os.path.join(a.inbox, f"events-{a.name}.csv")
    tmp = final + ".part"
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["event_id", "ts", "source", "type", "user_id", "value"])
        for i in range(a.events):
            kind = rng.choices(TYPES, weights=[70, 18, 9, 3])[0]
            value = {"page_view": 0, "add_to_cart": rng.randint(5, 80), "checkout": rng.randint(20, 300), "refund": -rng.randint(20, 150)}[kind]
            ts = start + datetime.timedelta(seconds=rng.randint(0, 24 * 3600 - 1))
            w.writerow([f"{a.name}-{i:05d}", ts.isoformat().replace("+00:00", "Z"), rng.choice(SOURCES), kind, f"u{rng.randint(1, 60):03d}", value])
    os.replace(tmp, final)
    print(f"simulate: {a.events} events -> {final}")


if __name__ == "__main__":
    main()
