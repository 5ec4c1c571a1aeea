// The cross-file checks kept between keystrokes (FileChecks, what the server uses) give exactly what a fresh run of
// every check gives, after each of many random edits in a workspace of several files: renames, label, selector,
// port, node port and namespace changes, `---` documents added, removed and duplicated, edits of other files.
// Seeded, so a failure is reproducible.
import test from 'node:test';
import assert from 'node:assert/strict';
import { analyze, withDefaults } from '../../server/src/core';
import type { Analysis } from '../../server/src/core';
import { FileChecks, workspaceProblems } from '../../server/src/core/workspace/incremental';
import { WorkspaceIndex } from '../../server/src/core/workspace/model';
import { summarizeAnalysis } from '../../server/src/core/workspace/summary';
import { rng } from '../support/rng';


const deployment = (name: string, app: string, ns: string, port: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
  labels:
    app: ${app}
  annotations:
    note: hello
spec:
  template:
    metadata:
      labels:
        app: ${app}
    spec:
      containers:
        - name: main
          ports:
            - name: ${port}
              containerPort: 8080
              protocol: TCP
`;
const service = (name: string, app: string, ns: string, target: string, extra = '') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
  annotations:
    note: hello
spec:
${extra}  selector:
    app: ${app}
  ports:
    - port: 80
      targetPort: ${target}
      protocol: TCP
`;
const nodePort = (name: string, app: string, ns: string, port: number) => service(name, app, ns, '8080', `  type: NodePort\n`).replace('protocol: TCP\n', `protocol: TCP\n      nodePort: ${port}\n`);
const statefulSet = (name: string, svc: string, ns: string) => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  serviceName: ${svc}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: main
`;
const policy = (name: string, app: string, ns: string, peer: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  podSelector:
    matchLabels:
      app: ${app}
  policyTypes: [Ingress, Egress]
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: ${peer}
  egress:
    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: kube-system
      ports:
        - port: 53
          protocol: UDP
`;
const namespace = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels:\n    team: a\n`;

const FILES: Record<string, string> = {
  'apps/a.yaml': [
    deployment('web', 'web', 'shop', 'http'),
    service('web', 'web', 'shop', 'http'),
    service('web', 'web', 'shop', 'http'),
    service('db-hl', 'db', 'shop', '5432', '  clusterIP: None\n'),
    statefulSet('db', 'db', 'shop'),
    nodePort('edge', 'web', 'shop', 30080),
    policy('web-allow', 'web', 'shop', 'api'),
    policy('lost', 'nothing', 'shop', 'web'),
  ].join('---\n'),
  'apps/b.yaml': [deployment('api', 'api', 'shop', 'grpc'), nodePort('edge2', 'api', 'shop', 30080), service('api', 'api', 'prod', 'grpc'), policy('api-allow', 'api', 'shop', 'web')].join('---\n'),
  'other/c.yaml': [namespace('shop'), deployment('web', 'web', 'prod', 'http'), service('web', 'web', 'shop', 'http'), policy('prod-web', 'web', 'prod', 'web')].join('---\n'),
};

// Replacements that change what the checks see, and a few that change positions only.
const WORDS: Array<[RegExp, string[]]> = [
  [/\bweb\b/g, ['api', 'db', 'webx', 'web']],
  [/\bapi\b/g, ['web', 'apix']],
  [/\bshop\b/g, ['prod', 'shop2']],
  [/\bprod\b/g, ['shop']],
  [/\bhttp\b/g, ['grpc', '8080', 'http2']],
  [/\b30080\b/g, ['30081', '30080']],
  [/\bTCP\b/g, ['UDP']],
  [/\bNone\b/g, ['10.0.0.1']],
  [/\bhello\b/g, ['hello world', 'h', 'bye']],
  [/\bdb\b/g, ['db-hl', 'dbx']],
];

function edit(text: string, r: ReturnType<typeof rng>): string {
  const kind = r.int(0, 9);
  if (kind <= 5) {
    const [re, to] = r.pick(WORDS);
    const hits = [...text.matchAll(re)];
    if (!hits.length) return text;
    const h = r.pick(hits);
    return text.slice(0, h.index!) + r.pick(to) + text.slice(h.index! + h[0].length);
  }
  const docs = text.split(/^---\n/m);
  if (kind === 6 && docs.length > 1) {
    docs.splice(r.int(0, docs.length - 1), 1); // a document removed
    return docs.join('---\n');
  }
  if (kind === 7) {
    const d = r.pick(docs); // a document duplicated (an identical copy shares its summary)
    docs.splice(r.int(0, docs.length), 0, d.endsWith('\n') ? d : `${d}\n`);
    return docs.join('---\n');
  }
  if (kind === 8) {
    const at = r.int(0, text.length); // a keystroke anywhere
    return text.slice(0, at) + r.pick(['x', ' ', '\n', '#', ':', '-']) + text.slice(at);
  }
  const at = r.int(0, Math.max(0, text.length - 1));
  return text.slice(0, at) + text.slice(at + r.int(1, 3));
}

test('cross-file problems kept between edits equal a fresh check of every object, after random edits', () => {
  for (const seed of [1, 2, 3, 4]) {
    const r = rng(seed);
    const options = withDefaults({});
    const texts = new Map(Object.entries(FILES));
    const analyses = new Map<string, Analysis>();
    const index = new WorkspaceIndex();
    const caches = new Map<string, FileChecks>();
    for (const [file, text] of texts) {
      const a = analyze(text, options);
      analyses.set(file, a);
      index.set(summarizeAnalysis(file, `file:///${file}`, a));
      caches.set(file, new FileChecks());
    }
    let reported = 0;
    for (let step = 0; step < 80; step++) {
      // Mostly one file, as when typing; now and then another one, as when a file changes on disk.
      const file = r.next() < 0.8 ? 'apps/a.yaml' : r.pick([...texts.keys()]);
      const text = edit(texts.get(file)!, r);
      texts.set(file, text);
      const a = analyze(text, options, analyses.get(file));
      analyses.set(file, a);
      index.set(summarizeAnalysis(file, `file:///${file}`, a));
      const view = index.view(options.defaultNamespace);
      // The edited file is published first, then (as the server does when a summary changed) the others.
      for (const f of [file, ...[...texts.keys()].filter((k) => k !== file)]) {
        const kept = caches.get(f)!.problems(view, f, options);
        const fresh = workspaceProblems(view, f, options);
        assert.deepEqual(kept, fresh, `seed ${seed}, step ${step}, ${f}:\n${texts.get(f)}`);
        reported += fresh.length;
      }
    }
    assert.ok(reported > 80, `the workspace keeps some cross-file problems to compare (${reported})`);
  }
});

test('the index reports a change to other files only when what they see changes, not for positions', () => {
  const options = withDefaults();
  const index = new WorkspaceIndex();
  const put = (text: string, previous?: Analysis) => {
    const a = analyze(text, options, previous);
    return { a, changed: index.set(summarizeAnalysis('w/app.yaml', 'file:///w/app.yaml', a)) };
  };
  const base = `${deployment('web', 'web', 'shop', 'http')}---\n${deployment('api', 'api', 'shop', 'grpc')}`;
  const first = put(base);
  assert.equal(first.changed, true, 'a new file is news to the others');
  assert.equal(put(base).changed, false, 'the same text analysed afresh (new objects, same content)');
  const moved = put(`# a comment moves everything down\n${base}`, first.a);
  assert.equal(moved.changed, false, 'only positions changed');
  const relabelled = put(`# a comment moves everything down\n${base.replace('app: api', 'app: api2')}`, moved.a);
  assert.equal(relabelled.changed, true, 'a label changed');
  const second = put(`${base.replace('app: api', 'app: api2')}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n`, relabelled.a);
  assert.equal(second.changed, false, 'a document others do not see was added');
  assert.equal(put(base.replace('namespace: shop', 'namespace: shop2'), second.a).changed, true, 'a namespace changed');
});
