// Shared helpers for the in-extension-host suite. Public VS Code API only; every wait is on a
// condition (diagnostics events, polling with a deadline), never a fixed sleep.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'k8s-network-lens.k8s-network-lens';
export const SOURCE = 'k8s-network-lens';
/** How the bundled language server shows up in a process command line. */
const SERVER_SCRIPT = /server[\\/]out[\\/]server\.js\b/;
export const TIMEOUT_MS = Number(process.env.E2E_WAIT_MS || 30_000);

/** A file of the workspace folder the tests were started with (test/e2e/workspace or a copy of it). */
export function fixture(rel: string): vscode.Uri {
  const ws = vscode.workspace.workspaceFolders?.[0];
  assert.ok(ws, 'a workspace folder must be open (test/e2e/workspace)');
  return vscode.Uri.joinPath(ws.uri, ...rel.split('/'));
}

export async function open(rel: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(fixture(rel));
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/** Polls fn until it returns something other than undefined/false, or throws after timeoutMs. */
export async function waitFor<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = TIMEOUT_MS, intervalMs = 50): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v;
    } catch (e) { last = e; }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${last})` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** This extension's diagnostics for a document (other extensions' are ignored). */
export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  if (d.code === undefined) return undefined;
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

export function fmtRange(r: vscode.Range): string {
  return `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`;
}

export function describe(ds: readonly vscode.Diagnostic[]): string {
  return ds.length ? ds.map((d) => `[${codeOf(d)}] ${fmtRange(d.range)} ${d.message}`).join('; ') : '(none)';
}

/**
 * Resolves with this extension's diagnostics for `uri` as soon as `accept` holds: checked right away
 * (unless `onlyNewEvents`) and on every languages.onDidChangeDiagnostics event that names the uri.
 * Call it BEFORE the action that should produce the change, await it after.
 */
export function diagnostics(uri: vscode.Uri, what: string, accept: (ds: vscode.Diagnostic[]) => boolean,
  opts: { onlyNewEvents?: boolean; timeoutMs?: number } = {}): Promise<vscode.Diagnostic[]> {
  const timeoutMs = opts.timeoutMs ?? TIMEOUT_MS;
  const p = new Promise<vscode.Diagnostic[]>((resolve, reject) => {
    let sub: vscode.Disposable | undefined;
    const timer = setTimeout(() => {
      sub?.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; diagnostics now: ${describe(ours(uri))}`));
    }, timeoutMs);
    const check = (): boolean => {
      const ds = ours(uri);
      if (!accept(ds)) return false;
      clearTimeout(timer);
      sub?.dispose();
      resolve(ds);
      return true;
    };
    if (!opts.onlyNewEvents && check()) return;
    sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
  });
  p.catch(() => undefined); // the caller awaits it; avoid an unhandled-rejection report meanwhile
  return p;
}

/** Range of `key` where it appears as a mapping key (`<indent>key:`) in the document. */
export function keyRange(doc: vscode.TextDocument, key: string): vscode.Range {
  const m = new RegExp(`^[ \\t-]*(${key}):`, 'm').exec(doc.getText());
  assert.ok(m, `${doc.fileName} has a key ${key}`);
  const start = m.index + m[0].indexOf(key);
  return new vscode.Range(doc.positionAt(start), doc.positionAt(start + key.length));
}

export const unknownField = (ds: readonly vscode.Diagnostic[]) => ds.filter((d) => codeOf(d) === 'schema-unknown-field');

/**
 * Proves that the running server has the open document and answers edits: renames the key
 * `poarts` to `ports` (its schema-unknown-field diagnostic must go away), puts it back (the
 * diagnostic must come back on the key), and drops the dirty state. Nothing is saved.
 */
export async function editRoundTrip(doc: vscode.TextDocument): Promise<void> {
  await diagnostics(doc.uri, 'the unknown-field diagnostic', (ds) => unknownField(ds).length === 1);
  const range = keyRange(doc, 'poarts');
  try {
    const fixed = diagnostics(doc.uri, 'the diagnostic to disappear after renaming poarts to ports',
      (ds) => unknownField(ds).length === 0, { onlyNewEvents: true });
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, range, 'ports');
    assert.ok(await vscode.workspace.applyEdit(edit), 'edit applied');
    await fixed;
    const back = diagnostics(doc.uri, 'the diagnostic to come back after renaming ports to poarts',
      (ds) => unknownField(ds).length === 1, { onlyNewEvents: true });
    const undo = new vscode.WorkspaceEdit();
    undo.replace(doc.uri, new vscode.Range(range.start, range.start.translate(0, 'ports'.length)), 'poarts');
    assert.ok(await vscode.workspace.applyEdit(undo), 'undo edit applied');
    const again = await back;
    assert.ok(unknownField(again)[0].range.isEqual(range), `range after the round trip: ${describe(again)}`);
  } finally {
    if (doc.isDirty) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  }
}

/**
 * Resolves once the server's background scan of the workspace folder is complete: the cross-file
 * DNS warning on egress-without-dns.yaml exists only then. Documents opened after this get their
 * final diagnostics in their first publication, so "no diagnostics" can be checked right away.
 */
export async function workspaceScanned(): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(fixture('egress-without-dns.yaml'));
  await diagnostics(doc.uri, 'the cross-file netpol-dns-egress-blocked warning (workspace scan complete)',
    (ds) => ds.some((d) => codeOf(d) === 'netpol-dns-egress-blocked'), { timeoutMs: 30_000 });
}

/** The extension, activated: opens a Kubernetes YAML file if it is not active yet (activation event onLanguage:yaml). */
export async function activeExtension(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this extension host`);
  if (!ext.isActive) {
    await open('broken-service.yaml');
    await waitFor('the extension to activate', () => ext.isActive, 30_000);
  }
  return ext;
}

interface Proc { pid: number; ppid: number; cmd: string }

function processTable(): Proc[] {
  if (fs.existsSync('/proc/self/stat')) {
    const procs: Proc[] = [];
    for (const name of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
        // "pid (comm) state ppid ..." and comm may contain spaces or parentheses.
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        const cmd = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').trim();
        procs.push({ pid: Number(name), ppid, cmd });
      } catch { /* the process exited meanwhile */ }
    }
    return procs;
  }
  // macOS and other Unixes: ps (the suite does not support Windows' process model here).
  return execFileSync('ps', ['-A', '-o', 'pid=,ppid=,command='], { encoding: 'utf8' })
    .split('\n').map((l) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(l)).filter((m): m is RegExpExecArray => !!m)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), cmd: m[3] }));
}

/**
 * Pids of the language server processes (server/out/server.js) that descend from this extension
 * host process. The tests run inside the extension host, so process.pid is the client's process.
 */
export function serverPids(): number[] {
  const procs = processTable();
  const children = new Map<number, Proc[]>();
  for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const found: number[] = [];
  const stack = [process.pid];
  while (stack.length) {
    for (const c of children.get(stack.pop()!) ?? []) {
      if (SERVER_SCRIPT.test(c.cmd)) found.push(c.pid);
      stack.push(c.pid);
    }
  }
  return found.sort((a, b) => a - b);
}

/** Waits until exactly one language server runs under this extension host and returns its pid. */
export function theServerPid(except?: number): Promise<number> {
  return waitFor(except ? `a new language server process (not ${except})` : 'the language server process', () => {
    const pids = serverPids();
    return pids.length === 1 && pids[0] !== except ? pids[0] : undefined;
  });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
