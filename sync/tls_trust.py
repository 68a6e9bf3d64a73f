"""Whom a terminal trusts as its server over TLS: a set of public-key pins (shared by both ends).

A pin is the SHA-256 of a SubjectPublicKeyInfo (DER), like HPKP's pin-sha256, written
``spki:<64 hex>`` (:func:`sync.enrolment_link.normalise_pin`). No CA of the system is
trusted. A new connection passes when one of these holds for the certificate the server
presents (:meth:`ServerTrust.trusted`):

1. its own key is pinned: a certificate renewed with the same key passes (a key pin,
   like a raw public key, does not look at names or dates);
2. it chains by signature to a CA certificate whose key is pinned, names the host of the
   server URL and is within its dates (the web PKI's rules, ``cryptography``'s verifier);
   the CA and intermediate certificates are what the server publishes at
   :data:`~sync.protocol.PATH_TLS_CHAIN`: untrusted material, only a pin makes a CA trusted;
3. legacy: its SHA-256 (DER) is the bare 64-hex pin an older enrolment stored.

The server announces the pin set it accepts in sync answers (``SyncResponse.tls_pins``, a
command of kind ``signed_commands.kinds.TLS_PINS`` signed with its command
key; never one a supervisor may ask for); the terminal verifies it
and replaces its set, so the server can add the next key before a switch and drop an old one
after it, and a legacy pin is upgraded at the first sync.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import json
import threading
import time
from collections.abc import Callable, Iterable, Sequence

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.types import CertificatePublicKeyTypes
from cryptography.x509.verification import (
    Criticality,
    ExtensionPolicy,
    PolicyBuilder,
    Store,
    VerificationError,
)

from sync.enrolment_link import PIN_PREFIX, normalise_pin

MAX_PINS = 16
MAX_CHAIN_BYTES = 64 * 1024  # what a terminal reads of the published chain

# The web PKI's profile, except that the authority key identifier (a chain-building hint)
# may be absent: utilities' own CAs often leave it out.
_EE_POLICY = ExtensionPolicy.webpki_defaults_ee().may_be_present(
    x509.AuthorityKeyIdentifier, Criticality.NON_CRITICAL, None)
_CA_POLICY = ExtensionPolicy.webpki_defaults_ca().may_be_present(
    x509.AuthorityKeyIdentifier, Criticality.NON_CRITICAL, None)


def spki_pin(key: x509.Certificate | CertificatePublicKeyTypes) -> str:
    """The pin of a certificate's public key (or of a public key)."""
    public = key.public_key() if isinstance(key, x509.Certificate) else key
    spki = public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return PIN_PREFIX + hashlib.sha256(spki).hexdigest()


def certificate_fingerprint(der: bytes) -> str:
    """The legacy pin: the SHA-256 of one certificate (DER), 64 lowercase hex digits."""
    return hashlib.sha256(der).hexdigest()


def pin_set_digest(pins: Iterable[str]) -> str:
    """A short name for a pin set: the terminal sends it in every sync request (9 bytes), the
    server announces its set when it differs. Only a change detector, not a security check: the
    announcement itself is signed, and a 32-bit collision only delays an update."""
    return hashlib.sha256("\n".join(sorted(set(pins))).encode()).hexdigest()[:8]


def encode_pins(pins: Iterable[str]) -> bytes:
    """The body of a pin announcement."""
    return json.dumps({"pins": sorted(set(pins))}, separators=(",", ":")).encode()


def decode_pins(body: bytes) -> tuple[str, ...]:
    """The pins of an announcement body; raises ``ValueError`` if it is not one (or is empty)."""
    data = json.loads(body)
    pins = data.get("pins") if isinstance(data, dict) else None
    if not (isinstance(pins, list) and 0 < len(pins) <= MAX_PINS and all(isinstance(p, str) for p in pins)):
        raise ValueError(f"a pin announcement holds 1 to {MAX_PINS} pins")
    return tuple(sorted({normalise_pin(p) for p in pins}))


