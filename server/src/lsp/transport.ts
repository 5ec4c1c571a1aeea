// The stdio transport (Neovim, Helix, Emacs and every client that starts `server.js --stdio`; VS Code talks over IPC
// and keeps vscode-languageserver's own). Messages are framed with Content-Length exactly as vscode-jsonrpc frames
// them; what it adds is answers encoded once: a feature whose answer stays the same object for as long as the
// document does not change (the lens list of a big file, cached per analysis) marks it with `encodeOnce`, and its
// JSON is kept beside it. A client asking again for the same version (a Neovim set up to refresh lenses on
// CursorHold) gets the same bytes, without a JSON.stringify of 300 KB and the fresh 300 KB buffer it is copied into.
import type { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { AbstractMessageWriter, Connection, createConnection, Message, MessageWriter, ProposedFeatures } from 'vscode-languageserver/node';

/** Answers marked by `encodeOnce`, with their JSON once the first answer has been written. */
const encoded = new WeakMap<object, Buffer | null>();

/**
 * Marks `value` as an answer that will not change (do not modify it afterwards): its JSON is computed the first time
 * it is sent and kept as long as the value is. Returns `value`.
 */
export function encodeOnce<T extends object>(value: T): T {
  if (!encoded.has(value)) encoded.set(value, null);
  return value;
}

const CLOSE = Buffer.from('}', 'ascii');

/** The JSON of `msg` in parts to write one after the other. */
export function encodeMessage(msg: Message): Buffer[] {
  const m = msg as Message & { id?: unknown; result?: unknown };
  const result = m.result;
  if (result !== null && typeof result === 'object' && encoded.has(result) && Object.keys(m).length === 3 && 'id' in m) {
    let body = encoded.get(result);
    if (!body) encoded.set(result, (body = Buffer.from(JSON.stringify(result), 'utf8')));
    // The order and spacing of JSON.stringify(msg): {"jsonrpc":"2.0","id":1,"result":...}
    return [Buffer.from(`{"jsonrpc":${JSON.stringify(m.jsonrpc)},"id":${JSON.stringify(m.id)},"result":`, 'utf8'), body, CLOSE];
  }
  return [Buffer.from(JSON.stringify(msg), 'utf8')];
}

/** vscode-jsonrpc's stream writer with `encodeMessage`: the parts go out in one corked write, never copied together. */
export class StdioMessageWriter extends AbstractMessageWriter implements MessageWriter {
  private errorCount = 0;

  constructor(private readonly out: Writable) {
    super();
    out.on('error', (e) => this.fireError(e));
    out.on('close', () => this.fireClose());
  }

  write(msg: Message): Promise<void> {
    let parts: Buffer[];
    try {
      parts = encodeMessage(msg);
    } catch (e) {
      this.fireError(e);
      return Promise.reject(e);
    }
    let length = 0;
    for (const p of parts) length += p.length;
    return new Promise((resolve, reject) => {
      const done = (error: Error | null | undefined) => {
        if (!error) return resolve();
        this.fireError(error, msg, ++this.errorCount);
        reject(error);
      };
      this.out.cork();
      this.out.write(`Content-Length: ${length}\r\n\r\n`, 'ascii');
      for (let i = 0; i < parts.length - 1; i++) this.out.write(parts[i]);
      this.out.write(parts[parts.length - 1], done);
      this.out.uncork();
    });
  }

  end(): void {
    this.out.end();
  }
}

/** Whether the server was started with `--stdio` (the first transport argument wins, as in vscode-languageserver). */
export function isStdio(argv: string[] = process.argv.slice(2)): boolean {
  const transport = argv.find((a) => a === '--stdio' || a === '--node-ipc' || /^--(socket|pipe)(=|$)/.test(a));
  return transport === '--stdio';
}

/**
 * The connection over stdin/stdout with `StdioMessageWriter`. stdin is handed over as a stream, so the library still
 * ends the process when the client closes it; the console goes to the client's log as the library does for `--stdio`
 * (stdout is the LSP channel: a stray console.log must not land on it).
 */
export function createStdioConnection(): Connection {
  // Mixed on purpose: a stream to read (the library wraps it and watches its end), a writer of our own to write.
  const connection = createConnection(ProposedFeatures.all, process.stdin, new StdioMessageWriter(process.stdout) as unknown as NodeJS.WritableStream);
  const text = (args: unknown[]) => args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' ');
  console.log = console.debug = (...args: unknown[]) => connection.console.log(text(args));
  console.info = (...args: unknown[]) => connection.console.info(text(args));
  console.warn = (...args: unknown[]) => connection.console.warn(text(args));
  console.error = (...args: unknown[]) => connection.console.error(text(args));
  console.dir = (arg: unknown, options?: object) => connection.console.log(inspect(arg, options));
  return connection;
}
