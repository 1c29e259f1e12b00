"""Settings from ``SIDECAR_*`` environment variables, with embedded defaults.

A fresh checkout must run with no configuration at all, so every setting has a default that works
on one machine: a SQLite file and a generated secret key under ``var/``, and a Redis on a local port
that ``scripts/run`` starts. Production overrides them through the environment (or a ``.env`` file).
Invalid values stop the process at start with one sentence that names the variable, because a
half-configured connector that fails later, on the first order, is far worse.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

DEFAULT_REDIS_PORT = 6390
MIN_SECRET_KEY_LENGTH = 32


class ConfigError(Exception):
    """A setting is missing or invalid; the message is one sentence naming the variable."""


@dataclass(frozen=True)
class Config:
    home: Path
    database_url: str
    redis_url: str
    secret_key: str = field(repr=False)
    public_url: str | None = None
    # Seconds a plugin's timestamp may differ from our clock (CONTRACT.md: 300).
    signature_tolerance: int = 300
    # Seconds the previous secret keeps working after `shop rotate-secret`.
    secret_grace_seconds: int = 86400
    # Milliseconds SQLite waits for a lock before the request answers 503.
    sqlite_busy_timeout_ms: int = 5000
    log_level: str = "INFO"
    # Days activity lines and processed events are kept before the retention job purges them.
    retention_days: int = 90
    # Per-process seconds a shop's signing secrets are cached (rotation and removal take this long).
    shop_cache_seconds: float = 5.0
    # Requests per second one shop may make to one web process (0 turns the limit off).
    shop_rate_per_second: int = 100
    # Seconds Exact may take to answer before a call counts as timed out (its outcome unknown).
    exact_timeout_seconds: int = 30
    # First retry wait of the exponential back-off (doubles per attempt, capped at 6 hours).
    retry_base_seconds: int = 30
    # Longest wait between two attempts (the back-off stops doubling here).
    retry_cap_seconds: int = 21600
    # A job runs at most this long (RQ stops it); the entity lock it holds expires with it, so a
    # worker killed mid-job blocks its entity no longer than this.
    job_timeout_seconds: int = 300
    # Stored events older than this with no waiting job are enqueued again by the sweeper.
    stale_event_seconds: int = 120
    # The Exact Online app (App Center registration): OAuth client and webhook secret.
    exact_client_id: str | None = None
    exact_client_secret: str | None = field(default=None, repr=False)
    exact_webhook_secret: str | None = field(default=None, repr=False)
    # Overrides every region's host, for the emulator and demos (e.g. http://127.0.0.1:8090).
    exact_base_url: str | None = None
    # Share of each division's minute and day budget that only order posting may use.
    exact_reserve_minute: int = 10
    exact_reserve_day: int = 500
    # When set, GET /metrics needs "Authorization: Bearer <token>" (the metrics name every shop).
    metrics_token: str | None = field(default=None, repr=False)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def read_dotenv(path: Path) -> dict[str, str]:
    """Parse KEY=VALUE lines; a small reader so `.env` support costs no dependency. Also what
    scripts/run.sh reads `.env` with, so the script and the sidecar never disagree about it."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        key = key.strip().removeprefix("export ").strip()
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key] = value
    return values


def _int(env: dict[str, str], name: str, default: int, minimum: int = 0) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}.") from None
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, got {value}.")
    return value


def _secret_key(env: dict[str, str], home: Path) -> str:
    key = env.get("SIDECAR_SECRET_KEY", "")
    if key:
        if len(key) < MIN_SECRET_KEY_LENGTH:
            raise ConfigError(
                f"SIDECAR_SECRET_KEY must be at least {MIN_SECRET_KEY_LENGTH} characters long."
            )
        return key
    path = home / "secret_key"
    if path.is_file():
        key = path.read_text(encoding="utf-8").strip()
        if len(key) < MIN_SECRET_KEY_LENGTH:
            raise ConfigError(f"SIDECAR_SECRET_KEY is unset and {path} holds too short a key.")
        return key
    key = secrets.token_urlsafe(48)
    home.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    return key


def _database_url(env: dict[str, str], home: Path) -> str:
    url = env.get("SIDECAR_DATABASE_URL") or f"sqlite:///{home / 'sidecar.db'}"
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError(
            "SIDECAR_DATABASE_URL is not a database URL (expected sqlite:///PATH or "
            "postgresql+psycopg://USER:PASSWORD@HOST/DB)."
        ) from None
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise ConfigError(f"SIDECAR_DATABASE_URL must use sqlite or postgresql, not {backend}.")
    if backend == "postgresql" and parsed.drivername == "postgresql":
        # Plain postgresql:// would pick psycopg2, which we do not install.
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return url


def _redis_url(env: dict[str, str]) -> str:
    url = env.get("SIDECAR_REDIS_URL") or f"redis://127.0.0.1:{DEFAULT_REDIS_PORT}/0"
    if urlsplit(url).scheme not in ("redis", "rediss", "unix"):
        raise ConfigError("SIDECAR_REDIS_URL must start with redis://, rediss:// or unix://.")
    return url


