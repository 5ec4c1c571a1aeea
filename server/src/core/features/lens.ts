// CodeLenses: above each Service its DNS name (a click offers every name to copy); above each NetworkPolicy the pods
// it selects and whether they keep DNS egress.
//
// A CodeLens request asks for every object of the file, on every change. What a lens needs of its own document (the
// anchor offset, the Service's name and ports, the policy's selector and its DNS verdict judged alone) is read once
// per `---` document and cached by its analysis result, which an edit elsewhere in the file leaves untouched; the
// syntax tree is parsed for that and dropped, not kept. Only the parts that depend on the workspace (namespace,
// workloads, the workspace's DNS verdict, per-pod names) are asked per request, from the workspace lookup.
// For a big file the server lists only where the lenses sit (`lensOffsets`, from the analysis without any parse) and
// the editor resolves the lenses it shows one by one (`lensAt`).
import type { Analysis, SegmentResult } from '../analyze';
import { targetKind } from '../analyze';
import { dnsVerdict } from '../fixes/dns-allowed';
import type { AnalysisOptions } from '../types';
import { parseSegment } from '../yaml/parse';
import { blame } from '../yaml/path';
import { serviceDnsNames, WorkspaceLookup } from './dns-names';
import { segmentAt } from './documents';
import { describeSelector, effectivePolicyTypes, list, obj, str } from './explain';

export interface Lens {
  start: number;
  end: number;
  title: string;
  /** Names the lens offers to copy; empty for a lens that only informs. */
  names: string[];
}

/** What a lens needs of its document, without the syntax tree. `at` is relative to the segment. */
type Anchor =
  | {
      kind: 'Service';
      at: number;
      /** The object's `metadata.name` (relative to the segment), which tells the workspace lookup which object it is. */
      name: number;
      namespace?: string;
      /** The fields serviceDnsNames reads, copied out of the document's value. */
      service: { metadata: { name: unknown }; spec: { ports: Array<{ name: unknown; protocol: unknown }>; clusterIP: unknown; type: unknown; externalName: unknown } };
    }
  | {
      kind: 'NetworkPolicy';
      at: number;
      name: number;
      namespace?: string;
      podSelector: unknown;
      /** describeSelector(podSelector, 'pods') */
      pods: string;
      /** ' · ingress not restricted' or '' */
      ingress: string;
      /** The policy's DNS egress verdict judged alone (when the workspace has none for it). */
      dns: string;
    };

interface SegmentLenses {
  options: AnalysisOptions;
  anchors: Anchor[];
  /** Reading the segment threw after `anchors`: the lenses of the file stop there (as they always have). */
  failed: boolean;
}

const cache = new WeakMap<SegmentResult, SegmentLenses>();

function anchorsOf(result: SegmentResult, options: AnalysisOptions): SegmentLenses {
  const cached = cache.get(result);
  if (cached && cached.options === options) return cached;
  const out: SegmentLenses = { options, anchors: [], failed: false };
  try {
    for (const parsed of parseSegment(result.text)) {
      const kind = targetKind(parsed.value);
      if (!kind || parsed.value === undefined) continue;
      const r = parsed.doc.contents?.range;
      if (!r) continue;
      const value = parsed.value;
      const name = blame(parsed.doc, ['metadata', 'name']).start;
      const namespace = str(obj(obj(value).metadata).namespace);
      const spec = obj(obj(value).spec);
      if (kind === 'Service') {
        const service = {
          metadata: { name: obj(obj(value).metadata).name },
          spec: {
            ports: list(spec.ports).map(obj).map((p) => ({ name: p.name, protocol: p.protocol })),
            clusterIP: spec.clusterIP,
            type: spec.type,
            externalName: spec.externalName,
          },
        };
        out.anchors.push({ kind, at: r[0], name, namespace, service });
      } else {
        const v = dnsVerdict(value, parsed.doc, options.dns, options.defaultNamespace);
        const dns = !v.restricted ? 'egress not restricted' : v.udp && v.tcp ? 'DNS egress allowed' : v.udp ? 'DNS egress UDP only (no TCP fallback)' : 'DNS egress blocked';
        const ingress = effectivePolicyTypes(spec).has('Ingress') ? '' : ' · ingress not restricted';
        out.anchors.push({ kind, at: r[0], name, namespace, podSelector: spec.podSelector, pods: describeSelector(spec.podSelector, 'pods'), ingress, dns });
      }
    }
  } catch {
    out.failed = true;
  }
  cache.set(result, out);
  return out;
}

