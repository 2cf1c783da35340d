"""Run by Debian's /usr/bin/python3 with python3-qgis: load every collection of an OGC API as a QGIS layer.

Prints one JSON object: per collection, whether the layer is valid, its feature count, each field's type
name, the ids in the order QGIS read them, how many features have a value in each field and every value as
text. Usage: qgis_load.py OGC_URL COLLECTION...
"""

import json
import sys

from qgis.core import QgsApplication, QgsVectorLayer


def load(url: str, collection: str) -> dict:
    uri = f"url='{url}' typename='{collection}' restrictToRequestBBOX='0'"
    layer = QgsVectorLayer(uri, collection, "OAPIF")
    if not layer.isValid():
        return {"valid": False, "error": layer.error().summary()}
    fields = {field.name(): field.typeName() for field in layer.fields()}
    features = list(layer.getFeatures())
    return {
        "valid": True,
        "count": layer.featureCount(),
        "fetched": len(features),
        "fields": fields,
        "ids": [feature["id"] for feature in features],
        "numbers": {
            name: [feature[name] for feature in features if isinstance(feature[name], (int, float))] for name in fields
        },
        "geometry": layer.geometryType(),
        "filled": {name: sum(1 for feature in features if _has_value(feature[name])) for name in fields},
        "texts": {feature["id"]: {name: _text(feature[name]) for name in fields} for feature in features},
    }


def _has_value(value) -> bool:
    return value is not None and not (hasattr(value, "isNull") and value.isNull())


def _text(value):
    """A value as JSON can hold it: lists as lists, everything else as text (None for NULL)."""
    if not _has_value(value):
        return None
    return [str(item) for item in value] if isinstance(value, list) else str(value)


def main() -> None:
    url, collections = sys.argv[1], sys.argv[2:]
    application = QgsApplication([], False)
    application.initQgis()
    try:
        print(json.dumps({collection: load(url, collection) for collection in collections}))
    finally:
        application.exitQgis()


if __name__ == "__main__":
    main()
