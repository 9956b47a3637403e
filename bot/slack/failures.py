"""A listener's failure, told to the person who typed or clicked: one line saying what to do.

Bolt answers Slack for a listener that failed before its ack through the app's error handler
(`tell_the_person`), whose returned response becomes the answer. After the ack that path is not
dependable: Bolt's runner clears the ack's response when the listener then fails, so a failure right
after the ack can turn an answered click into a 404. Work done after the ack runs inside `telling`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from slack_bolt import Ack, BoltResponse, Respond

from bot.errors import JobpicksError
from bot.slack.limits import escape
from bot.slack.profile_modal import modal_errors


def failure_line(error: JobpicksError) -> str:
    return escape(f"jobpicks could not do that: {error}")


def tell_the_person(
    error: Exception, ack: Ack, body: dict, respond: Respond, logger: logging.Logger
) -> BoltResponse | None:
    """The app's error handler: every failure is a line in the server log; a `JobpicksError` (Redis
    away, Slack refusing) is also told to the person, in the answer itself when it is still due."""
    logger.error("listener failed: %s: %s", type(error).__name__, error)
    if not isinstance(error, JobpicksError):
        return None
    if ack.response is None:
        if body.get("type") == "view_submission":
            # Slack takes only field errors here, which keep the form open; summary is its first field.
            errors = modal_errors({"summary": f"jobpicks could not do that: {error}"})
            return BoltResponse(status=200, body={"response_action": "errors", "errors": errors})
        return BoltResponse(status=200, body={"response_type": "ephemeral", "text": failure_line(error)})
    if body.get("response_url"):
        respond(text=failure_line(error), response_type="ephemeral", replace_original=False)
    return None


@contextmanager
def telling(respond: Respond, logger: logging.Logger) -> Iterator[None]:
    """Around work done after the ack: a `JobpicksError` is logged and told to the person, not raised."""
    try:
        yield
    except JobpicksError as exc:
        logger.error("listener failed: %s: %s", type(exc).__name__, exc)
        respond(text=failure_line(exc), response_type="ephemeral", replace_original=False)
