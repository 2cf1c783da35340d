"""One claim as HTML, the same on the pages, in map popups and in KML balloons.

A claim shows our statement (with its kind, the amount as the article qualifies it, the event date where the
article gives one and a "disputed" mark), the article's exact words, and where they come from: a link to the
highlighted passage, or, where nothing can be linked (a map opened from disk, a KML file), the seed file's
name. Every data string goes through markupsafe, since pages, Leaflet and Google Earth all read it as HTML.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from corridor.display.links import Links

DATE_KIND_BADGES = {"dateline": "dateline", "file_date": "file date"}


def date_badge(published: str | None, published_kind: str | None = None) -> Markup:
    """The article's date (marked when it is a dateline or a file date rather than a publication date), or an
    'undated' badge."""
    if published is None:
        return Markup('<span class="badge undated">undated</span>')
    badge = DATE_KIND_BADGES.get(published_kind or "")
    kind = Markup(' <span class="badge date-kind">{}</span>').format(badge) if badge else Markup("")
    return Markup('<time datetime="{0}">{0}</time>{1}').format(published, kind)


def disputed_mark(fact: dict[str, Any], links: Links) -> Markup:
    """A 'disputed' badge linking to where the claim stands beside those contradicting it; nothing if none do."""
    if not fact.get("disputed"):
        return Markup("")
    link: dict[str, str] | None = fact.get("dispute_link")
    corridor_page = links.to_corridor(link["corridor"]) if link else None
    href = f"{corridor_page}#{link['anchor']}" if corridor_page and link else links.disputes
    title = "Another article says otherwise: see both side by side"
    if href is None:
        return Markup(' <span class="badge disputed" title="{}">disputed</span>').format(title)
    return Markup(' <a class="badge disputed" href="{}" target="{}" title="{}">disputed</a>').format(
        href, links.target, title
    )


def citation_box(citation: str) -> Markup:
    """The copyable citation line of a claim, folded."""
    return Markup(
        '<details class="citation"><summary>Cite this claim</summary><textarea class="citation-text" readonly '
        'rows="4" aria-label="Citation for this claim">{}</textarea></details>'
    ).format(citation)


def _source(fact: dict[str, Any], links: Links) -> Markup:
    url = links.to_source(fact["source_id"], fact["id"])
    source = links.anchor(url, fact["source_title"], "source-link")
    if url is None:  # nothing to link to: the file name lets a reader find the article in seeds/
        source += Markup(' <span class="seed">(seeds/{})</span>').format(fact["seed"])
    return source


def context_line(fact: dict[str, Any], links: Links) -> Markup:
    """What has happened since the article, with its sources linked; nothing when the claim still stands."""
    if not fact.get("context_note"):
        return Markup("")
    sources = Markup("; ").join(
        links.anchor(cite["url"], cite["label"], "cite-link") for cite in fact.get("context", [])
    )
    return Markup('<p class="context"><strong>Since then:</strong> {} ({})</p>').format(fact["context_note"], sources)


def fact_card(
    fact: dict[str, Any],
    links: Links,
    tag: str = "article",
    mark_disputed: bool = True,
    citation: str | None = None,
    anchored: bool = False,
) -> Markup:
    """A claim (a `corridor.display.claims.claim_record` dict) as one element `tag`; `citation` adds the copyable
    citation line; `mark_disputed=False` where the claim already stands beside those that contradict it;
    `anchored` gives it the id `claim-<fact id>` (on a page, where each claim appears once)."""
    statement = Markup('{} <span class="kind">{}</span>').format(fact["statement"], fact["kind_label"])
    if fact.get("value_claimed"):
        statement += Markup(' <span class="value">{}</span>').format(fact["value_claimed"])
    if fact.get("date"):
        statement += Markup(' <span class="about-date">event date {}</span>').format(fact["date"])
    if mark_disputed and fact.get("disputed"):
        statement += disputed_mark(fact, links)
    cite = _source(fact, links) + Markup(" ") + date_badge(fact.get("published"), fact.get("published_kind"))
    if fact.get("date_note"):
        cite += Markup(' <span class="date-note">{}</span>').format(fact["date_note"])
    if fact.get("subject_note"):
        cite += Markup(' <span class="subject-note">Why this line: {}</span>').format(fact["subject_note"])
    extra = context_line(fact, links) + (citation_box(citation) if citation is not None else Markup(""))
    classes = "fact disputed" if fact.get("disputed") else "fact"
    anchor = Markup(' id="claim-{}"').format(fact["id"]) if anchored else Markup("")
    return Markup(
        '<{tag} class="{classes}"{anchor}><p class="statement">{statement}</p><blockquote>{quote}</blockquote>'
        '<p class="cite">{cite}</p>{extra}</{tag}>'
    ).format(
        tag=Markup(tag),
        classes=classes,
        anchor=anchor,
        statement=statement,
        quote=fact["quote"],
        cite=cite,
        extra=extra,
    )
