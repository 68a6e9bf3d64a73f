"""Attachments resume from the confirmed byte and are visible only once verified; prepaid tasks
and signed commands. Real server, SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import os
import time

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from server.attachments import H_COMPLETE, H_OFFSET
from signed_commands import envelope
from signed_commands.credit_token import decode_body
from signed_commands.errors import CommandError
from sync import protocol
from sync.protocol import CHUNK_SIZE, PATH_ATTACHMENT, PATH_TASK_REQUEST, TaskRequest, TaskResponse
from tests.server.client import Device, error_of
from tests.server.conftest import Running


def _put(device: Device, sha: str, offset: int, chunk: bytes, final: bool = False):  # type: ignore[no-untyped-def]
    target = PATH_ATTACHMENT.format(sha256=sha) + f"?offset={offset}" + ("&final=1" if final else "")
    return device.request("PUT", target, chunk, content_type="application/octet-stream")


def _head(device: Device, sha: str) -> tuple[int, bool]:
    resp = device.request("HEAD", PATH_ATTACHMENT.format(sha256=sha))
    assert resp.status_code == 200
    return int(resp.headers[H_OFFSET]), resp.headers[H_COMPLETE] == "1"


def _get(device: Device, sha: str):  # type: ignore[no-untyped-def]
    return device.request("GET", PATH_ATTACHMENT.format(sha256=sha))


def test_upload_resumes_from_the_confirmed_offset(running: Running) -> None:
    tech = running.device("CD101")
    data = os.urandom(3 * CHUNK_SIZE + 1234)
    sha = hashlib.sha256(data).hexdigest()
    assert _head(tech, sha) == (0, False)
    for i in range(2):
        assert _put(tech, sha, i * CHUNK_SIZE, data[i * CHUNK_SIZE:(i + 1) * CHUNK_SIZE]).status_code == 200
    # the link drops; the device asks where to resume
    offset, complete = _head(tech, sha)
    assert (offset, complete) == (2 * CHUNK_SIZE, False)
    assert _get(tech, sha).status_code == 404  # partial: not visible
    stale = _put(tech, sha, CHUNK_SIZE, data[CHUNK_SIZE:2 * CHUNK_SIZE])  # a resent old chunk
    assert stale.status_code == 409 and int(stale.headers[H_OFFSET]) == offset
    assert _put(tech, sha, offset, data[offset:offset + CHUNK_SIZE]).status_code == 200
    last = _put(tech, sha, 3 * CHUNK_SIZE, data[3 * CHUNK_SIZE:], final=True)
    assert last.status_code == 200 and last.headers[H_COMPLETE] == "1"
    assert _head(tech, sha) == (len(data), True)
    assert _get(tech, sha).content == data
    again = _put(tech, sha, 3 * CHUNK_SIZE, data[3 * CHUNK_SIZE:], final=True)  # the answer was lost
    assert again.status_code == 200 and again.headers[H_COMPLETE] == "1"
    assert _get(running.device("CD100"), sha).content == data  # the team's supervisor
    other = _get(running.device("CD201"), sha)  # another team's technician: as if it did not exist
    assert other.status_code == 404 and error_of(other)[0] == "not_found"


def test_hash_mismatch_is_refused_and_never_visible(running: Running) -> None:
    tech = running.device("CD102")
    data = os.urandom(CHUNK_SIZE + 10)
    sha = hashlib.sha256(b"something else").hexdigest()
    assert _put(tech, sha, 0, data[:CHUNK_SIZE]).status_code == 200
    bad = _put(tech, sha, CHUNK_SIZE, data[CHUNK_SIZE:], final=True)
    assert bad.status_code == 422 and error_of(bad)[0] == "hash_mismatch"
    assert _head(tech, sha) == (0, False)
    assert _get(tech, sha).status_code == 404
    too_big = _put(tech, sha, 0, b"x" * (CHUNK_SIZE + 1))
    assert too_big.status_code == 413
    assert _put(tech, "NOT-A-HASH", 0, b"x").status_code == 400


def test_partial_uploads_are_per_device(running: Running) -> None:
    a, b = running.device("CD201"), running.device("CD201")
    data = os.urandom(2 * CHUNK_SIZE)
    sha = hashlib.sha256(data).hexdigest()
    assert _put(a, sha, 0, data[:CHUNK_SIZE]).status_code == 200
    assert _head(b, sha) == (0, False)  # b cannot see or disturb a's partial upload
    assert _put(b, sha, 0, b"garbage").status_code == 200
    assert _put(a, sha, CHUNK_SIZE, data[CHUNK_SIZE:], final=True).headers[H_COMPLETE] == "1"
    assert _head(b, sha) == (len("garbage"), False)  # b's own upload: a's bytes tell b nothing


def test_recharge_request_creates_an_assigned_order_and_a_signed_credit_token(running: Running) -> None:
    tech = running.device("CD102")
    tech.pull_all()
    archive = next(a for a in running.demo.archives if a.customer.company_id == "C-CD")
    body = protocol.encode(TaskRequest(1, "req-42", "recharge", archive.customer.customer_no, 10000, 3,
                                       card_serial="0123456789ABCDEF"))
    resp = tech.request("POST", PATH_TASK_REQUEST, body)
    assert resp.status_code == 200, error_of(resp)
    answer = protocol.decode(resp.content, TaskResponse)
    order = answer.order
    assert order["status"] == "assigned" and order["tech_id"] == "CD102" and order["kind"] == "recharge"
    assert order["archive"]["customer"]["customer_no"] == archive.customer.customer_no
    assert answer.command is not None
    command = envelope.decode(answer.command)
    body_bytes = command.verify(Ed25519PublicKey.from_public_bytes(tech.command_key), time.time(),
                                "credit-token")
    token = decode_body(body_bytes)  # the card driver's format (signed_commands.credit_token)
    assert (token.amount_fen, token.purchase_count, token.card_serial.hex().upper()) == (
        10000, 4, "0123456789ABCDEF") and command.kind == "credit-token"
    assert (token.customer_number, token.meter_number, token.transaction_id) == (
        archive.customer.customer_no, archive.meter.address, order["order_no"])
    retry = protocol.decode(tech.request("POST", PATH_TASK_REQUEST, body).content, TaskResponse)
    assert retry.order["order_no"] == order["order_no"] and retry.command == answer.command  # idempotent
    changes = tech.sync().changes
    commands = [c for c in changes if c.entity == "command" and c.payload["kind"] == "credit-token"]
    assert [c.payload["order_no"] for c in commands] == [order["order_no"]]
    assert commands[0].payload["data"] == answer.command
    other = running.device("CD101")
    other.pull_all()
    assert not any(c.entity == "command" and c.payload["order_no"] == order["order_no"]
                   for c in other.sync(cursor=0).changes)  # only the technician
    tampered = bytearray(answer.command)
    tampered[-70] ^= 1
    try:
        envelope.decode(bytes(tampered)).verify(Ed25519PublicKey.from_public_bytes(tech.command_key),
                                              time.time(), "credit-token")
    except CommandError:
        pass
    else:
        raise AssertionError("a tampered credit token verified")


def test_bad_task_requests_are_refused(running: Running) -> None:
    tech = running.device("CD101")
    customer = running.demo.archives[0].customer.customer_no
    for req, status in [(TaskRequest(1, "a", "meter_replace", "0000000000"), 400),
                        (TaskRequest(1, "b", "recharge", "0000000000", 100), 404),
                        (TaskRequest(1, "c", "recharge", customer, 0), 400)]:
        resp = tech.request("POST", PATH_TASK_REQUEST, protocol.encode(req))
        assert resp.status_code == status, (req, resp.status_code, error_of(resp))


def test_supervisor_sends_a_signed_correction_to_the_technician_only(running: Running) -> None:
    tech, supervisor = running.device("DY201"), running.device("DY200")
    tech.pull_all()
    order_no = sorted(o.order_no for o in running.demo.orders_of("DY201"))[0]
    request = {"order_no": order_no, "kind": "correction", "body_hex": b"tariff=0101".hex()}
    resp = supervisor.json("POST", "/v1/commands", request)
    assert resp.status_code == 200, resp.text
    wire = bytes.fromhex(resp.json()["command_hex"])
    commands = [c for c in tech.sync().changes if c.entity == "command"]
    assert [c.payload["data"] for c in commands] == [wire]
    body = envelope.decode(wire).verify(Ed25519PublicKey.from_public_bytes(tech.command_key), time.time(),
                                      "correction")
    assert body == b"tariff=0101"
    assert not any(c.entity == "command" for c in supervisor.sync(cursor=0, max_changes=5000).changes)
    assert running.device("MY200").json("POST", "/v1/commands", request).status_code == 403  # other team
    assert tech.json("POST", "/v1/commands", request).status_code == 403  # technicians may not
