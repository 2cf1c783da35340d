"""`corridor suggest-claims`: candidate claims from an article's sentences, for a curator to keep or drop.

A sentence is a candidate when it names something the data tracks: a known place (a name or alias from the
gazetteer), a corridor (a name or alias, or the railway itself), an amount of money, a length, a date, or a
status word. Each candidate carries its sentence as the quote, sliced from the article so that it is verbatim,
with where it lies; the subjects the sentence names (places, corridors; otherwise the country or relations
topic whose countries it names, or else the article names); a kind from the sentence's words; the article's
date as the report date; an event date only when the sentence writes a full calendar date; and an id no record
uses.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corridor.atlas.load import Atlas
from corridor.atlas.model import Source
from corridor.display.text import country_patterns
from corridor.request.errors import BadParameter

SENTENCE_END = re.compile(r"(?<=[.!?])(?P<close>[\"'”’)]?)\s+(?=[\"“‘(]?[A-Z0-9])|\n+")
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
MONEY = re.compile(
    r"(?:US\s?)?\$\s?(?P<amount>\d[\d,]*(?:\.\d+)?)\s*(?P<scale>billion|bn|b|million|mn|m)?\b"
    r"|(?P<amount2>\d[\d,]*(?:\.\d+)?|" + "|".join(NUMBER_WORDS) + r")\s*(?P<scale2>billion|million)\s*"
    r"(?:US\s?)?(?:dollars|USD)",
    re.IGNORECASE,
)
LENGTH = re.compile(r"(?P<amount>\d[\d,]*(?:\.\d+)?)\s*-?\s*(?:km|kilomet(?:re|er)s?)\b", re.IGNORECASE)
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
FULL_DATE = re.compile(
    rf"(?P<month>{MONTHS})\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})"
    rf"|(?P<day2>\d{{1,2}})\s+(?P<month2>{MONTHS}),?\s+(?P<year2>\d{{4}})"
    r"|(?P<iso>\d{4}-\d{2}-\d{2})"
)
PARTIAL_DATE = re.compile(
    rf"\b(?:(?:on|last|next|this)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    rf"|\b(?:in\s+)?(?:{MONTHS})(?:\s+\d{{4}})?\b|\b(?:in|by|since|until)\s+(?:19|20)\d{{2}}\b",
    re.IGNORECASE,
)
STATUS_WORDS = re.compile(
    r"\b(?:construction|constructed|built|completed?|completion|opened|operational|inaugurat\w*|launch\w*|"
    r"planned|proposed|feasibility|survey\w*|signed|sign|agreements?|memorand\w*|MoU|roadmap|framework|"
    r"under negotiation|approved|implementation)\b",
    re.IGNORECASE,
)
RAILWAY_WORDS = re.compile(r"rail\w*|corridor|\btrack\b|\bline\b|\bproject\b", re.IGNORECASE)
EVENT_WORDS = re.compile(r"\b(?:met|meetings?|talks|visit\w*|discuss\w*|invit\w*)\b", re.IGNORECASE)
RELATIONS_WORDS = re.compile(r"\b(?:relations|cooperation|ties|trade)\b", re.IGNORECASE)
JOINED_WORDS = re.compile(r"(?<=[a-z])(?=[A-Z])")
"""Where the article's text lost a space between two words ("withKazakhstan"): names are looked for as if it
were there (the quote keeps the text as it is)."""
KIND_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(r"\b(?:" + words + ")", re.IGNORECASE))
    for kind, words in (
        ("gauge", r"gauge"),
        ("feasibility", r"feasibility|survey"),
        ("security", r"securit|attack|threat"),
        ("trade_target", r"(?:trade|turnover|exchange)\w*\b.*\b(?:target|increase|raise|reach|boost|goal)"),
        ("investment", r"invest|financ|fund"),
        ("cost", r"cost|valued|worth|price"),
        ("trade_figure", r"trade\b.*\d|\d.*\btrade\b"),
        ("agreement", r"agreement|memorand|MoU|signed|sign\b|roadmap|protocol|deal"),
        ("meeting", r"met\b|meeting|talks|visit|discuss"),
        ("diplomacy", r"relations|cooperation|ties\b|diplomat|recogni"),
        ("timeline", r"complet|years?\b|timeframe|schedul|by 20\d\d|deadline"),
        ("route", r"route|through|via|from .* to |link\w* .* with|extend"),
        ("aid", r"aid\b|humanitarian|assistance|donat"),
        ("institution", r"ministry|committee|working group|company|authorit|commission"),
        ("benefit", r"benefit|reduce|lower|boost|prosperit|growth|opportunit"),
    )
)
DEFAULT_KIND = "connectivity"
SCALES = {"billion": 1e9, "bn": 1e9, "b": 1e9, "million": 1e6, "mn": 1e6, "m": 1e6}
ID_WORDS = 6
SHORT_SENTENCE_CHARS = 100
STOP_WORDS = frozenset(
    ("a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is", "it", "its", "of")
    + ("on", "or", "said", "says", "that", "the", "their", "this", "to", "was", "were", "will", "with", "who")
)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def sentences(text: str) -> list[Sentence]:
    """The article's sentences with their character offsets; `text[start:end] == sentence.text`."""
    found, start = [], 0
    for match in [*SENTENCE_END.finditer(text), None]:
        end = match.start() + len(match.group("close") or "") if match else len(text)
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            offset = start + piece.index(stripped)
            found.append(Sentence(offset, offset + len(stripped), stripped))
        start = match.end() if match else len(text)
    return found


