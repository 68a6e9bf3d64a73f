"""The enrolment link: build and parse agree, and every malformed link is refused with a code."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sync.enrolment_link import (
    CODE_ALPHABET,
    EnrolmentLink,
    EnrolmentLinkError,
    build_link,
    parse_link,
)
from sync.errors import MESSAGES_ZH

FP = "a765fa" + "0123456789abcdef" * 3 + "0123456789"
URL = "https://centre.example:8443"
CODE = "J4K4-R7PV-5WEB"


def test_a_link_reads_back_as_what_was_built() -> None:
    text = build_link(URL, FP, CODE)
    assert text == ("meterfield-enrol:v1?url=https%3A%2F%2Fcentre.example%3A8443"
                    f"&fp={FP}&code=J4K4-R7PV-5WEB")
    assert parse_link(text) == EnrolmentLink(URL, FP, CODE)


def test_parsing_normalises_what_a_person_might_type_or_a_scanner_add() -> None:
    colons = ":".join(FP[i:i + 2] for i in range(0, 64, 2)).upper()
    text = f"  meterfield-enrol:v1?url=https%3A%2F%2FCentre.example%3A8443%2F&fp={colons}&code=j4k4r7pv5web\n"
    link = parse_link(text)
    assert link == EnrolmentLink("https://centre.example:8443", FP, CODE)


@pytest.mark.parametrize(("text", "code", "words"), [
    ("https://centre.example", "bad_link", "not a MeterField"),
    ("meterfield-enrol:v2?url=x&fp=y&code=z", "link_version", "update the app"),
    (f"meterfield-enrol:v1?url=http%3A%2F%2Fcentre&fp={FP}&code={CODE}", "link_not_https", "https"),
    (f"meterfield-enrol:v1?url=https%3A%2F%2F&fp={FP}&code={CODE}", "bad_link", "not valid"),
    (f"meterfield-enrol:v1?url=https%3A%2F%2Fa%3A99999&fp={FP}&code={CODE}", "bad_link", "not valid"),
    (f"meterfield-enrol:v1?url=https%3A%2F%2Fu%40a&fp={FP}&code={CODE}", "bad_link", "not valid"),
    (f"meterfield-enrol:v1?url=https%3A%2F%2Fa%3Fq%3D1&fp={FP}&code={CODE}", "bad_link", "not valid"),
    (f"meterfield-enrol:v1?url=https%3A%2F%2Fa&fp={FP[:-1]}&code={CODE}", "bad_link", "SHA-256"),
    (f"meterfield-enrol:v1?url=https%3A%2F%2Fa&fp={FP[:-1]}g&code={CODE}", "bad_link", "SHA-256"),
    (f"meterfield-enrol:v1?url=https%3A%2F%2Fa&fp={FP}&code=J4K4-R7PV-5WE0", "bad_link", "one-time code"),
    (f"meterfield-enrol:v1?url=https%3A%2F%2Fa&fp={FP}&code=J4K4-R7PV", "bad_link", "one-time code"),
    (f"meterfield-enrol:v1?url=https%3A%2F%2Fa&fp={FP}", "bad_link", "exactly one code"),
    (f"meterfield-enrol:v1?url=https%3A%2F%2Fa&fp={FP}&code={CODE}&code={CODE}", "bad_link", "exactly one"),
    (f"meterfield-enrol:v1?url=https%3A%2F%2Fa&fp={FP}&code={CODE}&user=CD101", "bad_link", "user"),
    ("meterfield-enrol:v1?garbage", "bad_link", "damaged"),
    ("meterfield-enrol:v1?" + "x" * 2000, "bad_link", "too long"),
])
def test_a_bad_link_is_refused_with_a_code_and_a_message(text: str, code: str, words: str) -> None:
    with pytest.raises(EnrolmentLinkError, match=words) as caught:
        parse_link(text)
    assert caught.value.code == code
    assert caught.value.message_zh == MESSAGES_ZH[code]


def test_building_checks_the_same_rules() -> None:
    with pytest.raises(EnrolmentLinkError) as caught:
        build_link("http://centre.example", FP, CODE)
    assert caught.value.code == "link_not_https"


hosts = st.from_regex(r"[a-z][a-z0-9-]{0,20}(\.[a-z][a-z0-9]{0,10}){0,3}", fullmatch=True)
codes = st.text(alphabet=CODE_ALPHABET, min_size=12, max_size=12)
fps = st.text(alphabet="0123456789abcdef", min_size=64, max_size=64)


@given(hosts, st.none() | st.integers(1, 65535), st.from_regex(r"(/[a-z0-9._~-]{1,8}){0,3}", fullmatch=True),
       fps, codes)
def test_round_trip(host: str, port: int | None, path: str, fp: str, raw: str) -> None:
    url = f"https://{host}{'' if port is None else f':{port}'}{path}"
    link = parse_link(build_link(url, fp, raw))
    assert (link.url, link.fingerprint, link.code.replace("-", "")) == (url, fp, raw)


@given(st.text(max_size=300))
def test_arbitrary_text_is_refused_or_read_never_crashes(text: str) -> None:
    try:
        link = parse_link(text)
    except EnrolmentLinkError:
        return
    assert parse_link(link.text()) == link
