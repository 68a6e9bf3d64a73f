"""The public demo meter keys only ever serve a demo database: one whose users all come from the
demo seed. Marked by the seed (``demo_users``), recognised after an upgrade, refused otherwise."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, insert, select

from app.domain.credentials import DEMO_PIN
from server import pins, seed
from server.app import create_app, open_store
from server.config import ServerConfig
from server.db import make_engine, migrate, tables
from server.demo_guard import DemoRefusedError, real_users
from server.run import build
from tests.server.conftest import small_demo

ROOT = Path(__file__).resolve().parents[2]
KEYS = ROOT / "resources" / "keys" / "demo_meter_keys.json"  # stands in for the key system's file


def _config(tmp_path: Path, **kw: object) -> ServerConfig:
    return ServerConfig(home=tmp_path / "server", tls=False, **kw)  # type: ignore[arg-type]


def _add_real_user(engine: Engine, user_id: str = "CD999") -> None:
    """What the marketing system's import does: a user the demo did not create."""
    with engine.begin() as conn:
        conn.execute(insert(tables.users).values(user_id=user_id, name="张三", role="technician",
                                                 team_id="CD-T1", company_id="C-CD"))


def test_the_demo_seed_marks_its_users_and_the_demo_keys_serve_only_them(tmp_path: Path) -> None:
    config = _config(tmp_path)
    engine = open_store(config)
    try:
        seed.seed(engine, small_demo(), now=int(time.time()))
        assert real_users(engine) == []
        create_app(config, engine)  # a demo database: the demo keys are fine
        _add_real_user(engine)
        assert real_users(engine) == ["CD999"]
        with pytest.raises(DemoRefusedError, match=r"1 user\(s\) the demo did not create \(CD999\)"):
            create_app(config, engine)
        create_app(_config(tmp_path, meter_keys_file=str(KEYS)), engine)  # the key system's keys: fine
    finally:
        engine.dispose()


def test_no_meter_keys_on_a_real_database_is_refused(tmp_path: Path) -> None:
    config = _config(tmp_path)
    engine = open_store(config)
    _add_real_user(engine, "CD001")
    engine.dispose()
    with pytest.raises(DemoRefusedError, match="--meter-keys FILE"):
        create_app(config)
    with pytest.raises(DemoRefusedError, match="--seed-demo refused"):
        build(_config(tmp_path, meter_keys_file=str(KEYS)), seed_demo=True)
    engine = open_store(config)
    try:  # nothing was seeded into it
        assert list(engine.connect().execute(select(tables.users.c.user_id)).scalars()) == ["CD001"]
    finally:
        engine.dispose()


def _upgraded_from_0002(path: Path, pin_hashes: list[str]) -> list[str]:
    """A database an older server filled, upgraded now: the users it counts as real."""
    engine = make_engine(f"sqlite:///{path}")
    try:
        cfg = Config()
        cfg.set_main_option("script_location", str(ROOT / "server" / "migrations"))
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0002")
        with engine.begin() as conn:
            conn.execute(insert(tables.users), [
                {"user_id": f"CD1{i:02d}", "name": "x", "role": "technician", "team_id": "T",
                 "company_id": "C", "pin_hash": h, "badge_hash": ""} for i, h in enumerate(pin_hashes)])
        migrate(engine)
        return real_users(engine)
    finally:
        engine.dispose()


def test_a_demo_database_from_before_the_marker_is_recognised(tmp_path: Path) -> None:
    """Seeded by an older server: every user has the seed's one hash of the demo PIN."""
    shared = pins.hash_pin(DEMO_PIN)
    assert _upgraded_from_0002(tmp_path / "demo.sqlite3", [shared] * 3) == []
    own = pins.hash_pin(DEMO_PIN)  # set-pin: the same PIN, its own salt
    assert _upgraded_from_0002(tmp_path / "set-pin.sqlite3", [shared, own]) == ["CD100", "CD101"]
    other = pins.hash_pin("8642")
    assert _upgraded_from_0002(tmp_path / "real.sqlite3", [other, other]) == ["CD100", "CD101"]
