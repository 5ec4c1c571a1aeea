// The DNS names a Service gets from cluster DNS (https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/):
// `<svc>.<ns>.svc.<domain>` and its search-path short forms, SRV records of named ports, per-pod names of the
// StatefulSets that use a headless Service as their `serviceName`, and the CNAME target of an ExternalName Service.
import { list, obj, str } from './explain';

/** A workload of the workspace, as the editor features need it (filled from the workspace index by the caller). */
export interface WorkloadInfo {
  kind: string;
  name: string;
  namespace: string;
  /** The file it is in, as the caller names files (a workspace-relative path in hovers). */
  file: string;
  replicas?: number;
}

/**
 * What the editor features may ask of the workspace. Every method is optional in effect: without a workspace index the
 * features still work on the file alone and say nothing about other files.
 */
export interface WorkspaceLookup {
  /** Workloads whose pod template labels `selector` selects in `namespace`; undefined when no workloads are known at all. */
  workloadsSelectedBy(namespace: string, selector: unknown): WorkloadInfo[] | undefined;
  /** StatefulSets in `namespace` whose `serviceName` is `service`. */
  statefulSetsNaming(namespace: string, service: string): WorkloadInfo[];
  /** The effective namespace of the object whose document starts at or before `offset` (kustomization `namespace:`). */
  namespaceAt?(offset: number): string | undefined;
  /** The workspace's one-line verdict for the NetworkPolicy at `offset`: pods selected and their DNS egress. */
  policySummaryAt?(offset: number): string | undefined;
  /** Pod template labels of the workspace's workloads (for completion). */
  podLabels?(): ReadonlyArray<Readonly<Record<string, string>>>;
}

export interface DnsNames {
  fqdn: string;
  /** Every name worth copying, most useful first: the FQDN, short forms, SRV names, per-pod names, the CNAME target. */
  names: string[];
  headless: boolean;
  externalName?: string;
  podNames: number;
}

/** More per-pod names than this are summarised: a quick pick of 500 names helps nobody. */
const MAX_POD_NAMES = 50;

export function serviceDnsNames(service: unknown, namespace: string, clusterDomain: string, lookup?: WorkspaceLookup): DnsNames | undefined {
  const v = obj(service);
  const name = str(obj(v.metadata).name);
  if (!name) return undefined;
  const spec = obj(v.spec);
  const fqdn = `${name}.${namespace}.svc.${clusterDomain}`;
  const names = [fqdn, name, `${name}.${namespace}`, `${name}.${namespace}.svc`];
  for (const p of list(spec.ports).map(obj)) {
    const portName = str(p.name);
    if (portName) names.push(`_${portName}._${(str(p.protocol) ?? 'TCP').toLowerCase()}.${fqdn}`);
  }
  const headless = spec.clusterIP === 'None';
  let podNames = 0;
  if (headless && lookup) {
    for (const sts of lookup.statefulSetsNaming(namespace, name)) {
      const replicas = typeof sts.replicas === 'number' && sts.replicas >= 0 ? sts.replicas : 1; // the API server's default
      for (let i = 0; i < replicas && podNames < MAX_POD_NAMES; i++, podNames++) names.push(`${sts.name}-${i}.${fqdn}`);
    }
  }
  const externalName = spec.type === 'ExternalName' ? str(spec.externalName) : undefined;
  if (externalName) names.push(externalName);
  return { fqdn, names: [...new Set(names)], headless, externalName, podNames };
}
