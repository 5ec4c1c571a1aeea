// Completion: the keys the schema allows where the cursor is, enum values, label keys and values of the workspace's
// workloads in selectors, well-known annotations, and snippets for new Services and a default-deny policy.
// The document being typed is usually incomplete, so the cursor's path is found by parsing a copy with a placeholder
// in place of the word being typed: the YAML parser, not a guess from indentation, decides where it belongs.
import { isMap, isScalar, isSeq } from 'yaml';
import type { Analysis } from '../analyze';
import { targetKind } from '../analyze';
import type { TargetKind } from '../rules/types';
import type { Path } from '../types';
import { looksLikeJson, parseSegment } from '../yaml/parse';
import { keyString } from '../yaml/path';
import { documentAt } from './documents';
import type { WorkspaceLookup } from './dns-names';
import { ANNOTATIONS, schemaAt } from './hover';
import { lineStartOf, yamlScalar } from '../fixes/yaml-edit';

export interface CompletionInfo {
  label: string;
  kind: 'property' | 'value' | 'snippet';
  /** Plain text, or an LSP snippet (`${1:name}`) when `snippet` is set. */
  insertText: string;
  snippet?: boolean;
  detail?: string;
  documentation?: string;
  /** The span the completion replaces: the word being typed. */
  start: number;
  end: number;
}

const PLACEHOLDER = 'k8snlcursor';

interface Site {
  mode: 'key' | 'value';
  path: Path;
  kind?: TargetKind;
  /** Keys already present in the mapping the key goes into. */
  siblings: Set<string>;
  value?: unknown;
}

