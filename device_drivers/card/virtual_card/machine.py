"""The virtual user card's operating system: APDU bytes in, response bytes out.

A pure state machine: no sockets, files or clocks (the random source for
challenges is injected). ``state`` is the EEPROM (a new object after every
write, so the caller knows to persist it before answering); the session
(challenge, authentication, pending GET RESPONSE data) lives in RAM and is lost
at power-off or reset.

Commands (T=0 semantics: case-4 commands answer ``61xx``, data is fetched with
GET RESPONSE; a READ BINARY with the wrong Le answers ``6Cxx``):

=====================  ==========================================================
``00 A4 00 00 02 DF01``  SELECT the customer application; FCI carries the serial
``00 C0 00 00 Le``       GET RESPONSE
``00 B0 8s off Le``      READ BINARY of file s (not the purse)
``04 B0 82 00 04 r4``    READ the purse with MAC (balance, count, MAC under r4)
``00 84 00 00 04|08``    GET CHALLENGE (one command uses it, then it is gone)
``00 82 00 02 08 x``     EXTERNAL AUTHENTICATE (3 tries, then 6983 for good)
``04 D6 8s off Lc d m``  UPDATE BINARY with MAC; needs external authentication
``84 32 01 0C 0C a c m`` INCREASE purse by a, count must become c = count + 1
=====================  ==========================================================
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass, replace

from device_drivers.card import status as sw
from device_drivers.card.apdu import CommandApdu, ResponseApdu, parse_command
from device_drivers.card.errors import ApduFormatError
from device_drivers.card.files import (
    FILE_SIZES,
    SFI_PARAMETERS,
    SFI_PURSE,
    CardParameters,
    encode_fci,
)
from device_drivers.card.virtual_card.state import AUTH_TRIES, BALANCE_LIMIT_FEN, CardState
from device_drivers.security import card_ops

ATR = bytes.fromhex("3B6800004D46434152443031")  # T=0, historical bytes "MFCARD01"
DF01 = b"\xDF\x01"


@dataclass
class Session:
    """The card's RAM: reset at power-on."""

    selected: bool = False
    challenge: bytes = b""
    authenticated: bool = False
    pending: bytes = b""


def _r(status: int, data: bytes = b"") -> ResponseApdu:
    return ResponseApdu(data, status)


