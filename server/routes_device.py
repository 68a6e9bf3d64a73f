"""Device endpoints in the protocol codec: sync, enrolment, prepaid task requests."""

from __future__ import annotations

import time

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from app.domain.entities import Role
from server import auth
from server.authorisations import TaskAuthority
from server.http import authenticated, binary, decode_body, state
from server.limits import ENROL_MESSAGE, SYNC_MESSAGE, TASK_MESSAGE
from server.openapi_doc import ERRORS, binary_body, binary_ok
from server.routes_tls import with_pins
from server.sync_service import handle_sync
from server.tasks import request_task
from sync.protocol import (
    PATH_ENROL,
    PATH_SYNC,
    PATH_TASK_REQUEST,
    PROTOCOL_VERSION,
    EnrolRequest,
    EnrolResponse,
    SyncRequest,
    TaskRequest,
)

router = APIRouter(tags=["device"])


@router.post(PATH_SYNC, summary="One sync cycle: push the outbox batch, pull changes since the cursor",
             description="Body: `SyncRequest`; answer: `SyncResponse` (protocol codec: MessagePack + zstd). "
                         "Mutations are de-duplicated by (device, seq); `acked_through` is answered only "
                         "after they are committed. Changes are limited to the device's scope.",
             response_class=Response, responses=binary_ok("SyncResponse"),
             openapi_extra=binary_body("SyncRequest"))
async def sync(request: Request) -> Response:
    body = await request.body()
    caller = await authenticated(request, body)
    message = decode_body(body, SyncRequest, limit=SYNC_MESSAGE)
    st = state(request)
    now = int(time.time())
    answer = await run_in_threadpool(handle_sync, st.engine, st.config, caller, message,
                                     now=now, authority=TaskAuthority(st.signer, st.meter_keys))
    return binary(with_pins(request, message, answer, now=now))


@router.post(PATH_ENROL, summary="Enrol a terminal with a one-time code from an administrator",
             description="Body: `EnrolRequest`; answer: `EnrolResponse` with the device id, its secret "
                         "(sent once) and the server's command-signing public key. The code is bound to a "
                         "user, expires, and works once. No authentication headers.",
             response_class=Response,
             responses=binary_ok("EnrolResponse", {401: ERRORS[401] | {
                 "description": "unknown (bad_code), used (code_used) or expired (code_expired) "
                                "code (ErrorBody)"}}),
             openapi_extra=binary_body("EnrolRequest", auth=False))
async def enrol(request: Request) -> Response:
    message = decode_body(await request.body(), EnrolRequest, limit=ENROL_MESSAGE)
    st = state(request)
    done = await run_in_threadpool(auth.enrol, st.engine, message.code, message.device_name,
                                   now=int(time.time()), device_secrets=st.device_secrets)
    return binary(EnrolResponse(PROTOCOL_VERSION, done.device_id, done.secret, done.user_id, done.role.value,
                                st.signer.public_raw, done.user_name, done.team_id, done.team_name,
                                done.company_id))


@router.post(PATH_TASK_REQUEST, summary="Ask the centre to create a prepaid task (technicians)",
             description="Body: `TaskRequest` (server.tasks); answer: `TaskResponse` with the new "
                         "work order (requested -> assigned to the caller) and, for a recharge, a signed "
                         "credit-token command. `request_id` makes retries return the same order.",
             response_class=Response,
             responses=binary_ok("TaskResponse", {404: {"description": "unknown customer"}}),
             openapi_extra=binary_body("TaskRequest"))
async def task_request(request: Request) -> Response:
    body = await request.body()
    caller = await authenticated(request, body, Role.TECHNICIAN)
    message = decode_body(body, TaskRequest, limit=TASK_MESSAGE)
    st = state(request)
    answer = await run_in_threadpool(request_task, st.engine, st.signer, caller, message,
                                     now=int(time.time()), ttl_s=st.config.command_ttl_s,
                                     card_auth=st.card_auth)
    return binary(answer)
