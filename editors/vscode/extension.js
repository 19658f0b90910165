// A minimal VS Code client for `replylint lsp`: it starts the server over stdio and tells VS Code
// which documents it lints. Everything else (diagnostics, quick fixes, configuration) is the server's.
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function serverCommand() {
  const configured = vscode.workspace.getConfiguration('replylint').get('path');
  if (configured) return configured;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const local =
    folder && join(folder, 'node_modules', '.bin', process.platform === 'win32' ? 'replylint.cmd' : 'replylint');
  return local && existsSync(local) ? local : 'replylint';
}

exports.activate = async function activate(context) {
  const settings = vscode.workspace.getConfiguration('replylint');
  const server = { command: serverCommand(), args: ['lsp'], transport: TransportKind.stdio };
  const documentSelector = [
    { scheme: 'file', language: 'plaintext' },
    { scheme: 'untitled', language: 'plaintext' },
    { scheme: 'file', language: 'markdown' },
    ...settings.get('collections').map((pattern) => ({ scheme: 'file', pattern })),
  ];
  client = new LanguageClient('replylint', 'replylint', server, {
    documentSelector,
    initializationOptions: { debounceMs: settings.get('debounceMs') },
    // The server reads the configuration again when one of these changes.
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher(
        '**/{.replylintrc.yml,.replylintrc.yaml,.replylintrc.json,replylint.config.yml,package.json}',
      ),
    },
  });
  context.subscriptions.push(client);
  await client.start();
};

exports.deactivate = function deactivate() {
  return client?.stop();
};
