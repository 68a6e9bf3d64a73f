"""Prepaid tasks that start on the terminal (open card, write card, recharge, repair).

``POST /v1/tasks`` with a :class:`TaskRequest` (protocol codec): the server finds
the customer's archive in the technician's company, creates the work order in
status ``requested``, assigns it to the technician at once (``requested ->
assigned``) and answers a :class:`TaskResponse` with the order record. For a
recharge (or a card opened with a first purchase) it also issues a signed
``credit-token`` command; for a card to open or write, the signed ``card-parameters``; for a
repair, the decision from the card and the ledger (:mod:`server.card_tasks`). ``request_id`` is
the device's idempotency key: asking again returns the same order and command.
"""

from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec
from sqlalchemy import Engine, insert, select, update

from app.domain.entities import Archive, Role
from app.domain.serialize import from_record, to_record
from app.domain.work_orders import FAMILY_OF, Event, Family, Kind, Priority, Status, WorkOrder
from server import card_tasks, changelog, ledger, orders
from server.auth import Caller
from server.commands import CommandSigner, issue_command
from server.db import lock_change_log, lock_device, tables
from server.errors import ServerError, bad_request, forbidden
from server.orders import StoredOrder
from signed_commands import envelope
from signed_commands.card_parameters import KIND as CARD_PARAMETERS
from signed_commands.credit_token import KIND as CREDIT_TOKEN
from signed_commands.credit_token import CreditToken, Purpose, authorise, decode_body
from signed_commands.errors import CommandError
from sync.protocol import PROTOCOL_VERSION, TaskRequest, TaskResponse

TITLES = {Kind.OPEN_CARD: "开户发卡", Kind.WRITE_CARD: "写参数卡", Kind.RECHARGE: "上门购电",
          Kind.RECHARGE_REPAIR: "购电补写卡"}


def request_task(engine: Engine, signer: CommandSigner, caller: Caller, req: TaskRequest, *,
                 now: int, ttl_s: int, card_auth: bytes = b"") -> TaskResponse:
    """The task for ``req`` (the same one for the same ``request_id``); ``card_auth``: the card
    recharge-authorisation master that authorises a credit token for the security module."""
    if caller.role is not Role.TECHNICIAN:
        raise forbidden("forbidden", "only a technician's terminal can request a prepaid task")
    kind = _prepaid_kind(req)
    with engine.begin() as conn:
        lock_change_log(conn)  # before any row lock: the lock order of every writer
        lock_device(conn, caller.device_id)
        t = tables.task_requests.c
        done = conn.execute(select(t.order_no, t.command, t.card_serial, t.credit_count).where(
            t.device_id == caller.device_id, t.request_id == req.request_id)).first()
        if done is not None:  # asked again (a lost answer, or a token expired before the card took it)
            _same_request(done, req, kind)
            stored = orders.load(conn, done.order_no)
            assert stored is not None
            command = done.command
            if command is not None and envelope.decode(command).expires_at <= now:
                body = envelope.decode(command).body  # the same purchase, signed again for a new window
                command = issue_command(conn, signer, CREDIT_TOKEN, done.order_no, body, now=now, ttl_s=ttl_s)
                conn.execute(update(tables.task_requests).where(
                    t.device_id == caller.device_id, t.request_id == req.request_id).values(command=command))
            return _answer(conn, signer, caller, req, stored, command, now=now, ttl_s=ttl_s)
        archive = _archive(conn, caller, req.customer_no, req.meter_asset_no)
        if not archive.meter.prepaid:
            raise ServerError(409, "not_prepaid", f"meter {archive.meter.asset_no} is not a prepaid meter: "
                                                  "it takes no card")
        stored = StoredOrder(_new_order(caller, kind, archive, now), caller.team_id, caller.company_id)
        orders.insert_order(conn, stored, now=now)
        orders.publish(conn, stored, now=now, origin_device=caller.device_id)
        command, serial, credit = None, req.card_serial.upper() or None, None
        if kind in (Kind.RECHARGE, Kind.OPEN_CARD):  # an opening is purchase 1 (0 yuan: none paid)
            body = credit_token_body(req, kind, stored.order.order_no, archive, card_auth)
            token = decode_body(body)
            serial, credit = token.card_serial.hex().upper(), token.purchase_count
            _one_credit_per_count(conn, serial, credit)
            command = issue_command(conn, signer, CREDIT_TOKEN, stored.order.order_no, body, now=now,
                                    ttl_s=ttl_s)
            ledger.record_purchase(conn, stored, token, payment_method=req.payment_method or "cash",
                                   payment_reference=req.payment_reference, now=now)
        conn.execute(insert(tables.task_requests).values(device_id=caller.device_id,
                                                         request_id=req.request_id,
                                                         order_no=stored.order.order_no, command=command,
                                                         card_serial=serial, credit_count=credit))
        return _answer(conn, signer, caller, req, stored, command, now=now, ttl_s=ttl_s)


