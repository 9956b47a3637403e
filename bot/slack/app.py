"""The Slack app: built once at the edge, served over Socket Mode or HTTP, with the morning schedule.

Socket Mode when SLACK_APP_TOKEN is set (no public URL needed); otherwise HTTP at /slack/events under
uvicorn, every request's signature checked with SLACK_SIGNING_SECRET.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from types import FrameType
from typing import TYPE_CHECKING
from urllib.error import URLError

from slack_bolt import App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.config import Settings
from bot.context import AppContext
from bot.errors import ConfigError, SlackDeliveryError
from bot.morning import InProcess, due_audiences
from bot.schedule import WorkspaceScheduler
from bot.slack.delivery import explain_slack_error, slack_client, slack_delivery
from bot.slack.failures import tell_the_person
from bot.slack.listeners import register_listeners
from bot.slack.membership import next_digest
from bot.slack.runs import RunGuard
from bot.slack.services import KEY, Services
from bot.stopping import StopRequest

if TYPE_CHECKING:
    from bot.morning_queue import RQDispatch
    from bot.pipeline import RunOutcome

log = logging.getLogger("jobpicks.slack")


def pipeline_run(ctx: AppContext, kind: str, stop: StopRequest | None = None) -> Callable[[], RunOutcome]:
    """The real pipeline for one kind of run, delivering to Slack, to call from a background thread;
    `stop` is the serving process's: set when it shuts down."""

    def run() -> RunOutcome:
        from bot.pipeline import run_pipeline

        delivery = slack_delivery(ctx)
        return asyncio.run(run_pipeline(ctx, delivery, kind=kind, stop=stop))

    return run


def build_app(
    ctx: AppContext,
    refresh: Callable[[], RunOutcome] | None = None,
    *,
    refresh_person: Callable[[AppContext], Callable[[], RunOutcome]] | None = None,
    client: WebClient | None = None,
    runs: RunGuard | None = None,
    member_runs: dict[str, RunGuard] | None = None,
    next_morning_run: Callable[[], str] | None = None,
) -> App:
    """The Bolt app with every listener; `refresh` is what /jobpicks refresh runs in the background for
    the channel digest, `refresh_person` what it runs for a member's own picks (their context given)."""
    client = client or slack_client(ctx.settings)
    check_token(client)
    app = App(
        client=client,
        # Passed explicitly (even empty) so Bolt does not read the environment itself.
        signing_secret=ctx.settings.slack_signing_secret or "",
        # check_token already asked Slack who we are, with an error a person can act on.
        token_verification_enabled=False,
        # Bolt's default pool has 5 threads; listeners that call Slack after acking would queue acks.
        listener_executor=ThreadPoolExecutor(max_workers=32, thread_name_prefix="jobpicks-listener"),
        name="jobpicks",
    )
    provided = Services(
        ctx=ctx,
        runs=runs or RunGuard(ctx.store, ctx.destination),
        refresh=refresh or pipeline_run(ctx, "refresh"),
        refresh_person=refresh_person or (lambda person_ctx: pipeline_run(person_ctx, "refresh")),
        next_morning_run=next_morning_run,
        _guards=member_runs if member_runs is not None else {},
    )

    @app.middleware
    def provide_services(context: BoltContext, next: Callable[[], None]) -> None:  # Bolt injects by name
        context[KEY] = provided
        next()

    app.error(tell_the_person)
    register_listeners(app)
    return app


def check_token(client: WebClient) -> None:
    """Ask Slack who the bot is; one line naming the fix when the token or the URL is wrong."""
    try:
        client.auth_test()
    except SlackApiError as exc:
        message, hint = explain_slack_error(str(exc.response.get("error", "unknown_error")), "")
        raise ConfigError(message, hint) from exc
    except (SlackClientError, URLError, OSError) as exc:
        raise SlackDeliveryError(
            f"Slack could not be reached at {client.base_url} ({exc})",
            "check the network, or SLACK_API_URL if you set it",
        ) from exc


