"""The team leader's stock screen on the desktop build, against the demo world's real centre: each
technician's van stock with its counts; a seal issued with its scanned number appears in the
technician's list and at the centre, is taken back with a tap; a refusal reads in Chinese."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.ui.composition import UiModels, read
from server import stock
from server.db import reading
from tests.ui.conftest import enrol, sign_in
from tests.ui.test_dispatch_screen import LEADER, desktop  # noqa: F401 (the fixture)

SEAL = "SC5500000031"


def held_at_centre(world: Any, tech_id: str) -> set[str]:
    with reading(world.server.app.state.server.engine) as conn:
        return {i["item_no"] for i in stock.list_items(conn, None, tech_id=tech_id)}


def test_leader_sees_each_van_issues_a_seal_and_takes_it_back(desktop: tuple[UiModels, Any],  # noqa: F811
                                                             wait: Callable[..., None]) -> None:
    models, world = desktop
    enrol(models, wait)
    sign_in(models, lambda p: wait(p, 60_000), LEADER)
    assert read(models.stock, "available")
    models.stock.show(True)
    wait(lambda: read(models.stock, "loaded") and not read(models.stock, "busy"), 30_000)
    techs = {t["userId"]: t for t in read(models.stock, "technicians")}
    assert techs["CD101"]["meters"] == len(world.demo.stock["CD101"]) and techs["CD101"]["seals"] == 0
    models.stock.choose("CD101")
    van = {m.asset_no for m in world.demo.stock["CD101"]}
    assert {i["itemNo"] for i in read(models.stock, "items")} == van

    models.stock.issue("seal", " sc5500-000031 ", "")  # as the desk's scanner typed it
    wait(lambda: any(i["itemNo"] == SEAL for i in read(models.stock, "items")), 30_000)
    assert "已领用给" in read(models.stock, "notice") and SEAL in held_at_centre(world, "CD101")
    models.stock.choose("CD102")
    models.stock.issue("seal", SEAL, "")  # already in CD101's van
    wait(lambda: read(models.stock, "errorCode") == "issued_elsewhere", 30_000)
    assert read(models.stock, "error") != "" and "issued" not in read(models.stock, "error")
    assert SEAL not in held_at_centre(world, "CD102")

    models.stock.choose("CD101")
    models.stock.takeBack("seal", SEAL)
    wait(lambda: SEAL not in {i["itemNo"] for i in read(models.stock, "items")}
         and not read(models.stock, "busy"), 30_000)
    assert SEAL not in held_at_centre(world, "CD101")
