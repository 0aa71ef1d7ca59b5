/**
 * `weft/graph` and `weft/graphChanged`: the graph of a document, from core, over the real server
 * process (`node dist/server.js --stdio`), and the conversion itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver/node';
import { validateText } from '../../core/validate/validate';
import { graphOf } from '../../language-server/graph';
import { GRAPH_CHANGED_NOTIFICATION, GRAPH_REQUEST, type GraphChangedParams, type GraphResult } from '../../language-server/protocol';
import { ensureBuilt, ROOT } from './ensure-built';

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
  a:
    type: shell
    needs: [c]
    run: echo a
  b:
    type: shell
    needs: [a]
    run: echo b
  c:
    type: shell
    needs: [b]
    run: echo c
onFailure:
  notify:
    type: shell
    run: echo failed
finally:
  cleanup:
    type: shell
    run: echo clean
  record:
    type: shell
    needs: [cleanup]
    run: echo "\${{ tasks.cleanup.status }}"
  report:
    type: shell
    run: echo "\${{ tasks.record.status }}"
`;
/** The cycle broken (c no longer needs b) and one more task. */
const FIXED = SAMPLE.replace('    needs: [b]\n    run: echo c\n', '    run: echo c\n').replace('onFailure:', '  publish:\n    type: shell\n    needs: [load]\n    run: echo publish\nonFailure:');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('graphOf (core result → weft/graph)', () => {
  const g = graphOf(validateText('p.weft.yaml', SAMPLE), 7);

  it('lists tasks in document order with section, type, 0-based line and description', () => {
    assert.equal(g.version, 7);
    assert.deepEqual(
      g.nodes.map((n) => [n.id, n.section, n.type, n.line]),
      [
        ['extract', 'tasks', 'shell', 4],
        ['check', 'tasks', 'check', 9],
        ['load', 'tasks', 'shell', 12],
        ['a', 'tasks', 'shell', 16],
        ['b', 'tasks', 'shell', 20],
        ['c', 'tasks', 'shell', 24],
        ['notify', 'onFailure', 'shell', 29],
        ['cleanup', 'finally', 'shell', 33],
        ['record', 'finally', 'shell', 36],
        ['report', 'finally', 'shell', 40],
      ],
    );
    assert.equal(g.nodes[0]!.description, "Pull yesterday's rows.");
    assert.ok(!('description' in g.nodes[1]!));
  });

  it('has explicit and implied edges, in handler sections too, one per pair with needs preferred', () => {
    const edges = g.edges.map((e) => `${e.from}>${e.to}:${e.kind}`).sort();
    assert.deepEqual(edges, ['a>b:needs', 'b>c:needs', 'c>a:needs', 'check>load:needs', 'cleanup>record:needs', 'extract>check:expression', 'record>report:expression'].sort());
  });

  it('reports cycles and counts problems', () => {
    assert.deepEqual(g.cycles, [['a', 'b', 'c', 'a']]);
    assert.deepEqual(g.diagnostics, { errors: 1, warnings: 0 });
  });

  it('gives an empty graph for a file that does not parse into anything', () => {
    const empty = graphOf(validateText('p.weft.yaml', ''), 1);
    assert.deepEqual(empty, { version: 1, nodes: [], edges: [], cycles: [], diagnostics: { errors: 1, warnings: 0 } });
  });

  it('keeps the winning definition of a repeated id once', () => {
    const dup = graphOf(validateText('p.weft.yaml', 'apiVersion: weft/v1\nkind: Pipeline\nmetadata: {name: d}\ntasks:\n  x: {type: shell, run: a}\n  x: {type: python, script: b.py}\n'), 1);
    assert.deepEqual(dup.nodes.map((n) => [n.id, n.type, n.line]), [['x', 'python', 5]]);
  });
});

