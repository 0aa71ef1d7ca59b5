/**
 * core is pure and runs in a browser (the canvas webview will use it): bundle core/validate for the
 * browser with esbuild (platform "browser": a Node built-in anywhere in core would fail the bundle),
 * serve it from a local http server, run validateText inside Debian's chromium and compare with
 * what Node computes for the same text.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { validateText } from '../../core/validate/validate';
import { launchChromium } from './chromium';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const BROKEN_YAML = `apiVersion: weft/v1
kind: Pipeline
metadata: {name: Daily}   # not a valid name
params:
  day: {type: strin, default: "x"}
tasks:
  extract:
    type: pyhton
    script: a.py
  load:
    type: python
    nedds: [extract]
    script: load.py
    retries: {limit: 2, delay: 5 sec}
  c:
    type: python
    script: x
    code: "print('é ✓ 🎉')"
    timeout: 10 minutes
`;
const BROKEN_JSON = JSON.stringify(
  { apiVersion: 'weft/v1', kind: 'Pipeline', metadata: { name: 'j' }, tasks: { a: { type: 'shel', run: 1, nedds: ['b'] } } },
  null,
  2,
);
const SYNTAX_ERROR = 'apiVersion: weft/v1\nkind: Pipeline\ntasks:\n  a: [unclosed\n  b: {type: shell\n';

interface Result {
  diagnostics: unknown[];
  positions: Array<{ start: unknown; end: unknown }>;
}

function inNode(fileName: string, text: string): Result {
  const r = validateText(fileName, text);
  const diagnostics = JSON.parse(JSON.stringify(r.diagnostics)) as unknown[];
  return { diagnostics, positions: r.diagnostics.map((d) => ({ start: r.document.lines.positionAt(d.start), end: r.document.lines.positionAt(d.end) })) };
}

describe('core in the browser', () => {
  let server: Server;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    const bundle = await build({
      absWorkingDir: ROOT,
      entryPoints: ['core/validate/validate.ts'],
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'iife',
      globalName: 'weftCore',
      target: 'es2022',
      logLevel: 'silent',
    });
    const js = bundle.outputFiles[0]!.text;
    const html = '<!doctype html><meta charset="utf-8"><title>weft core</title><script src="/core.js"></script>';
    server = createServer((req, res) => {
      if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      else if (req.url === '/core.js') res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(js);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => typeof (globalThis as { weftCore?: unknown }).weftCore === 'object');
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  async function inBrowser(fileName: string, text: string): Promise<Result> {
    return page.evaluate(
      ([f, t]) => {
        type Core = typeof import('../../core/validate/validate');
        const core = (globalThis as unknown as { weftCore: Core }).weftCore;
        const r = core.validateText(f, t);
        return {
          diagnostics: JSON.parse(JSON.stringify(r.diagnostics)) as unknown[],
          positions: r.diagnostics.map((d) => ({ start: r.document.lines.positionAt(d.start), end: r.document.lines.positionAt(d.end) })),
        };
      },
      [fileName, text] as const,
    );
  }

  for (const [name, fileName, text] of [
    ['YAML with several mistakes', 'p.weft.yaml', BROKEN_YAML],
    ['JSON with several mistakes', 'p.weft.json', BROKEN_JSON],
    ['YAML that does not parse', 'p.weft.yaml', SYNTAX_ERROR],
  ] as const) {
    it(`validates ${name} exactly as Node does`, async () => {
      const expected = inNode(fileName, text);
      assert.ok(expected.diagnostics.length >= 1, 'the sample has mistakes');
      const actual = await inBrowser(fileName, text);
      assert.deepEqual(actual, expected);
    });
  }

  it('finds the mistakes a user would expect', async () => {
    const { diagnostics } = await inBrowser('p.weft.yaml', BROKEN_YAML);
    const messages = (diagnostics as Array<{ code: string; message: string }>).map((d) => `${d.code}: ${d.message}`);
    assert.ok(messages.some((m) => /^unknown-key: Unknown key 'nedds'/.test(m)), messages.join('\n'));
    assert.ok(messages.some((m) => /Unknown task type 'pyhton'/.test(m)), messages.join('\n'));
  });

  it('raised no errors in the page', () => {
    assert.deepEqual(pageErrors, []);
  });
});
