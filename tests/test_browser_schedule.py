"""Scheduling as a recruiter does it in Chromium, on SQLite and on the local Cassandra node: the
real app (`streamlit run`, the `week` fixture of test_browser_week) and the same database read
by the test.

- A booking turns the form into the new interview's summary; a double-click books once, and the
  same booking made again from a fresh form is refused, naming the interview that stands.
- The candidate's own overlapping interview is flagged as a panel member's is; a Saturday or
  Sunday gets a hint; a single search match is picked even after a search with several.
- Rescheduling onto an overlap is refused, naming who is busy, also when the click on Save is
  what hands the app a day typed a moment before (Streamlit sends a date field's value only
  when the focus leaves it); a free time then moves it. (Until bookings held their seats, the
  move onto the overlap went through once "Move it anyway" was ticked.)
- Rescheduling to a time outside the interviewer's working hours, or over their daily limit,
  is refused in words naming them and why; the interview keeps its time.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta

import pytest
import test_browser_week
from support.browser_kit import open_as
from test_browser_week import Week, fill, pick, settle

from interview_autopilot.core.availability import LoadLimits
from interview_autopilot.core.models import InterviewStatus, UserRole
from interview_autopilot.core.search import query_key
from interview_autopilot.features import scheduling
from interview_autopilot.store.base import Store

pytestmark = pytest.mark.browser
week = test_browser_week.week  # the fixture: the app over SQLite, then over the node
TUESDAY = date(2031, 3, 4)  # far from the sample's interviews
SATURDAY = date(2031, 3, 8)
JOB = "Site Reliability Engineer"
VIDEO = "https://meet.example.com/sre"


def main_text(page) -> str:
    return page.locator("[data-testid='stMain']").inner_text().replace("\u2060", "")


def overlap_warnings(page) -> list[str]:
    """The page's overlap warnings, as read (without the icon's name and the invisible
    word-joiners that keep a time on one line)."""
    texts = page.locator("[data-testid='stAlertContentWarning']").all_inner_texts()
    lines = [t.replace("\u2060", "").strip() for t in texts]
    return [line.removeprefix("event_busy").strip() for line in lines if "already has" in line]


def set_day(page, key: str, day: date, leave: str | None = "h1") -> None:
    """Type a day into a date field, segment by segment, as a person does; then click
    `leave` (the page's title; None: nothing), so the field loses the focus (and hands its
    value over)."""
    page.locator(f".st-key-{key} [data-type=year]").click()
    page.keyboard.type(f"{day:%Y%m%d}")
    if leave:
        page.locator(leave).first.click()
        settle(page)


def set_time(page, key: str, clock: time, leave: str = "h1") -> None:
    page.locator(f".st-key-{key} [data-type=hour]").click()
    page.keyboard.type(f"{clock:%H%M}")
    page.locator(leave).first.click()
    settle(page)


def people(store: Store, n: int) -> list:
    return [u for u in store.list_users() if u.role is UserRole.INTERVIEWER][:n]


def recruiter(store: Store):
    return next(u for u in store.list_users() if u.role is UserRole.RECRUITER)


def at(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, UTC)


def slot_bookings(store: Store, candidate_id: uuid.UUID, start: datetime) -> list[uuid.UUID]:
    """The candidate's scheduled interviews starting at `start`."""
    return [
        r.interview_id
        for r in store.list_interviews_by_candidate(candidate_id)
        if r.status is InterviewStatus.SCHEDULED and r.scheduled_start == start
    ]


def fill_booking(page, store: Store, candidate, panel) -> None:
    """The Schedule form: the candidate found by their email, the job, the first recruiter, a
    Tuesday 10:00-11:00 UTC (the default times), the video link and `panel`."""
    fill(page, "sch_find", candidate.email)
    pick(page, "sch_job_pick", JOB)  # an open job of the sample
    pick(page, "sch_recruiter", recruiter(store).name)
    set_day(page, "sch_day", TUESDAY)
    fill(page, "sch_video", VIDEO)
    for user in panel:
        pick(page, "sch_people", user.name)
    page.keyboard.press("Escape")
    settle(page)


def browse(p):
    from support.browser_kit import shots

    browser = shots.launch(p)
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, timezone_id="UTC")
    return browser, context.new_page()


