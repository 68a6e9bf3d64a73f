"""The Bluetooth (or any serial) ESC/POS receipt printer: receipts, driver, simulator.

- :mod:`.receipts` builds recharge and replacement receipts (python-escpos, GB18030).
- :mod:`.driver` checks the printer's status and sends a job.
- :mod:`.escpos_codec` parses ESC/POS (sans-io); :mod:`.page` and :mod:`.render` turn
  it into a picture; :mod:`.simulator` is a printer on a pty.
"""

from __future__ import annotations

from device_drivers.printer.errors import (
    PaperOutError,
    PrinterError,
    PrinterNotRespondingError,
    PrinterOfflineError,
)

__all__ = ["PaperOutError", "PrinterError", "PrinterNotRespondingError", "PrinterOfflineError"]
