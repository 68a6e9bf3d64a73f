"""The terminal's HTTP client: one keep-alive session, public-key pinning, signed requests.

TLS is pinned: each new connection is checked against the terminal's pins
(:class:`sync.tls_trust.ServerTrust`: the server's key, a CA's key, or a legacy
certificate fingerprint) right after the handshake, before a byte of the request
leaves; no CA of the system is trusted. A sync answer may carry the server's pin set,
signed with its command key: the client verifies it and adopts it (``on_pins`` keeps
it). Every request carries the HMAC headers of :mod:`sync.auth_headers`. The device
clock is corrected by the server's time so a wrong handheld clock does not lock it out.

Failures become typed errors the engine can act on, each with a stable ``code``:
:class:`~sync.errors.NetworkError` ("network": cut, timeout, unreachable: retry),
:class:`ServerError` ("server_unavailable": 5xx, busy: retry later),
:class:`~sync.errors.AuthError` (refused; ``code`` is the server's, e.g. "revoked"),
:class:`~sync.errors.EnrolmentError` ("bad_code", "code_used", "code_expired"),
:class:`~sync.errors.PinningError` ("certificate_mismatch"),
:class:`~sync.errors.ProtocolError` ("protocol").
"""

from __future__ import annotations

import email.utils
import http.client
import logging
import ssl
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, cast

import msgspec
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPSConnection
from urllib3.connectionpool import HTTPSConnectionPool
from urllib3.util import SKIP_HEADER

from signed_commands import envelope
from signed_commands.errors import CommandError
from signed_commands.kinds import TLS_PINS
from sync.auth_headers import new_nonce, sign_request
from sync.errors import AuthError, EnrolmentError, NetworkError, PinningError, ProtocolError, SyncError
from sync.protocol import (
    CLOCK_WINDOW_S,
    CONTENT_TYPE,
    MAX_DEVICE_NAME,
    PATH_ENROL,
    PATH_SYNC,
    PATH_TLS_CHAIN,
    PROTOCOL_VERSION,
    EnrolRequest,
    EnrolResponse,
    ErrorBody,
    SyncRequest,
    SyncResponse,
    decode,
    encode,
)
from sync.tls_trust import MAX_CHAIN_BYTES, ServerTrust, decode_pins

DEFAULT_TIMEOUT = (15.0, 60.0)  # connect, read: GPRS is slow but not that slow
PIN_MISMATCH = "the server certificate is not trusted by this terminal's pins"
log = logging.getLogger(__name__)


__all__ = ["EnrolmentError", "NetworkError", "PinnedAdapter", "PinningError", "ServerError",
           "SyncHttpClient", "check", "enrol", "make_session", "send"]


class ServerError(SyncError):
    """The server could not serve the request now (5xx, busy)."""

    code = "server_unavailable"


class PinMismatch(ssl.SSLError):
    """A connection whose certificate the pins do not trust (closed before anything was sent)."""


def _pinned_pool(trust: ServerTrust, chain_path: str) -> type[HTTPSConnectionPool]:
    """A connection pool whose connections check ``trust`` right after each TLS handshake."""

    class PinnedConnection(HTTPSConnection):
        def connect(self) -> None:
            super().connect()
            sock = cast(ssl.SSLSocket, self.sock)
            leaf = sock.getpeercert(binary_form=True) or b""
            timeout = self.timeout if isinstance(self.timeout, int | float) else DEFAULT_TIMEOUT[0]
            host, port = self.host, self.port or 443

            def fetch() -> bytes:
                return fetch_chain(host, port, chain_path, timeout)

            if not trust.trusted(leaf, host, fetch):
                self.close()
                raise PinMismatch(PIN_MISMATCH)
            self.is_verified = True  # by the pins: no CA of the system is involved

    class PinnedPool(HTTPSConnectionPool):
        ConnectionCls = PinnedConnection

    return PinnedPool


