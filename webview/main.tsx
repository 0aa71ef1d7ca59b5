/**
 * The graph preview's entry point in the webview (bundled to dist/webview.js; plain DOM for now,
 * the .tsx name is kept for the React canvas to come). It draws whatever graph the host posts and
 * asks the host to reveal a task when one is clicked or activated with the keyboard.
 */
import './graph.css';
import { readGraphMessage, type GraphMessage, type PreviewMessage } from './messages';
import { renderGraph } from './render';

interface VsCodeApi {
  postMessage(message: PreviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') ?? document.body;

function show(message: GraphMessage | undefined): void {
  renderGraph(root, message ? message.graph : undefined, {
    title: message?.title,
    onReveal: (node) => vscode.postMessage({ type: 'reveal', id: node.id, line: node.line }),
  });
}

// A webview hidden and shown again reloads: draw the last graph at once, the host sends a fresh one.
const saved = readGraphMessage(vscode.getState());
show(saved);

window.addEventListener('message', (event: MessageEvent) => {
  const message = readGraphMessage(event.data);
  if (!message) return;
  vscode.setState(message);
  show(message);
});

vscode.postMessage({ type: 'ready' });
