"""The recharge's question to the centre, over the terminal's signed session (sync.task_client).

Translates the wire's answers into the service's terms: a cut link is
:class:`~app.services.card_access.OfflineError` (nothing is credited; the same purchase is asked
again with the same id), a refusal is :class:`~app.services.card_access.CentreRefusedTaskError`
with the centre's code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.services.card_access import AskCentre, CentreAnswer, CentreRefusedTaskError, OfflineError
from sync.client_http import ServerError, SyncHttpClient
from sync.errors import NetworkError
from sync.protocol import PROTOCOL_VERSION, TaskRequest
from sync.task_client import TaskRefusedError, request_task


def ask_centre(client: SyncHttpClient) -> AskCentre:
    def ask(req: dict[str, Any]) -> CentreAnswer:
        try:
            answer = request_task(client, TaskRequest(PROTOCOL_VERSION, **req))
        except NetworkError as exc:
            raise OfflineError(f"the centre cannot be reached ({exc}): nothing was credited; try again "
                               "when the signal is back") from None
        except ServerError as exc:  # busy or failing: the same purchase is asked again later, same id
            raise OfflineError(f"the centre is not answering ({exc}): nothing was credited; try again "
                               "in a moment") from None
        except TaskRefusedError as exc:
            raise CentreRefusedTaskError(exc.code or "refused", str(exc)) from None
        return CentreAnswer(answer.order, answer.command, answer.card_parameters, answer.decision,
                            answer.issued_count, answer.credits_order)

    return ask


def warm_centre(client: SyncHttpClient) -> Callable[[], None]:
    """Open the connection to the centre while the technician taps the amount (see
    :meth:`sync.client_http.SyncHttpClient.warm`)."""
    def warm() -> None:
        client.warm()  # False offline: the ask then says so itself

    return warm
