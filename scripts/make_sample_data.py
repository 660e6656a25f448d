"""Generate the deterministic sample data in data/sample/: `python scripts/make_sample_data.py`.

Everything comes from `random.Random(42)` and a fixed anchor date, never the wall clock, so a
rerun rewrites the committed files byte for byte (tests/test_sample.py checks that).
"""

from __future__ import annotations

import json
import random
import string
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from interview_autopilot.core import applications as app_rules
from interview_autopilot.core.domain import decision_disagrees, recommend
from interview_autopilot.core.filters import job_key
from interview_autopilot.core.jobs import Job, PlanStage, job_id_for
from interview_autopilot.core.models import (
    Decision,
    HiringCall,
    InterviewStatus,
    Recommendation,
    UserRole,
    make_id,
)

ROOT = Path(__file__).resolve().parent.parent
SEED = 42
ANCHOR = datetime(2026, 11, 26, tzinfo=UTC)  # "now" of the data set
OUT_DIR = ROOT / "data" / "sample"


def add_months(value: datetime, months: int) -> datetime:
    """`value` moved by whole calendar months (the anchor's day exists in every month)."""
    index = value.year * 12 + value.month - 1 + months
    return value.replace(year=index // 12, month=index % 12 + 1)


def words(text: str) -> list[str]:
    return text.split()


WINDOW_START = add_months(ANCHOR, -3)
WINDOW_END = add_months(ANCHOR, 2)

FIRST_NAMES = words("""
Aisha Alejandro Amara Anders Ananya Astrid Bogdan Camille Chen Chiara Dmitri Elif
Emeka Esther Farah Gabriel Hana Hiroshi Ingrid Isabela Jamal Javier Jonas Julia Kai Kavya Kenji
Kwame Laila Lars Leila Lucas Malik Maria Mateo Mei Mohammed Nadia Naledi Nikhil Nora Oksana Omar
Pablo Priya Rafael Rania Ravi Rosa Samir Sana Sofia Tariq Thandiwe Tomasz Uma Valentina Wei
Yara Yusuf Zara Zoltan Olivia Ethan Grace Liam Chloe Noah""")
LAST_NAMES = words("""
Abara Adeyemi Andersson Bianchi Brennan Castillo Chatterjee Chen Costa Dubois
Eriksen Fernandes Fischer Garcia Haddad Hashemi Hoffmann Ivanova Jansen Kapoor Kim Kowalski
Kuznetsov Larsen Li Lindqvist Mahlangu Martins Mbeki Mendoza Moreau Mueller Nakamura Nguyen
Novak Okafor Olsen Ortiz Osei Park Patel Petrov Quinn Rahman Rossi Sato Schmidt Silva Singh
Suzuki Tanaka Torres Varga Walsh Wang Yamamoto Yilmaz Zhang Zielinski Murphy Reyes Hughes""")

# Job title, its skills, what the work is about.
JOBS = [
    ("Senior Backend Engineer", "Python Go PostgreSQL Kafka gRPC Docker", "distributed services"),
    ("Frontend Engineer", "TypeScript React CSS Accessibility Vite Playwright", "web interfaces"),
    ("Data Engineer", "Python Spark Airflow SQL dbt Cassandra", "data pipelines"),
    ("Site Reliability Engineer", "Kubernetes Terraform Prometheus Linux Go AWS", "production"),
    ("Machine Learning Engineer", "Python PyTorch MLOps SQL Feature-stores", "model serving"),
    ("Product Manager", "Roadmapping Discovery SQL Analytics Stakeholders Writing", "B2B SaaS"),
    ("Product Designer", "Figma Prototyping User-research Design-systems", "product design"),
    ("Data Scientist", "Python Statistics A/B-testing SQL Pandas Causal-inference", "analytics"),
    ("Engineering Manager", "Hiring Coaching Delivery Architecture Planning", "team leadership"),
    ("QA Automation Engineer", "Pytest Selenium Playwright CI Test-design", "test automation"),
    ("iOS Engineer", "Swift SwiftUI Combine Xcode Core-Data", "mobile apps"),
    ("Security Engineer", "Threat-modeling AppSec Python IAM Incident-response", "security"),
]
COMPANIES = words("""
Northwind Globex Initech Umbrella-Labs Hooli Vandelay Stark-Retail Wayne-Logistics
Acme-Analytics Soylent Cyberdyne Tyrell Aperture Wonka-Foods Pied-Piper Oscorp""")
ACHIEVEMENTS = [
    "cut p95 latency of the core API by 40%",
    "led the migration of a monolith to a dozen services",
    "owned the on-call rotation and halved incident count",
    "shipped a self-serve onboarding flow used by 20k customers",
    "built the reporting pipeline behind the quarterly board deck",
    "mentored four junior colleagues to their first promotion",
    "introduced contract tests that caught regressions before release",
    "ran the discovery that reshaped the product roadmap",
    "rebuilt the design system used by five product teams",
    "reduced cloud spend by a third without losing capacity",
]
TRAITS = [
    "Known for clear written communication and pragmatic trade-offs.",
    "Enjoys pairing, code review and turning vague problems into plans.",
    "Comfortable owning work end to end, from design doc to production.",
    "Looking for a team with a strong culture of learning and ownership.",
]
PAST_STATUSES = (
    [InterviewStatus.COMPLETED, InterviewStatus.CANCELLED, InterviewStatus.NO_SHOW],
    [80, 12, 8],
)
FUTURE_STATUSES = ([InterviewStatus.SCHEDULED, InterviewStatus.CANCELLED], [92, 8])
OPENERS = {
    Decision.STRONG_YES: [
        "Outstanding interview; {first} is one of the strongest candidates I have seen this year.",
        "Strong hire: {first} was excellent across every area we covered.",
    ],
    Decision.YES: [
        "Solid performance overall and I would be happy to work with {first}.",
        "{first} did well and meets the bar for this role.",
        "Good interview with a few rough edges, but a hire from me.",
    ],
    Decision.NO: [
        "{first} has potential but did not meet the bar for this level.",
        "Mixed interview; I am leaning no for this role.",
        "Not quite there yet: the fundamentals were fine but depth was missing.",
    ],
    Decision.STRONG_NO: [
        "Clear no: {first} struggled with the core of the exercise.",
        "I would not move forward; there were significant gaps throughout.",
    ],
}
DETAILS_GOOD = [
    "Explained trade-offs around {skill} clearly and asked sharp questions.",
    "Structured the problem well before diving into details.",
    "Communication was clear and the collaboration felt natural.",
    "Showed real depth in {skill} with concrete examples from past work.",
    "Handled the follow-up questions calmly and adjusted the approach.",
]
DETAILS_BAD = [
    "Had trouble going beyond the basics of {skill}.",
    "Needed a lot of hints to make progress on the main exercise.",
    "Answers stayed vague when I asked for specific examples.",
    "Testing and edge cases were not considered until prompted.",
    "Ran out of time before reaching a working solution.",
]


def iso(value: datetime) -> str:
    """UTC timestamp in whole seconds with a Z suffix."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def slug(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


def unique_names(rng: random.Random, count: int, taken: set[str]) -> list[tuple[str, str]]:
    """`count` (first, last) pairs whose 'first.last' is not in `taken` (which grows)."""
    names = []
    while len(names) < count:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        key = f"{slug(first)}.{slug(last)}"
        if key not in taken:
            taken.add(key)
            names.append((first, last))
    return names


def make_users(rng: random.Random, taken: set[str]) -> list[dict]:
    roles = [UserRole.RECRUITER] * 6 + [UserRole.INTERVIEWER] * 18 + [UserRole.HIRING_MANAGER] * 6
    users = []
    for role, (first, last) in zip(roles, unique_names(rng, len(roles), taken), strict=True):
        handle = f"{slug(first)}.{slug(last)}"
        email = f"{handle}@example.com"
        user_id, name = str(make_id("user", email)), f"{first} {last}"
        users.append(
            dict(
                user_id=user_id, name=name, email=email, role=role.value, slack_handle=f"@{handle}"
            )
        )
    return users


def make_resume(rng: random.Random, first: str, last: str, job: tuple[str, str, str]) -> str:
    title, skills, focus = job
    end_year, lines = ANCHOR.year, []
    for company, achievement in zip(
        rng.sample(COMPANIES, rng.randint(2, 3)), rng.sample(ACHIEVEMENTS, 3), strict=False
    ):
        start_year = end_year - rng.randint(1, 4)
        until = "present" if end_year == ANCHOR.year else str(end_year)
        lines.append(f"- {start_year}–{until}: {company.replace('-', ' ')}, {achievement}.")
        end_year = start_year
    years = ANCHOR.year - end_year + rng.randint(0, 4)  # earlier jobs not listed
    summary = (
        f"{first} {last} — {title} with {years} years of experience in {focus}. "
        f"{rng.choice(TRAITS)}"
    )
    skill_list = ", ".join(s.replace("-", " ") for s in rng.sample(skills.split(), 4))
    return f"{summary}\n\nExperience\n" + "\n".join(lines) + f"\n\nSkills: {skill_list}"


def make_comment(rng: random.Random, decision: Decision, first: str, job: tuple) -> str:
    skill = rng.choice(job[1].split()).replace("-", " ")
    details = DETAILS_GOOD if decision.score > 0 else DETAILS_BAD
    sentences = [rng.choice(OPENERS[decision]), *rng.sample(details, rng.randint(0, 2))]
    return " ".join(sentences).format(first=first, skill=skill)


def decide(rng: random.Random, quality: float) -> Decision:
    """A decision around the candidate's quality, so recommendations differ per candidate."""
    score = quality + rng.gauss(0, 0.9)
    if score < -1.0:
        return Decision.STRONG_NO
    if score < 0:
        return Decision.NO
    return Decision.YES if score < 1.0 else Decision.STRONG_YES


def video_link(rng: random.Random) -> str:
    code = "-".join("".join(rng.choices(string.ascii_lowercase, k=k)) for k in (3, 4, 3))
    return f"https://meet.example.com/{code}"


def schedule_days(rng: random.Random, count: int) -> list[datetime]:
    """`count` weekdays in the window, 3–10 days apart (one candidate's rounds)."""
    gaps = [rng.randint(3, 10) for _ in range(count - 1)]
    last_first = (WINDOW_END - WINDOW_START).days - sum(gaps) - 3 * count  # room for weekends
    day = WINDOW_START + timedelta(days=rng.randint(0, last_first))
    days = []
    for gap in [0, *gaps]:
        day += timedelta(days=gap)
        while day.weekday() >= 5:  # working days only
            day += timedelta(days=1)
        days.append(day)
    return days


def make_interviews(rng: random.Random, users: list[dict], taken: set[str]) -> tuple:
    """Candidates and their 1–4 rounds each (400 interviews), plus what feedback needs."""
    by_role = {role: [u for u in users if u["role"] == role.value] for role in UserRole}
    managers = by_role[UserRole.HIRING_MANAGER]
    job_manager = {job[0]: managers[i // 2] for i, job in enumerate(JOBS)}
    counts = [1] * 150
    while sum(counts) < 400:
        i = rng.randrange(len(counts))
        counts[i] = min(4, counts[i] + 1)

    candidates, interviews, context = [], [], {}
    for (first, last), rounds in zip(unique_names(rng, len(counts), taken), counts, strict=True):
        job = rng.choice(JOBS)
        email = f"{slug(first)}.{slug(last)}@{rng.choice(['example.org', 'example.net'])}"
        candidate_id = str(make_id("candidate", email))
        resume = make_resume(rng, first, last, job)
        candidates.append(
            dict(candidate_id=candidate_id, name=f"{first} {last}", email=email, resume_text=resume)
        )
        quality, recruiter = rng.gauss(0.2, 0.9), rng.choice(by_role[UserRole.RECRUITER])
        for number, day in enumerate(schedule_days(rng, rounds)):
            if number and rng.random() < 0.1:  # moved to another opening mid-process
                job = rng.choice(JOBS)
            hour, minute = rng.choice([8, 9, 10, 11, 13, 14, 15, 16]), rng.choice([0, 30])
            start = day.replace(hour=hour, minute=minute)
            end = start + timedelta(minutes=rng.choice([45, 60]))
            manager = job_manager[job[0]] if rng.random() < 0.2 + 0.15 * number else None
            size = rng.randint(1, 3) if manager else rng.randint(2, 3)
            panel = rng.sample(by_role[UserRole.INTERVIEWER], size) + ([manager] if manager else [])
            if end <= ANCHOR:
                choices, weights = PAST_STATUSES
            else:
                choices, weights = FUTURE_STATUSES
            interview_id = str(make_id("interview", f"{email}#{number + 1}"))
            interviews.append(
                dict(
                    interview_id=interview_id,
                    candidate_id=candidate_id,
                    recruiter_id=recruiter["user_id"],
                    job_title=job[0],
                    scheduled_start=start,
                    scheduled_end=end,
                    status=rng.choices(choices, weights=weights)[0],
                    video_link=video_link(rng),
                    participants=[dict(user_id=u["user_id"], role=u["role"]) for u in panel],
                )
            )
            context[interview_id] = (first, job, quality)
    interviews.sort(key=lambda i: (i["scheduled_start"], i["interview_id"]))

    # A few recent interviews nobody marked completed, with part of their feedback in.
    recent = [
        i
        for i in interviews
        if i["status"] is InterviewStatus.COMPLETED
        and ANCHOR - timedelta(days=12) <= i["scheduled_start"] < ANCHOR - timedelta(days=3)
    ]
    for interview in rng.sample(recent, 6):
        interview["status"] = InterviewStatus.SCHEDULED
    return candidates, interviews, context


def make_feedback(rng: random.Random, interviews: list[dict], context: dict) -> list[dict]:
    """Feedback of completed (and past, still scheduled) interviews; some of it still awaited."""
    feedback = []
    for interview in interviews:
        panel = [p["user_id"] for p in interview["participants"]]
        interview_end = interview["scheduled_end"]
        if interview["status"] is InterviewStatus.COMPLETED:
            authors = [u for u in panel if rng.random() < 0.85]
        elif interview["status"] is InterviewStatus.SCHEDULED and interview_end < ANCHOR:
            authors = rng.sample(panel, rng.randint(1, len(panel) - 1))
        else:
            continue
        first, job, quality = context[interview["interview_id"]]
        for user_id in authors:
            submitted = interview_end + timedelta(seconds=rng.randint(3 * 3600, 48 * 3600))
            decision = decide(rng, quality)
            comment = make_comment(rng, decision, first, job)
            if submitted <= ANCHOR:  # later ones are still awaited
                feedback.append(
                    dict(
                        interview_id=interview["interview_id"],
                        user_id=user_id,
                        decision=decision.value,
                        comment=comment,
                        submitted_at=iso(submitted),
                    )
                )
    return feedback


def generate(seed: int = SEED) -> dict[str, str]:
    """The sample data set: file name -> file text (identical for identical seeds)."""
    rng = random.Random(seed)
    taken: set[str] = set()  # 'first.last' already used, so every email is unique
    users = make_users(rng, taken)
    candidates, interviews, context = make_interviews(rng, users, taken)
    feedback = make_feedback(rng, interviews, context)
    # The team's jobs and applications come from a random stream of their own, so adding them
    # left every file above as it was.
    jobs = make_jobs(users, interviews)
    applications = make_applications(random.Random(seed + 1), jobs, interviews, feedback)

    for interview in interviews:
        for key in ("scheduled_start", "scheduled_end"):
            interview[key] = iso(interview[key])
        interview["status"] = interview["status"].value

    meta = dict(generator="scripts/make_sample_data.py", seed=seed, anchor=iso(ANCHOR))
    meta.update(window_start=iso(WINDOW_START), window_end=iso(WINDOW_END))
    files = [meta, users, candidates, interviews, feedback, jobs, applications]
    names = ["meta.json", "users.json", "candidates.json", "interviews.json", "feedback.json"]
    names += ["jobs.json", "applications.json"]
    texts = {
        name: json.dumps(body, indent=1, ensure_ascii=False) + "\n"
        for name, body in zip(names, files, strict=True)
    }
    texts["README.md"] = README.format(anchor=iso(ANCHOR), seed=seed)
    return texts


# --- the team's jobs, with their interview plans, and the candidates' applications ----------
DEPARTMENTS = {
    "Product Manager": "Product",
    "Product Designer": "Design",
    "Data Scientist": "Data",
    "Data Engineer": "Data",
    "Machine Learning Engineer": "Data",
    "Engineering Manager": "Engineering",
}
LOCATIONS = ["Berlin", "Remote (Europe)", "London", "Lisbon"]


def attribute(name: str, low: str, high: str, question: str) -> dict:
    """A focus attribute of a kit: its rubric (what 1 and 4 mean; 2 and 3 left to judgement)
    and one suggested question."""
    return dict(name=name, rubric=[low, "", "", high], questions=[question])


KIT_TECHNICAL = [
    attribute(
        "Problem solving",
        "Needs the solution handed over",
        "Structures the problem and weighs options unprompted",
        "Walk me through how you would break this problem down.",
    ),
    attribute(
        "Technical depth",
        "Knows the words, not the why",
        "Explains trade-offs from real experience",
        "What would you change in a system you built, knowing what you know now?",
    ),
]
KIT_FINAL = [
    attribute(
        "Communication",
        "Hard to follow",
        "Clear, concise, checks understanding",
        "Tell me about a time you changed someone's mind.",
    ),
    attribute(
        "Ownership",
        "Waits to be told",
        "Owns outcomes end to end",
        "What is something you owned that went wrong, and what did you do?",
    ),
]


def stage(name: str, minutes: int, seats: list, kit: list | None = None) -> dict:
    """A plan stage: its panel seats ([role, user id or None for any interviewer]) and kit."""
    return dict(name=name, duration_minutes=minutes, panel=seats, kit=kit or [])


def plan_of(title: str, manager_id: str) -> list[dict]:
    """2 to 4 stages, by the kind of job; the last one has the hiring manager on its panel."""
    anyone = [UserRole.INTERVIEWER.value, None]
    final = stage(
        "Final with the hiring manager",
        60,
        [[UserRole.HIRING_MANAGER.value, manager_id], anyone],
        KIT_FINAL,
    )
    if title in ("QA Automation Engineer", "iOS Engineer"):
        return [stage("Technical interview", 60, [anyone, anyone], KIT_TECHNICAL), final]
    if title in ("Product Manager", "Product Designer", "Engineering Manager", "Data Scientist"):
        return [
            stage("Phone screen", 45, [anyone]),
            stage("Case study", 60, [anyone, anyone], KIT_TECHNICAL),
            final,
        ]
    return [
        stage("Phone screen", 45, [anyone]),
        stage("Technical interview", 60, [anyone, anyone], KIT_TECHNICAL),
        stage("System design", 60, [anyone, anyone]),
        final,
    ]


def make_jobs(users: list[dict], interviews: list[dict]) -> list[dict]:
    """One job per title the interviews use: the hiring manager who sits on its panels, the
    recruiter of most of its interviews, and a plan of 2 to 4 stages."""
    by_id = {u["user_id"]: u for u in users}
    jobs = []
    for number, (title, _skills, _focus) in enumerate(JOBS):
        ours = [i for i in interviews if i["job_title"] == title]
        managers = Counter(
            p["user_id"]
            for i in ours
            for p in i["participants"]
            if p["role"] == UserRole.HIRING_MANAGER.value
        )
        recruiters = Counter(i["recruiter_id"] for i in ours)
        manager = sorted(managers.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        recruiter = sorted(recruiters.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        assert by_id[manager]["role"] == UserRole.HIRING_MANAGER.value
        first = min(i["scheduled_start"] for i in ours)
        jobs.append(
            dict(
                job_id=str(job_id_for(job_key(title))),
                title=title,
                department=DEPARTMENTS.get(title, "Engineering"),
                location=LOCATIONS[number % len(LOCATIONS)],
                hiring_manager_id=manager,
                recruiter_id=recruiter,
                status="open",
                created_at=iso(first.replace(hour=9, minute=0) - timedelta(days=14)),
                plan=plan_of(title, manager),
            )
        )
    return jobs


REASONS = {
    HiringCall.ADVANCE: [
        "Strong signal from the panel: on to the next stage.",
        "Met the bar for this stage; the next one covers what is left.",
        "Consistent feedback across the panel; moving forward.",
    ],
    HiringCall.REJECT: [
        "Below the bar on the core of the role.",
        "The panel's concerns are consistent; not a fit for this level.",
        "Not enough depth for this role at this time.",
    ],
    HiringCall.HOLD: [
        "Mixed feedback: holding until we have seen the other finalists.",
        "Holding while the team's headcount is confirmed.",
    ],
}
AGAINST = [
    "Strong references, and the next stage tests exactly the concern raised.",
    "The panel's doubts were about one exercise; the rest of the process says otherwise.",
]


def decision(
    rng: random.Random, call: HiringCall, when: datetime, heard: list[dict], by: str
) -> dict:
    """A decision of the hiring manager `by`, with the recommendation of the feedback `heard`
    so far, and a reason for going against it when it does."""
    shown = recommend([Decision(f["decision"]) for f in heard])
    against = rng.choice(AGAINST) if decision_disagrees(call, shown) else ""
    return dict(
        call=call.value,
        reason=rng.choice(REASONS[call]),
        decided_by=by,
        decided_at=iso(when),
        recommendation=shown.value,
        against_reason=against,
    )


def final_calls(
    rng: random.Random, interview: dict, given: dict, heard: list[dict], stage: str
) -> list[tuple[HiringCall, datetime]]:
    """The decisions after an application's last round, once its whole panel's feedback is
    in (some are still to be taken): on the recommendation of everything heard."""
    panel = {p["user_id"] for p in interview["participants"]}
    mine = given.get(interview["interview_id"], [])
    if {f["user_id"] for f in mine} != panel or rng.random() < 0.2:
        return []  # feedback still awaited, or the decision not taken yet
    when = max(_time(f["submitted_at"]) for f in mine) + timedelta(hours=rng.randint(2, 30))
    if when >= ANCHOR:
        return []
    shown = recommend([Decision(f["decision"]) for f in heard])
    if shown in (Recommendation.HIRE, Recommendation.STRONG_HIRE):
        offer = when + timedelta(days=rng.randint(2, 6))
        last_stage = stage == "Final with the hiring manager"
        if last_stage and offer < ANCHOR and rng.random() < 0.7:  # the offer was accepted
            return [(HiringCall.ADVANCE, when), (HiringCall.ADVANCE, offer)]
        return [(HiringCall.ADVANCE, when)]
    if shown is Recommendation.NO_HIRE and rng.random() < 0.25:
        return [(rng.choice([HiringCall.HOLD, HiringCall.ADVANCE]), when)]
    return [(HiringCall.REJECT, when)]


def make_applications(
    rng: random.Random, jobs: list[dict], interviews: list[dict], feedback: list[dict]
) -> list[dict]:
    """Each candidate's application to each job they interview for: the stage each interview
    was booked for, and the decisions the hiring manager took after interviews (the loader
    replays them through the application rules, so stage, decision and trail follow)."""
    job_of = {j["title"]: j for j in jobs}
    given: dict[str, list[dict]] = {}
    for f in feedback:
        given.setdefault(f["interview_id"], []).append(f)
    grouped: dict[tuple[str, str], list[dict]] = {}
    for i in interviews:  # already in time order
        grouped.setdefault((i["candidate_id"], i["job_title"]), []).append(i)
    out = []
    for (candidate_id, title), rounds in sorted(grouped.items()):
        job = job_of[title]
        plan = job["plan"]
        model = Job(
            uuid.UUID(job["job_id"]), title, plan=tuple(PlanStage(s["name"], 1) for s in plan)
        )
        order = app_rules.stages(model)
        created = min(  # a week before the first round, and never after the anchor
            rounds[0]["scheduled_start"].replace(hour=9, minute=0) - timedelta(days=6),
            ANCHOR - timedelta(days=1, hours=rng.randint(0, 12)),
        )
        at, links, heard = 0, [], []
        decisions: list[dict] = []
        manager = job["hiring_manager_id"]
        for number, interview in enumerate(rounds):
            links.append(dict(interview_id=interview["interview_id"], stage=order[at]))
            done = interview["status"] is InterviewStatus.COMPLETED
            heard += given.get(interview["interview_id"], [])
            if not done:
                continue
            calls: list[tuple[HiringCall, datetime]] = []
            if number + 1 < len(rounds):  # another round follows: the panel advanced them
                if at < len(plan) - 1:
                    when = min(
                        interview["scheduled_end"] + timedelta(hours=20),
                        rounds[number + 1]["scheduled_start"] - timedelta(hours=2),
                    )
                    last = _time(decisions[-1]["decided_at"]) if decisions else created
                    calls.append((HiringCall.ADVANCE, max(when, last + timedelta(minutes=1))))
            else:
                calls = final_calls(rng, interview, given, heard, order[at])
            for call, when in calls:
                decisions.append(decision(rng, call, when, heard, manager))
                at += call is HiringCall.ADVANCE
        out.append(
            dict(
                application_id=str(
                    app_rules.application_id_for(uuid.UUID(candidate_id), model.job_id)
                ),
                candidate_id=candidate_id,
                job_id=job["job_id"],
                created_at=iso(created),
                opened_by=job["recruiter_id"],
                decisions=decisions,
                interviews=links,
            )
        )
    return out


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


README = """# Sample data — generated, do not edit by hand
Written by `python scripts/make_sample_data.py`: `random.Random({seed})` and a fixed anchor
{anchor} (see `meta.json`), never the wall clock, so a rerun is byte-identical.
Ids are uuid5 (`models.make_id`); interviews span anchor −3 months … +2 months, in every status.
Jobs (jobs.json) have plans of 2–4 stages; applications (applications.json) name the stage each
interview was booked for and the decisions taken, replayed by the loader through the rules.
Loaded into an empty store by `interview_autopilot.features.sample.ensure_sample_data`.
"""


def main() -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for name, text in generate().items():
        (OUT_DIR / name).write_text(text, encoding="utf-8")
        print(f"wrote {OUT_DIR / name} ({len(text.encode()):,} bytes)")


if __name__ == "__main__":
    main()
