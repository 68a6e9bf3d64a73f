"""Errors of the workflows: each stops the flow with a message a technician understands."""

from __future__ import annotations

from app.errors import AppError


class ServiceError(AppError):
    """A workflow step cannot go on; the message says why and what to do."""


class WrongMeterError(ServiceError):
    """The meter in front of the technician is not the one the work order names."""


class SealReusedError(ServiceError):
    """A seal may be used once only."""


class TariffMismatchError(ServiceError):
    """The tariff read back from the meter differs from what was written."""


class NoAuthorisationError(ServiceError):
    """The task's authorisation is missing or no longer valid."""


class StepOrderError(ServiceError):
    """A step was asked for while the order is at another step."""
