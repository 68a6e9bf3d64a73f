"""A utility's own PKI for the TLS tests, made with ``cryptography``: CAs, server certificates,
the chain and key files an operator hands the server."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from sync.tls_trust import spki_pin

Key = ec.EllipticCurvePrivateKey
NOW = dt.datetime.now(dt.UTC)


def new_key() -> Key:
    return ec.generate_private_key(ec.SECP256R1())


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Test Utility"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


@dataclass(frozen=True)
class Ca:
    """A certificate authority: its certificate and key."""

    cert: x509.Certificate
    key: Key

    @property
    def pin(self) -> str:
        return spki_pin(self.cert)

    @classmethod
    def root(cls, cn: str = "Test Utility Root CA") -> Ca:
        key = new_key()
        return cls(_ca_builder(_name(cn), _name(cn), key).sign(key, hashes.SHA256()), key)

    def intermediate(self, cn: str = "Test Utility Issuing CA") -> Ca:
        key = new_key()
        cert = _ca_builder(_name(cn), self.cert.subject, key).sign(self.key, hashes.SHA256())
        return Ca(cert, key)

    def issue(self, key: Key, *, hosts: tuple[str, ...] = ("localhost",),
              ips: tuple[str, ...] = ("127.0.0.1",), days: int = 90,
              start: dt.datetime | None = None) -> x509.Certificate:
        """A server certificate for ``key`` (names ``hosts`` and ``ips``), valid ``days`` from ``start``."""
        begin = (start or NOW) - dt.timedelta(minutes=5)
        names: list[x509.GeneralName] = [x509.DNSName(h) for h in hosts]
        names += [x509.IPAddress(ipaddress.ip_address(i)) for i in ips]
        return (x509.CertificateBuilder().subject_name(_name("MeterField centre"))
                .issuer_name(self.cert.subject).public_key(key.public_key())
                .serial_number(x509.random_serial_number())
                .not_valid_before(begin).not_valid_after(begin + dt.timedelta(days=days))
                .add_extension(x509.SubjectAlternativeName(names), critical=False)
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
                .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()),
                               critical=False)
                .sign(self.key, hashes.SHA256()))


def _ca_builder(subject: x509.Name, issuer: x509.Name, key: Key) -> x509.CertificateBuilder:
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(NOW - dt.timedelta(days=1)).not_valid_after(NOW + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                         content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False,
                                         encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False))


def pem(*certs: x509.Certificate) -> bytes:
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs)


def key_pem(key: Key) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def install(folder: Path, key: Key, *chain: x509.Certificate, key_mode: int = 0o600) -> tuple[Path, Path]:
    """Write ``chain.pem`` and ``key.pem`` as an operator would (the key owner-only); their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    cert_file, key_file = folder / "chain.pem", folder / "key.pem"
    cert_file.write_bytes(pem(*chain))
    key_file.write_bytes(key_pem(key))
    os.chmod(key_file, key_mode)
    return cert_file, key_file
