"""Jobs: the jobs by status (open, on hold, closed by year), and for recruiters and
administrators a form to create a job or edit one: title, department, location, hiring manager,
recruiter, status and the interview plan (ordered stages, each with a duration, a panel of
named people and seats for any interviewer, and an interview kit: focus attributes with their
rubric and suggested questions). A job's own page (deep link /jobs?job=<uuid>, and
&stage=<name> for a stage) shows its counts by stage and lists the newest applications of one
stage, picked above the list."""

import streamlit as st

from interview_autopilot.ui import queries as q

NEW = "new"


def listing() -> list:
    """The jobs of the status picked (closed ones by the year they closed)."""
    status_col, year_col = st.columns([3, 1])
    status = status_col.radio(
        "Status",
        q.JOB_STATUSES,
        format_func=lambda s: q.JobStatus(s).label,
        horizontal=True,
        key="jobs_status",
    )
    year = None
    if status == q.JobStatus.CLOSED:
        year = year_col.number_input(
            "Closed in", min_value=2000, max_value=2100, value=q.now().year, key="jobs_year"
        )
    jobs = q.jobs_in(status, int(year) if year else None)
    if jobs:
        st.dataframe(q.jobs_table(jobs), hide_index=True, use_container_width=True)
        for j in jobs:
            st.page_link(
                q.JOBS_PAGE,
                label=q.inert(f"Applications: {j.title}"),
                icon=":material/work:",
                query_params={"job": str(j.job_id)},
            )
    else:
        st.info("No job in this status.")
    return jobs


def stage_fields(prefix: str, index: int, stage, people: dict) -> q.StageForm:
    """One stage of the plan: its name, duration, named people and seats for anyone."""
    with st.container(border=True):
        st.markdown(f"**Stage {index + 1}**")
        name_col, min_col, any_col = st.columns([3, 1, 1])
        name = name_col.text_input(
            "Stage name", value=stage.name if stage else "", key=f"{prefix}_s{index}_name"
        )
        minutes = min_col.number_input(
            "Minutes",
            min_value=0,
            max_value=600,
            step=15,
            value=stage.minutes if stage else 60,
            key=f"{prefix}_s{index}_min",
        )
        any_seats = any_col.number_input(
            "Any interviewer",
            min_value=0,
            max_value=6,
            value=stage.any_seats if stage else 0,
            key=f"{prefix}_s{index}_any",
            help="Seats any interviewer may take, picked when the interview is scheduled.",
        )
        named = st.multiselect(
            "Named interviewers (each in their role)",
            list(people),
            default=[p for p in (stage.people if stage else ()) if p in people],
            format_func=lambda u: f"{people[u].name} ({people[u].role.label})",
            max_selections=6,
            key=f"{prefix}_s{index}_people",
        )
        pool, pool_seats = pool_fields(prefix, index, stage)
        kit = kit_fields(prefix, index, stage.kit if stage else ())
    return q.StageForm(name, int(minutes), tuple(named), int(any_seats), kit, pool, pool_seats)


def pool_fields(prefix: str, index: int, stage) -> tuple[str | None, int]:
    """N seats from an interviewer pool, chosen by least load when times are found."""
    pools = {str(p.pool_id): p.name for p in q.interviewer_pools()}
    if not pools:
        return None, 0
    pool_col, count_col = st.columns([3, 1])
    current = stage.pool if stage and stage.pool in pools else None
    pool = pool_col.selectbox(
        "From a pool",
        list(pools),
        index=list(pools).index(current) if current else None,
        format_func=pools.get,
        key=f"{prefix}_s{index}_pool",
        placeholder="No pool",
    )
    count = count_col.number_input(
        "People from it",
        min_value=0,
        max_value=6,
        value=stage.pool_seats if stage else 0,
        key=f"{prefix}_s{index}_pool_n",
        help="Filled when times are found: the pool's members with the fewest interviews.",
    )
    return pool, int(count)


