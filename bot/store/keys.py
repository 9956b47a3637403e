"""Every Redis key jobpicks uses: the one place that knows their names.

All keys sit under the configured prefix (default ``jobpicks``); names and formats are kept as they
are, so what an earlier version stored keeps working.

- ``seen:<dest>``            sorted set: posting key -> unix time its "seen" mark expires
- ``scores:<profile>:<fb>``  hash: posting key -> cached score JSON for a profile+feedback version
- ``votes:<profile>``        hash: "<posting key>|<user>" -> vote JSON
- ``fbver:<profile>``        counter bumped whenever a vote changes
- ``resets:<profile>:<dest>`` list: unix times the taste of that destination was started afresh,
                             oldest first; it learns from the votes cast after the last one
- ``event:<id>``             marker so a redelivered Slack event counts once
- ``digest:<dest>:<date>``   JSON of the digest delivered that day (picks in order, message ts)
- ``digests:<dest>``         sorted set of delivered dates (score = delivery time)
- ``shown:<dest>``           hash: posting key -> JSON list of when it was shown, score, reason
- ``msg:<channel>:<ts>``     posting key and digest of a pick message (reactions vote on it)
- ``lock:<dest>``            held while a run for that destination is under way (redis-py's Lock: a
                             token, a short TTL the run keeps renewing)
- ``run:<dest>``             JSON of the run holding the lock: kind, start, last renewal, pid, host
- ``outbox:<dest>``          hash of the digest being delivered: ``plan`` (the digest, JSON),
                             ``channel``, ``sent:<message id>`` -> ts of each message Slack accepted,
                             ``posting`` -> the message being posted (unsure after a crash)
- ``status:<dest>``          JSON of the last run (per-source counts, errors, LLM usage)
- ``imported:<dest>``        hash: date -> JSON of the picks imported from past digests of that day
- ``profile:<name>``         JSON of the profile fields edited in Slack; they override the file's
                             ``[profile]`` until dropped (``/jobpicks profile reset``); a person's are
                             under their user id
- ``people``                 hash: Slack user id -> JSON of a member who gets their own picks by DM
- ``collection:<searches>``  JSON of the morning's collection for one set of searches and sources
                             (merged postings and each source's report), shared by every audience;
                             expires after ``[digest] collection_hours``
- ``details:<searches>``     hash: posting key -> the posting with its job page read, so a page is
                             fetched once a morning however many people's candidates it is among
- ``collecting:<searches>``  lock held by the one process collecting; the others wait, then read
- ``scoring:<profile>:<fb>`` lock held while one digest has the LLM score for a profile+feedback
                             version; another digest of the same version waits, then reads the cache
- ``pace:<second>``          counter of Slack messages the workspace posted in that second (all
                             processes, all destinations); expires after two seconds
"""

from __future__ import annotations


class Keys:
    """The full name of each key, under one prefix (several bots can share one server)."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def _name(self, *parts: str) -> str:
        return ":".join((self.prefix, *parts))

    def seen(self, dest: str) -> str:
        return self._name("seen", dest)

    def scores(self, profile_version: str, feedback_version: str) -> str:
        return self._name("scores", profile_version, feedback_version)

    def votes(self, profile: str) -> str:
        return self._name("votes", profile)

    def vote_field(self, posting_key: str, user: str) -> str:
        """The field of one person's vote on one posting in ``votes:<profile>``."""
        return f"{posting_key}|{user}"

    def feedback_version(self, profile: str) -> str:
        return self._name("fbver", profile)

    def taste_resets(self, profile: str, dest: str) -> str:
        return self._name("resets", profile, dest)

    def event(self, event_id: str) -> str:
        return self._name("event", event_id)

    def digest(self, dest: str, date: str) -> str:
        return self._name("digest", dest, date)

    def digests(self, dest: str) -> str:
        return self._name("digests", dest)

    def shown(self, dest: str) -> str:
        return self._name("shown", dest)

    def message(self, channel: str, ts: str) -> str:
        return self._name("msg", channel, ts)

    def lock(self, dest: str) -> str:
        return self._name("lock", dest)

    def run(self, dest: str) -> str:
        return self._name("run", dest)

    def outbox(self, dest: str) -> str:
        return self._name("outbox", dest)

    def status(self, dest: str) -> str:
        return self._name("status", dest)

    def imported(self, dest: str) -> str:
        return self._name("imported", dest)

    def profile(self, name: str) -> str:
        return self._name("profile", name)

    def people(self) -> str:
        return self._name("people")

    def collection(self, searches: str) -> str:
        return self._name("collection", searches)

    def details(self, searches: str) -> str:
        return self._name("details", searches)

    def collecting(self, searches: str) -> str:
        return self._name("collecting", searches)

    def scoring(self, profile_version: str, feedback_version: str) -> str:
        return self._name("scoring", profile_version, feedback_version)

    def pace(self, second: int) -> str:
        return self._name("pace", str(second))
