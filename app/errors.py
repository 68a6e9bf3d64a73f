"""The application's root error.

Every error a technician may see carries a message they can act on. Packages
define one root each under :class:`AppError` (``StorageError``, ``ServiceError``);
``device_drivers`` and ``sync`` keep their own roots (``DeviceError``,
``SyncError``) because they must not import ``app``; the UI treats all of them the
same way through :func:`user_message`.
"""

from __future__ import annotations


class AppError(Exception):
    """Root of the application's errors; ``str(err)`` is the technician's message."""


def user_message(err: BaseException) -> str:
    """The text to show a technician for ``err`` (never a traceback)."""
    text = str(err).strip()
    return text or type(err).__name__
