"""One URL fetched under one time limit, with redirects followed by hand and private addresses refused
on request.

Built on http.client rather than urllib so that every step is ours:

- the deadline bounds the whole fetch (name lookup, connect, TLS handshake, headers, body, every
  redirect), not each socket read, so a server that drips a byte a second cannot hold a batch;
- the body is read up to a cap, never further;
- each hop's host is looked up once, every address it has is checked, and the connection goes to an
  address that was checked, so DNS rebinding cannot slip an internal address in between (for HTTPS,
  SNI and the certificate are still checked against the host name).
"""
from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

from rasid.version import __version__

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Target = tuple[int, tuple]  # (address family, socket address), as getaddrinfo gives them

MAX_REDIRECTS = 5
NOT_PUBLIC = "refused: the address is not public"
_SCHEMES = {"http": 80, "https": 443}  # the schemes fetched, with their default ports
_REDIRECTS = {301, 302, 303, 307, 308}
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_URL_SAFE = "!#$%&'()*+,/:;=?@[]~"  # reserved characters and %-escapes stay as written when a path is quoted
_CHUNK = 1 << 16


@dataclass(frozen=True)
class Fetched:
    """A server's answer: the URL it finally came from (after redirects), its body, its Content-Type, and
    what a conditional GET needs next time (ETag, Last-Modified). `status` 304: not modified, no body."""

    final_url: str
    data: bytes
    content_type: str | None
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None


class FetchError(Exception):
    """The URL could not be fetched, or was refused; `reason` says why, in words for the user."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def is_public(address: IPAddress) -> bool:
    """Whether an address is on the public internet: not loopback, private, link-local, multicast, reserved
    or unspecified, nor an IPv4 address of that kind inside an IPv6 one (::ffff:127.0.0.1, 6to4, NAT64)."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = [a for a in (address.ipv4_mapped, address.sixtofour) if a]
        if address in _NAT64:
            inner.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
        if not all(is_public(a) for a in inner):
            return False
    return address.is_global and not (address.is_private or address.is_loopback or address.is_link_local
                                      or address.is_multicast or address.is_reserved or address.is_unspecified)


def fetch(url: str, *, timeout: float, max_bytes: int, allow_private: bool = True,
          public: Callable[[IPAddress], bool] = is_public, headers: dict[str, str] | None = None,
          post: bytes | None = None) -> Fetched:
    """GET `url`, following at most MAX_REDIRECTS redirects, all within `timeout` seconds. At most
    `max_bytes` + 1 bytes of body are read: one more than the cap says the answer is over it.

    `headers` are sent as well (If-None-Match, If-Modified-Since: a 304 answer comes back as a Fetched of
    status 304). With `post`, the request is a POST of that JSON body, and a redirect is an error (a
    webhook is called where it was told to be, once).

    With `allow_private=False`, a URL or redirect whose host has any address that is not `public` is
    refused before anything is sent to it, with one message whatever listens there or not. (`public`
    is there to be replaced in tests, where only loopback servers exist.) Raises FetchError.
    """
    deadline = _Deadline(timeout)
    try:
        for _ in range(MAX_REDIRECTS + 1):
            answer = _get(url, deadline, max_bytes, None if allow_private else public, headers or {}, post)
            if isinstance(answer, Fetched):
                return answer
            if post is not None:
                raise FetchError("refused: the POST was answered by a redirect")
            if (scheme := urlsplit(answer).scheme.lower()) not in _SCHEMES:
                raise FetchError(f"refused: a redirect to {scheme}://, which is not http or https")
            url = answer
        raise FetchError(f"could not fetch: more than {MAX_REDIRECTS} redirects")
    finally:
        deadline.cancel()


