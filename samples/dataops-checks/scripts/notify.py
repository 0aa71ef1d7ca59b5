"""Failure handler: raise an alert. Here the "pager" is a JSON file in out/alerts/; swap in
your chat or incident tool's client in real life.

    python3 scripts/notify.py --pipeline dataops-checks --run-id manual --results out/checks --alerts out/alerts
"""
import argparse
import datetime
import glob
import json
import os


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pipeline", required=True)
    ap.add_argument("--run-id", required=True)
    ap.add_argument("--results", required=True)
    ap.add_argument("--alerts", required=True)
    a = ap.parse_args()

    measurements = {}
    for path in sorted(glob.glob(os.path.join(a.results, "*.json"))):
        with open(path, encoding="utf-8") as f:
            r = json.load(f)
        measurements[r.pop("test")] = r
    alert = {
        "severity": "high",
        "pipeline": a.pipeline,
        "run_id": a.run_id,
        "summary": f"{a.pipeline} run {a.run_id} failed; the customer snapshot was not published.",
        "measurements": measurements,
        "raised_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    }
    os.makedirs(a.alerts, exist_ok=True)
    path = os.path.join(a.alerts, f"{a.run_id}.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(alert, f, indent=2)
    print(f"notify: ALERT written to {path}")


if __name__ == "__main__":
    main()
