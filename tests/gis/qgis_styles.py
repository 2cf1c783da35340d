"""Run by Debian's /usr/bin/python3 with python3-qgis: open layers as QGIS does and report the style it applied.

Prints one JSON object: per data source, whether the layer is valid, its renderer type, its rules' labels and
how many features a rule draws. Usage: qgis_styles.py URI...
"""

import json
import sys

from qgis.core import QgsApplication, QgsRenderContext, QgsVectorLayer


def describe(uri: str) -> dict:
    layer = QgsVectorLayer(uri, "layer", "ogr")
    renderer = layer.renderer()
    kind = renderer.type() if renderer else None
    result = {"valid": layer.isValid(), "renderer": kind, "count": layer.featureCount()}
    if renderer and renderer.type() == "RuleRenderer":
        context = QgsRenderContext()
        renderer.startRender(context, layer.fields())
        result["drawn"] = sum(1 for feature in layer.getFeatures() if renderer.willRenderFeature(feature, context))
        renderer.stopRender(context)
        result["rules"] = [rule.label() for rule in renderer.rootRule().children()]
    return result


def main() -> None:
    application = QgsApplication([], False)
    application.initQgis()
    try:
        print(json.dumps({uri: describe(uri) for uri in sys.argv[1:]}))
    finally:
        application.exitQgis()


if __name__ == "__main__":
    main()
