/**
 * The Scheduled Events watcher every node runs: a python3 script (standard library only) under a systemd service
 * that polls the Azure Instance Metadata Service for maintenance events, logs them to the journal, keeps the last
 * document on disk, runs an optional hook per new event and approves only the event types the profile opts in to,
 * and only those that keep local NVMe data. The files here are written by the node's cloud-init.
 *
 * Why python3: cloud-init itself is a python3 program, so every image that runs this cloud-init has it; JSON parsing
 * and a hook run without a shell need nothing else. A POSIX sh + curl script would need jq, which Ubuntu 24.04
 * server images do not ship.
 */
import { readFileSync } from 'node:fs';
import { repoPath } from '../../lib/repo-root';

/** Every Scheduled Events type IMDS reports (Microsoft Learn, "Scheduled Events for Linux VMs"). */
export const SCHEDULED_EVENT_TYPES = ['Freeze', 'Reboot', 'Redeploy', 'Preempt', 'Terminate'] as const;
/** A Scheduled Events type. */
export type ScheduledEventType = (typeof SCHEDULED_EVENT_TYPES)[number];

/**
 * The event types that keep a node's local NVMe data (a pause, or a reboot in place), so the only ones that may be
 * approved automatically. Redeploy moves the VM to another host, Preempt evicts a Spot VM and Terminate deletes it:
 * all three lose local NVMe, and the watcher never approves them, whatever its configuration says.
 */
export const APPROVABLE_EVENT_TYPES = ['Freeze', 'Reboot'] as const;
/** An event type the watcher may approve. */
export type ApprovableEventType = (typeof APPROVABLE_EVENT_TYPES)[number];

/** What each event type means for the node's local NVMe data (the runbook and docs render this). */
export const EVENT_TYPE_EFFECTS: Readonly<Record<ScheduledEventType, { keepsNvme: boolean; meaning: string }>> = {
  Freeze: { keepsNvme: true, meaning: 'the VM pauses for a few seconds (memory-preserving host update); data stays' },
  Reboot: { keepsNvme: true, meaning: 'the VM reboots on the same host; local NVMe data stays' },
  Redeploy: { keepsNvme: false, meaning: 'the VM moves to another host; local NVMe is wiped' },
  Preempt: { keepsNvme: false, meaning: 'a Spot VM is evicted (the toolkit never uses Spot); local NVMe is lost' },
  Terminate: { keepsNvme: false, meaning: 'the VM is being deleted; local NVMe is lost' },
};

/** The journal tag (SyslogIdentifier) of the watcher: `journalctl -t vast-scheduled-events`. */
export const SCHEDULED_EVENTS_TAG = 'vast-scheduled-events';
/** The watcher script on the node. */
export const SCHEDULED_EVENTS_SCRIPT_PATH = '/usr/local/sbin/vast-scheduled-events';
/** The watcher's configuration (JSON) on the node, written from the profile. */
export const SCHEDULED_EVENTS_CONFIG_PATH = '/etc/vast-poc/scheduled-events.json';
/** The systemd unit. */
export const SCHEDULED_EVENTS_UNIT = 'vast-scheduled-events.service';
/** Where the watcher keeps `last.json` (the last document IMDS sent) and `handled.json` (events already announced). */
export const SCHEDULED_EVENTS_STATE_DIR = '/var/lib/vast-poc/scheduled-events';
/** The Scheduled Events API version the watcher calls (the current version on Microsoft Learn, checked 2026-12). */
export const SCHEDULED_EVENTS_API_VERSION = '2020-07-01';

/**
 * Default seconds between two polls. Azure's shortest notice for the events a Regular-priority node gets is 10 minutes
 * (Redeploy); Preempt's 30 seconds applies to Spot only, which the toolkit refuses.
 */
export const DEFAULT_POLL_SECONDS = 10;
/** Allowed range of the poll interval, seconds. */
export const POLL_SECONDS_RANGE = { min: 1, max: 60 } as const;

/** Options of the watcher, from the profile's `nodes.scheduledEvents`. */
export interface ScheduledEventsOptions {
  /**
   * Event types the watcher approves (POST `StartRequests`) as soon as it sees them for this node, so the
   * maintenance starts before `NotBefore`. Only `Freeze` and `Reboot`.
   *
   * @default [] - never approves: Azure starts the event at `NotBefore`
   */
  readonly autoApprove?: readonly ApprovableEventType[];
  /**
   * A command run once per new event, as an argument vector (never through a shell): the first element is an
   * absolute path. It gets the event as JSON on stdin and `VAST_EVENT_ID`, `VAST_EVENT_TYPE`, `VAST_EVENT_STATUS`,
   * `VAST_EVENT_NOT_BEFORE`, `VAST_EVENT_RESOURCES` and `VAST_EVENT_THIS_NODE` (1 or 0) in its environment.
   *
   * @default - no hook
   */
  readonly hook?: readonly string[];
  /**
   * Seconds between two polls.
   *
   * @default 10
   */
  readonly pollSeconds?: number;
}

