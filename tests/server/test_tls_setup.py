"""The server's TLS setup at start: the utility's certificate and key are checked, and every
refusal names the file and the fix; production never falls back to the self-made certificate."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

import main
from server.config import ServerConfig
from server.tls import TlsSetupError, pin_of_pem, server_tls
from sync.tls_trust import spki_pin
from tests.sync.pki import Ca, install, new_key

ROOT = Path(__file__).resolve().parents[2]
DEMO_KEYS = str(ROOT / "resources" / "keys" / "demo_meter_keys.json")


def test_the_utility_certificate_is_served_and_its_cas_and_extra_pins_announced(tmp_path: Path) -> None:
    root = Ca.root()
    issuing = root.intermediate()
    key, upcoming = new_key(), new_key()
    cert, key_file = install(tmp_path / "tls", key, issuing.issue(key), issuing.cert)
    tls = server_tls(ServerConfig(home=tmp_path / "server", tls_cert_file=str(cert),
                                  tls_key_file=str(key_file), tls_pins=(spki_pin(upcoming.public_key()),)))
    assert (tls.cert_file, tls.key_file, tls.demo) == (cert, key_file, False)
    assert tls.primary_pin == spki_pin(key.public_key())
    assert set(tls.pins) == {tls.primary_pin, issuing.pin, spki_pin(upcoming.public_key())}
    assert not (tmp_path / "server" / "tls").exists()  # no demo CA is made


@pytest.mark.parametrize(("case", "words"), [
    ("another key", "is not the certificate of the key in"),
    ("readable by others", "can be read by others (mode 644): make it the server user's only (chmod 600"),
    ("missing key", "cannot be read"),
    ("encrypted key", "is encrypted"),
    ("not a key", "is not a PEM private key"),
    ("not a certificate", "holds no PEM certificate"),
    ("CA first", "the chain file must start with the server's own certificate"),
    ("no key file", "--tls-cert needs --tls-key"),
    ("bad extra pin", "--tls-pin"),
    ("certificate pin as extra", "give the pin of a key"),
])
def test_a_certificate_or_key_that_cannot_be_used_is_refused_with_what_to_do(
        tmp_path: Path, case: str, words: str) -> None:
    ca = Ca.root()
    key = new_key()
    cert, key_file = install(tmp_path / "tls", key, ca.issue(key), ca.cert)
    pins: tuple[str, ...] = ()
    if case == "another key":
        key_file.write_bytes(new_key().private_bytes(serialization.Encoding.PEM,
                                                     serialization.PrivateFormat.PKCS8,
                                                     serialization.NoEncryption()))
    elif case == "readable by others":
        os.chmod(key_file, 0o644)
    elif case == "missing key":
        key_file.unlink()
    elif case == "encrypted key":
        key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.BestAvailableEncryption(b"secret")))
    elif case == "not a key":
        key_file.write_bytes(b"hello")
    elif case == "not a certificate":
        cert.write_bytes(b"-----BEGIN NOTHING-----\n")
    elif case == "CA first":
        cert.write_bytes(cert.read_bytes().split(b"-----END CERTIFICATE-----\n", 1)[1] + cert.read_bytes())
    elif case == "no key file":
        key_file.unlink()
    elif case == "bad extra pin":
        pins = ("spki:1234",)
    else:
        pins = ("ab" * 32,)
    with pytest.raises(TlsSetupError) as caught:
        server_tls(ServerConfig(home=tmp_path / "server", tls_cert_file=str(cert),
                                tls_key_file="" if case == "no key file" else str(key_file), tls_pins=pins))
    assert words in str(caught.value)


def test_main_refuses_to_start_with_a_bad_key_or_without_a_certificate_before_touching_the_database(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ca = Ca.root()
    key = new_key()
    cert, key_file = install(tmp_path / "tls", key, ca.issue(new_key()))  # the certificate of another key
    base = ["--home", str(tmp_path / "home"), "server", "--port", "1", "--meter-keys", DEMO_KEYS]
    assert main.main([*base, "--tls-cert", str(cert), "--tls-key", str(key_file)]) == 2
    assert "is not the certificate of the key in" in capsys.readouterr().err
    assert main.main(base) == 2  # production without the utility's certificate
    err = capsys.readouterr().err
    assert "no TLS certificate: pass --tls-cert" in err and "only for --seed-demo" in err
    assert main.main([*base, "--no-tls", "--tls-cert", str(cert)]) == 2
    assert "drop --no-tls" in capsys.readouterr().err
    assert not (tmp_path / "home" / "server" / "server.sqlite3").exists()
    assert not (tmp_path / "home" / "server" / "tls").exists()  # no self-made certificate either


def test_the_pin_of_a_file_is_what_the_server_announces(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    key = new_key()
    cert, key_file = install(tmp_path / "tls", key, Ca.root().issue(key))
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo)
    expected = spki_pin(key.public_key())
    assert {pin_of_pem(f) for f in (cert.read_bytes(), key_file.read_bytes(), public)} == {expected}
    home = ["--home", str(tmp_path / "home"), "server"]
    assert main.main([*home, "fingerprint", "--of", str(key_file)]) == 0
    assert capsys.readouterr().out.strip() == expected
    assert main.main([*home, "--tls-cert", str(cert), "--tls-key", str(key_file), "fingerprint"]) == 0
    assert capsys.readouterr().out.strip() == expected
