// A small JSON-RPC client for tests: spawns the bundled server (`node server/out/server.js --stdio`), speaks LSP over
// its stdin/stdout with strict framing (any byte on stdout that is not a well-formed message is recorded as a protocol
// error), answers the server's own requests (configuration, registration) and keeps the latest published diagnostics.
//
//   const c = new LspClient();
//   const init = await c.start();
//   c.open('file:///a.yaml', text);
//   const diags = await c.waitForDiagnostics('file:///a.yaml', (d) => d.length > 0);
//   const hover = await c.request('textDocument/hover', { textDocument: { uri }, position });
//   await c.close();
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const SERVER_JS = path.join(REPO_ROOT, 'server', 'out', 'server.js');

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}
export interface Diagnostic {
  range: Range;
  severity?: number;
  code?: string | number;
  source?: string;
  message: string;
  data?: unknown;
  [k: string]: unknown;
}
export interface ContentChange {
  range?: Range;
  text: string;
}
export interface LogMessage {
  type: number;
  message: string;
}

export class ResponseError extends Error {
  constructor(
    readonly method: string,
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(`${method} failed with ${code}: ${message}`);
  }
}

export class TimeoutError extends Error {}

export interface StartOptions {
  /** Extra environment for the server process. */
  env?: Record<string, string>;
  /** Settings answered to workspace/configuration (the `k8sNetworkLens` section) and sent as initializationOptions. */
  settings?: Record<string, unknown>;
  rootUri?: string | null;
  workspaceFolders?: Array<{ uri: string; name: string }> | null;
  /** Client capabilities; a typical editor's are used by default. */
  capabilities?: Record<string, unknown>;
  /** Milliseconds to wait for `initialize`. */
  timeout?: number;
  /** Server script, by default server/out/server.js. */
  serverPath?: string;
  /** Node options for the server process, e.g. ['--cpu-prof']. */
  execArgv?: string[];
}

const DEFAULT_CAPABILITIES = {
  workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceFolders: true, applyEdit: true },
  textDocument: {
    synchronization: { dynamicRegistration: false, didSave: true },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, tagSupport: { valueSet: [1, 2] }, codeDescriptionSupport: true, dataSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
    codeAction: {
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source', 'source.fixAll'] } },
      isPreferredSupport: true,
      dataSupport: true,
      resolveSupport: { properties: ['edit'] },
    },
    codeLens: {},
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    definition: { linkSupport: true },
    inlayHint: {},
    foldingRange: {},
    documentLink: {},
  },
  window: { workDoneProgress: true, showMessage: {} },
};

/** Reads a byte count from /proc: the server's peak resident memory (VmHWM) in MB, or undefined off Linux. */
export function peakMemoryMB(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmHWM:\s+(\d+)\s+kB/m);
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

export class LspClient {
  proc: ChildProcess | undefined;
  /** The `initialize` result. */
  initializeResult: any;
  /** Latest publishDiagnostics per URI. */
  readonly diagnostics = new Map<string, { version?: number; diagnostics: Diagnostic[] }>();
  /** window/logMessage and window/showMessage notifications, in order. */
  readonly logs: LogMessage[] = [];
  readonly shownMessages: LogMessage[] = [];
  /** Anything on stdout that was not a well-formed LSP message. */
  readonly protocolErrors: string[] = [];
  /** Everything the server wrote to stderr. */
  stderr = '';
  exitCode: number | null | undefined;
  exitSignal: NodeJS.Signals | null | undefined;
  /** Settings answered to workspace/configuration. */
  settings: Record<string, unknown> = {};

  private nextId = 1;
  private readonly pending = new Map<number, { method: string; resolve: (v: any) => void; reject: (e: Error) => void; timer?: NodeJS.Timeout }>();
  private buffer: Buffer = Buffer.alloc(0);
  private readonly versions = new Map<string, number>();
  private readonly waiters = new Set<() => void>();
  private readonly notificationHandlers = new Map<string, Array<(params: any) => void>>();

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  get alive(): boolean {
    return !!this.proc && this.exitCode === undefined;
  }

