import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CRON_MACROS, cronMatches, parseCron, type CronSchedule } from '../../../core/model/cron';

const range = (lo: number, hi: number, step = 1): number[] => {
  const out: number[] = [];
  for (let v = lo; v <= hi; v += step) out.push(v);
  return out;
};
/** The parsed schedule as sorted arrays per field. */
const fields = (text: string): number[][] => {
  const r = parseCron(text);
  assert.equal(r.error, undefined, `'${text}' should parse: ${r.error?.message}`);
  return r.schedule!.fields.map((s) => [...s].sort((a, b) => a - b));
};
const schedule = (text: string): CronSchedule => {
  const r = parseCron(text);
  assert.ok(r.schedule, `'${text}' should parse: ${r.error?.message}`);
  return r.schedule;
};
/** The error, with the text it points at. */
const bad = (text: string): { message: string; at: string } => {
  const r = parseCron(text);
  assert.equal(r.schedule, undefined, `'${text}' should not parse`);
  assert.ok(r.error);
  return { message: r.error.message, at: text.slice(r.error.start, r.error.end) };
};

describe('parseCron: valid forms', () => {
  it('reads numbers and *', () => {
    assert.deepEqual(fields('30 2 * * *'), [[30], [2], range(1, 31), range(1, 12), range(0, 6)]);
  });

  it('reads lists, ranges and steps', () => {
    assert.deepEqual(fields('0,15,45 9-17 1-10/3 */4 1-5'), [[0, 15, 45], range(9, 17), [1, 4, 7, 10], [1, 5, 9], [1, 2, 3, 4, 5]]);
    assert.deepEqual(fields('*/15 */6 * * *').slice(0, 2), [[0, 15, 30, 45], [0, 6, 12, 18]]);
    // `a/n` runs from a to the end of the field.
    assert.deepEqual(fields('5/20 0 * * *')[0], [5, 25, 45]);
    // Lists mix ranges, steps and single values; duplicates collapse.
    assert.deepEqual(fields('1-3,2,50-59/5 0 * * *')[0], [1, 2, 3, 50, 55]);
  });

  it('reads month and weekday names, in any case', () => {
    assert.deepEqual(fields('0 0 * JAN,mar,Dec MON'), [[0], [0], range(1, 31), [1, 3, 12], [1]]);
    assert.deepEqual(fields('0 0 * FEB-APR mon-fri').slice(3), [[2, 3, 4], [1, 2, 3, 4, 5]]);
    assert.deepEqual(fields('0 0 * * SUN,SAT')[4], [0, 6]);
  });

  it('treats 7 as Sunday', () => {
    assert.deepEqual(fields('0 0 * * 7')[4], [0]);
    assert.deepEqual(fields('0 0 * * 5-7')[4], [0, 5, 6]);
    assert.deepEqual(fields('0 0 * * 0,7')[4], [0]);
    // `*` in day of week is 0-6, without a duplicate Sunday.
    assert.deepEqual(fields('0 0 * * */2')[4], [0, 2, 4, 6]);
  });

  it('accepts extra whitespace around and between fields', () => {
    assert.deepEqual(fields('  0   12\t*  * 1  '), [[0], [12], range(1, 31), range(1, 12), [1]]);
  });

  it('expands every macro, case-insensitively', () => {
    assert.deepEqual(fields('@daily'), fields('0 0 * * *'));
    assert.deepEqual(fields('@midnight'), fields('0 0 * * *'));
    assert.deepEqual(fields('@hourly'), fields('0 * * * *'));
    assert.deepEqual(fields('@weekly'), fields('0 0 * * 0'));
    assert.deepEqual(fields('@monthly'), fields('0 0 1 * *'));
    assert.deepEqual(fields('@yearly'), fields('0 0 1 1 *'));
    assert.deepEqual(fields('@annually'), fields('0 0 1 1 *'));
    assert.deepEqual(fields(' @DAILY '), fields('0 0 * * *'));
    assert.deepEqual(Object.keys(CRON_MACROS).sort(), ['@annually', '@daily', '@hourly', '@midnight', '@monthly', '@weekly', '@yearly']);
  });

  it('records which day fields were restricted', () => {
    assert.deepEqual(pick(schedule('0 0 * * *')), [false, false]);
    assert.deepEqual(pick(schedule('0 0 1 * *')), [true, false]);
    assert.deepEqual(pick(schedule('0 0 * * MON')), [false, true]);
    assert.deepEqual(pick(schedule('0 0 13 * FRI')), [true, true]);
    assert.deepEqual(pick(schedule('@weekly')), [false, true]);
  });
});

function pick(s: CronSchedule): [boolean, boolean] {
  return [s.domRestricted, s.dowRestricted];
}

