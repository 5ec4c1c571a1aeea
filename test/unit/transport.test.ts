// The stdio writer (server/src/lsp/transport.ts): the bytes it sends are JSON.stringify's, and an answer marked
// `encodeOnce` is encoded once however often it is sent.
import test from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import type { Message } from 'vscode-languageserver/node';
import { encodeMessage, encodeOnce, isStdio, StdioMessageWriter } from '../../server/src/lsp/transport';

const lensList = () => [
  { range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, data: 0 },
  { range: { start: { line: 9, character: 2 }, end: { line: 9, character: 2 } }, data: 'é ✓ \u2028' },
];

test('encodeMessage gives the bytes of JSON.stringify, for marked answers too', () => {
  const marked = encodeOnce(lensList());
  const messages: Message[] = [
    { jsonrpc: '2.0', id: 7, result: marked } as Message,
    { jsonrpc: '2.0', id: 'req-"8"', result: marked } as Message,
    { jsonrpc: '2.0', id: 9, result: lensList() } as Message,
    { jsonrpc: '2.0', id: 10, result: null } as Message,
    { jsonrpc: '2.0', id: 11, error: { code: -32601, message: 'no' } } as Message,
    { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///a.yaml', diagnostics: [] } } as Message,
    { jsonrpc: '2.0', id: 12, method: 'workspace/configuration', params: { items: [{ section: 'x' }] } } as Message,
  ];
  for (const m of messages) assert.equal(Buffer.concat(encodeMessage(m)).toString('utf8'), JSON.stringify(m));
});

test('a marked answer is encoded once; an unmarked one every time', () => {
  const marked = encodeOnce(lensList());
  const first = encodeMessage({ jsonrpc: '2.0', id: 1, result: marked } as Message);
  const second = encodeMessage({ jsonrpc: '2.0', id: 2, result: marked } as Message);
  assert.equal(first[1], second[1], 'the same bytes, not a new encoding');
  assert.equal(encodeOnce(marked), marked);
  const plain = lensList();
  assert.notEqual(encodeMessage({ jsonrpc: '2.0', id: 1, result: plain } as Message)[0], encodeMessage({ jsonrpc: '2.0', id: 1, result: plain } as Message)[0]);
});

test('StdioMessageWriter frames each message with its Content-Length in bytes', async () => {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const writer = new StdioMessageWriter(out);
  const a = { jsonrpc: '2.0', id: 1, result: encodeOnce(lensList()) } as Message;
  const b = { jsonrpc: '2.0', method: 'window/logMessage', params: { type: 3, message: 'ünïcode' } } as Message;
  await writer.write(a);
  await writer.write(b);
  await writer.write(a);
  const frame = (m: Message) => {
    const body = Buffer.from(JSON.stringify(m), 'utf8');
    return `Content-Length: ${body.length}\r\n\r\n${body.toString('utf8')}`;
  };
  assert.equal(Buffer.concat(chunks).toString('utf8'), frame(a) + frame(b) + frame(a));
});

test('isStdio follows the first transport argument, as vscode-languageserver does', () => {
  assert.equal(isStdio(['--stdio']), true);
  assert.equal(isStdio(['--clientProcessId=1', '--stdio']), true);
  assert.equal(isStdio(['--node-ipc', '--clientProcessId=1']), false);
  assert.equal(isStdio(['--socket=5000', '--stdio']), false);
  assert.equal(isStdio(['--pipe', 'x']), false);
  assert.equal(isStdio([]), false);
});
