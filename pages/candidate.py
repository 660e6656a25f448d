"""Candidate: profile, resume, the applications (stage, interviews, decision, and the decision
form for those who may decide), every interview with its ATS record and hiring decision, and
the messages the autopilot sent the candidate.
Deep link: /candidate?candidate=<uuid>."""

import streamlit as st

from interview_autopilot.ui import queries as q


def interviews(candidate_id: str, zone: q.tzinfo) -> None:
    found = q.candidate_interviews(candidate_id)
    st.subheader(f"Interviews ({len(found)})")
    if not found:
        st.caption("No interview yet.")
    for item in found:
        r = item.row
        with st.container(border=True):
            st.page_link(
                q.INTERVIEW_PAGE,
                label=q.inert(
                    f"{q.local_time(r.scheduled_start, zone)} · {r.job_title} · {r.status.label}"
                ),
                icon=":material/search:",
                query_params={"interview": str(r.interview_id)},
            )
            if item.hidden:
                st.caption(
                    f":material/visibility_off: Feedback {r.feedback_count} of "
                    f"{r.participant_count} · {item.hidden}"
                )
                continue
            if item.ats is None:
                st.caption("No ATS record yet.")
                continue
            st.markdown(
                f"ATS **{item.ats.status.label}** · recommendation "
                f"**{item.ats.recommendation.label}** · feedback {r.feedback_count} of "
                f"{r.participant_count}"
            )
            made = item.ats.decision
            if made is not None:
                st.markdown(f"Decision **{made.call.label}**")
                st.text(made.reason)


def applications(candidate_id: str, zone: q.tzinfo) -> None:
    found = q.candidate_applications(candidate_id)
    st.subheader(f"Applications ({len(found)})")
    q.decided_note()
    if not found:
        st.caption("No application yet: scheduling an interview for a job opens one.")
    for view in found:
        a = view.application
        with st.container(border=True):
            st.page_link(
                q.JOBS_PAGE,
                label=q.inert(f"{view.job_title} · stage: {a.stage}"),
                icon=":material/work:",
                query_params={"job": str(a.job_id), "stage": a.stage},
            )
            if a.left_stage:
                st.caption(q.inert(f"Left at {a.left_stage}."))
            st.caption(q.inert(" → ".join(view.stages[:-2])))
            for r in view.interviews:
                st.caption(
                    q.inert(f"Interview {q.local_time(r.scheduled_start, zone)} · {r.status.label}")
                )
            q.decision_shown(view, zone, "Decision")
            st.page_link(
                q.DEBRIEF_PAGE,
                label="Debrief: the interviews, the scorecards side by side, the decision",
                icon=":material/groups:",
                query_params={"application": str(a.application_id)},
            )
            if view.may_decide:
                q.decision_form(view)


def messages(candidate_id: str) -> None:
    """Every email the autopilot sent the candidate (or that failed), newest first."""
    found = q.messages_to_candidate(candidate_id)
    st.subheader(f"Messages to the candidate ({len(found)})")
    if not q.candidate_emails_on():
        st.caption("Candidate emails are off (CANDIDATE_EMAILS): the autopilot sends none.")
    if not found:
        st.caption("No message sent yet.")
        return
    with st.container(key="candidate_messages"):
        st.markdown(
            "\n".join(
                f"- {m.when} · {m.what} · {q.inert(m.subject)} · {q.inert(m.outcome)}"
                for m in found
            )
        )


def show(candidate_id: str) -> None:
    c = q.candidate(candidate_id)
    if c is None:
        st.title("Candidate")
        q.link_problem("No candidate has this id.", candidate_id)
        return
    zone = q.viewer_zone()
    st.title(q.inert(c.name))
    st.text(c.email)  # plain text: copied as it is
    for link in c.links:
        st.markdown(f"- [{q.inert(link)}]({q.link_target(link)})")
    if q.may_edit_candidates():
        st.page_link(
            q.CANDIDATE_FORM_PAGE,
            label="Edit this candidate",
            icon=":material/edit:",
            query_params={"candidate": str(c.candidate_id)},
        )
    with st.expander("Resume", expanded=False):
        st.text(c.resume_text)
    applications(str(c.candidate_id), zone)
    interviews(str(c.candidate_id), zone)
    messages(str(c.candidate_id))
    st.caption(f"Times in {q.zone_name(zone)}.")


def finder() -> None:
    """Search by name or email prefix (any case, accents optional); each result opens here.
    The search is kept in the URL (?q=...), so Back from a candidate returns to it."""
    st.title("Candidates")
    linked = st.query_params.get("q", "")
    if linked != st.session_state.get("cand_search_in_url", ""):
        st.session_state.cand_search = linked  # a link, a reload or Back names the search
    query = st.text_input(
        "Search by name or email", key="cand_search", placeholder="e.g. liam, nunez, zoe@"
    )
    if query.strip():
        st.query_params["q"] = query
    elif "q" in st.query_params:
        del st.query_params["q"]
    st.session_state.cand_search_in_url = query if query.strip() else ""
    if not query.strip():
        st.caption("Type at least two characters. A candidate's page lists every interview.")
        return
    found = q.search_candidates(query)
    if not found:
        st.info("No candidate's name or email starts with that.")
        return
    st.download_button(
        "Download every match as CSV",
        data=q.search_csv(query),  # all matches, not only those shown: built page by page
        file_name="candidates.csv",
        mime="text/csv",
        on_click="ignore",
        key="search_csv",
        icon=":material/download:",
    )
    st.caption(q.search_result_caption(len(found)))
    for c in found:
        st.page_link(
            q.CANDIDATE_PAGE,
            label=q.inert(f"{c.name} · {c.email}"),
            icon=":material/person:",
            query_params={"candidate": str(c.candidate_id)},
        )


candidate_id = st.query_params.get("candidate", "").strip()
if candidate_id:
    # A link from the search (this same page) does not put its id in the address bar: set it,
    # so a reload, Back and a shared link all come back to this candidate.
    st.query_params["candidate"] = candidate_id
if not candidate_id:
    with q.shown_errors():
        finder()
else:
    with q.shown_errors():
        show(candidate_id)
