"""The validators on their own (no store): the rules every store write runs first."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

import pytest

from interview_autopilot.core.errors import ValidationError
from interview_autopilot.core.models import Decision, InterviewStatus, UserRole
from interview_autopilot.core.validation import (
    TEXT_RULES,
    check_email,
    check_member,
    check_moment,
    check_text,
    check_video_link,
    clean_comment,
)


def test_every_text_field_has_a_positive_limit() -> None:
    assert set(TEXT_RULES) == {
        "user.name", "user.email", "user.slack_handle", "candidate.name", "candidate.email",
        "candidate.resume_text", "interview.job_title", "interview.video_link", "feedback.comment",
        "decision.reason", "candidate.links", "job.title", "job.department", "job.location",
        "stage.name", "kit.attribute", "kit.rubric", "kit.question", "rating.note",
        "block.title", "pool.name", "template.subject", "template.body",
    }  # fmt: skip
    assert all(rule.limit > 0 for rule in TEXT_RULES.values())
    assert TEXT_RULES["feedback.comment"].limit == 5000


@pytest.mark.parametrize(
    ("value", "enum", "expected"),
    [
        (InterviewStatus.COMPLETED, InterviewStatus, InterviewStatus.COMPLETED),
        ("no_show", InterviewStatus, InterviewStatus.NO_SHOW),
        ("strong_yes", Decision, Decision.STRONG_YES),
        ("hiring_manager", UserRole, UserRole.HIRING_MANAGER),
    ],
)
def test_a_member_or_its_exact_value_string_is_accepted(value, enum, expected) -> None:
    assert check_member(value, enum, "x") is expected


@pytest.mark.parametrize("value", [Decision.YES, "Completed", " completed", "yes", None, 0])
def test_anything_else_is_no_status(value: object) -> None:
    with pytest.raises(ValidationError) as err:
        check_member(value, InterviewStatus, "status")
    assert err.value.field == "status" and "scheduled" in err.value.message


def test_times_are_aware_in_range_and_come_back_as_millisecond_utc() -> None:
    plus14 = timezone(timedelta(hours=14))
    got = check_moment(datetime(2027, 1, 1, 9, 0, 0, 123_456, tzinfo=plus14), "at", "time")
    assert got == datetime(2026, 12, 31, 19, 0, 0, 123_000, tzinfo=UTC)
    assert got.utcoffset() == timedelta(0)
    with pytest.raises(ValidationError, match="no time zone"):
        check_moment(datetime(2026, 1, 1), "at", "time")
    for extreme in (datetime.max.replace(tzinfo=timezone(timedelta(hours=-12))), datetime.min):
        with pytest.raises(ValidationError):  # never OverflowError
            check_moment(extreme, "at", "time")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "is empty"),
        ("  ", "is empty"),
        ("\u200b\ufeff", "no visible characters"),
        ("Ann\x00", "control character (U+0000)"),
        ("Ann\nLee", "line break (U+000A)"),
        ("Ann\ud800", "unpaired surrogate"),
        ("x" * 71, "71 characters long; the limit is 70"),
        (7, "must be text"),
    ],
)
def test_text_refusals_say_what_is_wrong(value: object, message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)) as err:
        check_text(value, "user.name")
    assert err.value.field == "name"
    assert "\x00" not in err.value.message and "\ud800" not in err.value.message


def test_visible_text_with_format_characters_inside_is_kept() -> None:
    for text in ("Zo\u00eb", "Jos\u00e9 \u202eevil", "\U0001f469\u200d\U0001f4bb", "e\u0301"):
        assert check_text(text, "user.name") == text


def test_an_optional_field_takes_empty_but_not_blank() -> None:
    assert check_text("", "user.slack_handle") == ""
    with pytest.raises(ValidationError, match="blank"):
        check_text(" ", "user.slack_handle")


def test_a_comment_is_trimmed_and_keeps_its_line_breaks() -> None:
    assert clean_comment("  Good.\r\n\tSolid SQL.\n ") == "Good.\r\n\tSolid SQL."
    with pytest.raises(ValidationError, match="required"):
        clean_comment(" \n ")


def test_an_email_is_bounded_in_bytes() -> None:
    ascii_254 = "a" * 60 + "@" + ".".join(["b" * 63, "c" * 63, "d" * 63, "e"])
    assert check_email(ascii_254, "user.email") == ascii_254
    with pytest.raises(ValidationError, match="bytes"):
        check_email("\u00e9" + ascii_254[1:], "user.email")  # same characters, 255 bytes


@pytest.mark.parametrize("link", ["javascript:alert(1)", "https://", "https://x.example/\u00e4"])
def test_a_video_link_is_an_ascii_http_address(link: str) -> None:
    with pytest.raises(ValidationError) as err:
        check_video_link(link)
    assert err.value.field == "video_link"
