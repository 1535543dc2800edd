"""fetch.py against HTTP servers started on 127.0.0.1 by the tests themselves."""

from __future__ import annotations

import gzip
import socket
import ssl
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
import trustme

from newsdesk.errors import BlockedURLError, FetchError, RateLimitedError
from newsdesk.fetch import (
    ROBOTS_MAX_REDIRECTS,
    Fetcher,
    PublicOnlyBackend,
    SafeTransport,
    check_url,
    is_public_address,
    parse_retry_after,
)
from newsdesk.settings import Settings

Route = Callable[[BaseHTTPRequestHandler], None]


class LocalServer:
    """A threaded HTTP server on 127.0.0.1 whose routes are plain functions of the handler.

    With ``tls`` (a server-side SSL context) it speaks HTTPS.
    """

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                server.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = server.routes.get(self.path.split("?")[0])
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                route(self)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        if tls is not None:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.scheme = "https" if tls is not None else "http"
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}{path}"

    def paths(self) -> list[str]:
        return [p for p, _ in self.requests]

    def start(self) -> LocalServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def reply(status: int = 200, body: bytes = b"", headers: dict[str, str] | None = None) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        for key, value in (headers or {}).items():
            handler.send_header(key, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return route


@pytest.fixture
def server():
    srv = LocalServer().start()
    yield srv
    srv.stop()


def local_settings(**overrides) -> Settings:
    values = dict(database_url="sqlite://", allowed_hosts=["127.0.0.1"], host_delay=0,
                  connect_timeout=2, read_timeout=2, total_timeout=5)
    values.update(overrides)
    return Settings(**values)


class SleepRecorder:
    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


PAGE = b"<html><body><p>hello</p></body></html>"


# -- address policy --------------------------------------------------------------------


def test_loopback_is_refused_by_default(server):
    server.routes["/"] = reply(body=PAGE)
    with Fetcher(Settings(database_url="sqlite://", host_delay=0)) as fetcher:
        with pytest.raises(BlockedURLError, match="not public"):
            fetcher.fetch(server.url("/"))
    assert server.requests == []


def test_allowed_loopback_host_fetches_with_user_agent(server):
    server.routes["/"] = reply(body=PAGE, headers={"Content-Type": "text/html"})
    settings = local_settings(user_agent="newsdesk-test/1.0 (+http://example.org)")
    with Fetcher(settings) as fetcher:
        result = fetcher.fetch(server.url("/"))
    assert result.status == 200 and result.content == PAGE
    assert result.content_type == "text/html"
    page_headers = [h for p, h in server.requests if p == "/"][0]
    assert page_headers["user-agent"] == "newsdesk-test/1.0 (+http://example.org)"


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/", "http://127.1/", "http://[::1]/", "http://2130706433/", "http://0177.0.0.1/",
    "http://0x7f.0.0.1/", "http://10.0.0.5/", "http://192.168.1.1/", "http://169.254.169.254/latest/",
    "http://[fe80::1]/", "http://0.0.0.0/", "http://224.0.0.1/", "http://[::ffff:127.0.0.1]/",
    "http://localhost/", "http://100.64.0.1/",
])
def test_non_public_literal_addresses_are_refused(url):
    with pytest.raises(BlockedURLError):
        check_url(url)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://x/", "javascript:alert(1)",
                                 "http://user:pw@example.org/", "http:///nohost"])
def test_only_plain_http_urls_pass(url):
    with pytest.raises(BlockedURLError):
        check_url(url)


def test_public_addresses_pass():
    assert check_url("https://example.org/a?b=1") == "example.org"
    assert is_public_address("93.184.216.34")
    assert not is_public_address("::1") and not is_public_address("fc00::1")


def test_name_resolving_to_loopback_is_refused_at_connect_time(server, monkeypatch):
    """DNS that points a public-looking name inward (or rebinds) is caught on the resolved IP."""
    server.routes["/"] = reply(body=PAGE)
    real = socket.getaddrinfo

    def fake_getaddrinfo(host, *args, **kwargs):
        if host == "news.example":
            return real("127.0.0.1", *args, **kwargs)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    with Fetcher(Settings(database_url="sqlite://", host_delay=0), respect_robots=False) as fetcher:
        with pytest.raises(BlockedURLError, match="non-public"):
            fetcher.fetch(f"http://news.example:{server.port}/")
    assert server.requests == []


def test_backend_refuses_loopback_names_unless_allowed(server):
    with pytest.raises(BlockedURLError):
        PublicOnlyBackend().connect_tcp("localhost", server.port, timeout=2)
    stream = PublicOnlyBackend(["localhost"]).connect_tcp("localhost", server.port, timeout=2)
    assert stream.get_extra_info("server_addr")[1] == server.port
    stream.close()


