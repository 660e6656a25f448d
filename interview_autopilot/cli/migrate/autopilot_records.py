"""What a migration carries of the autopilot's records (docs/autopilot.md): the messages each
candidate was sent (their page), each interview's reminder log ("Send a reminder now" clicks
and the last reminder to each person) and the pause switch. Each is compared with what the
target holds and written only where it differs (a re-run writes nothing).

The outbox itself (attempts queued, claimed or ended) is not carried: it is the worker's queue
of the store it runs against. Stop the workers before migrating; the source's ended attempts
stay listed there, and what the target's worker queues from then on is its own.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable

from ...core.models import utc_now
from ...store import Store
from . import read

Say = Callable[[str], None]


def copy_candidate_messages(source: Store, target: Store, say: Say) -> None:
    """Each candidate's messages as their page lists them (one line per message)."""
    written = same = 0
    for candidate in read.ids(source, "candidates", "candidate_id"):
        held = set(target.candidate_messages(candidate))
        for line in source.candidate_messages(candidate):
            if line in held:
                same += 1
            else:
                target.record_candidate_message(candidate, line)
                written += 1
    say(f"candidate messages: {written} written, {same} already identical")


def copy_reminder_logs(
    source: Store, target: Store, interviews: Iterable[uuid.UUID], problems: list[str]
) -> tuple[int, int]:
    """The reminder logs of `interviews`: the last reminder to each person, and the clicks of
    "Send a reminder now" up to the source's count, the last one's maker and time as the
    source has them (a click lands only on the count it read, so the target's count is raised
    one at a time). (logs written, logs already identical)."""
    written = same = 0
    for iid in interviews:
        log, held = source.reminder_log(iid), target.reminder_log(iid)
        if log == held:
            same += bool(log.nudges or log.last)
            continue
        for recipient, line in log.last.items():
            if held.last.get(recipient) != line:
                target.record_reminder(iid, line)
        if log.change is not None and log.nudged_at is not None:
            for seen in range(held.nudges, log.nudges):
                target.land_nudge(iid, seen, log.change, log.nudged_by, log.nudged_at)
        if target.reminder_log(iid) != log:
            problems.append(
                f"interview {iid}: reminder log not carried: the target holds other clicks"
            )
        written += 1
    return written, same


def copy_pause(source: Store, target: Store, say: Say) -> None:
    """The autopilot's pause switch."""
    paused = source.autopilot_paused()
    if target.autopilot_paused() == paused:
        say("autopilot pause: unchanged")
        return
    target.set_autopilot_paused(paused, now=utc_now())
    say(f"autopilot pause: set to {'paused' if paused else 'running'}")
