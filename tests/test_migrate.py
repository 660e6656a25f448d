"""`python -m interview_autopilot migrate`: SQLite -> the local node (a throwaway keyspace) ->
a new SQLite file ends identical; an interrupted run resumes to the same end; a re-run writes
nothing; an altered target row fails the verification with the difference listed; bad input
is one line and exit 2. Run in-process through `main` (argv and environment as a shell gives)."""

from __future__ import annotations

import dataclasses
import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from support.astra_emulation import AstraEmulation
from support.node import cassandra_test_settings

from interview_autopilot.cli.commands import main
from interview_autopilot.core import message_templates as templates
from interview_autopilot.core.audit import status_entry
from interview_autopilot.core.availability import CALENDAR, BusyBlock, LoadLimits, Pool
from interview_autopilot.core.candidate_messages import SentLine
from interview_autopilot.core.jobs import JobStatus, PanelSeat, PlanStage
from interview_autopilot.core.kits import FocusAttribute
from interview_autopilot.core.message_templates import TemplateName
from interview_autopilot.core.models import (
    Decision,
    Interview,
    InterviewDetail,
    InterviewStatus,
    Rating,
    UserRole,
    make_id,
    to_utc,
    utc_now,
)
from interview_autopilot.core.outbox import Channel, Kind, State
from interview_autopilot.core.reminder_log import ReminderLine
from interview_autopilot.features.sample import anchored_to, read_sample_data
from interview_autopilot.features.title_jobs import make_jobs_from_titles
from interview_autopilot.store.base import Store
from interview_autopilot.store.cassandra import CassandraStore
from interview_autopilot.store.sqlite import SqliteStore

DECIDED = 5  # sample interviews given a hiring decision before migrating


def source_file(path: Path) -> Path:
    """The sample data in a SQLite file, with hiring decisions, a status change and an edited
    feedback (audit entries) on top of the bulk load."""
    store = SqliteStore(path)
    store.bulk_load(anchored_to(read_sample_data(), utc_now()))
    done = store.list_interviews_by_status(InterviewStatus.COMPLETED, limit=DECIDED)
    for row in done.rows:
        detail = store.get_interview_detail(row.interview_id)
        assert detail is not None
        i = detail.interview
        at = to_utc(i.scheduled_end + timedelta(minutes=7))
        store.record_decision(i.interview_id, i.recruiter_id, "advance", "Strong panel", at)
    scheduled = store.list_interviews_by_status(InterviewStatus.SCHEDULED, limit=2).rows
    store.change_status(scheduled[0].interview_id, InterviewStatus.CANCELLED)
    store.change_status(scheduled[1].interview_id, InterviewStatus.CANCELLED)
    store.delete_interview(scheduled[1].interview_id)  # its audit trail stays
    rows = store.list_interviews_by_status(InterviewStatus.COMPLETED, limit=50).rows
    detail = store.get_interview_detail(next(r for r in rows if r.feedback_count).interview_id)
    assert detail is not None
    f = detail.feedback[0]
    store.submit_feedback(f.interview_id, f.user_id, "no", "On reflection, no.", f.submitted_at)
    store.close()
    return path


KIT = (
    FocusAttribute(
        "System design", ("Cannot", "Gaps", "Sound", "Teaches us"), ("Design a queue.",)
    ),
)


