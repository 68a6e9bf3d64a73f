"""What a scan is, wherever it came from (an image, a camera frame, a scan engine)."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from device_drivers.errors import DeviceError


class Symbology(enum.Enum):
    """Barcode symbologies the terminal meets on meters, seals and paperwork."""

    CODE128 = "Code 128"
    QR = "QR"
    DATAMATRIX = "Data Matrix"
    EAN13 = "EAN-13"
    EAN8 = "EAN-8"
    UPCA = "UPC-A"
    CODE39 = "Code 39"
    CODE93 = "Code 93"
    I25 = "Interleaved 2 of 5"
    PDF417 = "PDF417"
    OTHER = "other"
    UNKNOWN = "unknown"  # a scan engine that does not say what it read


class ScanSource(enum.Enum):
    """Where a scan came from."""

    IMAGE = "image"
    CAMERA = "camera"
    SCAN_ENGINE = "scan engine"


@dataclass(frozen=True, slots=True)
class Scan:
    """One decoded barcode."""

    text: str
    symbology: Symbology
    source: ScanSource


class BarcodeError(DeviceError):
    """A barcode could not be read or is not what was expected."""


class UnreadableImageError(BarcodeError):
    """The picture is not an image, or no barcode could be found in it."""


class WrongSymbologyError(BarcodeError):
    """A barcode was read but of a kind that is not accepted here."""


DEFAULT_SYMBOLOGIES = frozenset({Symbology.CODE128, Symbology.QR, Symbology.DATAMATRIX})
