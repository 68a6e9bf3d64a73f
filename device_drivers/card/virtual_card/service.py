"""DEMO / TEST ONLY: the PC/SC side of the simulated card, as real processes stopped by their pid.

pcscd with vsmartcard's vpcd readers (``Virtual PCD 00 00`` for cards, ``00 01`` for tags), and
the virtual card inserted in the first one (``python -m device_drivers.card.virtual_card``). A
pcscd that already answers with the vpcd readers (the system's, or a test session's) is used as it
is and left running: nothing here removes its files. Starting one needs root, as pcscd does.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from device_drivers.card.errors import PcscUnavailableError
from device_drivers.card.pcsc_reader import PcscReader, list_readers

ROOT = Path(__file__).resolve().parents[3]  # where ``python -m device_drivers...`` finds the package
CARD_READER = "Virtual PCD 00 00"
TAG_READER = "Virtual PCD 00 01"


def readers_up() -> bool:
    """pcscd answers and has the vpcd readers."""
    try:
        return CARD_READER in list_readers()
    except PcscUnavailableError:
        return False


def _wait(done: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if done():
            return
        time.sleep(0.05)
    raise PcscUnavailableError(f"{what} did not come up within {timeout:.0f} s")


class _Process:
    def __init__(self) -> None:
        self.proc: subprocess.Popen[bytes] | None = None

    def _spawn(self, argv: list[str], log_path: Path | None) -> None:
        log = log_path.open("ab") if log_path else subprocess.DEVNULL
        try:
            self.proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
                                         stdin=subprocess.DEVNULL, start_new_session=True)
        finally:
            if log_path and not isinstance(log, int):
                log.close()

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


class PcscdProcess(_Process):
    """pcscd with the vpcd readers: one started here (root), or the one already running."""

    def start(self, log_path: Path | None = None, timeout: float = 10.0) -> PcscdProcess:
        if readers_up():
            return self  # someone else's: used, never stopped
        if os.geteuid() != 0:
            raise PcscUnavailableError("no pcscd with the virtual readers is running, and starting one needs "
                                       "root")
        self._spawn(["pcscd", "--foreground", "--info"], log_path)
        try:
            _wait(readers_up, timeout, "pcscd with the vpcd readers")
        except PcscUnavailableError:
            self.stop()
            raise
        return self


class VirtualCardProcess(_Process):
    """The virtual customer card, inserted in :data:`CARD_READER` until stopped (its state file is its
    EEPROM, so the balance it is given stays between runs)."""

    def __init__(self, state_path: Path) -> None:
        super().__init__()
        self.state_path = state_path

    def start(self, log_path: Path | None = None, timeout: float = 10.0) -> VirtualCardProcess:
        argv = [sys.executable, "-m", "device_drivers.card.virtual_card", str(self.state_path)]
        self._spawn(argv, log_path)
        try:
            _wait(PcscReader(CARD_READER).card_present, timeout, "the virtual card in the reader")
        except PcscUnavailableError:
            self.stop()
            raise
        return self