def chain_trusted(leaf: x509.Certificate, material: Sequence[x509.Certificate], pins: Iterable[str],
                  host: str, now: dt.datetime) -> bool:
    """Does ``leaf`` chain, by signature, to a certificate of ``material`` whose key is pinned,
    name ``host`` and lie within its dates (and every certificate on the way) at ``now``?"""
    wanted = set(pins)
    anchors = [c for c in material if spki_pin(c) in wanted]
    if not anchors:
        return False
    verifier = (PolicyBuilder().store(Store(anchors)).time(now)
                .extension_policies(ca_policy=_CA_POLICY, ee_policy=_EE_POLICY)
                .build_server_verifier(_subject(host)))
    try:
        verifier.verify(leaf, [c for c in material if c not in anchors])
    except VerificationError:
        return False
    return True


def _subject(host: str) -> x509.DNSName | x509.IPAddress:
    name = host.strip("[]")
    try:
        return x509.IPAddress(ipaddress.ip_address(name))
    except ValueError:
        return x509.DNSName(name.rstrip(".").lower())


def load_chain(pem: bytes) -> list[x509.Certificate]:
    """The certificates of a PEM chain ([] when there are none or they cannot be read)."""
    try:
        return x509.load_pem_x509_certificates(pem)
    except ValueError:
        return []


class ServerTrust:
    """The pins of one terminal, checked for each new TLS connection (thread-safe).

    ``fetch`` (given to :meth:`trusted`) returns the server's published chain (PEM; ``b""``
    when there is none; an ``OSError`` when the link fails); it is called only when the
    certificate's own key is not pinned and the chain read earlier does not lead to a pinned
    CA. ``clock`` gives the time CA-issued certificates are checked at.
    """

    def __init__(self, pins: Iterable[str], *, clock: Callable[[], float] = time.time) -> None:
        self._pins = tuple(sorted({normalise_pin(p) for p in pins}))
        if not self._pins:
            raise ValueError("a pinned connection needs at least one pin")
        self.clock = clock
        self._material: list[x509.Certificate] = []
        self._last_peer: tuple[bytes, str] | None = None
        self._lock = threading.Lock()

    @property
    def pins(self) -> tuple[str, ...]:
        with self._lock:
            return self._pins

    def digest(self) -> str:
        return pin_set_digest(self.pins)

    def trusted(self, leaf_der: bytes, host: str, fetch: Callable[[], bytes] | None = None) -> bool:
        """Does this certificate (DER) pass for a server reached at ``host``? (See the module.)"""
        with self._lock:
            pins, material = self._pins, list(self._material)
        ok = self._passes(pins, material, leaf_der, host)
        if not ok and fetch is not None and any(p.startswith(PIN_PREFIX) for p in pins):
            fresh = load_chain(fetch())
            with self._lock:
                self._material = fresh
            ok = self._passes(pins, fresh, leaf_der, host)
        if ok:
            with self._lock:
                self._last_peer = (leaf_der, host)
        return ok

    def _passes(self, pins: Sequence[str], material: list[x509.Certificate], leaf_der: bytes,
                host: str) -> bool:
        if certificate_fingerprint(leaf_der) in pins:
            return True
        try:
            leaf = x509.load_der_x509_certificate(leaf_der)
        except ValueError:
            return False
        if spki_pin(leaf) in pins:
            return True
        now = dt.datetime.fromtimestamp(self.clock(), dt.UTC)
        return bool(material) and chain_trusted(leaf, material, pins, host, now)

    def replace(self, pins: Sequence[str]) -> bool:
        """Adopt an announced pin set; False (nothing changes) when it is the same, or when it
        would not trust the server this terminal last reached (it would lock the terminal out:
        e.g. a proxy in front of the server shows another certificate)."""
        new = tuple(sorted({normalise_pin(p) for p in pins}))
        with self._lock:
            if not new or new == self._pins:
                return False
            last, material = self._last_peer, list(self._material)
        if last is not None and not self._passes(new, material, *last):
            return False
        with self._lock:
            self._pins = new
        return True
