// Seeded generator of realistic multi-document manifests, like the output of `helm template` or `kustomize build`:
// per application a Deployment (pod labels, named container ports, probes), a Service of one of every type
// (ClusterIP, NodePort, LoadBalancer with cloud annotations, headless, ExternalName) and a NetworkPolicy
// (ingress/egress, podSelector, namespaceSelector, ipBlock with except, port ranges), with comments.
// About 1 in 30 Services carries a mistake a person makes (so both servers have something to report).
//
//   node bench/generate.mjs --docs 5000 [--seed 1] [--out file.yaml]     (default: stdout)
//   import { generate } from './generate.mjs'; generate(5000, 1) -> string
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** mulberry32: small, fast, and the same sequence on every machine. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    chance: (p) => next() < p,
  };
}

const TEAMS = ['payments', 'checkout', 'catalog', 'search', 'identity', 'billing', 'shipping', 'ledger', 'notify', 'media'];
const PARTS = ['api', 'web', 'worker', 'gateway', 'cache', 'db', 'queue', 'auth', 'report', 'export', 'sync', 'admin'];
const IMAGES = ['nginx:1.27', 'ghcr.io/acme/app:2.14.3', 'redis:7.2', 'postgres:16.4', 'envoyproxy/envoy:v1.31.0', 'python:3.12-slim'];
const PORTS = [
  ['http', 8080, 'TCP'],
  ['grpc', 9090, 'TCP'],
  ['metrics', 9100, 'TCP'],
  ['admin', 8081, 'TCP'],
  ['dns-udp', 5353, 'UDP'],
  ['https', 8443, 'TCP'],
];

function header(r, kind, name, ns, i) {
  const lines = [];
  if (r.chance(0.5)) lines.push(`# Source: ${ns}/templates/${kind.toLowerCase()}-${i}.yaml`);
  return lines;
}

function labels(app, team, part, indent, pod = false) {
  const p = ' '.repeat(indent);
  const l = [`${p}app.kubernetes.io/name: ${app}`, `${p}app.kubernetes.io/part-of: ${team}`];
  if (pod) l.push(`${p}app.kubernetes.io/component: ${part}`, `${p}tier: ${part === 'web' ? 'frontend' : 'backend'}`);
  return l;
}

function deployment(r, app, team, part, ns, ports, i) {
  const l = header(r, 'Deployment', app, ns, i);
  l.push('apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `  name: ${app}`, `  namespace: ${ns}`, '  labels:', ...labels(app, team, part, 4));
  l.push('spec:', `  replicas: ${r.int(1, 6)}`, '  selector:', '    matchLabels:', `      app.kubernetes.io/name: ${app}`);
  l.push('  template:', '    metadata:', '      labels:', ...labels(app, team, part, 8, true));
  if (r.chance(0.4)) l.push('      annotations:', '        prometheus.io/scrape: "true"', `        prometheus.io/port: "${9100}"`);
  l.push('    spec:', '      containers:', `        - name: ${part}`, `          image: ${r.pick(IMAGES)}`);
  l.push('          ports:');
  for (const [name, port, proto] of ports) {
    l.push(`            - name: ${name}`, `              containerPort: ${port}`);
    if (proto !== 'TCP' || r.chance(0.3)) l.push(`              protocol: ${proto}`);
  }
  if (r.chance(0.35)) {
    l.push('          readinessProbe:', '            httpGet:', '              path: /healthz', `              port: ${ports[0][0]}`, `            periodSeconds: ${r.pick([5, 10, 15])}`);
  }
  if (r.chance(0.5)) l.push('          resources:', '            requests:', `              cpu: ${r.pick(['50m', '100m', '250m'])}`, `              memory: ${r.pick(['64Mi', '128Mi', '256Mi'])}`);
  return l.join('\n');
}

const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'headless', 'ExternalName'];

