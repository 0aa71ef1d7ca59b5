"""Loads a generated Dagster module and runs one of its jobs with the stand-in package:
python3 run_job.py MODULE JOB [TAGS_JSON]. Prints the ops that ran and the values they yielded, as JSON, on the last line."""
import importlib.util
import json
import sys

import dagster

spec = importlib.util.spec_from_file_location("exported", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
ok = module.defs.get_job_def(sys.argv[2]).execute_in_process(tags=json.loads(sys.argv[3]) if len(sys.argv) > 3 else {})
print(json.dumps({"ok": ok, "ran": dagster.EXECUTED, "values": dagster.VALUES}, default=str))
sys.exit(0 if ok else 1)
