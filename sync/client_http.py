"""The terminal's HTTP client: one keep-alive session, certificate pinning, signed requests.

TLS is pinned: the server certificate's SHA-256 fingerprint (DER) must match the
one stored at enrolment, checked during the handshake before a byte of the
request leaves (urllib3's ``assert_fingerprint``); no CA is trusted. Every
request carries the HMAC headers of :mod:`sync.auth_headers`. The device clock
is corrected by the server's time so a wrong handheld clock does not lock it out.

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
import time
from collections.abc import Callable, Mapping
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.util import SKIP_HEADER

from sync.auth_headers import new_nonce, sign_request
from sync.errors import AuthError, EnrolmentError, NetworkError, PinningError, ProtocolError, SyncError
from sync.protocol import (
    CLOCK_WINDOW_S,
    CONTENT_TYPE,
    MAX_DEVICE_NAME,
    PATH_ENROL,
    PATH_SYNC,
    PROTOCOL_VERSION,
    EnrolRequest,
    EnrolResponse,
    ErrorBody,
    SyncRequest,
    SyncResponse,
    decode,
    encode,
)

DEFAULT_TIMEOUT = (15.0, 60.0)  # connect, read: GPRS is slow but not that slow


__all__ = ["EnrolmentError", "NetworkError", "PinnedAdapter", "PinningError", "ServerError",
           "SyncHttpClient", "check", "enrol", "make_session", "send"]


class ServerError(SyncError):
    """The server could not serve the request now (5xx, busy)."""

    code = "server_unavailable"


class PinnedAdapter(HTTPAdapter):
    """An HTTPS adapter that trusts exactly one certificate, by its SHA-256 fingerprint."""

    def __init__(self, fingerprint: str, **kwargs: Any) -> None:
        self.fingerprint = fingerprint.replace(":", "").lower()
        if len(self.fingerprint) != 64:
            raise ValueError("the pinned fingerprint must be a SHA-256 (64 hex digits)")
        super().__init__(**kwargs)

    def init_poolmanager(self, connections: int, maxsize: int, block: bool = False,
                         **pool_kwargs: Any) -> None:
        pool_kwargs.update(assert_fingerprint=self.fingerprint, assert_hostname=False)
        super().init_poolmanager(connections, maxsize, block=block, **pool_kwargs)

    def cert_verify(self, conn: Any, url: str, verify: Any, cert: Any) -> None:
        super().cert_verify(conn, url, False, cert)  # type: ignore[no-untyped-call]  # no CA check: the pin is the check


def make_session(fingerprint: str) -> requests.Session:
    """A keep-alive session; HTTPS pinned to ``fingerprint`` when given."""
    session = requests.Session()
    # Every byte counts at 40 kbit/s: no Accept, Accept-Encoding, User-Agent or Connection headers
    # (HTTP/1.1 keeps the connection alive by default; bodies are compressed by the protocol).
    session.headers.clear()
    session.headers["Accept-Encoding"] = SKIP_HEADER
    session.headers["User-Agent"] = SKIP_HEADER
    if fingerprint:
        session.mount("https://", PinnedAdapter(fingerprint, max_retries=0))
        session.verify = False
    return session


class SyncHttpClient:
    """Signed protocol requests over one keep-alive session."""

    def __init__(self, base_url: str, device_id: str, secret: bytes, fingerprint: str = "", *,
                 timeout: tuple[float, float] = DEFAULT_TIMEOUT,
                 clock: Callable[[], float] = time.time) -> None:
        self.base_url = base_url.rstrip("/")
        self.device_id = device_id
        self.secret = secret
        self.timeout = timeout
        self.clock = clock
        self.clock_offset = 0.0  # server time - device time, learnt from responses
        self.session = make_session(fingerprint)

    def close(self) -> None:
        self.session.close()

    def sync(self, request: SyncRequest) -> SyncResponse:
        body = encode(request, dictionary=True)
        reply = self.request("POST", PATH_SYNC, body, {"Content-Type": CONTENT_TYPE})
        response = decode(reply.content, SyncResponse)
        self.clock_offset = response.server_time - self.clock()
        return response

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
        if "fingerprint" in str(exc).lower():
            raise PinningError("the server's certificate does not match the one this terminal "
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


def enrol(base_url: str, code: str, device_name: str, fingerprint: str = "", *,
          timeout: tuple[float, float] = DEFAULT_TIMEOUT) -> EnrolResponse:
    """Exchange a one-time enrolment code for the device's identity (unsigned request).

    Raises :class:`~sync.errors.EnrolmentError` when the server refuses the code (``code``
    "bad_code", "code_used" or "code_expired"), :class:`~sync.errors.PinningError` when the
    server's certificate is not ``fingerprint``, :class:`~sync.errors.NetworkError` when the
    server cannot be reached."""
    session = make_session(fingerprint)
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
