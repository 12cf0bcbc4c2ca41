/** IPv4 CIDR arithmetic for profile validation: parsing, containment and overlap. */

/** A parsed IPv4 CIDR block. */
export interface Cidr {
  /** The text as written. */
  readonly text: string;
  /** The network address as an unsigned 32-bit number. */
  readonly network: number;
  /** Prefix length, 0 to 32. */
  readonly prefix: number;
  /** Number of addresses in the block. */
  readonly size: number;
}

const CIDR_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/**
 * Parses `a.b.c.d/n`. Returns an explanation instead of a block when the text is not a canonical IPv4 CIDR
 * (octets 0–255, prefix 0–32, no host bits set).
 */
export function parseCidr(text: string): Cidr | { readonly error: string } {
  const m = CIDR_RE.exec(text);
  if (!m) return { error: 'is not an IPv4 CIDR block like 10.0.0.0/16' };
  const octets = m.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) return { error: 'has an octet above 255' };
  const prefix = Number(m[5]);
  if (prefix > 32) return { error: 'has a prefix length above 32' };
  const address = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  const size = 2 ** (32 - prefix);
  const network = prefix === 0 ? 0 : (address & (0xffffffff << (32 - prefix))) >>> 0;
  if (network !== address) {
    return { error: `has host bits set (the network address is ${formatAddress(network)}/${prefix})` };
  }
  return { text, network, prefix, size };
}

/** Whether `inner` lies wholly inside `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
  return inner.network >= outer.network && inner.network + inner.size <= outer.network + outer.size;
}

/** Whether two blocks share any address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.network < b.network + b.size && b.network < a.network + a.size;
}

function formatAddress(n: number): string {
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
}
