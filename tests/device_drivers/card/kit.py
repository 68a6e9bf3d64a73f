"""Test kit for the card tests: pcscd, virtual cards by pid, a server that issues tokens."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from device_drivers.card.apdu import CardChannel
from device_drivers.card.errors import CardError
from device_drivers.card.files import CardParameters, CardType, TariffSet
from device_drivers.card.pcsc_reader import PcscConnection, PcscReader
from device_drivers.card.virtual_card.machine import UserCardMachine
from device_drivers.card.virtual_card.service import CARD_READER, TAG_READER, readers_up
from device_drivers.card.virtual_card.state import CardState, blank_card, load_state, opened_card, save_state
from device_drivers.security.card_ops import demo_master_keys
from signed_commands.card_parameters import CardParametersCommand, issue_card_parameters
from signed_commands.credit_token import CreditToken, Purpose, issue_credit_token
from tests.support.services import ManagedProcess, wait_until

ROOT = Path(__file__).resolve().parents[3]
PCSCD_DIR = Path("/run/pcscd")
SERIAL = bytes.fromhex("4D46000000000001")
OTHER_SERIAL = bytes.fromhex("4D46000000000002")
CUSTOMER = "3100000001"
METER = "202107072529"
PARAMS = CardParameters(CUSTOMER, METER, CardType.OPEN_ACCOUNT, tariff_version=1, tariff_count=2)
TARIFFS = (TariffSet(1, (5880, 3880)), TariffSet(2, (6000, 4000)))
NOW = 1_800_000_000


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def running_pcscd_pid() -> int | None:
    """The pid of a live pcscd; removes the files a dead one (kill -9) left behind."""
    pid_file = PCSCD_DIR / "pcscd.pid"
    try:
        pid = int(pid_file.read_text().strip() or "0")
    except (OSError, ValueError):
        pid = 0
    if pid and _pid_alive(pid):
        return pid
    for name in ("pcscd.comm", "pcscd.pid"):
        (PCSCD_DIR / name).unlink(missing_ok=True)
    return None


def start_pcscd(log_dir: Path) -> ManagedProcess | None:
    """Start pcscd in the foreground (None: one is running already and has our readers)."""
    if running_pcscd_pid() is not None:
        if not readers_up():
            raise RuntimeError("a pcscd is running without the vpcd readers: stop it first")
        return None
    proc = ManagedProcess(["pcscd", "--foreground", "--apdu", "--info"], log_dir / "pcscd.log").start()
    try:
        wait_until(readers_up, 10.0, "pcscd with the vpcd readers")
    except TimeoutError:
        proc.stop()
        raise RuntimeError(f"pcscd did not come up:\n{proc.log_tail()}") from None
    return proc


@dataclass
class Server:
    """The central system's part in a recharge: confirms purchases and signs tokens."""

    key: Ed25519PrivateKey = field(default_factory=Ed25519PrivateKey.generate)
    issued: int = 0

    def token(self, count: int, amount_fen: int, *, purpose: Purpose = Purpose.RECHARGE,
              serial: bytes = SERIAL, customer: str = CUSTOMER, meter: str = METER,
              txn: str | None = None, expires_at: int = NOW + 3600) -> bytes:
        self.issued += 1
        token = CreditToken(txn or f"T{count:04d}", purpose, customer, meter, serial, amount_fen,
                            count)
        return issue_credit_token(self.key, demo_master_keys().recharge_auth, token, key_id="test",
                                  issued_at=NOW - 60, expires_at=expires_at).encode()


    def parameters(self, params: CardParameters = PARAMS, tariffs: tuple[TariffSet, ...] = TARIFFS, *,
                   serial: bytes = SERIAL, expires_at: int = NOW + 3600) -> bytes:
        """The centre's signed card parameters (``signed_commands.card_parameters``) for ``serial``."""
        command = CardParametersCommand("P0001", serial, params.customer_number, params.meter_number,
                                        int(params.card_type), params.alarm1_fen, params.alarm2_fen,
                                        tuple((t.version, t.prices) for t in tariffs))
        return issue_card_parameters(self.key, command, key_id="test", issued_at=NOW - 60,
                                     expires_at=expires_at).encode()


