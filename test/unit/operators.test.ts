// Pods created by operators from custom resources (core/workspace/operators.ts): the labels each well-known operator
// puts on its pods (one test per table entry, each citing the operator source the labels come from), Services of the
// prometheus-operator examples that must select them, the generic search for pod templates, kinds known to create no
// pods, built-in kinds, and hostile values.
import test from 'node:test';
import assert from 'node:assert/strict';
import { customResourcePods, CustomResourcePods, PodSource } from '../../server/src/core/workspace/operators';

/** The pods of an object: fails when the object is a built-in kind. */
function pods(apiVersion: string, kind: string, name: string, value: Record<string, unknown>): CustomResourcePods {
  const r = customResourcePods(apiVersion, kind, name, { apiVersion, kind, metadata: { name }, ...value });
  assert.ok(r, `${apiVersion} ${kind} is a custom resource`);
  return r;
}

/** Whether a Service selector (a map) may select pods of `s`: each key has the value, or any value, or a legacy one. */
function mayMatch(selector: Record<string, string>, s: PodSource): boolean {
  return Object.entries(selector).every(
    ([k, v]) => (Object.prototype.hasOwnProperty.call(s.labels, k) && s.labels[k] === v) || s.anyValue.includes(k) || s.legacyLabels?.[k] === v,
  );
}

const anyMatch = (selector: Record<string, string>, r: CustomResourcePods) => r.sources.some((s) => mayMatch(selector, s));

/** Checks the labels listed are certain, with these values. */
function hasLabels(s: PodSource, expected: Record<string, string>): void {
  for (const [k, v] of Object.entries(expected)) assert.equal(s.labels[k], v, `${k} in ${JSON.stringify(s.labels)}`);
}

function hasAny(s: PodSource, keys: string[]): void {
  for (const k of keys) {
    assert.ok(s.anyValue.includes(k), `${k} in anyValue ${JSON.stringify(s.anyValue)}`);
    assert.ok(!(k in s.labels), `${k} has no certain value`);
  }
}

// ------------------------------------------------------------------------------------------------------------------
// prometheus-operator

test('Prometheus: selector labels, podMetadata, shard and version of any value, and the example Services that select them', () => {
  // prometheus-operator/prometheus-operator pkg/prometheus/server/statefulset.go (makeStatefulSetSpec) with
  // makeSelectorLabels in pkg/prometheus/server/operator.go, and ConfigGenerator.BuildPodMetadata in pkg/prometheus/promcfg.go.
  const r = pods('monitoring.coreos.com/v1', 'Prometheus', 'k8s', {
    spec: { replicas: 2, podMetadata: { labels: { team: 'infra', prometheus: 'not-this', 'app.kubernetes.io/version': '3.0.0' } } },
  });
  assert.equal(r.opaque, false);
  assert.equal(r.sources.length, 1);
  const s = r.sources[0];
  hasLabels(s, {
    'app.kubernetes.io/name': 'prometheus',
    'app.kubernetes.io/managed-by': 'prometheus-operator',
    'app.kubernetes.io/instance': 'k8s',
    prometheus: 'k8s', // the selector labels are copied over podMetadata
    'operator.prometheus.io/name': 'k8s',
    team: 'infra',
    'app.kubernetes.io/version': '3.0.0', // podMetadata overrides the version the operator sets
  });
  hasAny(s, ['operator.prometheus.io/shard', 'statefulset.kubernetes.io/pod-name']);
  assert.deepEqual(s.labelsAt, ['spec', 'podMetadata', 'labels']);
  assert.equal(s.template, undefined);
  assert.equal(s.portsAdded, undefined);
  assert.equal(s.description, 'pods of Prometheus k8s (created by the prometheus-operator)');
  assert.deepEqual(s.legacyLabels, { app: 'prometheus' });

  const plain = pods('monitoring.coreos.com/v1', 'Prometheus', 'k8s', { spec: {} }).sources[0];
  hasAny(plain, ['app.kubernetes.io/version', 'operator.prometheus.io/shard']);
  assert.deepEqual(plain.labelsAt, ['metadata', 'name']);
  // kube-prometheus' prometheus-k8s Service: app.kubernetes.io/{component,name,instance,part-of} + prometheus: k8s;
  // the operator sets name and instance, kube-prometheus adds component and part-of through podMetadata.
  assert.ok(mayMatch({ 'app.kubernetes.io/name': 'prometheus', prometheus: 'k8s' }, plain));
  assert.ok(!mayMatch({ prometheus: 'main' }, plain));
  assert.ok(!mayMatch({ app: 'web' }, plain));
  assert.ok(mayMatch({ app: 'prometheus', prometheus: 'k8s' }, plain), 'older releases labelled the pods app: prometheus');
});

test('Prometheus / Alertmanager / ThanosRuler examples of the prometheus-operator repository: their Services select the pods', () => {
  // Objects of ../shared/corpus-precision/prometheus-operator/example, written out here.
  // user-guides/getting-started/prometheus.yaml + prometheus-service.yaml (selector prometheus: prometheus)
  const gettingStarted = pods('monitoring.coreos.com/v1', 'Prometheus', 'prometheus', { spec: { serviceAccountName: 'prometheus' } });
  assert.ok(anyMatch({ prometheus: 'prometheus' }, gettingStarted));
  // The governing Service the operator creates itself (prometheus-operated) selects app.kubernetes.io/name: prometheus.
  assert.ok(anyMatch({ 'app.kubernetes.io/name': 'prometheus' }, gettingStarted));

  // thanos/prometheus.yaml + prometheus-service.yaml and sidecar-service.yaml (both select prometheus: self)
  const thanos = pods('monitoring.coreos.com/v1', 'Prometheus', 'self', {
    metadata: { name: 'self', namespace: 'default', labels: { prometheus: 'self' } },
    spec: { replicas: 2, thanos: { version: 'v0.42.4' } },
  });
  assert.ok(anyMatch({ prometheus: 'self' }, thanos));

  // user-guides/alerting/alertmanager-example.yaml + alertmanager-example-service.yaml (selector alertmanager: example)
  const am = pods('monitoring.coreos.com/v1', 'Alertmanager', 'example', { spec: { replicas: 3 } });
  assert.ok(anyMatch({ alertmanager: 'example' }, am));

  // thanos/thanos-ruler.yaml + thanos-ruler-service.yaml (selector app.kubernetes.io/name: thanos-ruler)
  const ruler = pods('monitoring.coreos.com/v1', 'ThanosRuler', 'thanos-ruler', {
    metadata: { name: 'thanos-ruler', labels: { 'app.kubernetes.io/name': 'thanos-ruler' } },
    spec: { queryConfig: { key: 'query.yaml', name: 'thanos-ruler' } },
  });
  assert.ok(anyMatch({ 'app.kubernetes.io/name': 'thanos-ruler' }, ruler));

  // shards/prometheus.yaml names the Prometheus `prometheus` and labels the object `prometheus: shards`;
  // shards/prometheus-service.yaml selects `prometheus: shards`. The operator copies the object's labels to the
  // StatefulSet only (makeStatefulSet's ObjectMeta), never to the pod template, whose `prometheus` label is the
  // object's name: that Service really selects nothing, and the tool may say so.
  const shards = pods('monitoring.coreos.com/v1', 'Prometheus', 'prometheus', {
    metadata: { name: 'prometheus', namespace: 'default', labels: { prometheus: 'shards' } },
    spec: { replicas: 2, shards: 2 },
  });
  assert.ok(!anyMatch({ prometheus: 'shards' }, shards));
  assert.ok(anyMatch({ prometheus: 'prometheus', 'operator.prometheus.io/shard': '1' }, shards));
});

