"""One host check, one answer, through a real `corridor serve`: every Host (and, behind a proxy,
X-Forwarded-Host) is either served or refused with the same plain 400, whatever its case, port or brackets;
none is a 500, and a HEAD's answer has no body, so the next answer on a kept-alive connection is whole.

Each request is sent on a raw socket as `HEAD` then `GET /healthz` on the same connection: a body after the
HEAD's headers would be read as the start of the second answer.
"""

from __future__ import annotations

import http.client
import io
import socket
from collections.abc import Iterator

import pytest
from hostile import LOCALHOST, corridor_serve, free_port

from corridor_web.middleware.limits import canonical_host

SERVED_BY_DEFAULT = [
    "localhost",
    "LOCALHOST",
    "Localhost:18430",
    "localhost.",
    "localhost:00080",
    "127.0.0.1",
    "127.0.0.1:8000",
    "[::1]",
    "[::1]:8000",
    "[0:0:0:0:0:0:0:1]:65535",
]
UNTRUSTED_BY_DEFAULT = ["CORRIDOR.EXAMPLE.ORG", "corridor.example.org:8000", "[::2]"]
MALFORMED = [
    "127.0.0.1:0",
    ":00080",
    "localhost:65536",
    ":65536",
    "localhost:99999",
    ":99999",
    "localhost:",
    "[::1",
    "[::1]x",
    "::1",
    "[fe80::1%eth0]",
    "evil.example/..",
    "a b",
    "x" * 300,
]
REFUSED_BY_DEFAULT = UNTRUSTED_BY_DEFAULT + MALFORMED


REFUSAL = b"400 Bad Request: the Host header is not one this site is served under; send this server's name.\n"
PROXY_HOSTS = "127.0.0.1,corridor.example.org,.example.net"


class Unclosed(io.BytesIO):
    """Bytes http.client may 'close' after each answer and still read the next one from."""

    def close(self) -> None:
        pass


class Raw:
    """A socket's bytes as a file, for http.client to read answers from one after the other."""

    def __init__(self, data: bytes) -> None:
        self.file = Unclosed(data)

    def makefile(self, *_args: object, **_kwargs: object) -> io.BytesIO:
        return self.file


def head_then_get(port: int, headers: dict[str, str]) -> Iterator[tuple[str, int, dict[str, str], bytes]]:
    """HEAD / and GET /healthz on one kept-alive connection with `headers`: (method, status, headers, body)."""
    lines = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    request = f"HEAD / HTTP/1.1\r\n{lines}\r\nGET /healthz HTTP/1.1\r\n{lines}Connection: close\r\n\r\n"
    with socket.create_connection((LOCALHOST, port), timeout=30) as sock:
        sock.sendall(request.encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    raw = Raw(data)
    for method in ("HEAD", "GET"):
        response = http.client.HTTPResponse(raw, method=method)  # type: ignore[arg-type]
        response.begin()
        body = response.read()
        yield method, response.status, {k.lower(): v for k, v in response.getheaders()}, body
        if response.will_close:
            return


def assert_one_answer(port: int, headers: dict[str, str], served: bool) -> None:
    answers = list(head_then_get(port, headers))
    assert [method for method, *_ in answers] == ["HEAD", "GET"], (headers, answers)
    (_, head_status, head_headers, head_body), (_, get_status, get_headers, get_body) = answers
    assert head_body == b""
    if served:
        assert head_status == 200 and get_status == 200, headers
        assert b'"status":"ok"' in get_body.replace(b" ", b"")
    else:
        assert head_status == 400 and get_status == 400, headers
        assert (
            get_body
            == b"400 Bad Request: the Host header is not one this site is served under; send this server's name.\n"
        )
        assert get_headers["content-type"].startswith("text/plain")
        assert "frame-ancestors 'none'" in head_headers["content-security-policy"]


@pytest.fixture(scope="module")
def default_port() -> Iterator[int]:
    port = free_port()
    with corridor_serve(port):
        yield port


@pytest.fixture(scope="module")
def proxied_port() -> Iterator[int]:
    port = free_port()
    with corridor_serve(port, "--forwarded-hops", "1", "--trusted-hosts", PROXY_HOSTS):
        yield port


@pytest.mark.parametrize("host", SERVED_BY_DEFAULT)
def test_serve_by_default_answers_what_a_local_user_types(default_port, host):
    assert_one_answer(default_port, {"Host": host}, served=True)


@pytest.mark.parametrize("host", REFUSED_BY_DEFAULT)
def test_serve_by_default_refuses_every_other_host_with_the_same_400(default_port, host):
    assert_one_answer(default_port, {"Host": host}, served=False)


def test_a_request_without_host_is_checked_by_the_servers_own_name(default_port):
    with socket.create_connection((LOCALHOST, default_port), timeout=30) as sock:
        sock.sendall(b"GET /healthz HTTP/1.0\r\n\r\n")
        answer = sock.makefile("rb").read()
    assert answer.split(b" ", 2)[1] in (b"200", b"400")


@pytest.mark.parametrize(
    ("forwarded", "served"),
    [
        ("corridor.example.org", True),
        ("CORRIDOR.EXAMPLE.ORG", True),
        ("Corridor.Example.Org:8443", True),
        ("maps.EXAMPLE.net", True),
        ("corridor.example.org:0", False),
        ("corridor.example.org:99999", False),
        ("[::1]", False),
        ("attacker.example", False),
        ("example.org", False),
    ],
)
def test_behind_a_proxy_the_forwarded_host_gets_the_same_check(proxied_port, forwarded, served):
    assert_one_answer(proxied_port, {"Host": "127.0.0.1", "X-Forwarded-Host": forwarded}, served)


def test_behind_a_proxy_links_use_the_canonical_forwarded_host(proxied_port):
    headers = {"Host": "127.0.0.1", "X-Forwarded-Host": "CORRIDOR.Example.ORG", "X-Forwarded-Proto": "https"}
    connection = http.client.HTTPConnection(LOCALHOST, proxied_port, timeout=30)
    connection.request("GET", "/api/", headers=headers)
    response = connection.getresponse()
    assert response.status == 200
    assert b'"https://corridor.example.org/ogc"' in response.read()
    connection.close()


@pytest.mark.parametrize("host", SERVED_BY_DEFAULT)
def test_a_served_host_is_spelt_one_way(host):
    canonical = canonical_host(host)
    assert canonical is not None and canonical == canonical.lower() and canonical_host(canonical) == canonical


@pytest.mark.parametrize("host", MALFORMED)
def test_a_malformed_host_has_no_spelling(host):
    assert canonical_host(host) is None
