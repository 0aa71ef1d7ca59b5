"""Register the chosen model: copy it into a versioned folder and append an entry to the model
registry (a JSON file standing in for MLflow's or a cloud registry).

    python3 scripts/register.py --model out/best_model.json --registry out/registry \
        --name churn-classifier --run-id manual --accuracy 0.8
"""
import argparse
import datetime
import json
import os
import shutil

from weft_io import output


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--registry", required=True, help="registry folder")
    ap.add_argument("--name", required=True)
    ap.add_argument("--run-id", required=True)
    ap.add_argument("--accuracy", type=float, required=True)
    a = ap.parse_args()

    index_path = os.path.join(a.registry, "models.json")
    index = {"models": {}}
    if os.path.exists(index_path):
        with open(index_path, encoding="utf-8") as f:
            index = json.load(f)
    versions = index["models"].setdefault(a.name, [])
    version = len(versions) + 1
    dest = os.path.join(a.registry, a.name, f"v{version}")
    os.makedirs(dest, exist_ok=True)
    shutil.copyfile(a.model, os.path.join(dest, "model.json"))
    versions.append({
        "version": version,
        "run_id": a.run_id,
        "accuracy": a.accuracy,
        "path": os.path.relpath(os.path.join(dest, "model.json"), a.registry),
        "registered_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "stage": "staging",
    })
    with open(index_path, "w", encoding="utf-8") as f:
        json.dump(index, f, indent=2)
    print(f"register: {a.name} v{version} (accuracy {a.accuracy:.4f}) -> {dest}")
    output("version", version)


if __name__ == "__main__":
    main()