def _optional_url(env: dict[str, str], name: str) -> str | None:
    url = env.get(name) or None
    if url is None:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"{name} must be an absolute http(s) URL, got {url!r}.")
    return url.rstrip("/")


NO_INSTALLATION = (
    "No exact-sidecar installation here: run the command in the directory it was set up in "
    "(the one with .env and var/), or point SIDECAR_HOME at its var directory (or "
    "SIDECAR_ENV_FILE at its .env)."
)


def clone_root() -> Path | None:
    """The checkout this package runs from (an editable install, as scripts/setup.sh makes), or
    None for an installed package (Docker), which names its home with SIDECAR_HOME."""
    root = Path(__file__).resolve().parents[1]
    return root if (root / "pyproject.toml").is_file() else None


def locate_installation(
    environ: Mapping[str, str], cwd: Path, root: Path | None
) -> tuple[Path, Path]:
    """Where the operator command finds its installation: the ``.env`` to read and the directory
    a relative SIDECAR_HOME (default ``var``) is in.

    An explicit SIDECAR_HOME or SIDECAR_ENV_FILE wins; else the working directory if it holds an
    installation (``.env`` or ``var/``); else the checkout this package runs from. Anything else
    would quietly start an empty database in whatever directory the command was run in, so it is
    refused with one sentence (``ConfigError``)."""
    if environ.get("SIDECAR_HOME") or environ.get("SIDECAR_ENV_FILE"):
        return Path(environ.get("SIDECAR_ENV_FILE") or ".env"), cwd
    for base in (cwd, root):
        if base is not None and ((base / ".env").is_file() or (base / "var").is_dir()):
            return base / ".env", base
    raise ConfigError(NO_INSTALLATION)


def load_config(
    environ: dict[str, str] | None = None, dotenv: Path | None = None, base: Path | None = None
) -> Config:
    """Build the configuration from the environment, a `.env` file and embedded defaults; a
    relative SIDECAR_HOME is taken in ``base`` (default: the working directory)."""
    env = dict(os.environ if environ is None else environ)
    dotenv_path = dotenv if dotenv is not None else Path(env.get("SIDECAR_ENV_FILE", ".env"))
    for key, value in read_dotenv(dotenv_path).items():
        env.setdefault(key, value)

    home = Path(env.get("SIDECAR_HOME") or "var")
    home = (home if home.is_absolute() else (base or Path.cwd()) / home).resolve()
    level = env.get("SIDECAR_LOG_LEVEL", "INFO").upper()
    if level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise ConfigError(f"SIDECAR_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, not {level}.")
    return Config(
        home=home,
        database_url=_database_url(env, home),
        redis_url=_redis_url(env),
        secret_key=_secret_key(env, home),
        public_url=_optional_url(env, "SIDECAR_PUBLIC_URL"),
        signature_tolerance=_int(env, "SIDECAR_SIGNATURE_TOLERANCE", 300, minimum=1),
        secret_grace_seconds=_int(env, "SIDECAR_SECRET_GRACE_SECONDS", 86400),
        sqlite_busy_timeout_ms=_int(env, "SIDECAR_SQLITE_BUSY_TIMEOUT_MS", 5000),
        log_level=level,
        retention_days=_int(env, "SIDECAR_RETENTION_DAYS", 90, minimum=1),
        shop_cache_seconds=float(_int(env, "SIDECAR_SHOP_CACHE_SECONDS", 5)),
        shop_rate_per_second=_int(env, "SIDECAR_SHOP_RATE_PER_SECOND", 100),
        exact_timeout_seconds=_int(env, "SIDECAR_EXACT_TIMEOUT_SECONDS", 30, minimum=1),
        retry_base_seconds=_int(env, "SIDECAR_RETRY_BASE_SECONDS", 30, minimum=1),
        retry_cap_seconds=_int(env, "SIDECAR_RETRY_CAP_SECONDS", 21600, minimum=1),
        stale_event_seconds=_int(env, "SIDECAR_STALE_EVENT_SECONDS", 120, minimum=1),
        job_timeout_seconds=_int(env, "SIDECAR_JOB_TIMEOUT_SECONDS", 300, minimum=5),
        exact_client_id=env.get("SIDECAR_EXACT_CLIENT_ID") or None,
        exact_client_secret=env.get("SIDECAR_EXACT_CLIENT_SECRET") or None,
        exact_webhook_secret=env.get("SIDECAR_EXACT_WEBHOOK_SECRET") or None,
        exact_base_url=_optional_url(env, "SIDECAR_EXACT_BASE_URL"),
        exact_reserve_minute=_int(env, "SIDECAR_EXACT_RESERVE_MINUTE", 10),
        exact_reserve_day=_int(env, "SIDECAR_EXACT_RESERVE_DAY", 500),
        metrics_token=env.get("SIDECAR_METRICS_TOKEN") or None,
    )
