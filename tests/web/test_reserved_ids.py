"""No record id can collide with a fixed URL: every literal path segment that sits where another route takes
a record id (/maps/overview.html beside /maps/<corridor_id>.html), and the `all` selection, is reserved."""

from __future__ import annotations

import re

from corridor.atlas.model import RESERVED_IDS
from corridor.exports.formats import ALL

VARIABLE = re.compile(r"^<(?:[a-z]+:)?(?P<name>[a-z_]+)>(?P<suffix>.*)$")
ID_VARIABLES = {"corridor_id", "key", "record_id", "item_id", "source_id"}


def fixed_words_where_ids_go(rules: list[str]) -> set[str]:
    """Literal segments of `rules` that another rule of the same shape takes as an id variable."""
    words = set()
    split = [rule.strip("/").split("/") for rule in rules]
    for variable_rule in split:
        for position, segment in enumerate(variable_rule):
            variable = VARIABLE.match(segment)
            if not variable or variable["name"] not in ID_VARIABLES:
                continue
            for other in split:
                same_shape = len(other) == len(variable_rule) and other[:position] == variable_rule[:position]
                literal = other[position] if same_shape else ""
                # A segment holding a variable (/embed/popups.<token>.<when>.json) is no fixed word: no
                # kebab-case id has its dots.
                if literal and "<" not in literal and literal.endswith(variable["suffix"]):
                    words.add(literal.removesuffix(variable["suffix"]) if variable["suffix"] else literal)
    return words


def test_every_fixed_word_where_an_id_goes_is_reserved(app):
    rules = [rule.rule for rule in app.url_map.iter_rules()]
    fixed = fixed_words_where_ids_go(rules)
    assert {"overview", "route"} <= fixed, "the rules the test knows of are found"
    assert fixed | {ALL} <= RESERVED_IDS
