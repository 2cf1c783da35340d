"""A missing GIS client is a skip on a developer's machine and a failure on CI, never a silent pass."""

from __future__ import annotations

import pytest

from gis.clients import require


def test_a_missing_client_fails_under_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must install it with `apt-get install python3-qgis`"):
        require(False, "QGIS (python3-qgis)", "apt-get install python3-qgis")


def test_a_missing_client_is_skipped_elsewhere(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="not installed"):
        require(False, "ogr2ogr", "apt-get install gdal-bin")
