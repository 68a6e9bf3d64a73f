"""Evidence photos: stamp the facts onto the picture, keep it under its content hash.

The stamp (work order, meter, time, position) is drawn into the pixels, in
Chinese, so it travels with the picture wherever it is copied. The stored file
is named by the SHA-256 of its bytes; a JSON sidecar holds the same facts for the
record, so nothing is lost before the database has it.
"""

from __future__ import annotations

import io
import json
import os
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError

from device_drivers.camera.model import Camera, CameraError, EvidenceInfo, Photo

_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
_EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png"}


def stamp_lines(info: EvidenceInfo) -> list[str]:
    """The text stamped on the photo."""
    if info.lat is None or info.lon is None:
        where = "位置 无GPS定位 (no GPS fix)"
    else:
        ns, ew = ("N" if info.lat >= 0 else "S"), ("E" if info.lon >= 0 else "W")
        accuracy = f" ±{info.accuracy_m:.0f}m" if info.accuracy_m else ""
        where = f"位置 {abs(info.lat):.6f}°{ns} {abs(info.lon):.6f}°{ew}{accuracy}"
    lines = [f"工单 {info.order_no}", f"表号 {info.meter_asset_no}",
             f"时间 {info.taken_at:%Y-%m-%d %H:%M:%S %z}".rstrip(), where]
    if info.technician:
        lines.append(f"人员 {info.technician}")
    if info.note:
        lines.append(info.note)
    return lines


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(_FONT, size, index=2)
    except OSError:
        return ImageFont.load_default(size)


def stamp(photo: Photo, info: EvidenceInfo, quality: int = 90) -> Photo:
    """A JPEG of ``photo`` with the evidence facts drawn on a dark band at the bottom."""
    try:
        image = Image.open(io.BytesIO(photo.data)).convert("RGB")
    except (UnidentifiedImageError, OSError) as exc:
        raise CameraError(f"the camera gave a picture that cannot be read: {exc}") from exc
    lines = stamp_lines(info)
    size = max(image.height // 32, 14)
    font = _font(size)
    band = int(len(lines) * size * 1.35 + size)
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    draw.rectangle((0, image.height - band, image.width, image.height), fill=(0, 0, 0, 150))
    y = image.height - band + size // 2
    for line in lines:
        draw.text((size // 2, y), line, font=font, fill=(255, 255, 255, 255))
        y += int(size * 1.35)
    stamped = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    buf = io.BytesIO()
    stamped.save(buf, format="JPEG", quality=quality)
    return Photo(buf.getvalue(), "image/jpeg")


@dataclass(frozen=True, slots=True)
class EvidenceRecord:
    """A stored evidence photo."""

    sha256: str
    path: Path
    mime: str
    size: int
    info: EvidenceInfo


class EvidenceStore:
    """Photos under ``root/<sha256[:2]>/<sha256>.jpg``, each with a ``.json`` sidecar."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def save(self, photo: Photo, info: EvidenceInfo) -> EvidenceRecord:
        """Write ``photo`` durably (temp file, fsync, rename); the same bytes twice are stored once."""
        digest = photo.sha256
        folder = self.root / digest[:2]
        path = folder / f"{digest}{_EXTENSIONS.get(photo.mime, '.bin')}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if not (path.is_file() and self._hash(path) == digest):
                _write_atomic(path, photo.data)
            sidecar = {
                "sha256": digest, "mime": photo.mime, "size": len(photo.data),
                "order_no": info.order_no, "meter_asset_no": info.meter_asset_no,
                "taken_at": info.taken_at.isoformat(), "lat": info.lat, "lon": info.lon,
                "accuracy_m": info.accuracy_m, "technician": info.technician, "note": info.note,
            }
            _write_atomic(path.with_suffix(".json"),
                          json.dumps(sidecar, ensure_ascii=False, indent=1).encode("utf-8"))
        except OSError as exc:
            raise CameraError(f"cannot keep the photo in {self.root}: {exc.strerror or exc} "
                              "(is the storage full?)") from exc
        return EvidenceRecord(digest, path, photo.mime, len(photo.data), info)

    def verify(self, record: EvidenceRecord) -> bool:
        """Whether the stored file still has the hash it was stored under."""
        return record.path.is_file() and self._hash(record.path) == record.sha256

    @staticmethod
    def _hash(path: Path) -> str:
        return Photo(path.read_bytes(), "").sha256


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def capture_evidence(camera: Camera, store: EvidenceStore, info: EvidenceInfo) -> EvidenceRecord:
    """Take a photo, stamp ``info`` on it, and keep it: the whole evidence step.

    ``info`` carries the position the caller got from GPS (``None`` without a fix:
    the photo says so rather than not being taken).
    """
    return store.save(stamp(camera.capture(), info), info)
