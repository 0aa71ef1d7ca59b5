// The Kubeflow corpus files the tests read (../shared/corpora/kfp/test_data).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../exporters/helpers';

export const KFP_TEST_DATA = join(ROOT, '..', 'shared', 'corpora', 'kfp', 'test_data');

/** Every .yaml under `dir`, recursively, sorted. */
export function irFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith('.yaml')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** The SDK-compiled goldens (valid/ and argo_compatibility/). */
export function kfpGoldens(): string[] {
  const base = join(KFP_TEST_DATA, 'sdk_compiled_pipelines');
  return [...irFiles(join(base, 'valid')), ...irFiles(join(base, 'argo_compatibility'))];
}
