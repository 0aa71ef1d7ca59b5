"""Load: upsert the clean rows of one batch day into the SQLite warehouse.

Idempotent: the batch day's rows are replaced in one transaction, so a retry or a re-run of the
same day never double-counts.

    python3 scripts/load.py --clean out/clean.csv --db out/warehouse.sqlite --day 2025-06-01
"""
import argparse
import csv
import os
import sqlite3

from weft_io import output

SCHEMA = """
CREATE TABLE IF NOT EXISTS sales (
    batch_day   TEXT    NOT NULL,
    order_id    TEXT    NOT NULL,
    order_ts    TEXT    NOT NULL,
    region      TEXT    NOT NULL,
    country     TEXT,
    sku         TEXT    NOT NULL,
    quantity    INTEGER NOT NULL,
    unit_price  REAL    NOT NULL,
    currency    TEXT    NOT NULL,
    amount_usd  REAL    NOT NULL,
    PRIMARY KEY (batch_day, order_id)
)
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--clean", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--day", required=True)
    a = ap.parse_args()

    with open(a.clean, newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["batch_day"] == a.day]

    os.makedirs(os.path.dirname(a.db) or ".", exist_ok=True)
    con = sqlite3.connect(a.db)
    try:
        with con:  # one transaction: all or nothing
            con.execute(SCHEMA)
            con.execute("DELETE FROM sales WHERE batch_day = ?", (a.day,))
            con.executemany(
                "INSERT INTO sales VALUES (:batch_day, :order_id, :order_ts, :region, :country, :sku,"
                " :quantity, :unit_price, :currency, :amount_usd)",
                rows,
            )
        total = con.execute("SELECT COUNT(*) FROM sales").fetchone()[0]
    finally:
        con.close()
    print(f"load: {len(rows)} rows for {a.day} into {a.db} ({total} rows in total)")
    output("loaded", len(rows))
    output("warehouse_rows", total)


if __name__ == "__main__":
    main()
