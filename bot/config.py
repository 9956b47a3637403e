"""Configuration, read once at the edge and passed in.

Secrets and endpoints come from the environment (and `.env`); everything else from one TOML file.
A bad value fails at start with one line naming the file, the key and what was expected.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import ErrorDetails, InitErrorDetails
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.errors import ConfigError
from scoring.config import ScoringConfig
from scoring.profile import Profile
from scrapers import registry
from scrapers.config import SearchSpec, SourceConfig

EXAMPLE_CONFIG = Path(__file__).with_name("example.toml")


class Settings(BaseSettings):
    """Secrets and endpoints, from the environment or a `.env` file in the working folder."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_api_url: str = "https://slack.com/api/"
    openai_api_key: str | None = None
    openai_base_url: str | None = None
    openai_model: str = "gpt-4o-mini"
    redis_url: str | None = None
    jobpicks_config: Path = Path("jobpicks.toml")
    jobpicks_data_dir: Path = Path(".jobpicks")
    jobpicks_redis_prefix: str = "jobpicks"
    # How long a run that died keeps the next one out: its lock's TTL, renewed every third of it.
    jobpicks_run_lock_seconds: float = Field(60.0, ge=1.0, le=3600.0)
    # "rq": the serving process enqueues each digest of the morning on RQ, run by `jobpicks worker`s.
    jobpicks_queue: Literal["", "rq"] = ""

    @field_validator("slack_api_url")
    @classmethod
    def _slack_api_url(cls, value: str) -> str:
        url = value.strip()
        try:
            parts = urlsplit(url)
            _ = parts.port  # raises ValueError for a port that is not a number from 0 to 65535
            usable = parts.scheme in ("http", "https") and bool(parts.hostname)
        except ValueError:
            usable = False
        if not usable:
            raise ValueError("expected the http(s) URL of the Slack Web API, such as https://slack.com/api/")
        return url

    @property
    def llm_configured(self) -> bool:
        # A local OpenAI-compatible server (Ollama, vLLM) may need no key, only a base URL.
        return bool(self.openai_api_key or self.openai_base_url)


