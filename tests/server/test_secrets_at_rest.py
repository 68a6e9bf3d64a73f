"""Secrets on disk at the centre: owner-only files, and a copy of the database cannot sign.

Each test starts a real server (uvicorn on loopback, the same start-up as ``main.py server``)
and talks to it over HTTP with a real signing client.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, update

import main
from server.config import ServerConfig
from server.db import tables
from server.device_secrets import WRAPPED_LEN, DeviceKeyError, DeviceSecrets, UnwrapError
from server.run import EmbeddedServer
from server.tls import tls_files
from tests.server.client import Device, enrol, error_of
from tests.server.conftest import small_demo
from tests.server.pg import PostgresServer
from tests.support.file_modes import mode
from tests.support.services import free_tcp_port


def start(home: Path, *, db_url: str = "", tls: bool = False, seed: bool = True,
          device_key_file: str = "") -> EmbeddedServer:
    config = ServerConfig(home=home, db_url=db_url, port=free_tcp_port(), tls=tls,
                          device_key_file=device_key_file)
    return EmbeddedServer(config).start(seed_demo=seed, demo=small_demo())


def enrolled(server: EmbeddedServer, user_id: str = "CD101") -> Device:
    from server import admin

    code = admin.issue_code(server.app.state.server.engine, user_id, now=_now(), ttl_s=600)
    device = enrol(server.url, code, verify=False)
    device.sync()
    return device


def _now() -> int:
    import time

    return int(time.time())


def stored_secrets(db: Path) -> dict[str, bytes]:
    with sqlite3.connect(db) as conn:
        return {d: bytes(s) for d, s in conn.execute("SELECT device_id, secret FROM devices")}


def copy_database(src: Path, dst: Path) -> None:
    """A consistent copy, WAL included (what a backup, or someone reading the files, gets)."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(src) as source, sqlite3.connect(dst) as target:
        source.backup(target)


def test_server_files_are_owner_only_even_under_umask_022(tmp_path: Path, permissive_umask: None) -> None:
    home = tmp_path / "server"
    server = start(home, tls=True)
    try:
        enrolled(server)
        db = home / "server.sqlite3"
        wal, shm = db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")
        assert wal.exists() and shm.exists()  # the server is running: the WAL is in use
        files = [db, wal, shm, home / "device-secrets.key", home / "command_signing_key.pem",
                 tls_files(home).key, home / "demo_enrol_codes.json"]
        assert {str(f.relative_to(home)): oct(mode(f)) for f in files} == \
               {str(f.relative_to(home)): "0o600" for f in files}
        assert mode(home) == 0o700
    finally:
        server.stop()


def test_wider_files_from_an_older_version_are_tightened_at_start(tmp_path: Path) -> None:
    home = tmp_path / "server"
    start(home).stop()
    db = home / "server.sqlite3"
    os.chmod(home, 0o755)
    os.chmod(db, 0o644)
    server = start(home)
    try:
        assert (mode(home), mode(db)) == (0o700, 0o600)
    finally:
        server.stop()


def test_a_copied_database_cannot_sign_as_any_device(tmp_path: Path) -> None:
    home = tmp_path / "centre"
    server = start(home)
    try:
        devices = [enrolled(server, "CD101"), enrolled(server, "CD100")]
        copy = tmp_path / "thief" / "server.sqlite3"
        copy_database(home / "server.sqlite3", copy)
        rows = stored_secrets(copy)
        assert {d.device_id for d in devices} <= set(rows)
        for device in devices:
            stored = rows[device.device_id]
            assert len(stored) == WRAPPED_LEN and device.secret not in stored
            # Whatever the thief tries with the stored bytes (all of them, or any 32 of them in a
            # row), the real centre refuses the signature.
            candidates = [stored] + [stored[i:i + 32] for i in range(len(stored) - 31)]
            for guess in candidates:
                forged = Device(server.url, device.device_id, guess)
                resp = forged.request("POST", "/v1/sync", b"x")
                assert (resp.status_code, error_of(resp)[0]) == (401, "bad_signature")
        assert devices[0].sync() is not None  # the real handheld still syncs

        # A server started on the copy, without the key file, does not start at all.
        with pytest.raises(DeviceKeyError, match=r"device-secret key file .* is missing"):
            start(copy.parent, seed=False)
        # Nor with a key of the thief's own.
        (copy.parent / "device-secrets.key").write_text(os.urandom(32).hex())
        with pytest.raises(DeviceKeyError, match=r"none of the .* device secrets .* opens"):
            start(copy.parent, seed=False)
    finally:
        server.stop()


