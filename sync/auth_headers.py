"""Request signing shared by the terminal and the server (pure, no I/O, no clock).

Every device request carries the headers in :data:`sync.protocol.AUTH_HEADERS`:
``X-MF-Device`` (the device id), ``X-MF-Time`` (Unix seconds), ``X-MF-Nonce``
(16 hex digits, fresh per request) and ``X-MF-Sig``, the hex HMAC-SHA256 with
the device's secret over::

    f"{METHOD}\\n{path_with_query}\\n{time}\\n{nonce}\\n{sha256(body).hexdigest()}"

``path_with_query`` is the request target exactly as sent (``/v1/sync``,
``/v1/attachments/ab..?offset=0``). The caller supplies ``now`` and ``nonce``
(keyword-only) so this module stays deterministic, e.g.
``sign_request(secret, "POST", PATH_SYNC, body, now=int(time.time()),
nonce=new_nonce(), device_id=device_id)``; :func:`new_nonce` is the one helper that
reads the OS random source.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from sync.protocol import CLOCK_WINDOW_S, H_DEVICE, H_NONCE, H_SIG, H_TIME

NONCE_HEX_DIGITS = 16


def new_nonce() -> str:
    """A fresh random nonce of :data:`NONCE_HEX_DIGITS` hex digits."""
    return secrets.token_hex(NONCE_HEX_DIGITS // 2)


def string_to_sign(method: str, path: str, body: bytes, now: int, nonce: str) -> bytes:
    """The exact bytes the signature covers."""
    digest = hashlib.sha256(body).hexdigest()
    return f"{method.upper()}\n{path}\n{now}\n{nonce}\n{digest}".encode()


def signature(secret: bytes, method: str, path: str, body: bytes, *, now: int, nonce: str) -> str:
    """Hex HMAC-SHA256 of :func:`string_to_sign` under ``secret``."""
    return hmac.new(secret, string_to_sign(method, path, body, now, nonce), hashlib.sha256).hexdigest()


def sign_request(secret: bytes, method: str, path: str, body: bytes, *, now: int, nonce: str,
                 device_id: str = "") -> dict[str, str]:
    """The authentication headers for one request.

    With ``device_id`` all four headers; without it, the caller adds
    ``X-MF-Device`` itself (the device id is not covered by the signature: the
    server looks up the secret by it, so a wrong id simply fails verification).
    """
    headers = {
        H_TIME: str(now),
        H_NONCE: nonce,
        H_SIG: signature(secret, method, path, body, now=now, nonce=nonce),
    }
    if device_id:
        headers[H_DEVICE] = device_id
    return headers


@dataclass(frozen=True, slots=True)
class SignedHeaders:
    """The authentication headers of one request, parsed but not yet verified."""

    device_id: str
    time: int
    nonce: str
    sig: str


class HeaderError(ValueError):
    """The authentication headers are missing or malformed (the message says which)."""


def parse_headers(headers: Mapping[str, str]) -> SignedHeaders:
    """Read the four headers (case-insensitive mapping); raises :class:`HeaderError`."""
    missing = [h for h in (H_DEVICE, H_TIME, H_NONCE, H_SIG) if not headers.get(h)]
    if missing:
        raise HeaderError(f"missing authentication header(s): {', '.join(missing)}")
    nonce = headers[H_NONCE]
    if len(nonce) != NONCE_HEX_DIGITS or not _is_hex(nonce):
        raise HeaderError(f"{H_NONCE} must be {NONCE_HEX_DIGITS} hex digits")
    sig = headers[H_SIG]
    if len(sig) != 64 or not _is_hex(sig):
        raise HeaderError(f"{H_SIG} must be 64 hex digits")
    try:
        when = int(headers[H_TIME])
    except ValueError:
        raise HeaderError(f"{H_TIME} must be Unix seconds") from None
    return SignedHeaders(headers[H_DEVICE], when, nonce.lower(), sig.lower())


def verify_signature(secret: bytes, method: str, path: str, body: bytes,
                     signed: SignedHeaders) -> bool:
    """True when ``signed.sig`` matches (constant-time comparison)."""
    expected = signature(secret, method, path, body, now=signed.time, nonce=signed.nonce)
    return hmac.compare_digest(expected, signed.sig)


def within_clock_window(signed_time: int, now: int, window_s: int = CLOCK_WINDOW_S) -> bool:
    """True when the request's time is within ``window_s`` seconds of ``now``."""
    return abs(now - signed_time) <= window_s


def _is_hex(text: str) -> bool:
    return all(c in "0123456789abcdefABCDEF" for c in text)
