"""Open card, write card and the repair decision, from the real server's answer to the card driver
(pyscard -> pcscd -> vpcd -> the virtual card): the centre's signed parameters open the blank card
for the customer found by the meter's scanned asset number; the repair is decided from the card's
purchase count and the ledger (credited, not credited and re-issued, or ahead and refused)."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import select, update

from app.domain.entities import UTILITY_TZ, Archive, Role
from device_drivers.card import operations as ops
from device_drivers.card.files import SFI_PARAMETERS, CardParameters, CardType
from device_drivers.card.user_card import UserCard
from device_drivers.security.card_ops import SoftwareCardSecurityModule, demo_sealed_keys
from server import card_tasks, changelog, ledger
from server.auth import Caller
from server.db import tables
from signed_commands.card_parameters import open_card_parameters
from sync import protocol
from sync.protocol import PATH_TASK_REQUEST, TaskRequest, TaskResponse
from tests.device_drivers.card.kit import blank_state, insert_card, opened_state, read_state
from tests.server.client import Device, complete_order, error_of
from tests.server.conftest import Running

SECURITY = SoftwareCardSecurityModule.from_sealed(demo_sealed_keys(), "meterfield-demo-only")
SERIALS = (f"4D4602{n:010X}" for n in itertools.count(1))
REQUESTS = (f"req-ct-{n}" for n in itertools.count(1))
pytestmark = [pytest.mark.parametrize("running", ["sqlite"], indirect=True), pytest.mark.usefixtures("pcscd")]


def _archive(running: Running, n: int = 0) -> Archive:
    return [a for a in running.demo.archives if a.customer.company_id == "C-CD" and a.meter.prepaid][n]


def ask(tech: Device, **fields: object) -> TaskResponse:
    request = protocol.encode(TaskRequest(1, next(REQUESTS), **fields))  # type: ignore[arg-type]
    resp = tech.request("POST", PATH_TASK_REQUEST, request)
    assert resp.status_code == 200, error_of(resp)
    return protocol.decode(resp.content, TaskResponse)


def verifier(tech: Device) -> ops.TokenVerifier:
    return ops.TokenVerifier(Ed25519PublicKey.from_public_bytes(tech.command_key), clock=time.time)


def test_a_blank_card_is_opened_for_the_customer_of_the_scanned_meter(running: Running,
                                                                        tmp_path: Path) -> None:
    tech, archive, serial = running.device("CD102"), _archive(running), next(SERIALS)
    answer = ask(tech, kind="open_card", customer_no="", meter_asset_no=archive.meter.asset_no,
                 amount_fen=5000, card_serial=serial, payment_method="cash")
    assert answer.command is not None and answer.card_parameters is not None
    assert answer.order["archive"]["customer"]["customer_no"] == archive.customer.customer_no
    state = blank_state(tmp_path / "card.json", bytes.fromhex(serial))
    with insert_card(state, tmp_path) as inserted, inserted.connect() as conn:
        opened = ops.open_card(UserCard(conn, SECURITY), answer.command, verifier(tech),
                               answer.card_parameters)
    assert opened.outcome is ops.Outcome.CREDITED
    on_card = read_state(state)
    params = CardParameters.decode(on_card.file(SFI_PARAMETERS))
    assert params is not None and (params.customer_number, params.meter_number, params.card_type) == (
        archive.customer.customer_no, archive.meter.address, CardType.OPEN_ACCOUNT)
    assert (on_card.balance_fen, on_card.count) == (5000, 1)


def test_write_card_writes_the_archives_tariff_and_refuses_another_card(running: Running,
                                                                        tmp_path: Path) -> None:
    tech, archive, serial = running.device("CD102"), _archive(running, 1), next(SERIALS)
    params = CardParameters(archive.customer.customer_no, archive.meter.address, CardType.PURCHASE,
                            tariff_version=9, tariff_count=1)
    state = opened_state(tmp_path / "card.json", 3000, 2, params, bytes.fromhex(serial))
    answer = ask(tech, kind="write_card", customer_no=archive.customer.customer_no, card_serial=serial)
    assert answer.card_parameters is not None and answer.command is None
    other = ask(tech, kind="write_card", customer_no=archive.customer.customer_no, card_serial=next(SERIALS))
    assert other.card_parameters is not None
    with insert_card(state, tmp_path) as inserted, inserted.connect() as conn:
        card = UserCard(conn, SECURITY)
        with pytest.raises(ops.WrongCardError, match="not the card in the reader"):
            ops.write_card(card, other.card_parameters, verifier(tech))
        written = ops.write_card(card, answer.card_parameters, verifier(tech))
    version, prices = card_tasks.tariff_prices(archive.tariff)
    written_params = CardParameters.decode(read_state(state).file(SFI_PARAMETERS))
    assert written.outcome is ops.Outcome.WRITTEN and written_params is not None
    assert (written_params.tariff_version, written_params.tariff_count) == (version, len(prices))
    assert (read_state(state).balance_fen, read_state(state).count) == (3000, 2)  # no money moved


def test_the_repair_is_decided_from_the_card_and_the_ledger(running: Running, tmp_path: Path) -> None:
    tech, archive, serial = running.device("CD102"), _archive(running, 2), next(SERIALS)
    customer = archive.customer.customer_no
    params = CardParameters(customer, archive.meter.address, CardType.PURCHASE)
    state = opened_state(tmp_path / "card.json", 1000, 4, params, bytes.fromhex(serial))
    assert ask(tech, kind="recharge_repair", customer_no=customer, card_serial=serial,
               purchase_count=4).decision == card_tasks.NOTHING_ISSUED
    bought = ask(tech, kind="recharge", customer_no=customer, amount_fen=2000, purchase_count=4,
                 card_serial=serial, payment_method="cash")  # paid; the card never took it
    repair = ask(tech, kind="recharge_repair", customer_no=customer, card_serial=serial, purchase_count=4)
    assert (repair.decision, repair.issued_count) == (card_tasks.NOT_CREDITED, 5)
    assert repair.credits_order == bought.order["order_no"] and repair.command is not None
    with insert_card(state, tmp_path) as inserted, inserted.connect() as conn:
        assert ops.repair(UserCard(conn, SECURITY), repair.command, verifier(tech)).purse.count == 5
    assert (read_state(state).balance_fen, read_state(state).count) == (3000, 5)
    again = ask(tech, kind="recharge_repair", customer_no=customer, card_serial=serial, purchase_count=5)
    assert (again.decision, again.command) == (card_tasks.CREDITED, None)  # never a second credit
    ahead = ask(tech, kind="recharge_repair", customer_no=customer, card_serial=serial, purchase_count=7)
    assert (ahead.decision, ahead.command) == (card_tasks.CARD_AHEAD, None)
    c = tables.prepaid_ledger.c
    with running.server.app.state.server.engine.connect() as db:
        row = db.execute(select(c.credited_at, c.discrepancy).where(
            c.order_no == bought.order["order_no"])).one()
    # the card's word alone confirms nothing (only a result for the purchase or its repair does)
    assert row.credited_at is None and row.discrepancy == "count:7:5"


def test_open_card_for_an_unknown_meter_or_without_a_card_is_refused(running: Running) -> None:
    tech = running.device("CD102")
    for fields, code in ((dict(kind="open_card", customer_no="", meter_asset_no="1" * 22,
                               card_serial=next(SERIALS)), "unknown_customer"),
                         (dict(kind="open_card", customer_no=_archive(running).customer.customer_no,
                               card_serial="xyz"), "malformed")):
        resp = tech.request("POST", PATH_TASK_REQUEST,
                            protocol.encode(TaskRequest(1, next(REQUESTS), **fields)))  # type: ignore[arg-type]
        assert resp.status_code in (400, 404) and code in error_of(resp), error_of(resp)


def _archive_payload(running: Running, customer_no: str, change: Callable[[dict[str, Any]], None]) -> None:
    """The archive as an import would leave it (the marketing system changed it)."""
    a = tables.archives.c
    with running.server.app.state.server.engine.begin() as db:
        payload = db.execute(select(a.payload).where(a.customer_no == customer_no)).scalar_one()
        record = changelog.unpack(payload)
        change(record)
        db.execute(update(tables.archives).where(a.customer_no == customer_no)
                   .values(payload=changelog.pack(record)))


def test_a_result_cannot_confirm_a_purchase_its_repair_did_not_reissue(running: Running) -> None:
    tech, archive, serial = running.device("CD102"), _archive(running, 5), next(SERIALS)
    customer = archive.customer.customer_no
    paid = ask(tech, kind="recharge", customer_no=customer, amount_fen=3000, purchase_count=2,
               card_serial=serial, payment_method="cash")  # paid, never written to the card
    write = ask(tech, kind="write_card", customer_no=customer, card_serial=serial)
    nothing = ask(tech, kind="recharge_repair", customer_no=customer, card_serial=serial, purchase_count=3)
    assert nothing.decision == card_tasks.CREDITED  # the card says it holds purchase 3...
    claim = {"amount_fen": 3000, "card_serial": serial, "count_after": 3, "balance_after_fen": 9000}
    tech.pull_all()
    for seq, order in ((1, write.order), (5, nothing.order)):  # ...but no other order's result can say
        complete_order(tech, seq, order["order_no"], {  # so for it, naming it
            "order_no": order["order_no"], "kind": order["kind"], "outcome": "done",
            "credits_order": paid.order["order_no"], "purchase": claim})
    c = tables.prepaid_ledger.c
    with running.server.app.state.server.engine.connect() as db:
        row = db.execute(select(c.credited_at).where(c.order_no == paid.order["order_no"])).one()
    assert row.credited_at is None  # still unconfirmed for the team leader


def test_a_late_result_keeps_the_mismatch_a_repair_recorded(running: Running, tmp_path: Path) -> None:
    tech, archive, serial = running.device("CD102"), _archive(running, 6), next(SERIALS)
    customer = archive.customer.customer_no
    bought = ask(tech, kind="recharge", customer_no=customer, amount_fen=1000, purchase_count=1,
                 card_serial=serial, payment_method="cash")
    ahead = ask(tech, kind="recharge_repair", customer_no=customer, card_serial=serial, purchase_count=4)
    assert ahead.decision == card_tasks.CARD_AHEAD
    tech.pull_all()  # the offline terminal's result for purchase 2 arrives after the repair
    card = {"amount_fen": 1000, "card_serial": serial, "count_after": 2, "balance_after_fen": 1}
    order_no = bought.order["order_no"]
    complete_order(tech, 1, order_no, {"order_no": order_no, "kind": "recharge", "outcome": "done",
                                       "purchase": card})
    c = tables.prepaid_ledger.c
    with running.server.app.state.server.engine.connect() as db:
        row = db.execute(select(c.credited_at, c.discrepancy).where(
            c.order_no == bought.order["order_no"])).one()
    assert row.credited_at is not None and row.discrepancy == "count:4:2"


def test_write_card_asked_again_writes_the_tariff_as_it_is_now(running: Running) -> None:
    tech, archive, serial = running.device("CD102"), _archive(running, 7), next(SERIALS)
    request = TaskRequest(1, next(REQUESTS), "write_card", archive.customer.customer_no, card_serial=serial)
    before = protocol.decode(tech.request("POST", PATH_TASK_REQUEST, protocol.encode(request)).content,
                             TaskResponse)
    _archive_payload(running, archive.customer.customer_no,
                     lambda r: r["tariff"].update(unit_price="0.6120", time_of_use=False))
    after = protocol.decode(tech.request("POST", PATH_TASK_REQUEST, protocol.encode(request)).content,
                            TaskResponse)
    assert after.order["order_no"] == before.order["order_no"]  # the same task...
    key = Ed25519PublicKey.from_public_bytes(tech.command_key)
    assert before.card_parameters is not None and after.card_parameters is not None
    prices = open_card_parameters(after.card_parameters, key, time.time()).tariffs[0][1]
    assert prices == (6120,)  # ...with the tariff the archive has now


def test_a_request_id_cannot_be_reused_for_another_card_and_a_postpaid_meter_takes_no_card(
        running: Running) -> None:
    tech, archive = running.device("CD102"), _archive(running, 8)
    request_id = next(REQUESTS)
    first = TaskRequest(1, request_id, "write_card", archive.customer.customer_no, card_serial=next(SERIALS))
    assert tech.request("POST", PATH_TASK_REQUEST, protocol.encode(first)).status_code == 200
    other = TaskRequest(1, request_id, "write_card", archive.customer.customer_no, card_serial=next(SERIALS))
    resp = tech.request("POST", PATH_TASK_REQUEST, protocol.encode(other))
    assert resp.status_code == 409 and "request_reused" in error_of(resp)
    _archive_payload(running, archive.customer.customer_no, lambda r: r["meter"].update(prepaid=False))
    opening = TaskRequest(1, next(REQUESTS), "open_card", archive.customer.customer_no, 5000,
                          card_serial=next(SERIALS), payment_method="cash")
    resp = tech.request("POST", PATH_TASK_REQUEST, protocol.encode(opening))
    assert resp.status_code == 409 and "not_prepaid" in error_of(resp)


def test_the_leaders_account_holds_the_days_card_operations(running: Running) -> None:
    tech, archive, serial = running.device("CD102"), _archive(running, 9), next(SERIALS)
    customer = archive.customer.customer_no
    opened = ask(tech, kind="open_card", customer_no=customer, amount_fen=0, card_serial=serial,
                 payment_method="cash")
    ask(tech, kind="write_card", customer_no=customer, card_serial=serial)
    repair = ask(tech, kind="recharge_repair", customer_no=customer, card_serial=serial, purchase_count=1)
    assert repair.decision == card_tasks.CREDITED
    tech.pull_all()
    complete_order(tech, 1, repair.order["order_no"], {"order_no": repair.order["order_no"],
                                                        "kind": "recharge_repair", "outcome": "done",
                                                        "decision": "credited"})
    user = next(u for u in running.demo.users if u.user_id == "CD102")
    leader = next(u for u in running.demo.users if u.role is Role.SUPERVISOR and u.team_id == user.team_id)
    caller = Caller("-", leader.user_id, Role.SUPERVISOR, leader.team_id, user.company_id)
    account = ledger.reconciliation(running.server.app.state.server.engine, caller,
                                    datetime.now(UTILITY_TZ).date())
    mine = next(t for t in account["technicians"] if t["tech_id"] == "CD102")
    assert mine["card_ops"]["open_card"] >= 1 and mine["card_ops"]["write_card"] >= 1
    repaired = next(r for r in mine["repairs"] if r["order_no"] == repair.order["order_no"])
    assert (repaired["decision"], repaired["done"]) == ("credited", True)
    assert any(u["order_no"] == opened.order["order_no"] for u in mine["unconfirmed"])  # not on a card yet
