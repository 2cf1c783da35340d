"""The corridor schema, defined once: sources, references, topics, places, segments, corridors and facts.

Every other module (validation, exports, the data README) reads field names, types and
descriptions from these models, so a property is added or renamed here and nowhere else.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

KebabId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
RESERVED_IDS = frozenset({"all", "overview", "route"})
"""Words that are fixed segments of the site's URLs where a record id goes (/export/all.gpkg,
/maps/overview.html, /maps/route.html): no record may take one (a test derives them from the URL map)."""


def _not_reserved(record_id: str) -> str:
    if record_id in RESERVED_IDS:
        raise ValueError(f"{record_id!r} is a fixed part of the site's URLs; choose another id")
    return record_id


RecordId = Annotated[KebabId, AfterValidator(_not_reserved)]
"""A record's own id: kebab-case, unique across the data, and none of RESERVED_IDS."""
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date(value: Any) -> Any:
    """Only `YYYY-MM-DD` strings (or dates) are dates: not numbers (1735689600, 0) nor date-times."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        return value
    raise ValueError(f'a date is a string "YYYY-MM-DD", e.g. "2025-01-31"; got {value!r:.40}')


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
MAX_NAME_CHARS = 200
"""Longest name or alias: the longest bundled is under 60 characters."""
Name = Annotated[str, StringConstraints(min_length=1, max_length=MAX_NAME_CHARS)]
MAX_ALIASES = 20
"""Most other spellings of one name: the bundled data has at most 5."""
MAX_LIST_ITEMS = 100
"""Most ids or codes in any one list (subjects, cites, segments, countries): the bundled data has at most 25."""
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
NonEmptyText = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
WebAddress = Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
MAX_TEXT_CHARS = 4000
"""Longest text of any property: a note longer than a page is a mistake, and each one is in every map page."""
Longitude = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=-180, le=180)]
Latitude = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=-90, le=90)]
"""Numbers are strict: `true` and `"1520"` are not numbers, and 1e999 (infinity) is no coordinate."""

Status = Literal["existing", "under_construction", "planned", "proposed"]
Alignment = Literal["surveyed", "approximate", "schematic"]
PlaceKind = Literal["city", "town", "station", "border_crossing", "dry_port", "sea_port"]
Role = Literal["corridor", "context"]
FactKind = Literal[
    "investment",
    "cost",
    "trade_figure",
    "trade_target",
    "agreement",
    "meeting",
    "timeline",
    "route",
    "gauge",
    "security",
    "feasibility",
    "institution",
    "connectivity",
    "benefit",
    "diplomacy",
    "aid",
]
SourceDateKind = Literal["published", "dateline", "file_date"]
CrossingState = Literal["open", "restricted", "closed"]
TopicKind = Literal["relations", "country"]

STATUSES: tuple[str, ...] = get_args(Status)
ALIGNMENTS: tuple[str, ...] = get_args(Alignment)
PLACE_KINDS: tuple[str, ...] = get_args(PlaceKind)
FACT_KINDS: tuple[str, ...] = get_args(FactKind)
TOPIC_KINDS: tuple[str, ...] = get_args(TopicKind)
CROSSING_STATES: tuple[str, ...] = get_args(CrossingState)


def text_problem(text: str) -> str | None:
    """Why `text` cannot be shown in every output (pages, KML, PNG, CSV), or None when it can."""
    if len(text) > MAX_TEXT_CHARS:
        return f"text of {len(text):,} characters; at most {MAX_TEXT_CHARS:,}"
    if text and not text.strip():
        return "text is only spaces; give it or leave it out"
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cs") or char in "\ufffe\uffff":
            return f"control character U+{ord(char):04X} in the text; remove it"
    return None


class Strict(BaseModel):
    """Base for every record: unknown properties are errors, records are immutable, every text is free of
    control characters, not blank and of bounded length, and every list of ids or codes is bounded."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)

    @field_validator("*", mode="after")
    @classmethod
    def _printable_text(cls, value: Any, info: ValidationInfo) -> Any:
        texts = [value] if isinstance(value, str) else value if isinstance(value, list | tuple) else []
        if isinstance(value, list | tuple) and len(value) > MAX_LIST_ITEMS and all(isinstance(t, str) for t in value):
            raise ValueError(f"{len(value):,} items; at most {MAX_LIST_ITEMS}")
        for text in (t for t in texts if isinstance(t, str)):
            problem = text_problem(text)
            if problem:
                raise ValueError(problem)
        return value