def with_records(path: Path) -> Path:
    """`source_file` plus what came after interviews: profiles (several roles, a time zone,
    working hours, links, one deactivated) with their trails, jobs made from the titles (which
    carries the interviews' decisions to applications; one job given a plan with a kit, one put
    on hold), applications moved by decisions, interviews linked to a plan stage, and a
    scorecard, and a candidate email's template in use."""
    source_file(path)
    store = SqliteStore(path)
    users = store.list_users(10_000)
    manager = next(u for u in users if u.role is UserRole.HIRING_MANAGER)
    recruiter = next(u for u in users if u.role is UserRole.RECRUITER)
    interviewer = next(u for u in users if u.role is UserRole.INTERVIEWER)
    store.update_person(
        dataclasses.replace(
            interviewer,
            other_roles=(UserRole.HIRING_MANAGER,),
            time_zone="Europe/Paris",
            working_hours="09:00-17:00",
        ),
        actor=recruiter.user_id,
    )
    gone = next(u for u in users if u.role is UserRole.INTERVIEWER and u != interviewer)
    store.update_person(dataclasses.replace(gone, active=False), actor=recruiter.user_id)
    someone = store.list_candidates(1)[0]
    store.update_candidate(dataclasses.replace(someone, links=("https://example.org/cv",)))
    make_jobs_from_titles(store)
    done = store.list_interviews_by_status(InterviewStatus.COMPLETED, limit=100).rows
    first = next(r for r in done if r.feedback_count)
    job = store.find_job_by_title(first.job_title)
    assert job is not None
    seat = (PanelSeat(UserRole.INTERVIEWER),)
    planned = store.update_job(
        dataclasses.replace(
            job,
            department="Engineering",
            hiring_manager_id=manager.user_id,
            recruiter_id=recruiter.user_id,
            plan=(PlanStage("Phone screen", 30, seat), PlanStage("Onsite", 60, seat, KIT)),
        ),
        actor=recruiter.user_id,
    )
    other = next(j for j in store.list_jobs(JobStatus.OPEN) if j.job_id != job.job_id)
    store.update_job(dataclasses.replace(other, status=JobStatus.ON_HOLD))
    at = utc_now()
    by_candidate: dict[uuid.UUID, Interview] = {}
    for r in done:
        i = store.get_interview(r.interview_id)
        if i is not None and store.find_job_by_title(i.job_title) == planned:
            by_candidate.setdefault(i.candidate_id, i)
    mine = list(by_candidate.values())[:3]
    for n, i in enumerate(mine):
        store.link_interview_stage(i.interview_id, planned.job_id, "Onsite")
        a = store.open_application(i.candidate_id, planned.job_id, actor=recruiter.user_id)
        call = ("advance", "reject", "hold")[n]
        store.decide_application(a.application_id, manager.user_id, call, f"Call {n}", a.stage, at)
    detail = next(
        d
        for i in mine
        if (d := store.get_interview_detail(i.interview_id)) is not None and d.feedback
    )
    f = detail.feedback[0]
    store.submit_feedback(
        f.interview_id,
        f.user_id,
        f.decision.value,
        f.comment,
        f.submitted_at,
        ratings=(Rating("System design", 3, "Clear"),),
    )
    draft = templates.with_draft(
        templates.blank(TemplateName.MOVED), "New time: {when}", "Hi {candidate_name}", None, at
    )
    store.save_message_template(templates.draft_in_use(draft, recruiter.user_id, at), 0)
    with_newer_records(store, planned.job_id, interviewer.user_id, mine[0], at)
    store.close()
    return path