/** Finds where the placeholder landed: as a key (its mapping's path) or as a value (its own path). */
function findPlaceholder(node: unknown, path: Array<string | number>, depth = 0): { mode: 'key' | 'value'; path: Path; siblings: Set<string> } | undefined {
  if (depth > 60) return undefined;
  if (isMap(node)) {
    for (const p of node.items) {
      const k = keyString(p.key);
      if (k === PLACEHOLDER) return { mode: 'key', path, siblings: new Set(node.items.map((i) => keyString(i.key) ?? '').filter((x) => x !== PLACEHOLDER)) };
      if (k === undefined) continue;
      if (isScalar(p.value) && p.value.value === PLACEHOLDER) return { mode: 'value', path: [...path, k], siblings: new Set() };
      const found = findPlaceholder(p.value, [...path, k], depth + 1);
      if (found) return found;
    }
  } else if (isSeq(node)) {
    for (let i = 0; i < node.items.length; i++) {
      const it = node.items[i];
      if (isScalar(it) && it.value === PLACEHOLDER) return { mode: 'value', path: [...path, i], siblings: new Set() };
      const found = findPlaceholder(it, [...path, i], depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

function siteAt(segText: string, rel: number, wordStart: number, wordEnd: number): Site | undefined {
  const lineStart = lineStartOf(segText, rel);
  const before = segText.slice(lineStart, wordStart);
  const after = segText.slice(wordEnd, (segText.indexOf('\n', wordEnd) + 1 || segText.length + 1) - 1).replace(/\r$/, '');
  // A value after `key: ` or after `- `, or a key at the start of a line (or after `- `).
  const isValue = /:\s+$/.test(before) || (/^\s*-\s+$/.test(before) && !after.startsWith(':'));
  const insert = isValue || after.trimStart().startsWith(':') ? PLACEHOLDER : `${PLACEHOLDER}:`;
  const modified = segText.slice(0, wordStart) + insert + segText.slice(wordEnd);
  const docs = parseSegment(modified);
  for (const d of docs) {
    // A List's items follow it: the placeholder is looked for in the object it is in, not in the List.
    if (d.list) continue;
    const found = findPlaceholder(d.doc.contents, []);
    if (!found) continue;
    // `- word` in a list of mappings (ports, rules) is a key of a new item, not a scalar item.
    if (found.mode === 'value' && /^\s*-\s+$/.test(before) && typeof found.path[found.path.length - 1] === 'number') {
      const s = d.value as any;
      const kind = targetKind(s);
      const listSchema = kind && schemaAt(kind, found.path.slice(0, -1));
      if (listSchema?.items?.properties) return { mode: 'key', path: found.path, kind, siblings: new Set(), value: s };
    }
    const value = d.doc.toJS({ maxAliasCount: 100 });
    return { ...found, kind: targetKind(value), value };
  }
  return undefined;
}

const firstSentence = (s: unknown) => (typeof s === 'string' ? (s.match(/^[^.]*\./)?.[0] ?? s).trim() : undefined);

const isSelectorMap = (kind: TargetKind | undefined, path: Path) => {
  const last = path[path.length - 1];
  if (kind === 'Service') return path.length === 2 && path[0] === 'spec' && path[1] === 'selector';
  return last === 'matchLabels' && path[path.length - 2] === 'podSelector';
};

function labelIndex(lookup?: WorkspaceLookup): Map<string, Set<string>> {
  const index = new Map<string, Set<string>>();
  for (const labels of lookup?.podLabels?.() ?? []) {
    for (const [k, v] of Object.entries(labels)) {
      let s = index.get(k);
      if (!s) index.set(k, (s = new Set()));
      s.add(v);
    }
  }
  return index;
}

export function completionsAt(analysis: Analysis, offset: number, lookup?: WorkspaceLookup): CompletionInfo[] {
  try {
    const at = documentAt(analysis, offset);
    // A file over the size limit was not analysed and must not be parsed here either (50 MB: tens of seconds).
    if (!at && analysis.length > analysis.options.maxFileSize) return [];
    const segText = at?.segment.result.text ?? analysis.text;
    // Completions write YAML (`key: `, whole manifests): nothing for a JSON document.
    if (looksLikeJson(segText)) return [];
    const base = at?.base ?? 0;
    const rel = offset - base;
    let wordStart = rel;
    while (wordStart > 0 && /[\w./-]/.test(segText[wordStart - 1])) wordStart--;
    let wordEnd = rel;
    while (wordEnd < segText.length && /[\w./-]/.test(segText[wordEnd])) wordEnd++;
    const span = { start: wordStart + base, end: wordEnd + base };
    const lineStart = lineStartOf(segText, rel);
    const out: CompletionInfo[] = [];
    // At the start of a line of a document that is not (yet) a Service or NetworkPolicy, where a new object can
    // start (an empty document, or one of Kubernetes manifests): offer whole manifests. Never in a CI workflow.
    if (wordStart === lineStart && !at?.kind && manifestsBelong(segText.slice(0, wordStart) + segText.slice(wordEnd))) {
      out.push(...snippets(analysis, span));
    }
    const site = siteAt(segText, rel, wordStart, wordEnd);
    if (!site?.kind) return out;
    if (site.mode === 'key') out.push(...keyCompletions(site, span, lookup));
    else out.push(...valueCompletions(site, span, lookup));
    return out;
  } catch {
    // Completion on half-typed YAML must never fail loudly: no suggestions instead.
    return [];
  }
}

/**
 * Whether a new manifest may be written into this `---` document (without the word being typed): it holds nothing
 * but comments, or it is a Kubernetes manifest (apiVersion or kind at the top). A GitHub workflow, a values file or
 * a kustomization's patch list is not.
 */
function manifestsBelong(segText: string): boolean {
  const blank = segText.split('\n').every((l) => {
    const t = l.trim();
    return !t || t.startsWith('#') || (/^(---|\.\.\.)(\s|$)/.test(t) && (t.length === 3 || t.slice(3).trimStart().startsWith('#')));
  });
  if (blank) return true;
  // A top-level key, found without parsing the document a second time (a huge line would cost twice).
  return /^["']?(apiVersion|kind)["']?[ \t]*:/m.test(segText);
}

/** `nodePort` in a port of a ClusterIP Service (the default type) is rejected: not offered there. */
const nodePortForbidden = (site: Site): boolean => {
  if (site.kind !== 'Service' || site.path.length !== 3 || site.path[0] !== 'spec' || site.path[1] !== 'ports') return false;
  const type = (site.value as any)?.spec?.type;
  return type === undefined || type === null || type === 'ClusterIP';
};

function keyCompletions(site: Site, span: { start: number; end: number }, lookup?: WorkspaceLookup): CompletionInfo[] {
  const kind = site.kind!;
  const out: CompletionInfo[] = [];
  if (isSelectorMap(kind, site.path)) {
    for (const [key, values] of labelIndex(lookup)) {
      if (site.siblings.has(key)) continue;
      out.push({ label: key, kind: 'property', insertText: `${yamlScalar(key)}: `, detail: `pod label (${[...values].slice(0, 3).join(', ')})`, ...span });
    }
    return out;
  }
  if (kind === 'Service' && site.path.join('.') === 'metadata.annotations') {
    for (const [key, a] of Object.entries(ANNOTATIONS)) {
      if (!site.siblings.has(key)) out.push({ label: key, kind: 'property', insertText: `${key}: `, detail: 'annotation', documentation: a.text, ...span });
    }
  }
  const schema = schemaAt(kind, site.path);
  const props = (schema?.properties ?? schema?.items?.properties ?? {}) as Record<string, any>;
  const noNodePort = nodePortForbidden(site);
  for (const [key, s] of Object.entries(props)) {
    if (site.siblings.has(key) || (noNodePort && key === 'nodePort')) continue;
    const types = (Array.isArray(s.type) ? s.type : [s.type]).filter((t: unknown) => t !== 'null');
    const nested = types.length === 1 && (types[0] === 'object' || types[0] === 'array');
    out.push({ label: key, kind: 'property', insertText: nested ? `${key}:` : `${key}: `, detail: types.join(' | '), documentation: firstSentence(s.description), ...span });
  }
  return out;
}

function valueCompletions(site: Site, span: { start: number; end: number }, lookup?: WorkspaceLookup): CompletionInfo[] {
  const kind = site.kind!;
  const out: CompletionInfo[] = [];
  const parent = site.path.slice(0, -1);
  const key = site.path[site.path.length - 1];
  if (typeof key === 'string' && isSelectorMap(kind, parent)) {
    for (const v of labelIndex(lookup).get(key) ?? []) out.push({ label: v, kind: 'value', insertText: yamlScalar(v), detail: `value of pod label ${key}`, ...span });
    return out;
  }
  if (kind === 'Service' && parent.join('.') === 'metadata.annotations' && typeof key === 'string') {
    for (const v of ANNOTATIONS[key]?.values ?? []) out.push({ label: v, kind: 'value', insertText: JSON.stringify(v), detail: key, ...span });
    return out;
  }
  const schema = schemaAt(kind, site.path);
  const values: unknown[] = Array.isArray(schema?.enum) ? schema.enum : (schema?.type ?? []).includes?.('boolean') ? [true, false] : [];
  for (const v of values) {
    if (v === null || v === '') continue;
    out.push({ label: String(v), kind: 'value', insertText: String(v), detail: firstSentence(schema?.description), ...span });
  }
  return out;
}

/** New manifests; the NetworkPolicy denies everything but DNS, with the DNS settings of the workspace. */
function snippets(analysis: Analysis, span: { start: number; end: number }): CompletionInfo[] {
  const dns = analysis.options.dns;
  const service = (type: string, extra: string[]) =>
    ['apiVersion: v1', 'kind: Service', 'metadata:', '  name: ${1:my-service}', 'spec:', ...(type === 'ClusterIP' ? [] : [`  type: ${type}`]), ...extra].join('\n');
  const selectorPorts = (port: string[]) => ['  selector:', '    app: ${2:my-app}', '  ports:', '    - name: ${3:http}', '      port: ${4:80}', '      targetPort: ${5:8080}', ...port];
  const labels = Object.entries(dns.podLabels).map(([k, v]) => `                ${yamlScalar(k)}: ${yamlScalar(v)}`);
  const policy = [
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    '  name: ${1:default-deny}',
    'spec:',
    '  podSelector: {}',
    '  policyTypes:',
    '    - Ingress',
    '    - Egress',
    '  egress:',
    '    - to:',
    '        - namespaceSelector:',
    '            matchLabels:',
    `              kubernetes.io/metadata.name: ${yamlScalar(dns.namespace)}`,
    ...(labels.length ? ['          podSelector:', '            matchLabels:', ...labels.map((l) => l.slice(2))] : []),
    '      ports:',
    '        - protocol: UDP',
    `          port: ${dns.port}`,
    '        - protocol: TCP',
    `          port: ${dns.port}`,
  ].join('\n');
  const items: Array<[string, string, string]> = [
    ['Service (ClusterIP)', service('ClusterIP', selectorPorts([])), 'A Service reachable inside the cluster.'],
    ['Service (NodePort)', service('NodePort', selectorPorts(['      nodePort: ${6:30080}'])), 'A Service also opened on every node.'],
    ['Service (LoadBalancer)', service('LoadBalancer', selectorPorts([])), 'A Service behind a cloud load balancer.'],
    ['Service (headless)', service('ClusterIP', ['  clusterIP: None', ...selectorPorts([])]), 'DNS returns the pod IPs; for StatefulSets.'],
    ['Service (ExternalName)', service('ExternalName', ['  externalName: ${2:db.example.com}']), 'A DNS alias (CNAME) for an outside name.'],
    ['NetworkPolicy (default deny, DNS allowed)', policy, 'Denies all ingress and egress of the namespace\'s pods, except DNS lookups (UDP and TCP).'],
  ];
  return items.map(([label, body, doc]) => ({ label, kind: 'snippet' as const, insertText: body + '\n', snippet: true, detail: 'Kubernetes Network Lens', documentation: doc, ...span }));
}