class Source(Strict):
    """One seed article in `seeds/`."""

    id: str = Field(pattern=r"^[0-9]{3}_[0-9a-f]{16}$", description="Seed file name without `.txt`")
    file: str = Field(pattern=r"^[0-9]{3}_[0-9a-f]{16}\.txt$", description="Seed file name in `seeds/`")
    title: NonEmptyText = Field(description="Headline as the article gives it, or a plain description")
    date: IsoDate | None = Field(description="Publication date the article states; null when it states none")
    date_kind: SourceDateKind | None = Field(
        default=None,
        description="What `date` is: `published` (a stated publication date), `dateline` (the date printed with "
        "the article, which says when it was written, not when its events happened) or `file_date` (a date at "
        "the head of the file); null with a null date",
    )
    date_note: str | None = Field(default=None, description="Why the date is null or how it was read")
    publisher: str | None = Field(default=None, description="Who published the article, when known")
    url: WebAddress | None = Field(default=None, description="Where the article was read, when known")
    added: IsoDate | None = Field(
        default=None,
        description="When the article was added to the data (`corridor add-article` sets it); null for the "
        "founding seeds",
    )
    corrected: IsoDate | None = Field(default=None, description="When its record was last corrected, if ever")
    correction_note: str | None = Field(default=None, description="What was corrected; given with `corrected`")

    @model_validator(mode="after")
    def _kind_goes_with_date(self) -> Source:
        if (self.date is None) != (self.date_kind is None):
            raise ValueError("date_kind is given exactly when date is")
        if (self.corrected is None) != (self.correction_note is None):
            raise ValueError("corrected and correction_note go together")
        return self


class Reference(Strict):
    """An outside publication cited (never quoted) for an attribute the seed articles do not give."""

    id: RecordId = Field(description="Unique kebab-case id, cited from `*_cites` fields and status steps")
    publisher: NonEmptyText = Field(description="Who published it: agency, newspaper, ministry or dataset")
    title: NonEmptyText = Field(
        description="Its headline as published; in [brackets], a plain description or the headline as the page "
        "address gives it, when the page as read shows none"
    )
    date: IsoDate | None = Field(description="Publication date the page states; null when it states none")
    url: WebAddress = Field(description="Where it was read")
    supports: NonEmptyText = Field(description="What it is cited for, in our words (never its text)")


class Topic(Strict):
    """A country or a bilateral relationship: the subject of facts that name no corridor, line or place."""

    id: RecordId = Field(description="Unique kebab-case id, shared namespace with all other records; used in URLs")
    name: Name = Field(description="Display name, e.g. Kazakhstan–Afghanistan relations")
    kind: TopicKind = Field(description="`relations` between countries, or one `country`")
    countries: list[CountryCode] = Field(min_length=1, description="The countries concerned")
    corridors: list[KebabId] = Field(
        default_factory=list, description="Corridor pages that show its facts as background, in their own section"
    )


class PointGeometry(Strict):
    type: Literal["Point"]
    coordinates: tuple[Longitude, Latitude] = Field(description="[longitude, latitude], WGS84")


class LineGeometry(Strict):
    type: Literal["LineString"]
    coordinates: list[tuple[Longitude, Latitude]] = Field(
        min_length=2, max_length=100_000, description="[[lon, lat], ...], WGS84"
    )


class CrossingStep(Strict):
    """One dated step of a border crossing's state: whether traffic may pass, from `since` until the next step."""

    state: CrossingState = Field(
        description="`open`, `restricted` (some traffic only, e.g. returning refugees) or `closed`"
    )
    since: dt.date | None = Field(
        description="When the state began, as the cited page dates it; null for a state held before the first "
        'dated step, which then holds from the date of the earliest cited page that is dated ("first '
        'reported"), or on no date at all when none is'
    )
    since_note: str | None = Field(default=None, description="What happened then, or how the date was read")
    cites: list[KebabId] = Field(default_factory=list, description="Reference ids that give this step")


class PlaceProperties(Strict):
    id: RecordId = Field(description="Unique kebab-case id, shared namespace with all other records; used in URLs")
    name: Name = Field(description="Common English name")
    aliases: list[Name] = Field(
        default_factory=list, max_length=MAX_ALIASES, description="Other spellings, e.g. Torghundi/Turghundi"
    )
    country: CountryCode = Field(description="ISO 3166-1 alpha-3")
    kind: PlaceKind = Field(description="What the place is on the railway")
    location_note: str = Field(description="What the point marks and how it was checked")
    location_cites: list[KebabId] = Field(
        default_factory=list,
        description="Reference or fact ids for the position (or the distances it is placed by); validation "
        "requires at least one",
    )
    crossing_history: list[CrossingStep] = Field(
        default_factory=list,
        description="Border crossings only: dated steps of whether the crossing is open, oldest first, each citing "
        "its source; validation requires at least one",
    )


