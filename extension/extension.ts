/**
 * Weft extension entry point: starts the Weft language server (dist/server.js) over IPC for Weft
 * pipeline files and logs to the "Weft" output channel. Weft files keep VS Code's built-in `yaml` and
 * `json` language ids, so highlighting and the `yamlValidation`/`jsonValidation` schema
 * contributions still apply; the document selector narrows the client to `*.weft.*` files.
 *
 * Workspace trust: checking a pipeline never runs it, so the language server starts in untrusted
 * workspaces too (package.json declares `untrustedWorkspaces: limited`); commands that run
 * pipelines must check `workspace.isTrusted`.
 *
 * Commands: `weft.showGraph` opens the graph preview (./graph-panel.ts).
 */
import { commands, workspace, window, type ExtensionContext, type Uri } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { GraphPreview, SHOW_GRAPH_COMMAND } from './graph-panel';

let client: LanguageClient | undefined;

const YAML_PATTERN = '**/*.weft.{yaml,yml}';
const JSON_PATTERN = '**/*.weft.json';

export async function activate(context: ExtensionContext): Promise<void> {
  const output = window.createOutputChannel('Weft', { log: true });
  context.subscriptions.push(output);
  output.info(`Weft activating (workspace ${workspace.isTrusted ? 'trusted' : 'untrusted'})`);

  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml', pattern: YAML_PATTERN },
      { scheme: 'file', language: 'json', pattern: JSON_PATTERN },
      // Unsaved buffers: the server checks them once they declare `apiVersion: weft/…`.
      { scheme: 'untitled', language: 'yaml' },
      { scheme: 'untitled', language: 'json' },
    ],
    outputChannel: output,
    // Creating or deleting a file can change whether a pipeline's paths resolve.
    synchronize: { fileEvents: workspace.createFileSystemWatcher('**/*', false, true, false) },
  };

  client = new LanguageClient('weft', 'Weft', serverOptions, clientOptions);
  context.subscriptions.push(workspace.onDidGrantWorkspaceTrust(() => output.info('Workspace trusted')));
  const preview = new GraphPreview(context, client, (message) => output.warn(message));
  context.subscriptions.push(preview, commands.registerCommand(SHOW_GRAPH_COMMAND, (resource?: Uri) => preview.show(resource)));
  await client.start();
  output.info('Weft language server started');
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  await c?.stop();
}