SERVER = Server()  # the session's centre (the ``server`` fixture): its key is the verifier's


def write_state(path: Path, state: CardState) -> Path:
    save_state(path, state)
    return path


def blank_state(path: Path, serial: bytes = SERIAL) -> Path:
    return write_state(path, blank_card(serial, demo_master_keys()))


def opened_state(path: Path, balance_fen: int = 5000, count: int = 1,
                 params: CardParameters = PARAMS, serial: bytes = SERIAL) -> Path:
    return write_state(path, opened_card(serial, demo_master_keys(), params, balance_fen, count))


def read_state(path: Path) -> CardState:
    return load_state(path)


@dataclass
class InsertedCard:
    proc: ManagedProcess
    reader: PcscReader

    def connect(self, timeout: float = 5.0) -> PcscConnection:
        return self.reader.connect(timeout)


@contextmanager
def insert_card(state: Path, log_dir: Path, *, pull_after: int | None = None,
                lose_reply: bool = False, tag: str | None = None, reader_name: str = CARD_READER,
                wait_removed: bool = True) -> Iterator[InsertedCard]:
    """Run ``main.py simulate card`` (by pid) until the reader sees it; pull it out at the end.

    ``reader_name``: either vpcd reader takes a card (the fault tests alternate them so
    that pcscd's 0.4 s removal polling of one overlaps the insertion into the other).
    """
    argv = [sys.executable, str(ROOT / "main.py"), "--home", str(log_dir / "home"), "simulate", "card",
            "--state", str(state)]
    if tag is not None:
        argv[-2:] = ["--tag", tag]
    if pull_after is not None:
        argv += ["--pull-after", str(pull_after)] + (["--lose-reply"] if lose_reply else [])
    if reader_name == TAG_READER and tag is None:
        argv += ["--port", "35964"]
    reader = PcscReader(TAG_READER if tag else reader_name)
    reader.wait_for_removal(5.0)  # a card still "in" the reader would hide the new one
    proc = ManagedProcess(argv, log_dir / "virtual_card.log").start()
    try:
        wait_until(reader.card_present, 5.0, "the virtual card in the reader")
        yield InsertedCard(proc, reader)
    finally:
        proc.stop()
        if wait_removed:
            with contextlib.suppress(CardError):
                reader.wait_for_removal(5.0)


def copy_state(src: Path, dst: Path) -> Path:
    shutil.copyfile(src, dst)
    return dst


class FileJournal:
    """A minimal recharge journal in a JSON file (the app's real one is in app/storage)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _load(self) -> dict[str, dict[str, str]]:
        if not self.path.exists():
            return {}
        return dict(json.loads(self.path.read_text()))

    def _save(self, doc: dict[str, dict[str, str]]) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(doc))
        os.replace(tmp, self.path)

    def record_confirmed(self, transaction_id: str, token: bytes) -> None:
        doc = self._load()
        doc.setdefault(transaction_id, {"token": token.hex(), "state": "confirmed"})
        self._save(doc)

    def record_applied(self, transaction_id: str) -> None:
        doc = self._load()
        doc[transaction_id]["state"] = "applied"
        self._save(doc)

    def pending(self) -> list[tuple[str, bytes]]:
        return [(txn, bytes.fromhex(e["token"])) for txn, e in sorted(self._load().items())
                if e["state"] == "confirmed"]


class CountingChannel:
    """Counts the APDUs an operation sends (to know where to pull the card)."""

    def __init__(self, inner: CardChannel) -> None:
        self.inner = inner
        self.count = 0

    def transmit(self, apdu: bytes) -> bytes:
        self.count += 1
        return self.inner.transmit(apdu)


class LocalCard:
    """The virtual card's OS in-process, behind the same channel port (no pcscd)."""

    def __init__(self, state: CardState) -> None:
        self.machine = UserCardMachine(state, os.urandom)

    def transmit(self, apdu: bytes) -> bytes:
        return self.machine.process(apdu)
