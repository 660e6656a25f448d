"""Settings, declared once with defaults and help; read from the environment, `.env`, st.secrets.

Precedence: a variable set in the process environment wins, then `.env` (python-dotenv does not
override the environment), then `.streamlit/secrets.toml` (passed in by the query module, so this
module never imports Streamlit). No part of a secret is ever shown: see `Settings.describe`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from dotenv import dotenv_values

from .errors import ConfigError
from .paths import ROOT

BACKENDS = ("sqlite", "cassandra", "astra")


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str
    secret: bool = False


SETTINGS: tuple[Setting, ...] = (
    Setting("DB_BACKEND", "sqlite", "Which store to use: sqlite, cassandra or astra."),
    Setting(
        "SQLITE_PATH",
        "data/autopilot.db",
        "SQLite file (relative to the checkout; to the working directory when installed).",
    ),
    Setting("LOAD_SAMPLE_DATA", "true", "Load the sample data on first start of an empty store."),
    Setting(
        "DEMO_MODE",
        "",
        "Without sign-in ([auth]), anyone may view the app as anyone: true allows that demo on "
        "any backend, false never; empty (the default) allows it on SQLite only.",
    ),
    Setting(
        "ADMIN_EMAILS",
        "",
        "Comma-separated emails of the administrators (People, Tables, doctor); the first "
        "sign-in of such an email creates its administrator.",
    ),
    Setting(
        "LIVE_REFRESH_SECONDS",
        "15",
        "Seconds between live refreshes of the Interviews list, the interview page and the "
        "Scorecards due board (0: off).",
    ),
    Setting(
        "IMPORT_MAX_BYTES",
        "20000000",
        "The largest CSV file the Import page and `users import` / `candidates import` read, "
        "in bytes; a larger one is refused whole.",
    ),
    Setting(
        "IMPORT_MAX_ROWS",
        "20000",
        "The most rows one imported CSV file may hold; a file with more is refused whole.",
    ),
    Setting("CASSANDRA_CONTACT_POINTS", "127.0.0.1", "Comma-separated Cassandra hosts."),
    Setting("CASSANDRA_PORT", "9042", "Cassandra native protocol port."),
    Setting("CASSANDRA_KEYSPACE", "interview_autopilot", "Keyspace of the app's tables."),
    Setting("CASSANDRA_USERNAME", "", "Username when the node requires authentication."),
    Setting("CASSANDRA_PASSWORD", "", "Password for CASSANDRA_USERNAME.", secret=True),
    Setting("CASSANDRA_LOCAL_DC", "datacenter1", "Local datacenter for load balancing."),
    Setting(
        "CASSANDRA_REPLICATION_FACTOR",
        "1",
        "Replication factor when `schema apply` creates the keyspace (local node only).",
    ),
    Setting("CASSANDRA_CONNECT_TIMEOUT_SECONDS", "10", "Seconds to wait for a connection."),
    Setting("CASSANDRA_REQUEST_TIMEOUT_SECONDS", "10", "Seconds to wait for one query."),
    Setting("ASTRA_SECURE_CONNECT_BUNDLE_PATH", "", "Path to the Astra secure connect bundle zip."),
    Setting("ASTRA_DB_TOKEN", "", "Astra application token (AstraCS:...).", secret=True),
    Setting("ASTRA_KEYSPACE", "interview_autopilot", "Astra keyspace (create it in the Astra UI)."),
    Setting("ASTRA_CONNECT_TIMEOUT_SECONDS", "15", "Seconds to wait for an Astra connection."),
    Setting("ASTRA_REQUEST_TIMEOUT_SECONDS", "10", "Seconds to wait for one Astra query."),
    Setting(
        "LOG_LEVEL",
        "",
        "Level of the log records on stderr: DEBUG, INFO, WARNING or ERROR (unset: INFO for the"
        " app server, WARNING for the command line, which prints its own progress).",
    ),
    Setting(
        "SLOW_READ_MS",
        "1000",
        "Milliseconds after which a screen's read is logged as slow (WARNING; 0: every read).",
    ),
    Setting(
        "PENDING_SWEEP_STARTUP_HOURS",
        "168",
        "Hours back the sweeper's first run in an app process looks for changes whose writer "
        "died (its later runs look one hour back); a week reads about 2,000 small partitions.",
    ),
    Setting(
        "PENDING_SWEEP_SECONDS",
        "10",
        "Seconds between runs of the sweeper that finishes a change whose writer died (on a "
        "node or Astra; SQLite finishes each change in its transaction).",
    ),
    Setting(
        "SCORECARD_DUE_HOURS",
        "24",
        "Hours after an interview's end before a missing feedback counts as a scorecard due.",
    ),
    Setting(
        "AUTOPILOT_INTERVAL_SECONDS",
        "60",
        "Seconds between two passes of `autopilot run` (the worker that sends what is due).",
    ),
    Setting(
        "AUTOPILOT_LEASE_SECONDS",
        "120",
        "Seconds a worker holds a message it claimed; after that another worker may take it "
        "over (a message can go out twice only inside this window: docs/autopilot.md).",
    ),
    Setting(
        "AUTOPILOT_LOOKBACK_HOURS",
        "48",
        "Hours back a pass looks for messages not yet sent (each hour is one partition read).",
    ),
    Setting(
        "AUTOPILOT_MAX_ATTEMPTS",
        "6",
        "Attempts to send a message before it is shown as failed.",
    ),
    Setting(
        "AUTOPILOT_RETRY_SECONDS",
        "60",
        "Seconds before the second attempt of a failed message; each next wait doubles (at "
        "most an hour).",
    ),
    Setting(
        "AUTOPILOT_APP_URL",
        "http://localhost:8501",
        "The app's address, for the links in messages (the interview and feedback pages).",
    ),
    Setting(
        "AUTOPILOT_TIME_ZONE",
        "UTC",
        "Time zone of a person whose profile names none (reminders' working hours).",
    ),
    Setting(
        "AUTOPILOT_WORKING_HOURS",
        "09:00-17:00",
        "Working hours of a person whose profile names none: reminders go only then, on "
        "weekdays, in the person's time zone.",
    ),
    Setting(
        "SCORECARD_REMINDER_FIRST_HOURS",
        "1",
        "Hours after an interview ends before its first scorecard reminder (then one per "
        "business day in the interviewer's working hours).",
    ),
    Setting(
        "CANDIDATE_EMAILS",
        "false",
        "Email the candidate, with the calendar invite, when their interview is scheduled, "
        "moved or cancelled (true or false).",
    ),
    Setting(
        "INTERVIEW_REMINDER_HOURS",
        "24",
        "Hours before an interview's start when its panel (and its candidate, with "
        "CANDIDATE_EMAILS on) get a reminder by email (comma-separated, e.g. 24,1; each at "
        "most 168; empty: none).",
    ),
    Setting(
        "SCORECARD_REMINDER_LIMIT",
        "10",
        "Scorecard reminders sent to one interviewer for one interview at most.",
    ),
    Setting(
        "SCORECARD_ESCALATE_AFTER_DAYS",
        "3",
        "Business days after an interview ends without its scorecard before the job's hiring "
        "manager is told.",
    ),
    Setting(
        "INTERVIEW_DAILY_LIMIT",
        "3",
        "Interviews one person may have in a day (in their zone) when finding times; a person's "
        "own limit, set on their page, overrides it.",
    ),
    Setting(
        "INTERVIEW_WEEKLY_LIMIT",
        "10",
        "Interviews one person may have in a week (Monday to Sunday, in their zone) when finding "
        "times; a person's own limit, set on their page, overrides it.",
    ),
    Setting(
        "SELF_SCHEDULING_SECRET",
        "",
        "The key that signs candidates' self-scheduling links (a long random string; empty: no "
        "link can be made or opened). Changing it voids every link sent.",
        secret=True,
    ),
    Setting("SMTP_HOST", "", "SMTP server for email (empty: email is not sent)."),
    Setting("SMTP_PORT", "587", "SMTP server port."),
    Setting("SMTP_USER", "", "SMTP login (empty: no login)."),
    Setting("SMTP_PASSWORD", "", "Password for SMTP_USER.", secret=True),
    Setting("SMTP_FROM", "autopilot@localhost", "The From address of the autopilot's email."),
    Setting(
        "SMTP_STARTTLS",
        "true",
        "Start TLS before sending (and before any login); false only for a server on "
        "loopback or a trusted network.",
    ),
    Setting("SMTP_TIMEOUT_SECONDS", "10", "Seconds to wait for the SMTP server."),
    Setting(
        "SLACK_WEBHOOK_URL",
        "",
        "Slack incoming webhook for escalations (empty: Slack is not used).",
        secret=True,
    ),
    Setting(
        "SLACK_BOT_TOKEN",
        "",
        "Slack bot token (xoxb-...) posting escalations to SLACK_CHANNEL with chat.postMessage, "
        "instead of the webhook (empty: the webhook, if any).",
        secret=True,
    ),
    Setting("SLACK_CHANNEL", "", "The channel the bot token posts to (e.g. C0123456789)."),
    Setting(
        "SLACK_API_URL",
        "https://slack.com/api/",
        "Slack's Web API address (a test points it at a stand-in on loopback).",
    ),
)
_BY_NAME = {s.name: s for s in SETTINGS}
# The settings read by one backend only, by name prefix; the others apply to every backend.
_BACKEND_PREFIXES = {"sqlite": "SQLITE_", "cassandra": "CASSANDRA_", "astra": "ASTRA_"}


def applies(setting: Setting, backend: str) -> bool:
    """Whether `setting` is read when the app runs on `backend`."""
    owner = [b for b, prefix in _BACKEND_PREFIXES.items() if setting.name.startswith(prefix)]
    return not owner or backend in owner


def redact(value: str) -> str:
    """Whether a secret is set, and nothing of it: no character, not even its length."""
    return "set (hidden)" if value else "not set"


@dataclass(frozen=True)
class Settings:
    """Resolved values of every setting, by name."""

    values: Mapping[str, str]

    @classmethod
    def load(
        cls,
        env: Mapping[str, str] | None = None,
        secrets: Mapping[str, object] | None = None,
        dotenv_path: Path | None = None,
    ) -> Settings:
        """Resolve every setting from env > .env > secrets > default."""
        env = os.environ if env is None else env
        path = dotenv_path if dotenv_path is not None else ROOT / ".env"
        dotenv = dotenv_values(path) if path.is_file() else {}
        secrets = secrets or {}
        values: dict[str, str] = {}
        for s in SETTINGS:
            for source in (env, dotenv, secrets):
                if source.get(s.name) is not None and str(source[s.name]).strip() != "":
                    values[s.name] = str(source[s.name]).strip()
                    break
            else:
                values[s.name] = s.default
        return cls(values)

    def __getitem__(self, name: str) -> str:
        return self.values[name]

    @property
    def backend(self) -> str:
        """The chosen backend, validated."""
        backend = self["DB_BACKEND"].lower()
        if backend not in BACKENDS:
            raise ConfigError(
                f"DB_BACKEND is '{self['DB_BACKEND']}'; it must be one of {', '.join(BACKENDS)}."
            )
        return backend

    def flag(self, name: str) -> bool:
        return self[name].lower() in ("1", "true", "yes", "on")

    @property
    def demo_allowed(self) -> bool:
        """Whether the app may run as the open demo (no sign-in): DEMO_MODE, or by default on
        SQLite only, never on a shared Cassandra or Astra store without saying so."""
        chosen = self["DEMO_MODE"].lower()
        if chosen in ("", "auto"):
            return self.backend == "sqlite"
        if chosen not in ("1", "true", "yes", "on", "0", "false", "no", "off"):
            raise ConfigError(f"DEMO_MODE is '{self['DEMO_MODE']}'; it must be true or false.")
        return self.flag("DEMO_MODE")

    def number(self, name: str) -> float:
        """A positive number setting, or ConfigError naming it."""
        try:
            value = float(self[name])
        except ValueError:
            value = -1.0
        if value <= 0:
            raise ConfigError(f"{name} must be a positive number, not '{self[name]}'.")
        return value

    def path(self, name: str) -> Path:
        """A path setting, relative to `paths.ROOT` (the checkout) unless absolute."""
        p = Path(self[name]).expanduser()
        return p if p.is_absolute() else ROOT / p

    def describe(self) -> dict[str, str]:
        """Every setting with secrets redacted: safe to print or show in the page."""
        return {
            name: redact(value) if _BY_NAME[name].secret else value
            for name, value in self.values.items()
        }

    def describe_in_use(self) -> list[tuple[Setting, str]]:
        """The settings that apply to the backend in use (no Cassandra connection settings
        on SQLite, for instance), each with its value, secrets redacted."""
        shown = self.describe()
        return [(s, shown[s.name]) for s in SETTINGS if applies(s, self.backend)]
