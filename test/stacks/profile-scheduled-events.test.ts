/** Issue 15 item 1: `nodes.scheduledEvents` in the profile, and the watcher on every node of a synthesized stack. */
import { describe, expect, it } from 'vitest';
import { SCHEDULED_EVENTS_CONFIG_PATH, SCHEDULED_EVENTS_UNIT } from '../../constructs/compute/scheduled-events';
import { baseProfileData, only, profileIssues, profileWith, synthStack } from '../support/terraform';

function issues(nodesPatch: Record<string, unknown>): string[] {
  const data = baseProfileData();
  return profileIssues({ ...data, nodes: { ...(data.nodes as object), ...nodesPatch } }).map((i) => i.message);
}

function nodeFiles(json: ReturnType<typeof synthStack>): Record<string, string> {
  const vmss = only(json, 'azurerm_orchestrated_virtual_machine_scale_set') as { os_profile: { custom_data: string } };
  const doc = Buffer.from(vmss.os_profile.custom_data, 'base64').toString('utf8');
  const out: Record<string, string> = {};
  for (const m of doc.matchAll(/- path: (\S+)[\s\S]*?content: (\S+)/g)) {
    out[m[1]] = Buffer.from(m[2], 'base64').toString('utf8');
  }
  return out;
}

describe('nodes.scheduledEvents', () => {
  it('defaults to a log-only watcher polling every 10 seconds', () => {
    expect(profileWith().nodes.scheduledEvents).toEqual({ autoApprove: [], pollSeconds: 10 });
  });

  it('installs the watcher on the nodes of a default profile', () => {
    // GIVEN the default profile WHEN the stack is synthesized
    const files = nodeFiles(synthStack(profileWith()));
    // THEN the nodes get the unit and a configuration that approves nothing
    expect(files[`/etc/systemd/system/${SCHEDULED_EVENTS_UNIT}`]).toContain('SyslogIdentifier=vast-scheduled-events');
    expect(JSON.parse(files[SCHEDULED_EVENTS_CONFIG_PATH])).toEqual({ approve: [], pollSeconds: 10 });
  });

  it('carries the opt-in and the hook to the nodes', () => {
    const profile = profileWith({
      nodes: { scheduledEvents: { autoApprove: ['Reboot', 'Freeze'], hook: ['/opt/vast/bin/on-event', '--drain'] } },
    });
    expect(JSON.parse(nodeFiles(synthStack(profile))[SCHEDULED_EVENTS_CONFIG_PATH])).toEqual({
      approve: ['Reboot', 'Freeze'],
      hook: ['/opt/vast/bin/on-event', '--drain'],
      pollSeconds: 10,
    });
  });

  it('fails when autoApprove names an event type that wipes local NVMe', () => {
    expect(issues({ scheduledEvents: { autoApprove: ['Freeze', 'Redeploy'] } })).toEqual([
      'nodes.scheduledEvents.autoApprove[1] must be one of "Freeze", "Reboot", got "Redeploy" (it loses local NVMe data, so it is never approved automatically)',
    ]);
  });

  it('fails when the hook is a shell command line instead of an argument list', () => {
    expect(issues({ scheduledEvents: { hook: '/opt/notify.sh --all' } })).toEqual([
      'nodes.scheduledEvents.hook must be a list: an absolute program path and its arguments (run without a shell), got "/opt/notify.sh --all"',
    ]);
  });

  it('fails when a hook argument holds a Terraform template sequence', () => {
    expect(issues({ scheduledEvents: { hook: ['/opt/notify', '${file("/etc/passwd")}'] } })).toEqual([
      'nodes.scheduledEvents.hook[1] must not contain "${" (Terraform would evaluate it as a template expression at apply time), got "${file("/etc/passwd")}"',
    ]);
  });

  it('fails when the hook program is not an absolute path', () => {
    expect(issues({ scheduledEvents: { hook: ['notify'] } })).toEqual([
      'nodes.scheduledEvents.hook[0] must be an absolute path to a program, got "notify"',
    ]);
  });

  it('fails when pollSeconds is outside 1 to 60', () => {
    expect(issues({ scheduledEvents: { pollSeconds: 120 } })).toEqual([
      'nodes.scheduledEvents.pollSeconds must be a whole number from 1 to 60, got 120',
    ]);
  });
});
