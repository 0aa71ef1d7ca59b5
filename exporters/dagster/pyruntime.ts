/**
 * The Python prelude the Dagster and Luigi exports carry at the top of their module: Weft's
 * expression semantics (`_w_*`, exporters/python/expr.ts), every shared run-time helper
 * (exporters/python/runtime.ts: the output contract, sql, http, waits, input staging, allowed
 * failures — the same code the Airflow and Prefect exports emit), and the few helpers these two
 * targets add: paths under the pipeline folder (BASE_DIR), secrets read by reference (SECRETS)
 * and failed assertions. Standard library only.
 */
import type { Pipeline } from '../../core/model/types';
import { PY_HELPER_NAMES } from '../python/expr';
import { pyStr, pyValue } from '../python/source';
import { PY_RUNTIME, PY_RUNTIME_NAMES, pyRuntime } from '../python/runtime';
import { exprHelpers } from './pyexpr';

const OWN = String.raw`
def _path(*parts):
    """A path relative to the pipeline's folder."""
    return os.path.normpath(os.path.join(BASE_DIR, *parts))


def _secret(name):
    """A secret read at run time from its reference (an environment variable or a file), never stored here."""
    ref = SECRETS.get(name, {})
    if ref.get("env") and ref["env"] in os.environ:
        return os.environ[ref["env"]]
    if ref.get("file"):
        with open(_path(os.path.expanduser(ref["file"])), encoding="utf-8") as f:
            return f.read().rstrip("\n")
    raise RuntimeError("secret " + name + " is not available (no env or file reference set)")


def _failed(assertions):
    """The sources of the assertions that do not hold."""
    return [src for ok, src in assertions if not _w_truthy(ok)]
`;

const shared = pyRuntime(PY_RUNTIME_NAMES);

/** The runtime: the expression helpers, the shared run-time helpers, then this target's own. */
export const PRELUDE = `\n# --- Weft runtime (standard library only) -------------------------------------------------\n\n\n${exprHelpers()}\n\n\n${shared.defs.join('\n\n\n')}\n\n${OWN}`;

/** Standard-library modules the prelude and the generated module use (imported by both exports). */
export const PRELUDE_IMPORTS = [...new Set(['csv', 'datetime', 'glob', 'hashlib', 'json', 'math', 'os', 'sys', 'time', ...shared.imports])].sort();

/** Every name the prelude and its imports define: generated identifiers must not shadow them. */
export function preludeNames(): string[] {
  const names = new Set<string>([...PRELUDE_IMPORTS.map((m) => m.split('.')[0]!), ...PY_HELPER_NAMES, ...PY_RUNTIME.map((r) => r[0])]);
  for (const m of PRELUDE.matchAll(/^(?:def|class)\s+([A-Za-z_][A-Za-z0-9_]*)/gm)) names.add(m[1]!);
  for (const n of ['BASE_DIR', 'SECRETS', 'PIPELINE', 'SOURCE', 'P', 'RUN', 'out', 'env', 'argv', 'cwd', 'item', 'context', 'params', 'self', 'config', 'failed', '_weft_body']) names.add(n);
  for (const n of ['len', 'min', 'max', 'abs', 'int', 'float', 'str', 'list', 'dict', 'range', 'print', 'open', 'any', 'all', 'bool', 'type', 'zip', 'super', 'isinstance', 'Exception', 'RuntimeError', 'TimeoutError']) names.add(n);
  return [...names].sort();
}

/** `SECRETS = {...}`: where `_secret` reads each secret at run time (env or file references, never a value). */
export function secretsTable(p: Pipeline): string[] {
  const secrets = Object.entries(p.secrets ?? {}).map(([n, s]) => {
    const ref: Record<string, string> = {};
    if (s.env) ref.env = s.env;
    if (s.file) ref.file = s.file;
    return `${pyStr(n)}: ${pyValue(ref)}`;
  });
  return ['# Secrets by reference: where each is read at run time (never a value).', `SECRETS = {${secrets.join(', ')}}`];
}
