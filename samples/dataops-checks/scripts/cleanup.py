"""Finally: remove the run's scratch files and record when the pipeline last ran.

    python3 scripts/cleanup.py --scratch out/tmp --marker out/last_run.json --run-id manual
"""
import argparse
import datetime
import json
import os
import shutil


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scratch", required=True)
    ap.add_argument("--marker", required=True)
    ap.add_argument("--run-id", required=True)
    a = ap.parse_args()

    shutil.rmtree(a.scratch, ignore_errors=True)
    os.makedirs(os.path.dirname(a.marker) or ".", exist_ok=True)
    with open(a.marker, "w", encoding="utf-8") as f:
        json.dump({"run_id": a.run_id, "finished_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")}, f)
    print(f"cleanup: removed {a.scratch}, wrote {a.marker}")


if __name__ == "__main__":
    main()
