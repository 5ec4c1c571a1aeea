// The DNS egress fix: inserts a rule that lets the selected pods reach cluster DNS on UDP and TCP, or adds the
// missing TCP port next to a UDP-only one. It writes in the file's own style (indentation step, indented or flush
// sequences, dash gap, flow or block, CRLF) and only inserts lines, so comments, quotes and anchors elsewhere stay.
// It never touches policyTypes: the fix is offered only when egress is already restricted, and then Egress is already
// in effect (listed, or implied by the existing egress rules, which the inserted rule keeps non-empty); adding Egress to
// a policy that does not restrict egress would instead cut all other egress traffic.
import { Document, isMap, isScalar, isSeq, Node, YAMLMap, YAMLSeq } from 'yaml';
import type { DocumentAt } from '../features/documents';
import { parseSegment, type ParsedDocument } from '../yaml/parse';
import { jsonSpan, keepsJson } from './json';
import { findPair, keyString, spanOf, wholeDocument } from '../yaml/path';
import { col, detectLayout, flowAppendAt, insertionPoint, jsonLine, Layout, lineStartOf, linesAt, ownPair, pad, writtenAsJson, yamlScalar } from './yaml-edit';
import type { AnalysisOptions, DnsOptions, Fix, TextEdit } from '../types';
import { applyEdits } from '../util/apply';
import { dnsVerdict } from './dns-allowed';

interface RuleModel {
  namespace: string;
  podLabels: Array<[string, string]>;
  cidrs: string[];
  port: number;
}

function ruleModel(dns: DnsOptions): RuleModel {
  return {
    namespace: dns.namespace,
    podLabels: Object.entries(dns.podLabels),
    cidrs: dns.ips.map((ip) => (ip.includes('/') ? ip : `${ip}/${ip.includes(':') ? 128 : 32}`)),
    port: dns.port,
  };
}

/** The rule as block lines, its dash at column `d`. */
function blockRule(m: RuleModel, d: number, l: Layout): string[] {
  const c = d + l.gap; // the rule's keys
  const pd = c + l.seqOffset; // dashes of `to` and `ports` items
  const pc = pd + l.gap; // keys of a peer or port
  const lines = [`${pad(d)}- to:`, `${pad(pd)}- namespaceSelector:`, `${pad(pc + l.step)}matchLabels:`, `${pad(pc + 2 * l.step)}kubernetes.io/metadata.name: ${yamlScalar(m.namespace)}`];
  if (m.podLabels.length) {
    lines.push(`${pad(pc)}podSelector:`, `${pad(pc + l.step)}matchLabels:`);
    for (const [k, v] of m.podLabels) lines.push(`${pad(pc + 2 * l.step)}${yamlScalar(k)}: ${yamlScalar(v)}`);
  }
  for (const cidr of m.cidrs) lines.push(`${pad(pd)}- ipBlock:`, `${pad(pc + l.step)}cidr: ${yamlScalar(cidr)}`);
  lines.push(`${pad(c)}ports:`);
  for (const proto of ['UDP', 'TCP']) lines.push(`${pad(pd)}- protocol: ${proto}`, `${pad(pc)}port: ${m.port}`);
  return lines;
}

function flowRule(m: RuleModel): string {
  const labels = (pairs: Array<[string, string]>) => `{${pairs.map(([k, v]) => `${yamlScalar(k)}: ${yamlScalar(v)}`).join(', ')}}`;
  const peer = [`namespaceSelector: {matchLabels: ${labels([['kubernetes.io/metadata.name', m.namespace]])}}`];
  if (m.podLabels.length) peer.push(`podSelector: {matchLabels: ${labels(m.podLabels)}}`);
  const peers = [`{${peer.join(', ')}}`, ...m.cidrs.map((c) => `{ipBlock: {cidr: ${yamlScalar(c)}}}`)];
  return `{to: [${peers.join(', ')}], ports: [{protocol: UDP, port: ${m.port}}, {protocol: TCP, port: ${m.port}}]}`;
}

/** The same rule as one line of JSON, for a policy written in JSON. */
function jsonRule(m: RuleModel): string {
  const peer: Record<string, unknown> = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': m.namespace } } };
  if (m.podLabels.length) peer.podSelector = { matchLabels: Object.fromEntries(m.podLabels) };
  const to = [peer, ...m.cidrs.map((cidr) => ({ ipBlock: { cidr } }))];
  return jsonLine({ to, ports: [{ protocol: 'UDP', port: m.port }, { protocol: 'TCP', port: m.port }] });
}

