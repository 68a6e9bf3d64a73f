"""Administration used by both the HTTP admin endpoints and the ``main.py server`` subcommands."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from sync.server import auth
from sync.server.errors import ServerError


def issue_code(engine: Engine, user_id: str, *, now: int, ttl_s: int) -> str:
    return auth.issue_enrol_code(engine, user_id, now=now, ttl_s=ttl_s)


def revoke_device(engine: Engine, device_id: str, *, now: int) -> None:
    with engine.begin() as conn:
        if not auth.revoke(conn, device_id, now=now):
            raise ServerError(404, "unknown_device", f"there is no device {device_id}")


def devices(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return auth.list_devices(conn)
