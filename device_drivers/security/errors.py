"""Errors of the security module.

The signed-command format (:mod:`signed_commands`) raises its own
:class:`~signed_commands.errors.CommandError`; the security module re-raises each as the
:class:`SecurityError` below that is also the format's class (:func:`refusing_commands`), so a
refused command is a :class:`~device_drivers.errors.DeviceError` for the terminal's UI and
still the format's error for whoever catches that.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from device_drivers.errors import DeviceError
from signed_commands import authorisation, errors
from signed_commands.errors import CommandError


class SecurityError(DeviceError):
    """A key, MAC, signature or authorisation was refused."""


class CommandRefusedError(SecurityError, CommandError):
    """A command from the server was refused: damaged, of another kind, or not allowed here."""


class SignatureError(CommandRefusedError, errors.SignatureError):
    """A server command's signature does not verify: it was altered or not issued by our server."""


class ExpiredError(CommandRefusedError, errors.ExpiredError):
    """A server command is outside its validity window."""


class WrongMeterAuthorisationError(CommandRefusedError, authorisation.WrongMeterAuthorisationError):
    """The authorisation is for another meter than the one under the probe."""


class OperationNotAuthorisedError(CommandRefusedError, authorisation.OperationNotAuthorisedError):
    """The task's authorisation does not include this operation."""


_AS_DEVICE_ERROR: tuple[tuple[type[CommandError], type[CommandRefusedError]], ...] = (
    (errors.SignatureError, SignatureError),
    (errors.ExpiredError, ExpiredError),
    (authorisation.WrongMeterAuthorisationError, WrongMeterAuthorisationError),
    (authorisation.OperationNotAuthorisedError, OperationNotAuthorisedError),
)


def as_device_error(exc: CommandError) -> SecurityError:
    """The security module's error for a refusal of the signed-command format (same message)."""
    if isinstance(exc, SecurityError):
        return exc
    for format_error, device_error in _AS_DEVICE_ERROR:
        if isinstance(exc, format_error):
            return device_error(*exc.args)
    return CommandRefusedError(*exc.args)


@contextmanager
def refusing_commands() -> Iterator[None]:
    """Re-raise the format's :class:`CommandError` as the security module's :class:`SecurityError`."""
    try:
        yield
    except CommandError as exc:
        if isinstance(exc, SecurityError):
            raise
        raise as_device_error(exc) from exc
