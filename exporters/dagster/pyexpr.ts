/**
 * `${{ }}` → Python for the Dagster and Luigi exports: the shared translator of the Python targets
 * (exporters/python/expr.ts, `_w_*` helpers) with the roots resolved through `PyRefs`, the
 * callbacks each exporter provides (`P["day"]`, `extract["rows"]`, `item`, `RUN["id"]`, …). A
 * reference the target cannot provide becomes a problem the caller turns into a warning; the
 * code then reads `None` in its place (or `""` where text is expected), so the module still
 * compiles. Values are never pasted into source: references are read at run time.
 */
import type { Expr } from '../../core/expr';
import { parsedTemplate } from '../util';
import { pyStr } from '../python/source';
import { PY_HELPER_NAMES, pyData as sharedData, pyExpr as sharedExpr, pyHelpers, pyMember, pyTemplate, type PyRefResolver } from '../python/expr';

export interface PyRefs {
  /** Python for `params.<name>`, or undefined when the param is unknown. */
  param(name: string): string | undefined;
  /** Python for `tasks.<task>.outputs.<output>`, or a problem. */
  output(task: string, output: string): { code: string } | { problem: string };
  /** Python for `tasks.<task>.status` (or `.attempts`), or a problem. */
  taskField(task: string, field: string): { code: string } | { problem: string };
  /** Python for `run.<field>`, or a problem. */
  run(field: string): { code: string } | { problem: string };
  /** Python for `secrets.<name>` (a reference read at run time, never the value). */
  secret(name: string): string;
  /** Whether `item` exists here (a fan-out task). */
  item: boolean;
  /** Whether `response` exists here (an http task's expect.condition, a function of `response`). */
  response?: boolean;
  pipelineName: string;
  fileName: string;
}

export interface PyTranslation {
  code: string;
  problems: string[];
}

const RUN_FIELDS = new Set(['id', 'date', 'timestamp', 'attempt', 'trigger', 'duration', 'status', 'failedTasks']);

/** Every `_w_*` helper is defined in the generated modules (so the set of used ones is not tracked). */
const ALL = new Set<string>(PY_HELPER_NAMES);

/** The `_w_*` helper definitions the generated modules carry. */
export function exprHelpers(): string {
  return pyHelpers(new Set(ALL));
}

function resolver(refs: PyRefs): PyRefResolver {
  const member = (base: string, rest: (string | number)[]): string => pyMember(base, rest, new Set());
  return (root, path) => {
    const [a, b, c] = path;
    const named = (x: string | number | undefined): x is string => typeof x === 'string';
    switch (root) {
      case 'params': {
        const code = named(a) ? refs.param(a) : undefined;
        return code === undefined ? { problem: `unknown param ${String(a)}` } : member(code, path.slice(1));
      }
      case 'tasks': {
        if (!named(a) || !named(b)) return { problem: 'a computed task reference' };
        if (b === 'outputs') {
          if (!named(c)) return { problem: `tasks.${a}.outputs needs an output name` };
          const r = refs.output(a, c);
          return 'problem' in r ? r : member(r.code, path.slice(3));
        }
        const r = refs.taskField(a, b);
        return 'problem' in r ? r : member(r.code, path.slice(2));
      }
      case 'item':
        return refs.item ? member('item', path) : { problem: 'item outside foreach' };
      case 'response':
        return refs.response ? member('response', path) : { problem: "response outside an http task's expect.condition" };
      case 'run': {
        if (!named(a) || !RUN_FIELDS.has(a)) return { problem: `run.${String(a)} is not a run field` };
        const r = refs.run(a);
        return 'problem' in r ? r : member(r.code, path.slice(1));
      }
      case 'pipeline':
        if (a === 'name') return member(pyStr(refs.pipelineName), path.slice(1));
        if (a === 'file') return member(pyStr(refs.fileName), path.slice(1));
        return { problem: `pipeline.${String(a)} is not a pipeline field` };
      case 'env':
        return named(a) ? member(`os.environ.get(${pyStr(a)}, "")`, path.slice(1)) : { problem: 'a computed env name' };
      case 'secrets':
        return named(a) ? member(refs.secret(a), path.slice(1)) : { problem: 'a computed secret name' };
    }
    return { problem: `unknown name ${root}` };
  };
}

/** A Weft expression → a Python expression (`None` when it has problems). */
export function pyExpr(e: Expr, refs: PyRefs): PyTranslation {
  const t = sharedExpr(e, resolver(refs), new Set());
  return { code: t.problems.length > 0 ? 'None' : t.code, problems: t.problems };
}

/**
 * A string field → a Python expression with the value it has at run time: a whole `${{ }}` keeps
 * its type (`asText: false`) or becomes its template text (`asText: true`: args, env values).
 */
export function pyText(text: string, refs: PyRefs, asText: boolean): PyTranslation {
  const t = pyTemplate(text, resolver(refs), new Set(), asText);
  return { code: t.problems.length > 0 ? (asText ? '""' : 'None') : t.code, problems: t.problems };
}

/** Any value of the format (`with`, `body`, literal `foreach.items`). */
export function pyData(v: unknown, refs: PyRefs): PyTranslation {
  const t = sharedData(v, resolver(refs), new Set());
  return { code: t.problems.length > 0 ? 'None' : t.code, problems: t.problems };
}

/** An argument as it reaches a process: strings through templates, numbers and booleans as Weft writes them. */
export function pyArg(a: string | number | boolean, refs: PyRefs): PyTranslation {
  if (typeof a === 'string') return pyText(a, refs, true);
  return { code: pyStr(typeof a === 'number' ? String(a) : a ? 'true' : 'false'), problems: [] };
}

/** The expression of a string that is exactly one `${{ }}` (`if`, `assert`, `until`). */
export function wholeAst(text: string): Expr | undefined {
  if (!text.includes('${{')) return undefined;
  const p = parsedTemplate(text);
  return p.errors.length === 0 && p.whole?.ast ? p.whole.ast : undefined;
}
