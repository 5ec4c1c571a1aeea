import type { Rule } from './types';
import type { Fix } from '../types';
import { explain, forbidden } from '../k8s/field';
import { serviceView } from '../k8s/defaults';
import { removePair } from '../edits';

export const serviceNodeportOnClusterip: Rule = {
  id: 'service-nodeport-on-clusterip',
  category: 'api-server',
  kinds: ['Service'],
  defaultSeverity: 'error',
  docs: 'A port of a ClusterIP Service (the default type) sets `nodePort`, which only NodePort and LoadBalancer Services have (quick fix: remove it).',
  source: 'validation.go ValidateService',
  example: 'spec:\n  ports:\n    - port: 80\n      nodePort: 30080',
  check(ctx) {
    const v = serviceView(ctx.value);
    if (v.type !== 'ClusterIP') return;
    for (const p of v.ports) {
      if (p.nodePort === 0) continue;
      const path = [...p.path, 'nodePort'];
      const edit = removePair(ctx.doc, ctx.text, path);
      const fixes: Fix[] = edit ? [{ title: 'Remove nodePort', edits: [edit], isPreferred: true }] : [];
      ctx.report(
        path,
        explain(forbidden(`spec.ports[${p.index}].nodePort`, "may not be used when `type` is 'ClusterIP'"), 'set `type: NodePort` to expose the port on every node, or remove nodePort'),
        { on: 'key', fixes },
      );
    }
  },
};
