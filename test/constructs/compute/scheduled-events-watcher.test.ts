/**
 * The Scheduled Events watcher's real behaviour: the script and configuration exactly as cloud-init writes them,
 * run with python3 against a local IMDS stand-in on 127.0.0.1 that speaks the Scheduled Events protocol (it refuses
 * requests without `Metadata: true`, like IMDS). Each run stops after a fixed number of polls, so the outcome is
 * deterministic: the stand-in serves one scripted answer per poll.
 */
import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderCloudInit } from '../../../constructs/compute/cloud-init';
import { L_SERIES_CATALOG } from '../../../constructs/compute/l-series-catalog';
import {
  SCHEDULED_EVENTS_API_VERSION,
  SCHEDULED_EVENTS_CONFIG_PATH,
  SCHEDULED_EVENTS_SCRIPT_PATH,
  type ScheduledEventsOptions,
} from '../../../constructs/compute/scheduled-events';

const NODE = 'vmss-poc_1a2b3c4d';
/** The interpreter the systemd unit runs (Ubuntu's); a version manager's shim on PATH costs seconds per start. */
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** One scripted answer of the stand-in to a GET of the events document. */
interface Answer {
  readonly status?: number;
  readonly body?: unknown;
  readonly delayMs?: number;
}

interface Request {
  readonly method: string;
  readonly url: string;
  readonly metadata: string | undefined;
  readonly body: string;
}

function event(id: string, type: string, extra: Record<string, unknown> = {}) {
  return {
    EventId: id,
    EventType: type,
    ResourceType: 'VirtualMachine',
    Resources: [NODE],
    EventStatus: 'Scheduled',
    NotBefore: 'Mon, 07 Dec 2026 10:00:00 GMT',
    Description: 'Host server is undergoing maintenance.',
    EventSource: 'Platform',
    DurationInSeconds: -1,
    ...extra,
  };
}

const doc = (incarnation: number, ...events: unknown[]) => ({ DocumentIncarnation: incarnation, Events: events });

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** Starts the IMDS stand-in; the last answer repeats once the script runs out. */
async function imds(answers: Answer[]): Promise<{ url: string; requests: Request[] }> {
  const requests: Request[] = [];
  let polls = 0;
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', metadata: req.headers.metadata as string, body });
      if (req.headers.metadata !== 'true') {
        res.writeHead(400).end('{"error":"Bad request. Required metadata header not specified"}');
        return;
      }
      const path = (req.url ?? '').split('?')[0];
      if (path === '/metadata/instance/compute/name') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end(NODE);
      } else if (path === '/metadata/scheduledevents' && req.method === 'POST') {
        res.writeHead(200).end();
      } else if (path === '/metadata/scheduledevents') {
        const a = answers[Math.min(polls++, answers.length - 1)];
        const send = () => {
          const text = typeof a.body === 'string' ? a.body : JSON.stringify(a.body ?? doc(0));
          if (!res.destroyed) res.writeHead(a.status ?? 200, { 'content-type': 'application/json' }).end(text);
        };
        if (a.delayMs) setTimeout(send, a.delayMs);
        else send();
      } else {
        res.writeHead(404).end();
      }
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

/** The files cloud-init would write for these options. */
function shipped(options: ScheduledEventsOptions | undefined): Record<string, string> {
  const spec = L_SERIES_CATALOG['Standard_L80s_v3'];
  const out: Record<string, string> = {};
  for (const m of renderCloudInit({ spec, scheduledEvents: options }).matchAll(
    /- path: (\S+)[\s\S]*?content: (\S+)/g,
  )) {
    out[m[1]] = Buffer.from(m[2], 'base64').toString('utf8');
  }
  return out;
}

interface Run {
  /** Log lines, without the journald priority prefix. */
  readonly lines: string[];
  /** Raw stdout. */
  readonly stdout: string;
  readonly stateDir: string;
  readonly dir: string;
}

/**
 * Runs the shipped watcher for `polls` polls against `url`. `config` replaces the shipped configuration (an object is
 * written as JSON, a string as it is).
 */
