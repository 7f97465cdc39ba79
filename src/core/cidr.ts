// Network membership for trusted-network lists: IPv4 and IPv6 CIDRs; an IPv4 address written IPv4-mapped
// (::ffff:10.0.0.5, as dual-stack servers log it) is the same address as 10.0.0.5.

/** An address as a 128-bit number (IPv4 as ::ffff:a.b.c.d). */
type Addr = bigint;

const V4_MAPPED = 0xffffn << 32n;

function parseV4(s: string): bigint | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  let n = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    n = (n << 8n) | BigInt(Number(p));
  }
  return n;
}

/** Parses an IPv4 or IPv6 address (zone index and brackets ignored); null when it is not one. */
export function parseAddress(input: string): Addr | null {
  let s = input.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const pct = s.indexOf('%');
  if (pct >= 0) s = s.slice(0, pct);
  if (!s.includes(':')) {
    const v4 = parseV4(s);
    return v4 === null ? null : V4_MAPPED | v4;
  }
  // IPv6: an embedded IPv4 tail becomes two groups.
  let tail: bigint | null = null;
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    tail = parseV4(s.slice(lastColon + 1));
    if (tail === null) return null;
    s = `${s.slice(0, lastColon + 1)}${(tail >> 16n).toString(16)}:${(tail & 0xffffn).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  let n = 0n;
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    n = (n << 16n) | BigInt(Number.parseInt(g, 16));
  }
  return n;
}

/** A compiled network: address bits under the mask. */
interface Net {
  base: Addr;
  mask: Addr;
}

const ALL = (1n << 128n) - 1n;

/** Parses `10.0.0.0/8`, `2001:db8::/32` or a single address; throws with the reason when it is not one. */
export function parseCidr(input: string): Net {
  const [addr, bits, extra] = input.trim().split('/');
  const a = addr === undefined ? null : parseAddress(addr);
  if (a === null || extra !== undefined) throw new Error(`'${input}' is not an address or network (10.0.0.0/8, 2001:db8::/32)`);
  const v4 = !addr!.includes(':');
  const max = v4 ? 32 : 128;
  const n = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
  if (!(n >= 0 && n <= max)) throw new Error(`'${input}': the prefix length must be 0 to ${max}`);
  const len = BigInt(v4 ? n + 96 : n);
  const mask = len === 0n ? 0n : (ALL << (128n - len)) & ALL;
  return { base: a & mask, mask };
}

/** A test "is this address inside one of these networks" (a value that is no address is outside all). */
export function compileNetworks(cidrs: readonly string[]): (value: string) => boolean {
  const nets = cidrs.map(parseCidr);
  const memo = new Map<string, boolean>();
  return (value) => {
    let r = memo.get(value);
    if (r === undefined) {
      const a = parseAddress(value);
      r = a !== null && nets.some((n) => (a & n.mask) === n.base);
      // Addresses repeat (a client logs on all day): remember answers, but not without bound.
      if (memo.size > 10_000) memo.clear();
      memo.set(value, r);
    }
    return r;
  };
}