def serve(ctx: AppContext, *, http: bool, port: int, config_path: str | None = None) -> None:
    """Serve Slack until stopped, and start each digest of the workspace when it is due: the channel's
    and every member's, each at its own time, as jobs in this process or on RQ (`JOBPICKS_QUEUE`)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = ctx.settings
    socket_mode = connection_mode(settings, http=http) == "socket"
    runs = RunGuard(ctx.store, ctx.destination)
    member_runs: dict[str, RunGuard] = {}
    # A deploy restarts the process with SIGTERM: a run posting then finishes its message in flight,
    # records it, releases the lock and stops; the next run finishes its digest.
    stop = StopRequest()
    jobs = morning_jobs(ctx, stop, config_path)
    scheduler = WorkspaceScheduler(due=lambda now: due_audiences(ctx, now), dispatch=jobs.dispatch)
    app = build_app(
        ctx,
        pipeline_run(ctx, "refresh", stop),
        refresh_person=lambda person_ctx: pipeline_run(person_ctx, "refresh", stop),
        runs=runs,
        member_runs=member_runs,
        next_morning_run=lambda: next_digest(ctx),
    )
    scheduler.start()
    log.info("morning digests: the channel's next is %s; members' at their own times", next_digest(ctx))
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        if socket_mode:
            from slack_bolt.adapter.socket_mode import SocketModeHandler

            log.info("connecting to Slack in Socket Mode")
            SocketModeHandler(app, settings.slack_app_token).start()
        else:
            import uvicorn

            from bot.slack.http import EVENTS_PATH, asgi_app

            log.info("serving Slack's requests at http://0.0.0.0:%d%s", port, EVENTS_PATH)
            uvicorn.run(
                asgi_app(app, settings.slack_signing_secret or ""),
                host="0.0.0.0",
                port=port,
                log_level="info",
                proxy_headers=True,
            )
    finally:
        signal.signal(signal.SIGTERM, previous)
        stop.request("the server is shutting down")
        scheduler.stop()
        deadline = time.monotonic() + SHUTDOWN_SECONDS
        idle = jobs.close(SHUTDOWN_SECONDS)
        for guard in [runs, *member_runs.values()]:
            idle = guard.wait_idle(max(0.0, deadline - time.monotonic())) and idle
        if not idle:
            log.warning("a run was still posting at shutdown; the next run finishes its digest")


def morning_jobs(ctx: AppContext, stop: StopRequest, config_path: str | None) -> InProcess | RQDispatch:
    """Where the morning's digests run: on RQ's workers with JOBPICKS_QUEUE=rq, else in this process."""
    if ctx.settings.jobpicks_queue == "rq":
        from bot.morning_queue import RQDispatch

        return RQDispatch(ctx, config_path)
    return InProcess(ctx, slack_delivery, ctx.config.digest.workers, stop)


# A platform gives a stopping process some seconds before SIGKILL (Heroku's dyno manager, 30 s:
# devcenter.heroku.com/articles/dynos#shutdown). A run needs only to finish its message in flight,
# record it and release its lock; one still collecting stops at once.
SHUTDOWN_SECONDS = 20.0


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    # Socket Mode blocks the main thread for good; SIGTERM's default would end the process before any
    # run could stop cleanly. uvicorn (HTTP mode) handles SIGTERM itself and returns.
    raise SystemExit(128 + signum)


def connection_mode(settings: Settings, *, http: bool) -> str:
    """ "socket" when an app-level token is set and HTTP was not asked for; else "http", which needs the
    signing secret: without it no request could be verified."""
    if settings.slack_app_token and not http:
        return "socket"
    if not settings.slack_signing_secret:
        raise ConfigError(
            "SLACK_SIGNING_SECRET is not set, so Slack's requests cannot be verified",
            "copy the Signing Secret from your app's Basic Information page, or set SLACK_APP_TOKEN to use Socket Mode",
        )
    return "http"
