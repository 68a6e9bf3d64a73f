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
            nxt = table.next_state(state, event)
            assert nxt in states and table.allows(state, event)
            assert event in table.events_from(state)
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


def test_inspection_is_one_straight_path_on_site() -> None:
    step = InspectionStep.IDENTIFY
    for event in InspectionEvent:
        step = INSPECTION.next_state(step, event)
    assert step is InspectionStep.DONE


def test_prepaid_repair_may_find_credit_already_applied() -> None:
    assert PREPAID.next_state(PrepaidStep.WRITE_CARD, PrepaidEvent.ALREADY_APPLIED) is PrepaidStep.RECEIPT


def reachable(table: TransitionTable, start: StrEnum) -> set[StrEnum]:  # type: ignore[type-arg]
    seen, todo = {start}, [start]
    while todo:
        state = todo.pop()
        for event in table.events_from(state):
            nxt = table.next_state(state, event)
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def test_lifecycle_terminal_states_have_no_way_out() -> None:
    for terminal in (Status.ACCEPTED, Status.CANCELLED):
        assert LIFECYCLE.events_from(terminal) == []
    # every status can be reached from creation (an order assigned by the centre, or requested
    # by a terminal for a prepaid service)
    assert reachable(LIFECYCLE, Status.REQUESTED) | reachable(LIFECYCLE, Status.ASSIGNED) == set(Status)


@pytest.mark.parametrize(("table", "start", "done"), [
    (REPLACEMENT, ReplacementStep.IDENTIFY_OLD, ReplacementStep.DONE),
    (INSPECTION, InspectionStep.IDENTIFY, InspectionStep.DONE),
    (PREPAID, PrepaidStep.REQUEST, PrepaidStep.DONE),
], ids=["replacement", "inspection", "prepaid"])
def test_every_step_is_reachable_and_leads_to_done(table, start, done) -> None:
    assert reachable(table, start) == set(type(start))
    for step in type(start):
        assert done in reachable(table, step), f"{step} cannot reach {done}"
