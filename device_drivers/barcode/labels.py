"""Generate barcode labels as images: Code 128 with python-barcode, QR with segno.

QR codes are always UTF-8 with an ECI header saying so (segno would otherwise pick
Latin-1 where it fits, which zbar misreads as Shift-JIS), so Chinese text reads the same on
any decoder (without one a decoder guesses the charset: Shift-JIS, Latin-1...).
"""

from __future__ import annotations

import io

import barcode
import segno
from barcode.errors import BarcodeError as _PyBarcodeError
from barcode.writer import ImageWriter
from PIL import Image

from device_drivers.barcode.model import BarcodeError


def code128_image(text: str, human_readable: bool = True, module_width: float = 0.3,
                  module_height: float = 12.0) -> Image.Image:
    """A Code 128 label for ``text`` (ASCII only), as an RGB image.

    The human-readable line uses ``font_size=7`` so a 22-digit asset number fits
    under its bars.
    """
    if not text:
        raise BarcodeError("cannot make a Code 128 label of empty text")
    if not text.isascii():
        raise BarcodeError("Code 128 carries ASCII only: use a QR label for Chinese text")
    options = {
        "module_width": module_width,
        "module_height": module_height,
        "font_size": 7 if human_readable else 0,
        "text_distance": 3.0,
        "quiet_zone": 4.0,
        "write_text": human_readable,
    }
    try:
        code = barcode.get("code128", text, writer=ImageWriter())
        buf = io.BytesIO()
        code.write(buf, options=options)
    except (_PyBarcodeError, ValueError) as exc:
        raise BarcodeError(f"cannot make a Code 128 label of {text!r}: {exc}") from exc
    buf.seek(0)
    return Image.open(buf).convert("RGB")


def qr_image(text: str, scale: int = 6, border: int = 4) -> Image.Image:
    """A QR label for ``text`` (any Unicode), UTF-8 with an ECI header, as an RGB image."""
    if not text:
        raise BarcodeError("cannot make a QR label of empty text")
    try:
        qr = segno.make(text, encoding="utf-8", eci=True, error="m", micro=False)
    except (segno.DataOverflowError, ValueError) as exc:
        raise BarcodeError(f"text too long for a QR label ({len(text)} characters)") from exc
    buf = io.BytesIO()
    qr.save(buf, kind="png", scale=scale, border=border)
    buf.seek(0)
    return Image.open(buf).convert("RGB")


def to_png(image: Image.Image) -> bytes:
    """Encode an image as PNG bytes."""
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()
