"""A full disk on the handheld: keeping a photo is a typed error, no ``.part`` is left, nothing is
half-recorded, and space comes back; on a real (tmpfs) file system filled to the last byte."""

from __future__ import annotations

import hashlib
import os
import random
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.domain.records import Attachment
from app.storage.attachments import AttachmentStore
from app.storage.db import Store, open_store
from app.storage.errors import DiskFullError
from app.storage.outbox import Outbox
from tests.support.full_disk import Disk, small_disk

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.fixture
def disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Disk]:
    with small_disk(tmp_path / "disk", "4m", monkeypatch) as d:
        yield d


@pytest.fixture
def on_disk(disk: Disk) -> Iterator[tuple[Store, AttachmentStore]]:
    store = open_store(disk.root / "terminal.sqlite3")
    yield store, AttachmentStore(store, disk.root / "data")
    store.close()


def photo(size: int, seed: int) -> tuple[bytes, Attachment]:
    data = random.Random(seed).randbytes(size)  # incompressible, like a JPEG
    meta = Attachment(sha256=hashlib.sha256(data).hexdigest(), kind="photo", mime="image/jpeg", size=size,
                      order_no="WO1", caption="旧表止度", taken_at=NOW)
    return data, meta


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.rglob("*") if p.is_file() and p.suffix == ".part")


def files(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "data" / "attachments").rglob("*") if p.is_file())


def rows(store: Store) -> tuple[int, int]:
    attachments = store.reader().execute("SELECT count(*) FROM attachments").fetchone()[0]
    return int(attachments), Outbox(store).count()


def test_a_photo_on_a_full_disk_is_a_typed_error_with_no_leftovers(
        disk: Disk, on_disk: tuple[Store, AttachmentStore]) -> None:
    store, attachments = on_disk
    first, first_meta = photo(20_000, 1)
    attachments.add(first, first_meta)
    assert rows(store) == (1, 1)
    disk.fill()
    data, meta = photo(300_000, 2)
    with pytest.raises(DiskFullError, match="storage is full") as caught:
        attachments.add(data, meta)
    assert caught.value.code == "storage_full"
    assert leftovers(disk.root) == []
    assert files(disk.root) == [first_meta.sha256]
    assert rows(store) == (1, 1)  # nothing recorded for the photo that is not there
    disk.free()
    attachments.add(data, meta)  # space again: it keeps
    assert rows(store) == (2, 2) and files(disk.root) == sorted([first_meta.sha256, meta.sha256])
    assert attachments.path_of(meta.sha256).read_bytes() == data


def test_a_step_keeps_both_pieces_of_evidence_or_neither(
        disk: Disk, on_disk: tuple[Store, AttachmentStore]) -> None:
    """The photo fits, the signature does not: the transaction rolls back and the photo's file,
    written for it, goes too (an orphan would hold the space the technician needs)."""
    if not disk.real:
        pytest.skip("needs a real full file system (tmpfs): the fallback fails every .part write")
    store, attachments = on_disk
    small, small_meta = photo(8_000, 3)
    big, big_meta = photo(600_000, 4)
    disk.fill(leave=64 * 1024)
    with pytest.raises(DiskFullError), store.transaction():
        attachments.add(small, small_meta)
        assert files(disk.root) == [small_meta.sha256]  # written, inside the transaction
        attachments.add(big, big_meta)
    assert files(disk.root) == [] and leftovers(disk.root) == []
    assert rows(store) == (0, 0)


def test_any_other_failure_of_the_file_system_is_a_storage_error_and_leaves_nothing(
        tmp_path: Path) -> None:
    store = open_store(tmp_path / "terminal.sqlite3")
    attachments = AttachmentStore(store, tmp_path / "data")
    data, meta = photo(1000, 5)
    folder = attachments.path_of(meta.sha256).parent
    folder.parent.mkdir(parents=True)
    folder.write_text("not a folder")  # mkdir fails (ENOTDIR / EEXIST), not a full disk
    from app.storage.errors import StorageError
    with pytest.raises(StorageError) as caught:
        attachments.add(data, meta)
    assert not isinstance(caught.value, DiskFullError) and caught.value.code == "storage"
    assert rows(store) == (0, 0)
    assert [p for p in (tmp_path / "data").rglob("*.part")] == []
    store.close()
    assert os.path.exists(tmp_path / "terminal.sqlite3")
