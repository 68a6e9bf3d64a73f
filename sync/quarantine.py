"""Outbox rows that cannot go on the wire: the checks, and the report that takes their place.

One damaged row must never block the queue behind it. A row is damaged when it cannot be
read back (``app.storage.outbox``: text not UTF-8, a payload that is not a JSON object) or
cannot be sent as a protocol :class:`~sync.protocol.Mutation` (:func:`problem`: a string
over the limits below, a number MessagePack cannot carry, a payload nested too deeply or
too large, anything the protocol's own decoder would refuse). Such a row is moved, bytes
for bytes, to the handheld's quarantine table, and :func:`report` builds the small,
well-formed mutation that replaces it under the SAME seq:

- the server de-duplicates by ``(device, seq)`` and acknowledges the highest *contiguous*
  seq: a row that simply vanished would leave a hole that stops ``acked_through`` for good,
  and a report under a new seq would not fill it. The report fills the hole exactly;
- a damaged row was never stored by the server (it could not be sent), so the report is
  the first and only mutation the server stores under that seq: exactly once. Should the
  original have reached the server before the damage (a row damaged on disk after it was
  sent, before the ack was stored), the report is a resend of that seq: acked, not
  applied, and the server keeps the original;
- the server stores the report, does not apply it, and flags it for the supervisor; its
  answer is a rejection with code :data:`~sync.entities.DAMAGED`: the receipt.

The limits mirror what the server keeps of a mutation (the ``received_mutations`` columns)
and bound what one mutation may cost it; they are checked here, before sending, because a
request the server refuses as a whole would be refused again on every retry.
"""

from __future__ import annotations

import base64
import hashlib
import math
import re
from typing import Any, Protocol

import msgspec

from sync.entities import QUARANTINE
from sync.protocol import Mutation

MAX_ENTITY = 40
MAX_ENTITY_ID = 100
MAX_OP = 20
MAX_AT = 40
MAX_STRING = 64 * 1024  # characters of any one string (or key) inside a payload
MAX_DEPTH = 32  # nesting of a payload (a real record nests 3 or 4 levels)
MAX_MUTATION_BYTES = 256 * 1024  # one mutation, encoded
REPORT_RAW_BYTES = 16 * 1024  # of the damaged payload, carried in the report (all of it stays here)

# Reasons found here (app.storage.outbox finds bad_text, bad_json and not_object).
TOO_LONG = "too_long"
NOT_ENCODABLE = "not_encodable"
TOO_LARGE = "too_large"

_INT_MIN, _INT_MAX = -(2**63), 2**64 - 1  # what MessagePack carries
_ORDER_NO = re.compile(r'"order_no"\s*:\s*"([^"\\]{1,40})"')


class RawFields(Protocol):
    """An outbox row as stored (``app.storage.outbox.RawRow``)."""

    @property
    def seq(self) -> int: ...
    @property
    def entity(self) -> bytes: ...
    @property
    def entity_id(self) -> bytes: ...
    @property
    def op(self) -> bytes: ...
    @property
    def payload(self) -> bytes: ...
    @property
    def created_at(self) -> bytes: ...


def problem(m: Mutation) -> tuple[str, str] | None:
    """Why ``m`` cannot be sent, as ``(reason, detail)``; None when it can."""
    for name, value, limit in (("entity", m.entity, MAX_ENTITY), ("entity_id", m.entity_id, MAX_ENTITY_ID),
                               ("op", m.op, MAX_OP), ("at", m.at, MAX_AT)):
        if len(value) > limit:
            return TOO_LONG, f"{name} has {len(value)} characters (at most {limit})"
    found = _walk(m.payload, 1)
    if found is not None:
        return found
    try:
        data = msgspec.msgpack.encode(m)
        msgspec.msgpack.decode(data, type=Mutation)  # what the server's decoder will say of it
    except (msgspec.EncodeError, msgspec.DecodeError, OverflowError, TypeError, ValueError,
            RecursionError) as exc:
        return NOT_ENCODABLE, f"{type(exc).__name__}: {str(exc)[:160]}"
    if len(data) > MAX_MUTATION_BYTES:
        return TOO_LARGE, f"{len(data)} bytes encoded (at most {MAX_MUTATION_BYTES})"
    return None


def _walk(value: Any, depth: int) -> tuple[str, str] | None:
    if depth > MAX_DEPTH:
        return NOT_ENCODABLE, f"the payload is nested deeper than {MAX_DEPTH} levels"
    if isinstance(value, str | bytes):
        return (TOO_LONG, f"a string of {len(value)} characters (at most {MAX_STRING})") \
            if len(value) > MAX_STRING else None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return None if _INT_MIN <= value <= _INT_MAX else (NOT_ENCODABLE, "an integer out of range")
    if isinstance(value, float):
        return None if math.isfinite(value) else (NOT_ENCODABLE, f"{value} is not a number")
    if isinstance(value, dict):
        for key, item in value.items():
            found = _walk(key, depth) or _walk(item, depth + 1)
            if found is not None:
                return found
        return None
    if isinstance(value, list):
        for item in value:
            found = _walk(item, depth + 1)
            if found is not None:
                return found
        return None
    return NOT_ENCODABLE, f"a value of type {type(value).__name__}"


def report(raw: RawFields, reason: str, detail: str, at: str) -> Mutation:
    """The mutation that replaces damaged row ``raw`` (same seq), bounded in size, always sendable.

    ``raw_b64`` carries the first :data:`REPORT_RAW_BYTES` of the stored payload (all of it,
    for any real record), ``raw_size`` and ``raw_sha256`` describe all of it; the other
    columns go as text (undecodable bytes shown as ``\\xNN``)."""
    text = raw.payload.decode("utf-8", "replace")
    hint = _ORDER_NO.search(text)
    payload: dict[str, Any] = {
        "seq": raw.seq, "reason": reason, "detail": detail[:200],
        "entity": _text(raw.entity, MAX_ENTITY), "entity_id": _text(raw.entity_id, MAX_ENTITY_ID),
        "op": _text(raw.op, MAX_OP), "at": _text(raw.created_at, MAX_AT),
        "order_hint": hint.group(1) if hint else "",
        "raw_b64": base64.b64encode(raw.payload[:REPORT_RAW_BYTES]).decode("ascii"),
        "raw_size": len(raw.payload), "raw_sha256": hashlib.sha256(raw.payload).hexdigest(),
        "truncated": len(raw.payload) > REPORT_RAW_BYTES,
    }
    mutation = Mutation(raw.seq, QUARANTINE, str(raw.seq), "event", payload, at[:MAX_AT])
    if problem(mutation) is not None:  # cannot happen with these limits; never send a report that fails
        mutation = Mutation(raw.seq, QUARANTINE, str(raw.seq), "event",
                            {**payload, "raw_b64": "", "truncated": True}, at[:MAX_AT])
    return mutation


def _text(value: bytes, limit: int) -> str:
    return value.decode("utf-8", "backslashreplace")[:limit]
