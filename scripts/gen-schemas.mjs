#!/usr/bin/env node
// Derives the strict JSON schemas of Service (v1) and NetworkPolicy (networking.k8s.io/v1) from upstream data
// and writes schemas/service.schema.json, schemas/networkpolicy.schema.json and schemas/README.md.
//
//   npm run schemas                          write the files
//   node scripts/gen-schemas.mjs --check     exit 1 if the files on disk differ from what would be written
//
// Inputs are read from $K8S_UPSTREAM_DIR (a relative value is resolved against the repository root),
// by default ../shared/upstream relative to the repository root:
//   kubernetes-json-schema/service-v1.json (+ SOURCE.md)   kubeconform-style standalone strict Service schema
//   kubernetes-openapi-v3/apis__networking.k8s.io__v1_openapi.json (+ SOURCE.md)   the API server's OpenAPI v3 doc
//   k8s-validation-rules.md   what the API server enforces in code (the enrichments below cite its sections)
//
// The output is deterministic: fixed key order, 2-space indent, trailing newline.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const SCHEMA_DRAFT = 'http://json-schema.org/draft-07/schema#';
const ID_BASE = 'https://k8s-network-lens/schemas/';
const RULES_DOC = 'k8s-validation-rules.md';

const SERVICE_INPUT = 'kubernetes-json-schema/service-v1.json';
const SERVICE_SOURCE = 'kubernetes-json-schema/SOURCE.md';
const OPENAPI_INPUT = 'kubernetes-openapi-v3/apis__networking.k8s.io__v1_openapi.json';
const OPENAPI_SOURCE = 'kubernetes-openapi-v3/SOURCE.md';
const NETWORKPOLICY_COMPONENT = 'io.k8s.api.networking.v1.NetworkPolicy';

export const OUTPUT_FILES = ['schemas/service.schema.json', 'schemas/networkpolicy.schema.json', 'schemas/README.md'];

/** The upstream directory: $K8S_UPSTREAM_DIR or ../shared/upstream, relative values against the repository root. */
export function upstreamDir(env = process.env) {
  return path.resolve(repoRoot, env.K8S_UPSTREAM_DIR || '../shared/upstream');
}

// ---------------------------------------------------------------------------------------------------------------
// Generic transformation of an upstream schema node into a strict, draft-07, Ajv-strict-mode-compatible node.

/** Keys dropped everywhere: OpenAPI/Kubernetes extensions and keywords Ajv strict mode rejects or we do not use. */
function isDroppedKey(key) {
  return key.startsWith('x-') || key === 'format' || key === 'nullable' || key === '$schema';
}

/** Keys carried over as they are (after their sub-schemas are transformed). Anything else is an error. */
const KEPT_KEYS = new Set(['description', 'type', 'enum', 'default', 'properties', 'additionalProperties', 'items', 'required']);

/** Key order of every emitted schema node; unknown keys (none expected) sort after these, alphabetically. */
const KEY_ORDER = [
  '$schema', '$id', '$comment', 'title', 'description', 'type', 'enum', 'default', 'minimum', 'maximum', 'maxItems',
  'items', 'properties', 'additionalProperties', 'required',
];

/** `format: int-or-string` (OpenAPI IntOrString) or the kubeconform `oneOf: [{type: string|null}, {type: integer|null}]`. */
function isIntOrString(node) {
  if (node.format === 'int-or-string') return true;
  if (!Array.isArray(node.oneOf) || node.oneOf.length !== 2) return false;
  const kinds = node.oneOf.map((s) => Object.keys(s).join() === 'type' && asTypeList(s.type).filter((t) => t !== 'null'));
  return kinds.every((k) => Array.isArray(k) && k.length === 1) && kinds.map((k) => k[0]).sort().join() === 'integer,string';
}

function asTypeList(type) {
  return type === undefined ? [] : Array.isArray(type) ? [...type] : [type];
}

function withNull(type) {
  const list = asTypeList(type).filter((t) => t !== 'null');
  list.push('null');
  return list;
}

/**
 * Transforms one upstream schema node.
 * @param node      the upstream node
 * @param nullable  whether `null` is an accepted value (non-required properties, array items, map values)
 * @param ctx       { resolve(ref) -> node, refStack: string[], where: string }
 */
