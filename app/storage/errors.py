"""Errors of the local store."""

from __future__ import annotations

from app.errors import AppError


class StorageError(AppError):
    """The local database refused a write or could not be opened; nothing was half-written."""

    code = "storage"  # stable, for the screens (translated there; the message stays English)


class DiskFullError(StorageError):
    """No space left: the change was not saved (and nothing was lost)."""

    code = "storage_full"
