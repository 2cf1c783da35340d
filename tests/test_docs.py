"""The data README documents every property of the model."""

from __future__ import annotations

from corridor.atlas.load import DEFAULT_DATA_DIR
from corridor.docs import DOCUMENTED_MODELS, property_table, refresh_tables


def test_geodata_readme_property_tables_are_current():
    text = (DEFAULT_DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert refresh_tables(text) == text, "run `python -m corridor.docs` to refresh geodata/README.md"


def test_geodata_readme_has_a_table_for_every_model():
    text = (DEFAULT_DATA_DIR / "README.md").read_text(encoding="utf-8")
    for name, record_model in DOCUMENTED_MODELS.items():
        assert f"<!-- properties:{name} -->\n{property_table(record_model)}<!-- end -->" in text
        for field in record_model.model_fields:
            assert f"| `{field}` |" in text
