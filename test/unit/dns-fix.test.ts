// The DNS egress fix: exact text on small cases in every list style, and a property test over every NetworkPolicy of
// the shared corpus (and generated CRLF, 4-space and flush-sequence variants) that restricts egress.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { allDocuments, analyze, analyzeFiles, applyEdits, withDefaults } from '../../server/src/core';
import type { AnalysisOptions, TextEdit } from '../../server/src/core';
import { dnsFixes, dnsRuleEdits } from '../../server/src/core/fixes/dns';
import { dnsVerdict } from '../../server/src/core/fixes/dns-allowed';
import { parseSegment } from '../../server/src/core/yaml/parse';
import { LspClient } from '../support/lsp-client';
import { yamlFiles } from '../support/files';
import { haveShared } from '../support/shared';

const ROOT = path.resolve(__dirname, '../../..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');

/** Applies the preferred DNS fix to the first NetworkPolicy of `text`. */
function fix(text: string, options: AnalysisOptions = withDefaults()): string | undefined {
  const analysis = analyze(text, options);
  for (const d of allDocuments(analysis)) {
    if (d.kind !== 'NetworkPolicy') continue;
    const f = dnsFixes(d, options)[0];
    return f && applyEdits(text, f.edits);
  }
  return undefined;
}

const head = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n';

test('indented lists, 2 spaces: the rule goes after the last egress rule, in the same style', () => {
  const text = head + 'spec:\n  podSelector: {}\n  policyTypes:\n    - Egress\n  egress:\n    - to:\n        - podSelector: {}\n      ports:\n        - port: 443 # https\n';
  assert.equal(
    fix(text),
    text +
      [
        '    - to:',
        '        - namespaceSelector:',
        '            matchLabels:',
        '              kubernetes.io/metadata.name: kube-system',
        '          podSelector:',
        '            matchLabels:',
        '              k8s-app: kube-dns',
        '      ports:',
        '        - protocol: UDP',
        '          port: 53',
        '        - protocol: TCP',
        '          port: 53',
        '',
      ].join('\n'),
  );
});

test('flush lists and `egress: []` with a comment: the list becomes a block list, the comment stays', () => {
  const text = head + 'spec:\n  podSelector: {}\n  policyTypes:\n  - Egress\n  egress: [] # deny all\n# trailer\n';
  assert.equal(
    fix(text),
    head +
      'spec:\n  podSelector: {}\n  policyTypes:\n  - Egress\n  egress: # deny all\n' +
      [
        '  - to:',
        '    - namespaceSelector:',
        '        matchLabels:',
        '          kubernetes.io/metadata.name: kube-system',
        '      podSelector:',
        '        matchLabels:',
        '          k8s-app: kube-dns',
        '    ports:',
        '    - protocol: UDP',
        '      port: 53',
        '    - protocol: TCP',
        '      port: 53',
        '# trailer',
        '',
      ].join('\n'),
  );
});

test('4 spaces and CRLF, `egress` absent: the key is added at the end of spec with CRLF line endings', () => {
  const text = (head + 'spec:\n    podSelector: {}\n    policyTypes:\n        - Egress\n').replace(/\n/g, '\r\n');
  const out = fix(text)!;
  assert.ok(out.startsWith(text), 'nothing before the insertion changes');
  assert.equal(
    out.slice(text.length),
    [
      '    egress:',
      '        - to:',
      '              - namespaceSelector:',
      '                    matchLabels:',
      '                        kubernetes.io/metadata.name: kube-system',
      '                podSelector:',
      '                    matchLabels:',
      '                        k8s-app: kube-dns',
      '          ports:',
      '              - protocol: UDP',
      '                port: 53',
      '              - protocol: TCP',
      '                port: 53',
      '',
    ].join('\r\n'),
  );
});

test('a flow list gets a flow rule', () => {
  const text = head + 'spec: {podSelector: {}, policyTypes: [Egress], egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8}}]}]}\n';
  const out = fix(text)!;
  assert.equal(
    out,
    head +
      'spec: {podSelector: {}, policyTypes: [Egress], egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8}}]}, {to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}], ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]}]}\n',
  );
});

