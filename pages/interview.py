"""Interview detail, reached by the deep link ?interview=<uuid> (safe to paste in Slack)."""

from datetime import datetime

import streamlit as st

from interview_autopilot.ui import queries as q


def no_interview() -> None:
    """No id in the URL: a hint and the way to the list."""
    st.title("Interview")
    st.info("Open an interview from the list, or paste a link ending in `?interview=<id>`.")
    st.page_link(q.INTERVIEWS_PAGE, label="Choose an interview", icon=":material/list:")


def header(d: q.InterviewDetail, zone: q.tzinfo) -> None:
    """Who, for what, when, with whom, and the video link. Stored text is shown inert."""
    i = d.interview
    st.title(q.inert(f"{d.candidate.name} · {i.job_title}"))
    facts, video = st.columns([5, 1], vertical_alignment="center")
    with facts:
        st.badge(i.status.label, color=q.STATUS_COLORS[i.status])
        stage = q.interview_stage(d)
        if stage != i.status.label:  # e.g. ended, still awaiting feedback
            st.badge(stage, color="orange" if stage == q.AWAITING else "blue")
        st.markdown(
            f":material/schedule: {q.local_span(i.scheduled_start, i.scheduled_end, zone)}"
            f" ({q.zone_name(zone)}) · :material/person: Recruiter **{q.inert(d.recruiter.name)}**"
        )
    with video:
        video_link(i.video_link)
        add_to_calendar(d)
        status_control(d)
        reschedule_control(d, zone)


def video_link(stored: str) -> None:
    """A button only for an http(s) address: a stored `javascript:` link is named, not linked;
    an interview scheduled without one says so."""
    url = q.video_url(stored)
    if url:
        st.link_button("Join video", url, icon=":material/videocam:", width="stretch")
    elif not stored.strip():
        st.caption(":material/videocam_off: No video link")
    else:
        st.caption(f":material/videocam_off: {q.INVALID_VIDEO_LINK}")


def add_to_calendar(d: q.InterviewDetail) -> None:
    """The interview as a calendar file: the same event as the panel's invites, so importing
    it after an invite (or before an update) leaves one event in the calendar."""
    data = q.calendar_file(d)
    if data is None:
        return
    st.download_button(
        "Add to calendar",
        data=data,
        file_name="interview.ics",
        mime="text/calendar",
        on_click="ignore",
        key="add_to_calendar",
        icon=":material/calendar_add_on:",
        width="stretch",
    )


def status_control(d: q.InterviewDetail) -> None:
    """Mark the interview completed, cancelled...: it moves to that status's list, and a
    cancelled or no-show interview closes its ATS record. Only the statuses its lifecycle
    allows now are offered; nothing is chosen until the person chooses, and closing or
    reopening an interview asks for a confirmation. The menu closes after saving (its open
    state is the app's, `on_change="rerun"`, so the app can close it), its choices reset.
    Offered only to whom the write allows (its recruiter); the write checks again."""
    if not q.may_change_status(d):
        st.caption("Only the interview's recruiter can change its status.")
        return
    if st.session_state.pop("close_status_menu", False):
        st.session_state.status_menu = False
        for key in ("new_status", "confirm_status"):
            st.session_state.pop(key, None)
    with st.popover(
        "Status",
        icon=":material/edit_calendar:",
        width="stretch",
        key="status_menu",
        on_change="rerun",
    ):
        new = st.selectbox(
            "Change the status to",
            q.status_choices(d),
            index=None,
            format_func=lambda s: s.label,
            placeholder="Choose…",
            key="new_status",
        )
        confirm = q.status_confirmation(d, new) if new else None
        sure = st.checkbox(confirm, key="confirm_status") if confirm else True
        message = st.empty()
        if st.button("Save", key="save_status", type="primary", disabled=not (new and sure)):
            assert new is not None  # the button is disabled without a choice
            try:
                q.change_status(str(d.interview.interview_id), new)
            except q.ValidationError as exc:
                message.error(q.inert(exc.message))
                return
            except q.Forbidden as exc:  # the role or the recruiter changed since the page drew
                message.error(q.inert(exc), icon=":material/lock:")
                return
            st.session_state.close_status_menu = True
            st.toast(f"Status changed to {new.label}.", icon=":material/check_circle:")
            st.rerun()


