/**
 * Glob patterns → regular expressions, for `weft validate 'samples/**\/*.weft.yaml'` and file
 * triggers: `*` (within a path segment), `**` (any number of segments), `?`, `[abc]`, `{a,b}`.
 * Paths use `/` separators.
 */
export function globToRegExp(pattern: string): RegExp {
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
      const close = pattern.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        re += `[${pattern.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else if (c === '{') {
      const close = pattern.indexOf('}', i + 1);
      if (close < 0) re += '\\{';
      else {
        re += `(?:${pattern.slice(i + 1, close).split(',').map(escape).join('|')})`;
        i = close;
      }
    } else re += escape(c);
  }
  return new RegExp(`^${re}$`);
}

export function hasGlobMagic(s: string): boolean {
  return /[*?[{]/.test(s);
}

function escape(s: string): string {
  return s.replace(/[.+^$()|\\\]/]/g, (m) => (m === '/' ? '/' : `\\${m}`));
}