def passages(text: str) -> list[Sentence]:
    """The article's sentences, each short one (under SHORT_SENTENCE_CHARS) joined to the sentence before it in
    the same paragraph: a short follow-up ("He accepted.") usually completes the claim before it."""
    joined: list[Sentence] = []
    for sentence in sentences(text):
        previous = joined[-1] if joined else None
        same_paragraph = previous is not None and "\n" not in text[previous.end : sentence.start]
        if previous is not None and same_paragraph and len(sentence.text) < SHORT_SENTENCE_CHARS:
            joined[-1] = Sentence(previous.start, sentence.end, text[previous.start : sentence.end])
        else:
            joined.append(sentence)
    return joined


def _name_pattern(name: str) -> re.Pattern[str]:
    return re.compile(r"(?<![A-Za-z])" + re.escape(name) + r"(?![a-z])", re.IGNORECASE)


@dataclass(frozen=True)
class Gazetteer:
    """The names the data knows, each with the record it names."""

    places: tuple[tuple[str, re.Pattern[str]], ...]
    segments: tuple[tuple[str, re.Pattern[str]], ...]
    corridors: tuple[tuple[str, re.Pattern[str]], ...]
    countries: dict[str, re.Pattern[str]]

    @classmethod
    def of(cls, atlas: Atlas) -> Gazetteer:
        places = [
            (p.id, _name_pattern(name))
            for p in atlas.places.values()
            for name in (p.properties.name, *p.properties.aliases)
        ]
        segments = [(s.id, _name_pattern(s.properties.name)) for s in atlas.segments.values()]
        corridors = [(c.id, _name_pattern(name)) for c in atlas.corridors.values() for name in (c.name, *c.aliases)]
        return cls(tuple(places), tuple(segments), tuple(corridors), country_patterns(atlas))

    def places_in(self, text: str) -> list[str]:
        return list(dict.fromkeys(record for record, pattern in self.places if pattern.search(text)))

    def segments_in(self, text: str) -> list[str]:
        return list(dict.fromkeys(record for record, pattern in self.segments if pattern.search(text)))

    def corridors_in(self, text: str) -> list[str]:
        return list(dict.fromkeys(record for record, pattern in self.corridors if pattern.search(text)))

    def countries_in(self, text: str) -> set[str]:
        return {code for code, pattern in self.countries.items() if pattern.search(text)}


def amount(text: str) -> tuple[float, str] | None:
    """The one amount of money (USD) or length (km) a sentence states; None for none or several."""
    money = list(MONEY.finditer(text))
    lengths = list(LENGTH.finditer(text))
    if len(money) + len(lengths) != 1:
        return None
    if lengths:
        return float(lengths[0].group("amount").replace(",", "")), "km"
    match = money[0]
    written = (match.group("amount") or match.group("amount2")).replace(",", "").lower()
    number = float(NUMBER_WORDS.get(written, written))
    scale = (match.group("scale") or match.group("scale2") or "").lower()
    return number * SCALES.get(scale, 1), "USD"


def event_date(text: str) -> dt.date | None:
    """The calendar date a sentence writes in full; None when it writes none, or several."""
    dates = []
    for match in FULL_DATE.finditer(text):
        try:
            if match.group("iso"):
                dates.append(dt.date.fromisoformat(match.group("iso")))
                continue
            month = match.group("month") or match.group("month2")
            day = int(match.group("day") or match.group("day2"))
            year = int(match.group("year") or match.group("year2"))
            dates.append(dt.date(year, MONTHS.split("|").index(month) + 1, day))
        except ValueError:
            continue
    return dates[0] if len(set(dates)) == 1 else None


def reasons(sentence: str, gazetteer: Gazetteer) -> list[str]:
    """Why a sentence is a candidate: what it names that the data tracks (empty: not a candidate)."""
    text = JOINED_WORDS.sub(" ", sentence)
    found = [f"names {p}" for p in gazetteer.places_in(text)]
    found += [f"names the line {s}" for s in gazetteer.segments_in(text)]
    found += [f"names the corridor {c}" for c in gazetteer.corridors_in(text)]
    found += [f"names {code}" for code in sorted(gazetteer.countries_in(text))]
    checks = (
        ("states money", MONEY),
        ("states a length", LENGTH),
        ("states a date", FULL_DATE),
        ("states a day or month", PARTIAL_DATE),
        ("has a status word", STATUS_WORDS),
        ("names the railway", RAILWAY_WORDS),
        ("tells of a meeting or visit", EVENT_WORDS),
        ("tells of relations or trade", RELATIONS_WORDS),
    )
    return found + [label for label, pattern in checks if pattern.search(text)]


