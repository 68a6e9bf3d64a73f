"""HTTP plumbing shared by the routes: the server state, authentication, codec bodies, errors."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, TypeVar

import msgspec
from fastapi import Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from app.domain.entities import Role
from server import auth
from server.auth import Caller
from server.authorisations import MeterKeys
from server.commands import CommandSigner
from server.config import ServerConfig
from server.device_secrets import DeviceSecrets
from server.errors import ServerError, bad_request, forbidden
from sync import protocol
from sync.errors import MessageTooLargeError, ProtocolError, VersionError

M = TypeVar("M", bound=msgspec.Struct)
JSON_PREFIXES = ("/v1/admin", "/v1/monitor", "/v1/dispatch", "/v1/stock", "/health")


@dataclass(frozen=True, slots=True)
class ServerState:
    config: ServerConfig
    engine: Engine
    signer: CommandSigner
    meter_keys: MeterKeys
    device_secrets: DeviceSecrets
    card_auth: bytes = b""  # the card recharge-authorisation master (sm_auth of credit tokens); b"": none


def state(request: Request) -> ServerState:
    st: ServerState = request.app.state.server
    return st


def target(request: Request) -> str:
    """The request target exactly as the client signed it: raw path plus query."""
    raw = request.scope.get("raw_path") or request.url.path.encode()
    query = request.scope.get("query_string", b"")
    return (raw + (b"?" + query if query else b"")).decode("latin-1")


async def authenticated(request: Request, body: bytes, *roles: Role) -> Caller:
    """The verified caller of ``request`` (optionally limited to ``roles``); raises 401/403."""
    st = state(request)
    caller = await run_in_threadpool(auth.authenticate, st.engine, request.method, target(request),
                                     request.headers, body, now=int(time.time()),
                                     window_s=st.config.clock_window_s, device_secrets=st.device_secrets)
    if roles and caller.role not in roles:
        names = " or ".join(r.value for r in roles)
        raise forbidden("forbidden", f"only a {names} may do this")
    return caller


def decode_body(data: bytes, kind: type[M], *, limit: int) -> M:
    """Decode a codec body, decompressing at most ``limit`` bytes (once).

    413 when it is larger, 426 for another protocol version, 400 for anything else unreadable
    or outside the protocol's ranges."""
    try:
        return protocol.decode(data, kind, limit=limit)
    except MessageTooLargeError as exc:
        raise ServerError(413, "too_large", str(exc)) from None
    except VersionError as exc:
        raise ServerError(426, "protocol_version", str(exc)) from None
    except ProtocolError as exc:
        raise bad_request(str(exc)) from None


def binary(message: msgspec.Struct, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    # Every v1 terminal ships the shared dictionary: replies use it (about 12 % fewer bytes down).
    return Response(protocol.encode(message, dictionary=True), status_code=status,
                    media_type=protocol.CONTENT_TYPE, headers=headers)


def error_response(request: Request, exc: ServerError) -> Response:
    if request.url.path.startswith(JSON_PREFIXES):
        return JSONResponse({"code": exc.code, "message": exc.message}, status_code=exc.status,
                            headers=exc.headers)
    return binary(protocol.ErrorBody(exc.code, exc.message), exc.status, exc.headers)


def int_query(request: Request, name: str, default: int | None = None) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        if default is None:
            raise bad_request(f"the query parameter '{name}' is required")
        return default
    try:
        return int(raw)
    except ValueError:
        raise bad_request(f"'{name}' must be an integer") from None


def json_body(body: bytes) -> dict[str, Any]:
    """The JSON object in ``body`` (at most limits.JSON_BODY bytes, checked before reading); 400 otherwise."""
    try:
        value = msgspec.json.decode(body) if body else {}
    except RecursionError:
        raise bad_request("the JSON body is nested too deeply") from None
    except (msgspec.DecodeError, ValueError):
        raise bad_request("the body must be JSON") from None
    if not isinstance(value, dict):
        raise bad_request("the body must be a JSON object")
    return value
