"""The app's logs, in process: one setting sets them; a refused write names the operation, the
field and the ids but never the text; on the node a lost conditional write, a write that gives
up, and a request cut by a stopped proxy are logged with the interview id, the statement's name
and the host, never a bound value. (The served app's logs: tests/test_browser_logs.py.)"""

from __future__ import annotations

import io
import logging
import os
import re
import struct
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest
from cassandra import ConsistencyLevel, OperationTimedOut, Unavailable, WriteTimeout
from cassandra.cluster import NoHostAvailable
from cassandra.protocol import ErrorMessage
from support import world
from support.node import cassandra_test_settings
from support.tcp_proxy import DOWN, STALL, UP, TcpProxy

from interview_autopilot.core import logs
from interview_autopilot.core.errors import (
    ConfigError,
    Forbidden,
    StoreUnavailable,
    ValidationError,
)
from interview_autopilot.core.models import InterviewStatus
from interview_autopilot.core.settings import Settings
from interview_autopilot.store import open_store
from interview_autopilot.store.cassandra import CassandraStore
from interview_autopilot.store.cassandra import interview_changes as cassandra_store
from interview_autopilot.store.cassandra.connection import driver_errors
from interview_autopilot.store.cassandra.request_log import statement_name, summary

APP = "interview_autopilot"
COMMENT = "Quietly-brilliant-feedback-7d1e: the comment nobody may read in a log."


def _settings(**values: str) -> Settings:
    return Settings.load(env=values, dotenv_path=Path("/nonexistent"))


@pytest.fixture
def restore_loggers():
    """`logs.configure` changes process-wide loggers: put them back as they were."""
    loggers = [logging.getLogger(n) for n in (logs.APP_LOGGER, logs.DRIVER_LOGGER)]
    saved = [(lg.level, list(lg.handlers)) for lg in loggers]
    threshold = logs._slow_read_seconds
    for lg in loggers:  # as in a fresh process: an app or CLI test before may have configured
        lg.handlers[:] = [h for h in lg.handlers if not getattr(h, logs._HANDLER_MARK, False)]
    yield
    for lg, (level, handlers) in zip(loggers, saved, strict=True):
        lg.setLevel(level)
        lg.handlers[:] = handlers
    logs._slow_read_seconds = threshold


# --- one setting ------------------------------------------------------------------------------
def test_log_level_sets_one_line_records_with_the_logger_name(restore_loggers) -> None:
    out = io.StringIO()
    logs.configure(_settings(LOG_LEVEL="warning"), out)
    logging.getLogger(f"{APP}.somewhere").info("not shown at WARNING")
    logging.getLogger(f"{APP}.somewhere").warning("shown")
    lines = out.getvalue().splitlines()
    assert len(lines) == 1 and lines[0].endswith(f"WARNING {APP}.somewhere: shown"), lines
    logs.configure(_settings(LOG_LEVEL="DEBUG"), out)  # again: the level changes, no 2nd handler
    logging.getLogger(APP).debug("debug now")
    assert out.getvalue().count("debug now") == 1
    assert logging.getLogger(logs.DRIVER_LOGGER).level == logging.WARNING  # never the driver's


