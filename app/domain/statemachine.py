"""Transition tables: the table is the state machine.

A :class:`TransitionTable` maps ``(state, event)`` to the next state. Asking for
an event the table does not have raises :class:`IllegalTransitionError` naming
the machine, the state and the event.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from app.domain.errors import IllegalTransitionError

S = TypeVar("S", bound=StrEnum)
E = TypeVar("E", bound=StrEnum)


@dataclass(frozen=True, slots=True)
class TransitionTable(Generic[S, E]):
    """An immutable table of legal transitions."""

    name: str
    transitions: Mapping[tuple[S, E], S]

    def next_state(self, state: S, event: E) -> S:
        try:
            return self.transitions[(state, event)]
        except KeyError:
            raise IllegalTransitionError(self.name, str(state), str(event)) from None

    def allows(self, state: S, event: E) -> bool:
        return (state, event) in self.transitions

    def events_from(self, state: S) -> list[E]:
        """The events that are legal in ``state``, in table order."""
        return [e for (s, e) in self.transitions if s == state]

    @property
    def first(self) -> S:
        """The state no transition leads to: where the machine starts."""
        targets = set(self.transitions.values())
        return next(s for (s, _e) in self.transitions if s not in targets)

    def sequence(self) -> list[S]:
        """The states from :attr:`first`, each followed by the target of its first event."""
        states = [self.first]
        while events := self.events_from(states[-1]):
            states.append(self.transitions[(states[-1], events[0])])
        return states

    def states(self) -> set[S]:
        found: set[S] = set()
        for (s, _e), t in self.transitions.items():
            found.update((s, t))
        return found


def linear(name: str, steps: Iterable[tuple[S, E]], final: S) -> dict[tuple[S, E], S]:
    """Transitions for a straight sequence: each ``(step, done_event)`` leads to the next step."""
    items = list(steps)
    table: dict[tuple[S, E], S] = {}
    for i, (state, event) in enumerate(items):
        table[(state, event)] = items[i + 1][0] if i + 1 < len(items) else final
    return table
