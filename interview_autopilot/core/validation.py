"""Input validation at the store boundary, shared by every store (re-exported by `domain`).

Every write method of every store calls one of these first, before it reads or writes anything,
so SQLite and Cassandra accept exactly the same values and refuse the rest with one plain
ValidationError(field, message). Validators return the value as the stores write it: enums given
as their exact value string become the enum, times become millisecond UTC, a comment is trimmed.

Size limits (characters, as Python's len() and Streamlit's max_chars count them) are chosen so
the Cassandra store's logged batches stay under batch_size_fail_threshold (50 KiB by default).
Each write of one interview (create, status change, feedback, a rename of its candidate or of a
person on it: one batch per interview) rewrites the interview row, one participant row per panel
member and a list copy per participant plus three, each copy holding the candidate's name, the
job title and the recruiter's name. tests/test_store_validation.py measures both batches on the
real node with every field at its limit in 4-byte characters (emoji) and a full panel, a
feedback submission's also carrying the comment (docs/data-model.md has the figures).
Emails are bounded in UTF-8 bytes (RFC 5321's 254 octets); a resume is one row of the candidates
table, never in a batch. A bulk load packs rows into batches of at most 8,000 bytes of values (an
interview's rows split over several when longer, a longer row alone: a batch of one partition is
not size-checked).
"""

from __future__ import annotations

import re
import unicodedata
import uuid
import zoneinfo
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import Enum
from functools import cache
from typing import TypeVar
from urllib.parse import urlsplit

from .errors import ValidationError
from .models import (
    Candidate,
    Decision,
    Feedback,
    HiringCall,
    Interview,
    InterviewRecord,
    InterviewStatus,
    Rating,
    SampleData,
    User,
    UserRole,
    to_utc,
)

E = TypeVar("E", bound=Enum)
Panel = list[tuple[uuid.UUID, UserRole]]


@dataclass(frozen=True)
class TextRule:
    """How one text field is checked."""

    label: str  # how messages name it: "The user's name is empty."
    limit: int  # the most characters
    required: bool = True  # False: "" means none (any other value must still be visible text)
    multiline: bool = False  # line breaks and tabs allowed (a comment, a resume)


# The limits table: every text field any store writes.
TEXT_RULES: dict[str, TextRule] = {
    "user.name": TextRule("user's name", 70),  # UK Government Data Standards: full name, 70
    "user.email": TextRule("user's email", 254),  # RFC 5321: 254 octets (checked as bytes)
    "user.slack_handle": TextRule("user's Slack handle", 80, required=False),  # Slack: 80
    "candidate.name": TextRule("candidate's name", 70),
    "candidate.email": TextRule("candidate's email", 254),
    "candidate.resume_text": TextRule(
        "candidate's resume", 20_000, required=False, multiline=True
    ),  # ~8 pages; one row of the candidates table (a bulk load's batch: alone when long)
    "candidate.links": TextRule("candidate's link", 1_000),  # each: http(s), ASCII
    "interview.job_title": TextRule("job title", 100),
    "job.title": TextRule("job title", 100),  # the interviews filed under it carry it
    "job.department": TextRule("department", 100, required=False),
    "job.location": TextRule("location", 100, required=False),
    "stage.name": TextRule("stage name", 100),
    "interview.video_link": TextRule("video link", 1_000, required=False),  # http(s), ASCII
    "feedback.comment": TextRule("comment", 5_000, multiline=True),  # the feedback form's own
    "decision.reason": TextRule("reason", 2_000, multiline=True),  # the hiring decision's
    "kit.attribute": TextRule("focus attribute's name", 60),  # a short label: "System design"
    "kit.rubric": TextRule("rubric line", 200, required=False),  # what one score means
    "kit.question": TextRule("suggested question", 200),
    # A short note: a full scorecard in 4-byte characters adds under 5 KB to the feedback's
    # conditional batch on Cassandra (tests/test_store_validation.py measures it).
    "rating.note": TextRule("rating's note", 140, required=False),
    "block.title": TextRule("busy block's title", 200, required=False),
    "pool.name": TextRule("pool's name", 80),
    "template.subject": TextRule("subject", 200),  # a candidate email's, placeholders included
    "template.body": TextRule("text", 5_000, multiline=True),
}
MAX_ATTRIBUTES = 6  # focus attributes of one stage's kit (and ratings of one scorecard)
SCORES = (1, 2, 3, 4)  # a focus attribute's rating; None: not assessed
MAX_PARTICIPANTS = 8  # distinct users on one interview's panel
MAX_LINKS = 10  # web addresses on one candidate's profile
_HOURS = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]|24):([0-5]\d)$")
EMAIL_MAX_BYTES = 254
EMAIL_LOCAL_MAX_BYTES = 64
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")  # no line breaks, no tabs
# \t \n \r allowed; not the Unicode line and paragraph separators (a line break is \n)
_CONTROL_LONG = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
# Zero-width and format characters (Cf: U+200B, U+200C, U+200D, U+2060, U+FEFF, bidi marks),
# controls, separators and lone combining marks draw nothing; nor do the Hangul fillers and the
# blank Braille pattern, which are letters and symbols to Unicode.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Mn", "Me", "Zs", "Zl", "Zp"})
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_EMAIL_LOCAL_FORBIDDEN = frozenset('<>()[]\\,;:"@')


