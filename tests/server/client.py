"""A small signing HTTP client for the server tests (requests + sync.auth_headers)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, TypeVar

import msgspec
import requests

from sync import protocol
from sync.auth_headers import new_nonce, sign_request
from sync.protocol import PROTOCOL_VERSION, SCHEMA_VERSION, Mutation, SyncRequest, SyncResponse

M = TypeVar("M", bound=msgspec.Struct)


@dataclass
class Device:
    """An enrolled device as the tests drive it."""

    base: str
    device_id: str
    secret: bytes
    user_id: str = ""
    role: str = ""
    command_key: bytes = b""
    verify: Any = False
    session: requests.Session = field(default_factory=requests.Session)
    cursor: int = 0

    def headers(self, method: str, target: str, body: bytes, *, now: int | None = None,
                nonce: str | None = None) -> dict[str, str]:
        return sign_request(self.secret, method, target, body, now=int(time.time()) if now is None else now,
                            nonce=nonce or new_nonce(), device_id=self.device_id)

    def request(self, method: str, target: str, body: bytes = b"", *,
                headers: dict[str, str] | None = None, content_type: str = protocol.CONTENT_TYPE
                ) -> requests.Response:
        hdrs = headers if headers is not None else self.headers(method, target, body)
        return self.session.request(method, self.base + target, data=body,
                                    headers={**hdrs, "Content-Type": content_type}, timeout=30,
                                    verify=self.verify)

    def sync(self, mutations: list[Mutation] | None = None, *, cursor: int | None = None,
             max_changes: int = 2000) -> SyncResponse:
        body = protocol.encode(SyncRequest(PROTOCOL_VERSION, SCHEMA_VERSION, self.device_id,
                                           self.cursor if cursor is None else cursor, mutations or [],
                                           max_changes))
        resp = self.request("POST", protocol.PATH_SYNC, body)
        assert resp.status_code == 200, (resp.status_code, error_of(resp))
        answer = protocol.decode(resp.content, SyncResponse)
        if cursor is None:
            self.cursor = answer.cursor
        return answer

    def pull_all(self, cursor: int = 0) -> list[protocol.Change]:
        """Every change from ``cursor`` on, following ``more``."""
        changes: list[protocol.Change] = []
        while True:
            answer = self.sync(cursor=cursor, max_changes=500)
            changes += answer.changes
            cursor = answer.cursor
            if not answer.more:
                self.cursor = cursor
                return changes

    def json(self, method: str, target: str, payload: dict[str, Any] | None = None) -> requests.Response:
        body = msgspec.json.encode(payload) if payload is not None else b""
        return self.request(method, target, body, content_type="application/json")


def error_of(resp: requests.Response) -> tuple[str, str]:
    """(code, message) of an error answer in either encoding."""
    if resp.headers.get("content-type", "").startswith("application/json"):
        data = resp.json()
        return data.get("code", ""), data.get("message", "")
    if not resp.headers.get("content-type", "").startswith(protocol.CONTENT_TYPE):
        return "", resp.text[:200]  # e.g. a bare 500 (which these tests must then report, not hide)
    err = protocol.decode(resp.content, protocol.ErrorBody)
    return err.code, err.message


def enrol(base: str, code: str, name: str = "test terminal", verify: Any = False) -> Device:
    body = protocol.encode(protocol.EnrolRequest(PROTOCOL_VERSION, code, name))
    resp = requests.post(base + protocol.PATH_ENROL, data=body, timeout=30, verify=verify,
                         headers={"Content-Type": protocol.CONTENT_TYPE})
    assert resp.status_code == 200, (resp.status_code, error_of(resp))
    answer = protocol.decode(resp.content, protocol.EnrolResponse)
    return Device(base, answer.device_id, answer.secret, answer.user_id, answer.role, answer.command_key,
                  verify=verify)


def mutation(seq: int, entity: str, entity_id: str, payload: dict[str, Any], op: str = "upsert") -> Mutation:
    return Mutation(seq, entity, entity_id, op, payload, "2026-11-24T10:00:00+08:00")


def complete_order(tech: Device, seq: int, order_no: str, result: dict[str, Any]) -> None:
    """The technician's terminal uploads the order downloaded, started and completed, with its result
    (seqs ``seq`` to ``seq + 3``); nothing refused."""
    from datetime import datetime

    from app.domain.entities import UTILITY_TZ

    at = datetime.now(UTILITY_TZ).isoformat()
    events = [mutation(seq + i, "order_event", order_no, {"order_no": order_no, "event": e, "status": s,
                                                          "step": "", "at": at})
              for i, (e, s) in enumerate((("download", "downloaded"), ("start", "in_progress"),
                                          ("complete", "completed")))]
    answer = tech.sync([*events, mutation(seq + 3, "work_result", order_no, result)])
    assert answer.rejections == [], answer.rejections
