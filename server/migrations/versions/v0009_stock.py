"""Each technician's stock of meters and seals (server.stock).

Revision ID: 0009
Revises: 0008

Backfilled from the change log: a ``stock_meter`` whose latest row is not a delete is an issued
meter of that row's technician (until now the change log was the only record of the stock), or a
consumed one if an archive already has it at a customer.
"""

from __future__ import annotations

from typing import Any

import msgspec
import sqlalchemy as sa
from alembic import op

from app.domain.identifiers import canonical

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('stock_items',
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('item_no', sa.String(length=32), nullable=False),
    sa.Column('tech_id', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('meter_address', sa.String(length=16), nullable=False),
    sa.Column('model', sa.String(length=100), nullable=False),
    sa.Column('order_no', sa.String(length=40), nullable=False),
    sa.Column('issued_at', sa.BigInteger(), nullable=False),
    sa.Column('updated_at', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'item_no')
    )
    op.create_index(op.f('ix_stock_items_tech_id'), 'stock_items', ['tech_id'], unique=False)
    conn = op.get_bind()
    rows = _backfill(conn)
    if rows:
        conn.execute(sa.table('stock_items', *(sa.column(n) for n in rows[0])).insert(), rows)


def _backfill(conn: sa.Connection) -> list[dict[str, Any]]:
    log = sa.table('change_log', *(sa.column(n) for n in (
        'cursor', 'entity', 'entity_id', 'op', 'payload', 'tech_id', 'created_at')))
    latest: dict[str, Any] = {}
    for row in conn.execute(sa.select(log).where(log.c.entity == 'stock_meter').order_by(log.c.cursor)):
        latest[_canonical(row.entity_id)] = row
    archives = sa.table('archives', sa.column('asset_no'))
    installed = set(conn.execute(sa.select(archives.c.asset_no)).scalars())
    items = []
    for item_no, row in latest.items():
        payload = _unpack(row.payload)
        if row.op == 'delete' or not row.tech_id or not item_no:
            continue
        status = 'consumed' if item_no in installed else 'issued'
        items.append({'kind': 'meter', 'item_no': item_no, 'tech_id': row.tech_id, 'status': status,
                      'meter_address': _canonical(str(payload.get('address', '')))[:16],
                      'model': str(payload.get('model', ''))[:100], 'order_no': '',
                      'issued_at': row.created_at, 'updated_at': row.created_at})
    return items


def _canonical(value: str) -> str:
    return canonical(value)[:32]  # the form the server compares numbers in


def _unpack(payload: bytes) -> dict[str, Any]:
    try:
        value = msgspec.msgpack.decode(bytes(payload))  # as server.changelog.pack wrote it
    except msgspec.DecodeError:
        return {}
    return value if isinstance(value, dict) else {}


def downgrade() -> None:
    op.drop_index(op.f('ix_stock_items_tech_id'), table_name='stock_items')
    op.drop_table('stock_items')
