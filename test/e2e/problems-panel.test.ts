/**
 * End to end in a real VS Code: the Weft extension, loaded into code-server (VS Code 1.100 for the
 * browser), reports pipeline mistakes in the Problems panel, and fixing one in the editor removes it.
 *
 * How the harness works (see test/e2e/harness/):
 * 1. dist/ is (re)built if stale; code-server is installed once into .vscode-test/code-server by
 *    ../shared/tools/install-code-server.sh (idempotent, 3–6 minutes the first time).
 * 2. The fixture workspace test/fixtures/e2e/problems is copied to a temp folder.
 * 3. code-server starts on a free 127.0.0.1 port, in its own process group, with throw-away user-data
 *    (settings that disable workspace trust, welcome page, tips, telemetry) and extensions folders; the
 *    extension is "installed" by copying package.json + dist/ to EXT/weft.weft-0.1.0 and listing it
 *    in EXT/extensions.json (harness/code-server.ts explains why).
 * 4. Debian's chromium (playwright-core) opens the workbench on the folder; the test clicks the file
 *    in the explorer, opens the Problems panel and reads its rows.
 * 5. On failure a screenshot, the page console, code-server's output and VS Code's logs (extension
 *    host, Weft output channel) go to test-results/. code-server's process group is killed at the end.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../browser/chromium';
import { ensureBuilt } from '../language-server/ensure-built';
import { isCodeServerInstalled, ROOT, startCodeServer, type CodeServer } from './harness/code-server';
import { editor, goTo, openFromExplorer, problemRows, saveFailureArtifacts, showProblems, waitForWorkbench } from './harness/workbench';

const FILE = 'pipeline.weft.yaml';
const JSON_FILE = 'orders.weft.json';

// Installing code-server on first use takes minutes; running the suite takes well under one.
describe('Problems panel in code-server', { timeout: (isCodeServerInstalled() ? 5 : 20) * 60_000 }, () => {
  let workspace: string;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  const consoleLines: string[] = [];

  /** Runs a step; on failure keeps a screenshot and the logs in test-results/ and rethrows. */
  async function step(name: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      const base = await saveFailureArtifacts(page, `e2e-problems-${name}`, {
        console: consoleLines.join('\n'),
        'code-server': server?.log() ?? '',
        vscode: server?.vscodeLogs() ?? '',
      });
      throw Object.assign(e as Error, { message: `${(e as Error).message}\n(artifacts: ${base}.*)` });
    }
  }

  /** Polls the Problems panel until `check` holds for its rows. */
  async function waitForProblems(check: (rows: string[]) => boolean, what: string, timeoutMs = 60_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    let rows: string[] = [];
    while (Date.now() < deadline) {
      rows = await problemRows(page!);
      if (check(rows)) return rows;
      await page!.waitForTimeout(250);
    }
    throw new Error(`Problems panel never showed ${what}; rows:\n${rows.join('\n---\n')}`);
  }

  before(async () => {
    ensureBuilt(['dist/server.js', 'dist/extension.js']);
    workspace = mkdtempSync(join(tmpdir(), 'weft-e2e-ws-'));
    cpSync(join(ROOT, 'test/fixtures/e2e/problems'), workspace, { recursive: true });
    server = await startCodeServer(workspace);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
    page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${String(e)}`));
    await step('startup', async () => {
      await page!.goto(server!.workbenchUrl);
      await waitForWorkbench(page!);
    });
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  it('shows the pipeline mistakes with their codes', async () => {
    await step('show', async () => {
      await openFromExplorer(page!, FILE);
      await showProblems(page!);
      const rows = await waitForProblems((r) => r.some((x) => x.includes("Unknown key 'nedds'")), "Unknown key 'nedds'");
      const nedds = rows.find((x) => x.includes("Unknown key 'nedds'"))!;
      assert.match(nedds, /\bweft unknown-key\b/, nedds);
      assert.match(nedds, /Ln 12, Col 5/, nedds);
      assert.ok(rows.some((x) => x.includes("Unknown task type 'pyhton'") && x.includes('weft invalid-value')), rows.join('\n---\n'));
      assert.ok(rows.some((x) => x.includes(FILE)), 'the file row is listed');
    });
  });

  it('drops the problem once the mistake is fixed in the editor', async () => {
    await step('fix', async () => {
      await goTo(page!, 12, 5);
      for (let i = 0; i < 5; i++) await page!.keyboard.press('Shift+ArrowRight');
      await page!.keyboard.type('needs');
      await assert.doesNotReject(editor(page!).locator('.view-line', { hasText: 'needs: [extract]' }).first().waitFor());
      // Intermediate versions ('n', 'ne', …) may be published while typing; wait for the final one.
      const rows = await waitForProblems(
        (r) => !r.some((x) => x.includes('unknown-key')) && r.some((x) => x.includes("'pyhton'")),
        "the unknown-key problem gone and 'pyhton' still there",
      );
      assert.equal(rows.filter((x) => x.includes(' weft ')).length, 1, rows.join('\n---\n'));
    });
  });

  it('checks .weft.json pipelines too (built-in json language id)', async () => {
    await step('json', async () => {
      await openFromExplorer(page!, JSON_FILE);
      await showProblems(page!);
      const rows = await waitForProblems((r) => r.some((x) => x.includes(JSON_FILE)) && r.some((x) => x.includes("Unknown key 'nedds' in 'tasks.store'")), `'nedds' in ${JSON_FILE}`);
      const row = rows.find((x) => x.includes("Unknown key 'nedds' in 'tasks.store'"))!;
      assert.match(row, /\bweft unknown-key\b/, row);
      assert.match(row, /Ln 7, Col 54/, row);
    });
  });
});
