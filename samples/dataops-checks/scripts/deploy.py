"""Deploy: publish the checked snapshot where consumers read it, with a manifest.

    python3 scripts/deploy.py --data out/tmp/customers.csv --dest out/published --run-id manual
"""
import argparse
import datetime
import hashlib
import json
import os
import shutil

from weft_io import output


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--dest", required=True)
    ap.add_argument("--run-id", required=True)
    a = ap.parse_args()

    os.makedirs(a.dest, exist_ok=True)
    target = os.path.join(a.dest, "customers.csv")
    tmp = target + ".partial"
    shutil.copyfile(a.data, tmp)
    os.replace(tmp, target)  # consumers never see a half-written file
    with open(target, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    manifest = {
        "dataset": "customers",
        "run_id": a.run_id,
        "sha256": digest,
        "published_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    }
    with open(os.path.join(a.dest, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)
    print(f"deploy: published {target} (sha256 {digest[:12]}...)")
    output("sha256", digest)


if __name__ == "__main__":
    main()
