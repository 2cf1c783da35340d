"""Catalogue metadata over HTTP: the DCAT catalogue at /catalog.jsonld and the home page's schema.org Dataset."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request

from corridor.api.catalog import dcat_catalog, schema_org_dataset
from corridor.api.ogc.features import check_parameters
from corridor.display.licence import DATA_LICENCE_NAME, DATA_LICENCE_URL
from corridor_web.blueprints.api import json_response
from corridor_web.site import atlas

catalog = Blueprint("catalog", __name__)


def _root() -> str:
    return request.url_root.rstrip("/")


@catalog.get("/catalog.jsonld")
def catalog_document() -> Any:
    """The DCAT catalogue of the dataset and its distributions, as JSON-LD."""
    check_parameters(request.args.to_dict(flat=False), ())
    return json_response(dcat_catalog(atlas(), _root()), media_type="application/ld+json")


@catalog.app_context_processor
def licence_names() -> dict[str, str]:
    """The data licence's name and URL for the footer of every page."""
    return {"licence_name": DATA_LICENCE_NAME, "licence_url": DATA_LICENCE_URL}


@catalog.app_template_global("dataset_jsonld")
def dataset_jsonld() -> dict[str, Any]:
    """The schema.org Dataset the home page embeds."""
    return schema_org_dataset(atlas(), _root())
