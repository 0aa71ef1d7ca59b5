/**
 * The export registry. `exportPipeline` runs a target's exporter and adds one warning for every
 * feature the pipeline uses that the target does not carry natively (from capabilities.ts), so a
 * concept is never dropped silently. Exporters add their own, more specific warnings.
 */
import { airflowExporter } from './airflow';
import { argoExporter } from './argo';
import { prefectExporter } from './prefect';
import { dagsterExporter } from './dagster';
import { luigiExporter } from './luigi';
import { kubeflowExporter } from './kubeflow';
import { capability } from './capabilities';
import { taskList } from './shared';
import { forgetParsedTemplates } from './util';

export { taskList };
import { FEATURE_LABELS, detectFeatures } from './features';
import { TARGETS, type ExportInput, type ExportResult, type ExportWarning, type Exporter, type Target } from './types';

export * from './types';
export { detectFeatures, FEATURES, FEATURE_IDS, FEATURE_LABELS, type FeatureId, type FeatureUse } from './features';
export { capability, capabilityMarkdown, capabilityTable, type Capability, type SupportLevel } from './capabilities';

export const EXPORTERS: Partial<Record<Target, Exporter>> = { argo: argoExporter, airflow: airflowExporter, dagster: dagsterExporter, luigi: luigiExporter, kubeflow: kubeflowExporter, prefect: prefectExporter };

export function isTarget(s: string): s is Target {
  return (TARGETS as readonly string[]).includes(s);
}

/** Targets with a working exporter. */
export function supportedTargets(): Target[] {
  return TARGETS.filter((t) => EXPORTERS[t] !== undefined);
}


/** Warnings from the capability table for the features this pipeline uses. */
export function capabilityWarnings(target: Target, input: ExportInput): ExportWarning[] {
  const out: ExportWarning[] = [];
  for (const use of detectFeatures(input.pipeline)) {
    const c = capability(target, use.feature);
    if (c.level === 'native') continue;
    const what = c.level === 'emulated' ? 'emulated' : 'not expressible';
    const w: ExportWarning = { feature: use.feature, message: `${FEATURE_LABELS[use.feature]}: ${what} on ${target}: ${c.reason}` };
    if (use.tasks.length > 0) w.task = taskList(use.tasks);
    out.push(w);
  }
  return out;
}

export function exportPipeline(target: Target, input: ExportInput): ExportResult {
  const exporter = EXPORTERS[target];
  if (!exporter) throw new Error(`no exporter for ${target} yet`);
  // Expressions are memoised within one export only (a repeated benchmark run pays in full).
  forgetParsedTemplates();
  const r = exporter.export(input);
  return { files: r.files, warnings: [...capabilityWarnings(target, input), ...r.warnings] };
}
export { targetMatrix, type TargetMatrix, type MatrixRow } from './matrix';
