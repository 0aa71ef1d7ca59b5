"""Extract: read every CSV and JSON order file of the source folder into one raw CSV.

The CSV exports and the partner's JSON feed use different field names; extract maps both onto
one column set and stamps each row with the batch day. It does not judge the data: cleaning and
rejecting is transform's job.

    python3 scripts/extract.py --source data/incoming --day 2025-06-01 --out out/raw.csv
"""
import argparse
import csv
import glob
import json
import os
import sys

from weft_io import output

COLUMNS = ["batch_day", "source_file", "order_id", "order_ts", "region", "country", "sku", "quantity", "unit_price", "currency"]


def from_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            yield {k: row.get(k, "") for k in COLUMNS[2:]}


def from_json(path):
    with open(path, encoding="utf-8") as f:
        feed = json.load(f)
    for o in feed["orders"]:
        price = o.get("price") or {}
        yield {
            "order_id": o.get("id"),
            "order_ts": o.get("timestamp"),
            "region": feed.get("region", ""),
            "country": o.get("market"),
            "sku": o.get("item"),
            "quantity": o.get("qty"),
            "unit_price": price.get("amount"),
            "currency": price.get("currency"),
        }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", required=True)
    ap.add_argument("--day", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()

    files = sorted(glob.glob(os.path.join(a.source, "*.csv")) + glob.glob(os.path.join(a.source, "*.json")))
    if not files:
        sys.exit(f"extract: no .csv or .json files in {a.source}")
    os.makedirs(os.path.dirname(a.out) or ".", exist_ok=True)
    rows = 0
    with open(a.out, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        for path in files:
            reader = from_json if path.endswith(".json") else from_csv
            for rec in reader(path):
                rec = {k: ("" if v is None else v) for k, v in rec.items()}
                w.writerow({"batch_day": a.day, "source_file": os.path.basename(path), **rec})
                rows += 1
    print(f"extract: {rows} rows from {len(files)} files -> {a.out}")
    output("rows", rows)
    output("files", len(files))


if __name__ == "__main__":
    main()
