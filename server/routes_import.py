"""``POST /v1/admin/import``: a marketing-system batch in the JSON import format (administrators)."""

from __future__ import annotations

import json
import time
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from app.domain.entities import Role
from server.authorisations import TaskAuthority
from server.errors import bad_request
from server.http import authenticated, state
from server.import_rows import MalformedFileError, from_document
from server.importer import import_batch
from server.limits import IMPORT_BODY, PATH_IMPORT
from server.openapi_doc import AUTH_PARAMETERS

router = APIRouter(tags=["administration"])


@router.post(PATH_IMPORT, summary="Import archives and work orders from the marketing system "
                                  "(administrators)",
             description="Body: a batch in the JSON import format (`docs/interfaces.md`, schema "
                         "`resources/interfaces/import-v1.schema.json`), at most "
                         f"{IMPORT_BODY // (1024 * 1024)} MiB. All or nothing: 200 with the report when "
                         "imported (importing the same batch again changes nothing), 422 with the row-by-row "
                         "report when any row is invalid (nothing imported), 400 when the body is not the "
                         "format at all.",
             responses={400: {"description": "not JSON, or not the import schema"},
                        401: {"description": "unauthenticated, tampered or replayed"},
                        403: {"description": "revoked, or not an administrator"},
                        413: {"description": "larger than the import limit"},
                        422: {"description": "refused: the report lists each invalid row"}},
             openapi_extra={"parameters": AUTH_PARAMETERS})
async def import_marketing_batch(request: Request) -> Any:
    body = await request.body()
    await authenticated(request, body, Role.ADMINISTRATOR)
    try:
        doc = json.loads(body.decode("utf-8-sig"))
        batch = from_document(doc)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise bad_request("the body must be a JSON import batch") from None
    except MalformedFileError as exc:
        raise bad_request(str(exc)) from None
    st = state(request)
    authority = TaskAuthority(st.signer, st.meter_keys)
    report = await run_in_threadpool(import_batch, st.engine, batch, now=int(time.time()),
                                     authority=authority, asset_check=st.config.asset_check_digit)
    result: dict[str, Any] = report.to_dict()
    return JSONResponse(result, status_code=200 if report.imported else 422)
