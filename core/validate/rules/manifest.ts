/**
 * `manifest` tasks: there is an object (unless a delete names its objects by flags); the object text parses (when it has no `${{ }}` to fill in first) and names
 * its apiVersion and kind; each success/failure test reads `path op value`; every `capture`
 * feeds a declared output.
 */
import type { Rule } from '../validate';
import { diag } from '../../diagnostics';
import { childOf } from '../../syntax/ast';
import { parseDocument } from '../../syntax/parse';
import { didYouMean, suggest } from '../../util/suggest';

/**
 * One field test, as Kubernetes label selectors spell them (Argo's resource conditions):
 * `status.succeeded > 0`, `status.phase == Running`, `metadata.name in (a, b)`, `!status.failed`.
 */
const TEST = /^!?[A-Za-z0-9_.\/-]+(\s*(==|!=|=|>=|<=|>|<)\s*[^\s,()]+|\s+(in|notin)\s+\([^()]*\))?$/;

/** Splits on commas outside parentheses. */
function tests(condition: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < condition.length; i++) {
    const c = condition[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push(condition.slice(start, i));
      start = i + 1;
    }
  }
  out.push(condition.slice(start));
  return out.map((t) => t.trim());
}

export const manifestRule: Rule = ({ view, out }) => {
  for (const t of view.tasks) {
    if (t.type !== 'manifest' || !t.node) continue;
    const m = childOf(t.node, 'manifest');
    if (!m) {
      // Deleting is the one action that can name its objects without one: `kubectl delete <flags>`.
      const action = childOf(t.node, 'action')?.value;
      const flags = childOf(t.node, 'flags');
      const byFlags = action === 'delete' && flags?.kind === 'seq' && flags.items.length > 0;
      if (!byFlags) {
        const how = action === 'delete' ? "or name what to delete with 'flags' (e.g. flags: [configmap, --selector, app=web])" : "(only 'action: delete' can do without one, naming the objects with 'flags')";
        out.push(diag('missing-required', 'error', `Task '${t.id}' needs a 'manifest': the Kubernetes object to ${action ?? 'apply'}, as YAML text ${how}.`, t.keyNode.start, t.keyNode.end));
      }
    }
    if (m?.kind === 'scalar' && typeof m.value === 'string' && !m.value.includes('${{')) {
      const parsed = parseDocument('manifest.yaml', m.value);
      const root = parsed.root;
      if (parsed.syntaxErrors.length > 0) {
        out.push(diag('invalid-value', 'error', `The manifest of task '${t.id}' is not valid YAML or JSON: ${parsed.syntaxErrors[0]!.message}`, m.start, m.end));
      } else if (root?.kind !== 'map' || typeof childOf(root, 'apiVersion')?.value !== 'string' || typeof childOf(root, 'kind')?.value !== 'string') {
        out.push(diag('invalid-value', 'error', `The manifest of task '${t.id}' must be one Kubernetes object with 'apiVersion' and 'kind'.`, m.start, m.end));
      }
    }
    for (const key of ['successCondition', 'failureCondition']) {
      const c = childOf(t.node, key);
      if (c?.kind !== 'scalar' || typeof c.value !== 'string' || c.value.includes('${{')) continue;
      const bad = tests(c.value).find((x) => !TEST.test(x));
      if (bad !== undefined) {
        out.push(diag('invalid-value', 'error', `'${key}' of task '${t.id}' has a test '${bad}' that is not 'field.path op value' (op one of == != = > < >= <=, or 'in (a, b)'), e.g. 'status.succeeded > 0'.`, c.start, c.end));
      }
    }
    const capture = childOf(t.node, 'capture');
    if (capture?.kind !== 'map') continue;
    const outputs = childOf(t.node, 'outputs');
    const declared = outputs?.kind === 'map' ? outputs.pairs.map((p) => String(p.key.value)) : [];
    for (const p of capture.pairs) {
      const name = String(p.key.value);
      if (declared.includes(name)) continue;
      const sugg = suggest(name, declared);
      out.push(diag('undeclared-output', 'error', `Task '${t.id}' captures '${name}', which is not one of its outputs: declare it under 'outputs:' (e.g. ${name}: {type: string}).${didYouMean(sugg)}`, p.key.start, p.key.end, { suggestions: sugg }));
    }
  }
};
