"""The ESC/POS parser and the page model: captured bytes, receipts, fuzzing."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from device_drivers.printer.escpos_codec import (
    ChineseMode,
    Cut,
    EscPosParser,
    Init,
    LineFeed,
    QrPrint,
    QrSetting,
    QrStore,
    StatusRequest,
    Style,
    Text,
    Unknown,
    status_reply,
)
from device_drivers.printer.page import PageBuilder
from device_drivers.printer.receipts import (
    RechargeReceipt,
    ReplacementReceipt,
    display_width,
    pair,
    recharge_bytes,
    replacement_bytes,
)

# What python-escpos 3.1 sends for: init, centred double bold title in GBK, native QR "TX123", cut.
CAPTURED = bytes.fromhex(
    "1b40" "1b2100" "1b2130" "1b4501" "1b6101" "1c26" "b9bab5e7c6bed6a4" "0a"
    "1b2100" "1b4500" "1d286b0400314132 00".replace(" ", "")
    + "1d286b03003143 06" "1d286b03003145 30" "1d286b080031503054583132 33" "1d286b0300315130"
    "1b6406" "1d5600".replace(" ", ""))


def test_captured_job() -> None:
    events = EscPosParser().feed(CAPTURED)
    assert events == [
        Init(), Style(bold=False, underline=False, height=1, width=1),
        Style(bold=False, underline=False, height=2, width=2), Style(bold=True), Style(align="center"),
        ChineseMode(True), Text("购电凭证"), LineFeed(),
        Style(bold=False, underline=False, height=1, width=1), Style(bold=False),
        QrSetting(module_size=6), QrSetting(error_level="L"), QrStore(b"TX123"), QrPrint(),
        LineFeed(6), Cut(partial=False)]


def test_status_request_and_unknown_commands() -> None:
    assert EscPosParser().feed(b"\x10\x04\x01\x10\x04\x04\x1b\xff") == [
        StatusRequest(1), StatusRequest(4), Unknown(b"\x1b\xff")]


def test_gbk_character_split_between_reads() -> None:
    parser = EscPosParser()
    data = b"\x1c&" + "户名郑辉".encode("gb18030") + b"\n"
    out = []
    for i in range(len(data)):
        out.extend(parser.feed(data[i:i + 1]))
    assert "".join(e.text for e in out if isinstance(e, Text)) == "户名郑辉"


def test_without_chinese_mode_bytes_are_code_page_437() -> None:
    assert EscPosParser().feed(b"\x9c5\n") == [Text("£5"), LineFeed()]


def test_status_bytes() -> None:
    assert status_reply(1, False, False, False, False) == 0x12
    assert status_reply(1, False, False, True, False) == 0x1A  # paper out takes it offline
    assert status_reply(2, False, True, False, False) == 0x16
    assert status_reply(4, False, False, True, True) == 0x7E


def _page_of(job: bytes) -> list[str]:
    builder = PageBuilder()
    pages = [p for p in (builder.apply(e) for e in EscPosParser().feed(job)) if p is not None]
    assert len(pages) == 1
    return pages[0].text_lines


def test_recharge_receipt_content(recharge: RechargeReceipt) -> None:
    job = recharge_bytes(recharge)
    assert job.startswith(b"\x1b@\x1c&") and job.endswith(b"\x1dV\x00")
    lines = _page_of(job)
    assert "购电凭证" in lines
    assert pair("购电金额", "200.00 元") in lines
    assert pair("剩余金额", "235.60 元") in lines
    assert pair("购电次数", "5") in lines
    assert any(line.strip() == recharge.meter_asset_no for line in lines)
    assert all(display_width(line) <= 32 for line in lines)


def test_replacement_receipt_content(replacement: ReplacementReceipt) -> None:
    lines = _page_of(replacement_bytes(replacement))
    assert "换表回执" in lines
    assert pair("旧表止度", "1411.51 kWh") in lines
    assert pair("表尾盖", "SC4773731081") in lines
    assert all(display_width(line) <= 32 for line in lines)


def test_pair_wraps_when_too_long() -> None:
    assert pair("地址", "四川省内江市市中区天府大道34") == "地址\n    四川省内江市市中区天府大道34"


@given(st.binary(max_size=400), st.integers(min_value=1, max_value=40))
def test_parser_never_raises(data: bytes, chunk: int) -> None:
    parser, builder = EscPosParser(), PageBuilder()
    for i in range(0, len(data), chunk):
        for event in parser.feed(data[i:i + chunk]):
            builder.apply(event)


@given(st.text(alphabet=st.characters(categories=("Lo", "Nd", "Lu")), min_size=1, max_size=20),
       st.integers(min_value=1, max_value=9))
def test_chinese_text_survives_any_chunking(text: str, chunk: int) -> None:
    data = b"\x1c&" + text.encode("gb18030") + b"\n"
    parser = EscPosParser()
    events = []
    for i in range(0, len(data), chunk):
        events.extend(parser.feed(data[i:i + chunk]))
    assert "".join(e.text for e in events if isinstance(e, Text)) == text


@settings(max_examples=30, deadline=None)
@given(st.text(alphabet=st.characters(categories=("Lo",), max_codepoint=0x9FFF), min_size=1, max_size=6),
       st.decimals(min_value=0, max_value=99999, places=2, allow_nan=False))
def test_any_customer_and_amount_come_out_of_the_printer(name: str, amount: Decimal) -> None:
    receipt = RechargeReceipt("TX1", "1255609162", name, "5102309418876227931535", amount, 1,
                              amount, datetime(2024, 6, 12, 8, 0), "T1")
    lines = _page_of(recharge_bytes(receipt))
    assert pair("户名", name) in lines
    assert pair("购电金额", f"{amount.quantize(Decimal('0.01'))} 元") in lines
