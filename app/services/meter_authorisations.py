"""Finding the task's authorisation for a meter among the commands the server sent.

The security module verifies signature, validity window, meter and operation
before any byte goes to the meter; here we only pick the newest one that names
the meter, so an expired or tampered one is refused there with its own message.
"""

from __future__ import annotations

from app.services.errors import NoAuthorisationError
from app.storage.commands import CommandRepo
from device_drivers.security import signed
from device_drivers.security.authorisation import KIND, MeterAuthorisation
from device_drivers.security.errors import SecurityError


def authorisation_for(commands: CommandRepo, order_no: str, meter_address: str) -> bytes:
    """The newest authorisation of ``order_no`` for ``meter_address`` (signed wire form)."""
    for data in commands.for_order(order_no, KIND):
        try:
            auth = MeterAuthorisation.decode(signed.decode(data).body)
        except SecurityError:
            return data  # damaged: let the security module refuse it with its message
        if auth.meter_address == meter_address:
            return data
    raise NoAuthorisationError(f"no authorisation for meter {meter_address} on this order yet: "
                               "sync while the link is up, then try again")
