// The registry of rules that check one manifest. Each rule lives in its own file named after its id.
import type { Rule } from './types';
import { metaAnnotationsInvalid } from './meta-annotations-invalid';
import { metaFinalizersInvalid } from './meta-finalizers-invalid';
import { metaLabelsInvalid } from './meta-labels-invalid';
import { metaNameInvalid } from './meta-name-invalid';
import { metaNameRequired } from './meta-name-required';
import { metaNamespaceInvalid } from './meta-namespace-invalid';
import { metaOwnerReferencesInvalid } from './meta-owner-references-invalid';
import { serviceAppProtocolInvalid } from './service-app-protocol-invalid';
import { serviceClusterIpsInvalid } from './service-cluster-ips-invalid';
import { serviceExternalIpInvalid } from './service-external-ip-invalid';
import { serviceExternalNameClusterIp } from './service-external-name-cluster-ip';
import { serviceExternalNameInvalid } from './service-external-name-invalid';
import { serviceExternalTrafficPolicyForbidden } from './service-external-traffic-policy-forbidden';
import { serviceHeadlessTypeInvalid } from './service-headless-type-invalid';
import { serviceHealthCheckNodePortForbidden } from './service-health-check-node-port-forbidden';
import { serviceIpFamiliesDuplicate } from './service-ip-families-duplicate';
import { serviceLoadBalancerClassInvalid } from './service-load-balancer-class-invalid';
import { serviceLoadBalancerFieldForbidden } from './service-load-balancer-field-forbidden';
import { serviceNodePortDuplicate } from './service-node-port-duplicate';
import { serviceNodePortOutOfRange } from './service-node-port-out-of-range';
import { serviceNodeportOnClusterip } from './service-nodeport-on-clusterip';
import { servicePortDuplicate } from './service-port-duplicate';
import { servicePortNameDuplicate } from './service-port-name-duplicate';
import { servicePortNameInvalid } from './service-port-name-invalid';
import { servicePortNameRequired } from './service-port-name-required';
import { servicePortsRequired } from './service-ports-required';
import { serviceSelectorInvalid } from './service-selector-invalid';
import { serviceSessionAffinityTimeout } from './service-session-affinity-timeout';
import { serviceSingleStackMultipleFamilies } from './service-single-stack-multiple-families';
import { serviceSourceRangesInvalid } from './service-source-ranges-invalid';
import { serviceTargetPortInvalid } from './service-target-port-invalid';
import { serviceTopologyAnnotationMismatch } from './service-topology-annotation-mismatch';
import { serviceTrafficDistributionUnsupported } from './service-traffic-distribution-unsupported';
import { netpolCidrInvalid } from './netpol-cidr-invalid';
import { netpolEndPortInvalid } from './netpol-end-port-invalid';
import { netpolExceptNotSubset } from './netpol-except-not-subset';
import { netpolPeerIpblockExclusive } from './netpol-peer-ipblock-exclusive';
import { netpolPeerRequired } from './netpol-peer-required';
import { netpolPortInvalid } from './netpol-port-invalid';
import { netpolSelectorInvalid } from './netpol-selector-invalid';
import { netpolCidrNotCanonical } from './netpol-cidr-not-canonical';
import { serviceIpNotCanonical } from './service-ip-not-canonical';
import { netpolPolicyTypesMismatch } from './netpol-policy-types-mismatch';
import { netpolSplitPeerSelectors } from './netpol-split-peer-selectors';
import { netpolAllowAllRedundant } from './netpol-allow-all-redundant';
import { netpolNamespaceSelectorAll } from './netpol-namespace-selector-all';
import { serviceDeprecatedLoadBalancerIp } from './service-deprecated-load-balancer-ip';
import { serviceExternalIpsIgnored } from './service-external-ips-ignored';

export const rules: Rule[] = [
  // API-server validation (issue 3): metadata, Service, NetworkPolicy.
  metaAnnotationsInvalid,
  metaFinalizersInvalid,
  metaLabelsInvalid,
  metaNameInvalid,
  metaNameRequired,
  metaNamespaceInvalid,
  metaOwnerReferencesInvalid,
  serviceAppProtocolInvalid,
  serviceClusterIpsInvalid,
  serviceExternalIpInvalid,
  serviceExternalNameClusterIp,
  serviceExternalNameInvalid,
  serviceExternalTrafficPolicyForbidden,
  serviceHeadlessTypeInvalid,
  serviceHealthCheckNodePortForbidden,
  serviceIpFamiliesDuplicate,
  serviceLoadBalancerClassInvalid,
  serviceLoadBalancerFieldForbidden,
  serviceNodePortDuplicate,
  serviceNodePortOutOfRange,
  serviceNodeportOnClusterip,
  servicePortDuplicate,
  servicePortNameDuplicate,
  servicePortNameInvalid,
  servicePortNameRequired,
  servicePortsRequired,
  serviceSelectorInvalid,
  serviceSessionAffinityTimeout,
  serviceSingleStackMultipleFamilies,
  serviceSourceRangesInvalid,
  serviceTargetPortInvalid,
  serviceTopologyAnnotationMismatch,
  serviceTrafficDistributionUnsupported,
  netpolCidrInvalid,
  netpolEndPortInvalid,
  netpolExceptNotSubset,
  netpolPeerIpblockExclusive,
  netpolPeerRequired,
  netpolPortInvalid,
  netpolSelectorInvalid,
  // Accepted with a warning unless StrictIPCIDRValidation is on.
  serviceIpNotCanonical,
  netpolCidrNotCanonical,
  // Accepted, but likely not what was meant (issue 4); the API server's own Service warnings.
  netpolPolicyTypesMismatch,
  netpolSplitPeerSelectors,
  netpolAllowAllRedundant,
  netpolNamespaceSelectorAll,
  serviceDeprecatedLoadBalancerIp,
  serviceExternalIpsIgnored,
];
