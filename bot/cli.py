"""The `jobpicks` command.

Every failure a person can fix ends as one line on stderr (what failed, why, what to do) and a
non-zero exit; `--debug` shows the traceback as well.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import shutil
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from bot import __version__
from bot.config import EXAMPLE_CONFIG, load_settings
from bot.context import AppContext, open_context
from bot.digest import Deliver
from bot.errors import ConfigError, JobpicksError
from scoring import evaluate

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


def build_context(args: argparse.Namespace) -> AppContext:
    ctx = open_context(args.config)
    config = ctx.config
    if config.is_example:
        err.print(
            f"[yellow]No {ctx.settings.jobpicks_config} found: using the bundled example config "
            "(run `jobpicks init` to write your own).[/]"
        )
    user = getattr(args, "person", None)
    if user:
        from bot.people import person

        found = person(ctx, user)
        if found is None:
            raise ConfigError(
                f"{user} has no picks of their own",
                "list them in a [[person]] table of the config, or ask them to type /jobpicks start in Slack",
            )
        ctx = ctx.for_audience(found.audience(config))
    return ctx


def warn_about_config(ctx: AppContext) -> None:
    from bot.config_warnings import config_warnings
    from bot.profile_edits import effective_profile

    profile = effective_profile(ctx.file_profile, ctx.store.profiles.saved(ctx.profile_id))
    for warning in config_warnings(ctx.config, profile):
        err.print(f"[yellow]warning:[/] {escape(str(warning))}")


# -- commands ---------------------------------------------------------------------------------------


def cmd_run(args: argparse.Namespace) -> int:
    from bot.errors import RunInterrupted
    from bot.pipeline import run_pipeline
    from bot.progress import Progress
    from bot.stopping import stop_on_signals
    from bot.terminal import print_digest

    ctx = build_context(args)
    if args.everyone:
        return _run_everyone(ctx, args)
    warn_about_config(ctx)
    deliver = None if args.dry_run else choose_delivery(ctx)
    # SIGTERM (a deploy restarting) or Ctrl-C: the message in flight is finished and recorded, the lock
    # is released, and the next run finishes the digest.
    with Progress(err) as progress, stop_on_signals() as stop:
        try:
            outcome = asyncio.run(run_pipeline(ctx, deliver, kind=args.kind, progress=progress, stop=stop))
        except RunInterrupted as exc:
            if not stop.requested:
                raise
            err.print(f"[yellow]interrupted:[/] {escape(str(exc))}")
            return 128 + (signal.SIGINT if stop.reason == "SIGINT" else signal.SIGTERM)
    if outcome.resumed is not None:
        out.print(outcome.resumed.describe(), markup=False)
    if outcome.skipped:
        err.print(f"Skipped: {outcome.skipped}" + ("; try again when it finishes." if outcome.busy else "."))
        # Another run in progress means this one did not happen; a day already posted is done, not failed.
        return 1 if outcome.busy else 0
    if args.dry_run and outcome.digest is not None:
        if args.format == "markdown":
            from bot.digest_markdown import render_markdown

            out.print(render_markdown(outcome.digest), markup=False, highlight=False, soft_wrap=True)
        else:
            print_digest(outcome.digest, out)
    elif outcome.delivered is not None and outcome.digest is not None and outcome.delivered.channel != "terminal":
        out.print(
            f"Posted {len(outcome.digest.picks)} picks to {outcome.delivered.channel} "
            f"in {len(outcome.delivered.messages)} messages."
        )
    return 0


def _run_everyone(ctx: AppContext, args: argparse.Namespace) -> int:
    """Every digest of the workspace (the channel's and each member's), as the morning runs them:
    one collection for all, the digests a few at a time. Days already posted are left as they are."""
    from bot.deliveries import default_delivery
    from bot.morning import InProcess
    from bot.people import audiences
    from bot.stopping import stop_on_signals

    if args.dry_run or args.kind != "daily" or args.person:
        raise ConfigError("--everyone runs each digest's morning", "leave out --dry-run, --refresh and --person")
    everyone = audiences(ctx)
    err.print(f"Running {len(everyone)} digests, {ctx.config.digest.workers} at a time…")
    with stop_on_signals() as stop:
        jobs = InProcess(ctx, default_delivery(out, on_terminal=_say_printing), ctx.config.digest.workers, stop)
        for audience in everyone:
            jobs.dispatch(audience)
        jobs.wait()
    failed = 0
    for audience in everyone:
        line, ok = jobs.result(audience.destination)
        failed += not ok
        out.print(f"{audience.describe()}: {line}", markup=False)
    return 1 if failed else 0


def choose_delivery(ctx: AppContext) -> Deliver:
    """Slack when a bot token is set; otherwise the terminal, so a first run needs no setup."""
    from bot.deliveries import default_delivery

    return default_delivery(out, on_terminal=_say_printing)(ctx)


def _say_printing() -> None:
    err.print("[yellow]No SLACK_BOT_TOKEN: printing the digest here instead of posting to Slack.[/]")


def cmd_serve(args: argparse.Namespace) -> int:
    from bot.slack.app import serve

    ctx = build_context(args)
    serve(ctx, http=args.http, port=args.port, config_path=args.config)
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    from bot.morning_queue import work

    ctx = build_context(args)
    work(ctx, burst=args.burst)
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    settings = load_settings()
    target = Path(args.config) if args.config else settings.jobpicks_config
    if target.exists() and not args.force:
        raise ConfigError(f"{target} already exists", "edit it, or pass --force to overwrite it")
    shutil.copyfile(EXAMPLE_CONFIG, target)
    out.print(f"Wrote {target}: edit [profile], [[search]] and [digest], then run `jobpicks doctor`.")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from bot.status_text import status_text

    ctx = build_context(args)
    out.print(status_text(ctx), markup=False)
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from bot.doctor import run_doctor

    return run_doctor(args.config, out)


def cmd_feedback(args: argparse.Namespace) -> int:
    from bot.learning import learning, reset_note, reset_taste, undo_reset
    from scoring.feedback import describe_learned

    ctx = build_context(args)
    if args.reset:
        out.print(reset_taste(ctx) + " Undo with `jobpicks feedback --undo-reset`.", markup=False)
        return 0
    if args.undo_reset:
        out.print(undo_reset(ctx), markup=False)
        return 0
    scoring = ctx.config.scoring
    learned = learning(ctx)
    text = describe_learned(
        learned.votes,
        half_life_days=scoring.vote_half_life_days,
        min_votes=scoring.min_votes_for_summary,
        now=ctx.clock().timestamp(),
    )
    note = reset_note(learned)
    out.print(f"{text}\n{note}" if note else text, markup=False)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from bot.pipeline import llm_settings
    from scoring.evaluate import run

    return run(args, llm=llm_settings(load_settings()))


def cmd_import_history(args: argparse.Namespace) -> int:
    from bot.history_import import import_history

    ctx = build_context(args)
    report = import_history(
        [Path(p) for p in args.paths], ctx.store, ctx.destination, ttl_days=ctx.config.digest.seen_ttl_days
    )
    for line in report.lines():
        out.print(line, markup=False)
    return 0 if report.ok else 1


def cmd_history(args: argparse.Namespace) -> int:
    from bot.history_view import posting_history_text, recent_digests_text

    ctx = build_context(args)
    if args.posting:
        text = posting_history_text(ctx.store, ctx.destination, ctx.profile_id, args.posting)
    else:
        text = recent_digests_text(ctx.store, ctx.destination, args.limit)
    out.print(text, markup=False)
    return 0


# -- parsing ----------------------------------------------------------------------------------------


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="jobpicks", description="Daily ranked job picks in Slack.")
    p.add_argument("--version", action="version", version=f"jobpicks {__version__}")
    p.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    p.add_argument("--config", help="path of the TOML config (default: $JOBPICKS_CONFIG or ./jobpicks.toml)")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, func: Callable[[argparse.Namespace], int], help_: str) -> argparse.ArgumentParser:
        cmd = sub.add_parser(name, help=help_, description=help_)
        cmd.set_defaults(func=func)
        return cmd

    run = add("run", cmd_run, "collect, score and deliver today's picks once")
    run.add_argument("--dry-run", action="store_true", help="print the digest; change nothing stored")
    run.add_argument("--format", choices=["text", "markdown"], default="text", help="with --dry-run")
    run.add_argument(
        "--refresh",
        dest="kind",
        action="store_const",
        const="refresh",
        default="daily",
        help="post new picks even if today's digest went out already (like /jobpicks refresh)",
    )
    run.add_argument(
        "--everyone",
        action="store_true",
        help="every digest of the workspace (the channel's and each member's), sharing one collection",
    )

    serve = add("serve", cmd_serve, "run the Slack app (Socket Mode if SLACK_APP_TOKEN is set) and the schedule")
    serve.add_argument("--http", action="store_true", help="serve Slack's requests over HTTP at /slack/events")
    serve.add_argument("--port", type=int, default=3000)

    worker = add("worker", cmd_worker, "run the morning's digests queued on RQ (JOBPICKS_QUEUE=rq) until stopped")
    worker.add_argument("--burst", action="store_true", help="stop once the queue is empty")

    init = add("init", cmd_init, "write a starter jobpicks.toml to edit")
    init.add_argument("--force", action="store_true", help="overwrite an existing file")

    add("doctor", cmd_doctor, "check config, Redis, Slack, the LLM and each source")
    status = add("status", cmd_status, "the last run: per-source counts and failures, LLM usage")
    feedback = add("feedback", cmd_feedback, "what the scorer has learned from your votes")
    starting = feedback.add_mutually_exclusive_group()
    starting.add_argument(
        "--reset", action="store_true", help="learn afresh from the next votes on; every vote stays in the history"
    )
    starting.add_argument("--undo-reset", action="store_true", help="take back the last --reset (or Slack's button)")
    ev = add(
        "eval", cmd_eval, "rank correlation of the scorers on the labelled set, for several wordings of its profile"
    )
    evaluate.add_arguments(ev)

    imp = add("import-history", cmd_import_history, "import past markdown digests so their picks never repeat")
    imp.add_argument("paths", nargs="+", metavar="FILE_OR_FOLDER")

    hist = add("history", cmd_history, "recent digests, or when one posting was shown and how it was voted")
    hist.add_argument("--posting", metavar="URL")
    hist.add_argument("--limit", type=int, default=14)
    for command in (run, status, feedback, hist):
        command.add_argument(
            "--person", metavar="USER_ID", help="the picks of one member (U…) instead of the channel digest"
        )
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        return args.func(args)
    except JobpicksError as exc:
        if args.debug:
            raise
        err.print(f"[red]error:[/] {escape(str(exc))}")
        return 2
    except BrokenPipeError:
        # The reader went away (`jobpicks history | head`): not a failure. Point stdout at /dev/null so the
        # interpreter's own flush at exit does not fail again (Python docs, signal module, "Note on SIGPIPE").
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, what a shell reports for a command cut off by a closed pipe
    except Exception as exc:
        if args.debug:
            raise
        # A bug, not a setup problem: still one line, and the way to get the details.
        err.print(f"[red]error:[/] unexpected {type(exc).__name__}: {exc} — run again with --debug and report it")
        return 1
    except KeyboardInterrupt:
        err.print("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
