// Enforces the layering in ARCHITECTURE.md: the core is pure, the client only wires.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sources } from '../support/files';

const ROOT = path.resolve(__dirname, '../../..');

function imports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specs: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g)) specs.push(m[1]);
  for (const m of text.matchAll(/(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g)) specs.push(m[1]);
  return specs;
}

const FORBIDDEN_IN_CORE = [
  /^vscode$/,
  /^vscode-languageserver/,
  /^vscode-languageclient/,
  /^vscode-jsonrpc/,
  /^(node:)?(fs|net|http|https|child_process|worker_threads|dgram|tls)(\/|$)/,
  /(^|\/)lsp(\/|$)/,
  /(^|\/)cli(\/|$)/,
];

test('core imports nothing from vscode, LSP, the file system or the network', () => {
  const bad: string[] = [];
  for (const file of sources(path.join(ROOT, 'server/src/core'))) {
    for (const spec of imports(file)) {
      if (FORBIDDEN_IN_CORE.some((re) => re.test(spec))) bad.push(`${path.relative(ROOT, file)}: ${spec}`);
    }
  }
  assert.deepEqual(bad, [], 'the core must stay pure (see ARCHITECTURE.md)');
});

test('the LSP adapter reaches the core only through core/index.ts', () => {
  const bad: string[] = [];
  for (const file of sources(path.join(ROOT, 'server/src/lsp'))) {
    for (const spec of imports(file)) {
      if (/\/core\/./.test(spec)) bad.push(`${path.relative(ROOT, file)}: ${spec}`);
    }
  }
  assert.deepEqual(bad, []);
});

test('the client imports only vscode, the language client and the shared protocol names', () => {
  const bad: string[] = [];
  for (const file of sources(path.join(ROOT, 'client/src'))) {
    for (const spec of imports(file)) {
      const ok = /^(node:)?path$/.test(spec) || spec === 'vscode' || spec.startsWith('vscode-languageclient') || spec.endsWith('/lsp/protocol');
      if (!ok) bad.push(`${path.relative(ROOT, file)}: ${spec}`);
    }
  }
  assert.deepEqual(bad, []);
});