/** Edits that add the full DNS rule to the policy's egress list, in offsets relative to the segment. */
export function dnsRuleEdits(text: string, doc: Document, dns: DnsOptions): TextEdit[] | undefined {
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  const specPair = ownPair(root, findPair(doc, root, 'spec'));
  const spec = specPair?.value;
  if (!isMap(spec) || (spec as Node).anchor) return undefined;
  const layout = detectLayout(text, root, wholeDocument(doc).contents);
  const m = ruleModel(dns);
  // A policy written in JSON gets the rule in JSON (it is then a flow mapping all the way down).
  const json = writtenAsJson(root);
  const rule = json ? jsonRule(m) : flowRule(m);
  const egressPair = findPair(doc, spec, 'egress');
  if (egressPair && !ownPair(spec, egressPair)) return undefined;
  const egress = egressPair?.value as Node | null | undefined;

  if (spec.flow) {
    const end = flowAppendAt(text, spec);
    if (end === undefined) return undefined;
    if (!egressPair) return [{ start: end, end, newText: `${spec.items.length ? ', ' : ''}${json ? '"egress"' : 'egress'}: [${rule}]` }];
  }
  if (egress && (egress.anchor || !(isSeq(egress) || (isScalar(egress) && egress.value === null)))) return undefined;

  if (isSeq(egress) && (egress.flow || spec.flow)) {
    const end = flowAppendAt(text, egress);
    if (end === undefined) return undefined;
    if (egress.items.length || spec.flow) {
      return [{ start: end, end, newText: `${egress.items.length ? ', ' : ''}${rule}` }];
    }
  }
  if (spec.flow) return undefined; // `egress: null` inside a flow mapping: too rare to be worth a style of its own

  const keyCol = col(text, spanOf(spec.items[0]?.key)?.start ?? 0);
  if (!egressPair) {
    const point = insertionPoint(text, spec, keyCol);
    return [linesAt(point, [`${pad(keyCol)}egress:`, ...blockRule(m, keyCol + layout.seqOffset, layout)], layout.eol)];
  }
  const egressKey = spanOf(egressPair.key)!;
  const egressCol = col(text, egressKey.start);
  if (isSeq(egress) && !egress.flow && egress.items.length) {
    const dash = col(text, spanOf(egress)!.start);
    const point = insertionPoint(text, egress, dash);
    return [linesAt(point, blockRule(m, dash, layout), layout.eol)];
  }
  // `egress: []`, `egress:`, `egress: null` or `egress: ~`: the value becomes a block list on the lines below.
  const edits: TextEdit[] = [];
  const value = spanOf(egress);
  let after = egressKey.end;
  if (value && value.end > value.start) {
    // Remove ` []` (or ` null`) with the spaces before it, and keep a trailing comment on the `egress:` line.
    let from = value.start;
    while (from > egressKey.end && /[ \t]/.test(text[from - 1])) from--;
    edits.push({ start: from, end: value.end, newText: '' });
    after = value.end;
  }
  const nl = text.indexOf('\n', after);
  const point = nl < 0 ? { at: text.length, needsEol: true } : { at: nl + 1, needsEol: false };
  edits.push(linesAt(point, blockRule(m, egressCol + layout.seqOffset, layout), layout.eol));
  return edits;
}

