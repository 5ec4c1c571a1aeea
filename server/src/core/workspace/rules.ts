// Docs of the cross-file checks (checks.ts). They are configured and suppressed like every rule, by id.
import type { RuleMeta } from '../rules/types';

export const workspaceRules: RuleMeta[] = [
  {
    id: 'service-selector-no-match',
    category: 'workspace',
    kinds: ['Service'],
    defaultSeverity: 'warning',
    docs:
      'The Service selector matches no pod template (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, or any object with a pod template such as an Argo Rollout) in its namespace, so it gets no endpoints; says so when it matches a workload\'s metadata.labels but not its pod template labels. Not reported for Services without a selector, ExternalName Services, or when the workspace holds no workload of the Service\'s namespace (its pods are deployed from elsewhere) and none elsewhere matches.',
    example: 'selector:\n  app: web   # the Deployment\'s pods are labelled app: web-server',
  },
  {
    id: 'service-target-port-unknown',
    category: 'workspace',
    kinds: ['Service'],
    defaultSeverity: 'warning',
    docs: 'A named targetPort that no container of the selected pods declares as a port name: the port has no endpoints.',
    example: 'targetPort: http   # containers declare only `containerPort: 8080`',
  },
  {
    id: 'service-target-port-not-listed',
    category: 'workspace',
    kinds: ['Service'],
    defaultSeverity: 'information',
    docs: 'A numeric targetPort that the selected pods do not list while they list other container ports. containerPort is informational, so this may work; often it is a typo.',
    example: 'targetPort: 8008   # containers list 8080',
  },
  {
    id: 'service-port-protocol-mismatch',
    category: 'workspace',
    kinds: ['Service'],
    defaultSeverity: 'warning',
    docs: 'The Service port protocol differs from the protocol of the container port it targets (a UDP Service in front of a TCP-only container).',
    example: 'protocol: UDP   # containerPort 53 is TCP',
  },
  {
    id: 'service-duplicate-name',
    category: 'workspace',
    kinds: ['Service'],
    defaultSeverity: 'warning',
    docs: 'Two Services with the same name and namespace in one file or folder: applying both keeps the last. Folders are compared separately, because kustomize bases and overlays (or one folder per environment) repeat names on purpose.',
  },
  {
    id: 'service-duplicate-node-port',
    category: 'workspace',
    kinds: ['Service'],
    defaultSeverity: 'warning',
    docs: 'Two Services in one file or folder use the same nodePort; node ports are cluster-wide, so the second is rejected ("provided port is already allocated").',
  },
  {
    id: 'service-headless-no-statefulset',
    category: 'workspace',
    kinds: ['Service'],
    defaultSeverity: 'warning',
    docs: 'A headless Service that no StatefulSet names in serviceName, while a StatefulSet of the namespace names a Service that does not exist: likely a typo on one side.',
  },
  {
    id: 'statefulset-service-missing',
    category: 'workspace',
    kinds: ['Service'],
    defaultSeverity: 'warning',
    docs: 'A StatefulSet names in serviceName a Service that does not exist, while a headless Service of the namespace is named by no StatefulSet: its pods get no stable DNS names.',
  },
  {
    id: 'netpol-pod-selector-no-match',
    category: 'workspace',
    kinds: ['NetworkPolicy'],
    defaultSeverity: 'warning',
    docs: 'spec.podSelector matches no pod template in the policy\'s namespace (the policy has no effect). Says so when it matches pods of another namespace. Not reported for `podSelector: {}` or when the workspace holds no workload of the policy\'s namespace.',
  },
  {
    id: 'netpol-peer-selector-no-match',
    category: 'workspace',
    kinds: ['NetworkPolicy'],
    defaultSeverity: 'warning',
    docs: 'A `from`/`to` peer with a podSelector and no namespaceSelector (pods of the policy\'s own namespace) that matches no pod template there: the peer allows nothing. Only judged when the workspace holds workloads of that namespace.',
  },
  {
    id: 'netpol-dns-egress-blocked',
    category: 'workspace',
    kinds: ['NetworkPolicy'],
    defaultSeverity: 'warning',
    docs:
      'The policy restricts egress and no egress rule allows DNS (UDP and TCP dns.port to the dns.namespace pods with dns.podLabels, a `to` that is absent or empty, or an ipBlock covering dns.ips), nor does any other policy selecting the same pods: the message names the workloads that lose name resolution. Policies are additive, so a deny-all next to per-app policies that allow egress blocks nobody. When the policy selects no known workload, it is judged with the namespace\'s policies that select every pod.',
    example: 'policyTypes: [Egress]\negress: []',
  },
  {
    id: 'netpol-dns-tcp-missing',
    category: 'workspace',
    kinds: ['NetworkPolicy'],
    defaultSeverity: 'warning',
    docs: 'Egress allows DNS over UDP only: resolvers retry over TCP for large answers (many records, DNSSEC), and those lookups fail. A port entry without protocol is TCP only.',
    example: 'ports:\n  - port: 53\n    protocol: UDP',
  },
];
