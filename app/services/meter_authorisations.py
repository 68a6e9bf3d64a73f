"""Finding the task's authorisation for a meter among the commands the server sent.

The security module verifies signature, validity window, meter and operation
before any byte goes to the meter; here we only pick the newest one that names
the meter, so an expired or tampered one is refused there with its own message.
One the centre withdrew (a revocation for the order, issued after it) is never
picked: :class:`AuthorisationWithdrawnError` says the order was withdrawn.
"""

from __future__ import annotations

from app.services.errors import AuthorisationWithdrawnError, NoAuthorisationError
from app.storage.commands import CommandRepo
from signed_commands import envelope
from signed_commands.authorisation import KIND, MeterAuthorisation
from signed_commands.errors import CommandError


def authorisation_for(commands: CommandRepo, order_no: str, meter_address: str) -> bytes:
    """The newest authorisation of ``order_no`` for ``meter_address`` (signed wire form) that the
    centre has not withdrawn."""
    revoked_before = commands.revoked_before(order_no)
    for data in commands.for_order(order_no, KIND):
        try:
            command = envelope.decode(data)
            auth = MeterAuthorisation.decode(command.body)
        except CommandError:
            if revoked_before is not None:
                continue  # withdrawn, whatever it says
            return data  # damaged: let the security module refuse it with its message
        if revoked_before is not None and command.issued_at < revoked_before:
            continue
        if auth.meter_address == meter_address:
            return data
    if revoked_before is not None:
        raise AuthorisationWithdrawnError(
            f"order {order_no} was withdrawn by the centre: its meter keys are no longer valid")
    raise NoAuthorisationError(f"no authorisation for meter {meter_address} on this order yet: "
                               "sync while the link is up, then try again")