def require_id(value: object, field: str = "id") -> uuid.UUID:
    """A store's id argument: already a UUID (pages parse text once, at the query module)."""
    if isinstance(value, uuid.UUID):
        return value
    raise ValidationError(field, f"The {field} id must be a UUID.")


def _visible(ch: str) -> bool:
    return unicodedata.category(ch) not in _INVISIBLE_CATEGORIES and ch not in _BLANK_LETTERS


def check_text(value: object, key: str) -> str:
    """`value` if it is acceptable text for the field `key` of TEXT_RULES; else ValidationError."""
    rule, field = TEXT_RULES[key], key.split(".")[1]
    if not isinstance(value, str):
        raise ValidationError(field, f"The {rule.label} must be text.")
    if len(value) > rule.limit:
        raise ValidationError(
            field,
            f"The {rule.label} is {len(value):,} characters long; the limit is {rule.limit:,}.",
        )
    if _SURROGATE.search(value):
        raise ValidationError(field, f"The {rule.label} contains an unpaired surrogate character.")
    control = (_CONTROL_LONG if rule.multiline else _CONTROL_LINE).search(value)
    if control:
        what = "a control character"
        if control.group() in "\n\r\u2028\u2029":
            what = "a line separator" if rule.multiline else "a line break"
        raise ValidationError(
            field, f"The {rule.label} contains {what} (U+{ord(control.group()):04X})."
        )
    if value == "" and not rule.required:
        return value
    if not value.strip():
        blank = "is empty." if rule.required else "is blank; leave it empty for none."
        raise ValidationError(field, f"The {rule.label} {blank}")
    if not any(_visible(ch) for ch in value):
        raise ValidationError(field, f"The {rule.label} has no visible characters.")
    return value


def clean_comment(comment: object) -> str:
    """The trimmed feedback comment: visible text of 1–5000 characters, or ValidationError."""
    if not isinstance(comment, str):
        raise ValidationError("comment", "A comment is required.")
    text = comment.strip()
    if not text:
        raise ValidationError("comment", "A comment is required.")
    return check_text(text, "feedback.comment")


def check_email(value: object, key: str) -> str:
    """A plausible address: one @, a local part and a dotted domain, no spaces, ≤ 254 bytes."""
    text = check_text(value, key)
    field, label = key.split(".")[1], TEXT_RULES[key].label
    size = len(text.encode())
    if size > EMAIL_MAX_BYTES:
        raise ValidationError(
            field, f"The {label} is {size} bytes long; the limit is {EMAIL_MAX_BYTES} (RFC 5321)."
        )
    local, _, domain = text.partition("@")
    labels = domain.split(".")
    plausible = (
        text.isprintable()
        and 0 < len(local.encode()) <= EMAIL_LOCAL_MAX_BYTES
        and not any(ch.isspace() or ch in _EMAIL_LOCAL_FORBIDDEN for ch in local)
        and not local.startswith(".")
        and not local.endswith(".")
        and ".." not in local
        and len(labels) >= 2
        and all(
            0 < len(part) <= 63
            and not part.startswith("-")
            and not part.endswith("-")
            and all(ch.isalnum() or ch == "-" for ch in part)
            for part in labels
        )
    )
    if not plausible:
        raise ValidationError(field, f"The {label} is not a plausible address (name@example.com).")
    return text


def _web_address(text: str) -> bool:
    try:
        parts = urlsplit(text)
        web = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        web = False
    return web and text.isascii() and text.isprintable() and " " not in text


def check_links(value: object) -> tuple[str, ...]:
    """A candidate's links: at most MAX_LINKS http(s) web addresses, each once."""
    if not isinstance(value, list | tuple):
        raise ValidationError("links", "Give the candidate's links as a list.")
    links = tuple(dict.fromkeys(check_text(link, "candidate.links") for link in value))
    if len(links) > MAX_LINKS:
        raise ValidationError("links", f"A candidate has at most {MAX_LINKS} links.")
    for link in links:
        if not _web_address(link):
            raise ValidationError(
                "links",
                f"The link '{link[:80]}' is not a web address starting with http:// or "
                "https:// (without spaces).",
            )
    return links


