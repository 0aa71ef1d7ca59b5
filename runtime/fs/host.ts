/** The file-system side of core's ValidateHost, for the CLI and the language server. */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ValidateHost } from '../../core/validate/validate';

export function nodeHost(pipelineFile: string): ValidateHost {
  const dir = dirname(resolve(pipelineFile));
  return { fileExists: (rel) => existsSync(resolve(dir, rel)) };
}
