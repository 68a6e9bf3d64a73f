"""Secrets on disk on the handheld, against the real server: owner-only files, a sealed identity
that a copy of the database cannot use, and identities stored in plain by an earlier version.

The handheld is the field terminal (:class:`app.terminal.terminal.Terminal`) over the store its
settings open (:func:`app.terminal.storage.open_terminal_store`), enrolled by the QR code's link
over pinned HTTPS, with the software security module configured as an installer sets it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests

from app.domain.records import Attachment
from app.settings import Settings, load_settings, save_settings
from app.storage.attachments import AttachmentStore
from app.storage.db import Store, open_store
from app.storage.keystore import KeystoreError, SoftwareKeystore
from app.storage.sync_state import SyncState
from app.terminal.storage import handheld_keystore, open_terminal_store
from app.terminal.terminal import Terminal
from device_drivers.meter.simulator import keys as meter_keys
from server import admin
from server.run import EmbeddedServer
from sync.enrolment_link import EnrolmentLink
from tests.server.client import Device, error_of
from tests.support.file_modes import mode
from tests.sync.conftest import TECH

MODULE = f"soft:{meter_keys.DEMO_KEYS_FILE}"


def link_for(server: EmbeddedServer, user_id: str = TECH) -> str:
    code = admin.issue_code(server.app.state.server.engine, user_id, now=_now(), ttl_s=600)
    return EnrolmentLink(server.url, server.fingerprint, code).text()


def _now() -> int:
    import time

    return int(time.time())


def installed(home: Path, **settings: object) -> Settings:
    """The settings an installer writes for this handheld (settings.toml), loaded as main.py does."""
    save_settings(home, {"security_module": MODULE, **settings})
    return load_settings(home=home)


def enrolled_terminal(server: EmbeddedServer, settings: Settings) -> tuple[Terminal, Store]:
    store = open_terminal_store(settings)
    terminal = Terminal(settings, lambda: store)
    terminal.enrol(link_for(server))
    return terminal, store


def synced(terminal: Terminal) -> None:
    runner = terminal.start_sync()
    assert runner is not None
    runner.wait_settled(30)
    status = runner.status()
    assert status.error_code == "", status
    terminal.stop_sync()


def copy_database(src: Path, dst: Path) -> None:
    """A consistent copy, WAL included (what someone reading the files gets)."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(src) as source, sqlite3.connect(dst) as target:
        source.backup(target)


def signs(server: EmbeddedServer, device_id: str, secrets: list[bytes]) -> list[bool]:
    """For each candidate secret: does the real centre accept a request signed with it?"""
    session = requests.Session()  # one connection for all the attempts
    try:
        answers = [Device(server.url, device_id, secret, session=session).request("POST", "/v1/sync", b"x")
                   for secret in secrets]
    finally:
        session.close()
    return [(r.status_code, error_of(r)[0]) != (401, "bad_signature") for r in answers]


def test_handheld_files_are_owner_only_even_under_umask_022(tls_server: EmbeddedServer, tmp_path: Path,
                                                           permissive_umask: None) -> None:
    home = tmp_path / "handheld"
    settings = installed(home)
    terminal, store = enrolled_terminal(tls_server, settings)
    try:
        synced(terminal)
        photo = b"a photo of the meter"
        AttachmentStore(store, settings.data_dir).add(photo, Attachment(
            hashlib.sha256(photo).hexdigest(), "photo", "image/jpeg", len(photo), "RQ1", "",
            datetime.now(UTC)))
        db = settings.db_path
        files = [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm"), settings.keystore_path,
                 home / "settings.toml"]
        photo_file = next(f for f in (settings.data_dir / "attachments").rglob("*") if f.is_file())
        files.append(photo_file)
        folders = [home, settings.data_dir, settings.data_dir / "attachments", settings.keystore_path.parent,
                   photo_file.parent]
        assert {str(f): oct(mode(f)) for f in files} == {str(f): "0o600" for f in files}
        assert {str(f): oct(mode(f)) for f in folders} == {str(f): "0o700" for f in folders}
    finally:
        terminal.stop()
        store.close()


def test_a_copied_handheld_database_cannot_sign(tls_server: EmbeddedServer, tmp_path: Path) -> None:
    settings = installed(tmp_path / "handheld")
    terminal, store = enrolled_terminal(tls_server, settings)
    try:
        synced(terminal)
        identity = SyncState(store).identity()
        assert identity is not None
        copy = tmp_path / "thief" / "terminal.sqlite3"
        copy_database(settings.db_path, copy)
    finally:
        terminal.stop()
        store.close()
    raw = copy.read_bytes()
    assert identity.secret not in raw and base64.b64encode(identity.secret) not in raw

    stolen = open_store(copy)  # beside it, a key store of its own: not the handheld's
    try:
        with pytest.raises(KeystoreError) as caught:
            SyncState(stolen).identity()
        assert caught.value.code == "keystore" and "密钥库" in caught.value.message_zh
        # The field terminal on the copy: not enrolled, and it says why (never a crash).
        thief = Terminal(Settings(home=copy.parent), lambda: stolen)
        assert thief.enrolled() is None and thief.identity_problem() == "keystore"
        value = stolen.reader().execute("SELECT value FROM sync_state WHERE key = 'identity'").fetchone()[0]
    finally:
        stolen.close()
    # Nothing in the row signs a request: not the text, not the sealed bytes, not any 32 of them.
    sealed = base64.b64decode(json.loads(value)["sealed"])
    candidates = [value.encode(), sealed] + [sealed[i:i + 32] for i in range(len(sealed) - 31)]
    assert not any(signs(tls_server, identity.device_id, candidates))
    assert signs(tls_server, identity.device_id, [identity.secret]) == [True]  # the real one does


