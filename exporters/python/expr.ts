/**
 * `${{ }}` → Python source, for the Python targets (Airflow, Prefect, Dagster, Luigi). The whole
 * expression language translates: every operator and function has a Python equivalent with
 * Weft's semantics (truthiness, strict structural `==`, JS remainder, template text of values),
 * written as small `_w_*` helper functions that the generated module defines (`pyHelpers`). Only
 * the roots (`params`, `tasks`, `item`, `run`, `pipeline`, `env`, `secrets`) are the target's
 * business: a `PyRefResolver` turns a reference path into Python source, or refuses it with a
 * problem the caller turns into a warning. Values never get pasted into code: references are
 * read at run time.
 */
import { printExpr, type Expr } from '../../core/expr';
import { parsedTemplate } from '../util';
import { pyStr, pyValue } from './source';

/** Python source for a reference (`params.day` → root 'params', path ['day']), or a problem. */
export type PyRefResolver = (root: string, path: (string | number)[]) => string | { problem: string };

export interface PyTranslation {
  /** Python source ('' when there are problems). */
  code: string;
  problems: string[];
}

/** `_w_get(_w_get(base, "a"), 0)`: reading members/indexes with Weft's errors on missing keys. */
export function pyMember(base: string, keys: (string | number)[], helpers: Set<string>): string {
  let out = base;
  for (const k of keys) {
    helpers.add('_w_get');
    out = `_w_get(${out}, ${pyValue(k)})`;
  }
  return out;
}

/** `ref` that also resolves `response` (the response an http task's `expect.condition` judges). */
export function withResponse(ref: PyRefResolver, helpers: Set<string>): PyRefResolver {
  return (root, path) => (root === 'response' ? pyMember('response', path, helpers) : ref(root, path));
}

/**
 * The arguments of `_weft_http` for an http task's `expect.condition`: `check`, a function of the
 * response (`code`: the condition as Python over `response`), and `condition`, its source, which
 * the failure message quotes.
 */
export function pyHttpCheck(condition: string, code: string, helpers: Set<string>): string[] {
  helpers.add('_w_truthy');
  return [`check=lambda response: _w_truthy(${code})`, `condition=${pyStr(condition.trim().replace(/^\$\{\{\s*|\s*\}\}$/g, ''))}`];
}

/** The constant path of a reference expression (`tasks['load-data'].outputs.rows`), or undefined. */
export function refPath(e: Expr): (string | number)[] | undefined {
  if (e.kind === 'ident') return [e.name];
  if (e.kind === 'member') {
    const o = refPath(e.object);
    return o && [...o, e.property];
  }
  if (e.kind === 'index' && e.index.kind === 'literal' && (typeof e.index.value === 'string' || typeof e.index.value === 'number')) {
    const o = refPath(e.object);
    return o && [...o, e.index.value];
  }
  return undefined;
}

const COMPARE = new Set(['<', '<=', '>', '>=', '==', '!=', '&&', '||']);
const BOOL_FNS = new Set(['contains', 'startsWith', 'endsWith']);

function isBool(e: Expr): boolean {
  if (e.kind === 'literal') return typeof e.value === 'boolean';
  if (e.kind === 'binary') return COMPARE.has(e.op);
  if (e.kind === 'unary') return e.op === '!';
  if (e.kind === 'call') return BOOL_FNS.has(e.callee);
  return false;
}

const isStrLit = (e: Expr): boolean => e.kind === 'literal' && typeof e.value === 'string';

