"""The digest on a terminal: what a first run shows before Slack is set up."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from bot.digest import Delivered, Digest, Journal
from scoring.bands import band_of


def print_digest(digest: Digest, console: Console) -> None:
    day = digest.day.strftime("%a %d %b %Y")
    console.rule(f"[bold]Daily job picks · {day}[/]")
    s = digest.stats
    sources = ", ".join(f"{x.source} {x.found}" + (" (failed)" if x.error else "") for x in s.sources)
    console.print(f"[dim]{s.collected} found ({sources or 'no sources'}), {s.new} new, {s.scored} scored[/]")
    if digest.is_empty:
        console.print(f"\nNothing new today: {escape(digest.why_empty())}.")
        return
    for rank, pick in enumerate(digest.picks, 1):
        p = pick.posting
        where = f" · {escape(p.location)}" if p.location else ""
        via = f" · via {escape(p.via)}" if p.via else ""
        console.print(
            f"\n[{band_of(pick.score).style}]{pick.score:>3}[/] {rank}. [bold link={p.url}]{escape(p.title)}[/]"
            f"\n     {escape(p.company)}{where} · {p.source}{via}",
            # The score's colour is its band's; rich's number highlighting would paint over it.
            highlight=False,
        )
        console.print(f"     [italic]{escape(pick.reason)}[/]", highlight=False)
        if pick.taste_line:
            console.print(f"     [cyan]{escape(pick.taste_line)}[/]", highlight=False)
        if pick.summary:
            console.print(f"     {escape(pick.summary)}", highlight=False)
        console.print(f"     [blue]{escape(p.url)}[/]", highlight=False)


class TerminalDelivery:
    """Prints the digest; counts as delivered, so the picks are remembered as shown."""

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console()

    def __call__(self, digest: Digest, journal: Journal | None = None) -> Delivered:
        # Printed in one go: there is no message in flight to record, and a run cut off while printing
        # prints the whole digest again next time.
        print_digest(digest, self.console)
        return Delivered(channel="terminal")
