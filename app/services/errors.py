"""Errors of the workflows: each stops the flow with a message a technician understands."""

from __future__ import annotations

from app.errors import AppError


class ServiceError(AppError):
    """A workflow step cannot go on; the message says why and what to do."""


class WrongMeterError(ServiceError):
    """The meter in front of the technician is not the one the work order names."""


class NoTagError(ServiceError):
    """No RFID tag answered the reader (none held to it, or too far)."""


class SealReusedError(ServiceError):
    """A seal may be used once only."""


class TariffMismatchError(ServiceError):
    """The tariff read back from the meter differs from what was written."""


class NoAuthorisationError(ServiceError):
    """The task's authorisation is missing or no longer valid; ``code`` is stable, ``message_zh``
    the Chinese message."""

    code = "no_authorisation"
    message_zh = "本工单还没有该电能表的授权，请在有网络时同步后重试"


class AuthorisationWithdrawnError(NoAuthorisationError):
    """The centre withdrew the order (reassigned or cancelled): its meter keys are void."""

    code = "authorisation_withdrawn"
    message_zh = "该工单已被中心撤回，其电能表密钥已失效"


class StepOrderError(ServiceError):
    """A step was asked for while the order is at another step."""
