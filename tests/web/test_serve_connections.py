"""`corridor serve` keeps answering while hundreds of connections send nothing or send headers slowly.

The issue asks for 500 idle and 200 slow-header connections held for 60 s; the test holds as many for
HOLD_S seconds (time in the suite is shared), which is past the point where waitress's defaults stopped
answering anyone (at once, from the 100th connection). `bench/load.py --hostile` holds them for the full 60 s.
"""

from __future__ import annotations

import http.client
import itertools
import threading
from pathlib import Path

import pytest
from hostile import corridor_serve, free_port, get, hold_connections, probe

IDLE, SLOW = 500, 200
HOLD_S = 12
EMBED_LAYERS = [
    ",".join(chosen)
    for size in range(4)
    for chosen in itertools.combinations(["places", "gauge-breaks", "alternatives", "context", "railways"], size)
]
CACHED_PAGES = ["/", "/corridors/chaman-onward", "/facts.json", "/healthz"]


@pytest.fixture(scope="module")
def server_port() -> int:
    port = free_port()
    with corridor_serve(port, "--threads", "8"):
        for path in CACHED_PAGES:
            assert get(port, path)[0] == 200
        yield port


def test_serve_answers_while_idle_and_slow_connections_are_held(server_port):
    with hold_connections(server_port, idle=IDLE, slow=SLOW) as held:
        assert held.refused == 0
        assert len(held.idle) == IDLE and len(held.slow) == SLOW
        seen = probe(server_port, CACHED_PAGES, duration_s=HOLD_S)
    assert not seen.failures, seen.failures[:5]
    assert set(seen.statuses) == {200}
    assert len(seen.statuses) > 20
    assert seen.p95_ms() < 200, f"p95 {seen.p95_ms():.0f} ms over {len(seen.times_ms)} requests"


def test_serve_answers_oversized_headers_with_431_and_security_headers(server_port):
    connection = http.client.HTTPConnection("127.0.0.1", server_port, timeout=5)
    connection.request("GET", "/", headers={"X-Big": "x" * 20000})
    response = connection.getresponse()
    assert response.status == 431
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert "frame-ancestors 'none'" in response.getheader("Content-Security-Policy")
    connection.close()


def test_serve_refuses_a_host_it_is_not_served_under(server_port):
    status, body = get(server_port, "/", headers={"Host": "evil.example"})
    assert status == 400 and b"Host" in body


def test_expensive_variants_do_not_slow_health_or_cached_pages(server_port):
    """50 requests at once for distinct renders: a few are drawn, the rest answered 503 with Retry-After,
    and meanwhile /healthz and cached pages answer within 1 s each."""
    variants = [f"/maps/all.png?width={1200 + 10 * i}&height=900&dpi=100" for i in range(25)]
    variants += [f"/embed/all?layers={layers}" for layers in EMBED_LAYERS[:25]]
    results: list[tuple[int, str | None]] = []
    lock = threading.Lock()

    def fetch(path: str) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", server_port, timeout=120)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            with lock:
                results.append((response.status, response.getheader("Retry-After")))
        finally:
            connection.close()

    threads = [threading.Thread(target=fetch, args=(path,)) for path in variants]
    for thread in threads:
        thread.start()
    seen = probe(server_port, ["/healthz", "/", "/corridors/chaman-onward"], duration_s=4, timeout_s=5)
    for thread in threads:
        thread.join(120)
    assert not seen.failures, seen.failures[:5]
    assert set(seen.statuses) == {200}
    assert max(seen.times_ms) < 1000, f"slowest {max(seen.times_ms):.0f} ms"
    statuses = [status for status, _ in results]
    assert len(statuses) == len(variants)
    assert set(statuses) <= {200, 503}, statuses
    assert 200 in statuses and 503 in statuses
    assert all(retry == "5" for status, retry in results if status == 503)


def test_serve_help_and_the_docs_name_every_setting_and_why(runner):
    from corridor_web.cli import main
    from corridor_web.serving import SETTINGS

    docs = Path(__file__).resolve().parents[2] / "docs" / "operators"
    serving, nginx = ((docs / page).read_text(encoding="utf-8") for page in ("index.md", "nginx.md"))
    help_text = runner.invoke(main, ["serve", "--help"]).output
    for flag in [*(setting.flag for setting in SETTINGS), "trusted-hosts", "forwarded-hops"]:
        assert f"--{flag}" in help_text, flag
        assert f"| `--{flag}` |" in serving, flag
    for setting in SETTINGS:
        assert " ".join(setting.why.split()) in serving, setting.flag
    assert "deploy/nginx.conf" in nginx


def test_the_direct_servers_threshold_is_its_connection_limit():
    """Scaled down (--connection-limit 40) from bench/connections.py, which finds the default's (2,000): below
    the limit a new client is answered, from it on it waits, and it is answered again once connections close."""
    port = free_port()
    with corridor_serve(port, "--connection-limit", "40"):
        with hold_connections(port, idle=0, slow=30):
            assert get(port, "/healthz", timeout_s=10)[0] == 200
        with hold_connections(port, idle=0, slow=45), pytest.raises(OSError):
            get(port, "/healthz", timeout_s=3)
        seen = probe(port, ["/healthz"], duration_s=1, timeout_s=10)
        assert seen.statuses and set(seen.statuses) == {200}
