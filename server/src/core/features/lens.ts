// CodeLenses: above each Service its DNS name (a click offers every name to copy); above each NetworkPolicy the pods
// it selects and whether they keep DNS egress.
import type { Document } from 'yaml';
import type { Analysis } from '../analyze';
import { dnsVerdict } from '../fixes/dns-allowed';
import { allDocuments } from './documents';
import { serviceDnsNames, WorkspaceLookup } from './dns-names';
import { describeSelector, effectivePolicyTypes, obj, str } from './explain';

export interface Lens {
  start: number;
  end: number;
  title: string;
  /** Names the lens offers to copy; empty for a lens that only informs. */
  names: string[];
}

export function lenses(analysis: Analysis, lookup?: WorkspaceLookup): Lens[] {
  const out: Lens[] = [];
  try {
    for (const d of allDocuments(analysis)) {
      if (!d.kind || d.parsed.value === undefined) continue;
      const r = d.parsed.doc.contents?.range;
      if (!r) continue;
      const start = d.base + r[0];
      const value = d.parsed.value;
      const namespace = lookup?.namespaceAt?.(start) ?? str(obj(obj(value).metadata).namespace) ?? analysis.options.defaultNamespace;
      if (d.kind === 'Service') {
        const dns = serviceDnsNames(value, namespace, analysis.options.clusterDomain, lookup);
        if (!dns) continue;
        let title = dns.fqdn;
        if (dns.externalName) title += ` → CNAME ${dns.externalName}`;
        if (dns.headless) title += ` · headless${dns.podNames ? `, ${dns.podNames} pod name${dns.podNames === 1 ? '' : 's'}` : ''}`;
        out.push({ start, end: start, title, names: dns.names });
      } else {
        out.push({ start, end: start, title: policyTitle(value, d.parsed.doc, namespace, analysis, lookup, start), names: [] });
      }
    }
  } catch {
    // Lenses are informative: a document that cannot be read gets none rather than breaking the others.
  }
  return out;
}

function policyTitle(value: unknown, doc: Document, namespace: string, analysis: Analysis, lookup: WorkspaceLookup | undefined, offset: number): string {
  const workspace = lookup?.policySummaryAt?.(offset);
  if (workspace) return workspace;
  const spec = obj(obj(value).spec);
  const found = lookup?.workloadsSelectedBy(namespace, spec.podSelector);
  const pods = describeSelector(spec.podSelector, 'pods');
  let who: string;
  if (found?.length) {
    const names = [...new Set(found.map((w) => w.name))];
    who = `selects ${names.length} workload${names.length === 1 ? '' : 's'}: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ` and ${names.length - 5} more` : ''}`;
  } else if (found) who = `selects ${pods} in ${namespace} (no known workload)`;
  else who = `selects ${pods} in ${namespace}`;
  const types = effectivePolicyTypes(spec);
  const v = dnsVerdict(value, doc, analysis.options.dns, analysis.options.defaultNamespace);
  const dns = !v.restricted ? 'egress not restricted' : v.udp && v.tcp ? 'DNS egress allowed' : v.udp ? 'DNS egress UDP only (no TCP fallback)' : 'DNS egress blocked';
  const ingress = types.has('Ingress') ? '' : ' · ingress not restricted';
  return `${who}${ingress} · ${dns}`;
}
