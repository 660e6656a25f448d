"""Deterministic bench data at the density of "1M interviews a year" (see /MEASURE.md, Scale).

100k interviews over 5 weeks (about 2,860 a day), 80 % of them before the anchor and 20 % after,
whatever the size: 10k covers 3.5 days, 1M about 50 weeks. Candidates have 1–4 interviews a few
days apart, each with 2–4 participants; completed interviews have feedback (some still awaited),
a few past ones were never marked (past due). Everything comes from `random.Random` seeded with
42 (one stream per kind of record) and ids are uuid5, so every run loads the same records. Only
the users are held in memory: candidates and interviews are generated as they are read.

For the scheduling and autopilot figures: every person has a time zone and working hours (a
stream of their own, so the names stay as they were), interviewers are grouped in pools of
POOL_SIZE, the find-times panel is three interviewers with busy blocks on the window's business
days, and the outbox holds what the write path would have queued for the interviews booked or
ended in the last OUTBOX_HOURS (invites and reminder plans).
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from interview_autopilot.core import interview_reminders, messages
from interview_autopilot.core.availability import HAND, BusyBlock, Pool
from interview_autopilot.core.jobs import Job, PanelSeat, PlanStage
from interview_autopilot.core.models import (
    Candidate,
    Decision,
    Feedback,
    Interview,
    InterviewRecord,
    InterviewStatus,
    SampleData,
    User,
    UserRole,
    make_id,
)
from interview_autopilot.core.outbox import Message

SEED = 42
ANCHOR = datetime(2026, 11, 26, 12, tzinfo=UTC)  # "now" of the data set
PER_DAY = 100_000 / 35
PAST_SHARE = 0.8
ROUNDS = ([1, 2, 3, 4], [20, 30, 30, 20])  # interviews per candidate: 2.5 on average
FIRST = "Aisha Anders Astrid Bogdan Camille Chen Dmitri Elif Emeka Farah Hana Ingrid Jamal Kai"
FIRST += " Kenji Laila Lucas Malik Mateo Mei Nadia Nikhil Nora Omar Priya Rafael Sana Sofia Wei"
LAST = "Abara Bianchi Castillo Chen Dubois Eriksen Fischer Garcia Haddad Kapoor Kim Kowalski"
LAST += " Larsen Li Mendoza Moreau Nakamura Nguyen Novak Okafor Patel Rossi Sato Silva Singh"
JOBS = [
    "Senior Backend Engineer",
    "Frontend Engineer",
    "Data Engineer",
    "Site Reliability Engineer",
    "Product Manager",
    "Data Scientist",
    "Engineering Manager",
    "Security Engineer",
]
ZONES = ["Europe/Berlin", "America/New_York", "Europe/London", "Asia/Kolkata", "UTC"]
HOURS = ["09:00-17:00", "08:30-16:30", "10:00-18:00"]
POOL_SIZE = 20  # interviewers per pool
PANEL = 3  # people of the find-times panel
BOOKED_AHEAD = timedelta(hours=12)  # an interview is booked this long before it starts
HISTORY_A_WEEK = 13  # an interviewer's interviews a week at 1M a year (~650 a year)
OUTBOX_HOURS = 30  # the outbox holds what was queued this far back (a pass looks back 24 h)
OPENERS = {
    Decision.STRONG_YES: "Outstanding interview, one of the strongest this year.",
    Decision.YES: "Solid performance overall; meets the bar for this role.",
    Decision.NO: "Has potential but did not meet the bar for this level.",
    Decision.STRONG_NO: "Clear no: struggled with the core of the exercise.",
}
DETAILS = [
    "Explained trade-offs clearly and asked sharp questions.",
    "Structured the problem well before diving into details.",
    "Needed hints to make progress on the main exercise.",
    "Testing and edge cases were not considered until prompted.",
    "Communication was clear and the collaboration felt natural.",
]


def _names(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST.split()), rng.choice(LAST.split())


@dataclass(frozen=True)
class BenchData:
    """The bench data set of `size` interviews (see the module doc)."""

    size: int

    @property
    def span(self) -> timedelta:
        return timedelta(days=self.size / PER_DAY)

    @property
    def start(self) -> datetime:
        return ANCHOR - self.span * PAST_SHARE

    @property
    def user_count(self) -> int:
        """About 200 interviews per person: a panel member sits on ~650, a recruiter ~2,000."""
        return max(30, self.size // 200)

    def users(self) -> list[User]:
        rng = random.Random(f"{SEED}:users")
        hours = random.Random(f"{SEED}:hours")
        count = self.user_count
        out = []
        for k in range(count):
            role = (
                UserRole.RECRUITER
                if k < count // 10
                else UserRole.HIRING_MANAGER
                if k < count // 4
                else UserRole.INTERVIEWER
            )
            first, last = _names(rng)
            handle = f"{first.lower()}.{last.lower()}.{k}"
            out.append(
                User(
                    make_id("bench-user", str(k)),
                    f"{first} {last}",
                    f"{handle}@example.com",
                    role,
                    f"@{handle}",
                    time_zone=hours.choice(ZONES),
                    working_hours=hours.choice(HOURS),
                )
            )
        return out

    def interviewers(self) -> list[User]:
        return [u for u in self.users() if u.role is UserRole.INTERVIEWER]

    def pools(self) -> list[Pool]:
        """The interviewers in pools of POOL_SIZE, named after the jobs (in turn)."""
        people = [u.user_id for u in self.interviewers()]
        return [
            Pool(
                make_id("bench-pool", str(n)),
                f"{JOBS[n % len(JOBS)]} #{n // len(JOBS) + 1}",
                tuple(people[k : k + POOL_SIZE]),
            )
            for n, k in enumerate(range(0, len(people), POOL_SIZE))
        ]

    def panel(self) -> list[User]:
        """The find-times panel: three interviewers spread over the directory, all in the
        first zone's (people of zones whose working hours never meet have no common slot)."""
        people = [p for p in self.interviewers() if p.time_zone == ZONES[0]]
        return [people[len(people) * n // PANEL] for n in range(PANEL)]

    def find_job(self) -> Job:
        """A job whose one stage names the panel (not stored: finding times reads the plan
        handed to it)."""
        seats = tuple(PanelSeat(UserRole.INTERVIEWER, u.user_id) for u in self.panel())
        recruiter = self.users()[0].user_id
        stage = PlanStage("Technical", 60, seats)
        return Job(make_id("bench-job", "find"), JOBS[0], recruiter_id=recruiter, plan=(stage,))

    def busy_blocks(self, days: int) -> list[BusyBlock]:
        """One to three blocks (30 to 120 minutes, in working hours UTC) on each business day of
        the `days` days from the anchor, for each person of the panel."""
        rng = random.Random(f"{SEED}:blocks")
        out = []
        for person in self.panel():
            for d in range(days):
                day = (ANCHOR + timedelta(days=d)).replace(hour=0, minute=0)
                if day.weekday() >= 5:
                    continue
                for b in range(rng.randint(1, 3)):
                    start = day + timedelta(minutes=rng.randrange(8 * 60, 17 * 60, 15))
                    end = start + timedelta(minutes=rng.choice([30, 60, 90, 120]))
                    key = f"{person.user_id}|{d}|{b}"
                    out.append(
                        BusyBlock(person.user_id, make_id("bench-block", key), start, end, "Busy")
                    )
        return [BusyBlock(b.person_id, b.block_id, b.start, b.end, "Focus time", HAND) for b in out]

    def panel_history(self, weeks: int) -> SampleData:
        """HISTORY_A_WEEK past interviews a week of the whole panel, for `weeks` weeks ending a
        week before the data's start (each with its own candidate; beyond the 8 days before the
        window that count as load): years of history for the find-times
        figure, at an interviewer's pace at 1M a year."""
        panel = [(u.user_id, u.role) for u in self.panel()]
        recruiter = self.users()[0].user_id
        out = SampleData(users=[], candidates=[], interviews=[], participants=[], feedback=[])
        first = self.start.replace(hour=0, minute=0, second=0, microsecond=0)
        for w in range(1, weeks + 1):
            monday = first - timedelta(weeks=w + 1, days=first.weekday())  # a week apart
            for n in range(HISTORY_A_WEEK):
                key = f"{w}#{n}"
                candidate = Candidate(
                    make_id("bench-history-candidate", key),
                    f"History {key}",
                    f"history.{w}.{n}@example.org",
                    "",
                )
                start = monday + timedelta(days=n % 5, hours=9 + n // 5)
                interview = Interview(
                    make_id("bench-history-interview", key),
                    candidate.candidate_id,
                    recruiter,
                    JOBS[n % len(JOBS)],
                    start,
                    start + timedelta(hours=1),
                    InterviewStatus.COMPLETED,
                    "",
                )
                out.candidates.append(candidate)
                out.interviews.append(interview)
                out.participants.extend((interview.interview_id, u, r) for u, r in panel)
        return out

    def outbox(self) -> Iterator[list[Message]]:
        """What the write path would have queued, one batch per interview, for the interviews
        booked (BOOKED_AHEAD before their start) or ended in the OUTBOX_HOURS before the anchor:
        the invites to the panel and the reminder plans."""
        users = {u.user_id: u for u in self.users()}
        since = ANCHOR - timedelta(hours=OUTBOX_HOURS)
        for record in self.records():
            i = record.interview
            panel = [users[u] for u, _role in record.participants]
            booked = i.scheduled_start - BOOKED_AHEAD
            batch: list[Message] = []
            if since <= booked <= ANCHOR:
                batch += messages.invite_messages(i, panel, booked, 0)
                batch.append(interview_reminders.plan_message(i, booked))
            if since <= i.scheduled_end <= ANCHOR:
                batch.append(messages.plan_message(i, i.scheduled_end - BOOKED_AHEAD))
            if batch:
                yield batch

    def _plan(self) -> Iterator[int]:
        """The number of interviews of each candidate, in order, `size` in all."""
        rng, left = random.Random(SEED), self.size
        while left > 0:
            rounds = min(left, rng.choices(*ROUNDS)[0])
            left -= rounds
            yield rounds

    @property
    def candidate_count(self) -> int:
        return sum(1 for _ in self._plan())

    def candidates(self) -> Iterator[Candidate]:
        rng = random.Random(f"{SEED}:candidates")
        for n in range(self.candidate_count):
            first, last = _names(rng)
            job = rng.choice(JOBS)
            years = rng.randint(2, 15)
            resume = (
                f"{first} {last} — {job} with {years} years of experience.\n\n"
                f"Experience\n- Led a migration of a monolith to services.\n"
                f"- Cut p95 latency of the core API by {rng.randint(10, 60)}%.\n\n"
                f"Skills: Python, SQL, {rng.choice(['Go', 'Kafka', 'React', 'Spark'])}"
            )
            yield Candidate(
                make_id("bench-candidate", str(n)),
                f"{first} {last}",
                f"{first.lower()}.{last.lower()}.{n}@example.org",
                resume,
            )

    def records(self) -> Iterator[InterviewRecord]:
        """Every interview with its panel and feedback, candidate by candidate."""
        rng = random.Random(f"{SEED}:interviews")
        users = self.users()
        recruiters = [u.user_id for u in users if u.role is UserRole.RECRUITER]
        panelists = [u.user_id for u in users if u.role is not UserRole.RECRUITER]
        roles = {u.user_id: u.role for u in users}
        count = self.candidate_count
        span_minutes = int(self.span.total_seconds() // 60)
        for n, rounds in enumerate(self._plan()):
            candidate_id = make_id("bench-candidate", str(n))
            recruiter = rng.choice(recruiters)
            job = rng.choice(JOBS)
            quality = rng.gauss(0.2, 0.9)
            offset = (n * span_minutes) // count + rng.randrange(60)
            for r in range(rounds):
                if r:  # the next round a few days later (wrapping round the span)
                    offset += rng.randint(2, 7) * 1440 + rng.randrange(-120, 121)
                start = self.start + timedelta(minutes=offset % span_minutes // 5 * 5)
                end = start + timedelta(minutes=rng.choice([45, 60]))
                interview = Interview(
                    make_id("bench-interview", f"{n}#{r}"),
                    candidate_id,
                    recruiter,
                    job,
                    start,
                    end,
                    _status(rng, end),
                    f"https://meet.example.com/{n}-{r}",
                )
                panel = rng.sample(panelists, rng.randint(2, 4))
                feedback = _feedback(rng, interview, panel, quality)
                yield InterviewRecord(interview, tuple((u, roles[u]) for u in panel), feedback)


def _status(rng: random.Random, end: datetime) -> InterviewStatus:
    if end > ANCHOR:
        return rng.choices([InterviewStatus.SCHEDULED, InterviewStatus.CANCELLED], [92, 8])[0]
    if ANCHOR - end < timedelta(days=3) and rng.random() < 0.1:
        return InterviewStatus.SCHEDULED  # nobody marked it yet: past due
    statuses = [InterviewStatus.COMPLETED, InterviewStatus.CANCELLED, InterviewStatus.NO_SHOW]
    return rng.choices(statuses, [80, 12, 8])[0]


def _decision(rng: random.Random, quality: float) -> Decision:
    score = quality + rng.gauss(0, 0.9)
    if score < -1.0:
        return Decision.STRONG_NO
    if score < 0:
        return Decision.NO
    return Decision.YES if score < 1.0 else Decision.STRONG_YES


def _feedback(
    rng: random.Random, interview: Interview, panel: list[uuid.UUID], quality: float
) -> tuple[Feedback, ...]:
    """Feedback of a completed (or past-due) interview: most of the panel, within two days."""
    past = interview.scheduled_end <= ANCHOR
    if not past or interview.status not in (InterviewStatus.COMPLETED, InterviewStatus.SCHEDULED):
        return ()
    share = 0.85 if interview.status is InterviewStatus.COMPLETED else 0.4
    out = []
    for user_id in panel:
        submitted = interview.scheduled_end + timedelta(minutes=rng.randint(60, 48 * 60))
        if rng.random() >= share or submitted > ANCHOR:
            continue
        decision = _decision(rng, quality)
        comment = " ".join([OPENERS[decision], *rng.sample(DETAILS, rng.randint(1, 2))])
        out.append(Feedback(interview.interview_id, user_id, decision, comment, submitted))
    return tuple(out)
