"""Every transition table: each legal transition goes where the table says, every other
(state, event) pair raises an error naming the machine, the state and the event."""

from __future__ import annotations

import itertools
from enum import StrEnum

import pytest

from app.domain.errors import IllegalTransitionError
from app.domain.statemachine import TransitionTable
from app.domain.steps import (
    FAULT_REPAIR,
    INSPECTION,
    INSTALLING,
    NEW_INSTALLATION,
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
        if event is not ReplacementEvent.DIAGNOSED:  # a fault repair's step, not a replacement's
            step = REPLACEMENT.next_state(step, event)
    assert step is ReplacementStep.DONE
    assert REPLACEMENT.events_from(ReplacementStep.DONE) == []


def test_each_installing_kind_walks_its_own_steps() -> None:
    """A fault repair diagnoses instead of reading; a new installation has no old meter and the
    customer signs for the new one; every order starts where its table starts."""
    from app.domain.steps import first_step, steps_of
    from app.domain.work_orders import Kind

    assert steps_of(Kind.METER_REPLACE) == ["identify_old", "read_old", "confirm", "install_new", "seal",
                                            "set_tariff", "upload", "done"]
    assert steps_of(Kind.FAULT) == ["identify_old", "diagnose", "confirm", "install_new", "seal",
                                    "set_tariff", "upload", "done"]
    assert steps_of(Kind.NEW_INSTALL) == ["install_new", "seal", "set_tariff", "confirm", "upload", "done"]
    assert first_step(Kind.NEW_INSTALL) == "install_new" and first_step(Kind.INSPECT) == "identify"
    assert steps_of(Kind.RECHARGE)[0] == "request" and steps_of(Kind.RECHARGE)[-1] == "done"


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
    (FAULT_REPAIR, ReplacementStep.IDENTIFY_OLD, ReplacementStep.DONE),
    (NEW_INSTALLATION, ReplacementStep.INSTALL_NEW, ReplacementStep.DONE),
    (INSPECTION, InspectionStep.IDENTIFY, InspectionStep.DONE),
    (PREPAID, PrepaidStep.REQUEST, PrepaidStep.DONE),
], ids=["replacement", "fault", "new_install", "inspection", "prepaid"])
def test_every_step_is_reachable_and_leads_to_done(table, start, done) -> None:
    assert table.first is start and reachable(table, start) == table.states()
    for step in table.states():
        assert done in reachable(table, step), f"{step} cannot reach {done}"


def test_every_installing_step_belongs_to_some_kind() -> None:
    assert set().union(*(t.states() for t in INSTALLING.values())) == set(ReplacementStep)
    assert set(InspectionStep) == INSPECTION.states() and set(PrepaidStep) == PREPAID.states()
