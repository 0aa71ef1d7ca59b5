"""Take today's customer snapshot. Stands in for an export from the operational database: it
generates seeded rows whose `updated_at` times fall in the hours before now, so the freshness
check has something real to measure.

--corrupt true simulates a bad upstream release (many missing emails, a renamed column) so you
can watch the gate stop the deploy and the failure handler fire.

    python3 scripts/snapshot.py --seed 7 --rows 500 --corrupt false --out out/tmp/customers.csv
"""
import argparse
import csv
import datetime
import os
import random

from weft_io import output

COUNTRIES = ["UA", "PL", "DE", "FR", "US", "CA", "JP", "BR"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--rows", type=int, required=True)
    ap.add_argument("--corrupt", choices=["true", "false"], default="false")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    corrupt = a.corrupt == "true"

    rng = random.Random(a.seed)
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    header = ["customer_id", "email", "country", "signup_date", "lifetime_value", "updated_at"]
    if corrupt:
        header[2] = "country_code"  # an upstream rename the contract does not know about
    os.makedirs(os.path.dirname(a.out) or ".", exist_ok=True)
    with open(a.out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        for i in range(a.rows):
            cid = 10_000 + i
            email = "" if rng.random() < (0.3 if corrupt else 0.02) else f"user{cid}@example.com"
            signup = datetime.date(2020, 1, 1) + datetime.timedelta(days=rng.randint(0, 1800))
            updated = now - datetime.timedelta(minutes=rng.randint(5, 6 * 60))
            w.writerow([cid, email, rng.choice(COUNTRIES), signup.isoformat(), round(rng.uniform(0, 2500), 2),
                        updated.isoformat().replace("+00:00", "Z")])
    print(f"snapshot: {a.rows} customers{' (corrupted)' if corrupt else ''} -> {a.out}")
    output("rows", a.rows)


if __name__ == "__main__":
    main()
