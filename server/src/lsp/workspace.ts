// The workspace model in the server: indexes every *.yaml/*.yml/*.json of the workspace folders in the background and
// adds the cross-file diagnostics (core/workspace) to each open document.
//
// - The scan reads files asynchronously and summarises them in slices of a few milliseconds (a big file too, one
//   `---` document at a time), yielding to the event loop between slices, so the diagnostics of open files are never
//   held up by a big workspace.
//   Cross-file diagnostics are published once the scan is complete (before, "matches nothing" would be a guess).
// - `files.exclude` (section "files") and `k8sNetworkLens.ignore` are VS Code globs relative to the folder;
//   node_modules and .git are never read. Excluded, closed and deleted files are dropped from the index.
// - An open document overrides the file on disk; on close the disk version comes back.
// - workspace/didChangeWatchedFiles (the client watches **/*.{yaml,yml,json}) keeps the index current.
// - A JSON file counts when it is a manifest (an object with apiVersion and kind, a List too); the core finds nothing
//   in any other (package.json, tsconfig.json), after a quick look for the two keys.
// - When what other files see of a document changes (labels, selectors, ports), the other open documents are
//   re-published: editing a Deployment's labels updates the Service diagnostics in another open file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FileChangeType } from 'vscode-languageserver';
import { checkWorkspaceFile, FileChecks, globMatcher, ownProblems, summarizeAnalysis, summarizeTextSteps, WorkspaceIndex, WorkspaceView } from '../core';
import type { AnalysisOptions } from '../core';
import type { Feature, ServerContext } from './context';
import { toDiagnostic } from './convert';
import { diagnosticSources } from './diagnostics';

const MANIFEST_FILE = /\.(ya?ml|json)$/i;
const NEVER_READ = new Set(['node_modules', '.git']);
/** How long one slice of summarising may hold the event loop. */
const SLICE_MS = 8;
/** The initial scan waits until the editor has sent its open documents: this long without a new one. */
const QUIET_MS = 100;

interface Folder {
  uri: string;
  path: string;
  excluded: (relativePath: string) => boolean;
  /** Files larger than this are not indexed (k8sNetworkLens.maxFileSizeMB of the folder). */
  maxFileSize: number;
  /** What the folder's file set depends on (uri, globs, size limit), to skip a rescan when a setting change leaves it alone. */
  config: string;
}

interface State {
  readonly index: WorkspaceIndex;
  /** Keys of the open documents: their text, not the disk's, is in the index. */
  readonly open: Map<string, string>;
  /** Per open document, its cross-file problems kept between keystrokes: an edit re-runs only the checks it can affect. */
  readonly checks: Map<string, FileChecks>;
  folders: Folder[];
  /** The initial scan is complete: cross-file diagnostics may be published. */
  ready: boolean;
  /** Bumped by every (re)scan; an older scan stops when it sees a newer one. */
  generation: number;
  /** A scan is under way (it may have been superseded by a newer one, which then owns this flag). */
  scanning: boolean;
  lastScan?: { files: number; ms: number };
}

const states = new WeakMap<ServerContext, State>();

function stateOf(ctx: ServerContext): State {
  let s = states.get(ctx);
  if (!s) {
    s = { index: new WorkspaceIndex(), open: new Map(), checks: new Map(), folders: [], ready: false, generation: 0, scanning: false };
    states.set(ctx, s);
  }
  return s;
}

/** The index key of a document or file URI: its file system path, so that `file:///c%3A/x` and `file:///c:/x` are one file. */
export function fileKey(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    const p = fileURLToPath(uri);
    return /^[A-Z]:/.test(p) ? p[0].toLowerCase() + p.slice(1) : p;
  } catch {
    return uri;
  }
}

/**
 * The workspace index for other features (hover, CodeLens, completion): `view(options)` gives the grouped
 * snapshot the core queries take (workloadsSelectedBy, policiesSelecting, dnsVerdict, ...); `key(uri)` the file key
 * of a document; `ready` whether the initial scan is complete.
 */
export function workspaceIndex(ctx: ServerContext): { view(options: AnalysisOptions): WorkspaceView; key(uri: string): string; readonly ready: boolean } {
  const s = stateOf(ctx);
  return {
    view: (options) => s.index.view(options.defaultNamespace),
    key: fileKey,
    get ready() {
      return s.ready;
    },
  };
}

/** Re-publishes the open documents other than `except` (their cross-file diagnostics may have changed). */
function republishOthers(ctx: ServerContext, except?: string): void {
  const uris = ctx.documents.keys().filter((u) => u !== except);
  if (uris.length) ctx.republish(uris);
}

function folderOfPath(s: State, p: string): Folder | undefined {
  return s.folders.find((f) => p === f.path || p.startsWith(f.path.endsWith(path.sep) ? f.path : f.path + path.sep));
}

