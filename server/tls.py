"""The server's TLS certificate: the utility's own, or a self-made demo one; the pins handhelds accept.

The utility's certificate chain and key (PEM; ``ServerConfig.tls_cert_file`` and
``tls_key_file``) are checked at start (:func:`server_tls`): the key file must be
owner-only and readable, unencrypted, and match the first certificate of the chain;
every refusal is a :class:`TlsSetupError` whose message names the file and the fix.

Without them (demo mode and tests) a demo CA and certificate are made with
``cryptography`` in ``<home>/tls/`` and reused across runs: ``ca.pem``, ``server.pem``
+ ``server.key`` (for 127.0.0.1 and localhost, signed by the CA, whose key is not kept).

Handhelds pin public keys (:mod:`sync.tls_trust`). The server accepts, and announces to
every handheld in sync answers (:func:`announcement`), the key of its certificate, the key
of every CA certificate in its chain file, and the configured ``tls_pins`` (the next key or
CA, before a switch). An enrolment link carries the key of its certificate
(:attr:`ServerTls.primary_pin`); the published chain (``GET /v1/tls/chain``) is what a
handheld needs to check a CA pin.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import ssl
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from server.commands import CommandSigner
from server.config import ServerConfig
from signed_commands.kinds import LIFETIMES, TLS_PINS
from sync.enrolment_link import PIN_PREFIX, normalise_pin
from sync.tls_trust import encode_pins, pin_set_digest, spki_pin

HOSTS = ("localhost",)
IPS = ("127.0.0.1",)
ANNOUNCE_TTL_S = LIFETIMES[TLS_PINS]  # signed when sent: it need not live long
NO_CERTIFICATE = ("no TLS certificate: pass --tls-cert CHAIN.pem --tls-key KEY.pem (the utility's own); "
                  "the self-made demo certificate is only for --seed-demo (to keep serving one made "
                  "earlier, name <home>/server/tls/server.pem and server.key)")


class TlsSetupError(Exception):
    """The server's TLS certificate or key cannot be used; the message says which file and why."""


@dataclass(frozen=True, slots=True)
class ServerTls:
    """The certificate the server serves and the pins it tells handhelds to accept."""

    cert_file: Path
    key_file: Path
    chain: tuple[x509.Certificate, ...]  # as served: the server's certificate first, then CAs
    pins: tuple[str, ...]  # sorted: the certificate's key, each CA's key, the configured extras
    demo: bool = False

    @property
    def primary_pin(self) -> str:
        """The pin an enrolment link carries: the key of the server's certificate."""
        return spki_pin(self.chain[0])

    @property
    def digest(self) -> str:
        return pin_set_digest(self.pins)

    def chain_pem(self) -> bytes:
        return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in self.chain)

    def describe(self) -> list[str]:
        """Lines for the operator: what is served, until when, and what handhelds accept."""
        leaf = self.chain[0]
        origin = "the self-made demo certificate" if self.demo else str(self.cert_file)
        lines = [f"TLS certificate: {leaf.subject.rfc4514_string()} ({origin}), valid until "
                 f"{leaf.not_valid_after_utc:%Y-%m-%d}"]
        if leaf.not_valid_after_utc < dt.datetime.now(dt.UTC) + dt.timedelta(days=30):
            lines.append("WARNING: the TLS certificate expires within 30 days (or has expired): renew it")
        lines.append(f"TLS pin of this certificate's key (enrolment codes carry it): {self.primary_pin}")
        lines += [f"TLS pin handhelds accept: {pin}" for pin in self.pins if pin != self.primary_pin]
        return lines


def server_tls(config: ServerConfig) -> ServerTls:
    """The utility's certificate when configured (checked), else the demo one (made if missing)."""
    extra = _extra_pins(config.tls_pins)
    if config.tls_cert_file:
        if not config.tls_key_file:
            raise TlsSetupError("--tls-cert needs --tls-key: the file of the certificate's private key")
        cert, key = Path(config.tls_cert_file), Path(config.tls_key_file)
        chain = _read_chain(cert)
        _check_key(key, chain[0], cert)
        _check_loadable(cert, key)
        return _setup(cert, key, chain, extra)
    if config.tls_key_file:
        raise TlsSetupError("--tls-key needs --tls-cert: the certificate chain file of that key")
    files = ensure_certificates(config.home)
    return _setup(files.cert, files.key, _read_chain(files.cert), extra, demo=True)


def announcement(tls: ServerTls, signer: CommandSigner, *, now: int) -> bytes:
    """The pin set handhelds accept, as a signed command of kind ``TLS_PINS``."""
    return signer.sign(TLS_PINS, encode_pins(tls.pins), now=now, ttl_s=ANNOUNCE_TTL_S)


def _setup(cert: Path, key: Path, chain: tuple[x509.Certificate, ...], extra: list[str], *,
           demo: bool = False) -> ServerTls:
    pins = {spki_pin(c) for c in chain} | set(extra)
    return ServerTls(cert, key, chain, tuple(sorted(pins)), demo)


