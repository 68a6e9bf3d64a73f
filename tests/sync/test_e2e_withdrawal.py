"""A withdrawn order's meter keys die on the old handheld at its next sync: end to end with the
real server, the real terminal store and its sync runner, and the supervisor's own device."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from app.domain.demo_data import generate
from app.domain.work_orders import Family, WorkOrder
from app.services.errors import AuthorisationWithdrawnError
from app.services.meter_authorisations import authorisation_for
from app.storage.commands import CommandRepo
from app.storage.work_orders import WorkOrderRepo
from device_drivers.meter.simulator import keys as demo_keys
from device_drivers.security.meter_ops import SoftwareMeterSecurityModule
from server import admin
from server.run import EmbeddedServer
from signed_commands import envelope
from signed_commands.kinds import AUTHORISATION_REVOCATION
from sync.runner import SyncRunner
from tests.server.client import Device, enrol, mutation
from tests.support.services import wait_until
from tests.sync.conftest import Terminal

TECH, OTHER, SUPERVISOR = "CD101", "CD102", "CD100"  # one team (the demo's CD-T1)
SYNC_DEADLINE_S = 30.0


@dataclass
class Field:
    """The old technician's handheld (syncing on its own runner) and the team leader's device."""

    server: EmbeddedServer
    terminal: Terminal
    runner: SyncRunner
    supervisor: Device
    seq: int = 0

    def decide(self, order_no: str, event: str, **extra: str) -> None:
        """The supervisor's decision on an order, as their device sends it."""
        self.seq += 1
        answer = self.supervisor.sync([mutation(self.seq, "order_event", f"{event}-{self.seq}",
                                                {"order_no": order_no, "event": event, **extra})])
        assert answer.acked_through == self.seq and not answer.rejections, answer.rejections

    def sync_until(self, ready: Callable[[], bool], what: str) -> None:
        """What the technician does: sync (the button, or the link coming back) and wait."""
        self.runner.sync_now()
        wait_until(ready, SYNC_DEADLINE_S, what, interval=0.1)

    def authorisation(self, order: WorkOrder) -> bytes:
        return authorisation_for(CommandRepo(self.terminal.store), order.order_no, order.new_meter_address)

    def withdrawn(self, order: WorkOrder) -> bool:
        try:
            self.authorisation(order)
        except AuthorisationWithdrawnError:
            return True
        return False


def _code(server: EmbeddedServer, user_id: str) -> str:
    return admin.issue_code(server.app.state.server.engine, user_id, now=int(time.time()), ttl_s=600)


@pytest.fixture
def field(server: EmbeddedServer, terminal: Terminal) -> Iterator[Field]:
    terminal.enrol(server.url, _code(server, TECH))
    runner = terminal.runner()
    runner.start()
    try:
        runner.wait_settled(SYNC_DEADLINE_S)
        yield Field(server, terminal, runner, enrol(server.url, _code(server, SUPERVISOR)))
    finally:
        runner.stop()


def _replacements() -> list[WorkOrder]:
    mine = [o for o in generate().orders_of(TECH) if o.family is Family.REPLACEMENT and o.new_meter_address]
    assert len(mine) >= 2, "the demo technician needs two replacement orders for this test"
    return mine


def _works(field: Field, order: WorkOrder, data: bytes) -> None:
    """The terminal's security module accepts it and unwraps its keys for the new meter."""
    identity = field.terminal.local.identity()
    assert identity is not None
    module = SoftwareMeterSecurityModule(demo_keys.load().transport_key,
                                         Ed25519PublicKey.from_public_bytes(identity.command_key))
    assert len(module.identity_request(data, order.new_meter_address)) == 24


def test_a_reassigned_order_is_refused_on_the_old_handheld_and_works_again_when_given_back(
        field: Field) -> None:
    order = _replacements()[0]
    before = field.authorisation(order)
    _works(field, order, before)  # the technician could set the new meter's tariff offline
    field.decide(order.order_no, "reassign", tech_id=OTHER)
    field.sync_until(lambda: field.withdrawn(order), "the withdrawal on the old handheld")
    with pytest.raises(AuthorisationWithdrawnError) as refused:
        field.authorisation(order)
    assert refused.value.code == "authorisation_withdrawn"
    assert refused.value.message_zh == "该工单已被中心撤回，其电能表密钥已失效"
    repo = CommandRepo(field.terminal.store)
    assert repo.for_order(order.order_no, "meter-authorisation") == []  # deleted, not just hidden
    assert len(repo.for_order(order.order_no, AUTHORISATION_REVOCATION)) == 1
    assert order.order_no not in field.terminal.orders()  # the order left the handheld
    # given back to the same technician: fresh authorisations, issued after the revocation, work
    field.decide(order.order_no, "reassign", tech_id=TECH)
    field.sync_until(lambda: not field.withdrawn(order), "the fresh authorisation")
    again = field.authorisation(order)
    revoked_at = repo.revoked_before(order.order_no)
    assert revoked_at is not None and envelope.decode(again).issued_at >= revoked_at > 0
    assert again != before
    _works(field, order, again)
    assert order.order_no in field.terminal.orders()


def test_a_cancelled_order_is_refused_on_the_handheld(field: Field) -> None:
    cancelled, kept = _replacements()[:2]
    field.decide(cancelled.order_no, "cancel")
    field.sync_until(lambda: field.withdrawn(cancelled), "the cancellation on the handheld")
    with pytest.raises(AuthorisationWithdrawnError):
        field.authorisation(cancelled)
    summary = WorkOrderRepo(field.terminal.store).get(cancelled.order_no)
    assert summary is not None and summary.status.value == "cancelled"
    _works(field, kept, field.authorisation(kept))  # the technician's other orders are untouched
