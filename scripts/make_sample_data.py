"""Generate the deterministic sample data in data/sample/: `python scripts/make_sample_data.py`.

Everything comes from `random.Random(42)` and a fixed anchor date, never the wall clock, so a
rerun rewrites the committed files byte for byte (tests/test_sample.py checks that).
"""

from __future__ import annotations

import json
import random
import string
from datetime import UTC, datetime, timedelta
from pathlib import Path

from interview_autopilot.core.models import Decision, InterviewStatus, UserRole, make_id

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
    for interview in interviews:
        for key in ("scheduled_start", "scheduled_end"):
            interview[key] = iso(interview[key])
        interview["status"] = interview["status"].value

    meta = dict(generator="scripts/make_sample_data.py", seed=seed, anchor=iso(ANCHOR))
    meta.update(window_start=iso(WINDOW_START), window_end=iso(WINDOW_END))
    files = [meta, users, candidates, interviews, feedback]
    names = ["meta.json", "users.json", "candidates.json", "interviews.json", "feedback.json"]
    texts = {
        name: json.dumps(body, indent=1, ensure_ascii=False) + "\n"
        for name, body in zip(names, files, strict=True)
    }
    texts["README.md"] = README.format(anchor=iso(ANCHOR), seed=seed)
    return texts


README = """# Sample data — generated, do not edit by hand
Written by `python scripts/make_sample_data.py`: `random.Random({seed})` and a fixed anchor
{anchor} (see `meta.json`), never the wall clock, so a rerun is byte-identical.
Ids are uuid5 (`models.make_id`); interviews span anchor −3 months … +2 months, in every status.
Loaded into an empty store by `interview_autopilot.features.sample.ensure_sample_data`.
"""


def main() -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for name, text in generate().items():
        (OUT_DIR / name).write_text(text, encoding="utf-8")
        print(f"wrote {OUT_DIR / name} ({len(text.encode()):,} bytes)")


if __name__ == "__main__":
    main()
