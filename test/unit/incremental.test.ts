// Incremental analysis is exact: after every random edit, re-using the previous analysis (what the server does on
// each keystroke) gives the same result as a fresh full analysis. Seeded, so a failure is reproducible; the edits
// create and remove `---` markers and `%YAML` directives, land inside the first and the last document, and the
// options change now and then (a settings change must not keep results computed with the old options).
import test from 'node:test';
import assert from 'node:assert/strict';
import { analyze, withDefaults } from '../../server/src/core';
import type { Analysis, AnalysisOptions } from '../../server/src/core';
import { editSplit, splitDocuments } from '../../server/src/core/yaml/documents';
import { SplitDocument } from '../../server/src/lsp/document';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { WorkspaceIndex } from '../../server/src/core/workspace/model';
import { policiesSelecting, refAt, workloadsSelectedBy } from '../../server/src/core/workspace/queries';
import { matches } from '../../server/src/core/workspace/selectors';
import { summarizeAnalysis } from '../../server/src/core/workspace/summary';
import { rng } from '../support/rng';


const SERVICE = `# the API
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  type: ClusterIP
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: http
      nodePort: 30080
    - port: 80
      protocol: tcp
`;
const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-allow
spec:
  podSelector:
    matchLabels:
      app: web
  policyTypes: [Ingress, Egress]
  ingress:
    - from:
        - ipBlock:
            cidr: 10.0.0.0/8
            except: [192.168.0.0/24]
          namespaceSelector: {}
      ports:
        - port: http
          endPort: 90
  egress:
    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: kube-system
      ports:
        - port: 53
          protocol: UDP
`;
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          ports:
            - name: http
              containerPort: 8080
`;
const OTHER = `# k8s-network-lens-disable-next-line yaml-duplicate-key
apiVersion: v1
kind: ConfigMap
data:
  a: 1
  a: 2
`;
const DOCS = [SERVICE, POLICY, DEPLOYMENT, OTHER, 'kind: Service\nspec: [unclosed\n', '', '# only a comment\n'];

/** What an analysis says, without object identity (reused results are shared objects, fresh ones are not). */
function plain(a: Analysis) {
  return {
    text: a.text,
    template: a.template,
    problems: a.problems,
    suppressions: a.suppressions,
    segments: a.segments.map((s) => ({ start: s.start, ...s.result })),
  };
}

const SNIPPETS = ['---\n', '\n---', '---', '--- ', '-', '\n', '\r\n', ' ', 'x', ':', '#', '%YAML 1.1\n', '%', '{{ .Values.x }}', 'kind: Service\n', '  port: 70000\n', '\u2028', '"', '...\n'];

/** A random edit: mostly small, sometimes at the very start or end (first/last document), sometimes a marker. */
function edit(r: ReturnType<typeof rng>, text: string): string {
  const where = r.next();
  const at = where < 0.2 ? r.int(0, Math.min(40, text.length)) : where < 0.4 ? r.int(Math.max(0, text.length - 40), text.length) : r.int(0, text.length);
  const kind = r.next();
  if (kind < 0.45) return text.slice(0, at) + r.pick(SNIPPETS) + text.slice(at);
  if (kind < 0.75) return text.slice(0, at) + text.slice(at + r.int(1, 12));
  if (kind < 0.85) {
    // Delete across a document marker, joining two documents.
    const m = text.indexOf('---', at);
    return m < 0 ? text.slice(0, at) : text.slice(0, Math.max(0, m - r.int(0, 3))) + text.slice(m + r.int(1, 5));
  }
  if (kind < 0.95) return text.slice(0, at) + r.pick(DOCS) + '---\n' + text.slice(at);
  return text.slice(0, at) + r.pick(SNIPPETS) + text.slice(at + r.int(0, 3));
}

function corpus(r: ReturnType<typeof rng>, docs: number): string {
  const parts: string[] = [];
  for (let i = 0; i < docs; i++) parts.push(r.pick(DOCS));
  return parts.join('---\n');
}

/** The smallest change from `text` to `next` as a replaced range, widened by up to `widen` characters each side. */
function changeOf(text: string, next: string, widen = 0): { start: number; end: number; insert: string } {
  let a = 0;
  while (a < text.length && a < next.length && text[a] === next[a]) a++;
  let b = 0;
  while (b < text.length - a && b < next.length - a && text[text.length - 1 - b] === next[next.length - 1 - b]) b++;
  a = Math.max(0, a - widen);
  b = Math.max(0, b - widen);
  return { start: a, end: text.length - b, insert: next.slice(a, next.length - b) };
}

