"""The terminal's TLS trust as pure functions: pin forms, which certificates pass, and which pin
announcements a terminal adopts."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from server.commands import CommandSigner
from signed_commands.kinds import TLS_PINS
from sync.client_http import SyncHttpClient
from sync.enrolment_link import build_link, normalise_pin, parse_link
from sync.tls_trust import (
    ServerTrust,
    certificate_fingerprint,
    chain_trusted,
    encode_pins,
    spki_pin,
)
from tests.sync.pki import NOW, Ca, new_key, pem

HEX = "a765fa" + "0123456789abcdef" * 3 + "0123456789"


def der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(Encoding.DER)


def test_pins_are_read_in_every_form_and_written_in_one() -> None:
    raw = bytes.fromhex(HEX)
    assert normalise_pin(f"spki:{HEX}") == normalise_pin(f"SPKI:{HEX.upper()}") == f"spki:{HEX}"
    assert normalise_pin("sha256/" + base64.b64encode(raw).decode()) == f"spki:{HEX}"  # HPKP's form
    colons = ":".join(HEX[i:i + 2] for i in range(0, 64, 2))
    assert normalise_pin(colons.upper()) == HEX  # a legacy certificate fingerprint stays one
    for bad in ("", "spki:", f"spki:{HEX[:-2]}", f"{HEX}00", "sha256/AAAA", "sha256/!!", f"key:{HEX}"):
        with pytest.raises(ValueError, match="not a pin"):
            normalise_pin(bad)
    link = parse_link(build_link("https://centre.example:8443", f"spki:{HEX}", "J4K4-R7PV-5WEB"))
    assert link.fingerprint == f"spki:{HEX}"
    assert "&fp=spki:" + HEX + "&" in build_link("https://centre.example", f"spki:{HEX}", "J4K4R7PV5WEB")


def test_a_key_pin_is_the_sha256_of_the_subject_public_key_info() -> None:
    key = new_key()
    cert = Ca.root().issue(key)
    spki = cert.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    assert spki_pin(cert) == spki_pin(key.public_key()) == "spki:" + hashlib.sha256(spki).hexdigest()
    assert certificate_fingerprint(der(cert)) == hashlib.sha256(der(cert)).hexdigest()


def test_a_chain_passes_only_to_a_pinned_ca_by_signature_for_the_host_and_within_its_dates() -> None:
    root = Ca.root()
    issuing = root.intermediate()
    key = new_key()
    leaf = issuing.issue(key)
    material = [issuing.cert, root.cert]
    assert chain_trusted(leaf, material, [root.pin], "127.0.0.1", NOW)
    assert chain_trusted(leaf, material, [issuing.pin], "localhost", NOW)  # an intermediate as the anchor
    assert not chain_trusted(leaf, [root.cert], [root.pin], "127.0.0.1", NOW)  # the intermediate is missing
    assert not chain_trusted(leaf, material, [spki_pin(new_key().public_key())], "127.0.0.1", NOW)
    assert not chain_trusted(leaf, material, [root.pin], "centre.example", NOW)  # names another host
    assert not chain_trusted(leaf, material, [root.pin], "127.0.0.1", NOW + dt.timedelta(days=91))  # expired
    # An attacker's CA of the same name, shown next to the real CA certificate:
    impostor = Ca.root()
    assert impostor.cert.subject == root.cert.subject
    forged = impostor.issue(key)
    assert not chain_trusted(forged, [impostor.cert, root.cert], [root.pin], "127.0.0.1", NOW)


def test_server_trust_fetches_the_chain_only_when_the_key_is_not_pinned() -> None:
    root = Ca.root()
    key = new_key()
    leaf = root.issue(key)
    fetched: list[int] = []

    def fetch() -> bytes:
        fetched.append(1)
        return pem(leaf, root.cert)

    trust = ServerTrust([spki_pin(key.public_key())])
    assert trust.trusted(der(leaf), "127.0.0.1", fetch) and not fetched  # the key itself is pinned
    by_ca = ServerTrust([root.pin])
    assert by_ca.trusted(der(leaf), "127.0.0.1", fetch) and len(fetched) == 1
    assert by_ca.trusted(der(root.issue(new_key())), "127.0.0.1", fetch) and len(fetched) == 1  # kept
    assert not by_ca.trusted(der(Ca.root().issue(key)), "127.0.0.1", fetch) and len(fetched) == 2
    legacy = ServerTrust([certificate_fingerprint(der(leaf))])
    assert legacy.trusted(der(leaf), "127.0.0.1", fetch)
    assert not legacy.trusted(der(root.issue(key)), "127.0.0.1", fetch)  # same key, another certificate
    assert len(fetched) == 2  # a legacy pin never needs the chain


def test_a_pin_set_that_would_lock_the_terminal_out_is_not_adopted() -> None:
    key = new_key()
    leaf = Ca.root().issue(key)
    trust = ServerTrust([spki_pin(key.public_key())])
    assert trust.trusted(der(leaf), "127.0.0.1")
    other = spki_pin(new_key().public_key())
    assert not trust.replace([other])  # not the certificate this terminal reaches the server with
    assert trust.replace([other, spki_pin(key.public_key())])
    assert set(trust.pins) == {other, spki_pin(key.public_key())}


def announce(key: Ed25519PrivateKey, pins: list[str], *, kind: str = TLS_PINS, now: int = 1_800_000_000,
             ttl_s: int = 3600) -> bytes:
    return CommandSigner(key).sign(kind, encode_pins(pins), now=now, ttl_s=ttl_s)


def test_only_a_pin_set_signed_by_the_server_of_the_right_kind_and_in_date_is_adopted(tmp_path: Path) -> None:
    server_key = Ed25519PrivateKey.generate()
    signer = CommandSigner(server_key)
    current, upcoming = spki_pin(new_key().public_key()), spki_pin(new_key().public_key())
    kept: list[tuple[str, ...]] = []
    client = SyncHttpClient("https://127.0.0.1:1", "D1", b"s" * 32, current, command_key=signer.public_raw,
                            on_pins=kept.append)
    now = 1_800_000_000
    good = announce(server_key, [current, upcoming])
    refused = [announce(Ed25519PrivateKey.generate(), [current, upcoming]),  # not our server's key
               announce(server_key, [current, upcoming], kind="credit-token"),  # another command's kind
               announce(server_key, [current, upcoming], now=now - 7200),  # expired
               good[:-1] + bytes([good[-1] ^ 1]),  # altered: one bit of the signature flipped
               signer.sign(TLS_PINS, b'{"pins":[]}', now=now, ttl_s=3600),  # empty: would lock out
               signer.sign(TLS_PINS, b'{"pins":["nonsense"]}', now=now, ttl_s=3600),
               b"garbage"]
    for data in refused:
        assert not client.adopt_pins(data, now=now)
    assert client.trust is not None and client.trust.pins == (current,) and kept == []
    assert client.adopt_pins(announce(server_key, [current, upcoming]), now=now)
    assert set(client.trust.pins) == {current, upcoming} and kept == [client.trust.pins]
    client.close()