/** Whether a file on disk belongs in the index: a YAML or JSON file inside a folder, not excluded. */
function wanted(s: State, p: string): boolean {
  if (!MANIFEST_FILE.test(p)) return false;
  const folder = folderOfPath(s, p);
  if (!folder) return false;
  const rel = path.relative(folder.path, p).split(path.sep);
  return !rel.some((part) => NEVER_READ.has(part)) && !folder.excluded(rel.join('/'));
}

async function readSummary(s: State, p: string): Promise<boolean> {
  const uri = pathToFileURL(p).href;
  const key = fileKey(uri);
  if (s.open.has(key)) return false;
  // The folder's settings, fetched once per scan: asking the client per file would cost a round trip each.
  const max = folderOfPath(s, p)?.maxFileSize ?? Infinity;
  let text: string;
  try {
    const st = await fs.promises.stat(p);
    if (!st.isFile() || st.size > max) return s.index.delete(key);
    text = await fs.promises.readFile(p, 'utf8');
  } catch {
    return s.index.delete(key);
  }
  // A big file is summarised a slice at a time: an open file's diagnostics and requests are not held up for the second
  // a 5,000-document file takes, and if the editor opens the file meanwhile, the open document wins and this stops.
  const steps = summarizeTextSteps(key, uri, text, max);
  for (let slice = Date.now(); ; ) {
    if (s.open.has(key)) return false; // opened while we were reading
    const step = steps.next();
    if (step.done) {
      const changed = s.index.set(step.value);
      // Ready for the comparison when the file changes on disk or is opened (the scan runs in the background).
      s.index.prepare(key);
      return changed;
    }
    if (Date.now() - slice >= SLICE_MS) {
      await tick();
      slice = Date.now();
    }
  }
}

async function listFiles(s: State, folder: Folder, generation: number): Promise<string[]> {
  const out: string[] = [];
  const stack = [folder.path];
  while (stack.length) {
    if (s.generation !== generation) return out;
    const dir = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (NEVER_READ.has(e.name)) continue;
      const p = path.join(dir, e.name);
      const rel = path.relative(folder.path, p).split(path.sep).join('/');
      if (folder.excluded(rel)) continue;
      if (e.isDirectory()) stack.push(p);
      else if (e.isFile() && MANIFEST_FILE.test(e.name)) out.push(p);
    }
  }
  return out.sort();
}

