"""Errors of the security module."""

from __future__ import annotations

from device_drivers.errors import DeviceError


class SecurityError(DeviceError):
    """A key, MAC, signature or authorisation was refused."""


class SignatureError(SecurityError):
    """A server command's signature does not verify: it was altered or not issued by our server."""


class ExpiredError(SecurityError):
    """A server command is outside its validity window."""
