/**
 * JSON → the same positioned syntax tree as YAML, through jsonc-parser (error-tolerant: it keeps
 * building the tree after an error, so semantic checks still run on what parsed).
 */
import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { MapNode, SeqNode, type ScalarNode, type SyntaxNode } from './ast';
import { diag, type Diagnostic } from '../diagnostics';
import { MAX_DEPTH, parseResult, type ParseResult } from './yaml';

const HINTS: Record<string, string> = {
  CommaExpected: 'Separate entries with a comma.',
  ColonExpected: 'Put a `:` between a property name and its value.',
  PropertyNameExpected: 'Property names are double-quoted strings; remove a trailing comma if there is one.',
  ValueExpected: 'Give a value here (a string, number, object, array, true, false or null); remove a trailing comma if there is one.',
  CloseBraceExpected: 'Close the object with `}`.',
  CloseBracketExpected: 'Close the array with `]`.',
  EndOfFileExpected: 'Remove the text after the top-level value.',
  InvalidSymbol: 'Strings use double quotes; JSON has no comments or bare words.',
  InvalidCommentToken: 'JSON has no comments; remove it (or use a .weft.yaml file).',
  UnexpectedEndOfString: 'Close the string with `"`.',
  UnexpectedEndOfComment: 'JSON has no comments; remove it.',
  InvalidEscapeCharacter: 'Use a valid escape such as \\\\n, \\\\" or \\\\u00e9.',
  InvalidUnicode: 'A \\\\u escape needs four hex digits.',
  InvalidNumberFormat: 'Write the number as JSON does (no leading zeros, no trailing dot).',
  InvalidCharacter: 'Remove the control character or escape it.',
};

function convert(n: JsonNode): SyntaxNode {
  const start = n.offset;
  const end = n.offset + n.length;
  switch (n.type) {
    case 'object': {
      const keys: ScalarNode[] = [];
      const values: (SyntaxNode | null)[] = [];
      for (const prop of n.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (!k) continue;
        keys.push({ kind: 'scalar', start: k.offset, end: k.offset + k.length, value: String(k.value) });
        values.push(v ? convert(v) : null);
      }
      return MapNode.fromKeys(start, end, keys, values);
    }
    case 'array': {
      const items = (n.children ?? []).map(convert);
      return new SeqNode(start, end, items);
    }
    default:
      return { kind: 'scalar', start, end, value: (n.value ?? null) as ScalarNode['value'] };
  }
}

/**
 * Where brackets (outside strings) first nest deeper than MAX_DEPTH, or -1. jsonc-parser and every
 * walk over the tree recurse per level, so such a document is refused before it is parsed.
 */
function tooDeepAt(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i++;
        else if (d === 34 || d === 10) break;
      }
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > MAX_DEPTH) return i;
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
  }
  return -1;
}

export function parseJson(text: string): ParseResult {
  const deep = tooDeepAt(text);
  if (deep >= 0) return parseResult(null, [diag('syntax', 'error', `JSON nested deeper than ${MAX_DEPTH} levels is not supported; flatten the structure.`, deep, deep + 1)], []);
  const errs: ParseError[] = [];
  const tree = parseTree(text, errs, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const errors: Diagnostic[] = errs.map((e) => {
    const name = printParseErrorCode(e.error);
    return diag('syntax', 'error', `JSON syntax error: ${name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}. ${HINTS[name] ?? 'Fix the JSON syntax here.'}`, Math.min(e.offset, text.length), Math.min(text.length, e.offset + Math.max(1, e.length)));
  });
  const root = tree ? convert(tree) : null;
  return parseResult(root, errors, []);
}