def check_time_zone(value: object) -> str:
    """'' (none) or an IANA time zone name such as Europe/Paris (a name from a fixed list:
    no text rule needed)."""
    if not isinstance(value, str):
        raise ValidationError("time_zone", "The time zone must be text.")
    text = value
    if text and text not in _time_zones():
        raise ValidationError(
            "time_zone", f"'{text}' is not a time zone name (such as Europe/Paris or UTC)."
        )
    return text


@cache
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones()) | {"UTC"}


def check_working_hours(value: object) -> str:
    """'' (none) or 'HH:MM-HH:MM' (24-hour clock, the end after the start)."""
    if not isinstance(value, str):
        raise ValidationError("working_hours", "The working hours must be text.")
    text = value
    if text == "":
        return text
    match = _HOURS.match(text)
    if not match or (match[3], match[4]) <= (match[1], match[2]) or text[6:] > "24:00":
        raise ValidationError(
            "working_hours",
            "Working hours are a start and an end on the 24-hour clock, such as 09:00-17:30.",
        )
    return text


def check_video_link(value: object) -> str:
    """'' (no link) or an http(s) web address: printable ASCII, no spaces, with a host."""
    text = check_text(value, "interview.video_link")
    if text == "":
        return text
    try:
        parts = urlsplit(text)
        web = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        web = False
    if not (web and text.isascii() and text.isprintable() and " " not in text):
        raise ValidationError(
            "video_link",
            "The video link must be a web address starting with http:// or https://, "
            "without spaces (as the meeting app gives it).",
        )
    return text


def check_moment(value: object, field: str, label: str) -> datetime:
    """An aware datetime between 1970-01-01 and 2100-01-01 UTC, as millisecond UTC."""
    if not isinstance(value, datetime):
        raise ValidationError(field, f"The {label} must be a date and time.")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError(
            field, f"The {label} has no time zone; give it one (UTC, or an offset like +02:00)."
        )
    if not EARLIEST <= value <= LATEST:  # compared without conversion: no overflow at the ends
        raise ValidationError(field, f"The {label} must be between 1970-01-01 and 2100-01-01 UTC.")
    return to_utc(value)


def check_member(value: object, enum: type[E], field: str) -> E:
    """A member of `enum`, given as itself or as its exact value string (not another enum's)."""
    if isinstance(value, enum):
        return value
    if type(value) is str:
        try:
            return enum(value)
        except ValueError:
            pass
    allowed = ", ".join(str(m.value) for m in enum)
    raise ValidationError(field, f"Choose a {field} ({allowed}).")


def require_status(value: object) -> InterviewStatus:
    """An interview status (the enum or its value string; a Decision is refused)."""
    return check_member(value, InterviewStatus, "status")


def validate_user(user: object) -> User:
    """A user as stored: a UUID id, name, plausible email, optional Slack handle, a role."""
    if not isinstance(user, User):
        raise ValidationError("users", "Expected a User record.")
    require_id(user.user_id, "user")
    check_text(user.name, "user.name")
    check_email(user.email, "user.email")
    check_text(user.slack_handle, "user.slack_handle")
    role = check_member(user.role, UserRole, "role")
    if not isinstance(user.other_roles, list | tuple):
        raise ValidationError("roles", "Give the other roles as a list.")
    others = [check_member(r, UserRole, "role") for r in user.other_roles]
    if not isinstance(user.admin, bool) or not isinstance(user.active, bool):
        raise ValidationError("users", "Administrator and active are yes or no.")
    return replace(
        user,
        role=role,
        other_roles=tuple(r for r in dict.fromkeys(others) if r is not role),
        time_zone=check_time_zone(user.time_zone),
        working_hours=check_working_hours(user.working_hours),
    )


def validate_candidate(candidate: object) -> Candidate:
    """A candidate as stored: a UUID id, name, plausible email, optional resume."""
    if not isinstance(candidate, Candidate):
        raise ValidationError("candidates", "Expected a Candidate record.")
    require_id(candidate.candidate_id, "candidate")
    check_text(candidate.name, "candidate.name")
    check_email(candidate.email, "candidate.email")
    check_text(candidate.resume_text, "candidate.resume_text")
    return replace(candidate, links=check_links(candidate.links))


def validate_users(users: object) -> list[User]:
    """Every user checked; a repeated id keeps its last record (as one write after another)."""
    if not isinstance(users, list | tuple):
        raise ValidationError("users", "Give the users as a list.")
    return list({u.user_id: u for u in map(validate_user, users)}.values())