def test_redirect_into_private_range_is_refused(server):
    server.routes["/start"] = reply(302, headers={"Location": "/hop"})
    server.routes["/hop"] = reply(301, headers={"Location": "http://169.254.169.254/latest/meta-data"})
    with Fetcher(local_settings()) as fetcher:
        with pytest.raises(BlockedURLError):
            fetcher.fetch(server.url("/start"))
    assert "/hop" in server.paths()


def test_redirect_to_other_loopback_spelling_is_refused(server):
    server.routes["/start"] = reply(302, headers={"Location": f"http://127.1:{server.port}/secret"})
    server.routes["/secret"] = reply(body=b"secret")
    with Fetcher(local_settings()) as fetcher:
        with pytest.raises(BlockedURLError):
            fetcher.fetch(server.url("/start"))
    assert "/secret" not in server.paths()


def test_redirects_are_followed_up_to_the_cap(server):
    for i in range(6):
        server.routes[f"/r{i}"] = reply(302, headers={"Location": f"/r{i + 1}"})
    server.routes["/r6"] = reply(body=PAGE)
    with Fetcher(local_settings(max_redirects=6)) as fetcher:
        result = fetcher.fetch(server.url("/r0"))
    assert result.url.endswith("/r6") and result.content == PAGE
    with Fetcher(local_settings(max_redirects=3)) as fetcher:
        with pytest.raises(FetchError, match="more than 3 redirects"):
            fetcher.fetch(server.url("/r0"))


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def tls_server(ca):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    srv = LocalServer(tls=context).start()
    yield srv
    srv.stop()


def trusting(ca: trustme.CA) -> SafeTransport:
    """The production transport, verifying certificates against the test CA instead of certifi's."""
    context = ssl.create_default_context()
    ca.configure_trust(context)
    return SafeTransport(["127.0.0.1"], ssl_context=context)


def test_https_fetch_verifies_the_certificate(tls_server, ca):
    tls_server.routes["/page"] = reply(body=PAGE)
    with Fetcher(local_settings(), transport=trusting(ca)) as fetcher:
        result = fetcher.fetch(tls_server.url("/page"))
    assert result.url.startswith("https://") and result.content == PAGE
    # the default transport trusts certifi's CAs only: the test CA's certificate is refused
    with Fetcher(local_settings(), max_retries=0, respect_robots=False) as fetcher:
        with pytest.raises(FetchError, match="CERTIFICATE_VERIFY_FAILED"):
            fetcher.fetch(tls_server.url("/page"))


def test_https_to_http_downgrade_is_refused_on_a_real_tls_connection(tls_server, server, ca):
    server.routes["/plain"] = reply(body=PAGE)
    tls_server.routes["/secure"] = reply(302, headers={"Location": server.url("/plain")})
    with Fetcher(local_settings(), transport=trusting(ca)) as fetcher:
        with pytest.raises(BlockedURLError, match="downgrades"):
            fetcher.fetch(tls_server.url("/secure"))
    assert "/secure" in tls_server.paths()
    assert server.requests == []  # not even robots.txt of the plain host


def test_https_to_http_downgrade_is_refused():
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(302, headers={"Location": "http://news.example/plain"})

    settings = Settings(database_url="sqlite://", host_delay=0)
    with Fetcher(settings, transport=httpx.MockTransport(handler)) as fetcher:
        with pytest.raises(BlockedURLError, match="downgrades"):
            fetcher.fetch("https://news.example/secure")


# -- politeness ------------------------------------------------------------------------


def test_conditional_get_returns_not_modified(server):
    def route(handler):
        if handler.headers.get("If-None-Match") == '"v1"':
            handler.send_response(304)
            handler.send_header("ETag", '"v1"')
            handler.end_headers()
            return
        reply(body=b"<rss/>", headers={"ETag": '"v1"', "Last-Modified": "Mon, 02 Mar 2026 10:00:00 GMT"})(handler)

    server.routes["/feed"] = route
    with Fetcher(local_settings()) as fetcher:
        first = fetcher.fetch(server.url("/feed"))
        second = fetcher.fetch(server.url("/feed"), etag=first.etag, last_modified=first.last_modified)
    assert first.etag == '"v1"' and not first.not_modified and first.content == b"<rss/>"
    assert second.not_modified and second.status == 304
    last_headers = [h for p, h in server.requests if p == "/feed"][-1]
    assert last_headers["if-modified-since"] == "Mon, 02 Mar 2026 10:00:00 GMT"


