import type { Rule } from './types';
import { duplicate, explain } from '../k8s/field';
import { serviceView } from '../k8s/defaults';

export const serviceIpFamiliesDuplicate: Rule = {
  id: 'service-ip-families-duplicate',
  category: 'api-server',
  kinds: ['Service'],
  defaultSeverity: 'error',
  docs: '`ipFamilies` lists the same family twice; a dual-stack Service lists IPv4 and IPv6 once each.',
  source: 'validation.go ValidateServiceClusterIPsRelatedFields',
  example: 'spec:\n  ipFamilies: [IPv4, IPv4]',
  check(ctx) {
    const v = serviceView(ctx.value);
    if (v.type === 'ExternalName') return;
    const seen = new Set<unknown>();
    v.ipFamilies.forEach((f, i) => {
      if (typeof f !== 'string') return;
      if (seen.has(f)) ctx.report(['spec', 'ipFamilies', i], explain(duplicate(`spec.ipFamilies[${i}]`, f), 'list each IP family once'));
      seen.add(f);
    });
  },
};
