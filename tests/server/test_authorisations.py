"""Task authorisations: each replacement order's new meter gets one, scoped to its technician,
verifiable with the command key from enrolment, and renewed when the order is started."""

from __future__ import annotations

import time

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from app.domain.work_orders import Family
from server.authorisations import MeterKeys
from signed_commands.authorisation import (
    KIND,
    READ_SECURE,
    WRITE_CLASS1,
    OperationNotAuthorisedError,
    check_use,
    verify_authorisation,
)
from tests.server.client import mutation
from tests.server.conftest import Running


def _authorisations(changes: list) -> dict[str, list[bytes]]:
    found: dict[str, list[bytes]] = {}
    for c in changes:
        if c.entity == "command" and c.payload["kind"] == KIND:
            found.setdefault(c.payload["order_no"], []).append(c.payload["data"])
    return found


def test_each_replacement_order_comes_with_its_meter_authorisation(running: Running) -> None:
    tech = running.device("CD101")
    changes = tech.pull_all()
    mine = [o for o in running.demo.orders_of("CD101") if o.family is Family.REPLACEMENT]
    assert mine, "the demo technician has no replacement order: the test would prove nothing"
    found = _authorisations(changes)
    assert set(found) == {o.order_no for o in mine}
    key = Ed25519PublicKey.from_public_bytes(tech.command_key)
    for order in mine:
        new, old = (verify_authorisation(data, key, now=time.time()) for data in found[order.order_no])
        check_use(new, order.new_meter_address, WRITE_CLASS1)
        check_use(old, order.archive.meter.address, READ_SECURE)
        with pytest.raises(OperationNotAuthorisedError):
            check_use(old, order.archive.meter.address, WRITE_CLASS1)  # the old meter is only read
        assert new.task_id == old.task_id == order.order_no
        assert set(new.wrapped_keys) <= set(MeterKeys.load_demo().master_keys)
    other = running.device("CD102")
    assert not set(_authorisations(other.pull_all())) & set(found), "authorisations leaked across scope"


def test_starting_an_order_renews_its_authorisation(running: Running) -> None:
    tech = running.device("CD102")
    tech.pull_all()
    order = next(o for o in running.demo.orders_of("CD102") if o.family is Family.REPLACEMENT)
    answer = tech.sync([mutation(1, "order_event", order.order_no,
                                 {"order_no": order.order_no, "event": "start", "status": "in_progress",
                                  "step": "identify_old", "at": "2026-11-24T09:00:00+08:00"})])
    assert answer.acked_through == 1 and not answer.rejections
    renewed = _authorisations(answer.changes)
    assert list(renewed) == [order.order_no] and len(renewed[order.order_no]) == 2
