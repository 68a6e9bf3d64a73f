"""Unique identifiers and per-uploader attachment ownership.

- ``seals_used``: each seal number in its canonical form (``app.domain.identifiers.seal_no``)
  under a primary key, so a seal is used on one order only, the same on SQLite and
  PostgreSQL. Filled from the applied seal mutations in ``received_mutations``, in the
  order the server received them; where history already holds the same seal on two
  orders the first one is kept (and the later one logged), the migration never fails on it.
- ``archives.asset_no`` unique: one meter is at one customer. History cannot be repaired
  automatically here (which customer really has the meter?), so a database where two
  archives hold the same meter stops the upgrade with a message naming them.
- ``attachment_owners``: who uploaded each attachment (device, user, team, company); the
  owner columns move there out of ``attachments``, which keeps the bytes once per hash.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import msgspec
import sqlalchemy as sa
from alembic import op

from app.domain import identifiers
from app.domain.errors import ValidationError

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

_log = logging.getLogger("alembic.runtime.migration")
_OWNER_COLUMNS = ('device_id', 'user_id', 'team_id', 'company_id')
_BATCH = 1000


def upgrade() -> None:
    _seals_used()
    _unique_meters()
    _attachment_owners()


def downgrade() -> None:
    with op.batch_alter_table('attachments') as batch:
        batch.add_column(sa.Column('device_id', sa.String(length=40), nullable=False, server_default=''))
        batch.add_column(sa.Column('user_id', sa.String(length=32), nullable=False, server_default=''))
        batch.add_column(sa.Column('team_id', sa.String(length=32), nullable=False, server_default=''))
        batch.add_column(sa.Column('company_id', sa.String(length=32), nullable=False, server_default=''))
    bind = op.get_bind()
    for sha256, *owner in bind.execute(sa.text(  # the first owner of each hash
            "SELECT o.sha256, o.device_id, o.user_id, o.team_id, o.company_id FROM attachment_owners o "
            "ORDER BY o.completed_at DESC, o.device_id DESC")).all():
        bind.execute(sa.text("UPDATE attachments SET device_id = :d, user_id = :u, team_id = :t, "
                             "company_id = :c WHERE sha256 = :s"),
                     {"s": sha256, **dict(zip("dutc", owner, strict=True))})
    op.drop_table('attachment_owners')
    with op.batch_alter_table('archives') as batch:
        batch.drop_index('ux_archives_asset_no')
    op.drop_table('seals_used')


def _seals_used() -> None:
    seals = op.create_table('seals_used',
    sa.Column('seal_no', sa.String(length=32), nullable=False),
    sa.Column('order_no', sa.String(length=40), nullable=False),
    sa.Column('device_id', sa.String(length=40), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('used_at', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('seal_no')
    )
    used_on: dict[str, str] = {}  # seal -> the order it was first used on
    batch: list[dict[str, Any]] = []
    for row in _applied_seals():
        seal_no = _seal_of(row.payload)
        if seal_no is None:
            continue
        if seal_no in used_on:
            if used_on[seal_no] != row.order_no:
                _log.warning("seal %s was applied on order %s and again on order %s (%s #%s): the "
                             "first use is kept", seal_no, used_on[seal_no], row.order_no, row.device_id,
                             row.seq)
            continue
        used_on[seal_no] = row.order_no
        batch.append({"seal_no": seal_no, "order_no": row.order_no, "device_id": row.device_id,
                      "seq": row.seq, "used_at": row.received_at})
        if len(batch) >= _BATCH:
            op.bulk_insert(seals, batch)
            batch = []
    if batch:
        op.bulk_insert(seals, batch)


def _applied_seals() -> Iterator[Any]:
    """Applied seal mutations in the order the server received them (streamed, not loaded)."""
    query = sa.text("SELECT device_id, seq, order_no, payload, received_at FROM received_mutations "
                    "WHERE entity = 'seal' AND outcome = 'applied' ORDER BY received_at, device_id, seq")
    yield from op.get_bind().execute(query.execution_options(stream_results=True, yield_per=_BATCH))


def _seal_of(payload: bytes) -> str | None:
    try:
        data = msgspec.msgpack.decode(payload)
    except msgspec.DecodeError:
        return None
    value = data.get("seal_no") if isinstance(data, dict) else None
    if not isinstance(value, str):
        return None
    try:
        return identifiers.seal_no(value)
    except ValidationError:
        return None  # a seal the rule of today would refuse as unreadable: it can block nothing


def _unique_meters() -> None:
    duplicates = op.get_bind().execute(sa.text(
        "SELECT asset_no, customer_no FROM archives WHERE asset_no IN "
        "(SELECT asset_no FROM archives GROUP BY asset_no HAVING COUNT(*) > 1) "
        "ORDER BY asset_no, customer_no")).all()
    if duplicates:
        found: dict[str, list[str]] = {}
        for asset_no, customer_no in duplicates:
            found.setdefault(asset_no, []).append(customer_no)
        listed = "; ".join(f"meter {a} at customers {', '.join(c)}" for a, c in found.items())
        raise RuntimeError(f"the archive has meters installed at more than one customer ({listed}): "
                           "correct those archives, then start the server again")
    with op.batch_alter_table('archives') as batch:
        batch.create_index('ux_archives_asset_no', ['asset_no'], unique=True)


def _attachment_owners() -> None:
    op.create_table('attachment_owners',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('device_id', sa.String(length=40), nullable=False),
    sa.Column('user_id', sa.String(length=32), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('company_id', sa.String(length=32), nullable=False),
    sa.Column('completed_at', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('sha256', 'device_id')
    )
    op.execute("INSERT INTO attachment_owners (sha256, device_id, user_id, team_id, company_id, "
               "completed_at) SELECT sha256, device_id, user_id, team_id, company_id, completed_at "
               "FROM attachments")
    with op.batch_alter_table('attachments') as batch:
        for name in _OWNER_COLUMNS:
            batch.drop_column(name)
