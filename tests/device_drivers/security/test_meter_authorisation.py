"""Meter authorisations: encoding, issuing, and every refusal a technician can meet."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from device_drivers.meter.simulator import keys as demo_keys
from signed_commands import authorisation as au
from signed_commands import envelope
from signed_commands.errors import CommandError, ExpiredError, SignatureError

KEYS = demo_keys.generate()
NOW = 1_790_000_000
METER = "202107072529"


def issue(operations: tuple[str, ...] = (au.IR_AUTH, au.IDENTITY_AUTH, au.WRITE_CLASS1), *,
          meter: str = METER, expires: int = NOW + 3600, transport_key: bytes = KEYS.transport_key) -> bytes:
    return au.issue_meter_authorisation(
        KEYS.signing_key, transport_key, master_keys=KEYS.master_keys, task_id="T-1001",
        meter_address=meter, meter_number=meter, operations=operations, issued_at=NOW - 60,
        expires_at=expires)


def test_issued_authorisation_verifies_and_carries_wrapped_diversified_keys() -> None:
    auth = au.verify_authorisation(issue(), KEYS.public_key, NOW)
    assert auth.meter_address == METER and auth.task_id == "T-1001"
    assert auth.operations == {au.IR_AUTH, au.IDENTITY_AUTH, au.WRITE_CLASS1}
    assert set(auth.wrapped_keys) == {au.KEY_IDENTITY, au.KEY_PARAMETER}
    unwrapped = au.unwrap_key(KEYS.transport_key, auth.wrapped_keys[au.KEY_PARAMETER])
    assert unwrapped == KEYS.meter_keys(METER)[au.KEY_PARAMETER]
    assert KEYS.meter_keys(METER)[au.KEY_PARAMETER].hex() not in issue().hex()  # never in plain text


def test_expired_authorisation_names_its_expiry() -> None:
    blob = issue(expires=NOW - 1)
    with pytest.raises(ExpiredError, match=r"expired at .*sync to get a new one"):
        au.verify_authorisation(blob, KEYS.public_key, NOW)


def test_tampered_authorisation_fails_its_signature() -> None:
    blob = issue()
    tampered = blob.replace(METER.encode(), b"202107072530")
    with pytest.raises(SignatureError):
        au.verify_authorisation(tampered, KEYS.public_key, NOW)


def test_other_meter_is_refused_with_both_addresses() -> None:
    auth = au.verify_authorisation(issue(meter="000000000042"), KEYS.public_key, NOW)
    with pytest.raises(au.WrongMeterAuthorisationError, match="for meter 000000000042, not the meter under"):
        au.check_use(auth, METER, au.IR_AUTH)


def test_operation_outside_the_task_is_refused() -> None:
    auth = au.verify_authorisation(issue((au.IR_AUTH,)), KEYS.public_key, NOW)
    with pytest.raises(au.OperationNotAuthorisedError, match="write-class2"):
        au.check_use(auth, METER, au.WRITE_CLASS2)


def test_other_terminals_transport_key_cannot_unwrap() -> None:
    auth = au.verify_authorisation(issue(transport_key=bytes(16)), KEYS.public_key, NOW)
    with pytest.raises(CommandError, match="another terminal"):
        au.unwrap_key(KEYS.transport_key, auth.wrapped_keys[au.KEY_IDENTITY])


def test_a_command_of_another_kind_is_refused() -> None:
    other = envelope.sign(KEYS.signing_key, "card-credit", key_id="k", body=b"{}", issued_at=NOW,
                        expires_at=NOW + 10).encode()
    with pytest.raises(CommandError, match="meter-authorisation"):
        au.verify_authorisation(other, KEYS.public_key, NOW)


@settings(deadline=None)  # a busy CI machine must not fail a correct codec
@given(st.text(min_size=1, max_size=20), st.text(alphabet="0123456789", min_size=12, max_size=12),
       st.sets(st.sampled_from(au.OPERATIONS)), st.dictionaries(
           st.sampled_from(au.KEY_KINDS), st.binary(min_size=19, max_size=19)))
def test_body_round_trips(task: str, meter: str, ops: set[str], keys: dict[str, bytes]) -> None:
    auth = au.MeterAuthorisation(task, meter, meter, frozenset(ops), keys)
    assert au.MeterAuthorisation.decode(auth.encode()) == auth


@settings(deadline=None)  # a busy CI machine must not fail a correct codec
@given(st.binary(max_size=200))
def test_damaged_bodies_raise_only_security_errors(body: bytes) -> None:
    with contextlib.suppress(CommandError):
        au.MeterAuthorisation.decode(body)
