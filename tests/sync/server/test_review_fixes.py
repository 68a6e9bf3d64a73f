"""The review's findings: schema check, body length, archive update, result and seal checks."""

from __future__ import annotations

import json
import stat

import requests

from sync import protocol
from sync.protocol import PATH_SYNC, PROTOCOL_VERSION, SCHEMA_VERSION, SyncRequest
from sync.server.run import DEMO_CODES_FILE
from tests.sync.server.client import error_of
from tests.sync.server.conftest import Running


def test_another_schema_version_is_answered_426(running: Running) -> None:
    tech = running.device("CD101")
    body = protocol.encode(SyncRequest(PROTOCOL_VERSION, SCHEMA_VERSION + 1, tech.device_id, 0, []))
    resp = tech.request("POST", PATH_SYNC, body)
    assert resp.status_code == 426, (resp.status_code, error_of(resp))
    assert error_of(resp)[0] == "schema_version"
    tech.sync()  # the right schema still syncs


def test_demo_enrolment_codes_are_readable_by_the_owner_only(running: Running) -> None:
    path = running.server.config.home / DEMO_CODES_FILE
    assert json.loads(path.read_text())  # the demo codes were written
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_chunked_body_without_content_length_is_refused_411(running: Running) -> None:
    tech = running.device("CD101")
    body = protocol.encode(SyncRequest(PROTOCOL_VERSION, SCHEMA_VERSION, tech.device_id, 0, []))
    headers = {**tech.headers("POST", PATH_SYNC, body), "Content-Type": protocol.CONTENT_TYPE}
    resp = requests.post(running.base + PATH_SYNC, data=iter([body[:5], body[5:]]), headers=headers,
                         timeout=30)
    assert resp.request.headers.get("Transfer-Encoding") == "chunked"
    assert "Content-Length" not in resp.request.headers
    assert resp.status_code == 411, (resp.status_code, error_of(resp))
    assert error_of(resp)[0] == "length_required"
    admin = requests.post(running.base + "/v1/admin/enrol-codes", data=iter([b"{}"]), timeout=30)
    assert admin.status_code == 411 and admin.json()["code"] == "length_required"
    assert tech.request("POST", PATH_SYNC, body).status_code == 200  # with a length it goes through
