"""What every command and listener needs, built once at the edge."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.config import AppConfig, Settings
from bot.store import Store


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

    @property
    def destination(self) -> str:
        """Where digests go; also the name the store keeps seen postings under."""
        return self.config.digest.destination or "terminal"

    @property
    def profile_id(self) -> str:
        return self.config.profile.name

    @property
    def data_dir(self) -> Path:
        return self.settings.jobpicks_data_dir

    @property
    def archive_dir(self) -> Path:
        return self.config.digest.archive_dir or self.data_dir / "digests"
