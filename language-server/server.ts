/**
 * Weft language server: a thin LSP host over core. It keeps the open documents in sync, checks each
 * Weft document with core's validateText (debounced per document) and publishes the diagnostics,
 * tagged with the document version they were computed for. It also answers `weft/graph` (the task
 * graph a preview draws, see ./graph.ts) and sends `weft/graphChanged` after each publication.
 *
 * Transport is chosen by vscode-languageserver from argv (`--stdio`, `--node-ipc`, `--socket=N`);
 * the extension uses IPC, tests use stdio.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { nodeHost } from '../runtime/fs/host';
import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { validateText, type ValidateHost, type ValidationResult } from '../core/validate/validate';
import { Debouncer } from './debounce';
import { fileNameOf, isWeftDocument, toLspDiagnostic } from './diagnostics';
import { graphOf } from './graph';
import { GRAPH_CHANGED_NOTIFICATION, GRAPH_REQUEST, type GraphChangedParams, type GraphParams, type GraphResult } from './protocol';

/** Quiet period after the last keystroke before a document is checked again. */
const DEBOUNCE_MS = 150;

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const debouncer = new Debouncer(DEBOUNCE_MS, (uri, e) => connection.console.error(`weft: checking ${uri} failed: ${errorText(e)}`));
/** Documents we have published diagnostics for, so closing one knows to clear them. */
const published = new Set<string>();
/** Documents just opened: their first check runs at once instead of after the quiet period. */
const justOpened = new Set<string>();
/** The last check of each document, so a graph request for the same version reuses it. */
const checks = new Map<string, { version: number; result: ValidationResult }>();

connection.onInitialize(
  (): InitializeResult => ({
    capabilities: { textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental } },
    serverInfo: { name: 'weft-language-server', version: '0.1.0' },
  }),
);

// TextDocuments fires onDidOpen and then onDidChangeContent for an opened document.
documents.onDidOpen((e) => justOpened.add(e.document.uri));
documents.onDidChangeContent((e) => {
  const opened = justOpened.delete(e.document.uri);
  schedule(e.document, opened ? 0 : DEBOUNCE_MS);
});
documents.onDidClose((e) => {
  justOpened.delete(e.document.uri);
  debouncer.cancel(e.document.uri);
  checks.delete(e.document.uri);
  clear(e.document.uri);
});
// A file appearing or disappearing can change what a pipeline's paths resolve to.
connection.onDidChangeWatchedFiles(() => {
  checks.clear();
  for (const doc of documents.all()) schedule(doc, DEBOUNCE_MS);
});
connection.onShutdown(() => debouncer.dispose());
// The graph of the document's current text (computed now if the debounced check has not run yet).
connection.onRequest(GRAPH_REQUEST, (params: GraphParams): GraphResult | null => {
  const doc = typeof params?.uri === 'string' ? documents.get(params.uri) : undefined;
  if (!doc || !isWeftDocument(doc.uri, doc.getText())) return null;
  return graphOf(check(doc), doc.version);
});

function schedule(doc: TextDocument, delayMs: number): void {
  const uri = doc.uri;
  debouncer.schedule(
    uri,
    async (token) => {
      const latest = documents.get(uri);
      if (!latest || token.isCancelled) return;
      if (!isWeftDocument(uri, latest.getText())) return clear(uri);
      const version = latest.version;
      const result = check(latest);
      const diagnostics = result.diagnostics.map((d) => toLspDiagnostic(d, result.document.lines, uri));
      // Never publish results for a version older than the newest one we know of.
      if (token.isCancelled || documents.get(uri)?.version !== version) return;
      published.add(uri);
      await connection.sendDiagnostics({ uri, version, diagnostics });
      await connection.sendNotification(GRAPH_CHANGED_NOTIFICATION, { uri, version } satisfies GraphChangedParams);
    },
    delayMs,
  );
}

function check(doc: TextDocument): ValidationResult {
  const cached = checks.get(doc.uri);
  if (cached && cached.version === doc.version) return cached.result;
  const result = validateText(fileNameOf(doc.uri, doc.languageId), doc.getText(), hostFor(doc.uri));
  checks.set(doc.uri, { version: doc.version, result });
  return result;
}

function clear(uri: string): void {
  if (!published.delete(uri)) return;
  void connection.sendDiagnostics({ uri, diagnostics: [] });
}

/**
 * Paths in a pipeline are relative to its folder; only documents on disk can resolve them. A file
 * open in the editor is read as it stands there (a sub-pipeline being edited beside its caller).
 */
function hostFor(uri: string): ValidateHost {
  if (!uri.startsWith('file:')) return {};
  return nodeHost(fileURLToPath(uri), (path) => documents.get(pathToFileURL(path).href)?.getText());
}

function errorText(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

documents.listen(connection);
connection.listen();