async function watch(
  url: string,
  polls: number,
  options?: ScheduledEventsOptions,
  config?: unknown,
  dir = mkdtempSync(join(tmpdir(), 'vast-se-')),
): Promise<Run> {
  const files = shipped(options);
  const script = join(dir, 'vast-scheduled-events');
  const configPath = join(dir, 'scheduled-events.json');
  writeFileSync(script, files[SCHEDULED_EVENTS_SCRIPT_PATH]);
  writeFileSync(
    configPath,
    config === undefined
      ? files[SCHEDULED_EVENTS_CONFIG_PATH]
      : typeof config === 'string'
        ? config
        : JSON.stringify(config),
  );
  const stateDir = join(dir, 'state');
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      PYTHON,
      [script],
      {
        env: {
          PATH: process.env.PATH,
          VAST_SE_IMDS_URL: url,
          VAST_SE_CONFIG: configPath,
          VAST_SE_STATE_DIR: stateDir,
          VAST_SE_MAX_POLLS: String(polls),
          VAST_SE_POLL_SECONDS: '0.02',
          VAST_SE_TIMEOUT_SECONDS: '0.5',
        },
        timeout: 15_000,
      },
      (err, out, errOut) => (err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out)),
    );
  });
  return {
    stdout,
    lines: stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => l.replace(/^<\d>/, '')),
    stateDir,
    dir,
  };
}

const approvals = (requests: Request[]) => requests.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body));

