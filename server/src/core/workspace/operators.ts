// What pods a custom resource makes its controller create, and with which labels.
//
// Many pods in real repositories come from operators: a Prometheus object becomes a StatefulSet whose pods carry
// `prometheus: <name>`, a RayCluster becomes head and worker pods carrying `ray.io/cluster: <name>`. A check that
// says "this selector matches no pod" must know those pods, or it reports Services that work.
//
// Three kinds of knowledge, tried in order:
// 1. OPERATORS: well-known operators, one entry per kind, with the labels their code puts on the pods. Each entry
//    cites the operator's source file. A label whose value the tool cannot predict (a version, a hash, a shard
//    number) is listed in `anyValue`: a selector asking any value of it may match.
// 2. NO_PODS: well-known kinds that never create pods (configuration read by some controller).
// 3. Anything else: the pod templates found under `spec` (`template` / `podTemplate` with `metadata.labels`) and
//    `spec.podMetadata.labels`. Without any of them, the object is `opaque`: it may create pods we cannot know, so a
//    "matches nothing" verdict in its namespace is not certain.
//
// Values are untyped YAML: anything may be any type, aliases may make one object appear many times, nesting may be
// deep. Nothing here throws, recursion is bounded by depth and by a node budget, and labels that are not a map of
// strings make the source unreadable (the object becomes opaque) rather than guessed.
import { get, isObj, str } from '../k8s/values';
import { toLabels } from './selectors';

/** One group of pods an object makes its controller create. */
export interface PodSource {
  /** Labels certain to be on the pods, with their values (from the object and the operator's code). */
  labels: Record<string, string>;
  /** Label keys the controller sets with values the tool cannot predict: a selector asking any value of them may match. */
  anyValue: string[];
  /** Path from the object's root to a pod template ({metadata, spec: {containers}}), when the object has one: container ports are read there. */
  template?: Array<string | number>;
  /** Path from the object's root to the key to blame/point at for these labels (e.g. ['spec','podMetadata','labels'] or ['metadata','name']). */
  labelsAt: Array<string | number>;
  /** For messages: "pods of Prometheus k8s (created by the prometheus-operator)". */
  description: string;
  /**
   * Labels that older releases of the operator set and current ones no longer do (e.g. `app: prometheus`):
   * a selector asking exactly these values may match pods of a cluster that still runs such a release.
   */
  legacyLabels?: Record<string, string>;
  /**
   * The pods do not live in the object's namespace but in any namespace that uses it (a cluster-scoped object,
   * such as a cert-manager ClusterIssuer whose HTTP-01 solver pods run next to each Certificate).
   */
  anyNamespace?: boolean;
  /**
   * The controller adds container ports of its own to the pods besides the template's (KubeRay a metrics port, the
   * notebook controller notebook-port 8888 when none is declared, ECK, CloudNativePG's PgBouncer and Knative's
   * queue-proxy their containers' ports): a port missing from the template may still be open.
   */
  portsAdded?: boolean;
}

export interface CustomResourcePods {
  /** Pod groups the tool knows the object creates (empty when none). */
  sources: PodSource[];
  /** The object may create pods whose labels the tool cannot know (an unknown custom resource kind with no readable pod template): a "matches nothing" verdict in its namespace is then not certain. */
  opaque: boolean;
}

type Path = Array<string | number>;
type Obj = Record<string, unknown>;

/** Pod groups read from one list (worker groups, node sets, solvers): more than this and the object is opaque. */
const MAX_ITEMS = 256;
/** The generic search for pod templates: how deep below the root, and how many nodes at most. */
const MAX_DEPTH = 8;
const MAX_NODES = 5000;

// ---------------------------------------------------------------------------------------------------------------
// Reading untyped values

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** Sets a key as an own enumerable property, whatever its name (`__proto__` included). */
function define(o: Record<string, string>, k: string, v: string): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** `path` when a value is written there, else `fallback`: where a message points for labels that may come from there. */
function presentOr(value: unknown, path: Path, fallback: Path): Path {
  return get(value, path) !== undefined ? path : fallback;
}

// ---------------------------------------------------------------------------------------------------------------
// Building pod groups

const NAME_AT: Path = ['metadata', 'name'];

/** One pod group being assembled: labels are applied in the operator's order, later ones winning. */
class Draft {
  readonly labels: Record<string, string> = {};
  private readonly unknown = new Set<string>();
  legacy?: Record<string, string>;
  /** Labels the object gives are not a map of strings: the group cannot be read. */
  bad = false;

  set(key: string, value: string): this {
    define(this.labels, key, value);
    this.unknown.delete(key);
    return this;
  }

  /** A label whose value is the object's name: unpredictable when the name is not written (generateName). */
  setName(key: string, name: string): this {
    return name ? this.set(key, name) : this.any(key);
  }

  /** Labels the controller sets (or overwrites) with values we cannot predict. */
  any(...keys: string[]): this {
    for (const k of keys) {
      delete this.labels[k];
      this.unknown.add(k);
    }
    return this;
  }

  /** Labels the controller sets with values we cannot predict, unless the object already gave them. */
  anyUnlessSet(...keys: string[]): this {
    for (const k of keys) if (!hasOwn(this.labels, k)) this.unknown.add(k);
    return this;
  }

  /** Labels written in the object (a template, podMetadata, ...); `skip` leaves out keys the controller protects. */
  user(raw: unknown, skip?: (key: string) => boolean): this {
    const labels = toLabels(raw);
    if (!labels) {
      this.bad = true;
      return this;
    }
    for (const k of Object.keys(labels)) if (!skip?.(k)) this.set(k, labels[k]);
    return this;
  }

  build(labelsAt: Path, description: string, template?: Path): PodSource {
    const s: PodSource = { labels: this.labels, anyValue: [...this.unknown].sort(), labelsAt, description };
    if (template) s.template = template;
    if (this.legacy) s.legacyLabels = this.legacy;
    return s;
  }
}

/** The result being assembled: an unreadable group makes the object opaque instead of guessing its labels. */
class Found implements CustomResourcePods {
  sources: PodSource[] = [];
  opaque = false;

  add(d: Draft, labelsAt: Path, description: string, template?: Path, more?: Pick<PodSource, 'portsAdded' | 'anyNamespace'>): PodSource | undefined {
    if (d.bad) {
      this.opaque = true;
      return undefined;
    }
    const s = d.build(labelsAt, description, template);
    if (more?.portsAdded) s.portsAdded = true;
    if (more?.anyNamespace) s.anyNamespace = true;
    this.sources.push(s);
    return s;
  }
}

interface Ctx {
  kind: string;
  name: string;
  value: Obj;
  /** Who creates the pods, for messages: "the prometheus-operator". */
  by: string;
}

/** "pods of Prometheus k8s (created by the prometheus-operator)", with an optional part: "pods of RayCluster r, worker group "gpu" (...)". */
function describePods(o: Ctx, part?: string): string {
  return `pods of ${o.kind} ${o.name || '(unnamed)'}${part ? `, ${part}` : ''} (created by ${o.by})`;
}

