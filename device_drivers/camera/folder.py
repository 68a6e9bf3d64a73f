"""A camera whose pictures are files: the newest image in a folder (or one image file).

Used where the terminal's camera is reached as a URL (``folder:///path``): the demo
world and the field-configuration tests put in front of it what the technician is
pointing at (a QR code, a meter's face, a seal) by writing a picture there. The
pictures are decoded for real, exactly as camera stills are.
"""

from __future__ import annotations

from pathlib import Path

from device_drivers.camera.model import NoCameraError, Photo

MIME = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


class FolderCamera:
    """A :class:`device_drivers.camera.model.Camera` over ``path`` (a folder or an image file)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _newest(self) -> Path:
        if self.path.is_file():
            return self.path
        if not self.path.is_dir():
            raise NoCameraError(f"the camera is not connected ({self.path} does not exist)")
        pictures = [p for p in self.path.iterdir() if p.suffix.lower() in MIME and p.is_file()]
        if not pictures:
            raise NoCameraError("the camera shows nothing: point it at the label and try again")
        return max(pictures, key=lambda p: (p.stat().st_mtime_ns, p.name))

    def capture(self) -> Photo:
        picture = self._newest()
        try:
            data = picture.read_bytes()
        except OSError as exc:
            raise NoCameraError(f"the camera did not deliver a picture: {exc.strerror}") from exc
        return Photo(data, MIME[picture.suffix.lower()])

    def show(self, data: bytes, suffix: str = ".png") -> Path:
        """Put a picture in front of the camera (simulators and tests): it becomes the newest."""
        self.path.mkdir(parents=True, exist_ok=True)
        target = self.path / f"view{suffix}"
        tmp = target.with_suffix(".part")
        tmp.write_bytes(data)
        for old in self.path.iterdir():
            if old.suffix.lower() in MIME and old != target:
                old.unlink(missing_ok=True)
        tmp.replace(target)
        return target
