// IP and CIDR parsing as the API server does it for the "legacy" fields (clusterIPs, externalIPs,
// loadBalancerSourceRanges, ipBlock): k8s.io/utils/net ParseIPSloppy / ParseCIDRSloppy, which accept IPv4 octets
// with leading zeros (read as decimal) and IPv4-mapped IPv6. Addresses are kept as 16 bytes, IPv4 as ::ffff:a.b.c.d,
// like Go's net.IP, so family checks and containment work across both notations the way Go's do.

export interface IP {
  /** 16 bytes; IPv4 is stored IPv4-mapped. */
  bytes: number[];
  /** What Go's `ip.To4() != nil` says: an IPv4-mapped IPv6 address counts as IPv4. */
  family: 4 | 6;
  /** Written in dotted IPv4 notation (as opposed to IPv6 notation, even IPv4-mapped). */
  dotted: boolean;
}

export interface CIDR {
  ip: IP;
  /** The prefix length as written (0-32 for dotted IPv4, 0-128 otherwise). */
  prefix: number;
  /** The prefix length in the 16-byte representation. */
  prefix128: number;
}

const V4_MAPPED = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

function parseIPv4(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    // Sloppy parsing: leading zeros are allowed and read as decimal (never octal).
    if (!/^[0-9]{1,10}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

function parseIPv6(s: string): number[] | undefined {
  if (s.length > 64 || s.includes('%')) return undefined;
  let head = s;
  let tail = '';
  const dbl = s.indexOf('::');
  if (dbl >= 0) {
    head = s.slice(0, dbl);
    tail = s.slice(dbl + 2);
    if (tail.includes('::')) return undefined;
  }
  const groups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const items = part.split(':');
    for (let i = 0; i < items.length; i++) {
      const g = items[i];
      if (i === items.length - 1 && g.includes('.')) {
        const v4 = parseIPv4(g);
        if (!v4) return undefined;
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
        out.push(parseInt(g, 16));
      }
    }
    return out;
  };
  const h = groups(head);
  const t = groups(tail);
  if (!h || !t) return undefined;
  // An embedded IPv4 address is only allowed at the very end.
  if (dbl >= 0 && head.includes('.')) return undefined;
  let words: number[];
  if (dbl >= 0) {
    if (h.length + t.length > 7) return undefined;
    words = [...h, ...new Array(8 - h.length - t.length).fill(0), ...t];
  } else {
    if (h.length !== 8) return undefined;
    words = h;
  }
  return words.flatMap((w) => [w >> 8, w & 0xff]);
}

// Manifests repeat the same few addresses and ranges, and several rules read each one: parse each string once.
// The cache is bounded, and the parsed values are never mutated by callers.
const ipCache = new Map<string, IP | undefined>();
const cidrCache = new Map<string, CIDR | undefined>();
const CACHE_LIMIT = 4096;

function cached<T>(cache: Map<string, T | undefined>, key: string, parse: (s: string) => T | undefined): T | undefined {
  if (cache.has(key)) return cache.get(key);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  const value = parse(key);
  cache.set(key, value);
  return value;
}

export function parseIP(s: string): IP | undefined {
  return cached(ipCache, s, parseIPUncached);
}

export function parseCIDR(s: string): CIDR | undefined {
  return cached(cidrCache, s, parseCIDRUncached);
}

function parseIPUncached(s: string): IP | undefined {
  const v4 = parseIPv4(s);
  if (v4) return { bytes: [...V4_MAPPED, ...v4], family: 4, dotted: true };
  if (!s.includes(':')) return undefined;
  const v6 = parseIPv6(s);
  if (!v6) return undefined;
  const mapped = V4_MAPPED.every((b, i) => v6[i] === b);
  return { bytes: v6, family: mapped ? 4 : 6, dotted: false };
}

function parseCIDRUncached(s: string): CIDR | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIP(s.slice(0, slash));
  const mask = s.slice(slash + 1);
  if (!ip || !/^[0-9]{1,10}$/.test(mask)) return undefined;
  const prefix = Number(mask);
  const bits = ip.dotted ? 32 : 128;
  if (prefix > bits) return undefined;
  return { ip, prefix, prefix128: ip.dotted ? prefix + 96 : prefix };
}

function samePrefix(a: number[], b: number[], bits: number): boolean {
  for (let i = 0; i < 16 && bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((a[i] & mask) !== (b[i] & mask)) return false;
  }
  return true;
}

/**
 * ValidateIPBlock's test: `except` must lie inside `cidr` and have a longer prefix (an equal range is not a strict
 * subset). Different families never contain each other.
 */
export function isStrictSubset(inner: CIDR, outer: CIDR): boolean {
  return cidrContains(outer, inner.ip) && outer.prefix < inner.prefix;
}

