/**
 * The import framework's vocabulary, shared by every importer (Argo, Kubeflow). Importers are pure
 * like exporters: they get an already-parsed document and return a `weft/v1` pipeline object plus
 * warnings. A concept that cannot be carried faithfully is never dropped silently: either it is
 * a warning (the meaning is kept, a detail is lost or emulated) or the import fails with an
 * `ImportError` naming the feature.
 */

export interface ImportWarning {
  /** What the warning is about: an Argo/Kubeflow feature name (`retryStrategy.maxDuration`, `names`, …). */
  feature: string;
  message: string;
}

export interface ImportResult {
  /** A `weft/v1` pipeline object (plain JSON data, key order as it should be written). */
  pipeline: unknown;
  warnings: ImportWarning[];
  /**
   * Further pipelines the main one runs as sub-pipelines (`type: pipeline`), e.g. a Kubeflow loop
   * body: each `path` is relative to the main pipeline's folder, as its `pipeline:` field says.
   */
  files?: { path: string; pipeline: unknown }[];
}

/** The input uses something Weft cannot express faithfully; `feature` names it. */
export class ImportError extends Error {
  constructor(
    readonly feature: string,
    detail?: string,
  ) {
    super(`unsupported: ${feature}${detail ? ` (${detail})` : ''}`);
    this.name = 'ImportError';
  }
}
