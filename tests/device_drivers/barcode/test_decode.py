"""Labels generated -> image -> decoded by zbar; and what happens with bad pictures."""

from __future__ import annotations

import io
from pathlib import Path

import barcode
import pytest
from barcode.writer import ImageWriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from device_drivers.barcode.decode import decode_all, decode_one
from device_drivers.barcode.labels import code128_image, qr_image, to_png
from device_drivers.barcode.model import (
    BarcodeError,
    ScanSource,
    Symbology,
    UnreadableImageError,
    WrongSymbologyError,
)

ASSET = "5102309418876227931535"


def test_code128_asset_number_round_trip() -> None:
    scan = decode_one(code128_image(ASSET))
    assert (scan.text, scan.symbology, scan.source) == (ASSET, Symbology.CODE128, ScanSource.IMAGE)


def test_round_trip_through_png_file(tmp_path: Path) -> None:
    path = tmp_path / "seal.png"
    path.write_bytes(to_png(code128_image("SC4773731081")))
    assert decode_one(path).text == "SC4773731081"
    assert decode_one(path.read_bytes()).text == "SC4773731081"


def test_qr_with_chinese_survives_thanks_to_eci() -> None:
    text = "四川省内江市市中区天府大道340号 WO202406121000"
    scan = decode_one(qr_image(text))
    assert scan.text == text and scan.symbology is Symbology.QR


def test_two_labels_in_one_picture() -> None:
    sheet = Image.new("RGB", (800, 600), "white")
    sheet.paste(code128_image(ASSET), (20, 20))
    sheet.paste(qr_image("SC4773731081"), (300, 300))
    texts = {s.text for s in decode_all(sheet)}
    assert texts == {ASSET, "SC4773731081"}
    with pytest.raises(UnreadableImageError, match="2 different barcodes"):
        decode_one(sheet)


def test_garbage_bytes_are_not_an_image() -> None:
    with pytest.raises(UnreadableImageError, match="not a readable image"):
        decode_one(b"\x89PNG but not really")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UnreadableImageError, match="no such picture"):
        decode_one(tmp_path / "nope.png")


def test_picture_without_barcode() -> None:
    blank = Image.new("RGB", (400, 300), "white")
    ImageDraw.Draw(blank).ellipse((50, 50, 350, 250), outline="black", width=5)
    with pytest.raises(UnreadableImageError, match="no barcode found"):
        decode_one(blank)


def test_damaged_label_is_unreadable() -> None:
    label = code128_image(ASSET)
    ImageDraw.Draw(label).rectangle((label.width // 3, 0, label.width // 2, label.height), fill="black")
    with pytest.raises(UnreadableImageError):
        decode_one(label)


def test_wrong_symbology_is_named() -> None:
    buf = io.BytesIO()
    barcode.get("ean13", "6901234567892", writer=ImageWriter()).write(buf)
    with pytest.raises(WrongSymbologyError, match=r"read a EAN-13 barcode; expected Code 128 or"):
        decode_one(buf.getvalue())
    only_qr = frozenset({Symbology.QR})
    with pytest.raises(WrongSymbologyError, match="expected QR"):
        decode_one(code128_image(ASSET), accept=only_qr)


def test_labels_refuse_what_they_cannot_carry() -> None:
    with pytest.raises(BarcodeError, match="ASCII only"):
        code128_image("封印")
    with pytest.raises(BarcodeError, match="empty"):
        qr_image("")
    with pytest.raises(BarcodeError, match="too long"):
        qr_image("9" * 8000)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=30))
def test_code128_round_trip_any_printable_ascii(text: str) -> None:
    assert decode_one(code128_image(text, human_readable=False)).text == text


@settings(max_examples=12, deadline=None)
@given(st.text(alphabet=st.characters(categories=("Lu", "Ll", "Lo", "Nd")), min_size=1, max_size=40))
def test_qr_round_trip_any_text(text: str) -> None:
    assert decode_one(qr_image(text)).text == text
