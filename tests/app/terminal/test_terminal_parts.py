"""The terminal's own parts: commits wake sync, the GPS trail, the folder camera, settings written
by the device screen, device checks against real simulators, devices built from their URLs."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.domain.records import GpsFix
from app.services.demo_seed import seed
from app.services.gps_trail import OrderTrail
from app.settings import Settings, load_settings, save_settings
from app.storage.db import Store, open_store
from app.storage.records import RecordRepo
from app.storage.work_orders import WorkOrderRepo
from app.terminal.device_checks import check_gps, check_meter, check_printer
from app.terminal.devices import NoSecurityModuleError, field_devices, security_module
from device_drivers.camera.folder import FolderCamera
from device_drivers.camera.model import NoCameraError
from device_drivers.meter.simulator import keys as meter_keys
from device_drivers.meter.simulator.server import MeterSimulator
from device_drivers.meter.simulator.state import MeterState
from device_drivers.printer.simulator import PrinterSimulator
from tests.ui.replacement_support import demo, replacement_order, technician


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = open_store(tmp_path / "terminal.sqlite3")
    seed(s, demo(), technician())
    return s


def test_a_commit_that_changes_rows_wakes_the_listener_once(store: Store) -> None:
    calls: list[int] = []
    store.add_commit_listener(lambda: calls.append(1))
    with store.transaction() as db, store.transaction():  # an inner block joins the outer one
        db.execute("INSERT INTO sync_state (key, value) VALUES ('probe', '1')")
    assert calls == [1]
    with store.transaction():
        pass  # nothing changed: nobody woken
    assert calls == [1]
    with pytest.raises(RuntimeError), store.transaction() as db:
        db.execute("INSERT INTO sync_state (key, value) VALUES ('probe2', '1')")
        raise RuntimeError("rolled back")
    assert calls == [1]


def fix_at(seconds: int) -> GpsFix:
    return GpsFix(30.65, 104.06, 5.0, 9, datetime(2026, 12, 1, 8, 0, tzinfo=UTC) + timedelta(seconds=seconds))


def test_the_trail_keeps_new_fixes_of_the_open_order_only(store: Store) -> None:
    order = replacement_order(technician())
    fixes = iter(range(1000))
    gate = threading.Event()

    def position() -> GpsFix:
        gate.set()
        return fix_at(next(fixes) // 2)  # each fix is reported twice, as gpsd repeats one

    trail = OrderTrail(RecordRepo(store), position, interval_s=0.05)
    try:
        assert trail.point(order.order_no) is not None
        trail.follow(order.order_no)
        assert gate.wait(5)
        deadline = datetime.now(UTC) + timedelta(seconds=5)
        while (len(RecordRepo(store).for_order(order.order_no, "gps_fix")) < 4
               and datetime.now(UTC) < deadline):
            gate.clear()
            gate.wait(1)
    finally:
        trail.stop()
    points = RecordRepo(store).for_order(order.order_no, "gps_fix")
    assert len(points) >= 4
    assert len({p["fixed_at"] for p in points}) == len(points)  # never the same fix twice
    outbox = store.reader().execute("SELECT COUNT(*) FROM outbox WHERE entity = 'gps_fix'").fetchone()[0]
    assert outbox == len(points)


def test_the_trail_stops_following_a_finished_order(store: Store) -> None:
    order = replacement_order(technician())
    with store.transaction() as db:
        db.execute("UPDATE work_orders SET status = 'uploaded' WHERE order_no = ?", [order.order_no])
    assert WorkOrderRepo(store).get(order.order_no).status.value == "uploaded"  # type: ignore[union-attr]
    seen = threading.Event()
    trail = OrderTrail(RecordRepo(store), lambda: (seen.set(), fix_at(1))[1], interval_s=0.05)
    trail.follow(order.order_no)
    try:
        assert not seen.wait(0.5), "the trail asked for a position for a finished order"
    finally:
        trail.stop()
    assert RecordRepo(store).for_order(order.order_no, "gps_fix") == []


def test_the_trail_without_a_fix_saves_nothing(store: Store) -> None:
    order = replacement_order(technician())
    assert OrderTrail(RecordRepo(store), lambda: None).point(order.order_no) is None
    assert RecordRepo(store).for_order(order.order_no, "gps_fix") == []


def test_the_folder_camera_shows_the_newest_picture(tmp_path: Path) -> None:
    camera = FolderCamera(tmp_path / "camera")
    with pytest.raises(NoCameraError):
        camera.capture()
    (tmp_path / "camera").mkdir()
    with pytest.raises(NoCameraError):
        camera.capture()
    camera.show(b"\x89PNG first", ".png")
    camera.show(b"\xff\xd8 second", ".jpg")
    photo = camera.capture()
    assert photo.data == b"\xff\xd8 second" and photo.mime == "image/jpeg"
    assert len(list((tmp_path / "camera").iterdir())) == 1


def test_device_settings_are_written_and_read_back(tmp_path: Path) -> None:
    (tmp_path / "settings.toml").write_text('language = "en"\n', encoding="utf-8")
    save_settings(tmp_path, {"meter_port": "/dev/ttyUSB0", "gps_port": 0, "camera": 'folder:///a "b"'})
    settings = load_settings(home=tmp_path, env={})
    assert settings.meter_port == "/dev/ttyUSB0" and settings.gps_port == 0
    assert settings.camera == 'folder:///a "b"' and settings.language == "en"
    with pytest.raises(ValueError, match="unknown"):
        save_settings(tmp_path, {"no_such_setting": 1})


def test_a_malformed_settings_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "settings.toml").write_text("meter_port = \n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"settings\.toml"):
        load_settings(home=tmp_path, env={})


def test_device_checks_against_the_simulators(tmp_path: Path) -> None:
    keys = meter_keys.load()
    with MeterSimulator([MeterState.create("202107072529", keys)], fast=True) as meter:
        settings = Settings(home=tmp_path, meter_port=meter.port)
        check = check_meter(settings)
        assert check.state == "ok" and check.detail == "202107072529"
    assert check_meter(Settings(home=tmp_path)).state == "not_configured"
    assert check_meter(Settings(home=tmp_path, meter_port=str(tmp_path / "nothing"))).state == "absent"
    printer = PrinterSimulator(tmp_path / "receipts").start()
    try:
        assert check_printer(Settings(home=tmp_path, printer_port=printer.path)).state == "ok"
    finally:
        printer.stop()
    from tests.support.services import free_tcp_port

    assert check_gps(Settings(home=tmp_path, gps_port=free_tcp_port())).state == "absent"


def test_devices_come_from_their_settings(tmp_path: Path) -> None:
    command_key = meter_keys.load().public_key.public_bytes_raw()
    settings = Settings(home=tmp_path, meter_port="/dev/ttyUSB9", printer_port="/dev/rfcomm0", gps_port=0)
    devices = field_devices(settings, command_key, None)
    assert devices.meter_port == "/dev/ttyUSB9" and devices.printer_port == "/dev/rfcomm0"
    assert devices.position is None
    with pytest.raises(NoCameraError):
        devices.camera.capture()
    with pytest.raises(NoSecurityModuleError):
        devices.meter_security.ir_request(b"", "202107072529")
    module = security_module(f"soft:{meter_keys.DEMO_KEYS_FILE}", command_key)
    assert module is not None


def test_sync_does_not_start_once_the_terminal_stopped(store: Store, tmp_path: Path) -> None:
    """A worker that outlives the shutdown (the first sync after enrolment, the link coming back)
    must not leave a sync runner behind."""
    from app.storage.sync_state import DeviceIdentity, SyncState
    from app.terminal.terminal import Terminal

    SyncState(store).save_identity(DeviceIdentity("D1", bytes(32), "CD101", "technician", b"k" * 32,
                                                  "https://127.0.0.1:9", "ab" * 32, team_id="CD-T1"))
    terminal = Terminal(Settings(home=tmp_path), lambda: store)
    terminal.stop()
    assert terminal.start_sync() is None and terminal.runner is None


def test_the_card_security_module_comes_from_its_setting(tmp_path: Path) -> None:
    import json

    from app.terminal.devices import CARD_PASSPHRASE_ENV, card_security_module
    from device_drivers.errors import DeviceError
    from device_drivers.security.card_ops import DEMO_PASSPHRASE, demo_sealed_keys, seal_keys, unseal_keys

    assert card_security_module("") is None  # no prepaid card work on this handheld
    demo_file = tmp_path / "demo_card_keys.json"
    demo_file.write_text(json.dumps(demo_sealed_keys()))
    assert card_security_module(f"soft:{demo_file}", demo=True, environ={}) is not None
    with pytest.raises(DeviceError, match=CARD_PASSPHRASE_ENV):  # the demo's passphrase in demo mode only
        card_security_module(f"soft:{demo_file}", demo=False, environ={})
    field = tmp_path / "card_keys.json"
    keys = unseal_keys(demo_sealed_keys(), DEMO_PASSPHRASE)
    field.write_text(json.dumps(seal_keys(keys, "a field passphrase", b"s" * 16)))
    assert card_security_module(f"soft:{field}", environ={CARD_PASSPHRASE_ENV: "a field passphrase"})
    with pytest.raises(DeviceError, match="does not open"):
        card_security_module(f"soft:{field}", environ={CARD_PASSPHRASE_ENV: "wrong"})
    with pytest.raises(DeviceError, match="cannot be read"):
        card_security_module(f"soft:{tmp_path / 'missing.json'}", environ={CARD_PASSPHRASE_ENV: "x"})
    with pytest.raises(DeviceError, match="unknown card security module"):
        card_security_module("hsm:slot1")
    devices = field_devices(Settings(home=tmp_path, card_security=f"soft:{demo_file}", card_reader="R1",
                                     demo=True, gps_port=0), meter_keys.load().public_key.public_bytes_raw(),
                            None)
    assert devices.card_security is not None and devices.card_reader == "R1"
