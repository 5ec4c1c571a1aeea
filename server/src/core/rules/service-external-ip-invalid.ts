import type { Rule } from './types';
import { invalid } from '../k8s/field';
import { INVALID_IP, parseIP, specialIPProblem } from '../k8s/ip';
import { serviceView } from '../k8s/defaults';

export const serviceExternalIpInvalid: Rule = {
  id: 'service-external-ip-invalid',
  category: 'api-server',
  kinds: ['Service'],
  defaultSeverity: 'error',
  docs: 'An `externalIPs` entry is not an IP address, or is unspecified (0.0.0.0), loopback, link-local or link-local multicast.',
  source: 'validation.go ValidateService (IsValidIPForLegacyField, ValidateNonSpecialIP)',
  example: 'spec:\n  externalIPs: [127.0.0.1]',
  check(ctx) {
    serviceView(ctx.value).externalIPs.forEach((ip, i) => {
      if (typeof ip !== 'string') return;
      const path = `spec.externalIPs[${i}]`;
      const p = parseIP(ip);
      const problem = p ? specialIPProblem(p, ip) : INVALID_IP;
      if (problem) ctx.report(['spec', 'externalIPs', i], invalid(path, ip, problem));
    });
  },
};