def pools_editor() -> None:
    """Interviewer pools: a named set of interviewers a stage may take seats from."""
    st.subheader("Interviewer pools")
    pools = q.interviewer_pools()
    for p in pools:
        st.markdown(q.inert(f"**{p.name}**: {q.pool_members_text(p)}"))
    people = {str(u.user_id): u.name for u in q.panel_users()}
    with st.expander("Add or change a pool"):
        choices = {"": "A new pool"} | {str(p.pool_id): p.name for p in pools}
        picked = st.selectbox("Pool", list(choices), format_func=choices.get, key="pool_pick")
        pool = next((p for p in pools if str(p.pool_id) == picked), None)
        name = st.text_input(
            "Pool name", value=pool.name if pool else "", key=f"pool_name_{picked}"
        )
        members = st.multiselect(
            "Members",
            list(people),
            default=[str(m) for m in pool.members if str(m) in people] if pool else [],
            format_func=people.get,
            key=f"pool_members_{picked}",
        )
        if st.button("Save pool", key="pool_save"):
            q.save_pool(name, members, picked or None, pool.version if pool else 0)
            st.session_state.jobs_saved = f"The pool {name.strip()} was saved."
            st.rerun()


def kit_fields(prefix: str, index: int, kit: tuple) -> tuple:
    """The stage's interview kit: its focus attributes, each with what a rating of 1 to 4
    means and the questions suggested for it. A row left wholly blank is dropped."""
    with st.expander(f"Interview kit ({q.plural(len(kit), 'focus attribute')})"):
        count = st.number_input(
            "Focus attributes",
            min_value=0,
            max_value=6,
            value=len(kit),
            key=f"{prefix}_s{index}_kitn",
            help="What this stage's interviewers assess and rate from 1 to 4 on their scorecard.",
        )
        attributes = []
        for j in range(int(count)):
            given = kit[j] if j < len(kit) else None
            key = f"{prefix}_s{index}_a{j}"
            with st.container(border=True, key=f"kit_s{index}_a{j}"):
                name = st.text_input(
                    f"Focus attribute {j + 1}", value=given.name if given else "", key=f"{key}_n"
                )
                columns = st.columns(4)
                rubric = [
                    col.text_input(
                        f"{score} means",
                        value=given.rubric[score - 1] if given else "",
                        key=f"{key}_r{score}",
                    )
                    for score, col in zip(range(1, 5), columns, strict=True)
                ]
                questions = st.text_area(
                    "Suggested questions (one a line)",
                    value=q.questions_text(given) if given else "",
                    height=80,
                    key=f"{key}_q",
                )
            attribute = q.attribute_from_fields(name, rubric, questions)
            if attribute is not None:
                attributes.append(attribute)
    return tuple(attributes)