test('only UDP allowed: a TCP twin of the UDP port is added, in the same key order', () => {
  const text = head + 'spec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - ports:\n    - port: 53\n      protocol: UDP\n';
  assert.equal(fix(text), text + '    - port: 53\n      protocol: TCP\n');
});

test('settings: another DNS namespace, labels, port and a NodeLocal DNSCache IP', () => {
  const options = withDefaults({ dns: { port: 5353, namespace: 'openshift-dns', podLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' }, ips: ['169.254.20.10'] } });
  const text = head + 'spec:\n  podSelector: {}\n  policyTypes: [Egress]\n';
  const out = fix(text, options)!;
  assert.equal(
    out.slice(text.length),
    [
      '  egress:',
      '    - to:',
      '        - namespaceSelector:',
      '            matchLabels:',
      '              kubernetes.io/metadata.name: openshift-dns',
      '          podSelector:',
      '            matchLabels:',
      '              dns.operator.openshift.io/daemonset-dns: default',
      '        - ipBlock:',
      '            cidr: 169.254.20.10/32',
      '      ports:',
      '        - protocol: UDP',
      '          port: 5353',
      '        - protocol: TCP',
      '          port: 5353',
      '',
    ].join('\n'),
  );
});

test('no fix where it would change other traffic or is not needed', () => {
  // Egress not restricted: a DNS rule would start restricting it.
  assert.equal(fix(head + 'spec:\n  podSelector: {}\n  ingress: []\n'), undefined);
  assert.equal(fix(head + 'spec:\n  podSelector: {}\n  egress: []\n'), undefined);
  // DNS allowed already (to anywhere on 53).
  assert.equal(fix(head + 'spec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - ports:\n    - {port: 53, protocol: UDP}\n    - {port: 53, protocol: TCP}\n'), undefined);
  // Broken YAML or odd shapes never throw.
  assert.equal(fix(head + 'spec: [1, 2]\n'), undefined);
  assert.equal(fix(head + 'spec:\n  policyTypes: [Egress]\n  egress: 7\n'), undefined);
});

// ---- property test over the corpus ----

/** Style variants of a file: as is, CRLF, every indentation doubled (4 spaces), and re-printed with flush lists. */
function variants(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [['original', text], ['crlf', text.replace(/\r?\n/g, '\r\n')]];
  out.push(['4-space', text.replace(/^( +)/gm, (s) => s + s)]);
  try {
    const docs = text.split(/^---[ \t]*$/m).map((t) => parseDocument(t, { version: '1.1' }));
    if (docs.every((d) => !d.errors.length)) {
      out.push(['flush-lists', docs.map((d) => d.toString({ indentSeq: false })).join('---\n')]);
      out.push(['indented-4', docs.map((d) => d.toString({ indent: 4, indentSeq: true })).join('---\n')]);
    }
  } catch {
    // A file the printer cannot handle keeps its other variants.
  }
  return out;
}

const dnsRule = {
  to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
  ports: [
    { protocol: 'UDP', port: 53 },
    { protocol: 'TCP', port: 53 },
  ],
};

/** Every edit inserts whole lines, or removes the ` []`/` null` of an empty egress; nothing else is touched. */
function assertOnlyLinesInserted(text: string, edits: TextEdit[], where: string) {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  for (const e of edits) {
    if (e.start !== e.end) {
      assert.match(text.slice(e.start, e.end), /^[ \t]*(\[\s*\]|null|~)$/, `${where}: only an empty list is replaced`);
      assert.equal(e.newText, '', where);
      continue;
    }
    const atLineStart = e.start === 0 || text[e.start - 1] === '\n';
    const atEnd = e.start === text.length && e.newText.startsWith(eol);
    assert.ok(atLineStart || atEnd, `${where}: inserted at a line start`);
    if (eol === '\r\n') assert.ok(!/[^\r]\n/.test(e.newText), `${where}: CRLF kept in inserted lines`);
    if (atLineStart) assert.ok(e.newText.endsWith(eol), `${where}: inserted text is whole lines`);
  }
}

test('property: the DNS rule on every egress-restricting NetworkPolicy of the corpus', (t) => {
  if (!haveShared(t, CORPUS, 'the DNS fix on every policy of the corpus')) return;
  const options = withDefaults();
  let policies = 0;
  let restricted = 0;
  let fixedByQuickFix = 0;
  const asIs = { policies: 0, restricted: 0, quickFix: 0 };
  const files = yamlFiles(CORPUS);
  assert.ok(files.length > 20, 'the shared corpus is there');
  for (const file of files) {
    for (const [variant, text] of variants(fs.readFileSync(file, 'utf8'))) {
      const analysis = analyze(text, options);
      for (const d of allDocuments(analysis)) {
        if (d.kind !== 'NetworkPolicy' || d.parsed.value === undefined) continue;
        policies++;
        if (variant === 'original') asIs.policies++;
        const where = `${path.relative(CORPUS, file)} (${variant})`;
        const before = d.parsed.value as any;
        if (!dnsVerdict(before, d.parsed.doc, options.dns, options.defaultNamespace).restricted) continue;
        restricted++;
        if (variant === 'original') asIs.restricted++;
        const segText = d.segment.result.text;
        const edits = dnsRuleEdits(segText, d.parsed.doc, options.dns);
        assert.ok(edits, `${where}: a fix exists`);
        assertOnlyLinesInserted(segText, edits, where);
        const afterText = applyEdits(segText, edits);
        const afterDocs = parseSegment(afterText);
        const index = parseSegment(segText).findIndex((p) => p.doc.range[0] === d.parsed.doc.range[0]);
        const after = afterDocs[index];
        assert.deepEqual(after.doc.errors, [], `${where}: the result parses`);
        const v = dnsVerdict(after.value, after.doc, options.dns, options.defaultNamespace);
        assert.ok(v.restricted && v.udp && v.tcp, `${where}: DNS is allowed`);
        const a = after.value as any;
        assert.deepEqual(a.spec.egress, [...(before.spec.egress ?? []), dnsRule], `${where}: existing egress rules unchanged, DNS rule appended`);
        assert.deepEqual({ ...a, spec: { ...a.spec, egress: undefined } }, { ...before, spec: { ...before.spec, egress: undefined } }, `${where}: the rest unchanged`);
        // Every other document of the file is byte-identical.
        const whole = applyEdits(text, edits.map((e) => ({ ...e, start: e.start + d.base, end: e.end + d.base })));
        assert.equal(whole.slice(0, d.base), text.slice(0, d.base), where);
        assert.equal(whole.slice(whole.length - (text.length - d.base - segText.length)), text.slice(d.base + segText.length), where);
        // The workspace check (the diagnostic the quick fix is attached to) no longer reports this policy.
        const end = d.base + afterText.length;
        const dnsProblems = analyzeFiles([{ file: 'policy.yaml', text: whole }], options)[0].problems.filter(
          (p) => p.ruleId.startsWith('netpol-dns-') && p.start >= d.base && p.start < end,
        );
        assert.deepEqual(dnsProblems.map((p) => p.message), [], `${where}: no DNS diagnostic left`);
        // The offered quick fix (full rule, or TCP only) leaves DNS allowed too.
        const offered = dnsFixes(d, options)[0];
        if (offered) {
          fixedByQuickFix++;
          if (variant === 'original') asIs.quickFix++;
          const doc = analyze(applyEdits(text, offered.edits), options);
          const found = [...allDocuments(doc)].find((x) => x.base === d.base && x.kind === 'NetworkPolicy');
          const w = dnsVerdict(found?.parsed.value, found!.parsed.doc, options.dns, options.defaultNamespace);
          assert.ok(w.udp && w.tcp, `${where}: the quick fix allows DNS`);
        }
      }
    }
  }
  t.diagnostic(`corpus as is: ${asIs.policies} NetworkPolicy documents, ${asIs.restricted} restrict egress, ${asIs.quickFix} lack DNS`);
  t.diagnostic(`with variants: ${policies} NetworkPolicy documents (with variants), ${restricted} restrict egress and got the DNS rule, ${fixedByQuickFix} were missing DNS and got the quick fix`);
  assert.ok(restricted >= 20, `enough policies restrict egress (${restricted})`);
  assert.ok(fixedByQuickFix > 0);
});

test('through the language server: quick fix on the DNS diagnostic, source action, Fix all', async () => {
  const client = new LspClient();
  await client.start();
  try {
    const uri = 'file:///w/dns-fix/deny.yaml';
    const text = head + 'spec:\n  podSelector: {}\n  policyTypes:\n    - Egress\n';
    client.open(uri, text);
    await client.waitForDiagnostics(uri);
    const range = { start: { line: 7, character: 6 }, end: { line: 7, character: 12 } };
    // The workspace check reports this diagnostic; its fix is computed from the text on request.
    const diagnostic = { range, severity: 2, code: 'netpol-dns-egress-blocked', source: 'k8s-network-lens', message: 'DNS blocked' };
    const actions: any[] = await client.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [diagnostic] } });
    const quick = actions.find((a) => a.kind === 'quickfix');
    assert.equal(quick.title, 'Allow DNS egress to kube-dns (UDP+TCP 53)');
    assert.equal(quick.isPreferred, true);
    assert.deepEqual(quick.diagnostics, [diagnostic]);
    const [edit] = quick.edit.changes[uri];
    assert.deepEqual(edit.range, { start: { line: 8, character: 0 }, end: { line: 8, character: 0 } });
    assert.match(edit.newText, /^  egress:\n    - to:\n/);
    const source = actions.find((a) => a.kind === 'source.addDnsEgressRule');
    assert.deepEqual(source.edit, quick.edit, 'the same fix as a source action');
    const fixAll = actions.find((a) => a.kind === 'source.fixAll');
    assert.deepEqual(fixAll.edit.changes[uri], [edit]);
    const onlySource: any[] = await client.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [], only: ['source.addDnsEgressRule'] } });
    assert.deepEqual(onlySource.map((a) => a.kind), ['source.addDnsEgressRule'], 'offered without a diagnostic, and `only` is honoured');
  } finally {
    await client.close();
  }
});

