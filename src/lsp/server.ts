import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CodeAction, Connection, InitializeParams, InitializeResult } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { PlanChoices } from '../run/plan.js';
import { CONFIG_NAMES } from '../config/resolve.js';
import { packageVersion } from '../core/package.js';
import { codeActionsFor, ruleDocsUrl, toLspDiagnostic } from './convert.js';
import { disablePlace, EditorLinter, kindOf, type DocKind } from './linter.js';

/**
 * `replylint lsp --stdio`: a Language Server Protocol server on Microsoft's
 * vscode-languageserver packages. Diagnostics as you type (debounced), quick fixes (the safe
 * fix, a disable comment), the nearest configuration file. The packages are required here, so
 * only this command loads them: a pre-send run never does.
 */
const require = createRequire(import.meta.url);

/** Quiet time after the last keystroke before a document is linted again. */
const DEFAULT_DEBOUNCE_MS = 250;

interface InitOptions {
  debounceMs?: number;
}

export function startLanguageServer(choices: PlanChoices): Connection {
  const lsp = require('vscode-languageserver/node') as typeof import('vscode-languageserver/node');
  const { TextDocument: Documents } =
    require('vscode-languageserver-textdocument') as typeof import('vscode-languageserver-textdocument');
  const connection = lsp.createConnection(lsp.ProposedFeatures.all, process.stdin, process.stdout);
  const documents = new lsp.TextDocuments(Documents);
  const timers = new Map<string, NodeJS.Timeout>();
  const linted = new Set<string>();
  let debounceMs = DEFAULT_DEBOUNCE_MS;
  let root = process.cwd();
  const shownErrors = new Set<string>();

  const pathOf = (uri: string): string | undefined => (uri.startsWith('file:') ? fileURLToPath(uri) : undefined);
  const openText = (path: string) => documents.get(pathToFileURL(path).href)?.getText();
  const linter = new EditorLinter(choices, openText);

  /** An unsaved buffer is linted with the configuration of the workspace folder. */
  const placeOf = (doc: TextDocument): { path: string; kind: DocKind } | undefined => {
    const path = pathOf(doc.uri);
    const kind = kindOf(path, doc.languageId);
    if (!kind) return undefined;
    return {
      path:
        path ??
        join(
          root,
          `untitled.${kind === 'collection' ? (doc.languageId === 'json' ? 'json' : 'yml') : kind === 'markdown' ? 'md' : 'txt'}`,
        ),
      kind,
    };
  };

  const lint = async (uri: string) => {
    const doc = documents.get(uri);
    const place = doc && placeOf(doc);
    if (!doc || !place) return;
    const { version } = doc;
    const outcome = await linter.lint(place.path, doc.getText());
    // The text changed while it was linted: the next lint (already scheduled) will publish.
    if (documents.get(uri)?.version !== version) return;
    if ('error' in outcome) {
      if (!shownErrors.has(outcome.error)) void connection.window.showErrorMessage(`replylint: ${outcome.error}`);
      shownErrors.add(outcome.error);
      const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      return connection.sendDiagnostics({
        uri,
        version,
        diagnostics: [
          { range, severity: 1, source: 'replylint', message: `replylint cannot lint this file: ${outcome.error}` },
        ],
      });
    }
    const files = new Map(outcome.rules.map((r) => [r.id, r.file]));
    const docsUrl = (id: string) => (files.has(id) ? ruleDocsUrl({ id, file: files.get(id)! }) : undefined);
    const warnings = outcome.warnings.map((w) => {
      const start = { line: w.line - 1, character: w.column - 1 };
      return {
        range: { start, end: start },
        severity: 2 as const,
        source: 'replylint',
        code: 'unknown-directive',
        message: w.message,
      };
    });
    await connection.sendDiagnostics({
      uri,
      version,
      diagnostics: [...outcome.diagnostics.map((d) => toLspDiagnostic(d, docsUrl)), ...warnings],
    });
  };

  const lintSafely = (uri: string) =>
    lint(uri).catch((error: unknown) =>
      connection.console.error(`replylint: ${uri}: ${(error as Error)?.stack ?? String(error)}`),
    );

  const schedule = (uri: string) => {
    clearTimeout(timers.get(uri));
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        void lintSafely(uri);
      }, debounceMs),
    );
  };

  const relintAll = () => {
    for (const doc of documents.all()) schedule(doc.uri);
  };

  const isConfigFile = (uri: string) => CONFIG_NAMES.includes(basename(pathOf(uri) ?? ''));

  let watchConfigs = false;
  connection.onInitialize((params: InitializeParams): InitializeResult => {
    watchConfigs = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const options = (params.initializationOptions ?? {}) as InitOptions;
    if (typeof options.debounceMs === 'number' && options.debounceMs >= 0) debounceMs = options.debounceMs;
    const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri;
    if (folder?.startsWith('file:')) root = fileURLToPath(folder);
    return {
      capabilities: {
        textDocumentSync: lsp.TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [lsp.CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'replylint', version: packageVersion() },
    };
  });

  // Configuration files edited outside the editor (a git pull) are read again, where the client can watch them.
  connection.onInitialized(() => {
    if (!watchConfigs) return;
    const watchers = [{ globPattern: `**/{${CONFIG_NAMES.join(',')}}` }];
    void connection.client.register(lsp.DidChangeWatchedFilesNotification.type, { watchers });
  });

  // A document is linted at once when it opens, then after a pause in typing.
  documents.onDidChangeContent(({ document }) => {
    if (isConfigFile(document.uri)) return;
    if (!linted.has(document.uri)) {
      linted.add(document.uri);
      void lintSafely(document.uri);
    } else {
      schedule(document.uri);
    }
    // A reply whose message (inReplyToFile) is being written is linted again too.
    const path = pathOf(document.uri);
    for (const other of documents.all()) {
      if (other.uri !== document.uri && path !== undefined && linter.messagePathFor(pathOf(other.uri)) === path)
        schedule(other.uri);
    }
  });
  documents.onDidClose(({ document }) => {
    clearTimeout(timers.get(document.uri));
    timers.delete(document.uri);
    linted.delete(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });
  documents.onDidSave(({ document }) => {
    if (!isConfigFile(document.uri)) return;
    linter.reset();
    shownErrors.clear();
    relintAll();
  });
  connection.onDidChangeWatchedFiles(({ changes }) => {
    if (!changes.some((c) => isConfigFile(c.uri))) return;
    linter.reset();
    shownErrors.clear();
    relintAll();
  });

  connection.onCodeAction(({ textDocument, context }): CodeAction[] => {
    const doc = documents.get(textDocument.uri);
    const place = doc && placeOf(doc);
    if (!doc || !place) return [];
    const text = doc.getText();
    return context.diagnostics.flatMap((d) =>
      codeActionsFor(doc, d, (offset) => disablePlace(text, place.kind, place.path, offset)),
    );
  });

  documents.listen(connection);
  connection.listen();
  return connection;
}
