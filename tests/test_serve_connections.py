"""`corridor serve` keeps answering while hundreds of connections send nothing or send headers slowly.

The issue asks for 500 idle and 200 slow-header connections held for 60 s; the test holds as many for
HOLD_S seconds (time in the suite is shared), which is past the point where waitress's defaults stopped
answering anyone (at once, from the 100th connection). `bench/load.py --hostile` holds them for the full 60 s.
"""

from __future__ import annotations

import http.client

import pytest
from hostile import corridor_serve, free_port, get, hold_connections, probe

IDLE, SLOW = 500, 200
HOLD_S = 12
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
