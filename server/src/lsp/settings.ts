// Turns the raw `k8sNetworkLens.*` settings into AnalysisOptions once, checking every field and falling back to defaults.
import { AnalysisOptions, defaultOptions, SeveritySetting } from '../core';

export interface ServerSettings {
  enable: boolean;
  options: AnalysisOptions;
  /** Globs of workspace files to ignore (in addition to `files.exclude`). */
  ignore: string[];
}

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'off']);

const obj = (x: unknown): Record<string, unknown> => (x && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : {});
const int = (x: unknown, lo: number, hi: number): number | undefined =>
  typeof x === 'number' && Number.isInteger(x) && x >= lo && x <= hi ? x : undefined;
const str = (x: unknown): string | undefined => (typeof x === 'string' && x.trim() ? x.trim() : undefined);

export function parseRange(x: unknown): [number, number] | undefined {
  const m = typeof x === 'string' ? x.match(/^\s*(\d+)\s*-\s*(\d+)\s*$/) : null;
  if (!m) return undefined;
  const lo = Number(m[1]);
  const hi = Number(m[2]);
  return lo >= 1 && hi <= 65535 && lo <= hi ? [lo, hi] : undefined;
}

export function settingsFrom(raw: unknown): ServerSettings {
  const r = obj(raw);
  const rules: Record<string, SeveritySetting> = {};
  for (const [id, sev] of Object.entries(obj(r.rules))) {
    if (typeof sev === 'string' && SEVERITIES.has(sev)) rules[id] = sev as SeveritySetting;
  }
  const dns = obj(r.dns);
  const podLabels: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj(dns.podLabels))) if (typeof v === 'string') podLabels[k] = v;
  const d = defaultOptions;
  const options: AnalysisOptions = {
    rules,
    nodePortRange: parseRange(r.nodePortRange) ?? d.nodePortRange,
    kubernetesVersion: (str(r.kubernetesVersion)?.match(/^v?(\d+\.\d+)/)?.[1]) ?? d.kubernetesVersion,
    clusterDomain: str(r.clusterDomain)?.replace(/\.$/, '') ?? d.clusterDomain,
    defaultNamespace: str(r.defaultNamespace) ?? d.defaultNamespace,
    maxFileSize: (int(r.maxFileSizeMB, 1, 1024) ?? d.maxFileSize / 1024 / 1024) * 1024 * 1024,
    maxDocuments: int(r.maxDocuments, 1, 1_000_000) ?? d.maxDocuments,
    dns: {
      port: int(dns.port, 1, 65535) ?? d.dns.port,
      namespace: str(dns.namespace) ?? d.dns.namespace,
      podLabels: Object.keys(podLabels).length ? podLabels : d.dns.podLabels,
      ips: Array.isArray(dns.ips) ? dns.ips.filter((x): x is string => typeof x === 'string') : d.dns.ips,
    },
  };
  return {
    enable: r.enable !== false,
    options,
    ignore: Array.isArray(r.ignore) ? r.ignore.filter((x): x is string => typeof x === 'string') : [],
  };
}