/** An expression → Python. `helpers` collects the `_w_*` helpers the code uses. */
export function pyExpr(e: Expr, ref: PyRefResolver, helpers: Set<string>): PyTranslation {
  const problems: string[] = [];
  const use = (h: string): string => {
    helpers.add(h);
    return h;
  };
  const truthy = (x: Expr, code: string): string => (isBool(x) ? code : `${use('_w_truthy')}(${code})`);
  const py = (x: Expr): string => {
    switch (x.kind) {
      case 'literal':
        return pyValue(x.value);
      case 'ident':
      case 'member':
      case 'index': {
        const path = refPath(x);
        if (path) {
          const r = ref(String(path[0]), path.slice(1));
          if (typeof r === 'string') return r;
          problems.push(r.problem);
          return 'None';
        }
        if (x.kind === 'ident') return 'None';
        if (x.kind === 'member') return `${use('_w_get')}(${py(x.object)}, ${pyStr(x.property)})`;
        return `${use('_w_get')}(${py(x.object)}, ${py(x.index)})`;
      }
      case 'unary':
        return x.op === '!' ? `(not ${truthy(x.operand, py(x.operand))})` : `(-${py(x.operand)})`;
      case 'ternary':
        return `(${py(x.consequent)} if ${truthy(x.test, py(x.test))} else ${py(x.alternate)})`;
      case 'list':
        return `[${x.items.map(py).join(', ')}]`;
      case 'binary': {
        const l = py(x.left);
        const r = py(x.right);
        switch (x.op) {
          case '&&':
            return `(${truthy(x.left, l)} and ${truthy(x.right, r)})`;
          case '||':
            return `(${truthy(x.left, l)} or ${truthy(x.right, r)})`;
          case '==':
          case '!=':
            if (isStrLit(x.left) || isStrLit(x.right)) return `(${l} ${x.op} ${r})`;
            return `${x.op === '!=' ? 'not ' : ''}${use('_w_eq')}(${l}, ${r})`;
          case '%':
            return `${use('_w_mod')}(${l}, ${r})`;
          default:
            return `(${l} ${x.op} ${r})`;
        }
      }
      case 'call': {
        const a = x.args.map(py);
        const f = (h: string): string => `${use(h)}(${a.join(', ')})`;
        switch (x.callee) {
          case 'len':
            return `len(${a[0]})`;
          case 'contains':
            return f('_w_contains');
          case 'startsWith':
            return `${a[0]}.startswith(${a[1]})`;
          case 'endsWith':
            return `${a[0]}.endswith(${a[1]})`;
          case 'lower':
            return `${a[0]}.lower()`;
          case 'upper':
            return `${a[0]}.upper()`;
          case 'trim':
            return `${a[0]}.strip()`;
          case 'join':
            return f('_w_join');
          case 'split':
            return f('_w_split');
          case 'format':
            return f('_w_format');
          case 'toJSON':
            return f('_w_json');
          case 'fromJSON':
            helpers.add('json');
            return `json.loads(${a[0]})`;
          case 'int':
            return f('_w_int');
          case 'float':
            return f('_w_float');
          case 'string':
            return f('_w_str');
          case 'default':
            return f('_w_default');
          case 'min':
          case 'max':
          case 'abs':
            return `${x.callee}(${a.join(', ')})`;
          case 'round':
            return f('_w_round');
          case 'range':
            return `list(range(${a.join(', ')}))`;
          case 'keys':
            return `list(${a[0]}.keys())`;
          case 'zip':
            return f('_w_zip');
        }
        problems.push(`\`${printExpr(x)}\`: unknown function ${x.callee}()`);
        return 'None';
      }
    }
  };
  const code = py(e);
  return { code: problems.length ? '' : code, problems };
}

/**
 * A string field that may hold `${{ }}` → Python. Plain text → a string literal; a whole value →
 * the expression with its type (`asText: false`) or its template text (`asText: true`, what a
 * process argument or env value gets); a template → string concatenation.
 */
export function pyTemplate(text: string, ref: PyRefResolver, helpers: Set<string>, asText = true): PyTranslation {
  if (!text.includes('${{')) return { code: pyStr(text), problems: [] };
  const t = parsedTemplate(text);
  if (t.errors.length > 0) return { code: '', problems: [`\`${text}\` does not parse`] };
  if (t.whole?.ast) {
    const r = pyExpr(t.whole.ast, ref, helpers);
    if (!asText || r.problems.length) return r;
    helpers.add('_w_str');
    return { code: `_w_str(${r.code})`, problems: [] };
  }
  const parts: string[] = [];
  const problems: string[] = [];
  for (const p of t.parts) {
    if (p.kind === 'text') {
      if (p.text !== '') parts.push(pyStr(p.text));
      continue;
    }
    const r = pyExpr(p.ast!, ref, helpers);
    problems.push(...r.problems);
    helpers.add('_w_str');
    parts.push(`_w_str(${r.code})`);
  }
  return { code: problems.length ? '' : parts.join(' + ') || '""', problems };
}

/** Any value from the pipeline (strings may hold `${{ }}`, lists/objects are walked) → Python. */
export function pyData(v: unknown, ref: PyRefResolver, helpers: Set<string>): PyTranslation {
  if (typeof v === 'string') return pyTemplate(v, ref, helpers, false);
  const problems: string[] = [];
  const walk = (x: unknown): string => {
    if (typeof x === 'string') {
      const r = pyTemplate(x, ref, helpers, false);
      problems.push(...r.problems);
      return r.code || 'None';
    }
    if (Array.isArray(x)) return `[${x.map(walk).join(', ')}]`;
    if (x && typeof x === 'object') return `{${Object.entries(x).map(([k, y]) => `${pyStr(k)}: ${walk(y)}`).join(', ')}}`;
    return pyValue(x);
  };
  const code = walk(v);
  return { code: problems.length ? '' : code, problems };
}

