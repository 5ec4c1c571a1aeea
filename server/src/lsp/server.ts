// The LSP adapter: wires the feature modules to one connection. Each feature looks up the document, takes the
// cached analysis, calls the core and converts; nothing more.
import { Connection, DidChangeConfigurationNotification, InitializeParams, InitializeResult, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver';
import { SplitDocument } from './document';
import { analyze, Analysis } from '../core';
import { codeActionsFeature } from './codeActions';
import { codeLensFeature } from './codeLens';
import { completionFeature } from './completion';
import type { Feature, ServerContext } from './context';
import { guardHandlers } from './guard';
import { diagnosticsFeature, publishDiagnostics } from './diagnostics';
import { hoverFeature } from './hover';
import { workspaceFeature } from './workspace';
import { SETTINGS_SECTION } from './protocol';
import { ServerSettings, settingsFrom } from './settings';

/** The features this server offers; each is one module. */
export const features: Feature[] = [diagnosticsFeature, codeActionsFeature, hoverFeature, codeLensFeature, completionFeature, workspaceFeature];

export function startServer(connection: Connection): ServerContext {
  // Open documents are kept as their `---` documents: a keystroke builds a few small strings, not a copy of the file.
  const documents = new TextDocuments(SplitDocument);
  const analyses = new Map<string, { version: number; analysis: Analysis }>();
  const settingsCache = new Map<string, Promise<ServerSettings>>();
  let pullConfiguration = false;
  let globalSettings: ServerSettings = settingsFrom(undefined);

  const pending = new Set<string>();
  let scheduled = false;

  const ctx: ServerContext = {
    connection,
    documents,
    clientCapabilities: {},
    workspaceFolders: [],
    log: (msg) => connection.console.log(msg),
    safely(name, fallback, fn) {
      try {
        return fn();
      } catch (e) {
        connection.console.error(`${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        return fallback;
      }
    },
    settingsFor(uri) {
      if (!pullConfiguration) return Promise.resolve(globalSettings);
      let s = settingsCache.get(uri);
      if (!s) {
        s = connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION }).then(settingsFrom, () => globalSettings);
        settingsCache.set(uri, s);
      }
      return s;
    },
    analysisOf(doc, settings) {
      const cached = analyses.get(doc.uri);
      if (cached && cached.version === doc.version && cached.analysis.options === settings.options) return cached.analysis;
      const analysis = analyze(doc.split, settings.options, cached?.analysis);
      analyses.set(doc.uri, { version: doc.version, analysis });
      return analysis;
    },
    republish(uris) {
      for (const u of uris ?? documents.keys()) pending.add(u);
      if (scheduled) return;
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        const list = [...pending];
        pending.clear();
        for (const u of list) void publishDiagnostics(ctx, u);
      });
    },
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    ctx.clientCapabilities = params.capabilities;
    ctx.workspaceFolders = (params.workspaceFolders ?? []).map((f) => f.uri);
    if (!ctx.workspaceFolders.length && params.rootUri) ctx.workspaceFolders = [params.rootUri];
    pullConfiguration = !!params.capabilities.workspace?.configuration;
    const init = params.initializationOptions as Record<string, unknown> | undefined;
    if (init?.settings) globalSettings = settingsFrom((init.settings as Record<string, unknown>)[SETTINGS_SECTION] ?? init.settings);
    const capabilities = Object.assign({ textDocumentSync: TextDocumentSyncKind.Incremental }, ...features.map((f) => f.capabilities?.(params.capabilities) ?? {}));
    return { capabilities, serverInfo: { name: 'k8s-network-lens' } };
  });

  connection.onInitialized(() => {
    if (pullConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }).catch(() => undefined);
    }
    ctx.log('Kubernetes Network Lens server ready');
    for (const f of features) ctx.safely(`${f.name} initialized`, undefined, () => f.initialized?.(ctx));
  });

  connection.onDidChangeConfiguration((change) => {
    settingsCache.clear();
    const raw = (change.settings as Record<string, unknown> | undefined)?.[SETTINGS_SECTION];
    if (raw !== undefined) globalSettings = settingsFrom(raw);
    for (const f of features) ctx.safely(`${f.name} configuration`, undefined, () => f.configurationChanged?.(ctx));
    ctx.republish();
  });

  documents.onDidClose((e) => {
    analyses.delete(e.document.uri);
    settingsCache.delete(e.document.uri);
  });

  // A handler that throws outside ctx.safely is still answered (empty) and logged, never with an error response.
  guardHandlers(connection, (msg) => connection.console.error(msg));
  for (const f of features) f.register(ctx);
  documents.listen(connection);
  connection.listen();
  return ctx;
}
