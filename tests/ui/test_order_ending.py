"""An order that cannot be finished, ended as a technician would: on the order's screen, 无法完成,
a tapped reason; a photo of what stops the work is taken; the order is complete and reaches the
centre with its reason and the photo by itself. Without a picture nothing is saved and the
technician reads why in Chinese."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from app.demo.environment import DemoEnvironment
from app.ui.composition import UiModels, read
from server import changelog
from server.db import tables
from tests.ui.conftest import enrol, sign_in

TECH = "CD101"


def centre_result(world: DemoEnvironment, order_no: str) -> dict[str, Any] | None:
    """The work result the centre applied for ``order_no`` (None: not there)."""
    m = tables.received_mutations.c
    with world.server.app.state.server.engine.connect() as conn:
        row = conn.execute(select(m.payload, m.outcome).where(m.entity == "work_result",
                                                              m.order_no == order_no)).first()
    if row is None:
        return None
    assert row.outcome == "applied"
    result: dict[str, Any] = changelog.unpack(row.payload)
    return result


def photo_at_centre(world: DemoEnvironment, sha256: str) -> bool:
    a = tables.attachments.c
    with world.server.app.state.server.engine.connect() as conn:
        return conn.execute(select(a.sha256).where(a.sha256 == sha256)).first() is not None


def test_an_inspection_ended_unfinished_reaches_the_centre_with_its_reason_and_photo(
        wired: tuple[UiModels, DemoEnvironment], wait: Callable[..., None]) -> None:
    models, world = wired
    enrol(models, wait)
    sign_in(models, lambda p: wait(p, 60_000), TECH)
    order = next(o for o in world.demo.orders_of(TECH) if o.kind.value == "inspect" and o.is_open)
    models.detail.load(order.order_no)
    wait(lambda: read(models.detail, "loaded") and read(models.detail, "canEnd"), 30_000)

    # The camera shows nothing: refused in Chinese, the order stays open, nothing goes up.
    shown = [p for p in world.camera.path.iterdir() if p.is_file()]
    for picture in shown:
        picture.unlink()
    models.detail.endUnfinished("customer_absent")
    wait(lambda: read(models.detail, "error") != "" and not read(models.detail, "busy"), 30_000)
    assert "拍照" in read(models.detail, "error") and "camera" not in read(models.detail, "error")
    assert read(models.detail, "canEnd") and read(models.detail, "info")["statusCode"] != "completed"

    world.show_enrolment_code(TECH)  # anything before the lens: the camera gives a picture again
    models.detail.endUnfinished("customer_absent")
    wait(lambda: read(models.detail, "loaded") and read(models.detail, "info")["statusCode"] == "completed",
         30_000)
    assert "客户不在" in read(models.detail, "notice") and not read(models.detail, "canEnd")
    wait(lambda: centre_result(world, order.order_no) is not None, 60_000)  # sync took it by itself
    result = centre_result(world, order.order_no)
    assert result is not None and (result["outcome"], result["reason"]) == ("unfinished", "customer_absent")
    photos = [a["sha256"] for a in result["attachments"] if a["kind"] == "photo"]
    assert len(photos) == 1
    wait(lambda: photo_at_centre(world, photos[0]), 60_000)