/** Whether `ip` lies in the range `c` (Go's IPNet.Contains: never across families). */
export function cidrContains(c: CIDR, ip: IP): boolean {
  return c.ip.family === ip.family && samePrefix(c.ip.bytes, ip.bytes, c.prefix128);
}

/** Whether bits beyond the prefix are set (`10.0.0.1/8`): the server warns, and rejects under StrictIPCIDRValidation. */
export function hasHostBits(c: CIDR): boolean {
  const b = c.ip.bytes;
  for (let i = 0; i < 16; i++) {
    const keep = Math.max(0, Math.min(8, c.prefix128 - i * 8));
    const mask = keep === 8 ? 0xff : (0xff << (8 - keep)) & 0xff;
    if ((b[i] & ~mask & 0xff) !== 0) return true;
  }
  return false;
}

/** ValidateNonSpecialIP (externalIPs): the messages for addresses a node can never own. */
export function specialIPProblem(ip: IP, written: string): string | undefined {
  const b = ip.bytes;
  const v4 = ip.family === 4 ? b.slice(12) : undefined;
  if (v4 ? v4.every((x) => x === 0) : b.every((x) => x === 0)) return `may not be unspecified (${written})`;
  if (v4 ? v4[0] === 127 : b.slice(0, 15).every((x) => x === 0) && b[15] === 1) return 'may not be in the loopback range (127.0.0.0/8, ::1/128)';
  if (v4 ? v4[0] === 169 && v4[1] === 254 : b[0] === 0xfe && (b[1] & 0xc0) === 0x80) {
    return 'may not be in the link-local range (169.254.0.0/16, fe80::/10)';
  }
  if (v4 ? v4[0] === 224 && v4[1] === 0 && v4[2] === 0 : b[0] === 0xff && (b[1] & 0x0f) === 0x02) {
    return 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)';
  }
  return undefined;
}

export const INVALID_IP = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
export const INVALID_CIDR = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

/** Go's net.IP.String(): dotted IPv4 (also for IPv4-mapped), RFC 5952 IPv6 with the longest zero run as `::`. */
export function formatIP(bytes: number[], family: 4 | 6): string {
  if (family === 4) return bytes.slice(12).join('.');
  const words = Array.from({ length: 8 }, (_, i) => (bytes[2 * i] << 8) | bytes[2 * i + 1]);
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  const hex = (ws: number[]) => ws.map((w) => w.toString(16)).join(':');
  return best < 0 ? hex(words) : `${hex(words.slice(0, best))}::${hex(words.slice(best + bestLen))}`;
}

/** The range's own network address and prefix (`10.0.0.0/8` for `10.0.0.1/8`). */
export function maskedCIDR(c: CIDR): string {
  const bytes = c.ip.bytes.map((b, i) => {
    const keep = Math.max(0, Math.min(8, c.prefix128 - i * 8));
    return b & (keep === 8 ? 0xff : (0xff << (8 - keep)) & 0xff);
  });
  return `${formatIP(bytes, c.ip.dotted ? 4 : 6)}/${c.prefix}`;
}

const LEADING_ZERO = /(^|[.:])0[0-9]/;

/**
 * What StrictIPCIDRValidation (KEP-4858) rejects in a value the sloppy parser accepts; with the gate off (the default)
 * the server accepts the value and returns a warning. `value` must already parse with parseIP.
 */
export function strictIPProblems(value: string): string[] {
  const ip = parseIP(value);
  if (!ip) return [];
  const out: string[] = [];
  // Only dotted quads can carry leading zeros (IPv6 hex groups are fine, e.g. `2001:0db8::`).
  const dotted = value.slice(value.lastIndexOf(':') + 1);
  if (dotted.includes('.') && LEADING_ZERO.test(dotted)) out.push('must not have leading 0s');
  if (!ip.dotted && ip.family === 4) out.push('must not be an IPv4-mapped IPv6 address');
  return out;
}

/** strictIPProblems for a CIDR, plus a prefix length with leading zeros and host bits set beyond the prefix. */
export function strictCIDRProblems(value: string): string[] {
  const c = parseCIDR(value);
  if (!c) return [];
  const slash = value.indexOf('/');
  const out = strictIPProblems(value.slice(0, slash)).map((m) => (m === 'must not have leading 0s' ? 'must not have leading 0s in IP or prefix length' : m));
  if (/^0[0-9]/.test(value.slice(slash + 1)) && !out.some((m) => m.includes('leading 0s'))) out.push('must not have leading 0s in IP or prefix length');
  if (hasHostBits(c)) out.push(`must not have bits set beyond the prefix length (did you mean "${maskedCIDR(c)}"?)`);
  return out;
}