/** The helpers, each with the helpers and modules it needs. Order here is the output order. */
const HELPERS: [string, string[], string][] = [
  ['json', [], ''],
  ['math', [], ''],
  [
    '_w_truthy',
    [],
    `def _w_truthy(v):
    """Weft truthiness: false, null, 0 and '' are false; everything else (even [] and {}) is true."""
    if v is None or v is False or v == "":
        return False
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return v == v and v != 0
    return True`,
  ],
  [
    '_w_eq',
    [],
    `def _w_eq(a, b):
    """Weft ==: structural, strict about type (1 == '1' and true == 1 are false)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_w_eq(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_w_eq(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b`,
  ],
  [
    '_w_get',
    [],
    `def _w_get(obj, key):
    """obj.key / obj[key] with Weft's errors: a key that is not set or an index out of range fails."""
    if isinstance(obj, list) and isinstance(key, int) and not isinstance(key, bool):
        if 0 <= key < len(obj):
            return obj[key]
        raise IndexError(f"index {key} is out of range ({len(obj)} items)")
    if isinstance(obj, dict) and isinstance(key, str):
        if key in obj:
            return obj[key]
        raise KeyError(f"'{key}' is not set")
    raise TypeError(f"cannot read {key!r} of {type(obj).__name__}")`,
  ],
  [
    '_w_mod',
    ['math'],
    `def _w_mod(a, b):
    """Weft %: the remainder has the sign of the dividend (as in JavaScript)."""
    r = math.fmod(a, b)
    return int(r) if isinstance(a, int) and isinstance(b, int) else r`,
  ],
  [
    '_w_plain',
    [],
    `def _w_plain(v):
    """Integral floats as ints, so values print as Weft prints them (3.0 -> 3)."""
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e21:
        return int(v)
    if isinstance(v, list):
        return [_w_plain(x) for x in v]
    if isinstance(v, dict):
        return {k: _w_plain(x) for k, x in v.items()}
    return v`,
  ],
  [
    '_w_json',
    ['json', '_w_plain'],
    `def _w_json(v):
    """toJSON(): compact JSON text."""
    return json.dumps(_w_plain(v), separators=(",", ":"), ensure_ascii=False)`,
  ],
  [
    '_w_str',
    ['_w_json', '_w_plain'],
    `def _w_str(v):
    """A value as template text: null -> '', booleans as true/false, lists and objects as JSON."""
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(_w_plain(v))
    return _w_json(v)`,
  ],
  [
    '_w_contains',
    ['_w_eq'],
    `def _w_contains(haystack, needle):
    if isinstance(haystack, str):
        return needle in haystack
    return any(_w_eq(x, needle) for x in haystack)`,
  ],
  [
    '_w_join',
    ['_w_str'],
    `def _w_join(items, sep=","):
    return sep.join(_w_str(x) for x in items)`,
  ],
  [
    '_w_split',
    [],
    `def _w_split(s, sep):
    return list(s) if sep == "" else s.split(sep)`,
  ],
  [
    '_w_format',
    ['_w_str'],
    `def _w_format(fmt, *values):
    """format(): {0}, {1}, ... replaced by the values; {{ and }} are literal braces."""
    out, i = [], 0
    while i < len(fmt):
        c = fmt[i]
        if c in "{}" and fmt[i + 1:i + 2] == c:
            out.append(c)
            i += 2
        elif c == "{":
            j = fmt.index("}", i)
            out.append(_w_str(values[int(fmt[i + 1:j])]))
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)`,
  ],
  [
    '_w_int',
    [],
    `def _w_int(v):
    if isinstance(v, str):
        v = float(v.strip())
    return int(v)`,
  ],
  [
    '_w_float',
    [],
    `def _w_float(v):
    if isinstance(v, str):
        return float(v.strip())
    return int(v) if isinstance(v, bool) else v`,
  ],
  [
    '_w_default',
    [],
    `def _w_default(v, fallback):
    return fallback if v is None or v == "" else v`,
  ],
  [
    '_w_zip',
    [],
    `def _w_zip(o):
    n = None
    for k, v in o.items():
        if not isinstance(v, list):
            raise ValueError(f"zip() takes an object of lists; {k!r} is not a list")
        if n is not None and len(v) != n:
            raise ValueError(f"zip() needs lists of one length; {k!r} has {len(v)} items, not {n}")
        n = len(v)
    return [{k: v[i] for k, v in o.items()} for i in range(n or 0)]`,
  ],
  [
    '_w_round',
    ['math'],
    `def _w_round(x, digits=None):
    """round(): half away from zero."""
    f = 10 ** (digits or 0)
    r = math.floor(abs(x) * f * (1 + 2.220446049250313e-16) + 0.5) / f
    r = -r if x < 0 else r
    return int(r) if digits is None else r`,
  ],
];

/** Names of every helper a generated module may define (keep task functions off them). */
export const PY_HELPER_NAMES: readonly string[] = HELPERS.map((h) => h[0]).filter((n) => n.startsWith('_w_'));

/** Adds the helpers (and modules) that the used helpers need. */
function close(used: Set<string>): Set<string> {
  const out = new Set(used);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [name, deps] of HELPERS) {
      if (!out.has(name)) continue;
      for (const d of deps) if (!out.has(d)) out.add(d), (grew = true);
    }
  }
  return out;
}

/** The modules (`json`, `math`) the used helpers need imported, sorted. */
export function pyHelperImports(used: Set<string>): string[] {
  const all = close(used);
  return ['json', 'math'].filter((m) => all.has(m));
}

/** Definitions of the used helpers (and what they need), in a fixed order, separated by blank lines. */
export function pyHelpers(used: Set<string>): string {
  const all = close(used);
  return HELPERS.filter(([name, , code]) => code !== '' && all.has(name))
    .map(([, , code]) => code)
    .join('\n\n\n');
}
