"""The administrator's screens on the desktop build, against the demo world's real centre: the
administrator's terminal enrols with their own code, lists users, teams, terminals and the audit
log; creates a technician, sends them a PIN and an enrolment code, locks a terminal. Each act is
at the centre and in its audit log under the administrator; a refusal is shown in Chinese."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from app.domain.credentials import DEMO_PIN
from app.ui.composition import UiModels, read
from server import audit, auth, pins, users
from tests.ui.conftest import enrol, sign_in
from tests.ui.test_dispatch_screen import desktop  # noqa: F401 (the fixture)

ADMIN = "ADMIN"


def test_administrator_creates_a_user_sends_a_pin_and_locks_a_terminal(desktop: tuple[UiModels, Any],  # noqa: F811
                                                                         wait: Callable[..., None]) -> None:
    models, world = desktop
    st = world.server.app.state.server
    other = auth.enrol(st.engine, auth.issue_enrol_code(st.engine, "CD102", now=int(time.time()), ttl_s=600),
                       "CD102 的掌机", now=int(time.time()), device_secrets=st.device_secrets)
    world.show_enrolment_code(ADMIN)  # the administrator holds their own code before the camera
    enrol(models, wait)
    sign_in(models, lambda p: wait(p, 60_000), ADMIN, DEMO_PIN)
    assert read(models.admin, "available") and read(models.dispatch, "available")
    models.admin.show(True)
    wait(lambda: read(models.admin, "loaded") and not read(models.admin, "busy"), 30_000)
    assert any(u["userId"] == "CD101" and u["roleLabel"] == "装表员" for u in read(models.admin, "users"))
    assert any(t["teamId"] == "CD-T1" and t["members"] > 0 for t in read(models.admin, "teams"))
    assert any(d["deviceId"] == other.device_id and not d["revoked"] for d in read(models.admin, "devices"))

    models.admin.createUser("CD199", "测试员", "technician", "CD-T1")
    wait(lambda: any(u["userId"] == "CD199" for u in read(models.admin, "users")), 30_000)
    assert "CD199" in read(models.admin, "notice") and "已创建" in read(models.admin, "notice")
    created = next(u for u in users.list_users(st.engine) if u["user_id"] == "CD199")
    assert created["team_id"] == "CD-T1" and created["role"] == "technician"

    models.admin.setPin("CD199", "4821")
    wait(lambda: "PIN" in read(models.admin, "notice"), 30_000)
    with st.engine.connect() as conn:
        from sqlalchemy import select

        from server.db import tables
        u = tables.users.c
        stored = conn.execute(select(u.pin_hash).where(u.user_id == "CD199")).scalar()
    assert stored and pins.HASHER.verify(stored, "4821")

    models.admin.issueCode("CD199")
    wait(lambda: "注册码" in read(models.admin, "notice"), 30_000)
    code = read(models.admin, "notice").split("：")[1].split("（")[0]
    assert auth.enrol(st.engine, code, "CD199 的掌机", now=int(time.time()),
                      device_secrets=st.device_secrets).user_id == "CD199"  # the code shown works

    models.admin.revokeDevice(other.device_id)
    wait(lambda: any(d["deviceId"] == other.device_id and d["revoked"]
                     for d in read(models.admin, "devices")), 30_000)
    acts = {(e["action"], e["target"]) for e in audit.entries(st.engine) if e["actor_user_id"] == ADMIN}
    assert {("user.create", "CD199"), ("user.reset_pin", "CD199"), ("enrol_code.issue", "CD199"),
            ("device.revoke", other.device_id)} <= acts
    shown = read(models.admin, "audit")
    assert shown[0]["action"] == "停用终端" and all("." not in a["action"] for a in shown)

    # A refusal reads in Chinese and changes nothing: the staff number is taken.
    models.admin.createUser("CD199", "又一个", "technician", "CD-T1")
    wait(lambda: read(models.admin, "errorCode") == "duplicate_user", 30_000)
    assert read(models.admin, "error") == "该工号的用户已存在。"
    assert [u["name"] for u in users.list_users(st.engine) if u["user_id"] == "CD199"] == ["测试员"]
