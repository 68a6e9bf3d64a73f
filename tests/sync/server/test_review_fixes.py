"""The review's findings: schema check, body length, archive update, result and seal checks."""

from __future__ import annotations

from sync import protocol
from sync.protocol import PATH_SYNC, PROTOCOL_VERSION, SCHEMA_VERSION, SyncRequest
from tests.sync.server.client import error_of
from tests.sync.server.conftest import Running


def test_another_schema_version_is_answered_426(running: Running) -> None:
    tech = running.device("CD101")
    body = protocol.encode(SyncRequest(PROTOCOL_VERSION, SCHEMA_VERSION + 1, tech.device_id, 0, []))
    resp = tech.request("POST", PATH_SYNC, body)
    assert resp.status_code == 426, (resp.status_code, error_of(resp))
    assert error_of(resp)[0] == "schema_version"
    tech.sync()  # the right schema still syncs
