import {
  SCHEDULED_EVENTS_SCRIPT_PATH,
  SCHEDULED_EVENTS_START_COMMAND,
  SCHEDULED_EVENTS_UNIT,
} from '../../compute/scheduled-events';
import { block, COMPUTE_TYPE_NAMES, isExpression, isNvmeSize, vmSizeOf } from '../config';
import { compliant, nonCompliant, notApplicable, type PolicyRule, type PolicySubject } from '../rule';

/** The custom data of a compute subject: `os_profile.custom_data` on a Flexible scale set, `custom_data` elsewhere. */
function customDataOf(subject: PolicySubject) {
  return subject.type === 'azurerm_orchestrated_virtual_machine_scale_set'
    ? block(subject.config.os_profile)?.custom_data
    : subject.config.custom_data;
}

/** VAZ-REL-011: every NVMe node runs the Scheduled Events watcher. */
export const scheduledEventsWatcherOnNvme: PolicyRule = {
  id: 'VAZ-REL-011',
  category: 'reliability',
  level: 'error',
  title: 'NVMe nodes run the Scheduled Events watcher',
  rationale:
    'Azure announces maintenance that redeploys a VM (and wipes its local NVMe) through Scheduled Events, minutes to days ahead; without the watcher nobody on the cluster hears about it before the data is gone.',
  fix: "Boot the nodes with the toolkit's cloud-init (`cloudInitCustomData`), which installs and starts `vast-scheduled-events.service`; a custom image or custom data must do the same.",
  resourceTypes: COMPUTE_TYPE_NAMES,
  check(subject) {
    const size = vmSizeOf(subject);
    if (size === undefined || !isNvmeSize(size)) return notApplicable();
    const data = customDataOf(subject);
    if (typeof data !== 'string') return nonCompliant(`custom data is unset on ${size}: no watcher is installed`);
    if (isExpression(data))
      return nonCompliant(`custom data is the expression ${data}: the watcher cannot be verified`);
    const doc = Buffer.from(data, 'base64').toString('utf8');
    const missing = [
      doc.includes(`- path: ${SCHEDULED_EVENTS_SCRIPT_PATH}\n`)
        ? undefined
        : `the script ${SCHEDULED_EVENTS_SCRIPT_PATH}`,
      doc.includes(`- path: /etc/systemd/system/${SCHEDULED_EVENTS_UNIT}\n`)
        ? undefined
        : `the unit ${SCHEDULED_EVENTS_UNIT}`,
      doc.includes(JSON.stringify(SCHEDULED_EVENTS_START_COMMAND)) ? undefined : 'the command that starts it',
    ].filter((m): m is string => m !== undefined);
    return missing.length === 0
      ? compliant()
      : nonCompliant(
          `custom data on ${size} does not install the Scheduled Events watcher: missing ${missing.join(', ')}`,
        );
  },
};
