"""The key-system interface: master keys imported wrapped under a KEK, versioned, never in clear.

The key system's side (``main.py server keys wrap``) makes a key-transfer file from plain
keys; ``keys import`` stores it wrapped; a real server started with the KEK issues meter
authorisations whose keys, unwrapped by the terminal's transport key, are the meters' keys
diversified from those master keys; rotation, refusals, and no clear key in the database
file or the logs."""

from __future__ import annotations

import base64
import json
import logging
import secrets
import shutil
import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import func, select

import main
from app.domain.work_orders import Family
from server import key_system
from server.app import create_app, open_store
from server.config import ServerConfig
from server.db import tables
from server.run import EmbeddedServer
from signed_commands import cipher
from signed_commands.authorisation import (
    KIND,
    diversification_factor,
    unwrap_key,
    verify_authorisation,
)
from tests.server.client import Device, enrol, error_of, mutation
from tests.server.conftest import small_demo
from tests.support.services import free_tcp_port


def _plain(path: Path) -> dict[str, bytes]:
    keys = {n: secrets.token_bytes(16) for n in ("identity", "parameter", "control", "transport")}
    masters = {n: keys[n].hex() for n in ("identity", "parameter", "control")}
    path.write_text(json.dumps({"master_keys": masters, "terminal_transport_key": keys["transport"].hex()}))
    return keys


def _cli(home: Path, *args: str) -> int:
    return main.main(["--home", str(home), "server", *args])


def _authorisations(device: Device, changes: list) -> dict[str, list[bytes]]:
    found: dict[str, list[bytes]] = {}
    for c in changes:
        if c.entity == "command" and c.payload["kind"] == KIND:
            found.setdefault(c.payload["order_no"], []).append(c.payload["data"])
    return found


def _check_keys(device: Device, data: bytes, keys: dict[str, bytes]) -> int:
    """Every key the authorisation carries is the meter's key diversified from ``keys``."""
    key = Ed25519PublicKey.from_public_bytes(device.command_key)
    auth = verify_authorisation(data, key, now=time.time())
    factor = diversification_factor(auth.meter_number)
    for kind, wrapped in auth.wrapped_keys.items():
        assert unwrap_key(keys["transport"], wrapped) == cipher.diversify(keys[kind], factor)
    return len(auth.wrapped_keys)


def _count(config: ServerConfig) -> int:
    engine = open_store(config)
    try:
        with engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(tables.key_sets)).scalar_one())
    finally:
        engine.dispose()


def _leaks(blob: bytes, keys: dict[str, bytes]) -> list[str]:
    low = blob.lower()
    return [n for n, k in keys.items() if k in blob or k.hex().encode() in low
            or base64.b64encode(k) in blob]