function service(r, app, team, part, ns, ports, i) {
  const type = SERVICE_TYPES[i % SERVICE_TYPES.length];
  const l = header(r, 'Service', app, ns, i);
  if (r.chance(0.3)) l.push(`# ${type} Service for ${app}`);
  l.push('apiVersion: v1', 'kind: Service', 'metadata:', `  name: ${app}`, `  namespace: ${ns}`);
  if (r.chance(0.5)) l.push('  labels:', ...labels(app, team, part, 4));
  if (type === 'LoadBalancer') {
    l.push('  annotations:', '    service.beta.kubernetes.io/aws-load-balancer-type: nlb', '    service.beta.kubernetes.io/aws-load-balancer-scheme: internet-facing', '    external-dns.alpha.kubernetes.io/hostname: ' + `${app}.example.com`);
  }
  l.push('spec:');
  if (type === 'ExternalName') {
    l.push('  type: ExternalName', `  externalName: ${app}.${team}.example.com`);
    return l.join('\n');
  }
  if (type === 'headless') l.push('  clusterIP: None  # headless: DNS returns the pod IPs');
  else if (type !== 'ClusterIP' || r.chance(0.5)) l.push(`  type: ${type}`);
  if (type === 'LoadBalancer') l.push('  externalTrafficPolicy: Local', '  loadBalancerSourceRanges:', '    - 10.0.0.0/8', '    - 192.168.0.0/16');
  l.push('  selector:', `    app.kubernetes.io/name: ${app}`);
  l.push('  ports:');
  ports.forEach(([name, port, proto], k) => {
    // A person's mistake now and then: a lower-case protocol, which the API server rejects.
    const protocol = r.chance(0.02) ? proto.toLowerCase() : proto;
    // ... or a key with the wrong case, an unknown field the API server (and any strict schema) rejects.
    const targetPort = r.chance(0.015) ? 'targetport' : 'targetPort';
    l.push(`    - name: ${name}`, `      port: ${k === 0 ? 80 : port}`, `      ${targetPort}: ${r.chance(0.7) ? name : port}`);
    if (protocol !== 'TCP' || r.chance(0.3)) l.push(`      protocol: ${protocol}`);
    if (type === 'NodePort' && r.chance(0.5)) l.push(`      nodePort: ${30000 + ((i * 7 + k) % 2767)}`);
  });
  return l.join('\n');
}

function networkPolicy(r, app, team, part, ns, ports, i) {
  const l = header(r, 'NetworkPolicy', app, ns, i);
  l.push('apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata:', `  name: ${app}-allow`, `  namespace: ${ns}`);
  l.push('spec:', '  podSelector:', '    matchLabels:', `      app.kubernetes.io/name: ${app}`);
  const egress = r.chance(0.6);
  l.push('  policyTypes:', '    - Ingress');
  if (egress) l.push('    - Egress');
  l.push('  ingress:', '    - from:', '        - podSelector:', '            matchLabels:', `              app.kubernetes.io/part-of: ${team}`);
  if (r.chance(0.5)) {
    l.push('        - namespaceSelector:', '            matchLabels:', '              kubernetes.io/metadata.name: monitoring');
    if (r.chance(0.5)) l.push('          podSelector:', '            matchLabels:', '              app: prometheus');
  }
  l.push('      ports:');
  for (const [name, , proto] of ports) l.push(`        - port: ${name}`, ...(proto !== 'TCP' ? [`          protocol: ${proto}`] : []));
  if (egress) {
    l.push('  egress:', '    # DNS', '    - to:', '        - namespaceSelector:', '            matchLabels:', '              kubernetes.io/metadata.name: kube-system');
    l.push('          podSelector:', '            matchLabels:', '              k8s-app: kube-dns', '      ports:', '        - port: 53', '          protocol: UDP', '        - port: 53', '          protocol: TCP');
    l.push('    - to:', '        - ipBlock:', `            cidr: 10.${i % 250}.0.0/16`, '            except:', `              - 10.${i % 250}.${r.int(0, 255)}.0/24`);
    const lo = r.pick([5432, 6379, 9000]);
    l.push('      ports:', `        - port: ${lo}`, ...(r.chance(0.4) ? [`          endPort: ${lo + r.int(0, 20)}`] : []));
  }
  return l.join('\n');
}

/** `docs` documents (Deployment, Service, NetworkPolicy, repeating), separated by `---`, from `seed`. */
export function generate(docs, seed = 1) {
  const r = rng(seed);
  const out = [];
  let app = 0;
  while (out.length < docs) {
    const team = TEAMS[app % TEAMS.length];
    const part = PARTS[Math.floor(app / TEAMS.length) % PARTS.length];
    const name = `${team}-${part}-${app}`;
    const ns = `${team}-${app % 7 === 0 ? 'staging' : 'prod'}`;
    const ports = [];
    const n = r.int(1, 3);
    for (let k = 0; k < n; k++) {
      const p = PORTS[(app + k * 2) % PORTS.length];
      if (!ports.some((q) => q[0] === p[0])) ports.push(p);
    }
    for (const make of [deployment, service, networkPolicy]) {
      if (out.length < docs) out.push(make(r, name, team, part, ns, ports, app));
    }
    app++;
  }
  return out.join('\n---\n') + '\n';
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name, d) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : d;
  };
  const text = generate(Number(arg('docs', '1000')), Number(arg('seed', '1')));
  const out = arg('out');
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
}
