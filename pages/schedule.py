"""Schedule an interview: candidate (existing or new), job, recruiter, time in the viewer's zone,
video link and 1-6 participants with roles; a warning when a participant or the candidate is
already busy (the booking is then refused, naming them), a hint on a weekend day, and a warning
to confirm when the time is outside a participant's working hours, on their weekend, on one of
their busy blocks or over their interview limits. After
booking, the form turns into the new interview's summary until "Schedule another"."""

import uuid
from datetime import datetime, time

import streamlit as st

from interview_autopilot.ui import queries as q

st.title("Schedule an interview")


def candidate() -> tuple[str | None, tuple[str, str, str] | None]:
    """An existing candidate's id, or a new one's (name, email, resume)."""
    mode = st.radio("Candidate", ["Existing", "New"], horizontal=True, key="sch_mode")
    if mode == "New":
        name = st.text_input("Name", key="sch_name")
        email = st.text_input("Email", key="sch_email")
        resume = st.text_area("Resume", key="sch_resume", height=120)
        return None, (name, email, resume)
    query = st.text_input(
        "Find the candidate",
        key="sch_find",
        placeholder="Name or email: two letters or more, e.g. liam, nunez, zoe@",
    )
    if len(query.strip()) < 2:  # search, never a list of every candidate: there may be millions
        st.caption("Type the start of the candidate's name or email to pick them.")
        return None, None
    found = q.search_candidates(query)
    if not found:
        st.info("No candidate's name or email starts with that: add them as New.")
        return None, None
    people = {str(c.candidate_id): f"{c.name} · {c.email}" for c in found}
    if len(people) == 1:  # a single match is picked, whatever an earlier search left chosen
        st.session_state.sch_candidate = next(iter(people))
    chosen = st.selectbox(
        "Existing candidate",
        list(people),
        index=None,
        format_func=people.get,
        key="sch_candidate",
        placeholder=f"{len(people)} match{'es' if len(people) > 1 else ''}: pick one",
    )
    return chosen, None


def when(zone: q.tzinfo) -> tuple:
    """Start and end, picked in the viewer's zone (a hint on a Saturday or Sunday)."""
    day_col, start_col, end_col = st.columns(3)
    day = day_col.date_input("Day", key="sch_day", value=q.now().astimezone(zone).date())
    start = start_col.time_input("Start", key="sch_start", value=time(10, 0), step=900)
    end = end_col.time_input("End", key="sch_end", value=time(11, 0), step=900)
    st.caption(f"Times in {q.zone_name(zone)}.")
    hint = q.weekend_hint(day)
    if hint:
        st.info(hint, icon=":material/weekend:")
    return q.zoned(day, start, zone), q.zoned(day, end, zone)


def prefill_stage(job_id: str) -> None:
    """The stage picked: its duration sets the end, its panel the participants and roles."""
    index = st.session_state.get("sch_stage")
    plan = q.stage_prefill(job_id, index) if index is not None else None
    if plan is None:
        return
    start = st.session_state.get("sch_start", time(10, 0))
    st.session_state.sch_end = (datetime.combine(datetime.min, start) + plan.duration).time()
    st.session_state.sch_people = [user for user, _ in plan.panel]
    for user, role in plan.panel:
        st.session_state[f"sch_role_{user}"] = q.UserRole(role)
    st.session_state.sch_stage_note = plan.note


def forget_stage() -> None:
    for key in ("sch_stage", "sch_stage_note"):
        st.session_state.pop(key, None)


def job_and_stage(jobs: list) -> str:
    """An open job and a stage of its plan (which prefills the time and panel); the title."""
    titles = {str(j.job_id): j.title for j in jobs}
    job_col, stage_col = st.columns(2)
    job_id = job_col.selectbox(
        "Job",
        list(titles),
        index=None,
        format_func=titles.get,
        key="sch_job_pick",
        placeholder="Pick an open job",
        on_change=forget_stage,
    )
    if job_id:
        stages = dict(q.stage_choices(job_id))
        stage_col.selectbox(
            "Stage",
            list(stages),
            index=None,
            format_func=stages.get,
            key="sch_stage",
            placeholder="Pick a stage of the plan",
            on_change=prefill_stage,
            args=(job_id,),
        )
        if note := st.session_state.get("sch_stage_note"):
            st.caption(note)
    return titles.get(job_id, "") if job_id else ""


