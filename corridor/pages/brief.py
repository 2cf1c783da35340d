"""A corridor brief: one or two printable A4 pages (PDF) to hand to a report.

The map is the same picture as `corridor render --png` (`corridor.maps.picture`), then the length by country and by
status, the key claims with their quotes and sources, the disagreements side by side, and the data version.
HTML is built here with every text from the data escaped, and WeasyPrint lays it out with the system's
(Debian's) fonts; nothing is fetched: the only resource is the map, inlined as a `data:` URI.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

from markupsafe import Markup, escape

from corridor.atlas.load import Atlas
from corridor.display.css import with_palette
from corridor.exports.layers import newest_source_date
from corridor.pages.views import corridor_page
from corridor.request.errors import BadParameter
from corridor.request.params import PictureOptions

KEY_KINDS = ("investment", "cost", "trade_target", "timeline", "agreement", "gauge", "route", "feasibility")
"""Kinds of claim a brief lists first, in this order."""
MAX_KEY_CLAIMS = 5
MAX_PAGES = 2
"""A brief is one or two A4 pages: it lists fewer key claims (never none) rather than run to a third."""
MAP_PICTURE = PictureOptions(width_px=1800, height_px=900, dpi=200, legend=True)
STYLE = with_palette(
    """
@page { size: A4; margin: 12mm 13mm 13mm 13mm; font-family: "DejaVu Sans", sans-serif;
  @bottom-left { content: "corridor brief · " string(corridor); font-size: 7pt; color: var(--muted); }
  @bottom-right { content: "page " counter(page) " of " counter(pages); font-size: 7pt; color: var(--muted); } }
body { font-family: "DejaVu Sans", "Liberation Sans", sans-serif; font-size: 7.8pt; line-height: 1.28;
  color: var(--ink); }
h1 { font-size: 15pt; margin: 0 0 1mm; string-set: corridor content(); }
h2 { font-size: 10pt; margin: 3.5mm 0 1.2mm; border-bottom: 0.4pt solid var(--rule); padding-bottom: 0.5mm; }
p { margin: 0 0 1.2mm; }
.summary { color: var(--ink-soft); }
img.map { width: 100%; border: 0.4pt solid var(--line); }
table { border-collapse: collapse; width: 100%; }
td, th { text-align: left; vertical-align: top; padding: 0.6mm 1.5mm 0.6mm 0; border-bottom: 0.3pt solid var(--line); }
td.num { text-align: right; white-space: nowrap; }
.numbers { display: flex; gap: 5mm; }
.numbers > div { flex: 1; }
.claim { margin: 0 0 1.6mm; page-break-inside: avoid; }
.claim .statement { font-weight: bold; }
.quote { font-style: italic; color: var(--quote-ink); border-left: 1.2pt solid var(--quote-rule); padding-left: 2mm;
  margin: 0.4mm 0; }
.source { color: var(--muted); font-size: 7.4pt; }
.dispute { page-break-inside: avoid; border-left: 2pt solid var(--alarm); padding-left: 2.5mm; margin: 0 0 2.5mm; }
.sides { display: flex; gap: 3mm; }
.sides > .claim { flex: 1; }
.meta { color: var(--muted); font-size: 7.4pt; margin-top: 3mm; }
.review { color: var(--muted); font-size: 7.2pt; }
.crossings { flex: 1.4; font-size: 7.2pt; }
.crossings p { margin: 0 0 0.8mm; }
"""
)


def _km_table(rows: list[dict[str, Any]]) -> Markup:
    cells = (
        "".join(f"<tr><td>{escape(r['label'])}</td><td class='num'>{escape(r['text'])}</td></tr>" for r in rows)
        or "<tr><td>none</td></tr>"
    )
    notes = {r["note"] for r in rows if r.get("note")}
    return Markup(f"<table>{cells}</table>" + "".join(f"<p class='source'>{escape(n)}</p>" for n in notes))


def _claim(fact: dict[str, Any]) -> Markup:
    value = f" <span>({escape(fact['value_claimed'])})</span>" if fact["value_claimed"] else ""
    date = fact["published"] or "undated"
    return Markup(
        f"<div class='claim'><p class='statement'>{escape(fact['statement'])}{value}</p>"
        f"<p class='quote'>“{escape(fact['quote'])}”</p>"
        f"<p class='source'>{escape(fact['source_title'])} · {escape(date)} · seeds/{escape(fact['seed'])}</p></div>"
    )


def _published(routes: list[dict[str, Any]]) -> Markup:
    """Published end-to-end lengths beside the drawn ones, with their sources."""
    # The page's width, under the numbers: in a column of its own a route's name would wrap a word a line.
    rows = "".join(
        f"<tr><td>{escape(r['name'])} <span class='source'>{escape(r['source'])}</span></td>"
        f"<td class='num'>{escape(_published_figure(r))}</td><td class='num'>{escape(r['drawn_text'])} drawn</td></tr>"
        for r in routes
    )
    return Markup(f"<h2>Published beside drawn, end to end</h2><table>{rows}</table>") if rows else Markup("")


def _published_figure(row: dict[str, Any]) -> str:
    """`647 km published`, or `none published`."""
    return row["published_text"] if row["published_km"] is None else f"{row['published_text']} published"


def _crossings(crossings: list[dict[str, Any]]) -> Markup:
    """The corridor's border crossings with their state and its source, or nothing when it passes none."""
    rows = "".join(
        f"<p><strong>{escape(x['name'])}</strong>: {escape(x['state_text'] or 'no state recorded')}</p>"
        for x in crossings
    )
    return Markup(f"<div class='crossings'><h2>Border crossings</h2>{rows}</div>") if rows else Markup("")


