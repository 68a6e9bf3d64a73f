"""Tamper-evident monitoring events: each handheld's operation events form one signed hash chain.

The handheld seals every operation event as it stores it (``app.storage.records``): the event
carries ``chain = {seq, prev, hash, mac}`` where ``seq`` counts the device's events from 1,
``prev`` is the previous event's ``hash`` (:data:`GENESIS` for the first), ``hash`` is
SHA-256 over ``prev``, ``seq`` and the event's canonical JSON (every field but ``chain``: keys
sorted, compact, UTF-8), and ``mac`` is HMAC-SHA-256 of ``hash`` under the device's chain key,
derived from the secret only the handheld and the centre hold (:func:`chain_key`). The centre
checks each event on arrival (``server.event_chains``) and flags what it finds, never dropping the event:

- ``chain_altered``: the event (or its number) is not what was hashed (changed after it was recorded);
- ``chain_forged``: the hash is not signed by the device's key (a chain made up elsewhere);

Only an event sealed with the device's key moves the centre's head of the chain, so a forged one
cannot throw the genuine events after it out of line.
- ``chain_gap``: events are missing before this one (deleted on the handheld, or never sent);
- ``chain_broken``: the event does not follow the one before it (a reordered or replaced event);
- ``chain_missing``: an event without its seal from a device that seals its events.

One definition for both ends: the handheld seals with :func:`seal`, the centre checks with
:func:`check`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from typing import Any

GENESIS = "0" * 64
KEY_INFO = b"meterfield event chain v1"
ALTERED, FORGED, GAP, BROKEN, MISSING = (
    "chain_altered", "chain_forged", "chain_gap", "chain_broken", "chain_missing")
PROBLEMS = (ALTERED, FORGED, GAP, BROKEN, MISSING)
MAX_SEQ = 2**63 - 1


def chain_key(device_secret: bytes) -> bytes:
    """The key the device signs its chain with (never the secret itself)."""
    return hmac.new(device_secret, KEY_INFO, hashlib.sha256).digest()


def canonical(event: Mapping[str, Any]) -> bytes:
    """The event as hashed: every field but ``chain``, keys sorted, compact JSON in UTF-8."""
    body = {k: v for k, v in event.items() if k != "chain"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def link(prev: str, seq: int, event: Mapping[str, Any]) -> str:
    """The event's hash: over the previous hash, its own number and its canonical JSON."""
    return hashlib.sha256(bytes.fromhex(prev) + seq.to_bytes(8, "big") + canonical(event)).hexdigest()


def mac(key: bytes, digest: str) -> str:
    return hmac.new(key, bytes.fromhex(digest), hashlib.sha256).hexdigest()


def seal(event: Mapping[str, Any], *, seq: int, prev: str, key: bytes) -> dict[str, Any]:
    """Handheld side: the event's ``chain`` field, following the event ``prev`` (number ``seq - 1``)."""
    digest = link(prev, seq, event)
    return {"seq": seq, "prev": prev, "hash": digest, "mac": mac(key, digest)}


Head = tuple[int, str]  # the chain's last event at the centre: its seq (0: none yet) and hash


def check(event: Mapping[str, Any], head: Head, key: bytes) -> tuple[str | None, Head]:
    """Centre side: what is wrong with ``event`` after the device's chain ``head``, and the new head:
    the event's own when its hash and signature check out and it goes forward; else the old one."""
    last_seq, last_hash = head
    chain = event.get("chain")
    try:
        if not isinstance(chain, Mapping):
            raise TypeError("no seal")
        seq, prev, digest = int(chain["seq"]), str(chain["prev"]), str(chain["hash"])
        signed = str(chain["mac"])
        genuine = not key or hmac.compare_digest(signed, mac(key, bytes.fromhex(digest).hex()))
        altered = not 1 <= seq <= MAX_SEQ or link(prev, seq, event) != digest
    except (KeyError, TypeError, ValueError, OverflowError):
        return (MISSING if last_seq else None), head
    if not genuine:  # not the handheld's seal: the chain stays where it was
        return FORGED, head
    if altered:  # the handheld's seal, but the event (or its number) changed since: it took that place
        return ALTERED, (last_seq + 1, digest)
    new_head = (seq, digest) if seq > last_seq else head
    if seq > last_seq + 1:
        return GAP, new_head
    if seq != last_seq + 1 or prev != (last_hash or GENESIS):
        return BROKEN, new_head
    return None, new_head
