"""Elements whose rendered text goes into the document as it is: the same text branca's way gives."""

from __future__ import annotations

import pytest
from branca.element import Element

from corridor.maps.elements import Text, rendered_element


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n",
        "var a = 1;\n",
        "var a = 1;\n\n",
        "line\r\nand\rmore\n  ",
        '{"type": "FeatureCollection", "features": [{"id": "a"}]}',
        "holds {{ template }} syntax\n",
        "holds {# a comment #} and {% if true %}a block{% endif %}",
    ],
)
def test_rendered_element_renders_as_branca_element_does(text):
    assert rendered_element(text).render() == Element(text).render()


def test_text_without_template_syntax_is_not_compiled_again():
    assert isinstance(rendered_element('{"a": [1, 2]}\n'), Text)
    assert not isinstance(rendered_element("{{ x }}"), Text)
