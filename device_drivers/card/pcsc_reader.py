"""PC/SC readers through pyscard: the only module that imports pyscard.

Uses pyscard's thin ``smartcard.scard`` binding of the PC/SC API (pcsc-lite's
pcscd on Linux), so every failure comes back as a PC/SC return code that we map
to a typed :class:`~device_drivers.card.errors.CardError` with a message the
technician can act on. :class:`PcscConnection` implements
:class:`~device_drivers.card.apdu.CardChannel`.

pcscd polls readers for insertion and removal (vpcd: about every 0.4 s), so a
fresh card needs a moment before it can be connected: :meth:`PcscReader.connect`
waits for it.
"""

from __future__ import annotations

import time
from typing import Any

from smartcard import scard

from device_drivers.card.errors import (
    CardError,
    CardRemovedError,
    NoCardError,
    NoReaderError,
    PcscUnavailableError,
)

_NO_SERVICE = {scard.SCARD_E_NO_SERVICE, scard.SCARD_E_SERVICE_STOPPED}
_GONE = {scard.SCARD_W_REMOVED_CARD, scard.SCARD_E_NO_SMARTCARD, scard.SCARD_W_RESET_CARD,
         scard.SCARD_E_NOT_TRANSACTED, scard.SCARD_W_UNPOWERED_CARD,
         scard.SCARD_W_UNRESPONSIVE_CARD, scard.SCARD_E_READER_UNAVAILABLE}
_PROTOCOLS = {scard.SCARD_PROTOCOL_T0: "T=0", scard.SCARD_PROTOCOL_T1: "T=1"}


def _text(hresult: int) -> str:
    return f"{scard.SCardGetErrorMessage(hresult)} (0x{hresult & 0xFFFFFFFF:08X})"


def _context() -> Any:
    hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hresult in _NO_SERVICE:
        raise PcscUnavailableError("the smart-card service (pcscd) is not running: start it "
                                   "(pcscd) and try again")
    if hresult != scard.SCARD_S_SUCCESS:
        raise PcscUnavailableError(f"cannot talk to the smart-card service: {_text(hresult)}")
    return context


def list_readers() -> list[str]:
    """Names of the connected readers (empty when there are none)."""
    context = _context()
    try:
        hresult, names = scard.SCardListReaders(context, [])
    finally:
        scard.SCardReleaseContext(context)
    if hresult == scard.SCARD_E_NO_READERS_AVAILABLE:
        return []
    if hresult in _NO_SERVICE:
        raise PcscUnavailableError("the smart-card service (pcscd) stopped: start it again")
    if hresult != scard.SCARD_S_SUCCESS:
        raise CardError(f"cannot list card readers: {_text(hresult)}")
    return [str(name) for name in names]


class PcscConnection:
    """A connected card: raw APDUs in and out."""

    def __init__(self, context: Any, handle: Any, protocol: int, reader: str, atr: bytes) -> None:
        self._context, self._handle, self._protocol = context, handle, protocol
        self.reader, self.atr = reader, atr

    @property
    def protocol(self) -> str:
        return _PROTOCOLS.get(self._protocol, str(self._protocol))

    def transmit(self, apdu: bytes) -> bytes:
        hresult, response = scard.SCardTransmit(self._handle, self._protocol, list(apdu))
        if hresult != scard.SCARD_S_SUCCESS or len(response) < 2:
            if hresult in _NO_SERVICE:
                raise PcscUnavailableError("the smart-card service (pcscd) stopped during the "
                                           "operation: start it and run the repair")
            raise CardRemovedError("the card was removed or stopped answering during the operation: "
                                   "put it back and run the repair")
        return bytes(response)

    def close(self) -> None:
        if self._handle is not None:
            scard.SCardDisconnect(self._handle, scard.SCARD_LEAVE_CARD)
            self._handle = None
        if self._context is not None:
            scard.SCardReleaseContext(self._context)
            self._context = None

    def __enter__(self) -> PcscConnection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class PcscReader:
    """One reader by name (``Virtual PCD 00 00``, or a real one)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def _state(self, timeout_ms: int = 0) -> int:
        context = _context()
        try:
            hresult, states = scard.SCardGetStatusChange(
                context, timeout_ms, [(self.name, scard.SCARD_STATE_UNAWARE)])
        finally:
            scard.SCardReleaseContext(context)
        if hresult == scard.SCARD_E_UNKNOWN_READER:
            raise NoReaderError(f"card reader {self.name!r} is not connected")
        if hresult not in (scard.SCARD_S_SUCCESS, scard.SCARD_E_TIMEOUT):
            raise CardError(f"cannot read the state of {self.name!r}: {_text(hresult)}")
        return int(states[0][1])

    def card_present(self) -> bool:
        return bool(self._state() & scard.SCARD_STATE_PRESENT)

    def wait_for_card(self, timeout: float) -> None:
        """Return once a card is in the reader; :class:`NoCardError` after ``timeout``."""
        deadline = time.monotonic() + timeout
        while not self.card_present():
            if time.monotonic() >= deadline:
                raise NoCardError(f"no card in {self.name!r}: insert the customer's card")
            time.sleep(0.02)

    def wait_for_removal(self, timeout: float) -> None:
        """Return once the reader is empty; :class:`CardError` after ``timeout``."""
        deadline = time.monotonic() + timeout
        while self.card_present():
            if time.monotonic() >= deadline:
                raise CardError(f"the card was not taken out of {self.name!r} in time")
            time.sleep(0.02)

    def connect(self, timeout: float = 3.0) -> PcscConnection:
        """Connect to the card in the reader, waiting up to ``timeout`` for one."""
        deadline = time.monotonic() + timeout
        while True:
            context = _context()
            hresult, handle, protocol = scard.SCardConnect(
                context, self.name, scard.SCARD_SHARE_SHARED,
                scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1)
            if hresult == scard.SCARD_S_SUCCESS:
                return PcscConnection(context, handle, protocol, self.name, self._atr(handle))
            scard.SCardReleaseContext(context)
            if hresult == scard.SCARD_E_UNKNOWN_READER:
                raise NoReaderError(f"card reader {self.name!r} is not connected")
            if hresult in _NO_SERVICE:
                raise PcscUnavailableError("the smart-card service (pcscd) is not running")
            if hresult not in _GONE or time.monotonic() >= deadline:
                raise NoCardError(f"no card in {self.name!r}: insert the customer's card "
                                  f"({_text(hresult)})")
            time.sleep(0.02)

    @staticmethod
    def _atr(handle: Any) -> bytes:
        hresult, _reader, _state, _protocol, atr = scard.SCardStatus(handle)
        return bytes(atr) if hresult == scard.SCARD_S_SUCCESS else b""


def find_reader(name: str | None = None) -> PcscReader:
    """The named reader, or the first one holding a card (else the first one)."""
    names = list_readers()
    if not names:
        raise NoReaderError("no card reader is connected: plug the reader in (or start the "
                            "virtual reader: pcscd with vsmartcard-vpcd)")
    if name:
        if name not in names:
            raise NoReaderError(f"card reader {name!r} is not connected; readers: {', '.join(names)}")
        return PcscReader(name)
    for candidate in names:
        if PcscReader(candidate).card_present():
            return PcscReader(candidate)
    return PcscReader(names[0])
