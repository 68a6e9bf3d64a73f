"""The results export to the marketing system (JSON, administrators), by cursor."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from app.domain.entities import Role
from server import export
from server.errors import bad_request
from server.http import authenticated, int_query, state
from server.openapi_doc import AUTH_PARAMETERS

router = APIRouter(tags=["interfaces"])


@router.get("/v1/admin/export/results",
            summary="Completed work since a cursor, as IEC 61968-9 MeterServiceWork + MeterReadings "
                    "(administrators)",
            description="Query: `since` (the `cursor` of the previous page, 0 at first) and `limit` "
                        f"(1..{export.MAX_PAGE}). Answer: `{{version, cursor, more, records}}`; ask again "
                        "with `cursor` while `more` is true. Read-only: exporting twice is harmless.",
            responses={401: {"description": "unauthenticated, tampered or replayed"},
                       403: {"description": "not an administrator"}},
            openapi_extra={"parameters": AUTH_PARAMETERS})
async def results(request: Request) -> dict[str, Any]:
    await authenticated(request, b"", Role.ADMINISTRATOR)
    since = int_query(request, "since", 0)
    limit = int_query(request, "limit", export.MAX_PAGE)
    if since < 0 or not 0 < limit <= export.MAX_PAGE:
        raise bad_request(f"since must be >= 0 and limit 1..{export.MAX_PAGE}")
    page = await run_in_threadpool(export.export_results, state(request).engine, since, limit)
    return page.to_json()
