// Just enough IP arithmetic to tell whether an ipBlock covers an address. Malformed input yields undefined.

function ipv4(s: string): bigint | undefined {
  const m = s.match(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/);
  if (!m) return undefined;
  let v = 0n;
  for (let i = 1; i <= 4; i++) {
    const n = Number(m[i]);
    if (n > 255) return undefined;
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

function ipv6(s: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || s.split('::').length > 2) return undefined;
  let tail4: bigint | undefined;
  let text = s;
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.')) {
    tail4 = ipv4(s.slice(lastColon + 1));
    if (tail4 === undefined) return undefined;
    text = s.slice(0, lastColon + 1) + '0:0';
  }
  const [head, rest] = text.split('::');
  const h = head ? head.split(':') : [];
  const r = rest !== undefined && rest ? rest.split(':') : [];
  const missing = 8 - h.length - r.length;
  if ((rest === undefined && missing !== 0) || missing < 0) return undefined;
  const groups = [...h, ...Array(rest === undefined ? 0 : missing).fill('0'), ...r];
  let v = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    v = (v << 16n) | BigInt(parseInt(g, 16));
  }
  return tail4 !== undefined ? (v & ~0xffffffffn) | tail4 : v;
}

export interface Ip {
  v6: boolean;
  value: bigint;
}

export function parseIp(s: string): Ip | undefined {
  const v4 = ipv4(s.trim());
  if (v4 !== undefined) return { v6: false, value: v4 };
  const v6 = ipv6(s.trim());
  return v6 !== undefined ? { v6: true, value: v6 } : undefined;
}

export interface Cidr {
  v6: boolean;
  value: bigint;
  prefix: number;
}

export function parseCidr(s: string): Cidr | undefined {
  const [ip, len, extra] = s.trim().split('/');
  if (extra !== undefined || len === undefined || !/^\d{1,3}$/.test(len)) return undefined;
  const a = parseIp(ip);
  const prefix = Number(len);
  if (!a || prefix > (a.v6 ? 128 : 32)) return undefined;
  return { v6: a.v6, value: a.value, prefix };
}

export function cidrContains(c: Cidr, ip: Ip): boolean {
  if (c.v6 !== ip.v6) return false;
  const bits = BigInt(c.v6 ? 128 : 32);
  const shift = bits - BigInt(c.prefix);
  return c.value >> shift === ip.value >> shift;
}