def reschedule_control(d: q.InterviewDetail, zone: q.tzinfo) -> None:
    """A scheduled interview moves to a new day and time (in the viewer's zone). A warning
    names each participant, and the candidate, already busy then; the move onto them is
    refused, naming them (their seats are held), as is a time a participant is off their
    working hours, busy (a block) or over a limit. Offered only to whom the write allows (its
    recruiter); the write checks again."""
    i = d.interview
    if i.status is not q.InterviewStatus.SCHEDULED or not q.may_reschedule(d):
        return
    if st.session_state.pop("close_reschedule_menu", False):
        st.session_state.reschedule_menu = False
    with st.popover(
        "Reschedule",
        icon=":material/update:",
        width="stretch",
        key="reschedule_menu",
        on_change="rerun",  # its open state is tracked, so saving can close it
    ):
        start_local, end_local = (
            i.scheduled_start.astimezone(zone),
            i.scheduled_end.astimezone(zone),
        )
        day = st.date_input("Day", value=start_local.date(), key="rs_day")
        start = q.zoned(day, st.time_input("Start", value=start_local.time(), key="rs_start"), zone)
        end = q.zoned(day, st.time_input("End", value=end_local.time(), key="rs_end"), zone)
        st.caption(f"Times in {q.zone_name(zone)}.")
        hint = q.weekend_hint(day)
        if hint:
            st.info(hint, icon=":material/weekend:")
        iid = str(i.interview_id)
        people = [str(p.user_id) for p in d.participants]
        clashes = q.overlap_warnings(people, start, end, iid, str(d.candidate.candidate_id))
        for line in clashes:
            st.warning(q.inert(line), icon=":material/event_busy:")
        message = st.empty()
        if st.button("Save the new time", key="save_reschedule", type="primary"):
            save_reschedule(iid, start, end, message)


def save_reschedule(iid: str, start: datetime, end: datetime, message) -> None:
    """Move the interview to the values this click sent; a taken seat refuses it, naming who
    is busy then."""
    try:
        q.reschedule_interview(iid, start, end)
    except q.ValidationError as exc:
        message.error(q.inert(exc.message))
        return
    except q.Forbidden as exc:  # the role or the recruiter changed since the page drew
        message.error(q.inert(exc), icon=":material/lock:")
        return
    st.session_state.close_reschedule_menu = True
    st.toast("Interview rescheduled.", icon=":material/check_circle:")
    st.rerun()


def candidate(d: q.InterviewDetail) -> None:
    st.subheader("Candidate")
    st.markdown(f"**{q.inert(d.candidate.name)}**")
    st.page_link(
        q.CANDIDATE_PAGE,
        label=q.inert(f"{d.candidate.name}: profile and every interview"),
        icon=":material/person:",
        query_params={"candidate": str(d.candidate.candidate_id)},
    )
    st.text(d.candidate.email)  # plain text: copied as it is, never a mailto link
    with st.expander("Resume", expanded=False):
        st.text(d.candidate.resume_text)


def people(d: q.InterviewDetail) -> None:
    st.subheader(f"Participants ({len(d.participants)})")
    st.dataframe(q.participants_table(d.participants), hide_index=True, key="participants")
    everyone = [(d.recruiter.user_id, d.recruiter.name, "Recruiter")]
    everyone += [(p.user_id, p.name, p.role.label) for p in d.participants]
    links = st.container(horizontal=True, gap="small")  # each link whole, wrapping as needed
    for user_id, name, role in everyone:
        links.page_link(
            q.PERSON_PAGE,
            label=q.inert(f"{name} ({role})"),
            icon=":material/badge:",
            query_params={"user": str(user_id)},
        )


def feedback(d: q.InterviewDetail, zone: q.tzinfo) -> None:
    submitted = sum(p.has_feedback for p in d.participants)
    st.subheader(f"Feedback ({submitted} of {len(d.participants)})")
    hidden = q.feedback_hidden(d)
    if hidden:
        st.info(hidden, icon=":material/visibility_off:")
    elif not d.feedback:
        st.caption("No feedback yet.")
    for f in d.feedback:
        with st.container(border=True):
            st.markdown(
                f"**{f.decision.label}** · {q.inert(q.feedback_author(f, d))} · "
                f"submitted {q.local_time(f.submitted_at, zone)} ({q.zone_name(zone)})"
            )
            st.text(f.comment)
            for r in f.ratings:  # the scorecard, when the feedback has one
                note = f" · {r.note}" if r.note else ""
                st.markdown(
                    f"- {q.inert(r.attribute)}: **{q.score_label(r.score)}**{q.inert(note)}"
                )
    refusal = q.feedback_refusal(str(d.interview.interview_id))  # the write's own rule
    if refusal:
        st.caption(refusal)
        return
    st.page_link(
        q.FEEDBACK_PAGE,
        label="Submit or edit feedback",
        icon=":material/rate_review:",
        query_params={"interview": str(d.interview.interview_id)},
    )


