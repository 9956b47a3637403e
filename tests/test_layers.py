"""Data moves one way, scrapers → scoring → bot, and a run does not need Slack.

Read from the source, not from what happens to be imported at run time: an import inside a function
counts as much as one at the top, since the function may run.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("scrapers", "scoring", "bot")
SLACK = ("bot.slack", "slack_sdk", "slack_bolt")


def _module_file(name: str) -> Path | None:
    path = ROOT.joinpath(*name.split("."))
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def imports_of(name: str) -> set[str]:
    """Every module `name`'s source imports, anywhere in it; `from a import b` names a.b too."""
    path = _module_file(name)
    assert path is not None, name
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    if path.name == "__init__.py" or "." in name:
        # A module's parent packages run first when it is imported.
        parts = name.split(".")
        found.update(".".join(parts[:i]) for i in range(1, len(parts)))
    return {m for m in found if m.split(".")[0] not in PACKAGES or _module_file(m) is not None}


def reachable(start: str) -> set[str]:
    """`start` and every module it imports, directly or through our own modules."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        if name.split(".")[0] in PACKAGES:
            todo.extend(imports_of(name))
    return seen


def _under(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def test_a_run_never_imports_slack_the_caller_chooses_the_delivery() -> None:
    slack = sorted(m for m in reachable("bot.pipeline") if _under(m, SLACK))
    assert slack == [], "bot.pipeline reaches Slack through these imports"


def test_the_slack_app_still_reaches_slack() -> None:
    # The check above would pass on a graph that saw no imports at all.
    assert "slack_bolt" in reachable("bot.slack.app")


def test_scrapers_import_nothing_above_them_and_scoring_nothing_of_the_bot() -> None:
    for package, above in (("scrapers", ("scoring", "bot")), ("scoring", ("bot",))):
        for path in sorted((ROOT / package).rglob("*.py")):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            upward = sorted(m for m in imports_of(name) if _under(m, above))
            assert upward == [], f"{name} imports {upward}"