class PinnedAdapter(HTTPAdapter):
    """An HTTPS adapter that trusts the server only through ``trust`` (see :mod:`sync.tls_trust`)."""

    def __init__(self, trust: ServerTrust | str, *, chain_path: str = PATH_TLS_CHAIN, **kwargs: Any) -> None:
        self.trust = trust if isinstance(trust, ServerTrust) else ServerTrust([trust])
        self.chain_path = chain_path
        super().__init__(**kwargs)

    def init_poolmanager(self, connections: int, maxsize: int, block: bool = False,
                         **pool_kwargs: Any) -> None:
        pool_kwargs.update(assert_hostname=False)
        super().init_poolmanager(connections, maxsize, block=block, **pool_kwargs)
        classes = dict(self.poolmanager.pool_classes_by_scheme)
        classes["https"] = _pinned_pool(self.trust, self.chain_path)
        self.poolmanager.pool_classes_by_scheme = classes

    def cert_verify(self, conn: Any, url: str, verify: Any, cert: Any) -> None:
        super().cert_verify(conn, url, False, cert)  # type: ignore[no-untyped-call]  # no CA check: the pins are the check


def fetch_chain(host: str, port: int, path: str, timeout: float) -> bytes:
    """The certificate chain the server publishes (PEM; ``b""`` if it has none), read over a
    connection of its own that trusts nothing: what it returns is only material for the pins."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    conn = http.client.HTTPSConnection(host, port, timeout=timeout, context=context)
    try:
        conn.request("GET", path, headers={"Accept-Encoding": "identity"})
        reply = conn.getresponse()
        data = reply.read(MAX_CHAIN_BYTES + 1)
        return data if reply.status == 200 and len(data) <= MAX_CHAIN_BYTES else b""
    except http.client.HTTPException:
        return b""
    finally:
        conn.close()


def make_session(pins: ServerTrust | str | Sequence[str], *, chain_path: str = PATH_TLS_CHAIN
                 ) -> requests.Session:
    """A keep-alive session; HTTPS pinned to ``pins`` when given (none: plain, for tests)."""
    session = requests.Session()
    # Every byte counts at 40 kbit/s: no Accept, Accept-Encoding, User-Agent or Connection headers
    # (HTTP/1.1 keeps the connection alive by default; bodies are compressed by the protocol).
    session.headers.clear()
    session.headers["Accept-Encoding"] = SKIP_HEADER
    session.headers["User-Agent"] = SKIP_HEADER
    trust = _trust(pins)
    if trust is not None:
        session.mount("https://", PinnedAdapter(trust, chain_path=chain_path, max_retries=0))
        session.verify = False
    return session


def _trust(pins: ServerTrust | str | Sequence[str]) -> ServerTrust | None:
    if isinstance(pins, ServerTrust):
        return pins
    listed = [pins] if isinstance(pins, str) else list(pins)
    listed = [p for p in listed if p]
    return ServerTrust(listed) if listed else None


def _chain_path(base_url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(base_url).path.rstrip("/") + PATH_TLS_CHAIN


class SyncHttpClient:
    """Signed protocol requests over one keep-alive session.

    ``pins`` are the terminal's pins (none: plain HTTP, tests only); ``command_key`` (the
    server's raw Ed25519 key) verifies the pin sets the server announces, and ``on_pins`` is
    told each set adopted (to keep it with the identity)."""

    def __init__(self, base_url: str, device_id: str, secret: bytes, pins: str | Sequence[str] = "", *,
                 command_key: bytes = b"", on_pins: Callable[[tuple[str, ...]], None] | None = None,
                 timeout: tuple[float, float] = DEFAULT_TIMEOUT,
                 clock: Callable[[], float] = time.time) -> None:
        self.base_url = base_url.rstrip("/")
        self.device_id = device_id
        self.secret = secret
        self.timeout = timeout
        self.clock = clock
        self.clock_offset = 0.0  # server time - device time, learnt from responses
        self.trust = _trust(pins)
        if self.trust is not None:
            self.trust.clock = lambda: self.clock() + self.clock_offset
        self.command_key = command_key
        self.on_pins = on_pins
        self.session = make_session(self.trust or "", chain_path=_chain_path(self.base_url))

    def close(self) -> None:
        self.session.close()

    def sync(self, request: SyncRequest) -> SyncResponse:
        if self.trust is not None:
            request = msgspec.structs.replace(request, tls_pins=self.trust.digest())
        body = encode(request, dictionary=True)
        reply = self.request("POST", PATH_SYNC, body, {"Content-Type": CONTENT_TYPE})
        response = decode(reply.content, SyncResponse)
        self.clock_offset = response.server_time - self.clock()
        if response.tls_pins:
            self.adopt_pins(response.tls_pins, now=response.server_time)
        return response

    def adopt_pins(self, data: bytes, *, now: int) -> bool:
        """Adopt the server's signed pin set (:mod:`sync.tls_trust`); False when it is refused
        (logged: not signed by our server, another kind, expired, damaged, or it would not
        trust the server as this terminal reaches it) or changes nothing."""
        if self.trust is None or not self.command_key:  # nothing to verify it with: ignored
            return False
        try:
            command = envelope.decode(data)
            body = command.verify(Ed25519PublicKey.from_public_bytes(self.command_key), now, TLS_PINS)
            pins = decode_pins(body)
        except (CommandError, ValueError) as exc:
            log.warning("the server's TLS pin announcement was refused: %s", exc)
            return False
        if not self.trust.replace(pins):
            if set(pins) != set(self.trust.pins):
                log.warning("the server's TLS pins were not adopted: they do not trust the certificate "
                            "this terminal reaches it with")
            return False
        log.info("TLS pins from the server adopted: %s", ", ".join(pins))
        if self.on_pins is not None:
            try:
                self.on_pins(pins)
            except Exception:  # kept in memory; the server announces them again after a restart
                log.exception("could not keep the server's TLS pins")
        return True

    def open_stream(self, path: str, read_timeout_s: float) -> requests.Response:
        """A signed GET whose answer is read as it comes (server-sent events); the caller closes it.
        A refusal raises as :meth:`request` does; a cut link raises :class:`NetworkError`."""
        now = int(self.clock() + self.clock_offset)
        headers = sign_request(self.secret, "GET", path, b"", now=now, nonce=new_nonce(),
                               device_id=self.device_id)
        try:
            reply = self.session.get(self.base_url + path, headers={**headers, "Accept": "text/event-stream"},
                                     stream=True, timeout=(self.timeout[0], read_timeout_s),
                                     allow_redirects=False)
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise NetworkError(f"no connection to the server: {_short(exc)}") from None
        if reply.status_code >= 300:
            reply.close()
            check(reply)
        return reply

    def warm(self) -> bool:
        """Open (or keep open) the pooled, pinned connection to the server, so that the next request
        pays no TCP and TLS handshake: on a cellular link that is two round trips. ``/health`` needs
        no signature and changes nothing. False when the link is down (nothing is lost)."""
        try:
            send(self.session, "GET", self.base_url + "/health", b"", headers={}, timeout=self.timeout)
        except NetworkError:
            return False
        return True

    def request(self, method: str, path: str, body: bytes = b"",
                headers: Mapping[str, str] | None = None,
                accept: frozenset[int] = frozenset()) -> requests.Response:
        """Send a signed request; retry once if the server says our clock is off.

        Statuses in ``accept`` are returned to the caller; other failures raise."""
        for attempt in (1, 2):
            reply = self._send(method, path, body, headers or {})
            if reply.status_code in (401, 403) and attempt == 1 and self._learn_clock(reply):
                continue
            if reply.status_code not in accept:
                check(reply)
            return reply
        raise AssertionError("unreachable")

    def _send(self, method: str, path: str, body: bytes, extra: Mapping[str, str]) -> requests.Response:
        now = int(self.clock() + self.clock_offset)
        headers = sign_request(self.secret, method, path, body, now=now, nonce=new_nonce(),
                               device_id=self.device_id)
        headers.update(extra)
        return send(self.session, method, self.base_url + path, body, headers=headers, timeout=self.timeout)

    def _learn_clock(self, reply: requests.Response) -> bool:
        """Adopt the server's clock from its Date header when ours is outside the window."""
        date = reply.headers.get("Date")
        if not date:
            return False
        try:
            server_now = email.utils.parsedate_to_datetime(date).timestamp()
        except (TypeError, ValueError):
            return False
        skew = server_now - (self.clock() + self.clock_offset)
        if abs(skew) < CLOCK_WINDOW_S / 2:
            return False
        self.clock_offset += skew
        return True


