"""`corridor accept-claims`: kept claims merged into facts.json only when the whole data validates with them;
otherwise nothing is written and each problem names the claim and the field."""

from __future__ import annotations

import json

import yaml

from corridor.atlas.load import load_atlas
from corridor.atlas.reload import load_valid_data


def drafted(curate, data_copy, article, tmp_path):
    """Add the article and write its draft; returns the draft path and the draft."""
    assert curate("add-article", str(article), "--title", "Survey", "--date", "2026-03-03").exit_code == 0
    source_id = next(s for s in load_atlas(data_copy).sources if s.startswith("005_"))
    draft_path = tmp_path / "draft.yaml"
    assert curate("suggest-claims", source_id, "-o", str(draft_path)).exit_code == 0
    return draft_path, yaml.safe_load(draft_path.read_text(encoding="utf-8"))


def test_claims_marked_keep_are_added_and_the_data_then_validates(curate, data_copy, article, tmp_path):
    draft_path, draft = drafted(curate, data_copy, article, tmp_path)
    facts_before = (data_copy / "facts.json").read_bytes()
    survey = next(c for c in draft["claims"] if "surveying" in c["quote"])
    survey["keep"] = True
    survey["statement"] = "Afghan railway officials say the survey of the Herat–Kandahar line began on 2 March 2026."
    survey["quote"] = "engineers began surveying the Herat–Kandahar railway on March 2, 2026"
    draft_path.write_text(yaml.safe_dump(draft, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = curate("accept-claims", str(draft_path))
    assert result.exit_code == 0, result.output
    assert f"added 1 claim(s) to facts.json: {survey['id']}" in result.output
    facts_after = (data_copy / "facts.json").read_bytes()
    assert facts_after.startswith(facts_before.removesuffix(b"\n]\n"))
    record = json.loads(facts_after)[-1]
    assert list(record) == ["id", "statement", "subjects", "kind", "value", "unit", "date", "date_note", "seed",
                            "quote", "disputes"]  # fmt: skip
    assert record["subjects"][0] == "herat-kandahar" and record["date"] == "2026-03-02"
    assert record["value"] == 1200000000 and record["seed"] == draft["seed"]
    load_valid_data(data_copy)


def test_nothing_is_written_when_validation_fails_and_the_message_names_claim_and_field(
    curate, data_copy, article, tmp_path
):
    draft_path, draft = drafted(curate, data_copy, article, tmp_path)
    first, second = draft["claims"][0], draft["claims"][1]
    first["quote"] = "words the article never wrote"
    second["subjects"] = ["nowhere-at-all"]
    draft_path.write_text(yaml.safe_dump(draft, allow_unicode=True, sort_keys=False), encoding="utf-8")
    before = (data_copy / "facts.json").read_bytes()
    result = curate("accept-claims", str(draft_path), "--keep", first["id"], "--keep", second["id"])
    assert result.exit_code == 1
    assert f"facts.json: {first['id']}: quote: not found verbatim in {draft['seed']}" in result.output
    assert f"facts.json: {second['id']}: subjects: unknown subject 'nowhere-at-all'" in result.output
    assert "nothing was written" in result.output
    assert (data_copy / "facts.json").read_bytes() == before


def test_a_malformed_claim_or_colliding_id_is_named_and_nothing_is_written(curate, data_copy, article, tmp_path):
    draft_path, draft = drafted(curate, data_copy, article, tmp_path)
    draft["claims"][0]["kind"] = "rumour"
    draft["claims"][1]["id"] = "kz-500m-afghan-railway"
    draft_path.write_text(yaml.safe_dump(draft, allow_unicode=True, sort_keys=False), encoding="utf-8")
    before = (data_copy / "facts.json").read_bytes()
    ids = [draft["claims"][0]["id"], "kz-500m-afghan-railway"]
    result = curate("accept-claims", str(draft_path), "--keep", ids[0], "--keep", ids[1])
    assert result.exit_code == 1
    assert f"facts.json: {ids[0]}: kind: Input should be" in result.output
    assert "facts.json: kz-500m-afghan-railway: id: id is already used" in result.output
    assert (data_copy / "facts.json").read_bytes() == before


def test_drafts_that_are_not_drafts_are_refused(curate, tmp_path):
    path = tmp_path / "draft.yaml"
    path.write_text("claims: [unclosed", encoding="utf-8")
    assert "is not a YAML or JSON draft" in curate("accept-claims", str(path)).output
    path.write_text("- just a list\n", encoding="utf-8")
    assert "has no list of `claims`" in curate("accept-claims", str(path)).output
    path.write_text("claims:\n- id: a\n  keep: true\n  colour: red\n", encoding="utf-8")
    assert "claim 'a': unknown field 'colour'" in curate("accept-claims", str(path)).output


def test_an_unquoted_date_typed_by_the_curator_is_written_as_the_data_writes_dates(
    curate, data_copy, article, tmp_path
):
    import datetime as dt

    draft_path, draft = drafted(curate, data_copy, article, tmp_path)
    draft["claims"][2] |= {"keep": True, "date": dt.date(2026, 3, 1)}
    draft_path.write_text(yaml.safe_dump(draft, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert "  date: 2026-03-01\n" in draft_path.read_text(encoding="utf-8")  # unquoted: YAML reads a date
    result = curate("accept-claims", str(draft_path))
    assert result.exit_code == 0, result.output
    assert json.loads((data_copy / "facts.json").read_text(encoding="utf-8"))[-1]["date"] == "2026-03-01"