  async start(options: StartOptions = {}): Promise<any> {
    this.settings = options.settings ?? {};
    const proc = spawn(process.execPath, [...(options.execArgv ?? []), options.serverPath ?? SERVER_JS, '--stdio'], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.proc = proc;
    proc.stdout!.on('data', (chunk: Buffer) => this.onData(chunk));
    proc.stderr!.on('data', (chunk: Buffer) => {
      if (this.stderr.length < 1_000_000) this.stderr += chunk.toString('utf8');
    });
    proc.stdin!.on('error', () => undefined);
    proc.on('exit', (code, signal) => {
      this.exitCode = code;
      this.exitSignal = signal;
      for (const [, p] of this.pending) {
        if (p.timer) clearTimeout(p.timer);
        p.reject(new Error(`server exited (code ${code}, signal ${signal}) before answering ${p.method}; stderr: ${this.stderr.slice(-2000)}`));
      }
      this.pending.clear();
      this.wake();
    });
    const root = options.rootUri === undefined ? null : options.rootUri;
    this.initializeResult = await this.request(
      'initialize',
      {
        processId: process.pid,
        clientInfo: { name: 'knl-test-client' },
        rootUri: root,
        workspaceFolders: options.workspaceFolders === undefined ? null : options.workspaceFolders,
        capabilities: options.capabilities ?? DEFAULT_CAPABILITIES,
        initializationOptions: { settings: { k8sNetworkLens: this.settings } },
      },
      options.timeout ?? 20_000,
    );
    this.notify('initialized', {});
    return this.initializeResult;
  }

  /** The server's capabilities from `initialize`. */
  get capabilities(): Record<string, any> {
    return this.initializeResult?.capabilities ?? {};
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Sends a request; rejects with ResponseError on an error response and TimeoutError after `timeout` ms. */
  request<T = any>(method: string, params: unknown, timeout = 10_000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      if (!this.alive) {
        reject(new Error(`server is not running (exit code ${this.exitCode}); cannot send ${method}`));
        return;
      }
      const entry: { method: string; resolve: (v: any) => void; reject: (e: Error) => void; timer?: NodeJS.Timeout } = { method, resolve, reject };
      entry.timer = setTimeout(() => {
        this.pending.delete(id);
        this.send({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id } });
        reject(new TimeoutError(`${method} not answered within ${timeout} ms`));
      }, timeout);
      this.pending.set(id, entry);
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  onNotification(method: string, handler: (params: any) => void): void {
    const list = this.notificationHandlers.get(method) ?? [];
    list.push(handler);
    this.notificationHandlers.set(method, list);
  }

  open(uri: string, text: string, languageId = 'yaml', version = 1): void {
    this.versions.set(uri, version);
    this.diagnostics.delete(uri);
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  /** Sends incremental (with a range) or full (without) changes; returns the new version. */
  change(uri: string, edits: ContentChange[]): number {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: edits });
    return version;
  }

  closeDocument(uri: string): void {
    this.versions.delete(uri);
    this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  version(uri: string): number | undefined {
    return this.versions.get(uri);
  }

  /**
   * Resolves with the diagnostics of `uri` once a publication satisfies `predicate` (by default: one for the
   * document's current version, or any publication when the server sends no version).
   */
  waitForDiagnostics(uri: string, predicate?: (d: Diagnostic[], version?: number) => boolean, timeout = 10_000): Promise<Diagnostic[]> {
    const ok =
      predicate ??
      ((_d: Diagnostic[], v?: number) => {
        const want = this.versions.get(uri);
        return v === undefined || want === undefined || v === want;
      });
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const got = this.diagnostics.get(uri);
        if (got && ok(got.diagnostics, got.version)) {
          resolve(got.diagnostics);
          return true;
        }
        if (!this.alive) {
          reject(new Error(`server exited while waiting for diagnostics of ${uri}; stderr: ${this.stderr.slice(-2000)}`));
          return true;
        }
        return false;
      };
      if (check()) return;
      const waiter = () => {
        if (check()) {
          this.waiters.delete(waiter);
          clearTimeout(timer);
        }
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const got = this.diagnostics.get(uri);
        reject(new TimeoutError(`no matching diagnostics for ${uri} within ${timeout} ms (last: version ${got?.version}, ${got?.diagnostics.length ?? 'none'})`));
      }, timeout);
      this.waiters.add(waiter);
    });
  }

  /** Errors the server logged (window/logMessage type 1), e.g. a handler that threw inside ctx.safely. */
  loggedErrors(): string[] {
    return this.logs.filter((l) => l.type === 1).map((l) => l.message);
  }

  /** Asks the server to shut down and exit; kills it if it does not within `timeout` ms. */
  async close(timeout = 3000): Promise<void> {
    const proc = this.proc;
    if (!proc) return;
    if (this.alive) {
      try {
        await this.request('shutdown', null, timeout);
        this.notify('exit', null);
      } catch {
        // fall through to the kill
      }
    }
    if (this.exitCode === undefined) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          proc.kill('SIGKILL');
          resolve();
        }, timeout);
        proc.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  private send(msg: unknown): void {
    if (!this.proc?.stdin || !this.proc.stdin.writable) return;
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    this.proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`, 'ascii');
    this.proc.stdin.write(body);
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      const sep = this.buffer.indexOf('\r\n\r\n');
      if (sep < 0) {
        if (this.buffer.length > 8192 && !/^Content-/i.test(this.buffer.subarray(0, 16).toString('latin1'))) {
          this.protocolErrors.push(`garbage on stdout: ${JSON.stringify(this.buffer.subarray(0, 200).toString('utf8'))}`);
          this.buffer = Buffer.alloc(0);
        }
        return;
      }
      const header = this.buffer.subarray(0, sep).toString('ascii');
      const m = header.match(/^Content-Length: (\d+)$/im);
      const onlyHeaders = header.split('\r\n').every((l) => /^Content-(Length|Type): /i.test(l));
      if (!m || !onlyHeaders) {
        this.protocolErrors.push(`bad header on stdout: ${JSON.stringify(header.slice(0, 200))}`);
        this.buffer = this.buffer.subarray(sep + 4);
        continue;
      }
      const len = Number(m[1]);
      if (this.buffer.length < sep + 4 + len) return;
      const body = this.buffer.subarray(sep + 4, sep + 4 + len).toString('utf8');
      this.buffer = this.buffer.subarray(sep + 4 + len);
      let msg: any;
      try {
        msg = JSON.parse(body);
      } catch {
        this.protocolErrors.push(`bad JSON on stdout: ${JSON.stringify(body.slice(0, 200))}`);
        continue;
      }
      this.dispatch(msg);
    }
  }

  private dispatch(msg: any): void {
    if (msg.id !== undefined && msg.method === undefined) {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (p.timer) clearTimeout(p.timer);
      if (msg.error) p.reject(new ResponseError(p.method, msg.error.code, msg.error.message, msg.error.data));
      else p.resolve(msg.result);
      return;
    }
    if (msg.id !== undefined) {
      this.send({ jsonrpc: '2.0', id: msg.id, result: this.answer(msg.method, msg.params) });
      return;
    }
    switch (msg.method) {
      case 'textDocument/publishDiagnostics':
        this.diagnostics.set(msg.params.uri, { version: msg.params.version, diagnostics: msg.params.diagnostics });
        break;
      case 'window/logMessage':
        if (this.logs.length < 10_000) this.logs.push(msg.params);
        break;
      case 'window/showMessage':
        this.shownMessages.push(msg.params);
        break;
    }
    for (const h of this.notificationHandlers.get(msg.method) ?? []) h(msg.params);
    this.wake();
  }

  /** Answers a request from the server. */
  private answer(method: string, params: any): unknown {
    switch (method) {
      case 'workspace/configuration':
        return (params?.items ?? []).map((item: { section?: string }) =>
          item.section === 'k8sNetworkLens' ? this.settings : item.section ? undefined : { k8sNetworkLens: this.settings },
        );
      case 'workspace/workspaceFolders':
        return [];
      case 'workspace/applyEdit':
        return { applied: false };
      default:
        return null;
    }
  }
}
