"""The FastAPI application factory: one database, migrations applied at start, all routes."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, Response
from sqlalchemy import Engine
from starlette.requests import ClientDisconnect

from server import key_system
from server.authorisations import DEMO_KEYS, MeterKeys
from server.commands import CommandSigner
from server.config import ServerConfig
from server.db import make_engine, migrate, private_dir
from server.demo_guard import refuse_demo_keys
from server.device_secrets import DeviceSecrets
from server.errors import ServerError
from server.http import ServerState, error_response
from server.limits import body_limit, declared_length
from server.routes_admin import router as admin_router
from server.routes_attachments import router as attachments_router
from server.routes_attachments import start_pruning
from server.routes_device import router as device_router
from server.routes_dispatch import router as dispatch_router
from server.routes_export import router as export_router
from server.routes_import import router as import_router
from server.routes_live import router as live_router
from server.routes_stock import router as stock_router
from server.routes_tls import router as tls_router
from server.routes_users import router as users_router
from signed_commands.credit_token import RECHARGE_AUTH, demo_card_master
from sync.protocol import H_DEVICE, PROTOCOL_VERSION, SCHEMA_VERSION

DESCRIPTION = """The thin central server of MeterField.

Terminals sync in one request per cycle (`POST /v1/sync`), in the protocol codec
(MessagePack + zstd, `application/vnd.meterfield+msgpack+zstd`). Every device
request is signed with the device's HMAC key (headers `X-MF-*`); only enrolment,
the TLS chain, `/health` and these docs are open.
"""
_log = logging.getLogger("meterfield.server")


def open_store(config: ServerConfig) -> Engine:
    """The engine for ``config``, with the schema migrated to the newest revision."""
    private_dir(config.home)
    engine = make_engine(config.database_url)
    migrate(engine)
    return engine


def create_app(config: ServerConfig, engine: Engine | None = None) -> FastAPI:
    """The app on ``engine`` (default: the config's database, migrated). Without
    ``config.kek_file`` (the active key set in the database) or
    ``config.meter_keys_file`` (plain, legacy) it runs on the public demo keys, and only on a database that
    holds no user but the demo's (:class:`~server.demo_guard.DemoRefusedError` otherwise)."""
    engine = engine or open_store(config)
    app = FastAPI(title="MeterField central server", version=f"{PROTOCOL_VERSION}.{SCHEMA_VERSION}",
                  description=DESCRIPTION)
    card_auth = b""
    if config.kek_file:  # KeySystemError: the server does not start
        kek = key_system.load_kek(Path(config.kek_file))
        version, keys = key_system.active_meter_keys(engine, kek)
        _log.info("meter master keys: key version %d from the key system (%d keys)", version,
                  len(keys.master_keys))
        card_auth = key_system.active_card_keys(engine, kek).get(RECHARGE_AUTH, b"")
        if not card_auth:
            _log.warning("the key system sent no card master key '%s': prepaid recharges are refused",
                         RECHARGE_AUTH)
    elif config.meter_keys_file:
        _log.warning("meter master keys from the PLAIN file %s (legacy): import the key system's wrapped "
                     "file ('main.py server keys import') and start with --kek instead",
                     config.meter_keys_file)
        keys = MeterKeys.load(Path(config.meter_keys_file))
    else:  # a demo database only (main.py server asks for --seed-demo too: server.run.serve)
        refuse_demo_keys(engine)
        _log.warning("using the DEMO meter master keys (%s): they protect nothing, demo and tests only",
                     DEMO_KEYS)
        keys = MeterKeys.load_demo()
        card_auth = demo_card_master(RECHARGE_AUTH)
    secrets = DeviceSecrets.open(engine, config.device_key_path)  # DeviceKeyError: the server does not start
    app.state.server = ServerState(config, engine, CommandSigner.load_or_create(config.home), keys, secrets,
                                   card_auth)
    start_pruning(app, engine, config.upload_max_age_s)

    @app.exception_handler(ServerError)
    async def _refused(request: Request, exc: ServerError) -> Response:
        return error_response(request, exc)

    @app.exception_handler(ClientDisconnect)
    async def _gone(request: Request, exc: ClientDisconnect) -> Response:
        # A GPRS link dropping mid-upload is expected: one line, no traceback; the device resends.
        _log.warning("%s %s: the client disconnected before its body arrived (claimed device %s, %s bytes "
                     "declared, from %s)", request.method, request.url.path,
                     _printable(request.headers.get(H_DEVICE, "-")),
                     _printable(request.headers.get("content-length", "-")),
                     request.client.host if request.client else "?")
        return Response(status_code=400)  # nobody is left to read it

    @app.middleware("http")
    async def _limit_body(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        length = declared_length(request.headers.get("content-length", ""))
        if request.method in ("POST", "PUT") and length is None:
            # A chunked body has no declared length: it would be buffered unbounded before
            # authentication. Every client of this server sends Content-Length.
            return error_response(request, ServerError(411, "length_required", "a request body must "
                                                                               "declare its Content-Length"))
        limit = body_limit(request.url.path)
        if length is not None and length > limit:  # refused before a byte of the body is read
            message = f"a request body to {request.url.path} may hold at most {limit} bytes"
            return error_response(request, ServerError(413, "too_large", message))
        return await call_next(request)

    @app.get("/health", summary="Liveness (no authentication)", tags=["health"])
    async def health() -> dict[str, Any]:
        return {"status": "ok", "protocol": PROTOCOL_VERSION, "schema": SCHEMA_VERSION}

    app.include_router(device_router)
    app.include_router(tls_router)
    app.include_router(attachments_router)
    app.include_router(admin_router)
    app.include_router(import_router)
    app.include_router(export_router)
    app.include_router(users_router)
    app.include_router(dispatch_router)
    app.include_router(stock_router)
    app.include_router(live_router)
    return app


def _printable(value: str, most: int = 40) -> str:
    """A header value fit for one log line (it comes from an unauthenticated client)."""
    return "".join(c if c.isprintable() else "?" for c in value[:most])
