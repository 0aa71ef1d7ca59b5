/**
 * The language server as a real process: spawns `node dist/server.js --stdio` and speaks LSP to it
 * over stdio with vscode-languageserver-protocol's client-side connection.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  DiagnosticSeverity,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Diagnostic,
} from 'vscode-languageserver/node';
import { validateText } from '../../core/validate/validate';
import { ensureBuilt, ROOT } from './ensure-built';

const GOOD = `apiVersion: weft/v1
kind: Pipeline
metadata: {name: demo}
tasks:
  extract:
    type: shell
    run: echo hi
  load:
    type: shell
    needs: [extract]
    run: echo done
`;
const BROKEN = GOOD.replace('needs:', 'nedds:');

interface Received extends PublishDiagnosticsParams {
  at: number;
}

class Client {
  readonly received: Received[] = [];
  private waiters: Array<() => void> = [];
  exit: string | undefined;
  private constructor(
    readonly proc: ChildProcess,
    readonly conn: ProtocolConnection,
    readonly stderr: string[],
  ) {
    conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.received.push({ ...p, at: Date.now() });
      for (const w of this.waiters.splice(0)) w();
    });
    proc.once('exit', (code, signal) => {
      this.exit = `server exited (code ${code}, signal ${signal})\nstderr: ${stderr.join('')}`;
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static start(): Client {
    const proc = spawn(process.execPath, [join(ROOT, 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const stderr: string[] = [];
    proc.stderr!.on('data', (b: Buffer) => stderr.push(b.toString()));
    const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    conn.listen();
    return new Client(proc, conn, stderr);
  }

  for(uri: string): Received[] {
    return this.received.filter((r) => r.uri === uri);
  }

  /** Waits until `count` publications for `uri` have arrived in total. */
  async waitFor(uri: string, count: number, timeoutMs = 5000): Promise<Received> {
    const deadline = Date.now() + timeoutMs;
    while (this.for(uri).length < count) {
      if (this.exit) throw new Error(this.exit);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for publication #${count} for ${uri}; got ${JSON.stringify(this.for(uri))}\nstderr: ${this.stderr.join('')}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.for(uri)[count - 1]!;
  }

  open(uri: string, text: string, version = 1, languageId = 'yaml'): void {
    void this.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
  }

  replace(uri: string, version: number, text: string): void {
    void this.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  close(uri: string): void {
    void this.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }
}

/** LSP 3.18 allows markup messages; the server sends plain strings. */
const text = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('language server over stdio', () => {
  let client: Client;
  let dir: string;
  let n = 0;
  const fresh = (ext = 'weft.yaml') => pathToFileURL(join(dir, `p${++n}.${ext}`)).href;

  before(async () => {
    ensureBuilt(['dist/server.js']);
    dir = mkdtempSync(join(tmpdir(), 'weft-ls-'));
    client = Client.start();
    const exited = new Promise<never>((_, reject) => client.proc.once('exit', () => reject(new Error(client.exit))));
    const init = await Promise.race([exited, client.conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(dir).href,
      capabilities: { textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true } } },
      workspaceFolders: null,
    })]);
    assert.equal(init.serverInfo?.name, 'weft-language-server');
    assert.ok(init.capabilities.textDocumentSync, 'announces text document sync');
    await client.conn.sendNotification(InitializedNotification.type, {});
  });

  after(async () => {
    if (client) {
      await client.conn.sendRequest(ShutdownRequest.type).catch(() => {});
      await client.conn.sendNotification(ExitNotification.type).catch(() => {});
      const exited = new Promise((r) => client.proc.once('exit', r));
      await Promise.race([exited, sleep(2000)]);
      if (client.proc.exitCode === null) client.proc.kill('SIGKILL');
      client.conn.dispose();
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('publishes a mistake on open with code, range, source, version and suggestions', async () => {
    const uri = fresh();
    client.open(uri, BROKEN, 1);
    const p = await client.waitFor(uri, 1);
    assert.equal(p.version, 1);
    const d = p.diagnostics.find((x) => x.code === 'unknown-key');
    assert.ok(d, `unknown-key in ${JSON.stringify(p.diagnostics)}`);
    assert.match(text(d), /Unknown key 'nedds'/);
    assert.equal(d.source, 'weft');
    assert.equal(d.severity, DiagnosticSeverity.Error);
    // `    nedds: [extract]` is line 9 (0-based), the key starts at column 4
    assert.deepEqual(d.range, { start: { line: 9, character: 4 }, end: { line: 9, character: 9 } });
    assert.deepEqual(d.data, { suggestions: ['needs'] });
    // exactly what core says for the same text
    const core = validateText('p.weft.yaml', BROKEN).diagnostics;
    assert.deepEqual(p.diagnostics.map((x) => x.code), core.map((x) => x.code));
    client.close(uri);
  });

  it('debounces quick edits and publishes only the latest version, then clears when fixed and closed', async () => {
    const uri = fresh();
    client.open(uri, BROKEN, 1);
    await client.waitFor(uri, 1);
    // five edits in one burst (well inside the 150 ms quiet period even on a loaded machine), each
    // a different mistake; a server without debouncing would publish all five
    const texts = ['pyhton', 'shel', 'bash', 'sh', 'pwsh'].map((t) => BROKEN.replace('type: shell\n    run: echo hi', `type: ${t}\n    run: echo hi`));
    texts.forEach((t, i) => client.replace(uri, i + 2, t));
    const last = texts.length + 1;
    const p = await client.waitFor(uri, 2);
    await sleep(500); // anything stale would show up by now
    const after = client.for(uri).slice(1);
    assert.deepEqual(after.map((r) => r.version), [last], 'one publication, for the latest version');
    assert.ok(p.diagnostics.some((d) => d.code === 'unknown-key'));
    assert.ok(p.diagnostics.some((d) => /'pwsh'/.test(text(d))), `latest text checked: ${JSON.stringify(p.diagnostics)}`);
    assert.ok(!p.diagnostics.some((d) => /'(pyhton|shel|bash|sh)'/.test(text(d))), 'no stale text checked');

    client.replace(uri, last + 1, GOOD);
    const fixed = await client.waitFor(uri, 3);
    assert.equal(fixed.version, last + 1);
    assert.deepEqual(fixed.diagnostics, []);

    client.close(uri);
    const closed = await client.waitFor(uri, 4);
    assert.deepEqual(closed.diagnostics, []);
  });

  it('never publishes a version older than one already published, under a stream of edits', async () => {
    const uri = fresh();
    client.open(uri, BROKEN, 1);
    await client.waitFor(uri, 1);
    // edits spaced around the debounce delay, so some fire and some are superseded
    const textOf = (v: number) => (v > 1 && v % 2 === 1 ? GOOD : BROKEN);
    let version = 1;
    for (const gap of [10, 200, 30, 180, 5, 260, 120, 160, 0, 300]) {
      version++;
      client.replace(uri, version, textOf(version));
      await sleep(gap);
    }
    const final = version;
    const deadline = Date.now() + 5000;
    while (client.for(uri).at(-1)?.version !== final && Date.now() < deadline) await sleep(50);
    await sleep(300);
    const versions = client.for(uri).map((r) => r.version!);
    assert.equal(versions.at(-1), final, `latest version published last: ${versions}`);
    for (let i = 1; i < versions.length; i++) assert.ok(versions[i]! > versions[i - 1]!, `versions strictly increase: ${versions}`);
    for (const r of client.for(uri)) {
      const expected = textOf(r.version!) === GOOD ? [] : ['unknown-key'];
      assert.deepEqual(r.diagnostics.map((d) => d.code), expected, `version ${r.version} published its own text's result`);
    }
    client.close(uri);
  });

  it('applies incremental changes', async () => {
    const uri = fresh();
    client.open(uri, GOOD, 1);
    const first = await client.waitFor(uri, 1);
    assert.deepEqual(first.diagnostics, []);
    // turn `needs` into `nedds` by replacing characters 5..7 of line 9 ("ee" → "ed")
    void client.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 9, character: 5 }, end: { line: 9, character: 7 } }, text: 'ed' }],
    });
    const p = await client.waitFor(uri, 2);
    assert.equal(p.version, 2);
    assert.deepEqual(p.diagnostics.map((d) => d.code), ['unknown-key']);
    assert.match(text(p.diagnostics[0]!), /'nedds'/);
    client.close(uri);
  });

  it('checks .weft.json files as JSON', async () => {
    const uri = fresh('weft.json');
    const json = JSON.stringify({ apiVersion: 'weft/v1', kind: 'Pipeline', metadata: { name: 'j' }, tasks: { a: { type: 'shell', run: 'x', nedds: [] } } }, null, 2);
    client.open(uri, json, 1, 'json');
    const p = await client.waitFor(uri, 1);
    assert.deepEqual(p.diagnostics.map((d) => d.code), ['unknown-key']);
    client.close(uri);
  });

  it('leaves files that are not Weft pipelines alone', async () => {
    const plain = fresh('yaml');
    client.open(plain, BROKEN, 1);
    const untitledPlain = 'untitled:Untitled-7';
    client.open(untitledPlain, 'just: yaml\n', 1);
    // an untitled buffer that declares the Weft apiVersion is checked
    const untitledWeft = 'untitled:Untitled-8';
    client.open(untitledWeft, BROKEN, 1);
    const p = await client.waitFor(untitledWeft, 1);
    assert.deepEqual(p.diagnostics.map((d) => d.code), ['unknown-key']);
    await sleep(400);
    assert.deepEqual(client.for(plain), []);
    assert.deepEqual(client.for(untitledPlain), []);
    for (const u of [plain, untitledPlain, untitledWeft]) client.close(u);
  });

  it('resolves relative paths against the document folder (file: URIs)', async () => {
    // The host hands core a fileExists; whatever rules use it, a pipeline naming an existing and a
    // missing script must not crash the server, and the result must equal core's with the same host.
    writeFileSync(join(dir, 'exists.py'), 'print(1)\n');
    const text = GOOD.replace('type: shell\n    run: echo hi', 'type: python\n    script: exists.py').replace('type: shell\n    needs: [extract]\n    run: echo done', 'type: python\n    needs: [extract]\n    script: missing.py');
    const uri = fresh();
    client.open(uri, text, 1);
    const p = await client.waitFor(uri, 1);
    const core = validateText('p.weft.yaml', text, { fileExists: (rel) => rel === 'exists.py' || rel === './exists.py' }).diagnostics;
    assert.deepEqual(p.diagnostics.map((d) => d.code), core.map((d) => d.code));
    client.close(uri);
  });
});
