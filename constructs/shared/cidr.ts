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

const CIDR_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,3})$/;

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
  // "010" is 10 to some parsers and 8 (octal) to others: only the canonical spelling is emitted.
  if (m.slice(1, 6).some((part) => part.length > 1 && part.startsWith('0'))) {
    return { error: `has a leading zero in an octet or the prefix (write ${octets.join('.')}/${prefix})` };
  }
  const address = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  const size = 2 ** (32 - prefix);
  const network = prefix === 0 ? 0 : (address & (0xffffffff << (32 - prefix))) >>> 0;
  if (network !== address) {
    return { error: `has host bits set (the network address is ${formatAddress(network)}/${prefix})` };
  }
  return { text, network, prefix, size };
}

/**
 * Ranges Azure refuses in a virtual network's address space (Azure Virtual Network FAQ, "Are there any restrictions
 * on using IP addresses within these subnets?" / "What address ranges can I use in my virtual networks?").
 */
export const AZURE_RESERVED_RANGES: ReadonlyArray<{ readonly cidr: string; readonly label: string }> = [
  { cidr: '224.0.0.0/4', label: 'multicast 224.0.0.0/4' },
  { cidr: '255.255.255.255/32', label: 'broadcast 255.255.255.255/32' },
  { cidr: '127.0.0.0/8', label: 'loopback 127.0.0.0/8' },
  { cidr: '169.254.0.0/16', label: 'link-local 169.254.0.0/16' },
  { cidr: '168.63.129.16/32', label: '168.63.129.16/32 (Azure DNS, DHCP and health probes)' },
];

/** Addresses Azure takes in every subnet: network, gateway, two for DNS, and broadcast. */
export const AZURE_SUBNET_RESERVED_ADDRESSES = 5;

/** The labels of the Azure-reserved ranges a block overlaps (empty when none). */
export function reservedOverlaps(block: Cidr): string[] {
  return AZURE_RESERVED_RANGES.filter((r) => overlaps(block, parseCidr(r.cidr) as Cidr)).map((r) => r.label);
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
