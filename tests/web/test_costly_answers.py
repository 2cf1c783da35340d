"""Every costly answer is bounded: while 8 clients send distinct requests of one costly kind (searches,
routes through 12 places, exports at dates, OGC filters) to a real `corridor serve`, a cached page keeps
answering, and the costly requests are answered (or refused with 503 and Retry-After), never failed.
`bench/costly.py` measures the cached page's p95 under each kind for 20 s against its p95 at rest."""

from __future__ import annotations

from collections import Counter

import pytest
from hostile import COSTLY_KINDS, corridor_serve, costly_paths, flood, free_port, get, probe

from corridor.exports.formats import selection_keys

FLOOD_S = 3
CACHED_PAGE = "/corridors/chaman-onward"


@pytest.fixture(scope="module")
def server_port():
    port = free_port()
    with corridor_serve(port):
        assert get(port, CACHED_PAGE)[0] == 200
        yield port


@pytest.mark.parametrize("kind", COSTLY_KINDS)
def test_a_cached_page_keeps_answering_while_8_clients_send_distinct_costly_requests(server_port, atlas, kind):
    dates = [day.isoformat() for day in atlas.index.change_dates]
    paths = costly_paths(kind, 400, list(atlas.places), selection_keys(atlas), dates)
    assert len(set(paths)) == len(paths) == 400
    with flood(server_port, paths) as costly:
        seen = probe(server_port, [CACHED_PAGE], duration_s=FLOOD_S)
    assert not seen.failures, seen.failures[:3]
    assert set(seen.statuses) == {200}
    assert len(seen.statuses) >= 10, f"the cached page answered {len(seen.statuses)} times in {FLOOD_S} s"
    statuses = Counter(costly.statuses)
    assert not costly.failures, costly.failures[:3]
    assert statuses[200] + statuses[400] > 0, statuses
    assert set(statuses) <= {200, 400, 503}, statuses


def test_an_export_at_any_day_redirects_to_the_last_change_so_dates_cost_one_render_each(client, atlas):
    last_change = atlas.index.change_dates[-1]
    response = client.get("/export/all.gpkg?as_of=2099-01-01")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/export/all.gpkg?as_of={last_change.isoformat()}"
    assert client.get(response.headers["Location"]).status_code == 200


def test_a_search_folds_each_fact_once_per_data_version(atlas):
    from corridor.pages import facts as queries

    first = queries.facts_page(atlas, queries.FactQuery.model_validate({"q": "Torghundi"}, context=atlas))
    again = queries.facts_page(atlas, queries.FactQuery.model_validate({"q": "turghundi"}, context=atlas))
    assert first["facts"] and [f["id"] for f in first["facts"]] == [f["id"] for f in again["facts"]]
    assert atlas.index.derived(("fact search index",), lambda: None) is not None