class UserCardMachine:
    """One user card: feed it command APDUs with :meth:`process`."""

    def __init__(self, state: CardState, random: Callable[[int], bytes]) -> None:
        self.state = state
        self.session = Session()
        self._random = random

    def power_on(self) -> None:
        self.session = Session()

    def process(self, raw: bytes) -> bytes:
        try:
            cmd = parse_command(raw)
        except ApduFormatError:
            return _r(sw.SW_WRONG_LENGTH).encode()
        challenge, self.session.challenge = self.session.challenge, b""
        if cmd.ins != 0xC0:
            self.session.pending = b""
        return self._dispatch(cmd, challenge).encode()

    def _dispatch(self, cmd: CommandApdu, challenge: bytes) -> ResponseApdu:
        handlers = {(0x00, 0xA4): self._select, (0x00, 0xC0): self._get_response,
                    (0x00, 0xB0): self._read_binary, (0x04, 0xB0): self._read_with_mac,
                    (0x00, 0x84): self._get_challenge}
        if (cmd.cla, cmd.ins) in handlers:
            return handlers[(cmd.cla, cmd.ins)](cmd)
        if (cmd.cla, cmd.ins) == (0x00, 0x82):
            return self._external_auth(cmd, challenge)
        if (cmd.cla, cmd.ins) == (0x04, 0xD6):
            return self._update_with_mac(cmd, challenge)
        if (cmd.cla, cmd.ins) == (0x84, 0x32):
            return self._increase(cmd, challenge)
        if cmd.cla not in (0x00, 0x04, 0x84):
            return _r(sw.SW_CLA_NOT_SUPPORTED)
        return _r(sw.SW_INS_NOT_SUPPORTED)

    def _later(self, data: bytes) -> ResponseApdu:
        """T=0: keep ``data`` for GET RESPONSE and say how much is waiting."""
        self.session.pending = data
        return _r(0x6100 | len(data))

    def _select(self, cmd: CommandApdu) -> ResponseApdu:
        if cmd.p1 != 0 or cmd.p2 != 0:
            return _r(sw.SW_WRONG_P1P2)
        if cmd.data == b"\x3F\x00":
            return _r(sw.SW_OK)
        if cmd.data != DF01:
            return _r(sw.SW_FILE_NOT_FOUND)
        self.session.selected = True
        return self._later(encode_fci(self.state.serial))

    def _get_response(self, cmd: CommandApdu) -> ResponseApdu:
        data, self.session.pending = self.session.pending, b""
        if not data:
            return _r(sw.SW_CONDITIONS)
        want = cmd.le or 256
        if want != len(data):
            self.session.pending = data
            return _r(0x6C00 | len(data))
        return _r(sw.SW_OK, data)

    def _file_ref(self, cmd: CommandApdu) -> tuple[int, int] | ResponseApdu:
        if not self.session.selected:
            return _r(sw.SW_FILE_NOT_FOUND)
        if not cmd.p1 & 0x80:
            return _r(sw.SW_WRONG_P1P2)
        sfi = cmd.p1 & 0x1F
        if sfi not in FILE_SIZES and sfi != SFI_PURSE:
            return _r(sw.SW_FILE_NOT_FOUND)
        return sfi, cmd.p2

    def _read_binary(self, cmd: CommandApdu) -> ResponseApdu:
        ref = self._file_ref(cmd)
        if isinstance(ref, ResponseApdu):
            return ref
        sfi, offset = ref
        if sfi == SFI_PURSE:
            return _r(sw.SW_SECURITY_STATUS)
        content = self.state.file(sfi)[offset:]
        if cmd.le is None or offset >= FILE_SIZES[sfi]:
            return _r(sw.SW_WRONG_P1P2 if cmd.le is not None else sw.SW_WRONG_LENGTH)
        want = cmd.le or 256
        if want > len(content):
            return _r(0x6C00 | len(content))
        return _r(sw.SW_OK, content[:want])

    def _read_with_mac(self, cmd: CommandApdu) -> ResponseApdu:
        ref = self._file_ref(cmd)
        if isinstance(ref, ResponseApdu):
            return ref
        if ref != (SFI_PURSE, 0):
            return _r(sw.SW_WRONG_P1P2)
        if len(cmd.data) != 4:
            return _r(sw.SW_WRONG_LENGTH)
        data = self.state.purse.encode()
        return self._later(data + card_ops.read_mac(self.state.keys.read_mac, cmd.data, data))

    def _get_challenge(self, cmd: CommandApdu) -> ResponseApdu:
        if cmd.le not in (4, 8):
            return _r(sw.SW_WRONG_LENGTH)
        self.session.challenge = self._random(cmd.le)
        return _r(sw.SW_OK, self.session.challenge)

    def _external_auth(self, cmd: CommandApdu, challenge: bytes) -> ResponseApdu:
        if self.state.auth_tries_left <= 0:
            return _r(sw.SW_AUTH_BLOCKED)
        if len(cmd.data) != 8:
            return _r(sw.SW_WRONG_LENGTH)
        if len(challenge) != 8:
            return _r(sw.SW_NO_CHALLENGE)
        expected = card_ops.external_auth_response(self.state.keys.external_auth, challenge)
        if not hmac.compare_digest(expected, cmd.data):
            left = self.state.auth_tries_left - 1
            self.state = replace(self.state, auth_tries_left=left)
            self.session.authenticated = False
            return _r(0x63C0 | left) if left else _r(sw.SW_AUTH_BLOCKED)
        if self.state.auth_tries_left != AUTH_TRIES:
            self.state = replace(self.state, auth_tries_left=AUTH_TRIES)
        self.session.authenticated = True
        return _r(sw.SW_OK)

    def _update_with_mac(self, cmd: CommandApdu, challenge: bytes) -> ResponseApdu:
        ref = self._file_ref(cmd)
        if isinstance(ref, ResponseApdu):
            return ref
        sfi, offset = ref
        if sfi == SFI_PURSE:
            return _r(sw.SW_SECURITY_STATUS)
        if not self.session.authenticated:
            return _r(sw.SW_SECURITY_STATUS)
        if len(challenge) != 4:
            return _r(sw.SW_NO_CHALLENGE)
        data, tag = cmd.data[:-4], cmd.data[-4:]
        if len(cmd.data) < 5 or offset + len(data) > FILE_SIZES[sfi]:
            return _r(sw.SW_WRONG_LENGTH)
        expected = card_ops.update_mac(self.state.keys.update, challenge, cmd.header, data)
        if not hmac.compare_digest(expected, tag):
            return _r(sw.SW_MAC)
        self.state = self.state.with_file(sfi, offset, data)
        return _r(sw.SW_OK)

    def _increase(self, cmd: CommandApdu, challenge: bytes) -> ResponseApdu:
        if (cmd.p1, cmd.p2) != (0x01, 0x0C):
            return _r(sw.SW_WRONG_P1P2)
        if len(cmd.data) != 12:
            return _r(sw.SW_WRONG_LENGTH)
        if not self.session.authenticated:
            return _r(sw.SW_SECURITY_STATUS)
        if len(challenge) != 4:
            return _r(sw.SW_NO_CHALLENGE)
        amount = int.from_bytes(cmd.data[0:4], "big")
        count = int.from_bytes(cmd.data[4:8], "big")
        expected = card_ops.increase_mac(self.state.keys.purchase, challenge, amount, count)
        if not hmac.compare_digest(expected, cmd.data[8:12]):
            return _r(sw.SW_MAC)
        return self._credit(amount, count)

    def _credit(self, amount: int, count: int) -> ResponseApdu:
        if CardParameters.decode(self.state.file(SFI_PARAMETERS)) is None:
            return _r(sw.SW_CONDITIONS)  # a blank card is bound to a customer before any credit
        if count == self.state.count:
            return _r(sw.SW_REPEATED_RECHARGE)
        if count != self.state.count + 1:
            return _r(sw.SW_COUNT_SEQUENCE)
        if self.state.balance_fen + amount > BALANCE_LIMIT_FEN:
            return _r(sw.SW_BALANCE_LIMIT)
        self.state = replace(self.state, balance_fen=self.state.balance_fen + amount, count=count)
        return _r(sw.SW_OK)
