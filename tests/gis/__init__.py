"""Tests that drive real GIS clients (QGIS, GDAL, OWSLib) against the app on a live local server."""
