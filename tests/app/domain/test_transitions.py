"""Every transition table: each legal transition goes where the table says, every other
(state, event) pair raises an error naming the machine, the state and the event."""

from __future__ import annotations

import itertools
from enum import StrEnum

import pytest

from app.domain.errors import IllegalTransitionError
from app.domain.statemachine import TransitionTable
from app.domain.steps import (
    INSPECTION,
    PREPAID,
    REPLACEMENT,
    InspectionEvent,
    InspectionStep,
    PrepaidEvent,
    PrepaidStep,
    ReplacementEvent,
    ReplacementStep,
)
from app.domain.work_orders import LIFECYCLE, Event, Status

TABLES: list[tuple[TransitionTable, type[StrEnum], type[StrEnum]]] = [  # type: ignore[type-arg]
    (LIFECYCLE, Status, Event),
    (REPLACEMENT, ReplacementStep, ReplacementEvent),
    (INSPECTION, InspectionStep, InspectionEvent),
    (PREPAID, PrepaidStep, PrepaidEvent),
]


@pytest.mark.parametrize(("table", "states", "events"), TABLES, ids=lambda t: getattr(t, "name", ""))
def test_every_pair_is_legal_or_refused_by_name(table, states, events) -> None:
    legal = 0
    for state, event in itertools.product(states, events):
        if (state, event) in table.transitions:
            assert table.next_state(state, event) == table.transitions[(state, event)]
            assert table.allows(state, event)
            legal += 1
        else:
            with pytest.raises(IllegalTransitionError) as info:
                table.next_state(state, event)
            assert info.value.state == state.value and info.value.event == event.value
            assert table.name in str(info.value) and event.value in str(info.value)
    assert legal == len(table.transitions) > 0


def test_replacement_is_one_straight_path_to_done() -> None:
    step = ReplacementStep.IDENTIFY_OLD
    for event in ReplacementEvent:
        step = REPLACEMENT.next_state(step, event)
    assert step is ReplacementStep.DONE
    assert REPLACEMENT.events_from(ReplacementStep.DONE) == []


def test_inspection_branches_on_comparison() -> None:
    assert INSPECTION.next_state(InspectionStep.COMPARE, InspectionEvent.MATCHED) is InspectionStep.UPLOAD
    assert INSPECTION.next_state(InspectionStep.COMPARE, InspectionEvent.MISMATCHED) is InspectionStep.CORRECT


def test_prepaid_repair_may_find_credit_already_applied() -> None:
    assert PREPAID.next_state(PrepaidStep.WRITE_CARD, PrepaidEvent.ALREADY_APPLIED) is PrepaidStep.RECEIPT


def test_lifecycle_terminal_states_have_no_way_out() -> None:
    for terminal in (Status.ACCEPTED, Status.CANCELLED):
        assert LIFECYCLE.events_from(terminal) == []
    every_state_reachable = LIFECYCLE.states()
    assert set(Status) == every_state_reachable
