"""The enrolment link: the text of the QR code a terminal scans to enrol (both ends use this).

Format, version 1 (one line, ASCII)::

    meterfield-enrol:v1?url=https%3A%2F%2Fcentre.example%3A8443&fp=<64 hex>&code=J4K4-R7PV-5WEB

- ``url``: the server's base address, percent-encoded; https only, with a host, no
  user, query or fragment (a path prefix is allowed, a trailing ``/`` is dropped);
- ``fp``: the server's pin (:func:`normalise_pin`): ``spki:`` and the SHA-256 of a public key
  (SubjectPublicKeyInfo, DER) in 64 lowercase hex digits, the server's own key or a CA's
  (what ``main.py server fingerprint`` prints; :mod:`sync.tls_trust` says when a connection
  passes). A bare 64-hex value is a legacy pin, the SHA-256 of one certificate (DER), as
  links made before public-key pins carry; it is still accepted;
- ``code``: the one-time enrolment code, :data:`CODE_LENGTH` characters of
  :data:`CODE_ALPHABET` in groups of four (``-`` and blanks are ignored on parsing).

Each parameter appears exactly once; unknown parameters are refused, so a link is never
half understood. A link of another version is refused with code ``link_version`` (update
the app). Every refusal is an :class:`EnrolmentLinkError`. Stdlib only.
"""

from __future__ import annotations

import base64
import string
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

from sync.errors import SyncError

SCHEME = "meterfield-enrol"
VERSION = "v1"
PREFIX = f"{SCHEME}:{VERSION}?"
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U
CODE_LENGTH = 12
MAX_LINK_LENGTH = 1024
_FIELDS = ("url", "fp", "code")
PIN_PREFIX = "spki:"  # a public-key pin; a bare 64-hex pin is a legacy certificate pin
B64_PREFIX = "sha256/"  # the same public-key pin in HPKP's base64 form (read, never written)


class EnrolmentLinkError(SyncError):
    """The scanned text is not a usable enrolment link.

    ``code``: ``"bad_link"`` (not a MeterField link, or a part of it is wrong: the message
    says which), ``"link_version"`` (made by a newer server: update the app),
    ``"link_not_https"`` (the server address is not https)."""

    code = "bad_link"


@dataclass(frozen=True, slots=True)
class EnrolmentLink:
    """What a terminal needs to enrol: where, which key (or certificate) to pin, which code to spend."""

    url: str  # https://host[:port][/prefix], no trailing slash
    fingerprint: str  # the pin: "spki:" + 64 lowercase hex, or 64 hex (a legacy certificate pin)
    code: str  # XXXX-XXXX-XXXX

    def __post_init__(self) -> None:
        object.__setattr__(self, "url", normalise_url(self.url))
        object.__setattr__(self, "fingerprint", _link_pin(self.fingerprint))
        object.__setattr__(self, "code", normalise_code(self.code))

    def text(self) -> str:
        """The link as the QR code holds it."""
        return (f"{PREFIX}url={quote(self.url, safe='')}&fp={self.fingerprint}"
                f"&code={self.code}")


def build_link(url: str, fingerprint: str, code: str) -> str:
    """The link text for these three (raises :class:`EnrolmentLinkError` if one is wrong)."""
    return EnrolmentLink(url, fingerprint, code).text()


def parse_link(text: str) -> EnrolmentLink:
    """The link in ``text`` (a scanned QR code); raises :class:`EnrolmentLinkError`."""
    text = text.strip()
    if len(text) > MAX_LINK_LENGTH:
        raise EnrolmentLinkError("this is not an enrolment code: the text is too long")
    head, sep, query = text.partition("?")
    scheme, _, version = head.partition(":")
    if scheme.lower() != SCHEME or not sep:
        raise EnrolmentLinkError("this is not a MeterField enrolment code: scan the QR code the "
                                 "administrator printed for this terminal")
    if version != VERSION:
        raise EnrolmentLinkError(f"this enrolment code is of another version ({version or 'none'}; "
                                 f"this app reads {VERSION}): update the app", code="link_version")
    try:
        params = parse_qs(query, keep_blank_values=True, strict_parsing=True, errors="strict",
                          max_num_fields=len(_FIELDS) + 1)
    except ValueError:
        raise EnrolmentLinkError("the enrolment code is damaged: scan it again") from None
    unknown = sorted(set(params) - set(_FIELDS))
    if unknown:
        raise EnrolmentLinkError(f"the enrolment code has parts this app does not know "
                                 f"({', '.join(unknown)})")
    for name in _FIELDS:
        if len(params.get(name, [])) != 1:
            raise EnrolmentLinkError(f"the enrolment code must carry exactly one {name}")
    return EnrolmentLink(params["url"][0], params["fp"][0], params["code"][0])


def normalise_url(url: str) -> str:
    """The server's base URL, checked: https, a host, no user, query or fragment."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port  # raises ValueError for a bad port
    except ValueError:
        raise EnrolmentLinkError(f"the server address {url!r} is not valid") from None
    if parts.scheme.lower() != "https":
        raise EnrolmentLinkError(f"the server address must be https (got {url!r})", code="link_not_https")
    if not parts.hostname or parts.username is not None or parts.query or parts.fragment:
        raise EnrolmentLinkError(f"the server address {url!r} is not valid")
    if any(c.isspace() or not c.isprintable() for c in url):
        raise EnrolmentLinkError("the server address contains blanks or control characters")
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    netloc = host if port is None else f"{host}:{port}"
    return f"https://{netloc}{parts.path.rstrip('/')}"


def normalise_pin(pin: str) -> str:
    """A server pin in its canonical form; raises ``ValueError`` for anything else.

    ``spki:<64 hex>`` is the SHA-256 of a public key (SubjectPublicKeyInfo, DER); it is also
    read as ``sha256/<base64>`` (HPKP's pin-sha256, as OkHttp and curl write it). A bare
    64-hex value is a legacy pin: the SHA-256 of one certificate (DER). Colons and upper
    case are accepted in the hex forms."""
    text = pin.strip()
    if text.lower().startswith(B64_PREFIX):
        try:
            raw = base64.b64decode(text[len(B64_PREFIX):], validate=True)
        except ValueError:
            raw = b""
        if len(raw) != 32:
            raise ValueError(f"{pin!r} is not a pin: sha256/ must be followed by 32 bytes in base64")
        return PIN_PREFIX + raw.hex()
    lower = text.lower()
    key = lower.startswith(PIN_PREFIX)
    digits = (lower[len(PIN_PREFIX):] if key else lower).replace(":", "")
    if len(digits) != 64 or any(c not in string.hexdigits for c in digits):
        raise ValueError(f"{pin!r} is not a pin: a SHA-256 (64 hex digits, after spki: for a key)")
    return PIN_PREFIX + digits if key else digits


def _link_pin(pin: str) -> str:
    try:
        return normalise_pin(pin)
    except ValueError:
        raise EnrolmentLinkError("the certificate fingerprint in the enrolment code is not a SHA-256 "
                                 "pin (spki: and 64 hex digits)") from None


def normalise_code(code: str) -> str:
    """The one-time code as ``XXXX-XXXX-XXXX`` (dashes and blanks ignored, case folded)."""
    raw = "".join(c for c in code.upper() if c not in "- ")
    if len(raw) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in raw):
        raise EnrolmentLinkError(f"the one-time code in the enrolment code is not valid "
                                 f"({CODE_LENGTH} letters and digits expected)")
    return "-".join(raw[i:i + 4] for i in range(0, CODE_LENGTH, 4))
