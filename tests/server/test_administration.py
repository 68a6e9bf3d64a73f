"""First start and administration: ``server init`` in its own process, the first administrator's
device, users, teams and PINs over REST, what the team's handhelds receive, and the audit log."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import create_engine, func, select

from server import changelog
from server.db import reading, tables
from tests.server.client import Device, enrol, error_of
from tests.server.conftest import Running
from tests.support.services import ManagedProcess, free_tcp_port, tcp_listening, wait_until

ROOT = Path(__file__).resolve().parents[2]
KEYS = ROOT / "resources" / "keys" / "demo_meter_keys.json"  # stands in for the key system's file
NEW_ROUTES = [("POST", "/v1/admin/users"), ("GET", "/v1/admin/users"), ("POST", "/v1/admin/users/CD101"),
              ("POST", "/v1/admin/users/CD101/reset-pin"), ("POST", "/v1/admin/teams"),
              ("GET", "/v1/admin/teams"), ("GET", "/v1/admin/audit"),
              ("POST", "/v1/admin/service-areas"), ("GET", "/v1/admin/service-areas")]


def _cli(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "main.py", "--home", str(home), "server", *args], cwd=ROOT,
                          capture_output=True, text=True, input=stdin, timeout=120, check=False,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def _administrators(home: Path) -> list[str]:
    engine = create_engine(f"sqlite:///{home / 'server' / 'server.sqlite3'}")
    try:
        with engine.connect() as conn:
            u = tables.users.c
            return list(conn.execute(select(u.user_id).where(u.role == "administrator")).scalars())
    finally:
        engine.dispose()


@pytest.fixture
def production(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    """An empty home; the server process is started by the test after ``init``."""
    yield tmp_path, free_tcp_port()


def _start(home: Path, port: int) -> ManagedProcess:
    argv = [sys.executable, str(ROOT / "main.py"), "--home", str(home), "server", "--port", str(port),
            "--no-tls", "--meter-keys", str(KEYS)]
    proc = ManagedProcess(argv, home / "server.log", env={"PYTHONPATH": str(ROOT)})
    proc.start()
    try:
        wait_until(tcp_listening(port), 30, "server process")
    except TimeoutError:
        proc.stop()
        raise AssertionError(proc.log_tail()) from None
    return proc


def test_first_start_to_a_synced_technician_across_processes(production: tuple[Path, int]) -> None:
    home, port = production
    first = _cli(home, "init", "--admin-id", "ROOT", "--admin-name", "First Administrator")
    assert first.returncode == 0, first.stderr
    assert "administrator ROOT created" in first.stdout
    code = first.stdout.strip().rsplit(" ", 1)[-1]
    again = _cli(home, "init", "--admin-id", "OTHER")
    assert again.returncode == 0 and "nothing was created" in again.stdout and code not in again.stdout
    assert _administrators(home) == ["ROOT"]  # init twice: still one administrator

    proc = _start(home, port)
    try:
        base = f"http://127.0.0.1:{port}"
        admin = enrol(base, code, "administrator desktop")
        assert (admin.user_id, admin.role) == ("ROOT", "administrator")
        with pytest.raises(AssertionError):
            enrol(base, code)  # the code works once
        team = admin.json("POST", "/v1/admin/teams", {"team_id": "CD-T9", "company_id": "C-CD",
                                                       "name": "Chengdu team 9"})
        assert team.status_code == 200, team.text
        tech = admin.json("POST", "/v1/admin/users", {"user_id": "CD901", "name": "Li Wei",
                                                       "role": "technician", "team_id": "CD-T9"})
        assert tech.status_code == 200, tech.text
        assert tech.json()["company_id"] == "C-CD"  # the team's company
        assert admin.json("POST", "/v1/admin/users/CD901/reset-pin", {"pin": "4821"}).status_code == 200
        issued = admin.json("POST", "/v1/admin/enrol-codes", {"user_id": "CD901"})
        assert issued.status_code == 200, issued.text
        handheld = enrol(base, issued.json()["code"], "CD901 handheld")
        changes = {(c.entity, c.entity_id): c.payload for c in handheld.pull_all()}
        assert changes[("team", "CD-T9")] == {"team_id": "CD-T9", "company_id": "C-CD",
                                              "name": "Chengdu team 9"}
        own = changes[("user", "CD901")]
        assert own["role"] == "technician" and own["team_id"] == "CD-T9"
        assert own["pin_hash"].startswith("$argon2id$")  # the PIN set over REST, for offline sign-in
        assert ("user", "ROOT") not in changes  # the administrator's record is not for technicians
        devices = admin.json("GET", "/v1/admin/devices").json()["devices"]
        assert {d["user_id"] for d in devices} == {"ROOT", "CD901"}
        assert admin.json("POST", f"/v1/admin/devices/{handheld.device_id}/revoke", {}).status_code == 200

        log = admin.json("GET", "/v1/admin/audit").json()["entries"]
        acts = [(e["action"], e["target"], e["actor_user_id"], e["actor_device_id"]) for e in log]
        by_admin = ("ROOT", admin.device_id)
        assert acts == [("user.create", "ROOT", "cli", ""), ("enrol_code.issue", "ROOT", "cli", ""),
                        ("team.create", "CD-T9", *by_admin), ("user.create", "CD901", *by_admin),
                        ("user.reset_pin", "CD901", *by_admin), ("enrol_code.issue", "CD901", *by_admin),
                        ("device.revoke", handheld.device_id, *by_admin)]
        assert "4821" not in json.dumps(log) and issued.json()["code"] not in json.dumps(log)  # no secrets
        page = admin.json("GET", f"/v1/admin/audit?since={log[2]['id']}").json()
        assert [e["id"] for e in page["entries"]] == [e["id"] for e in log[3:]]
        printed = _cli(home, "audit", "--json")  # the CLI reads the same log, beside the running server
        assert printed.returncode == 0, printed.stderr
        assert [json.loads(line)["action"] for line in printed.stdout.splitlines()] == [a[0] for a in acts]
    finally:
        proc.stop()


def test_cli_administration_is_audited_as_cli(tmp_path: Path) -> None:
    assert _cli(tmp_path, "init").returncode == 0
    assert _cli(tmp_path, "team", "add", "--id", "DY-T1", "--company", "C-DY", "--name", "Deyang 1"
                ).returncode == 0
    added = _cli(tmp_path, "user", "add", "--id", "DY101", "--name", "Wang", "--role", "technician",
                 "--team", "DY-T1")
    assert added.returncode == 0, added.stderr
    bad = _cli(tmp_path, "user", "add", "--id", "DY102", "--name", "Zhao", "--role", "boss",
               "--team", "DY-T1")
    assert bad.returncode == 1 and "unknown role 'boss'" in bad.stderr
    assert _cli(tmp_path, "reset-pin", "--user", "DY101", stdin="123456\n").returncode == 0
    assert _cli(tmp_path, "user", "update", "DY101", "--name", "Wang Fang").returncode == 0
    listing = _cli(tmp_path, "user", "list").stdout
    assert "DY101" in listing and "Wang Fang" in listing and "DY102" not in listing
    assert "DY-T1" in _cli(tmp_path, "team", "list").stdout
    log = [json.loads(line) for line in _cli(tmp_path, "audit", "--json").stdout.splitlines()]
    assert [(e["action"], e["target"]) for e in log] == [
        ("user.create", "ADMIN"), ("enrol_code.issue", "ADMIN"), ("team.create", "DY-T1"),
        ("user.create", "DY101"), ("user.reset_pin", "DY101"), ("user.update", "DY101")]
    assert {e["actor_user_id"] for e in log} == {"cli"}
    assert log[-1]["detail"] == {"name": "Wang Fang"}


# --- against the demo server of the fixtures (SQLite and PostgreSQL) ---------------------------------

@pytest.fixture(scope="module")
def admin(running: Running) -> Device:
    return running.device("ADMIN")


def _state(running: Running) -> tuple[Any, ...]:
    with reading(running.engine) as conn:
        return (conn.execute(select(func.count()).select_from(tables.users)).scalar(),
                conn.execute(select(func.count()).select_from(tables.teams)).scalar(),
                conn.execute(select(func.count()).select_from(tables.audit_log)).scalar(),
                changelog.head(conn))


@pytest.mark.parametrize(("path", "body", "status", "code"), [
    ("/v1/admin/users", {"user_id": "CD190", "name": "X", "role": "boss", "team_id": "CD-T1"}, 400,
     "unknown_role"),
    ("/v1/admin/users", {"user_id": "CD101", "name": "X", "role": "technician", "team_id": "CD-T1"}, 409,
     "duplicate_user"),
    ("/v1/admin/users", {"user_id": "CD190", "name": "X", "role": "technician", "team_id": "CD-T1",
                         "company_id": "C-DY"}, 400, "team_of_other_company"),
    ("/v1/admin/users", {"user_id": "CD190", "name": "X", "role": "technician", "team_id": "ZZ-T9"}, 400,
     "unknown_team"),
    ("/v1/admin/users", {"user_id": "CD190", "name": "X", "role": "technician"}, 400, "missing_field"),
    ("/v1/admin/users", {"user_id": "CD190", "role": "technician", "team_id": "CD-T1"}, 400, "missing_field"),
    ("/v1/admin/users", {"name": "X", "role": "technician", "team_id": "CD-T1"}, 400, "missing_field"),
    ("/v1/admin/users", {"user_id": "CD190", "name": "X" * 101, "role": "technician", "team_id": "CD-T1"},
     400, "too_long"),
    ("/v1/admin/users", {"user_id": "C" * 33, "name": "X", "role": "technician", "team_id": "CD-T1"}, 400,
     "bad_id"),
    ("/v1/admin/users", {"user_id": "cli", "name": "X", "role": "administrator"}, 400, "reserved_id"),
    ("/v1/admin/users", {"user_id": "CD190", "name": "X", "role": "administrator", "team_id": "CD-T1"}, 400,
     "team_not_allowed"),
    ("/v1/admin/users", {"user_id": "CD190", "name": "X", "role": "technician", "team_id": "CD-T1",
                         "pin_hash": "x"}, 400, "unknown_field"),
    ("/v1/admin/users/CD101", {"role": "boss"}, 400, "unknown_role"),
    ("/v1/admin/users/CD101", {"team_id": "CD-T1", "company_id": "C-DY"}, 400, "team_of_other_company"),
    ("/v1/admin/users/CD101", {}, 400, "missing_field"),
    ("/v1/admin/users/NOBODY", {"name": "X"}, 404, "unknown_user"),
    ("/v1/admin/users/CD101/reset-pin", {"pin": "12"}, 400, "bad_pin"),
    ("/v1/admin/users/NOBODY/reset-pin", {}, 404, "unknown_user"),
    ("/v1/admin/teams", {"team_id": "CD-T1", "company_id": "C-CD", "name": "again"}, 409, "duplicate_team"),
    ("/v1/admin/teams", {"team_id": "CD-T7", "name": "no company"}, 400, "missing_field"),
    ("/v1/admin/teams", {"team_id": "CD-T7", "company_id": "C-CD", "name": "N" * 101}, 400, "too_long"),
])
def test_bad_input_is_refused_and_changes_nothing(running: Running, admin: Device, path: str,
                                                  body: dict[str, Any], status: int, code: str) -> None:
    before = _state(running)
    resp = admin.json("POST", path, body)
    assert resp.status_code == status, resp.text
    assert error_of(resp)[0] == code and error_of(resp)[1]
    assert _state(running) == before


def test_update_moves_and_publishes_and_reset_clears(running: Running, admin: Device) -> None:
    assert admin.json("POST", "/v1/admin/teams", {"team_id": "CD-T8", "company_id": "C-CD",
                                                  "name": "Chengdu 8"}).status_code == 200
    added = admin.json("POST", "/v1/admin/users", {"user_id": "CD801", "name": "Zhang", "role": "technician",
                                                   "team_id": "CD-T1"})
    assert added.status_code == 200, added.text
    assert admin.json("POST", "/v1/admin/users/CD801/reset-pin", {"pin": "1357"}).status_code == 200
    old_team = running.device("CD102")  # a handheld of CD-T1: it knows CD801 and their PIN hash
    old_team.pull_all()
    moved = admin.json("POST", "/v1/admin/users/CD801", {"team_id": "CD-T8", "name": "Zhang San"})
    assert moved.json() == {"user_id": "CD801", "name": "Zhang San", "role": "technician",
                            "team_id": "CD-T8", "company_id": "C-CD"}
    assert admin.json("POST", "/v1/admin/users/CD801/reset-pin", {"pin": "2468"}).status_code == 200
    assert admin.json("POST", "/v1/admin/users/CD801/reset-pin", {}).json()["pin"] == "cleared"
    listed = {u["user_id"]: u for u in admin.json("GET", "/v1/admin/users").json()["users"]}
    assert listed["CD801"]["has_pin"] is False and "pin_hash" not in listed["CD801"]
    assert listed["CD101"]["has_pin"] is True
    teams = {t["team_id"] for t in admin.json("GET", "/v1/admin/teams").json()["teams"]}
    assert {"CD-T1", "CD-T8"} <= teams
    handheld = running.device("CD801")
    own = {c.entity_id: c.payload for c in handheld.pull_all() if c.entity == "user"}["CD801"]
    assert own["team_id"] == "CD-T8" and own["name"] == "Zhang San" and own["pin_hash"] == ""
    forgotten = [(c.op, c.entity_id) for c in old_team.pull_all(old_team.cursor) if c.entity == "user"]
    assert forgotten == [("delete", "CD801")]  # the old team's handheld can no longer sign them in
    log = admin.json("GET", "/v1/admin/audit").json()["entries"]
    update = next(e for e in log if e["action"] == "user.update" and e["target"] == "CD801")
    assert update["detail"] == {"name": "Zhang San", "team_id": "CD-T8"}


@pytest.mark.parametrize("user_id", ["CD100", "CD101"])  # a team leader and a technician
def test_only_administrators_may_administer(running: Running, user_id: str) -> None:
    device = running.device(user_id)
    before = _state(running)
    for method, path in NEW_ROUTES:
        resp = device.json(method, path, {"user_id": "CD191", "name": "X", "role": "administrator"}
                           if method == "POST" else None)
        assert resp.status_code == 403, (method, path, resp.text)
    assert _state(running) == before


def test_unsigned_callers_are_refused(running: Running) -> None:
    for method, path in NEW_ROUTES:
        resp = requests.request(method, running.base + path, timeout=10,
                                json={} if method == "POST" else None)
        assert resp.status_code == 401, (method, path, resp.text)


def test_every_new_route_is_documented(running: Running) -> None:
    spec = requests.get(running.base + "/openapi.json", timeout=10).json()
    for method, path in NEW_ROUTES:
        templated = path.replace("CD101", "{user_id}")
        operation = spec["paths"][templated][method.lower()]
        assert operation["summary"] and "administrators" in operation["summary"]
        assert {"401", "403"} <= set(operation["responses"])
