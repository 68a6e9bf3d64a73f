"""Attachment endpoints: HEAD (confirmed offset), PUT a chunk, GET the verified bytes.

Every answer is about the calling device's own upload: "complete" means this device
uploaded all the bytes; GET answers 404 alike for a hash nobody uploaded and for one
no owner in the caller's scope did."""

from __future__ import annotations

import time

from fastapi import APIRouter, FastAPI, Request, Response
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from server import attachments
from server.attachments import H_COMPLETE, H_OFFSET
from server.http import authenticated, int_query, state
from server.openapi_doc import AUTH_PARAMETERS, ERRORS
from sync.protocol import CHUNK_SIZE, PATH_ATTACHMENT

router = APIRouter(tags=["attachments"])
_STATE_HEADERS = {H_OFFSET: {"description": "bytes confirmed", "schema": {"type": "integer"}},
                  H_COMPLETE: {"description": "1 when this device's upload is verified and visible",
                               "schema": {"type": "string"}}}


def start_pruning(app: FastAPI, engine: Engine, max_age_s: int) -> None:
    """Prune abandoned partial uploads now, then at most hourly from PUT (``create_app`` calls it)."""
    app.state.upload_pruner = attachments.Pruner(max_age_s)
    app.state.upload_pruner.maybe(engine, int(time.time()))


@router.head(PATH_ATTACHMENT, summary="How many bytes of this attachment the server has confirmed",
             response_class=Response,
             responses={200: {"description": "state in headers", "headers": _STATE_HEADERS}, **ERRORS},
             openapi_extra={"parameters": AUTH_PARAMETERS})
async def head(sha256: str, request: Request) -> Response:
    caller = await authenticated(request, b"")
    st = state(request)
    current = await run_in_threadpool(attachments.state, st.engine, caller, sha256)
    return Response(status_code=200, headers=current.headers())


@router.put(PATH_ATTACHMENT, summary="Append one chunk at the confirmed offset; final=1 verifies the hash",
            description=f"Body: raw bytes, at most {CHUNK_SIZE}. Query: `offset` (must equal the confirmed "
                        "offset, else 409 with the confirmed offset in `X-MF-Offset`), `final=1` on the "
                        "last chunk: the SHA-256 is verified and only then is the attachment visible "
                        "(422 and the upload discarded on a mismatch).",
            response_class=Response,
            responses={200: {"description": "chunk stored", "headers": _STATE_HEADERS}, **ERRORS,
                       409: {"description": "wrong offset", "headers": _STATE_HEADERS},
                       413: {"description": "chunk or attachment too large"},
                       422: {"description": "hash mismatch: upload discarded"}},
            openapi_extra={"parameters": AUTH_PARAMETERS, "requestBody": {
                "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}})
async def put(sha256: str, request: Request) -> Response:
    body = await request.body()
    caller = await authenticated(request, body)
    offset = int_query(request, "offset")
    final = int_query(request, "final", 0) == 1
    st, now = state(request), int(time.time())
    pruner: attachments.Pruner | None = getattr(request.app.state, "upload_pruner", None)
    if pruner is not None:
        await run_in_threadpool(pruner.maybe, st.engine, now)
    current = await run_in_threadpool(attachments.put_chunk, st.engine, caller, sha256, offset, body,
                                      final=final, now=now, max_bytes=st.config.max_attachment_bytes)
    return Response(status_code=200, headers=current.headers())


@router.get(PATH_ATTACHMENT, summary="The verified bytes (uploaders' users and supervisors in scope)",
            response_class=Response,
            responses={200: {"content": {"application/octet-stream": {}}, "description": "the bytes"},
                       **ERRORS, 404: {"description": "no complete attachment with this hash that the "
                                                      "caller may read (unknown and forbidden alike)"}},
            openapi_extra={"parameters": AUTH_PARAMETERS})
async def get(sha256: str, request: Request) -> Response:
    caller = await authenticated(request, b"")
    st = state(request)
    data = await run_in_threadpool(attachments.read, st.engine, caller, sha256)
    return Response(data, media_type="application/octet-stream")
