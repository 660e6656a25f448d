"""CSV exports page by page, on every backend: every row once, the header once."""

from __future__ import annotations

import csv
import io
from datetime import UTC

import pytest
from test_store_scan import PARTICIPANTS
from test_store_scan import world as world  # the fixture, re-exported

from interview_autopilot.core.models import InterviewStatus
from interview_autopilot.features import export
from interview_autopilot.store.base import MAX_SCAN_PAGE, Store


def rows_of(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode())))


@pytest.mark.parametrize("size", [1, 3, MAX_SCAN_PAGE])
def test_a_whole_table_exports_every_row_once(world: Store, size: int) -> None:
    for table in world.list_tables():
        total = len(world.scan_table(table, MAX_SCAN_PAGE).rows)  # small world: one page
        data = export.spool(export.csv_chunks(export.table_pages(world, table, None, size))).read()
        rows = rows_of(data)
        assert len(rows) == total, table
        assert data.count(b"\n") >= total  # header once, then the rows
        if total:
            assert list(rows[0]) == list(export.table_frame(world.scan_table(table, 1)).columns)


def test_one_partition_exports_only_its_rows(world: Store) -> None:
    table = PARTICIPANTS[world.backend]
    everything = world.scan_table(table, MAX_SCAN_PAGE).rows
    iid = str(everything[0]["interview_id"])
    pages = export.table_pages(world, table, {"interview_id": iid}, 1)
    rows = rows_of(export.spool(export.csv_chunks(pages)).read())
    assert {r["interview_id"] for r in rows} == {iid}
    assert len(rows) == sum(1 for r in everything if str(r["interview_id"]) == iid)


@pytest.mark.parametrize("size", [1, 2, 200])
def test_every_status_list_exports_its_count(world: Store, size: int) -> None:
    counts = world.count_by_status()
    frame = export.status_frame(UTC, None)
    for status in InterviewStatus:
        pages = export.status_pages(world, status, frame, size)
        rows = rows_of(export.spool(export.csv_chunks(pages)).read())
        assert len(rows) == counts.get(status, 0), status
        assert len({r["Interview id"] for r in rows}) == len(rows)


def test_the_hidden_recommendation_stays_hidden(world: Store) -> None:
    frame = export.status_frame(UTC, "Hidden")
    pages = export.status_pages(world, InterviewStatus.COMPLETED, frame, 1)
    rows = rows_of(export.spool(export.csv_chunks(pages)).read())
    assert rows and {r["ATS recommendation"] for r in rows} == {"Hidden"}


def test_the_spool_goes_to_disk_past_its_limit(monkeypatch) -> None:
    monkeypatch.setattr(export, "SPOOL_BYTES", 10)
    out = export.spool(iter([b"a" * 6, b"b" * 6]))
    assert out.read() == b"a" * 6 + b"b" * 6
    assert getattr(out, "_rolled", True)  # SpooledTemporaryFile rolled over to a real file


def test_the_download_is_handed_to_streamlit_as_it_accepts(world: Store) -> None:
    """Streamlit 1.67 converts what `download_button`'s callable returns with this function:
    the spooled file is refused (the button then downloads nothing), the finished bytes kept."""
    from streamlit.runtime.download_data_util import convert_data_to_bytes_and_infer_mime

    refused = ValueError("unsupported")
    chunks = list(export.csv_chunks(export.table_pages(world, "users", None, 2)))
    with pytest.raises(ValueError, match="unsupported"):
        convert_data_to_bytes_and_infer_mime(export.spool(iter(chunks)), refused)
    data = export.csv_file(iter(chunks))
    assert convert_data_to_bytes_and_infer_mime(data, refused)[0] == data == b"".join(chunks)