def test_imported_keys_drive_the_authorisations_and_rotate(tmp_path: Path, caplog: pytest.LogCaptureFixture,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    caplog.set_level(logging.DEBUG)
    home, kek = tmp_path / "home", tmp_path / "kek.hex"
    v1, v2 = _plain(tmp_path / "plain1.json"), _plain(tmp_path / "plain2.json")
    for n in (1, 2):
        assert _cli(home, "keys", "wrap", str(tmp_path / f"plain{n}.json"), "--kek", str(kek),
                    "--version", str(n), "--out", str(tmp_path / f"keys{n}.json")) == 0
    assert kek.stat().st_mode & 0o777 == 0o600
    doc = json.loads((tmp_path / "keys1.json").read_text())
    assert doc["format"] == "meterfield-keys/1" and doc["key_version"] == 1 and _leaks(
        (tmp_path / "keys1.json").read_bytes(), v1) == []
    assert _cli(home, "keys", "import", str(tmp_path / "keys1.json"), "--kek", str(kek)) == 0

    config = ServerConfig(home=home / "server", port=free_tcp_port(), tls=False, kek_file=str(kek))
    server = EmbeddedServer(config).start(demo=(demo := small_demo()))
    try:
        tech = enrol(server.url, server.codes["CD101"], "CD101 terminal")
        found = _authorisations(tech, tech.pull_all())
        mine = [o for o in demo.orders_of("CD101") if o.family is Family.REPLACEMENT]
        assert mine and set(found) == {o.order_no for o in mine}
        assert sum(_check_keys(tech, d, v1) for ds in found.values() for d in ds) > 0
    finally:
        server.stop()

    # Rotation: version 2 imported (and so active), the server restarted: fresh authorisations use it.
    assert _cli(home, "keys", "import", str(tmp_path / "keys2.json"), "--kek", str(kek)) == 0
    server = EmbeddedServer(config).start(demo=demo)
    try:
        order = mine[0]
        answer = tech.sync([mutation(1, "order_event", order.order_no,
                                     {"order_no": order.order_no, "event": "start", "status": "in_progress",
                                      "step": "identify_old", "at": "2026-11-24T09:00:00+08:00"})])
        renewed = _authorisations(tech, answer.changes)[order.order_no]
        assert len(renewed) == 2 and all(_check_keys(tech, d, v2) for d in renewed)
        with pytest.raises(Exception, match="another terminal"):  # v1 keys do not open v2's
            _check_keys(tech, renewed[0], v1)
    finally:
        server.stop()

    assert _cli(home, "keys", "list") == 0
    listed = capsys.readouterr().out
    assert "v1" in listed and "v2    ACTIVE" in listed
    assert _cli(home, "keys", "activate", "1") == 0 and _cli(home, "keys", "activate", "7") == 2
    engine = open_store(config)
    assert [s.version for s in key_system.key_sets(engine) if s.active] == [1]
    engine.dispose()

    # Nothing in clear: a copy of the database (with its WAL) and everything logged or printed.
    copy = tmp_path / "copy.sqlite3"
    shutil.copy(config.home / "server.sqlite3", copy)
    blob = copy.read_bytes() + b"".join(p.read_bytes() for p in config.home.glob("server.sqlite3-*"))
    logged = (caplog.text + "".join(repr(r.args) for r in caplog.records) + listed
              + "".join(capsys.readouterr())).encode()
    assert "version 2" in caplog.text
    for keys in (v1, v2):
        assert _leaks(blob, keys) == [] and _leaks(logged, keys) == []


@pytest.mark.parametrize("damage", ["wrong-kek", "tampered", "format", "swapped", "short", "kek-id"])
def test_a_bad_key_file_is_refused_and_nothing_stored(tmp_path: Path, damage: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    home, kek = tmp_path / "home", tmp_path / "kek.hex"
    plain = _plain(tmp_path / "plain.json")
    if damage == "short":
        doc = json.loads((tmp_path / "plain.json").read_text())
        doc["master_keys"]["control"] = "00" * 8
        (tmp_path / "plain.json").write_text(json.dumps(doc))
        assert _cli(home, "keys", "wrap", str(tmp_path / "plain.json"), "--kek", str(kek), "--version", "1",
                    "--out", str(tmp_path / "keys.json")) == 2
        # the key system's side refuses it too: wrap a short key by hand
        k = key_system.load_kek(kek)
        wrapped = key_system.wrap_plain(
            {"master_keys": {"identity": plain["identity"].hex()},
             "terminal_transport_key": plain["transport"].hex()}, k, 1)
        wrapped["keys"][0]["wrapped"] = key_system._seal(k, 1, "meter-master", "identity", bytes(8))
        (tmp_path / "keys.json").write_text(json.dumps(wrapped))
    else:
        assert _cli(home, "keys", "wrap", str(tmp_path / "plain.json"), "--kek", str(kek), "--version", "1",
                    "--out", str(tmp_path / "keys.json")) == 0
    doc = json.loads((tmp_path / "keys.json").read_text())
    given = kek
    if damage == "wrong-kek":
        given = tmp_path / "other.hex"
        given.write_text(secrets.token_hex(32))
        given.chmod(0o600)
    elif damage == "tampered":
        raw = bytearray(base64.b64decode(doc["keys"][1]["wrapped"]))
        raw[20] ^= 1
        doc["keys"][1]["wrapped"] = base64.b64encode(bytes(raw)).decode()
    elif damage == "format":
        doc["format"] = "meterfield-keys/0"
    elif damage == "swapped":
        first, second = doc["keys"][0], doc["keys"][1]
        first["wrapped"], second["wrapped"] = second["wrapped"], first["wrapped"]
    elif damage == "kek-id":
        doc["kek_id"] = "00" * 8
    (tmp_path / "keys.json").write_text(json.dumps(doc))
    capsys.readouterr()
    assert _cli(home, "keys", "import", str(tmp_path / "keys.json"), "--kek", str(given)) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and _leaks(err.encode(), plain) == []
    expected = {"wrong-kek": "wrapped under KEK", "tampered": "does not unwrap", "format": "format",
                "swapped": "does not unwrap", "short": "unwraps to 8 bytes", "kek-id": "wrapped under KEK"}
    assert expected[damage] in err
    assert _count(ServerConfig(home=home / "server")) == 0


def test_the_server_refuses_a_wrong_kek_and_warns_on_plain_keys(tmp_path: Path,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    home, kek = tmp_path / "home", tmp_path / "kek.hex"
    _plain(tmp_path / "plain.json")
    config = ServerConfig(home=home / "server", tls=False, kek_file=str(kek))
    key_system.create_kek(kek)
    engine = open_store(config)
    try:
        with pytest.raises(key_system.KeySystemError, match="no active meter key set"):
            create_app(config, engine)
        plain = json.loads((tmp_path / "plain.json").read_text())
        doc = key_system.wrap_plain(plain, key_system.load_kek(kek), 3)
        (tmp_path / "keys.json").write_text(json.dumps(doc))
        key_system.import_file(engine, tmp_path / "keys.json", key_system.load_kek(kek), now=0)
        other = tmp_path / "other.hex"
        key_system.create_kek(other)
        with pytest.raises(key_system.KeySystemError, match="wrapped under KEK"):
            create_app(ServerConfig(home=config.home, tls=False, kek_file=str(other)), engine)
        assert create_app(config, engine).state.server.meter_keys.master_keys.keys() == {
            "identity", "parameter", "control"}
        caplog.set_level(logging.WARNING)
        create_app(ServerConfig(home=config.home, tls=False, meter_keys_file=str(tmp_path / "plain.json")),
                   engine)
        assert "PLAIN file" in caplog.text
    finally:
        engine.dispose()
    # main.py server with a KEK that does not open the key set: a clear refusal, exit 2
    assert _cli(home, "--no-tls", "--kek", str(other), "--port", str(free_tcp_port())) == 2


def _recharge(device: Device, customer_no: str, request_id: str) -> tuple[int, bytes | None, str]:
    from sync import protocol
    from sync.protocol import PATH_TASK_REQUEST, TaskRequest, TaskResponse

    body = protocol.encode(TaskRequest(1, request_id, "recharge", customer_no, 5000, 2,
                                       card_serial="4D46000000000001"))
    resp = device.request("POST", PATH_TASK_REQUEST, body)
    if resp.status_code != 200:
        return resp.status_code, None, error_of(resp)[0]
    return 200, protocol.decode(resp.content, TaskResponse).command, ""


@pytest.mark.parametrize("with_card_keys", [True, False])
def test_credit_tokens_are_authorised_with_the_key_systems_card_key(tmp_path: Path,
                                                                    with_card_keys: bool) -> None:
    from signed_commands import envelope
    from signed_commands.credit_token import decode_body, sm_auth_mac

    home, kek = tmp_path / "home", tmp_path / "kek.hex"
    _plain(tmp_path / "plain.json")
    card = {n: secrets.token_bytes(16) for n in ("purchase", "recharge_auth")}
    doc = json.loads((tmp_path / "plain.json").read_text())
    if with_card_keys:
        doc["card_master_keys"] = {n: k.hex() for n, k in card.items()}
    (tmp_path / "plain.json").write_text(json.dumps(doc))
    assert _cli(home, "keys", "wrap", str(tmp_path / "plain.json"), "--kek", str(kek), "--version", "1",
                "--out", str(tmp_path / "keys.json")) == 0
    assert _cli(home, "keys", "import", str(tmp_path / "keys.json"), "--kek", str(kek)) == 0
    config = ServerConfig(home=home / "server", port=free_tcp_port(), tls=False, kek_file=str(kek))
    server = EmbeddedServer(config).start(demo=(demo := small_demo()))
    try:
        tech = enrol(server.url, server.codes["CD101"], "CD101 terminal")
        tech.pull_all()
        customer = next(a for a in demo.archives if a.customer.company_id == "C-CD").customer.customer_no
        status, command, code = _recharge(tech, customer, "r-1")
    finally:
        server.stop()
    if not with_card_keys:  # no card key from the key system: refused, never made with another key
        assert (status, command, code) == (503, None, "no_card_keys")
        return
    assert status == 200 and command is not None
    token = decode_body(envelope.decode(command).verify(Ed25519PublicKey.from_public_bytes(tech.command_key),
                                                        time.time(), "credit-token"))
    assert token.sm_auth == sm_auth_mac(card["recharge_auth"], token) and token.purchase_count == 3