async function configureFolders(ctx: ServerContext, s: State): Promise<void> {
  const pull = !!ctx.clientCapabilities.workspace?.configuration;
  s.folders = await Promise.all(
    ctx.workspaceFolders.filter((u) => u.startsWith('file:')).map(async (uri) => {
      const settings = await ctx.settingsFor(uri);
      const globs = [...settings.ignore];
      if (pull) {
        const files = await ctx.connection.workspace.getConfiguration({ scopeUri: uri, section: 'files' }).catch(() => undefined);
        const exclude = files && typeof files === 'object' ? (files as Record<string, unknown>).exclude : undefined;
        // `{ "when": ... }` entries depend on sibling files; only plain `true` entries are honoured.
        if (exclude && typeof exclude === 'object') for (const [g, on] of Object.entries(exclude)) if (on === true) globs.push(g);
      }
      const maxFileSize = settings.options.maxFileSize;
      return { uri, path: fileKey(uri), excluded: globMatcher(globs), maxFileSize, config: JSON.stringify([uri, globs, maxFileSize]) };
    }),
  );
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** (Re)scans the workspace folders in the background; a newer scan cancels an older one. */
async function scan(ctx: ServerContext, s: State, onlyIfFoldersChanged = false): Promise<void> {
  const generation = ++s.generation;
  const started = Date.now();
  const wasScanning = s.scanning;
  s.scanning = true;
  const before = s.folders.map((f) => f.config).join('\n');
  await configureFolders(ctx, s);
  if (s.generation !== generation) return;
  // Most setting changes (severities, DNS, defaultNamespace) do not change which files are indexed.
  if (onlyIfFoldersChanged && s.ready && !wasScanning && s.folders.map((f) => f.config).join('\n') === before) {
    s.scanning = false;
    return;
  }
  const found = new Set<string>();
  let count = 0;
  let slice = Date.now();
  for (const folder of s.folders) {
    for (const p of await listFiles(s, folder, generation)) {
      if (s.generation !== generation) return;
      found.add(fileKey(pathToFileURL(p).href));
      await readSummary(s, p);
      count++;
      if (Date.now() - slice >= SLICE_MS) {
        await tick();
        slice = Date.now();
      }
    }
  }
  if (s.generation !== generation) return;
  // Files excluded since the last scan, or gone: only open documents stay.
  for (const f of [...s.index.files()]) if (!found.has(f.file) && !s.open.has(f.file)) s.index.delete(f.file);
  s.ready = true;
  s.scanning = false;
  const ms = Date.now() - started;
  s.lastScan = { files: count, ms };
  const heap = Math.round(process.memoryUsage().heapUsed / 1024 / 1024);
  ctx.log(`Workspace index: ${count} YAML and JSON files in ${ms} ms (heap ${heap} MB)`);
  republishOthers(ctx);
}

export const workspaceFeature: Feature = {
  name: 'workspace',
  capabilities: (client) => (client.workspace?.workspaceFolders ? { workspace: { workspaceFolders: { supported: true, changeNotifications: true } } } : {}),
  register(ctx) {
    const s = stateOf(ctx);

    diagnosticSources.push((uri, sourceCtx, analysis, settings) => {
      if (sourceCtx !== ctx) return { diagnostics: [] }; // the sources list is module-wide; several servers may run in one process (tests)
      const doc = ctx.documents.get(uri);
      if (!doc) return { diagnostics: [] };
      const key = fileKey(uri);
      s.open.set(key, uri);
      // The document's own summary comes from the analysis being published: always the text on screen.
      if (s.index.set(summarizeAnalysis(key, uri, analysis))) republishOthers(ctx, uri);
      if (!s.ready) return { diagnostics: [] };
      const view = s.index.view(settings.options.defaultNamespace);
      let checks = s.checks.get(key);
      if (!checks) s.checks.set(key, (checks = new FileChecks()));
      const diagnostics = checkWorkspaceFile(view, key, analysis.suppressions, settings.options, checks).map((p) => toDiagnostic(doc, p));
      return { diagnostics, own: ownProblems(view, key, analysis.problems) };
    });

    // Known as open from didOpen on: a scan reading the same file from disk meanwhile skips it, instead of parsing a
    // big file a second time before its own diagnostics are published.
    ctx.documents.onDidOpen((e) => s.open.set(fileKey(e.document.uri), e.document.uri));

    ctx.documents.onDidClose((e) => {
      const key = fileKey(e.document.uri);
      s.open.delete(key);
      s.checks.delete(key);
      const p = e.document.uri.startsWith('file:') ? key : undefined;
      void (async () => {
        const changed = p && wanted(s, p) ? await readSummary(s, p) : s.index.delete(key);
        if (changed) republishOthers(ctx);
      })().catch((err) => ctx.log(`workspace: ${String(err)}`));
    });

    ctx.connection.onDidChangeWatchedFiles((params) => {
      void (async () => {
        let changed = false;
        for (const c of params.changes) {
          if (!c.uri.startsWith('file:')) continue;
          const key = fileKey(c.uri);
          if (s.open.has(key)) continue; // the open document is what counts
          if (c.type === FileChangeType.Deleted) changed = s.index.delete(key) || changed;
          else if (wanted(s, key)) changed = (await readSummary(s, key)) || changed;
          else changed = s.index.delete(key) || changed;
        }
        if (changed && s.ready) republishOthers(ctx);
      })().catch((err) => ctx.log(`workspace: ${String(err)}`));
    });
  },
  initialized(ctx) {
    const s = stateOf(ctx);
    if (ctx.clientCapabilities.workspace?.workspaceFolders) {
      // A folder added to or removed from a multi-root workspace: rescan (files of removed folders are dropped).
      ctx.connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(e.removed.map((f) => f.uri));
        ctx.workspaceFolders = [...ctx.workspaceFolders.filter((u) => !removed.has(u)), ...e.added.map((f) => f.uri)];
        void scan(ctx, s).catch((err) => ctx.log(`workspace scan failed: ${String(err)}`));
      });
    }
    const start = () =>
      void scan(ctx, s).catch((err) => {
        // A failed scan must not leave the cross-file checks off for good: judge with what was indexed.
        ctx.log(`workspace scan failed: ${String(err)}`);
        s.ready = true;
        republishOthers(ctx);
      });
    // Editors send the documents they show right after `initialized`. The scan starts once they have stopped
    // arriving (100 ms without one, at most a second): reading a big open file from disk and summarising it in the
    // pauses between the chunks of its own didOpen would only delay that file's first diagnostics.
    let quiet = setTimeout(start, QUIET_MS);
    const latest = Date.now() + 1000;
    const opened = ctx.documents.onDidOpen(() => {
      clearTimeout(quiet);
      quiet = setTimeout(start, Math.max(0, Math.min(QUIET_MS, latest - Date.now())));
    });
    setTimeout(() => opened.dispose(), 1000);
  },
  configurationChanged(ctx) {
    // files.exclude, ignore or maxFileSizeMB may have changed which files belong in the index: rescan if so.
    const s = stateOf(ctx);
    void scan(ctx, s, true).catch((err) => ctx.log(`workspace scan failed: ${String(err)}`));
  },
};

/** For tests and the benchmark: the last scan's size and duration. */
export function lastScan(ctx: ServerContext): { files: number; ms: number } | undefined {
  return stateOf(ctx).lastScan;
}