/** A file cloud-init writes. */
export interface NodeFile {
  readonly path: string;
  readonly mode: string;
  readonly content: string;
}

/**
 * Why the options are unusable, one message per problem naming the field, the value and what is allowed; empty
 * when they are fine. `field` prefixes the names (the profile uses `nodes.scheduledEvents`).
 */
export function scheduledEventsProblems(options: ScheduledEventsOptions, field = 'scheduledEvents'): string[] {
  const problems: string[] = [];
  (options.autoApprove ?? []).forEach((t, i) => {
    if (!(APPROVABLE_EVENT_TYPES as readonly string[]).includes(t)) {
      const why = (SCHEDULED_EVENT_TYPES as readonly string[]).includes(t) ? ' (it loses local NVMe data)' : '';
      problems.push(
        `${field}.autoApprove[${i}] must be one of ${APPROVABLE_EVENT_TYPES.map((x) => `"${x}"`).join(', ')}, got "${t}"${why}`,
      );
    }
  });
  if (options.hook !== undefined) {
    if (options.hook.length === 0) {
      problems.push(`${field}.hook must be a non-empty list (an absolute program path and its arguments), got []`);
    } else if (!options.hook[0].startsWith('/')) {
      problems.push(`${field}.hook[0] must be an absolute path to a program, got "${options.hook[0]}"`);
    }
    options.hook.forEach((a, i) => {
      if (a.includes('\0')) problems.push(`${field}.hook[${i}] must not contain a NUL character`);
    });
  }
  const poll = options.pollSeconds;
  if (
    poll !== undefined &&
    (!Number.isInteger(poll) || poll < POLL_SECONDS_RANGE.min || poll > POLL_SECONDS_RANGE.max)
  ) {
    problems.push(
      `${field}.pollSeconds must be a whole number from ${POLL_SECONDS_RANGE.min} to ${POLL_SECONDS_RANGE.max}, got ${poll}`,
    );
  }
  return problems;
}

/** The watcher script, as shipped (the file next to this module). */
export const SCHEDULED_EVENTS_SCRIPT: string = readFileSync(
  repoPath('constructs', 'compute', 'scheduled-events-watcher.py'),
  'utf8',
);

/** The watcher's JSON configuration. */
export function renderScheduledEventsConfig(options: ScheduledEventsOptions = {}): string {
  const config = {
    approve: [...(options.autoApprove ?? [])],
    ...(options.hook === undefined ? {} : { hook: [...options.hook] }),
    pollSeconds: options.pollSeconds ?? DEFAULT_POLL_SECONDS,
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** The systemd unit: runs the watcher as root, restarts it whenever it stops, logs under {@link SCHEDULED_EVENTS_TAG}. */
export function renderScheduledEventsUnit(): string {
  return `[Unit]
Description=VAST POC: watch Azure Scheduled Events (maintenance that may wipe local NVMe)
Documentation=https://learn.microsoft.com/azure/virtual-machines/linux/scheduled-events
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
ExecStart=/usr/bin/python3 ${SCHEDULED_EVENTS_SCRIPT_PATH}
Restart=always
RestartSec=10
SyslogIdentifier=${SCHEDULED_EVENTS_TAG}
StandardOutput=journal
StandardError=journal

[Install]
WantedBy=multi-user.target
`;
}

/**
 * The files cloud-init writes for the watcher (script, configuration, unit).
 *
 * @throws Error naming the field when the options are unusable (see {@link scheduledEventsProblems}).
 */
export function scheduledEventsFiles(options: ScheduledEventsOptions = {}): NodeFile[] {
  const problems = scheduledEventsProblems(options);
  if (problems.length > 0) throw new Error(problems.join('; '));
  return [
    { path: SCHEDULED_EVENTS_SCRIPT_PATH, mode: '0755', content: SCHEDULED_EVENTS_SCRIPT },
    { path: SCHEDULED_EVENTS_CONFIG_PATH, mode: '0644', content: renderScheduledEventsConfig(options) },
    { path: `/etc/systemd/system/${SCHEDULED_EVENTS_UNIT}`, mode: '0644', content: renderScheduledEventsUnit() },
  ];
}

/** The command cloud-init runs to start the watcher (before the NVMe checks, so it runs even when they fail). */
export const SCHEDULED_EVENTS_START_COMMAND = `systemctl daemon-reload && systemctl enable --now ${SCHEDULED_EVENTS_UNIT}`;
