import type { Rule } from './types';
import { explain, invalid } from '../k8s/field';
import { serviceView } from '../k8s/defaults';
import { int, obj } from '../k8s/values';

/** core.MaxClientIPServiceAffinitySeconds: one day. */
const MAX = 86400;

export const serviceSessionAffinityTimeout: Rule = {
  id: 'service-session-affinity-timeout',
  category: 'api-server',
  kinds: ['Service'],
  defaultSeverity: 'error',
  docs: 'With `sessionAffinity: ClientIP`, `sessionAffinityConfig.clientIP.timeoutSeconds` is outside 1..86400. (With any other affinity the config is dropped by defaulting and never checked.)',
  source: 'validation.go validateClientIPAffinityConfig; defaults.go SetDefaults_Service',
  example: 'sessionAffinity: ClientIP\nsessionAffinityConfig:\n  clientIP:\n    timeoutSeconds: 0',
  check(ctx) {
    const v = serviceView(ctx.value);
    // Defaulting sets the config to nil unless the affinity is ClientIP, so only then can it be rejected.
    const t = int(obj(obj(v.sessionAffinityConfig)?.clientIP)?.timeoutSeconds);
    if (t === undefined || (t > 0 && t <= MAX)) return;
    ctx.report(
      ['spec', 'sessionAffinityConfig', 'clientIP', 'timeoutSeconds'],
      explain(invalid('spec.sessionAffinityConfig.clientIP.timeoutSeconds', t, `must be greater than 0 and less than ${MAX}`), `use 1 to ${MAX} seconds (the default is 10800)`),
    );
  },
};
