/**
 * The programs the Kubeflow export runs in its containers. Every non-`container` task runs
 * through one POSIX `sh` wrapper (`sh -ec WRAPPER weft <options> -- <program…>`): KFP substitutes
 * its placeholders (`{{$.inputs.parameters['x']}}`, `{{$.outputs.parameters['y'].output_file}}`,
 * `{{$.inputs.artifacts['a'].path}}`) in the arguments only, so everything the task needs arrives
 * as an argument, never pasted into code:
 *
 *   --file PATH TEXT     write an embedded file (the script, its local modules, a query)
 *   --env NAME VALUE     export an environment variable (values that hold expressions)
 *   --in SRC DST         copy an input artifact to the path the task expects (its Weft path)
 *   --out NAME FILE      after the program: the last `NAME=value` line of WEFT_OUTPUTS /
 *                        WEFT_METRICS is written to FILE (KFP's output parameter file)
 *   --art SRC DST        after the program: copy a file/dir output to its output artifact path
 *   --cd DIR             working directory (created)
 *   --unless-succeeded STATUS   exit 0 at once when STATUS (a PipelineTaskFinalStatus JSON)
 *                        says the pipeline succeeded (onFailure handlers)
 */

export const WORK = '/work';

export const WRAPPER = [
  'set -eu',
  'mkdir -p /tmp/weft',
  ': >/tmp/weft/outmap; : >/tmp/weft/artmap',
  'while [ "$#" -gt 0 ]; do',
  '  case $1 in',
  '    --file) mkdir -p "$(dirname "$2")"; printf %s "$3" >"$2"; shift 3 ;;',
  '    --env) export "$2=$3"; shift 3 ;;',
  '    --in) mkdir -p "$(dirname "$3")"; rm -rf "$3"; cp -R "$2" "$3"; shift 3 ;;',
  "    --out) printf '%s %s\\n' \"$2\" \"$3\" >>/tmp/weft/outmap; shift 3 ;;",
  "    --art) printf '%s\\n%s\\n' \"$2\" \"$3\" >>/tmp/weft/artmap; shift 3 ;;",
  '    --cd) mkdir -p "$2"; cd "$2"; shift 2 ;;',
  '    --unless-succeeded) if printf %s "$2" | grep -q \'"state": *"SUCCEEDED"\'; then echo "weft: the pipeline succeeded; onFailure handler not needed"; exit 0; fi; shift 2 ;;',
  '    --) shift; break ;;',
  '    *) echo "weft: unknown wrapper option $1" >&2; exit 2 ;;',
  '  esac',
  'done',
  'export WEFT_OUTPUTS=/tmp/weft/outputs WEFT_METRICS=/tmp/weft/metrics',
  ': >"$WEFT_OUTPUTS"; : >"$WEFT_METRICS"',
  '"$@"',
  '# Weft output contract -> KFP: the last name=value line of each output goes to its output file',
  'while read -r n p; do',
  '  v=$(grep -h "^$n=" "$WEFT_OUTPUTS" "$WEFT_METRICS" | tail -n 1)',
  '  if [ -n "$v" ]; then mkdir -p "$(dirname "$p")"; printf %s "${v#*=}" >"$p"; else echo "weft: output $n was not reported" >&2; fi',
  'done </tmp/weft/outmap',
  'while IFS= read -r src && IFS= read -r dst; do mkdir -p "$(dirname "$dst")"; rm -rf "$dst"; cp -R "$src" "$dst"; done </tmp/weft/artmap',
].join('\n') + '\n';

/** An http task: method, URL, headers (values from env vars), body, expected statuses. */
export const HTTP_SCRIPT = [
  'import json',
  'import os',
  'import sys',
  'import urllib.error',
  'import urllib.request',
  '',
  'url = os.environ["WEFT_URL"]',
  'method = os.environ.get("WEFT_METHOD", "GET")',
  'headers = {name: os.environ[var] for name, var in json.loads(os.environ.get("WEFT_HEADERS", "[]"))}',
  'body = os.environ.get("WEFT_BODY")',
  'expect = json.loads(os.environ.get("WEFT_EXPECT", "[]"))',
  'timeout = float(os.environ.get("WEFT_TIMEOUT", "300"))',
  'req = urllib.request.Request(url, method=method, headers=headers, data=body.encode() if body is not None else None)',
  'try:',
  '    with urllib.request.urlopen(req, timeout=timeout) as r:',
  '        status = r.status',
  '        sys.stdout.write(r.read().decode(errors="replace"))',
  'except urllib.error.HTTPError as e:',
  '    status = e.code',
  'ok = status in expect if expect else 200 <= status < 300',
  'print("\\nHTTP", status, file=sys.stderr)',
  'sys.exit(0 if ok else 1)',
].join('\n') + '\n';

/** Whether KFP would read something in literal text as one of its placeholders. */
export function kfpPlaceholderHazard(text: string): boolean {
  return /\{\{\$/.test(text);
}
