"""`corridor review-claims`: one HTML file for the curator, read locally: the article with the draft's candidate
quotes and the claims already taken from it highlighted, each candidate with what it would add, and what the full
validation says of the data with the kept candidates added (nothing is written).

The file runs no script and loads nothing (its Content-Security-Policy allows only its own inline style); every
text from the article, the draft and the data is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from markupsafe import Markup, escape

from corridor.atlas.load import Atlas
from corridor.curate.accept import fact_record, is_kept, merged_problems
from corridor.display.css import with_palette
from corridor.display.quotes import passages

STYLE = with_palette(
    """
body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 72rem; padding: 1rem; color: var(--ink); }
.layout { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1.5rem; }
@media (max-width: 50rem) { .layout { grid-template-columns: 1fr; } }
article { white-space: pre-wrap; background: var(--white); border: 1px solid var(--line); padding: 1rem;
  border-radius: 6px; }
mark.candidate { background: var(--candidate); }
mark.kept { background: var(--kept); }
mark.taken { text-decoration: underline 3px var(--taken); }
mark.candidate.taken { background: var(--candidate); }
section.claim { border: 1px solid var(--line); border-radius: 6px; padding: 0.5rem 0.8rem; margin: 0 0 0.8rem; }
section.claim.kept { border-color: var(--kept-rule); }
.meta, .why { color: var(--muted); font-size: 0.88rem; }
ul.problems li { color: var(--disputed-ink); }
p.ok { color: var(--existing-ink); }
code { font-size: 0.85em; }
"""
)
CSP = "default-src 'none'; style-src 'unsafe-inline'"


def review_view(atlas: Atlas, draft: dict[str, Any], keep: Iterable[str] = ()) -> dict[str, Any]:
    """What the review page shows: the article cut into marked passages, the candidates, the claims already
    taken, and the problems of the data with the kept candidates added."""
    keep = list(keep)
    source = atlas.sources[draft["article"]]
    text = atlas.seed_texts[source.file]
    candidates = [c for c in draft["claims"] if isinstance(c, dict)]
    taken = atlas.index.facts_by_seed.get(source.file, ())
    quotes = [(f"claim:{c.get('id')}", str(c.get("quote", ""))) for c in candidates]
    quotes += [(f"taken:{f.id}", f.quote) for f in taken]
    kept = [c for c in candidates if is_kept(c, keep)]
    _, problems = merged_problems(atlas, [fact_record(c, source.file) for c in kept])
    return {
        "source": {"id": source.id, "title": source.title, "date": source.date, "date_kind": source.date_kind},
        "passages": passages(text, quotes),
        "kept": {str(c.get("id")) for c in kept},
        "candidates": [
            c
            | {
                "in_text": str(c.get("quote", "")) in text,
                "kept": is_kept(c, keep),
                "already_taken_by": [f.id for f in taken if f.quote in str(c.get("quote", ""))],
            }
            for c in candidates
        ],
        "taken": [{"id": f.id, "statement": f.statement, "quote": f.quote} for f in taken],
        "problems": [str(p) for p in problems],
    }


def _passage(passage: dict[str, Any], kept: set[str]) -> Markup:
    marks = passage["facts"]
    if not marks:
        return escape(passage["text"])
    candidates = [m.removeprefix("claim:") for m in marks if m.startswith("claim:")]
    classes = ["candidate"] * bool(candidates) + ["kept"] * any(c in kept for c in candidates)
    classes += ["taken"] * any(m.startswith("taken:") for m in marks)
    return Markup('<mark class="{}" title="{}">{}</mark>').format(" ".join(classes), ", ".join(marks), passage["text"])


def _candidate(claim: dict[str, Any]) -> Markup:
    state = "kept" if claim["kept"] else "not kept"
    taken = claim.get("already_taken_by") or []
    return Markup(
        '<section class="claim{}" id="claim-{}"><p class="meta"><code>{}</code> · {} · {} · subjects: {} · '
        'event date: {}</p><p>{}</p><blockquote>{}</blockquote><p class="why">{}{}{}</p></section>'
    ).format(
        " kept" if claim["kept"] else "",
        claim.get("id"),
        claim.get("id"),
        state,
        claim.get("kind"),
        ", ".join(str(s) for s in claim.get("subjects") or []) or "none",
        claim.get("date") or "none",
        claim.get("statement"),
        claim.get("quote"),
        "Why suggested: " + "; ".join(str(w) for w in claim.get("why") or []) + ". ",
        "Already taken by: " + ", ".join(taken) + ". " if taken else "",
        "" if claim["in_text"] else Markup("<strong>The quote is not in the article.</strong>"),
    )


def render_review_html(view: dict[str, Any]) -> str:
    """The review page as one HTML document (no script, nothing loaded from elsewhere)."""
    source = view["source"]
    problems = (
        Markup('<ul class="problems">{}</ul>').format(
            Markup("").join(Markup("<li>{}</li>").format(p) for p in view["problems"])
        )
        if view["problems"]
        else Markup('<p class="ok">The data validates with the kept claims added.</p>')
    )
    taken = Markup("").join(
        Markup("<li><code>{}</code> {}<br><q>{}</q></li>").format(f["id"], f["statement"], f["quote"])
        for f in view["taken"]
    )
    body = Markup(
        '<h1>Review: {}</h1><p class="meta">{} · {} · {} candidate(s), {} kept · {} claim(s) already taken</p>'
        '<p class="meta">Yellow: a candidate quote; green: a kept one; underlined: a claim already in the data.</p>'
        "<h2>What validation says</h2>{}"
        '<div class="layout"><div><h2>The article</h2><article>{}</article>'
        "<h2>Claims already taken from it</h2><ul>{}</ul></div>"
        "<div><h2>Candidates</h2>{}</div></div>"
    ).format(
        source["title"],
        source["id"],
        f"{source['date_kind']} {source['date']}" if source["date"] else "undated",
        len(view["candidates"]),
        len(view["kept"]),
        len(view["taken"]),
        problems,
        Markup("").join(_passage(p, view["kept"]) for p in view["passages"]),
        taken or Markup("<li>none yet</li>"),
        Markup("").join(_candidate(c) for c in view["candidates"]),
    )
    return str(
        Markup(
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            '<meta http-equiv="Content-Security-Policy" content="{}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            "<title>Review: {}</title><style>{}</style></head><body>{}</body></html>\n"
        ).format(CSP, source["title"], Markup(STYLE), body)
    )