def _answer(conn: Any, signer: CommandSigner, caller: Caller, req: TaskRequest, stored: StoredOrder,
            command: bytes | None, *, now: int, ttl_s: int) -> TaskResponse:
    """The answer for the task: its order and token; the signed card parameters for a card to be
    opened or written; the repair's decision (from the card and the ledger) for a repair."""
    order, kind = stored.order, stored.order.kind
    answer = TaskResponse(PROTOCOL_VERSION, to_record(order), command)
    if kind in (Kind.OPEN_CARD, Kind.WRITE_CARD):  # the archive as it is now (a tariff changed since)
        archive = _archive(conn, caller, order.archive.customer.customer_no)
        body = card_tasks.card_parameters_body(order.order_no, kind, archive, req.card_serial)
        signed = signer.sign(CARD_PARAMETERS, body, now=now, ttl_s=ttl_s)
        ledger.record_card_operation(conn, stored, req.card_serial, now=now)
        return msgspec.structs.replace(answer, card_parameters=signed)
    if kind is Kind.RECHARGE_REPAIR:
        d = card_tasks.decide_repair(conn, caller, signer, card_serial=req.card_serial,
                                     customer_no=order.archive.customer.customer_no,
                                     card_count=req.purchase_count, now=now, ttl_s=ttl_s)
        t = tables.task_requests.c  # the only purchase this repair's result may confirm
        credits = d.credits_order if d.decision == card_tasks.NOT_CREDITED else None
        conn.execute(update(tables.task_requests).where(t.order_no == order.order_no)
                     .values(credits_order=credits))
        ledger.record_card_operation(conn, stored, req.card_serial, decision=d.decision,
                                     credits_order=credits or "", now=now)
        return msgspec.structs.replace(answer, command=d.command, decision=d.decision,
                                       issued_count=d.issued_count, credits_order=d.credits_order)
    return answer


def _same_request(done: Any, req: TaskRequest, kind: Kind) -> None:
    """A request id asked again must be the same request: the same card (and, for a purchase, the same
    purchase count), or the answer would be another card's."""
    serial = req.card_serial.upper()
    count = 1 if kind is Kind.OPEN_CARD else req.purchase_count + 1
    if (done.card_serial and serial != done.card_serial) or (
            done.credit_count is not None and count != done.credit_count):
        raise ServerError(409, "request_reused", "this request id was used for another card or purchase: "
                                                 "ask with a new one")


