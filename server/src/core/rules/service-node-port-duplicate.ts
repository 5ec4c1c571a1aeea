import type { Rule } from './types';
import { duplicate, explain, invalid } from '../k8s/field';
import { serviceView } from '../k8s/defaults';

export const serviceNodePortDuplicate: Rule = {
  id: 'service-node-port-duplicate',
  category: 'api-server',
  kinds: ['Service'],
  defaultSeverity: 'error',
  docs: 'Two ports of a Service request the same `nodePort`. Only entries with the same `port` number (e.g. TCP 53 and UDP 53) may share one; the node port allocator rejects any other reuse.',
  source: 'registry/core/service/storage/alloc.go initNodePorts; validation.go ValidateService',
  example: 'ports:\n  - {name: a, port: 80, nodePort: 30080}\n  - {name: b, port: 443, nodePort: 30080}',
  check(ctx) {
    const v = serviceView(ctx.value);
    const reported = new Set<number>();
    if (v.type === 'NodePort' || v.type === 'LoadBalancer') {
      // Replays initNodePorts: the first entry of a port number claims the nodePort any entry of that number asks for;
      // an entry claiming a node port some other port number already holds fails with "already allocated".
      const owner = new Map<number, number>(); // nodePort -> index of the entry that claimed it
      const byPort = new Map<number, number>(); // port -> nodePort claimed for it
      for (const p of v.ports) {
        if (p.port === undefined) continue;
        const held = byPort.get(p.port);
        const wanted = held === undefined ? v.ports.find((q) => q.port === p.port && q.nodePort !== 0)?.nodePort ?? 0 : p.nodePort;
        if (wanted === 0 || wanted === held) continue;
        const first = owner.get(wanted);
        if (first !== undefined) {
          reported.add(p.index);
          ctx.report(
            [...p.path, 'nodePort'],
            explain(
              invalid(`spec.ports[${p.index}].nodePort`, wanted, 'provided port is already allocated'),
              `spec.ports[${first}] already uses node port ${wanted}; only the same port number with another protocol may share a node port`,
            ),
            { related: [{ ...ctx.span(['spec', 'ports', first, 'nodePort']), message: 'node port first requested here' }] },
          );
          continue;
        }
        owner.set(wanted, p.index);
        if (held === undefined) byPort.set(p.port, wanted);
      }
    }
    // ValidateService's own check (any type): the same (protocol, nodePort) twice.
    const seen = new Set<string>();
    for (const p of v.ports) {
      if (p.nodePort === 0 || p.protocol === undefined) continue;
      const key = `${p.protocol}/${p.nodePort}`;
      if (seen.has(key) && !reported.has(p.index)) ctx.report([...p.path, 'nodePort'], duplicate(`spec.ports[${p.index}].nodePort`, p.nodePort));
      seen.add(key);
    }
  },
};
