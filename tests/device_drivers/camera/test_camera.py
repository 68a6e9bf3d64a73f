"""Simulated camera -> real JPEG -> zbar; evidence stamping and content-hash storage."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from device_drivers.barcode.camera_scan import scan_with_camera
from device_drivers.barcode.decode import decode_one
from device_drivers.barcode.model import ScanSource, Symbology, UnreadableImageError, WrongSymbologyError
from device_drivers.camera.evidence import EvidenceStore, capture_evidence, stamp, stamp_lines
from device_drivers.camera.model import CameraError, EvidenceInfo, NoCameraError, Photo
from device_drivers.camera.simulated import MeterScene, SimulatedCamera

ASSET = "5102309418876227931535"


def test_camera_gives_real_jpegs() -> None:
    photo = SimulatedCamera().capture()
    assert photo.mime == "image/jpeg" and photo.data[:3] == b"\xff\xd8\xff"
    assert Image.open(io.BytesIO(photo.data)).size == (1024, 768)


@pytest.mark.parametrize("label, symbology", [("code128", Symbology.CODE128), ("qr", Symbology.QR)])
def test_scan_from_camera(label: str, symbology: Symbology) -> None:
    scan = scan_with_camera(SimulatedCamera([MeterScene(label=label, tilt_deg=-5)]))
    assert (scan.text, scan.symbology, scan.source) == (ASSET, symbology, ScanSource.CAMERA)


def test_torn_label_fails_after_retries_then_a_good_frame_is_read() -> None:
    camera = SimulatedCamera([MeterScene(label="none")])
    with pytest.raises(UnreadableImageError, match="no barcode found"):
        scan_with_camera(camera, attempts=2)
    assert camera.captures == 2
    retry = SimulatedCamera([MeterScene(label="none"), MeterScene()])
    assert scan_with_camera(retry, attempts=2).text == ASSET


def test_wrong_symbology_from_camera_is_not_retried() -> None:
    camera = SimulatedCamera([MeterScene(label="qr")])
    with pytest.raises(WrongSymbologyError):
        scan_with_camera(camera, accept=frozenset({Symbology.CODE128}), attempts=3)
    assert camera.captures == 1


def test_no_camera() -> None:
    with pytest.raises(NoCameraError, match="no camera"):
        SimulatedCamera(present=False).capture()


def test_stamp_lines(info: EvidenceInfo) -> None:
    assert stamp_lines(info) == [
        "工单 WO202406121000", "表号 5102309418876227931535", "时间 2024-06-12 08:31:19 +0800",
        "位置 29.580281°N 105.058435°E ±13m", "人员 T83550326"]
    assert "无GPS定位" in stamp_lines(replace(info, lat=None, lon=None))[3]


def test_stamped_photo_keeps_the_picture_and_adds_the_band(info: EvidenceInfo) -> None:
    photo = SimulatedCamera().capture()
    stamped = stamp(photo, info)
    before = Image.open(io.BytesIO(photo.data)).convert("L")
    after = Image.open(io.BytesIO(stamped.data)).convert("L")
    assert after.size == before.size
    box = (0, after.height - 40, 200, after.height)
    assert ImageStat.Stat(after.crop(box)).mean[0] < ImageStat.Stat(before.crop(box)).mean[0] - 20
    assert scan_with_camera(_Fixed(stamped)).text == ASSET  # the barcode is still readable


class _Fixed:
    def __init__(self, photo: Photo) -> None:
        self.photo = photo

    def capture(self) -> Photo:
        return self.photo


def test_stamp_refuses_garbage(info: EvidenceInfo) -> None:
    with pytest.raises(CameraError, match="cannot be read"):
        stamp(Photo(b"not a jpeg", "image/jpeg"), info)


def test_store_by_content_hash(tmp_path: Path, info: EvidenceInfo) -> None:
    store = EvidenceStore(tmp_path / "evidence")
    stamped = stamp(SimulatedCamera().capture(), info)
    record = store.save(stamped, info)
    assert record.path.name == f"{stamped.sha256}.jpg" and record.path.parent.name == stamped.sha256[:2]
    assert record.path.read_bytes() == stamped.data and store.verify(record)
    sidecar = json.loads(record.path.with_suffix(".json").read_text(encoding="utf-8"))
    assert sidecar["order_no"] == "WO202406121000" and sidecar["lat"] == pytest.approx(29.580281)
    assert store.save(stamped, info) == record  # same bytes, same file
    assert not list(record.path.parent.glob("*.tmp"))
    record.path.write_bytes(stamped.data[:-10])  # damaged on disk: detected
    assert not store.verify(record)


def test_store_on_unwritable_storage(tmp_path: Path, info: EvidenceInfo) -> None:
    blocker = tmp_path / "evidence"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(CameraError, match="cannot keep the photo"):
        EvidenceStore(blocker).save(SimulatedCamera().capture(), info)


def test_capture_evidence_end_to_end(tmp_path: Path, info: EvidenceInfo) -> None:
    store = EvidenceStore(tmp_path)
    record = capture_evidence(SimulatedCamera(), store, replace(info, lat=None, lon=None))
    assert store.verify(record) and record.mime == "image/jpeg"
    assert decode_one(record.path.read_bytes()).text == ASSET
    with pytest.raises(NoCameraError):
        capture_evidence(SimulatedCamera(present=False), store, info)
