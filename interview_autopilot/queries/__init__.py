"""What the pages ask, one function per screen question; the only module pages import.

One store per process (`st.cache_resource`), built on first use, never at import. Repeated reads
are cached with `st.cache_data` under string keys, and every write clears those caches. Failures
are not cached, so when the database comes back the next rerun simply works again.

Pages use `queries.X` only. Each module here declares in its `__all__` what it offers pages;
this package re-exports all of it:

    _cache       the `cached_read` registry and `clear_caches` (one registry for every read)
    moment       the app's clock and the viewer's time zone
    backend      settings and the one store (loading the sample data on a first start)
    viewing      who is looking: the viewer and what their role lets them see
    interviews   one interview and the status lists: detail, feedback, history, stage
    writes       a status change, a feedback
    decision     the hiring decision on the Interview page
    lists        the list views split at now, their counts and filters
    schedule     the Schedule page: directory, schedule, reschedule, overlaps
    week         the viewer's week (Home) and an interviewer's week
    due          scorecards due
    people       candidate and interviewer pages, the candidate search
    directory    the People page and the candidate form: adding and editing profiles
    inspection   tables, doctor, settings (administrators), "How this was read"
    exports      CSV downloads, built page by page
    live         live updates
    charts       the Insights page
    reexports    names of the rest of the app that pages use (models, page paths, formatting)
"""

from __future__ import annotations

from . import (
    backend,
    charts,
    decision,
    directory,
    due,
    exports,
    inspection,
    interviews,
    lists,
    live,
    moment,
    people,
    reexports,
    schedule,
    viewing,
    week,
    writes,
)
from ._cache import _CACHED_READS as _CACHED_READS  # the one registry (tests check it)
from .backend import *  # noqa: F403
from .backend import _backend as _backend  # the store's cache_resource (tests tell it apart)
from .charts import *  # noqa: F403
from .decision import *  # noqa: F403
from .directory import *  # noqa: F403
from .due import *  # noqa: F403
from .exports import *  # noqa: F403
from .inspection import *  # noqa: F403
from .interviews import *  # noqa: F403
from .lists import *  # noqa: F403
from .live import *  # noqa: F403
from .moment import *  # noqa: F403
from .people import *  # noqa: F403
from .reexports import *  # noqa: F403
from .schedule import *  # noqa: F403
from .viewing import *  # noqa: F403
from .week import *  # noqa: F403
from .writes import *  # noqa: F403

# What pages may use (each module's own list), re-exports included so pages import nothing else.
__all__: list[str] = []
__all__ += backend.__all__
__all__ += charts.__all__
__all__ += decision.__all__
__all__ += directory.__all__
__all__ += due.__all__
__all__ += exports.__all__
__all__ += inspection.__all__
__all__ += interviews.__all__
__all__ += lists.__all__
__all__ += live.__all__
__all__ += moment.__all__
__all__ += people.__all__
__all__ += reexports.__all__
__all__ += schedule.__all__
__all__ += viewing.__all__
__all__ += week.__all__
__all__ += writes.__all__