def test_a_lost_key_is_a_clear_start_up_error_from_the_command_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    server = start(home / "server")
    try:
        enrolled(server)
    finally:
        server.stop()
    (home / "server" / "device-secrets.key").unlink()
    code = main.main(["--home", str(home), "server", "--no-tls", "--port", str(free_tcp_port()),
                      "--seed-demo"])
    err = capsys.readouterr().err
    assert code == 2
    assert "device-secrets.key is missing" in err and "restore the key file" in err


def test_the_key_can_live_apart_from_the_database(tmp_path: Path) -> None:
    elsewhere = tmp_path / "secrets-volume" / "device.key"
    server = start(tmp_path / "server", device_key_file=str(elsewhere))
    try:
        device = enrolled(server)
        assert mode(elsewhere) == 0o600 and not (tmp_path / "server" / "device-secrets.key").exists()
    finally:
        server.stop()
    server = start(tmp_path / "server", device_key_file=str(elsewhere))
    try:
        device.base = server.url
        assert device.sync() is not None  # restarted: the same key, the device still syncs
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return ""
    pg: PostgresServer = request.getfixturevalue("postgres")
    return pg.create_database("mf_legacy_secrets")  # dropped and created anew


def test_a_device_enrolled_before_wrapping_keeps_syncing(tmp_path: Path, db_url: str) -> None:
    home = tmp_path / "server"
    server = start(home, db_url=db_url)
    try:
        device = enrolled(server)
    finally:
        server.stop()
    # As an earlier version left it: the secret in plain in the row, no key file.
    url = db_url or f"sqlite:///{home / 'server.sqlite3'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(update(tables.devices).where(tables.devices.c.device_id == device.device_id)
                     .values(secret=device.secret))
    engine.dispose()
    (home / "device-secrets.key").unlink()

    server = start(home, db_url=db_url)
    try:
        device.base = server.url
        assert device.sync() is not None  # the same secret, now stored wrapped
        engine = create_engine(url)
        with engine.connect() as conn:
            stored = bytes(conn.execute(select(tables.devices.c.secret).where(
                tables.devices.c.device_id == device.device_id)).scalar_one())
        engine.dispose()
        assert len(stored) == WRAPPED_LEN and device.secret not in stored
        if not db_url:  # nor anywhere in the database's files: the old cells were overwritten
            for name in ("server.sqlite3", "server.sqlite3-wal"):
                path = home / name
                assert not path.exists() or device.secret not in path.read_bytes(), name
    finally:
        server.stop()


def test_a_wrapped_secret_opens_only_for_its_own_device_and_key() -> None:
    box, other = DeviceSecrets(os.urandom(32), "test"), DeviceSecrets(os.urandom(32), "other")
    secret = os.urandom(32)
    stored = box.wrap("DA", secret)
    assert box.unwrap("DA", stored) == secret
    with pytest.raises(UnwrapError):
        box.unwrap("DB", stored)  # moved onto another device's row
    with pytest.raises(UnwrapError, match="wrapped under key"):
        other.unwrap("DA", stored)
    damaged = stored[:-1] + bytes([stored[-1] ^ 1])
    with pytest.raises(UnwrapError, match="damaged"):
        box.unwrap("DA", damaged)
    assert "key_id" in repr(box) and box.key.hex() not in repr(box)


def test_a_malformed_key_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "server").mkdir()
    (tmp_path / "server" / "device-secrets.key").write_text("not a key")
    with pytest.raises(DeviceKeyError, match="64 hexadecimal digits"):
        start(tmp_path / "server")


def test_wrapping_scrubs_plain_secrets_even_where_sqlite_keeps_deleted_bytes(tmp_path: Path) -> None:
    """Many SQLite builds leave a replaced cell's bytes in the page's free space (secure_delete
    off); the conversion zeroes them and checkpoints the WAL, so the file holds no plain secret."""
    from sqlalchemy import event, insert

    from server.db import make_engine, migrate

    db = tmp_path / "server.sqlite3"
    engine = make_engine(f"sqlite:///{db}")
    event.listen(engine, "connect", lambda conn, _record: conn.execute("PRAGMA secure_delete=OFF"))
    migrate(engine)
    plain = {f"D{i:015d}": os.urandom(32) for i in range(20)}
    with engine.begin() as conn:
        conn.execute(insert(tables.devices), [
            {"device_id": d, "user_id": "CD101", "name": "an old terminal", "secret": s, "enrolled_at": 0,
             "acked_through": 0} for d, s in plain.items()])
    DeviceSecrets.open(engine, tmp_path / "device-secrets.key")
    engine.dispose()
    raw = db.read_bytes()
    assert not [d for d, s in plain.items() if s in raw]
    assert all(len(s) == WRAPPED_LEN for s in stored_secrets(db).values())
