/**
 * code-server (VS Code 1.100 for the browser) as a test fixture.
 *
 * - Installation: `../shared/tools/install-code-server.sh .vscode-test/code-server` (relative to the
 *   repo root; CI clones the repo with ../shared beside it). The script is idempotent: it returns at
 *   once when `.vscode-test/code-server/.installed-<version>` exists.
 * - Each start gets fresh, throw-away folders: user data (settings that silence the trust prompt,
 *   welcome page, tips, telemetry, update checks), extensions, and code-server's own config file (so
 *   ~/.config/code-server is never read or written).
 * - Loading the extension: the extensions folder gets a copy of the extension laid out as VS Code
 *   installs one — `EXT/weft.weft-0.1.0/` (publisher.name-version) with package.json and dist/ —
 *   plus the `extensions.json` manifest that VS Code ≥1.74 keeps in an extensions folder to list the
 *   installed extensions, as `--install-extension` would write it. (Tried: 1.100 also loads the
 *   folder without the manifest, by scanning the directory; the manifest keeps it explicit.) A copy,
 *   not a symlink, so the code under test is exactly the dist/ built before the run. No VSIX needed.
 * - code-server runs detached in its own process group; stop() kills the whole group (the
 *   extension host and our language server are its children), and a process 'exit' hook does the
 *   same if the test process dies first.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const CODE_SERVER_VERSION = '4.100.3';
export const CODE_SERVER_DIR = join(ROOT, '.vscode-test/code-server');
const ENTRY = join(CODE_SERVER_DIR, 'node_modules/code-server/out/node/entry.js');

export function isCodeServerInstalled(): boolean {
  return existsSync(join(CODE_SERVER_DIR, `.installed-${CODE_SERVER_VERSION}`)) && existsSync(ENTRY);
}

/** Installs code-server with the shared script unless it is already there (3–6 minutes the first time). */
export function ensureCodeServer(): void {
  if (isCodeServerInstalled()) return;
  const script = join(ROOT, '../shared/tools/install-code-server.sh');
  if (!existsSync(script)) throw new Error(`code-server is not installed and ${script} is missing (expected ../shared beside the repo)`);
  execFileSync('bash', ['../shared/tools/install-code-server.sh', '.vscode-test/code-server'], { cwd: ROOT, stdio: 'inherit', timeout: 15 * 60_000 });
}

export const USER_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'security.workspace.trust.startupPrompt': 'never',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.commandCenter.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'files.autoSave': 'off',
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.autoIndent': 'none',
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
  'editor.acceptSuggestionOnEnter': 'off',
  'editor.minimap.enabled': false,
  'window.restoreWindows': 'none',
};

export interface CodeServer {
  url: string;
  port: number;
  workspace: string;
  userDataDir: string;
  /** URL that opens the workbench on the workspace folder. */
  workbenchUrl: string;
  /** code-server's stdout and stderr so far. */
  log(): string;
  /** Extension host and other VS Code logs (for failure reports). */
  vscodeLogs(): string;
  stop(): Promise<void>;
}

/** Copies the built extension into an extensions folder the way an install would lay it out. */
export function installExtension(extensionsDir: string): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  const id = `${pkg.publisher}.${pkg.name}`;
  const folder = `${id}-${pkg.version}`;
  const target = join(extensionsDir, folder);
  mkdirSync(target, { recursive: true });
  if (!existsSync(join(ROOT, 'dist/extension.js')) || !existsSync(join(ROOT, 'dist/server.js'))) throw new Error('dist/ is not built: run npm run build');
  cpSync(join(ROOT, 'package.json'), join(target, 'package.json'));
  cpSync(join(ROOT, 'dist'), join(target, 'dist'), { recursive: true });
  const manifest = [
    {
      identifier: { id },
      version: pkg.version,
      location: { $mid: 1, path: target, scheme: 'file' },
      relativeLocation: folder,
      metadata: { installedTimestamp: Date.now(), source: 'vsix', pinned: true },
    },
  ];
  writeFileSync(join(extensionsDir, 'extensions.json'), JSON.stringify(manifest));
  return target;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function killGroup(proc: ChildProcess, signal: NodeJS.Signals): void {
  if (proc.pid === undefined) return;
  try {
    process.kill(-proc.pid, signal);
  } catch {
    /* already gone */
  }
}

export async function startCodeServer(workspace: string, opts: { settings?: Record<string, unknown> } = {}): Promise<CodeServer> {
  ensureCodeServer();
  const base = mkdtempSync(join(tmpdir(), 'weft-e2e-cs-'));
  const userDataDir = join(base, 'user-data');
  const extensionsDir = join(base, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User/settings.json'), JSON.stringify({ ...USER_SETTINGS, ...opts.settings }, null, 2));
  installExtension(extensionsDir);
  const config = join(base, 'config.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');

  const port = await freePort();
  const args = [
    ENTRY,
    '--config', config,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    workspace,
  ];
  const chunks: string[] = [];
  const proc = spawn(process.execPath, args, {
    cwd: base,
    detached: true, // own process group, so stop() can take the extension host and language server with it
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '', VSCODE_IPC_HOOK_CLI: '' },
  });
  proc.stdout!.on('data', (b: Buffer) => chunks.push(b.toString()));
  proc.stderr!.on('data', (b: Buffer) => chunks.push(b.toString()));
  const onExit = () => killGroup(proc, 'SIGKILL');
  process.once('exit', onExit);

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`code-server exited with ${proc.exitCode}:\n${chunks.join('')}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      killGroup(proc, 'SIGKILL');
      throw new Error(`code-server did not start within 60 s:\n${chunks.join('')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  let stopped = false;
  return {
    url,
    port,
    workspace,
    userDataDir,
    workbenchUrl: `${url}/?folder=${encodeURIComponent(workspace)}`,
    log: () => chunks.join(''),
    vscodeLogs: () => collectLogs(join(userDataDir, 'logs')),
    async stop() {
      if (stopped) return;
      stopped = true;
      const exited = proc.exitCode !== null ? Promise.resolve() : new Promise<void>((r) => proc.once('exit', () => r()));
      killGroup(proc, 'SIGTERM');
      const timer = setTimeout(() => killGroup(proc, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      killGroup(proc, 'SIGKILL'); // stragglers in the group (extension host, language server)
      process.removeListener('exit', onExit);
      rmSync(base, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

function collectLogs(dir: string): string {
  if (!existsSync(dir)) return '';
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.log')) out.push(`----- ${p.slice(dir.length + 1)}\n${readFileSync(p, 'utf8')}`);
    }
  };
  walk(dir);
  return out.join('\n');
}

