"""Sources as a person configures them: known names, each source's own `options`, checked when the file loads."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import load_config
from bot.errors import ConfigError
from scrapers import registry
from scrapers.collect import collect
from scrapers.config import SearchSpec, SourceConfig
from tests.fake_sites import FakeSite, Reply, Seen, saved

ML_INTERN = SearchSpec(keywords="machine learning intern", location="United States")


@pytest.fixture
def site() -> Iterator[FakeSite]:
    with FakeSite() as fake:
        yield fake


def source_settings(tmp_path: Path, name: str, site: FakeSite, table: str) -> SourceConfig:
    """`[sources.<name>]` as a person writes it, pointed at `site` and loaded as every command loads it."""
    path = tmp_path / "jobpicks.toml"
    path.write_text(f'[sources.{name}]\nbase_url = "{site.url}"\ndelay = 0\n{table}\n')
    return load_config(path).source(name)


def config_error(tmp_path: Path, text: str) -> str:
    path = tmp_path / "jobpicks.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    message = str(raised.value)
    assert "\n" not in message, "one line"
    return message


@pytest.mark.parametrize(
    ("table", "named", "expected"),
    [
        ('[sources.indeed]\noptions = { mode = "apii" }', "sources.indeed.options.mode", "'api' or 'html'"),
        (
            "[sources.indeed]\noptions = { radius_miles = -5 }",
            "sources.indeed.options.radius_miles",
            "greater than or equal to 0",
        ),
        ('[sources.indeed]\noptions = { country = "u.k." }', "sources.indeed.options.country", "such as 'us'"),
        ('[sources.indeed]\noptions = { mode = "api" }', "sources.indeed.options:", "needs the app's key"),
        ('[sources.lever]\noptions = { names = ["Palantir"] }', "sources.lever.options.names", "dictionary"),
        ('[sources.ashby]\noptions = { name = { a = "A" } }', "sources.ashby.options.name", "unknown key"),
        ('[sources.linkedin]\noptions = { country = "us" }', "sources.linkedin.options.country", "unknown key"),
    ],
)
def test_a_bad_source_option_fails_at_load_naming_the_key_and_what_was_expected(
    tmp_path: Path, table: str, named: str, expected: str
) -> None:
    message = config_error(tmp_path, table)
    assert named in message and expected in message


def test_an_unknown_source_is_named_with_the_sources_that_exist(tmp_path: Path) -> None:
    message = config_error(tmp_path, "[sources.greenhouse]\n[sources.linkdin]\nenabled = true\n")
    assert "unknown source 'linkdin'; known: linkedin, indeed, greenhouse, lever, ashby, simplify" in message


def test_the_sources_run_in_one_order_whatever_order_the_file_lists_them(tmp_path: Path) -> None:
    path = tmp_path / "jobpicks.toml"
    path.write_text("".join(f"[sources.{name}]\n" for name in reversed(registry.NAMES)))
    assert load_config(path).enabled_sources == list(registry.NAMES)


async def test_the_indeed_options_a_person_writes_reach_indeed(tmp_path: Path, site: FakeSite) -> None:
    options = 'options = { country = "UK", api_key = "app-key", radius_miles = 10, locale = "en-GB" }'
    cfg = source_settings(tmp_path, "indeed", site, options)

    def graphql(seen: Seen) -> Reply:
        page = 2 if "CURSOR-2" in json.loads(seen.body)["query"] else 1
        return Reply(saved(f"indeed/graphql_page{page}.json"))

    site.route("/graphql", graphql)
    result = await collect([ML_INTERN], {"indeed": cfg})
    asked = site.hits("/graphql")[0]
    assert asked.headers["indeed-co"] == "UK" and asked.headers["indeed-locale"] == "en-GB"
    assert asked.headers["indeed-api-key"] == "app-key"
    assert "radius: 10" in json.loads(asked.body)["query"]
    assert result.postings and all(p.url.startswith("https://uk.indeed.com/viewjob?jk=") for p in result.postings)


async def test_a_lever_site_shows_the_company_name_given_in_options(tmp_path: Path, site: FakeSite) -> None:
    table = 'companies = ["palantir"]\noptions.names = { palantir = "Palantir Technologies" }'
    cfg = source_settings(tmp_path, "lever", site, table)
    site.route("/v0/postings/palantir", Reply(saved("lever/postings.json")))
    result = await collect([], {"lever": cfg})
    assert result.postings and {p.company for p in result.postings} == {"Palantir Technologies"}


async def test_settings_built_in_code_with_a_bad_option_cost_only_that_source(site: FakeSite) -> None:
    site.route("/v1/boards/stripe/jobs", Reply(saved("greenhouse/jobs.json")))
    sources = {
        "indeed": SourceConfig(base_url=site.url, delay=0, options={"mode": "apii"}),
        "greenhouse": SourceConfig(base_url=site.url, delay=0, companies=["stripe"]),
        "monster": SourceConfig(base_url=site.url),
    }
    result = await collect([ML_INTERN], sources)
    errors = {r.source: r.error for r in result.reports}
    assert errors["indeed"] and errors["indeed"].startswith("sources.indeed.options.mode:")
    assert errors["monster"] and "unknown source 'monster'; known: linkedin" in errors["monster"]
    assert errors["greenhouse"] is None and len(result.postings) == 3
    assert [r.path for r in site.requests] == ["/v1/boards/stripe/jobs"], "the sources that cannot run ask nothing"


def test_a_link_of_a_sources_own_maps_to_its_key_and_any_other_to_the_link() -> None:
    assert registry.posting_key_from_url("https://www.linkedin.com/jobs/view/ml-intern-at-acme-4273280546?trk=x") == (
        "linkedin:4273280546"
    )
    assert registry.posting_key_from_url("https://uk.indeed.com/viewjob?jk=5F2B8C1D9E0A7B36") == (
        "indeed:5f2b8c1d9e0a7b36"
    )
    assert registry.posting_key_from_url("https://stripe.com/jobs/search?gh_jid=7012345") == "greenhouse:7012345"
    assert registry.posting_key_from_url("https://careers.acme.com/jobs/42?utm_source=x") == (
        "url:https://careers.acme.com/jobs/42"
    )
