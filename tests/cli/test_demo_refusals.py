"""No demo key is used unless the demo is asked for, and the demo never runs on a real database:
``main.py server --seed-demo`` and ``main.py card info`` as a user runs them (subprocesses)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import insert

from server import seed
from server.app import open_store
from server.config import ServerConfig
from server.db import tables
from tests.server.conftest import small_demo
from tests.support.services import free_tcp_port

ROOT = Path(__file__).resolve().parents[2]
DEMO_CARD_KEYS = ROOT / "resources" / "keys" / "demo_card_keys.json"


def main_py(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "main.py", *args], check=False, cwd=ROOT, capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


def _server_home(tmp_path: Path, *, demo: bool, real_user: str | None) -> Path:
    home = tmp_path / "home"
    engine = open_store(ServerConfig(home=home / "server"))
    try:
        if demo:
            seed.seed(engine, small_demo(), now=int(time.time()))
        if real_user:  # what the marketing system's import does
            with engine.begin() as conn:
                conn.execute(insert(tables.users).values(user_id=real_user, name="李四", role="technician",
                                                         team_id="CD-T1", company_id="C-CD"))
    finally:
        engine.dispose()
    return home


def _serve(home: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return main_py("--home", str(home), "server", "--no-tls", "--port", str(free_tcp_port()), *extra)


def test_seed_demo_on_a_database_with_real_users_exits_with_a_clear_error(tmp_path: Path) -> None:
    home = _server_home(tmp_path, demo=False, real_user="CD001")
    out = _serve(home, "--seed-demo")
    assert out.returncode == 2, out.stdout + out.stderr
    assert "--seed-demo refused" in out.stderr and "CD001" in out.stderr and "--meter-keys" in out.stderr
    assert "MeterField server on" not in out.stdout  # it never started
    keys = str(ROOT / "resources" / "keys" / "demo_meter_keys.json")
    assert _serve(home, "--seed-demo", "--meter-keys", keys).returncode == 2  # with keys: no demo either


def test_seed_demo_on_a_demo_database_with_an_imported_user_is_refused(tmp_path: Path) -> None:
    home = _server_home(tmp_path, demo=True, real_user="CD999")
    out = _serve(home, "--seed-demo")
    assert out.returncode == 2 and "1 user(s) the demo did not create (CD999)" in out.stderr, out.stderr


def test_card_info_without_explicit_keys_refuses_outside_demo_mode(tmp_path: Path) -> None:
    home = ["--home", str(tmp_path)]
    out = main_py(*home, "card", "info")
    assert out.returncode == 2 and "Pass --keys FILE" in out.stderr and "--demo-keys" in out.stderr
    out = main_py(*home, "card", "info", "--keys", str(DEMO_CARD_KEYS),
                  env={"METERFIELD_CARD_KEYS_PASSPHRASE": ""})
    assert out.returncode == 2 and "needs its passphrase" in out.stderr, out.stderr
    wrong = tmp_path / "passphrase"
    wrong.write_text("not-the-passphrase\n")
    out = main_py(*home, "card", "info", "--keys", str(DEMO_CARD_KEYS), "--passphrase-file", str(wrong))
    assert out.returncode == 1 and "does not open with this passphrase" in out.stderr, out.stderr
