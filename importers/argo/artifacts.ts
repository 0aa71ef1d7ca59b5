/**
 * Argo artifact locations → Weft input URLs. The part of a location a URL says (bucket and key,
 * repository and revision…) becomes the input's `url`; what only Argo understands (endpoints,
 * credentials Secrets, archive settings…) is kept for `platform.argo.inputs.<name>` (or
 * `.outputs.<name>`), which the Argo exporter merges back into the same artifact.
 */
import { ImportError } from '../types';

type Obj = Record<string, any>;

function isObj(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Fields of an artifact entry that are not its location (kept apart by the caller). */
export const ARTIFACT_OWN = new Set(['name', 'path', 'from', 'fromExpression', 'optional', 'mode', 'globalName', 'description']);

/** Location kinds Argo has; those with a URL form are mapped, the rest refused by name. */
const LOCATIONS = ['s3', 'gcs', 'azure', 'hdfs', 'http', 'git', 'raw', 'oss', 'artifactory', 'plugin'] as const;

export interface Source {
  url?: string;
  content?: string;
  /** Argo-only fields of the location, for platform.argo. */
  extra?: Obj;
}

/** The location an artifact entry names (undefined when it names none). */
export function locationOf(a: Obj, where: string): Source | undefined {
  const kinds = LOCATIONS.filter((k) => a[k] !== undefined);
  if (kinds.length === 0) return undefined;
  if (kinds.length > 1) throw new ImportError('artifacts with several locations', where);
  const kind = kinds[0]!;
  const loc = a[kind];
  if (!isObj(loc)) throw new ImportError(`${kind} artifacts`, `${where}: the location is not a mapping`);
  const rest = (...taken: string[]): Obj | undefined => {
    const r: Obj = {};
    for (const [k, v] of Object.entries(loc)) if (!taken.includes(k)) r[k] = v;
    return Object.keys(r).length > 0 ? { [kind]: r } : undefined;
  };
  const str = (v: unknown): v is string => typeof v === 'string' && v !== '';
  switch (kind) {
    case 'raw':
      if (typeof loc.data !== 'string') throw new ImportError('raw artifacts without data', where);
      return { content: loc.data };
    case 'http':
      if (!str(loc.url)) throw new ImportError('http artifacts without url', where);
      return { url: loc.url, extra: rest('url') };
    case 's3':
    case 'gcs':
      // A key alone names an object in the configured artifact repository: no URL says that.
      if (!str(loc.bucket) || !str(loc.key)) throw new ImportError('artifacts in the artifact repository (key only)', where);
      return { url: `${kind === 's3' ? 's3' : 'gs'}://${loc.bucket}/${loc.key.replace(/^\/+/, '')}`, extra: rest('bucket', 'key') };
    case 'azure':
      if (!str(loc.container) || !str(loc.blob)) throw new ImportError('artifacts in the artifact repository (key only)', where);
      return { url: `azure://${loc.container}/${loc.blob.replace(/^\/+/, '')}`, extra: rest('container', 'blob') };
    case 'hdfs': {
      const addresses = Array.isArray(loc.addresses) ? loc.addresses : [];
      if (addresses.length !== 1 || !str(addresses[0]) || !str(loc.path) || !loc.path.startsWith('/')) throw new ImportError('hdfs artifacts other than one address and an absolute path', where);
      return { url: `hdfs://${addresses[0]}${loc.path}`, extra: rest('addresses', 'path') };
    }
    case 'git': {
      if (!str(loc.repo)) throw new ImportError('git artifacts without repo', where);
      const repo: string = loc.repo;
      const rev = str(loc.revision) ? `#${loc.revision}` : '';
      if (/^https?:\/\//.test(repo)) return { url: `git+${repo}${rev}`, extra: rest('repo', 'revision') };
      // scp-like `git@host:owner/repo.git`: the URL says ssh; the exact text is kept for Argo.
      const scp = /^([^@/:]+@)?([^/:]+):(.+)$/.exec(repo);
      if (scp) return { url: `git+ssh://${scp[1] ?? ''}${scp[2]}/${scp[3]}${rev}`, extra: rest('revision') };
      if (/^ssh:\/\//.test(repo)) return { url: `git+${repo}${rev}`, extra: rest('repo', 'revision') };
      throw new ImportError('git artifacts with this repository form', `${where}: ${repo}`);
    }
    default:
      throw new ImportError(`${kind} artifacts`, where);
  }
}

/** Argo-only fields of an artifact entry besides its location (archive, subPath, recurseMode…). */
export function artifactExtras(a: Obj, keep: Set<string> = ARTIFACT_OWN): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(a)) if (!keep.has(k) && !(LOCATIONS as readonly string[]).includes(k)) out[k] = v;
  return out;
}
