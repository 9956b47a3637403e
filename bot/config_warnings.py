"""What in a config that loads would still leave a run with nothing worth reading: one line each.

Not errors: a person trying jobpicks out may run it half-configured. But an empty profile ranks every
posting alike, and a search source with no [[search]] finds nothing, so `jobpicks run` and `jobpicks
doctor` say so rather than leave the person to wonder at an empty digest.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.config import AppConfig
from scoring.profile import Profile
from scrapers import registry
from scrapers.source import Kind


@dataclass(frozen=True, slots=True)
class ConfigWarning:
    topic: str  # what doctor names the line after
    message: str
    hint: str

    def __str__(self) -> str:
        return f"{self.message} — {self.hint}"


def config_warnings(config: AppConfig, profile: Profile) -> list[ConfigWarning]:
    """Warnings for `config` as a run would use it, with `profile` (the file's, or as edited in Slack)."""
    where = config.path or "the config file"
    warnings = []
    if not (profile.roles or profile.skills or profile.summary.strip()):
        warnings.append(
            ConfigWarning(
                "profile",
                "the profile has no roles, skills or summary, so every posting scores alike",
                f"fill in [profile] in {where}",
            )
        )
    idle = [
        name
        for name in config.enabled_sources
        if (source := registry.find(name)) is not None
        and source.kind is Kind.SEARCH
        and not any(not s.sources or name in s.sources for s in config.search)
    ]
    if idle:
        finds = "it finds" if len(idle) == 1 else "they find"
        warnings.append(
            ConfigWarning(
                "searches",
                f"no [[search]] applies to {' and '.join(idle)}, so {finds} nothing",
                f"add a [[search]] with keywords to {where}, or set enabled = false in [sources.{idle[0]}]",
            )
        )
    return warnings
