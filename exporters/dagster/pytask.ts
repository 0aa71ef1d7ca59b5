/**
 * The body of one Weft task as Python statements, shared by the Dagster ops and the Luigi tasks:
 * it runs the task (argv lists through `_run`, generated code for sql/http/check/wait) and leaves
 * its outputs in `out` (a dict: value outputs and metrics as reported through WEFT_OUTPUTS /
 * WEFT_METRICS, file and dir outputs as their declared paths). The caller provides `P` (params),
 * `RUN` (run fields) and the upstream values its PyRefs name, and wraps the statements.
 */
import type { Pipeline, Task } from '../../core/model/types';
import { joinPath, parsedTemplate, seconds } from '../util';
import { pyStr, pyValue } from '../python/source';
import { pyHttpCheck } from '../python/expr';
import { containerOnlyPaths, inputFeature, pyAllowFailure, pyFileOutputs, pyInputs, pyManifest, pyOutputDefaults, pyOutputKinds, pyRunExtras, pyStage, unfetchableInputs, unsupportedTask } from '../python/runtime';
import { pyArg, pyExpr, pyText, wholeAst, type PyRefs, type PyTranslation } from './pyexpr';

export interface BodyInput {
  id: string;
  task: Task;
  pipeline: Pipeline;
  refs: PyRefs;
  /** Folder of the pipeline file the task belongs to, relative to the exported pipeline's folder. */
  baseDir: string;
  readFile?(rel: string): string | undefined;
  warn(feature: string, message: string): void;
  /** A statement that fails the task with the message held by the Python expression `msg`. */
  fail(msg: string): string;
  target: string;
  /** The task's name in labels (`sub/task` inside a sub-pipeline; default: id). */
  label?: string;
  /** Receives the run-end cleanup entry of an ownedByRun manifest task. */
  owned?(entry: string): void;
  /** Whether a later task reads this task's exit code (its result then records it). */
  exitCode?: boolean;
}

/** The task's timeout in seconds as Python (`None` without one). */
export function timeoutOf(p: Pipeline, t: Task): string {
  const s = seconds(t.timeout ?? p.defaults?.timeout);
  return s === undefined ? 'None' : String(s);
}

