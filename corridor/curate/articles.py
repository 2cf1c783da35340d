"""`corridor add-article`: a new article stored beside the seeds, with its record in `sources.json`.

The article's bytes are kept exactly as given (quotes are checked byte for byte against them) under a name made
like the seeds': the next number and the first 16 hex digits of the file's SHA-256. The seeds already there are
never rewritten; `sources.json` gains one record at its end, the records before it keep their bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from corridor.atlas.load import SOURCES_FILE, read_strict_json
from corridor.atlas.model import Source
from corridor.exports.write import write_atomic
from corridor.request.errors import BadParameter

UNDATED = "undated"
MAX_ARTICLE_BYTES = 2_000_000
SEED_NAME = re.compile(r"^([0-9]{3})_[0-9a-f]{16}\.txt$")


def json_bytes(document: Any) -> bytes:
    """A data file's bytes, formatted as the bundled files are."""
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def article_text(data: bytes, name: str) -> str:
    """The article's text; BadParameter saying what is wrong when it is not UTF-8 or holds no text."""
    if len(data) > MAX_ARTICLE_BYTES:
        raise BadParameter(f"{name} has {len(data):,} bytes; an article is at most {MAX_ARTICLE_BYTES:,}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadParameter(
            f"{name} is not UTF-8 text (byte {data[exc.start]:#04x} at offset {exc.start}); save it as UTF-8 and "
            "add it again"
        ) from None
    if not text.strip():
        raise BadParameter(f"{name} holds no text")
    return text


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def duplicate_of(text: str, url: str | None, seeds_dir: Path, sources: list[dict[str, Any]]) -> str | None:
    """The seed an article repeats (same text, whitespace aside) or the source with the same address."""
    for source in sources:
        if url is not None and source.get("url") == url:
            return f"{source.get('id')} (same address {url})"
    folded = _folded(text)
    for seed in sorted(seeds_dir.glob("*.txt")):
        if _folded(seed.read_bytes().decode("utf-8", errors="replace")) == folded:
            return f"{seed.stem} (same text)"
    return None


def parse_article_date(text: str) -> dt.date | None:
    """`YYYY-MM-DD`, or `undated` for an article that states no date."""
    if text.strip().lower() == UNDATED:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise BadParameter(f"the date must be written YYYY-MM-DD, or `{UNDATED}`; got {text!r}") from None


def next_seed_name(seeds_dir: Path, data: bytes) -> str:
    """The next seed number and the file's hash: `005_0123456789abcdef.txt`."""
    numbers = [int(m.group(1)) for p in seeds_dir.glob("*.txt") if (m := SEED_NAME.match(p.name))]
    number = max(numbers, default=-1) + 1
    if number > 999:
        raise BadParameter("seeds/ holds 1,000 articles already; seed names have three digits")
    return f"{number:03d}_{hashlib.sha256(data).hexdigest()[:16]}.txt"


def add_article(
    data_dir: Path,
    seeds_dir: Path,
    article: Path,
    *,
    title: str,
    publisher: str | None,
    date: str,
    url: str | None,
    dateline: bool = False,
    date_note: str | None = None,
    today: Callable[[], dt.date] = lambda: dt.datetime.now(dt.UTC).date(),
) -> Source:
    """Store `article` in `seeds_dir` and its record at the end of `sources.json`, `added` on `today()` (UTC);
    BadParameter (nothing written) when the text is not UTF-8, repeats an article, or has no title."""
    if not title.strip():
        raise BadParameter("give the article's title with --title (its headline, or a plain description)")
    try:
        data = article.read_bytes()
    except OSError as exc:
        raise BadParameter(f"cannot read {article.name}: {exc.strerror or exc}") from None
    text = article_text(data, article.name)
    sources_path = data_dir / SOURCES_FILE
    sources = read_strict_json(sources_path)
    repeated = duplicate_of(text, url, seeds_dir, sources)
    if repeated:
        raise BadParameter(f"{article.name} is already in the data as {repeated}; nothing was added")
    published = parse_article_date(date)
    if dateline and published is None:
        raise BadParameter("--dateline says the date is the article's dateline; give that date with --date")
    name = next_seed_name(seeds_dir, data)
    record = {
        "id": name.removesuffix(".txt"),
        "file": name,
        "title": title.strip(),
        "date": published.isoformat() if published else None,
        "date_kind": None if published is None else "dateline" if dateline else "published",
        "date_note": date_note,
        "publisher": publisher,
        "url": url,
        "added": today().isoformat(),
    }
    try:
        source = Source.model_validate(record)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        field = ".".join(str(part) for part in error["loc"]) or "the record"
        raise BadParameter(f"{field}: {error['msg'].removeprefix('Value error, ')}") from None
    seed_path = seeds_dir / name
    write_atomic(seed_path, data)
    try:
        write_atomic(sources_path, json_bytes([*sources, record]))
    except BaseException:
        seed_path.unlink(missing_ok=True)
        raise
    return source