test('Alertmanager: alertmanager: <name>, app.kubernetes.io labels, version of any value, podMetadata', () => {
  // prometheus-operator/prometheus-operator pkg/alertmanager/statefulset.go (makeStatefulSetSpec) with makeSelectorLabels
  // in pkg/alertmanager/operator.go.
  const s = pods('monitoring.coreos.com/v1', 'Alertmanager', 'main', { spec: { podMetadata: { labels: { tier: 'alerting' } } } }).sources[0];
  hasLabels(s, {
    alertmanager: 'main',
    'app.kubernetes.io/name': 'alertmanager',
    'app.kubernetes.io/instance': 'main',
    'app.kubernetes.io/managed-by': 'prometheus-operator',
    tier: 'alerting',
  });
  hasAny(s, ['app.kubernetes.io/version']);
  assert.ok(!s.anyValue.includes('operator.prometheus.io/shard'));
  assert.deepEqual(s.legacyLabels, { app: 'alertmanager' });
  assert.equal(s.description, 'pods of Alertmanager main (created by the prometheus-operator)');
});

test('ThanosRuler: thanos-ruler: <name> and app.kubernetes.io/name: thanos-ruler', () => {
  // prometheus-operator/prometheus-operator pkg/thanos/statefulset.go (makeStatefulSetSpec) with makeSelectorLabels in
  // pkg/thanos/operator.go.
  const s = pods('monitoring.coreos.com/v1', 'ThanosRuler', 'rules', {}).sources[0];
  hasLabels(s, { 'thanos-ruler': 'rules', 'app.kubernetes.io/name': 'thanos-ruler', 'app.kubernetes.io/instance': 'rules', 'app.kubernetes.io/managed-by': 'prometheus-operator' });
  assert.deepEqual(s.legacyLabels, { app: 'thanos-ruler' });
});

test('PrometheusAgent: app.kubernetes.io/name: prometheus-agent and operator.prometheus.io/name, no prometheus label', () => {
  // prometheus-operator/prometheus-operator pkg/prometheus/agent/statefulset.go and daemonset.go with makeSelectorLabels
  // in pkg/prometheus/agent/operator.go (applicationNameLabelValue = "prometheus-agent").
  // ../shared/corpus-precision/prometheus-operator/example/rbac/prometheus-agent/prometheus.yaml
  const s = pods('monitoring.coreos.com/v1alpha1', 'PrometheusAgent', 'prometheus-agent', { spec: { replicas: 2 } }).sources[0];
  hasLabels(s, { 'app.kubernetes.io/name': 'prometheus-agent', 'operator.prometheus.io/name': 'prometheus-agent', 'app.kubernetes.io/instance': 'prometheus-agent' });
  assert.ok(!('prometheus' in s.labels));
  hasAny(s, ['operator.prometheus.io/shard', 'app.kubernetes.io/version', 'pod-template-generation']);
  assert.ok(!mayMatch({ 'app.kubernetes.io/name': 'prometheus' }, s));
});

// ------------------------------------------------------------------------------------------------------------------
// KubeRay

test('RayCluster: head and worker groups, template labels, protected labels, template paths, and a Service selecting the cluster', () => {
  // ray-project/kuberay ray-operator/controllers/ray/common/pod.go (labelPod, DefaultHeadPodTemplate,
  // DefaultWorkerPodTemplate) and ray-operator/controllers/ray/utils/constant.go.
  // The RayCluster and headless Service of ../shared/corpus-precision/kubeflow-manifests/experimental/ray/raycluster_example.yaml.
  const r = pods('ray.io/v1', 'RayCluster', 'kubeflow-raycluster', {
    spec: {
      headGroupSpec: { rayStartParams: {}, template: { metadata: { labels: { 'sidecar.istio.io/inject': 'true' } }, spec: { containers: [{ name: 'ray-head' }] } } },
      workerGroupSpecs: [
        { replicas: 1, groupName: 'small-group', template: { metadata: { labels: { 'ray.io/node-type': 'head', tier: 'w' } }, spec: { containers: [{ name: 'ray-worker' }] } } },
        { groupName: 7, template: { spec: { containers: [] } } },
      ],
    },
  });
  assert.equal(r.opaque, false);
  assert.equal(r.sources.length, 3);
  const [head, worker, unnamed] = r.sources;
  hasLabels(head, {
    'ray.io/cluster': 'kubeflow-raycluster',
    'ray.io/node-type': 'head',
    'ray.io/group': 'headgroup',
    'ray.io/is-ray-node': 'yes',
    'app.kubernetes.io/name': 'kuberay',
    'app.kubernetes.io/created-by': 'kuberay-operator',
    'sidecar.istio.io/inject': 'true',
  });
  hasAny(head, ['ray.io/identifier']);
  assert.deepEqual(head.template, ['spec', 'headGroupSpec', 'template']);
  assert.equal(head.portsAdded, true, 'KubeRay adds a metrics port when the Ray container has none');
  assert.deepEqual(head.labelsAt, ['spec', 'headGroupSpec', 'template', 'metadata', 'labels']);
  hasLabels(worker, { 'ray.io/node-type': 'worker', 'ray.io/group': 'small-group', tier: 'w' }); // node-type is not overridable
  assert.deepEqual(worker.template, ['spec', 'workerGroupSpecs', 0, 'template']);
  assert.match(worker.description, /worker group "small-group"/);
  hasAny(unnamed, ['ray.io/group']);
  assert.deepEqual(unnamed.labelsAt, ['spec', 'workerGroupSpecs', 1, 'groupName'], 'the group name that is not a string');
  // raycluster-istio-headless-svc selects ray.io/cluster: kubeflow-raycluster
  assert.ok(r.sources.every((s) => mayMatch({ 'ray.io/cluster': 'kubeflow-raycluster' }, s)));
  // the GKE samples' PodMonitor selects ray.io/is-ray-node: "yes"
  assert.ok(mayMatch({ 'ray.io/is-ray-node': 'yes' }, head));
  assert.ok(!anyMatch({ 'ray.io/cluster': 'other' }, r));
  assert.ok(mayMatch({ 'ray.io/node-type': 'head', 'ray.io/cluster': 'kubeflow-raycluster' }, head));
  assert.ok(!mayMatch({ 'ray.io/node-type': 'head' }, worker));
});

