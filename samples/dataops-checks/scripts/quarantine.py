"""Quarantine: keep a snapshot that failed its checks for inspection, out of the consumers' way.

    python3 scripts/quarantine.py --data out/tmp/customers.csv --dest out/quarantine --run-id manual
"""
import argparse
import os
import shutil


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--dest", required=True)
    ap.add_argument("--run-id", required=True)
    a = ap.parse_args()

    dest = os.path.join(a.dest, a.run_id)
    os.makedirs(dest, exist_ok=True)
    if os.path.exists(a.data):
        shutil.copy2(a.data, dest)
    print(f"quarantine: snapshot kept in {dest}")


if __name__ == "__main__":
    main()