/** The items of a list the operator makes one pod group of each; more than MAX_ITEMS and the object is opaque. */
function items(value: unknown, path: Path, out: Found): Array<{ item: Obj; path: Path }> {
  const list = get(value, path);
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    out.opaque = true;
    return [];
  }
  if (list.length > MAX_ITEMS) out.opaque = true;
  const res: Array<{ item: Obj; path: Path }> = [];
  for (let i = 0; i < Math.min(list.length, MAX_ITEMS); i++) {
    const item = list[i];
    if (isObj(item)) res.push({ item, path: [...path, i] });
    else if (item !== null && item !== undefined) out.opaque = true;
  }
  return res;
}

// Labels every pod of a StatefulSet, Deployment or DaemonSet gets from its built-in controller.
const STATEFULSET_POD = ['statefulset.kubernetes.io/pod-name', 'controller-revision-hash', 'apps.kubernetes.io/pod-index'];
const DEPLOYMENT_POD = ['pod-template-hash'];
const DAEMONSET_POD = ['controller-revision-hash', 'pod-template-generation'];
const JOB_POD = ['batch.kubernetes.io/job-name', 'job-name', 'batch.kubernetes.io/controller-uid', 'controller-uid', 'batch.kubernetes.io/job-completion-index'];

// ---------------------------------------------------------------------------------------------------------------
// prometheus-operator (github.com/prometheus-operator/prometheus-operator)

const PROMETHEUS_OPERATOR = 'the prometheus-operator';
const POD_METADATA: Path = ['spec', 'podMetadata', 'labels'];

interface PromKind {
  /** `app.kubernetes.io/name` */
  app: string;
  /** Keys whose value is the object's name besides `app.kubernetes.io/instance`. */
  nameKeys: string[];
  /** `app.kubernetes.io/version` is set (from the version the operator deploys) before podMetadata, which may override it. */
  version: boolean;
  /** `operator.prometheus.io/shard`: one StatefulSet per shard, numbered from 0. */
  shard: boolean;
  /** Labels the built-in controller adds to the pods it creates from the operator's workload. */
  workload: string[];
  legacy?: Record<string, string>;
}

function prometheusFamily(k: PromKind) {
  return (o: Ctx, out: Found): void => {
    const d = new Draft();
    if (k.version) d.any('app.kubernetes.io/version');
    d.user(get(o.value, POD_METADATA));
    // The selector labels are copied over podMetadata: they win.
    d.set('app.kubernetes.io/name', k.app).set('app.kubernetes.io/managed-by', 'prometheus-operator').setName('app.kubernetes.io/instance', o.name);
    for (const key of k.nameKeys) d.setName(key, o.name);
    if (k.shard) d.any('operator.prometheus.io/shard');
    d.any(...k.workload);
    if (k.legacy) d.legacy = { ...k.legacy };
    out.add(d, presentOr(o.value, POD_METADATA, NAME_AT), describePods(o));
  };
}

// ---------------------------------------------------------------------------------------------------------------
// KubeRay (github.com/ray-project/kuberay)

const KUBERAY = 'the KubeRay operator';
const RAY_PROTECTED = new Set(['ray.io/cluster', 'ray.io/node-type', 'ray.io/group']);

/**
 * The head group and each worker group of a RayCluster spec found at `clusterPath` (a RayCluster's `spec`, or the
 * cluster spec a RayService or RayJob carries). `clusterName` is undefined when the operator generates the name.
 */
