"""The autopilot in Chromium, on SQLite and on the node (the `week` fixture: the real app under
`streamlit run` with a test clock): a recruiter schedules an interview on the Schedule page; a
worker pass (started by the test) sends each participant the invite, which the SMTP server on
loopback receives; the recruiter reschedules it on the interview page; the next pass sends the
update, same UID and a higher SEQUENCE, the same event the page's "Add to calendar" downloads;
the Autopilot page lists both invites to each person.
With candidate emails on, the candidate gets both too, and their page lists them as sent."""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from pathlib import Path

import pytest
import test_browser_week
from icalendar import Calendar
from support.autopilot_kit import recipients, worker
from support.browser_kit import open_as
from support.receivers import invite_of, smtp_server
from test_browser_schedule import (
    JOB,
    TUESDAY,
    at,
    browse,
    fill_booking,
    people,
    set_day,
    slot_bookings,
)
from test_browser_week import Week, settle

from interview_autopilot.core.clock import read_clock, set_clock
from interview_autopilot.core.invites import uid_of
from interview_autopilot.core.models import Interview, InterviewStatus, UserRole, make_id, utc_now
from interview_autopilot.features import scheduling

pytestmark = pytest.mark.browser
week = test_browser_week.week  # the fixture: the app over SQLite, then over the node
WEDNESDAY = date(2031, 3, 5)


def as_shown(text: str) -> re.Pattern[str]:
    """`text` as the page draws it (a word joiner may follow each colon: `q.inert`)."""
    return re.compile(re.escape(text).replace(":", ":\u2060?"))


def dataframe_cells(page) -> list[str]:
    cells = page.locator("[data-testid='stDataFrame'] table td")
    cells.first.wait_for(state="attached", timeout=60_000)
    return [c.strip() for c in cells.all_inner_texts()]


@pytest.mark.app_env(CANDIDATE_EMAILS="true")
def test_schedule_then_reschedule_send_an_invite_and_its_update(week: Week) -> None:
    from playwright.sync_api import expect, sync_playwright

    w = week
    with smtp_server() as (box, port), sync_playwright() as p:
        browser, page = browse(p)
        open_as(page, f"{w.url}/schedule")
        candidate, panel = w.store.list_candidates()[0], people(w.store, 2)
        fill_booking(page, w.store, candidate, panel)
        page.locator(".st-key-sch_submit button").click()
        page.locator(".st-key-sch_summary").wait_for(timeout=60_000)
        settle(page)
        [made] = slot_bookings(w.store, candidate.candidate_id, at(TUESDAY, time(10, 0)))

        everyone = sorted([u.email for u in panel] + [candidate.email])  # candidate emails on
        sender = worker(w.store, port, CANDIDATE_EMAILS="true")
        assert sender.run_pass(read_clock(w.clock)).sent == len(everyone)
        first = box.wait_for(len(everyone))
        assert recipients(first) == everyone
        for mail in first:
            [event] = invite_of(mail).walk("VEVENT")  # type: ignore[union-attr]
            assert str(event["UID"]) == uid_of(made) and int(event["SEQUENCE"]) == 0
            assert event.decoded("DTSTART") == at(TUESDAY, time(10, 0))
            assert JOB in str(mail["Subject"])

        open_as(page, f"{w.url}/interview?interview={made}")
        page.get_by_role("button", name="Reschedule").click()
        settle(page)
        set_day(page, "rs_day", WEDNESDAY, leave=None)
        page.locator(".st-key-rs_day label").click()
        page.get_by_role("button", name="Save the new time").click()
        settle(page)
        page.get_by_text("Wed 05 Mar 2031, 10:00–11:00 (UTC)").first.wait_for(timeout=60_000)
        moved = w.store.get_interview(made)
        assert moved is not None and moved.scheduled_start == at(WEDNESDAY, time(10, 0))

        with page.expect_download() as download:  # the same event as the invites, moved once
            page.get_by_role("button", name="Add to calendar").click()
        assert download.value.suggested_filename == "interview.ics"
        [event] = Calendar.from_ical(Path(download.value.path()).read_bytes()).walk("VEVENT")
        assert str(event["UID"]) == uid_of(made) and int(event["SEQUENCE"]) == 1
        assert event.decoded("DTSTART") == at(WEDNESDAY, time(10, 0))
        assert sorted(str(a) for a in event.get("ATTENDEE")) == [
            f"mailto:{u.email}" for u in sorted(panel, key=lambda u: u.email)
        ]

        set_clock(w.clock, read_clock(w.clock) + timedelta(minutes=5))  # the update goes later
        assert sender.run_pass(read_clock(w.clock)).sent == len(everyone)
        update = box.wait_for(2 * len(everyone))[len(everyone) :]
        assert recipients(update) == everyone
        for mail in update:
            cal = invite_of(mail)
            assert cal is not None and str(cal["METHOD"]) == "REQUEST"
            [event] = cal.walk("VEVENT")
            assert str(event["UID"]) == uid_of(made) and int(event["SEQUENCE"]) == 1
            assert event.decoded("DTSTART") == at(WEDNESDAY, time(10, 0))
            assert event.decoded("DTEND") == at(WEDNESDAY, time(10, 0)) + timedelta(hours=1)

        open_as(page, f"{w.url}/autopilot")
        page.get_by_role("heading", name="Sent").wait_for(timeout=60_000)
        cells = dataframe_cells(page)
        for user in panel:
            shown = f"{user.name} <{user.email}>"
            assert cells.count(shown) >= 2, (shown, cells)  # the invite and its update
        assert cells.count("Invite") >= 2 * len(panel)
        assert cells.count("Sent") >= 2 * len(panel)

        open_as(page, f"{w.url}/candidate?candidate={candidate.candidate_id}")
        page.get_by_role("heading", name="Messages to the candidate (2)").wait_for(timeout=60_000)
        listed = page.locator(".st-key-candidate_messages li").all_inner_texts()
        assert len(listed) == 2, listed
        newest, oldest = (text.replace("\u2060", "") for text in listed)
        assert f"Moved: your {JOB} interview, Wed 05 Mar 2031, 10:00–11:00 (UTC)" in newest
        assert f"Scheduled: your {JOB} interview, Tue 04 Mar 2031" in oldest
        for text in (newest, oldest):
            assert "Candidate email" in text and text.endswith("· sent"), text
        expect(page.get_by_text("Candidate emails are off")).to_have_count(0)
        browser.close()


