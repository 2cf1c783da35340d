"""Renders in worker processes (`corridor serve`'s RENDER_PROCESSES): the answers are the ones the server
would have rendered itself, byte for byte; the work happens in the workers, not in the server's threads; a
worker that dies costs one 503, and workers follow the server to new data."""

from __future__ import annotations

import json
import os
import shutil
import signal

import pytest
from hostile import COSTLY_KINDS, costly_paths

from corridor.atlas.load import DEFAULT_DATA_DIR
from corridor.atlas.resources import SEEDS_DIR
from corridor.exports.formats import selection_keys
from corridor_web import create_app
from tests.popup_tables import first_use_urls

NOTE_EDIT = " (edited while serving)"


@pytest.fixture(scope="module")
def pooled(tmp_path_factory):
    """The app on a writable copy of the data, rendering in a worker process (started by the first request),
    as `corridor serve` runs it (with one per render slot)."""
    root = tmp_path_factory.mktemp("pooled")
    data_dir = root / "geodata"
    shutil.copytree(DEFAULT_DATA_DIR, data_dir, ignore=shutil.ignore_patterns("reference"))
    (data_dir / "reference").symlink_to(DEFAULT_DATA_DIR / "reference", target_is_directory=True)
    shutil.copytree(SEEDS_DIR, root / "seeds")
    app = create_app({"DATA_DIR": data_dir, "DATA_CHECK_SECONDS": 0, "RENDER_PROCESSES": True, "RENDER_SLOTS": 1})
    yield app
    app.extensions["corridor_render_pool"].close()


def worker_pids(app) -> set[int]:
    """The workers' process ids (waiting for them to load the app)."""
    pool = app.extensions["corridor_render_pool"]
    pids = {pool.start().submit(os.getpid).result(timeout=180) for _ in range(8)}
    assert pool.ready and pooled_health(app) == "ready"
    return pids


def pooled_health(app) -> str:
    return app.test_client().get("/healthz").get_json()["render_workers"]


def test_costly_answers_from_the_workers_are_the_servers_own_byte_for_byte(pooled, client, atlas):
    dates = [day.isoformat() for day in atlas.index.change_dates]
    paths = []
    for kind in COSTLY_KINDS:
        every = costly_paths(kind, 400, list(atlas.places), selection_keys(atlas), dates)
        # GeoPackages, shapefiles, Parquet and FlatGeobuf carry the time they were written
        paths += [path for path in every if ".csv?" in path or ".geojson?" in path or "?as_of" not in path][:2]
    paths += first_use_urls(client.get("/maps/overview.html").get_data(as_text=True))  # popup table, railways
    pooled_client = pooled.test_client()
    assert pooled_health(pooled) == "starting"  # the first request starts the workers (renders run here until
    assert worker_pids(pooled).isdisjoint({os.getpid()})  # they are up); from now on they run in the workers
    for path in paths:
        from_worker = pooled_client.get(path)  # uncompressed: gzip's header holds the second it was written
        in_thread = client.get(path)
        assert from_worker.status_code == in_thread.status_code == 200, path
        assert from_worker.data == in_thread.data, path
        for header in ("Content-Type", "Content-Encoding", "ETag", "Content-Security-Policy"):
            assert from_worker.headers.get(header) == in_thread.headers.get(header), (path, header)


def test_the_work_is_done_in_the_workers_not_in_the_servers_threads(pooled, monkeypatch):
    from corridor.pages import facts as queries

    def not_here(*args, **kwargs):
        raise AssertionError("searched in the server process")

    monkeypatch.setattr(queries, "facts_page", not_here)  # in this process only; the workers have their own
    answer = pooled.test_client().get("/facts?q=herat+in+a+worker")
    assert answer.status_code == 200
    assert b"Herat" in answer.data
    assert pooled.test_client().get("/maps/chaman-onward.html").status_code == 200


def test_a_worker_that_dies_costs_a_503_with_retry_after_then_renders_resume(pooled):
    pooled_client = pooled.test_client()
    for pid in worker_pids(pooled):
        os.kill(pid, signal.SIGKILL)
    died = pooled_client.get("/facts?q=while+a+worker+died")
    assert died.status_code == 503 and died.headers["Retry-After"] == "5"
    assert pooled_client.get("/facts?q=after+a+worker+died").status_code == 200  # here, while new ones start
    assert worker_pids(pooled)


def test_workers_render_the_data_the_server_serves_after_a_reload(pooled):
    worker_pids(pooled)  # a worker is up (after the test above, the new ones may still be loading)
    pooled_client = pooled.test_client()
    path = "/ogc/collections/places/items?filter=id%20%3D%20%27serhetabat%27"
    assert NOTE_EDIT.encode() not in pooled_client.get(path).data
    places_file = pooled.config["DATA_DIR"] / "places.geojson"
    places = json.loads(places_file.read_text())
    place = next(f for f in places["features"] if f["properties"]["id"] == "serhetabat")
    place["properties"]["location_note"] += NOTE_EDIT
    places_file.write_text(json.dumps(places, ensure_ascii=False, indent=1))
    assert pooled.extensions["corridor_data"].refresh()
    answer = pooled_client.get(path)  # the cache was emptied with the new data
    assert answer.status_code == 200
    assert NOTE_EDIT in json.dumps(answer.get_json(), ensure_ascii=False)
