"""Where links out of a map, popup or balloon point: the site's pages, or nowhere (a file opened from disk)."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup


@dataclass(frozen=True)
class Links:
    """URL patterns for links out of the map (None: name the page without linking to it), and the window they
    open in (an embedded map opens a new tab rather than navigating the page around it)."""

    source: str | None = "/sources/{source_id}#fact-{fact_id}"
    corridor: str | None = "/corridors/{corridor_id}"
    target: str = "_top"
    disputes: str | None = "/facts?disputed=1"
    """Every disputed claim, for one whose disagreement is shown on no corridor page."""
    changes: str | None = "/changes.atom"
    """The feed of every change; a corridor's is under its page (`to_changes_feed`)."""

    @classmethod
    def under(cls, root: str, target: str = "_top") -> Links:
        """Links to the pages of the site at `root`: a path or URL without its trailing slash."""
        return cls(
            root + "/sources/{source_id}#fact-{fact_id}",
            root + "/corridors/{corridor_id}",
            target,
            root + "/facts?disputed=1",
            root + "/changes.atom",
        )

    def to_source(self, source_id: str, fact_id: str) -> str | None:
        """The passage a fact quotes, highlighted in its article's page."""
        return None if self.source is None else self.source.format(source_id=source_id, fact_id=fact_id)

    def to_article(self, source_id: str) -> str | None:
        """An article's page (the source pattern without a claim's anchor)."""
        return None if self.source is None else self.source.split("#", 1)[0].format(source_id=source_id)

    def to_corridor(self, corridor_id: str) -> str | None:
        return None if self.corridor is None else self.corridor.format(corridor_id=corridor_id)

    def to_changes_feed(self, corridor_id: str | None) -> str | None:
        """The Atom feed of a corridor's changes, or of every change for None."""
        if corridor_id is None or self.corridor is None:
            return self.changes
        return self.corridor.format(corridor_id=corridor_id) + "/changes.atom"

    def anchor(self, url: str | None, text: str, css_class: str) -> Markup:
        """A link opening in `target`, or the text alone when there is nothing to link to."""
        if url is None:
            return Markup('<span class="{}">{}</span>').format(css_class, text)
        return Markup('<a class="{}" href="{}" target="{}">{}</a>').format(css_class, url, self.target, text)


OFFLINE_LINKS = Links(source=None, corridor=None, disputes=None, changes=None)
"""For a map or file read away from the site: every source named, nothing linked."""
