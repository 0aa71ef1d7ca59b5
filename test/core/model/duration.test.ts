import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, parseDuration } from '../../../core/model/duration';

describe('parseDuration', () => {
  it('reads each unit and combinations', () => {
    const cases: [string, number][] = [
      ['250ms', 250],
      ['90s', 90_000],
      ['10m', 600_000],
      ['1h', 3_600_000],
      ['2d', 172_800_000],
      ['1h30m', 5_400_000],
      ['1d2h3m4s5ms', 86_400_000 + 7_200_000 + 180_000 + 4_000 + 5],
      ['1.5h', 5_400_000],
      ['0.5s', 500],
      ['0s', 0],
      ['1m1ms', 60_001],
    ];
    for (const [text, ms] of cases) assert.equal(parseDuration(text), ms, text);
  });

  it('returns undefined for anything else', () => {
    for (const text of ['', '10', 'm', 'ms', '10x', '1 h', ' 1h', '1h ', '-5m', '+5m', '1.h', '.5h', '1H', '1hour', '1h30', 'h1', '1e3s', '1h,30m', 'P1D']) {
      assert.equal(parseDuration(text), undefined, JSON.stringify(text));
    }
    assert.equal(parseDuration(undefined as unknown as string), undefined);
    assert.equal(parseDuration(5 as unknown as string), undefined);
  });

  it('does not carry state between calls', () => {
    assert.equal(parseDuration('10x'), undefined);
    assert.equal(parseDuration('5m'), 300_000);
    assert.equal(parseDuration('1h2m'), 3_720_000);
    assert.equal(parseDuration('3s'), 3_000);
  });
});

describe('formatDuration', () => {
  it('writes the shortest spelling', () => {
    const cases: [number, string][] = [
      [250, '250ms'],
      [1_000, '1s'],
      [90_000, '1m30s'],
      [600_000, '10m'],
      [5_400_000, '1h30m'],
      [86_400_000, '1d'],
      [90_061_001, '1d1h1m1s1ms'],
      [172_800_000, '2d'],
      [3_600_500, '1h500ms'],
    ];
    for (const [ms, text] of cases) assert.equal(formatDuration(ms), text, String(ms));
  });

  it('writes zero and negatives as 0s and rounds fractions', () => {
    assert.equal(formatDuration(0), '0s');
    assert.equal(formatDuration(-5), '0s');
    assert.equal(formatDuration(1_499.6), '1s500ms');
  });

  it('round-trips with parseDuration', () => {
    for (const text of ['250ms', '1s', '1m30s', '10m', '1h30m', '2d', '1d1h1m1s1ms', '7d', '59m59s999ms']) {
      assert.equal(formatDuration(parseDuration(text)!), text, text);
    }
    for (const ms of [1, 999, 1_000, 59_999, 60_000, 3_599_999, 86_399_999, 86_400_001, 123_456_789]) {
      assert.equal(parseDuration(formatDuration(ms)), ms, String(ms));
    }
    // Non-canonical spellings normalise.
    assert.equal(formatDuration(parseDuration('90m')!), '1h30m');
    assert.equal(formatDuration(parseDuration('1.5h')!), '1h30m');
    assert.equal(formatDuration(parseDuration('120s')!), '2m');
  });

  it('always writes something parseDuration reads back', () => {
    for (const ms of [0.4, Number.NaN]) assert.notEqual(parseDuration(formatDuration(ms)), undefined, String(ms));
  });
});
