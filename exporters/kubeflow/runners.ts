/**
 * The programs the Kubeflow export runs in its containers. Every non-`container` task runs
 * through one POSIX `sh` wrapper (`sh -ec WRAPPER weft <options> -- <program…>`): KFP substitutes
 * its placeholders (`{{$.inputs.parameters['x']}}`, `{{$.outputs.parameters['y'].output_file}}`,
 * `{{$.inputs.artifacts['a'].path}}`) in the arguments only, so everything the task needs arrives
 * as an argument, never pasted into code:
 *
 *   --file PATH TEXT     write an embedded file (the script, its local modules, a query, an
 *                        inline input)
 *   --mode BITS PATH     chmod an input file (octal)
 *   --env NAME VALUE     export an environment variable (values that hold expressions)
 *   --in SRC DST         copy an input artifact to the path the task expects (its Weft path);
 *                        --in? does the same, leaving DST absent when SRC is missing
 *   --fetch URL DST      download an http(s) input (curl, wget or python3, whichever exists)
 *   --out NAME FILE      after the program: the last `NAME=value` line of WEFT_OUTPUTS /
 *                        WEFT_METRICS is written to FILE (KFP's output parameter file)
 *   --from NAME TYPE SRC FILE   after the program: the content of SRC (a value output with a
 *                        `path`) is written to FILE — a string without one trailing newline,
 *                        other types without surrounding whitespace (booleans as true/false)
 *   --default NAME VALUE the value of output NAME when the program does not report it (--out)
 *                        or does not write its file (--from); without one, a missing file fails
 *                        the step
 *   --art SRC DST        after the program: copy a file/dir output to its output artifact path
 *   --cd DIR             working directory (created)
 *   --unless-succeeded STATUS   exit 0 at once when STATUS (a PipelineTaskFinalStatus JSON)
 *                        says the pipeline succeeded (onFailure handlers)
 *
 * The wrapper is one pipeline input that every wrapped executor reads (KFP has no shared text);
 * `wrapperFor` can still assemble a variant accepting only some options.
 */
import { pyResponse } from '../python/runtime';

export const WORK = '/work';

export type WrapperOption = '--file' | '--mode' | '--env' | '--in' | '--in?' | '--fetch' | '--out' | '--from' | '--default' | '--art' | '--cd' | '--unless-succeeded';

const ARMS: Record<WrapperOption, string> = {
  '--file': '--file) mkdir -p "$(dirname "$2")"; printf %s "$3" >"$2"; shift 3 ;;',
  '--mode': '--mode) if [ -e "$3" ]; then chmod "$2" "$3"; fi; shift 3 ;;',
  '--env': '--env) export "$2=$3"; shift 3 ;;',
  '--in': '--in) mkdir -p "$(dirname "$3")"; rm -rf "$3"; cp -R "$2" "$3"; shift 3 ;;',
  '--in?': '--in\\?) if [ -e "$2" ]; then mkdir -p "$(dirname "$3")"; rm -rf "$3"; cp -R "$2" "$3"; fi; shift 3 ;;',
  '--fetch':
    '--fetch) mkdir -p "$(dirname "$3")"; if command -v curl >/dev/null; then curl -fsSL -o "$3" "$2"; elif command -v wget >/dev/null; then wget -qO "$3" "$2"; else python3 -c \'import sys, urllib.request; urllib.request.urlretrieve(sys.argv[1], sys.argv[2])\' "$2" "$3"; fi; shift 3 ;;',
  '--out': '--out) echo "$2 $3" >>$W/outmap; shift 3 ;;',
  '--from': "--from) printf '%s\\n%s\\n%s\\n%s\\n' \"$2\" \"$3\" \"$4\" \"$5\" >>$W/frommap; shift 5 ;;",
  '--default': '--default) printf %s "$3" >"$W/default.$2"; shift 3 ;;',
  '--art': "--art) printf '%s\\n%s\\n' \"$2\" \"$3\" >>$W/artmap; shift 3 ;;",
  '--cd': '--cd) mkdir -p "$2"; cd "$2"; shift 2 ;;',
  '--unless-succeeded': '--unless-succeeded) if printf %s "$2" | grep -q \'"state": *"SUCCEEDED"\'; then echo "weft: the pipeline succeeded; onFailure handler not needed"; exit 0; fi; shift 2 ;;',
};
const ORDER = Object.keys(ARMS) as WrapperOption[];
/** How many arguments each option takes (the rest take two). */
const ARITY: Partial<Record<WrapperOption, number>> = { '--cd': 1, '--unless-succeeded': 1, '--from': 4 };

