"""Profile edits over the file's [profile]: what a run uses, what is kept, what the editor shows."""

from __future__ import annotations

import pytest

from bot.cli import main
from bot.profile_edits import apply_edits, describe_changes, effective_profile, overrides
from bot.slack.profile_modal import profile_modal, split_items, submitted_edits
from bot.store import Store
from scoring.profile import Profile
from tests.fake_slack import submitted_state, view_errors
from tests.test_doctor import setup  # noqa: F401 - the fixture

FILE = Profile(name="alex", roles=["ml engineer intern"], skills=["pytorch"], locations=["Seattle, WA"])


def test_a_run_uses_the_slack_edits_over_the_file_but_never_another_name() -> None:
    used = effective_profile(FILE, {"skills": ["rust"], "name": "mallory", "retired_field": 1})
    assert (used.name, used.skills, used.roles) == ("alex", ["rust"], ["ml engineer intern"])
    assert used.version != FILE.version, "an edit changes the score-cache key"
    assert effective_profile(FILE, None) == FILE and effective_profile(FILE, {}) == FILE


def test_a_saved_value_the_profile_no_longer_accepts_falls_back_to_the_file_and_keeps_the_rest() -> None:
    used = effective_profile(FILE, {"max_age_days": 900, "skills": ["rust"]})
    assert (used.max_age_days, used.skills) == (14, ["rust"])


def test_only_what_differs_from_the_file_is_kept_and_the_change_is_one_line() -> None:
    edited = apply_edits(
        FILE,
        {"skills": ["pytorch", "rust"], "needs_visa_sponsorship": True, "summary": "New grad.", "max_age_days": "7"},
    )
    assert overrides(FILE, edited) == {
        "summary": "New grad.",
        "skills": ["pytorch", "rust"],
        "needs_visa_sponsorship": True,
        "max_age_days": 7,
    }
    line = describe_changes(FILE, edited)
    assert line == ("summary rewritten; skills + rust; needs visa sponsorship: yes; maximum posting age 14 → 7 days")
    assert overrides(FILE, apply_edits(FILE, {"skills": ["pytorch"]})) == {}


def test_places_keep_their_commas_other_lists_split_on_them() -> None:
    assert split_items("Seattle, WA\n\n Remote ;New York, NY", places=True) == ["Seattle, WA", "Remote", "New York, NY"]
    assert split_items("python, Rust\nsql,,") == ["python", "Rust", "sql"]


def test_a_summary_too_long_for_a_slack_text_box_is_left_out_of_the_editor_and_kept() -> None:
    resume = "Built recommender systems. " * 200  # 5400 characters: more than a text box holds
    profile = FILE.model_copy(update={"summary": resume})
    view = profile_modal(profile, metadata={"response_url": "https://hooks.slack.com/actions/T/1/x"})
    assert view_errors(view) == []
    assert "summary" not in [b.get("block_id") for b in view["blocks"]]
    assert any(
        "Summary is 5400 characters" in b["elements"][0]["text"] for b in view["blocks"] if b["type"] == "context"
    )
    saved = apply_edits(profile, submitted_edits(submitted_state(view, {"skills": "rust"})))
    assert saved.summary == resume and saved.skills == ["rust"]


def test_a_full_profile_makes_a_modal_slack_accepts() -> None:
    full = Profile(
        name="a" * 200,
        summary="s" * 3000,
        roles=[f"role {i}" for i in range(200)],
        skills=["x" * 40] * 3,  # repeats too locations=["Paris, France"], avoid_companies=["Acme, Inc."],
        remote_ok=False,
        needs_visa_sponsorship=True,
        max_age_days=365,
    )
    view = profile_modal(full, metadata={"response_url": "u" * 4000}, beneath="`[profile]` in `&lt;jobpicks&gt;.toml`")
    assert view_errors(view) == [], "title, blocks, lengths within Slack's limits"
    assert view["private_metadata"] == "{}", "an over-long metadata is dropped, not cut into bad JSON"
    assert apply_edits(full, submitted_edits(submitted_state(view))) == full, "an untouched Save changes nothing"


def test_doctor_says_when_slack_edits_override_the_file(
    setup,  # noqa: F811
    store: Store,
    capsys: pytest.CaptureFixture[str],
) -> None:
    store.profiles.save("me", {"skills": ["rust"]})
    assert main(["doctor"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "Profile edited in Slack (skills) overrides [profile] in the config file" in out