class StatusStep(Strict):
    """One dated step of a segment's history: its status from `since` until the next step."""

    status: Status = Field(description="The status from this step on")
    since: IsoDate | None = Field(
        description="When the step began (the event's date, e.g. a signing or an opening); null for a first "
        "status held before any dated step: it then holds from the date of the earliest cited source that is dated "
        '("first reported"), and on no date at all (today\'s map only) when none is'
    )
    since_note: str | None = Field(default=None, description="What happened then, or how the date was read")
    cites: list[KebabId] = Field(default_factory=list, description="Reference or fact ids that give this step")


class SegmentProperties(Strict):
    id: RecordId = Field(description="Unique kebab-case id, shared namespace with all other records; used in URLs")
    name: Name = Field(description="From–to name, e.g. Herat–Kandahar")
    from_place: KebabId = Field(description="Place id at the first vertex")
    to_place: KebabId = Field(description="Place id at the last vertex")
    corridors: list[KebabId] = Field(description="Corridor ids this segment serves; empty for context lines")
    role: Role = Field(description="`corridor` if part of a named corridor, `context` for connecting track")
    status: Status = Field(description="Status on the data's date: the status of the last `status_history` step")
    status_history: list[StatusStep] = Field(
        min_length=1, description="Dated steps of the status, oldest first, each citing its source"
    )
    gauge_mm: int | None = Field(
        strict=True, ge=500, le=2000, description="Track gauge in mm; null when unknown or undecided"
    )
    gauge_note: str | None = Field(default=None, description="Required when gauge_mm is null: why")
    gauge_cites: list[KebabId] = Field(default_factory=list, description="Reference or fact ids for gauge_mm")
    alignment: Alignment = Field(
        description="surveyed: traced from mapped track; approximate: through published intermediate stations; "
        "schematic: end points (or a few towns) only"
    )
    countries: list[CountryCode] = Field(min_length=1, description="Countries crossed, in order")
    variant: str | None = Field(default=None, description="Label when this is one of several published routes")
    published_length_km: float | None = Field(
        default=None, strict=True, allow_inf_nan=False, gt=0, le=20_000, description="Length published elsewhere"
    )
    published_length_note: str | None = Field(default=None, description="Who publishes that length")
    published_length_cites: list[KebabId] = Field(
        default_factory=list, description="Reference or fact ids for published_length_km"
    )
    geometry_note: str = Field(description="Where the line comes from")
    geometry_cites: list[KebabId] = Field(
        default_factory=list, description="Reference or fact ids for the line's course and its stations"
    )

    @model_validator(mode="after")
    def _explain_missing_gauge(self) -> SegmentProperties:
        if self.gauge_mm is None and not self.gauge_note:
            raise ValueError("gauge_note is required when gauge_mm is null")
        if (self.published_length_km is None) != (self.published_length_note is None):
            raise ValueError("published_length_km and published_length_note go together")
        if self.role == "corridor" and not self.corridors:
            raise ValueError("a segment with role 'corridor' needs at least one corridor id")
        if self.role == "context" and self.corridors:
            raise ValueError("a 'context' segment must not list corridors")
        return self


class Feature(Strict):
    """What places and segments share as GeoJSON features: an id from their properties, and the
    `__geo_interface__` that shapely, geopandas and folium read."""

    type: Literal["Feature"]
    geometry: PointGeometry | LineGeometry
    properties: PlaceProperties | SegmentProperties

    @property
    def id(self) -> str:
        return self.properties.id

    @property
    def __geo_interface__(self) -> dict[str, Any]:
        return {
            "type": "Feature",
            "id": self.id,
            "geometry": self.geometry.model_dump(),
            "properties": self.properties.model_dump(mode="json"),
        }


class Place(Feature):
    """A GeoJSON Point feature in `geodata/places.geojson`."""

    geometry: PointGeometry
    properties: PlaceProperties


class Segment(Feature):
    """A GeoJSON LineString feature in `geodata/segments.geojson`."""

    geometry: LineGeometry
    properties: SegmentProperties


