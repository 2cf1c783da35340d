"""Query parameters, one typed model per page, read the same way everywhere.

`parse_query(Model, args)` takes a query string as a mapping of each name to its list of values (Flask's
`request.args.to_dict(flat=False)`, or a CLI's options) and returns the model or raises `BadParameter`: an
unknown name or a repeated one gets the same message on every page, naming what the page accepts; a value
the model refuses gets the model's own words. Blank values count as absent (an empty form field).

Importable without matplotlib or folium: the CLI's `--help` reads the picture defaults from here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, ClassVar, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator

from corridor.request.errors import BadParameter

MIN_WIDTH_PX, MAX_WIDTH_PX = 300, 6000
MIN_DPI, MAX_DPI = 50, 600
SIZE_STEP_PX, DPI_STEP = 10, 10
"""Sizes and dpi are rounded to these steps: a picture 1 px wider is not worth another render (and a client
asking for every width would make the server draw thousands)."""
FLAGS: dict[str, bool] = {
    "1": True,
    "true": True,
    "yes": True,
    "on": True,
    "0": False,
    "false": False,
    "no": False,
    "off": False,
}

Query = TypeVar("Query", bound="QueryModel")


class QueryModel(BaseModel):
    """Base of every page's parameters: immutable, unknown names refused; `REPEATABLE` names take a list."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    REPEATABLE: ClassVar[frozenset[str]] = frozenset()
    BLANK_ALLOWED: ClassVar[frozenset[str]] = frozenset()
    """Names whose empty value means something (`layers=`: no optional layer) rather than "not given"."""

    @classmethod
    def accepted(cls) -> list[str]:
        """The parameter names the page takes, as they are written in URLs."""
        return [field.alias or name for name, field in cls.model_fields.items()]


def parse_query(model: type[Query], args: Mapping[str, Sequence[str]], context: Any = None) -> Query:
    """The model for a query (name -> values); raises BadParameter saying what the page accepts."""
    accepted = model.accepted()
    unknown = sorted(set(args) - set(accepted))
    if unknown:
        takes = f"this page takes {', '.join(accepted)}" if accepted else "this page takes no parameters"
        raise BadParameter(f"There is no parameter {unknown[0]!r} here; {takes}.")
    given: dict[str, Any] = {}
    for name, raw_values in args.items():
        values = [value.strip() for value in raw_values if value.strip() or name in model.BLANK_ALLOWED]
        if name in model.REPEATABLE:
            given[name] = values
        elif len(values) > 1:
            raise BadParameter(f"Give {name} once; it was given {len(values)} times.")
        elif values:
            given[name] = values[0]
    try:
        return model.model_validate(given, context=context)
    except ValidationError as exc:
        raise BadParameter(_first_reason(exc)) from None


def _first_reason(exc: ValidationError) -> str:
    error = exc.errors(include_url=False)[0]
    name = ".".join(str(part) for part in error["loc"]) or "the query"
    message = error["msg"].removeprefix("Value error, ")
    return message if error["type"] == "value_error" else f"{name}: {message}; got {error.get('input')!r}"


def parse_date(name: str, text: str | None) -> dt.date | None:
    """`YYYY-MM-DD` -> date; empty or missing -> None. Raises BadParameter naming the parameter."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise BadParameter(f"{name} must be a date written YYYY-MM-DD, e.g. 2025-06-30; got {text!r}") from None


def parse_as_of(text: str | None) -> dt.date | None:
    """`YYYY-MM-DD` -> date; empty or missing -> None. Raises BadParameter with a message for people."""
    return parse_date("as_of", text)


def parse_flag(name: str, text: str | bool) -> bool:
    if isinstance(text, bool):
        return text
    if text.lower() not in FLAGS:
        raise BadParameter(f"The {name} option takes 1 or 0 (or true/false, yes/no, on/off); got {text!r}")
    return FLAGS[text.lower()]


def parse_whole_number(name: str, text: str | int) -> int:
    if isinstance(text, int) and not isinstance(text, bool):
        return text
    if not isinstance(text, str) or not text.isascii() or not text.isdigit() or len(text) > 6:
        raise BadParameter(f"The {name} option takes a whole number; got {text!r}")
    return int(text)


def round_to(number: int, step: int) -> int:
    """`number` to the nearest multiple of `step` (halves up)."""
    return (number + step // 2) // step * step


def _as_of_value(value: Any) -> dt.date | None:
    return value if isinstance(value, dt.date) else parse_as_of(value)


AsOfDate = Annotated[dt.date | None, BeforeValidator(_as_of_value)]
"""An `as_of` parameter: a date written YYYY-MM-DD, or absent."""


def _open_on_value(value: Any) -> dt.date | None:
    return value if isinstance(value, dt.date) else parse_date("open_on", value)


OpenOnDate = Annotated[dt.date | None, BeforeValidator(_open_on_value)]
"""An `open_on` parameter (the route planner's crossings as open that day): YYYY-MM-DD, or absent."""


def snap_as_of(as_of: dt.date | None, dates: Sequence[dt.date]) -> dt.date | None:
    """The latest of `dates` on or before `as_of`: given every date on which what is shown changes, every day
    in between renders the same. Before the first: the day before it. Without dates: None. The maps, embeds
    and pictures redirect a date to its snapped one (`AtlasIndex.change_dates` are the dates)."""
    if as_of is None or not dates:
        return None
    earlier = [day for day in dates if day <= as_of]
    return max(earlier) if earlier else min(dates) - dt.timedelta(days=1)


class NoParameters(QueryModel):
    """A page that takes no parameter at all."""


class AsOfQuery(QueryModel):
    """A page that takes only `as_of`: claims (and lines) as announced by that date."""

    as_of: AsOfDate = None


class PictureOptions(QueryModel):
    """A map picture's pixel size, resolution, whether to draw the legend, and the date whose line statuses it
    draws (`/maps/<key>.png`, `render --png`)."""

    width_px: int = Field(1600, alias="width")
    height_px: int = Field(1100, alias="height")
    dpi: int = 150
    legend: bool = True
    as_of: AsOfDate = None

    @field_validator("width_px", "height_px", mode="before")
    @classmethod
    def _size(cls, value: Any, info: Any) -> int:
        name = "width" if info.field_name == "width_px" else "height"
        number = parse_whole_number(name, value)
        if not MIN_WIDTH_PX <= number <= MAX_WIDTH_PX:
            raise ValueError(f"The {name} must be between {MIN_WIDTH_PX} and {MAX_WIDTH_PX} px; got {number}")
        return round_to(number, SIZE_STEP_PX)

    @field_validator("dpi", mode="before")
    @classmethod
    def _dpi(cls, value: Any) -> int:
        number = parse_whole_number("dpi", value)
        if not MIN_DPI <= number <= MAX_DPI:
            raise ValueError(f"The dpi must be between {MIN_DPI} and {MAX_DPI}; got {number}")
        return round_to(number, DPI_STEP)

    @field_validator("legend", mode="before")
    @classmethod
    def _legend(cls, value: Any) -> bool:
        return parse_flag("legend", value)
