// What every LSP feature module gets: the connection, the open documents, settings and cached analyses.
// A feature is a module exporting a `Feature`; server.ts lists them. Adding a feature touches no other feature.
import type { ClientCapabilities, Connection, ServerCapabilities, TextDocuments } from 'vscode-languageserver';
import type { SplitDocument } from './document';
import type { Analysis } from '../core';
import type { ServerSettings } from './settings';

export interface ServerContext {
  readonly connection: Connection;
  readonly documents: TextDocuments<SplitDocument>;
  /** Set once `initialize` has been answered. */
  clientCapabilities: ClientCapabilities;
  /** Workspace folder URIs from `initialize` (possibly none, for a single file). */
  workspaceFolders: string[];
  settingsFor(uri: string): Promise<ServerSettings>;
  /** The analysis of the document's current text, reusing unchanged `---` documents of the previous one. */
  analysisOf(doc: SplitDocument, settings: ServerSettings): Analysis;
  /** Re-computes and pushes the diagnostics of these open documents (all open ones when omitted) soon. */
  republish(uris?: Iterable<string>): void;
  /** Runs `fn`, logging and returning `fallback` if it throws: one broken request never takes the server down. */
  safely<T>(name: string, fallback: T, fn: () => T): T;
  log(message: string): void;
}

export interface Feature {
  readonly name: string;
  capabilities?(client: ClientCapabilities): Partial<ServerCapabilities>;
  register(ctx: ServerContext): void;
  /** After the client's `initialized`: dynamic registrations, background work (the workspace scan). */
  initialized?(ctx: ServerContext): void;
  /** After `workspace/didChangeConfiguration` (settings caches are already cleared). */
  configurationChanged?(ctx: ServerContext): void;
}
