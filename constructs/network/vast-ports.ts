/**
 * VAST's network ports: the one table the node NSG rules, the policy pack, `docs/access.md` and the handoff README
 * read. Nothing else in the repository writes a VAST port number.
 *
 * Sources (VAST knowledge base, read through the stored-page search on 2026-12-02; only the first part of each page
 * was readable there):
 *
 * - "VoC Firewall rules Prerequisites" (https://kb.vastdata.com/docs/voc-firewall-rules-prerequisites), section
 *   "TCP Inbound/Outbound Rules": 22 SSH; 80, 443 web management and API; 111, 2049 RPC portmapper and NFS;
 *   389, 636 LDAP/LDAPS; 445 SMB; 3128 call-home proxy; 3268, 3269 Global Catalog; 4000-4001 and 4100-4101 DNode
 *   internal; 4200-4201 CNode internal; 4420, 4520 SPDK targets; 5000 Docker registry; 5200-5201 CNode dataenv;
 *   5551 VMS monitor; 6000-6001 leader. The rest of the TCP list and the page's UDP section could not be read.
 * - "Required Network Ports – VAST on Cloud" (https://kb.vastdata.com/docs/required-network-ports-vast-on-cloud):
 *   three groups — protocol and access ports (ingress from clients and administrators), internal cluster ports
 *   (local to the private cluster subnet only, never exposed outside the cluster), replication ports (ingress and
 *   egress at the cluster level). Its port tables could not be read.
 *
 * Not confirmed from VAST's pages, and therefore not opened: the NFSv3 side-band services (mountd, NLM, NSM/statd)
 * and their ports, the replication port numbers, and which UDP ports VAST needs. UDP on 111 and 2049 follows the
 * NFS standard (RFC 1833 portmapper, RFC 1813/7530 NFS on 2049) and the issue; the block (NVMe/TCP) port 4420 is
 * the IANA NVMe-oF port, listed by VAST as an SPDK target and by OpenStack's VAST Cinder driver as the data-network
 * port for NVMe connections.
 */

/** The transport an NSG rule matches. */
export type Transport = 'Tcp' | 'Udp';

/** One row of the table: a port or range on one transport, and what it is for. */
export interface VastPort {
  /** A port (`"2049"`) or an inclusive range (`"4000-4001"`), as an NSG rule writes it. */
  readonly port: string;
  /** The transport. */
  readonly transport: Transport;
  /** The service VAST names for the port. */
  readonly service: string;
  /** Where the fact comes from (a key of {@link VAST_PORT_SOURCES}). */
  readonly source: PortSource;
}

/** Where a port fact comes from. */
export type PortSource = 'voc-firewall' | 'standard' | 'nvme-of';

/** The documents behind {@link VastPort.source}. */
export const VAST_PORT_SOURCES: Readonly<Record<PortSource, string>> = {
  'voc-firewall':
    'VAST knowledge base, "VoC Firewall rules Prerequisites", TCP Inbound/Outbound Rules (https://kb.vastdata.com/docs/voc-firewall-rules-prerequisites)',
  standard: 'the protocol standard (portmapper RFC 1833, NFS RFC 1813 and RFC 7530 on 2049 over TCP and UDP)',
  'nvme-of':
    "IANA NVMe-oF port 4420; VAST lists 4420 as an SPDK target, OpenStack's VAST Cinder driver as the data-network port for NVMe connections",
};

/** The client protocols a cluster can offer. */
export const CLIENT_PROTOCOLS = ['nfs', 'smb', 's3', 'block'] as const;
/** A client protocol. */
export type ClientProtocol = (typeof CLIENT_PROTOCOLS)[number];
/** The protocols offered when a profile names none. */
export const DEFAULT_CLIENT_PROTOCOLS: readonly ClientProtocol[] = ['nfs'];

/** Ports each client protocol needs, open from the client CIDRs to the node subnet. */
export const PROTOCOL_PORTS: Readonly<Record<ClientProtocol, readonly VastPort[]>> = {
  nfs: [
    { port: '111', transport: 'Tcp', service: 'RPC portmapper', source: 'voc-firewall' },
    { port: '2049', transport: 'Tcp', service: 'NFS', source: 'voc-firewall' },
    { port: '111', transport: 'Udp', service: 'RPC portmapper', source: 'standard' },
    { port: '2049', transport: 'Udp', service: 'NFS', source: 'standard' },
  ],
  smb: [{ port: '445', transport: 'Tcp', service: 'SMB', source: 'voc-firewall' }],
  s3: [
    { port: '80', transport: 'Tcp', service: 'S3 over HTTP', source: 'voc-firewall' },
    { port: '443', transport: 'Tcp', service: 'S3 over HTTPS', source: 'voc-firewall' },
  ],
  block: [{ port: '4420', transport: 'Tcp', service: 'NVMe/TCP (block)', source: 'nvme-of' }],
};