class DigestConfig(BaseModel):
    """The `[digest]` table: where the picks go, how many, and when."""

    model_config = ConfigDict(extra="forbid")

    destination: str = Field("", description="Slack channel id or name, or a user id for a DM.")
    size: int = Field(20, ge=1, le=100)
    time: str = Field("08:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$", description="HH:MM")
    timezone: str = "UTC"
    per_company: int = Field(
        3, ge=1, le=100, description="Picks per company before others get a turn; more only to fill the digest to size."
    )
    # Below 40 the rubric says "wrong field or level": not worth a reader's morning.
    min_score: int = Field(
        40,
        ge=0,
        le=100,
        description="Never show picks that fit the profile below this (judged before votes move them).",
    )
    seen_ttl_days: int = Field(60, ge=1, le=3650)
    archive_dir: Path | None = Field(None, description="Where delivered digests are saved as markdown.")
    # A workspace's mornings span time zones: one collection serves every digest due within these hours.
    collection_hours: float = Field(
        4.0, gt=0, le=48, description="Hours one morning's collection serves everyone's digests before a new one."
    )
    # Slack: "several hundred messages per minute" across a workspace (docs.slack.dev/apis/web-api/
    # rate-limits, chat.postMessage); 300 keeps under it with room for the app's replies to commands.
    slack_per_minute: int = Field(
        300, ge=0, le=6000, description="Slack messages per minute across all digests and processes; 0: no limit."
    )
    workers: int = Field(
        8, ge=1, le=64, description="Digests delivered at once in one process (each waits mostly on Slack and the LLM)."
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        return _check_zone(value)


def _check_zone(value: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"an IANA time zone such as 'Europe/Paris', not {value!r}") from exc
    return value


class PersonConfig(Profile):
    """A `[[person]]` table: a member of the workspace who gets their own picks by DM.

    The same keys as `[profile]`, plus the member's Slack user id; `time` and `timezone` default to
    `[digest] time` in the member's own Slack time zone.
    """

    slack_user: str = Field(pattern=r"^[UW][A-Z0-9]{2,}$", description="The member's Slack user id (U…).")
    time: str | None = Field(None, pattern=r"^([01]\d|2[0-3]):[0-5]\d$", description="HH:MM")
    timezone: str | None = None

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        return value if value is None else _check_zone(value)

    def file_profile(self) -> Profile:
        """The profile part of the table; named after the member when it gives no name."""
        data = self.model_dump(exclude={"slack_user", "time", "timezone"})
        if "name" not in self.model_fields_set:
            data["name"] = self.slack_user
        return Profile.model_validate(data)


class AppConfig(BaseModel):
    """The whole TOML file."""

    model_config = ConfigDict(extra="forbid")

    profile: Profile = Field(default_factory=Profile)
    search: list[SearchSpec] = Field(default_factory=list)
    sources: dict[str, SourceConfig] = Field(default_factory=dict)
    digest: DigestConfig = Field(default_factory=DigestConfig)
    scoring: ScoringConfig = Field(default_factory=ScoringConfig)
    person: list[PersonConfig] = Field(default_factory=list)
    # Where the file came from, for messages; not part of the TOML.
    path: Path | None = Field(None, exclude=True)
    is_example: bool = Field(False, exclude=True)

    @field_validator("sources")
    @classmethod
    def _known_sources(cls, value: dict[str, SourceConfig]) -> dict[str, SourceConfig]:
        for name, cfg in value.items():
            source = registry.find(name)
            if source is None:
                raise ValueError(registry.unknown(name))
            try:
                source.options_model.model_validate(cfg.options)
            except ValidationError as exc:
                # Raised from here, pydantic files each problem under this field, so the message names
                # `sources.<name>.options.<key>` like any other key (pydantic-core#510).
                raise ValidationError.from_exception_data(
                    cls.__name__, [_under((name, "options"), error) for error in exc.errors()]
                ) from exc
        return value

    @field_validator("person")
    @classmethod
    def _one_table_per_member(cls, value: list[PersonConfig]) -> list[PersonConfig]:
        users = [p.slack_user for p in value]
        repeated = sorted({u for u in users if users.count(u) > 1})
        if repeated:
            raise ValueError(f"{repeated[0]} has more than one [[person]] table; keep one")
        return value

    def source(self, name: str) -> SourceConfig:
        return self.sources.get(name) or SourceConfig(enabled=False)

    @property
    def enabled_sources(self) -> list[str]:
        return [name for name in registry.NAMES if name in self.sources and self.sources[name].enabled]


def _under(where: tuple[str, ...], error: ErrorDetails) -> InitErrorDetails:
    """One validation problem moved under `where`, as it is otherwise."""
    moved = InitErrorDetails(type=error["type"], loc=(*where, *error["loc"]), input=error["input"])
    if "ctx" in error:
        moved["ctx"] = error["ctx"]
    return moved


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        # Each setting is read from the variable of its name in capitals.
        raise ConfigError(_describe(exc, str.upper), "fix the variable in your shell or .env") from exc


def config_source(arg: str | None, settings: Settings) -> tuple[Path, str | None]:
    """The config file to read and what named it: "--config", "JOBPICKS_CONFIG", or None for the
    default ./jobpicks.toml."""
    if arg:
        return Path(arg), "--config"
    # Set from the environment or .env, even to the default's own name: the person chose that file.
    if "jobpicks_config" in settings.model_fields_set:
        return settings.jobpicks_config, "JOBPICKS_CONFIG"
    return settings.jobpicks_config, None


def find_config(arg: str | None, settings: Settings) -> AppConfig:
    """The config named by --config, else JOBPICKS_CONFIG, else ./jobpicks.toml. A named file that is
    missing is an error: only the default falls back to the bundled example, which would otherwise
    run someone else's profile against real sites and post to its channel."""
    path, named_by = config_source(arg, settings)
    if named_by is not None and not path.exists():
        hints = {
            "--config": "check the path, or run `jobpicks --config PATH init` to write one there",
            "JOBPICKS_CONFIG": "check the path, or unset JOBPICKS_CONFIG to use ./jobpicks.toml",
        }
        raise ConfigError(f"{path}: no such config file (named by {named_by})", hints[named_by])
    return load_config(path)


def load_config(path: Path) -> AppConfig:
    """Read the TOML config at `path`, or the bundled example when no file is there."""
    is_example = not path.exists()
    source = EXAMPLE_CONFIG if is_example else path
    try:
        data: dict[str, Any] = tomllib.loads(source.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML ({exc})", "fix the syntax at that line") from exc
    except OSError as exc:
        raise ConfigError(f"{source}: cannot be read ({exc.strerror})", "check the path") from exc
    try:
        config = AppConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{source}: {_describe(exc)}", "edit the file and run again") from exc
    config.path = source
    config.is_example = is_example
    return config


def _describe(exc: ValidationError, name: Callable[[str], str] = str) -> str:
    """The first problem as 'key.path: expected ...' — one line a person can act on."""
    err = exc.errors()[0]
    where = name(".".join(str(p) for p in err["loc"])) or "(top level)"
    if err["type"] == "extra_forbidden":
        return f"{where}: unknown key (misspelt?)"
    if err["type"] == "missing":
        return f"{where}: required but missing"
    message = err["msg"].removeprefix("Value error, ")
    got = err.get("input")
    shown = f" (got {got!r})" if got is not None and not isinstance(got, dict | list) else ""
    return f"{where}: {message}{shown}"