describe('scheduled-events watcher', () => {
  it('logs a new event once, with its id, type, status, NotBefore and resources, at warning priority', async () => {
    // GIVEN an event that stays in the document for three polls
    const { url } = await imds([{ body: doc(1, event('E1', 'Reboot')) }]);
    // WHEN the watcher polls three times
    const run = await watch(url, 3);
    // THEN it announces the event exactly once, with every field the runbook tells operators to read
    const news = run.stdout.split('\n').filter((l) => l.includes('new event'));
    expect(news).toEqual([
      `<4>new event EventId=E1 EventType=Reboot EventStatus=Scheduled NotBefore="Mon, 07 Dec 2026 10:00:00 GMT" Resources=${NODE} EventSource=Platform DurationInSeconds=-1`,
    ]);
  });

  it('logs a status change and the end of an event', async () => {
    // GIVEN an event that is scheduled, then started, then gone
    const { url } = await imds([
      { body: doc(1, event('E1', 'Freeze')) },
      { body: doc(2, event('E1', 'Freeze', { EventStatus: 'Started' })) },
      { body: doc(3) },
    ]);
    // WHEN the watcher polls through all three documents
    const run = await watch(url, 3);
    // THEN it logs new, changed and ended, in that order
    const kinds = run.lines.filter((l) => /^(new|changed|ended) event/.test(l));
    expect(kinds).toEqual([
      expect.stringMatching(/^new event EventId=E1 EventType=Freeze EventStatus=Scheduled/),
      expect.stringMatching(/^changed event EventId=E1 EventType=Freeze EventStatus=Started/),
      'ended event EventId=E1',
    ]);
  });

  it('calls IMDS with the Metadata header and the pinned api-version', async () => {
    // GIVEN the stand-in, which refuses requests without the header as IMDS does
    const { url, requests } = await imds([{ body: doc(0) }]);
    // WHEN the watcher polls twice
    const run = await watch(url, 2);
    // THEN every request carried the header and asked for the pinned version, and nothing was refused
    expect(requests).toHaveLength(2);
    for (const r of requests) {
      expect(r.metadata).toBe('true');
      expect(r.url).toBe(`/metadata/scheduledevents?api-version=${SCHEDULED_EVENTS_API_VERSION}`);
    }
    expect(run.lines.some((l) => l.startsWith('imds error'))).toBe(false);
  });

  it('keeps the last good document on disk when IMDS then sends malformed JSON', async () => {
    // GIVEN a good document followed by a truncated one
    const good = doc(4, event('E1', 'Redeploy'));
    const { url } = await imds([{ body: good }, { body: '{"DocumentIncarnation": 5, "Events": [' }]);
    // WHEN the watcher polls both
    const run = await watch(url, 2);
    // THEN the file holds the good document and the bad one is reported
    expect(JSON.parse(readFileSync(join(run.stateDir, 'last.json'), 'utf8'))).toEqual(good);
    expect(run.lines).toContain('imds error: IMDS sent a document that is not JSON; keeping the last document');
  });

  it('reports a document without an Events list as an error, not as "every event ended"', async () => {
    // GIVEN an event, then JSON of the wrong shape
    const { url } = await imds([{ body: doc(1, event('E1', 'Reboot')) }, { body: { Events: 'none' } }]);
    // WHEN the watcher polls both
    const run = await watch(url, 2);
    // THEN it says the document is invalid and does not claim the event ended
    expect(run.lines).toContain(
      'imds error: IMDS sent a document without a valid Events list; keeping the last document',
    );
    expect(run.lines.some((l) => l.startsWith('ended event'))).toBe(false);
  });

  it('survives IMDS 5xx answers: one error line, a recovery line, then events again', async () => {
    // GIVEN three 503 answers and then an event
    const { url } = await imds([
      { status: 503, body: 'busy' },
      { status: 503, body: 'busy' },
      { status: 503, body: 'busy' },
      { body: doc(1, event('E9', 'Freeze')) },
    ]);
    // WHEN the watcher polls four times
    const run = await watch(url, 4);
    // THEN the outage is logged once (no flood), its end once, and the event after it
    expect(run.lines.filter((l) => l.startsWith('imds error'))).toEqual([
      'imds error: IMDS answered HTTP 503; keeping the last document',
    ]);
    expect(run.lines.filter((l) => l === 'imds answering again')).toHaveLength(1);
    expect(run.lines.some((l) => l.startsWith('new event EventId=E9'))).toBe(true);
  });

  it('gives up on a slow IMDS answer after its timeout and keeps polling', async () => {
    // GIVEN a first answer slower than the watcher's timeout (0.5 s in tests)
    const { url } = await imds([
      { body: doc(1, event('E1', 'Reboot')), delayMs: 1500 },
      { body: doc(2, event('E2', 'Reboot')) },
    ]);
    // WHEN the watcher polls twice
    const run = await watch(url, 2);
    // THEN the first poll is reported as too slow and the second still sees its event
    expect(run.lines[1]).toMatch(/^imds error: IMDS unreachable or too slow/);
    expect(run.lines.some((l) => l.startsWith('new event EventId=E2'))).toBe(true);
  });

  it('never approves an event when the profile does not opt in', async () => {
    // GIVEN a Freeze and a Reboot for this node, and the default options
    const { url, requests } = await imds([{ body: doc(1, event('F1', 'Freeze'), event('R1', 'Reboot')) }]);
    // WHEN the watcher polls
    await watch(url, 2);
    // THEN it sends no StartRequests
    expect(approvals(requests)).toEqual([]);
  });

  it('approves only opted-in Freeze and Reboot events for this node, once each, with a StartRequests body', async () => {
    // GIVEN one event of every type for this node, and a Reboot for another node
    const { url, requests } = await imds([
      {
        body: doc(
          1,
          event('F1', 'Freeze'),
          event('R1', 'Reboot'),
          event('D1', 'Redeploy'),
          event('P1', 'Preempt'),
          event('T1', 'Terminate'),
          event('R2', 'Reboot', { Resources: ['vmss-poc_other'] }),
        ),
      },
    ]);
    // WHEN the watcher opts in to Freeze and Reboot and polls three times
    const run = await watch(url, 3, { autoApprove: ['Freeze', 'Reboot'] });
    // THEN exactly F1 and R1 are approved, one POST each
    expect(approvals(requests)).toEqual([
      { StartRequests: [{ EventId: 'F1' }] },
      { StartRequests: [{ EventId: 'R1' }] },
    ]);
    expect(run.lines).toContain('approved event EventId=F1 EventType=Freeze');
  });

  it('does not approve an event that has already started', async () => {
    // GIVEN a Reboot for this node that Azure has already started
    const { url, requests } = await imds([{ body: doc(1, event('R1', 'Reboot', { EventStatus: 'Started' })) }]);
    // WHEN the watcher opts in to Reboot
    await watch(url, 2, { autoApprove: ['Reboot'] });
    // THEN it sends nothing
    expect(approvals(requests)).toEqual([]);
  });

  it('never approves Redeploy, Preempt or Terminate even when its configuration file lists them', async () => {
    // GIVEN a configuration edited on the node to approve every type
    const { url, requests } = await imds([
      { body: doc(1, event('D1', 'Redeploy'), event('P1', 'Preempt'), event('T1', 'Terminate')) },
    ]);
    // WHEN the watcher runs with it
    const run = await watch(url, 2, undefined, { approve: ['Freeze', 'Reboot', 'Redeploy', 'Preempt', 'Terminate'] });
    // THEN nothing is approved and the refusal is logged
    expect(approvals(requests)).toEqual([]);
    expect(run.lines).toContain(
      'config: never approving Redeploy,Preempt,Terminate (only Freeze,Reboot keep local NVMe data)',
    );
  });

  it('runs log-only when its configuration file is not valid JSON', async () => {
    // GIVEN a corrupted configuration that would otherwise approve Freeze
    const dir = mkdtempSync(join(tmpdir(), 'vast-se-'));
    const { url, requests } = await imds([{ body: doc(1, event('F1', 'Freeze')) }]);
    // WHEN the watcher starts with it
    const run = await watch(url, 2, undefined, '{"approve": ["Freeze"', dir);
    // THEN it reports the problem, still logs the event and approves nothing
    expect(run.lines.filter((l) => l.startsWith('config: '))).toEqual([
      expect.stringMatching(/^config: .*scheduled-events\.json unreadable \(.+\); running log-only$/),
    ]);
    expect(run.lines.some((l) => l.startsWith('new event EventId=F1'))).toBe(true);
    expect(approvals(requests)).toEqual([]);
  });

  it('runs the hook once per new event, as an argument vector with the event in its environment and stdin', async () => {
    // GIVEN a hook whose argument holds shell syntax, and two events that stay for three polls
    const dir = mkdtempSync(join(tmpdir(), 'vast-se-'));
    const hook = join(dir, 'hook.sh');
    const out = join(dir, 'hook.out');
    writeFileSync(
      hook,
      '#!/bin/sh\nprintf "%s|%s|%s|%s|%s\\n" "$1" "$VAST_EVENT_ID" "$VAST_EVENT_TYPE" "$VAST_EVENT_THIS_NODE" "$(cat)" >> "$2"\n',
    );
    chmodSync(hook, 0o755);
    const sneaky = '$(touch pwned); `touch pwned`';
    const { url } = await imds([
      { body: doc(1, event('E1', 'Reboot')) },
      { body: doc(2, event('E1', 'Reboot'), event('E2', 'Redeploy', { Resources: ['vmss-poc_other'] })) },
    ]);
    // WHEN the watcher polls three times
    await watch(url, 3, { hook: [hook, sneaky, out] }, undefined, dir);
    // THEN the hook ran once per event, got the argument literally, and nothing ran it through a shell
    const calls = readFileSync(out, 'utf8').trim().split('\n');
    expect(calls.map((c) => c.split('|').slice(0, 4))).toEqual([
      [sneaky, 'E1', 'Reboot', '1'],
      [sneaky, 'E2', 'Redeploy', '0'],
    ]);
    expect(JSON.parse(calls[0].split('|').slice(4).join('|'))).toMatchObject({
      EventId: 'E1',
      NotBefore: expect.any(String),
    });
    expect(existsSync(join(dir, 'pwned'))).toBe(false);
  });

  it('does not run the hook again for an event already announced before a restart', async () => {
    // GIVEN a watcher that has announced E1 and stopped
    const dir = mkdtempSync(join(tmpdir(), 'vast-se-'));
    const out = join(dir, 'hook.out');
    const { url } = await imds([{ body: doc(1, event('E1', 'Reboot')) }]);
    const options = { hook: ['/bin/sh', '-c', 'echo "$VAST_EVENT_ID" >> "$0"', out] };
    await watch(url, 1, options, undefined, dir);
    // WHEN it starts again with the same state directory and E1 is still there
    const second = await watch(url, 2, options, undefined, dir);
    // THEN E1 is neither announced nor hooked a second time
    expect(readFileSync(out, 'utf8')).toBe('E1\n');
    expect(second.lines.some((l) => l.startsWith('new event'))).toBe(false);
  });
});