def find_times(candidate_id: str | None) -> None:
    """Find times for the stage picked: the best slots of the next business days where the
    whole panel works, is free and under its limits (pool seats filled by least load), with
    the reasons; one click books a slot."""
    job_id, stage = st.session_state.get("sch_job_pick"), st.session_state.get("sch_stage")
    if not job_id or stage is None:
        return
    with st.expander("Find times for this stage", expanded=True):
        days = st.number_input(
            "Business days ahead", min_value=1, max_value=20, value=10, key="sch_ft_days"
        )
        key = (candidate_id, job_id, stage, int(days))
        if st.button("Find times", icon=":material/event_available:", key="sch_ft_go"):
            try:
                st.session_state.sch_found = (key, q.find_slots(candidate_id, job_id, stage, days))
            except q.ValidationError as exc:
                st.warning(q.inert(exc.message))
        held = st.session_state.get("sch_found")
        if not held or held[0] != key:
            st.caption("Pick the candidate, then find the times their panel can all make.")
            return
        found = held[1]
        send_link(candidate_id, job_id, stage, int(days))
        for note in found.notes:
            st.info(q.inert(note))
        st.caption(
            f"{found.total} possible times in {found.window}; the first {len(found.slots)} "
            "(at most 3 a day):"
        )
        if not found.slots:
            st.warning("No time in that window suits everyone: look further ahead.")
        message = st.empty()
        for n, slot in enumerate(found.slots):
            with st.container(border=True, key=f"sch_slot_{n}"):
                st.markdown(f"**{q.inert(slot.when)}**")
                st.markdown(q.inert(" · ".join(slot.chosen)))
                if slot.passed_over:
                    st.caption(q.inert("Not chosen: " + "; ".join(slot.passed_over)))
                if st.button("Book this time", key=f"sch_take_{n}", type="primary"):
                    try:
                        made = q.book_slot(candidate_id, job_id, stage, slot.start, slot.people)
                    except q.ValidationError as exc:
                        message.error(q.inert(exc.message))
                        st.session_state.pop("sch_found", None)  # found again: the next free
                    else:
                        st.session_state.sch_made = made
                        st.session_state.pop("sch_found", None)
                        st.rerun()


def send_link(candidate_id: str | None, job_id: str, stage: int, days: int) -> None:
    """A self-scheduling link offering the candidate these times: they pick one themselves."""
    key = (candidate_id, job_id, stage, days)
    if st.button("Send a booking link instead", icon=":material/link:", key="sch_link_go"):
        try:
            st.session_state.sch_link = (
                key,
                q.create_booking_link(candidate_id, job_id, stage, days),
            )
        except q.ValidationError as exc:
            st.warning(q.inert(exc.message))
    held = st.session_state.get("sch_link")
    if held and held[0] == key:
        sent = held[1]
        st.success(
            f"A link offering {sent.slots} times, valid until {sent.expires}: send it to the "
            "candidate. They pick a time without signing in; it books once.",
            icon=":material/link:",
        )
        st.code(sent.url, language=None)


def panel(users: dict[str, q.User]) -> list[tuple[str, str]]:
    """1-6 participants, each with a role (their usual one preselected)."""
    chosen = st.multiselect(
        "Participants (1 to 6)",
        list(users),
        format_func=lambda u: f"{users[u].name} ({users[u].role.label})",
        max_selections=6,
        key="sch_people",
    )
    roles = list(q.UserRole)
    picked = []
    for user_id in chosen:
        role = st.selectbox(
            f"Role of {users[user_id].name}",
            roles,
            index=roles.index(users[user_id].role),
            format_func=lambda r: r.label,
            key=f"sch_role_{user_id}",
        )
        picked.append((user_id, str(role)))
    return picked


def start_over() -> None:
    """Forget the booked interview and every field: an empty form (a new form id)."""
    for key in [k for k in st.session_state if str(k).startswith("sch_")]:
        del st.session_state[key]


