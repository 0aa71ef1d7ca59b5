/** One entry point for both spellings of a pipeline. */
import { LineIndex } from './line-index';
import { parseJson } from './json';
import { parseYaml, type ParseResult } from './yaml';
import type { SyntaxNode } from './ast';
import type { Diagnostic } from '../diagnostics';

export type Spelling = 'yaml' | 'json';

export interface ParsedDocument {
  fileName: string;
  text: string;
  spelling: Spelling;
  root: SyntaxNode | null;
  value: unknown;
  lines: LineIndex;
  syntaxErrors: Diagnostic[];
  blanked: ParseResult['blanked'];
}

/** `.json` files are JSON; everything else (`.weft.yaml`, `.weft.yml`, untitled) is YAML. */
export function spellingOf(fileName: string, text?: string): Spelling {
  if (/\.json$/i.test(fileName)) return 'json';
  if (/\.ya?ml$/i.test(fileName)) return 'yaml';
  return text !== undefined && /^\s*\{/.test(text) ? 'json' : 'yaml';
}

export function parseDocument(fileName: string, text: string, spelling: Spelling = spellingOf(fileName, text)): ParsedDocument {
  const r = spelling === 'json' ? parseJson(text) : parseYaml(text);
  return {
    fileName,
    text,
    spelling,
    root: r.root,
    get value() {
      return r.value;
    },
    lines: new LineIndex(text),
    syntaxErrors: r.errors,
    blanked: r.blanked,
  };
}