test('through the language server: the real DNS diagnostic, its light-bulb fix applied, the diagnostic gone', async () => {
  const client = new LspClient();
  await client.start();
  try {
    const uri = 'file:///w/dns-fix/foo-deny-egress.yaml';
    const text = head + 'spec:\n  podSelector:\n    matchLabels:\n      app: foo\n  policyTypes:\n  - Egress\n  egress: []\n';
    client.open(uri, text);
    const before = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'netpol-dns-egress-blocked'));
    const diagnostic = before.find((x) => x.code === 'netpol-dns-egress-blocked')!;
    const actions: any[] = await client.request('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    const fix = actions.find((a) => a.kind === 'quickfix' && a.title === 'Allow DNS egress to kube-dns (UDP+TCP 53)');
    assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
    // Apply the edits as an editor does (last first, each against the text before it).
    const edits = [...fix.edit.changes[uri]].sort((a: any, b: any) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
    const lines = text.split('\n');
    const offsetOf = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
    let after = text;
    for (const e of edits) after = after.slice(0, offsetOf(e.range.start)) + e.newText + after.slice(offsetOf(e.range.end));
    assert.equal(after, head + 'spec:\n  podSelector:\n    matchLabels:\n      app: foo\n  policyTypes:\n  - Egress\n  egress:\n  - to:\n    - namespaceSelector:\n        matchLabels:\n          kubernetes.io/metadata.name: kube-system\n      podSelector:\n        matchLabels:\n          k8s-app: kube-dns\n    ports:\n    - protocol: UDP\n      port: 53\n    - protocol: TCP\n      port: 53\n');
    const version = client.change(uri, [{ text: after }]);
    const now = await client.waitForDiagnostics(uri, (_d, v) => v === version);
    assert.deepEqual(now.filter((x) => String(x.code).startsWith('netpol-dns-')), [], 'the DNS diagnostic is gone');
  } finally {
    await client.close();
  }
});
