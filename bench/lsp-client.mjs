// A minimal LSP client over stdio for the benchmark: Content-Length framing, requests, notifications, and answers to
// the few requests servers send to clients (configuration, registrations, progress). No dependencies, so that
// its own overhead is the same for every server measured.
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export class LspClient {
  /**
   * @param {string[]} argv  command and arguments; argv[0] is run as is (use process.execPath for node)
   * @param {{ configuration?: (section: string) => unknown, cwd?: string }} opts
   */
  constructor(argv, opts = {}) {
    this.opts = opts;
    this.started = performance.now();
    this.proc = spawn(argv[0], argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], cwd: opts.cwd });
    this.pid = this.proc.pid;
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = new Set();
    this.stderr = '';
    this.buffer = Buffer.alloc(0);
    this.proc.stdout.on('data', (chunk) => this.onData(chunk));
    this.proc.stderr.on('data', (d) => {
      this.stderr = (this.stderr + d).slice(-4000);
    });
    this.exited = new Promise((resolve) => this.proc.on('exit', resolve));
  }

  onData(chunk) {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      const sep = this.buffer.indexOf('\r\n\r\n');
      if (sep < 0) return;
      const head = this.buffer.subarray(0, sep).toString('ascii');
      const m = /Content-Length: *(\d+)/i.exec(head);
      if (!m) throw new Error(`bad header: ${head}`);
      const len = Number(m[1]);
      if (this.buffer.length < sep + 4 + len) return;
      const body = this.buffer.subarray(sep + 4, sep + 4 + len).toString('utf8');
      this.buffer = this.buffer.subarray(sep + 4 + len);
      this.onMessage(JSON.parse(body), performance.now());
    }
  }

  onMessage(msg, at) {
    if (msg.id !== undefined && msg.method === undefined) {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message}`));
      else p.resolve({ result: msg.result, at });
      return;
    }
    if (msg.id !== undefined) {
      this.answer(msg);
      return;
    }
    for (const l of [...this.listeners]) l(msg, at);
  }

  answer(msg) {
    let result = null;
    if (msg.method === 'workspace/configuration') {
      result = (msg.params?.items ?? []).map((i) => this.opts.configuration?.(i.section ?? '') ?? null);
    }
    this.write({ jsonrpc: '2.0', id: msg.id, result });
  }

  write(msg) {
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    this.proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.proc.stdin.write(body);
  }

  /** Resolves to { result, at } where `at` is performance.now() when the answer arrived. */
  request(method, params) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      this.write({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method, params) {
    this.write({ jsonrpc: '2.0', method, params });
  }

  /** The next notification `method` for which `accept(params)` holds; resolves to { params, at }. */
  next(method, accept = () => true, timeoutMs = 120_000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(l);
        reject(new Error(`timed out waiting for ${method}; stderr: ${this.stderr.slice(-500)}`));
      }, timeoutMs);
      const l = (msg, at) => {
        if (msg.method !== method || !accept(msg.params)) return;
        this.listeners.delete(l);
        clearTimeout(timer);
        resolve({ params: msg.params, at });
      };
      this.listeners.add(l);
    });
  }

  /** Peak and current resident memory of the server process, in MB (Linux /proc). */
  memory() {
    try {
      const s = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s)?.[1] ?? NaN);
      return { peakMB: kb('VmHWM') / 1024, rssMB: kb('VmRSS') / 1024 };
    } catch {
      return { peakMB: NaN, rssMB: NaN };
    }
  }

  /** CPU time (user + system, all threads) the server process has used so far, in ms (clock-tick resolution). */
  cpuMs() {
    try {
      const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // Fields 14 and 15 of stat(5) (utime, stime), counted here from field 3 (state).
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
    } catch {
      return NaN;
    }
  }

  async shutdown() {
    try {
      await Promise.race([this.request('shutdown', null), new Promise((r) => setTimeout(r, 3000))]);
      this.notify('exit', null);
    } catch {
      /* already gone */
    }
    const t = setTimeout(() => this.proc.kill('SIGKILL'), 3000);
    await this.exited;
    clearTimeout(t);
  }
}
