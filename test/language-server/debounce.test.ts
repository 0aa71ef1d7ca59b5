import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Debouncer, type RunToken } from '../../language-server/debounce';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Debouncer', () => {
  it('runs only the last of quickly repeated schedules for a key', async () => {
    const d = new Debouncer(20);
    const ran: number[] = [];
    for (let i = 1; i <= 5; i++) d.schedule('a', () => void ran.push(i));
    d.schedule('b', () => void ran.push(100));
    await sleep(60);
    assert.deepEqual(ran.sort((x, y) => x - y), [5, 100]);
  });

  it('honours a per-call delay and cancel()', async () => {
    const d = new Debouncer(1000);
    const ran: string[] = [];
    d.schedule('now', () => void ran.push('now'), 0);
    d.schedule('never', () => void ran.push('never'), 0);
    d.cancel('never');
    await sleep(20);
    assert.deepEqual(ran, ['now']);
    d.dispose();
  });

  it('marks a run in progress stale when the key is scheduled again', async () => {
    const d = new Debouncer(0);
    const tokens: RunToken[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    d.schedule('k', async (t) => {
      tokens.push(t);
      await gate;
    });
    await sleep(10);
    assert.equal(tokens[0]?.isCancelled, false);
    d.schedule('k', (t) => void tokens.push(t));
    assert.equal(tokens[0]?.isCancelled, true, 'older run is cancelled as soon as a newer one is scheduled');
    release();
    await sleep(10);
    assert.equal(tokens.length, 2);
    assert.equal(tokens[1]?.isCancelled, false);
  });

  it('reports errors of a run without breaking later runs', async () => {
    const errors: string[] = [];
    const d = new Debouncer(0, (key, e) => errors.push(`${key}: ${(e as Error).message}`));
    d.schedule('k', () => {
      throw new Error('boom');
    });
    await sleep(10);
    let ok = false;
    d.schedule('k', () => void (ok = true));
    await sleep(10);
    assert.deepEqual(errors, ['k: boom']);
    assert.ok(ok);
  });
});
