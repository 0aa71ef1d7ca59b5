/**
 * Driving the VS Code web workbench (code-server) with Playwright: wait until it is ready, open a
 * file from the explorer, run a command from the palette, read the Problems panel.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { ROOT } from './code-server';

export const isMac = process.platform === 'darwin';
const mod = isMac ? 'Meta' : 'Control';

export async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
  // the explorer has loaded the folder once it shows at least one row
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 90_000 });
}

/** Opens a file by clicking its row in the explorer (top-level names or expanded folders only). */
export async function openFromExplorer(page: Page, name: string): Promise<void> {
  const row = page.locator('.explorer-folders-view .monaco-list-row', { has: page.locator('.label-name', { hasText: name }) }).first();
  await row.click();
  await page.locator(`.tabs-container .tab[aria-label*="${name}"]`).first().waitFor({ timeout: 30_000 });
  await editor(page).waitFor();
}

export function editor(page: Page): Locator {
  return page.locator('.editor-group-container.active .monaco-editor').first();
}

/** Runs a command by its palette title, e.g. "View: Show Problems". */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  const item = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await item.waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

export async function showProblems(page: Page): Promise<Locator> {
  const panel = page.locator('.markers-panel');
  await page.keyboard.press(`${mod}+Shift+KeyM`);
  try {
    await panel.waitFor({ state: 'visible', timeout: 5000 });
  } catch {
    await runCommand(page, 'View: Show Problems'); // workbench.actions.view.problems
    await panel.waitFor({ state: 'visible' });
  }
  return panel;
}

/**
 * Text of every row of the Problems panel (file rows and marker rows), whitespace collapsed: a marker
 * row reads like "Unknown key 'nedds' … weft unknown-key [Ln 12, Col 5]".
 */
export async function problemRows(page: Page): Promise<string[]> {
  const rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
  return rows.map((r) => r.replace(/\s+/g, ' ').trim());
}

/** Moves the editor cursor with "Go to Line/Column" (1-based line and column). */
export async function goTo(page: Page, line: number, column: number): Promise<void> {
  await editor(page).click();
  await page.keyboard.press(`${mod}+KeyG`);
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Saves a screenshot and whatever logs are given into test-results/<name>*. */
export async function saveFailureArtifacts(page: Page | undefined, name: string, logs: Record<string, string>): Promise<string> {
  const dir = join(ROOT, 'test-results');
  mkdirSync(dir, { recursive: true });
  const base = join(dir, name.replace(/[^\w.-]+/g, '-'));
  if (page) await page.screenshot({ path: `${base}.png`, fullPage: true }).catch(() => {});
  for (const [suffix, text] of Object.entries(logs)) writeFileSync(`${base}.${suffix}.log`, text);
  return base;
}