/** Edits that add a TCP twin of the UDP DNS port in egress rule `ruleIndex`, relative to the segment. */
export function dnsTcpEdits(text: string, doc: Document, dns: DnsOptions, ruleIndex: number): TextEdit[] | undefined {
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  const spec = findPair(doc, root, 'spec')?.value;
  const egress = isMap(spec) ? findPair(doc, spec, 'egress')?.value : undefined;
  const rule = isSeq(egress) ? egress.items[ruleIndex] : undefined;
  const ports = isMap(rule) ? findPair(doc, rule, 'ports')?.value : undefined;
  if (!isSeq(ports) || !ports.items.length || ports.anchor) return undefined;
  const udp = ports.items.find((p) => isMap(p) && keyString(findPair(doc, p, 'protocol')?.value) === 'UDP') as YAMLMap | undefined;
  const layout = detectLayout(text, root, wholeDocument(doc).contents);
  const portPair = udp && findPair(doc, udp, 'port');
  const numeric = isScalar(portPair?.value) && /^\d+$/.test(String(portPair!.value.value));
  const protoValue = udp && spanOf(findPair(doc, udp, 'protocol')?.value);
  if (ports.flow) {
    const end = flowAppendAt(text, ports as YAMLSeq as Node);
    if (end === undefined) return undefined;
    const tcp = writtenAsJson(root) ? jsonLine({ protocol: 'TCP', port: dns.port }) : `{protocol: TCP, port: ${dns.port}}`;
    return [{ start: end, end, newText: `, ${tcp}` }];
  }
  const dash = col(text, spanOf(ports)!.start);
  const point = insertionPoint(text, ports, dash);
  const udpSpan = spanOf(udp);
  if (udp && numeric && protoValue && udpSpan && !udp.flow) {
    // Copy the UDP item with TCP as its protocol: the new item has exactly the file's key order, quotes and indentation.
    const from = lineStartOf(text, udpSpan.start);
    const to = insertionPoint(text, udp, dash).at;
    const copy = text.slice(from, protoValue.start) + 'TCP' + text.slice(protoValue.end, to);
    if (/^[ ]*- /.test(copy) && !point.needsEol && copy.endsWith('\n')) return [{ start: point.at, end: point.at, newText: copy }];
  }
  const lines = [`${pad(dash)}- protocol: TCP`, `${pad(dash + layout.gap)}port: ${dns.port}`];
  return [linesAt(point, lines, layout.eol)];
}

export const DNS_FIX_CODES = ['netpol-dns-egress-blocked', 'netpol-dns-tcp-missing'] as const;

/** The title of the full-rule fix, from the DNS settings: "Allow DNS egress to kube-dns (UDP+TCP 53)" by default. */
export function dnsFixTitle(dns: DnsOptions): string {
  const target = dns.podLabels['k8s-app'] ?? Object.values(dns.podLabels)[0] ?? `namespace ${dns.namespace}`;
  const ips = dns.ips.length ? ` and ${dns.ips.join(', ')}` : '';
  return `Allow DNS egress to ${target}${ips} (UDP+TCP ${dns.port})`;
}

/**
 * The DNS fixes for the NetworkPolicy document `at` of `text` (the whole analysed text): the full rule when DNS is
 * blocked, "add TCP" when only UDP is allowed, nothing when egress is not restricted or DNS already passes.
 * Each fix is checked by applying it and re-reading the policy: a fix that would not allow DNS is not offered.
 */
export function dnsFixes(at: DocumentAt, options: AnalysisOptions): Fix[] {
  if (at.kind !== 'NetworkPolicy' || at.parsed.value === undefined) return [];
  try {
    const verdict = dnsVerdict(at.parsed.value, at.parsed.doc, options.dns, options.defaultNamespace);
    if (!verdict.restricted || (verdict.udp && verdict.tcp)) return [];
    const segText = at.segment.result.text;
    const doc = at.parsed.doc;
    const fix =
      verdict.udpOnlyRule !== undefined
        ? { title: `Allow DNS over TCP too (TCP ${options.dns.port})`, edits: dnsTcpEdits(segText, doc, options.dns, verdict.udpOnlyRule) }
        : { title: dnsFixTitle(options.dns), edits: dnsRuleEdits(segText, doc, options.dns) };
    if (!fix.edits || !worksOn(segText, at, fix.edits, options)) return [];
    // A JSON policy stays JSON (the rule is written as JSON there; anything else is not offered).
    const json = jsonSpan(doc, segText);
    if (json && !keepsJson(segText, json, fix.edits)) return [];
    return [{ title: fix.title, isPreferred: true, edits: fix.edits.map((e) => ({ ...e, start: e.start + at.base, end: e.end + at.base })) }];
  } catch {
    // A fix is a convenience: an unexpected document shape yields no fix, never an error.
    return [];
  }
}

/** Applies the edits to the segment and checks that the same document now lets DNS through. */
function worksOn(segText: string, at: DocumentAt, edits: TextEdit[], options: AnalysisOptions): boolean {
  const after = parseSegment(applyEdits(segText, edits));
  const before = parseSegment(segText);
  // The same document (or the same object of a List) in the text before and after the fix.
  const same = (d: ParsedDocument) => d.doc === at.parsed.doc || (d.doc.range[0] === at.parsed.doc.range[0] && String(d.prefix) === String(at.parsed.prefix));
  const index = before.findIndex(same);
  const doc = after[index];
  if (!doc || doc.doc.errors.length || after.length !== before.length) return false;
  const v = dnsVerdict(doc.value, doc.doc, options.dns, options.defaultNamespace);
  return v.udp && v.tcp;
}
