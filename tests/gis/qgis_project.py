"""Run by Debian's /usr/bin/python3 with python3-qgis: open a QGIS project as QGIS does and print its layout.

Prints one JSON object: whether QGIS read the project, its default view and the map window's extent, each
layer's validity, feature count, renderer type and whether it is labelled; each relation's validity and layers;
how many relations QGIS discovers in the layers' data sources by itself; the layouts' names and their labels'
texts; and writes the first layout as PNG and PDF.
Usage: qgis_project.py PROJECT OUT_PNG OUT_PDF
"""

import json
import sys

from qgis.core import (
    QgsApplication,
    QgsLayoutExporter,
    QgsLayoutItemLabel,
    QgsProject,
    QgsRelationManager,
    QgsRenderContext,
)
from qgis.gui import QgsMapCanvas


def _bounds(rectangle) -> list[float]:
    return [rectangle.xMinimum(), rectangle.yMinimum(), rectangle.xMaximum(), rectangle.yMaximum()]


def describe(project_path: str, png: str, pdf: str) -> dict:
    project = QgsProject.instance()
    canvas = QgsMapCanvas()  # QGIS's main map window, named as QGIS names it, reads its extent from the project
    canvas.setObjectName("theMapCanvas")
    canvas.resize(1200, 800)
    result = {"read": project.read(project_path), "title": project.title()}
    view = project.viewSettings().defaultViewExtent()
    result["view"] = [*_bounds(view), view.crs().authid()]
    result["canvas"] = _bounds(canvas.extent())
    result["layers"] = {
        layer.name(): {
            "valid": layer.isValid(),
            "count": layer.featureCount(),
            "renderer": layer.renderer().type() if layer.isSpatial() and layer.renderer() else None,
            "labelled": bool(layer.labelsEnabled() and layer.labeling()),
            "source": layer.source(),
        }
        for layer in project.mapLayers().values()
    }
    result["relations"] = {
        relation.id(): {
            "valid": relation.isValid(),
            "referencing": relation.referencingLayer().name() if relation.referencingLayer() else None,
            "referenced": relation.referencedLayer().name() if relation.referencedLayer() else None,
            "pairs": relation.fieldPairs(),
            "children_of_first_parent": _children_of_first_parent(relation),
        }
        for relation in project.relationManager().relations().values()
    }
    # What QGIS finds in the data sources by itself, without the relations the project declares.
    result["discovered"] = len(QgsRelationManager.discoverRelations([], list(project.mapLayers().values())))
    layouts = project.layoutManager().layouts()
    result["layouts"] = [layout.name() for layout in layouts]
    if layouts:
        layout = layouts[0]
        result["labels"] = [item.currentText() for item in layout.items() if isinstance(item, QgsLayoutItemLabel)]
        exporter = QgsLayoutExporter(layout)
        result["png"] = (
            exporter.exportToImage(png, QgsLayoutExporter.ImageExportSettings()) == QgsLayoutExporter.Success
        )
        pdf_settings = QgsLayoutExporter.PdfExportSettings()
        pdf_settings.textRenderFormat = QgsRenderContext.TextFormatAlwaysText  # words stay words in the PDF
        result["pdf"] = exporter.exportToPdf(pdf, pdf_settings) == QgsLayoutExporter.Success
    return result


def _children_of_first_parent(relation) -> int:
    """How many children the relation finds for the first parent feature that has any (0 if none has)."""
    parents = relation.referencedLayer()
    if parents is None:
        return 0
    return max((sum(1 for _ in relation.getRelatedFeatures(f)) for f in parents.getFeatures()), default=0)


def main() -> None:
    application = QgsApplication([], True)  # with a GUI (offscreen): the map canvas is a widget
    application.initQgis()
    try:
        print(json.dumps(describe(*sys.argv[1:4])))
    finally:
        application.exitQgis()


if __name__ == "__main__":
    main()
