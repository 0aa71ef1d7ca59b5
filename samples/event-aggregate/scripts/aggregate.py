"""Aggregate every event file waiting in the inbox into one JSON report, then archive the files
(so the next file trigger only sees new arrivals).

When REPORT_SIGNING_KEY is set (the pipeline maps it from a secret) the report carries an
HMAC-SHA256 signature of its content that consumers can verify.

    REPORT_SIGNING_KEY=dev python3 scripts/aggregate.py --inbox inbox --group-by type \
        --out out/report.json --archive out/archive/manual
"""
import argparse
import csv
import glob
import hashlib
import hmac
import json
import os
import shutil
import sys

from weft_io import output


def group_key(row, by):
    if by == "hour":
        return row["ts"][:13] + ":00Z"
    return row[by]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--inbox", required=True)
    ap.add_argument("--group-by", choices=["type", "source", "hour"], required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--archive", required=True)
    a = ap.parse_args()

    files = sorted(glob.glob(os.path.join(a.inbox, "*.csv")))
    if not files:
        sys.exit(f"aggregate: nothing to do, no *.csv in {a.inbox}")
    groups, events, seen = {}, 0, set()
    for path in files:
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if row["event_id"] in seen:  # at-least-once delivery: drop replays
                    continue
                seen.add(row["event_id"])
                g = groups.setdefault(group_key(row, a.group_by), {"events": 0, "value": 0, "users": set()})
                g["events"] += 1
                g["value"] += int(row["value"])
                g["users"].add(row["user_id"])
                events += 1

    body = {
        "group_by": a.group_by,
        "files": [os.path.basename(p) for p in files],
        "events": events,
        "groups": {k: {"events": g["events"], "value": g["value"], "users": len(g["users"])} for k, g in sorted(groups.items())},
    }
    key = os.environ.get("REPORT_SIGNING_KEY", "").strip()
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    report = {"report": body, "signature": hmac.new(key.encode(), canonical, hashlib.sha256).hexdigest() if key else None}
    os.makedirs(os.path.dirname(a.out) or ".", exist_ok=True)
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2)

    os.makedirs(a.archive, exist_ok=True)
    for path in files:
        shutil.move(path, os.path.join(a.archive, os.path.basename(path)))
    print(f"aggregate: {events} events from {len(files)} files in {len(groups)} groups -> {a.out}"
          f" ({'signed' if key else 'unsigned: REPORT_SIGNING_KEY not set'}); archived to {a.archive}")
    output("events", events)
    output("files", len(files))
    output("groups", len(groups))
    output("signed", bool(key))


if __name__ == "__main__":
    main()