def validate_candidates(candidates: object) -> list[Candidate]:
    """Every candidate checked; a repeated id keeps its last record."""
    if not isinstance(candidates, list | tuple):
        raise ValidationError("candidates", "Give the candidates as a list.")
    return list({c.candidate_id: c for c in map(validate_candidate, candidates)}.values())


def _interview_record(interview: object) -> Interview:
    if not isinstance(interview, Interview):
        raise ValidationError("interview", "Expected an Interview record.")
    require_id(interview.interview_id, "interview")
    require_id(interview.candidate_id, "candidate")
    require_id(interview.recruiter_id, "recruiter")
    check_text(interview.job_title, "interview.job_title")
    check_video_link(interview.video_link)
    start = check_moment(interview.scheduled_start, "scheduled_start", "scheduled start")
    end = check_moment(interview.scheduled_end, "scheduled_end", "scheduled end")
    if end <= start:
        raise ValidationError("scheduled_end", "The scheduled end must be after the start.")
    status = require_status(interview.status)
    return replace(interview, scheduled_start=start, scheduled_end=end, status=status)


def _check_panel_size(user_ids: set[uuid.UUID]) -> None:
    if len(user_ids) > MAX_PARTICIPANTS:
        raise ValidationError(
            "participants", f"An interview has at most {MAX_PARTICIPANTS} participants."
        )


def check_panel_entries(participants: object) -> Panel:
    """A panel given as a list of (user id, role) pairs, each checked (its size is not)."""
    if not isinstance(participants, list | tuple):
        raise ValidationError("participants", "Give the participants as a list.")
    panel: Panel = []
    for entry in participants:
        if not isinstance(entry, tuple) or len(entry) != 2:
            raise ValidationError("participants", "Give each participant as (user id, role).")
        panel.append(
            (require_id(entry[0], "participant"), check_member(entry[1], UserRole, "role"))
        )
    return panel


def validate_interview(interview: object, participants: object) -> tuple[Interview, Panel]:
    """The interview and its panel of (user id, role) pairs, as stored: one participant at
    least."""
    checked = _interview_record(interview)
    panel = check_panel_entries(participants)
    if not panel:
        raise ValidationError("participants", "An interview has at least one participant.")
    _check_panel_size({user_id for user_id, _ in panel})
    return checked, panel


def check_feedback(
    interview_id: object,
    user_id: object,
    decision: object,
    comment: object,
    submitted_at: object = None,
) -> None:
    """Refuse a malformed feedback submission (the interview and panel are checked later)."""
    require_id(interview_id, "interview")
    require_id(user_id, "interviewer")
    check_member(decision, Decision, "decision")
    clean_comment(comment)
    if submitted_at is not None:
        check_moment(submitted_at, "submitted_at", "submission time")


def check_decision(
    user_id: object, call: object, reason: object, decided_at: object = None
) -> tuple[uuid.UUID, HiringCall, str, datetime | None]:
    """A hiring decision's values as stored (the decider's id, the call, the trimmed reason,
    the time as millisecond UTC or None for now), or ValidationError: the reason follows the
    rules of every text field, the time the range of every stored time."""
    user = require_id(user_id, "decider")
    chosen = check_member(call, HiringCall, "call")
    if not isinstance(reason, str) or not reason.strip():
        raise ValidationError("reason", "Give a reason for the decision.")
    text = check_text(reason.strip(), "decision.reason")
    moment = None
    if decided_at is not None:
        moment = check_moment(decided_at, "decided_at", "decision time")
    return user, chosen, text, moment


def _feedback_record(feedback: object) -> Feedback:
    if not isinstance(feedback, Feedback):
        raise ValidationError("feedback", "Expected a Feedback record.")
    return Feedback(
        require_id(feedback.interview_id, "interview"),
        require_id(feedback.user_id, "interviewer"),
        check_member(feedback.decision, Decision, "decision"),
        clean_comment(feedback.comment),
        check_moment(feedback.submitted_at, "submitted_at", "submission time"),
        check_ratings(feedback.ratings),
    )


def fold_label(text: str) -> str:
    """A name as compared for uniqueness: case and spacing ignored."""
    return " ".join(text.casefold().split())


def check_optional(value: object, key: str) -> str:
    """An optional text field of TEXT_RULES as stored: trimmed, '' when only spaces."""
    if isinstance(value, str) and not value.strip(" \t\n\r"):
        return ""
    return check_text(value, key).strip()


