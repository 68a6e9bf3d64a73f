"""The SM4 stand-in primitives and server-signed commands."""

from __future__ import annotations

import contextlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from signed_commands import cipher, envelope
from signed_commands.errors import CommandError, ExpiredError, SignatureError

KEY = bytes(range(16))


def test_sm4_known_answer() -> None:
    # GB/T 32907-2016 appendix A.1: key = plaintext = 0123456789abcdeffedcba9876543210
    k = bytes.fromhex("0123456789abcdeffedcba9876543210")
    assert cipher.encrypt_blocks(k, k).hex() == "681edf34d206965e86b3e94f536e4246"


@given(st.binary(max_size=200))
def test_encrypt_round_trip_and_mac(data: bytes) -> None:
    assert cipher.decrypt(KEY, cipher.encrypt(KEY, data)) == data
    tag = cipher.mac(KEY, data)
    assert len(tag) == 4 and cipher.mac_ok(KEY, data, tag)
    assert not cipher.mac_ok(KEY, data + b"\x00", tag)


def test_diversified_keys_differ_per_factor() -> None:
    a = cipher.diversify(KEY, bytes.fromhex("0000202107072529"))
    b = cipher.diversify(KEY, bytes.fromhex("0000202107072530"))
    assert len(a) == 16 and a != b
    with pytest.raises(ValueError):
        cipher.diversify(KEY, b"short")


def test_wrong_key_fails_to_decrypt() -> None:
    with pytest.raises(ValueError):
        cipher.decrypt(bytes(16), cipher.encrypt(KEY, b"tariff 0.5880"))


def test_signed_command_round_trip_and_refusals() -> None:
    key = Ed25519PrivateKey.generate()
    cmd = envelope.sign(key, "authorisation", key_id="k1", body=b"body", issued_at=1000, expires_at=2000)
    parsed = envelope.decode(cmd.encode())
    assert parsed == cmd
    assert parsed.verify(key.public_key(), now=1500, kind="authorisation") == b"body"
    with pytest.raises(ExpiredError):
        parsed.verify(key.public_key(), now=2000, kind="authorisation")
    with pytest.raises(CommandError):
        parsed.verify(key.public_key(), now=1500, kind="credit")
    with pytest.raises(SignatureError):
        parsed.verify(Ed25519PrivateKey.generate().public_key(), now=1500, kind="authorisation")
    tampered = bytearray(cmd.encode())
    tampered[-66] ^= 1  # a byte of the body
    with pytest.raises(SignatureError):
        envelope.decode(bytes(tampered)).verify(key.public_key(), now=1500, kind="authorisation")


@given(st.binary(max_size=300))
def test_decode_only_raises_security_error(data: bytes) -> None:
    with contextlib.suppress(CommandError):
        envelope.decode(data)
