"""Errors of the signed-command format: a command or its payload was refused.

``str(err)`` is a message a technician can act on. The handheld's drivers re-raise these as
their own :class:`~device_drivers.security.errors.SecurityError` subclasses (which are also
these classes), so a device error stays a device error for the terminal's UI.
"""

from __future__ import annotations


class CommandError(Exception):
    """A signed command or its payload is damaged, of the wrong kind, or not allowed."""


class SignatureError(CommandError):
    """A server command's signature does not verify: it was altered or not issued by our server."""


class ExpiredError(CommandError):
    """A server command is outside its validity window."""
