"""`corridor suggest-claims`: candidates from the sentences that name what the data tracks, each quote verbatim,
subjects only what the text names, event dates only where the sentence writes one, ids no record uses."""

from __future__ import annotations

import pytest
import yaml

from corridor.atlas.load import load_atlas
from corridor.curate.suggest import amount, event_date, passages, suggest_claims, used_ids


@pytest.mark.parametrize("source_id", ["000_22cb328290fae5cb", "001_c926c80320afb655", "002_cd5f8a68b4b3e00c",
                                       "003_fba5e8936d1eb623", "004_b51f9af0961c45b9"])  # fmt: skip
def test_every_suggested_quote_is_verbatim_at_its_span_and_ids_are_new(atlas, source_id):
    source = atlas.sources[source_id]
    text = atlas.seed_texts[source.file]
    draft = suggest_claims(atlas, source_id)
    assert draft["claims"]
    ids = [claim["id"] for claim in draft["claims"]]
    assert len(set(ids)) == len(ids) and not set(ids) & used_ids(atlas)
    for claim in draft["claims"]:
        start, end = claim["span"]
        assert text[start:end] == claim["quote"] and claim["quote"] in text
        assert claim["why"] and claim["keep"] is False
        assert claim["report_date"] == (source.date.isoformat() if source.date else None)
    assert draft["report_date"] == (source.date.isoformat() if source.date else None)


def test_subjects_are_only_what_the_sentence_or_article_names(atlas):
    draft = suggest_claims(atlas, "003_fba5e8936d1eb623")
    for claim in draft["claims"]:
        for subject in claim["subjects"]:
            assert (
                subject in atlas.corridors
                or subject in atlas.places
                or subject in atlas.topics
                or (subject in atlas.segments)
            )
    chaman = next(c for c in draft["claims"] if "border" in c["quote"] and "Chaman" in c["quote"])
    assert "chaman" in chaman["subjects"]


def test_short_follow_up_sentences_join_the_sentence_before_them():
    text = "The minister met his counterpart in Kabul on Monday to discuss the railway. He accepted.\nNew line."
    assert [p.text for p in passages(text)] == [
        "The minister met his counterpart in Kabul on Monday to discuss the railway. He accepted.",
        "New line.",
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("a line valued at $7 billion", (7e9, "USD")),
        ("trade of approximately one billion dollars last year", (1e9, "USD")),
        ("the 573-km line", (573.0, "km")),
        ("$500 million now and $7 billion later", None),
    ],
)
def test_one_amount_of_money_or_length_is_read_with_its_unit(sentence, expected):
    assert amount(sentence) == expected


def test_an_event_date_only_where_the_sentence_writes_a_calendar_date():
    assert event_date("to arrive in Pakistan on February 3, 2026, to sign") is not None
    assert event_date("On Monday the two met") is None
    assert event_date("signed in July 2025") is None


def test_a_dateline_is_never_suggested_as_the_event_date(curate, data_copy, tmp_path):
    path = tmp_path / "dated.txt"
    path.write_text("Officials met in Herat on January 5, 2026 to discuss the railway.\n", encoding="utf-8")
    assert curate("add-article", str(path), "--title", "T", "--date", "2026-01-05", "--dateline").exit_code == 0
    atlas = load_atlas(data_copy)
    source_id = next(s for s in atlas.sources if s.startswith("005_"))
    (claim,) = suggest_claims(atlas, source_id)["claims"]
    assert claim["date"] is None and "dateline" in claim["date_note"]


def test_the_command_writes_a_yaml_draft_that_reads_back_the_same(curate, data_copy, article, tmp_path):
    assert curate("add-article", str(article), "--title", "Survey", "--date", "2026-03-03").exit_code == 0
    draft_path = tmp_path / "draft.yaml"
    atlas = load_atlas(data_copy)
    source_id = next(s for s in atlas.sources if s.startswith("005_"))
    result = curate("suggest-claims", source_id, "-o", str(draft_path))
    assert result.exit_code == 0, result.output
    assert f"corridor accept-claims {draft_path}" in result.output
    text = draft_path.read_text(encoding="utf-8")
    assert text.startswith("# Candidate claims from ")
    assert yaml.safe_load(text) == suggest_claims(atlas, source_id)
    again = curate("suggest-claims", source_id, "-o", str(draft_path))
    assert again.exit_code == 1 and "may hold your edits" in again.output
    unknown = curate("suggest-claims", "nothing-here")
    assert unknown.exit_code == 2 and "no article 'nothing-here'" in unknown.output


def test_drafts_and_review_pages_are_named_after_the_article_unless_told(curate, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert curate("suggest-claims", "004_b51f9af0961c45b9").exit_code == 0
    draft = tmp_path / "004_b51f9af0961c45b9.claims.yaml"
    draft.write_text(draft.read_text(encoding="utf-8") + "# my edits\n", encoding="utf-8")
    assert curate("suggest-claims", "004_b51f9af0961c45b9").exit_code == 1
    assert draft.read_text(encoding="utf-8").endswith("# my edits\n")
    assert curate("suggest-claims", "004_b51f9af0961c45b9", "--force").exit_code == 0
    assert not draft.read_text(encoding="utf-8").endswith("# my edits\n")
    assert curate("review-claims", "004_b51f9af0961c45b9").exit_code == 0
    assert (tmp_path / "004_b51f9af0961c45b9.review.html").is_file()
