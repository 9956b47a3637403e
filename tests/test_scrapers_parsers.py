"""Parsers on saved real pages and API responses, plus the quirks each site has shown."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from scrapers import ashby, greenhouse, indeed, lever, linkedin, simplify
from scrapers.config import SearchSpec
from scrapers.places import split_location
from scrapers.registry import posting_key_from_url
from tests.fake_sites import saved

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def test_a_linkedin_search_page_gives_every_card_with_its_fields() -> None:
    parsed = linkedin.parse_search_page(saved("linkedin/search_tr_2026-09.html"))
    assert parsed.items == 10 and len(parsed.postings) == 10 and parsed.warnings == []
    first = parsed.postings[0]
    assert first.key == "linkedin:4468926411"
    assert first.title == "Mekanik Tasarım Mühendisi (USV/AUV)" and first.company == "D7 Technology"
    assert (first.city, first.country) == ("Istanbul", "Türkiye")
    # Cards marked "--new" carry their date the same way as older ones.
    assert first.posted_at == datetime(2026, 9, 23, tzinfo=UTC)
    assert "refId" not in first.url and "trackingId" not in first.url and "position" not in first.url
    assert posting_key_from_url(first.url) == first.key


def test_older_linkedin_markup_still_parses() -> None:
    parsed = linkedin.parse_search_page(saved("linkedin/search_il_2022.html"))
    assert [p.company for p in parsed.postings] == ["Connecteam", "inManage"]
    assert parsed.postings[0].region == "Tel Aviv District" and parsed.postings[0].country == "Israel"


def test_linkedin_card_quirks_are_repaired_or_reported() -> None:
    parsed = linkedin.parse_search_page(saved("linkedin/search_quirks.html"))
    acme, globex = parsed.postings
    assert acme.title == "Intern – Kubernetes Platform", "mojibake repaired, spaces collapsed"
    assert acme.salary == "$45/hr - $55/hr" and acme.region == "CA" and acme.country == "United States"
    assert acme.url == "https://www.linkedin.com/jobs/view/machine-learning-intern-at-acme-ai-4500000001"
    assert globex.key == "linkedin:4500000002" and globex.remote is True
    assert parsed.warnings == [
        "2 of 3 cards without data-entity-urn (id taken from the link instead)",
        "1 of 3 cards without data-entity-urn and job link (cards skipped)",
    ]


def test_an_empty_linkedin_page_ends_the_search_quietly() -> None:
    for body in ("", "<!DOCTYPE html>\n\n  "):
        parsed = linkedin.parse_search_page(body)
        assert parsed.items == 0 and parsed.postings == [] and parsed.warnings == []


def test_linkedin_search_parameters_follow_the_search() -> None:
    spec = SearchSpec(
        keywords="ml intern",
        location="Seattle, WA",
        hours=48,
        job_type=["internship", "full-time"],
        experience=["entry"],
        remote=["remote", "hybrid"],
    )
    params, unknown = linkedin.search_params(spec, start=25)
    assert params == {
        "keywords": "ml intern",
        "location": "Seattle, WA",
        "f_TPR": "r172800",
        "start": 25,
        "f_JT": "I,F",
        "f_E": "2",
        "f_WT": "2,3",
    }
    assert unknown == []
    _, unknown = linkedin.search_params(SearchSpec(keywords="x", job_type=["gig"]))
    assert len(unknown) == 1 and "'gig'" in unknown[0]


def test_a_linkedin_job_page_gives_description_and_criteria() -> None:
    fields, warnings = linkedin.parse_job_page(saved("linkedin/job_posting_atos.html"))
    assert warnings == []
    assert fields["seniority"] == "Not Applicable" and fields["employment_type"] == "Full-time"
    assert fields["job_function"] == "Engineering and Information Technology"
    assert fields["industries"].startswith("Computer and Network Security")
    assert "Atos Group is een wereldleider" in fields["description"]
    assert "Show more" not in fields["description"]
    fields, _ = linkedin.parse_job_page(saved("linkedin/job_view_jobdekho.html"))
    assert "What you'll do" in fields["description"] and "Write tests & review code" in fields["description"]


def test_a_french_linkedin_job_page_keeps_its_criteria() -> None:
    # fr.linkedin.com labels its criteria in French ("Niveau hiérarchique", "Type d’emploi", "Secteurs").
    fields, warnings = linkedin.parse_job_page(saved("linkedin/job_posting_fr_asobo.html"))
    assert warnings == []
    assert fields["seniority"] == "Non pertinent"
    assert fields["employment_type"] == "Stage / Alternance"
    assert fields["industries"] == "Jeux vidéo"
    assert fields["description"].strip().startswith("C’est quoi Asobo Studio ?")


def test_a_criteria_label_jobpicks_does_not_know_is_named_in_a_warning() -> None:
    # The same French page, as a language jobpicks has no labels for would show it.
    page = saved("linkedin/job_posting_fr_asobo.html").replace("Secteurs", "Sektörler")
    fields, warnings = linkedin.parse_job_page(page)
    assert "industries" not in fields and fields["seniority"] == "Non pertinent"
    assert len(warnings) == 1 and "'sektörler'" in warnings[0] and "'Jeux vidéo'" in warnings[0]


def test_indeed_pages_in_both_forms_are_keyed_by_jobkey() -> None:
    site = "https://www.indeed.com"
    mosaic = indeed.parse_search_page(saved("indeed/search_mosaic_b.html"), site, NOW)
    assert [p.key for p in mosaic.postings] == ["indeed:a1b2c3d4e5f60718", "indeed:f0e9d8c7b6a51423"]
    assert mosaic.postings[0].title == "Software Engineer II", "'title' wins over 'displayTitle'"
    assert mosaic.postings[1].title == "Warehouse Associate"
    assert mosaic.warnings == ["1 of 3 results without jobkey skipped"]
    assert mosaic.postings[0].remote is True
    snippet = indeed.parse_search_page(saved("indeed/search_mosaic_a.html"), site, NOW).postings[0]
    assert snippet.description == "Retail role with weekend focus" and snippet.salary == "24 CHF par heure"
    cards = indeed.parse_search_page(saved("indeed/search_cards.html"), site, NOW)
    assert [p.company for p in cards.postings] == ["Vertex Cloud Ltd", "Harborlane Analytics"]
    assert cards.postings[0].posted_at == datetime(2026, 11, 19, 12, 0, tzinfo=UTC)
    assert cards.postings[0].salary == "£38,000 - £45,000 a year"
    for posting in mosaic.postings + cards.postings:
        assert posting_key_from_url(posting.url) == posting.key


def test_an_indeed_page_without_results_in_any_known_form_is_a_warning() -> None:
    parsed = indeed.parse_search_page(
        "<html><body><h1>Verify you are human</h1></body></html>", "https://www.indeed.com", NOW
    )
    assert parsed.postings == [] and "mosaic-provider-jobcards" in parsed.warnings[0]


def test_greenhouse_content_is_unescaped_to_text() -> None:
    parsed = greenhouse.parse_board(json.loads(saved("greenhouse/board_acmeai.json")), "acmeai")
    first = parsed.postings[0]
    assert first.title == "Machine Learning Engineer Intern"
    assert first.description == ("About Acme & our mission\n\n• Train models in PyTorch\n\n• Ship to Kubernetes")
    assert first.url == "https://boards.greenhouse.io/acmeai/jobs/5550001"
    assert parsed.warnings == ["1 jobs without id or title skipped"]
    real = greenhouse.parse_board(json.loads(saved("greenhouse/jobs.json")), "stripe").postings
    assert [p.key for p in real] == ["greenhouse:7954688", "greenhouse:8023928", "greenhouse:8077887"]
    assert real[0].company == "Stripe" and real[0].city == "San Francisco"


def test_a_greenhouse_board_without_company_names_reads_like_lever_and_ashby() -> None:
    # Greenhouse responses before about 2023 carry no company_name (GitHub's board, 2018).
    data = json.loads(saved("greenhouse/board_github_2018.json"))
    github = greenhouse.parse_board(data, "github").postings
    assert [p.company for p in github] == ["Github", "Github"]
    named = greenhouse.parse_board(data, "github", "GitHub").postings
    assert {p.company for p in named} == {"GitHub"}, "options.names gives the proper name"
    assert github[0].description.startswith("GitHub helps companies")


def test_lever_and_ashby_postings_fill_the_shared_model() -> None:
    postings = lever.parse_postings(json.loads(saved("lever/postings.json")), "palantir", "Palantir").postings
    intern = postings[0]
    assert intern.key == "lever:774cf5c9-bf6a-4d77-bf60-d50ef1beb1a0"
    assert intern.employment_type == "Internship"
    assert intern.country == "France" and intern.posted_at.year == 2026
    assert "Palantir" in intern.description
    boards = ashby.parse_board(json.loads(saved("ashby/jobs.json")), "ramp", "Ramp").postings
    assert boards[0].title == "Software Engineer Internship, Android", "stray spaces trimmed"
    assert boards[0].employment_type == "Internship" and boards[0].remote is True
    assert boards[0].location == "New York, NY (HQ); San Francisco, CA" and boards[0].city == "New York"


def test_a_lever_description_is_what_the_job_page_shows_not_the_plain_copy() -> None:
    postings = lever.parse_postings(json.loads(saved("lever/postings.json")), "palantir", "Palantir").postings
    security = next(p for p in postings if p.key.endswith("0bbfd4f4-41ff-4ec6-b73f-5200efd5d4d3"))
    # This capture's HTML and plain copies disagree: the page's ends "…decisions and operations."
    assert "decisions and operations." in security.description and "our partne\n" not in security.description
    assert "Core Responsibilities\n• Provide administrative" in security.description, "lists are on the page"
    stale = lever.parse_postings(json.loads(saved("lever/stale_plain.json")), "palantir", "Palantir").postings[0]
    assert "$60,000 - $97,000/year" in stale.description and "$28/hour" not in stale.description


def test_simplify_keeps_active_visible_listings_with_sponsorship() -> None:
    parsed = simplify.parse_listings(json.loads(saved("simplify/listings.json")))
    assert parsed.items == 6 and len(parsed.postings) == 4
    etched = next(p for p in parsed.postings if p.company == "Etched.ai")
    assert etched.sponsorship == "Does Not Offer Sponsorship" and etched.key.startswith("simplify:")
    assert "Summer 2026" in etched.description


def test_simplify_warns_only_about_open_listings_it_cannot_use() -> None:
    # Closed and hidden entries without a link or title are dropped without a word; an open one is named.
    parsed = simplify.parse_listings(json.loads(saved("simplify/listings_closed_without_url.json")))
    assert {p.company for p in parsed.postings} == {"Palantir", "Marmon Holdings", "Etched.ai"}
    assert parsed.warnings == ["1 open listings without id, title or url skipped"]


def test_locations_split_without_tripping_on_the_unknown() -> None:
    assert split_location("San Francisco, CA") == split_location("San Francisco, CA, United States")
    assert split_location("Bengaluru, Karnataka, India").country == "India"
    assert split_location("London, England").country == "United Kingdom"
    tbilisi = split_location("Tbilisi, Samgori")
    assert (tbilisi.city, tbilisi.region, tbilisi.country) == ("Tbilisi", "Samgori", None)
    assert split_location("Narnia, Lantern Waste, Kingdom of Narnia").country == "Kingdom of Narnia"
    assert split_location("San Francisco Bay Area").city == "San Francisco"
    remote = split_location("Remote (US)")
    assert remote.remote and remote.city is None
    assert split_location("SF, NYC, SEA, CHI").country is None


def test_board_links_in_old_digests_map_to_the_keys_their_scrapers_give() -> None:
    import json

    from scrapers import ashby, greenhouse, lever

    boards = [
        greenhouse.parse_board(json.loads(saved("greenhouse/jobs.json")), "stripe"),
        greenhouse.parse_board(json.loads(saved("greenhouse/board_acmeai.json")), "acmeai"),
        lever.parse_postings(json.loads(saved("lever/postings.json")), "palantir", "Palantir"),
        ashby.parse_board(json.loads(saved("ashby/jobs.json")), "ramp", "Ramp"),
    ]
    postings = [p for parsed in boards for p in parsed.postings]
    assert len(postings) >= 10
    for posting in postings:
        assert posting_key_from_url(posting.url) == posting.key, posting.url
