"""What every command and listener needs, built once at the edge."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from bot.audience import Audience, channel_audience
from bot.config import AppConfig, Settings
from bot.store import Store
from scoring.profile import Profile


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(slots=True)
class AppContext:
    settings: Settings
    config: AppConfig
    store: Store
    # What time it is for runs and votes: the day a digest belongs to, when a vote was cast and how
    # much it has faded since. Tests and benches move it to live several days in one run.
    clock: Callable[[], datetime] = utc_now
    # Whose digest this context runs and answers for; None: the channel digest of [profile] and [digest].
    scope: Audience | None = None

    @property
    def audience(self) -> Audience:
        return self.scope or channel_audience(self.config)

    def for_audience(self, audience: Audience) -> AppContext:
        """This context for another audience: a person's own digest, or the channel's."""
        return replace(self, scope=audience)

    @property
    def destination(self) -> str:
        """Where digests go; also the name the store keeps seen postings, digests and status under."""
        return self.audience.destination

    @property
    def profile_id(self) -> str:
        """Whose profile edits and votes: the profile's name, or a person's Slack user id."""
        return self.audience.profile_id

    @property
    def file_profile(self) -> Profile:
        """The audience's profile as the config file has it, before the edits made in Slack."""
        return self.audience.profile

    @property
    def timezone(self) -> str:
        """The time zone the audience's day and morning time are read in."""
        return self.audience.timezone

    @property
    def data_dir(self) -> Path:
        return self.settings.jobpicks_data_dir

    @property
    def archive_dir(self) -> Path:
        return self.config.digest.archive_dir or self.data_dir / "digests"


def open_context(config_path: str | None = None) -> AppContext:
    """The context of the channel digest, from the environment and the config file; what every
    command and worker starts from."""
    from bot.config import find_config, load_settings
    from bot.store import connect

    settings = load_settings()
    config = find_config(config_path, settings)
    client = connect(settings.redis_url, settings.jobpicks_data_dir)
    store = Store(client, settings.jobpicks_redis_prefix, lock_seconds=settings.jobpicks_run_lock_seconds)
    return AppContext(settings=settings, config=config, store=store)
