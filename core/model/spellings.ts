/**
 * The two spellings of one model. Both writers keep key order, so YAML → JSON → YAML returns the
 * same value; `js-yaml` is asked never to fold lines or emit anchors, so the YAML stays diffable.
 */
import { dump } from 'js-yaml';

export function toJsonText(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

export function toYamlText(value: unknown): string {
  return dump(value, { lineWidth: -1, noRefs: true, quotingType: '"', sortKeys: false });
}
