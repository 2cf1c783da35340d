"""`corridor review-claims`: one local HTML page with the article, its candidate and taken quotes highlighted, and
what the full validation says with the kept candidates added; no script, every text escaped."""

from __future__ import annotations

import yaml

from corridor.atlas.load import load_atlas
from tests.conftest import HOSTILE_TEXT


def test_the_page_marks_candidates_and_taken_claims_of_a_seed_article(curate, tmp_path, atlas):
    output = tmp_path / "review.html"
    result = curate("review-claims", "002_cd5f8a68b4b3e00c", "-o", str(output))
    assert result.exit_code == 0, result.output
    page = output.read_text(encoding="utf-8")
    assert "<script" not in page and "Content-Security-Policy" in page and "default-src &#39;none&#39;" in page
    assert '<mark class="candidate taken"' in page
    for fact in atlas.index.facts_by_seed["002_cd5f8a68b4b3e00c.txt"]:
        assert f"<code>{fact.id}</code>" in page
    assert "The data validates with the kept claims added." in page


def test_the_page_says_what_validation_finds_in_the_kept_claims(curate, data_copy, article, tmp_path):
    assert curate("add-article", str(article), "--title", "Survey", "--date", "2026-03-03").exit_code == 0
    source_id = next(s for s in load_atlas(data_copy).sources if s.startswith("005_"))
    draft_path = tmp_path / "draft.yaml"
    assert curate("suggest-claims", source_id, "-o", str(draft_path)).exit_code == 0
    draft = yaml.safe_load(draft_path.read_text(encoding="utf-8"))
    draft["claims"][0]["keep"] = True
    draft["claims"][0]["quote"] = "not in the article"
    draft_path.write_text(yaml.safe_dump(draft, allow_unicode=True), encoding="utf-8")
    output = tmp_path / "review.html"
    result = curate("review-claims", source_id, "--draft", str(draft_path), "-o", str(output))
    assert result.exit_code == 0, result.output
    page = output.read_text(encoding="utf-8")
    claim_id = draft["claims"][0]["id"]
    assert f"facts.json: {claim_id}: quote: not found verbatim" in page
    assert "The quote is not in the article." in page
    assert f"sources.json: {source_id}: file: no fact cites this seed" not in page  # the kept claim would cite it
    assert '<mark class="candidate"' in page


def test_article_and_draft_text_are_escaped(curate, data_copy, tmp_path):
    path = tmp_path / "hostile.txt"
    path.write_text(f"Herat railway news. {HOSTILE_TEXT}\n", encoding="utf-8")
    assert curate("add-article", str(path), "--title", HOSTILE_TEXT, "--date", "undated").exit_code == 0
    source_id = next(s for s in load_atlas(data_copy).sources if s.startswith("005_"))
    output = tmp_path / "review.html"
    assert curate("review-claims", source_id, "-o", str(output), "--keep", "nothing").exit_code == 0
    page = output.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "sources.json: " + source_id + ": file: no fact cites this seed" in page


def test_a_draft_for_another_article_is_refused(curate, tmp_path):
    draft = tmp_path / "draft.yaml"
    draft.write_text("article: 000_22cb328290fae5cb\nclaims: []\n", encoding="utf-8")
    result = curate("review-claims", "001_c926c80320afb655", "--draft", str(draft))
    assert result.exit_code == 1 and "is a draft for '000_22cb328290fae5cb'" in result.output