/** Ports administrators use: open from the admin CIDRs only. */
export const MANAGEMENT_PORTS: readonly VastPort[] = [
  { port: '22', transport: 'Tcp', service: 'SSH', source: 'voc-firewall' },
  { port: '443', transport: 'Tcp', service: 'VMS web UI and REST API', source: 'voc-firewall' },
];

/**
 * Internal cluster ports as far as VAST's list could be read: they must stay inside the cluster subnet. The node NSG
 * allows every port between hosts of the node subnet (the list is incomplete, so a port-by-port rule could break
 * the cluster); these rows are what the policy pack refuses to see opened from anywhere else.
 */
export const INTERNAL_PORTS: readonly VastPort[] = [
  { port: '4000-4001', transport: 'Tcp', service: 'DNode internal', source: 'voc-firewall' },
  { port: '4100-4101', transport: 'Tcp', service: 'DNode internal', source: 'voc-firewall' },
  { port: '4200-4201', transport: 'Tcp', service: 'CNode internal', source: 'voc-firewall' },
  { port: '4520', transport: 'Tcp', service: 'SPDK target', source: 'voc-firewall' },
  { port: '5000', transport: 'Tcp', service: 'Docker registry', source: 'voc-firewall' },
  { port: '5200-5201', transport: 'Tcp', service: 'CNode dataenv', source: 'voc-firewall' },
  { port: '5551', transport: 'Tcp', service: 'VMS monitor', source: 'voc-firewall' },
  { port: '6000-6001', transport: 'Tcp', service: 'Leader', source: 'voc-firewall' },
];

/**
 * Outbound services VAST lists (the NSG allows outbound by default: to the VNet, peered networks and, through the
 * NAT gateway, the internet). Recorded for the docs; no rule is written for them.
 */
export const OUTBOUND_PORTS: readonly VastPort[] = [
  { port: '389', transport: 'Tcp', service: 'LDAP', source: 'voc-firewall' },
  { port: '636', transport: 'Tcp', service: 'LDAPS', source: 'voc-firewall' },
  { port: '3268-3269', transport: 'Tcp', service: 'Global Catalog', source: 'voc-firewall' },
  { port: '3128', transport: 'Tcp', service: 'Call-home proxy', source: 'voc-firewall' },
];

/** The inclusive bounds of a port or range as written in the table. */
export function portBounds(port: string): [number, number] {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(port);
  if (!m) throw new Error(`port must be a number or a range like 4000-4001, got "${port}"`);
  const low = Number(m[1]);
  const high = m[2] === undefined ? low : Number(m[2]);
  if (low < 1 || high > 65535 || high < low) {
    throw new Error(`port must lie from 1 to 65535 with the low end first, got "${port}"`);
  }
  return [low, high];
}

/** Whether two ports or ranges (NSG syntax, or `*`) share a port. */
export function portsOverlap(a: string, b: string): boolean {
  if (a === '*' || b === '*') return true;
  const [al, ah] = portBounds(a);
  const [bl, bh] = portBounds(b);
  return al <= bh && bl <= ah;
}

/** The ports of a set of protocols on one transport, de-duplicated, in table order. */
export function protocolPorts(protocols: readonly ClientProtocol[], transport: Transport): string[] {
  const out: string[] = [];
  for (const p of CLIENT_PROTOCOLS) {
    if (!protocols.includes(p)) continue;
    for (const row of PROTOCOL_PORTS[p]) {
      if (row.transport === transport && !out.includes(row.port)) out.push(row.port);
    }
  }
  return out;
}

/** Options of {@link renderPortTable}. */
export interface PortTableOptions {
  /** The protocols the cluster offers (rows of the others are marked "not offered"). */
  readonly protocols: readonly ClientProtocol[];
}

/**
 * The port table as Markdown: every row, what it is for, from where the node NSG opens it, and its source. The
 * handoff README and `docs/access.md` print this, so neither can drift from the rules.
 */
export function renderPortTable(options: PortTableOptions): string {
  const lines = ['| port | transport | service | open from | source |', '|---|---|---|---|---|'];
  const row = (p: VastPort, from: string) =>
    lines.push(`| ${p.port} | ${p.transport.toUpperCase()} | ${p.service} | ${from} | ${p.source} |`);
  for (const protocol of CLIENT_PROTOCOLS) {
    const offered = options.protocols.includes(protocol);
    for (const p of PROTOCOL_PORTS[protocol]) {
      row(p, offered ? `client CIDRs and client subnet (${protocol})` : `not offered (${protocol})`);
    }
  }
  for (const p of MANAGEMENT_PORTS) row(p, 'admin CIDRs');
  for (const p of INTERNAL_PORTS) row(p, 'node subnet only');
  for (const p of OUTBOUND_PORTS) row(p, 'outbound from the nodes (allowed by default)');
  lines.push('', 'Sources:', '');
  for (const [key, text] of Object.entries(VAST_PORT_SOURCES)) lines.push(`- \`${key}\`: ${text}`);
  return `${lines.join('\n')}\n`;
}
