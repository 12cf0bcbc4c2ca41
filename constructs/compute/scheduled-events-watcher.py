#!/usr/bin/python3
# vast-scheduled-events: watches Azure Scheduled Events for this node (installed by vast-azure-poc cloud-init).
#
# Polls the Instance Metadata Service, logs every new, changed and ended event to stdout (the systemd unit sends it
# to the journal under the tag vast-scheduled-events), keeps the last document on disk, runs an optional hook per new
# event and approves (StartRequests) only events of the types the configuration lists, and only Freeze or Reboot:
# Redeploy, Preempt and Terminate wipe local NVMe and are never approved here, whatever the configuration says.
#
# Standard library only (python3 is present wherever cloud-init runs). No network beyond IMDS; proxies are ignored.
# See docs/node-bootstrap.md. Environment overrides exist for tests only.
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

API_VERSION = "2020-07-01"
COMPUTE_API_VERSION = "2021-02-01"
# The only event types that keep the node's local NVMe data; nothing else is ever approved.
APPROVABLE = ("Freeze", "Reboot")

IMDS = os.environ.get("VAST_SE_IMDS_URL", "http://169.254.169.254").rstrip("/")
CONFIG = os.environ.get("VAST_SE_CONFIG", "/etc/vast-poc/scheduled-events.json")
STATE = os.environ.get("VAST_SE_STATE_DIR", "/var/lib/vast-poc/scheduled-events")
MAX_POLLS = int(os.environ.get("VAST_SE_MAX_POLLS", "0"))  # 0: run until stopped
EVENTS_URL = IMDS + "/metadata/scheduledevents?api-version=" + API_VERSION
NAME_URL = IMDS + "/metadata/instance/compute/name?api-version=" + COMPUTE_API_VERSION + "&format=text"

# IMDS must be reached directly: an HTTP proxy in the environment would break it (and leak the request).
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def log(priority, message):
    # "<N>" is a syslog priority journald reads from a service's stdout (3 err, 4 warning, 5 notice, 6 info).
    sys.stdout.write("<%d>%s\n" % (priority, message))
    sys.stdout.flush()


def load_config():
    try:
        with open(CONFIG, encoding="utf-8") as f:
            cfg = json.load(f)
    except FileNotFoundError:
        cfg = {}
    except (OSError, ValueError) as e:
        log(3, "config: %s unreadable (%s); running log-only" % (CONFIG, e))
        cfg = {}
    if not isinstance(cfg, dict):
        log(3, "config: %s is not a JSON object; running log-only" % CONFIG)
        cfg = {}
    approve = [t for t in cfg.get("approve", []) if t in APPROVABLE]
    refused = [t for t in cfg.get("approve", []) if t not in APPROVABLE]
    if refused:
        log(4, "config: never approving %s (only %s keep local NVMe data)" % (",".join(map(str, refused)), ",".join(APPROVABLE)))
    hook = cfg.get("hook")
    if hook is not None and not (isinstance(hook, list) and hook and all(isinstance(a, str) for a in hook)):
        log(3, "config: hook must be a non-empty list of strings (an argument vector); hook disabled")
        hook = None
    poll = float(os.environ.get("VAST_SE_POLL_SECONDS", cfg.get("pollSeconds", 10)))
    timeout = float(os.environ.get("VAST_SE_TIMEOUT_SECONDS", cfg.get("timeoutSeconds", 120)))
    hook_timeout = float(cfg.get("hookTimeoutSeconds", 300))
    return approve, hook, poll, timeout, hook_timeout


def request(url, timeout, body=None):
    data = None if body is None else json.dumps(body).encode("utf-8")
    req = urllib.request.Request(url, data=data, headers={"Metadata": "true"})
    if data is not None:
        req.add_header("Content-Type", "application/json")
    with OPENER.open(req, timeout=timeout) as resp:
        return resp.read().decode("utf-8")


def fetch_document(timeout):
    """The scheduled-events document, or raises ValueError naming what is wrong."""
    try:
        text = request(EVENTS_URL, timeout)
    except urllib.error.HTTPError as e:
        raise ValueError("IMDS answered HTTP %d" % e.code)
    except (urllib.error.URLError, OSError) as e:
        reason = getattr(e, "reason", e)
        raise ValueError("IMDS unreachable or too slow (%s)" % reason)
    try:
        doc = json.loads(text)
    except ValueError:
        raise ValueError("IMDS sent a document that is not JSON")
    events = doc.get("Events") if isinstance(doc, dict) else None
    if not isinstance(events, list) or not all(isinstance(e, dict) and isinstance(e.get("EventId"), str) for e in events):
        raise ValueError("IMDS sent a document without a valid Events list")
    return doc, text


def describe(ev):
    resources = ev.get("Resources") or []
    return "EventId=%s EventType=%s EventStatus=%s NotBefore=%s Resources=%s EventSource=%s DurationInSeconds=%s" % (
        ev.get("EventId"),
        ev.get("EventType"),
        ev.get("EventStatus"),
        json.dumps(ev.get("NotBefore", "")),
        ",".join(str(r) for r in resources),
        ev.get("EventSource", ""),
        ev.get("DurationInSeconds", ""),
    )


