"""Exports for GIS tools: the formats table, layer tables, OGR, shapefile, KML and QGIS styles."""