test('RayService: groups of spec.rayClusterConfig, the generated cluster name and ray.io/serve of any value', () => {
  // ray-project/kuberay ray-operator/controllers/ray/common/pod.go (labels) and
  // ray-operator/controllers/ray/rayservice_controller.go (the RayCluster it creates, ray.io/serve on serving pods).
  const r = pods('ray.io/v1', 'RayService', 'llm', {
    spec: {
      serveConfigV2: 'applications: []',
      rayClusterConfig: {
        headGroupSpec: { template: { metadata: { labels: { app: 'llm' } }, spec: { containers: [{ name: 'head' }] } } },
        workerGroupSpecs: [{ groupName: 'gpu', template: { spec: { containers: [{ name: 'w' }] } } }],
      },
    },
  });
  assert.equal(r.sources.length, 2);
  hasAny(r.sources[0], ['ray.io/cluster', 'ray.io/serve']);
  hasLabels(r.sources[0], { app: 'llm', 'ray.io/node-type': 'head' });
  assert.deepEqual(r.sources[0].template, ['spec', 'rayClusterConfig', 'headGroupSpec', 'template']);
  assert.deepEqual(r.sources[1].template, ['spec', 'rayClusterConfig', 'workerGroupSpecs', 0, 'template']);
  // A Service selecting the head of the generated cluster by the label users set
  assert.ok(mayMatch({ app: 'llm', 'ray.io/node-type': 'head', 'ray.io/cluster': 'llm-raycluster-x7k2' }, r.sources[0]));
});

test('RayJob: groups of spec.rayClusterSpec; none when it submits to an existing cluster', () => {
  // ray-project/kuberay ray-operator/controllers/ray/common/pod.go and ray-operator/controllers/ray/rayjob_controller.go.
  const r = pods('ray.io/v1', 'RayJob', 'train', {
    spec: { entrypoint: 'python t.py', rayClusterSpec: { headGroupSpec: { template: { spec: { containers: [{ name: 'h' }] } } } } },
  });
  assert.equal(r.sources.length, 1);
  hasAny(r.sources[0], ['ray.io/cluster']);
  assert.deepEqual(r.sources[0].labelsAt, ['spec', 'rayClusterSpec', 'headGroupSpec']);
  const existing = pods('ray.io/v1', 'RayJob', 'submit', { spec: { clusterSelector: { 'ray.io/cluster': 'shared' } } });
  assert.deepEqual(existing, { sources: [], opaque: false });
});

// ------------------------------------------------------------------------------------------------------------------
// Elastic Cloud on Kubernetes

test('Elasticsearch: one group per node set, cluster-name and type labels, the podTemplate labels winning', () => {
  // elastic/cloud-on-k8s pkg/controller/elasticsearch/label/label.go (NewPodLabels) and
  // pkg/controller/common/defaults/pod_template.go (WithLabels keeps the user's keys).
  const r = pods('elasticsearch.k8s.elastic.co/v1', 'Elasticsearch', 'quickstart', {
    spec: {
      version: '8.15.0',
      nodeSets: [
        { name: 'default', count: 3, podTemplate: { metadata: { labels: { team: 'search', 'elasticsearch.k8s.elastic.co/node-master': 'true' } }, spec: { containers: [] } } },
        { name: 'data', count: 2 },
      ],
    },
  });
  assert.equal(r.sources.length, 2);
  const [def, data] = r.sources;
  hasLabels(def, { 'elasticsearch.k8s.elastic.co/cluster-name': 'quickstart', 'common.k8s.elastic.co/type': 'elasticsearch', team: 'search', 'elasticsearch.k8s.elastic.co/node-master': 'true' });
  hasAny(def, ['elasticsearch.k8s.elastic.co/statefulset-name', 'elasticsearch.k8s.elastic.co/version', 'elasticsearch.k8s.elastic.co/node-data']);
  assert.deepEqual(def.template, ['spec', 'nodeSets', 0, 'podTemplate']);
  assert.equal(data.template, undefined);
  assert.deepEqual(data.labelsAt, ['spec', 'nodeSets', 1, 'name']);
  // ECK's own quickstart-es-http Service selects these two labels
  assert.ok(r.sources.every((s) => mayMatch({ 'common.k8s.elastic.co/type': 'elasticsearch', 'elasticsearch.k8s.elastic.co/cluster-name': 'quickstart' }, s)));
});

test('Kibana: kibana.k8s.elastic.co/name and type kibana, template at spec.podTemplate', () => {
  // elastic/cloud-on-k8s pkg/controller/kibana/label/label.go (NewLabels, KibanaVersionLabelName, RoleLabelName).
  const s = pods('kibana.k8s.elastic.co/v1', 'Kibana', 'quickstart', { spec: { podTemplate: { metadata: { labels: { a: 'b' } }, spec: { containers: [] } } } }).sources[0];
  hasLabels(s, { 'kibana.k8s.elastic.co/name': 'quickstart', 'common.k8s.elastic.co/type': 'kibana', a: 'b' });
  hasAny(s, ['kibana.k8s.elastic.co/version', 'pod-template-hash']);
  assert.deepEqual(s.template, ['spec', 'podTemplate']);
});

// ------------------------------------------------------------------------------------------------------------------
// Strimzi

test('Kafka: brokers and the optional components, generateDefaultLabels, the object labels Strimzi copies, template labels', () => {
  // strimzi/strimzi-kafka-operator operator-common/src/main/java/io/strimzi/operator/common/model/Labels.java
  // (generateDefaultLabels, fromResource's exclusion of app.kubernetes.io/*), KafkaResources.java (component names),
  // cluster-operator/.../model/KafkaCluster.java, ZookeeperCluster.java, EntityOperator.java (COMPONENT_TYPE).
  const r = pods('kafka.strimzi.io/v1beta2', 'Kafka', 'my-cluster', {
    metadata: { name: 'my-cluster', labels: { env: 'prod', 'app.kubernetes.io/name': 'dropped', 'app.kubernetes.io/part-of': 'shop' } },
    spec: {
      kafka: { replicas: 3, template: { pod: { metadata: { labels: { rack: 'a' } } } } },
      zookeeper: { replicas: 3 },
      entityOperator: { topicOperator: {}, userOperator: {} },
    },
  });
  assert.equal(r.opaque, false);
  assert.equal(r.sources.length, 3);
  const [brokers, zk, eo] = r.sources;
  hasLabels(brokers, {
    'strimzi.io/cluster': 'my-cluster',
    'strimzi.io/kind': 'Kafka',
    'strimzi.io/name': 'my-cluster-kafka',
    'strimzi.io/component-type': 'kafka',
    'app.kubernetes.io/name': 'kafka',
    'app.kubernetes.io/instance': 'my-cluster',
    'app.kubernetes.io/part-of': 'strimzi-my-cluster',
    'app.kubernetes.io/managed-by': 'strimzi-cluster-operator',
    env: 'prod',
    rack: 'a',
  });
  hasAny(brokers, ['strimzi.io/pool-name', 'strimzi.io/pod-name', 'strimzi.io/broker-role']);
  assert.deepEqual(brokers.labelsAt, ['spec', 'kafka', 'template', 'pod', 'metadata', 'labels']);
  hasLabels(zk, { 'strimzi.io/name': 'my-cluster-zookeeper', 'strimzi.io/component-type': 'zookeeper' });
  hasLabels(eo, { 'strimzi.io/name': 'my-cluster-entity-operator', 'app.kubernetes.io/name': 'entity-operator' });
  assert.deepEqual(eo.labelsAt, ['metadata', 'name']);
  // Strimzi's bootstrap Service selects cluster, kind and name
  assert.ok(mayMatch({ 'strimzi.io/cluster': 'my-cluster', 'strimzi.io/kind': 'Kafka', 'strimzi.io/name': 'my-cluster-kafka' }, brokers));
  assert.ok(!mayMatch({ 'strimzi.io/name': 'my-cluster-kafka' }, zk));
});

