/** Schedule rules: a valid five-field cron, a known IANA time zone, ISO start/end dates. */
import type { Rule } from '../validate';
import { diag } from '../../diagnostics';
import { childOf, type ScalarNode } from '../../syntax/ast';
import { parseCron } from '../../model/cron';
import { suggest, didYouMean } from '../../util/suggest';

let zones: string[] | undefined;
function timeZones(): string[] {
  // Intl knows the IANA database of the engine; `UTC` is valid everywhere but not always listed.
  zones ??= [...((Intl as unknown as { supportedValuesOf?(k: string): string[] }).supportedValuesOf?.('timeZone') ?? []), 'UTC', 'Etc/UTC'];
  return zones;
}

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** A real calendar date and time: Date.parse would roll 2025-02-30 over to March. */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [y, mo, d, h = '0', mi = '0', se = '0'] = m.slice(1).map((x) => x ?? '0') as string[];
  const date = new Date(Date.UTC(+y!, +mo! - 1, +d!));
  return date.getUTCMonth() === +mo! - 1 && date.getUTCDate() === +d! && +h < 24 && +mi < 60 && +se < 60;
}

export const scheduleRule: Rule = ({ view, doc, out }) => {
  const schedule = childOf(view.root, 'schedule');
  if (schedule?.kind !== 'map') return;
  const cron = childOf(schedule, 'cron');
  if (cron?.kind === 'scalar' && typeof cron.value === 'string') {
    const r = parseCron(cron.value);
    if (r.error) {
      const raw = doc.text.slice(cron.start, cron.end);
      const at = raw.indexOf(cron.value);
      const [s, e] = at >= 0 ? [cron.start + at + r.error.start, cron.start + at + r.error.end] : [cron.start, cron.end];
      out.push(diag('invalid-cron', 'error', r.error.message, s, Math.max(e, s + 1)));
    }
  }
  const tz = childOf(schedule, 'timezone');
  if (tz?.kind === 'scalar' && typeof tz.value === 'string' && !isTimeZone(tz.value)) {
    const sugg = suggest(tz.value, timeZones());
    out.push(diag('invalid-timezone', 'error', `Unknown time zone '${tz.value}'. Use an IANA name such as 'Europe/Kyiv' or 'UTC'.${didYouMean(sugg)}`, tz.start, tz.end, { suggestions: sugg }));
  }
  for (const key of ['start', 'end']) {
    const n = childOf(schedule, key) as ScalarNode | undefined;
    if (n?.kind === 'scalar' && typeof n.value === 'string' && !isIsoDate(n.value)) {
      out.push(diag('invalid-value', 'error', `'schedule.${key}' must be an ISO date or date-time such as 2026-01-31 or 2026-01-31T02:00:00Z; found '${n.value}'.`, n.start, n.end));
    }
  }
};
