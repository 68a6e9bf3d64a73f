"""The team leader's dispatch screen on the desktop build, against the demo world's real centre: the
marketing system's morning requests wait unassigned; the leader gives one to a technician with two
taps, moves another one, cancels a third with a reason; the centre holds each act, and the
technician's handheld gets the order at its next sync. A refusal is shown in the leader's words."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine

from app.domain.entities import Role
from app.ui.composition import UiModels, build_models, read
from app.ui.qt_env import Metrics
from server import audit, dispatch
from server.auth import Caller
from server.authorisations import TaskAuthority
from tests.ui.conftest import enrol, sign_in

LEADER, TEAM = "CD100", "CD-T1"


@pytest.fixture
def desktop(qapp: QGuiApplication, tmp_path: Path, qml_clean: None) -> Iterator[tuple[UiModels, Any]]:
    """The desktop build wired to the demo world, as ``main.py --demo --desktop`` puts it together."""
    from app.demo.environment import DemoEnvironment
    from app.settings import Settings
    from app.ui.terminal_wiring import TerminalWiring

    settings = Settings(home=tmp_path / "home", demo=True, role_view="desktop")
    world = DemoEnvironment.start(settings.home / "demo-world", fast_meters=True, with_gps=False)
    try:
        settings = world.configure(settings)
        engine = QQmlApplicationEngine()
        models = build_models(settings.db_path, True, "zh_CN", Metrics(160.0, "Noto Sans CJK SC"),
                              engine=engine, poll_ms=60_000, settings=settings)
        wiring = TerminalWiring(models.terminal, models)
        wiring.start()
        world.attach(models.terminal, "desktop")
        models.expose(engine)
        engine.load(str(Path(__file__).resolve().parents[2] / "app/ui/qml/Main.qml"))
        models.session.start()
        yield models, world
        models.sync.stop_polling()
        shiboken6.delete(engine)
        models.shutdown()
    finally:
        world.stop()


GOD = Caller("-", "ADMIN", Role.ADMINISTRATOR, "", "")  # the centre itself, not through the screen


def centre_orders(world: Any) -> dict[str, dict[str, Any]]:
    """What the centre holds, read as an administrator would (not through the screen)."""
    engine = world.server.app.state.server.engine
    return {o["order_no"]: o for o in dispatch.list_orders(engine, GOD, team_id=TEAM)}


def test_leader_assigns_reassigns_and_cancels(desktop: tuple[UiModels, Any],
                                              wait: Callable[..., None]) -> None:
    models, world = desktop
    enrol(models, wait)
    sign_in(models, lambda p: wait(p, 60_000), LEADER)
    assert read(models.dispatch, "available") and not read(models.admin, "available")
    models.dispatch.show(True)
    wait(lambda: read(models.dispatch, "loaded") and not read(models.dispatch, "busy"), 30_000)
    waiting = read(models.dispatch, "orders")
    assert len(waiting) == 4 and all(o["canAssign"] and o["techName"] == "" for o in waiting)
    assert read(models.dispatch, "counts")[0] == 4
    techs = read(models.dispatch, "technicians")
    assert techs and all(t["userId"].startswith("CD1") for t in techs)
    first, second, third = (o["orderNo"] for o in waiting[:3])
    tech_a, tech_b = techs[0], techs[1]

    models.dispatch.assign(first, tech_a["userId"])
    wait(lambda: read(models.dispatch, "counts")[0] == 3 and not read(models.dispatch, "busy"), 30_000)
    assert tech_a["name"] in read(models.dispatch, "notice") and "已派给" in read(models.dispatch, "notice")
    assert centre_orders(world)[first]["tech_id"] == tech_a["userId"]
    assert centre_orders(world)[first]["status"] == "assigned"

    models.dispatch.setFilter("assigned")
    row = next(o for o in read(models.dispatch, "orders") if o["orderNo"] == first)
    assert row["canReassign"] and row["techName"] == tech_a["name"]
    models.dispatch.reassign(first, tech_b["userId"])
    wait(lambda: centre_orders(world)[first]["tech_id"] == tech_b["userId"]
         and not read(models.dispatch, "busy"), 30_000)

    models.dispatch.cancel(second, "customer_request")
    wait(lambda: centre_orders(world)[second]["status"] == "cancelled", 30_000)
    engine = world.server.app.state.server.engine
    acts = [(e["action"], e["target"], e["actor_user_id"]) for e in audit.entries(engine)]
    assert ("order.assign", first, LEADER) in acts and ("order.reassign", first, LEADER) in acts
    assert ("order.cancel", second, LEADER) in acts

    # Someone else assigned the third meanwhile: the leader's tap is refused in their words.
    st = world.server.app.state.server
    dispatch.assign(engine, GOD, third, tech_a["userId"], now=int(time.time()),
                    authority=TaskAuthority(st.signer, st.meter_keys))
    models.dispatch.assign(third, tech_b["userId"])
    wait(lambda: read(models.dispatch, "errorCode") == "already_assigned", 30_000)
    assert "已" in read(models.dispatch, "error") and "assigned" not in read(models.dispatch, "error")
    assert centre_orders(world)[third]["tech_id"] == tech_a["userId"]  # nothing was changed

    # On the leader's desktop, a technician of the team signs in: no dispatch for them (the centre
    # would take their acts for the leader's, whose terminal it is).
    models.session.signOut()
    sign_in(models, lambda p: wait(p, 60_000), "CD101")
    assert not read(models.dispatch, "available") and not read(models.dispatch, "shown")