def refusal(url: str, timeout: float = 5.0, public: Callable[[IPAddress], bool] = is_public) -> str | None:
    """Why a URL would be refused with `allow_private=False` (not http(s), no host, an address that is
    not public), or None: for checking a URL given now that is fetched later (a webhook)."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in _SCHEMES or not parts.hostname:
        return "refused: not an http or https URL with a host"
    deadline = _Deadline(timeout)
    try:
        targets = _resolve(parts.hostname, parts.port or _SCHEMES[parts.scheme.lower()], deadline)
    except (FetchError, OSError, ValueError) as e:
        return f"could not find the host ({getattr(e, 'reason', e)})"
    finally:
        deadline.cancel()
    return None if _all_public(targets, public) else NOT_PUBLIC


def _get(url: str, deadline: _Deadline, max_bytes: int, public: Callable[[IPAddress], bool] | None,
         headers: dict[str, str], post: bytes | None) -> Fetched | str:
    """One request: the answer, or the URL a redirect points to."""
    try:
        parts = urlsplit(url)
        if (scheme := parts.scheme.lower()) not in _SCHEMES:
            raise FetchError(f"refused: {scheme}:// addresses are not fetched, only http and https")
        host = parts.hostname or ""
        host = host if host.isascii() else host.encode("idna").decode("ascii")
        port = parts.port or _SCHEMES[scheme]
        target = quote(parts.path or "/", safe=_URL_SAFE) + (f"?{quote(parts.query, safe=_URL_SAFE)}"
                                                              if parts.query else "")
    except ValueError:  # a broken IPv6 literal, a port out of range, a host or path that cannot be encoded
        raise FetchError("could not fetch: not a valid URL") from None
    if not host:
        raise FetchError("could not fetch: not a valid URL (no host)")
    conn: http.client.HTTPConnection | None = None
    try:
        targets = _resolve(host, port, deadline)
        if public and not _all_public(targets, public):
            raise FetchError(NOT_PUBLIC)
        conn = (_PinnedHTTPS if scheme == "https" else _PinnedHTTP)(host, port, targets, deadline)
        sent = {"User-Agent": f"rasid/{__version__} (+news ingest)", **headers}
        if post is not None:
            sent["Content-Type"] = "application/json"
        conn.request("POST" if post is not None else "GET", target, body=post, headers=sent)
        resp = conn.getresponse()
        location = resp.getheader("Location")
        if resp.status in _REDIRECTS and location:
            return urljoin(url, location)
        if resp.status == 304 and headers:
            return Fetched(url, b"", resp.getheader("Content-Type"), 304, resp.getheader("ETag") or headers.get(
                "If-None-Match"), resp.getheader("Last-Modified") or headers.get("If-Modified-Since"))
        if not 200 <= resp.status < 300:
            raise FetchError(f"could not fetch: HTTP {resp.status} {resp.reason}".rstrip())
        data = _body(resp, max_bytes)
        if deadline.passed:  # the body may have ended only because the deadline shut the socket
            raise FetchError(deadline.reason)
        return Fetched(url, data, resp.getheader("Content-Type"), resp.status, resp.getheader("ETag"),
                       resp.getheader("Last-Modified"))
    except (OSError, http.client.HTTPException) as e:
        timed_out = deadline.passed or isinstance(e, TimeoutError)
        raise FetchError(deadline.reason if timed_out else f"could not fetch: {_why(e)}") from None
    finally:
        deadline.watch(None)
        if conn is not None:
            conn.close()


def _body(resp: http.client.HTTPResponse, max_bytes: int) -> bytes:
    """The body, read to its end or to one byte past `max_bytes`, whichever comes first."""
    data = bytearray()
    while len(data) <= max_bytes and (chunk := resp.read(min(_CHUNK, max_bytes + 1 - len(data)))):
        data += chunk
    return bytes(data)


def _resolve(host: str, port: int, deadline: _Deadline) -> list[Target]:
    """Every address of `host`, looked up once and within the deadline (in a thread: getaddrinfo cannot be
    interrupted). A numeric host, in any form the C library accepts (2130706433, 0x7f.1, ::ffff:127.0.0.1),
    comes back as the address it stands for, so that it is checked as what it is."""
    found: list = []

    def lookup() -> None:
        try:
            found.append(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except (OSError, ValueError) as e:  # ValueError: a host name IDNA cannot encode
            found.append(e)

    thread = threading.Thread(target=lookup, daemon=True)
    thread.start()
    thread.join(deadline.left())
    if not found:
        raise FetchError(deadline.reason)
    if isinstance(found[0], OSError):
        raise found[0]
    if isinstance(found[0], ValueError) or not found[0]:
        raise FetchError("could not fetch: not a valid host name")
    return list(dict.fromkeys((family, sockaddr) for family, _, _, _, sockaddr in found[0]))


def _all_public(targets: list[Target], public: Callable[[IPAddress], bool]) -> bool:
    try:
        return all(public(ipaddress.ip_address(sockaddr[0])) for _, sockaddr in targets)
    except ValueError:  # an address the ipaddress module cannot read is not known to be public
        return False


def _connect(targets: list[Target], deadline: _Deadline) -> socket.socket:
    """A socket connected to the first of `targets` that answers, shut down by the deadline if it passes."""
    error: OSError | None = None
    for family, sockaddr in targets:
        seconds = deadline.left()
        sock = socket.socket(family, socket.SOCK_STREAM)
        deadline.watch(sock)
        try:
            sock.settimeout(seconds)
            sock.connect(sockaddr)
            return sock
        except OSError as e:
            error = e
        deadline.watch(None)
        sock.close()
    assert error is not None  # _resolve gives at least one target
    raise error


class _PinnedHTTP(http.client.HTTPConnection):
    """HTTP to an address looked up and checked beforehand; the Host header still names the host."""

    def __init__(self, host: str, port: int, targets: list[Target], deadline: _Deadline):
        super().__init__(host, port)
        self.targets, self.deadline = targets, deadline

    def connect(self) -> None:
        self.sock = _connect(self.targets, self.deadline)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """HTTPS to an address looked up and checked beforehand; SNI and the certificate use the host name."""

    def __init__(self, host: str, port: int, targets: list[Target], deadline: _Deadline):
        self.tls = ssl.create_default_context()
        super().__init__(host, port, context=self.tls)
        self.targets, self.deadline = targets, deadline

    def connect(self) -> None:
        raw = _connect(self.targets, self.deadline)
        self.sock = self.tls.wrap_socket(raw, server_hostname=self.host, do_handshake_on_connect=False)
        self.deadline.watch(self.sock)  # the handshake too is under the deadline
        self.sock.do_handshake()


class _Deadline:
    """The one time limit of a whole fetch. When it passes, a timer shuts down the socket in use, so that
    a read blocked on a server that drips bytes returns at once rather than at the next byte."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.passed = False
        self._end = time.monotonic() + seconds
        self._lock = threading.Lock()
        self._sock: socket.socket | None = None
        self._timer = threading.Timer(seconds, self._pass)
        self._timer.daemon = True
        self._timer.start()

    @property
    def reason(self) -> str:
        return f"could not fetch: timed out (no complete answer within {self.seconds:g} s)"

    def left(self) -> float:
        """The seconds left; FetchError when there are none."""
        left = self._end - time.monotonic()
        if left <= 0 or self.passed:
            raise FetchError(self.reason)
        return left

    def watch(self, sock: socket.socket | None) -> None:
        """Make `sock` the socket to shut down at the deadline; None before closing it, so that the timer
        never touches a closed socket (whose descriptor may already serve another file)."""
        with self._lock:
            self._sock = sock
            if self.passed and sock is not None:
                _shut(sock)

    def cancel(self) -> None:
        self._timer.cancel()

    def _pass(self) -> None:
        with self._lock:
            self.passed = True
            if self._sock is not None:
                _shut(self._sock)


def _shut(sock: socket.socket) -> None:
    try:  # the plain socket's shutdown: an SSLSocket's own would drop its TLS state under a blocked reader
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass  # the other side closed it already


def _why(e: OSError | http.client.HTTPException) -> str:
    """An exception as a reason a user can act on."""
    if isinstance(e, http.client.HTTPException):
        return f"broken answer ({str(e) or type(e).__name__})"
    if isinstance(e, ConnectionRefusedError):
        return "connection refused"
    if isinstance(e, socket.gaierror):
        return f"cannot find the host ({e.strerror})"
    if isinstance(e, ssl.SSLCertVerificationError):
        return f"the certificate is not valid ({e.verify_message})"
    return str(e.strerror or e)