def test_a_booking_becomes_its_summary_and_is_made_once(week: Week) -> None:
    from playwright.sync_api import expect, sync_playwright

    w = week
    with sync_playwright() as p:
        browser, page = browse(p)
        open_as(page, f"{w.url}/schedule")
        candidate = w.store.list_candidates()[0]
        panel = people(w.store, 2)
        fill_booking(page, w.store, candidate, panel)
        start = at(TUESDAY, time(10, 0))
        assert slot_bookings(w.store, candidate.candidate_id, start) == []

        page.locator(".st-key-sch_submit button").dblclick()  # an impatient double-click
        summary = page.locator(".st-key-sch_summary")
        summary.wait_for(timeout=60_000)
        settle(page)
        made = slot_bookings(w.store, candidate.candidate_id, start)
        assert len(made) == 1  # booked once
        shown = summary.inner_text()
        assert f"{candidate.name} · {JOB}" in shown
        assert "Tue 04 Mar 2031, 10:00–11:00 (UTC)" in shown
        assert recruiter(w.store).name in shown and VIDEO in shown
        assert all(u.name in shown for u in panel)
        assert "Interview scheduled." in main_text(page)
        expect(page.locator(".st-key-sch_submit")).to_have_count(0)  # no form to send again
        link = page.get_by_role("link", name="Open the interview")
        assert link.get_attribute("href").endswith(f"interview?interview={made[0]}")

        # A fresh form, the same booking again: refused, with the way to the one that stands.
        page.get_by_role("button", name="Schedule another").click()
        settle(page)
        expect(page.locator(".st-key-sch_summary")).to_have_count(0)
        expect(page.locator(".st-key-sch_job_pick")).not_to_contain_text(JOB)  # cleared
        fill_booking(page, w.store, candidate, panel)
        page.locator(".st-key-sch_submit button").click()
        page.get_by_text("This interview is already booked").wait_for(timeout=60_000)
        standing = page.get_by_role("link", name="Open the interview already booked")
        assert standing.get_attribute("href").endswith(f"interview?interview={made[0]}")
        assert slot_bookings(w.store, candidate.candidate_id, start) == made
        browser.close()


def test_the_candidate_busy_then_and_a_weekend_day_are_flagged(week: Week) -> None:
    from playwright.sync_api import sync_playwright

    w = week
    with sync_playwright() as p:
        browser, page = browse(p)
        open_as(page, f"{w.url}/schedule")
        candidate = next(  # one whose first two letters match others too
            c
            for c in w.store.list_candidates()
            if len(w.store.search_candidates(query_key(c.name[:2]))) > 1
        )
        first, second = people(w.store, 2)
        busy = scheduling.schedule(  # the candidate's 10:30-11:30 with another interviewer
            w.store,
            candidate.candidate_id,
            "Data Engineer",
            recruiter(w.store).user_id,
            at(TUESDAY, time(10, 30)),
            at(TUESDAY, time(11, 30)),
            VIDEO,
            [(first.user_id, UserRole.INTERVIEWER)],
        )

        # A search with several matches, then one: the single match is picked.
        fill(page, "sch_find", candidate.name[:2])
        box = page.locator(".st-key-sch_candidate input")
        assert box.get_attribute("placeholder").endswith("matches: pick one")
        assert box.input_value() == ""  # several: the recruiter picks
        fill(page, "sch_find", candidate.email)
        assert box.input_value() == f"{candidate.name} · {candidate.email}"

        set_day(page, "sch_day", TUESDAY)
        set_time(page, "sch_start", time(10, 45))
        set_time(page, "sch_end", time(11, 15))
        pick(page, "sch_people", second.name)
        page.keyboard.press("Escape")
        settle(page)
        expected = (
            f"The candidate, {candidate.name}, already has an interview "
            "Tue 04 Mar 2031, 10:30–11:30 (Data Engineer)."
        )
        assert overlap_warnings(page) == [expected]
        assert "weekend day" not in main_text(page)

        set_day(page, "sch_day", SATURDAY)
        text = main_text(page)
        assert "Saturday 08 March 2031 is a weekend day" in text
        assert "already has an interview" not in text
        assert busy.interview_id in slot_bookings(
            w.store, candidate.candidate_id, at(TUESDAY, time(10, 30))
        )
        browser.close()


