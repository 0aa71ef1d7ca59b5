/**
 * The rule catalogue (docs/rules.md) as data, for the tests: the list of rule codes Weft produces
 * and a parser for the catalogue's sections and marked examples.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const RULES_MD = join(__dirname, '..', '..', '..', 'docs', 'rules.md');

export function readCatalogue(): { md: string; catalogue: Catalogue } {
  const md = readFileSync(RULES_MD, 'utf8');
  return { md, catalogue: parseCatalogue(md) };
}

/** Every code validateText produces; keep in step with core (and with validate.test.ts). */
export const RULE_CODES = [
  'syntax',
  'unknown-key',
  'wrong-type',
  'missing-required',
  'invalid-value',
  'invalid-name',
  'duplicate-key',
  'duplicate-task',
  'duplicate-item',
  'conflicting-keys',
  'invalid-duration',
  'unknown-dependency',
  'dependency-cycle',
  'expression-syntax',
  'unknown-reference',
  'undeclared-output',
  'type-mismatch',
  'unknown-function',
  'wrong-arity',
  'foreach-not-list',
  'invalid-cron',
  'invalid-timezone',
  'script-not-found',
  'pipeline-not-found',
  'unused-param',
  'input-not-file',
  'unknown-volume',
] as const;

export interface Example {
  kind: 'bad' | 'fixed';
  section: string;
  /** 1-based line of the opening fence in rules.md, for failure messages. */
  docLine: number;
  lang: 'yaml' | 'json';
  text: string;
  code?: string;
  line?: number;
  col?: number;
  severity?: string;
  also: string[];
}

export interface Catalogue {
  sections: Map<string, { docLine: number; body: string }>;
  examples: Example[];
  /** Markers not followed by a yaml/json fence, and fences of those languages with no marker. */
  stray: string[];
}

export function parseCatalogue(md: string): Catalogue {
  const lines = md.split('\n');
  const sections = new Map<string, { docLine: number; body: string }>();
  const examples: Example[] = [];
  const stray: string[] = [];
  let section = '';
  let pending: Omit<Example, 'docLine' | 'lang' | 'text' | 'section'> | undefined;
  let pendingLine = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heading = /^## `([a-z-]+)`\s*$/.exec(line);
    if (heading) {
      section = heading[1]!;
      if (sections.has(section)) stray.push(`rules.md:${i + 1}: second section for '${section}'`);
      sections.set(section, { docLine: i + 1, body: '' });
      continue;
    }
    if (/^#{1,2} /.test(line)) section = '';
    if (section) sections.get(section)!.body += line + '\n';
    const bad = /^<!--\s*bad:\s*([a-z-]+)((?:\s+[a-z]+=[^\s]+)*)\s*-->\s*$/.exec(line);
    const fixed = /^<!--\s*fixed\s*-->\s*$/.test(line);
    if (bad || fixed) {
      if (pending) stray.push(`rules.md:${pendingLine}: marker without a code block`);
      pendingLine = i + 1;
      if (fixed) pending = { kind: 'fixed', also: [] };
      else {
        const attrs = Object.fromEntries([...bad![2]!.matchAll(/([a-z]+)=([^\s]+)/g)].map((m) => [m[1]!, m[2]!]));
        const unknownAttr = Object.keys(attrs).find((k) => !['line', 'col', 'severity', 'also'].includes(k));
        if (unknownAttr || !attrs.line || !attrs.col) stray.push(`rules.md:${i + 1}: bad marker needs line= and col= (and only severity=, also=)`);
        pending = {
          kind: 'bad',
          code: bad![1]!,
          line: Number(attrs.line),
          col: Number(attrs.col),
          severity: attrs.severity ?? 'error',
          also: attrs.also ? attrs.also.split(',') : [],
        };
      }
      continue;
    }
    const fence = /^```(\w*)\s*$/.exec(line);
    if (fence) {
      const lang = fence[1]!;
      const start = i;
      let j = i + 1;
      while (j < lines.length && !/^```\s*$/.test(lines[j]!)) j++;
      const text = lines.slice(i + 1, j).join('\n') + '\n';
      i = j;
      if (lang !== 'yaml' && lang !== 'json') {
        if (pending) stray.push(`rules.md:${pendingLine}: marker before a \`\`\`${lang} block (want yaml or json)`);
        pending = undefined;
        continue;
      }
      if (!pending) {
        if (section) stray.push(`rules.md:${start + 1}: \`\`\`${lang} block in section '${section}' without a bad/fixed marker`);
        continue;
      }
      examples.push({ ...pending, section, docLine: start + 1, lang, text });
      pending = undefined;
      continue;
    }
    if (pending && line.trim() !== '') {
      stray.push(`rules.md:${pendingLine}: marker not directly followed by a code block`);
      pending = undefined;
    }
  }
  if (pending) stray.push(`rules.md:${pendingLine}: marker at the end of the file`);
  return { sections, examples, stray };
}

