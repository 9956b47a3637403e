"""Everything jobpicks remembers, in Redis: one small part per thing remembered, composed by `Store`.

`store.seen.keys(dest, keys)`, `store.digests.commit(...)`, `store.runs.status(dest)`… Only this
package knows Redis key names (`bot.store.keys`). Checks over many postings are one round trip
(ZMSCORE, HMGET); a delivery is written in one MULTI/EXEC transaction so a crash never leaves picks
shown but not marked seen.
"""

from __future__ import annotations

import redis

from bot.store.connect import connect
from bot.store.digests import Digests
from bot.store.events import Events
from bot.store.imported import ImportedDays
from bot.store.keys import Keys
from bot.store.messages import PickMessages
from bot.store.profiles import ProfileEdits
from bot.store.resets import TasteResets
from bot.store.runs import Runs
from bot.store.scores import Scores
from bot.store.seen import SeenPostings
from bot.store.shown import ShownHistory
from bot.store.votes import Votes

__all__ = ["Store", "connect"]


class Store:
    """jobpicks' Redis keys, by what they remember."""

    def __init__(self, client: redis.Redis, prefix: str = "jobpicks") -> None:
        self.r = client
        self.prefix = prefix
        key = Keys(prefix)
        self.seen = SeenPostings(client, key)
        self.shown = ShownHistory(client, key)
        self.digests = Digests(client, key, self.seen, self.shown)
        self.imported = ImportedDays(client, key, self.seen, self.shown)
        self.messages = PickMessages(client, key)
        self.votes = Votes(client, key)
        self.resets = TasteResets(client, key)
        self.runs = Runs(client, key)
        self.scores = Scores(client, key)
        self.events = Events(client, key)
        self.profiles = ProfileEdits(client, key)