function transform(node, nullable, ctx) {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) {
    throw new Error(`${ctx.where}: expected a schema object`);
  }
  // $ref (OpenAPI v3: siblings such as description/default refine the referenced schema; the outer ones win).
  if (typeof node.$ref === 'string') {
    const { $ref, ...outer } = node;
    if (ctx.refStack.includes($ref)) {
      throw new Error(`${ctx.where}: recursive $ref ${[...ctx.refStack, $ref].join(' -> ')} cannot be inlined`);
    }
    const inner = ctx.resolve($ref, ctx.where);
    return transform({ ...inner, ...outer }, nullable, { ...ctx, refStack: [...ctx.refStack, $ref] });
  }
  // allOf with a single member (newer OpenAPI v3 documents wrap every $ref like that): flatten, outer keys win.
  if (Array.isArray(node.allOf)) {
    if (node.allOf.length !== 1) throw new Error(`${ctx.where}: allOf with ${node.allOf.length} members is not handled`);
    const { allOf, ...outer } = node;
    return transform({ ...allOf[0], ...outer }, nullable, ctx);
  }

  const out = {};
  if (isIntOrString(node)) {
    // One `type` keyword instead of oneOf/anyOf: a wrong value gives exactly one `type` error.
    out.type = nullable ? ['integer', 'string', 'null'] : ['integer', 'string'];
    if (node.description !== undefined) out.description = node.description;
    if (node.default !== undefined) out.default = node.default;
    for (const key of Object.keys(node)) {
      if (!['oneOf', 'format', 'type', 'description', 'default'].includes(key) && !isDroppedKey(key)) {
        throw new Error(`${ctx.where}: unexpected key ${key} on an int-or-string schema`);
      }
    }
    return out;
  }

  for (const [key, value] of Object.entries(node)) {
    if (isDroppedKey(key)) continue;
    if (!KEPT_KEYS.has(key)) throw new Error(`${ctx.where}: keyword ${JSON.stringify(key)} is not handled`);
    switch (key) {
      case 'properties': {
        const required = new Set(node.required ?? []);
        out.properties = {};
        for (const name of Object.keys(value).sort()) {
          out.properties[name] = transform(value[name], !required.has(name), { ...ctx, where: `${ctx.where}.${name}` });
        }
        break;
      }
      case 'items':
        out.items = transform(value, true, { ...ctx, where: `${ctx.where}[]` });
        break;
      case 'additionalProperties':
        out.additionalProperties =
          typeof value === 'boolean' ? value : transform(value, true, { ...ctx, where: `${ctx.where}{}` });
        break;
      case 'type':
        out.type = nullable ? withNull(value) : value;
        break;
      default:
        out[key] = value;
    }
  }
  if (out.type === undefined) throw new Error(`${ctx.where}: schema without type`);
  if (Array.isArray(out.type) && out.type.length === 1) out.type = out.type[0];
  // Strict like `kubectl --validate=strict`: an object with declared properties accepts no other key.
  // Maps (labels, annotations, selector, matchLabels) keep their additionalProperties value schema;
  // an object with neither (metadata.managedFields[].fieldsV1) stays free-form, as upstream.
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers for the targeted edits.

/** The node at a dotted path of property names; `[]` steps into array items: `spec.ports[].targetPort`. */
function nodeAt(schema, dotted) {
  let node = schema;
  for (const part of dotted.split('.')) {
    const m = /^([^[\]]+)((?:\[\])*)$/.exec(part);
    if (!m) throw new Error(`bad path ${dotted}`);
    node = node.properties?.[m[1]];
    if (!node) throw new Error(`schema has no property at ${dotted} (${m[1]})`);
    for (let depth = m[2].length / 2; depth > 0; depth--) {
      node = node.items;
      if (!node) throw new Error(`schema has no items at ${dotted}`);
    }
  }
  return node;
}

function acceptsNull(node) {
  return asTypeList(node.type).includes('null');
}

/**
 * Adds what the API server enforces in code to the node at `dotted`.
 * enum: the accepted strings; `null` is appended when the node's type accepts null and `nullMeansUnset` is true.
 */
function enrich(schema, dotted, { enumValues, nullMeansUnset = true, minimum, maximum, maxItems, comment }) {
  const node = nodeAt(schema, dotted);
  if (enumValues) {
    const values = [...enumValues];
    if (acceptsNull(node) && nullMeansUnset) values.push(null);
    if (node.enum) {
      const known = new Set(values);
      const extra = node.enum.filter((v) => !known.has(v));
      if (extra.length) throw new Error(`${dotted}: upstream enum has values ${JSON.stringify(extra)} not in ours; review`);
    }
    node.enum = values;
  }
  if (minimum !== undefined) node.minimum = minimum;
  if (maximum !== undefined) node.maximum = maximum;
  if (maxItems !== undefined) node.maxItems = maxItems;
  node.$comment = comment;
}