test('KafkaNodePool: the pool is part of the Kafka cluster of its strimzi.io/cluster label', () => {
  // strimzi/strimzi-kafka-operator cluster-operator/src/main/java/io/strimzi/operator/cluster/model/KafkaPool.java.
  const s = pods('kafka.strimzi.io/v1beta2', 'KafkaNodePool', 'brokers', {
    metadata: { name: 'brokers', labels: { 'strimzi.io/cluster': 'my-cluster' } },
    spec: { replicas: 3, roles: ['broker'], template: { pod: { metadata: { labels: { pool: 'b' } } } } },
  }).sources[0];
  hasLabels(s, { 'strimzi.io/cluster': 'my-cluster', 'strimzi.io/kind': 'Kafka', 'strimzi.io/name': 'my-cluster-kafka', 'strimzi.io/pool-name': 'brokers', pool: 'b' });
  const orphan = pods('kafka.strimzi.io/v1beta2', 'KafkaNodePool', 'p', { spec: {} }).sources[0];
  hasAny(orphan, ['strimzi.io/cluster', 'strimzi.io/name']);
});

/** A Strimzi component made of one Deployment or StrimziPodSet: its labels, with its pod template's. */
function strimziSingle(kind: string, componentName: string, type: string): void {
  const s = pods('kafka.strimzi.io/v1beta2', kind, 'my-connect', { spec: { template: { pod: { metadata: { labels: { x: 'y' } } } } } }).sources[0];
  hasLabels(s, { 'strimzi.io/kind': kind, 'strimzi.io/cluster': 'my-connect', 'strimzi.io/name': componentName, 'strimzi.io/component-type': type, 'app.kubernetes.io/name': type, x: 'y' });
  assert.deepEqual(s.labelsAt, ['spec', 'template', 'pod', 'metadata', 'labels']);
}

test('KafkaConnect: <name>-connect, component type kafka-connect', () => {
  // strimzi/strimzi-kafka-operator cluster-operator/src/main/java/io/strimzi/operator/cluster/model/KafkaConnectCluster.java
  // (COMPONENT_TYPE = "kafka-connect") and api/.../KafkaConnectResources.java (componentName: <name>-connect).
  strimziSingle('KafkaConnect', 'my-connect-connect', 'kafka-connect');
});

test('KafkaBridge: <name>-bridge, component type kafka-bridge', () => {
  // strimzi/strimzi-kafka-operator cluster-operator/src/main/java/io/strimzi/operator/cluster/model/KafkaBridgeCluster.java
  // (COMPONENT_TYPE = "kafka-bridge") and api/.../KafkaBridgeResources.java (componentName: <name>-bridge).
  strimziSingle('KafkaBridge', 'my-connect-bridge', 'kafka-bridge');
});

test('KafkaMirrorMaker2: <name>-mirrormaker2, component type kafka-mirror-maker-2', () => {
  // strimzi/strimzi-kafka-operator cluster-operator/src/main/java/io/strimzi/operator/cluster/model/KafkaMirrorMaker2Cluster.java
  // (COMPONENT_TYPE = "kafka-mirror-maker-2") and api/.../KafkaMirrorMaker2Resources.java (componentName: <name>-mirrormaker2).
  strimziSingle('KafkaMirrorMaker2', 'my-connect-mirrormaker2', 'kafka-mirror-maker-2');
});

// ------------------------------------------------------------------------------------------------------------------
// CloudNativePG

test('CloudNativePG Cluster: cnpg.io/cluster and podRole instance, the role labels of any value, inheritedMetadata', () => {
  // cloudnative-pg/cloudnative-pg pkg/specs/pods.go (instance pod labels) and pkg/utils/labels_annotations.go.
  const s = pods('postgresql.cnpg.io/v1', 'Cluster', 'pg', { spec: { instances: 3, inheritedMetadata: { labels: { team: 'db' } } } }).sources[0];
  hasLabels(s, { 'cnpg.io/cluster': 'pg', 'cnpg.io/podRole': 'instance', team: 'db' });
  hasAny(s, ['cnpg.io/instanceRole', 'role', 'cnpg.io/instanceName']);
  assert.deepEqual(s.labelsAt, ['spec', 'inheritedMetadata', 'labels']);
  // the pg-rw Service CloudNativePG creates selects cluster and instanceRole: primary
  assert.ok(mayMatch({ 'cnpg.io/cluster': 'pg', 'cnpg.io/instanceRole': 'primary' }, s));
  assert.ok(mayMatch({ postgresql: 'pg', role: 'primary' }, s), 'older releases labelled the pods postgresql: <name>');
});

test('CloudNativePG Pooler: cnpg.io/poolerName over the template labels', () => {
  // cloudnative-pg/cloudnative-pg pkg/specs/pgbouncer/deployments.go and services.go (the Service selects cnpg.io/poolerName).
  const s = pods('postgresql.cnpg.io/v1', 'Pooler', 'pooler-rw', {
    spec: { cluster: { name: 'pg' }, template: { metadata: { labels: { app: 'pgb' } }, spec: { containers: [{ name: 'pgbouncer' }] } } },
  }).sources[0];
  hasLabels(s, { 'cnpg.io/poolerName': 'pooler-rw', app: 'pgb' });
  hasAny(s, ['cnpg.io/podRole']);
  assert.deepEqual(s.template, ['spec', 'template']);
});

// ------------------------------------------------------------------------------------------------------------------
// Kubeflow, Knative, KServe

test('Kubeflow Notebook: statefulset and notebook-name, the Notebook labels copied over', () => {
  // kubeflow/kubeflow components/notebook-controller/controllers/notebook_controller.go (generateStatefulSet).
  const s = pods('kubeflow.org/v1', 'Notebook', 'nb', {
    metadata: { name: 'nb', namespace: 'user', labels: { 'access-ml-pipeline': 'true' } },
    spec: { template: { spec: { containers: [{ name: 'nb', image: 'jupyter' }] } } },
  }).sources[0];
  hasLabels(s, { statefulset: 'nb', 'notebook-name': 'nb', 'access-ml-pipeline': 'true' });
  assert.deepEqual(s.template, ['spec', 'template']);
  assert.deepEqual(s.labelsAt, ['metadata', 'labels']);
  assert.equal(s.portsAdded, true, 'notebook-port 8888 when the container declares no port');
});

