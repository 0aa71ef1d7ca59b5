/**
 * Five-field cron (minute hour day-of-month month day-of-week), the dialect every target shares:
 * numbers, `*`, ranges `a-b`, steps `/n`, lists `a,b`, month and weekday names, and the macros
 * `@yearly @annually @monthly @weekly @daily @midnight @hourly`. Errors name the field and point
 * at it (offsets within the cron text) so the editor can underline just the bad part.
 */

export interface CronField {
  name: string;
  min: number;
  max: number;
  names?: string[];
}

export const CRON_FIELDS: CronField[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  // 7 is Sunday too, as in Vixie cron and Airflow.
  { name: 'day of week', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

export const CRON_MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

export interface CronSchedule {
  /** Allowed values per field, as sets (day of week folded so 7 → 0). */
  fields: Set<number>[];
  /** Whether day-of-month / day-of-week were restricted (cron ORs them when both are). */
  domRestricted: boolean;
  dowRestricted: boolean;
}

export interface CronError {
  message: string;
  start: number;
  end: number;
}

export function parseCron(text: string): { schedule?: CronSchedule; error?: CronError } {
  const trimmed = text.trim();
  const lead = text.indexOf(trimmed);
  if (trimmed.startsWith('@')) {
    const expanded = CRON_MACROS[trimmed.toLowerCase()];
    if (!expanded) {
      return { error: { message: `Unknown cron macro '${trimmed}'. Use one of ${Object.keys(CRON_MACROS).join(', ')}.`, start: lead, end: lead + trimmed.length } };
    }
    return { schedule: parseCron(expanded).schedule! };
  }
  const parts: { text: string; start: number }[] = [];
  const re = /\S+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) parts.push({ text: m[0], start: m.index });
  if (parts.length !== 5) {
    const hint = parts.length === 6 ? ' Weft uses five fields (no seconds).' : '';
    return {
      error: {
        message: `A cron expression has 5 fields (minute hour day-of-month month day-of-week); found ${parts.length}.${hint} Example: '0 2 * * *' runs daily at 02:00.`,
        start: lead,
        end: lead + Math.max(1, trimmed.length),
      },
    };
  }
  const fields: Set<number>[] = [];
  for (let i = 0; i < 5; i++) {
    const r = parseField(parts[i]!.text, CRON_FIELDS[i]!);
    if (typeof r === 'string') return { error: { message: `Invalid cron ${CRON_FIELDS[i]!.name} '${parts[i]!.text}': ${r}`, start: parts[i]!.start, end: parts[i]!.start + parts[i]!.text.length } };
    if (i === 4 && r.has(7)) {
      r.delete(7);
      r.add(0);
    }
    fields.push(r);
  }
  return { schedule: { fields, domRestricted: parts[2]!.text !== '*', dowRestricted: parts[4]!.text !== '*' } };
}

function parseValue(s: string, f: CronField): number | string {
  if (/^[0-9]+$/.test(s)) {
    const n = Number(s);
    return n < f.min || n > f.max ? `${n} is outside ${f.min}-${f.max}.` : n;
  }
  const idx = f.names?.indexOf(s.toUpperCase()) ?? -1;
  if (idx >= 0) return idx + (f.name === 'month' ? 1 : 0);
  return f.names ? `'${s}' is not a number (${f.min}-${f.max}) or a name (${f.names.join(', ')}).` : `'${s}' is not a number (${f.min}-${f.max}).`;
}

function parseField(text: string, f: CronField): Set<number> | string {
  const out = new Set<number>();
  for (const item of text.split(',')) {
    if (item === '') return 'empty list item.';
    const [rangePart, stepPart, extra] = item.split('/');
    if (extra !== undefined) return `'${item}' has more than one '/'.`;
    let step = 1;
    if (stepPart !== undefined) {
      if (!/^[0-9]+$/.test(stepPart) || Number(stepPart) === 0) return `step '${stepPart}' must be a positive whole number.`;
      step = Number(stepPart);
    }
    let lo: number;
    let hi: number;
    if (rangePart === '*') {
      lo = f.min;
      hi = f.name === 'day of week' ? 6 : f.max;
    } else {
      const bounds = rangePart!.split('-');
      if (bounds.length > 2) return `'${rangePart}' is not a range like 1-5.`;
      const a = parseValue(bounds[0]!, f);
      if (typeof a === 'string') return a;
      lo = a;
      if (bounds.length === 2) {
        const b = parseValue(bounds[1]!, f);
        if (typeof b === 'string') return b;
        hi = b;
        // `MON-SUN`: Sunday closing a weekday range is day 7.
        if (f.name === 'day of week' && hi === 0 && lo > 0) hi = 7;
        if (hi < lo) return `range ${bounds[0]}-${bounds[1]} runs backwards.`;
      } else hi = stepPart !== undefined ? f.max : lo;
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

/** Whether the schedule fires at this minute (fields read in the given calendar parts). */
export function cronMatches(s: CronSchedule, t: { minute: number; hour: number; day: number; month: number; weekday: number }): boolean {
  const [mi, h, dom, mon, dow] = s.fields as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  if (!mi.has(t.minute) || !h.has(t.hour) || !mon.has(t.month)) return false;
  const domOk = dom.has(t.day);
  const dowOk = dow.has(t.weekday);
  // Vixie cron: when both day fields are restricted, either may match.
  if (s.domRestricted && s.dowRestricted) return domOk || dowOk;
  return domOk && dowOk;
}
