"""Errors the server turns into HTTP answers (status + :class:`~sync.protocol.ErrorBody`)."""

from __future__ import annotations

from sync.errors import SyncError


class ServerError(SyncError):
    """A refusal with an HTTP status, a short code and a message the user can act on."""

    def __init__(self, status: int, code: str, message: str,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def bad_request(message: str) -> ServerError:
    return ServerError(400, "malformed", message)


def unauthenticated(code: str, message: str) -> ServerError:
    return ServerError(401, code, message)


def forbidden(code: str, message: str) -> ServerError:
    return ServerError(403, code, message)


def conflict(code: str, message: str, headers: dict[str, str] | None = None) -> ServerError:
    return ServerError(409, code, message, headers)


class RefusedError(Exception):
    """A mutation the server stores but does not apply; ``code`` and the message say why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


REVOKED_MESSAGE = "this terminal has been locked by an administrator"
