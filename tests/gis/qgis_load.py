"""Run by Debian's /usr/bin/python3 with python3-qgis: load every collection of an OGC API as a QGIS layer.

Prints one JSON object: per collection, whether the layer is valid, its feature count, each field's type name
and the ids in the order QGIS read them. Usage: qgis_load.py OGC_URL COLLECTION...
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
    }


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
