"""The app's logs: the one place that sets their handler, format and level (LOG_LEVEL), and the
records several layers write the same way (a refused write, a slow read).

Every module logs through `logging.getLogger(__name__)`, under the `interview_autopilot` logger
this module configures; the Cassandra driver's own `cassandra` logger gets the same handler at
WARNING or above (below that the driver describes statements with their bound values).
Streamlit's loggers are left alone: they have their own handlers (`logger.level` in
.streamlit/config.toml sets them). No record carries a secret, a bound value or text a person
typed: refused writes name the operation, the field and the ids; driver errors the statement's
name and the host.
"""

from __future__ import annotations

import inspect
import logging
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from .errors import ConfigError, DuplicateBooking, Forbidden, ValidationError
from .settings import Settings

APP_LOGGER = "interview_autopilot"
DRIVER_LOGGER = "cassandra"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
_HANDLER_MARK = "_autopilot_handler"  # set on the handler this module adds (added once)
P = ParamSpec("P")
T = TypeVar("T")

_slow_read_seconds = 1.0  # SLOW_READ_MS until `configure` reads the setting


def log_level(settings: Settings, default: str = "INFO") -> int:
    """LOG_LEVEL (unset: `default`) as a `logging` level, or ConfigError naming the setting."""
    text = (settings["LOG_LEVEL"].strip() or default).upper()
    if text not in LEVELS:
        raise ConfigError(f"LOG_LEVEL must be one of {', '.join(LEVELS)}, not '{text}'.")
    return int(getattr(logging, text))


def slow_read_ms(settings: Settings) -> float:
    """SLOW_READ_MS: milliseconds; 0 logs every read (a number below 0 is refused)."""
    try:
        value = float(settings["SLOW_READ_MS"])
    except ValueError:
        value = -1.0
    if value < 0:
        raise ConfigError(f"SLOW_READ_MS must be 0 or more, not '{settings['SLOW_READ_MS']}'.")
    return value


def configure(settings: Settings, stream: Any = None, default_level: str = "INFO") -> None:
    """Send the app's records (and the driver's warnings) to stderr, one line each, at
    LOG_LEVEL (unset: `default_level`). Run by each entry point (the app's store factory; the
    command line with WARNING, as it prints its own progress); running it again only updates
    the level and the slow-read threshold."""
    global _slow_read_seconds  # one threshold per process, set here only
    level = log_level(settings, default_level)
    _slow_read_seconds = slow_read_ms(settings) / 1000
    for name, at in ((APP_LOGGER, level), (DRIVER_LOGGER, max(level, logging.WARNING))):
        logger = logging.getLogger(name)
        logger.setLevel(at)
        if not any(getattr(h, _HANDLER_MARK, False) for h in logger.handlers):
            handler = logging.StreamHandler(stream) if stream else _Stderr()
            handler.setFormatter(_OneLine(FORMAT))
            setattr(handler, _HANDLER_MARK, True)
            logger.addHandler(handler)
        # Records still propagate: nothing in the app configures the root logger, and a host
        # that does (pytest's log capture, an embedding process) sees them too.


class _OneLine(logging.Formatter):
    """One line per record: an exception is named by its class, never printed with its
    traceback (the driver's tracebacks quote connection details and bound values)."""

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(
            logging.makeLogRecord({**record.__dict__, "exc_info": None, "exc_text": None})
        )
        if record.exc_info and record.exc_info[0] is not None:
            line += f" ({record.exc_info[0].__name__})"
        return line.replace("\n", " ")


class _Stderr(logging.StreamHandler):
    """Writes to whatever `sys.stderr` is when a record is emitted: a command run twice in one
    process (tests) must not write to the stream of the first run, closed since."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


# --- refused writes -------------------------------------------------------------------------
def _shown_id(value: object) -> str:
    """An id argument as logged: a UUID, or what it was when it is not one (never its text)."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if value is None:
        return "none"
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return "malformed"


def ids_of(arguments: Mapping[str, object]) -> str:
    """`name=id` for each argument named `*_id` (a form id too), in order."""
    return " ".join(f"{k}={_shown_id(v)}" for k, v in arguments.items() if k.endswith("_id"))


def refused(
    log: logging.Logger, operation: str, exc: ValidationError | Forbidden, ids: str = ""
) -> None:
    """One record for a write refused: a role or permission at WARNING, bad input or a
    lifecycle rule at INFO. Names the operation, the field and the ids, never the message
    (it may quote what was typed)."""
    where = f" {ids}" if ids else ""
    if isinstance(exc, Forbidden):
        log.warning("write refused: %s: not permitted%s", operation, where)
    elif isinstance(exc, DuplicateBooking):
        log.info("write refused: %s: already booked as %s%s", operation, exc.existing, where)
    else:
        log.info("write refused: %s: invalid %s%s", operation, exc.field, where)


def writes_logged(
    actor: Callable[[], object] | None = None,
) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Decorate a write, logged in the decorated module's logger with its `*_id` arguments and
    `actor()` when given: a ValidationError or Forbidden it raises (`refused`), then raised as
    before; a write that landed, at DEBUG."""

    def decorate(fn: Callable[P, T]) -> Callable[P, T]:
        log = logging.getLogger(fn.__module__)
        signature = inspect.signature(fn)

        @wraps(fn)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
            def ids() -> str:
                found = ids_of(signature.bind_partial(*args, **kwargs).arguments)
                return f"{found} actor={_actor(actor)}".strip() if actor else found

            try:
                done = fn(*args, **kwargs)
            except (ValidationError, Forbidden) as exc:
                refused(log, fn.__name__, exc, ids())
                raise
            if log.isEnabledFor(logging.DEBUG):
                log.debug("write: %s %s", fn.__name__, ids())
            return done

        return wrapper

    return decorate


def _actor(actor: Callable[[], object]) -> str:
    try:
        return _shown_id(actor())
    except Exception:  # no viewer (signed out): the refusal is still logged
        return "none"


# --- slow reads -----------------------------------------------------------------------------
@contextmanager
def timed_read(log: logging.Logger, name: str) -> Iterator[None]:
    """Around a read that ran (not one served from a cache): a WARNING naming it and its
    duration when it took longer than SLOW_READ_MS; its duration at DEBUG otherwise."""
    started = time.perf_counter()
    yield
    seconds = time.perf_counter() - started
    if seconds >= _slow_read_seconds:
        log.warning("slow read: %s took %.0f ms", name, seconds * 1000)
    else:
        log.debug("read: %s took %.1f ms", name, seconds * 1000)
