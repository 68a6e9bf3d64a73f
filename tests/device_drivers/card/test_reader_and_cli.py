"""The PC/SC reader, the RFID tag and the command line, against the real pcscd."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from device_drivers.card.errors import NoCardError, NoReaderError
from device_drivers.card.pcsc_reader import PcscReader, find_reader, list_readers
from device_drivers.card.rfid import read_tag_id
from device_drivers.card.virtual_card.machine import ATR
from tests.device_drivers.card.kit import CARD_READER, ROOT, TAG_READER, insert_card, opened_state

pytestmark = pytest.mark.usefixtures("pcscd")


def _main(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True,
                          text=True, timeout=60, check=False, env={**os.environ, **(env or {})}, cwd=ROOT)


def test_readers_and_card_presence(logs: Path) -> None:
    assert {CARD_READER, TAG_READER} <= set(list_readers())
    reader = PcscReader(CARD_READER)
    assert not reader.card_present()
    with pytest.raises(NoCardError, match="insert the customer's card"):
        reader.connect(timeout=0.2)
    with pytest.raises(NoReaderError, match="not connected"):
        PcscReader("No Such Reader 00 00").connect(timeout=0.2)
    with pytest.raises(NoReaderError, match="readers:"):
        find_reader("No Such Reader 00 00")
    with insert_card(opened_state(logs / "card.json"), logs) as inserted:
        assert find_reader().name == CARD_READER  # the first reader holding a card
        with inserted.connect() as conn:
            assert conn.atr == ATR and conn.protocol == "T=0"
    assert not reader.card_present()


def test_rfid_tag_identifies_a_meter(logs: Path) -> None:
    with insert_card(logs / "unused.json", logs, tag="04A1B2C3D4E5F6") as inserted, \
            inserted.connect() as conn:
        assert str(read_tag_id(conn)) == "04A1B2C3D4E5F6"
    out = _main("card", "tag", "--timeout", "0.3")
    assert out.returncode == 1 and "no card in 'Virtual PCD 00 01'" in out.stderr


def test_card_info_command(logs: Path) -> None:
    state = opened_state(logs / "card.json", balance_fen=12345, count=7)
    with insert_card(state, logs):
        out = _main("--demo", "card", "info")  # demo mode: the demo keys
    assert out.returncode == 0, out.stderr
    assert "Customer:        3100000001" in out.stdout
    assert "Meter:           202107072529" in out.stdout
    assert "Balance:         123.45 yuan" in out.stdout
    assert "Purchase count:  7" in out.stdout


def test_simulate_card_creates_a_demo_card_and_info_reads_it(logs: Path) -> None:
    state = logs / "new" / "card.json"
    with insert_card(state, logs):
        out = _main("card", "info", "--reader", CARD_READER, "--demo-keys")
    assert out.returncode == 0, out.stderr
    assert "Balance:         50.00 yuan" in out.stdout and state.exists()


def test_card_info_without_a_card_or_without_pcscd() -> None:
    out = _main("card", "info", "--demo-keys", "--reader", CARD_READER, "--timeout", "0.2")
    assert out.returncode == 1 and "no card in 'Virtual PCD 00 00'" in out.stderr
    # a client pointed at a pcscd socket that does not exist sees "pcscd not running"
    out = _main("card", "info", "--demo-keys", env={"PCSCLITE_CSOCK_NAME": "/nonexistent/pcscd.comm"})
    assert out.returncode == 1 and "pcscd) is not running" in out.stderr, out.stderr
