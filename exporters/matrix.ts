/**
 * "Which engine fits": the six targets against the features one pipeline uses, from the same
 * capability table the exporters warn from. `lossless` are the targets that carry every used
 * feature natively; `suggested` are those, or failing that the closest ones (fewest features not
 * expressible, then fewest emulated).
 */
import type { Pipeline } from '../core/model/types';
import { capability, type Capability, type SupportLevel } from './capabilities';
import { FEATURE_LABELS, detectFeatures, type FeatureId } from './features';
import { TARGETS, type Target } from './types';

export interface MatrixRow {
  feature: FeatureId;
  label: string;
  tasks: string[];
  support: Record<Target, Capability>;
}

export interface TargetMatrix {
  pipeline: string;
  targets: Target[];
  features: MatrixRow[];
  summary: Record<Target, Record<SupportLevel, number>>;
  lossless: Target[];
  suggested: Target[];
}

export function targetMatrix(p: Pipeline): TargetMatrix {
  const features: MatrixRow[] = detectFeatures(p).map((u) => ({
    feature: u.feature,
    label: FEATURE_LABELS[u.feature],
    tasks: u.tasks,
    support: Object.fromEntries(TARGETS.map((t) => [t, capability(t, u.feature)])) as Record<Target, Capability>,
  }));
  const summary = Object.fromEntries(
    TARGETS.map((t) => {
      const s: Record<SupportLevel, number> = { native: 0, emulated: 0, none: 0 };
      for (const f of features) s[f.support[t].level]++;
      return [t, s];
    }),
  ) as Record<Target, Record<SupportLevel, number>>;
  const lossless = TARGETS.filter((t) => summary[t].emulated === 0 && summary[t].none === 0);
  let suggested = lossless;
  if (suggested.length === 0) {
    const score = (t: Target): [number, number] => [summary[t].none, summary[t].emulated];
    const best = TARGETS.map(score).reduce((a, b) => (b[0] < a[0] || (b[0] === a[0] && b[1] < a[1]) ? b : a));
    suggested = TARGETS.filter((t) => score(t)[0] === best[0] && score(t)[1] === best[1]);
  }
  return { pipeline: p.metadata?.name ?? '', targets: [...TARGETS], features, summary, lossless, suggested };
}
