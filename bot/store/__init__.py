"""Everything jobpicks remembers, in Redis: one small part per thing remembered, composed by `Store`.

`store.seen.keys(dest, keys)`, `store.outbox.sent(...)`, `store.runs.status(dest)`… Only this
package knows Redis key names (`bot.store.keys`). Checks over many postings are one round trip
(ZMSCORE, HMGET). A delivery writes its plan to the outbox before its first message, records each
message in one MULTI/EXEC transaction the moment Slack accepts it (for a pick: the seen mark, the
shown history and the message map together), and commits the day's record in one more, so a crash
never leaves a pick shown but not marked seen. Those writes ride out a short loss of Redis.
"""

from __future__ import annotations

import redis

from bot.store.collections import SharedCollections
from bot.store.connect import connect
from bot.store.digests import Digests
from bot.store.events import Events
from bot.store.imported import ImportedDays
from bot.store.keys import Keys
from bot.store.messages import PickMessages
from bot.store.outbox import Outbox
from bot.store.pace import SlackPace
from bot.store.people import People
from bot.store.profiles import ProfileEdits
from bot.store.resets import TasteResets
from bot.store.runs import LOCK_SECONDS, Runs
from bot.store.scores import Scores
from bot.store.seen import SeenPostings
from bot.store.shown import ShownHistory
from bot.store.votes import Votes

__all__ = ["Store", "connect"]


class Store:
    """jobpicks' Redis keys, by what they remember."""

    def __init__(self, client: redis.Redis, prefix: str = "jobpicks", *, lock_seconds: float = LOCK_SECONDS) -> None:
        self.r = client
        self.prefix = prefix
        key = Keys(prefix)
        self.seen = SeenPostings(client, key)
        self.people = People(client, key)
        self.shown = ShownHistory(client, key)
        self.messages = PickMessages(client, key)
        self.outbox = Outbox(client, key, self.seen, self.shown, self.messages)
        self.digests = Digests(client, key, self.seen, self.shown, self.outbox)
        self.imported = ImportedDays(client, key, self.seen, self.shown)
        self.votes = Votes(client, key)
        self.resets = TasteResets(client, key)
        self.runs = Runs(client, key, lock_seconds)
        self.scores = Scores(client, key)
        self.events = Events(client, key)
        self.profiles = ProfileEdits(client, key)
        self.collections = SharedCollections(client, key)
        self.pace = SlackPace(client, key)
