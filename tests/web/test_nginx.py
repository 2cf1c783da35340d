"""The production setup, run: `corridor serve` behind Debian's nginx with the shipped `deploy/nginx.conf`,
checked with the same held connections and load as the server alone.

nginx runs in the foreground with a prefix, pid, logs and temporary files in a temporary directory, on a
free 127.0.0.1 port. Connections are held for HOLD_S seconds (`bench/load.py --nginx --hostile` holds them
for the 60 s the issue names).
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import xstatic.pkg.leaflet
from hostile import LOCALHOST, corridor_serve, free_port, get, hold_connections, probe, wait_until_up

from corridor.atlas.resources import STATIC_DIR

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf"
HOLD_S = 10
PAGES = [
    "/",
    "/corridors/chaman-onward",
    "/facts",
    "/sources",
    "/facts.json",
    "/api/facts",
    "/healthz",
    "/maps/overview.html",
    "/export/all.csv",
    "/ogc/collections",
]

if NGINX is None and os.environ.get("CI") != "true":
    pytest.skip("nginx is not installed (apt-get install nginx)", allow_module_level=True)


def render_config(prefix: Path, port: int, app_port: int) -> str:
    """deploy/nginx.conf with every `# test:` line pointed into `prefix` and at the two ports."""
    replacements = {
        "pid": f"pid {prefix}/nginx.pid;",
        "error_log": f"error_log {prefix}/error.log warn;",
        "access_log": f"access_log {prefix}/access.log;",
        "upstream": f"server {LOCALHOST}:{app_port};",
        "listen": f"listen {LOCALHOST}:{port};",
        "static": f"alias {STATIC_DIR}/;",
        "leaflet": f"alias {xstatic.pkg.leaflet.BASE_DIR}/;",
    }
    seen = set()

    def replace(match: re.Match[str]) -> str:
        indent, directive, name = match.group(1), match.group(2), match.group(3)
        seen.add(name)
        if name == "temp":
            return f"{indent}{directive.split()[0]} {prefix}/{directive.split()[0]};"
        return indent + replacements[name]

    text = re.sub(r"(?m)^(\s*)(.*?);\s*# test: (\w+)$", replace, CONFIG.read_text(encoding="utf-8"))
    assert seen == {*replacements, "temp"}, "every test line of deploy/nginx.conf is replaced"
    return text


@pytest.fixture(scope="module")
def nginx_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    prefix = tmp_path_factory.mktemp("nginx")
    port, app_port = free_port(), free_port()
    (prefix / "nginx.conf").write_text(render_config(prefix, port, app_port), encoding="utf-8")
    with corridor_serve(app_port, "--forwarded-hops", "1"):
        nginx = subprocess.Popen(
            [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,  # its log is error.log in the prefix
        )
        try:
            wait_until_up(port, nginx)
            for path in PAGES:
                assert get(port, path, timeout_s=60)[0] == 200, path
            yield port
        finally:
            nginx.terminate()
            try:
                nginx.wait(timeout=10)
            except subprocess.TimeoutExpired:
                nginx.kill()
                nginx.wait()


def test_nginx_config_is_valid(tmp_path):
    (tmp_path / "nginx.conf").write_text(render_config(tmp_path, 8080, 8000), encoding="utf-8")
    result = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_nginx_serves_static_files_itself_and_passes_the_apps_compression(nginx_port):
    connection = http.client.HTTPConnection(LOCALHOST, nginx_port, timeout=10)
    connection.request("GET", "/static/map.css")
    static = connection.getresponse()
    static.read()
    assert static.status == 200 and static.getheader("X-Content-Type-Options") == "nosniff"
    assert static.getheader("ETag", "").startswith('"'), "nginx's own strong ETag: not from the app"
    connection.request("GET", "/corridors/chaman-onward", headers={"Accept-Encoding": "br"})
    page = connection.getresponse()
    page.read()
    assert page.status == 200 and page.getheader("Content-Encoding") == "br"
    assert page.getheader("ETag", "").startswith('W/"'), "the app's answer, compressed by the app"
    connection.close()


def test_forwarded_headers_come_from_nginx_not_from_the_client(nginx_port):
    status, body = get(nginx_port, "/api/", headers={"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "gopher"})
    assert status == 200
    assert b"evil.example" not in body and b"gopher" not in body
    assert f"http://{LOCALHOST}:{nginx_port}/ogc".encode() in body


def test_expect_100_continue_is_answered_promptly(nginx_port):
    with socket.create_connection((LOCALHOST, nginx_port), timeout=5) as sock:
        started = time.monotonic()
        sock.sendall(f"GET /healthz HTTP/1.1\r\nHost: {LOCALHOST}\r\nExpect: 100-continue\r\n\r\n".encode())
        first = sock.recv(4096)
        assert time.monotonic() - started < 2
        assert first.startswith((b"HTTP/1.1 200", b"HTTP/1.1 100", b"HTTP/1.1 417"))


def test_nginx_answers_while_idle_and_slow_connections_are_held(nginx_port):
    with hold_connections(nginx_port, idle=500, slow=200) as held:
        assert held.refused == 0
        seen = probe(nginx_port, ["/", "/corridors/chaman-onward", "/healthz"], duration_s=HOLD_S)
    assert not seen.failures, seen.failures[:5]
    assert set(seen.statuses) == {200}
    assert seen.p95_ms() < 200, f"p95 {seen.p95_ms():.0f} ms"


def test_load_through_nginx_has_no_errors(nginx_port):
    def fetch(path: str) -> int:
        return get(nginx_port, path, timeout_s=30)[0]

    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(fetch, PAGES * 100))
    assert statuses.count(200) == len(statuses), sorted(set(statuses))


SECURITY_HEADERS = ("content-security-policy", "x-content-type-options", "referrer-policy", "x-frame-options")
NGINX_OWN_ERRORS = {
    "400 malformed request line": (b"GARBAGE\r\n\r\n", 400),
    "400 no Host in HTTP/1.1": (b"GET / HTTP/1.1\r\n\r\n", 400),
    "404 missing static file": (b"GET /static/nowhere.css HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 404),
    "405 POST to a static file": (
        b"POST /static/map.css HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n",
        405,
    ),
    "413 body too large": (
        b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n" + b"x" * 100000,
        413,
    ),
    "414 URI too long": (b"GET /" + b"x" * 20000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 414),
    "400 header too large": (b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"x" * 20000 + b"\r\n\r\n", 400),
}


def raw_answer(port: int, request: bytes) -> tuple[int, dict[str, str]]:
    """Send `request` as bytes; the status and headers of the answer."""
    with socket.create_connection((LOCALHOST, port), timeout=10) as sock:
        with contextlib.suppress(OSError):  # nginx answered and closed before the body was all sent
            sock.sendall(request)
        data = b""
        while b"\r\n\r\n" not in data and (chunk := sock.recv(65536)):
            data += chunk
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in head[1:] if ": " in line)
    return int(head[0].split()[1]), {name.lower(): value for name, value in headers.items()}


@pytest.mark.parametrize("case", list(NGINX_OWN_ERRORS))
def test_nginxs_own_errors_carry_the_security_headers(nginx_port, case):
    request, expected = NGINX_OWN_ERRORS[case]
    status, headers = raw_answer(nginx_port, request)
    assert status == expected, case
    for name in SECURITY_HEADERS:
        assert name in headers, (case, name)
    assert headers["content-security-policy"].count("default-src") == 1
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


def test_the_apps_answers_keep_their_own_security_headers_behind_nginx(nginx_port):
    embed = raw_answer(nginx_port, b"GET /embed/all HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")[1]
    assert "frame-ancestors *" in embed["content-security-policy"] and "x-frame-options" not in embed
    document = b"GET /maps/overview.html HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    page = raw_answer(nginx_port, document)[1]
    assert "'sha256-" in page["content-security-policy"] and page["x-frame-options"] == "SAMEORIGIN"


def test_nginx_answers_a_stopped_app_with_502_and_the_security_headers(tmp_path):
    port, nobody = free_port(), free_port()
    (tmp_path / "nginx.conf").write_text(render_config(tmp_path, port, nobody), encoding="utf-8")
    nginx = subprocess.Popen(
        [NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                status, headers = raw_answer(port, b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                break
            except OSError:
                assert time.monotonic() < deadline, "nginx did not start"
                time.sleep(0.1)
        assert status == 502
        assert all(name in headers for name in SECURITY_HEADERS), headers
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