describe('weft/graph over stdio', () => {
  let proc: ChildProcess;
  let conn: ProtocolConnection;
  let dir: string;
  const stderr: string[] = [];
  const changed: GraphChangedParams[] = [];

  async function waitChanged(uri: string, version: number, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!changed.some((c) => c.uri === uri && c.version === version)) {
      if (proc.exitCode !== null) throw new Error(`server exited: ${stderr.join('')}`);
      if (Date.now() > deadline) throw new Error(`no weft/graphChanged for ${uri} v${version}; got ${JSON.stringify(changed)}`);
      await sleep(10);
    }
  }
  const graph = (uri: string) => conn.sendRequest<GraphResult | null>(GRAPH_REQUEST, { uri });
  const open = (uri: string, text: string, languageId = 'yaml') =>
    conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });

  before(async () => {
    ensureBuilt(['dist/server.js']);
    dir = mkdtempSync(join(tmpdir(), 'weft-graph-'));
    proc = spawn(process.execPath, [join(ROOT, 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    proc.stderr!.on('data', (b: Buffer) => stderr.push(b.toString()));
    conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    conn.onNotification(GRAPH_CHANGED_NOTIFICATION, (p: GraphChangedParams) => void changed.push(p));
    conn.listen();
    await conn.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {}, workspaceFolders: null });
    await conn.sendNotification(InitializedNotification.type, {});
  });

  after(async () => {
    if (conn) {
      await conn.sendRequest(ShutdownRequest.type).catch(() => {});
      await conn.sendNotification(ExitNotification.type).catch(() => {});
      await Promise.race([new Promise((r) => proc.once('exit', r)), sleep(2000)]);
      if (proc.exitCode === null) proc.kill('SIGKILL');
      conn.dispose();
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('announces a new graph after each check and answers with what core computes', async () => {
    const uri = pathToFileURL(join(dir, 'sample.weft.yaml')).href;
    await open(uri, SAMPLE);
    await waitChanged(uri, 1);
    const g = await graph(uri);
    assert.ok(g);
    assert.deepEqual(g, graphOf(validateText('sample.weft.yaml', SAMPLE), 1));
    assert.equal(g.nodes.length, 10);
    assert.ok(g.edges.some((e) => e.from === 'extract' && e.to === 'check' && e.kind === 'expression'), 'implied edge');
    assert.deepEqual(g.cycles, [['a', 'b', 'c', 'a']]);
    assert.deepEqual(g.diagnostics, { errors: 1, warnings: 0 });

    // an edit: the graph asked for at once is the new text's, before the debounced check has run
    await conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text: FIXED }] });
    const now = await graph(uri);
    assert.equal(now?.version, 2);
    assert.deepEqual(now?.cycles, []);
    assert.deepEqual(now?.diagnostics, { errors: 0, warnings: 0 });
    assert.ok(now?.nodes.some((n) => n.id === 'publish'));
    assert.ok(now?.edges.some((e) => e.from === 'load' && e.to === 'publish' && e.kind === 'needs'));
    await waitChanged(uri, 2);
    assert.deepEqual(await graph(uri), now);
    await conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  });

  it('draws .weft.json documents too', async () => {
    const uri = pathToFileURL(join(dir, 'j.weft.json')).href;
    const json = JSON.stringify({ apiVersion: 'weft/v1', kind: 'Pipeline', metadata: { name: 'j' }, tasks: { a: { type: 'shell', run: 'x' }, b: { type: 'shell', needs: ['a'], run: 'y' } } }, null, 2);
    await open(uri, json, 'json');
    const g = await graph(uri);
    assert.deepEqual(g?.nodes.map((n) => [n.id, n.line]), [['a', 7], ['b', 11]]);
    assert.deepEqual(g?.edges, [{ from: 'a', to: 'b', kind: 'needs' }]);
    await conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  });

  it('answers null for documents it does not have or that are not Weft pipelines', async () => {
    assert.equal(await graph(pathToFileURL(join(dir, 'never-opened.weft.yaml')).href), null);
    const plain = pathToFileURL(join(dir, 'plain.yaml')).href;
    await open(plain, 'just: yaml\n');
    assert.equal(await graph(plain), null);
    const closed = pathToFileURL(join(dir, 'closed.weft.yaml')).href;
    await open(closed, SAMPLE);
    assert.ok(await graph(closed));
    await conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: closed } });
    assert.equal(await graph(closed), null);
    assert.equal(await conn.sendRequest(GRAPH_REQUEST, {}), null);
  });
});
