"""Errors of the domain: a rule was broken; the message says which and what to do."""

from __future__ import annotations

from app.errors import AppError


class DomainError(AppError):
    """A business rule refused an action."""


class ValidationError(DomainError):
    """A value is not acceptable; ``field`` names it, the message tells the technician why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class IllegalTransitionError(DomainError):
    """An event is not allowed in the current state of a state machine."""

    def __init__(self, machine: str, state: str, event: str) -> None:
        super().__init__(f"{machine}: '{event}' is not allowed while the order is '{state}'")
        self.machine = machine
        self.state = state
        self.event = event
