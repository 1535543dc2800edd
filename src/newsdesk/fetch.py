"""Safe, polite HTTP: the only way newsdesk talks to the web.

Every request goes through :class:`Fetcher`, which

- sends a clear ``User-Agent`` (``settings.user_agent``) and only speaks http/https;
- refuses to connect to private, loopback, link-local, multicast, reserved or
  unspecified addresses unless the host is in ``settings.allowed_hosts``. The check
  runs on the address the name resolves to, *at connect time*, inside the httpcore
  network backend (:class:`PublicOnlyBackend`), so ``http://127.1``,
  ``http://[::1]``, ``http://2130706433``, octal forms, DNS names pointing inward,
  DNS rebinding (we connect to the very address we checked, then check the peer
  again) and redirects to any of them are all caught;
- follows at most ``settings.max_redirects`` redirects itself, re-checking every hop
  and refusing https→http downgrades;
- obeys robots.txt (protego, cached per host) as RFC 9309 says: rules from a 2xx
  answer (redirects followed, at most five); a 4xx answer means the file is
  *unavailable* and everything is allowed; a 5xx (or 429) answer or a network error
  means it is *unreachable* and nothing on that host is fetched — a recorded failure
  that is retried later, not remembered for good (:data:`ROBOTS_RETRY_AFTER`);
- keeps one request at a time per host, at least ``settings.host_delay`` seconds
  apart (or the robots crawl-delay);
- streams the body and aborts past ``settings.max_response_bytes`` or
  ``settings.total_timeout``; connect/read timeouts come from settings too;
- makes conditional requests (ETag / Last-Modified → 304 = ``not_modified``);
- retries 429/5xx and network errors with exponential backoff, honouring
  ``Retry-After``.

The seam is :class:`FetchTransport` (one ``fetch`` method); :class:`Fetcher` is the
built-in implementation, and its httpx transport can be swapped too (tests use the
real one against servers on 127.0.0.1).
"""

from __future__ import annotations

import email.utils
import ipaddress
import logging
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx
from protego import Protego

from .errors import BlockedURLError, FetchError, RateLimitedError
from .settings import Settings

log = logging.getLogger(__name__)

__all__ = [
    "FetchResult",
    "FetchTransport",
    "Fetcher",
    "PublicOnlyBackend",
    "SafeTransport",
    "check_url",
    "is_public_address",
]

REDIRECT_STATUSES = {301, 302, 303, 307, 308}
RETRY_STATUSES = {429, 500, 502, 503, 504}
ROBOTS_MAX_BYTES = 512_000
"""robots.txt is parsed up to this size (RFC 9309: at least 500 KiB); the rest is ignored."""
ROBOTS_MAX_REDIRECTS = 5
"""Redirects followed for robots.txt (RFC 9309: at least five); more means "unavailable"."""
ROBOTS_MAX_AGE = 86_400.0
"""Seconds robots.txt rules (or its absence) are cached (RFC 9309: no more than 24 hours)."""
ROBOTS_RETRY_AFTER = 300.0
"""Seconds an unreachable robots.txt keeps its host disallowed before it is asked again."""
ROBOTS_TOKEN = "newsdesk"


@dataclass
class FetchResult:
    """A completed response (after redirects)."""

    url: str
    status: int
    content: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    not_modified: bool = False

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")


@dataclass
class _Robots:
    """What a host's robots.txt said, and until when we believe it."""

    expires: float
    rules: Protego | None = None  # None and no ``unreachable``: unavailable, everything allowed
    unreachable: str | None = None  # why nothing on the host may be fetched for now


class _TooManyRedirects(FetchError):
    """More redirects than allowed."""


class FetchTransport(Protocol):
    """Anything that can fetch a URL politely and safely."""

    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
        """GET ``url``; raise :class:`~newsdesk.errors.FetchError` on failure."""


# -- address policy --------------------------------------------------------------------


