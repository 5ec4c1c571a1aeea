// Every cross-file check, one per file named by its id (see CONTRIBUTING.md, "Add a cross-file check").
import netpolDnsEgressBlocked from './netpol-dns-egress-blocked';
import netpolDnsTcpMissing from './netpol-dns-tcp-missing';
import netpolPeerSelectorNoMatch from './netpol-peer-selector-no-match';
import netpolPodSelectorNoMatch from './netpol-pod-selector-no-match';
import serviceDuplicateName from './service-duplicate-name';
import serviceDuplicateNodePort from './service-duplicate-node-port';
import serviceHeadlessNoStatefulset from './service-headless-no-statefulset';
import servicePortProtocolMismatch from './service-port-protocol-mismatch';
import serviceSelectorNoMatch from './service-selector-no-match';
import serviceTargetPortNotListed from './service-target-port-not-listed';
import serviceTargetPortPartial from './service-target-port-partial';
import serviceTargetPortUnknown from './service-target-port-unknown';
import statefulsetServiceMissing from './statefulset-service-missing';
import statefulsetServiceNotHeadless from './statefulset-service-not-headless';
import type { RuleMeta } from '../../rules/types';
import type { WorkspaceCheck } from './types';

export const workspaceChecks: readonly WorkspaceCheck[] = [
  serviceDuplicateName,
  serviceDuplicateNodePort,
  serviceHeadlessNoStatefulset,
  serviceSelectorNoMatch,
  serviceTargetPortUnknown,
  serviceTargetPortPartial,
  serviceTargetPortNotListed,
  servicePortProtocolMismatch,
  netpolPodSelectorNoMatch,
  netpolPeerSelectorNoMatch,
  netpolDnsEgressBlocked,
  netpolDnsTcpMissing,
  statefulsetServiceMissing,
  statefulsetServiceNotHeadless,
] as WorkspaceCheck[];

/** The metadata of every cross-file check (docs, README table, settings). */
export const workspaceRules: RuleMeta[] = workspaceChecks.map(({ check: _check, target: _target, ...meta }) => meta);
