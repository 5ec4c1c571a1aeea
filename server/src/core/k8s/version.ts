// Feature gates whose default depends on the Kubernetes version (k8s-validation-rules.md), read from the
// `k8sNetworkLens.kubernetesVersion` setting. Only the defaults are modelled: a cluster may flip a gate, so every
// message that depends on one names the gate and the version it assumed.

export type Gate = 'RelaxedServiceNameValidation' | 'ServiceTrafficDistribution' | 'PreferSameTrafficDistribution';

/** The first minor version where the gate is on by default (beta or GA). */
const ON_BY_DEFAULT_FROM: Record<Gate, number> = {
  // KEP-5311: alpha 1.34 (off), beta 1.36, GA 1.37.
  RelaxedServiceNameValidation: 36,
  // Alpha 1.30 (off), beta 1.31, GA 1.33.
  ServiceTrafficDistribution: 31,
  // Alpha 1.33 (off), beta 1.34.
  PreferSameTrafficDistribution: 34,
};

/** Rules ask once per document; the setting has one value per workspace folder. */
const minors = new Map<string, number>();

/** The minor version of `1.33` / `v1.33.2`; unparsable settings count as the newest version we know of. */
export function minorOf(version: string): number {
  let minor = minors.get(version);
  if (minor === undefined) {
    const m = /^v?1\.(\d+)/.exec(version.trim());
    minor = m ? Number(m[1]) : 99;
    if (minors.size > 64) minors.clear();
    minors.set(version, minor);
  }
  return minor;
}

export function gateEnabled(gate: Gate, version: string): boolean {
  return minorOf(version) >= ON_BY_DEFAULT_FROM[gate];
}

export function gateSince(gate: Gate): string {
  return `1.${ON_BY_DEFAULT_FROM[gate]}`;
}