def suggest_kind(sentence: str) -> str:
    return next((kind for kind, pattern in KIND_RULES if pattern.search(sentence)), DEFAULT_KIND)


def subjects_for(atlas: Atlas, sentence: str, article: str, gazetteer: Gazetteer) -> list[str]:
    """What the sentence names: its places and corridors; failing those, the relations or country topic whose
    countries it names (or, failing that, the article names)."""
    sentence, article = JOINED_WORDS.sub(" ", sentence), JOINED_WORDS.sub(" ", article)
    named = gazetteer.corridors_in(sentence) + gazetteer.segments_in(sentence) + gazetteer.places_in(sentence)
    if named:
        return named
    for text in (sentence, article):
        countries = gazetteer.countries_in(text)
        topics = [t.id for t in atlas.topics.values() if t.kind == "relations" and set(t.countries) <= countries]
        topics = topics or [
            t.id for t in atlas.topics.values() if t.kind == "country" and set(t.countries) <= countries
        ]
        if topics:
            return topics
    return []


def _slug(text: str) -> str:
    words = [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOP_WORDS]
    return "-".join(words[:ID_WORDS]) or "claim"


def used_ids(atlas: Atlas) -> set[str]:
    """Every id in the data's shared namespace."""
    return {*atlas.facts, *atlas.places, *atlas.segments, *atlas.corridors, *atlas.topics, *atlas.references}


def unique_id(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`… : the first no record or earlier candidate uses."""
    base = base[:70].rstrip("-")
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


def _date_fields(source: Source, text: str) -> dict[str, Any]:
    date = event_date(text)
    partial = PARTIAL_DATE.search(text)
    if date is not None and date == source.date and source.date_kind in ("dateline", "file_date"):
        return {"date": None, "date_note": f"the article's {source.date_kind.replace('_', ' ')}, not an event date"}
    if date is not None:
        return {"date": date.isoformat(), "date_note": None}
    return {
        "date": None,
        "date_note": f"'{partial.group(0).strip()}' (no calendar date in the sentence)" if partial else None,
    }


def suggest_claims(atlas: Atlas, source_id: str) -> dict[str, Any]:
    """The draft for one article: its metadata, the claims already taken from it, and the candidates."""
    source = atlas.sources[source_id]
    text = atlas.seed_texts[source.file]
    gazetteer = Gazetteer.of(atlas)
    taken = used_ids(atlas)
    prefix = source.id.split("_")[0]
    candidates = []
    existing = atlas.index.facts_by_seed.get(source.file, ())
    for sentence in passages(text):
        why = reasons(sentence.text, gazetteer)
        if not why:
            continue
        found = amount(sentence.text)
        candidates.append(
            {
                "keep": False,
                "id": unique_id(f"a{prefix}-{_slug(sentence.text)}", taken),
                "statement": sentence.text,
                "quote": sentence.text,
                "span": [sentence.start, sentence.end],
                "why": why,
                "subjects": subjects_for(atlas, sentence.text, text, gazetteer),
                "kind": suggest_kind(sentence.text),
                "report_date": source.date.isoformat() if source.date else None,
                "value": found[0] if found else None,
                "unit": found[1] if found else None,
                **_date_fields(source, sentence.text),
                "already_taken_by": [f.id for f in existing if f.quote in sentence.text],
            }
        )
    return {
        "article": source.id,
        "seed": source.file,
        "title": source.title,
        "report_date": source.date.isoformat() if source.date else None,
        "report_date_kind": source.date_kind,
        "taken": [{"id": f.id, "quote": f.quote} for f in existing],
        "claims": candidates,
    }


DRAFT_HEADER = """\
# Candidate claims from {seed}, made by `corridor suggest-claims`.
# For each claim to add: set `keep: true` (or name its id with `corridor accept-claims DRAFT --keep ID`),
# put the statement in your own words, trim the quote to the words that make the claim (it must stay a
# verbatim piece of the article), check the subjects (only what the article names), the kind and the event
# date (only a date the article gives for the event; never its dateline).
# `why`, `span` (character offsets of the sentence in the article), `report_date` (the article's own date)
# and `already_taken_by` (curated claims whose quotes lie in the sentence) are notes; accept-claims ignores
# them. Then run:
#   corridor accept-claims {draft}
"""


def draft_text(draft: dict[str, Any], draft_name: str) -> str:
    """The draft as YAML a curator edits, with how to use it at the top."""
    import yaml

    body = yaml.safe_dump(draft, sort_keys=False, allow_unicode=True, width=100)
    return DRAFT_HEADER.format(seed=draft["seed"], draft=draft_name) + body


def find_article(atlas: Atlas, article: str) -> str:
    """The source id of an article named by its id, its seed file name or a path to its seed file."""
    name = Path(article).name.removesuffix(".txt")
    if name in atlas.sources:
        return name
    raise BadParameter(
        f"no article {article!r} in the data; name a source id or seed file (the sources page lists them), or add "
        "it first with `corridor add-article`"
    )
