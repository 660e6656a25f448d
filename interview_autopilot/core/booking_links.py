"""Self-scheduling links: a recruiter offers a candidate some slots found for a job stage; the
candidate opens the link without signing in and picks one. The same on every store.

A link's token is `<link id>.<expiry, seconds since the epoch>.<signature>`: the signature is an
HMAC-SHA256 of the first two parts under the SELF_SCHEDULING_SECRET setting, so a link cannot be
made or changed without the secret, and an expired one is refused before any read. The stored
row (one per link) holds what was offered and whether it was used. A pick first claims the link
(a conditional write: nobody else's claim, or one older than CLAIM_LEASE, and not used), then
books, then marks it used with the interview (conditional on its own claim); a pick that could
not book releases its claim. So a link books at most one interview, and a pick that died half
way frees the link after the lease. No Streamlit, no driver.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import ClassVar

from .errors import ValidationError
from .models import to_utc
from .validation import check_text, require_id

LINK_DAYS = 7  # a link is valid this long after it is made
MAX_LINK_DAYS = 30
MAX_SLOTS = 20
CLAIM_LEASE = timedelta(seconds=60)  # a pick's claim is honoured this long


@dataclass(frozen=True)
class OfferedSlot:
    """One slot a link offers: [start, end) with these people in these roles (role values)."""

    start: datetime
    end: datetime
    people: tuple[tuple[uuid.UUID, str], ...]

    @property
    def person_ids(self) -> list[uuid.UUID]:
        return [p for p, _ in self.people]


@dataclass(frozen=True)
class BookingLink:
    """A self-scheduling link as stored. `claim_id`/`claimed_at`: the pick under way (None:
    none); `used_at`/`interview_id`: the booking it made (None: not used)."""

    link_id: uuid.UUID
    candidate_id: uuid.UUID
    recruiter_id: uuid.UUID
    job_id: uuid.UUID
    job_title: str
    stage_name: str
    created_at: datetime
    expires_at: datetime
    slots: tuple[OfferedSlot, ...]
    created_by: uuid.UUID | None = None
    claim_id: uuid.UUID | None = None
    claimed_at: datetime | None = None
    used_at: datetime | None = None
    interview_id: uuid.UUID | None = None


class LinkRefused(ValidationError):
    """A link that cannot be used: `kind` is 'invalid' (wrong, tampered, unknown or no secret
    set), 'expired', 'used', or 'busy' (another pick of it is under way)."""

    TEXT: ClassVar[dict[str, str]] = {
        "invalid": "This booking link is not valid. Check that you copied the whole link, or "
        "ask your recruiter for a new one.",
        "expired": "This booking link has expired. Ask your recruiter for a new one.",
        "used": "This booking link has already been used to book an interview. Each link books "
        "once: ask your recruiter if you need to change the time.",
        "busy": "This link is being used to book a time right now. Try again in a minute.",
    }

    def __init__(self, kind: str) -> None:
        super().__init__("link", self.TEXT[kind])
        self.kind = kind


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def signature(secret: str, link_id: uuid.UUID, expires: int) -> str:
    digest = hmac.new(secret.encode(), f"{link_id.hex}.{expires}".encode(), hashlib.sha256)
    return _b64(digest.digest())


def token_of(secret: str, link_id: uuid.UUID, expires_at: datetime) -> str:
    """The link's token (what its URL carries)."""
    if not secret:
        raise ValidationError(
            "link", "Self-scheduling links need SELF_SCHEDULING_SECRET set (docs/configuration.md)."
        )
    expires = int(to_utc(expires_at).timestamp())
    return f"{link_id.hex}.{expires}.{signature(secret, link_id, expires)}"


