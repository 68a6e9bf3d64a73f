"""The shared request signature: round trips, and any change to what it covers breaks it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sync.auth_headers import (
    HeaderError,
    new_nonce,
    parse_headers,
    sign_request,
    verify_signature,
    within_clock_window,
)
from sync.protocol import H_DEVICE, H_NONCE, H_SIG, H_TIME

SECRET = bytes(range(32))
methods = st.sampled_from(["GET", "HEAD", "POST", "PUT"])
paths = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789/?=&", min_size=1, max_size=60)


@given(methods, paths, st.binary(max_size=300), st.integers(0, 2**40))
def test_signature_round_trip(method: str, path: str, body: bytes, now: int) -> None:
    headers = sign_request(SECRET, method, path, body, now=now, nonce=new_nonce(), device_id="D1")
    assert verify_signature(SECRET, method, path, body, parse_headers(headers))


@given(methods, paths, st.binary(max_size=100), st.binary(min_size=1, max_size=4))
def test_any_change_breaks_the_signature(method: str, path: str, body: bytes, extra: bytes) -> None:
    signed = parse_headers(sign_request(SECRET, method, path, body, now=100, nonce="00" * 8, device_id="D"))
    assert not verify_signature(SECRET, method, path, body + extra, signed)
    assert not verify_signature(SECRET, method, path + "x", body, signed)
    assert not verify_signature(SECRET, "DELETE", path, body, signed)
    assert not verify_signature(b"another secret", method, path, body, signed)


def test_known_vector() -> None:
    headers = sign_request(b"k", "POST", "/v1/sync", b"x", now=100, nonce="0123456789abcdef", device_id="D1")
    assert headers == {H_TIME: "100", H_NONCE: "0123456789abcdef", H_DEVICE: "D1",
                       H_SIG: "72b63674b12a54440b1766719ae5e22dcc07ed7f5e05f1d5eb9ce6d8b13e8311"}


@pytest.mark.parametrize("broken", [{H_NONCE: "xyz"}, {H_SIG: "00"}, {H_TIME: "soon"}, {H_DEVICE: ""}])
def test_malformed_headers_are_refused(broken: dict[str, str]) -> None:
    headers = {**sign_request(SECRET, "GET", "/", b"", now=1, nonce=new_nonce(), device_id="D"), **broken}
    with pytest.raises(HeaderError):
        parse_headers(headers)


def test_clock_window() -> None:
    assert within_clock_window(1000, 1000 + 600) and not within_clock_window(1000, 1000 + 601)