def reminders(d: q.InterviewDetail) -> None:
    """Who still owes feedback, the last reminder each got (when, which channel, or that it
    failed), and "Send a reminder now" (the recruiter and administrators). A click counts
    against the page it was made on (its key names the clicks seen), so clicking twice sends
    once."""
    found = q.interview_reminders(d)
    if found is None or not found.owed:
        return
    with st.container(key="last_reminders"):
        st.markdown("\n".join(f"- {q.inert(o.name)}: {q.inert(o.last)}" for o in found.owed))
        if found.asked:
            st.caption(q.inert(found.asked))
    if found.refusal:
        st.caption(found.refusal)
        return
    message = st.empty()
    if st.button("Send a reminder now", key=f"nudge_{found.seen}", icon=":material/send:"):
        try:
            sent = q.send_reminders_now(str(d.interview.interview_id), found.seen)
        except q.ValidationError as exc:
            message.error(q.inert(exc.message))
            return
        except q.Forbidden as exc:  # the role or the recruiter changed since the page drew
            message.error(q.inert(exc), icon=":material/lock:")
            return
        if sent:
            st.toast(f"{q.plural(sent, 'reminder')} queued.", icon=":material/send:")
        else:
            st.toast("That reminder was already queued by another click.", icon=":material/info:")
        st.rerun()


def kit(d: q.InterviewDetail) -> None:
    """The interview kit of the stage the interview was booked for: what to assess, what each
    rating means, what to ask (none: an interview booked without a stage shows nothing)."""
    found = q.interview_kit(str(d.interview.interview_id))
    if found is None:
        return
    st.subheader(q.inert(f"Interview kit · {found.stage}"))
    for attribute in found.attributes:
        with st.container(border=True):
            st.markdown(f"**{q.inert(attribute.name)}**")
            st.markdown(
                "\n".join(
                    f"- **{score}**: {q.inert(line) or '—'}"
                    for score, line in enumerate(attribute.rubric, 1)
                )
            )
            if attribute.questions:
                st.caption("Suggested questions")
                st.markdown("\n".join(f"- {q.inert(question)}" for question in attribute.questions))


def reasons(d: q.InterviewDetail) -> None:
    """Why the recommendation is what it is; shown only with the verdicts (the query returns
    None otherwise)."""
    found = q.recommendation_reasons(d)
    if found is not None:
        heading = f"Why {found.recommendation.label.lower()}"
        q.recommendation_box(found, heading, "recommendation_reasons")


def ats(d: q.InterviewDetail, zone: q.tzinfo) -> None:
    """What the applicant-tracking system holds for this interview."""
    st.subheader("ATS record")
    hidden = q.verdicts_note(d)
    if hidden:
        st.caption(f":material/visibility_off: {hidden}")
        return
    if d.ats is None:
        st.caption("No ATS record yet.")
        return
    st.badge(d.ats.status.label, color=q.ATS_COLORS[d.ats.status])
    st.markdown(
        f"Recommendation **{d.ats.recommendation.label}** · "
        f"updated {q.local_time(d.ats.updated_at, zone)} ({q.zone_name(zone)})"
    )
    st.text(d.ats.summary)
    reasons(d)


def history(d: q.InterviewDetail) -> None:
    """Who changed the status, the time, a feedback or the decision, when (in the viewer's
    zone), before and after (recruiters, admins)."""
    if not q.sees_history():
        return
    st.subheader("History")
    table = q.history(str(d.interview.interview_id))
    if table.empty:
        st.caption("No change recorded yet.")
    else:
        st.dataframe(table, hide_index=True, key="history")


def application_hiring(d: q.InterviewDetail, view, zone: q.tzinfo) -> None:
    """The decision of the application the interview belongs to, and its form: a decision
    taken here is the application's (it moves it through the job's stages)."""
    a = view.application
    st.subheader("Hiring decision")
    st.caption(q.inert(f"On the application to {view.job_title}, now at {a.stage}."))
    q.decided_note()
    if view.decision is None and not view.hidden:
        st.caption("No decision yet.")
    q.decision_shown(view, zone)
    if not view.may_decide:
        st.caption(
            "The job's hiring manager or recruiter, the interview's recruiter or a hiring "
            "manager on its panel records it."
            if not a.closed
            else q.inert(f"The application is {a.stage.lower()}: it is closed.")
        )
        return
    refusal = q.decision_refusal(d)  # decided here once the interview took place, as before
    if refusal:
        st.caption(refusal)
        return
    with st.expander("Record the decision" if view.decision is None else "Change the decision"):
        st.caption("Recorded in your name, as you are viewing the app.")
        q.decision_form(view, key="hd", label="Save the decision")