def test_send_a_reminder_now_reaches_the_missing_scorecards_once(week: Week) -> None:
    """The recruiter of an interview whose feedback is missing double-clicks "Send a reminder
    now": the worker sends one reminder to each interviewer (the test SMTP server receives it,
    with its link to the feedback form), and the page then shows the last reminder sent, as
    Scorecards due does beside each panel member's missing scorecard."""
    from playwright.sync_api import expect, sync_playwright

    w = week
    now = read_clock(w.clock)
    with smtp_server() as (box, port), sync_playwright() as p:
        browser, page = browse(p)
        open_as(page, w.url)  # the first start loads the sample
        panel = people(w.store, 2)
        boss = next(u for u in w.store.list_users() if u.role is UserRole.RECRUITER)
        candidate = w.store.list_candidates()[0]
        ended = Interview(
            make_id("browser-nudge", "ended"),
            candidate.candidate_id,
            boss.user_id,
            JOB,
            now - timedelta(hours=4),
            now - timedelta(hours=3),
            InterviewStatus.SCHEDULED,
            "",
        )
        w.store.create_interview(ended, [(u.user_id, UserRole.INTERVIEWER) for u in panel])
        open_as(page, f"{w.url}/interview?interview={ended.interview_id}", boss.name)
        shown = page.locator(".st-key-last_reminders")
        expect(shown).to_contain_text("no reminder sent yet", timeout=60_000)
        for user in panel:
            expect(shown).to_contain_text(user.name)
        page.get_by_role("button", name="Send a reminder now").dblclick()
        settle(page)
        asked = f"Reminders last asked for {now:%Y-%m-%d %H:%M} (UTC) by {boss.name}."
        expect(shown).to_contain_text(as_shown(asked), timeout=60_000)
        assert w.store.reminder_log(ended.interview_id).nudges == 1  # the double click: once

        report = worker(w.store, port).run_pass(read_clock(w.clock))
        assert report.sent == len(panel), report
        mails = box.wait_for(len(panel))
        assert recipients(mails) == sorted(u.email for u in panel)
        for mail in mails:
            assert str(mail["Subject"]).startswith(f"Reminder: your scorecard for the {JOB}")
            body = mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]
            assert f"http://app.example.com/feedback?interview={ended.interview_id}" in body
        assert worker(w.store, port).run_pass(read_clock(w.clock)).sent == 0
        assert len(box.received()) == len(panel)  # the double click sent once

        open_as(page, f"{w.url}/interview?interview={ended.interview_id}", boss.name)
        when = now.strftime("%Y-%m-%d %H:%M")
        line = f"last reminder sent {when} (UTC) by email"
        expect(shown).to_contain_text(as_shown(line), timeout=60_000)
        assert shown.inner_text().replace("\u2060", "").count(line) == len(panel)

        open_as(page, f"{w.url}/scorecards", boss.name)  # each panel member's item says so too
        board = page.get_by_role("main")
        expect(board).to_contain_text(as_shown(line), timeout=60_000)
        items = page.get_by_role("link").filter(has_text=as_shown(line))
        assert items.count() == len(panel), items.all_inner_texts()
        for item in items.all_inner_texts():
            assert f"{candidate.name} · {JOB} · ended" in item, item
        browser.close()