def with_newer_records(
    store: SqliteStore, job_id: uuid.UUID, person: uuid.UUID, i: Interview, at: datetime
) -> None:
    """What came after jobs and applications: a plan stage renamed (it keeps its former name),
    busy blocks (one across midnight, one from a calendar), a person's own limits, a pool, the
    messages a candidate was sent, an interview's reminder clicks and last reminders, and the
    autopilot's pause switch."""
    job = store.get_job(job_id)
    assert job is not None
    renamed = dataclasses.replace(job.plan[0], name="Recruiter screen")
    job = store.update_job(dataclasses.replace(job, plan=(renamed, *job.plan[1:])))
    assert job.plan[0].former_names == ("Phone screen",)
    day = at.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=2)
    store.add_busy_blocks(
        [
            BusyBlock(
                person,
                make_id("block", "late"),
                day + timedelta(hours=22),
                day + timedelta(hours=26),
                "On call",
            ),
            BusyBlock(
                person,
                make_id("block", "cal"),
                day + timedelta(hours=9),
                day + timedelta(hours=10),
                "Dentist",
                CALENDAR,
            ),
        ]
    )
    store.set_interview_limits(person, LoadLimits(daily=2, weekly=6))
    store.save_pool(Pool(make_id("pool", "backend"), "Backend panel", (person, i.recruiter_id)))
    sent = SentLine(
        make_id("message", "1"),
        i.interview_id,
        at,
        Kind.CANDIDATE_MESSAGE,
        "Your interview",
        State.SENT,
    )
    store.record_candidate_message(i.candidate_id, sent)
    failed = dataclasses.replace(
        sent, message_id=make_id("message", "2"), state=State.FAILED, detail="550 no such mailbox"
    )
    store.record_candidate_message(i.candidate_id, failed)
    for n in range(2):
        assert store.land_nudge(i.interview_id, n, make_id("nudge", str(n)), i.recruiter_id, at)
    line = ReminderLine(person, at, Kind.NUDGE, Channel.EMAIL, State.SENT)
    store.record_reminder(i.interview_id, line)
    store.set_autopilot_paused(True, actor=i.recruiter_id, now=at)


def deleted_id(path: Path) -> uuid.UUID:
    """The interview source_file deleted (its trail is the only one without an interview)."""
    store = SqliteStore(path)
    try:
        page = store.scan_table("audit", 1000)
        ids = {uuid.UUID(str(r["interview_id"])) for r in page.rows}
        return next(i for i in ids if store.get_interview(i) is None)
    finally:
        store.close()


def everything(store: Store) -> dict[str, object]:
    """What the screens can read of a store, through its own list reads (not migrate's scans):
    counts, the directory, and every interview's detail (ATS time aside: a load derives it)."""
    details: dict[object, InterviewDetail] = {}
    for status in InterviewStatus:
        cursor = None
        while True:
            page = store.list_interviews_by_status(status, limit=100, after=cursor)
            for row in page.rows:
                detail = store.get_interview_detail(row.interview_id)
                assert detail is not None
                ats = detail.ats and dataclasses.replace(detail.ats, updated_at=utc_now())
                details[row.interview_id] = dataclasses.replace(
                    detail,
                    participants=sorted(detail.participants, key=lambda p: p.user_id),
                    feedback=sorted(detail.feedback, key=lambda f: f.user_id),
                    ats=ats and dataclasses.replace(ats, updated_at=None),
                )
            if (cursor := page.next_cursor) is None:
                break
    return {
        **records(store, details),
        "audit": {iid: store.list_audit(iid) for iid in details},
        "counts": store.count_by_status(),
        "users": sorted(store.list_users(10_000), key=lambda u: u.user_id),
        "candidates": sorted(store.list_candidates(10_000), key=lambda c: c.candidate_id),
        "details": details,
    }


def records(store: Store, details: dict[object, InterviewDetail]) -> dict[str, object]:
    """What the screens read beyond interviews: jobs with their plans and kits (the version and
    creation time aside: each store sets its own), their trails, the applications of every
    candidate with their decisions and trails, each job's counts by stage, each interview's
    plan stage and kit, each person's and candidate's profile trail."""
    listed = [job.job_id for status in JobStatus for job in store.list_jobs(status)]
    jobs = sorted(
        (dataclasses.replace(job, version=0) for j in listed if (job := store.get_job(j))),
        key=lambda j: j.job_id,
    )
    people = [u.user_id for u in store.list_users(10_000)]
    candidates = [c.candidate_id for c in store.list_candidates(10_000)]
    applications = [a for c in candidates for a in store.list_applications_by_candidate(c)]
    return {
        "jobs": jobs,
        "job audit": {j.job_id: store.list_job_audit(j.job_id) for j in jobs},
        "applications": applications,
        "application audit": {
            a.application_id: store.list_application_audit(a.application_id) for a in applications
        },
        "by job": {j.job_id: store.list_applications_by_job(j.job_id) for j in jobs},
        "application counts": {j.job_id: store.application_counts(j.job_id) for j in jobs},
        "stages": {i: store.get_interview_stage(i) for i in details},  # type: ignore[arg-type]
        "kits": {i: store.interview_kit(i) for i in details},  # type: ignore[arg-type]
        "profile audit": {p: store.list_profile_audit(p) for p in people + candidates},
        "templates": {  # the texts and who saved them last (each store counts its versions)
            n: dataclasses.replace(t, version=0) for n, t in store.message_templates().items()
        },
        **newer_records(store, people, candidates, list(details)),  # type: ignore[arg-type]
    }