function rayGroups(o: Ctx, out: Found, clusterPath: Path, clusterName: string | undefined, extraAny: string[]): void {
  const cluster = get(o.value, clusterPath);
  if (cluster === undefined || cluster === null) return;
  if (!isObj(cluster)) {
    out.opaque = true;
    return;
  }
  const group = (spec: Obj, path: Path, nodeType: 'head' | 'worker', groupName: string | undefined, part: string) => {
    const d = new Draft().any('ray.io/identifier');
    d.set('ray.io/is-ray-node', 'yes').set('app.kubernetes.io/name', 'kuberay').set('app.kubernetes.io/created-by', 'kuberay-operator');
    // Template labels, then the group's top-level `labels`, override the defaults except the three KubeRay protects.
    const skip = (k: string) => RAY_PROTECTED.has(k);
    d.user(get(spec, ['template', 'metadata', 'labels']), skip).user(spec.labels, skip);
    if (clusterName === undefined) d.any('ray.io/cluster');
    else d.setName('ray.io/cluster', clusterName);
    d.set('ray.io/node-type', nodeType);
    if (groupName) d.set('ray.io/group', groupName);
    else d.any('ray.io/group');
    d.any(...extraAny);
    const template = isObj(spec.template) ? [...path, 'template'] : undefined;
    const labelsAt = presentOr(o.value, [...path, 'template', 'metadata', 'labels'], presentOr(o.value, [...path, 'groupName'], path));
    out.add(d, labelsAt, describePods(o, part), template, { portsAdded: true });
  };
  const head = cluster.headGroupSpec;
  if (isObj(head)) group(head, [...clusterPath, 'headGroupSpec'], 'head', 'headgroup', 'head');
  else if (head !== undefined && head !== null) out.opaque = true;
  for (const { item, path } of items(o.value, [...clusterPath, 'workerGroupSpecs'], out)) {
    const name = str(item.groupName);
    group(item, path, 'worker', name, name ? `worker group "${name}"` : 'a worker group');
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Strimzi (github.com/strimzi/strimzi-kafka-operator)

const STRIMZI = 'the Strimzi cluster operator';

/** Strimzi's getOrValidInstanceLabelValue: at most 63 characters, not ending in '.', '-' or '_'. */
function strimziLabelValue(s: string): string {
  let i = Math.min(s.length, 63);
  while (i > 0 && '.-_'.includes(s[i - 1])) i--;
  return s.slice(0, i);
}

/** The custom resource's own labels Strimzi copies to what it creates (Labels.fromResource, default exclusion pattern). */
function strimziResourceLabels(value: Obj): unknown {
  const raw = get(value, ['metadata', 'labels']);
  const labels = toLabels(raw);
  if (!labels) return raw; // malformed: Draft.user marks the group unreadable
  const kept: Record<string, string> = {};
  for (const k of Object.keys(labels)) {
    if (/^app\.kubernetes\.io\/(?!part-of)/.test(k) || k.startsWith('kustomize.toolkit.fluxcd.io')) continue;
    define(kept, k, labels[k]);
  }
  return kept;
}

interface StrimziComponent {
  /** The Kafka cluster (or Connect, Bridge, ...) name; '' when unknown. */
  cluster: string;
  /** `strimzi.io/kind`: the kind of the custom resource owning the cluster. */
  kind: string;
  /** `strimzi.io/name` is the cluster name plus this suffix. */
  suffix: string;
  /** `strimzi.io/component-type` and `app.kubernetes.io/name`. */
  type: string;
  /** Where the component's `template` is (its `pod.metadata.labels` are added last). */
  templateAt: Path;
  extraLabels?: Record<string, string>;
  anyValue: string[];
  part?: string;
}

function strimziComponent(o: Ctx, out: Found, c: StrimziComponent): void {
  // Labels.generateDefaultLabels (operator-common .../model/Labels.java), then the pod template's labels.
  const d = new Draft().user(strimziResourceLabels(o.value));
  d.set('strimzi.io/kind', c.kind)
    .setName('strimzi.io/name', c.cluster ? c.cluster + c.suffix : '')
    .setName('strimzi.io/cluster', c.cluster)
    .set('strimzi.io/component-type', c.type)
    .set('app.kubernetes.io/name', c.type)
    .setName('app.kubernetes.io/instance', c.cluster ? strimziLabelValue(c.cluster) : '')
    .setName('app.kubernetes.io/part-of', c.cluster ? strimziLabelValue(`strimzi-${c.cluster}`) : '')
    .set('app.kubernetes.io/managed-by', 'strimzi-cluster-operator');
  for (const [k, v] of Object.entries(c.extraLabels ?? {})) d.set(k, v);
  const templateLabels: Path = [...c.templateAt, 'pod', 'metadata', 'labels'];
  d.user(get(o.value, templateLabels));
  d.any(...c.anyValue);
  out.add(d, presentOr(o.value, templateLabels, NAME_AT), describePods(o, c.part));
}

/** Pods Strimzi manages itself (StrimziPodSet): it sets the pod-name labels and the controller labels. */
const STRIMZI_PODSET_POD = ['strimzi.io/pod-name', 'statefulset.kubernetes.io/pod-name', 'strimzi.io/controller', 'strimzi.io/controller-name'];
const STRIMZI_KAFKA_POD = [...STRIMZI_PODSET_POD, 'strimzi.io/pool-name', 'strimzi.io/broker-role', 'strimzi.io/controller-role'];

function strimziSingle(suffix: string, type: string) {
  return (o: Ctx, out: Found): void =>
    strimziComponent(o, out, { cluster: o.name, kind: o.kind, suffix, type, templateAt: ['spec', 'template'], anyValue: [...DEPLOYMENT_POD, ...STRIMZI_PODSET_POD] });
}

// ---------------------------------------------------------------------------------------------------------------
// The table of well-known operators: one entry per `group/kind`.

interface Operator {
  /** Who creates the pods, for messages. */
  by: string;
  /** The operator's source files where the labels are set (repository and path). */
  source: string;
  pods: (o: Ctx, out: Found) => void;
}

const OPERATORS: Record<string, Operator> = {
  // prometheus-operator pkg/prometheus/server/statefulset.go (makeStatefulSetSpec: podMetadata labels, then the selector
  // labels of makeSelectorLabels in pkg/prometheus/server/operator.go, then operator.prometheus.io/shard);
  // app.kubernetes.io/version: ConfigGenerator.BuildPodMetadata in pkg/prometheus/promcfg.go.
  // Releases before the app.kubernetes.io labels also set `app: prometheus` (then pkg/prometheus/statefulset.go).
  'monitoring.coreos.com/Prometheus': {
    by: PROMETHEUS_OPERATOR,
    source: 'prometheus-operator/prometheus-operator pkg/prometheus/server/statefulset.go, pkg/prometheus/server/operator.go, pkg/prometheus/promcfg.go',
    pods: prometheusFamily({
      app: 'prometheus',
      nameKeys: ['prometheus', 'operator.prometheus.io/name'],
      version: true,
      shard: true,
      workload: STATEFULSET_POD,
      legacy: { app: 'prometheus' },
    }),
  },
  // prometheus-operator pkg/alertmanager/statefulset.go (makeStatefulSetSpec: app.kubernetes.io/version, podMetadata
  // labels, then makeSelectorLabels of pkg/alertmanager/operator.go). Older releases also set `app: alertmanager`.
  'monitoring.coreos.com/Alertmanager': {
    by: PROMETHEUS_OPERATOR,
    source: 'prometheus-operator/prometheus-operator pkg/alertmanager/statefulset.go, pkg/alertmanager/operator.go',
    pods: prometheusFamily({
      app: 'alertmanager',
      nameKeys: ['alertmanager'],
      version: true,
      shard: false,
      workload: STATEFULSET_POD,
      legacy: { app: 'alertmanager' },
    }),
  },
  // prometheus-operator pkg/thanos/statefulset.go (makeStatefulSetSpec: podMetadata labels, then makeSelectorLabels of
  // pkg/thanos/operator.go; no version label). Older releases also set `app: thanos-ruler`.
  'monitoring.coreos.com/ThanosRuler': {
    by: PROMETHEUS_OPERATOR,
    source: 'prometheus-operator/prometheus-operator pkg/thanos/statefulset.go, pkg/thanos/operator.go',
    pods: prometheusFamily({
      app: 'thanos-ruler',
      nameKeys: ['thanos-ruler'],
      version: false,
      shard: false,
      workload: STATEFULSET_POD,
      legacy: { app: 'thanos-ruler' },
    }),
  },
  // prometheus-operator pkg/prometheus/agent/statefulset.go and pkg/prometheus/agent/daemonset.go (BuildPodMetadata,
  // then makeSelectorLabels of pkg/prometheus/agent/operator.go: no `prometheus: <name>` label; the shard label in
  // StatefulSet mode only).
  'monitoring.coreos.com/PrometheusAgent': {
    by: PROMETHEUS_OPERATOR,
    source: 'prometheus-operator/prometheus-operator pkg/prometheus/agent/statefulset.go, pkg/prometheus/agent/daemonset.go, pkg/prometheus/agent/operator.go',
    pods: prometheusFamily({
      app: 'prometheus-agent',
      nameKeys: ['operator.prometheus.io/name'],
      version: true,
      shard: true,
      workload: [...STATEFULSET_POD, ...DAEMONSET_POD],
    }),
  },

  // kuberay ray-operator/controllers/ray/common/pod.go (labelPod: ray.io/is-ray-node, ray.io/cluster, ray.io/node-type,
  // ray.io/group, ray.io/identifier, app.kubernetes.io/name: kuberay, app.kubernetes.io/created-by: kuberay-operator;
  // template labels override all but cluster, node-type and group; the head group is "headgroup").
  'ray.io/RayCluster': {
    by: KUBERAY,
    source: 'ray-project/kuberay ray-operator/controllers/ray/common/pod.go, ray-operator/controllers/ray/utils/constant.go',
    pods: (o, out) => rayGroups(o, out, ['spec'], o.name, []),
  },
  // kuberay: a RayService creates RayClusters named after it with a generated suffix from spec.rayClusterConfig, and
  // marks the pods that serve traffic with ray.io/serve (ray-operator/controllers/ray/rayservice_controller.go).
  'ray.io/RayService': {
    by: KUBERAY,
    source: 'ray-project/kuberay ray-operator/controllers/ray/common/pod.go, ray-operator/controllers/ray/rayservice_controller.go',
    pods: (o, out) => rayGroups(o, out, ['spec', 'rayClusterConfig'], undefined, ['ray.io/serve']),
  },
  // kuberay: a RayJob creates a RayCluster with a generated name from spec.rayClusterSpec (none when it uses an
  // existing cluster through spec.clusterSelector) (ray-operator/controllers/ray/rayjob_controller.go).
  'ray.io/RayJob': {
    by: KUBERAY,
    source: 'ray-project/kuberay ray-operator/controllers/ray/common/pod.go, ray-operator/controllers/ray/rayjob_controller.go',
    pods: (o, out) => rayGroups(o, out, ['spec', 'rayClusterSpec'], undefined, []),
  },

  // ECK pkg/controller/elasticsearch/label/label.go (NewPodLabels: cluster-name, common.k8s.elastic.co/type, version,
  // node role labels, config-hash, http-scheme, statefulset-name); the user's podTemplate labels win
  // (PodTemplateBuilder.WithLabels keeps existing keys, pkg/controller/common/defaults/pod_template.go).
  'elasticsearch.k8s.elastic.co/Elasticsearch': {
    by: 'the Elastic Cloud on Kubernetes operator',
    source: 'elastic/cloud-on-k8s pkg/controller/elasticsearch/label/label.go, pkg/controller/common/defaults/pod_template.go',
    pods: (o, out) => {
      for (const { item, path } of items(o.value, ['spec', 'nodeSets'], out)) {
        const d = new Draft()
          .setName('elasticsearch.k8s.elastic.co/cluster-name', o.name)
          .set('common.k8s.elastic.co/type', 'elasticsearch')
          .any(
            'elasticsearch.k8s.elastic.co/statefulset-name',
            'elasticsearch.k8s.elastic.co/version',
            'elasticsearch.k8s.elastic.co/config-hash',
            'elasticsearch.k8s.elastic.co/http-scheme',
            'elasticsearch.k8s.elastic.co/node-master',
            'elasticsearch.k8s.elastic.co/node-data',
            'elasticsearch.k8s.elastic.co/node-ingest',
            'elasticsearch.k8s.elastic.co/node-ml',
            'elasticsearch.k8s.elastic.co/node-transform',
            'elasticsearch.k8s.elastic.co/node-remote_cluster_client',
            'elasticsearch.k8s.elastic.co/node-voting_only',
          );
        d.user(get(item, ['podTemplate', 'metadata', 'labels'])).any(...STATEFULSET_POD);
        const name = str(item.name);
        const template = isObj(item.podTemplate) ? [...path, 'podTemplate'] : undefined;
        out.add(d, presentOr(o.value, [...path, 'podTemplate', 'metadata', 'labels'], presentOr(o.value, [...path, 'name'], path)), describePods(o, name ? `node set "${name}"` : 'a node set'), template, { portsAdded: true });
      }
    },
  },
  // ECK pkg/controller/kibana/label/label.go (NewLabels: kibana.k8s.elastic.co/name, common.k8s.elastic.co/type: kibana;
  // the version label "propagated from the spec to the pods"; kibana.k8s.elastic.co/role in newer releases).
  'kibana.k8s.elastic.co/Kibana': {
    by: 'the Elastic Cloud on Kubernetes operator',
    source: 'elastic/cloud-on-k8s pkg/controller/kibana/label/label.go, pkg/controller/common/defaults/pod_template.go',
    pods: (o, out) => {
      const d = new Draft()
        .setName('kibana.k8s.elastic.co/name', o.name)
        .set('common.k8s.elastic.co/type', 'kibana')
        .any('kibana.k8s.elastic.co/version', 'kibana.k8s.elastic.co/role');
      d.user(get(o.value, ['spec', 'podTemplate', 'metadata', 'labels'])).any(...DEPLOYMENT_POD);
      const template = isObj(get(o.value, ['spec', 'podTemplate'])) ? ['spec', 'podTemplate'] : undefined;
      out.add(d, presentOr(o.value, ['spec', 'podTemplate', 'metadata', 'labels'], NAME_AT), describePods(o), template, { portsAdded: true });
    },
  },

  // Strimzi cluster-operator/src/main/java/io/strimzi/operator/cluster/model/KafkaCluster.java, ZookeeperCluster.java,
  // EntityOperator.java, CruiseControl.java, KafkaExporter.java (COMPONENT_TYPE), names from KafkaResources.java
  // (<name>-kafka, -zookeeper, -entity-operator, -cruise-control, -kafka-exporter), labels from
  // Labels.generateDefaultLabels (operator-common/src/main/java/io/strimzi/operator/common/model/Labels.java).
  'kafka.strimzi.io/Kafka': {
    by: STRIMZI,
    source: 'strimzi/strimzi-kafka-operator operator-common/src/main/java/io/strimzi/operator/common/model/Labels.java, api/src/main/java/io/strimzi/api/kafka/model/kafka/KafkaResources.java',
    pods: (o, out) => {
      const base = { cluster: o.name, kind: 'Kafka' };
      // Brokers (and KRaft controllers): with node pools the pods are the KafkaNodePool's, with the same labels.
      strimziComponent(o, out, { ...base, suffix: '-kafka', type: 'kafka', templateAt: ['spec', 'kafka', 'template'], anyValue: STRIMZI_KAFKA_POD, part: 'brokers' });
      const optional: Array<[string, string, string, string[]]> = [
        ['zookeeper', '-zookeeper', 'zookeeper', STRIMZI_PODSET_POD],
        ['entityOperator', '-entity-operator', 'entity-operator', DEPLOYMENT_POD],
        ['cruiseControl', '-cruise-control', 'cruise-control', DEPLOYMENT_POD],
        ['kafkaExporter', '-kafka-exporter', 'kafka-exporter', DEPLOYMENT_POD],
      ];
      for (const [field, suffix, type, anyValue] of optional) {
        const spec = get(o.value, ['spec', field]);
        if (isObj(spec)) strimziComponent(o, out, { ...base, suffix, type, templateAt: ['spec', field, 'template'], anyValue, part: type });
        else if (spec !== undefined && spec !== null) out.opaque = true;
      }
    },
  },
  // Strimzi cluster-operator/src/main/java/io/strimzi/operator/cluster/model/KafkaPool.java: the pool's own labels, then
  // strimzi.io/kind: Kafka, strimzi.io/name: <cluster>-kafka, strimzi.io/pool-name: <pool>, ...; the cluster is the
  // pool's strimzi.io/cluster label. Without a pool template the Kafka's spec.kafka.template applies (not seen here).
  'kafka.strimzi.io/KafkaNodePool': {
    by: STRIMZI,
    source: 'strimzi/strimzi-kafka-operator cluster-operator/src/main/java/io/strimzi/operator/cluster/model/KafkaPool.java',
    pods: (o, out) => {
      const cluster = str(get(o.value, ['metadata', 'labels', 'strimzi.io/cluster'])) ?? '';
      const extraLabels: Record<string, string> = {};
      const anyValue = STRIMZI_KAFKA_POD.filter((k) => k !== 'strimzi.io/pool-name');
      if (o.name) define(extraLabels, 'strimzi.io/pool-name', o.name);
      else anyValue.push('strimzi.io/pool-name');
      strimziComponent(o, out, { cluster, kind: 'Kafka', suffix: '-kafka', type: 'kafka', templateAt: ['spec', 'template'], extraLabels, anyValue });
    },
  },
  // Strimzi KafkaConnectCluster.java (COMPONENT_TYPE kafka-connect), KafkaConnectResources.java (<name>-connect).
  'kafka.strimzi.io/KafkaConnect': {
    by: STRIMZI,
    source: 'strimzi/strimzi-kafka-operator cluster-operator/src/main/java/io/strimzi/operator/cluster/model/KafkaConnectCluster.java',
    pods: strimziSingle('-connect', 'kafka-connect'),
  },
  // Strimzi KafkaBridgeCluster.java (COMPONENT_TYPE kafka-bridge), KafkaBridgeResources.java (<name>-bridge).
  'kafka.strimzi.io/KafkaBridge': {
    by: STRIMZI,
    source: 'strimzi/strimzi-kafka-operator cluster-operator/src/main/java/io/strimzi/operator/cluster/model/KafkaBridgeCluster.java',
    pods: strimziSingle('-bridge', 'kafka-bridge'),
  },
  // Strimzi KafkaMirrorMaker2Cluster.java (COMPONENT_TYPE kafka-mirror-maker-2), KafkaMirrorMaker2Resources.java (<name>-mirrormaker2).
  'kafka.strimzi.io/KafkaMirrorMaker2': {
    by: STRIMZI,
    source: 'strimzi/strimzi-kafka-operator cluster-operator/src/main/java/io/strimzi/operator/cluster/model/KafkaMirrorMaker2Cluster.java',
    pods: strimziSingle('-mirrormaker2', 'kafka-mirror-maker-2'),
  },

  // CloudNativePG pkg/specs/pods.go (instance pods: cnpg.io/cluster, cnpg.io/instanceName, cnpg.io/podRole: instance;
  // labels in pkg/utils/labels_annotations.go); the instance role (cnpg.io/instanceRole and the deprecated `role`) is
  // set by the operator as instances are promoted; spec.inheritedMetadata.labels go on every object it creates.
  // Releases before the cnpg.io labels used `postgresql: <name>`.
  'postgresql.cnpg.io/Cluster': {
    by: 'the CloudNativePG operator',
    source: 'cloudnative-pg/cloudnative-pg pkg/specs/pods.go, pkg/utils/labels_annotations.go',
    pods: (o, out) => {
      const d = new Draft().user(get(o.value, ['spec', 'inheritedMetadata', 'labels']));
      d.setName('cnpg.io/cluster', o.name).set('cnpg.io/podRole', 'instance').any('cnpg.io/instanceName', 'cnpg.io/instanceRole', 'role');
      // Newer releases put the app.kubernetes.io recommended labels on what they create (seen on the Pooler's objects).
      d.anyUnlessSet('app.kubernetes.io/name', 'app.kubernetes.io/instance', 'app.kubernetes.io/component', 'app.kubernetes.io/managed-by');
      if (o.name) d.legacy = { postgresql: o.name };
      out.add(d, presentOr(o.value, ['spec', 'inheritedMetadata', 'labels'], NAME_AT), describePods(o, 'instances'));
    },
  },
  // CloudNativePG pkg/specs/pgbouncer/deployments.go (cnpg.io/poolerName: <name>, the Deployment's selector; newer
  // releases add cnpg.io/podRole: pooler and cnpg.io/cluster) over the user's spec.template labels.
  'postgresql.cnpg.io/Pooler': {
    by: 'the CloudNativePG operator',
    source: 'cloudnative-pg/cloudnative-pg pkg/specs/pgbouncer/deployments.go, pkg/specs/pgbouncer/services.go',
    pods: (o, out) => {
      const d = new Draft().user(get(o.value, ['spec', 'template', 'metadata', 'labels']));
      d.setName('cnpg.io/poolerName', o.name).any('cnpg.io/podRole', 'cnpg.io/cluster', ...DEPLOYMENT_POD);
      d.anyUnlessSet('app.kubernetes.io/name', 'app.kubernetes.io/instance', 'app.kubernetes.io/component', 'app.kubernetes.io/managed-by');
      const template = isObj(get(o.value, ['spec', 'template'])) ? ['spec', 'template'] : undefined;
      out.add(d, presentOr(o.value, ['spec', 'template', 'metadata', 'labels'], NAME_AT), describePods(o, 'PgBouncer'), template, { portsAdded: true });
    },
  },

  // Kubeflow components/notebook-controller/controllers/notebook_controller.go (generateStatefulSet: statefulset and
  // notebook-name labels, then every label of the Notebook itself; spec.template has a pod spec, no metadata).
  'kubeflow.org/Notebook': {
    by: 'the Kubeflow notebook controller',
    source: 'kubeflow/kubeflow components/notebook-controller/controllers/notebook_controller.go',
    pods: (o, out) => {
      const d = new Draft().setName('statefulset', o.name).setName('notebook-name', o.name);
      d.user(get(o.value, ['metadata', 'labels'])).any(...STATEFULSET_POD);
      const template = isObj(get(o.value, ['spec', 'template'])) ? ['spec', 'template'] : undefined;
      out.add(d, presentOr(o.value, ['metadata', 'labels'], NAME_AT), describePods(o), template, { portsAdded: true });
    },
  },

  // Knative Serving pkg/reconciler/revision/resources/meta.go (makeLabels: the revision's labels, which carry the
  // template's and serving.knative.dev/service and /configuration, plus serving.knative.dev/revision and revisionUID;
  // `app: <revision name>` unless the template sets `app`). The Configuration a Service creates has its name.
  'serving.knative.dev/Service': {
    by: 'Knative Serving',
    source: 'knative/serving pkg/reconciler/revision/resources/meta.go, pkg/reconciler/service/resources/configuration.go',
    pods: (o, out) => knativePods(o, out, true),
  },
  // Knative Serving: a Configuration's revisions, as above without the service label.
  'serving.knative.dev/Configuration': {
    by: 'Knative Serving',
    source: 'knative/serving pkg/reconciler/revision/resources/meta.go, pkg/reconciler/configuration/resources/revision.go',
    pods: (o, out) => knativePods(o, out, false),
  },

  // KServe pkg/controller/v1beta1/inferenceservice/components/predictor.go, transformer.go, explainer.go: the
  // InferenceService's labels and the component's `labels`, then serving.kserve.io/inferenceservice: <name> and
  // component: predictor|transformer|explainer (constants in pkg/constants/constants.go). In raw deployment mode
  // `app: isvc.<name>-<component>`; in serverless mode Knative adds its own labels.
  'serving.kserve.io/InferenceService': {
    by: 'the KServe controller',
    source: 'kserve/kserve pkg/controller/v1beta1/inferenceservice/components/predictor.go, pkg/constants/constants.go',
    pods: (o, out) => {
      for (const component of ['predictor', 'transformer', 'explainer']) {
        const spec = get(o.value, ['spec', component]);
        if (spec === undefined || spec === null) continue;
        if (!isObj(spec)) {
          out.opaque = true;
          continue;
        }
        const d = new Draft().user(get(o.value, ['metadata', 'labels'])).user(spec.labels);
        d.setName('serving.kserve.io/inferenceservice', o.name).set('component', component);
        // `app` is Knative's revision name (serverless) or isvc.<name>-<component> (raw deployment).
        d.any(...KNATIVE_POD, ...DEPLOYMENT_POD, 'app');
        out.add(d, presentOr(o.value, ['spec', component, 'labels'], ['spec', component]), describePods(o, component));
      }
    },
  },

  // LeaderWorkerSet pkg/controllers/leaderworkerset_controller.go (leader StatefulSet: the leader template, or the
  // worker template without one, plus leaderworkerset.sigs.k8s.io/name and worker-index "0") and
  // pkg/controllers/pod_controller.go (worker StatefulSets: the worker template plus name, group-index, group-key).
  'leaderworkerset.x-k8s.io/LeaderWorkerSet': {
    by: 'the LeaderWorkerSet controller',
    source: 'kubernetes-sigs/lws pkg/controllers/leaderworkerset_controller.go, pkg/controllers/pod_controller.go',
    pods: (o, out) => {
      const lwt: Path = ['spec', 'leaderWorkerTemplate'];
      const leaderAt: Path = isObj(get(o.value, [...lwt, 'leaderTemplate'])) ? [...lwt, 'leaderTemplate'] : [...lwt, 'workerTemplate'];
      const workerAt: Path = [...lwt, 'workerTemplate'];
      const lws = 'leaderworkerset.sigs.k8s.io/';
      const common = [`${lws}template-revision-hash`, `${lws}group-key`, `${lws}subgroup-index`, `${lws}subgroup-worker-index`, `${lws}subgroup-key`, ...STATEFULSET_POD];
      const leader = new Draft().user(get(o.value, [...leaderAt, 'metadata', 'labels']));
      leader.setName(`${lws}name`, o.name).set(`${lws}worker-index`, '0').any(`${lws}group-index`, ...common);
      out.add(leader, presentOr(o.value, [...leaderAt, 'metadata', 'labels'], NAME_AT), describePods(o, 'leaders'), isObj(get(o.value, leaderAt)) ? leaderAt : undefined);
      const worker = new Draft().user(get(o.value, [...workerAt, 'metadata', 'labels']));
      worker.setName(`${lws}name`, o.name).any(`${lws}group-index`, `${lws}worker-index`, ...common);
      out.add(worker, presentOr(o.value, [...workerAt, 'metadata', 'labels'], NAME_AT), describePods(o, 'workers'), isObj(get(o.value, workerAt)) ? workerAt : undefined);
    },
  },

  // JobSet pkg/controllers/jobset_controller.go (labelAndAnnotateObject on each Job's pod template:
  // jobset.sigs.k8s.io/jobset-name, replicatedjob-name, replicatedjob-replicas, job-index, job-key, restart-attempt, ...).
  'jobset.x-k8s.io/JobSet': {
    by: 'the JobSet controller',
    source: 'kubernetes-sigs/jobset pkg/controllers/jobset_controller.go, api/jobset/v1alpha2/jobset_types.go',
    pods: (o, out) => {
      const js = 'jobset.sigs.k8s.io/';
      for (const { item, path } of items(o.value, ['spec', 'replicatedJobs'], out)) {
        const podTemplate: Path = [...path, 'template', 'spec', 'template'];
        const d = new Draft().user(get(o.value, [...podTemplate, 'metadata', 'labels']));
        const rj = str(item.name);
        d.setName(`${js}jobset-name`, o.name);
        if (rj) d.set(`${js}replicatedjob-name`, rj);
        else d.any(`${js}replicatedjob-name`);
        d.any(`${js}replicatedjob-replicas`, `${js}global-replicas`, `${js}job-index`, `${js}job-global-index`, `${js}job-key`, `${js}restart-attempt`, `${js}jobset-uid`, ...JOB_POD);
        const template = isObj(get(o.value, podTemplate)) ? podTemplate : undefined;
        out.add(d, presentOr(o.value, [...podTemplate, 'metadata', 'labels'], presentOr(o.value, [...path, 'name'], path)), describePods(o, rj ? `replicated job "${rj}"` : 'a replicated job'), template);
      }
    },
  },

  // Gateway API GEP-1762 (In Cluster Gateway Deployments, geps/gep-1762): an implementation that runs the data plane
  // in the cluster MUST label what it generates with gateway.networking.k8s.io/gateway-name: <name>, in the Gateway's
  // namespace, and SHOULD apply spec.infrastructure.labels. Other implementations (cloud load balancers) create no pods.
  'gateway.networking.k8s.io/Gateway': {
    by: "the Gateway's implementation, when it deploys the data plane in the cluster",
    source: 'kubernetes-sigs/gateway-api geps/gep-1762/index.md',
    pods: (o, out) => {
      const d = new Draft().user(get(o.value, ['spec', 'infrastructure', 'labels'])).setName('gateway.networking.k8s.io/gateway-name', o.name);
      d.any(...DEPLOYMENT_POD);
      out.add(d, presentOr(o.value, ['spec', 'infrastructure', 'labels'], NAME_AT), describePods(o));
    },
  },

  // cert-manager pkg/issuer/acme/http/pod.go (the HTTP-01 solver pod: the solver's podTemplate labels plus
  // acme.cert-manager.io/http-domain, http-token and http01-solver: "true"; keys in pkg/apis/acme/v1/types.go). The
  // pods run in the namespace of each Certificate using the issuer, while the challenge lasts.
  'cert-manager.io/Issuer': {
    by: 'cert-manager',
    source: 'cert-manager/cert-manager pkg/issuer/acme/http/pod.go, pkg/apis/acme/v1/types.go',
    pods: (o, out) => acmeSolvers(o, out, false),
  },
  'cert-manager.io/ClusterIssuer': {
    by: 'cert-manager',
    source: 'cert-manager/cert-manager pkg/issuer/acme/http/pod.go, pkg/apis/acme/v1/types.go',
    pods: (o, out) => acmeSolvers(o, out, true),
  },
  'acme.cert-manager.io/Challenge': {
    by: 'cert-manager',
    source: 'cert-manager/cert-manager pkg/issuer/acme/http/pod.go, pkg/apis/acme/v1/types.go',
    pods: (o, out) => {
      if (get(o.value, ['spec', 'type']) !== 'HTTP-01' && get(o.value, ['spec', 'solver', 'http01']) === undefined) return;
      acmeSolver(o, out, ['spec', 'solver'], false, 'HTTP-01 solver');
    },
  },
};

// Knative Serving labels on a revision's pods besides the template's (pkg/apis/serving/register.go).
const KNATIVE_POD = [
  'serving.knative.dev/revision',
  'serving.knative.dev/revisionUID',
  'serving.knative.dev/configuration',
  'serving.knative.dev/configurationGeneration',
  'serving.knative.dev/configurationUID',
  'serving.knative.dev/service',
  'serving.knative.dev/serviceUID',
];

function knativePods(o: Ctx, out: Found, service: boolean): void {
  const labelsPath: Path = ['spec', 'template', 'metadata', 'labels'];
  const d = new Draft().user(get(o.value, labelsPath));
  d.any(...KNATIVE_POD, ...DEPLOYMENT_POD).anyUnlessSet('app');
  d.setName('serving.knative.dev/configuration', o.name);
  if (service) d.setName('serving.knative.dev/service', o.name);
  const template = isObj(get(o.value, ['spec', 'template'])) ? ['spec', 'template'] : undefined;
  out.add(d, presentOr(o.value, labelsPath, NAME_AT), describePods(o), template, { portsAdded: true });
}

function acmeSolvers(o: Ctx, out: Found, anyNamespace: boolean): void {
  for (const { item, path } of items(o.value, ['spec', 'acme', 'solvers'], out)) {
    if (item.http01 === undefined || item.http01 === null) continue;
    acmeSolver(o, out, path, anyNamespace, `HTTP-01 solver #${path[path.length - 1]}`);
  }
}

function acmeSolver(o: Ctx, out: Found, solverAt: Path, anyNamespace: boolean, part: string): void {
  const http01 = get(o.value, [...solverAt, 'http01']);
  if (http01 !== undefined && !isObj(http01)) {
    out.opaque = true;
    return;
  }
  // The pod template sits under the solver's ingress or gatewayHTTPRoute settings.
  const via = isObj(get(http01, ['gatewayHTTPRoute'])) ? 'gatewayHTTPRoute' : 'ingress';
  const labelsPath: Path = [...solverAt, 'http01', via, 'podTemplate', 'metadata', 'labels'];
  const d = new Draft().user(get(o.value, labelsPath));
  d.set('acme.cert-manager.io/http01-solver', 'true').any('acme.cert-manager.io/http-domain', 'acme.cert-manager.io/http-token');
  out.add(d, presentOr(o.value, labelsPath, [...solverAt, 'http01']), describePods(o, part), undefined, { anyNamespace });
}

// ---------------------------------------------------------------------------------------------------------------
// Custom resources known to create no pods: configuration some controller reads. `*`: every kind of the group.

const NO_PODS: Record<string, readonly string[] | '*'> = {
  // prometheus-operator: what Prometheus scrapes and alerts on, read into the Prometheus/Alertmanager configuration.
  'monitoring.coreos.com': ['ServiceMonitor', 'PodMonitor', 'Probe', 'PrometheusRule', 'AlertmanagerConfig', 'ScrapeConfig'],
  // Google Managed Prometheus: scrape and rule configuration for the managed collectors.
  'monitoring.googleapis.com': '*',
  // cert-manager: certificates and requests (Issuers' HTTP-01 solver pods are in OPERATORS).
  'cert-manager.io': ['Certificate', 'CertificateRequest'],
  // cert-manager's ACME orders (challenges are in OPERATORS); certmanager.k8s.io: releases before v0.11.
  'acme.cert-manager.io': ['Order'],
  'certmanager.k8s.io': ['Certificate', 'CertificateRequest', 'Order'],
  // Istio: traffic, security and telemetry configuration pushed to the proxies.
  'networking.istio.io': '*',
  'security.istio.io': '*',
  'telemetry.istio.io': '*',
  'extensions.istio.io': '*',
  // Gateway API: routes and policies (a Gateway may deploy pods: it is in OPERATORS).
  'gateway.networking.k8s.io': ['GatewayClass', 'HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute', 'ReferenceGrant', 'BackendTLSPolicy', 'BackendLBPolicy', 'ListenerSet', 'XListenerSet'],
  // Gateway API Inference Extension: pools select existing model server pods.
  'inference.networking.x-k8s.io': '*',
  'inference.networking.k8s.io': '*',
  // External Secrets Operator: secrets synced from external stores, and their generators.
  'external-secrets.io': '*',
  'generators.external-secrets.io': '*',
  // Sealed Secrets: encrypted Secrets the controller decrypts.
  'bitnami.com': ['SealedSecret'],
  // Secrets Store CSI driver: provider configuration mounted by the CSI driver.
  'secrets-store.csi.x-k8s.io': '*',
  // Traefik: routing configuration (current and legacy group).
  'traefik.io': '*',
  'traefik.containo.us': '*',
  // KEDA: scaling rules for existing workloads (ScaledJob creates Jobs from a template: the generic search reads it).
  'keda.sh': ['ScaledObject', 'TriggerAuthentication', 'ClusterTriggerAuthentication'],
  'http.keda.sh': ['HTTPScaledObject'],
  'eventing.keda.sh': '*',
  // Argo CD: applications and projects deployed elsewhere; Argo Rollouts' analysis templates.
  'argoproj.io': ['Application', 'ApplicationSet', 'AppProject', 'AnalysisTemplate', 'ClusterAnalysisTemplate'],
  // Kyverno and the policy report API: admission policies and their reports.
  'kyverno.io': '*',
  'policies.kyverno.io': '*',
  'wgpolicyk8s.io': '*',
  // Kubeflow: profiles (a namespace and its RBAC), PodDefaults (mutations of other pods)
  // and training runtimes (templates TrainJobs instantiate; kubeflow.org before trainer.kubeflow.org).
  'kubeflow.org': ['Profile', 'PodDefault', 'ClusterTrainingRuntime', 'TrainingRuntime'],
  // Kubeflow configuration files and training runtimes (templates the TrainJobs instantiate).
  'config.kubeflow.org': '*',
  'config.trainer.kubeflow.org': '*',
  'trainer.kubeflow.org': ['ClusterTrainingRuntime', 'TrainingRuntime'],
  // KServe: serving runtimes are templates for InferenceServices; storage containers and trained models are config.
  'serving.kserve.io': ['ServingRuntime', 'ClusterServingRuntime', 'ClusterStorageContainer', 'TrainedModel'],
  // CSI volume snapshots.
  'snapshot.storage.k8s.io': '*',
  // Cilium: network policies and networking configuration enforced by the agents.
  'cilium.io': '*',
  // Calico: network policies and networking configuration enforced by Felix.
  'crd.projectcalico.org': '*',
  'projectcalico.org': '*',
  // Linkerd: policy and service profiles read by the proxies.
  'policy.linkerd.io': '*',
  'linkerd.io': ['ServiceProfile'],
  // Metacontroller: controller definitions (the controllers run elsewhere).
  'metacontroller.k8s.io': '*',
  // Vertical Pod Autoscaler: recommendations for existing workloads.
  'autoscaling.k8s.io': ['VerticalPodAutoscaler', 'VerticalPodAutoscalerCheckpoint'],
  // Kueue: queues and quotas for other workloads.
  'kueue.x-k8s.io': '*',
  // GKE: networking, load balancer and node configuration.
  'networking.gke.io': '*',
  'cloud.google.com': '*',
  'auto.gke.io': '*',
  // OpenShift routes: served by the router.
  'route.openshift.io': ['Route'],
  // Kubernetes application metadata (app.k8s.io Application) and controller-runtime configuration files.
  'app.k8s.io': ['Application'],
  'controller-runtime.sigs.k8s.io': '*',
  // Strimzi: topics, users, connectors and rebalances are configuration for running clusters.
  'kafka.strimzi.io': ['KafkaTopic', 'KafkaUser', 'KafkaConnector', 'KafkaRebalance'],
  // CloudNativePG: backups, schedules, databases and publications act on running clusters.
  'postgresql.cnpg.io': ['Backup', 'ScheduledBackup', 'Database', 'Publication', 'Subscription', 'ImageCatalog', 'ClusterImageCatalog'],
};

// ---------------------------------------------------------------------------------------------------------------
// Built-in Kubernetes API groups (and kustomize's): the caller summarises those objects itself.

const BUILTIN_GROUPS = new Set([
  '', // core: v1
  'apps',
  'batch',
  'extensions',
  'policy',
  'autoscaling',
  'networking.k8s.io',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'storagemigration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'admissionregistration.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'internal.apiserver.k8s.io',
  'node.k8s.io',
  'resource.k8s.io',
  'scheduling.k8s.io',
  'kustomize.config.k8s.io',
]);

const groupOf = (apiVersion: string): string => {
  const i = apiVersion.lastIndexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
};

// ---------------------------------------------------------------------------------------------------------------
// Any other custom resource: the pod templates under `spec`

interface TemplateHit {
  path: Path;
  /** No labels, or `metadata.labels` is not a map of strings: the pods' labels cannot be read. */
  unreadable: boolean;
}

/**
 * Pod templates below `spec`: a `template` or `podTemplate` mapping with labels in `metadata` or containers in
 * `spec`, whose `spec` is not itself a workload spec (a Job template inside a JobSet holds the pod template one level
 * down). Depth-bounded and node-budgeted; a node met twice (a YAML alias) is searched once; a pod template found is
 * not searched further. `truncated`: the budget ran out, so a template may have been missed.
 */
function findTemplates(value: Obj): { hits: TemplateHit[]; truncated: boolean } {
  const hits: TemplateHit[] = [];
  const seen = new Set<object>();
  let budget = MAX_NODES;
  let truncated = false;
  const visit = (node: unknown, path: Path): void => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    // Deeper than MAX_DEPTH is a pod spec's detail (affinity terms, probes), not where operators keep templates.
    if (path.length > MAX_DEPTH) return;
    if (budget-- <= 0) {
      truncated = true;
      return;
    }
    seen.add(node);
    const list = Array.isArray(node) ? node : undefined;
    const keys = list ? undefined : Object.keys(node);
    const n = list ? list.length : keys!.length;
    for (let i = 0; i < n && !truncated; i++) {
      const k: string | number = list ? i : keys![i];
      const child: unknown = list ? list[i] : (node as Obj)[k as string];
      if ((k === 'template' || k === 'podTemplate') && isObj(child) && isPodTemplate(child)) {
        const labels = toLabels(get(child, ['metadata', 'labels']));
        hits.push({ path: [...path, k], unreadable: !labels || Object.keys(labels).length === 0 });
        continue;
      }
      visit(child, [...path, k]);
    }
  };
  visit(value.spec, ['spec']);
  return { hits, truncated };
}

/** A pod template: labels in `metadata` or containers in `spec`, and not a workload template (Deployment, Job, ...). */
function isPodTemplate(t: Obj): boolean {
  const spec = t.spec;
  if (isObj(spec) && (hasOwn(spec, 'template') || hasOwn(spec, 'jobTemplate'))) return false;
  return get(t, ['metadata', 'labels']) !== undefined || Array.isArray(get(t, ['spec', 'containers']));
}

function genericPods(o: Ctx): CustomResourcePods {
  const out = new Found();
  const { hits, truncated } = findTemplates(o.value);
  for (const hit of hits) {
    if (hit.unreadable) {
      out.opaque = true;
      continue;
    }
    const d = new Draft().user(get(o.value, [...hit.path, 'metadata', 'labels']));
    out.add(d, [...hit.path, 'metadata', 'labels'], describePods({ ...o, by: `its controller from ${hit.path.join('.')}` }), hit.path);
  }
  // spec.podMetadata: extra labels for pods whose own labels the operator chooses (prometheus-operator's style).
  const podMetadata = get(o.value, POD_METADATA);
  if (podMetadata !== undefined) {
    out.add(new Draft().user(podMetadata), POD_METADATA, describePods({ ...o, by: 'its controller, with spec.podMetadata' }));
    out.opaque = true;
  }
  if (truncated || (hits.length === 0 && podMetadata === undefined)) out.opaque = true;
  return out;
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * What pods a custom resource creates. `undefined` for built-in Kubernetes kinds (core, apps, batch, networking.k8s.io, rbac, policy, autoscaling, storage, apiextensions.k8s.io CustomResourceDefinition, admissionregistration, coordination, discovery, scheduling, node, certificates, flowcontrol, ... and kustomize.config.k8s.io objects) — the caller handles those itself.
 */
export function customResourcePods(apiVersion: string, kind: string, name: string, value: Record<string, unknown>): CustomResourcePods | undefined {
  const av = typeof apiVersion === 'string' ? apiVersion.trim() : '';
  const group = groupOf(av);
  if (BUILTIN_GROUPS.has(group)) return undefined;
  try {
    const o: Ctx = { kind: typeof kind === 'string' ? kind : '', name: typeof name === 'string' ? name : '', value: isObj(value) ? value : {}, by: 'its controller' };
    const entry = hasOwn(OPERATORS, `${group}/${o.kind}`) ? OPERATORS[`${group}/${o.kind}`] : undefined;
    if (entry) {
      const out = new Found();
      entry.pods({ ...o, by: entry.by }, out);
      return { sources: out.sources, opaque: out.opaque };
    }
    const none = hasOwn(NO_PODS, group) ? NO_PODS[group] : undefined;
    if (none === '*' || (none && none.includes(o.kind))) return { sources: [], opaque: false };
    const res = genericPods(o);
    return { sources: res.sources, opaque: res.opaque };
  } catch {
    // A value we failed to read: its pods, if any, are unknown.
    return { sources: [], opaque: true };
  }
}
