"""Decode barcodes from pictures (files, bytes, camera frames) with zbar through pyzbar.

zbar reads Code 128, QR and the common 1D codes. It does not read Data Matrix:
a Data Matrix label yields "no barcode found", and the message says so.
QR text is read as UTF-8; our labels carry an ECI header declaring it (see
``labels.py``), because without one a decoder has to guess the charset.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError
from pyzbar import pyzbar

from device_drivers.barcode.model import (
    DEFAULT_SYMBOLOGIES,
    Scan,
    ScanSource,
    Symbology,
    UnreadableImageError,
    WrongSymbologyError,
)

_ZBAR_NAMES = {
    "CODE128": Symbology.CODE128,
    "QRCODE": Symbology.QR,
    "EAN13": Symbology.EAN13,
    "EAN8": Symbology.EAN8,
    "UPCA": Symbology.UPCA,
    "CODE39": Symbology.CODE39,
    "CODE93": Symbology.CODE93,
    "I25": Symbology.I25,
    "PDF417": Symbology.PDF417,
}

ImageInput = Image.Image | bytes | str | Path


def load_image(source: ImageInput) -> Image.Image:
    """Open ``source`` (a Pillow image, encoded bytes or a path) as an image."""
    if isinstance(source, Image.Image):
        return source
    try:
        image = Image.open(io.BytesIO(source)) if isinstance(source, bytes) else Image.open(Path(source))
        image.load()
    except FileNotFoundError as exc:
        raise UnreadableImageError(f"no such picture: {source!s}") from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        where = "the picture" if isinstance(source, bytes) else str(source)
        raise UnreadableImageError(f"{where} is not a readable image (PNG, JPEG...): {exc}") from exc
    return image


def _zbar(image: Image.Image) -> list[pyzbar.Decoded]:
    gray = image.convert("L")
    found = pyzbar.decode(gray)
    if found:
        return list(found)
    # A second, harder look: stretch the contrast, and enlarge small frames.
    boosted = ImageOps.autocontrast(gray, cutoff=2)
    if boosted.width < 800:
        boosted = boosted.resize((boosted.width * 2, boosted.height * 2), Image.Resampling.NEAREST)
    return list(pyzbar.decode(boosted))


def _to_scan(symbol: pyzbar.Decoded, source: ScanSource) -> Scan:
    symbology = _ZBAR_NAMES.get(symbol.type, Symbology.OTHER)
    try:
        text = symbol.data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableImageError(
            f"a {symbology.value} barcode was found but its text is not UTF-8: reprint the label"
        ) from exc
    return Scan(text=text, symbology=symbology, source=source)


def _names(symbologies: Iterable[Symbology]) -> str:
    return " or ".join(sorted(s.value for s in symbologies))


def decode_all(source: ImageInput, accept: frozenset[Symbology] = DEFAULT_SYMBOLOGIES,
               origin: ScanSource = ScanSource.IMAGE) -> list[Scan]:
    """Every accepted barcode in the picture, in zbar's order, duplicates removed.

    Raises :class:`UnreadableImageError` when the picture cannot be read or holds
    no barcode, :class:`WrongSymbologyError` when it holds only barcodes of kinds
    not in ``accept``.
    """
    image = load_image(source)
    symbols = _zbar(image)
    if not symbols:
        raise UnreadableImageError(
            "no barcode found in the picture: hold the label flat, fill the frame, avoid glare"
            + (" (Data Matrix cannot be read by this decoder)" if Symbology.DATAMATRIX in accept else ""))
    scans: list[Scan] = []
    for symbol in symbols:
        scan = _to_scan(symbol, origin)
        if scan not in scans:
            scans.append(scan)
    accepted = [s for s in scans if s.symbology in accept]
    if not accepted:
        got = _names({s.symbology for s in scans})
        raise WrongSymbologyError(f"read a {got} barcode; expected {_names(accept)}")
    return accepted


def decode_one(source: ImageInput, accept: frozenset[Symbology] = DEFAULT_SYMBOLOGIES,
               origin: ScanSource = ScanSource.IMAGE) -> Scan:
    """The single accepted barcode in the picture; more than one different code is an error."""
    scans = decode_all(source, accept, origin)
    if len({s.text for s in scans}) > 1:
        raise UnreadableImageError(
            f"{len(scans)} different barcodes in the picture: aim at one label only")
    return scans[0]
