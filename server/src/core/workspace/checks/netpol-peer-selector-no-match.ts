import { evidenceFor, mayShareNamespace, namespacesOf, nearMiss } from '../evidence';
import { anyWorkloadSelectedBy } from '../queries';
import { formatSelector, selectsAll } from '../selectors';
import { withBuildLabels } from '../selection';
import { defineCheck } from './types';

export default defineCheck({
  id: 'netpol-peer-selector-no-match',
  category: 'workspace',
  kinds: ['NetworkPolicy'],
  defaultSeverity: 'warning',
  target: 'policy',
  docs: "A `from`/`to` peer with a podSelector and no namespaceSelector (pods of the policy's own namespace) that matches no pod there: the peer allows nothing. Judged only where the evidence is complete, as for netpol-pod-selector-no-match.",
  check(ctx, ref) {
    let ev: ReturnType<typeof evidenceFor> | undefined;
    for (const [field, rules] of [['ingress', ref.obj.ingressRules], ['egress', ref.obj.egressRules]] as const) {
      for (const [i, rule] of rules.entries()) {
        for (const [j, peer] of (rule.peers ?? []).entries()) {
          // With a namespaceSelector the pods live in other namespaces, which the workspace may not hold.
          if (!peer.pods || peer.namespaces || peer.unknown || !peer.podsAt || selectsAll(peer.pods)) continue;
          const pods = withBuildLabels(ref, peer.pods);
          if (namespacesOf(ref).some((ns) => anyWorkloadSelectedBy(ctx.view, ns, pods))) continue;
          ev ??= evidenceFor(ctx.view, ref);
          if (ev.blind || ev.opaque.length || !ev.pods.length) return;
          if (mayShareNamespace(ctx.view, ref, pods)) continue;
          if (ev.wider && !nearMiss(pods, ev.pods)) continue;
          ctx.report(peer.podsAt, `spec.${field}[${i}].${field === 'ingress' ? 'from' : 'to'}[${j}].podSelector ${formatSelector(peer.pods)} matches no pod template in namespace ${ref.namespace} (without a namespaceSelector, a peer podSelector selects pods of the policy's own namespace only): this peer allows nothing.`);
        }
      }
    }
  },
});
