"""`corridor accept-claims`: the claims a curator kept from a draft, merged into `facts.json` after the full
validation passes on the merged data; with any problem, nothing is written and each problem names the claim
and the field.

A claim is kept when the draft says `keep: true`, or when its id is given with `--keep`. Only the fields of a
fact are taken from the draft (`keep`, `span`, `why`, `report_date` and `already_taken_by` are its notes); the
records already in `facts.json` keep their bytes, the new ones follow them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml
from pydantic import ValidationError

from corridor.atlas.load import FACTS_FILE, Atlas, load_atlas, read_strict_json, read_text
from corridor.atlas.model import Fact
from corridor.atlas.problems import DataError, Problem
from corridor.atlas.validate import validate
from corridor.curate.articles import json_bytes
from corridor.curate.suggest import used_ids
from corridor.exports.write import write_atomic
from corridor.request.errors import BadParameter

FACT_FIELDS = tuple(Fact.model_fields)
DRAFT_NOTES = frozenset({"keep", "span", "why", "report_date", "already_taken_by"})


def read_draft(path: Path) -> dict[str, Any]:
    """The draft a curator edited (YAML, or JSON, which YAML reads too); BadParameter when it is not one."""
    try:
        document = yaml.safe_load(read_text(path, path.name))
    except DataError as exc:
        raise BadParameter(str(exc)) from None
    except yaml.YAMLError as exc:
        raise BadParameter(f"{path.name} is not a YAML or JSON draft: {exc}") from None
    if not isinstance(document, dict) or not isinstance(document.get("claims"), list):
        raise BadParameter(f"{path.name} has no list of `claims`; make a draft with `corridor suggest-claims`")
    return document


def is_kept(claim: dict[str, Any], keep: Iterable[str]) -> bool:
    """The curator keeps a claim by `keep: true` in the draft or by naming its id."""
    return claim.get("keep") is True or claim.get("id") in set(keep)


def kept_claims(draft: dict[str, Any], keep: Iterable[str] = ()) -> list[dict[str, Any]]:
    """The draft's claims marked `keep: true` or named in `keep`; BadParameter for a name no claim has."""
    claims = [c for c in draft["claims"] if isinstance(c, dict)]
    named = set(keep)
    unknown = sorted(named - {c.get("id") for c in claims})
    if unknown:
        raise BadParameter(f"the draft has no claim {unknown[0]!r}; --keep takes ids the draft lists")
    chosen = [c for c in claims if is_kept(c, named)]
    if not chosen:
        raise BadParameter("no claim is kept: set `keep: true` on the claims to add, or name them with --keep")
    return chosen


def fact_record(claim: dict[str, Any], seed: str | None) -> dict[str, Any]:
    """A kept claim as a `facts.json` record: the fact's fields in the model's order, nulls for the optional
    fields left out, the draft's notes dropped."""
    unknown = sorted(set(claim) - set(FACT_FIELDS) - DRAFT_NOTES)
    if unknown:
        raise BadParameter(
            f"claim {claim.get('id')!r}: unknown field {unknown[0]!r}; a claim has {', '.join(FACT_FIELDS)}"
        )
    values = {"seed": seed, "disputes": [], **claim}
    record = {name: values[name] for name in FACT_FIELDS if name in values}
    if isinstance(record.get("date"), dt.date):  # YAML reads an unquoted 2026-03-02 as a date
        record["date"] = record["date"].isoformat()
    value = record.get("value")
    if isinstance(value, float) and value.is_integer():
        record["value"] = int(value)  # 7000000000, as the data writes whole amounts
    if record.get("subject_note") is None:
        record.pop("subject_note", None)
    return record


def _problems_of_records(records: list[dict[str, Any]], known: set[str]) -> tuple[dict[str, Fact], list[Problem]]:
    facts: dict[str, Fact] = {}
    problems: list[Problem] = []
    for record in records:
        claim_id = str(record.get("id", "-"))
        try:
            fact = Fact.model_validate(record)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                field = ".".join(str(part) for part in error["loc"]) or "-"
                problems.append(Problem(FACTS_FILE, claim_id, field, error["msg"].removeprefix("Value error, ")))
            continue
        if fact.id in known or fact.id in facts:
            problems.append(Problem(FACTS_FILE, fact.id, "id", "id is already used; give the claim another id"))
            continue
        facts[fact.id] = fact
    return facts, problems


def merged_problems(atlas: Atlas, records: list[dict[str, Any]]) -> tuple[dict[str, Fact], list[Problem]]:
    """The facts `records` make and every problem of the data with them added (the full validation)."""
    new, problems = _problems_of_records(records, used_ids(atlas))
    if problems:
        return new, problems
    return new, validate(dataclasses.replace(atlas, facts=MappingProxyType({**atlas.facts, **new})))


def accept_claims(
    data_dir: Path, draft_path: Path, keep: Iterable[str] = (), seeds_dir: Path | None = None
) -> list[Fact]:
    """Merge the kept claims into `facts.json` when the whole data then validates; DataError (nothing written)
    listing every problem otherwise. Returns the facts added."""
    draft = read_draft(draft_path)
    records = [fact_record(claim, draft.get("seed")) for claim in kept_claims(draft, keep)]
    new, problems = merged_problems(load_atlas(data_dir, seeds_dir), records)
    if problems:
        raise DataError(problems)
    facts_path = data_dir / FACTS_FILE
    write_atomic(facts_path, json_bytes([*read_strict_json(facts_path), *records]))
    return list(new.values())