def test_robots_disallow_is_obeyed_and_cached(server):
    server.routes["/robots.txt"] = reply(body=b"User-agent: *\nDisallow: /private\n")
    server.routes["/private/a"] = reply(body=PAGE)
    server.routes["/public/a"] = reply(body=PAGE)
    with Fetcher(local_settings()) as fetcher:
        with pytest.raises(BlockedURLError, match="robots"):
            fetcher.fetch(server.url("/private/a"))
        assert fetcher.fetch(server.url("/public/a")).content == PAGE
    assert "/private/a" not in server.paths()
    assert server.paths().count("/robots.txt") == 1


@pytest.mark.parametrize("status", [401, 403, 404, 410])
def test_robots_4xx_means_unavailable_so_everything_is_allowed(server, status):
    server.routes["/robots.txt"] = reply(status)
    server.routes["/private/a"] = reply(body=PAGE)
    with Fetcher(local_settings()) as fetcher:
        assert fetcher.fetch(server.url("/private/a")).content == PAGE
        assert fetcher.fetch(server.url("/private/a")).content == PAGE
    assert server.paths().count("/robots.txt") == 1


@pytest.mark.parametrize("status", [500, 503, 429])
def test_robots_5xx_disallows_the_host_until_it_answers(server, status):
    server.routes["/robots.txt"] = reply(status)
    server.routes["/a"] = reply(body=PAGE)
    with Fetcher(local_settings()) as fetcher:
        with pytest.raises(BlockedURLError, match=f"robots.txt unreachable \\(HTTP {status}\\)"):
            fetcher.fetch(server.url("/a"))
        with pytest.raises(BlockedURLError, match="unreachable"):  # remembered for a while...
            fetcher.fetch(server.url("/a"))
    assert server.paths() == ["/robots.txt"]  # ...and nothing else on the host was fetched
    server.routes["/robots.txt"] = reply(body=b"User-agent: *\nDisallow: /private\n")
    with Fetcher(local_settings()) as later_run:  # ...but not for good: a later run asks again
        assert later_run.fetch(server.url("/a")).content == PAGE


def test_robots_network_error_disallows_and_is_asked_again_after_the_retry_delay(server):
    def hang_up(handler):
        handler.close_connection = True
        handler.connection.shutdown(socket.SHUT_RDWR)

    server.routes["/robots.txt"] = hang_up
    server.routes["/a"] = reply(body=PAGE)
    with Fetcher(local_settings(), robots_retry_after=0) as fetcher:
        with pytest.raises(BlockedURLError, match="robots.txt unreachable"):
            fetcher.fetch(server.url("/a"))
        assert "/a" not in server.paths()
        server.routes["/robots.txt"] = reply(404)
        assert fetcher.fetch(server.url("/a")).content == PAGE
    assert server.paths().count("/robots.txt") == 2


def test_robots_redirects_are_followed_up_to_five(server):
    server.routes["/robots.txt"] = reply(301, headers={"Location": "/r1"})
    for i in range(1, ROBOTS_MAX_REDIRECTS):
        server.routes[f"/r{i}"] = reply(302, headers={"Location": f"/r{i + 1}"})
    server.routes[f"/r{ROBOTS_MAX_REDIRECTS}"] = reply(body=b"User-agent: *\nDisallow: /private\n")
    server.routes["/private/a"] = reply(body=PAGE)
    server.routes["/public/a"] = reply(body=PAGE)
    with Fetcher(local_settings(max_redirects=1)) as fetcher:  # robots.txt has its own cap
        with pytest.raises(BlockedURLError, match="disallowed by robots.txt"):
            fetcher.fetch(server.url("/private/a"))
        assert fetcher.fetch(server.url("/public/a")).content == PAGE
    assert "/private/a" not in server.paths()

    # one more hop than RFC 9309's five: robots.txt counts as unavailable, everything allowed
    server.routes[f"/r{ROBOTS_MAX_REDIRECTS}"] = reply(302, headers={"Location": "/rules"})
    server.routes["/rules"] = reply(body=b"User-agent: *\nDisallow: /\n")
    with Fetcher(local_settings()) as fetcher:
        assert fetcher.fetch(server.url("/private/a")).content == PAGE
    assert "/rules" not in server.paths()


def test_429_retry_after_is_honoured(server):
    calls = {"n": 0}

    def route(handler):
        calls["n"] += 1
        if calls["n"] == 1:
            reply(429, headers={"Retry-After": "2"})(handler)
        else:
            reply(body=PAGE)(handler)

    server.routes["/busy"] = route
    sleeps = SleepRecorder()
    with Fetcher(local_settings(), sleep=sleeps) as fetcher:
        result = fetcher.fetch(server.url("/busy"))
    assert result.content == PAGE and calls["n"] == 2
    assert 2.0 in sleeps.calls