class PublishedRoute(Strict):
    """A length published for a corridor's route from one terminus to another, set beside the length of the
    lines drawn between the same places."""

    name: NonEmptyText = Field(description="What the figure measures, e.g. Termez–Naibabad–Logar–Kharlachi")
    from_place: KebabId = Field(description="Place id where the published length starts")
    to_place: KebabId = Field(description="Place id where it ends")
    via: list[KebabId] = Field(
        default_factory=list, description="Place ids the route passes, in order, to pick one alternative"
    )
    km: float | None = Field(
        strict=True,
        allow_inf_nan=False,
        gt=0,
        le=20_000,
        description="The published length, km; null where no source publishes one, so that the route is still "
        "measured end to end on its drawn lines (`note` says what was looked for)",
    )
    km_max: float | None = Field(
        default=None,
        strict=True,
        allow_inf_nan=False,
        gt=0,
        le=20_000,
        description="Upper end when the source gives a range (`km` is then the lower end)",
    )
    note: NonEmptyText = Field(description="Who publishes the figure and what it measures")
    difference_note: str | None = Field(
        default=None, description="Why the drawn length differs, e.g. a schematic line drawn straight"
    )
    cites: list[KebabId] = Field(default_factory=list, description="Reference or fact ids that give the figure")

    @model_validator(mode="after")
    def _range_in_order(self) -> PublishedRoute:
        if self.km is None and self.km_max is not None:
            raise ValueError("km_max without km; give the range's lower end as km")
        if self.km is not None and self.km_max is not None and self.km_max < self.km:
            raise ValueError("km_max is below km; give the range low to high")
        return self


class Corridor(Strict):
    """A named corridor in `geodata/corridors.json`: an ordered chain of segments."""

    id: RecordId = Field(description="Unique kebab-case id, shared namespace with all other records; used in URLs")
    name: Name = Field(description="Corridor name as used on the map")
    aliases: list[Name] = Field(default_factory=list, max_length=MAX_ALIASES, description="Other names and spellings")
    countries: list[CountryCode] = Field(min_length=1, description="Countries in order along the corridor")
    segments: list[KebabId] = Field(min_length=1, description="Segment ids, variants included")
    summary: NonEmptyText = Field(description="One paragraph on what the corridor is")
    reviewed_on: dt.date | None = Field(
        default=None,
        description="When a curator last checked the corridor's data against the news (ISO date); validation "
        "requires it and that it is not older than any page the corridor's records cite",
    )
    published_routes: list[PublishedRoute] = Field(
        default_factory=list,
        description="Lengths published for routes end to end (terminus to terminus, one alternative each), each "
        'cited (`km: null` lists a route no source measures, shown as "none published"); pages, briefs, the API '
        "and exports set each beside the length drawn between the same places",
    )
    known_missing: list[NonEmptyText] = Field(
        default_factory=list,
        description="What the review found the data does not yet say (short sentences), shown beside the review date",
    )


class Fact(Strict):
    """A claim from one seed article, with the verbatim quote that supports it."""

    id: RecordId = Field(description="Unique kebab-case id, shared namespace with all other records; used in URLs")
    statement: NonEmptyText = Field(description="The claim in our words")
    subjects: list[KebabId] = Field(
        min_length=1, description="Corridor, segment, place or topic (country, relations) ids it is about"
    )
    subject_note: str | None = Field(
        default=None,
        description="Why a corridor, segment or place subject is right although the article names neither it nor "
        "any of its places",
    )
    kind: FactKind = Field(description="What sort of claim it is")
    value: float | None = Field(
        default=None, strict=True, allow_inf_nan=False, ge=0, le=1e15, description="Number the claim states, if any"
    )
    unit: str | None = Field(default=None, description="Unit of value, e.g. USD, USD/year, years")
    date: IsoDate | None = Field(
        default=None,
        description="Event date: when the event happened or is scheduled, only where the article says so (never "
        "the article's own date or dateline, which is `Source.date`)",
    )
    date_note: str | None = Field(default=None, description="Relative or partial dates as the article says them")
    seed: str = Field(pattern=r"^[0-9]{3}_[0-9a-f]{16}\.txt$", description="Seed file that states it")
    quote: NonEmptyText = Field(description="Verbatim passage of the seed file (checked byte for byte)")
    disputes: list[KebabId] = Field(default_factory=list, description="Facts that claim otherwise")
    context_note: str | None = Field(
        default=None,
        description="What has happened since that the article could not know (a claim time has overtaken), in "
        "our words; the quote stays as written. Validation requires context_cites with it",
    )
    context_cites: list[KebabId] = Field(default_factory=list, description="Reference ids for context_note")

    @field_validator("unit")
    @classmethod
    def _unit_needs_value(cls, unit: str | None, info: ValidationInfo) -> str | None:
        if unit is not None and info.data.get("value") is None:
            raise ValueError("unit given without a value")
        return unit