def write_atomic(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def load_handled():
    try:
        with open(os.path.join(STATE, "handled.json"), encoding="utf-8") as f:
            ids = json.load(f)
        return set(i for i in ids if isinstance(i, str))
    except (OSError, ValueError):
        return set()


def load_known():
    try:
        with open(os.path.join(STATE, "last.json"), encoding="utf-8") as f:
            events = json.load(f).get("Events", [])
        return {ev["EventId"]: ev for ev in events if isinstance(ev, dict) and isinstance(ev.get("EventId"), str)}
    except (OSError, ValueError, AttributeError):
        return {}


def run_hook(hook, ev, this_node, hook_timeout):
    env = dict(os.environ)
    env.update(
        {
            "VAST_EVENT_ID": str(ev.get("EventId", "")),
            "VAST_EVENT_TYPE": str(ev.get("EventType", "")),
            "VAST_EVENT_STATUS": str(ev.get("EventStatus", "")),
            "VAST_EVENT_NOT_BEFORE": str(ev.get("NotBefore", "")),
            "VAST_EVENT_RESOURCES": ",".join(str(r) for r in ev.get("Resources") or []),
            "VAST_EVENT_THIS_NODE": "1" if this_node else "0",
        }
    )
    # An argument vector, never a shell: nothing from the profile or from IMDS is parsed as shell code.
    try:
        done = subprocess.run(hook, input=json.dumps(ev).encode("utf-8"), env=env, timeout=hook_timeout,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if done.returncode == 0:
            log(6, "hook ok EventId=%s" % ev.get("EventId"))
        else:
            err = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            log(3, "hook failed EventId=%s exit=%d %s" % (ev.get("EventId"), done.returncode, err[0][:200]))
    except subprocess.TimeoutExpired:
        log(3, "hook timed out EventId=%s after %ss" % (ev.get("EventId"), hook_timeout))
    except OSError as e:
        log(3, "hook could not start EventId=%s (%s)" % (ev.get("EventId"), e.strerror or e))


def main():
    approve, hook, poll, timeout, hook_timeout = load_config()
    os.makedirs(STATE, exist_ok=True)
    handled = load_handled()  # event ids already announced (survives a restart: no second hook run)
    approved = set()
    known = load_known()  # the last document's events, so a restart still sees changes and ends
    node_name = None
    last_error = None
    log(6, "watching %s every %ss; auto-approve: %s; hook: %s" % (
        EVENTS_URL, poll, ",".join(approve) or "none", "yes" if hook else "none"))
    polls = 0
    while True:
        polls += 1
        try:
            doc, text = fetch_document(timeout)
        except ValueError as e:
            if str(e) != last_error:
                log(3, "imds error: %s; keeping the last document" % e)
            last_error = str(e)
        else:
            if last_error is not None:
                log(5, "imds answering again")
            last_error = None
            write_atomic(os.path.join(STATE, "last.json"), text)
            current = {ev["EventId"]: ev for ev in doc["Events"]}
            if node_name is None and (approve or hook):
                try:
                    node_name = request(NAME_URL, timeout).strip() or None
                except (urllib.error.URLError, OSError) as e:
                    node_name = None
                    log(3, "imds error: cannot read this node's name (%s); nothing is approved until it can"
                        % getattr(e, "reason", e))
            for eid, ev in current.items():
                this_node = node_name is not None and node_name in (ev.get("Resources") or [])
                if eid not in handled:
                    log(4, "new event %s" % describe(ev))
                    handled.add(eid)
                    write_atomic(os.path.join(STATE, "handled.json"), json.dumps(sorted(handled)))
                    if hook:
                        run_hook(hook, ev, this_node, hook_timeout)
                elif eid in known and (known[eid].get("EventStatus"), known[eid].get("NotBefore")) != (
                        ev.get("EventStatus"), ev.get("NotBefore")):
                    log(5, "changed event %s" % describe(ev))
                kind = ev.get("EventType")
                if (kind in approve and kind in APPROVABLE and ev.get("EventStatus") == "Scheduled"
                        and this_node and eid not in approved):
                    try:
                        request(EVENTS_URL, timeout, {"StartRequests": [{"EventId": eid}]})
                        approved.add(eid)
                        log(5, "approved event EventId=%s EventType=%s" % (eid, kind))
                    except (urllib.error.URLError, OSError) as e:
                        log(3, "approval failed EventId=%s (%s); retrying next poll" % (eid, getattr(e, "reason", e)))
            for eid in known:
                if eid not in current:
                    log(6, "ended event EventId=%s" % eid)
            known = current
            if handled - set(current):
                handled &= set(current)
                write_atomic(os.path.join(STATE, "handled.json"), json.dumps(sorted(handled)))
        if MAX_POLLS and polls >= MAX_POLLS:
            return 0
        time.sleep(poll)


if __name__ == "__main__":
    sys.exit(main())