test('Knative Service: serving.knative.dev/service and /configuration, the template labels, app of any value unless set', () => {
  // knative/serving pkg/reconciler/revision/resources/meta.go (makeLabels) and
  // pkg/reconciler/service/resources/configuration.go (the Configuration carries the Service's name).
  const svc = pods('serving.knative.dev/v1', 'Service', 'hello', {
    spec: { template: { metadata: { labels: { tier: 'web' } }, spec: { containers: [{ image: 'hello' }] } } },
  }).sources[0];
  hasLabels(svc, { 'serving.knative.dev/service': 'hello', 'serving.knative.dev/configuration': 'hello', tier: 'web' });
  hasAny(svc, ['serving.knative.dev/revision', 'app']);
  assert.deepEqual(svc.template, ['spec', 'template']);
  assert.equal(svc.portsAdded, true, 'the queue-proxy sidecar');
  const withApp = pods('serving.knative.dev/v1', 'Service', 'hello', { spec: { template: { metadata: { labels: { app: 'hello' } } } } }).sources[0];
  hasLabels(withApp, { app: 'hello' });
});

test('Knative Configuration: serving.knative.dev/configuration, no service label', () => {
  // knative/serving pkg/reconciler/revision/resources/meta.go (makeLabels on the revision's pods).
  const conf = pods('serving.knative.dev/v1', 'Configuration', 'c', { spec: { template: { spec: { containers: [] } } } }).sources[0];
  hasLabels(conf, { 'serving.knative.dev/configuration': 'c' });
  assert.ok(!('serving.knative.dev/service' in conf.labels));
  hasAny(conf, ['serving.knative.dev/revision', 'app']);
});

test('KServe InferenceService: serving.kserve.io/inferenceservice and component per component present', () => {
  // kserve/kserve pkg/controller/v1beta1/inferenceservice/components/predictor.go, transformer.go (metadata labels:
  // Union(isvc.Labels, {serving.kserve.io/inferenceservice, component})) and pkg/constants/constants.go.
  const r = pods('serving.kserve.io/v1beta1', 'InferenceService', 'sklearn', {
    metadata: { name: 'sklearn', labels: { team: 'ml' } },
    spec: { predictor: { model: { modelFormat: { name: 'sklearn' } }, labels: { extra: 'p' } }, transformer: { containers: [{ image: 't' }] } },
  });
  assert.equal(r.sources.length, 2);
  hasLabels(r.sources[0], { 'serving.kserve.io/inferenceservice': 'sklearn', component: 'predictor', team: 'ml', extra: 'p' });
  hasLabels(r.sources[1], { component: 'transformer' });
  hasAny(r.sources[0], ['app']);
  assert.deepEqual(r.sources[0].labelsAt, ['spec', 'predictor', 'labels']);
});

// ------------------------------------------------------------------------------------------------------------------
// LeaderWorkerSet, JobSet

test('LeaderWorkerSet: leaders and workers, leaderworkerset.sigs.k8s.io/name, and the GKE sample Service selecting the leader', () => {
  // kubernetes-sigs/lws pkg/controllers/leaderworkerset_controller.go (leader StatefulSet template: name, worker-index "0")
  // and pkg/controllers/pod_controller.go (worker StatefulSet template: name, group-index, group-key).
  // ../shared/corpus-precision/gke-samples/ai-ml/llm-multihost-gpus/vllm-llama3-405b-A3.yaml (LWS vllm + Service vllm-leader).
  const r = pods('leaderworkerset.x-k8s.io/v1', 'LeaderWorkerSet', 'vllm', {
    spec: {
      replicas: 1,
      leaderWorkerTemplate: {
        size: 2,
        leaderTemplate: { metadata: { labels: { role: 'leader' } }, spec: { containers: [{ name: 'vllm-leader', ports: [{ containerPort: 8080 }] }] } },
        workerTemplate: { spec: { containers: [{ name: 'vllm-worker' }] } },
      },
    },
  });
  assert.equal(r.sources.length, 2);
  const [leader, worker] = r.sources;
  hasLabels(leader, { 'leaderworkerset.sigs.k8s.io/name': 'vllm', 'leaderworkerset.sigs.k8s.io/worker-index': '0', role: 'leader' });
  assert.deepEqual(leader.template, ['spec', 'leaderWorkerTemplate', 'leaderTemplate']);
  assert.deepEqual(worker.template, ['spec', 'leaderWorkerTemplate', 'workerTemplate']);
  const selector = { 'leaderworkerset.sigs.k8s.io/name': 'vllm', role: 'leader' };
  assert.ok(mayMatch(selector, leader));
  assert.ok(!mayMatch(selector, worker));
  // Without a leader template the leaders use the worker template.
  const same = pods('leaderworkerset.x-k8s.io/v1', 'LeaderWorkerSet', 'jetstream', {
    spec: { leaderWorkerTemplate: { workerTemplate: { metadata: { labels: { app: 'jetstream' } }, spec: { containers: [] } } } },
  });
  assert.ok(same.sources.every((s) => mayMatch({ app: 'jetstream' }, s)));
  assert.deepEqual(same.sources[0].template, ['spec', 'leaderWorkerTemplate', 'workerTemplate']);
});

test('JobSet: one group per replicated job, jobset-name and replicatedjob-name, the pod template two levels down', () => {
  // kubernetes-sigs/jobset pkg/controllers/jobset_controller.go (labelAndAnnotateObject on each Job's pod template).
  const r = pods('jobset.x-k8s.io/v1alpha2', 'JobSet', 'train', {
    spec: {
      replicatedJobs: [
        { name: 'workers', replicas: 2, template: { metadata: { labels: { job: 'level' } }, spec: { template: { metadata: { labels: { app: 'trainer' } }, spec: { containers: [] } } } } },
      ],
    },
  });
  assert.equal(r.sources.length, 1);
  const s = r.sources[0];
  hasLabels(s, { 'jobset.sigs.k8s.io/jobset-name': 'train', 'jobset.sigs.k8s.io/replicatedjob-name': 'workers', app: 'trainer' });
  assert.ok(!('job' in s.labels), 'the Job template labels are not on the pods');
  hasAny(s, ['jobset.sigs.k8s.io/job-index', 'batch.kubernetes.io/job-name']);
  assert.deepEqual(s.template, ['spec', 'replicatedJobs', 0, 'template', 'spec', 'template']);
});

// ------------------------------------------------------------------------------------------------------------------
// Gateway API, cert-manager

