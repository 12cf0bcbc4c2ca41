import { describe, expect, it } from 'vitest';
import { renderCloudInit } from '../../../constructs/compute/cloud-init';
import { L_SERIES_CATALOG } from '../../../constructs/compute/l-series-catalog';
import { NodePool, type NodePoolProps } from '../../../constructs/compute/node-pool';
import {
  SCHEDULED_EVENTS_API_VERSION,
  SCHEDULED_EVENTS_CONFIG_PATH,
  SCHEDULED_EVENTS_SCRIPT,
  SCHEDULED_EVENTS_SCRIPT_PATH,
  SCHEDULED_EVENTS_STATE_DIR,
  SCHEDULED_EVENTS_TAG,
  SCHEDULED_EVENTS_UNIT,
  scheduledEventsFiles,
  type ApprovableEventType,
} from '../../../constructs/compute/scheduled-events';
import { only, synthScope } from '../../support/terraform';
import { NODE_POOL_PROPS } from './fixtures';

const spec = L_SERIES_CATALOG['Standard_L80s_v3'];

function files(doc: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of doc.matchAll(/- path: (\S+)[\s\S]*?content: (\S+)/g)) {
    out[m[1]] = Buffer.from(m[2], 'base64').toString('utf8');
  }
  return out;
}

describe('scheduled-events watcher in cloud-init', () => {
  it('is installed on every node by default, log-only', () => {
    // GIVEN no options WHEN cloud-init is rendered
    const written = files(renderCloudInit({ spec }));
    // THEN the script, a log-only configuration and the unit are written
    expect(written[SCHEDULED_EVENTS_SCRIPT_PATH]).toBe(SCHEDULED_EVENTS_SCRIPT);
    expect(JSON.parse(written[SCHEDULED_EVENTS_CONFIG_PATH])).toEqual({ approve: [], pollSeconds: 10 });
    const unit = written[`/etc/systemd/system/${SCHEDULED_EVENTS_UNIT}`];
    expect(unit).toContain(`SyslogIdentifier=${SCHEDULED_EVENTS_TAG}\n`);
    expect(unit).toContain(`ExecStart=/usr/bin/python3 ${SCHEDULED_EVENTS_SCRIPT_PATH}\n`);
    expect(unit).toContain('Restart=always\n');
  });

  it('starts the watcher before the NVMe checks, so a node that fails them still hears about maintenance', () => {
    const doc = renderCloudInit({ spec, bootstrapScript: 'echo hi' });
    const start = doc.indexOf(`systemctl enable --now ${SCHEDULED_EVENTS_UNIT}`);
    expect(start).toBeGreaterThan(0);
    expect(start).toBeLessThan(doc.indexOf('- [ sh, -c, "/usr/local/sbin/vast-node-prepare'));
  });

  it('writes the profile choices into the configuration', () => {
    const written = files(
      renderCloudInit({ spec, scheduledEvents: { autoApprove: ['Freeze'], hook: ['/opt/vast/on-event', 'a b'] } }),
    );
    expect(JSON.parse(written[SCHEDULED_EVENTS_CONFIG_PATH])).toEqual({
      approve: ['Freeze'],
      hook: ['/opt/vast/on-event', 'a b'],
      pollSeconds: 10,
    });
  });

  it('ships a script whose built-in defaults match the documented paths and api-version', () => {
    expect(SCHEDULED_EVENTS_SCRIPT).toContain(`API_VERSION = "${SCHEDULED_EVENTS_API_VERSION}"`);
    expect(SCHEDULED_EVENTS_SCRIPT).toContain(`"VAST_SE_STATE_DIR", "${SCHEDULED_EVENTS_STATE_DIR}"`);
    expect(SCHEDULED_EVENTS_SCRIPT).toContain(`"VAST_SE_CONFIG", "${SCHEDULED_EVENTS_CONFIG_PATH}"`);
    expect(SCHEDULED_EVENTS_SCRIPT).toContain('"VAST_SE_IMDS_URL", "http://169.254.169.254"');
    expect(SCHEDULED_EVENTS_SCRIPT).toContain('APPROVABLE = ("Freeze", "Reboot")');
  });

  it('fails when autoApprove names an event type that loses NVMe data', () => {
    expect(() => scheduledEventsFiles({ autoApprove: ['Redeploy' as ApprovableEventType] })).toThrow(
      'scheduledEvents.autoApprove[0] must be one of "Freeze", "Reboot", got "Redeploy" (it loses local NVMe data)',
    );
  });

  it('fails when the hook is not an absolute program path', () => {
    expect(() => scheduledEventsFiles({ hook: ['notify.sh'] })).toThrow(
      'scheduledEvents.hook[0] must be an absolute path to a program, got "notify.sh"',
    );
  });

  it('fails when pollSeconds is out of range', () => {
    expect(() => scheduledEventsFiles({ pollSeconds: 0 })).toThrow(
      'scheduledEvents.pollSeconds must be a whole number from 1 to 60, got 0',
    );
  });
});

describe('NodePool', () => {
  const props: NodePoolProps = NODE_POOL_PROPS;

  it("passes the watcher options into every node's custom data", () => {
    // GIVEN a pool that opts in to approving Reboot
    const json = synthScope(
      (s) => new NodePool(s, 'nodes', { ...props, scheduledEvents: { autoApprove: ['Reboot'] } }),
    );
    // WHEN its custom data is decoded
    const vmss = only(json, 'azurerm_orchestrated_virtual_machine_scale_set') as {
      os_profile: { custom_data: string };
    };
    const doc = Buffer.from(vmss.os_profile.custom_data, 'base64').toString('utf8');
    // THEN the watcher configuration approves Reboot
    expect(JSON.parse(files(doc)[SCHEDULED_EVENTS_CONFIG_PATH]).approve).toEqual(['Reboot']);
  });
});
