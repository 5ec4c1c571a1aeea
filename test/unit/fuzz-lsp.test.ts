// Protocol fuzzer: random sequences of incremental edits (typing, deletions, pastes of other manifests, random and
// hostile characters, applied quick fixes) sent to the bundled server over stdio. After each edit it asks every
// feature the server advertises at random positions; every request must be answered, without an error response and
// within REQUEST_TIMEOUT_MS; the server must log no handler failure and write nothing but LSP messages on stdout.
// At the end, the diagnostics published for the edited document must equal those of the same text opened fresh,
// and contain every problem of a direct core analysis. Seeded and time-boxed (test/fuzz/config.ts).
import test from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../../server/src/core';
import { settingsFrom } from '../../server/src/lsp/settings';
import { ContentChange, Diagnostic, LspClient, peakMemoryMB, Position } from '../support/lsp-client';
import { baseText, editOp, EditOp, placeEdit } from '../fuzz/arbitraries';
import { fuzzConfig, runParameters } from '../fuzz/config';
import { CORPUS_DIR } from '../fuzz/corpus';
import { probesFor } from '../fuzz/probes';
import { haveShared } from '../support/shared';

const cfg = fuzzConfig('lsp', 25_000, 0.8);
/** A request slower than this counts as a hang (generous: the test machine is shared). */
const REQUEST_TIMEOUT_MS = 5_000;
const DIAGNOSTICS_TIMEOUT_MS = 15_000;

interface ProbeSpec {
  which: number;
  a: number;
  b: number;
  /** Ask at a position past the end of the document (a stale position from a fast typist's editor). */
  outside: boolean;
}
interface Step {
  op: EditOp;
  probes: ProbeSpec[];
  /** Wait for this version's diagnostics before going on. */
  settle: boolean;
  /** Change the settings first (index into SETTINGS). */
  settings?: number;
}
/** Settings a user may switch to while editing: every one changes the options, so cached analyses are dropped. */
const SETTINGS: Array<Record<string, unknown>> = [
  {},
  { maxDocuments: 2 },
  { maxFileSizeMB: 1 },
  { rules: { 'schema-enum': 'off', 'yaml-syntax': 'warning' } },
  { rules: { 'yaml-duplicate-key': 'error' }, kubernetesVersion: '1.27', nodePortRange: '20000-20100' },
  { enable: false },
  { maxDocuments: 'lots', rules: 7, dns: null },
];
const fraction = fc.double({ min: 0, max: 1, noNaN: true });
const step: fc.Arbitrary<Step> = fc.record({
  op: editOp,
  probes: fc.array(fc.record({ which: fc.nat(), a: fraction, b: fraction, outside: fc.nat({ max: 19 }).map((n) => n === 0) }), { maxLength: 3 }),
  settle: fc.nat({ max: 3 }).map((n) => n === 0),
  settings: fc.option(fc.nat({ max: SETTINGS.length - 1 }), { freq: 10, nil: undefined }),
});
const scenario = fc.record({ base: baseText, steps: fc.array(step, { minLength: 1, maxLength: 10 }) });

/** What must be equal between two publications: everything but the document's own URI. */
function normalize(diags: Diagnostic[], uri: string): string {
  const name = uri.slice(uri.lastIndexOf('/') + 1);
  return JSON.stringify(diags).split(JSON.stringify(uri).slice(1, -1)).join('<uri>').split(name).join('<name>');
}

/**
 * Fuzzes one server. `folder` makes it a workspace (the shared corpus: real Deployments, Services and policies that
 * the cross-file checks relate the fuzzed document to); the fuzzed documents then live inside it.
 */
