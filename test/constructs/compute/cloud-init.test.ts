import { describe, expect, it } from 'vitest';
import { cloudInitCustomData, renderCloudInit } from '../../../constructs/compute/cloud-init';
import { L_SERIES_CATALOG } from '../../../constructs/compute/l-series-catalog';

const spec = L_SERIES_CATALOG['Standard_L96s_v4'];

function files(doc: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of doc.matchAll(/- path: (\S+)[\s\S]*?content: (\S+)/g)) {
    out[m[1]] = Buffer.from(m[2], 'base64').toString('utf8');
  }
  return out;
}

describe('cloud-init', () => {
  it('checks for exactly the NVMe disk count and minimum size of the catalog entry', () => {
    const prepare = files(renderCloudInit({ spec }))['/usr/local/sbin/vast-node-prepare'];
    expect(prepare).toContain('EXPECTED=12');
    expect(prepare).toContain(`MIN_BYTES=${Math.floor(1.92e12 * 0.95)}`);
    expect(prepare).toContain('Microsoft NVMe Direct Disk');
    expect(prepare).toMatch(/blkid -p "\$dev".*must be raw/);
    expect(prepare).toContain('touch "$STATE/ready"');
  });

  it('applies network tuning through sysctl', () => {
    const doc = renderCloudInit({ spec });
    expect(files(doc)['/etc/sysctl.d/90-vast-poc-network.conf']).toContain('net.core.rmem_max = 268435456');
    expect(doc).toContain('- [ sh, -c, "sysctl --system" ]');
  });

  it('runs the customer bootstrap only after the node checks pass', () => {
    const doc = renderCloudInit({ spec, bootstrapScript: '#!/bin/sh\necho vast\n' });
    expect(files(doc)['/usr/local/sbin/vast-bootstrap']).toBe('#!/bin/sh\necho vast\n');
    expect(doc).toContain('"/usr/local/sbin/vast-node-prepare && /usr/local/sbin/vast-bootstrap"');
  });

  it('is deterministic', () => {
    expect(cloudInitCustomData({ spec })).toBe(cloudInitCustomData({ spec }));
  });

  it('fails when the bootstrap script would exceed the custom data limit', () => {
    expect(() => cloudInitCustomData({ spec, bootstrapScript: 'x'.repeat(60_000) })).toThrow(
      /bootstrapScript must keep the node's custom data within 65536 bytes of base64, got \d+/,
    );
  });
});
