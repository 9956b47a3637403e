"""`jobpicks doctor`: check each thing a run depends on, through its real client, and say how to fix it."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bot.config import AppConfig, Settings, config_source, find_config, load_settings
from bot.config_warnings import config_warnings
from bot.errors import JobpicksError
from bot.profile_edits import effective_profile, override_note
from bot.store import Store, connect


@dataclass(slots=True)
class Check:
    name: str
    ok: bool | None  # None: works, but not as well as it could (a warning)
    detail: str
    fix: str = ""


def run_doctor(config_arg: str | None, console: Console) -> int:
    checks: list[Check] = []
    try:
        settings = load_settings()
    except JobpicksError as exc:
        checks.append(Check("environment", False, exc.message, exc.hint))
        return _report(checks, console)
    config = _check_config(config_arg, settings, checks)
    saved = _check_redis(settings, config, checks)
    if config is not None:
        profile = effective_profile(config.profile, saved)
        checks += [Check(w.topic, None, w.message, w.hint) for w in config_warnings(config, profile)]
    _check_slack(settings, config, checks)
    _check_llm(settings, checks)
    if config is not None:
        _check_sources(config, checks)
    return _report(checks, console)


def _check_config(arg: str | None, settings: Settings, checks: list[Check]) -> AppConfig | None:
    path, _ = config_source(arg, settings)
    try:
        config = find_config(arg, settings)
    except JobpicksError as exc:
        checks.append(Check("config", False, exc.message, exc.hint))
        return None
    if config.is_example:
        checks.append(
            Check(
                "config",
                None,
                f"{path} not found; using the bundled example",
                "run `jobpicks init` and edit your profile",
            )
        )
    else:
        checks.append(
            Check(
                "config",
                True,
                f"{path}: {len(config.search)} searches, sources {', '.join(config.enabled_sources) or 'none'}",
            )
        )
    return config


def _check_redis(settings: Settings, config: AppConfig | None, checks: list[Check]) -> dict | None:
    """Checks Redis; the profile edits saved there, if any."""
    try:
        client = connect(settings.redis_url, settings.jobpicks_data_dir)
        version = client.info("server").get("redis_version", "?")
        saved = (
            Store(client, settings.jobpicks_redis_prefix).profiles.saved(config.profile.name)
            if config is not None
            else None
        )
    except JobpicksError as exc:
        checks.append(Check("redis", False, exc.message, exc.hint))
        return None
    where = "REDIS_URL" if settings.redis_url else f"embedded, in {settings.jobpicks_data_dir}"
    checks.append(Check("redis", True, f"Redis {version} ({where})"))
    note = override_note(saved)
    if note:
        # Not a problem, but the file alone no longer tells what the picks are scored against.
        checks.append(Check("profile", True, note))
    return saved


def _check_slack(settings: Settings, config: AppConfig | None, checks: list[Check]) -> None:
    if not settings.slack_bot_token:
        checks.append(
            Check(
                "slack",
                None,
                "SLACK_BOT_TOKEN not set: digests print to the terminal",
                "create the app from manifest.yml and set SLACK_BOT_TOKEN (see README)",
            )
        )
        return
    from slack_sdk import WebClient
    from slack_sdk.errors import SlackApiError

    try:
        auth = WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url, timeout=10).auth_test()
        checks.append(Check("slack", True, f"bot {auth.get('user')} in team {auth.get('team')}"))
    except SlackApiError as exc:
        checks.append(
            Check(
                "slack",
                False,
                f"auth.test refused: {exc.response.get('error')}",
                "reinstall the app and copy the new Bot User OAuth Token",
            )
        )
    except Exception as exc:  # network errors come in several types; each is the same advice
        checks.append(
            Check(
                "slack",
                False,
                f"Slack API at {settings.slack_api_url} unreachable ({exc})",
                "check the network or SLACK_API_URL",
            )
        )
    if not settings.slack_app_token and not settings.slack_signing_secret:
        checks.append(
            Check(
                "slack serve",
                None,
                "neither SLACK_APP_TOKEN nor SLACK_SIGNING_SECRET set",
                "set SLACK_APP_TOKEN for Socket Mode, or SLACK_SIGNING_SECRET for HTTP mode",
            )
        )
    if config is not None and not config.digest.destination:
        checks.append(
            Check(
                "destination",
                False,
                "[digest] destination is empty",
                "set it to a channel (#job-picks) or your user id",
            )
        )


def _check_llm(settings: Settings, checks: list[Check]) -> None:
    if not settings.llm_configured:
        checks.append(
            Check(
                "llm",
                None,
                "no OPENAI_API_KEY or OPENAI_BASE_URL: the local scorer ranks picks",
                "set OPENAI_API_KEY (or OPENAI_BASE_URL for a local server) for LLM scores",
            )
        )
        return
    import openai

    client = openai.OpenAI(
        api_key=settings.openai_api_key or "unused", base_url=settings.openai_base_url, timeout=10, max_retries=0
    )
    try:
        models = [m.id for m in client.models.list()]
    except openai.AuthenticationError:
        checks.append(Check("llm", False, "the LLM server refused the API key", "check OPENAI_API_KEY"))
        return
    except openai.NotFoundError:
        # Some OpenAI-compatible servers have no /models; reaching them is what matters here.
        checks.append(Check("llm", True, f"server answers; model {settings.openai_model} (not listed)"))
        return
    except openai.APIStatusError as exc:
        checks.append(
            Check(
                "llm",
                None,
                f"server answers, but listing models gave HTTP {exc.status_code}",
                "if scoring fails too, check OPENAI_BASE_URL",
            )
        )
        return
    except openai.APIError as exc:
        checks.append(
            Check(
                "llm", False, f"LLM server unreachable ({type(exc).__name__})", "check OPENAI_BASE_URL and the network"
            )
        )
        return
    if models and settings.openai_model not in models:
        checks.append(
            Check(
                "llm",
                False,
                f"model {settings.openai_model} not offered by the server",
                f"set OPENAI_MODEL to one of: {', '.join(models[:5])}",
            )
        )
    else:
        checks.append(Check("llm", True, f"model {settings.openai_model}"))


def _check_sources(config: AppConfig, checks: list[Check]) -> None:
    from scrapers.registry import source_home

    with httpx.Client(timeout=8, follow_redirects=True) as client:
        for name in config.enabled_sources:
            url = source_home(name, config.source(name))
            try:
                response = client.get(url)
                fine = response.status_code < 500 and response.status_code != 429
                checks.append(
                    Check(
                        f"source {name}",
                        fine or None,
                        f"{url} answered {response.status_code}",
                        "" if fine else "the site is limiting us: raise its delay in the config",
                    )
                )
            except httpx.HTTPError as exc:
                checks.append(
                    Check(
                        f"source {name}",
                        False,
                        f"{url} unreachable ({type(exc).__name__})",
                        f"check the network, or set [sources.{name}] base_url / enabled = false",
                    )
                )


def _report(checks: list[Check], console: Console) -> int:
    table = Table(show_header=False, box=None, pad_edge=False)
    for c in checks:
        mark = "[green]ok[/]" if c.ok else ("[yellow]warn[/]" if c.ok is None else "[red]FAIL[/]")
        table.add_row(mark, f"[bold]{c.name}[/]", escape(c.detail) + (f"\n[dim]→ {escape(c.fix)}[/]" if c.fix else ""))
    console.print(table)
    failed = [c for c in checks if c.ok is False]
    console.print(f"{len(failed)} problem(s) found." if failed else "Everything needed works.")
    return 1 if failed else 0
