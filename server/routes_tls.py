"""The server's TLS identity on the wire: the published chain, and the pin set in sync answers."""

from __future__ import annotations

import msgspec
from fastapi import APIRouter, FastAPI, Request, Response

from server.config import ServerConfig
from server.errors import ServerError
from server.http import state
from server.tls import ServerTls, announcement, server_tls
from sync.protocol import PATH_TLS_CHAIN, SyncRequest, SyncResponse

router = APIRouter(tags=["device"])
PEM_CHAIN = "application/pem-certificate-chain"


def tls_of(app: FastAPI, config: ServerConfig) -> ServerTls | None:
    """The TLS setup this app serves (read once; ``run.uvicorn_config`` sets it at start)."""
    if not config.tls:
        return None
    found: ServerTls | None = getattr(app.state, "tls", None)
    if found is None:
        found = server_tls(config)
        app.state.tls = found
    return found


@router.get(PATH_TLS_CHAIN, summary="The server's certificate chain (PEM; no authentication)",
            description="The certificates the server serves, its own first, then its CAs'. A handheld "
                        "that pins a CA's key reads the CA certificates here; they are only material: "
                        "a CA is trusted because its key is pinned, not because it is listed.",
            response_class=Response, responses={200: {"content": {PEM_CHAIN: {}}},
                                                404: {"description": "this server does not serve TLS"}})
async def chain(request: Request) -> Response:
    tls = tls_of(request.app, state(request).config)
    if tls is None:
        raise ServerError(404, "no_tls", "this server does not serve TLS")
    return Response(tls.chain_pem(), media_type=PEM_CHAIN)


def with_pins(request: Request, message: SyncRequest, answer: SyncResponse, *, now: int) -> SyncResponse:
    """``answer`` with the signed pin set when the device holds another one."""
    st = state(request)
    tls = tls_of(request.app, st.config)
    if tls is None or message.tls_pins == tls.digest:
        return answer
    return msgspec.structs.replace(answer, tls_pins=announcement(tls, st.signer, now=now))
