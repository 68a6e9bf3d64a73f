"""The root error of the sync package."""

from __future__ import annotations


class SyncError(Exception):
    """Sync could not complete; ``str(err)`` says why in words a technician can act on."""


class ProtocolError(SyncError):
    """A message could not be decoded or has the wrong version."""


class AuthError(SyncError):
    """The server refused this device's credentials (not enrolled, revoked, or tampered)."""
