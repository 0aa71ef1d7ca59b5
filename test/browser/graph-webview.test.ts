/**
 * The graph preview (dist/webview.js + dist/webview.css) in Debian's chromium, in the very page the
 * extension gives its webview (extension/graph-html.ts) under the same Content Security Policy.
 * VS Code's webview API is replaced by a small `acquireVsCodeApi` shim that only records what the
 * page posts; the host's messages are posted to the window as VS Code does.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { validateText } from '../../core/validate/validate';
import { graphHtml, makeNonce } from '../../extension/graph-html';
import { graphOf } from '../../language-server/graph';
import type { GraphResult } from '../../language-server/protocol';
import { ensureBuilt, ROOT } from '../language-server/ensure-built';
import { launchChromium } from './chromium';

const HOSTILE = '<img src=x onerror=alert(1)>';
const SAMPLE = `apiVersion: weft/v1
kind: Pipeline
metadata: {name: graph-demo}
tasks:
  extract:
    type: shell
    description: Pull yesterday's rows.
    run: echo rows=3
    outputs: {rows: {type: integer}}
  check:
    type: check
    assert: ["\${{ tasks.extract.outputs.rows > 0 }}"]
  load:
    type: shell
    needs: [check]
    run: echo load
  "${HOSTILE}":
    type: shell
    needs: [load]
    run: echo hi
  a: {type: shell, needs: [c], run: echo a}
  b: {type: shell, needs: [a], run: echo b}
  c: {type: shell, needs: [b], run: echo c}
onFailure:
  notify: {type: shell, run: echo failed}
finally:
  cleanup: {type: shell, run: echo clean}
  record: {type: shell, needs: [cleanup], run: echo done}
`;

const SHIM = `
window.__posted = [];
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
let state;
window.acquireVsCodeApi = () => ({
  postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
  getState: () => state,
  setState: (s) => { state = s; },
});
`;

interface Box {
  id: string;
  x: number;
  y: number;
  bottom: number;
}

describe('graph preview in the browser', () => {
  let server: Server;
  let browser: Browser;
  let page: Page;
  let graph: GraphResult;
  const pageErrors: string[] = [];
  const dialogs: string[] = [];

  before(async () => {
    ensureBuilt(['dist/webview.js', 'dist/webview.css']);
    graph = graphOf(validateText('p.weft.yaml', SAMPLE), 3);
    const js = readFileSync(join(ROOT, 'dist/webview.js'));
    const css = readFileSync(join(ROOT, 'dist/webview.css'));
    server = createServer((req, res) => {
      const origin = `http://${req.headers.host}`;
      if (req.url === '/') {
        const nonce = makeNonce();
        const html = graphHtml({ cspSource: origin, nonce, scriptUri: `${origin}/dist/webview.js`, styleUri: `${origin}/dist/webview.css` })
          // VS Code injects its API before the page's scripts; the shim stands in for it.
          .replace('<script nonce=', `<script nonce="${nonce}" src="/shim.js"></script>\n<script nonce=`);
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      } else if (req.url === '/shim.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(SHIM);
      else if (req.url === '/dist/webview.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
      else if (req.url === '/dist/webview.css') res.writeHead(200, { 'content-type': 'text/css' }).end(css);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => (globalThis as unknown as { __posted: unknown[] }).__posted.length > 0);
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  const posted = () => page.evaluate(() => (globalThis as unknown as { __posted: unknown[] }).__posted);
  const send = (message: unknown) => page.evaluate((m) => window.postMessage(m, '*'), message);
  const boxes = () =>
    page.$$eval('svg .weft-node', (els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        return { id: el.getAttribute('data-id')!, x: r.x, y: r.y, bottom: r.bottom };
      }),
    );

  it('says it is ready and waits for a graph', async () => {
    assert.deepEqual(await posted(), [{ type: 'ready' }]);
    assert.match((await page.textContent('body')) ?? '', /Loading/);
  });

  it('draws one box per task, with a header that counts tasks and problems', async () => {
    await send({ type: 'graph', graph, title: 'p.weft.yaml' });
    await page.waitForSelector('svg .weft-node');
    assert.equal(graph.nodes.length, 10);
    assert.equal(await page.locator('svg .weft-node').count(), graph.nodes.length);
    assert.equal(await page.locator('svg .weft-node rect').count(), graph.nodes.length);
    const header = (await page.textContent('.weft-header')) ?? '';
    assert.match(header, /p\.weft\.yaml/);
    assert.match(header, /10 tasks/);
    const { errors, warnings } = graph.diagnostics;
    assert.ok(errors >= 2, 'the cycle and the bad id are errors');
    assert.match(header, new RegExp(`${errors} errors · ${warnings} warnings?`));
    assert.match(header, /1 cycle\b/);
  });

  it('shows a hostile task id as text, never as markup', async () => {
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.locator('svg image, svg foreignObject, script:not([src])').count(), 0);
    const texts = await page.$$eval('.weft-node-id', (els) => els.map((e) => e.textContent));
    assert.ok(texts.includes(HOSTILE), JSON.stringify(texts));
    const ids = await page.$$eval('svg .weft-node', (els) => els.map((e) => e.getAttribute('data-id')));
    assert.ok(ids.includes(HOSTILE));
    assert.deepEqual(dialogs, []);
  });

  it('lays out layers left to right and handlers in a band below', async () => {
    const b = new Map((await boxes()).map((x: Box) => [x.id, x]));
    assert.ok(b.get('extract')!.x < b.get('check')!.x && b.get('check')!.x < b.get('load')!.x && b.get('load')!.x < b.get(HOSTILE)!.x);
    const mainBottom = Math.max(...graph.nodes.filter((n) => n.section === 'tasks').map((n) => b.get(n.id)!.bottom));
    for (const id of ['notify', 'cleanup', 'record']) assert.ok(b.get(id)!.y > mainBottom, `${id} below the main tasks`);
    assert.ok(b.get('cleanup')!.y > b.get('notify')!.y, 'finally below onFailure');
    assert.match((await page.textContent('svg .weft-bands')) ?? '', /onFailure.*finally/);
  });

  it('draws implied edges dashed and cycle edges red, with arrowheads', async () => {
    const edges = await page.$$eval('svg path.weft-edge', (els) =>
      els.map((e) => {
        const s = getComputedStyle(e);
        return { from: e.getAttribute('data-from'), to: e.getAttribute('data-to'), cls: e.getAttribute('class'), dash: s.strokeDasharray, stroke: s.stroke, marker: e.getAttribute('marker-end') };
      }),
    );
    assert.equal(edges.length, graph.edges.length);
    const implied = edges.find((e) => e.from === 'extract' && e.to === 'check')!;
    assert.match(implied.cls!, /expression/);
    assert.notEqual(implied.dash, 'none');
    const plain = edges.find((e) => e.from === 'check' && e.to === 'load')!;
    assert.equal(plain.dash, 'none');
    const cycle = edges.filter((e) => /cycle/.test(e.cls!));
    assert.deepEqual(cycle.map((e) => `${e.from}>${e.to}`).sort(), ['a>b', 'b>c', 'c>a']);
    for (const e of cycle) assert.equal(e.stroke, 'rgb(229, 20, 0)', 'the stylesheet loaded under the CSP and colours cycles');
    assert.notEqual(plain.stroke, cycle[0]!.stroke);
    for (const e of edges) assert.match(e.marker!, /^url\(#weft-arrow(-cycle)?\)$/);
    assert.equal(await page.locator('svg marker').count(), 2);
  });

  it('asks the host to reveal a clicked task at its line', async () => {
    await page.locator('svg .weft-node[data-id="load"]').click();
    const load = graph.nodes.find((n) => n.id === 'load')!;
    assert.deepEqual((await posted()).at(-1), { type: 'reveal', id: 'load', line: load.line });
    // the hostile one too, with its own id and line
    const hostile = graph.nodes.find((n) => n.id === HOSTILE)!;
    await page.evaluate((id) => {
      const el = Array.from(document.querySelectorAll('svg .weft-node')).find((e) => e.getAttribute('data-id') === id);
      el!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    }, HOSTILE);
    assert.deepEqual((await posted()).at(-1), { type: 'reveal', id: HOSTILE, line: hostile.line });
  });

  it('is usable with the keyboard: nodes take focus in drawing order, Enter reveals', async () => {
    const tabbable = await page.$$eval('svg .weft-node', (els) => els.every((e) => e.getAttribute('tabindex') === '0' && e.getAttribute('role') === 'button' && !!e.getAttribute('aria-label')));
    assert.ok(tabbable);
    // start sequential focus navigation from the header, above the graph
    await page.locator('.weft-header').click();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-id')), 'extract');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-id')), 'a', 'then the next in layer 0 (a is forced into it by its cycle)');
    await page.keyboard.press('Enter');
    assert.deepEqual((await posted()).at(-1), { type: 'reveal', id: 'a', line: graph.nodes.find((n) => n.id === 'a')!.line });
    // a refresh (the user typed elsewhere) keeps the focus on the same task
    await send({ type: 'graph', graph: { ...graph, version: 4 }, title: 'p.weft.yaml' });
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-id')), 'a');
  });

  it('shows a message when there is nothing to draw, and ignores malformed messages', async () => {
    await send({ type: 'graph', graph: null });
    assert.equal(await page.locator('svg .weft-node').count(), 0);
    assert.match((await page.textContent('body')) ?? '', /No Weft pipeline/);
    await send({ type: 'graph', graph: { nodes: 'nope' } });
    await send('<img src=x onerror=alert(2)>');
    assert.match((await page.textContent('body')) ?? '', /No Weft pipeline/);
    await send({ type: 'graph', graph });
    assert.equal(await page.locator('svg .weft-node').count(), graph.nodes.length);
  });

  it('runs under the CSP: an injected inline script is blocked; nothing else was', async () => {
    const violationsBefore = await page.evaluate(() => (globalThis as unknown as { __violations: string[] }).__violations.slice());
    assert.deepEqual(violationsBefore, []);
    const ran = await page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.body.append(s);
      await new Promise((r) => setTimeout(r, 50));
      return (globalThis as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    assert.equal(ran, false);
    const violations = await page.evaluate(() => (globalThis as unknown as { __violations: string[] }).__violations);
    assert.ok(violations.some((v) => v.startsWith('script-src')), JSON.stringify(violations));
  });

  it('raised no errors and no dialogs in the page', () => {
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(dialogs, []);
  });
});