test('editSplit equals a fresh split after thousands of random edits', () => {
  const r = rng(6);
  let text = corpus(r, 12);
  let segs = splitDocuments(text);
  for (let i = 0; i < 4000; i++) {
    const next = i % 500 === 0 ? corpus(r, r.int(0, 12)) : edit(r, text);
    // Ranges as an editor sends them: the exact change, or one spanning more (a paste over several documents).
    const { start, end, insert } = changeOf(text, next, r.next() < 0.3 ? r.int(1, 60) : 0);
    const fresh = splitDocuments(next);
    assert.deepEqual(editSplit(segs, start, end, insert), fresh, `edit ${i}: ${JSON.stringify(text)} -> ${JSON.stringify(next)}`);
    text = next;
    segs = fresh;
  }
});

test('editSplit handles the edge cases random edits rarely reach', () => {
  const cases: Array<[string, string]> = [
    // The last segment is a bare `---`: appending a dash turns it into text, so it cannot be a kept margin.
    ['a: 1\n---', 'a: 1\n----'],
    ['a: 1\n---\nb: 2\n---', 'a: 1\n---\nb: 2\n---x'],
    // A directive-only first segment swallows the next document, even one that was unchanged.
    ['%YAML 1.1\nX\n---\n# c\n---\nB: 2\n', '%YAML 1.1---\n# c\n---\nB: 2\n'],
    ['%YAML 1.1\nX\n---\nA: 1\n---\nB: 2\n---\nC: 3\n', '%YAML 1.1\n---\nA: 1\n---\nB: 2\n---\nC: 3\n'],
    // ... and stops swallowing when the directive gets content.
    ['%YAML 1.1\n---\nA: 1\n---\nB: 2\n', '%YAML 1.1\nX\n---\nA: 1\n---\nB: 2\n'],
    // A marker loses its line break, or gets one.
    ['a: 1\n---\nb: 2\n---\nc: 3\n', 'a: 1---\nb: 2\n---\nc: 3\n'],
    ['a: 1---\nb: 2\n---\nc: 3\n', 'a: 1\n---\nb: 2\n---\nc: 3\n'],
    // Short documents before the edit: the kept boundary needs its look-ahead outside the edit.
    ['---\n---\n---\na: 1\n', '---\n---\n--\na: 1\n'],
    ['', '---\n'],
    ['---\n', ''],
    ['a\n---\nb\n', 'a\n---\nb\n'],
  ];
  for (const [before, after] of cases) {
    for (const widen of [0, 3, 100]) {
      const { start, end, insert } = changeOf(before, after, widen);
      assert.deepEqual(editSplit(splitDocuments(before), start, end, insert), splitDocuments(after), `${JSON.stringify(before)} -> ${JSON.stringify(after)} (widened ${widen})`);
    }
  }
});

test('incremental analysis equals a fresh analysis after random edits, marker changes and option changes', () => {
  const r = rng(2026);
  const optionSets: AnalysisOptions[] = [
    withDefaults(),
    withDefaults({ rules: { 'yaml-duplicate-key': 'off' } }),
    withDefaults({ nodePortRange: [20000, 40000], maxDocuments: 5 }),
  ];
  let options = optionSets[0];
  let text = corpus(r, 10);
  let previous = analyze(text, options);
  let reused = 0;
  for (let i = 0; i < 250; i++) {
    text = i % 80 === 79 ? corpus(r, r.int(0, 10)) : edit(r, text);
    if (r.next() < 0.05) options = r.pick(optionSets);
    // A structurally equal but new options object must not reuse results either (the server makes one per change).
    if (r.next() < 0.02) options = { ...options };
    const incremental = analyze(text, options, previous);
    const fresh = analyze(text, options);
    assert.deepEqual(plain(incremental), plain(fresh), `edit ${i} diverged; text:\n${text}`);
    if (previous.options === options) reused += incremental.segments.filter((s) => previous.segments.some((p) => p.result === s.result)).length;
    previous = incremental;
  }
  assert.ok(reused > 500, `unchanged documents are reused, not re-analysed (${reused})`);
});

test('an edit inside one document re-analyses only that document', () => {
  const options = withDefaults();
  const text = [SERVICE, POLICY, DEPLOYMENT, SERVICE.replace('web', 'api'), POLICY.replace('web-allow', 'db')].join('---\n');
  const before = analyze(text, options);
  const at = text.indexOf('port: 53');
  const after = analyze(text.slice(0, at) + 'port: 54' + text.slice(at + 8), options, before);
  const fresh = before.segments.map((s, i) => after.segments[i].result !== s.result);
  assert.deepEqual(fresh, [false, true, false, false, false]);
  assert.deepEqual(after.segments.map((s) => s.start), before.segments.map((s) => s.start));
});