async function fuzzServer(label: string, budgetMs: number, folder?: string): Promise<void> {
  const client = new LspClient();
  const folderUri = folder ? pathToFileURL(folder).href : undefined;
  await client.start(folderUri ? { rootUri: folderUri, workspaceFolders: [{ uri: folderUri, name: 'corpus' }] } : {});
  if (folderUri) {
    // Cross-file diagnostics are published once the workspace is indexed: start after that, so that an edited and
    // a fresh document are compared against the same index.
    const t0 = Date.now();
    while (!client.logs.some((l) => /Workspace index|workspace scan failed/.test(l.message)) && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 50));
  }
  const docUri = (n: number, suffix = '') => (folderUri ? `${folderUri}/fuzz-${n}${suffix}.yaml` : `file:///fuzz/run-${n}${suffix}.yaml`);
  const probes = probesFor(client.capabilities);
  const configure = (settings: Record<string, unknown>) => {
    client.settings = settings;
    client.notify('workspace/didChangeConfiguration', { settings: { k8sNetworkLens: settings } });
  };
  let runs = 0;
  let edits = 0;
  let requests = 0;
  let slowest = 0;
  let slowestMethod = '';
  const asked = new Set<string>();

  async function ask(method: string, fn: () => Promise<unknown>, what: string): Promise<unknown> {
    const t0 = Date.now();
    try {
      return await fn();
    } catch (e) {
      throw new Error(`${method} ${what}: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      const dt = Date.now() - t0;
      requests++;
      asked.add(method);
      if (dt > slowest) {
        slowest = dt;
        slowestMethod = method;
      }
    }
  }

  try {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ base, steps }) => {
        runs++;
        const uri = docUri(runs);
        // Each run starts from the default settings, so that a replayed case behaves as it did.
        if (JSON.stringify(client.settings) !== '{}') configure({});
        let doc = TextDocument.create(uri, 'yaml', 1, base);
        client.open(uri, base);
        try {
          for (const s of steps) {
            // A settings change comes before the step's edit, so every later version is analysed with the new ones.
            if (s.settings !== undefined) configure(SETTINGS[s.settings]);
            let changes: ContentChange[] | undefined;
            if (s.op.applyFix && probes.some((p) => p.method === 'textDocument/codeAction')) {
              const diags = await client.waitForDiagnostics(uri, undefined, DIAGNOSTICS_TIMEOUT_MS);
              const whole = { start: { line: 0, character: 0 }, end: doc.positionAt(doc.getText().length) };
              const actions: any = await ask('textDocument/codeAction', () => client.request('textDocument/codeAction', { textDocument: { uri }, range: whole, context: { diagnostics: diags } }, REQUEST_TIMEOUT_MS), `v${doc.version}`);
              const edits = (Array.isArray(actions) ? actions : []).map((a: any) => a?.edit?.changes?.[uri]).find((e: unknown) => Array.isArray(e) && e.length);
              if (edits) {
                // LSP applies content changes one after the other: send the fix's edits from the last to the first.
                changes = [...edits]
                  .sort((x: any, y: any) => doc.offsetAt(y.range.start) - doc.offsetAt(x.range.start))
                  .map((e: any) => ({ range: e.range, text: e.newText }));
              }
            }
            if (!changes) {
              if (s.op.full) changes = [{ text: s.op.text }];
              else {
                const { start, end } = placeEdit(s.op, doc.getText().length);
                changes = [{ range: { start: doc.positionAt(start), end: doc.positionAt(end) }, text: s.op.text }];
              }
            }
            doc = TextDocument.update(doc, changes as any, doc.version + 1);
            client.change(uri, changes);
            edits++;
            const len = doc.getText().length;
            const last = client.diagnostics.get(uri)?.diagnostics ?? [];
            for (const p of s.probes) {
              if (!probes.length) break;
              const probe = probes[p.which % probes.length];
              const pos: Position = p.outside ? { line: doc.lineCount + 3, character: 500 } : doc.positionAt(Math.floor(p.a * (len + 1)));
              const end: Position = doc.positionAt(Math.floor(p.b * (len + 1)));
              const r = await ask(probe.method, () => probe.run(client, uri, pos, end, last, REQUEST_TIMEOUT_MS), `v${doc.version} at ${JSON.stringify(pos)}`);
              assert.notEqual(r, undefined, `${probe.method} answered with no result at all`);
            }
            if (s.settle) await client.waitForDiagnostics(uri, undefined, DIAGNOSTICS_TIMEOUT_MS);
          }
          const text = doc.getText();
          const published = await client.waitForDiagnostics(uri, undefined, DIAGNOSTICS_TIMEOUT_MS);
          for (const d of published) assert.notEqual(d.code, 'internal-error', `a rule threw: ${d.message}`);

          // Every problem of a direct core analysis is published, at the same place.
          const key = (d: { range: unknown; code?: unknown; message: string }) => JSON.stringify([d.range, d.code, d.message]);
          const got = new Set(published.map(key));
          const current = settingsFrom(client.settings);
          if (!current.enable) assert.deepEqual(published, [], 'diagnostics while k8sNetworkLens.enable is false');
          for (const p of current.enable ? analyze(text, current.options).problems : []) {
            const k = key({ range: { start: doc.positionAt(p.start), end: doc.positionAt(p.end) }, code: p.ruleId, message: p.message });
            assert.ok(got.has(k), `the server did not publish ${k}`);
          }

          // The same text opened fresh (no incremental sync, no cached analysis) gets the same diagnostics.
          client.closeDocument(uri);
          const fresh = docUri(runs, '-fresh');
          // In a workspace the index forgets the closed document asynchronously and then re-publishes the others:
          // the fresh document's diagnostics must converge to the edited one's (and do at once without a workspace).
          client.open(fresh, text);
          const expected = normalize(published, uri);
          const again = await client
            .waitForDiagnostics(fresh, (d, v) => v === 1 && normalize(d, fresh) === expected, DIAGNOSTICS_TIMEOUT_MS)
            .catch(() => client.diagnostics.get(fresh)?.diagnostics ?? []);
          client.closeDocument(fresh);
          assert.equal(normalize(again, fresh), expected, 'edited and freshly opened text got different diagnostics');
        } finally {
          if (client.version(uri) !== undefined) client.closeDocument(uri);
        }
        assert.deepEqual(client.loggedErrors(), [], 'the server logged a failure');
        assert.deepEqual(client.protocolErrors, [], 'the server wrote something that is not an LSP message');
        assert.ok(client.alive, `the server exited: ${client.stderr.slice(-2000)}`);
      }),
      runParameters({ ...cfg, budgetMs }),
    );
  } finally {
    console.log(
      `[fuzz] lsp (${label}): ${runs} edit sequences, ${edits} edits, ${requests} requests (${[...asked].sort().join(', ')}); ` +
        `slowest answer ${slowest} ms (${slowestMethod}); server peak memory ${peakMemoryMB(client.pid)?.toFixed(0)} MB`,
    );
    await client.close();
  }
  assert.ok(runs > 0);
}

test(`LSP fuzz: edit sequences through the protocol, single files (seed ${cfg.seed}, ${Math.round(cfg.budgetMs * 0.6)} ms)`, { timeout: cfg.budgetMs + 180_000 }, () =>
  fuzzServer('single files', Math.round(cfg.budgetMs * 0.6)),
);

test(`LSP fuzz: edit sequences inside a workspace (the shared corpus) (seed ${cfg.seed}, ${Math.round(cfg.budgetMs * 0.4)} ms)`, { timeout: cfg.budgetMs + 180_000 }, async (t) => {
  if (!haveShared(t, CORPUS_DIR, 'the protocol fuzz inside the corpus workspace')) return;
  await fuzzServer('corpus workspace', Math.round(cfg.budgetMs * 0.4), CORPUS_DIR);
});