export function lenses(analysis: Analysis, lookup?: WorkspaceLookup): Lens[] {
  const out: Lens[] = [];
  try {
    for (const segment of analysis.segments) {
      const { anchors, failed } = anchorsOf(segment.result, analysis.options);
      for (const a of anchors) {
        const lens = lensOf(a, segment.start, analysis, lookup);
        if (lens) out.push(lens);
      }
      if (failed) break;
    }
  } catch {
    // Lenses are informative: a document that cannot be read gets none rather than breaking the others.
  }
  return out;
}

/**
 * Where `lenses` puts its lenses (their `start`), read from the analysis alone: no parse, nothing of the workspace.
 * For clients that resolve lenses: the editor then asks `lensAt` for the few it shows. Cached: do not modify.
 */
export function lensOffsets(analysis: Analysis): number[] {
  let out = offsetsOfAnalysis.get(analysis);
  if (out) return out;
  out = [];
  for (const segment of analysis.segments) {
    let rel = offsetsOfSegment.get(segment.result);
    if (!rel) {
      rel = [];
      for (const h of segment.result.objects) {
        const kind = targetKind(h);
        if (kind === 'NetworkPolicy' || (kind === 'Service' && h.name !== undefined)) rel.push(h.start);
      }
      offsetsOfSegment.set(segment.result, rel);
    }
    for (const o of rel) out.push(segment.start + o);
  }
  offsetsOfAnalysis.set(analysis, out);
  return out;
}

const offsetsOfSegment = new WeakMap<SegmentResult, number[]>();
const offsetsOfAnalysis = new WeakMap<Analysis, number[]>();

/** The lens `lenses` gives at `offset` (one of `lensOffsets`), computed alone; undefined when there is none there. */
export function lensAt(analysis: Analysis, offset: number, lookup?: WorkspaceLookup): Lens | undefined {
  const segment = segmentAt(analysis, offset);
  if (!segment) return undefined;
  try {
    const a = anchorsOf(segment.result, analysis.options).anchors.find((x) => segment.start + x.at === offset);
    return a && lensOf(a, segment.start, analysis, lookup);
  } catch {
    return undefined;
  }
}

function lensOf(a: Anchor, base: number, analysis: Analysis, lookup: WorkspaceLookup | undefined): Lens | undefined {
  const start = base + a.at;
  const namespace = lookup?.namespaceAt?.(base + a.name) ?? a.namespace ?? analysis.options.defaultNamespace;
  if (a.kind === 'Service') {
    const dns = serviceDnsNames(a.service, namespace, analysis.options.clusterDomain, lookup);
    if (!dns) return undefined;
    let title = dns.fqdn;
    if (dns.externalName) title += ` → CNAME ${dns.externalName}`;
    if (dns.headless) title += ` · headless${dns.podNames ? `, ${dns.podNames} pod name${dns.podNames === 1 ? '' : 's'}` : ''}`;
    return { start, end: start, title, names: dns.names };
  }
  return { start, end: start, title: policyTitle(a, namespace, lookup, base + a.name), names: [] };
}

function policyTitle(a: Extract<Anchor, { kind: 'NetworkPolicy' }>, namespace: string, lookup: WorkspaceLookup | undefined, offset: number): string {
  const workspace = lookup?.policySummaryAt?.(offset);
  if (workspace) return workspace;
  const found = lookup?.workloadsSelectedBy(namespace, a.podSelector);
  let who: string;
  if (found?.length) {
    const names = [...new Set(found.map((w) => w.name))];
    who = `selects ${names.length} workload${names.length === 1 ? '' : 's'}: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ` and ${names.length - 5} more` : ''}`;
  } else if (found) who = `selects ${a.pods} in ${namespace} (no known workload)`;
  else who = `selects ${a.pods} in ${namespace}`;
  return `${who}${a.ingress} · ${a.dns}`;
}
