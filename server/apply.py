"""Apply one device mutation to the domain tables, enforcing scope and the order lifecycle.

The server is authoritative. A mutation it cannot apply is never dropped: the
caller stores it with a :class:`Rejection` code and raises a flag for the
supervisor. Codes: ``reassigned`` (the order was given to someone else while
the device was offline), ``out_of_scope`` (never this device's order),
``unknown_order``, ``illegal_transition`` (the lifecycle table refuses the
event), ``forbidden`` (the role may not do that), ``invalid`` (unreadable payload),
``wrong_meter`` (a result installs a meter neither the order nor the technician's stock
holds), ``meter_in_use`` (that meter is already at another customer), ``seal_reused`` (a seal
already applied on another order, from any terminal, compared in canonical form),
``damaged`` (a quarantine report: the terminal could not send one of its records; the
report, with the record's raw content, is stored and flagged, never applied).

Applied work can raise a flag too: ``seal_not_in_stock`` (a seal the order's technician was not
issued, while they carry a seal stock; :func:`server.results.use_seal`).

Reassigning an order withdraws the previous technician's task authorisations (a signed
revocation for their terminals) and issues fresh ones to the new technician; cancelling
withdraws them too (:class:`~server.authorisations.TaskAuthority`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import Connection

from app.domain.entities import Role
from app.domain.errors import DomainError
from app.domain.records import (
    UNFINISHED,
    Attachment,
    CardTransaction,
    EndReason,
    MeterInstallation,
    OperationEvent,
    Reading,
    Seal,
)
from app.domain.serialize import from_record
from app.domain.work_orders import LIFECYCLE, OPEN_STATUSES, Event, Family, Status
from server import changelog, corrections, flags, inspections, ledger, orders, results
from server.auth import Caller
from server.authorisations import ASSIGNED_TTL_S, TaskAuthority
from server.changelog import Scope
from server.errors import RefusedError
from server.orders import StoredOrder
from server.scope import AUDIENCE_SUPERVISOR, may_act_on_order
from sync.entities import DAMAGED, QUARANTINE, UP_ENTITIES
from sync.protocol import Mutation

TYPED: dict[str, type] = {"reading": Reading, "seal": Seal, "attachment": Attachment,
                          "operation_event": OperationEvent, "card_txn": CardTransaction,
                          "meter_install": MeterInstallation}
ORDERLESS = frozenset({"operation_event", "gps_fix", QUARANTINE})  # may be recorded outside any order
TECHNICIAN_EVENTS = frozenset({Event.DOWNLOAD, Event.START, Event.SUSPEND, Event.RESUME, Event.COMPLETE,
                               Event.UPLOAD, Event.REWORK})
SUPERVISOR_EVENTS = frozenset({Event.ASSIGN, Event.ACCEPT, Event.REJECT, Event.CANCEL, Event.REASSIGN})
_EVENTS = {e.value for e in Event}
SEAL_NOT_IN_STOCK = "seal_not_in_stock"  # a flag on applied work, not a refusal


def order_no_of(m: Mutation) -> str:
    value = m.payload.get("order_no", "")
    return value if isinstance(value, str) else ""


def apply_mutation(conn: Connection, caller: Caller, m: Mutation, *, now: int,
                   authority: TaskAuthority | None = None) -> None:
    """Apply ``m`` or raise :class:`RefusedError`; any other error means the payload was unreadable.
    ``authority`` withdraws and issues task authorisations (a reassignment or cancellation is
    refused without it: it would leave the previous technician's keys valid)."""
    if m.entity not in UP_ENTITIES:
        raise RefusedError("invalid", f"unknown entity '{m.entity}'")
    if m.entity == QUARANTINE:
        raise RefusedError(DAMAGED, _damage_report(m.payload))  # stored + flagged, like any refusal
    order_no = order_no_of(m)
    if not order_no and m.entity in ORDERLESS:
        if m.entity in TYPED:
            _validate(TYPED[m.entity], m.payload)
        return  # the device's own monitoring record (sign-in, a test read...): kept as it is
    if not order_no:
        raise RefusedError("invalid", f"a {m.entity} must name its order")
    stored = orders.load(conn, order_no, for_update=True)
    if stored is None:
        raise RefusedError("unknown_order", f"order {order_no} does not exist on the server")
    _check_scope(conn, caller, stored)
    if m.entity == "order_event":
        _order_event(conn, caller, stored, m.payload, now=now, authority=authority)
    elif m.entity in TYPED:
        _validate(TYPED[m.entity], m.payload)
        if m.entity == "seal":
            _use_seal(conn, caller, stored, m, now=now)
    elif m.entity == "work_result":
        _publish_result(conn, stored, m.payload, now=now, authority=authority)
    elif m.entity == "correction_result":
        corrections.record_result(conn, stored, m.payload)
    # readings, seals, fixes, results...: the stored mutation row is the record


def _use_seal(conn: Connection, caller: Caller, stored: StoredOrder, m: Mutation, *, now: int) -> None:
    """Claim the seal for the order and take it from the order technician's stock; a seal not in
    that stock is flagged ``seal_not_in_stock``, never refused (it is on the meter already)."""
    seal = results.claim_seal(conn, stored.order.order_no, str(m.payload.get("seal_no", "")),
                              device_id=caller.device_id, seq=m.seq, now=now)
    doubt = results.use_seal(conn, stored.order.tech_id, seal, stored.order.order_no, now=now)
    if doubt is not None:
        flags.raise_flag(conn, caller, m, SEAL_NOT_IN_STOCK, doubt, now=now)


def _damage_report(payload: dict[str, Any]) -> str:
    """The supervisor's flag text for a quarantine report (its fields are the terminal's, bounded)."""
    def field(name: str, width: int = 40) -> str:
        return str(payload.get(name, ""))[:width]

    hint = f" for order {field('order_hint')}" if payload.get("order_hint") else ""
    return (f"the terminal could not send its record {field('seq', 20)} ({field('entity')} "
            f"{field('entity_id', 100)}{hint}): {field('reason')}, {field('detail', 200)}; it is kept "
            f"in the terminal's quarantine, its raw content ({field('raw_size', 20)} bytes) in this report")


def _publish_result(conn: Connection, stored: StoredOrder, payload: dict[str, Any], *, now: int,
                    authority: TaskAuthority | None) -> None:
    """A completed order's result goes to the supervisors of its team (monitoring, evaluation)."""
    if payload.get("order_no") != stored.order.order_no:
        raise RefusedError("invalid", "a work result must name the order it belongs to")
    if payload.get("outcome") == UNFINISHED:  # ended on site with a reason: nothing was installed
        if payload.get("reason") not in {r.value for r in EndReason}:
            raise RefusedError("invalid", "an unfinished order's result must give one of the reasons: "
                                          + ", ".join(r.value for r in EndReason))
    elif stored.order.family is Family.PREPAID:
        ledger.record_credit(conn, stored, payload, now=now)
    elif stored.order.family is Family.INSPECTION:
        findings = inspections.record_inspection(conn, stored, payload, now=now)
        payload = {**payload, "findings": inspections.finding_records(findings)}
        if authority is not None:
            corrections.send_corrections(conn, authority, stored, findings, now=now)
    else:
        results.install_new_meter(conn, stored, payload, now=now)
        inspections.record_seals(conn, stored, payload, now=now)
    changelog.append(conn, "result", stored.order.order_no, payload,
                     Scope(team_id=stored.team_id or None, company_id=stored.company_id or None,
                           audience=AUDIENCE_SUPERVISOR), now=now)


def _check_scope(conn: Connection, caller: Caller, stored: StoredOrder) -> None:
    o = stored.order
    if may_act_on_order(caller, o.tech_id, stored.team_id, stored.company_id):
        return
    if caller.role is Role.TECHNICIAN and orders.was_assigned_to(conn, o.order_no, caller.user_id):
        raise RefusedError("reassigned", f"order {o.order_no} was reassigned to {o.tech_id} while "
                                         "this terminal was offline; the work is kept for the supervisor")
    raise RefusedError("out_of_scope", f"order {o.order_no} is not assigned to {caller.user_id}")


def _validate(kind: type, payload: dict[str, Any]) -> None:
    try:
        from_record(kind, payload)
    except (DomainError, ArithmeticError, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise RefusedError("invalid", f"the {kind.__name__} could not be read: {exc}") from None


def _order_event(conn: Connection, caller: Caller, stored: StoredOrder, payload: dict[str, Any], *,
                 now: int, authority: TaskAuthority | None) -> None:
    name = str(payload.get("event", ""))
    if name not in _EVENTS:
        _step_event(conn, caller, stored, payload, now=now)
        return
    event = Event(name)
    allowed = TECHNICIAN_EVENTS if caller.role is Role.TECHNICIAN else TECHNICIAN_EVENTS | SUPERVISOR_EVENTS
    if event not in allowed:
        raise RefusedError("forbidden", f"a {caller.role.value} may not '{event.value}' an order")
    order = stored.order
    if event is Event.UPLOAD and order.status in (Status.UPLOADED, Status.ACCEPTED):
        return  # already uploaded: the centre moved it there when 'complete' arrived
    if (order.status is Status.ASSIGNED and event is not Event.DOWNLOAD and order.tech_id == caller.user_id
            and LIFECYCLE.allows(Status.DOWNLOADED, event)):
        order = order.apply(Event.DOWNLOAD)  # working on it proves the terminal downloaded it
    if not LIFECYCLE.allows(order.status, event):
        raise RefusedError("illegal_transition", f"work order {order.order_no}: '{event.value}' is "
                                                 f"not allowed while the order is '{order.status.value}'")
    if event in (Event.REASSIGN, Event.CANCEL) and authority is None:
        raise RefusedError("forbidden", f"'{event.value}' needs the centre's key issuer to withdraw the "
                                        "order's meter authorisations")
    if event is Event.REASSIGN:
        assert authority is not None
        reassign_order(conn, caller, stored, str(payload.get("tech_id", "")), now=now, authority=authority)
        return
    if event is Event.CANCEL:
        assert authority is not None
        cancel_order(conn, stored, now=now, authority=authority, origin_device=caller.device_id)
        return
    order = order.apply(event)
    step = payload.get("step")
    if isinstance(step, str) and step:
        order = replace(order, step=step)
    origin: str | None = caller.device_id
    if order.status is Status.COMPLETED:  # the centre now has it: completed -> uploaded at once
        order, origin = order.apply(Event.UPLOAD), None
    stored = replace(stored, order=replace(order, version=order.version + 1))
    orders.save(conn, stored, now=now)
    orders.publish(conn, stored, now=now, origin_device=origin)


def cancel_order(conn: Connection, stored: StoredOrder, *, now: int, authority: TaskAuthority,
                 origin_device: str | None = None) -> StoredOrder:
    """Cancel ``stored`` (locked, in scope): saved, published, its authorisations withdrawn from
    its technician's terminals. Raises :class:`RefusedError` ``illegal_transition`` if it is closed.
    Used by a supervisor's sync and by :mod:`server.dispatch`."""
    order = stored.order
    if not LIFECYCLE.allows(order.status, Event.CANCEL):
        raise RefusedError("illegal_transition", f"work order {order.order_no}: 'cancel' is not allowed "
                                                 f"while the order is '{order.status.value}'")
    order = order.apply(Event.CANCEL)
    new = replace(stored, order=replace(order, version=order.version + 1))
    orders.save(conn, new, now=now)
    orders.publish(conn, new, now=now, origin_device=origin_device)
    authority.withdraw(conn, stored, reason="cancelled", now=now)
    return new


def _step_event(conn: Connection, caller: Caller, stored: StoredOrder, payload: dict[str, Any], *,
                now: int) -> None:
    """A step of the guided flow (``old_identified``, ``step:read_old``...): recorded on the order
    while it is open; after completion, acceptance or cancellation it is refused."""
    order = stored.order
    if order.status not in OPEN_STATUSES:
        raise RefusedError("illegal_transition", f"work order {order.order_no}: step event "
                                                 f"'{payload.get('event')}' while the order is "
                                                 f"'{order.status.value}'")
    step = payload.get("step")
    if isinstance(step, str) and step and step != order.step:
        stored = replace(stored, order=replace(order, step=step, version=order.version + 1))
        orders.save(conn, stored, now=now)
        orders.publish(conn, stored, now=now, origin_device=caller.device_id)


def reassign_order(conn: Connection, caller: Caller, stored: StoredOrder, tech_id: str, *, now: int,
                   authority: TaskAuthority) -> StoredOrder:
    """Give ``stored`` (locked, in ``caller``'s scope) to ``tech_id``: the previous technician's
    terminals get the delete and the revocation, the new one the order and fresh authorisations;
    work the previous terminal still sends is refused as ``reassigned`` and kept (:func:`_check_scope`).
    Raises :class:`RefusedError`: ``illegal_transition``, ``invalid`` (not a technician), ``forbidden``
    (a technician outside the caller's team or region). Used by sync and :mod:`server.dispatch`."""
    if not LIFECYCLE.allows(stored.order.status, Event.REASSIGN):
        raise RefusedError("illegal_transition", f"work order {stored.order.order_no}: 'reassign' is not "
                                                 f"allowed while the order is '{stored.order.status.value}'")
    target = orders.user_row(conn, tech_id)
    if target is None or target[0] != Role.TECHNICIAN.value:
        raise RefusedError("invalid", f"'{tech_id}' is not a technician")
    _role, team_id, company_id = target
    if not may_act_on_order(caller, "", team_id, company_id):
        raise RefusedError("forbidden", f"{tech_id} is outside {caller.user_id}'s team or region")
    order = stored.order.apply(Event.REASSIGN)
    new = StoredOrder(replace(order, tech_id=tech_id, step="", version=order.version + 1), team_id,
                      company_id)
    orders.save(conn, new, now=now)
    orders.withdraw(conn, stored, new, now=now)
    orders.publish(conn, new, now=now)
    if stored.order.tech_id != tech_id:
        authority.withdraw(conn, stored, reason="reassigned", now=now)
    authority.issue(conn, new.order.order_no, now=now, ttl_s=ASSIGNED_TTL_S)
    return new
