"""Attachments belong to the devices that uploaded them: no device learns whether another holds a
hash, a second uploader of the same bytes becomes an owner of its own evidence, and partial
uploads nobody finishes are pruned. Real server, real signed devices, SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import requests
from sqlalchemy import func, insert, select, update

from server.app import create_app, open_store
from server.attachments import H_COMPLETE, H_OFFSET, Pruner, prune_abandoned
from server.config import ServerConfig
from server.db import reading, tables
from sync.protocol import CHUNK_SIZE, PATH_ATTACHMENT
from tests.server.client import Device, error_of
from tests.server.conftest import Running

WEEK = 7 * 24 * 3600


def _put(device: Device, sha: str, offset: int, chunk: bytes, final: bool = False) -> requests.Response:
    target = PATH_ATTACHMENT.format(sha256=sha) + f"?offset={offset}" + ("&final=1" if final else "")
    return device.request("PUT", target, chunk, content_type="application/octet-stream")


def _state(resp: requests.Response) -> tuple[int, int, bool]:
    return resp.status_code, int(resp.headers[H_OFFSET]), resp.headers[H_COMPLETE] == "1"


def _head(device: Device, sha: str) -> tuple[int, int, bool]:
    return _state(device.request("HEAD", PATH_ATTACHMENT.format(sha256=sha)))


def _get(device: Device, sha: str) -> requests.Response:
    return device.request("GET", PATH_ATTACHMENT.format(sha256=sha))


def _upload(device: Device, data: bytes) -> str:
    sha = hashlib.sha256(data).hexdigest()
    for offset in range(0, len(data), CHUNK_SIZE):
        chunk = data[offset:offset + CHUNK_SIZE]
        resp = _put(device, sha, offset, chunk, final=offset + len(chunk) >= len(data))
        assert resp.status_code == 200, error_of(resp)
    assert _head(device, sha) == (200, len(data), True)
    return sha


def _answers(device: Device, sha: str, first_chunk: bytes) -> list[object]:
    """Everything ``device`` can observe about ``sha`` without holding all of its bytes."""
    head = _head(device, sha)
    get = _get(device, sha)
    put = _state(_put(device, sha, 0, first_chunk))
    return [head, get.status_code, error_of(get), put, _head(device, sha)]


def _owners(running: Running, sha: str) -> set[str]:
    o = tables.attachment_owners.c
    with reading(running.engine) as conn:
        return set(conn.execute(select(o.device_id).where(o.sha256 == sha)).scalars())


def test_another_device_cannot_tell_an_uploaded_hash_from_an_unknown_one(running: Running) -> None:
    owner, curious = running.device("CD101"), running.device("CD201")
    data = os.urandom(CHUNK_SIZE + 500)
    sha = _upload(owner, data)
    unknown = hashlib.sha256(os.urandom(64)).hexdigest()
    seen = _answers(curious, sha, data[:CHUNK_SIZE])
    assert seen == _answers(curious, unknown, data[:CHUNK_SIZE])
    assert seen[0] == (200, 0, False) and seen[1] == 404 and seen[3] == (200, CHUNK_SIZE, False)
    assert _owners(running, sha) == {owner.device_id}


def test_a_second_uploader_of_the_same_bytes_owns_its_evidence(running: Running) -> None:
    first, second = running.device("CD102"), running.device("CD202")  # two teams of one company
    data = os.urandom(2 * CHUNK_SIZE + 17)
    sha = _upload(first, data)
    assert _get(second, sha).status_code == 404
    assert _upload(second, data) == sha  # every byte, as for a new attachment: possession proven
    assert _owners(running, sha) == {first.device_id, second.device_id}
    a = tables.attachments.c
    with reading(running.engine) as conn:  # the bytes are kept once
        assert conn.execute(select(func.count()).where(a.sha256 == sha)).scalar_one() == 1
    for reader in (first, second, running.device("CD202"), running.device("CD100"), running.device("CD200")):
        resp = _get(reader, sha)  # each uploader's user, and both teams' supervisors
        assert resp.status_code == 200 and resp.content == data, reader.user_id
    for outsider in (running.device("CD201"), running.device("DY200")):  # another technician; another
        resp = _get(outsider, sha)  # company's supervisor: as if the hash did not exist
        assert resp.status_code == 404 and error_of(resp)[0] == "not_found", outsider.user_id
    again = _put(second, sha, 2 * CHUNK_SIZE, data[2 * CHUNK_SIZE:], final=True)  # its answer was lost
    assert _state(again) == (200, len(data), True)


def test_wrong_bytes_from_a_second_device_leave_the_owners_attachment_alone(running: Running) -> None:
    owner, other = running.device("DY101"), running.device("DY102")
    data = os.urandom(CHUNK_SIZE + 3)
    sha = _upload(owner, data)
    assert _put(other, sha, 0, os.urandom(CHUNK_SIZE)).status_code == 200
    bad = _put(other, sha, CHUNK_SIZE, b"xyz", final=True)
    assert bad.status_code == 422 and error_of(bad)[0] == "hash_mismatch"
    assert _head(other, sha) == (200, 0, False)
    assert _get(owner, sha).content == data and _owners(running, sha) == {owner.device_id}
    stale = _put(other, sha, CHUNK_SIZE, b"xyz")  # resuming a discarded upload: start again
    assert stale.status_code == 409 and int(stale.headers[H_OFFSET]) == 0


# --- abandoned partial uploads ------------------------------------------------------------------------


def _partial(device: Device, size: int = CHUNK_SIZE) -> str:
    data = os.urandom(2 * size)
    sha = hashlib.sha256(data).hexdigest()
    assert _put(device, sha, 0, data[:size]).status_code == 200
    return sha


def _age(running: Running, device: Device, sha: str, seconds: int) -> None:
    u = tables.uploads.c
    with running.engine.begin() as conn:
        conn.execute(update(tables.uploads).where(u.device_id == device.device_id, u.sha256 == sha)
                     .values(updated_at=u.updated_at - seconds))


def _chunks(running: Running, device: Device, sha: str) -> int:
    c = tables.upload_chunks.c
    with reading(running.engine) as conn:
        return int(conn.execute(select(func.count()).where(c.device_id == device.device_id, c.sha256 == sha))
                   .scalar_one())


def test_partial_uploads_untouched_for_the_age_are_pruned_and_fresh_ones_kept(running: Running) -> None:
    tech = running.device("NJ101")
    old, fresh = _partial(tech), _partial(tech)
    _age(running, tech, old, WEEK + 60)
    _age(running, tech, fresh, WEEK - 60)
    assert prune_abandoned(running.engine, int(time.time()), WEEK) == 1
    assert (_head(tech, old), _chunks(running, tech, old)) == ((200, 0, False), 0)
    assert (_head(tech, fresh), _chunks(running, tech, fresh)) == ((200, CHUNK_SIZE, False), 1)
    assert prune_abandoned(running.engine, int(time.time()), WEEK) == 0


def test_a_put_prunes_at_most_once_an_hour(running: Running) -> None:
    tech = running.device("NJ102")
    pruner: Pruner = running.server.app.state.upload_pruner
    assert pruner.max_age_s == running.server.config.upload_max_age_s == WEEK  # the default
    old = _partial(tech)
    _age(running, tech, old, WEEK + 60)
    _partial(tech)  # pruned at the server's start: not again within the hour
    assert _head(tech, old) == (200, CHUNK_SIZE, False)
    assert pruner.last is not None
    pruner.last -= 3600  # an hour later
    _partial(tech)
    assert _head(tech, old) == (200, 0, False) and _chunks(running, tech, old) == 0


def test_the_server_prunes_abandoned_uploads_when_it_starts(tmp_path: Path) -> None:
    config = ServerConfig(home=tmp_path, tls=False, upload_max_age_s=3600)
    engine = open_store(config)
    now = int(time.time())
    with engine.begin() as conn:
        for sha, at in (("a" * 64, now - 7200), ("b" * 64, now - 60)):  # abandoned, fresh
            conn.execute(insert(tables.uploads).values(device_id="d", sha256=sha, confirmed=1, updated_at=at))
            conn.execute(insert(tables.upload_chunks).values(device_id="d", sha256=sha, offset=0, data=b"x"))
    create_app(config, engine)
    with reading(engine) as conn:
        assert conn.execute(select(tables.uploads.c.sha256)).scalars().all() == ["b" * 64]
        assert conn.execute(select(tables.upload_chunks.c.sha256)).scalars().all() == ["b" * 64]
    engine.dispose()
