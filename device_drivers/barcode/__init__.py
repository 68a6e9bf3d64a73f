"""Barcodes: decode from pictures (pyzbar), read a serial scan engine, make labels, validate.

- :mod:`.decode` finds Code 128 / QR (and the other zbar symbologies) in images.
- :mod:`.scan_engine` reads a line-per-scan serial scan engine.
- :mod:`.labels` makes Code 128 (python-barcode) and QR (segno, with ECI) labels.
- :mod:`.validate` checks asset, address, seal and customer numbers (pure).
- :mod:`.simulator` is a scan engine on a pty.

Heavy modules (Pillow, zbar) are not imported by this package itself.
"""

from __future__ import annotations

from device_drivers.barcode.model import (
    BarcodeError,
    Scan,
    ScanSource,
    Symbology,
    UnreadableImageError,
    WrongSymbologyError,
)

__all__ = ["BarcodeError", "Scan", "ScanSource", "Symbology", "UnreadableImageError",
           "WrongSymbologyError"]
