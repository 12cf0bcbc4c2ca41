/** Issue 15 items 2 and 5: the RUNBOOK's maintenance section and the lock removal before tear-down. */
import { describe, expect, it } from 'vitest';
import { figure } from '../../scripts/handoff/planning';
import { bundleFor, file, FAULT_DOMAINS_PROFILE_PATH } from './support';

const section = (text: string, title: string) => new RegExp(`## ${title}\\n([^]*?)\\n## `).exec(text)![1]!;

describe('RUNBOOK maintenance and node loss', () => {
  it('says which event types lose local NVMe and that the watcher never approves them', () => {
    // GIVEN the default bundle WHEN the section is read
    const text = section(file(bundleFor(), 'RUNBOOK.md'), 'Maintenance and node loss');
    // THEN each type's effect and approval are stated
    expect(text).toContain('| Freeze | kept |');
    expect(text).toContain('| Reboot | kept |');
    for (const t of ['Redeploy', 'Preempt', 'Terminate'])
      expect(text).toMatch(new RegExp(`\\| ${t} \\| \\*\\*lost\\*\\* \\|.*\\| never \\|`));
  });

  it("states the node losses the layout survives from the planner's figure", () => {
    const bundle = bundleFor(FAULT_DOMAINS_PROFILE_PATH);
    const text = section(file(bundle, 'RUNBOOK.md'), 'Maintenance and node loss');
    expect(text).toContain(
      `This layout survives the loss of **${figure(bundle.plan, 'layout.nodeFailuresTolerated')}** at once`,
    );
  });

  it('tells operators where to see events: the journal tag, the last document and IMDS', () => {
    const text = section(file(bundleFor(), 'RUNBOOK.md'), 'Maintenance and node loss');
    expect(text).toContain('journalctl -t vast-scheduled-events');
    expect(text).toContain('cat /var/lib/vast-poc/scheduled-events/last.json');
    expect(text).toContain(
      'curl -s -H Metadata:true "http://169.254.169.254/metadata/scheduledevents?api-version=2020-07-01"',
    );
  });
});

describe('tear-down with the delete lock', () => {
  it('removes the lock before destroying everything, in both README and RUNBOOK', () => {
    // GIVEN the default bundle (lock on by default)
    const bundle = bundleFor();
    for (const doc of ['README.md', 'RUNBOOK.md']) {
      const text = file(bundle, doc);
      // THEN the targeted destroy of the lock comes before the full destroy
      const unlock = text.indexOf("terraform destroy -target='azurerm_management_lock.offload_delete_lock'");
      expect(unlock, doc).toBeGreaterThan(0);
      expect(text.indexOf('terraform destroy\n'), doc).toBeGreaterThan(unlock);
    }
  });
});
