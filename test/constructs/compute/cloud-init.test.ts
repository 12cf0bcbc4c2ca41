import { describe, expect, it } from 'vitest';
import {
  cloudInitCustomData,
  CUSTOM_DATA_MAX_BASE64,
  CustomDataTooLargeError,
  renderCloudInit,
} from '../../../constructs/compute/cloud-init';
import { L_SERIES_CATALOG } from '../../../constructs/compute/l-series-catalog';
import { findSecrets } from '../../../constructs/shared/secrets';

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

  it('passes the secret and workstation-path scan, encoded and decoded, with every watcher option set', () => {
    // GIVEN the cloud-init with the watcher configured (approval, hook, poll interval)
    const doc = renderCloudInit({
      spec,
      scheduledEvents: {
        autoApprove: ['Freeze', 'Reboot'],
        hook: ['/opt/vast/bin/on-maintenance', '--notify'],
        pollSeconds: 5,
      },
    });
    // WHEN the scanner the bundle and the bootstrap check use reads it, and every embedded file decoded
    const decoded = Object.values(files(doc)).join('\n');
    // THEN it finds nothing (the watcher itself must never make a clean profile fail the scan)
    expect(Object.keys(files(doc))).toContain('/usr/local/sbin/vast-scheduled-events');
    expect(findSecrets(doc, [process.cwd()])).toEqual([]);
    expect(findSecrets(decoded, [process.cwd()])).toEqual([]);
  });

  it('is deterministic', () => {
    expect(cloudInitCustomData({ spec })).toBe(cloudInitCustomData({ spec }));
  });

  it('fails when the bootstrap script would exceed the custom data limit, naming the room left beside the watcher', () => {
    // GIVEN a script one byte larger than the room the error reports
    let room = -1;
    try {
      cloudInitCustomData({ spec, bootstrapScript: 'x'.repeat(60_000) });
    } catch (e) {
      room = (e as CustomDataTooLargeError).maxBootstrapScriptBytes;
    }
    // THEN that room is real: a script of exactly that size fits, one byte more does not
    expect(room).toBeGreaterThan(0);
    // (in bytes, not characters: a UTF-8 script of that many bytes fits too)
    const multiByte = 'é'.repeat(Math.floor(room / 2)) + 'x'.repeat(room % 2);
    expect(Buffer.byteLength(multiByte)).toBe(room);
    expect(cloudInitCustomData({ spec, bootstrapScript: multiByte }).length).toBeLessThanOrEqual(
      CUSTOM_DATA_MAX_BASE64,
    );
    expect(() => cloudInitCustomData({ spec, bootstrapScript: 'x'.repeat(room + 1) })).toThrow(
      `next to the node checks and the Scheduled Events watcher the script may be at most ${room} bytes`,
    );
  });

  it('fails when the bootstrap script would exceed the custom data limit', () => {
    expect(() => cloudInitCustomData({ spec, bootstrapScript: 'x'.repeat(60_000) })).toThrow(
      /bootstrapScript must keep the node's custom data within 65536 bytes of base64, got \d+/,
    );
  });
});