def newer_records(
    store: Store,
    people: list[uuid.UUID],
    candidates: list[uuid.UUID],
    interviews: list[uuid.UUID],
) -> dict[str, object]:
    """Each person's busy blocks over the weeks around now and their own limits, the pools
    (each store sets its own version), each candidate's messages, each interview's reminder
    log, and whether the autopilot is paused."""
    now = utc_now()
    window = now - timedelta(days=30), now + timedelta(days=30)
    return {
        "busy blocks": {p: store.busy_blocks(p, *window) for p in people},
        "limits": {p: store.interview_limits(p) for p in people},
        "pools": [  # members are a set (Cassandra gives them back sorted)
            (p.pool_id, p.name, frozenset(p.members)) for p in store.list_pools()
        ],
        "candidate messages": {c: store.candidate_messages(c) for c in candidates},
        "reminders": {i: store.reminder_log(i) for i in interviews},
        "paused": store.autopilot_paused(),
    }


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["migrate", *args])
    return code, capsys.readouterr().err


@pytest.fixture
def src(tmp_path: Path) -> Path:
    return source_file(tmp_path / "source.db")


@pytest.fixture
def on_node(monkeypatch: pytest.MonkeyPatch, cassandra_store_factory) -> CassandraStore:
    """The test keyspace, emptied, named by CASSANDRA_* in the environment as a user would."""
    store = cassandra_store_factory()
    for name, value in cassandra_test_settings(store.keyspace).values.items():
        monkeypatch.setenv(name, value)
    return store


@dataclasses.dataclass
class Target:
    """Where a run copies to: `--to` as given, and the node's store when it is the node."""

    to: str
    node: CassandraStore | None
    copy: Path  # the SQLite target's file (unused when the target is the node)

    def state(self) -> dict[str, object]:
        """What the screens can read of the target after a run."""
        return everything(self.node) if self.node else snapshot(self.copy)


