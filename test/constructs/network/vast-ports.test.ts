import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CLIENT_PROTOCOLS,
  INTERNAL_PORTS,
  MANAGEMENT_PORTS,
  PROTOCOL_PORTS,
  VAST_PORT_SOURCES,
  portBounds,
  portsOverlap,
  protocolPorts,
  renderPortTable,
} from '../../../constructs/network/vast-ports';

describe('the VAST port table', () => {
  it('gives NFS 111 and 2049 over both TCP and UDP', () => {
    expect(protocolPorts(['nfs'], 'Tcp')).toEqual(['111', '2049']);
    expect(protocolPorts(['nfs'], 'Udp')).toEqual(['111', '2049']);
  });

  it('keeps client ports apart from the internal cluster ports', () => {
    const client = CLIENT_PROTOCOLS.flatMap((p) => PROTOCOL_PORTS[p]);
    for (const c of client) {
      for (const i of INTERNAL_PORTS) expect(portsOverlap(c.port, i.port), `${c.port} vs ${i.port}`).toBe(false);
    }
  });

  it('names a known source for every row', () => {
    const rows = [...CLIENT_PROTOCOLS.flatMap((p) => PROTOCOL_PORTS[p]), ...MANAGEMENT_PORTS, ...INTERNAL_PORTS];
    for (const row of rows) expect(VAST_PORT_SOURCES[row.source]).toEqual(expect.any(String));
  });

  it('de-duplicates ports shared by protocols and keeps table order', () => {
    expect(protocolPorts(['s3', 'nfs'], 'Tcp')).toEqual(['111', '2049', '80', '443']);
  });

  it('reads a range and a single port', () => {
    expect(portBounds('4000-4001')).toEqual([4000, 4001]);
    expect(portBounds('22')).toEqual([22, 22]);
  });

  it('sees overlap between a range and a port inside it, and none outside', () => {
    expect(portsOverlap('4000-4001', '4001')).toBe(true);
    expect(portsOverlap('4000-4001', '4002')).toBe(false);
    expect(portsOverlap('*', '22')).toBe(true);
  });

  it('fails when a port is out of range or reversed', () => {
    expect(() => portBounds('70000')).toThrow('port must lie from 1 to 65535 with the low end first, got "70000"');
    expect(() => portBounds('10-5')).toThrow('got "10-5"');
    expect(() => portBounds('http')).toThrow('port must be a number or a range like 4000-4001, got "http"');
  });
});

describe('docs/access.md', () => {
  it('carries the port table exactly as the code renders it', () => {
    const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'access.md'), 'utf8');
    const body = /<!-- ports:begin -->\n([\s\S]*?)<!-- ports:end -->/.exec(doc)?.[1];
    expect(body).toBe(renderPortTable({ protocols: CLIENT_PROTOCOLS }));
  });
});
