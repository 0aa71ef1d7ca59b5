"""Transform: clean the raw rows, convert prices to USD and drop what cannot be trusted.

Rules: region is trimmed and upper-cased and must be present; quantity must be a positive
integer; unit_price must be a number; currency must have an FX rate; order ids are unique
(later duplicates are dropped). Rejected rows go to a side file with the reason.

    python3 scripts/transform.py --raw out/raw.csv --fx '{"EUR":1.087,"JPY":0.0067,"USD":1}' \
        --out out/clean.csv --rejects out/rejected.csv
"""
import argparse
import csv
import json
import os

from weft_io import output

CLEAN_COLUMNS = ["batch_day", "order_id", "order_ts", "region", "country", "sku", "quantity", "unit_price", "currency", "amount_usd"]


def clean(row, fx, seen):
    region = (row["region"] or "").strip().upper()
    if not region:
        return None, "missing region"
    try:
        qty = int(row["quantity"])
    except (TypeError, ValueError):
        return None, "quantity is not an integer"
    if qty <= 0:
        return None, "quantity is not positive"
    try:
        price = float(row["unit_price"])
    except (TypeError, ValueError):
        return None, "unit_price is not a number"
    currency = (row["currency"] or "").upper()
    if currency not in fx:
        return None, f"no FX rate for currency '{currency}'"
    if row["order_id"] in seen:
        return None, "duplicate order_id"
    seen.add(row["order_id"])
    return {
        "batch_day": row["batch_day"],
        "order_id": row["order_id"],
        "order_ts": row["order_ts"],
        "region": region,
        "country": row["country"],
        "sku": row["sku"],
        "quantity": qty,
        "unit_price": price,
        "currency": currency,
        "amount_usd": round(qty * price * float(fx[currency]), 2),
    }, None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--raw", required=True)
    ap.add_argument("--fx", required=True, help="JSON object: currency -> USD rate")
    ap.add_argument("--out", required=True)
    ap.add_argument("--rejects", required=True)
    a = ap.parse_args()
    fx = json.loads(a.fx)

    seen, kept, rejected = set(), [], []
    with open(a.raw, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rec, reason = clean(row, fx, seen)
            if rec:
                kept.append(rec)
            else:
                rejected.append({"order_id": row["order_id"], "source_file": row["source_file"], "reason": reason})

    os.makedirs(os.path.dirname(a.out) or ".", exist_ok=True)
    with open(a.out, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=CLEAN_COLUMNS)
        w.writeheader()
        w.writerows(kept)
    with open(a.rejects, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=["order_id", "source_file", "reason"])
        w.writeheader()
        w.writerows(rejected)
    for r in rejected:
        print(f"transform: rejected {r['order_id']} ({r['source_file']}): {r['reason']}")
    print(f"transform: kept {len(kept)}, rejected {len(rejected)}")
    output("rows", len(kept))
    output("rejected", len(rejected))


if __name__ == "__main__":
    main()
