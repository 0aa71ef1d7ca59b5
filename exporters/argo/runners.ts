/**
 * The small programs the Argo export puts in script templates. None of them contains `{{` (Argo
 * would substitute it) and none pastes a run-time value into code: values arrive as environment
 * variables or argv entries.
 */

/** Where outputs are collected in the pod: one file per output, named after it. */
export const OUT_DIR = '/tmp/weft/out';

export function shQuote(s: string): string {
  return /^[A-Za-z0-9_./=:@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The wrapper around a python/node/shell task: it sets up Weft's output contract (WEFT_OUTPUTS,
 * WEFT_METRICS), runs the program with the template's arguments, then turns every `name=value`
 * line into `/tmp/weft/out/<name>`, which the template's output parameters read (valueFrom.path).
 * It is repeated in every template (Argo has no shared script), so it is kept short: one setup
 * line, the program, and one collecting loop only when the task has value outputs.
 */
export function wrapperScript(command: string[], collect: boolean): string {
  const run = command.map(shQuote).join(' ');
  const setup = `set -eu;o=/tmp/weft;mkdir -p $o/out;export WEFT_OUTPUTS=$o/outputs WEFT_METRICS=$o/metrics;: >$WEFT_OUTPUTS;: >$WEFT_METRICS`;
  if (!collect) return `${setup}\nexec ${run} "$@"\n`;
  // Each name=value line (name a Weft output name) becomes $o/out/<name>; the last one wins.
  const loop = 'for f in $WEFT_OUTPUTS $WEFT_METRICS;do while IFS= read -r l||[ -n "$l" ];do case $l in [A-Za-z_]*=*)n=${l%%=*};case $n in *[!A-Za-z0-9_-]*);;*)printf %s "${l#*=}">$o/out/$n;;esac;;esac;done<$f;done';
  return `${setup}\n${run} "$@"\n${loop}\n`;
}

const PY_VALUE = [
  'def value(name, kind):  # env values: strings as they are, the rest as JSON',
  '    raw = os.environ[name]',
  '    try: return raw if kind in ("string", "path") else json.loads(raw)',
  '    except ValueError: return raw',
];

export interface PyBinding {
  variable: string;
  env: string;
  kind: string;
}

function bindings(bs: PyBinding[]): string[] {
  return bs.map((b) => `${b.variable} = value(${JSON.stringify(b.env)}, ${JSON.stringify(b.kind)})`);
}

/** A check task: every assertion evaluated; the step fails (exit 1) naming the ones that do not hold. */
export function checkScript(bs: PyBinding[], asserts: { python: string; source: string }[], message: string | undefined, pyString: (s: string) => string): string {
  const lines = ['import json, os, sys', ...PY_VALUE, ...bindings(bs), 'failed = []'];
  for (const a of asserts) lines.push(`if not (${a.python}):`, `    failed.append(${pyString(a.source)})`);
  lines.push(
    'if failed:',
    ...(message ? [`    print(${pyString(message)}, file=sys.stderr)`] : []),
    '    for a in failed:',
    '        print("assertion failed: " + a, file=sys.stderr)',
    '    sys.exit(1)',
    `print("${asserts.length} assertion(s) hold")`,
  );
  return lines.join('\n') + '\n';
}

/** A wait task polling a URL (WEFT_URL) until it answers 2xx. */
export function waitUrlScript(intervalSeconds: number): string {
  return [
    'import os',
    'import sys',
    'import time',
    'import urllib.request',
    '',
    'url = os.environ["WEFT_URL"]',
    'while True:',
    '    try:',
    '        with urllib.request.urlopen(url, timeout=30) as r:',
    '            if 200 <= r.status < 300:',
    '                sys.exit(0)',
    '            print("status", r.status, file=sys.stderr)',
    '    except Exception as e:',
    '        print("not yet:", e, file=sys.stderr)',
    `    time.sleep(${intervalSeconds})`,
  ].join('\n') + '\n';
}

/** A wait task polling for a file or glob (WEFT_PATTERN), relative to the working directory. */
export function waitFileScript(intervalSeconds: number): string {
  return [
    'import glob',
    'import os',
    'import time',
    '',
    'pattern = os.environ["WEFT_PATTERN"]',
    'while not glob.glob(pattern):',
    `    time.sleep(${intervalSeconds})`,
  ].join('\n') + '\n';
}

/** An sql task on a SQLite file: named parameters from WEFT_SQL_P<n>, rows printed as CSV. */
export function sqlScript(params: { name: string; env: string; kind: string }[], queryPath: string, pyString: (s: string) => string): string {
  const lines = ['import csv', 'import json', 'import os', 'import sqlite3', 'import sys', '', ...PY_VALUE, ''];
  lines.push(`with open(${pyString(queryPath)}) as f:`, '    query = f.read()', 'params = {}');
  for (const p of params) lines.push(`params[${pyString(p.name)}] = value(${JSON.stringify(p.env)}, ${JSON.stringify(p.kind)})`);
  lines.push(
    'db = os.environ["WEFT_SQL_DATABASE"]',
    'os.makedirs(os.path.dirname(db) or ".", exist_ok=True)',
    'con = sqlite3.connect(db)',
    'try:',
    '    if params:',
    '        cur = con.execute(query, params)',
    '        out = csv.writer(sys.stdout)',
    '        if cur.description:',
    '            out.writerow([c[0] for c in cur.description])',
    '            out.writerows(cur.fetchall())',
    '    else:',
    '        con.executescript(query)',
    '    con.commit()',
    'finally:',
    '    con.close()',
  );
  return lines.join('\n') + '\n';
}