export function taskBody(b: BodyInput): string[] {
  const { task, refs } = b;
  const lines: string[] = [];
  const tr = (t: PyTranslation, where: string): string => {
    for (const p of t.problems) b.warn('expressions', `${where}: ${p}`);
    return t.code;
  };
  const workdir = joinPath(b.baseDir, task.workdir ?? '');
  const cwd = workdir === '' ? 'BASE_DIR' : `_path(${pyStr(workdir)})`;
  const timeout = timeoutOf(b.pipeline, task);
  const envCode = (): string => {
    const merged: Record<string, string> = { ...(b.pipeline.env ?? {}), ...(task.env ?? {}) };
    const entries = Object.entries(merged).map(([k, v]) => `${pyStr(k)}: ${tr(pyText(String(v), refs, true), `env.${k}`)}`);
    return `{${entries.join(', ')}}`;
  };
  const args = (list: (string | number | boolean)[] | undefined): string[] => (list ?? []).map((a, i) => tr(pyArg(a, refs), `args[${i}]`));
  const fileOutputs = (): void => {
    lines.push(...pyFileOutputs(task));
  };
  // What a task reports when it reports nothing itself: its outputs' defaults.
  const noOutputs = (): void => {
    const declared = Object.entries(task.outputs ?? {}).filter(([, o]) => o.default === undefined).map(([n]) => n);
    if (declared.length > 0) b.warn('outputs.values', `${task.type} tasks report no outputs on ${b.target}; ${declared.join(', ')} will be missing`);
    lines.push(`out = ${pyOutputDefaults(task) ?? '{}'}`);
  };
  const extras = (): string => pyRunExtras(task, b.exitCode === true).map((a) => `, ${a}`).join('');
  // A service or an approval: the target cannot run it; reaching it fails loudly.
  const unsupported = unsupportedTask(b.label ?? b.id, task, b.target);
  if (unsupported !== undefined) return [b.fail(pyStr(unsupported)), 'out = {}'];
  const checkScript = (rel: string, what: string): void => {
    if (b.readFile && b.readFile(rel) === undefined) b.warn('scripts', `the ${what} ${rel} was not found; it must exist beside the pipeline when the ${b.target} export runs`);
  };

  switch (task.type) {
    case 'python':
    case 'node': {
      const interpreter = task.type === 'python' ? (task.interpreter ?? 'python3') : 'node';
      let program: string[];
      if (task.code !== undefined) program = [pyStr(interpreter), pyStr(task.type === 'python' ? '-c' : '-e'), pyStr(task.code)];
      else {
        checkScript(joinPath(workdir, task.script ?? ''), 'script');
        program = [pyStr(interpreter), pyStr(task.script ?? '')];
      }
      lines.push(`argv = [${[...program, ...args(task.args)].join(', ')}]`);
      lines.push(`out = _weft_run(argv, ${cwd}, ${envCode()}, ${timeout}, ${pyOutputKinds(task)}${extras()})`);
      fileOutputs();
      break;
    }
    case 'shell': {
      // Expressions in `run` reach the shell as environment variables, never pasted into its text.
      let run = task.run;
      const extra: string[] = [];
      const parsed = run.includes('${{') ? parsedTemplate(run) : undefined;
      if (parsed && parsed.errors.length === 0) {
        run = '';
        for (const part of parsed.parts) {
          if (part.kind === 'text') run += part.text;
          else {
            const name = `WEFT_E${extra.length}`;
            extra.push(`env[${pyStr(name)}] = _w_str(${tr(pyExpr(part.ast!, refs), 'run')})`);
            run += `\${${name}}`;
          }
        }
      }
      lines.push(`env = ${envCode()}`, ...extra);
      lines.push(`argv = [${pyStr(task.shell ?? 'bash')}, "-c", ${pyStr(run)}]`);
      lines.push(`out = _weft_run(argv, ${cwd}, env, ${timeout}, ${pyOutputKinds(task)}${extras()})`);
      fileOutputs();
      break;
    }
    case 'container': {
      const command = (task.command ?? []).map((c, i) => tr(pyText(c, refs, true), `command[${i}]`));
      for (const m of containerOnlyPaths(task)) b.warn('outputs.fromPath', m);
      lines.push(`out = _weft_docker(${pyStr(task.image)}, [${command.join(', ')}], [${args(task.args).join(', ')}], ${cwd}, ${envCode()}, ${timeout}, ${pyOutputKinds(task)}${extras()})`);
      fileOutputs();
      break;
    }
    case 'sql': {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(task.database)) b.warn('task.sql', `the database ${JSON.stringify(task.database)} is a connection URL; the generated code opens SQLite files only`);
      let query: string;
      if (task.file !== undefined) {
        const rel = joinPath(workdir, task.file);
        checkScript(rel, 'SQL file');
        query = `_weft_read(_path(${pyStr(rel)}))`;
      } else query = pyStr(task.query ?? '');
      const params = Object.entries(task.params ?? {}).map(([k, v]) => `${pyStr(k)}: ${typeof v === 'string' ? tr(pyText(v, refs, false), `params.${k}`) : pyValue(v)}`);
      const db = tr(pyText(task.database, refs, true), 'database');
      lines.push(`_weft_sql(os.path.join(${cwd}, ${db}), ${query}, {${params.join(', ')}})`);
      noOutputs();
      break;
    }
    case 'http': {
      const headers = Object.entries(task.headers ?? {}).map(([k, v]) => `${pyStr(k)}: ${tr(pyText(v, refs, true), `headers.${k}`)}`);
      let body = 'None';
      if (task.body !== undefined) {
        const walk = (v: unknown, at: string): string => {
          if (typeof v === 'string') return tr(pyText(v, refs, false), at);
          if (Array.isArray(v)) return `[${v.map((x, i) => walk(x, `${at}[${i}]`)).join(', ')}]`;
          if (v && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${pyStr(k)}: ${walk(x, `${at}.${k}`)}`).join(', ')}}`;
          return pyValue(v);
        };
        body = typeof task.body === 'string' ? tr(pyText(task.body, refs, true), 'body') : walk(task.body, 'body');
      }
      const url = tr(pyText(task.url, refs, true), 'url');
      const call = [pyStr(task.method ?? 'GET'), url, `{${headers.join(', ')}}`, body, pyValue(task.expect?.status ?? []), timeout];
      const condition = task.expect?.condition;
      if (condition !== undefined) call.push(...pyHttpCheck(condition, tr(pyText(condition, { ...refs, response: true }, false), 'expect.condition'), new Set()));
      lines.push(`_weft_http(${call.join(', ')})`);
      noOutputs();
      break;
    }
    case 'check': {
      const items: string[] = [];
      for (const [i, a] of task.assert.entries()) {
        const e = wholeAst(a);
        if (!e) {
          b.warn('task.check', `assertion ${JSON.stringify(a)} is not one expression; not evaluated`);
          continue;
        }
        const t = pyExpr(e, refs);
        if (t.problems.length > 0) {
          b.warn('task.check', `assertion ${i + 1} ${JSON.stringify(a.trim())} is not evaluated on ${b.target} (${t.problems.join('; ')})`);
          continue;
        }
        items.push(`(${t.code}, ${pyStr(a.trim().replace(/^\$\{\{\s*|\s*\}\}$/g, ''))})`);
      }
      lines.push(`failed = _failed([${items.join(', ')}])`, 'if failed:');
      const msg = `${pyStr(task.message ? `${task.message} ` : '')} + "assertion failed: " + "; ".join(failed)`;
      lines.push(`    ${b.fail(msg)}`);
      noOutputs();
      break;
    }
    case 'wait': {
      const interval = seconds(task.interval) ?? 30;
      if (task.delay !== undefined) lines.push(`time.sleep(${seconds(task.delay) ?? 0})`);
      else if (task.file !== undefined) {
        const file = tr(pyText(task.file, refs, true), 'file');
        lines.push(`_weft_poll(lambda: _weft_file_ready(os.path.join(${cwd}, ${file})), ${file}, ${interval}, ${timeout})`);
      } else if (task.url !== undefined) {
        const url = tr(pyText(task.url, refs, true), 'url');
        lines.push(`_weft_poll(lambda: _weft_url_ready(${url}), ${url}, ${interval}, ${timeout})`);
      }
      else {
        const e = wholeAst(task.until ?? '');
        const t = e ? pyExpr(e, refs) : undefined;
        if (!t || t.problems.length > 0) {
          b.warn('task.wait.until', `the condition ${JSON.stringify(task.until)} is not evaluated on ${b.target}${t ? ` (${t.problems.join('; ')})` : ''}; the task succeeds at once`);
        } else {
          // Values are fixed within a run: the condition is checked once, and retries poll.
          lines.push(`if not _w_truthy(${t.code}):`, `    ${b.fail(pyStr(`still waiting for ${task.until!.trim()}`))}`);
          if (!task.retries && !b.pipeline.defaults?.retries) b.warn('task.wait.until', `the condition is checked once per attempt; give the task retries (with a delay) to poll`);
        }
      }
      noOutputs();
      break;
    }
    case 'manifest': {
      const run = refs.run('id');
      const m = pyManifest(task, {
        label: b.label ?? b.id,
        runId: 'code' in run ? run.code : 'None',
        text: (v, where) => tr(pyText(v, refs, true), where),
        timeout: seconds(task.timeout ?? b.pipeline.defaults?.timeout),
        warn: b.warn,
        target: b.target,
      });
      lines.push(...m.lines('out = '));
      if (m.owned) b.owned?.(m.owned);
      break;
    }
    case 'pipeline':
      lines.push('out = {}');
      break;
  }
  return [...staging(b, cwd), ...lines];
}