test('Gateway: gateway.networking.k8s.io/gateway-name and spec.infrastructure.labels (GEP-1762 in-cluster deployments)', () => {
  // kubernetes-sigs/gateway-api geps/gep-1762 (in-cluster implementations label generated resources with
  // gateway.networking.k8s.io/gateway-name and SHOULD apply spec.infrastructure.labels).
  const s = pods('gateway.networking.k8s.io/v1', 'Gateway', 'edge', {
    spec: { gatewayClassName: 'istio', infrastructure: { labels: { zone: 'dmz' } }, listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] },
  }).sources[0];
  hasLabels(s, { 'gateway.networking.k8s.io/gateway-name': 'edge', zone: 'dmz' });
  assert.deepEqual(s.labelsAt, ['spec', 'infrastructure', 'labels']);
});

// cert-manager/cert-manager pkg/issuer/acme/http/pod.go (the solver pod's labels: the podTemplate's plus
// acme.cert-manager.io/http-domain, http-token and http01-solver: "true") and pkg/apis/acme/v1/types.go (the keys).
test('cert-manager Issuer: one pod group per HTTP-01 solver, none for other issuers', () => {
  const issuer = pods('cert-manager.io/v1', 'Issuer', 'le', {
    spec: {
      acme: {
        server: 'https://acme.example/directory',
        solvers: [{ dns01: { cloudflare: {} } }, { http01: { ingress: { ingressClassName: 'nginx', podTemplate: { metadata: { labels: { team: 'edge' } } } } } }],
      },
    },
  });
  assert.equal(issuer.opaque, false);
  assert.equal(issuer.sources.length, 1);
  const s = issuer.sources[0];
  hasLabels(s, { 'acme.cert-manager.io/http01-solver': 'true', team: 'edge' });
  hasAny(s, ['acme.cert-manager.io/http-domain', 'acme.cert-manager.io/http-token']);
  assert.deepEqual(s.labelsAt, ['spec', 'acme', 'solvers', 1, 'http01', 'ingress', 'podTemplate', 'metadata', 'labels']);
  assert.equal(s.anyNamespace, undefined);
  // A NetworkPolicy letting the ingress controller reach the solver selects acme.cert-manager.io/http01-solver: "true".
  assert.ok(mayMatch({ 'acme.cert-manager.io/http01-solver': 'true' }, s));
  assert.deepEqual(pods('cert-manager.io/v1', 'Issuer', 'ca', { spec: { ca: { secretName: 'ca' } } }), { sources: [], opaque: false });
});

test('cert-manager ClusterIssuer: the solver pods run in any namespace that uses it', () => {
  const cluster = pods('cert-manager.io/v1', 'ClusterIssuer', 'le', { spec: { acme: { solvers: [{ http01: { gatewayHTTPRoute: { podTemplate: { metadata: { labels: { a: 'b' } } } } } }] } } });
  assert.equal(cluster.sources[0].anyNamespace, true);
  hasLabels(cluster.sources[0], { 'acme.cert-manager.io/http01-solver': 'true', a: 'b' });
});

test('cert-manager Challenge: an HTTP-01 challenge has a solver pod, a DNS-01 one has none', () => {
  const challenge = pods('acme.cert-manager.io/v1', 'Challenge', 'c', { spec: { type: 'HTTP-01', solver: { http01: { ingress: {} } } } });
  hasLabels(challenge.sources[0], { 'acme.cert-manager.io/http01-solver': 'true' });
  assert.deepEqual(pods('acme.cert-manager.io/v1', 'Challenge', 'd', { spec: { type: 'DNS-01', solver: { dns01: {} } } }), { sources: [], opaque: false });
});

// ------------------------------------------------------------------------------------------------------------------
// Generic custom resources, known kinds without pods, built-in kinds

