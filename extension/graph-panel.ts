/**
 * "Weft: Show Pipeline Graph": one webview panel beside the editor that draws the task graph of the
 * active Weft document. The graph comes from the language server (`weft/graph`); the panel asks
 * again when the server says it re-checked the document (`weft/graphChanged`, sent after each
 * debounced check, so typing refreshes it) and when another Weft editor becomes active. Clicking a
 * task reveals its line in the text editor: the file stays the single source of truth and the
 * preview never edits it.
 */
import {
  Position,
  Range,
  Selection,
  TextEditorRevealType,
  Uri,
  ViewColumn,
  window,
  workspace,
  type Disposable,
  type ExtensionContext,
  type TextDocument,
  type WebviewPanel,
} from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { GRAPH_CHANGED_NOTIFICATION, GRAPH_REQUEST, type GraphChangedParams, type GraphParams, type GraphResult } from '../language-server/protocol';
import type { GraphMessage } from '../webview/messages';
import { graphHtml, makeNonce } from './graph-html';

export const SHOW_GRAPH_COMMAND = 'weft.showGraph';
const VIEW_TYPE = 'weft.graph';
const WEFT_FILE = /\.weft\.(ya?ml|json)$/i;
const WEFT_API_VERSION = /^\s*["']?apiVersion["']?\s*:\s*["']?weft\//m;

export function isWeftTextDocument(doc: TextDocument): boolean {
  if (WEFT_FILE.test(doc.uri.path)) return doc.uri.scheme === 'file' || doc.uri.scheme === 'untitled';
  return doc.uri.scheme === 'untitled' && WEFT_API_VERSION.test(doc.getText());
}

export class GraphPreview implements Disposable {
  private panel: WebviewPanel | undefined;
  /** The document the panel shows. */
  private uri: Uri | undefined;
  /** The editor column the document was in, to reveal lines there. */
  private column: ViewColumn | undefined;
  /** The graph last posted, to find a revealed task's line. */
  private graph: GraphResult | null = null;
  /** Only the newest request's answer is posted. */
  private seq = 0;
  private readonly disposables: Disposable[] = [];

  constructor(
    private readonly context: ExtensionContext,
    private readonly client: LanguageClient,
    private readonly log: (message: string) => void,
  ) {
    this.disposables.push(
      client.onNotification(GRAPH_CHANGED_NOTIFICATION, (p: GraphChangedParams) => {
        if (this.panel && this.uri && p?.uri === this.protocolUri(this.uri)) void this.refresh();
      }),
      window.onDidChangeActiveTextEditor((editor) => {
        if (!this.panel || !editor || !isWeftTextDocument(editor.document)) return;
        this.column = editor.viewColumn;
        if (editor.document.uri.toString() === this.uri?.toString()) return;
        this.follow(editor.document.uri);
      }),
      workspace.onDidCloseTextDocument((doc) => {
        if (!this.panel || doc.uri.toString() !== this.uri?.toString()) return;
        this.seq++;
        this.post(null);
      }),
    );
  }

  /** The command: show the graph of `resource` (editor title button) or of the active editor. */
  async show(resource?: Uri): Promise<void> {
    const editor = window.activeTextEditor;
    const doc = resource instanceof Uri ? await workspace.openTextDocument(resource) : editor?.document;
    if (!doc || !isWeftTextDocument(doc)) {
      void window.showInformationMessage('Open a Weft pipeline (*.weft.yaml, *.weft.yml or *.weft.json) to see its graph.');
      return;
    }
    const visible = window.visibleTextEditors.find((e) => e.document.uri.toString() === doc.uri.toString());
    this.column = visible?.viewColumn ?? editor?.viewColumn ?? ViewColumn.One;
    if (this.panel) this.panel.reveal(ViewColumn.Beside, true);
    else this.panel = this.createPanel();
    this.follow(doc.uri);
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private createPanel(): WebviewPanel {
    const dist = Uri.joinPath(this.context.extensionUri, 'dist');
    const panel = window.createWebviewPanel(
      VIEW_TYPE,
      'Weft graph',
      { viewColumn: ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [dist] },
    );
    const { webview } = panel;
    webview.html = graphHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: webview.asWebviewUri(Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(Uri.joinPath(dist, 'webview.css')).toString(),
    });
    const subscriptions = [
      webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)),
      panel.onDidDispose(() => {
        if (this.panel === panel) {
          this.panel = undefined;
          this.graph = null;
        }
        for (const d of subscriptions) d.dispose();
      }),
    ];
    return panel;
  }

  private follow(uri: Uri): void {
    this.uri = uri;
    this.graph = null;
    if (this.panel) this.panel.title = `Graph: ${baseName(uri)}`;
    void this.refresh();
  }

  private onMessage(m: unknown): void {
    if (typeof m !== 'object' || m === null) return;
    const msg = m as { type?: unknown; id?: unknown; line?: unknown };
    // The page (re)loaded, e.g. after the panel was hidden: send it the current graph.
    if (msg.type === 'ready') void this.refresh();
    else if (msg.type === 'reveal' && typeof msg.id === 'string' && Number.isInteger(msg.line)) void this.reveal(msg.id, msg.line as number);
  }

  private async refresh(): Promise<void> {
    const panel = this.panel;
    const uri = this.uri;
    if (!panel || !uri) return;
    const seq = ++this.seq;
    let graph: GraphResult | null;
    try {
      graph = await this.client.sendRequest<GraphResult | null>(GRAPH_REQUEST, { uri: this.protocolUri(uri) } satisfies GraphParams);
    } catch (e) {
      this.log(`weft/graph for ${uri.toString()} failed: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    if (seq !== this.seq || panel !== this.panel || uri !== this.uri) return; // a newer request is under way
    this.post(graph);
  }

  private post(graph: GraphResult | null): void {
    this.graph = graph;
    const message: GraphMessage = { type: 'graph', graph, title: this.uri ? baseName(this.uri) : undefined };
    void this.panel?.webview.postMessage(message);
  }

  /** Reveals a task's key in the text editor (the line the server reported for that id, if known). */
  private async reveal(id: string, line: number): Promise<void> {
    const uri = this.uri;
    if (!uri) return;
    const target = this.graph?.nodes.find((n) => n.id === id)?.line ?? line;
    const doc = await workspace.openTextDocument(uri);
    if (target < 0 || target >= doc.lineCount) return;
    const editor = await window.showTextDocument(doc, { viewColumn: this.column ?? ViewColumn.One, preserveFocus: false });
    const text = doc.lineAt(target).text;
    const indent = doc.lineAt(target).firstNonWhitespaceCharacterIndex;
    // Select the key itself (`extract:` or `"extract": …`) when it is there, else put the cursor at the line's start.
    const at = text.startsWith(id, indent) ? indent : text.startsWith(id, indent + 1) ? indent + 1 : -1;
    const start = new Position(target, at >= 0 ? at : indent);
    const end = at >= 0 ? new Position(target, at + id.length) : start;
    editor.selection = new Selection(start, end);
    editor.revealRange(new Range(start, end), TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private protocolUri(uri: Uri): string {
    return this.client.code2ProtocolConverter.asUri(uri);
  }
}

function baseName(uri: Uri): string {
  const path = uri.path;
  return path.slice(path.lastIndexOf('/') + 1) || uri.toString();
}