/**
 * Removes `default` values that the node itself rejects: an OpenAPI zero value like "" on an enum field, or
 * `default: {}` on metadata.creationTimestamp (a string; the OpenAPI default describes the Go struct Time).
 */
function dropContradictoryDefaults(node) {
  if (!node || typeof node !== 'object') return;
  if (node.default !== undefined) {
    const d = node.default;
    const badEnum = node.enum && !node.enum.includes(d);
    const badRange = typeof d === 'number' && ((node.minimum !== undefined && d < node.minimum) || (node.maximum !== undefined && d > node.maximum));
    const types = asTypeList(node.type);
    const badType = types.length > 0 && !types.includes(jsonType(d)) && !(jsonType(d) === 'integer' && types.includes('number'));
    if (badEnum || badRange || badType) delete node.default;
  }
  for (const child of Object.values(node.properties ?? {})) dropContradictoryDefaults(child);
  if (node.items) dropContradictoryDefaults(node.items);
  if (typeof node.additionalProperties === 'object') dropContradictoryDefaults(node.additionalProperties);
}

function jsonType(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** Recursively orders keys: KEY_ORDER first, then the rest alphabetically; `properties` maps alphabetically. */
function canonical(value, parentKey) {
  if (Array.isArray(value)) return value.map((v) => canonical(v, undefined));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (parentKey === 'properties') keys.sort();
  else {
    const rank = (k) => (KEY_ORDER.includes(k) ? KEY_ORDER.indexOf(k) : KEY_ORDER.length);
    keys.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  }
  const out = {};
  for (const k of keys) out[k] = canonical(value[k], k);
  return out;
}

function serialize(schema) {
  return JSON.stringify(canonical(schema, undefined), null, 2) + '\n';
}

// ---------------------------------------------------------------------------------------------------------------
// Inputs.

function readInput(dir, rel) {
  const file = path.join(dir, rel);
  if (!existsSync(file)) {
    throw new Error(
      `upstream input missing: ${file}\n` +
        'Set K8S_UPSTREAM_DIR to the directory holding kubernetes-json-schema/ and kubernetes-openapi-v3/ ' +
        '(default: ../shared/upstream relative to the repository root).',
    );
  }
  const bytes = readFileSync(file);
  return { text: bytes.toString('utf8'), sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Parses repository/path/commit/sha256 from a SOURCE.md (table rows `| commit | x |` or bullets `- Commit: x`). */
function parseSource(markdown, section) {
  let text = markdown;
  if (section) {
    const parts = markdown.split(/^# /m).filter(Boolean);
    const found = parts.find((p) => p.split('\n', 1)[0].trim() === section);
    if (!found) throw new Error(`SOURCE.md has no section "# ${section}"`);
    text = found;
  }
  const field = (name) => {
    const m =
      text.match(new RegExp(`^\\|\\s*${name}\\s*\\|\\s*([^|]+?)\\s*\\|`, 'im')) ??
      text.match(new RegExp(`^-\\s*${name}:\\s*(.+?)\\s*$`, 'im'));
    return m ? m[1] : undefined;
  };
  const repository = field('repository')?.replace(/\s*\(.*\)$/, '');
  const info = { repository, path: field('path'), commit: field('commit'), sha256: field('sha-?256') };
  for (const [k, v] of Object.entries(info)) if (!v) throw new Error(`SOURCE.md${section ? ` (${section})` : ''}: no ${k}`);
  if (!/^[0-9a-f]{40}$/.test(info.commit)) throw new Error(`SOURCE.md: bad commit ${info.commit}`);
  return info;
}

function checkSha(name, source, actual) {
  if (source.sha256 !== actual) {
    throw new Error(`${name}: sha256 ${actual} differs from the recorded ${source.sha256}; the upstream file changed`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Service.

const TARGET_PORT_DESCRIPTION =
  "Number or name of the port to access on the pods targeted by the service. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME. If this is a string, it will be looked up as a named port in the target Pod's container ports. If this is not specified, the value of the 'port' field is used (an identity map). This field is ignored for services with clusterIP=None, and should be omitted or set equal to the 'port' field. More info: https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service";

function buildService(upstream, src) {
  const ctx = { resolve: (ref, where) => { throw new Error(`${where}: unexpected $ref ${ref} in the Service schema`); }, refStack: [], where: 'Service' };
  const schema = transform(upstream, false, ctx);

  const tp = nodeAt(schema, 'spec.ports[].targetPort');
  if (tp.description === undefined) {
    tp.description = TARGET_PORT_DESCRIPTION;
  }

  const rules12 = `${RULES_DOC} 1.2`;
  enrich(schema, 'spec.type', {
    enumValues: ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName', ''],
    comment: `enum enforced by the API server in code (${rules12}: spec.type NotSupported); "" and null are defaulted to ClusterIP`,
  });
  enrich(schema, 'spec.ports[].protocol', {
    enumValues: ['TCP', 'UDP', 'SCTP', ''],
    comment: `enum enforced by the API server in code (${rules12}: spec.ports[i].protocol NotSupported, case-sensitive); "" and null are defaulted to TCP`,
  });
  enrich(schema, 'spec.sessionAffinity', {
    enumValues: ['ClientIP', 'None', ''],
    comment: `enum enforced by the API server in code (${rules12}: spec.sessionAffinity NotSupported); "" and null are defaulted to None`,
  });
  enrich(schema, 'spec.externalTrafficPolicy', {
    enumValues: ['Cluster', 'Local', ''],
    comment: `enum enforced by the API server in code (${rules12}: spec.externalTrafficPolicy NotSupported); "" and null mean unset (defaulted to Cluster when externally accessible)`,
  });
  enrich(schema, 'spec.internalTrafficPolicy', {
    enumValues: ['Cluster', 'Local'],
    comment: `enum enforced by the API server in code (${rules12}: spec.internalTrafficPolicy NotSupported); null is defaulted to Cluster, "" is rejected (pointer field)`,
  });
  enrich(schema, 'spec.ipFamilyPolicy', {
    enumValues: ['SingleStack', 'PreferDualStack', 'RequireDualStack'],
    comment: `enum enforced by the API server in code (${rules12}: spec.ipFamilyPolicy NotSupported); null means unset, "" is rejected (pointer field)`,
  });
  enrich(schema, 'spec.ipFamilies[]', {
    enumValues: ['IPv4', 'IPv6'],
    nullMeansUnset: false,
    comment: `enum enforced by the API server in code (${rules12}: spec.ipFamilies[i] NotSupported); a null item decodes to "" and is rejected`,
  });
  enrich(schema, 'spec.clusterIPs', {
    maxItems: 2,
    comment: `enforced by the API server in code (${rules12}: spec.clusterIPs "may only hold up to 2 values")`,
  });
  enrich(schema, 'spec.ports[].port', {
    minimum: 1,
    maximum: 65535,
    comment: `range enforced by the API server in code (${rules12}: spec.ports[i].port "must be between 1 and 65535, inclusive")`,
  });
  enrich(schema, 'spec.ports[].targetPort', {
    minimum: 0,
    maximum: 65535,
    comment: `int-or-string (one type keyword, no oneOf); the integer range is enforced by the API server in code (${rules12}: spec.ports[i].targetPort 1..65535; 0, "" and null are defaulted to port). minimum/maximum apply to numbers only; a string must be an IANA_SVC_NAME (checked in code, not here)`,
  });
  enrich(schema, 'spec.ports[].nodePort', {
    minimum: 0,
    maximum: 65535,
    comment: `0 or null means unset (allocated by the server when needed). The allocator enforces the cluster's --service-node-port-range (default 30000-32767) (${RULES_DOC} 1.4); only the port-number bound is schema-checked here`,
  });
  enrich(schema, 'spec.healthCheckNodePort', {
    minimum: 0,
    maximum: 65535,
    comment: `range enforced by the API server in code (${rules12}: spec.healthCheckNodePort 1..65535 when set); 0 or null means unset`,
  });

  dropContradictoryDefaults(schema);
  return finishRoot(schema, 'service', [
    `Service (v1), derived from ${src.repository}@${src.commit}:${src.path} by scripts/gen-schemas.mjs; do not edit.`,
    'int-or-string fields use type ["integer", "string"(, "null")]: compile with Ajv option allowUnionTypes: true.',
  ]);
}

// ---------------------------------------------------------------------------------------------------------------
// NetworkPolicy.

function buildNetworkPolicy(doc, src) {
  const components = doc?.components?.schemas;
  if (!components?.[NETWORKPOLICY_COMPONENT]) throw new Error(`OpenAPI document has no components.schemas["${NETWORKPOLICY_COMPONENT}"]`);
  const resolve = (ref, where) => {
    const m = /^#\/components\/schemas\/(.+)$/.exec(ref);
    const target = m && components[m[1].replace(/~1/g, '/').replace(/~0/g, '~')];
    if (!target) throw new Error(`${where}: cannot resolve $ref ${ref}`);
    return target;
  };
  const ctx = { resolve, refStack: [`#/components/schemas/${NETWORKPOLICY_COMPONENT}`], where: 'NetworkPolicy' };
  const schema = transform(components[NETWORKPOLICY_COMPONENT], false, ctx);

  // The tombstoned status (1.24-1.27) must not be accepted; the document used here never had it, keep it that way.
  if (schema.properties.status) delete schema.properties.status;

  // metadata.clusterName: still listed by this (pre-1.25) OpenAPI document, removed from ObjectMeta in Kubernetes 1.25
  // (kubernetes/kubernetes#109602); a 1.25+ server's strict decoding rejects it as an unknown field.
  const meta = nodeAt(schema, 'metadata');
  if (meta.properties.clusterName) {
    delete meta.properties.clusterName;
    meta.$comment = 'metadata.clusterName removed: listed by the source OpenAPI document but dropped from ObjectMeta in Kubernetes 1.25 (strict decoding rejects it)';
  }

  // spec.podSelector: marked required by this document, but the API server accepts a policy without it (a non-pointer
  // struct decoded as the empty selector = all pods; ValidateNetworkPolicy has no Required check), and upstream made
  // it optional in the OpenAPI too (kubernetes/kubernetes#131354). Not required here, so no false error.
  const spec = nodeAt(schema, 'spec');
  if (spec.required?.includes('podSelector')) {
    spec.required = spec.required.filter((r) => r !== 'podSelector');
    if (spec.required.length === 0) delete spec.required;
    spec.$comment = `podSelector is not required: the source document says required, the API server accepts it absent (empty selector = all pods; ${RULES_DOC} 2.1 lists no Required check) and kubernetes/kubernetes#131354 made it optional in the OpenAPI`;
    spec.properties.podSelector = { ...spec.properties.podSelector, type: withNull(spec.properties.podSelector.type) };
  }

  enrich(schema, 'apiVersion', {
    enumValues: ['networking.k8s.io/v1'],
    nullMeansUnset: false,
    comment: 'added like the kubeconform Service schema\'s apiVersion enum: this schema describes networking.k8s.io/v1 only',
  });
  enrich(schema, 'kind', {
    enumValues: ['NetworkPolicy'],
    nullMeansUnset: false,
    comment: 'added like the kubeconform Service schema\'s kind enum: this schema describes NetworkPolicy only',
  });
  const rules21 = `${RULES_DOC} 2.1`;
  enrich(schema, 'spec.policyTypes', {
    maxItems: 2,
    comment: `enforced by the API server in code (${rules21}: spec.policyTypes "may not specify more than two policyTypes")`,
  });
  enrich(schema, 'spec.policyTypes[]', {
    enumValues: ['Ingress', 'Egress'],
    nullMeansUnset: false,
    comment: `enum enforced by the API server in code (${rules21}: spec.policyTypes[i] NotSupported); a null item decodes to "" and is rejected`,
  });
  for (const [rules, peers] of [['ingress', 'from'], ['egress', 'to']]) {
    const ports = `spec.${rules}[].ports[]`;
    enrich(schema, `${ports}.protocol`, {
      enumValues: ['TCP', 'UDP', 'SCTP'],
      comment: `enum enforced by the API server in code (${rules21}: ports[j].protocol NotSupported); null is defaulted to TCP, "" is rejected (pointer field)`,
    });
    enrich(schema, `${ports}.port`, {
      minimum: 1,
      maximum: 65535,
      comment: `int-or-string (one type keyword, no oneOf); the integer range is enforced by the API server in code (${rules21}: ports[j].port 1..65535, an explicit 0 is invalid). minimum/maximum apply to numbers only; a string must be an IANA_SVC_NAME (checked in code, not here)`,
    });
    enrich(schema, `${ports}.endPort`, {
      minimum: 1,
      maximum: 65535,
      comment: `range enforced by the API server in code (${rules21}: ports[j].endPort 1..65535, >= port, only with a numeric port)`,
    });
    for (const selector of [`spec.${rules}[].${peers}[].podSelector`, `spec.${rules}[].${peers}[].namespaceSelector`]) {
      enrichOperator(schema, selector);
    }
  }
  enrichOperator(schema, 'spec.podSelector');

  dropContradictoryDefaults(schema);
  return finishRoot(schema, 'networkpolicy', [
    `NetworkPolicy (networking.k8s.io/v1), derived from ${src.repository}@${src.commit}:${src.path} (components.schemas["${NETWORKPOLICY_COMPONENT}"], every $ref inlined) by scripts/gen-schemas.mjs; do not edit.`,
    'int-or-string fields use type ["integer", "string"(, "null")]: compile with Ajv option allowUnionTypes: true.',
  ]);
}

function enrichOperator(schema, selector) {
  enrich(schema, `${selector}.matchExpressions[].operator`, {
    enumValues: ['In', 'NotIn', 'Exists', 'DoesNotExist'],
    nullMeansUnset: false,
    comment: `enum enforced by the API server in code (${RULES_DOC} 2.1: matchExpressions[i].operator "not a valid selector operator", case-sensitive)`,
  });
}

function finishRoot(schema, name, comments) {
  const root = {
    $schema: SCHEMA_DRAFT,
    $id: `${ID_BASE}${name}.schema.json`,
    $comment: comments.join(' '),
    ...schema,
  };
  if (root.type !== 'object' || root.additionalProperties !== false) throw new Error(`${name}: root must be a strict object`);
  return root;
}

// ---------------------------------------------------------------------------------------------------------------
// README.

function readme({ service, openapi, openapiVersion, serviceSchema, npSchema }) {
  const size = (s) => `${Buffer.byteLength(s)} bytes`;
  return `# schemas/

Generated by \`scripts/gen-schemas.mjs\` (\`npm run schemas\`); do not edit by hand. \`node scripts/gen-schemas.mjs --check\`
exits 1 when these files differ from what the script would write (the unit test \`test/unit/schemas.test.ts\` runs it).

| file | kind | size |
|---|---|---|
| \`service.schema.json\` | Service (v1) | ${size(serviceSchema)} |
| \`networkpolicy.schema.json\` | NetworkPolicy (networking.k8s.io/v1) | ${size(npSchema)} |

Both are draft-07 schemas for Ajv 8 (\`new Ajv({allErrors: true, strict: true, allowUnionTypes: true})\`; the last
option is required because int-or-string fields are \`"type": ["integer", "string"]\`, a union Ajv's strict mode
otherwise refuses).

The server and the CLI compile neither at run time: \`scripts/gen-validators.mjs\` (run by \`npm run schemas\` after
this script) precompiles both with Ajv's standalone code generation, with exactly the options \`schema/validate.ts\`
relies on (the ones above plus \`verbose: true\`, which puts \`schema\`, \`parentSchema\` and \`data\` on every error), into
\`server/src/core/schema/validators.generated.ts\`. The generated code reads the schemas it imports from this folder,
so each is bundled once. \`test/unit/schema-validators.test.ts\` fails when that module is stale (\`UPDATE_GOLDEN=1\`
rewrites it) and checks that it returns the very error objects a run-time compile returns.

## Sources

Read from \`$K8S_UPSTREAM_DIR\` (default \`../shared/upstream\` relative to the repository root; a relative value is
resolved against the repository root). The script refuses to run when an input's sha256 differs from the one its
SOURCE.md records.

| output | repository | path | commit | sha256 |
|---|---|---|---|---|
| \`service.schema.json\` | ${service.repository} | \`${service.path}\` | \`${service.commit}\` | \`${service.sha256}\` |
| \`networkpolicy.schema.json\` | ${openapi.repository} | \`${openapi.path}\` (\`components.schemas["${NETWORKPOLICY_COMPONENT}"]\`) | \`${openapi.commit}\` | \`${openapi.sha256}\` |

Enrichments come from \`${RULES_DOC}\` (what the API server enforces in Go code; read from
\`pkg/apis/core/validation/validation.go\` and \`pkg/apis/networking/validation/validation.go\`, ~v1.32-1.33).

## Kubernetes version

The target is Kubernetes ~v1.33 (the version \`${RULES_DOC}\` describes).

- The Service schema is yannh/kubernetes-json-schema \`master-standalone-strict\`, which tracks Kubernetes master
  (it has \`spec.trafficDistribution\`, added in v1.30, and \`status.loadBalancer.ingress[].ipMode\`).
- The OpenAPI document's \`info.version\` is \`${openapiVersion}\`. Its content is older than v1.33: it still lists
  \`metadata.clusterName\` (removed from ObjectMeta in v1.25) and describes \`endPort\` as beta, and it has no
  NetworkPolicy \`status\` (added in v1.24, tombstoned in v1.28), so it most likely predates v1.24. The NetworkPolicy shape has not
  changed since apart from \`clusterName\`, which is removed here (see below).

## What was changed, and why

Everything is mechanical except the edits listed under "Enrichments" and "Deviations", each of which carries a
\`$comment\` in the schema.

- \`$schema\` is draft-07, \`$id\` is \`${ID_BASE}<name>.schema.json\`; the root \`$comment\` names the source.
- Removed, because Ajv strict mode rejects them or they carry no validation: every \`x-kubernetes-*\` / \`x-*\` key,
  \`format\` (int32, int64, date-time, int-or-string, ...; ajv-formats is not used), \`nullable\`, nested \`$schema\`.
  Kept: \`description\` (hovers), \`default\` (hovers) except where it contradicts the node's own type, enum or range
  (the OpenAPI zero value \`""\` of \`policyTypes[]\` and \`matchExpressions[].operator\`, \`{}\` on the string
  \`metadata.creationTimestamp\`), \`required\`. The kubeconform Service schema carries no \`default\` at all.
- \`$ref\`s into \`#/components/schemas/...\` are inlined (sibling \`description\`/\`default\` of the referring property win);
  a single-member \`allOf\` is flattened the same way; a recursive \`$ref\` stops the script with an error.
- Strict objects: every object with declared \`properties\` has \`additionalProperties: false\` (\`kubectl
  --validate=strict\`). Maps keep a value schema: \`metadata.labels\`, \`metadata.annotations\`, Service
  \`spec.selector\`, every \`matchLabels\` have \`additionalProperties: {"type": ["string", "null"]}\`.
  \`metadata.managedFields[].fieldsV1\` (\`{"type": ["object", "null"]}\`, no properties) stays free-form, as upstream.
- int-or-string (Service \`spec.ports[].targetPort\`, NetworkPolicy \`ports[].port\`) is one keyword,
  \`"type": ["integer", "string", "null"]\`, never \`oneOf\`/\`anyOf\`, so a wrong value yields exactly one \`type\` error
  (the kubeconform \`oneOf\` also rejected \`null\`, which matched both branches). The integer range is added with
  \`minimum\`/\`maximum\`, which JSON Schema applies to numbers only. targetPort had no description upstream; it gets the
  Kubernetes API's own ServicePort.targetPort doc text.
- null: a YAML key without a value is \`null\`, which the API server treats as absent. The Service schema already allowed
  it; the NetworkPolicy schema follows the same convention: every property that is not \`required\`, every array item
  and every map value also accepts \`null\` (\`"type": [<type>, "null"]\`). Required properties do not (Service
  \`ports[].port\`, \`ownerReferences[].{apiVersion,kind,name,uid}\`, status fields; NetworkPolicy \`ipBlock.cidr\`,
  \`matchExpressions[].{key,operator}\`). Enums on nullable fields list \`null\` explicitly, since \`enum\` also applies to
  null; exceptions where the server rejects null: \`apiVersion\`/\`kind\` (as upstream), \`ipFamilies[]\`,
  \`policyTypes[]\` (a null item decodes to \`""\`).
- Output is deterministic: fixed key order, \`properties\` sorted by name, 2-space indent, trailing newline.

### Enrichments (enforced by the API server in code, absent upstream)

Service (${RULES_DOC} 1.2):

| path | added |
|---|---|
| \`spec.type\` | enum ClusterIP, NodePort, LoadBalancer, ExternalName, \`""\`, null (\`""\`/null defaulted to ClusterIP) |
| \`spec.ports[].protocol\` | enum TCP, UDP, SCTP, \`""\`, null (defaulted to TCP) |
| \`spec.sessionAffinity\` | enum ClientIP, None, \`""\`, null (defaulted to None) |
| \`spec.externalTrafficPolicy\` | enum Cluster, Local, \`""\`, null |
| \`spec.internalTrafficPolicy\` | enum Cluster, Local, null (\`""\` rejected: pointer field) |
| \`spec.ipFamilyPolicy\` | enum SingleStack, PreferDualStack, RequireDualStack, null |
| \`spec.ipFamilies[]\` | enum IPv4, IPv6 |
| \`spec.clusterIPs\` | maxItems 2 |
| \`spec.ports[].port\` | minimum 1, maximum 65535 |
| \`spec.ports[].targetPort\` | minimum 0, maximum 65535 (0 is defaulted to \`port\`) |
| \`spec.ports[].nodePort\` | minimum 0, maximum 65535 (0 = unset; the cluster's node-port range is checked by the allocator, not here) |
| \`spec.healthCheckNodePort\` | minimum 0, maximum 65535 (0 = unset) |

NetworkPolicy (${RULES_DOC} 2.1; every \`ingress[]\`/\`egress[]\` rule and peer):

| path | added |
|---|---|
| \`apiVersion\`, \`kind\` | enum \`networking.k8s.io/v1\`, \`NetworkPolicy\` (like the kubeconform Service schema) |
| \`spec.policyTypes\` | maxItems 2 |
| \`spec.policyTypes[]\` | enum Ingress, Egress |
| \`...ports[].protocol\` | enum TCP, UDP, SCTP, null (\`""\` rejected: pointer field) |
| \`...ports[].port\` | minimum 1, maximum 65535 (an explicit 0 is invalid) |
| \`...ports[].endPort\` | minimum 1, maximum 65535 |
| \`...matchExpressions[].operator\` | enum In, NotIn, Exists, DoesNotExist (every podSelector/namespaceSelector) |

Not expressed in the schemas (conditional or cross-field; left to code): IANA_SVC_NAME syntax of string ports,
\`sessionAffinityConfig.clientIP.timeoutSeconds\` 1..86400 (only checked when \`sessionAffinity: ClientIP\`; otherwise
the config is dropped), \`trafficDistribution\` values (feature-gate dependent), \`endPort >= port\`, name/label/CIDR/IP
syntax, every rule that depends on \`type\`.

### Deviations from the sources

- NetworkPolicy \`metadata.clusterName\` removed: the (pre-1.25) OpenAPI document lists it, Kubernetes 1.25 removed it
  (kubernetes/kubernetes#109602) and strict decoding now rejects it.
- NetworkPolicy \`spec.podSelector\` is not \`required\`: the document marks it required, but the API server accepts a
  policy without it (decoded as the empty selector = all pods) and kubernetes/kubernetes#131354 made it optional in the
  OpenAPI as well. IPBlock \`cidr\` and LabelSelectorRequirement \`key\`/\`operator\` stay required, as upstream.
- NetworkPolicy has no \`status\` (tombstoned since 1.28; the source document never had it).

## Regenerating

\`\`\`sh
npm run schemas                                   # reads ../shared/upstream
K8S_UPSTREAM_DIR=/path/to/upstream npm run schemas
node scripts/gen-schemas.mjs --check              # exit 1 if schemas/ is stale
node scripts/gen-validators.mjs [--check]         # only the precompiled validators (after a hand edit or an Ajv upgrade)
\`\`\`
`;
}

// ---------------------------------------------------------------------------------------------------------------

/** Computes every output file. Returns a map from repository-relative path to content. */
export function generate(dir = upstreamDir()) {
  const serviceSrc = parseSource(readInput(dir, SERVICE_SOURCE).text, 'service-v1.json');
  const openapiSrc = parseSource(readInput(dir, OPENAPI_SOURCE).text);
  const serviceIn = readInput(dir, SERVICE_INPUT);
  const openapiIn = readInput(dir, OPENAPI_INPUT);
  checkSha(SERVICE_INPUT, serviceSrc, serviceIn.sha256);
  checkSha(OPENAPI_INPUT, openapiSrc, openapiIn.sha256);
  if (!existsSync(path.join(dir, RULES_DOC))) throw new Error(`upstream input missing: ${path.join(dir, RULES_DOC)}`);

  const openapi = JSON.parse(openapiIn.text);
  const serviceSchema = serialize(buildService(JSON.parse(serviceIn.text), serviceSrc));
  const npSchema = serialize(buildNetworkPolicy(openapi, openapiSrc));
  return {
    'schemas/service.schema.json': serviceSchema,
    'schemas/networkpolicy.schema.json': npSchema,
    'schemas/README.md': readme({
      service: serviceSrc,
      openapi: openapiSrc,
      openapiVersion: openapi.info?.version ?? '(none)',
      serviceSchema,
      npSchema,
    }),
  };
}

function main(argv) {
  const check = argv.includes('--check');
  const unknown = argv.filter((a) => a !== '--check');
  if (unknown.length) {
    console.error(`gen-schemas: unknown argument(s) ${unknown.join(' ')}\nusage: node scripts/gen-schemas.mjs [--check]`);
    return 2;
  }
  const dir = upstreamDir();
  let files;
  try {
    files = generate(dir);
  } catch (err) {
    console.error(`gen-schemas: ${err.message}`);
    return 1;
  }
  if (check) {
    const stale = Object.entries(files).filter(([rel, content]) => {
      const file = path.join(repoRoot, rel);
      return !existsSync(file) || readFileSync(file, 'utf8') !== content;
    });
    if (stale.length) {
      console.error(`gen-schemas --check: out of date: ${stale.map(([rel]) => rel).join(', ')} (run npm run schemas)`);
      return 1;
    }
    console.log(`gen-schemas --check: ${Object.keys(files).length} files up to date (upstream: ${dir})`);
    return 0;
  }
  mkdirSync(path.join(repoRoot, 'schemas'), { recursive: true });
  for (const [rel, content] of Object.entries(files)) writeFileSync(path.join(repoRoot, rel), content);
  console.log(`gen-schemas: wrote ${Object.keys(files).join(', ')} (upstream: ${dir})`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
