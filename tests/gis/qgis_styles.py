"""Run by Debian's /usr/bin/python3 with python3-qgis: open layers as QGIS does and report the style it applied.

Prints one JSON object: per data source, whether the layer is valid, its renderer type, where QGIS looks for
its default style (`styleURI`), its rules' labels, how many features the renderer and each rule draw, and the
names its labels show. Usage: qgis_styles.py URI...
"""

import json
import sys

from qgis.core import QgsApplication, QgsExpression, QgsExpressionContext, QgsRenderContext, QgsVectorLayer


def describe(uri: str) -> dict:
    layer = QgsVectorLayer(uri, "layer", "ogr")
    renderer = layer.renderer()
    kind = renderer.type() if renderer else None
    result = {"valid": layer.isValid(), "renderer": kind, "count": layer.featureCount(), "style_uri": layer.styleURI()}
    if renderer and renderer.type() == "RuleRenderer":
        context = QgsRenderContext()
        renderer.startRender(context, layer.fields())
        result["drawn"] = sum(1 for feature in layer.getFeatures() if renderer.willRenderFeature(feature, context))
        result["rules"] = [rule.label() for rule in renderer.rootRule().children()]
        result["drawn_by"] = {
            rule.label(): sum(1 for feature in layer.getFeatures() if rule.isFilterOK(feature, context))
            for rule in renderer.rootRule().children()
        }
        renderer.stopRender(context)
    labeling = layer.labeling()
    result["labels"] = bool(layer.labelsEnabled() and labeling)
    if result["labels"]:
        settings = labeling.settings()
        expression = QgsExpression(settings.fieldName)
        context = QgsExpressionContext()
        named = []
        for feature in layer.getFeatures():
            context.setFeature(feature)
            value = expression.evaluate(context)
            if value:
                named.append(str(value))
        result["named"] = named
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