def hiring(d: q.InterviewDetail, zone: q.tzinfo) -> None:
    """The recorded hiring decision (and whether it goes against the recommendation), and the
    form the recruiter or a hiring manager records it with: the application's when the
    interview belongs to one, else the interview's own."""
    if (view := q.interview_application(str(d.interview.interview_id))) is not None:
        return application_hiring(d, view, zone)
    st.subheader("Hiring decision")
    made = d.ats.decision if d.ats else None
    hidden = q.verdicts_note(d)
    if hidden:
        st.caption(f":material/visibility_off: {hidden}")
    elif made is None:
        st.caption("No decision yet.")
    else:
        st.markdown(
            f"**{made.call.label}** · {q.inert(q.decider_name(d, made.decided_by))} · "
            f"{q.local_time(made.decided_at, zone)} ({q.zone_name(zone)})"
        )
        reason, against = q.reason_parts(made.reason)
        st.text(reason)
        if against:
            st.warning(q.inert(against), icon=":material/compare_arrows:")
        clash = q.disagreement(d)
        if clash:
            st.warning(clash, icon=":material/compare_arrows:")
    if not q.may_decide(d):
        st.caption("The interview's recruiter or a hiring manager on its panel records it.")
        return
    refusal = q.decision_refusal(d)  # the write's own rule: no form where Save is refused
    if refusal:
        st.caption(refusal)
        return
    with st.expander("Record the decision" if made is None else "Change the decision"):
        with st.form("decision_form"):
            st.caption("Recorded in your name, as you are viewing the app.")
            call = st.radio(
                "Decision",
                [c.value for c in q.HiringCall],
                index=None,
                format_func=lambda v: q.HiringCall(v).label,
                horizontal=True,
                key="hd_call",
            )
            reason = st.text_area(  # no max_chars: the browser would drop a longer paste
                "Reason", key="hd_reason", help=f"Up to {q.REASON_LIMIT:,} characters."
            )
            against = st.text_area(
                "Why against the recommendation",
                key="hd_against",
                height=68,
                help="Needed when the decision goes against the ATS recommendation: advancing "
                "on a no hire, rejecting on a hire.",
            )
            message = st.empty()
            submitted = st.form_submit_button("Save the decision", type="primary", key="hd_save")
        if submitted:
            too_long = q.over_limit(reason, q.REASON_LIMIT, "reason")
            if too_long:  # the reason stays in the field, to be shortened
                message.warning(too_long, icon=":material/content_cut:")
                return
            try:
                q.record_decision(str(d.interview.interview_id), call, reason, against)
            except q.ValidationError as exc:
                message.error(q.inert(exc.message))
                return
            except q.Forbidden as exc:  # the role or the panel changed since the page drew
                message.error(q.inert(exc), icon=":material/lock:")
                return
            st.toast("Decision saved.", icon=":material/check_circle:")
            st.rerun()


def missing(message: str, interview_id: str) -> None:
    """An unknown or malformed id: say so plainly (the id shown as code, never as markdown)."""
    st.title("Interview")
    q.link_problem(message, interview_id)
    st.page_link(q.INTERVIEWS_PAGE, label="Back to the interviews", icon=":material/list:")


def show(interview_id: str) -> None:
    try:
        detail = q.linked_detail(interview_id)
    except q.ValidationError as exc:
        return missing(exc.message, interview_id)
    zone = q.viewer_zone()
    header(detail, zone)
    candidate(detail)
    people(detail)
    kit(detail)
    feedback(detail, zone)
    reminders(detail)
    ats(detail, zone)
    hiring(detail, zone)
    history(detail)


interview_id = st.query_params.get("interview", "").strip()
if not interview_id:
    no_interview()
else:
    every = None
    with q.shown_errors():  # a bad LIVE_REFRESH_SECONDS is shown; the page works, not live
        every = q.live_every()

    # Reruns alone every LIVE_REFRESH_SECONDS: a colleague's feedback or status change appears.
    @st.fragment(run_every=every)
    def live() -> None:
        with q.shown_errors():
            q.live_refresh_detail(interview_id)
            show(interview_id)

    live()