const OUT_EPILOGUE = [
  '# Weft output contract -> KFP: the last name=value line of each output goes to its output file',
  'while read -r n p; do',
  '  v=$(grep -h "^$n=" "$WEFT_OUTPUTS" "$WEFT_METRICS" | tail -n 1)',
  '  if [ -n "$v" ]; then mkdir -p "$(dirname "$p")"; printf %s "${v#*=}" >"$p"',
  '  elif [ -f "$W/default.$n" ]; then mkdir -p "$(dirname "$p")"; cp "$W/default.$n" "$p"',
  '  else echo "weft: output $n was not reported" >&2; fi',
  'done <$W/outmap',
];
// `$(cat f; echo x)` keeps the trailing newlines that a bare `$(cat f)` would all strip.
const FROM_EPILOGUE = [
  '# Value outputs read from a file (outputs.<name>.path) -> KFP',
  "NL='",
  "'",
  'while IFS= read -r n && IFS= read -r k && IFS= read -r s && IFS= read -r d; do',
  '  if [ -f "$s" ]; then',
  '    v=$(cat "$s"; echo x); v=${v%x}',
  '    if [ "$k" = string ]; then v=${v%"$NL"}',
  '    else',
  '      v=${v#"${v%%[![:space:]]*}"}; v=${v%"${v##*[![:space:]]}"}',
  '      if [ "$k" = boolean ]; then case $(printf %s "$v" | tr A-Z a-z) in true) v=true ;; *) v=false ;; esac; fi',
  '    fi',
  '  elif [ -f "$W/default.$n" ]; then v=$(cat "$W/default.$n"; echo x); v=${v%x}',
  '  else echo "weft: output $n: the task did not write $s, and the output has no default" >&2; exit 1',
  '  fi',
  '  mkdir -p "$(dirname "$d")"; printf %s "$v" >"$d"',
  'done <$W/frommap',
];
const ART_EPILOGUE = 'while IFS= read -r s && IFS= read -r d; do mkdir -p "$(dirname "$d")"; rm -rf "$d"; cp -R "$s" "$d"; done <$W/artmap';

const cache = new Map<string, string>();

/** The wrapper accepting exactly `options` (memoised: a large export builds a few variants only). */
export function wrapperFor(options: Iterable<WrapperOption>): string {
  const used = new Set(options);
  const list = ORDER.filter((o) => used.has(o));
  const key = list.join(' ');
  const known = cache.get(key);
  if (known) return known;
  const lines = ['set -eu', 'W=/tmp/weft; mkdir -p $W'];
  if (used.has('--out')) lines.push(': >$W/outmap');
  if (used.has('--from')) lines.push(': >$W/frommap');
  if (used.has('--art')) lines.push(': >$W/artmap');
  lines.push('while [ "$#" -gt 0 ]; do', '  case $1 in');
  for (const o of list) lines.push(`    ${ARMS[o]}`);
  lines.push('    --) shift; break ;;', '    *) echo "weft: unknown wrapper option $1" >&2; exit 2 ;;', '  esac', 'done');
  lines.push('export WEFT_OUTPUTS=$W/outputs WEFT_METRICS=$W/metrics', ': >"$WEFT_OUTPUTS"; : >"$WEFT_METRICS"', '"$@"');
  if (used.has('--out')) lines.push(...OUT_EPILOGUE);
  if (used.has('--from')) lines.push(...FROM_EPILOGUE);
  if (used.has('--art')) lines.push(ART_EPILOGUE);
  const text = lines.join('\n') + '\n';
  cache.set(key, text);
  return text;
}

/** The wrapper with every option (tests, documentation). */
export const WRAPPER = wrapperFor(ORDER);

/** The options an argument list uses (every `--x` in option position before `--`). */
export function optionsOf(args: string[]): WrapperOption[] {
  const out: WrapperOption[] = [];
  for (let i = 0; i < args.length; ) {
    const a = args[i]!;
    if (a === '--') break;
    out.push(a as WrapperOption);
    i += 1 + (ARITY[a as WrapperOption] ?? 2);
  }
  return out;
}

/** An http task: method, URL, headers (values from env vars), body, expected statuses. */
const HTTP_CALL = [
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
  '        status, raw, got = r.status, r.read(), r.headers',
  'except urllib.error.HTTPError as e:',
  '    status, raw, got = e.code, e.read(), e.headers',
  'text = raw.decode(errors="replace")',
  'sys.stdout.write(text)',
  'print("\\nHTTP", status, file=sys.stderr)',
];

/** The http step: the call, failing unless the status is expected (default: any 2xx). */
export const HTTP_SCRIPT = [...HTTP_CALL, 'if not (status in expect if expect else 200 <= status < 300):', '    sys.exit(1)'].join('\n') + '\n';

/**
 * An http task with `expect.condition`: the call (statuses checked only when listed), then the condition evaluated over `response`
 * (status, body, headers — names matched without regard to case) and the values the condition
 * reads (`bindings`: variable = env var holding a placeholder, decoded as JSON unless a string).
 * A false condition fails the step, quoting it; so does one that cannot be evaluated.
 */
export function httpConditionScript(python: string, helpers: string, imports: string[], bindings: { variable: string; env: string; json: boolean }[], quoted: string): string {
  // With a condition, only listed statuses are checked first: without any, the condition alone decides.
  const lines = [...HTTP_CALL, 'if expect and status not in expect:', '    sys.exit(1)', ...imports.filter((m) => m !== 'json').map((m) => `import ${m}`), ''];
  if (helpers) lines.push(helpers, '');
  lines.push(pyResponse(''));
  for (const b of bindings) lines.push(`${b.variable} = ${b.json ? `json.loads(os.environ[${JSON.stringify(b.env)}])` : `os.environ[${JSON.stringify(b.env)}]`}`);
  lines.push(
    `_condition = ${quoted}`,
    'try:',
    `    _held = ${python}`,
    'except Exception as e:',
    '    print("weft: the condition " + _condition + " could not be evaluated: " + str(e), file=sys.stderr)',
    '    sys.exit(1)',
    'if not _held:',
    '    print("weft: the response does not meet the condition " + _condition, file=sys.stderr)',
    '    sys.exit(1)',
  );
  return lines.join('\n') + '\n';
}

/** Whether KFP would read something in literal text as one of its placeholders. */
export function kfpPlaceholderHazard(text: string): boolean {
  return /\{\{\$/.test(text);
}
