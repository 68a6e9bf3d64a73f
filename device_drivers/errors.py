"""The root error of every device driver.

``str(err)`` is a message a technician can act on ("no reply: is the probe on
the meter's IR window?"). Each device package subclasses :class:`DeviceError`.
"""

from __future__ import annotations


class DeviceError(Exception):
    """A device did not do what was asked; the message says what to do about it."""


class TransportError(DeviceError):
    """The port could not be opened, or broke while in use."""


class DeviceTimeoutError(DeviceError):
    """The device did not answer in time."""
