"""OpenAPI descriptions of the binary (protocol codec) endpoints."""

from __future__ import annotations

from typing import Any

from sync.protocol import CONTENT_TYPE, H_DEVICE, H_NONCE, H_SIG, H_TIME

_BINARY = {"schema": {"type": "string", "format": "binary"}}

AUTH_PARAMETERS: list[dict[str, Any]] = [
    {"name": H_DEVICE, "in": "header", "required": True, "schema": {"type": "string"},
     "description": "the enrolled device id"},
    {"name": H_TIME, "in": "header", "required": True, "schema": {"type": "integer"},
     "description": "Unix seconds; refused outside the clock window"},
    {"name": H_NONCE, "in": "header", "required": True, "schema": {"type": "string"},
     "description": "16 hex digits, never reused (a reuse is refused as a replay)"},
    {"name": H_SIG, "in": "header", "required": True, "schema": {"type": "string"},
     "description": "hex HMAC-SHA256(device secret, METHOD\\npath?query\\ntime\\nnonce\\nsha256(body))"},
]

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "malformed body or parameters (ErrorBody)", "content": {CONTENT_TYPE: _BINARY}},
    401: {"description": "not enrolled, bad signature (tampered), clock, or replayed nonce (ErrorBody)",
          "content": {CONTENT_TYPE: _BINARY}},
    403: {"description": "revoked device, or outside the caller's role or scope (ErrorBody)",
          "content": {CONTENT_TYPE: _BINARY}},
    426: {"description": "another protocol version (ErrorBody)", "content": {CONTENT_TYPE: _BINARY}},
}


def binary_body(message: str, *, auth: bool = True) -> dict[str, Any]:
    """``openapi_extra`` for an endpoint whose request body is a codec message."""
    extra: dict[str, Any] = {"requestBody": {"required": True, "description": message,
                                             "content": {CONTENT_TYPE: _BINARY}}}
    if auth:
        extra["parameters"] = AUTH_PARAMETERS
    return extra


def binary_ok(message: str, extra: dict[int | str, dict[str, Any]] | None = None
              ) -> dict[int | str, dict[str, Any]]:
    return {200: {"description": message, "content": {CONTENT_TYPE: _BINARY}}, **ERRORS, **(extra or {})}