def verify(secret: str, token: object, now: datetime) -> uuid.UUID:
    """The link id of a genuine, unexpired token; LinkRefused otherwise (nothing read)."""
    if not secret or not isinstance(token, str) or len(token) > 200:
        raise LinkRefused("invalid")
    parts = token.strip().split(".")
    if len(parts) != 3:
        raise LinkRefused("invalid")
    raw_id, raw_expires, given = parts
    try:
        link_id = uuid.UUID(hex=raw_id)
        expires = int(raw_expires)
    except ValueError:
        raise LinkRefused("invalid") from None
    if link_id.hex != raw_id or str(expires) != raw_expires:
        raise LinkRefused("invalid")  # one link, one spelling
    if not hmac.compare_digest(signature(secret, link_id, expires).encode(), given.encode()):
        raise LinkRefused("invalid")
    if to_utc(now).timestamp() >= expires:
        raise LinkRefused("expired")
    return link_id


def slots_text(slots: tuple[OfferedSlot, ...]) -> str:
    return json.dumps(
        [
            [
                to_utc(s.start).isoformat(),
                to_utc(s.end).isoformat(),
                [[str(p), r] for p, r in s.people],
            ]
            for s in slots
        ]
    )


def slots_of(text: str) -> tuple[OfferedSlot, ...]:
    return tuple(
        OfferedSlot(
            datetime.fromisoformat(start),
            datetime.fromisoformat(end),
            tuple((uuid.UUID(p), r) for p, r in people),
        )
        for start, end, people in json.loads(text or "[]")
    )


def check_link(link: object) -> BookingLink:
    """The link as it will be stored, or ValidationError naming what is wrong."""
    if not isinstance(link, BookingLink):
        raise ValidationError("link", "Not a booking link.")
    for value, field in (
        (link.link_id, "link"),
        (link.candidate_id, "candidate"),
        (link.recruiter_id, "recruiter"),
        (link.job_id, "job"),
    ):
        require_id(value, field)
    if link.created_by is not None:
        require_id(link.created_by, "actor")
    check_text(link.job_title, "interview.job_title")
    if not isinstance(link.stage_name, str) or len(link.stage_name) > 200:
        raise ValidationError("link", "A link names its stage (at most 200 characters).")
    for moment in (link.created_at, link.expires_at):
        if not isinstance(moment, datetime) or moment.tzinfo is None:
            raise ValidationError("link", "A link's times must be aware datetimes.")
    if (
        not to_utc(link.created_at)
        < to_utc(link.expires_at)
        <= to_utc(link.created_at) + timedelta(days=MAX_LINK_DAYS)
    ):
        raise ValidationError(
            "link", f"A link expires after it is made, {MAX_LINK_DAYS} days at most."
        )
    if not 1 <= len(link.slots) <= MAX_SLOTS:
        raise ValidationError("link", f"A link offers 1 to {MAX_SLOTS} slots.")
    for s in link.slots:
        if not isinstance(s, OfferedSlot) or not s.people or to_utc(s.end) <= to_utc(s.start):
            raise ValidationError("link", "Each slot offered has people and ends after it starts.")
    return BookingLink(
        link.link_id,
        link.candidate_id,
        link.recruiter_id,
        link.job_id,
        link.job_title,
        link.stage_name,
        to_utc(link.created_at),
        to_utc(link.expires_at),
        tuple(
            OfferedSlot(
                to_utc(s.start), to_utc(s.end), tuple((require_id(p), str(r)) for p, r in s.people)
            )
            for s in link.slots
        ),
        link.created_by,
    )


def claim_free(link: BookingLink, now: datetime) -> bool:
    """Whether a pick may claim the link now: not used, and no claim younger than the lease."""
    if link.used_at is not None:
        return False
    return link.claimed_at is None or to_utc(now) - to_utc(link.claimed_at) >= CLAIM_LEASE


def expires(now: datetime, days: int = LINK_DAYS) -> datetime:
    if not 1 <= days <= MAX_LINK_DAYS:
        raise ValidationError("link", f"A link is valid 1 to {MAX_LINK_DAYS} days.")
    return (to_utc(now) + timedelta(days=days)).replace(microsecond=0, tzinfo=UTC)