def _review(corridor: dict[str, Any]) -> Markup:
    """When the data was last checked against the news, and what that review found missing, in one paragraph."""
    missing = " ".join(escape(item) for item in corridor["known_missing"])
    return Markup(
        f"<p class='review'><strong>Data reviewed on {escape(corridor['reviewed_on'] or 'no date')}.</strong>"
        + (f" Known to be missing: {missing}" if missing else "")
        + "</p>"
    )


def key_claims(view: dict[str, Any], limit: int = MAX_KEY_CLAIMS) -> list[dict[str, Any]]:
    """The claims a brief lists: the first `limit` of the key kinds (then any other), leaving out those shown as
    disagreements."""
    disputed = {f["id"] for group in view["disputes"] for f in group["facts"]}
    by_kind = {group["kind"]: group["facts"] for group in view["facts_by_kind"]}
    rest = [kind for kind in by_kind if kind not in KEY_KINDS]
    chosen = [f for kind in (*KEY_KINDS, *rest) for f in by_kind.get(kind, []) if f["id"] not in disputed]
    return chosen[:limit]


def brief_html(
    atlas: Atlas,
    corridor_id: str,
    map_png: bytes,
    made_on: dt.date | None = None,
    claim_limit: int = MAX_KEY_CLAIMS,
) -> str:
    """The brief as one HTML document (the map inlined) listing at most `claim_limit` key claims, ready for
    WeasyPrint."""
    if corridor_id not in atlas.corridors:
        raise BadParameter(f"There is no corridor {corridor_id!r}; choose one of {', '.join(atlas.corridors)}.")
    view = corridor_page(atlas, corridor_id)
    c = view["corridor"]
    picture = base64.b64encode(map_png).decode("ascii")
    claims = key_claims(view, claim_limit)
    disputes = "".join(
        f"<div class='dispute'><p><strong>What is disputed:</strong> {escape(group['summary'])}</p>"
        f"<div class='sides'>{''.join(_claim(f) for f in group['facts'])}</div></div>"
        for group in view["disputes"]
    )
    newest = newest_source_date(atlas)
    made_on = made_on or dt.date.today()
    shown = len(claims) + sum(len(g["facts"]) for g in view["disputes"])
    body = f"""
<h1>{escape(c["name"])}</h1>
<p class="summary">{escape(c["summary"])}</p>
{_review(c)}
<img class="map" alt="Map of the {escape(c["name"])}" src="data:image/png;base64,{picture}">
<div class="numbers">
  <div><h2>Length</h2><table><tr><td>drawn, all lines (every branch added)</td>
    <td class="num">{escape(c["length_text"])}</td></tr>
    {
        "".join(
            f"<tr><td>{escape(r['label'])}</td><td class='num'>{escape(r['text'])}</td></tr>"
            for r in c["km_by_variant"]
        )
    }</table></div>
  <div><h2>By country</h2>{_km_table(c["km_by_country"])}</div>
  <div><h2>By status</h2>{_km_table(c["km_by_status"])}</div>
  {_crossings(c["crossings"])}
</div>
{_published(c["published_routes"])}
<h2>Key claims</h2>
{"".join(_claim(f) for f in claims) or "<p>No claim outside the disagreements below.</p>"}
{"<h2>Where the articles disagree</h2>" + disputes if disputes else ""}
<p class="meta">{shown} of the corridor's {c["fact_count"]} claims, from {c["source_count"]} article(s); every quote is
verbatim from the article's file in seeds/. Data version {escape(atlas.version)}; newest article dated
{escape(newest.isoformat() if newest else "none")}; brief made {made_on.isoformat()}. Lengths are geodesic along the
drawn lines; schematic lines are straight and shorter than real track.</p>
"""
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{escape(c['name'])} · brief</title>"
        f"<style>{STYLE}</style></head><body>{body}</body></html>"
    )


def render_brief_pdf(atlas: Atlas, corridor_id: str, made_on: dt.date | None = None) -> bytes:
    """The corridor's brief as PDF bytes."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    from corridor.maps.picture import render_png

    if corridor_id not in atlas.corridors:
        raise BadParameter(f"There is no corridor {corridor_id!r}; choose one of {', '.join(atlas.corridors)}.")
    picture = render_png(atlas, corridor_id, MAP_PICTURE)
    # only inlined data: a brief never reaches the network or the disk
    offline = URLFetcher(allowed_protocols=("data",), fail_on_errors=True)
    # The disagreements are always shown whole; the key claims beside them are as many as fit in the pages.
    for limit in range(MAX_KEY_CLAIMS, 0, -1):
        document = HTML(string=brief_html(atlas, corridor_id, picture, made_on, limit), url_fetcher=offline).render()
        if len(document.pages) <= MAX_PAGES:
            break
    return document.write_pdf()
