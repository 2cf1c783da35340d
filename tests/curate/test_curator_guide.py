"""docs/curators/adding-an-article.md: its worked example runs as written, command by command, on a data copy,
and what it shows (the seed name, the draft's candidate, the error message, the counts) is what the commands do."""

from __future__ import annotations

import hashlib
import json
import re
import shlex
from pathlib import Path

import yaml

from corridor.atlas.load import load_atlas

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "curators" / "adding-an-article.md"


def blocks(kind: str) -> list[str]:
    return re.findall(rf"```{kind}\n(.*?)```", GUIDE.read_text(encoding="utf-8"), flags=re.DOTALL)


def test_the_worked_example_runs_as_written(curate, data_copy, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    article = blocks("text")[0]
    Path("survey.txt").write_text(article, encoding="utf-8")
    seed = f"005_{hashlib.sha256(article.encode()).hexdigest()[:16]}"
    assert f"seeds/{seed}.txt" in GUIDE.read_text(encoding="utf-8")
    commands = [shlex.split(block.strip()) for block in blocks("sh")]
    assert [c[1] for c in commands] == ["add-article", "suggest-claims", "review-claims", "accept-claims"]
    for command in commands:
        assert command[0] == "corridor"
        result = curate(*command[1:])
        assert result.exit_code == 0, (command, result.output)
    review = Path("survey.review.html").read_text(encoding="utf-8")
    assert '<mark class="candidate kept"' in review and "The data validates with the kept claims added." in review

    shown = yaml.safe_load(blocks("yaml")[0])[0]
    drafted = {c["id"]: c for c in yaml.safe_load(Path("survey.claims.yaml").read_text(encoding="utf-8"))["claims"]}
    assert len(drafted) == 3
    assert {key: drafted[shown["id"]][key] for key in shown} == shown

    validated = curate("validate")
    assert "93 facts from 6 sources" in validated.output
    facts = json.loads((data_copy / "facts.json").read_text(encoding="utf-8"))
    kept = [c[c.index("--keep") + 1] for c in commands if c[1] == "accept-claims"]
    assert [f["id"] for f in facts[-2:]] == kept + ["a005-kazakhstan-afghanistan-also-discussed-trade-relations"]
    assert [f["date"] for f in facts[-2:]] == ["2026-03-02", None]
    atlas = load_atlas(data_copy)
    assert atlas.sources[seed].date.isoformat() == "2026-03-03"
    assert "herat-kandahar" in atlas.facts[kept[0]].subjects


def test_the_error_message_shown_is_what_accept_claims_prints(curate, data_copy, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("survey.txt").write_text(blocks("text")[0], encoding="utf-8")
    for block in blocks("sh")[:2]:
        assert curate(*shlex.split(block.strip())[1:]).exit_code == 0
    draft = yaml.safe_load(Path("survey.claims.yaml").read_text(encoding="utf-8"))
    draft["claims"][0] |= {"keep": True, "quote": "not in the article"}
    Path("survey.claims.yaml").write_text(yaml.safe_dump(draft, allow_unicode=True), encoding="utf-8")
    result = curate("accept-claims", "survey.claims.yaml")
    assert result.exit_code == 1
    assert blocks("text")[1].strip() in result.output
