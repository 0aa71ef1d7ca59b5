// Service tasks: only process tasks, one process, no outputs, `ready` needs a port; only a
// service has `tasks.<id>.address`.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateText } from '../../../../core/validate/validate';

function check(tasks: string): { code: string; text: string; message: string }[] {
  const text = `apiVersion: weft/v1\nkind: Pipeline\nmetadata: {name: t}\ntasks:\n${tasks}`;
  return validateText('t.weft.yaml', text, {}).diagnostics.map((d) => ({ code: d.code, text: text.slice(d.start, d.end), message: d.message }));
}

const CLIENT = `  client:
    type: shell
    run: curl "http://$DB:8086/ping"
    env: {DB: "\${{ tasks.db.address }}"}
`;

describe('service tasks', () => {
  it('a service and a task using its address are clean', () => {
    assert.deepEqual(check(`  db:\n    type: container\n    image: influxdb:1.8\n    service: {port: 8086, ready: /ping}\n${CLIENT}`), []);
    assert.deepEqual(check(`  db:\n    type: shell\n    run: python3 -m http.server 8086\n    service: true\n${CLIENT}`), []);
  });

  it('only a service has an address, and the message says how to make one', () => {
    const d = check(`  db:\n    type: shell\n    run: serve\n${CLIENT}`);
    assert.deepEqual(d.map((x) => [x.code, x.text]), [['unknown-reference', 'address']]);
    assert.match(d[0]!.message, /only a service has an address; add `service: true`/);
  });

  it('reports a service on a task that runs no process, with fan-out or outputs, or ready without a port', () => {
    assert.deepEqual(check(`  db:\n    type: http\n    url: https://x\n    service: true\n`).map((x) => x.code), ['invalid-value']);
    const d = check(`  db:\n    type: shell\n    run: serve\n    service: {ready: /ping}\n    foreach: {items: [1]}\n    outputs: {x: {type: string}}\n`);
    assert.deepEqual(d.map((x) => x.code).sort(), ['conflicting-keys', 'conflicting-keys', 'missing-required']);
  });

  it('reports a port out of range and a ready path without a slash (schema)', () => {
    assert.ok(check(`  db:\n    type: shell\n    run: serve\n    service: {port: 70000}\n`).length > 0);
    assert.ok(check(`  db:\n    type: shell\n    run: serve\n    service: {port: 80, ready: ping}\n`).length > 0);
  });
});
