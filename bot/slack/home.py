"""The App Home tab: a member's own picks at a glance, with the buttons that run them.

A member with picks of their own sees when their digest comes (or that it is paused), their profile,
their last digest (its day, how many picks, the top few) and what their votes taught, in the plain
words of `/jobpicks status`; buttons edit the profile, pause or resume, and get picks now. A member
without picks of their own sees what starting gives them, and a Start button.

Slack shows the tab once the app publishes a view for that member (views.publish with `user_id`);
jobpicks publishes it when they open it (the `app_home_opened` event) and again after each of its
buttons (docs.slack.dev/surfaces/app-home). A home view holds at most 100 blocks and its
private_metadata 3000 characters (docs.slack.dev/reference/views/home-tab-views); the blocks' own
limits are Block Kit's (`bot.slack.limits`). `home_view` is pure; `publish_home` does the I/O.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.errors import JobpicksError
from bot.learning import learning, taste_lines
from bot.people import person
from bot.slack import limits, replies
from bot.slack.blocks import index_line
from bot.slack.failures import failure_line
from bot.slack.limits import fit
from bot.slack.membership import next_digest, on_day, schedule_words
from bot.slack.profile_editing import current_profile
from bot.slack.services import Services
from bot.store.records import DigestRecord
from scoring.feedback import Vote
from scoring.profile import Profile

log = logging.getLogger("jobpicks.home")

HOME_EDIT = "home_profile_edit"
HOME_PAUSE = "home_pause"
HOME_RESUME = "home_resume"
HOME_REFRESH = "home_refresh"
HOME_START = "home_start"

HOME_BLOCKS = 100
TOP_PICKS = 5


@dataclass(slots=True)
class HomeFacts:
    """What the tab shows one member, read from the store."""

    user: str
    own: bool  # picks of their own (listed in [[person]] or started in Slack)
    channel: str = ""  # the channel digest's destination, "" when there is none
    paused: bool = False
    schedule: str = ""  # "every morning at 08:00 Europe/Paris"
    next_digest: str = ""  # "Sat 22 Nov 08:00 Europe/Paris"
    profile: Profile | None = None
    votes: list[Vote] = field(default_factory=list)
    last: DigestRecord | None = None
    taste: list[str] = field(default_factory=list)
    notice: str | None = None  # what the last button did


def home_facts(s: Services, user: str, notice: str | None = None) -> HomeFacts:
    member = person(s.ctx, user)
    channel = s.ctx.config.digest.destination
    if member is None:
        return HomeFacts(user, own=False, channel=channel, notice=notice)
    ctx = s.for_user(user)
    profile, _ = current_profile(ctx)
    dates = ctx.store.digests.dates(ctx.destination, 1)
    return HomeFacts(
        user,
        own=True,
        channel=channel,
        paused=member.paused,
        schedule=schedule_words(ctx.audience),
        next_digest=next_digest(ctx),
        profile=profile,
        votes=learning(ctx).votes,
        last=ctx.store.digests.get(ctx.destination, dates[0]) if dates else None,
        taste=taste_lines(ctx),
        notice=notice,
    )


def home_view(facts: HomeFacts) -> dict:
    """The Home tab's view for one member."""
    blocks: list[dict] = [_header("Your job picks")]
    if facts.notice:
        blocks.append(_context(fit(facts.notice, limits.TEXT_OBJECT)))
    if not facts.own:
        blocks += _not_started(facts)
    else:
        blocks += _started(facts)
    return {"type": "home", "blocks": blocks[:HOME_BLOCKS]}


def failed_view(error: JobpicksError) -> dict:
    """The tab when what it shows cannot be read (Redis away): what failed and what to do."""
    return {"type": "home", "blocks": [_header("Your job picks"), _section(failure_line(error))]}


def publish_home(s: Services, client: WebClient, user: str, notice: str | None = None) -> None:
    """Publish `user`'s Home tab as it is now; a failure is logged, never raised: the tab is a view of
    what is stored, and the next time they open it is drawn again."""
    try:
        view = home_view(home_facts(s, user, notice))
    except JobpicksError as exc:
        log.error("cannot draw the Home tab of %s: %s", user, exc)
        view = failed_view(exc)
    try:
        client.views_publish(user_id=user, view=view)
    except SlackApiError as exc:
        log.error("views.publish for %s failed: %s", user, exc.response.get("error"))
    except (SlackClientError, URLError, OSError) as exc:
        log.error("views.publish for %s failed: %s", user, exc)


# -- pieces ------------------------------------------------------------------------------------


def _not_started(facts: HomeFacts) -> list[dict]:
    where = f" (the channel digest goes to {fit(facts.channel, 100)})" if facts.channel else ""
    return [
        _section(
            "Get job picks of your own: say what you look for, and every morning the postings that fit you "
            "best come to you here by DM, scored 0–100. Your 👍 / 👎 on them teach your picks only"
            f"{where}."
        ),
        _actions("start", [replies.button(HOME_START, "Start my picks", style="primary")]),
    ]


def _started(facts: HomeFacts) -> list[dict]:
    if facts.paused:
        when = "⏸ *Paused*: no morning picks until you resume them. Your profile and votes are kept."
        pause = replies.button(HOME_RESUME, "Resume my picks", style="primary")
    else:
        when = f"Your picks come by DM {fit(facts.schedule, 200)}; the next *{fit(on_day(facts.next_digest), 100)}*."
        pause = replies.button(HOME_PAUSE, "Pause my picks")
    buttons = [replies.button(HOME_EDIT, "Edit profile"), pause, replies.button(HOME_REFRESH, "Get picks now")]
    blocks = [_section(when), _actions("picks", buttons), {"type": "divider"}]
    if facts.profile is not None:
        blocks += [_header("Your profile"), _section("\n".join(replies.profile_lines(facts.profile, facts.votes)))]
    blocks += [_header("Your last digest"), _section(_last_digest(facts.last))]
    blocks += [_header("What your votes taught"), _section(_taste(facts.taste))]
    return blocks


def _last_digest(record: DigestRecord | None) -> str:
    if record is None:
        return "No digest yet: the first comes on your next morning, or press *Get picks now*."
    if not record.picks:
        return f"*{record.date:%a %d %b}*: nothing new that day."
    kind = "morning digest" if record.daily else "asked for"
    count = len(record.picks)
    head = f"*{record.date:%a %d %b}* · {count} pick{'s' if count != 1 else ''} ({kind}), in your DM."
    best = sorted(record.picks, key=lambda p: -p.score)[:TOP_PICKS]
    lines = [index_line(p.score, p.posting.url, p.posting.title, p.posting.company) for p in best]
    return limits.cut("\n".join([head, "Top picks:", *lines]), limits.SECTION_TEXT)


def _taste(lines: list[str]) -> str:
    text = "\n".join(fit(line, 300) for line in lines)
    if lines and lines[0].endswith(": 0 👍, 0 👎"):
        text += "\nVote 👍 / 👎 on your picks (buttons or reactions): tomorrow's scores follow."
    return limits.cut(text, limits.SECTION_TEXT)


def _header(text: str) -> dict:
    return {"type": "header", "text": {"type": "plain_text", "text": limits.plain(text, limits.HEADER_TEXT)}}


def _section(mrkdwn: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": limits.cut(mrkdwn, limits.SECTION_TEXT) or " "}}


def _context(mrkdwn: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": mrkdwn}]}


def _actions(block_id: str, buttons: list[dict]) -> dict:
    return {"type": "actions", "block_id": block_id, "elements": buttons}