@pytest.mark.parametrize(("name", "value"), [("LOG_LEVEL", "loud"), ("SLOW_READ_MS", "-1")])
def test_a_wrong_log_setting_is_a_config_error_naming_it(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        logs.configure(_settings(**{name: value}), io.StringIO())


def test_slow_read_ms_zero_logs_every_read(restore_loggers, caplog) -> None:
    logs.configure(_settings(SLOW_READ_MS="0"), io.StringIO())
    caplog.set_level(logging.DEBUG, logger=APP)
    with logs.timed_read(logging.getLogger(f"{APP}.queries.lists"), "interviews_page"):
        pass
    record = caplog.records[-1]
    assert record.levelno == logging.WARNING and record.name == f"{APP}.queries.lists"
    assert record.getMessage().startswith("slow read: interviews_page took ")


# --- refused writes ---------------------------------------------------------------------------
@logs.writes_logged(actor=lambda: world.RECRUITER.user_id)
def _write(interview_id: str, comment: str) -> None:
    if comment == "forbidden":
        raise Forbidden(f"Only the recruiter may: {COMMENT}")
    raise ValidationError("comment", f"Too long: {comment}")


def test_a_refused_write_names_operation_field_and_ids_never_the_text(caplog) -> None:
    caplog.set_level(logging.DEBUG, logger=__name__)  # the decorated write's module
    iid = uuid.uuid4()
    with pytest.raises(ValidationError):
        _write(str(iid), COMMENT)
    with pytest.raises(Forbidden):
        _write("not-an-id", "forbidden")
    invalid, forbidden = caplog.records[-2:]
    assert invalid.levelno == logging.INFO and forbidden.levelno == logging.WARNING
    assert invalid.getMessage() == (
        f"write refused: _write: invalid comment interview_id={iid} actor={world.RECRUITER.user_id}"
    )
    assert "not permitted interview_id=malformed" in forbidden.getMessage()
    assert "brilliant" not in caplog.text and "not-an-id" not in caplog.text


# --- the driver's errors, named without values ------------------------------------------------
def test_driver_errors_are_summarised_without_their_text() -> None:
    host = "10.0.0.7:9042"
    assert summary(NoHostAvailable("x", {host: ConnectionRefusedError(COMMENT)})) == (
        f"NoHostAvailable ({host}: ConnectionRefusedError)"
    )
    timeout = WriteTimeout(
        COMMENT,
        consistency=ConsistencyLevel.LOCAL_QUORUM,
        received_responses=1,
        required_responses=2,
        write_type=1,
    )
    assert summary(timeout) == (
        "WriteTimeout (consistency LOCAL_QUORUM: 1 of 2 replicas answered, write type BATCH)"
    )
    short = Unavailable(COMMENT, consistency=ConsistencyLevel.QUORUM, required_replicas=2)
    assert summary(short).startswith("Unavailable (consistency QUORUM")
    assert "last host" in summary(OperationTimedOut({}, host))
    texts = [summary(e) for e in (timeout, short)]
    assert not [t for t in texts if "brilliant" in t]
    assert statement_name(f"SELECT * FROM ks.users WHERE x = '{COMMENT}'") == "SELECT KS.USERS"


def test_a_conditional_write_of_unknown_outcome_reads_as_its_timeout() -> None:
    """Cassandra 4+ on protocol v5 answers CAS_WRITE_UNKNOWN (0x1700) where older protocols
    had a WriteTimeout of type CAS: the driver's decoder gives that timeout (which the store's
    conditional writes settle with a serial read), and a store operation tells it plainly."""
    text = b"CAS operation result is unknown - proposal accepted by 1 but not a quorum."
    body = (
        struct.pack(">iH", 0x1700, len(text))
        + text
        + struct.pack(">Hii", ConsistencyLevel.LOCAL_QUORUM, 1, 2)
    )
    reply = ErrorMessage.recv_body(io.BytesIO(body), 5, None, None, None)
    timeout = reply.to_exception()
    assert isinstance(timeout, WriteTimeout)
    assert summary(timeout) == (
        "WriteTimeout (consistency LOCAL_QUORUM: 1 of 2 replicas answered, write type CAS)"
    )

    @driver_errors
    def conditional_write() -> None:
        raise timeout

    with pytest.raises(StoreUnavailable, match="could not serve the request"):
        conditional_write()


# --- on the node ------------------------------------------------------------------------------
@pytest.fixture
def node(cassandra_store_factory) -> CassandraStore:
    store = cassandra_store_factory()
    world.seed_people(store)
    return store


def _race(store: CassandraStore, monkeypatch, every_time: bool = False) -> None:
    """Let another writer change the interview between this writer's read and its conditional
    write (once, or on `every_time`): a forced race, as two app servers would run it."""
    real = store._db.read_source_pending  # the read a change starts with
    state = {"racing": False, "done": False}

    def read_then_lose(interview_id, names=False, serial=False):
        found = real(interview_id, names=names, serial=serial)
        if names and not state["racing"] and (every_time or not state["done"]):
            state["racing"] = True
            try:  # the other writer: a status change that lands first
                current = real(interview_id)[0]
                assert current is not None
                other = (
                    InterviewStatus.COMPLETED
                    if current.interview.status is not InterviewStatus.COMPLETED
                    else InterviewStatus.SCHEDULED
                )
                store.change_status(interview_id, other)
            finally:
                state["racing"], state["done"] = False, True
        return found

    monkeypatch.setattr(store._db, "read_source_pending", read_then_lose)


@pytest.mark.cassandra
def test_a_lost_conditional_write_is_logged_and_retried(node, monkeypatch, caplog) -> None:
    caplog.set_level(logging.DEBUG, logger=APP)
    made = world.add(node, "race", start=world.T0)
    _race(node, monkeypatch)
    node.submit_feedback(made.interview_id, world.ALICE.user_id, "yes", COMMENT)
    iid = made.interview_id
    lost = [r for r in caplog.records if r.getMessage().startswith("conditional write lost")]
    assert lost and lost[0].levelno == logging.DEBUG and str(iid) in lost[0].getMessage()
    won = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert f"conditional write applied after 2 attempts: interview {iid}" in won
    assert "brilliant" not in caplog.text


@pytest.mark.cassandra
def test_a_write_that_keeps_losing_gives_up_with_a_warning(node, monkeypatch, caplog) -> None:
    caplog.set_level(logging.DEBUG, logger=APP)
    made = world.add(node, "losing", start=world.T0)
    monkeypatch.setattr(cassandra_store, "MAX_ATTEMPTS", 3)
    _race(node, monkeypatch, every_time=True)
    with pytest.raises(StoreUnavailable):
        node.submit_feedback(made.interview_id, world.ALICE.user_id, "yes", COMMENT)
    gave_up = [  # this write's (the node store's sweeper may warn meanwhile, on a busy node)
        r
        for r in caplog.records
        if r.levelno == logging.WARNING and r.thread == threading.get_ident()
    ]
    assert [r.getMessage() for r in gave_up] == [
        f"conditional write gave up after 3 attempts: interview {made.interview_id}"
    ]
    assert "brilliant" not in caplog.text


@pytest.mark.cassandra
def test_a_stopped_proxy_logs_the_statement_the_host_and_the_operation(node, caplog) -> None:
    settings = cassandra_test_settings(node.keyspace)
    if settings["CASSANDRA_CONTACT_POINTS"] not in ("127.0.0.1", "localhost"):
        pytest.skip("the proxy fronts a single local node")
    caplog.set_level(logging.DEBUG, logger=APP)
    made = world.add(node, "outage", start=world.T0)
    with TcpProxy(int(settings["CASSANDRA_PORT"]), lifetime=110) as proxy:
        proxy.set_mode(UP)
        values = dict(settings.values) | {
            "CASSANDRA_PORT": str(proxy.port),
            "CASSANDRA_CONNECT_TIMEOUT_SECONDS": "2",
            "CASSANDRA_REQUEST_TIMEOUT_SECONDS": "1",
        }
        store = open_store(Settings(values))
        try:
            assert store.get_interview(made.interview_id) is not None
            proxy.set_mode(STALL)  # a hung node: the request times out
            with pytest.raises(StoreUnavailable):
                store.get_interview(made.interview_id)
            proxy.set_mode(DOWN)  # a stopped node: no host answers
            with pytest.raises(StoreUnavailable):
                store.list_participants(made.interview_id)
        finally:
            store.close()
    where = f"127.0.0.1:{proxy.port}"
    failed = [r for r in caplog.records if r.getMessage().startswith("cassandra request failed")]
    timed_out = f"cassandra request failed: source on {where}: OperationTimedOut"
    assert any(r.getMessage().startswith(timed_out) for r in failed), caplog.text
    assert any("NoHostAvailable" in r.getMessage() for r in failed), caplog.text
    operations = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert any(m.startswith("store operation get_interview failed: ") for m in operations)
    assert any(m.startswith("store operation list_participants failed: ") for m in operations)
    opened = [r.getMessage() for r in caplog.records if r.getMessage().startswith("opening")]
    assert opened == [
        f"opening the store: cassandra contact points {settings['CASSANDRA_CONTACT_POINTS']} "
        f"port {proxy.port} keyspace {node.keyspace} local dc {settings['CASSANDRA_LOCAL_DC']} "
        "(with a username)"
    ]
    assert str(made.interview_id) not in " ".join(r.getMessage() for r in failed)  # no values


@pytest.mark.cassandra
def test_the_command_line_on_the_astra_path_logs_progress_and_never_the_token(
    astra, astra_store_factory
) -> None:
    """The token is used for real here (the emulated Astra's `token` role logs in with it)."""
    astra_store_factory()  # the schema applied, every table empty
    settings = astra.settings()
    token = settings["ASTRA_DB_TOKEN"]
    env = {**os.environ, **settings.values, "LOG_LEVEL": "DEBUG", "SLOW_READ_MS": "0"}
    out = ""
    for args in (["smoke-test"], ["load-sample"], ["doctor"]):
        done = subprocess.run(
            [sys.executable, "-m", "interview_autopilot", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        out += done.stdout + done.stderr
    assert token and token not in out and token.split(":")[-1] not in out
    bundle = settings["ASTRA_SECURE_CONNECT_BUNDLE_PATH"]
    assert f"INFO interview_autopilot.store: opening the store: astra bundle {bundle}" in out
    assert "INFO interview_autopilot.cli: smoke-test: smoke test passed" in out
    assert re.search(r"INFO interview_autopilot\.cli: loaded (\d+) of \1 interviews", out)
    assert "INFO interview_autopilot.cli: doctor: " in out
    assert "INFO interview_autopilot.store.cassandra.store: closing the astra store" in out