def send(session: requests.Session, method: str, url: str, body: bytes, *, headers: Mapping[str, str],
         timeout: tuple[float, float]) -> requests.Response:
    """One HTTP exchange; link failures become :class:`NetworkError`."""
    try:
        return session.request(method, url, data=body or None, headers=dict(headers), timeout=timeout,
                               allow_redirects=False)
    except requests.exceptions.SSLError as exc:
        if PIN_MISMATCH in str(exc):
            raise PinningError("the server's certificate does not match the key or CA this terminal "
                               "was enrolled with; ask the administrator") from None
        raise NetworkError(f"secure connection failed: {_short(exc)}") from None
    except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError) as exc:
        raise NetworkError(f"no connection to the server: {_short(exc)}") from None


def check(reply: requests.Response, *, enrolling: bool = False) -> None:
    """Raise the typed error for a non-success status (carrying the server's refusal code)."""
    status = reply.status_code
    if status < 300:
        return
    detail = error_detail(reply)
    if status in (401, 403):
        body = error_body(reply)
        code = body.code if body is not None else None
        if enrolling:
            message = body.message if body is not None else f"the enrolment was refused ({detail})"
            raise EnrolmentError(message, code=code)
        raise AuthError(f"the server refused this terminal ({detail}); it may need to be enrolled again",
                        code=code)
    if status >= 500 or status == 429:
        raise ServerError(f"the server is unavailable ({status}: {detail}); will retry")
    raise ProtocolError(f"the server rejected the request ({status}: {detail})")


