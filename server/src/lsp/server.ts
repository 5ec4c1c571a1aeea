// The LSP adapter: keeps one analysis per open document, pushes diagnostics, answers requests.
// Every handler looks up the document, takes the cached analysis, calls the core and converts; nothing more.
import {
  CodeActionKind,
  Connection,
  DidChangeConfigurationNotification,
  InitializeParams,
  InitializeResult,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, Analysis } from '../core';
import { quickFixes, toDiagnostic } from './convert';
import { SETTINGS_SECTION } from './protocol';
import { ServerSettings, settingsFrom } from './settings';

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const analyses = new Map<string, { version: number; analysis: Analysis }>();
  const settingsCache = new Map<string, Promise<ServerSettings>>();
  let pullConfiguration = false;
  let globalSettings: ServerSettings = settingsFrom(undefined);

  const log = (msg: string) => connection.console.log(msg);

  function safely<T>(name: string, fallback: T, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      connection.console.error(`${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return fallback;
    }
  }

  function settingsFor(uri: string): Promise<ServerSettings> {
    if (!pullConfiguration) return Promise.resolve(globalSettings);
    let s = settingsCache.get(uri);
    if (!s) {
      s = connection.workspace
        .getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION })
        .then(settingsFrom, () => globalSettings);
      settingsCache.set(uri, s);
    }
    return s;
  }

  /** The analysis of the document's current version, reusing unchanged `---` documents of the previous one. */
  function analysisOf(doc: TextDocument, settings: ServerSettings): Analysis {
    const cached = analyses.get(doc.uri);
    if (cached && cached.version === doc.version && cached.analysis.options === settings.options) return cached.analysis;
    const analysis = analyze(doc.getText(), settings.options, cached?.analysis);
    analyses.set(doc.uri, { version: doc.version, analysis });
    return analysis;
  }

  // Diagnostics are computed as soon as the event loop is free: a burst of changes coalesces into one analysis
  // of the newest text, with no fixed delay for the user to wait through.
  const pending = new Set<string>();
  let scheduled = false;
  function schedule(uri: string): void {
    pending.add(uri);
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      const uris = [...pending];
      pending.clear();
      for (const u of uris) void publish(u);
    });
  }

  async function publish(uri: string): Promise<void> {
    const doc = documents.get(uri);
    if (!doc) return;
    const settings = await settingsFor(uri);
    const current = documents.get(uri);
    if (!current || current.version !== doc.version) return; // a newer change is scheduled already
    const diagnostics = safely('diagnostics', [], () => {
      if (!settings.enable) return [];
      const analysis = analysisOf(current, settings);
      return analysis.problems.map((p) => toDiagnostic(current, p));
    });
    await connection.sendDiagnostics({ uri, version: current.version, diagnostics });
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    pullConfiguration = !!params.capabilities.workspace?.configuration;
    const init = params.initializationOptions as Record<string, unknown> | undefined;
    if (init?.settings) globalSettings = settingsFrom(init.settings);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'k8s-network-lens' },
    };
  });

  connection.onInitialized(() => {
    if (pullConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }).catch(() => undefined);
    }
    log('Kubernetes Network Lens server ready');
  });

  connection.onDidChangeConfiguration((change) => {
    settingsCache.clear();
    const raw = (change.settings as Record<string, unknown> | undefined)?.[SETTINGS_SECTION];
    if (raw !== undefined) globalSettings = settingsFrom(raw);
    for (const doc of documents.all()) schedule(doc.uri);
  });

  documents.onDidOpen((e) => schedule(e.document.uri));
  documents.onDidChangeContent((e) => schedule(e.document.uri));
  documents.onDidClose((e) => {
    analyses.delete(e.document.uri);
    settingsCache.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onCodeAction((params) =>
    safely('codeAction', [], () => quickFixes(params.textDocument.uri, params.context.diagnostics)),
  );

  documents.listen(connection);
  connection.listen();
}
