/** The file-system side of core's ValidateHost, for the CLI and the language server. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { ValidateHost } from '../../core/validate/validate';

/**
 * Paths relative to the pipeline file's folder (absolute ones as they are). `openText` gives the
 * text of a file open in an editor, which wins over what is on disk (the language server's view).
 */
export function nodeHost(pipelineFile: string, openText?: (absolutePath: string) => string | undefined): ValidateHost {
  const dir = dirname(resolve(pipelineFile));
  const at = (rel: string): string => (isAbsolute(rel) ? rel : resolve(dir, rel));
  return {
    fileExists: (rel) => openText?.(at(rel)) !== undefined || existsSync(at(rel)),
    readFile: (rel) => {
      const open = openText?.(at(rel));
      if (open !== undefined) return open;
      try {
        return readFileSync(at(rel), 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}
