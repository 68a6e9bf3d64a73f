"""The serial scan engine: the pure line codec, then the driver on a real pty."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from device_drivers.barcode.model import Scan, ScanSource, Symbology
from device_drivers.barcode.scan_engine import MAX_LINE, ScanLineDecoder, ScanLineError, SerialScanEngine
from device_drivers.barcode.simulator import ScannerSimulator
from device_drivers.errors import TransportError

ASSET = "5102309418876227931535"


def texts(results: list[Scan | ScanLineError]) -> list[str]:
    return [r.text if isinstance(r, Scan) else f"ERR {r}" for r in results]


def test_cr_crlf_and_lf_terminators() -> None:
    dec = ScanLineDecoder()
    assert texts(dec.feed(b"A1\rB2\r\nC3\nD4")) == ["A1", "B2", "C3"]
    assert texts(dec.feed(b"\r")) == ["D4"]


def test_crlf_split_across_reads_counts_once() -> None:
    dec = ScanLineDecoder()
    assert texts(dec.feed(b"SC4773731081\r")) == ["SC4773731081"]
    assert texts(dec.feed(b"\nSC8067121460\r\n")) == ["SC8067121460"]


def test_aim_prefix_gives_symbology() -> None:
    out = ScanLineDecoder().feed(b"]C0" + ASSET.encode() + b"\r\n]Q1WO1\r\n]d2DM\r\nplain\r\n")
    assert [(s.text, s.symbology) for s in out if isinstance(s, Scan)] == [
        (ASSET, Symbology.CODE128), ("WO1", Symbology.QR), ("DM", Symbology.DATAMATRIX),
        ("plain", Symbology.UNKNOWN)]


def test_gbk_text_is_decoded() -> None:
    out = ScanLineDecoder().feed("表尾盖".encode("gb18030") + b"\r\n")
    assert texts(out) == ["表尾盖"]


def test_bad_lines_are_reported_and_the_rest_kept() -> None:
    dec = ScanLineDecoder()
    out = dec.feed(b"\xff\xfe\xfa\r\nGOOD1\r\nbad\x01ctl\r\n]C0\r\nGOOD2\r\n")
    assert texts(out) == [
        "ERR the scanner sent text in an unknown encoding: set it to UTF-8", "GOOD1",
        "ERR the scanner sent control characters: check its baud rate and settings",
        "ERR the scanner sent an empty scan: scan again", "GOOD2"]


def test_overlong_line_is_rejected_once() -> None:
    dec = ScanLineDecoder()
    assert dec.feed(b"9" * (MAX_LINE + 100)) == []
    out = dec.feed(b"\r\nNEXT\r\n")
    assert "longer than" in texts(out)[0] and texts(out)[1] == "NEXT"


@given(st.binary(max_size=300), st.integers(min_value=1, max_value=50))
def test_decoder_never_crashes_whatever_the_chunking(data: bytes, chunk: int) -> None:
    dec = ScanLineDecoder()
    for i in range(0, len(data), chunk):
        for item in dec.feed(data[i:i + chunk]):
            assert isinstance(item, Scan | ScanLineError)


@given(st.lists(st.text(alphabet=st.characters(min_codepoint=0x20, exclude_characters="\x7f",
                                              exclude_categories=("Cs",)),
                        min_size=1, max_size=30).filter(str.strip), max_size=8),
       st.sampled_from([b"\r", b"\n", b"\r\n"]), st.integers(min_value=1, max_value=7))
def test_lines_round_trip(lines: list[str], end: bytes, chunk: int) -> None:
    stream = b"".join(line.encode() + end for line in lines)
    dec = ScanLineDecoder()
    out: list[Scan | ScanLineError] = []
    for i in range(0, len(stream), chunk):
        out.extend(dec.feed(stream[i:i + chunk]))
    expect = [line[3:] if re.match(r"\][A-Za-z][0-9A-Za-z]", line) else line for line in lines]
    assert [s.text for s in out if isinstance(s, Scan)] == [e for e in expect if e.strip()]


@pytest.fixture
def sim() -> Iterator[ScannerSimulator]:
    with ScannerSimulator(aim_prefix=True) as s:
        yield s


def test_scans_over_a_real_pty(sim: ScannerSimulator) -> None:
    engine = SerialScanEngine.open(sim.path)
    try:
        assert engine.read_scan(timeout=0.2) is None
        sim.scan(ASSET, Symbology.CODE128)
        sim.scan("SC4773731081", Symbology.QR)
        started = time.monotonic()
        first = engine.read_scan(timeout=2)
        assert time.monotonic() - started < 1.0  # returns as soon as the line is in
        assert first == Scan(ASSET, Symbology.CODE128, ScanSource.SCAN_ENGINE)
        assert engine.read_scan(timeout=2) == Scan("SC4773731081", Symbology.QR, ScanSource.SCAN_ENGINE)
    finally:
        engine.close()


def test_line_cut_in_two_writes(sim: ScannerSimulator) -> None:
    engine = SerialScanEngine.open(sim.path)
    try:
        frame = sim.frame(ASSET)
        sim.write_raw(frame[:10])
        assert engine.read_scan(timeout=0.2) is None  # half a line is not a scan...
        sim.write_raw(frame[10:] + b"\xff\xff\r\n" + sim.frame("SC8067121460"))
        assert engine.read_scan(timeout=2).text == ASSET  # ...and nothing of it is lost
        with pytest.raises(ScanLineError):
            engine.read_scan(timeout=2)
        assert engine.read_scan(timeout=2).text == "SC8067121460"
    finally:
        engine.close()


def test_missing_port_is_a_transport_error() -> None:
    with pytest.raises(TransportError, match="/dev/nonexistent-scanner"):
        SerialScanEngine.open("/dev/nonexistent-scanner")