def error_body(reply: requests.Response) -> ErrorBody | None:
    """The server's :class:`ErrorBody`, if the answer carries one in the protocol codec."""
    if reply.headers.get("Content-Type", "").startswith(CONTENT_TYPE):
        try:
            return decode(reply.content, ErrorBody)
        except ProtocolError:
            pass
    return None


def error_detail(reply: requests.Response) -> str:
    body = error_body(reply)
    if body is not None:
        return f"{body.code}: {body.message}"
    return reply.text[:200] or reply.reason or "no detail"


def enrol(base_url: str, code: str, device_name: str, pin: str = "", *,
          timeout: tuple[float, float] = DEFAULT_TIMEOUT) -> EnrolResponse:
    """Exchange a one-time enrolment code for the device's identity (unsigned request).

    Raises :class:`~sync.errors.EnrolmentError` when the server refuses the code (``code``
    "bad_code", "code_used" or "code_expired"), :class:`~sync.errors.PinningError` when the
    server's certificate does not pass ``pin`` (nothing was sent), :class:`~sync.errors.NetworkError`
    when the server cannot be reached."""
    session = make_session(pin, chain_path=_chain_path(base_url))
    try:
        # The name is only a label in the centre's device list: cut to the wire's limit, never refused.
        body = encode(EnrolRequest(PROTOCOL_VERSION, code, device_name[:MAX_DEVICE_NAME]))
        reply = send(session, "POST", base_url.rstrip("/") + PATH_ENROL, body,
                     headers={"Content-Type": CONTENT_TYPE}, timeout=timeout)
        check(reply, enrolling=True)
        return decode(reply.content, EnrolResponse)
    finally:
        session.close()


def _short(exc: BaseException) -> str:
    text = str(exc)
    return text if len(text) < 160 else text[:157] + "..."