def credit_token_body(req: TaskRequest, kind: Kind, order_no: str, archive: Archive,
                      card_auth: bytes) -> bytes:
    """The credit token (``signed_commands.credit_token``, the card driver's format) for this
    purchase: bound to the customer, the meter, the card and the purchase count after it, with the
    security module's authorisation. Refused (400) when any of them cannot be a card's."""
    if not card_auth:
        raise ServerError(503, "no_card_keys", "the centre holds no card recharge key: import the key "
                                               "system's card master keys")
    try:
        serial = bytes.fromhex(req.card_serial)
    except ValueError:
        raise bad_request("card_serial must be the card's 8-byte serial in hexadecimal") from None
    purpose = Purpose.OPEN_CARD if kind is Kind.OPEN_CARD else Purpose.RECHARGE
    count = 1 if purpose is Purpose.OPEN_CARD else req.purchase_count + 1  # the card's count after it
    token = CreditToken(order_no, purpose, archive.customer.customer_no, archive.meter.address, serial,
                        req.amount_fen, count)
    try:
        return authorise(card_auth, token).encode()
    except CommandError as exc:
        raise bad_request(f"no credit token can be made for this card: {exc}") from None


def _one_credit_per_count(conn: Any, serial: str, credit: int) -> None:
    """A card keeps only its purchase count: a second token for the same count is refused (409), so
    a payment can never be absorbed by another credit of that count."""
    t = tables.task_requests.c
    taken = conn.execute(select(t.order_no).where(t.card_serial == serial, t.credit_count == credit)).first()
    if taken is not None:
        raise ServerError(409, "purchase_count_used", f"card {serial} already has purchase {credit} "
                                                      f"(order {taken.order_no}): finish that one first")


def _prepaid_kind(req: TaskRequest) -> Kind:
    try:
        kind = Kind(req.kind)
    except ValueError:
        raise bad_request(f"unknown task kind '{req.kind}'") from None
    if FAMILY_OF[kind] is not Family.PREPAID:
        raise bad_request(f"a terminal can only request prepaid tasks, not '{kind.value}'")
    if not req.request_id or len(req.request_id) > 64:
        raise bad_request("request_id must be 1-64 characters")
    if kind is Kind.RECHARGE and req.amount_fen <= 0:
        raise bad_request("a recharge needs a positive amount")
    if req.payment_method not in ("", *ledger.PAYMENT_METHODS):
        raise bad_request(f"payment_method is one of {', '.join(ledger.PAYMENT_METHODS)}")
    if req.payment_method == "qr" and not req.payment_reference:
        raise bad_request("a QR payment needs its payment reference")
    if kind is not Kind.RECHARGE and not _is_serial(req.card_serial):  # a recharge says so in its token
        raise bad_request("card_serial must be the card's 8-byte serial in hexadecimal")
    return kind


def _is_serial(text: str) -> bool:
    return len(text) == 16 and all(ch in "0123456789abcdefABCDEF" for ch in text)


def _archive(conn: Any, caller: Caller, customer_no: str, meter_asset_no: str = "") -> Archive:
    """The customer's archive, by customer number or, when none is given, by the meter's asset
    number (scanned from the meter at the door)."""
    a = tables.archives.c
    which = a.customer_no == customer_no if customer_no else a.asset_no == meter_asset_no
    row = conn.execute(select(a.company_id, a.payload).where(which)).first()
    who = f"customer {customer_no}" if customer_no else f"meter {meter_asset_no}"
    if row is None or not (customer_no or meter_asset_no):
        raise ServerError(404, "unknown_customer", f"{who} is not in the archive")
    if row.company_id != caller.company_id:
        raise forbidden("out_of_scope", f"{who} belongs to another company")
    return from_record(Archive, changelog.unpack(row.payload))


def _new_order(caller: Caller, kind: Kind, archive: Archive, now: int) -> WorkOrder:
    start = datetime.fromtimestamp(now, tz=UTC)
    order = WorkOrder(order_no=f"RQ{start:%Y%m%d}{secrets.token_hex(5).upper()}", kind=kind,
                      title=TITLES[kind], archive=archive, tech_id=caller.user_id,
                      status=Status.REQUESTED, priority=Priority.URGENT, window_start=start,
                      window_end=start + timedelta(hours=2), created_at=start)
    return replace(order.apply(Event.ASSIGN), version=2)
