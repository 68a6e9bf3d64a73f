"""The Alembic migrations create exactly the schema the code uses, on SQLite and PostgreSQL, and carry
an older database's data over."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import msgspec
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import Engine, insert, inspect, select, text, update

from app.domain.serialize import to_record
from server import changelog, db, results
from server.db import make_engine, migrate, tables
from server.errors import RefusedError
from tests.server.conftest import small_demo
from tests.server.pg import PostgresServer


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_migrated_schema_matches_the_tables(backend: str, tmp_path: Path,
                                            request: pytest.FixtureRequest) -> None:
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'm.sqlite3'}"
    else:
        pg: PostgresServer = request.getfixturevalue("postgres")
        url = pg.create_database("mf_migrations")
    engine = make_engine(url)
    try:
        migrate(engine)
        migrate(engine)  # idempotent: a restart runs it again
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), tables.metadata) == []
            assert set(inspect(conn).get_table_names()) >= set(tables.metadata.tables)
            if backend == "sqlite":
                assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        engine.dispose()


def _upgrade(engine: Engine, revision: str) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(db.__file__).resolve().parents[1] / "migrations"))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def _engine(backend: str, tmp_path: Path, request: pytest.FixtureRequest, name: str) -> Engine:
    if backend == "sqlite":
        return make_engine(f"sqlite:///{tmp_path / f'{name}.sqlite3'}")
    pg: PostgresServer = request.getfixturevalue("postgres")
    return make_engine(pg.create_database(name))


def _received(device_id: str, seq: int, entity: str, order_no: str, payload: Any, at: int,
              outcome: str = "applied") -> dict[str, Any]:
    packed = payload if isinstance(payload, bytes) else msgspec.msgpack.encode(payload)
    return {"device_id": device_id, "seq": seq, "user_id": "CD101", "entity": entity,
            "entity_id": f"{order_no}:{entity}:{seq}", "op": "upsert", "order_no": order_no,
            "payload": packed, "at": "2026-11-24T10:00:00+08:00", "received_at": at, "outcome": outcome,
            "code": "", "message": ""}


def _seal(order_no: str, seal_no: str) -> dict[str, str]:
    return {"order_no": order_no, "seal_no": seal_no, "position": "meter_cover", "meter_asset_no": "",
            "scanned_at": "2026-11-24T10:00:00+08:00", "source": "barcode"}


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_upgrading_a_0002_database_fills_the_seals_and_the_attachment_owners(
        backend: str, tmp_path: Path, request: pytest.FixtureRequest,
        caplog: pytest.LogCaptureFixture) -> None:
    engine = _engine(backend, tmp_path, request, "mf_migrate_0003")
    try:
        _upgrade(engine, "0002")
        with engine.begin() as conn:
            conn.execute(insert(tables.received_mutations), [
                _received("d1", 1, "seal", "WO-A", _seal("WO-A", "SC7589474527"), 100),
                # history already holds the bypass: the first use is kept, the migration goes on
                _received("d2", 5, "seal", "WO-B", _seal("WO-B", "sc7589474527"), 200),
                _received("d1", 2, "seal", "WO-A", _seal("WO-A", "SC 7589-474527"), 300),  # a re-scan
                _received("d3", 1, "seal", "WO-C", _seal("WO-C", "SC1111111111"), 50, "rejected"),
                _received("d3", 2, "seal", "WO-C", _seal("WO-C", "SC2222222222"), 400),
                _received("d3", 3, "seal", "WO-C", b"\xc1 not msgpack", 500),
                _received("d3", 4, "reading", "WO-C", {"order_no": "WO-C", "seal_no": "SC3333333333"}, 600)])
            conn.execute(text("INSERT INTO attachments (sha256, size, device_id, user_id, team_id, "
                              "company_id, completed_at, data) "
                              "VALUES (:s, 3, 'd1', 'CD101', 'CD-T1', 'C-CD', 700, :b)"),
                         {"s": "ab" * 32, "b": b"abc"})
        with caplog.at_level(logging.WARNING):
            migrate(engine)
        assert [r.getMessage() for r in caplog.records if "seal" in r.getMessage()] == [
            "seal SC7589474527 was applied on order WO-A and again on order WO-B (d2 #5): "
            "the first use is kept"]
        s, o, a = tables.seals_used.c, tables.attachment_owners.c, tables.attachments.c
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), tables.metadata) == []
            assert sorted(conn.execute(select(s.seal_no, s.order_no, s.device_id, s.seq, s.used_at))) == [
                ("SC2222222222", "WO-C", "d3", 2, 400), ("SC7589474527", "WO-A", "d1", 1, 100)]
            owners = conn.execute(select(o.sha256, o.device_id, o.user_id, o.team_id, o.company_id,
                                         o.completed_at)).all()
            assert owners == [("ab" * 32, "d1", "CD101", "CD-T1", "C-CD", 700)]
            assert conn.execute(select(a.sha256, a.size, a.completed_at, a.data)).all() == [
                ("ab" * 32, 3, 700, b"abc")]
        with engine.begin() as conn, pytest.raises(RefusedError) as refused:
            results.claim_seal(conn, "WO-B", "SC7589474527", device_id="d2", seq=6, now=800)
        assert (refused.value.code, refused.value.message) == (
            "seal_reused", "seal SC7589474527 was already used on order WO-A")
    finally:
        engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_an_archive_with_one_meter_at_two_customers_stops_the_upgrade_with_their_names(
        backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    engine = _engine(backend, tmp_path, request, "mf_migrate_dupes")
    try:
        _upgrade(engine, "0002")
        meter = "5102309418876227931535"
        archives_0002 = sa.table("archives", *(sa.column(n) for n in (
            "customer_no", "company_id", "asset_no", "meter_address", "payload")))  # as 0002 has it
        with engine.begin() as conn:
            conn.execute(insert(archives_0002), [
                {"customer_no": no, "company_id": "C-CD", "asset_no": meter, "meter_address": "202107072529",
                 "payload": b""} for no in ("0000000001", "0000000002")])
        with pytest.raises(RuntimeError, match=f"meter {meter} at customers 0000000001, 0000000002"):
            migrate(engine)
        with engine.begin() as conn:  # corrected by the operator: the upgrade goes through
            conn.execute(update(tables.archives).where(tables.archives.c.customer_no == "0000000002")
                         .values(asset_no="5102309418876227931536"))
        migrate(engine)
    finally:
        engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_tariff_table_is_backfilled_from_the_archives(backend: str, tmp_path: Path,
                                                          request: pytest.FixtureRequest) -> None:
    """A centre that imported against the built-in tariffs keeps its codes after the upgrade."""
    engine = _engine(backend, tmp_path, request, "mf_migrate_tariffs")
    try:
        _upgrade(engine, "0007")
        archive = small_demo().archives[0]
        archives_0007 = sa.table("archives", *(sa.column(n) for n in (
            "customer_no", "company_id", "asset_no", "meter_address", "payload")))
        with engine.begin() as conn:
            conn.execute(insert(archives_0007).values(
                customer_no=archive.customer.customer_no, company_id=archive.customer.company_id,
                asset_no=archive.meter.asset_no, meter_address=archive.meter.address,
                payload=changelog.pack(to_record(archive))))
        migrate(engine)
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), tables.metadata) == []
            assert conn.execute(select(tables.archives.c.tariff_code)).scalar_one() == archive.tariff.code
            [(code, payload)] = conn.execute(select(tables.tariffs.c.tariff_code, tables.tariffs.c.payload))
        assert code == archive.tariff.code and payload == to_record(archive.tariff)
    finally:
        engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_stock_table_is_backfilled_from_the_change_log(backend: str, tmp_path: Path,
                                                           request: pytest.FixtureRequest) -> None:
    """Until 0009 the change log was the only record of each technician's van stock: an issued meter
    stays issued, one already at a customer is consumed, one deleted (returned) is not carried."""
    engine = _engine(backend, tmp_path, request, "mf_migrate_stock")
    try:
        _upgrade(engine, "0008")
        log = sa.table("change_log", *(sa.column(n) for n in (
            "entity", "entity_id", "op", "payload", "tech_id", "team_id", "company_id", "audience",
            "created_at")))
        archives = sa.table("archives", *(sa.column(n) for n in (
            "customer_no", "company_id", "asset_no", "meter_address", "payload", "tariff_code")))

        def meter_row(asset: str, op: str = "upsert") -> dict[str, object]:
            return {"entity": "stock_meter", "entity_id": asset, "op": op, "tech_id": "CD101",
                    "team_id": "CD-T1", "company_id": "CD", "audience": "tech", "created_at": 100,
                    "payload": changelog.pack({"tech_id": "CD101", "asset_no": asset,
                                               "address": "990000000001", "model": "M"})}

        with engine.begin() as conn:
            conn.execute(insert(log), [meter_row("5102399000000000000001"),
                                       meter_row("5102399000000000000002"),
                                       meter_row("5102399000000000000003"),
                                       meter_row("5102399000000000000003", "delete")])
            conn.execute(insert(archives).values(
                customer_no="C1", company_id="CD", asset_no="5102399000000000000002",
                meter_address="990000000002", payload=changelog.pack({}), tariff_code=""))
        migrate(engine)
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), tables.metadata) == []
            s = tables.stock_items.c
            rows = dict(conn.execute(select(s.item_no, s.status)).all())
        assert rows == {"5102399000000000000001": "issued", "5102399000000000000002": "consumed"}
    finally:
        engine.dispose()
