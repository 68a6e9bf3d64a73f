"""``main.py server enrol-code --qr`` and ``set-pin``: the QR code a terminal scans enrols it
against the real server (https, pinned), and a PIN set on the command line reaches the team."""

from __future__ import annotations

import io
import os
import stat
import time
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

import main
from device_drivers.barcode.decode import decode_one
from device_drivers.barcode.model import Symbology
from server import seed
from server.app import open_store
from server.config import ServerConfig
from server.db import tables
from server.run import EmbeddedServer
from server.tls import server_tls
from sync.enrolment_link import parse_link
from sync.errors import EnrolmentError
from sync.runner import enrol_from_link
from tests.server.conftest import small_demo
from tests.support.services import free_tcp_port
from tests.sync.conftest import Terminal


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A --home whose server database holds the small demo utility."""
    config = ServerConfig(home=tmp_path / "home" / "server")
    config.home.mkdir(parents=True)
    engine = open_store(config)
    seed.seed(engine, small_demo(), now=int(time.time()))
    engine.dispose()
    return tmp_path / "home"


def test_the_qr_code_enrols_a_terminal_over_pinned_https(home: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    port = free_tcp_port()
    png = tmp_path / "enrol.png"
    url = f"https://127.0.0.1:{port}"
    assert main.main(["--home", str(home), "server", "enrol-code", "--user", "CD101", "--qr", str(png),
                      "--url", url]) == 0
    out = capsys.readouterr().out
    code = out.split("works once): ")[1].split()[0]
    assert str(png) in out
    assert stat.S_IMODE(os.stat(png).st_mode) == 0o600  # it holds a one-time code
    scanned = decode_one(png, frozenset({Symbology.QR})).text
    link = parse_link(scanned)
    pin = server_tls(ServerConfig(home / "server")).primary_pin  # the key of the server's certificate
    assert (link.url, link.fingerprint, link.code) == (url, pin, code)
    from PIL import Image

    with Image.open(png) as image:  # scale 10, border 4: (modules + 8) * 10 pixels a side
        assert image.size[0] == image.size[1] and image.size[0] % 10 == 0 and image.size[0] >= 33 * 10

    server = EmbeddedServer(ServerConfig(home=home / "server", port=port, tls=True)).start(seed_demo=False)
    try:
        terminal = Terminal(tmp_path / "terminal")
        identity = enrol_from_link(terminal.local, scanned, "handheld 17")
        assert (identity.user_id, identity.team_id, identity.server_url) == ("CD101", "CD-T1", url)
        assert identity.team_name and identity.user_name and identity.company_id
        assert terminal.local.identity() == identity  # kept, team included
        with pytest.raises(EnrolmentError) as caught:
            enrol_from_link(Terminal(tmp_path / "second").local, scanned, "a second handheld")
        assert caught.value.code == "code_used"
    finally:
        server.stop()


def test_the_default_qr_url_is_the_server_address_and_a_loopback_one_is_warned_about(
        home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    png = tmp_path / "default.png"
    assert main.main(["--home", str(home), "server", "--port", "9443", "enrol-code", "--user", "CD102",
                      "--qr", str(png)]) == 0
    assert "--url" in capsys.readouterr().err
    assert parse_link(decode_one(png, frozenset({Symbology.QR})).text).url == "https://127.0.0.1:9443"
    assert main.main(["--home", str(home), "server", "enrol-code", "--user", "CD102", "--qr",
                      str(png), "--url", "http://centre.example"]) == 2


def test_set_pin_reads_stdin_and_appends_a_user_change(home: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("97531\n"))
    assert main.main(["--home", str(home), "server", "set-pin", "--user", "CD102",
                      "--badge", "BADGE-7"]) == 0
    assert "PIN and badge of CD102 set" in capsys.readouterr().out
    engine = open_store(ServerConfig(home=home / "server"))
    try:
        with engine.connect() as conn:
            row = conn.execute(select(tables.users).where(tables.users.c.user_id == "CD102")).one()
            last = conn.execute(select(tables.change_log.c.entity, tables.change_log.c.entity_id)
                                .order_by(tables.change_log.c.cursor.desc()).limit(1)).one()
    finally:
        engine.dispose()
    hasher = PasswordHasher()
    assert hasher.verify(row.pin_hash, "97531") and hasher.verify(row.badge_hash, "BADGE-7")
    assert tuple(last) == ("user", "CD102")
    monkeypatch.setattr("sys.stdin", io.StringIO("12\n"))
    assert main.main(["--home", str(home), "server", "set-pin", "--user", "CD102"]) == 1
    assert "4 to 8 digits" in capsys.readouterr().err
