// ValidateServiceClusterIPsRelatedFields: run twice by the server, first by the IP allocator (which stops the request
// with only these errors) and then by ValidateService. Shared by the rule that reports them and the allocation-stage
// rule that must stay silent while they exist.
import { explain, FieldProblem, invalid } from './field';
import { clusterIPsPath, ServiceView } from './defaults';
import { INVALID_IP, IP, parseIP } from './ip';

let last: { view: ServiceView; problems: FieldProblem[] } | undefined;

/** The problems of a Service's cluster IP fields, computed once per view (two rules ask, one after the other). */
export function clusterIPProblems(v: ServiceView): FieldProblem[] {
  if (last?.view !== v) last = { view: v, problems: compute(v) };
  return last.problems;
}

function compute(v: ServiceView): FieldProblem[] {
  // ExternalName Services may not set these fields at all; that is reported on its own.
  if (v.type === 'ExternalName') return [];
  const out: FieldProblem[] = [];
  const ips = v.clusterIPs;
  const list = (message: string) => out.push({ at: clusterIPsPath(v), on: 'key', message });
  if (v.clusterIP !== '' && v.clusterIPsWritten && ips[0] !== v.clusterIP) {
    list(explain(invalid('spec.clusterIPs', ips, 'first value must match `clusterIP`'), 'clusterIPs[0] is the primary cluster IP; keep it equal to clusterIP'));
  }
  if (v.clusterIP === '' && ips.length > 0) {
    list(explain(invalid('spec.clusterIPs', ips, 'must be empty when `clusterIP` is not specified'), 'set clusterIP to the first value as well'));
  }
  let bad = false;
  const parsed: Array<IP | undefined> = ips.map((ip, i) => {
    if (typeof ip !== 'string') {
      bad = true;
      return undefined;
    }
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) {
        bad = true;
        list(invalid('spec.clusterIPs', ips, "'None' must be the first and only value"));
      }
      return undefined;
    }
    const p = parseIP(ip);
    if (!p) {
      bad = true;
      out.push({ at: clusterIPsPath(v, i), on: 'value', message: invalid(`spec.clusterIPs[${i}]`, ip, INVALID_IP) });
    }
    return p;
  });
  // Like the server, stop before the family checks when an entry is already invalid: they would only add noise.
  if (bad) return out;
  if (ips.length === 2 && parsed[0] && parsed[1] && parsed[0].family === parsed[1].family) {
    list(explain(invalid('spec.clusterIPs', ips, 'may specify no more than one IP for each IP family'), 'a dual-stack Service has one IPv4 and one IPv6 address'));
  }
  if (v.headless) return out;
  parsed.forEach((p, i) => {
    const family = v.ipFamilies[i];
    if (!p || (family !== 'IPv4' && family !== 'IPv6')) return;
    if (p.family !== (family === 'IPv4' ? 4 : 6)) {
      out.push({
        at: clusterIPsPath(v, i),
        on: 'value',
        message: invalid(`spec.clusterIPs[${i}]`, ips[i], `expected an ${family} value as indicated by \`ipFamilies[${i}]\``),
      });
    }
  });
  return out;
}
