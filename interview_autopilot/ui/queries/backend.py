"""Settings and the one store: built on first use (never at import), one per process.

The store is an `st.cache_resource`; an exception is not cached, so when the database comes
back the next rerun simply works again. The sample data is loaded on the first start of an
empty store.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import streamlit as st

from ...core import clock, logs
from ...core.errors import ConfigError
from ...core.formatting import local_time, zone_name
from ...core.settings import Settings
from ...store import Store, open_store, start_background_work
from .. import identity, st_cassandra
from ..frame import shown_errors
from ..per_run import per_run
from ._cache import TTL_SECONDS, clear_caches
from .moment import now, viewer_zone

_STORE_READY = threading.Event()  # set once a store has answered: the navigation may count


def _secrets() -> dict[str, object]:
    """st.secrets as a plain dict; a missing secrets.toml is normal, an unreadable one is not.
    Read once per script run (Streamlit looks for the files again on every read without one)."""
    return per_run("secrets", _read_secrets)


def _read_secrets() -> dict[str, object]:
    try:
        return st.secrets.to_dict()
    except FileNotFoundError as exc:  # StreamlitSecretNotFoundError subclasses it
        if "pars" in str(exc).lower():
            raise ConfigError(
                "The Streamlit secrets file could not be parsed; check its TOML syntax."
            ) from None
        return {}


def load_settings() -> Settings:
    """Settings from environment > .env > st.secrets > defaults (read once per script run)."""
    return per_run("settings", lambda: Settings.load(secrets=_secrets()))


@dataclass
class _Backend:
    """The cached resource: the store plus whether its sample data has been checked."""

    store: Store
    settings: Settings
    sample_checked: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)


def _close(backend: _Backend) -> None:
    backend.store.close()


@st.cache_resource(show_spinner="Connecting to the database…", on_release=_close)
def _backend() -> _Backend:
    """Built once per process; an exception is not cached, so the next call tries again."""
    settings = load_settings()
    logs.configure(settings)  # once per process, before the store opens (and logs it)
    if settings.backend in ("cassandra", "astra") and st_cassandra.has_section():
        # [connections.cassandra] in secrets.toml: the store runs on st.connection's session.
        store = st_cassandra.shared_store(settings)
    else:
        store = open_store(settings)
    start_background_work(store, settings)  # the sweeper of unfinished changes (Cassandra)
    return _Backend(store, settings)


def _this_backend() -> _Backend:
    """The cached resource, looked up once per script run (each lookup hashes its key)."""
    return per_run("backend", _backend)


def _store() -> Store:
    """For cached reads: the public caller has already run get_store() (sample loaded), so
    no progress element is created inside a cached function (it would be replayed)."""
    return _this_backend().store


def get_store() -> Store:
    """The store, with the sample data loaded on first start of an empty one.

    Every public query calls it, not only app.py: a query never assumes who called it first
    (a live fragment's rerun skips app.py; the tests call queries directly)."""
    backend = _this_backend()
    if not backend.sample_checked:
        with backend.lock:  # two sessions starting together load once
            if not backend.sample_checked:
                _load_sample(backend)
                backend.sample_checked = True
    _STORE_READY.set()
    return backend.store


def _load_sample(backend: _Backend) -> None:
    if not backend.settings.flag("LOAD_SAMPLE_DATA") or not backend.store.is_empty():
        return
    from ...features.sample import ensure_sample_data  # only needed on a first start

    bar = st.progress(0.0, text="First start: loading the sample data…")

    def progress(done: int, total: int) -> None:
        bar.progress(
            min(done / total, 1.0) if total else 1.0,
            text=f"First start: loading the sample data… {done} of {total}",
        )

    ensure_sample_data(backend.store, progress, now=now())  # anchored to the app's clock
    bar.empty()
    clear_caches()


def prepare() -> bool:
    """Connect and load the sample data if needed; on failure show why and return False."""
    with shown_errors():
        _check_clock()
        get_store()
        return True
    st.button("Retry", key="retry_connect")  # a rerun tries to connect again
    return False


def outage_notice() -> str | None:
    """Above the page while the database is not answering: reads served from cache still show,
    so say that they may be stale and that saving waits for the database."""
    outage = _this_backend().store.outage()
    if outage is None:
        return None
    return (
        f"The database has not answered for {outage.seconds()} s ({outage.reason}). What you "
        f"see may be up to {TTL_SECONDS} s old, and nothing can be saved until it is back."
    )


def backend_name() -> str:
    """The configured backend for the sidebar (works even when the database is down)."""
    try:
        return load_settings().backend
    except ConfigError:
        return "unknown"


def _check_clock() -> None:
    """A test clock is for tests and demos: refused where people sign in for real."""
    if clock.clock_file() is not None and identity.sign_in_configured(_secrets()):
        raise ConfigError(
            f"{clock.CLOCK_FILE} (a test clock) is set, but sign-in is configured ([auth]): "
            "unset it, real use runs on the real time."
        )


def clock_note() -> str | None:
    """The sidebar's warning while a test clock runs the app, None on the real time."""
    path = clock.clock_file()
    if path is None:
        return None
    zone = viewer_zone()
    return f"Test clock ({clock.CLOCK_FILE}): now is {local_time(now(), zone)} ({zone_name(zone)})."
