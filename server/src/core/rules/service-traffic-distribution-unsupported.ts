import type { Rule } from './types';
import type { Fix } from '../types';
import { explain, notSupported } from '../k8s/field';
import { gateEnabled, gateSince } from '../k8s/version';
import { obj } from '../k8s/values';
import { replaceValue } from '../edits';
import { closest } from '../util/strings';

export const serviceTrafficDistributionUnsupported: Rule = {
  id: 'service-traffic-distribution-unsupported',
  category: 'cluster',
  kinds: ['Service'],
  defaultSeverity: 'error',
  docs: '`trafficDistribution` is not a value the Kubernetes version in setting `kubernetesVersion` supports: `PreferClose` from 1.31, `PreferSameZone`/`PreferSameNode` from 1.34 (before 1.31 the field is silently dropped, which is a warning).',
  source: 'validation.go validateServiceTrafficDistribution; feature gates ServiceTrafficDistribution, PreferSameTrafficDistribution',
  example: 'spec:\n  trafficDistribution: PreferZone',
  check(ctx) {
    const value = obj(ctx.value.spec)?.trafficDistribution;
    if (typeof value !== 'string') return;
    const version = ctx.options.kubernetesVersion;
    const setting = `Kubernetes ${version} (setting k8sNetworkLens.kubernetesVersion)`;
    if (!gateEnabled('ServiceTrafficDistribution', version)) {
      ctx.report(
        ['spec', 'trafficDistribution'],
        `spec.trafficDistribution is dropped by the API server before Kubernetes ${gateSince('ServiceTrafficDistribution')} (feature gate ServiceTrafficDistribution off by default); this check assumes ${setting}`,
        { severity: 'warning', on: 'key' },
      );
      return;
    }
    const sameGate = gateEnabled('PreferSameTrafficDistribution', version);
    const supported = sameGate ? ['PreferClose', 'PreferSameNode', 'PreferSameZone'] : ['PreferClose'];
    if (supported.includes(value)) return;
    const newer = !sameGate && (value === 'PreferSameZone' || value === 'PreferSameNode');
    const suggestion = newer ? undefined : closest(value, supported, true);
    const edit = suggestion ? replaceValue(ctx.doc, ['spec', 'trafficDistribution'], suggestion) : undefined;
    const fixes: Fix[] = edit ? [{ title: `Change to "${suggestion}"`, edits: [edit], isPreferred: true }] : [];
    const sentence = newer
      ? `${value} needs Kubernetes ${gateSince('PreferSameTrafficDistribution')} (feature gate PreferSameTrafficDistribution); this check assumes ${setting}`
      : `${suggestion ? `did you mean "${suggestion}"? ` : ''}the supported values depend on ${setting}`;
    ctx.report(['spec', 'trafficDistribution'], explain(notSupported('spec.trafficDistribution', value, supported), sentence), { fixes });
  },
};
