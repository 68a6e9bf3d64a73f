"""A meter identified by its RFID tag (through the real pcscd and a virtual tag on vpcd) instead of its
barcode, for an inspection: the archive's tag and the infrared address must both match."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.records import Source
from app.domain.steps import InspectionStep
from app.services.errors import NoTagError, WrongMeterError
from app.services.evidence import EvidenceKeeper
from app.services.field_devices import FieldDevices
from app.services.inspection import InspectionFlow
from app.services.monitoring import OperationRecorder
from app.storage.attachments import AttachmentStore
from app.storage.records import RecordRepo
from device_drivers.camera.simulated import SimulatedCamera
from device_drivers.errors import DeviceError
from device_drivers.meter.simulator import keys as demo_keys
from device_drivers.security.meter_ops import SoftwareMeterSecurityModule
from tests.app.services.inspection_door import Door
from tests.device_drivers.card.kit import TAG_READER, insert_card


def tagged_flow(door: Door, data: Path, reader: str = TAG_READER) -> InspectionFlow:
    keys = demo_keys.load()
    devices = FieldDevices(meter_port=door.simulator.port, camera=SimulatedCamera(), tag_reader=reader,
                           meter_security=SoftwareMeterSecurityModule(keys.transport_key, keys.public_key))
    flow = InspectionFlow(door.store, devices, OperationRecorder(RecordRepo(door.store), "DEV-TEST",
                                                                 door.order.tech_id),
                          EvidenceKeeper(AttachmentStore(door.store, data)), door.order.order_no)
    flow.begin()
    return flow


@pytest.mark.usefixtures("pcscd")
def test_the_meters_own_tag_identifies_it(door: Door, tmp_path: Path) -> None:
    flow = tagged_flow(door, tmp_path / "data")
    tag = door.order.archive.meter.tag_uid
    assert tag  # the demo utility tags its meters
    with insert_card(tmp_path / "unused.json", tmp_path, tag=tag):
        read = flow.devices.read_tag()
        assert read == tag
        assert flow.identify(read, Source.RFID) == door.order.archive.meter.address
    assert flow.step() is InspectionStep.READ
    events = RecordRepo(door.store).for_order(door.order.order_no, "operation_event")
    assert any("rfid" in str(e.get("detail", "")) for e in events)


@pytest.mark.usefixtures("pcscd")
def test_another_meters_tag_is_refused_and_nothing_moves(door: Door, tmp_path: Path) -> None:
    flow = tagged_flow(door, tmp_path / "data")
    with insert_card(tmp_path / "unused.json", tmp_path, tag="04A1B2C3D4E5F6"), \
            pytest.raises(WrongMeterError, match="RFID tag 04A1B2C3D4E5F6 is not"):
        flow.identify(flow.devices.read_tag(), Source.RFID)
    assert flow.step() is InspectionStep.IDENTIFY


@pytest.mark.usefixtures("pcscd")
def test_no_tag_held_to_the_reader_says_so(door: Door, tmp_path: Path) -> None:
    flow = tagged_flow(door, tmp_path / "data")
    with pytest.raises(NoTagError, match="no RFID tag is held to the reader"):  # its own heading on screen
        flow.devices.read_tag(timeout=0.3)
    assert flow.step() is InspectionStep.IDENTIFY


def test_no_reader_configured_is_a_device_error(door: Door, tmp_path: Path) -> None:
    flow = tagged_flow(door, tmp_path / "data", reader="")
    with pytest.raises(DeviceError, match="no RFID reader is configured"):
        flow.devices.read_tag()
