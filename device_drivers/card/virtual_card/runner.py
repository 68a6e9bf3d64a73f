"""Run the virtual card or tag against vpcd until stopped (the simulator's main loop)."""

from __future__ import annotations

import os
from pathlib import Path

from device_drivers.card.virtual_card.machine import ATR, UserCardMachine
from device_drivers.card.virtual_card.state import (
    CardState,
    blank_card,
    demo_params,
    load_state,
    opened_card,
    save_state,
)
from device_drivers.card.virtual_card.tag import TAG_ATR, TagMachine
from device_drivers.card.virtual_card.vpcd import CARD_PORT, TAG_PORT, PullPlan, connect, serve
from device_drivers.security.card_ops import demo_master_keys

__all__ = ["CARD_PORT", "TAG_PORT", "PullPlan", "new_demo_state", "run_card", "run_tag"]


def new_demo_state(serial: bytes, *, blank: bool) -> CardState:
    """A new demo card (demo keys): blank, or opened with 50.00 yuan as purchase 1."""
    if blank:
        return blank_card(serial, demo_master_keys())
    return opened_card(serial, demo_master_keys(), demo_params(), balance_fen=5000, count=1)


def run_card(state_path: Path, *, host: str, port: int, plan: PullPlan | None, serial: bytes,
             blank: bool) -> int:
    """Serve the card until pulled out (``plan``) or stopped; the state file is its EEPROM."""
    if not state_path.exists():
        state_path.parent.mkdir(parents=True, exist_ok=True)
        save_state(state_path, new_demo_state(serial, blank=blank))
    machine = UserCardMachine(load_state(state_path), os.urandom)
    saved = machine.state

    def persist() -> None:
        nonlocal saved
        if machine.state is not saved:
            save_state(state_path, machine.state)
            saved = machine.state

    print(f"card {machine.state.serial.hex().upper()} inserted (vpcd {host}:{port}, state "
          f"{state_path})", flush=True)
    while True:
        answered = serve(connect(host, port, timeout=10.0), machine, ATR, plan=plan, on_apdu=persist)
        if plan is not None and answered >= plan.after:
            print(f"card pulled out after {answered} APDUs", flush=True)
            return 0
        machine.power_on()  # the reader went away (pcscd stopped): wait for it to come back


def run_tag(uid: bytes, host: str, port: int) -> int:
    """Present a tag with ``uid`` until stopped."""
    tag = TagMachine(uid)
    print(f"RFID tag {uid.hex().upper()} presented (vpcd {host}:{port})", flush=True)
    while True:
        serve(connect(host, port, timeout=10.0), tag, TAG_ATR)