def summary() -> bool:
    """After booking: the new interview's summary, the link to it and "Schedule another", in
    place of the form (so one more click on Schedule cannot book it again)."""
    made = st.session_state.get("sch_made")
    if not made:
        return False
    b = q.booked(made)
    st.success("Interview scheduled.", icon=":material/check_circle:")
    with st.container(border=True, key="sch_summary"):
        st.markdown(f"**{q.inert(b.title)}**")
        st.markdown(f":material/schedule: {b.when}")
        st.markdown(f":material/person: Recruiter **{q.inert(b.recruiter)}**")
        st.markdown(":material/group: " + q.inert(", ".join(b.panel)))
        if b.video_link:
            st.text(b.video_link)
    st.page_link(
        q.INTERVIEW_PAGE,
        label="Open the interview",
        icon=":material/search:",
        query_params={"interview": made},
    )
    st.button("Schedule another", icon=":material/add:", key="sch_again", on_click=start_over)
    return True


def refused(message, exc: q.ValidationError) -> None:
    """A refusal in words; an identical booking names the interview that stands."""
    existing = q.duplicate_of(exc)
    with message.container():
        st.error(q.inert(exc.message))
        if existing:
            st.page_link(
                q.INTERVIEW_PAGE,
                label="Open the interview already booked",
                icon=":material/search:",
                query_params={"interview": existing},
            )


def form() -> None:
    zone = q.viewer_zone()
    form_id = st.session_state.setdefault("sch_form", str(uuid.uuid4()))
    users = {str(u.user_id): u for u in q.panel_users()}  # active people only
    candidate_id, new_candidate = candidate()
    # A team with jobs schedules for one of them; before any job, a free-text title
    # (`interview-autopilot jobs from-titles` makes jobs of those).
    jobs = q.open_jobs()
    job_title = job_and_stage(jobs) if jobs else st.text_input("Job title", key="sch_job")
    find_times(candidate_id)
    recruiter = st.selectbox(
        "Recruiter",
        [u for u in users if users[u].role is q.UserRole.RECRUITER] or list(users),
        index=None,
        format_func=lambda u: users[u].name,
        key="sch_recruiter",
    )
    start, end = when(zone)
    video = st.text_input("Video link", key="sch_video", placeholder="https://…")
    people = panel(users)
    for line in q.overlap_warnings([u for u, _ in people], start, end, None, candidate_id):
        st.warning(q.inert(line), icon=":material/event_busy:")
    outside = q.working_hours_warnings([u for u, _ in people], start, end)
    busy = q.busy_warnings([u for u, _ in people], start, end)
    for line in outside:
        st.warning(q.inert(line), icon=":material/work_history:")
    for line in busy:
        st.warning(q.inert(line), icon=":material/event_busy:")
    anyway = bool(outside or busy) and st.checkbox(
        "Book anyway, despite the busy times and limits above"
        if busy
        else "Book anyway, outside the working hours above",
        key=f"sch_hours_ok_{start:%Y%m%d%H%M}_{end:%H%M}",  # a new time asks again
    )
    message = st.empty()
    if st.button("Schedule", type="primary", key="sch_submit"):
        if (outside or busy) and not anyway:  # judged on the values this click sent
            message.error(
                (
                    "Someone above is busy or over a limit then"
                    if busy
                    else "That time is outside the working hours named above"
                )
                + ": tick “Book anyway” to confirm, or pick another time."
            )
            return
        try:
            made = q.schedule_interview(
                candidate_id,
                new_candidate,
                job_title,
                recruiter,
                start,
                end,
                video,
                people,
                form_id,
                confirmed=anyway,
            )
        except q.ValidationError as exc:
            refused(message, exc)
        except q.Forbidden as exc:  # the role changed since the page drew
            message.error(q.inert(exc), icon=":material/lock:")
        else:
            st.session_state.sch_made = made
            # the stage picked: its interview kit goes with the interview
            q.link_interview_stage(
                made, st.session_state.get("sch_job_pick"), st.session_state.get("sch_stage")
            )
            st.rerun()


with q.shown_errors():
    if not q.may_schedule():  # reached by its URL: the navigation offers it to schedulers only
        st.info("Only recruiters and administrators schedule interviews.", icon=":material/lock:")
    elif not summary():
        form()
