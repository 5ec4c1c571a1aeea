// What the API-server rules (server/src/core/rules) cost on top of parsing and schema validation.
// Analyses one seeded 1,000-document file of Services (every type) and NetworkPolicies twice per round: with every
// rule of the registry turned off (YAML parse + strict schema only) and with the defaults, in back-to-back pairs, and
// prints the medians and the median of the per-pair ratios.
//
//   npm run bench:rules            (node bench/rules-cost.mjs [--docs 1000] [--runs 21] [--seed 7])
//
// Exits 1 when the rules add 20% or more: the budget of issue 3.
import { fileURLToPath } from 'node:url';
import { loadSource } from '../scripts/load-source.mjs';
import { dirname, join } from 'node:path';
import { rng } from './generate.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const DOCS = arg('docs', 1000);
const RUNS = arg('runs', 21);
const SEED = arg('seed', 7);
const BUDGET = 0.2;

/** The core, bundled from source in memory, so the bench measures the current code without a prior build. */
async function loadCore() {
  return loadSource(join(root, 'server/src/core/index.ts'));
}

/** Services of every type (with the fields each type allows) and NetworkPolicies, about half of each. */
export function manifests(n, seed) {
  const r = rng(seed);
  const docs = [];
  for (let i = 0; i < n; i++) {
    const app = `app-${i}`;
    const ns = r.pick(['shop', 'payments', 'platform']);
    const meta = ['metadata:', `  name: ${app}`, `  namespace: ${ns}`, '  labels:', `    app.kubernetes.io/name: ${app}`, '    team: core'];
    if (i % 2 === 0) {
      const type = r.pick(['ClusterIP', 'NodePort', 'LoadBalancer', 'Headless', 'ExternalName']);
      const l = ['apiVersion: v1', 'kind: Service', ...meta];
      if (type === 'LoadBalancer') l.push('  annotations:', '    service.beta.kubernetes.io/aws-load-balancer-type: nlb');
      l.push('spec:');
      if (type === 'ExternalName') {
        l.push('  type: ExternalName', `  externalName: ${app}.example.com.`);
      } else {
        if (type === 'Headless') l.push('  clusterIP: None');
        else l.push(`  type: ${type}`);
        if (type === 'LoadBalancer') l.push('  externalTrafficPolicy: Local', '  loadBalancerSourceRanges: [10.0.0.0/8, 192.168.0.0/16]');
        if (r.chance(0.2)) l.push('  sessionAffinity: ClientIP', '  sessionAffinityConfig:', '    clientIP:', '      timeoutSeconds: 3600');
        l.push('  selector:', `    app.kubernetes.io/name: ${app}`, '  ports:');
        const ports = r.int(1, 3);
        for (let p = 0; p < ports; p++) {
          l.push(`    - name: ${['http', 'grpc', 'metrics'][p]}`, `      port: ${[80, 9090, 9100][p]}`, `      targetPort: ${r.chance(0.5) ? ['http', 'grpc', 'metrics'][p] : 8080 + p}`);
          if (type === 'NodePort' && r.chance(0.5)) l.push(`      nodePort: ${30000 + ((i * 3 + p) % 2700)}`);
        }
      }
      docs.push(l.join('\n'));
    } else {
      const l = ['apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', ...meta, 'spec:', '  podSelector:', '    matchLabels:', `      app.kubernetes.io/name: app-${i - 1}`];
      l.push('  policyTypes: [Ingress, Egress]', '  ingress:', '    - from:', '        - namespaceSelector:', '            matchLabels:', `              kubernetes.io/metadata.name: ${ns}`);
      l.push('          podSelector:', '            matchExpressions:', '              - {key: tier, operator: In, values: [frontend, backend]}');
      l.push('        - ipBlock:', '            cidr: 10.0.0.0/8', '            except: [10.1.0.0/16, 10.2.0.0/16]', '      ports:', '        - {protocol: TCP, port: 8080}', '        - {protocol: TCP, port: 32000, endPort: 32768}');
      l.push('  egress:', '    - to:', '        - namespaceSelector: {}', '          podSelector:', '            matchLabels: {k8s-app: kube-dns}', '      ports:', '        - {protocol: UDP, port: 53}', '        - {protocol: TCP, port: dns-tcp}');
      docs.push(l.join('\n'));
    }
  }
  return docs.join('\n---\n') + '\n';
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const core = await loadCore();
  const text = manifests(DOCS, SEED);
  // Every id that is not the pipeline's own (yaml-*, schema-*): the per-document rules, plus cross-file ids (which
  // analyze() never runs, so turning them off changes nothing).
  const ruleIds = core.allRuleMeta().filter((m) => m.category !== 'yaml' && m.category !== 'schema').map((m) => m.id);
  const perDocument = core.allRuleMeta().filter((m) => !['yaml', 'schema', 'workspace'].includes(m.category)).length;
  const schemaOnly = core.withDefaults({ rules: Object.fromEntries(ruleIds.map((id) => [id, 'off'])) });
  const withRules = core.withDefaults();
  // CPU time of this process (user + system), not wall-clock time: on a shared machine the wall clock mostly
  // measures the other processes.
  const time = (options) => {
    const t = process.cpuUsage();
    const a = core.analyze(text, options);
    const d = process.cpuUsage(t);
    return { ms: (d.user + d.system) / 1000, problems: a.problems.length };
  };
  // Warm-up: compile the schemas and let the JIT settle before measuring.
  for (let i = 0; i < 3; i++) time(schemaOnly), time(withRules);
  // The API-server rules alone (issue 3: categories api-server and cluster), the other per-document rules off.
  const apiServerOnly = core.withDefaults({
    rules: Object.fromEntries(core.allRuleMeta().filter((m) => !['yaml', 'schema', 'api-server', 'cluster'].includes(m.category)).map((m) => [m.id, 'off'])),
  });
  const configs = [withRules, apiServerOnly];
  const base = [];
  const full = configs.map(() => []);
  const ratios = configs.map(() => []);
  let problems = 0;
  // Measure the configurations back to back, rotating their order, and take the median of the per-round ratios to
  // schema-only: the machine is shared (2 cores, other builds), and load that comes and goes hits a round alike.
  for (let i = 0; i < RUNS; i++) {
    const order = [-1, 0, 1];
    for (let k = 0; k < i % 3; k++) order.push(order.shift());
    const got = {};
    for (const c of order) {
      const r = time(c < 0 ? schemaOnly : configs[c]);
      got[c] = r.ms;
      if (c === 0) problems = r.problems;
    }
    base.push(got[-1]);
    configs.forEach((_, c) => {
      full[c].push(got[c]);
      ratios[c].push(got[c] / got[-1]);
    });
  }
  const overhead = median(ratios[0]) - 1;
  const pct = (c) => `${((median(ratios[c]) - 1) * 100).toFixed(1)}%`;
  console.log(`${DOCS} documents (${(text.length / 1024).toFixed(0)} KiB, seed ${SEED}), ${RUNS} rounds, ${perDocument} per-document rules`);
  const row = (label, xs) => `${label} fastest ${Math.min(...xs).toFixed(1)} ms, median ${median(xs).toFixed(1)} ms CPU`;
  console.log(row('schema only (rules off):      ', base));
  console.log(`${row('schema + API-server rules:    ', full[1])}  overhead ${pct(1)}`);
  console.log(`${row('schema + all rules (defaults):', full[0])}  overhead ${pct(0)}  (${problems} problems)`);
  console.log(`rules overhead (median of per-round ratios): ${(overhead * 100).toFixed(1)}% (budget ${BUDGET * 100}%)`);
  // A second view that ignores load on the machine: time spent inside the rules' check() against the rest of the
  // same analyses, measured at the same moments. (Wrapping the checks is for this measurement only.)
  let inside = 0n;
  for (const meta of core.allRuleMeta()) {
    if (typeof meta.check !== 'function') continue;
    const check = meta.check;
    meta.check = (ctx) => {
      const t = process.hrtime.bigint();
      try {
        check(ctx);
      } finally {
        inside += process.hrtime.bigint() - t;
      }
    };
  }
  let total = 0n;
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    core.analyze(text, withRules);
    total += process.hrtime.bigint() - t;
  }
  const share = Number(inside) / Number(total - inside);
  console.log(`time inside rule checks: ${(Number(inside) / 1e6 / RUNS).toFixed(1)} ms per analysis, ${(share * 100).toFixed(1)}% of the rest of the analysis`);
  if (overhead >= BUDGET) process.exit(1);
}
