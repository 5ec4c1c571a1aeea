// A Service or NetworkPolicy that kubectl would not even recognise: the right kind under the wrong apiVersion
// (`apps/v1`, `networking.k8s.io/v1beta1`, none at all), or a misspelt kind (`Servcie`). Without this the object
// would silently escape every check. Only Kubernetes' own API groups are judged: `projectcalico.org/v3` has a
// NetworkPolicy kind of its own, and custom resources are none of our business.
import type { Document } from 'yaml';
import type { Fix, Problem } from '../types';
import { closest } from '../util/strings';
import { blame } from '../yaml/path';
import { replaceValue } from '../edits';

const API_VERSION: Record<string, string> = { Service: 'v1', NetworkPolicy: 'networking.k8s.io/v1' };

/** Kinds that really exist in the two groups, so that `kind: Secret` is never "corrected" to Service. */
const KNOWN_KINDS: Record<string, ReadonlySet<string>> = {
  v1: new Set(['Binding', 'ComponentStatus', 'ConfigMap', 'Endpoints', 'Event', 'LimitRange', 'List', 'Namespace', 'Node', 'PersistentVolume', 'PersistentVolumeClaim', 'Pod', 'PodTemplate', 'ReplicationController', 'ResourceQuota', 'Secret', 'Service', 'ServiceAccount']),
  'networking.k8s.io/v1': new Set(['IPAddress', 'Ingress', 'IngressClass', 'NetworkPolicy', 'ServiceCIDR']),
};

/** Core (`v1`), unqualified groups (`apps/v1`) and `*.k8s.io` groups belong to Kubernetes itself. */
function isKubernetesGroup(apiVersion: string): boolean {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return group === '' || !group.includes('.') || group.endsWith('.k8s.io');
}

export function kindProblems(value: unknown, doc: Document): Problem[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
  const v = value as Record<string, unknown>;
  const kind = v.kind;
  const apiVersion = v.apiVersion;
  if (typeof kind !== 'string') return [];
  // A byte-order mark left mid-file by `cat a.yaml b.yaml` glues onto the first key (`\uFEFFapiVersion`): the
  // apiVersion is there, just unreadable to us, so say nothing rather than claim it is missing.
  if (Object.keys(v).some((k) => k.startsWith('\uFEFF'))) return [];
  const expected = API_VERSION[kind];
  if (expected) {
    if (apiVersion === expected) return [];
    if (apiVersion === undefined || apiVersion === null) {
      return [{
        ruleId: 'manifest-api-version-mismatch',
        severity: 'error',
        ...blame(doc, ['kind']),
        path: 'apiVersion',
        message: `apiVersion: Required value: a ${kind} is apiVersion ${expected} (kubectl: "apiVersion not set"). Without it, nothing in this object is checked.`,
      }];
    }
    if (typeof apiVersion !== 'string' || !isKubernetesGroup(apiVersion)) return [];
    const edit = replaceValue(doc, ['apiVersion'], expected);
    return [{
      ruleId: 'manifest-api-version-mismatch',
      severity: 'error',
      ...blame(doc, ['apiVersion']),
      path: 'apiVersion',
      message: `apiVersion: no kind "${kind}" in version "${apiVersion}" (kubectl: no matches for kind): a ${kind} is apiVersion ${expected}.`,
      fixes: edit ? [{ title: `Change to ${expected}`, edits: [edit], isPreferred: true }] : undefined,
    }];
  }
  if (typeof apiVersion !== 'string' || !KNOWN_KINDS[apiVersion] || KNOWN_KINDS[apiVersion].has(kind)) return [];
  const target = Object.keys(API_VERSION).find((k) => API_VERSION[k] === apiVersion)!;
  if (closest(kind, [target]) !== target) return [];
  const edit = replaceValue(doc, ['kind'], target);
  const fixes: Fix[] | undefined = edit ? [{ title: `Change to ${target}`, edits: [edit], isPreferred: true }] : undefined;
  return [{
    ruleId: 'manifest-kind-unknown',
    severity: 'error',
    ...blame(doc, ['kind']),
    path: 'kind',
    message: `kind: no kind "${kind}" in version "${apiVersion}" (kubectl: no matches for kind). Did you mean "${target}"? Until it is fixed, nothing in this object is checked.`,
    fixes,
  }];
}