def check_ratings(value: object) -> tuple[Rating, ...]:
    """A scorecard's ratings as stored (names and notes trimmed), or ValidationError: at most
    MAX_ATTRIBUTES, each naming a distinct attribute, scored 1 to 4 or None (not assessed),
    with a note of at most 500 characters. Which attributes exist is the kit's business
    (`kits.check_against_kit`)."""
    if not isinstance(value, list | tuple):
        raise ValidationError("ratings", "Give the ratings as a list.")
    if len(value) > MAX_ATTRIBUTES:
        raise ValidationError("ratings", f"A scorecard rates at most {MAX_ATTRIBUTES} attributes.")
    out: list[Rating] = []
    seen: set[str] = set()
    for rating in value:
        if not isinstance(rating, Rating):
            raise ValidationError("ratings", "Expected Rating records.")
        name = check_text(rating.attribute, "kit.attribute").strip()
        score = rating.score
        if score is not None and (
            isinstance(score, bool) or not isinstance(score, int) or score not in SCORES
        ):
            raise ValidationError("rating", f"Rate {name} from 1 to 4, or leave it not assessed.")
        note = check_optional(rating.note, "rating.note")
        if fold_label(name) in seen:
            raise ValidationError("ratings", f"{name} is rated twice.")
        seen.add(fold_label(name))
        out.append(Rating(name, score, note))
    return tuple(out)


def check_sample_feedback(data: SampleData) -> None:
    """Refuse a bulk load whose feedback names an interview it does not load, or an author who
    is not on that interview's panel (ValidationError, before anything is written)."""
    panels: dict[uuid.UUID, set[uuid.UUID]] = {i.interview_id: set() for i in data.interviews}
    for interview_id, user_id, _role in data.participants:
        panels.setdefault(interview_id, set()).add(user_id)
    for f in data.feedback:
        if f.interview_id not in panels:
            raise ValidationError("feedback", f"Feedback for unknown interview {f.interview_id}.")
        if f.user_id not in panels[f.interview_id]:
            raise ValidationError(
                "feedback",
                f"User {f.user_id} is not a participant of interview {f.interview_id}.",
            )


def validate_sample(data: object) -> SampleData:
    """Every record of a bulk load checked, as stored; the first refusal raises."""
    if not isinstance(data, SampleData):
        raise ValidationError("data", "Expected a SampleData bundle.")
    for name in ("users", "candidates", "interviews", "participants", "feedback"):
        if not isinstance(getattr(data, name), list | tuple):
            raise ValidationError(name, f"Give the {name} as a list.")
    interviews = [_interview_record(i) for i in data.interviews]
    panels: dict[uuid.UUID, set[uuid.UUID]] = {i.interview_id: set() for i in interviews}
    participants = []
    for entry in data.participants:
        if not isinstance(entry, tuple) or len(entry) != 3:
            raise ValidationError(
                "participants", "Give each participant as (interview id, user id, role)."
            )
        interview_id = require_id(entry[0], "interview")
        user_id = require_id(entry[1], "participant")
        if interview_id not in panels:
            raise ValidationError("participants", f"Participant of unknown interview {entry[0]}.")
        panels[interview_id].add(user_id)
        participants.append((interview_id, user_id, check_member(entry[2], UserRole, "role")))
    for users in panels.values():
        _check_panel_size(users)
    checked = SampleData(
        validate_users(list(data.users)),
        validate_candidates(list(data.candidates)),
        interviews,
        participants,
        [_feedback_record(f) for f in data.feedback],
    )
    check_sample_feedback(checked)
    return checked


def validate_record(record: object) -> InterviewRecord:
    """One interview of a streaming bulk load, as stored: the interview and its panel (a
    repeated user keeps their last role), and feedback by its own panel only (a repeated author
    keeps their last feedback)."""
    if not isinstance(record, InterviewRecord):
        raise ValidationError("interviews", "Expected an InterviewRecord.")
    interview, panel = validate_interview(record.interview, record.participants)
    if not isinstance(record.feedback, list | tuple):
        raise ValidationError("feedback", "Give the feedback as a list.")
    roles = dict(panel)
    given: dict[uuid.UUID, Feedback] = {}
    for f in map(_feedback_record, record.feedback):
        if f.interview_id != interview.interview_id:
            raise ValidationError(
                "feedback",
                f"Feedback for interview {f.interview_id} given with {interview.interview_id}.",
            )
        if f.user_id not in roles:
            raise ValidationError(
                "feedback",
                f"User {f.user_id} is not a participant of interview {f.interview_id}.",
            )
        given[f.user_id] = f
    return InterviewRecord(interview, tuple(roles.items()), tuple(given.values()))