def test_the_key_file_without_the_security_module_opens_nothing(tls_server: EmbeddedServer,
                                                                tmp_path: Path) -> None:
    """A copy of the whole home folder, key store included, still needs the same security module."""
    settings = installed(tmp_path / "handheld")
    terminal, store = enrolled_terminal(tls_server, settings)
    terminal.stop()
    store.close()
    copy = open_store(settings.db_path, SoftwareKeystore(settings.keystore_path))  # no module
    try:
        with pytest.raises(KeystoreError, match="bound to a security module"):
            SyncState(copy).identity()
    finally:
        copy.close()
    again = open_store(settings.db_path, handheld_keystore(settings))  # the handheld itself
    try:
        assert SyncState(again).identity() is not None
    finally:
        again.close()


def test_a_lost_key_store_is_mended_by_enrolling_again(tls_server: EmbeddedServer, tmp_path: Path) -> None:
    settings = installed(tmp_path / "handheld")
    terminal, store = enrolled_terminal(tls_server, settings)
    try:
        settings.keystore_path.unlink()
        assert terminal.enrolled() is None and terminal.identity_problem() == "keystore"
        assert terminal.start_sync() is None  # nothing signs without the identity
        terminal.enrol(link_for(tls_server))  # a new code from the administrator
        assert terminal.enrolled() is not None and terminal.identity_problem() == ""
        synced(terminal)
    finally:
        terminal.stop()
        store.close()


def test_an_identity_kept_in_plain_is_sealed_on_first_open_and_keeps_syncing(
        tls_server: EmbeddedServer, tmp_path: Path) -> None:
    settings = installed(tmp_path / "handheld")
    terminal, store = enrolled_terminal(tls_server, settings)
    identity = SyncState(store).identity()
    assert identity is not None
    terminal.stop()
    with store.transaction() as db:  # as an earlier version left it: the secret in plain
        db.execute("UPDATE sync_state SET value = ? WHERE key = 'identity'", [identity.to_json()])
    store.close()
    plain = base64.b64encode(identity.secret)
    assert plain in settings.db_path.read_bytes() + _wal(settings.db_path)

    store = open_terminal_store(settings)
    try:
        row = json.loads(store.reader().execute(
            "SELECT value FROM sync_state WHERE key = 'identity'").fetchone()[0])
        assert "sealed" in row and "secret" not in row
        assert plain not in settings.db_path.read_bytes() + _wal(settings.db_path)  # scrubbed
        terminal = Terminal(settings, lambda: store)
        assert terminal.enrolled() is not None
        synced(terminal)  # the same device, the same secret: the centre accepts it
        assert SyncState(store).identity() == identity
    finally:
        terminal.stop()
        store.close()


def _wal(db: Path) -> bytes:
    wal = db.with_name(db.name + "-wal")
    return wal.read_bytes() if wal.exists() else b""


def test_task_keys_reach_the_handheld_only_wrapped_under_the_module_transport_key(
        tls_server: EmbeddedServer, tmp_path: Path) -> None:
    """Verifies what the key store need not do: a meter authorisation's task keys are stored as the
    centre sent them, wrapped under the security module's transport key; no plain task key is in
    the database, and only the module (holding the transport key) unwraps them."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from app.storage.commands import CommandRepo
    from signed_commands import authorisation as au

    settings = installed(tmp_path / "handheld")
    terminal, store = enrolled_terminal(tls_server, settings)
    try:
        synced(terminal)
        identity = SyncState(store).identity()
        assert identity is not None
        orders = [r[0] for r in store.reader().execute("SELECT DISTINCT order_no FROM commands")]
        blobs = [b for o in orders for b in CommandRepo(store).for_order(o, au.KIND)]
    finally:
        terminal.stop()
        store.close()
    assert blobs, "the demo's replacement orders come with their meter authorisations"
    keys = meter_keys.load()
    raw = settings.db_path.read_bytes() + _wal(settings.db_path)
    server_key = Ed25519PublicKey.from_public_bytes(identity.command_key)
    for blob in blobs:
        auth = au.verify_authorisation(blob, server_key, _now())
        plain = keys.meter_keys(auth.meter_number)
        for kind, wrapped in auth.wrapped_keys.items():
            assert au.unwrap_key(keys.transport_key, wrapped) == plain[kind]
            assert plain[kind] not in raw and plain[kind].hex().encode() not in raw
