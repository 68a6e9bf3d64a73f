"""The desktop build's calls to the centre's JSON routes: dispatch, administration, stock.

A team leader's or an administrator's terminal is enrolled like a handheld; these calls
go over the same pinned, signed session as its sync (:class:`~sync.client_http.SyncHttpClient`),
so the server knows the caller by the device's identity and role. Answers are JSON. A
refusal the caller can act on (a 4xx with the server's ``{"code", "message"}``) becomes
:class:`CentreRefusedError` carrying the server's code, which the screen translates; a cut
link, a busy server or a refused terminal raise the client's own typed errors.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlencode

from sync.client_http import SyncHttpClient
from sync.errors import ProtocolError, SyncError

JSON_TYPE = "application/json"
# Statuses whose JSON body is a refusal to show (401 stays the client's: the clock retry, AuthError).
REFUSALS = frozenset({400, 403, 404, 409, 413, 422})


class CentreRefusedError(SyncError):
    """The centre refused the act; ``code`` is its reason (e.g. ``wrong_team``), ``status`` the HTTP one."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message, code=code)
        self.status = status


def path_of(template: str, *parts: str, **query: str) -> str:
    """A route's path with each ``{}`` filled by a quoted part, and the non-empty query items."""
    path = template.format(*(quote(p, safe="") for p in parts))
    items = {k: v for k, v in query.items() if v}
    return path + ("?" + urlencode(items) if items else "")


class CentreClient:
    """JSON over the terminal's signed session."""

    def __init__(self, client: SyncHttpClient) -> None:
        self.client = client

    def close(self) -> None:
        self.client.close()

    def get(self, path: str) -> dict[str, Any]:
        return self._call("GET", path, b"")

    def download(self, path: str) -> bytes:
        """A file the centre makes (an export): its bytes; a refusal raises as for JSON calls."""
        reply = self.client.request("GET", path, b"", {}, accept=REFUSALS)
        if reply.status_code in REFUSALS:
            data = _json(reply.content)
            code = data.get("code") if isinstance(data.get("code"), str) else "refused"
            raise CentreRefusedError(reply.status_code, str(code), str(data.get("message") or reply.reason))
        return reply.content

    def post(self, path: str, body: Mapping[str, Any]) -> dict[str, Any]:
        return self._call("POST", path, json.dumps(body, ensure_ascii=False).encode())

    def _call(self, method: str, path: str, body: bytes) -> dict[str, Any]:
        headers = {"Content-Type": JSON_TYPE, "Accept": JSON_TYPE} if body else {"Accept": JSON_TYPE}
        reply = self.client.request(method, path, body, headers, accept=REFUSALS)
        data = _json(reply.content)
        if reply.status_code in REFUSALS:
            code = data.get("code") if isinstance(data.get("code"), str) else "refused"
            message = data.get("message") if isinstance(data.get("message"), str) else reply.reason
            raise CentreRefusedError(reply.status_code, str(code), str(message or "refused"))
        return data


def _json(content: bytes) -> dict[str, Any]:
    try:
        data = json.loads(content or b"{}")
    except ValueError:
        raise ProtocolError("the centre's answer is not JSON") from None
    if not isinstance(data, dict):
        raise ProtocolError("the centre's answer is not a JSON object")
    return data