def _extra_pins(pins: tuple[str, ...]) -> list[str]:
    out = []
    for pin in pins:
        try:
            canonical = normalise_pin(pin)
        except ValueError as exc:
            raise TlsSetupError(f"--tls-pin: {exc}") from None
        if not canonical.startswith(PIN_PREFIX):
            raise TlsSetupError(f"--tls-pin {pin}: give the pin of a key (spki:<64 hex>, see "
                                "'main.py server fingerprint --of FILE'), not a certificate fingerprint")
        out.append(canonical)
    return out


def _read_chain(path: Path) -> tuple[x509.Certificate, ...]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TlsSetupError(f"the TLS certificate file {path} cannot be read: {exc.strerror}") from None
    try:
        chain = tuple(x509.load_pem_x509_certificates(data))
    except ValueError:
        chain = ()
    if not chain:
        raise TlsSetupError(f"the TLS certificate file {path} holds no PEM certificate "
                            "(-----BEGIN CERTIFICATE-----)")
    return chain


def _check_key(path: Path, leaf: x509.Certificate, cert: Path) -> None:
    """The key file is owner-only, readable, unencrypted, and the key of ``leaf``."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise TlsSetupError(f"the TLS key file {path} cannot be read: {exc.strerror}") from None
    if mode & 0o077:
        raise TlsSetupError(f"the TLS key file {path} can be read by others (mode {mode & 0o777:o}): "
                            f"make it the server user's only (chmod 600 {path})")
    try:
        key = _load_key(path.read_bytes())
    except PermissionError:
        raise TlsSetupError(f"the TLS key file {path} cannot be read by this user: make the server "
                            "user its owner (chmod 600)") from None
    except TypeError:
        raise TlsSetupError(f"the TLS key file {path} is encrypted: the server reads an unencrypted "
                            "key (owner-only) at start") from None
    except (ValueError, UnsupportedAlgorithm):
        raise TlsSetupError(f"the TLS key file {path} is not a PEM private key") from None
    if spki_pin(key.public_key()) != spki_pin(leaf):  # type: ignore[arg-type]
        raise TlsSetupError(f"the TLS certificate ({leaf.subject.rfc4514_string()}, the first in {cert}) "
                            f"is not the certificate of the key in {path}: the chain file must start "
                            "with the server's own certificate")


def _load_key(data: bytes) -> PrivateKeyTypes:
    return serialization.load_pem_private_key(data, password=None)


def _check_loadable(cert: Path, key: Path) -> None:
    try:
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(cert, key)
    except ssl.SSLError as exc:
        raise TlsSetupError(f"OpenSSL cannot serve {cert} with {key}: {exc.reason or exc}") from None


@dataclass(frozen=True, slots=True)
class TlsFiles:
    ca_cert: Path
    cert: Path
    key: Path


def tls_files(home: Path) -> TlsFiles:
    folder = home / "tls"
    return TlsFiles(folder / "ca.pem", folder / "server.pem", folder / "server.key")


def ensure_certificates(home: Path) -> TlsFiles:
    """The CA and server certificate under ``home``, created on first use."""
    files = tls_files(home)
    if files.ca_cert.is_file() and files.cert.is_file() and files.key.is_file():
        return files
    files.cert.parent.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "MeterField demo"),
                         x509.NameAttribute(NameOID.COMMON_NAME, "MeterField demo CA")])
    ca_cert = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
               .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now).not_valid_after(now + dt.timedelta(days=3650))
               .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                            content_commitment=False, key_encipherment=False,
                                            data_encipherment=False, key_agreement=False,
                                            encipher_only=False, decipher_only=False), critical=True)
               .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    names: list[x509.GeneralName] = [x509.DNSName(h) for h in HOSTS]
    names += [x509.IPAddress(ipaddress.ip_address(i)) for i in IPS]
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "MeterField server")]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(now + dt.timedelta(days=825))
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .sign(ca_key, hashes.SHA256()))
    _write(files.key, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                        serialization.NoEncryption()), private=True)
    _write(files.cert, cert.public_bytes(serialization.Encoding.PEM))
    _write(files.ca_cert, ca_cert.public_bytes(serialization.Encoding.PEM))
    return files


def _write(path: Path, data: bytes, *, private: bool = False) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if private else 0o644)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)


def pin_of_pem(pem: bytes) -> str:
    """The pin of the first certificate, public key or private key in ``pem`` (for --tls-pin)."""
    certs = _certificates(pem)
    if certs:
        return spki_pin(certs[0])
    try:
        public = serialization.load_pem_public_key(pem)
    except (ValueError, UnsupportedAlgorithm):
        try:
            public = _load_key(pem).public_key()
        except (TypeError, ValueError, UnsupportedAlgorithm):
            raise TlsSetupError("no PEM certificate or (unencrypted) key found") from None
    return spki_pin(public)  # type: ignore[arg-type]


def _certificates(pem: bytes) -> list[x509.Certificate]:
    try:
        return x509.load_pem_x509_certificates(pem)
    except ValueError:
        return []