test('the server path: a document kept as its `---` documents reads, maps positions and analyses like a whole text', () => {
  const r = rng(7);
  const options = withDefaults();
  const uri = 'file:///w/all.yaml';
  const initial = corpus(r, 10);
  const doc = SplitDocument.create(uri, 'yaml', 1, initial);
  let shadow = TextDocument.create(uri, 'yaml', 1, initial);
  let analysis = analyze(doc.split, options);
  for (let i = 0; i < 250; i++) {
    // One to three changes per notification (a burst of typing coalesced by the client), each in the coordinates
    // of the text the previous one produced; now and then a full-text change.
    const changes = [];
    let text = doc.getText();
    for (let c = r.int(1, 3); c > 0; c--) {
      if (r.next() < 0.03) {
        text = corpus(r, r.int(0, 6));
        changes.push({ text });
        continue;
      }
      const next = edit(r, text);
      let { start: a, end } = changeOf(text, next, r.next() < 0.2 ? r.int(1, 40) : 0);
      // An LSP position cannot fall between \r and \n: widen the range over the pair.
      if (a > 0 && text[a - 1] === '\r' && text[a] === '\n') a--;
      if (end < text.length && text[end - 1] === '\r' && text[end] === '\n') end++;
      const before = TextDocument.create(uri, 'yaml', 0, text);
      changes.push({ range: { start: before.positionAt(a), end: before.positionAt(end) }, text: next.slice(a, next.length - (text.length - end)) });
      text = next;
    }
    SplitDocument.update(doc, changes, i + 2);
    shadow = TextDocument.update(shadow, changes, i + 2);
    assert.equal(doc.getText(), text);
    assert.equal(shadow.getText(), text);
    assert.equal(doc.lineCount, shadow.lineCount, `change ${i}: line count`);
    for (let k = 0; k < 20; k++) {
      const o = r.int(-2, text.length + 2);
      assert.deepEqual(doc.positionAt(o), shadow.positionAt(o), `change ${i}: positionAt(${o})`);
      const p = { line: r.int(-1, shadow.lineCount + 1), character: r.int(-1, 90) };
      assert.equal(doc.offsetAt(p), shadow.offsetAt(p), `change ${i}: offsetAt(${JSON.stringify(p)})`);
      const q = { line: r.int(0, shadow.lineCount), character: r.int(0, 90) };
      const range = p.line < q.line ? { start: p, end: q } : { start: q, end: p };
      assert.equal(doc.getText(range), shadow.getText(range), `change ${i}: getText(${JSON.stringify(range)})`);
    }
    // Many offsets at once (CodeLens places): ascending, with now and then one out of order.
    const many = Array.from({ length: 30 }, () => r.int(-1, text.length + 1)).sort((x, y) => x - y);
    if (r.next() < 0.3) many.splice(r.int(0, many.length), 0, r.int(0, text.length));
    assert.deepEqual(doc.positionsAt(many), many.map((o) => shadow.positionAt(o)), `change ${i}: positionsAt`);
    const line = r.int(-1, shadow.lineCount);
    assert.deepEqual(doc.getLineRange(line), shadow.getLineRange(line));
    assert.equal(doc.getEOLCharacters(line), shadow.getEOLCharacters(line));
    const incremental = analyze(doc.split, options, analysis);
    const fresh = analyze(text, options);
    assert.deepEqual(plain(incremental), plain(fresh), `change ${i} diverged; text:\n${text}`);
    analysis = incremental;
  }
});

test('a range past the end of the text (which clients should not send) is clamped, and the document stays consistent', () => {
  const r = rng(23);
  const uri = 'file:///w/x.yaml';
  const doc = SplitDocument.create(uri, 'yaml', 1, corpus(r, 4));
  for (let i = 0; i < 400; i++) {
    const before = doc.getText();
    const shadow = TextDocument.create(uri, 'yaml', 0, before);
    const pos = () => ({ line: r.int(-2, shadow.lineCount + 3), character: r.int(-2, 30) });
    const range = { start: pos(), end: pos() };
    const insert = r.pick(SNIPPETS);
    SplitDocument.update(doc, [{ range, text: insert }], i + 2);
    // What the edit means: the same change at the offsets the positions clamp to.
    let a = shadow.offsetAt(range.start);
    let b = shadow.offsetAt(range.end);
    if (a > b) [a, b] = [b, a];
    const text = before.slice(0, a) + insert + before.slice(b);
    assert.equal(doc.getText(), text, `change ${i}`);
    const fresh = TextDocument.create(uri, 'yaml', 0, text);
    assert.equal(doc.lineCount, fresh.lineCount, `change ${i}: line count`);
    for (let k = 0; k < 10; k++) {
      const o = r.int(0, text.length);
      assert.deepEqual(doc.positionAt(o), fresh.positionAt(o), `change ${i}: positionAt(${o})`);
    }
    assert.deepEqual(doc.split.segments, splitDocuments(text));
  }
});

