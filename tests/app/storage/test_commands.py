"""What the terminal keeps of the server's signed commands: known kinds within their lifetime, and
revocations that verify against the command key from enrolment, which void what came before."""

from __future__ import annotations

import time

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.services.errors import AuthorisationWithdrawnError, NoAuthorisationError
from app.services.meter_authorisations import authorisation_for
from app.storage.changes import ChangeRow, apply_changes
from app.storage.commands import CommandRepo
from app.storage.db import Store
from app.storage.sync_state import DeviceIdentity, SyncState
from device_drivers.meter.simulator import keys as demo_keys
from signed_commands import envelope
from signed_commands.authorisation import IR_AUTH, KIND, issue_meter_authorisation
from signed_commands.kinds import AUTHORISATION_REVOCATION, issue_revocation

ORDER, METER = "WO1", "000000000042"
KEYS = demo_keys.load()
NOW = int(time.time())


def _enrolled(store: Store, server_key: Ed25519PrivateKey = KEYS.signing_key) -> CommandRepo:
    raw = server_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    SyncState(store).save_identity(DeviceIdentity("D1", b"s" * 32, "CD101", "technician", raw,
                                                  "https://centre", "ab" * 32))
    return CommandRepo(store)


def _authorisation(issued_at: int, ttl_s: int = 3600) -> bytes:
    return issue_meter_authorisation(KEYS.signing_key, KEYS.transport_key, master_keys=KEYS.master_keys,
                                     task_id=ORDER, meter_address=METER, meter_number=METER,
                                     operations=(IR_AUTH,), issued_at=issued_at, expires_at=issued_at + ttl_s)


def _receive(store: Store, kind: str, data: bytes, order_no: str = ORDER) -> None:
    command_id = f"{order_no}:{kind}:{hash(data) & 0xFFFFFF:x}"
    apply_changes(store, [ChangeRow("command", command_id, "upsert",
                                    {"kind": kind, "order_no": order_no, "data": data})], cursor=1)


def _revocation(issued_at: int, key: Ed25519PrivateKey = KEYS.signing_key, task: str = ORDER) -> bytes:
    return issue_revocation(key, key_id="k", task_id=task, reason="reassigned", issued_at=issued_at)


def test_a_revocation_deletes_what_came_before_and_drops_late_resends(store: Store) -> None:
    repo = _enrolled(store)
    old = _authorisation(NOW - 100)
    _receive(store, KIND, old)
    assert authorisation_for(repo, ORDER, METER) == old
    _receive(store, AUTHORISATION_REVOCATION, _revocation(NOW - 50))
    assert repo.for_order(ORDER, KIND) == []
    with pytest.raises(AuthorisationWithdrawnError, match="withdrawn by the centre") as refused:
        authorisation_for(repo, ORDER, METER)
    assert refused.value.code == "authorisation_withdrawn"
    _receive(store, KIND, old)  # the server resends it (e.g. after a restore): still void
    assert repo.for_order(ORDER, KIND) == []
    fresh = _authorisation(NOW - 10)  # issued after the revocation: the order came back
    _receive(store, KIND, fresh)
    assert authorisation_for(repo, ORDER, METER) == fresh


def test_a_revocation_that_does_not_verify_or_names_another_task_is_ignored(store: Store) -> None:
    repo = _enrolled(store)
    held = _authorisation(NOW - 100)
    _receive(store, KIND, held)
    _receive(store, AUTHORISATION_REVOCATION, _revocation(NOW, key=Ed25519PrivateKey.generate()))
    _receive(store, AUTHORISATION_REVOCATION, _revocation(NOW, task="WO2"))
    tampered = bytearray(_revocation(NOW))
    tampered[-70] ^= 1
    _receive(store, AUTHORISATION_REVOCATION, bytes(tampered))
    assert repo.revoked_before(ORDER) is None
    assert authorisation_for(repo, ORDER, METER) == held


def test_only_known_kinds_within_their_lifetime_are_kept(store: Store) -> None:
    repo = _enrolled(store)
    _receive(store, KIND, _authorisation(NOW, ttl_s=366 * 24 * 3600))  # what the old oracle signed
    key = KEYS.signing_key
    _receive(store, "firmware", envelope.sign(key, "firmware", key_id="k", body=b"x", issued_at=NOW,
                                            expires_at=NOW + 60).encode())
    _receive(store, "correction", envelope.sign(key, "correction", key_id="k", body=b"x", issued_at=NOW,
                                              expires_at=NOW + 13 * 3600).encode())
    _receive(store, "correction", envelope.sign(key, "meter-authorisation", key_id="k", body=b"x",
                                              issued_at=NOW, expires_at=NOW + 60).encode())  # mislabelled
    rows = store.reader().execute("SELECT kind FROM commands").fetchall()
    assert rows == []
    with pytest.raises(NoAuthorisationError) as missing:
        authorisation_for(repo, ORDER, METER)
    assert type(missing.value) is NoAuthorisationError and missing.value.code == "no_authorisation"
    ok = envelope.sign(key, "correction", key_id="k", body=b"tariff", issued_at=NOW, expires_at=NOW + 3600)
    _receive(store, "correction", ok.encode())
    assert repo.for_order(ORDER, "correction") == [ok.encode()]
