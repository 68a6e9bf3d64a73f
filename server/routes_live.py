"""Live changes for the supervisor's desk: ``GET /v1/monitor/stream`` (server-sent events).

The desk keeps one signed request open. Whenever the change log holds something new for the caller
after the cursor the desk gave (``?cursor=N``, its sync cursor), the server sends ``event: changed``
with the newest cursor, at most every :data:`POLL_S`; the desk then syncs at once, so a handheld's
finished work reaches the supervisor's screens within seconds instead of at the next poll. A
comment every :data:`KEEPALIVE_S` keeps the connection (and any proxy) awake; after
:data:`MAX_S` the server ends the stream and the desk opens a new one (a fresh signature). When the
stream is cut the desk falls back to its polling until it can reconnect. A stopping server ends its
streams at once (``app.state.stopping``; uvicorn's graceful-shutdown timeout ends them otherwise).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from app.domain.entities import Role
from server import changelog
from server.auth import Caller
from server.db import reading
from server.errors import bad_request
from server.http import authenticated, state
from server.openapi_doc import AUTH_PARAMETERS

POLL_S = 0.5
KEEPALIVE_S = 2.0  # also how soon a desk that stops notices it (its read wakes on each)
MAX_S = 600.0
router = APIRouter(tags=["monitoring"])


def _newer(engine: Engine, caller: Caller, cursor: int) -> tuple[bool, int]:
    """Whether the change log holds news for ``caller`` after ``cursor``, and its head now (the next
    look starts there: a quiet desk on a busy centre never scans the same changes twice)."""
    with reading(engine) as conn:
        head = changelog.head(conn)
        if head <= cursor:
            return False, cursor
        return bool(changelog.select_changes(conn, caller, cursor, 1).changes), head


@router.get("/v1/monitor/stream", summary="Server-sent events: something changed for the caller",
            description="`?cursor=N` (the desk's sync cursor). Sends `event: changed` with `data: <cursor>` "
                        "when the change log holds news for the caller (sync then), a `:` comment every "
                        f"{KEEPALIVE_S:.0f} s, and ends after {MAX_S:.0f} s (reconnect).",
            responses={401: {"description": "unauthenticated"}, 403: {"description": "not a supervisor"}},
            openapi_extra={"parameters": AUTH_PARAMETERS})
async def stream(request: Request) -> StreamingResponse:
    caller = await authenticated(request, b"", Role.SUPERVISOR, Role.ADMINISTRATOR)
    try:
        cursor = int(request.query_params.get("cursor", "0") or 0)
    except ValueError:
        raise bad_request("cursor is a number") from None
    engine = state(request).engine

    async def events() -> AsyncIterator[bytes]:
        nonlocal cursor
        started = last_sent = time.monotonic()
        yield b": connected\n\n"
        while time.monotonic() - started < MAX_S:
            if getattr(request.app.state, "stopping", False) or await request.is_disconnected():
                return  # the server is stopping (the desk reconnects to the next one), or the desk left
            news, cursor = await run_in_threadpool(_newer, engine, caller, cursor)
            now = time.monotonic()
            if news:
                last_sent = now
                yield f"event: changed\ndata: {cursor}\n\n".encode()
            elif now - last_sent >= KEEPALIVE_S:
                last_sent = now
                yield b": keepalive\n\n"
            await asyncio.sleep(POLL_S)

    return StreamingResponse(events(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
