"""A job board read through its public API: one request per board named in `companies`.

Greenhouse, Lever and Ashby differ only in data — where a board's postings are, how its answer is read,
which links are its own — so each is one `BoardSource` holding that data, not a class of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from scrapers.base import Parsed
from scrapers.config import SearchSpec, SourceConfig
from scrapers.jsonbody import json_body
from scrapers.run import SourceRun, each_board
from scrapers.source import BoardNames, Kind, key_in_link, read_options

# A board's answer, the board's name, and the company shown for it -> the postings.
BoardParser = Callable[[Any, str, str], Parsed]


@dataclass(frozen=True)
class BoardSource:
    name: str
    label: str
    default_base: str
    path: str  # of one board's postings, with "{board}" for its name
    parse: BoardParser
    link: re.Pattern[str]  # finds the posting's id in one of the board's own links
    params: Mapping[str, str] = field(default_factory=dict)
    noun: str = "board"  # what the board is called in messages ("site" for Lever)
    rank: int = 0  # the employer's own board: dedupe keeps its copy first
    kind: Kind = Kind.BOARDS
    options_model: type[BaseModel] = BoardNames

    def origins(self, cfg: SourceConfig) -> list[str]:
        return [cfg.base_url or self.default_base]

    async def collect(self, run: SourceRun, searches: list[SearchSpec]) -> None:
        base = run.base_url(self.default_base)
        names = read_options(BoardNames, self.name, run.cfg)

        async def board(board: str) -> None:
            where = f"{self.noun} {board!r}"
            response = await run.fetch.get(base + self.path.format(board=board), params=dict(self.params))
            run.add(self.parse(json_body(response, where), board, names.company(board)), where)

        await each_board(run.cfg.companies, board)

    def key_from_url(self, url: str) -> str | None:
        return key_in_link(self.name, self.link, url)
