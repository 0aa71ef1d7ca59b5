/**
 * Glob patterns → regular expressions, for `weft validate 'samples/**\/*.weft.yaml'` and file
 * triggers: `*` (within a path segment), `**` (any number of segments), `?`, `[abc]`, `[!a-z]`,
 * `{a,b}` (alternatives are globs themselves). Paths use `/` separators.
 */
export class GlobError extends Error {}

export function globToRegExp(pattern: string): RegExp {
  try {
    return new RegExp(`^${convert(pattern)}$`);
  } catch (e) {
    if (e instanceof GlobError) throw e;
    throw new GlobError(`invalid glob pattern '${pattern}': ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`);
  }
}

function convert(pattern: string): string {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        const slash = pattern[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) re += '\\[';
      else {
        const body = pattern.slice(i + 1, close);
        re += `[${body.startsWith('!') ? '^' + esc(body.slice(1)) : esc(body)}]`;
        i = close;
      }
    } else if (c === '{') {
      const close = matchingBrace(pattern, i);
      if (close < 0) re += '\\{';
      else {
        re += `(?:${splitTop(pattern.slice(i + 1, close)).map(convert).join('|')})`;
        i = close;
      }
    } else re += /[.+^$()|\\\]{}]/.test(c) ? `\\${c}` : c;
  }
  return re;
}

/** Escapes what a character class must not interpret, keeping ranges (`a-z`). */
function esc(body: string): string {
  return body.replace(/[\\\]^[]/g, (m) => `\\${m}`);
}

function matchingBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function splitTop(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}') depth--;
    else if (s[i] === ',' && depth === 0) {
      parts.push(s.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(s.slice(from));
  return parts;
}

export function hasGlobMagic(s: string): boolean {
  return /[*?[{]/.test(s);
}