def test_long_retry_after_gives_up_with_the_wait(server):
    server.routes["/busy"] = reply(503, headers={"Retry-After": "3600"})
    with Fetcher(local_settings(), sleep=SleepRecorder()) as fetcher:
        with pytest.raises(RateLimitedError) as info:
            fetcher.fetch(server.url("/busy"))
    assert info.value.retry_after == 3600


def test_server_errors_back_off_exponentially(server):
    server.routes["/broken"] = reply(500)
    sleeps = SleepRecorder()
    with Fetcher(local_settings(), sleep=sleeps, max_retries=3, backoff_base=0.5) as fetcher:
        with pytest.raises(FetchError, match="HTTP 500"):
            fetcher.fetch(server.url("/broken"))
    assert sleeps.calls == [0.5, 1.0, 2.0]
    assert server.paths().count("/broken") == 4


def test_host_delay_spaces_requests(server):
    server.routes["/a"] = reply(body=PAGE)
    with Fetcher(local_settings(host_delay=0.3), respect_robots=False) as fetcher:
        fetcher.fetch(server.url("/a"))
        started = time.monotonic()
        fetcher.fetch(server.url("/a"))
        assert time.monotonic() - started >= 0.25


def test_parse_retry_after_http_date():
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412400.0) == pytest.approx(80.0)
    assert parse_retry_after("soon") is None


# -- safety limits ---------------------------------------------------------------------


def test_slow_response_times_out(server):
    def slow(handler):
        time.sleep(1.5)
        reply(body=PAGE)(handler)

    server.routes["/slow"] = slow
    with Fetcher(local_settings(read_timeout=0.3), max_retries=0, respect_robots=False) as fetcher:
        with pytest.raises(FetchError, match="timeout"):
            fetcher.fetch(server.url("/slow"))


def test_dripping_body_hits_total_timeout(server):
    def drip(handler):
        handler.send_response(200)
        handler.send_header("Content-Length", "100")
        handler.end_headers()
        for _ in range(100):
            handler.wfile.write(b"x")
            handler.wfile.flush()
            time.sleep(0.05)

    server.routes["/drip"] = drip
    with Fetcher(local_settings(total_timeout=0.5, read_timeout=1), max_retries=0, respect_robots=False) as f:
        with pytest.raises(FetchError, match="longer than"):
            f.fetch(server.url("/drip"))


def test_declared_oversize_body_is_refused(server):
    server.routes["/big"] = reply(body=b"x" * 200_000)
    with Fetcher(local_settings(max_response_bytes=100_000), respect_robots=False) as fetcher:
        with pytest.raises(FetchError, match="too large"):
            fetcher.fetch(server.url("/big"))


def test_undeclared_oversize_body_is_aborted_while_streaming(server):
    def endless(handler):
        handler.send_response(200)
        handler.send_header("Connection", "close")
        handler.end_headers()
        try:
            for _ in range(1000):
                handler.wfile.write(b"y" * 10_000)
        except OSError:
            pass  # the client hung up, as it should

    server.routes["/endless"] = endless
    with Fetcher(local_settings(max_response_bytes=50_000), respect_robots=False) as fetcher:
        with pytest.raises(FetchError, match="too large"):
            fetcher.fetch(server.url("/endless"))


def test_gzip_bomb_is_capped_on_decoded_size(server):
    bomb = gzip.compress(b"\0" * 5_000_000)
    server.routes["/bomb"] = reply(body=bomb, headers={"Content-Encoding": "gzip"})
    with Fetcher(local_settings(max_response_bytes=1_000_000), respect_robots=False) as fetcher:
        with pytest.raises(FetchError, match="too large"):
            fetcher.fetch(server.url("/bomb"))


def test_connection_reset_is_a_fetch_error(server):
    def hang_up(handler):
        handler.close_connection = True
        handler.connection.shutdown(socket.SHUT_RDWR)

    server.routes["/reset"] = hang_up
    sleeps = SleepRecorder()
    with Fetcher(local_settings(), max_retries=1, sleep=sleeps, respect_robots=False) as fetcher:
        with pytest.raises(FetchError):
            fetcher.fetch(server.url("/reset"))
    assert sleeps.calls == [1.0]


@pytest.mark.parametrize("url", ["http://exa mple.org/", "http://example.org:99999/", "http://[::1/"])
def test_malformed_urls_are_fetch_errors(url):
    with Fetcher(Settings(database_url="sqlite://", host_delay=0), max_retries=0) as fetcher:
        with pytest.raises(FetchError):
            fetcher.fetch(url)