def test_a_reschedule_onto_an_overlap_is_refused_by_name(week: Week) -> None:
    from playwright.sync_api import expect, sync_playwright

    w = week
    with sync_playwright() as p:
        browser, page = browse(p)
        open_as(page, w.url)
        candidates = w.store.list_candidates()
        first, second = people(w.store, 2)
        rid = recruiter(w.store).user_id

        def book(candidate, day: date, start: time, who) -> uuid.UUID:
            made = scheduling.schedule(
                w.store,
                candidate.candidate_id,
                JOB,
                rid,
                at(day, start),
                at(day, start) + timedelta(hours=1),
                VIDEO,
                [(u.user_id, UserRole.INTERVIEWER) for u in who],
            )
            return made.interview_id

        moving = book(candidates[0], TUESDAY, time(9, 0), [first, second])
        other_day = TUESDAY + timedelta(days=1)
        book(candidates[1], other_day, time(14, 0), [second])  # second is busy 14:00-15:00

        open_as(page, f"{w.url}/interview?interview={moving}")
        page.get_by_role("button", name="Reschedule").click()
        settle(page)
        inside = "[data-testid='stPopoverBody'] [data-testid='stCaptionContainer']"
        set_time(page, "rs_start", time(14, 30), leave=inside)  # a click inside the menu
        set_time(page, "rs_end", time(15, 30), leave=inside)
        # The day typed last; a click on its label closes the calendar (the field hands its
        # value over as it loses the focus) and Save follows at once, before any warning for
        # the new day could be drawn.
        set_day(page, "rs_day", other_day, leave=None)
        page.locator(".st-key-rs_day label").click()
        page.get_by_role("button", name="Save the new time").click()
        settle(page)
        refusal = page.get_by_text("Not booked:")
        refusal.wait_for(timeout=30_000)
        assert (
            refusal.inner_text()
            .replace("\u2060", "")
            .startswith(f"Not booked: {second.name} is busy Wed 05 Mar 2031, 14:00–15:00 (UTC).")
        )
        assert overlap_warnings(page) == [
            f"{second.name} already has an interview Wed 05 Mar 2031, 14:00–15:00 "
            f"({candidates[1].name} · {JOB})."
        ]
        kept = w.store.get_interview(moving)
        assert kept is not None and kept.scheduled_start == at(TUESDAY, time(9, 0))  # not moved

        set_time(page, "rs_start", time(15, 0), leave=inside)  # free: second's ends at 15:00
        set_time(page, "rs_end", time(16, 0), leave=inside)
        assert overlap_warnings(page) == []
        page.get_by_role("button", name="Save the new time").click()
        settle(page)
        expect(page.locator(".st-key-save_reschedule")).to_have_count(0)  # the menu closed
        assert "Wed 05 Mar 2031, 15:00–16:00 (UTC)" in main_text(page)  # the page shows it
        moved = w.store.get_interview(moving)
        assert moved is not None and moved.scheduled_start == at(other_day, time(15, 0))
        assert moved.scheduled_end == at(other_day, time(16, 0))
        browser.close()


def test_a_reschedule_off_hours_or_over_a_limit_is_refused_and_nothing_moves(
    week: Week,
) -> None:
    from playwright.sync_api import expect, sync_playwright

    w = week
    with sync_playwright() as p:
        browser, page = browse(p)
        open_as(page, w.url)
        candidates = w.store.list_candidates()
        (first,) = people(w.store, 1)  # no hours of their own: the defaults, 09:00-17:00 UTC
        rid = recruiter(w.store).user_id
        other_day = TUESDAY + timedelta(days=1)

        def book(candidate, day: date, start: time) -> uuid.UUID:
            return scheduling.schedule(
                w.store,
                candidate.candidate_id,
                JOB,
                rid,
                at(day, start),
                at(day, start) + timedelta(hours=1),
                VIDEO,
                [(first.user_id, UserRole.INTERVIEWER)],
            ).interview_id

        moving = book(candidates[0], TUESDAY, time(10, 0))
        w.store.set_interview_limits(first.user_id, LoadLimits(1, None))  # one a day
        book(candidates[1], other_day, time(10, 0))  # their Wednesday's one

        def refused(start: time, end: time, day: date | None = None) -> str:
            """Reschedule to `start`-`end` (on `day`), click Save; the refusal shown."""
            page.goto(f"{w.url}/interview?interview={moving}")
            page.get_by_role("button", name="Reschedule").wait_for(timeout=90_000)
            settle(page)
            page.get_by_role("button", name="Reschedule").click()
            settle(page)
            inside = "[data-testid='stPopoverBody'] [data-testid='stCaptionContainer']"
            set_time(page, "rs_start", start, leave=inside)
            set_time(page, "rs_end", end, leave=inside)
            if day is not None:  # a click on its label closes the calendar (hands it over)
                set_day(page, "rs_day", day, leave=None)
                page.locator(".st-key-rs_day label").click()
                settle(page)
            page.get_by_role("button", name="Save the new time").click()
            settle(page)
            refusal = page.get_by_text("Not moved:")
            refusal.wait_for(timeout=30_000)
            expect(page.locator(".st-key-save_reschedule")).to_have_count(1)  # menu still open
            kept = w.store.get_interview(moving)
            assert kept is not None and kept.scheduled_start == at(TUESDAY, time(10, 0))
            assert kept.status is InterviewStatus.SCHEDULED
            return refusal.inner_text().replace("\u2060", "")

        early = refused(time(6, 0), time(7, 0))
        assert early.startswith(
            f"Not moved: {first.name}: outside their working hours (09:00–17:00, UTC)."
        ), early
        assert "The interview keeps its time" in early
        over = refused(time(14, 0), time(15, 0), day=other_day)
        assert over.startswith(
            f"Not moved: {first.name}: over the daily limit (1 of 1 that day)."
        ), over
        browser.close()