def is_public_address(address: str) -> bool:
    """True for globally routable unicast addresses (IPv4-mapped IPv6 unwrapped)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip.sixtofour is not None:
            ip = ip.sixtofour
        elif ip in ipaddress.ip_network("64:ff9b::/96"):  # NAT64 embeds an IPv4 address
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip.is_global and not (ip.is_multicast or ip.is_unspecified or ip.is_reserved)


def _literal_ip(host: str) -> str | None:
    """The address a host string denotes if it is an IP literal in any spelling (``127.1``, ``0x7f.1``)."""
    host = host.strip("[]")
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    try:  # inet_aton accepts the short, decimal, octal and hex forms browsers accept
        return socket.inet_ntoa(socket.inet_aton(host))
    except OSError:
        return None


def _normalise_hosts(hosts: Iterable[str]) -> frozenset[str]:
    return frozenset(h.strip().strip("[]").lower() for h in hosts if h.strip())


def check_url(url: str, allowed_hosts: Iterable[str] = ()) -> str:
    """Refuse, before any connection, URLs that are not http(s) or name a non-public IP.

    Returns the host. Names are checked again, on their resolved address, at connect time.
    """
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise BlockedURLError(f"malformed URL: {exc}") from exc
    if parts.scheme not in ("http", "https"):
        raise BlockedURLError(f"scheme {parts.scheme or '(none)'!r} not allowed, only http/https")
    host = (parts.hostname or "").lower()
    if not host:
        raise BlockedURLError("URL has no host")
    if parts.username or parts.password:
        raise BlockedURLError("credentials in URLs are not allowed")
    if host in _normalise_hosts(allowed_hosts):
        return host
    literal = _literal_ip(host)
    if literal is not None and not is_public_address(literal):
        raise BlockedURLError(f"address {literal} is not public")
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        raise BlockedURLError(f"host {host} is not public")
    return host


class PublicOnlyBackend(httpcore.SyncBackend):
    """httpcore network backend that connects only to public addresses (or allowed hosts).

    It resolves the name itself, drops non-public addresses, connects to the address it
    checked (so a second, rebinding DNS answer is never used) and checks the peer again.
    """

    def __init__(self, allowed_hosts: Iterable[str] = ()) -> None:
        self.allowed_hosts = _normalise_hosts(allowed_hosts)

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        allowed = host.strip("[]").lower() in self.allowed_hosts
        try:
            infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        addresses = list(dict.fromkeys(info[4][0] for info in infos))
        usable = addresses if allowed else [a for a in addresses if is_public_address(a)]
        if not usable:
            raise BlockedURLError(f"{host} resolves to non-public address {addresses[0] if addresses else '?'}")
        last_error: Exception | None = None
        for address in usable:
            try:
                stream = super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last_error = exc
                continue
            peer = stream.get_extra_info("server_addr")
            if not allowed and (not peer or not is_public_address(str(peer[0]))):
                stream.close()
                raise BlockedURLError(f"{host} connected to non-public address {peer}")
            return stream
        assert last_error is not None
        raise last_error


class SafeTransport(httpx.HTTPTransport):
    """httpx transport over :class:`PublicOnlyBackend`, ignoring proxy environment variables.

    TLS certificates are verified against certifi's CA bundle (httpx's default; never
    ``SSL_CERT_FILE`` or other environment variables); ``ssl_context`` replaces it, e.g.
    with a context that trusts a private CA.
    """

    def __init__(self, allowed_hosts: Iterable[str] = (), *, max_connections: int = 20,
                 ssl_context: ssl.SSLContext | None = None) -> None:
        super().__init__(trust_env=False)
        # HTTPTransport takes no network backend argument; the pool it wraps does.
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context or httpx.create_ssl_context(trust_env=False),
            max_connections=max_connections,
            max_keepalive_connections=max_connections,
            keepalive_expiry=5.0,
            network_backend=PublicOnlyBackend(allowed_hosts),
        )


# -- politeness ------------------------------------------------------------------------


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now_dt = datetime.fromtimestamp(now if now is not None else time.time(), UTC)
    return max(0.0, (when - now_dt).total_seconds())


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


class Fetcher:
    """The built-in :class:`FetchTransport`: safe and polite GETs with httpx.

    Args:
        settings: user agent, limits, timeouts, allowed hosts, host delay.
        transport: the httpx transport (default :class:`SafeTransport`).
        max_retries: extra attempts after a 429/5xx or a network error.
        backoff_base: first backoff in seconds; doubles each attempt.
        max_retry_wait: longest ``Retry-After`` we sleep for; longer → :class:`RateLimitedError`.
        respect_robots: check robots.txt before each URL.
        robots_retry_after: seconds an unreachable robots.txt blocks its host before
            it is asked again.
        sleep: the sleep function (tests pass a recorder).
    """

    def __init__(
        self,
        settings: Settings,
        *,
        transport: httpx.BaseTransport | None = None,
        max_retries: int = 2,
        backoff_base: float = 1.0,
        max_retry_wait: float = 60.0,
        respect_robots: bool = True,
        robots_retry_after: float = ROBOTS_RETRY_AFTER,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self.max_retries = max_retries
        self.backoff_base = backoff_base
        self.max_retry_wait = max_retry_wait
        self.respect_robots = respect_robots
        self.robots_retry_after = robots_retry_after
        self.sleep = sleep
        self.allowed_hosts = list(settings.allowed_hosts)
        self.client = httpx.Client(
            transport=transport or SafeTransport(settings.allowed_hosts),
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(
                connect=settings.connect_timeout,
                read=settings.read_timeout,
                write=settings.read_timeout,
                pool=settings.connect_timeout,
            ),
            follow_redirects=False,
            trust_env=False,
        )
        self._robots: dict[str, _Robots] = {}
        self._host_locks: dict[str, threading.Lock] = {}
        self._last_request: dict[str, float] = {}
        self._locks_guard = threading.Lock()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()

    # -- public ---------------------------------------------------------------------
    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
        """GET ``url`` with every safety and politeness rule applied.

        Returns:
            The final response; ``not_modified`` is true for a 304 to a conditional GET.

        Raises:
            BlockedURLError: refused by policy (scheme, address, robots, downgrade).
            RateLimitedError: 429/503 asking us to wait longer than ``max_retry_wait``.
            FetchError: timeout, reset, oversize body, too many redirects, HTTP error.
        """
        attempt = 0
        while True:
            try:
                result = self._follow(url, etag=etag, last_modified=last_modified, check_robots=self.respect_robots)
            except FetchError:
                raise
            except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
                reason = _describe(exc)
                if attempt >= self.max_retries:
                    raise FetchError(reason, item=url) from exc
                wait = self.backoff_base * 2**attempt
                log.info("fetch %s: %s; retrying in %.1fs", url, reason, wait)
            except (httpx.HTTPError, httpx.InvalidURL, ValueError, UnicodeError) as exc:
                # not transient: a malformed URL or response, a protocol we do not speak
                raise FetchError(f"bad request or response: {type(exc).__name__}: {exc}"[:300], item=url) from exc
            else:
                if result.status not in RETRY_STATUSES:
                    if result.status >= 400:
                        raise FetchError(f"HTTP {result.status}", item=url)
                    return result
                retry_after = parse_retry_after(result.headers.get("retry-after"))
                if retry_after is not None and retry_after > self.max_retry_wait:
                    raise RateLimitedError(f"HTTP {result.status}, retry after {retry_after:.0f}s",
                                           item=url, retry_after=retry_after)
                if attempt >= self.max_retries:
                    if result.status in (429, 503):
                        raise RateLimitedError(f"HTTP {result.status} after {attempt + 1} attempts",
                                               item=url, retry_after=retry_after)
                    raise FetchError(f"HTTP {result.status} after {attempt + 1} attempts", item=url)
                wait = retry_after if retry_after is not None else self.backoff_base * 2**attempt
                log.info("fetch %s: HTTP %d; retrying in %.1fs", url, result.status, wait)
            attempt += 1
            self.sleep(wait)

    def robots_allowed(self, url: str) -> bool:
        """Whether robots.txt of the URL's host lets our user agent fetch it (cached per host)."""
        robots = self._robots_for(url)
        if robots.unreachable:
            return False
        return robots.rules is None or robots.rules.can_fetch(url, ROBOTS_TOKEN)

    # -- internals ------------------------------------------------------------------
    def _check_robots(self, url: str) -> None:
        robots = self._robots_for(url)
        if robots.unreachable:
            raise BlockedURLError(f"robots.txt unreachable ({robots.unreachable}): host disallowed for now", item=url)
        if robots.rules is not None and not robots.rules.can_fetch(url, ROBOTS_TOKEN):
            raise BlockedURLError("disallowed by robots.txt", item=url)

    def _robots_for(self, url: str) -> _Robots:
        origin = _origin(url)
        known = self._robots.get(origin)
        if known is not None and time.monotonic() < known.expires:
            return known
        robots = self._read_robots(origin)
        self._robots[origin] = robots
        return robots

    def _read_robots(self, origin: str) -> _Robots:
        """RFC 9309 §2.3.1: 2xx → rules; 4xx → unavailable (allow all); 5xx, 429, network → unreachable."""
        keep = time.monotonic() + ROBOTS_MAX_AGE
        try:
            result = self._follow(origin + "/robots.txt", check_robots=False, max_bytes=ROBOTS_MAX_BYTES,
                                  max_redirects=ROBOTS_MAX_REDIRECTS, truncate=True)
        except (_TooManyRedirects, BlockedURLError) as exc:
            # a redirect loop, or redirects we refuse to follow: the file is unavailable
            log.info("robots.txt for %s unavailable: %s", origin, exc)
            return _Robots(expires=keep)
        except (FetchError, httpx.HTTPError, ValueError) as exc:
            reason = exc.reason if isinstance(exc, FetchError) else _describe(exc)
            log.warning("robots.txt for %s unreachable: %s", origin, reason)
            return _Robots(expires=time.monotonic() + self.robots_retry_after, unreachable=reason)
        if 200 <= result.status < 300:
            return _Robots(expires=keep, rules=Protego.parse(result.content.decode("utf-8", errors="replace")))
        if result.status >= 500 or result.status == 429:  # 429 too: the host asks us to stay away
            log.warning("robots.txt for %s unreachable: HTTP %d", origin, result.status)
            return _Robots(expires=time.monotonic() + self.robots_retry_after, unreachable=f"HTTP {result.status}")
        return _Robots(expires=keep)  # 4xx, or a redirect without a Location: unavailable

    def _delay_for(self, url: str) -> float:
        delay = self.settings.host_delay
        robots = self._robots.get(_origin(url))
        rules = robots.rules if robots is not None else None
        if rules is not None:
            crawl_delay = rules.crawl_delay(ROBOTS_TOKEN)
            if crawl_delay:
                delay = max(delay, min(float(crawl_delay), 60.0))
        return delay

    @contextmanager
    def _host_slot(self, url: str):
        """One request at a time per host, at least the host delay apart."""
        origin = _origin(url)
        with self._locks_guard:
            lock = self._host_locks.setdefault(origin, threading.Lock())
        with lock:
            last = self._last_request.get(origin)
            if last is not None:
                wait = last + self._delay_for(url) - time.monotonic()
                if wait > 0:
                    self.sleep(wait)
            try:
                yield
            finally:
                self._last_request[origin] = time.monotonic()

    def _follow(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        check_robots: bool = True,
        max_bytes: int | None = None,
        max_redirects: int | None = None,
        truncate: bool = False,
    ) -> FetchResult:
        """GET with our own redirect handling: every hop is checked like the first.

        ``truncate`` keeps the first ``max_bytes`` of a larger body instead of failing.
        """
        current = url
        redirects = self.settings.max_redirects if max_redirects is None else max_redirects
        for _hop in range(redirects + 1):
            check_url(current, self.allowed_hosts)
            if check_robots:
                self._check_robots(current)
            headers = {}
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
            with self._host_slot(current):
                result = self._get(current, headers, max_bytes or self.settings.max_response_bytes, truncate)
            location = result.headers.get("location")
            if result.status not in REDIRECT_STATUSES or not location:
                return result
            target = urljoin(current, location.strip())
            if urlsplit(current).scheme == "https" and urlsplit(target).scheme == "http":
                raise BlockedURLError(f"redirect downgrades https to http: {target[:200]}", item=url)
            log.debug("redirect %s -> %s", current, target)
            current = target
        raise _TooManyRedirects(f"more than {redirects} redirects", item=url)

    def _get(self, url: str, headers: dict[str, str], max_bytes: int, truncate: bool = False) -> FetchResult:
        deadline = time.monotonic() + self.settings.total_timeout
        with self.client.stream("GET", url, headers=headers) as response:
            result = FetchResult(url=str(response.url), status=response.status_code,
                                 headers={k.lower(): v for k, v in response.headers.items()})
            if response.status_code == 304:
                result.not_modified = True
                return result
            if response.status_code in REDIRECT_STATUSES or response.status_code >= 400:
                return result  # body not needed; closing the stream drops it
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes and not truncate:
                raise FetchError(f"response too large ({declared} bytes > {max_bytes})", item=url)
            body = bytearray()
            for chunk in response.iter_bytes():  # decoded: a gzip bomb is capped as well
                body += chunk
                if len(body) > max_bytes:
                    if truncate:
                        del body[max_bytes:]
                        break
                    raise FetchError(f"response too large (over {max_bytes} bytes)", item=url)
                if time.monotonic() > deadline:
                    raise FetchError(f"download took longer than {self.settings.total_timeout:g}s", item=url)
            result.content = bytes(body)
            return result


def _describe(exc: Exception) -> str:
    if isinstance(exc, httpx.ConnectTimeout):
        return "connect timeout"
    if isinstance(exc, httpx.TimeoutException):
        return "read timeout"
    if isinstance(exc, httpx.ConnectError):
        return f"connection failed: {exc}"[:200]
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"connection broken: {exc}"[:200]
    if isinstance(exc, httpx.ReadError):
        return "connection reset"
    return f"{type(exc).__name__}: {exc}"[:200]