test('generic custom resource: every pod template under spec, nested in objects and lists, not a workload template', () => {
  const rollout = pods('argoproj.io/v1alpha1', 'Rollout', 'web', {
    spec: { replicas: 3, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', ports: [{ containerPort: 8080 }] }] } } },
  });
  assert.equal(rollout.opaque, false);
  assert.equal(rollout.sources.length, 1);
  assert.deepEqual(rollout.sources[0].labels, { app: 'web' });
  assert.deepEqual(rollout.sources[0].anyValue, []);
  assert.deepEqual(rollout.sources[0].template, ['spec', 'template']);
  assert.deepEqual(rollout.sources[0].labelsAt, ['spec', 'template', 'metadata', 'labels']);
  assert.equal(rollout.sources[0].portsAdded, undefined, 'the template is all we know of the ports');
  assert.equal(rollout.sources[0].description, 'pods of Rollout web (created by its controller from spec.template)');

  const nested = pods('example.com/v1', 'Platform', 'p', {
    spec: {
      components: [
        { name: 'a', deployment: { podTemplate: { metadata: { labels: { c: 'a' } }, spec: { containers: [] } } } },
        { name: 'b', job: { template: { metadata: { labels: { j: 'x' } }, spec: { template: { metadata: { labels: { c: 'b' } }, spec: { containers: [] } } } } } },
      ],
    },
  });
  assert.equal(nested.opaque, false);
  assert.deepEqual(
    nested.sources.map((s) => [s.template, s.labels]),
    [
      [['spec', 'components', 0, 'deployment', 'podTemplate'], { c: 'a' }],
      [['spec', 'components', 1, 'job', 'template', 'spec', 'template'], { c: 'b' }],
    ],
  );
  // A pod spec deeper than the search goes (affinity terms) is not a reason for doubt.
  const deepSpec = pods('example.com/v1', 'App', 'x', {
    spec: { template: { metadata: { labels: { app: 'x' } }, spec: { affinity: { nodeAffinity: { r: { terms: [{ m: [{ values: ['a'] }] }] } } } } } },
  });
  assert.equal(deepSpec.opaque, false);
});

test('unknown custom resource without a readable pod template: opaque', () => {
  assert.deepEqual(pods('example.com/v1', 'Database', 'db', { spec: { size: 3, version: '15' } }), { sources: [], opaque: true });
  assert.deepEqual(pods('example.com/v1', 'Thing', 't', {}), { sources: [], opaque: true });
  // A template with containers but no labels: the pods' labels are the operator's.
  const unlabelled = pods('example.com/v1', 'Worker', 'w', { spec: { template: { spec: { containers: [{ name: 'w' }] } } } });
  assert.deepEqual(unlabelled, { sources: [], opaque: true });
  // spec.podMetadata (prometheus-operator style): a source, but the operator's own labels are unknown.
  const podMeta = pods('operator.victoriametrics.com/v1beta1', 'VMAgent', 'vm', { spec: { podMetadata: { labels: { team: 'obs' } } } });
  assert.equal(podMeta.opaque, true);
  assert.deepEqual(podMeta.sources.map((s) => [s.labels, s.labelsAt]), [[{ team: 'obs' }, ['spec', 'podMetadata', 'labels']]]);
});

test('custom resources known to create no pods: not opaque, no sources', () => {
  const cases: Array<[string, string]> = [
    ['monitoring.coreos.com/v1', 'ServiceMonitor'],
    ['monitoring.coreos.com/v1', 'PodMonitor'],
    ['monitoring.coreos.com/v1', 'PrometheusRule'],
    ['monitoring.coreos.com/v1alpha1', 'AlertmanagerConfig'],
    ['monitoring.coreos.com/v1alpha1', 'ScrapeConfig'],
    ['cert-manager.io/v1', 'Certificate'],
    ['networking.istio.io/v1beta1', 'VirtualService'],
    ['networking.istio.io/v1alpha3', 'Gateway'],
    ['security.istio.io/v1', 'AuthorizationPolicy'],
    ['telemetry.istio.io/v1', 'Telemetry'],
    ['gateway.networking.k8s.io/v1', 'HTTPRoute'],
    ['external-secrets.io/v1beta1', 'ExternalSecret'],
    ['bitnami.com/v1alpha1', 'SealedSecret'],
    ['traefik.io/v1alpha1', 'IngressRoute'],
    ['traefik.containo.us/v1alpha1', 'Middleware'],
    ['keda.sh/v1alpha1', 'ScaledObject'],
    ['argoproj.io/v1alpha1', 'Application'],
    ['kyverno.io/v1', 'ClusterPolicy'],
    ['kubeflow.org/v1', 'Profile'],
    ['kubeflow.org/v1alpha1', 'PodDefault'],
    ['snapshot.storage.k8s.io/v1', 'VolumeSnapshot'],
    ['cilium.io/v2', 'CiliumNetworkPolicy'],
    ['crd.projectcalico.org/v1', 'GlobalNetworkPolicy'],
    ['projectcalico.org/v3', 'NetworkPolicy'],
    ['metacontroller.k8s.io/v1alpha1', 'DecoratorController'],
    ['autoscaling.k8s.io/v1', 'VerticalPodAutoscaler'],
    ['kueue.x-k8s.io/v1beta1', 'ClusterQueue'],
    ['monitoring.googleapis.com/v1', 'PodMonitoring'],
    ['serving.kserve.io/v1alpha1', 'ClusterServingRuntime'],
    ['trainer.kubeflow.org/v1alpha1', 'ClusterTrainingRuntime'],
    ['kafka.strimzi.io/v1beta2', 'KafkaTopic'],
  ];
  for (const [apiVersion, kind] of cases) {
    // Even with something that looks like a template: an ExternalSecret's target.template is a Secret's.
    const r = pods(apiVersion, kind, 'x', { spec: { target: { template: { metadata: { labels: { a: 'b' } } } } } });
    assert.deepEqual(r, { sources: [], opaque: false }, `${apiVersion} ${kind}`);
  }
});

test('built-in kinds and kustomize objects: undefined, the caller handles them', () => {
  const cases: Array<[string, string]> = [
    ['v1', 'Pod'],
    ['v1', 'Service'],
    ['apps/v1', 'Deployment'],
    ['apps/v1', 'StatefulSet'],
    ['batch/v1', 'CronJob'],
    ['extensions/v1beta1', 'Deployment'],
    ['networking.k8s.io/v1', 'NetworkPolicy'],
    ['rbac.authorization.k8s.io/v1', 'ClusterRole'],
    ['policy/v1', 'PodDisruptionBudget'],
    ['autoscaling/v2', 'HorizontalPodAutoscaler'],
    ['storage.k8s.io/v1', 'StorageClass'],
    ['apiextensions.k8s.io/v1', 'CustomResourceDefinition'],
    ['admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration'],
    ['coordination.k8s.io/v1', 'Lease'],
    ['discovery.k8s.io/v1', 'EndpointSlice'],
    ['scheduling.k8s.io/v1', 'PriorityClass'],
    ['node.k8s.io/v1', 'RuntimeClass'],
    ['certificates.k8s.io/v1', 'CertificateSigningRequest'],
    ['flowcontrol.apiserver.k8s.io/v1', 'FlowSchema'],
    ['apiregistration.k8s.io/v1', 'APIService'],
    ['resource.k8s.io/v1', 'ResourceClaim'],
    ['kustomize.config.k8s.io/v1beta1', 'Kustomization'],
    ['kustomize.config.k8s.io/v1alpha1', 'Component'],
    ['', 'Thing'],
  ];
  for (const [apiVersion, kind] of cases) {
    assert.equal(customResourcePods(apiVersion, kind, 'x', { spec: { template: { metadata: { labels: { a: 'b' } } } } }), undefined, `${apiVersion} ${kind}`);
  }
  // Same names, other groups: custom resources.
  assert.ok(customResourcePods('serving.knative.dev/v1', 'Service', 'x', {}));
  assert.ok(customResourcePods('autoscaling.k8s.io/v1', 'VerticalPodAutoscaler', 'x', {}));
});

// ------------------------------------------------------------------------------------------------------------------
// Hostile values

test('malformed labels: the group is skipped and the object is opaque; a generated name gives labels of any value', () => {
  const bad = pods('monitoring.coreos.com/v1', 'Prometheus', 'k8s', { spec: { podMetadata: { labels: { a: 5 } } } });
  assert.deepEqual(bad, { sources: [], opaque: true });
  const list = pods('monitoring.coreos.com/v1', 'Prometheus', 'k8s', { spec: { podMetadata: { labels: ['a'] } } });
  assert.deepEqual(list, { sources: [], opaque: true });
  const ray = pods('ray.io/v1', 'RayCluster', 'r', {
    spec: { headGroupSpec: { template: { metadata: { labels: { ok: 'yes' } } } }, workerGroupSpecs: [{ groupName: 'g', template: { metadata: { labels: { n: 1 } } } }] },
  });
  assert.equal(ray.opaque, true);
  assert.equal(ray.sources.length, 1, 'the readable head group stays');
  const generic = pods('example.com/v1', 'App', 'a', { spec: { template: { metadata: { labels: { app: { nested: true } } } } } });
  assert.deepEqual(generic, { sources: [], opaque: true });
  // A null value is "" (what kubectl sends for `key:`), as for other objects' labels.
  assert.equal(pods('monitoring.coreos.com/v1', 'Prometheus', 'k8s', { spec: { podMetadata: { labels: { empty: null } } } }).sources[0].labels.empty, '');
  // No name (generateName): the labels holding the name have an unknown value.
  const unnamed = customResourcePods('monitoring.coreos.com/v1', 'Prometheus', '', { metadata: { generateName: 'p-' } });
  assert.ok(unnamed);
  hasAny(unnamed.sources[0], ['prometheus', 'app.kubernetes.io/instance']);
  assert.equal(unnamed.sources[0].description, 'pods of Prometheus (unnamed) (created by the prometheus-operator)');
  // A label key named __proto__ is kept as a label.
  const proto = pods('monitoring.coreos.com/v1', 'Prometheus', 'k8s', { spec: { podMetadata: { labels: JSON.parse('{"__proto__":"x"}') } } }).sources[0];
  assert.ok(Object.prototype.hasOwnProperty.call(proto.labels, '__proto__'));
  assert.equal(Object.getPrototypeOf(proto.labels), Object.prototype);
});

test('hostile values: null, numbers, arrays, strings in every place; no throw', () => {
  const values: unknown[] = [null, undefined, 0, 42, 'text', true, [], [1, 2], {}, { spec: null }, { spec: 5 }, { spec: [] }, { spec: 'x' }];
  const kinds: Array<[string, string]> = [
    ['monitoring.coreos.com/v1', 'Prometheus'],
    ['monitoring.coreos.com/v1', 'Alertmanager'],
    ['monitoring.coreos.com/v1', 'ThanosRuler'],
    ['monitoring.coreos.com/v1alpha1', 'PrometheusAgent'],
    ['ray.io/v1', 'RayCluster'],
    ['ray.io/v1', 'RayService'],
    ['ray.io/v1', 'RayJob'],
    ['elasticsearch.k8s.elastic.co/v1', 'Elasticsearch'],
    ['kibana.k8s.elastic.co/v1', 'Kibana'],
    ['kafka.strimzi.io/v1beta2', 'Kafka'],
    ['kafka.strimzi.io/v1beta2', 'KafkaNodePool'],
    ['kafka.strimzi.io/v1beta2', 'KafkaConnect'],
    ['postgresql.cnpg.io/v1', 'Cluster'],
    ['postgresql.cnpg.io/v1', 'Pooler'],
    ['kubeflow.org/v1', 'Notebook'],
    ['serving.knative.dev/v1', 'Service'],
    ['serving.kserve.io/v1beta1', 'InferenceService'],
    ['leaderworkerset.x-k8s.io/v1', 'LeaderWorkerSet'],
    ['jobset.x-k8s.io/v1alpha2', 'JobSet'],
    ['gateway.networking.k8s.io/v1', 'Gateway'],
    ['cert-manager.io/v1', 'Issuer'],
    ['acme.cert-manager.io/v1', 'Challenge'],
    ['example.com/v1', 'Anything'],
  ];
  const inner: unknown[] = [null, 7, 'x', [], [null, 3, 'y', [[]]], { labels: 3 }, { template: 4 }, { template: { metadata: 5 } }];
  for (const [apiVersion, kind] of kinds) {
    for (const v of values) {
      const r = customResourcePods(apiVersion, kind, 'n', v as Record<string, unknown>);
      assert.ok(r && Array.isArray(r.sources) && typeof r.opaque === 'boolean', `${kind} ${JSON.stringify(v)}`);
    }
    for (const x of inner) {
      // Every field the table reads, set to something of the wrong type.
      const spec: Record<string, unknown> = {};
      for (const f of ['podMetadata', 'headGroupSpec', 'workerGroupSpecs', 'rayClusterConfig', 'rayClusterSpec', 'nodeSets', 'podTemplate', 'kafka', 'zookeeper', 'entityOperator', 'cruiseControl', 'kafkaExporter', 'template', 'inheritedMetadata', 'predictor', 'transformer', 'leaderWorkerTemplate', 'replicatedJobs', 'infrastructure', 'acme', 'solver', 'type']) spec[f] = x;
      const r = customResourcePods(apiVersion, kind, 'n', { metadata: { name: 'n', labels: x }, spec });
      assert.ok(r && Array.isArray(r.sources), `${kind} with ${JSON.stringify(x)}`);
    }
  }
  // Non-string arguments, as untyped callers may pass them.
  assert.doesNotThrow(() => customResourcePods(undefined as unknown as string, 5 as unknown as string, null as unknown as string, null as unknown as Record<string, unknown>));
  assert.equal(customResourcePods(7 as unknown as string, 'Pod', 'x', {}), undefined);
  assert.ok(customResourcePods('ray.io/v1', 5 as unknown as string, {} as unknown as string, { spec: {} }));
});

test('hostile values: nesting 10,000 levels deep, an object shared 1,000 times, a cycle (< 500 ms each)', () => {
  const time = (label: string, f: () => void) => {
    const t0 = performance.now();
    f();
    const ms = performance.now() - t0;
    assert.ok(ms < 500, `${label} took ${ms.toFixed(0)} ms`);
  };

  // 10,000 levels of mappings and of sequences, below spec and below every path the table reads.
  let deepObj: Record<string, unknown> = { template: { metadata: { labels: { deep: 'yes' } } } };
  let deepList: unknown = [{ template: { metadata: { labels: { deep: 'yes' } } } }];
  for (let i = 0; i < 10_000; i++) {
    deepObj = { a: deepObj, template: i === 9_999 ? deepObj : undefined };
    deepList = [deepList];
  }
  time('deep generic', () => {
    const r = pods('example.com/v1', 'Deep', 'd', { spec: { nested: deepObj, list: deepList } });
    assert.equal(typeof r.opaque, 'boolean');
  });
  time('deep table', () => {
    for (const [apiVersion, kind] of [
      ['ray.io/v1', 'RayCluster'],
      ['kafka.strimzi.io/v1beta2', 'Kafka'],
      ['monitoring.coreos.com/v1', 'Prometheus'],
      ['jobset.x-k8s.io/v1alpha2', 'JobSet'],
    ]) {
      pods(apiVersion, kind, 'd', { spec: { headGroupSpec: deepObj, workerGroupSpecs: deepList, kafka: deepObj, podMetadata: deepObj, replicatedJobs: deepList } });
    }
  });

  // One object appearing 1,000 times (a YAML alias), itself holding the same list: searched once.
  const shared: Record<string, unknown> = { template: { metadata: { labels: { app: 'shared' } }, spec: { containers: [] } } };
  const many = Array.from({ length: 1000 }, () => shared);
  const fanout: Record<string, unknown> = { items: many };
  for (let i = 0; i < 6; i++) fanout[`k${i}`] = { a: many, b: many, c: fanout };
  time('shared generic', () => {
    const r = pods('example.com/v1', 'Fan', 'f', { spec: fanout });
    assert.equal(r.sources.length, 1, 'the shared template counts once');
    assert.deepEqual(r.sources[0].labels, { app: 'shared' });
  });
  time('shared table', () => {
    const worker = { groupName: 'g', template: shared.template };
    const r = pods('ray.io/v1', 'RayCluster', 'r', { spec: { headGroupSpec: worker, workerGroupSpecs: Array.from({ length: 1000 }, () => worker) } });
    assert.equal(r.opaque, true, 'more groups than the tool reads: not certain');
    assert.ok(r.sources.length <= 257);
  });

  // A cycle (a parser could build one; the caller's values are plain objects).
  const cyclic: Record<string, unknown> = { template: { metadata: { labels: { app: 'c' } } } };
  cyclic.self = cyclic;
  cyclic.list = [cyclic, { back: cyclic }];
  time('cycle', () => {
    const r = pods('example.com/v1', 'Cyc', 'c', { spec: cyclic });
    assert.equal(r.sources.length, 1);
  });

  // A huge flat mapping: the node budget makes the search stop, and the verdict is then not certain.
  const wide: Record<string, unknown> = {};
  for (let i = 0; i < 20_000; i++) wide[`k${i}`] = { v: i };
  time('wide', () => {
    const r = pods('example.com/v1', 'Wide', 'w', { spec: { wide, template: { metadata: { labels: { app: 'w' } } } } });
    assert.equal(r.opaque, true);
  });
});