@pytest.fixture(params=["sqlite", "cassandra"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Target:
    """Each kind of target: a new SQLite file, or the test keyspace on the node (`on_node`)."""
    node = request.getfixturevalue("on_node") if request.param == "cassandra" else None
    copy = tmp_path / "copy.db"
    return Target("cassandra" if node else f"sqlite:{copy}", node, copy)


def snapshot(path: Path) -> dict[str, object]:
    store = SqliteStore(path)
    try:
        return everything(store)
    finally:
        store.close()


def decided(state: dict[str, object]) -> int:
    details = state["details"]
    assert isinstance(details, dict)
    return sum(1 for d in details.values() if d.ats and d.ats.decision)


def test_sqlite_to_sqlite_carries_everything_and_the_decisions(
    src: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dst, point = tmp_path / "copy.db", tmp_path / "cp.json"
    code, err = run(
        capsys, "--from", f"sqlite:{src}", "--to", f"sqlite:{dst}", "--checkpoint", str(point)
    )
    assert code == 0, err
    # The trail: the 5 decisions, 2 status changes and 1 feedback edit of `source_file`.
    assert "399 written" in err and f"audit entries: {DECIDED + 3} added" in err
    assert snapshot(src) == snapshot(dst)
    assert decided(snapshot(dst)) == DECIDED
    assert not point.exists()  # removed once verified


def test_round_trip_through_the_node_ends_identical_and_a_rerun_writes_nothing(
    tmp_path: Path, on_node: CassandraStore, capsys: pytest.CaptureFixture[str]
) -> None:
    """Interviews and everything added since (`with_records`), SQLite -> the node -> SQLite,
    then again: nothing written the second time."""
    src = with_records(tmp_path / "source.db")
    before = snapshot(src)
    jobs, applications = before["jobs"], before["applications"]
    assert isinstance(jobs, list) and isinstance(applications, list)
    assert any(j.plan for j in jobs)
    # three applications decided by hand, the others opened by carrying interview decisions
    assert len(applications) >= 3 and all(a.decision for a in applications)
    trails = before["profile audit"]
    assert isinstance(trails, dict) and sum(map(len, trails.values())) == 3
    assert any(s.former_names for j in jobs for s in j.plan)
    blocks, messages, reminders = (
        before["busy blocks"],
        before["candidate messages"],
        before["reminders"],
    )
    assert isinstance(blocks, dict) and sum(map(len, blocks.values())) == 2
    assert isinstance(messages, dict) and sum(map(len, messages.values())) == 2
    assert isinstance(reminders, dict) and sum(r.nudges for r in reminders.values()) == 2
    assert before["pools"] and before["paused"] is True
    point = str(tmp_path / "cp.json")
    code, err = run(capsys, "--from", f"sqlite:{src}", "--to", "cassandra", "--checkpoint", point)
    assert code == 0, err
    assert everything(on_node) == before
    back = tmp_path / "back.db"
    code, err = run(capsys, "--from", "cassandra", "--to", f"sqlite:{back}", "--checkpoint", point)
    assert code == 0, err
    after = snapshot(back)
    assert after == before
    assert decided(after) == DECIDED
    gone = deleted_id(src)
    with_trail = SqliteStore(back)
    assert len(with_trail.list_audit(gone)) == 1 and with_trail.get_interview(gone) is None
    with_trail.close()
    # Again: every interview is found identical, nothing is loaded, the data stays the same.
    code, err = run(capsys, "--from", f"sqlite:{src}", "--to", "cassandra", "--checkpoint", point)
    assert code == 0, err
    assert "0 written, 399 already identical" in err and "audit entries: 0 added" in err
    assert "jobs: 0 written" in err and "applications: 0 written" in err
    assert "application counts: 0 set" in err and "profile trail entries: 0 added" in err
    assert "busy blocks: 0 written" in err and "interview limits: 0 written" in err
    assert "pools: 0 written" in err and "candidate messages: 0 written" in err
    assert "reminder logs: 0 written" in err and "autopilot pause: unchanged" in err
    assert everything(on_node) == before


def test_an_interview_deleted_on_the_node_is_not_counted_nor_carried(
    tmp_path: Path, on_node: CassandraStore, capsys: pytest.CaptureFixture[str]
) -> None:
    on_node.bulk_load(anchored_to(read_sample_data(), utc_now()))
    gone = on_node.list_interviews_by_status(InterviewStatus.SCHEDULED, limit=1).rows[0]
    on_node.delete_interview(gone.interview_id)  # its partition keeps a version, no status
    back = tmp_path / "back.db"
    args = ["--from", "cassandra", "--to", f"sqlite:{back}", "--checkpoint", str(tmp_path / "c")]
    code, err = run(capsys, *args)
    assert code == 0, err
    assert "399 written" in err
    assert snapshot(back) == everything(on_node)


def test_an_interrupted_run_resumes_after_its_checkpoint(
    target: Target, src: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    point = tmp_path / "cp.json"
    args = ["--from", f"sqlite:{src}", "--to", target.to, "--checkpoint", str(point)]
    args += ["--chunk-size", "60"]
    code, err = run(capsys, *args, "--max-chunks", "2")
    assert code == 3, err
    assert "run the same command to resume" in err
    saved = json.loads(point.read_text())
    assert saved["done"] == 120 and saved["people_done"]
    code, err = run(capsys, *args, "--max-chunks", "1")  # a second interruption
    assert code == 3 and json.loads(point.read_text())["done"] == 180
    code, err = run(capsys, *args)
    assert code == 0, err
    assert "resuming after interview" in err and "219 written" in err  # only the rest
    assert target.state() == snapshot(src)
    assert not point.exists()


def test_an_altered_target_row_fails_the_verification_with_the_difference(
    target: Target, src: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--from", f"sqlite:{src}", "--to", target.to, "--checkpoint", str(tmp_path / "cp.json")]
    assert run(capsys, *args)[0] == 0
    altered = target.node or SqliteStore(target.copy)
    rows = altered.list_interviews_by_status(InterviewStatus.COMPLETED, limit=50).rows
    row = next(r for r in rows if r.feedback_count)
    detail = altered.get_interview_detail(row.interview_id)
    assert detail is not None and detail.feedback
    first = detail.feedback[0]
    altered.submit_feedback(
        first.interview_id,
        first.user_id,
        Decision.STRONG_NO.value,
        "Changed behind its back",
        first.submitted_at,
    )
    code, err = run(capsys, *args, "--verify-only", "--sample", "1000")
    assert code == 1, err
    assert f"difference: interview {row.interview_id}.feedback[" in err
    assert "comment: source " in err and "'Changed behind its back'" in err
    assert "verification failed" in err


def test_the_astra_path(
    src: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    astra: AstraEmulation,
    astra_store_factory,
) -> None:
    store = astra_store_factory()
    for name, value in astra.settings().values.items():
        monkeypatch.setenv(name, value)
    point = str(tmp_path / "cp.json")
    code, err = run(capsys, "--from", f"sqlite:{src}", "--to", "astra", "--checkpoint", point)
    assert code == 0, err
    assert f"-> astra:{astra.keyspace}" in err
    assert everything(store) == snapshot(src)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "mysql:x.db", "--to", "cassandra"], "--from takes sqlite:PATH"),
        (["--from", "sqlite:", "--to", "cassandra"], "--from takes sqlite:PATH"),
        (["--from", "sqlite:/nonexistent/a.db", "--to", "astra"], "no SQLite file at"),
        (["--from", "cassandra", "--to", "cassandra"], "are the same store"),
        (["--from", "cassandra", "--to", "sqlite:x.db", "--chunk-size", "0"], "--chunk-size"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = run(capsys, *args)
    assert code == 2
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_a_checkpoint_of_another_route_is_refused(
    src: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    point = tmp_path / "cp.json"
    point.write_text(
        json.dumps({"route": "elsewhere", "people_done": True, "done": 1, "last": None})
    )
    args = ["--from", f"sqlite:{src}", "--to", f"sqlite:{tmp_path / 'c.db'}"]
    code, err = run(capsys, *args, "--checkpoint", str(point))
    assert code == 2 and "is for elsewhere" in err and "--restart" in err
    code, err = run(capsys, *args, "--checkpoint", str(point), "--restart")
    assert code == 0, err


def test_import_audit_adds_only_what_the_trail_lacks(store: Store) -> None:
    gone = make_id("test-interview", "deleted")  # a trail outlives its interview
    at = to_utc(datetime(2026, 11, 2, 9, 30, tzinfo=UTC))
    trail = [
        status_entry(gone, at, None, InterviewStatus.SCHEDULED, InterviewStatus.COMPLETED),
        status_entry(gone, at, None, InterviewStatus.COMPLETED, InterviewStatus.NO_SHOW),  # same ms
        status_entry(
            gone, at + timedelta(hours=1), None, InterviewStatus.NO_SHOW, InterviewStatus.CANCELLED
        ),
    ]
    assert store.import_audit(gone, trail[1:2]) == 1
    assert store.import_audit(gone, trail) == 2
    assert store.import_audit(gone, trail) == 0
    assert [e.after for e in store.list_audit(gone)] == ["no_show", "completed", "cancelled"]
