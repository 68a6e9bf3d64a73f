"""The handheld's security module: keys, MACs and server-signed commands.

In the field this is a hardware security unit (ESAM-like) whose keys never leave
it. Here it is software with the same interface. The State Grid cipher (SM1) is
not public; SM4 stands in for it behind the same functions (:mod:`.cipher`).
Commands from the central system that will reach a meter or a card arrive as
:class:`~signed_commands.envelope.SignedCommand` and are verified before
any byte goes to a device.
"""

from device_drivers.security.errors import SecurityError

__all__ = ["SecurityError"]
