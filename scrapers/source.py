"""What a source is: the one description each source module exports as `SOURCE`.

Everything jobpicks says about a source comes from here through `scrapers.registry`: the config's
known names and its `options`, how a run collects, which copy of a job dedupe keeps, the name people
see, the address `jobpicks doctor` probes, and which posting a link belongs to.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from scrapers.base import ScrapeError
from scrapers.config import SearchSpec, SourceConfig
from scrapers.run import SourceRun


class Kind(StrEnum):
    """What a source collects from."""

    # Runs the [[search]] tables (LinkedIn, Indeed): with none that applies it has nothing to do.
    SEARCH = "search"
    # Reads the boards (`companies`) or the list (`url`) it is configured with; searches do not apply.
    BOARDS = "boards"


class NoOptions(BaseModel):
    """The `options` of a source that has none: any key there is a mistake worth naming."""

    model_config = ConfigDict(extra="forbid")


class BoardNames(BaseModel):
    """`options` of the boards whose postings may not name the company (Lever, Ashby, older Greenhouse)."""

    model_config = ConfigDict(extra="forbid")

    names: dict[str, str] = Field(
        default_factory=dict, description="Board name -> the company's proper name ('openai' -> 'OpenAI')."
    )

    def company(self, board: str) -> str:
        """The name given for a board, else the board name made readable ("palantir" -> "Palantir")."""
        return self.names.get(board) or board.replace("-", " ").replace("_", " ").title()


class Source(Protocol):
    """One source of postings, as every part of jobpicks sees it."""

    @property
    def name(self) -> str:
        """The `[sources.<name>]` table and the prefix of its posting keys ("linkedin")."""
        ...

    @property
    def label(self) -> str:
        """How people see it: "LinkedIn"."""
        ...

    @property
    def rank(self) -> int:
        """Which copy of a job dedupe keeps, lower first: the employer's own board (0), then the list
        that links to it (1), then the job sites (LinkedIn 2, Indeed 3)."""
        ...

    @property
    def kind(self) -> Kind: ...

    @property
    def options_model(self) -> type[BaseModel]:
        """The model `[sources.<name>] options` must fit; checked when the config loads."""
        ...

    def origins(self, cfg: SourceConfig) -> list[str]:
        """Every address a run talks to, first the one `jobpicks doctor` probes; proxies mount on them."""
        ...

    async def collect(self, run: SourceRun, searches: list[SearchSpec]) -> None:
        """Add what it finds to `run` as it goes; raise `ScrapeError` for what failed."""
        ...

    def key_from_url(self, url: str) -> str | None:
        """The key this source gives the posting a link points to, or None when the link is not its own."""
        ...


def key_in_link(source: str, link: re.Pattern[str], url: str) -> str | None:
    """`<source>:<id>` when `link` finds the posting's id in `url` (its first group), else None.

    Lower-cased as the scrapers key them: Indeed's job keys come in either case.
    """
    match = link.search(url)
    return f"{source}:{match.group(1).lower()}" if match else None


OptionsT = TypeVar("OptionsT", bound=BaseModel)


def read_options(model: type[OptionsT], source: str, cfg: SourceConfig) -> OptionsT:
    """A source's `options` as its typed model.

    A config file's options were checked when it loaded; settings built in code are checked here,
    and fail the one source in one line rather than as a bug.
    """
    try:
        return model.model_validate(cfg.options)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in ("sources", source, "options", *first["loc"]))
        raise ScrapeError(f"{where}: {first['msg']} — fix it in the config") from exc