/**
 * A task's statements as its op or run() executes them: the staging of its inputs and its body,
 * under allowFailure run by `_weft_allow_failure` (a failure leaves the failed marker in `out`).
 */
export function taskStatements(b: BodyInput): string[] {
  const lines = taskBody(b);
  if (!b.task.allowFailure) return lines;
  if (b.task.type === 'pipeline') {
    b.warn('allowFailure', `allowFailure on a sub-pipeline task is not carried on ${b.target}: a failure of its tasks fails the run`);
    return lines;
  }
  const allowed = pyAllowFailure(b.id, [...lines, 'return out'], 'out = ');
  // An allowed failure leaves its outputs' defaults for the tasks after it.
  const defaults = pyOutputDefaults(b.task);
  return defaults ? [...allowed, 'if _weft_failed_allowed(out):', `    out = {**${defaults}, **out}`] : allowed;
}

/** `_weft_stage(...)` for the task's inputs; an upstream path is relative to its producer's folder. */
function staging(b: BodyInput, cwd: string): string[] {
  const { task, refs } = b;
  if (!task.inputs || Object.keys(task.inputs).length === 0) return [];
  if (task.type === 'pipeline') {
    for (const i of Object.values(task.inputs)) b.warn(inputFeature(i), `inputs of a sub-pipeline task are not staged on ${b.target}: give them to the sub-pipeline's tasks`);
    return [];
  }
  for (const m of unfetchableInputs(task.inputs)) b.warn('inputs.url', m);
  const items = pyInputs(
    b.pipeline,
    task.inputs,
    (text, asText, where) => {
      const t = pyText(text, refs, asText);
      for (const pr of t.problems) b.warn('expressions', `${where}: ${pr}`);
      return t.code;
    },
    (wd) => {
      const dir = joinPath(b.baseDir, wd);
      return dir === '' ? 'BASE_DIR' : `_path(${pyStr(dir)})`;
    },
  );
  return pyStage(cwd, items);
}
