"""The terminal's request for a prepaid task: open card, write card, recharge, repair.

Prepaid work starts at the door, not at the centre: the handheld asks the centre to create the
order (``POST /v1/tasks``, :class:`~sync.protocol.TaskRequest`) over the same pinned, signed
session as its sync, and gets the order and, for a purchase, the signed credit token at once.
``request_id`` is the terminal's idempotency key: asking again after a cut link returns the
same order and the same token, never a second purchase.

A refusal the technician can act on becomes :class:`TaskRefusedError` with the centre's code
(``unknown_customer``, ``out_of_scope``, ``no_card_keys``, ``invalid``); a cut link raises the
client's :class:`~sync.errors.NetworkError`, and nothing is credited without a token.
"""

from __future__ import annotations

from sync.client_http import SyncHttpClient, check, error_body
from sync.errors import SyncError
from sync.protocol import CONTENT_TYPE, PATH_TASK_REQUEST, TaskRequest, TaskResponse, decode, encode

# Statuses whose answer is the centre's reason (a 503 only with one: otherwise the link retries).
REFUSALS = frozenset({400, 403, 404, 409, 413, 422, 503})


class TaskRefusedError(SyncError):
    """The centre refused the task; ``code`` says why (the screen translates it)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message, code=code)
        self.status = status


def request_task(client: SyncHttpClient, request: TaskRequest) -> TaskResponse:
    """Ask the centre for ``request``'s task; the order record and, for a purchase, its token."""
    reply = client.request("POST", PATH_TASK_REQUEST, encode(request), {"Content-Type": CONTENT_TYPE},
                           accept=REFUSALS)
    if reply.status_code in REFUSALS:
        body = error_body(reply)
        if body is None and reply.status_code == 503:  # a busy server, not a refusal: retry later
            check(reply)
        code, message = (body.code, body.message) if body is not None else ("refused", reply.reason)
        raise TaskRefusedError(reply.status_code, code, message)
    return decode(reply.content, TaskResponse)