def editor(jobs: list) -> None:
    choices = {NEW: "New job", **{str(j.job_id): j.title for j in jobs}}
    picked = st.selectbox("Create or edit", list(choices), format_func=choices.get, key="jobs_pick")
    job_id = None if picked == NEW else picked
    form, version = q.job_form(job_id)
    prefix = f"job_{picked}_{version}"
    people = {str(u.user_id): u for u in q.panel_users()}
    managers = [u for u in people if q.UserRole.HIRING_MANAGER in people[u].all_roles]
    recruiters = [u for u in people if q.UserRole.RECRUITER in people[u].all_roles]

    title = st.text_input("Title", value=form.title, key=f"{prefix}_title")
    dep_col, loc_col = st.columns(2)
    department = dep_col.text_input("Department", value=form.department, key=f"{prefix}_dep")
    location = loc_col.text_input("Location", value=form.location, key=f"{prefix}_loc")
    hm_col, rec_col, status_col = st.columns(3)
    manager = hm_col.selectbox(
        "Hiring manager",
        managers,
        index=managers.index(form.hiring_manager) if form.hiring_manager in managers else None,
        format_func=lambda u: people[u].name,
        key=f"{prefix}_hm",
    )
    recruiter = rec_col.selectbox(
        "Recruiter",
        recruiters,
        index=recruiters.index(form.recruiter) if form.recruiter in recruiters else None,
        format_func=lambda u: people[u].name,
        key=f"{prefix}_rec",
    )
    status = status_col.selectbox(
        "Status",
        q.JOB_STATUSES,
        index=q.JOB_STATUSES.index(form.status),
        format_func=lambda s: q.JobStatus(s).label,
        key=f"{prefix}_status",
    )
    st.subheader("Interview plan")
    count = st.number_input(
        "Stages",
        min_value=1,
        max_value=12,
        value=max(len(form.stages), 1),
        key=f"{prefix}_count",
    )
    stages = tuple(
        stage_fields(prefix, i, form.stages[i] if i < len(form.stages) else None, people)
        for i in range(int(count))
    )
    message = st.empty()
    if st.button("Save job", type="primary", key="jobs_save"):
        entered = q.JobForm(title, department, location, manager, recruiter, status, stages)
        try:
            q.save_job(entered, job_id, version)
        except q.ValidationError as exc:
            message.error(q.inert(exc.message))
        else:
            st.session_state.jobs_saved = f"{title.strip()} was saved."
            for key in [k for k in st.session_state if str(k).startswith(prefix)]:
                del st.session_state[key]
            st.rerun()


def job_page(job_id: str) -> None:
    """One job: its counts by stage, and the newest applications of the stage picked (in the
    URL as ?stage=, so a link can open a stage)."""
    found = q.job_pipeline(job_id, st.query_params.get("stage", ""))
    if found is None:
        st.title("Job")
        q.link_problem("No job has this id.", job_id)
        return
    st.title(q.inert(found.job.title))
    st.page_link(q.JOBS_PAGE, label="All jobs", icon=":material/arrow_back:")
    st.subheader("Applications by stage")
    st.dataframe(
        [{"Stage": c.stage, "Now": c.now, "Reached": c.reached} for c in found.counts],
        hide_index=True,
        key="job_counts",
    )
    if found.stage is None:
        st.caption("No applications yet: scheduling an interview for this job opens one.")
        return
    st.query_params["stage"] = found.stage
    now = {c.stage: c.now for c in found.held}
    st.session_state["job_stage"] = found.stage  # the stage listed, also after a reload
    st.segmented_control(
        "Stage",
        list(now),
        format_func=lambda s: f"{q.inert(s)} ({now[s]})",
        key="job_stage",
        on_change=pick_stage,
    )
    if len(found.rows) < now[found.stage]:
        st.caption(f"The newest {len(found.rows)} of {now[found.stage]}.")
    for r in found.rows:
        st.page_link(
            q.CANDIDATE_PAGE,
            label=q.inert(r.candidate + (f" · {r.decision}" if r.decision else "")),
            icon=":material/person:",
            query_params={"candidate": str(r.candidate_id)},
        )


def pick_stage() -> None:
    """The stage picked goes to the URL, which the page lists (unpicking one keeps it)."""
    if picked := st.session_state.get("job_stage"):
        st.query_params["stage"] = picked


def jobs() -> None:
    """The jobs by status, the job form and the pools (the page without ?job=)."""
    with q.shown_errors():
        st.title("Jobs")
        if saved := st.session_state.pop("jobs_saved", None):
            st.success(q.inert(saved), icon=":material/check_circle:")
        listed = listing()
        if q.may_edit_jobs():
            st.subheader("Create or edit a job")
            editor(listed)
    with q.shown_errors():
        if q.may_edit_jobs():
            pools_editor()
        else:
            st.caption("Recruiters and administrators create and edit jobs.")


# One job's page or the jobs; the page ends normally either way, so what app.py draws after
# it ("How this was read") is drawn too.
job_id = st.query_params.get("job", "").strip()
if job_id:
    st.query_params["job"] = job_id  # a reload, Back and a shared link come back here
    with q.shown_errors():
        job_page(job_id)
else:
    jobs()
