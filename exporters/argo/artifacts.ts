/**
 * Weft input URLs → Argo artifact locations. The URL is split into the location's fields before
 * any `${{ }}` is translated, so a bucket or key that depends on a param still lands in the right
 * field; `text` turns each part into literal text or an input-parameter tag.
 */
type Obj = Record<string, unknown>;

export type LocationResult = { location: Obj } | { problem: string };

/** The Argo location for `url` (http(s), s3, gs, azure, hdfs, git+https/ssh), or why there is none. */
export function urlLocation(url: string, text: (hint: string, value: string) => string): LocationResult {
  const m = /^([a-z][a-z0-9+]*):\/\/(.*)$/is.exec(url.trim());
  if (!m) return { problem: `the URL ${JSON.stringify(url)} has no scheme` };
  const scheme = m[1]!.toLowerCase();
  const rest = m[2]!;
  const slash = rest.indexOf('/');
  const host = slash >= 0 ? rest.slice(0, slash) : rest;
  const path = slash >= 0 ? rest.slice(slash + 1) : '';
  switch (scheme) {
    case 'http':
    case 'https':
      return { location: { http: { url: text('url', url.trim()) } } };
    case 's3':
      return { location: { s3: { bucket: text('bucket', host), key: text('key', path) } } };
    case 'gs':
      return { location: { gcs: { bucket: text('bucket', host), key: text('key', path) } } };
    case 'azure':
      return { location: { azure: { container: text('container', host), blob: text('blob', path) } } };
    case 'hdfs':
      return { location: { hdfs: { addresses: [text('address', host)], path: text('path', `/${path}`) } } };
    case 'git+https':
    case 'git+http':
    case 'git+ssh': {
      const hash = url.trim().indexOf('#');
      const repo = (hash >= 0 ? url.trim().slice(0, hash) : url.trim()).slice(4);
      const git: Obj = { repo: text('repo', repo) };
      if (hash >= 0 && url.trim().length > hash + 1) git.revision = text('revision', url.trim().slice(hash + 1));
      return { location: { git } };
    }
    default:
      return { problem: `Argo has no artifact location for ${scheme}:// URLs` };
  }
}