/** The suppression comments of a whole text, scanned as one string (the reference the per-document scans must equal). */
function wholeTextSuppressions(text: string) {
  const out: Array<{ lineStart?: number; lineEnd?: number; ids?: Set<string> }> = [];
  for (const m of text.matchAll(/#[ \t]*k8s-network-lens-disable(-next-line)?([ \t][^\r\n]*)?$/gm)) {
    const list = (m[2] ?? '').trim().replace(/,$/, '').trim();
    const ids = list ? list.split(/[ \t]*,[ \t]*|[ \t]+/) : undefined;
    if (ids && !ids.every((id) => /^[\w-]+$/.test(id))) continue;
    const set = ids ? new Set(ids) : undefined;
    if (!m[1]) {
      out.push({ ids: set });
      continue;
    }
    const nl = text.indexOf('\n', m.index);
    if (nl < 0) continue;
    const next = text.indexOf('\n', nl + 1);
    out.push({ lineStart: nl + 1, lineEnd: next < 0 ? text.length : next, ids: set });
  }
  return out;
}

test('suppression comments combined from the documents equal a scan of the whole text, whatever the line endings', () => {
  const r = rng(31);
  const parts = ['# k8s-network-lens-disable', '# k8s-network-lens-disable-next-line', ' schema-range', ', a-b', '\n', '\r', '\r\n', '\u2028', '\u2029', '---', '---\n', ' ', 'x', 'kind: Service\n', '  ports: [{port: 70000}]\n'];
  const fixed = [
    '# k8s-network-lens-disable \u2028---\napiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  ports: [{port: 70000}]\n',
    '# k8s-network-lens-disable-next-line\r---\nkind: Service\n',
    '# k8s-network-lens-disable-next-line\u2028---\nkind: Service\n',
    'a: 1\n# k8s-network-lens-disable-next-line\n---',
  ];
  const options = withDefaults();
  for (let i = 0; i < 3000; i++) {
    const text = i < fixed.length ? fixed[i] : Array.from({ length: r.int(1, 14) }, () => r.pick(parts)).join('');
    const analysis = analyze(text, options);
    if (analysis.template) continue;
    assert.deepEqual(analysis.suppressions, wholeTextSuppressions(text), JSON.stringify(text));
  }
});

test('indexed workspace queries give exactly what a scan of the namespace gives', () => {
  const r = rng(11);
  const keys = ['app', 'tier', 'team'];
  const values = ['a', 'b', 'c', ''];
  const labels = () => {
    const out: string[] = [];
    for (const k of keys) if (r.next() < 0.6) out.push(`${k}: "${r.pick(values)}"`);
    return out.length ? `{${out.join(', ')}}` : '{}';
  };
  const docs: string[] = [];
  for (let i = 0; i < 120; i++) {
    const ns = r.pick(['x', 'y']);
    const kind = r.next();
    if (kind < 0.5) {
      docs.push(`apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w${i}, namespace: ${ns}}\nspec:\n  template:\n    metadata:\n      labels: ${labels()}\n`);
    } else {
      const expr = r.next() < 0.3 ? `\n    matchExpressions: [{key: ${r.pick(keys)}, operator: ${r.pick(['In', 'NotIn', 'Exists', 'DoesNotExist'])}, values: [${r.pick(values) || 'a'}]}]` : '';
      docs.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p${i}, namespace: ${ns}}\nspec:\n  podSelector:\n    matchLabels: ${labels()}${expr.replace(/values: \[\]/, '')}\n`);
    }
  }
  const analysis = analyze(docs.join('---\n'), withDefaults());
  const index = new WorkspaceIndex();
  index.set(summarizeAnalysis('w/all.yaml', 'file:///w/all.yaml', analysis));
  const view = index.view('default');
  let compared = 0;
  for (const ns of ['x', 'y']) {
    for (const w of view.workloadsIn(ns)) {
      const scan = view.policiesIn(ns).filter((p) => p.obj.podSelector && matches(p.obj.podSelector, w.obj.podLabels ?? {}));
      assert.deepEqual(policiesSelecting(view, w), w.obj.podLabels ? scan : []);
      compared++;
    }
    for (const p of view.policiesIn(ns)) {
      if (!p.obj.podSelector) continue;
      const sel = p.obj.podSelector;
      assert.deepEqual(workloadsSelectedBy(view, ns, sel), view.workloadsIn(ns).filter((w) => w.obj.podLabels !== undefined && matches(sel, w.obj.podLabels)));
      compared++;
    }
  }
  assert.ok(compared > 50, `compared ${compared}`);
  // The object at an offset (binary search) is the one the scan of the file's objects finds.
  const refs = view.byFile.get('w/all.yaml') ?? [];
  for (let offset = -1; offset <= analysis.text.length + 1; offset += 37) {
    let best: (typeof refs)[number] | undefined;
    for (const ref of refs) if (ref.base <= offset && (!best || ref.base >= best.base)) best = ref;
    assert.equal(refAt(view, 'w/all.yaml', offset), best);
  }
});
