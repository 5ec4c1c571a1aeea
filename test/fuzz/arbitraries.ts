// fast-check arbitraries for editing YAML manifests the way people (and broken tools) do.
import fc from 'fast-check';
import { samples } from './corpus';

/** Fragments that make the parser and the rules take interesting paths. */
export const SNIPPETS = [
  'apiVersion: v1\n', 'apiVersion: networking.k8s.io/v1\n', 'kind: Service\n', 'kind: NetworkPolicy\n', 'metadata:\n  name: web\n',
  'spec:\n', '  ports:\n', '  - port: 80\n', '    targetPort: http\n', '    nodePort: 30000\n', '    protocol: tcp\n', '  type: NodePort\n',
  '  type: clusterip\n', '  selector:\n    app: web\n', '  podSelector: {}\n', '  policyTypes: [Egress]\n', '  egress:\n  - to:\n    - namespaceSelector: {}\n',
  '  ingress:\n  - from:\n    - ipBlock:\n        cidr: 10.0.0.0/8\n', '    ports:\n    - port: 53\n      protocol: UDP\n', '  clusterIP: None\n',
  '---\n', '--- ', '...\n', '%YAML 1.1\n', '#', '# k8s-network-lens-disable-next-line\n', '# k8s-network-lens-disable schema-enum\n',
  '&a ', '*a', '<<: *a\n', '!!binary ', '!foo ', '!!str ', '? ', ': ', '- ', '-', ':', '{', '}', '[', ']', ',', '"', "'", '|', '>', '|-\n', '\\',
  'on', 'yes', 'no', 'off', '0x1F', '0755', '1e3', '~', 'null', '80', '65536', '-1', 'http', '"80"', "'x'", 'poarts:', 'containerPort: 80',
  '{{ .Values.port }}', '{{', '}}', '\t', ' ', '  ', '    ', '\n', '\r\n', '\r',
];

/** Characters that break naive code: NUL, lone surrogates, BOM, odd line separators, astral characters. */
export const HOSTILE = ['\u0000', '\uD800', '\uDC00', '\uDFFF\uD800', '\uFEFF', '\u2028', '\u2029', '\u0085', '\r', '\r\n', '\t', '\u00A0', '😀', '\u200B', '\x7F', '\x1B[31m'];

export const snippet = fc.constantFrom(...SNIPPETS);

/** Pieces of hostile files (see hostile.test.ts), small enough to paste many times: nesting, alias tricks, long runs. */
export const HOSTILE_PASTES = [
  '['.repeat(300),
  ']'.repeat(300),
  '{a: '.repeat(300),
  '- '.repeat(300),
  ' '.repeat(2000),
  'a: &a [1,2,3,4,5,6,7,8,9]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n',
  'x: &s\n  y: *s\n',
  '<<: [*a, *b]\n',
  `# k8s-network-lens-disable ${'a'.repeat(200)}!\n`,
  `key: ${'x'.repeat(5000)}\n`,
  '!!binary aGVsbG8=\n',
  '\uFEFF---\n',
];

/** Text to insert: typed YAML, a paste of another manifest (whole or a slice), random characters or hostile ones. */
export const payload: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.array(snippet, { minLength: 1, maxLength: 6 }).map((a) => a.join('')) },
  { weight: 2, arbitrary: fc.constant('') },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.nat(), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })).map(([i, a, b]) => {
      const all = samples();
      const t = all[i % all.length].text;
      if (a < 0.3) return t;
      const s = Math.floor(Math.min(a, b) * t.length);
      const e = Math.floor(Math.max(a, b) * t.length);
      return t.slice(s, e);
    }),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...HOSTILE, ...SNIPPETS), { minLength: 1, maxLength: 8 }).map((a) => a.join('')) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b).toString('latin1')) },
  { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_PASTES) },
);

/** A starting text: a corpus or fixture file, or nothing. */
export const baseText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.nat().map((i) => samples()[i % samples().length].text) },
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: payload },
);

/** One edit, placed relative to whatever the text is when it is applied. */
export interface EditOp {
  /** Where the edit starts, as a fraction of the text length. */
  at: number;
  /** How many characters it replaces (0 = pure insertion). */
  remove: number;
  text: string;
  /** Replace the whole text instead (a full-document sync, e.g. after a reload). */
  full: boolean;
  /** Apply the first offered code action instead, when there is one. */
  applyFix: boolean;
}

export const editOp: fc.Arbitrary<EditOp> = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  remove: fc.oneof(fc.constant(0), fc.nat({ max: 8 }), fc.nat({ max: 400 })),
  text: payload,
  full: fc.nat({ max: 19 }).map((n) => n === 0),
  applyFix: fc.nat({ max: 9 }).map((n) => n === 0),
});

/** Where to put an edit of `op` in a text of `length` characters. */
export function placeEdit(op: EditOp, length: number): { start: number; end: number } {
  const start = Math.min(length, Math.floor(op.at * (length + 1)));
  return { start, end: Math.min(length, start + op.remove) };
}

/** Applies `op` to a plain string (for the pure-core fuzzer). */
export function applyOp(text: string, op: EditOp): string {
  if (op.full) return op.text;
  const { start, end } = placeEdit(op, text.length);
  return text.slice(0, start) + op.text + text.slice(end);
}
