"""A real, small file system that the tests fill to the last byte (a tmpfs), for full-disk tests.

``small_disk(path, size)`` mounts a tmpfs of ``size`` at ``path`` (root only) and unmounts it
afterwards. :meth:`Disk.fill` writes filler files until the kernel answers ENOSPC, so every
later write (SQLite's, the attachment store's) meets a genuinely full disk; :meth:`Disk.free`
removes them again.

Where mounting is not possible (not root, no tmpfs), the fixture falls back to making
``os.write`` fail with ENOSPC on the attachment store's ``.part`` files only, and says so
(``Disk.real`` is False): SQLite's own writes are then not affected, so tests that need the
database itself to meet a full disk skip.
"""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

FILLER_CHUNK = 64 * 1024


@dataclass
class Disk:
    root: Path
    real: bool  # a tmpfs the tests fill; False: the os.write fallback
    monkeypatch: pytest.MonkeyPatch
    fillers: list[Path] = field(default_factory=list)

    def fill(self, leave: int = 0) -> None:
        """Fill the disk, then free at least ``leave`` bytes again (whole filler files)."""
        if not self.real:
            self._fail_part_writes()
            return
        while self._filler(FILLER_CHUNK):
            pass
        while self._filler(4096):  # the last pages
            pass
        freed = 0
        while freed < leave and self.fillers:
            path = self.fillers.pop()
            freed += path.stat().st_size
            path.unlink()

    def _filler(self, size: int) -> bool:
        path = self.root / f"filler-{len(self.fillers)}"
        try:
            with path.open("wb") as fh:
                fh.write(b"\0" * size)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            if exc.errno != errno.ENOSPC:
                raise
            path.unlink(missing_ok=True)
            return False
        self.fillers.append(path)
        return True

    def free(self) -> None:
        if not self.real:
            self.monkeypatch.undo()
            return
        for path in self.fillers:
            path.unlink(missing_ok=True)
        self.fillers.clear()

    def _fail_part_writes(self) -> None:
        real_write = os.write

        def write(fd: int, data: bytes | memoryview) -> int:
            try:
                name = os.readlink(f"/proc/self/fd/{fd}")
            except OSError:
                name = ""
            if name.endswith(".part"):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return real_write(fd, data)

        self.monkeypatch.setattr(os, "write", write)


@contextmanager
def small_disk(path: Path, size: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Disk]:
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(path)],
                             capture_output=True, check=False).returncode == 0 if os.geteuid() == 0 else False
    disk = Disk(path, mounted, monkeypatch)
    if not mounted:
        print(f"full-disk tests: cannot mount a tmpfs at {path}; falling back to failing os.write")
    try:
        yield disk
    finally:
        disk.free()
        if mounted:
            subprocess.run(["umount", "--lazy", str(path)], capture_output=True, check=False)