describe('parseCron: invalid forms', () => {
  it('needs exactly five fields, with a hint for six (seconds)', () => {
    const six = bad('0 0 2 * * *');
    assert.match(six.message, /5 fields/);
    assert.match(six.message, /found 6/);
    assert.match(six.message, /no seconds/);
    assert.equal(six.at, '0 0 2 * * *');
    const four = bad('  0 2 * *  ');
    assert.match(four.message, /found 4/);
    assert.doesNotMatch(four.message, /no seconds/);
    assert.equal(four.at, '0 2 * *');
    assert.match(bad('').message, /found 0/);
  });

  it('points at the bad field and names it', () => {
    const cases: [string, string, RegExp][] = [
      ['60 0 * * *', '60', /minute '60'.*60 is outside 0-59/],
      ['0 24 * * *', '24', /hour '24'.*outside 0-23/],
      ['0 0 0 * *', '0', /day of month '0'.*outside 1-31/],
      ['0 0 32 * *', '32', /day of month/],
      ['0 0 * 13 *', '13', /month '13'.*outside 1-12/],
      ['0 0 * * 8', '8', /day of week '8'.*outside 0-7/],
      ['0 0 * FOO *', 'FOO', /month 'FOO'.*not a number \(1-12\) or a name \(JAN/],
      ['0 0 * * MONDAY', 'MONDAY', /day of week.*SUN, MON/],
      ['0 0 MON * *', 'MON', /day of month 'MON'.*not a number \(1-31\)\.$/],
      ['*/0 0 * * *', '*/0', /step '0' must be a positive whole number/],
      ['0 */x * * *', '*/x', /step 'x'/],
      ['1/2/3 0 * * *', '1/2/3', /more than one '\/'/],
      ['0 1-2-3 * * *', '1-2-3', /not a range like 1-5/],
      ['0 0 10-5 * *', '10-5', /range 10-5 runs backwards/],
      ['0 0 1,,2 * *', '1,,2', /empty list item/],
      ['0 0 * * 1,', '1,', /empty list item/],
      ['0 0 * * -1', '-1', /day of week/],
      ['0 0 * * 1.5', '1.5', /day of week/],
    ];
    for (const [text, at, message] of cases) {
      const r = bad(text);
      assert.equal(r.at, at, `${text}: points at '${r.at}'`);
      assert.match(r.message, message, text);
    }
  });

  it('points at the right occurrence when fields repeat', () => {
    // Offsets come from the field's position, not from searching for its text.
    assert.ok(parseCron('5 5 5 5 5').schedule);
    const e = parseCron('7  7 7 7 77').error!;
    assert.deepEqual([e.start, e.end], [9, 11]);
  });

  it('rejects unknown macros over the macro text', () => {
    const r = bad('  @reboot');
    assert.equal(r.at, '@reboot');
    assert.match(r.message, /Unknown cron macro '@reboot'/);
    assert.match(r.message, /@daily/);
  });
});

describe('cronMatches', () => {
  // 2025-06-13 was a Friday (weekday 5).
  const at = (minute: number, hour: number, day: number, month: number, weekday: number) => ({ minute, hour, day, month, weekday });

  it('matches minute, hour and month exactly', () => {
    const s = schedule('30 2 * * *');
    assert.equal(cronMatches(s, at(30, 2, 13, 6, 5)), true);
    assert.equal(cronMatches(s, at(31, 2, 13, 6, 5)), false);
    assert.equal(cronMatches(s, at(30, 14, 13, 6, 5)), false);
    const q = schedule('0 9 1 JAN,APR,JUL,OCT *');
    assert.equal(cronMatches(q, at(0, 9, 1, 4, 2)), true);
    assert.equal(cronMatches(q, at(0, 9, 1, 5, 4)), false);
  });

  it('requires both day fields when only one is restricted', () => {
    const weekdays = schedule('0 8 * * MON-FRI');
    assert.equal(cronMatches(weekdays, at(0, 8, 13, 6, 5)), true);
    assert.equal(cronMatches(weekdays, at(0, 8, 14, 6, 6)), false);
    const first = schedule('0 0 1 * *');
    assert.equal(cronMatches(first, at(0, 0, 1, 6, 0)), true);
    assert.equal(cronMatches(first, at(0, 0, 2, 6, 1)), false);
  });

  it('ORs day of month and day of week when both are restricted', () => {
    const s = schedule('0 0 13 * FRI');
    assert.equal(cronMatches(s, at(0, 0, 13, 6, 5)), true, 'Friday the 13th');
    assert.equal(cronMatches(s, at(0, 0, 13, 5, 2)), true, 'the 13th, a Tuesday');
    assert.equal(cronMatches(s, at(0, 0, 20, 6, 5)), true, 'a Friday, the 20th');
    assert.equal(cronMatches(s, at(0, 0, 14, 6, 6)), false, 'neither');
    assert.equal(cronMatches(s, at(1, 0, 13, 6, 5)), false, 'the minute still has to match');
  });

  it('matches Sunday written as 7', () => {
    const s = schedule('0 0 * * 7');
    assert.equal(cronMatches(s, at(0, 0, 15, 6, 0)), true);
    assert.equal(cronMatches(s, at(0, 0, 16, 6, 1)), false);
  });

  it('matches macros', () => {
    const hourly = schedule('@hourly');
    assert.equal(cronMatches(hourly, at(0, 17, 3, 3, 1)), true);
    assert.equal(cronMatches(hourly, at(1, 17, 3, 3, 1)), false);
    const weekly = schedule('@weekly');
    assert.equal(cronMatches(weekly, at(0, 0, 15, 6, 0)), true);
    assert.equal(cronMatches(weekly, at(0, 0, 16, 6, 1)), false);
  });
});
