"""Import (/import?kind=people or candidates): upload a CSV file of people (administrators) or
of candidates (recruiters and administrators), see every row's fate (new, updated, unchanged,
refused with its reason), then import. Matched by email, so importing a file again changes
nothing."""

import streamlit as st

from interview_autopilot.ui import queries as q

st.title("Import")
SHOWN_REFUSALS = 20  # refused rows spelled out above the table (the table holds them all)


def choose_kind() -> str | None:
    kinds = q.import_kinds()
    if not kinds:
        st.info("Administrators import people; recruiters and administrators import candidates.")
        return None
    wanted = st.query_params.get("kind")
    return st.radio(
        "The file holds",
        kinds,
        index=kinds.index(wanted) if wanted in kinds else 0,
        format_func=q.import_kind_label,
        horizontal=True,
        key="imp_kind",
    )


def column_help(kind: str) -> None:
    with st.expander("The columns a file may have"):
        for label, required, meaning in q.import_columns(kind):
            st.markdown(f"- **{label}**{' (required)' if required else ''}: {meaning}")
        st.caption(
            f"{q.import_limits()} Column names are matched in any case; other columns are left "
            "out. A row whose email is already stored (in any case) updates that profile."
        )


def progress_bar(label: str):  # the bar's place (emptied when done), and its callable
    slot = st.empty()
    slot.progress(0.0, text=label)

    def report(done: int, total: int) -> None:
        slot.progress(done / total if total else 1.0, text=f"{label}: {done:,} of {total:,} rows")

    return slot, report


def show(preview: q.ImportPreview) -> None:
    st.subheader("Preview")
    st.markdown(f"**{preview.summary()}**")
    if preview.ignored:
        st.caption("Columns not imported: " + q.inert(", ".join(preview.ignored)[:300]))
    refused = [r for r in preview.rows if r.fate == "refused"]
    if refused:
        lines = [
            f"- Row {r.row} ({q.inert((r.email or r.name or 'no email')[:80])}): {q.inert(r.note)}"
            for r in refused[:SHOWN_REFUSALS]
        ]
        more = len(refused) - SHOWN_REFUSALS
        if more > 0:
            lines.append(f"- and {more:,} more, in the table below")
        st.warning("Refused rows, which will not be imported:\n" + "\n".join(lines))
    st.dataframe(q.import_fates_table(preview), hide_index=True, key="imp_table")


def page() -> None:
    kind = choose_kind()
    if kind is None:
        return
    column_help(kind)
    if done := st.session_state.pop("imp_done", None):
        st.success(q.inert(done), icon=":material/check:")
    upload = st.file_uploader("CSV file", type=["csv"], key=f"imp_file_{kind}")
    if upload is None:
        return
    data = upload.getvalue()
    runs = st.session_state.get("imp_runs", 0)
    key = (kind, upload.file_id, runs)
    if st.session_state.get("imp_key") != key:  # a new file, kind or import: read it again
        st.session_state.pop("imp_preview", None)
        slot, report = progress_bar("Reading")
        st.session_state.imp_preview = q.preview_import(kind, data, report)
        st.session_state.imp_key = key
        slot.empty()
    preview = st.session_state.imp_preview
    show(preview)
    count = preview.to_write
    label = f"Import {count:,} row{'' if count == 1 else 's'}" if count else "Nothing to import"
    if st.button(label, type="primary", disabled=count == 0, key="imp_go"):
        result = q.run_import(kind, data, progress_bar("Importing")[1])
        st.session_state.imp_runs = runs + 1
        st.session_state.imp_done = f"Imported: {result.summary(done=True)}."
        st.rerun()


with q.shown_errors():
    page()
