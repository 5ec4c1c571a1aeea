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
    this.chunks = [];
    this.size = 0;
    this.bodyLength = -1;
    this.proc.stdout.on('data', (chunk) => this.onData(chunk));
    this.proc.stderr.on('data', (d) => {
      this.stderr = (this.stderr + d).slice(-4000);
    });
    this.exited = new Promise((resolve) => this.proc.on('exit', resolve));
  }

  // Chunks are kept as they come and joined once per message: joining at every chunk copied a 300 KB answer about
  // five times over. `at` is when the last byte of a message arrived, before the client decodes and parses it: that
  // is the client's own work (the same for every server), reported apart as `parsedAt`.
  onData(chunk) {
    const arrived = performance.now();
    this.chunks.push(chunk);
    this.size += chunk.length;
    for (;;) {
      if (this.bodyLength < 0) {
        const head = this.join();
        const sep = head.indexOf('\r\n\r\n');
        if (sep < 0) return;
        const m = /Content-Length: *(\d+)/i.exec(head.subarray(0, sep).toString('ascii'));
        if (!m) throw new Error(`bad header: ${head.subarray(0, sep).toString('ascii')}`);
        this.bodyLength = Number(m[1]);
        this.chunks = [head.subarray(sep + 4)];
        this.size -= sep + 4;
      }
      if (this.size < this.bodyLength) return;
      const all = this.join();
      const body = all.subarray(0, this.bodyLength).toString('utf8');
      const rest = all.subarray(this.bodyLength);
      this.chunks = rest.length ? [rest] : [];
      this.size = rest.length;
      this.bodyLength = -1;
      const msg = JSON.parse(body);
      this.onMessage(msg, arrived, performance.now());
    }
  }

  /** The buffered bytes as one buffer (kept as the only chunk). */
  join() {
    if (this.chunks.length !== 1) this.chunks = [Buffer.concat(this.chunks, this.size)];
    return this.chunks[0];
  }

  onMessage(msg, at, parsedAt = at) {
    if (msg.id !== undefined && msg.method === undefined) {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message}`));
      else p.resolve({ result: msg.result, at, parsedAt });
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

  /**
   * Resolves to { result, at, parsedAt }: performance.now() when the last byte of the answer arrived, and when the
   * client had parsed it.
   */
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
