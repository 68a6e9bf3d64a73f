"""Security: every endpoint refuses missing, wrong, revoked, replayed, tampered and out-of-scope calls.

Runs against a real server on loopback, once on SQLite and once on PostgreSQL.
"""

from __future__ import annotations

import hashlib
import time

import pytest
import requests

from server.errors import REVOKED_MESSAGE
from sync import protocol
from sync.auth_headers import new_nonce
from sync.protocol import PATH_ATTACHMENT, PATH_SYNC, PATH_TASK_REQUEST, SyncRequest, TaskRequest
from tests.server.client import Device, enrol, error_of
from tests.server.conftest import Running

SHA = hashlib.sha256(b"photo").hexdigest()


def _sync_body(device_id: str) -> bytes:
    return protocol.encode(SyncRequest(1, 1, device_id, 0, []))


def endpoints(device_id: str) -> list[tuple[str, str, bytes]]:
    """(method, target, body) for every authenticated endpoint."""
    task = protocol.encode(TaskRequest(1, "r1", "recharge", "0000000000", 100))
    return [
        ("POST", PATH_SYNC, _sync_body(device_id)),
        ("POST", PATH_TASK_REQUEST, task),
        ("HEAD", PATH_ATTACHMENT.format(sha256=SHA), b""),
        ("PUT", PATH_ATTACHMENT.format(sha256=SHA) + "?offset=0", b"chunk"),
        ("GET", PATH_ATTACHMENT.format(sha256=SHA), b""),
        ("POST", "/v1/admin/enrol-codes", b'{"user_id": "CD101"}'),
        ("POST", "/v1/admin/devices/DNOPE/revoke", b""),
        ("GET", "/v1/admin/devices", b""),
        ("GET", "/v1/monitor", b""),
        ("GET", "/v1/monitor/findings", b""),
        ("GET", "/v1/stock", b""),
        ("POST", "/v1/stock/issue", b'{"tech_id": "CD101", "kind": "seal", "item_no": "SC1"}'),
        ("POST", "/v1/stock/return", b'{"kind": "seal", "item_no": "SC1"}'),
        ("POST", "/v1/commands", b'{"order_no": "X", "kind": "correction", "body_hex": ""}'),
    ]


def test_open_endpoints_and_openapi(running: Running) -> None:
    assert requests.get(running.base + "/health", timeout=10).json()["status"] == "ok"
    spec = requests.get(running.base + "/openapi.json", timeout=10).json()
    sync_op = spec["paths"][PATH_SYNC]["post"]
    assert protocol.CONTENT_TYPE in sync_op["requestBody"]["content"]
    assert {"401", "403", "426"} <= set(sync_op["responses"])
    assert PATH_ATTACHMENT in spec["paths"] and "/v1/monitor" in spec["paths"]


def test_enrolment_code_is_one_time_and_expires(running: Running) -> None:
    code = running.code("CD101")
    device = enrol(running.base, code)
    assert device.user_id == "CD101" and device.role == "technician"
    assert len(device.secret) == 32 and len(device.command_key) == 32
    again = requests.post(running.base + protocol.PATH_ENROL, timeout=10,
                          data=protocol.encode(protocol.EnrolRequest(1, code, "thief")))
    assert again.status_code == 401 and error_of(again)[0] == "code_used"
    expired = running.code("CD101", ttl_s=0)
    late = requests.post(running.base + protocol.PATH_ENROL, timeout=10,
                         data=protocol.encode(protocol.EnrolRequest(1, expired, "late")))
    assert late.status_code == 401 and error_of(late)[0] == "code_expired"
    bogus = requests.post(running.base + protocol.PATH_ENROL, timeout=10,
                          data=protocol.encode(protocol.EnrolRequest(1, "AAAA-BBBB-CCCC", "x")))
    assert bogus.status_code == 401 and error_of(bogus)[0] == "bad_code"


def test_every_endpoint_refuses_missing_and_wrong_credentials(running: Running) -> None:
    device = running.device("CD101")
    impostor = Device(running.base, device.device_id, b"\x00" * 32)
    stranger = Device(running.base, "DUNKNOWN00000000", device.secret)
    for method, target, body in endpoints(device.device_id):
        bare = requests.request(method, running.base + target, data=body, timeout=10)
        assert bare.status_code == 401, (method, target)
        for fake in (impostor, stranger):
            resp = fake.request(method, target, body)
            assert resp.status_code == 401, (method, target, resp.status_code)
        if method != "HEAD":
            assert error_of(impostor.request(method, target, body))[0] == "bad_signature"


