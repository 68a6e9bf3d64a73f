"""What the technician sees when enrolment or sign-in is refused, on the terminal wired to the
demo world (a real server on loopback): each refusal has its own Chinese message."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from app.demo.environment import DemoEnvironment
from app.domain.credentials import DEMO_PIN
from app.settings import Settings
from app.storage.db import open_store
from app.terminal.terminal import Terminal
from app.ui.composition import UiModels, read
from app.ui.enrolment_model import enrolment_code_of
from app.ui.terminal_messages import ENROLMENT, message
from device_drivers.barcode.labels import qr_image
from server import admin
from sync.enrolment_link import EnrolmentLink, parse_link
from sync.errors import SyncError
from tests.ui.conftest import enrol

Wait = Callable[..., None]


def chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text) and not any("a" <= ch <= "z" for ch in text)


def show_qr(world: DemoEnvironment, link: str) -> None:
    buf = io.BytesIO()
    qr_image(link, scale=8).save(buf, format="PNG")
    world.camera.show(buf.getvalue())


def test_wrong_pin_five_times_locks_the_user(wired: tuple[UiModels, DemoEnvironment], wait: Wait) -> None:
    models, _world = wired
    enrol(models, wait)
    session = models.session
    session.choose("CD101")
    for attempt in range(1, 6):
        session.signIn("CD101", "9999")
        wait(lambda: not read(session, "checking") and read(session, "signInError"), 10_000)
        text = read(session, "signInError")
        assert chinese(text), text
        assert ("已被锁定" in text) == (attempt == 5), (attempt, text)
        if attempt < 5:
            assert str(5 - attempt) in text
    session.signIn("CD101", DEMO_PIN)  # the right PIN no longer opens it
    wait(lambda: not read(session, "checking"), 10_000)
    assert read(session, "state") == "signin" and "已被锁定" in read(session, "signInError")
    assert read(session, "chosenLocked")
    session.startUnlock()  # the team leader comes over
    assert read(session, "chosenUserId") == "CD100" and read(session, "unlockingName")
    session.signIn("CD100", "0000")  # a wrong leader's PIN unlocks nothing
    wait(lambda: not read(session, "checking") and read(session, "signInError"), 10_000)
    assert read(session, "unlockingName")
    session.signIn("CD100", DEMO_PIN)
    wait(lambda: not read(session, "checking") and read(session, "chosenUserId") == "CD101", 10_000)
    assert read(session, "unlockingName") == "" and read(session, "signInError") == ""
    session.signIn("CD101", DEMO_PIN)
    wait(lambda: read(session, "state") == "ready", 60_000)


def test_wrong_fingerprint_is_refused_and_the_code_stays_good(wired: tuple[UiModels, DemoEnvironment],
                                                              wait: Wait) -> None:
    models, world = wired
    wait(lambda: read(models.session, "state") == "enrol", 30_000)
    good = world.show_enrolment_code("CD101")
    forged = EnrolmentLink(world.server.url, "ab" * 32, parse_link(good).code).text()
    show_qr(world, forged)
    models.enrolment.scan()
    wait(lambda: not read(models.enrolment, "busy") and read(models.enrolment, "error"), 30_000)
    assert read(models.enrolment, "errorCode") == "certificate_mismatch"
    assert chinese(read(models.enrolment, "error"))
    show_qr(world, "https://example.com/not-an-enrolment")
    models.enrolment.scan()
    wait(lambda: not read(models.enrolment, "busy") and read(models.enrolment, "errorCode") == "bad_link")
    show_qr(world, good)  # nothing was sent to the forged server: the real code still works
    models.enrolment.scan()
    wait(lambda: read(models.session, "state") == "signin", 60_000)


def test_a_used_code_is_refused_on_a_second_handheld(wired: tuple[UiModels, DemoEnvironment],
                                                     wait: Wait, tmp_path: Path) -> None:
    models, world = wired
    wait(lambda: read(models.session, "state") == "enrol", 30_000)
    link = world.show_enrolment_code("CD102")
    models.enrolment.scan()
    wait(lambda: read(models.session, "state") == "signin", 60_000)
    other = open_store(tmp_path / "second" / "terminal.sqlite3")
    try:
        with pytest.raises(SyncError) as refused:
            Terminal(Settings(home=tmp_path / "second"), lambda: other).enrol(link)
    finally:
        other.close()
    assert enrolment_code_of(refused.value) == "code_used"
    assert chinese(message(ENROLMENT, "code_used"))


def test_a_revoked_handheld_signs_out_and_refuses_sign_in(wired: tuple[UiModels, DemoEnvironment],
                                                          wait: Wait) -> None:
    models, world = wired
    enrol(models, wait)
    models.session.choose("CD101")
    models.session.signIn("CD101", DEMO_PIN)
    wait(lambda: read(models.session, "state") == "ready", 60_000)
    enrolled = models.terminal.enrolled()
    assert enrolled is not None
    admin.revoke_device(world.server.app.state.server.engine, enrolled.device_id, now=int(time.time()))
    models.sync.requestSync()  # the technician taps the sync indicator
    wait(lambda: read(models.session, "state") == "signin", 30_000)
    assert "停用" in read(models.session, "signInError")
    models.session.choose("CD101")
    models.session.signIn("CD101", DEMO_PIN)
    wait(lambda: not read(models.session, "checking"), 10_000)
    assert read(models.session, "state") == "signin" and "停用" in read(models.session, "signInError")
    assert models.terminal.revoked()


def test_a_handheld_whose_key_store_is_gone_asks_to_be_enrolled_again(
        qapp: object, tmp_path: Path, qml_clean: None, wait: Wait) -> None:
    """Its database opens, its identity does not (a copy of the database, a lost key file): the
    enrolment screen says why in Chinese, and scanning a new code is the way out."""
    import shiboken6
    from PySide6.QtQml import QQmlApplicationEngine

    from app.storage.sync_state import DeviceIdentity, SyncState
    from app.terminal.storage import open_terminal_store
    from app.ui.composition import build_models
    from app.ui.qt_env import Metrics
    from app.ui.terminal_wiring import TerminalWiring
    from device_drivers.meter.simulator import keys as meter_keys

    settings = Settings(home=tmp_path / "home", security_module=f"soft:{meter_keys.DEMO_KEYS_FILE}")
    store = open_terminal_store(settings)
    SyncState(store).save_identity(DeviceIdentity("D1", bytes(32), "CD101", "technician", b"k" * 32,
                                                  "https://127.0.0.1:8443", "ab" * 32, team_id="CD-T1"))
    store.close()
    settings.keystore_path.unlink()
    engine = QQmlApplicationEngine()
    models = build_models(settings.db_path, False, "zh_CN", Metrics(240.0, "Noto Sans CJK SC"),
                          engine=engine, poll_ms=60_000, settings=settings)
    wiring = TerminalWiring(models.terminal, models)
    models.expose(engine)
    models.session.start()
    try:
        wait(lambda: read(models.session, "state") == "enrol"
             and read(models.enrolment, "errorCode") == "keystore", 30_000)
        text = read(models.enrolment, "error")
        assert chinese(text) and "密钥库" in text and "重新注册" in text, text
        assert chinese(message(ENROLMENT, "keystore"))
    finally:
        models.sync.stop_polling()
        shiboken6.delete(engine)
        models.shutdown()
        del wiring