@pytest.mark.app_env(CANDIDATE_EMAILS="true")
def test_a_recruiter_writes_the_candidates_email_and_it_goes_out(week: Week, monkeypatch) -> None:
    """On the Autopilot page a recruiter rewrites the "scheduled" email: a placeholder that does
    not exist is refused with the ones that do; the saved draft is previewed for a sample
    interview and goes out only once put in use; the next booking's email to the candidate (the
    test SMTP server) is the new text."""
    from playwright.sync_api import expect, sync_playwright

    w = week
    with smtp_server() as (box, port), sync_playwright() as p:
        browser, page = browse(p)
        open_as(page, w.url)  # the first start loads the sample
        boss = next(u for u in w.store.list_users() if u.role is UserRole.RECRUITER)
        open_as(page, f"{w.url}/autopilot", boss.name)
        page.get_by_text("Interview scheduled", exact=True).click()
        subject = page.locator(".st-key-tpl_subject_scheduled input")
        text = page.locator(".st-key-tpl_body_scheduled textarea")
        save = page.get_by_role("button", name="Save draft").first
        subject.fill("Hi {name}, {when}")
        save.click()
        expect(page.get_by_text(as_shown("“{name}” is not a placeholder"))).to_be_visible(
            timeout=60_000
        )
        assert not w.store.message_templates()  # refused: nothing saved

        subject.fill("Your {job_title} interview with us, {when}")
        text.fill("Dear {candidate_name},\n\nsee you on {when}.\n")
        save.click()
        preview = page.locator(".st-key-tpl_preview_scheduled")
        expect(preview).to_contain_text(
            as_shown("Your Backend Engineer interview with us, Fri 12 Mar 2027"), timeout=60_000
        )
        expect(preview).to_contain_text("Dear Zoe Example,")
        page.get_by_role("button", name="Use this draft").click()
        expect(page.get_by_text(as_shown("In use: your text."))).to_be_visible(timeout=60_000)

        monkeypatch.setenv("CANDIDATE_EMAILS", "true")  # this process books, as an app would
        candidate = w.store.list_candidates()[0]
        panel = [(u.user_id, UserRole.INTERVIEWER) for u in people(w.store, 1)]
        scheduling.schedule(
            w.store, candidate.candidate_id, JOB, boss.user_id, at(TUESDAY, time(10, 0)),
            at(TUESDAY, time(11, 0)), "", panel,
        )  # fmt: skip
        worker(w.store, port, CANDIDATE_EMAILS="true").run_pass(utc_now())  # queued: real time
        [mail] = [m for m in box.wait_for(2) if m["To"] == candidate.email]
        assert " ".join(str(mail["Subject"]).split()).startswith(
            f"Your {JOB} interview with us, Tue 04 Mar 2031, 10:00"
        )
        body = mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        assert body.replace("\r\n", "\n").startswith(f"Dear {candidate.name},\n\nsee you on Tue")
        browser.close()
