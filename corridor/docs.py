"""Property tables for geodata/README.md, generated from the model so the docs cannot drift.

Run `python -m corridor.docs` after changing corridor/atlas/model.py to refresh the tables in place.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from pydantic import BaseModel

from corridor.atlas import model
from corridor.atlas.load import DEFAULT_DATA_DIR

DOCUMENTED_MODELS: dict[str, type[BaseModel]] = {
    "Source": model.Source,
    "Reference": model.Reference,
    "Topic": model.Topic,
    "PlaceProperties": model.PlaceProperties,
    "CrossingStep": model.CrossingStep,
    "SegmentProperties": model.SegmentProperties,
    "StatusStep": model.StatusStep,
    "Corridor": model.Corridor,
    "Fact": model.Fact,
}
KEBAB_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
BLOCK = re.compile(r"(<!-- properties:(\w+) -->\n)(.*?)(<!-- end -->)", re.DOTALL)


def _schema_type(schema: dict) -> str:
    """A short human name for one JSON Schema property."""
    if "anyOf" in schema:
        return " or ".join(_schema_type(option) for option in schema["anyOf"])
    if "enum" in schema:
        return "one of " + ", ".join(f"`{value}`" for value in schema["enum"])
    if "const" in schema:
        return f"`{schema['const']}`"
    kind = schema.get("type", "object")
    if kind == "array":
        return f"list of {_schema_type(schema.get('items', {}))}"
    if kind == "string" and schema.get("format") == "date":
        return "date (YYYY-MM-DD)"
    if schema.get("pattern") == KEBAB_PATTERN:
        return "kebab-case id"
    if kind == "string" and "pattern" in schema:
        return f"string matching `{schema['pattern']}`"
    return str(kind)


def property_table(record_model: type[BaseModel]) -> str:
    """A Markdown table of a model's fields: name, type, required, meaning."""
    schema = record_model.model_json_schema()
    definitions = schema.get("$defs", {})
    required = set(schema.get("required", []))
    rows = ["| property | type | required | meaning |", "| --- | --- | --- | --- |"]
    for name, prop in schema["properties"].items():
        if "$ref" in prop:
            prop = definitions[prop["$ref"].rsplit("/", 1)[1]]
        description = prop.get("description", "").replace("|", "\\|")
        type_name = _schema_type(prop).replace("|", "\\|")
        rows.append(f"| `{name}` | {type_name} | {'yes' if name in required else 'no'} | {description} |")
    return "\n".join(rows) + "\n"


def refresh_tables(text: str) -> str:
    """Replace every marked block in `text` with the current table for its model."""
    return BLOCK.sub(lambda m: m.group(1) + property_table(DOCUMENTED_MODELS[m.group(2)]) + m.group(4), text)


def main() -> int:
    readme = DEFAULT_DATA_DIR / "README.md"
    readme.write_text(refresh_tables(readme.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"refreshed {Path(readme).name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