def test_revoked_device_is_locked_out_everywhere(running: Running) -> None:
    device = running.device("CD102")
    device.sync()
    administrator = running.device("ADMIN")
    resp = administrator.json("POST", f"/v1/admin/devices/{device.device_id}/revoke")
    assert resp.status_code == 200, resp.text
    for method, target, body in endpoints(device.device_id):
        resp = device.request(method, target, body)
        assert resp.status_code == 403, (method, target, resp.status_code)
        if method != "HEAD":
            assert error_of(resp) == ("revoked", REVOKED_MESSAGE)
    listed = administrator.json("GET", "/v1/admin/devices").json()["devices"]
    assert any(d["device_id"] == device.device_id and d["revoked_at"] for d in listed)


def test_other_role_and_scope_refused(running: Running) -> None:
    tech = running.device("CD101")
    supervisor = running.device("CD100")
    for method, target, body in endpoints(tech.device_id)[5:8]:  # admin endpoints
        for caller in (tech, supervisor):
            resp = caller.request(method, target, body, content_type="application/json")
            assert resp.status_code == 403, (caller.user_id, target)
    assert tech.json("GET", "/v1/monitor").status_code == 403
    task = protocol.encode(TaskRequest(1, "sup-1", "recharge", running.demo.archives[0].customer.customer_no,
                                       100))
    assert supervisor.request("POST", PATH_TASK_REQUEST, task).status_code == 403
    other_company = next(a for a in running.demo.archives if a.customer.company_id != "C-CD")
    steal = protocol.encode(TaskRequest(1, "steal-1", "recharge", other_company.customer.customer_no, 100))
    resp = tech.request("POST", PATH_TASK_REQUEST, steal)
    assert resp.status_code == 403 and error_of(resp)[0] == "out_of_scope"
    # a device may not sync in another device's name, even with its own valid signature
    other = running.device("CD102")
    resp = tech.request("POST", PATH_SYNC, _sync_body(other.device_id))
    assert resp.status_code == 403 and error_of(resp)[0] == "device_mismatch"


def test_replayed_request_is_refused(running: Running) -> None:
    device = running.device("CD101")
    body = _sync_body(device.device_id)
    headers = device.headers("POST", PATH_SYNC, body)
    first = device.request("POST", PATH_SYNC, body, headers=headers)
    assert first.status_code == 200
    replay = device.request("POST", PATH_SYNC, body, headers=headers)
    assert replay.status_code == 401 and error_of(replay)[0] == "replay"


def test_tampered_or_stale_request_is_refused(running: Running) -> None:
    device = running.device("CD101")
    body = _sync_body(device.device_id)
    headers = device.headers("POST", PATH_SYNC, body)
    tampered = protocol.encode(SyncRequest(1, 1, device.device_id, 999, []))
    resp = device.request("POST", PATH_SYNC, tampered, headers=headers)
    assert resp.status_code == 401 and error_of(resp)[0] == "bad_signature"
    target = PATH_ATTACHMENT.format(sha256=SHA)
    signed = device.headers("PUT", target + "?offset=0", b"x")
    moved = device.request("PUT", target + "?offset=5", b"x", headers=signed)  # the query is covered too
    assert moved.status_code == 401
    old = device.headers("POST", PATH_SYNC, body, now=int(time.time()) - 3600, nonce=new_nonce())
    resp = device.request("POST", PATH_SYNC, body, headers=old)
    assert resp.status_code == 401 and error_of(resp)[0] == "clock"


@pytest.mark.parametrize("garbage", [b"", b"not zstd", protocol.encode(protocol.ErrorBody("x", "y"))])
def test_malformed_body_is_400(running: Running, garbage: bytes) -> None:
    device = running.device("CD101")
    resp = device.request("POST", PATH_SYNC, garbage)
    assert resp.status_code == 400 and error_of(resp)[0] == "malformed"


def test_other_protocol_version_is_426(running: Running) -> None:
    device = running.device("CD101")
    body = protocol.encode(SyncRequest(2, 1, device.device_id, 0, []))
    resp = device.request("POST", PATH_SYNC, body)
    assert resp.status_code == 426 and error_of(resp)[0] == "protocol_version"


def test_oversized_body_is_refused_before_reading(running: Running) -> None:
    device = running.device("CD101")
    resp = device.request("POST", PATH_SYNC, b"\0" * (9 * 1024 * 1024))
    assert resp.status_code == 413


def test_admin_issues_codes_and_bad_admin_input_is_400(running: Running) -> None:
    administrator = running.device("ADMIN")
    resp = administrator.json("POST", "/v1/admin/enrol-codes", {"user_id": "CD102", "ttl_s": 600})
    assert resp.status_code == 200
    assert enrol(running.base, resp.json()["code"]).user_id == "CD102"
    for bad in ({"user_id": "CD102", "ttl_s": "soon"}, {"user_id": ""}, {"ttl_s": 5}):
        assert administrator.json("POST", "/v1/admin/enrol-codes", bad).status_code == 400
    assert administrator.json("POST", "/v1/admin/enrol-codes", {"user_id": "NOBODY"}).status_code == 404
    assert administrator.json("POST", "/v1/admin/devices/DNOPE/revoke").status_code == 404
