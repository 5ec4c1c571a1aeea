import type { Rule } from './types';
import type { Fix } from '../types';
import { isObj, list, obj } from '../k8s/values';

// `- namespaceSelector: ...` followed by `- podSelector: ...` is two peers (OR): every pod of the selected
// namespaces, plus the selected pods of the policy's own namespace. One item with both keys (AND) selects only
// those pods in those namespaces; a stray `-` turns the narrow rule into a wide one, and nothing complains.
const KEYS = ['namespaceSelector', 'podSelector'];

function onlyKey(x: unknown): string | undefined {
  if (!isObj(x)) return undefined;
  const keys = Object.keys(x);
  return keys.length === 1 && KEYS.includes(keys[0]) && isObj(x[keys[0]]) ? keys[0] : undefined;
}

export const netpolSplitPeerSelectors: Rule = {
  id: 'netpol-split-peer-selectors',
  category: 'best-practice',
  kinds: ['NetworkPolicy'],
  defaultSeverity: 'information',
  docs: 'A `- namespaceSelector` item right next to a `- podSelector` item: two peers, OR (all pods of those namespaces, plus those pods of this namespace), where one item with both keys, AND (only those pods in those namespaces), is often what was meant.',
  source: 'NetworkPolicyPeer semantics (kubernetes.io/docs/concepts/services-networking/network-policies)',
  example: 'from:\n  - namespaceSelector:\n      matchLabels: {team: ops}\n  - podSelector:\n      matchLabels: {app: monitoring}',
  check(ctx) {
    const spec = obj(ctx.value.spec);
    if (!spec) return;
    for (const [dir, key] of [['ingress', 'from'], ['egress', 'to']] as const) {
      list(spec[dir]).forEach((rule, i) => {
        const peers = list(obj(rule)?.[key]);
        for (let j = 1; j < peers.length; j++) {
          const a = onlyKey(peers[j - 1]);
          const b = onlyKey(peers[j]);
          if (!a || !b || a === b) continue;
          const path = ['spec', dir, i, key, j];
          const fix = mergeFix(ctx.text, ctx.span(['spec', dir, i, key, j - 1]).start, ctx.span(path).start);
          ctx.report(
            [...path, b],
            `spec.${dir}[${i}].${key}[${j - 1}] and [${j}] are two peers (OR): all pods of the namespaces the namespaceSelector selects, plus the pods the podSelector selects in this policy's namespace. If you meant only those pods in those namespaces (AND), make it one item with both keys (remove the \`-\` before ${b}).`,
            { on: 'key', fixes: fix ? [fix] : undefined },
          );
        }
      });
    }
  },
};

/** Removes the `-` of the second item when both items are block mappings whose keys line up after the fix. */
function mergeFix(text: string, first: number, second: number): Fix | undefined {
  const lineOf = (at: number) => text.lastIndexOf('\n', at - 1) + 1;
  const l1 = lineOf(first);
  const l2 = lineOf(second);
  const m1 = /^([ \t]*)-([ \t]+)$/.exec(text.slice(l1, first));
  const m2 = /^([ \t]*)-([ \t]+)$/.exec(text.slice(l2, second));
  // Flow mappings (`- {podSelector: ...}`) cannot be merged by removing a dash.
  if (!m1 || !m2 || first - l1 !== second - l2 || text[first] === '{' || text[second] === '{') return undefined;
  const dash = l2 + m2[1].length;
  return { title: 'Make it one peer (pods of the podSelector IN the namespaces of the namespaceSelector)', edits: [{ start: dash, end: dash + 1, newText: ' ' }] };
}
