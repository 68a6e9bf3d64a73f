"""The deployment's tariff table (server.tariffs) and each archive's tariff code.

Revision ID: 0008
Revises: 0007

Backfilled from the archives: every tariff an archive holds becomes a row, so a database that
imported against the built-in tariffs keeps importing the same codes.
"""

from __future__ import annotations

from typing import Any

import msgspec
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('tariffs',
    sa.Column('tariff_code', sa.String(length=16), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('tariff_code')
    )
    with op.batch_alter_table('archives') as batch:
        batch.add_column(sa.Column('tariff_code', sa.String(length=16), nullable=False, server_default=''))
        batch.create_index('ix_archives_tariff_code', ['tariff_code'], unique=False)
    conn = op.get_bind()
    archives = sa.table('archives', sa.column('customer_no', sa.String), sa.column('payload', sa.LargeBinary),
                        sa.column('tariff_code', sa.String))
    tariffs = sa.table('tariffs', sa.column('tariff_code', sa.String), sa.column('payload', sa.JSON))
    seen: dict[str, dict[str, Any]] = {}
    for row in conn.execute(sa.select(archives.c.customer_no, archives.c.payload)).all():
        tariff: dict[str, Any] = _unpack(row.payload).get("tariff") or {}
        code = str(tariff.get("code", ""))
        if code:
            seen.setdefault(code, tariff)
            conn.execute(archives.update().where(archives.c.customer_no == row.customer_no)
                         .values(tariff_code=code))
    if seen:
        conn.execute(tariffs.insert(), [{"tariff_code": c, "payload": t} for c, t in seen.items()])


def _unpack(payload: bytes) -> dict[str, Any]:
    try:
        value = msgspec.msgpack.decode(bytes(payload))  # as server.changelog.pack wrote it
    except msgspec.DecodeError:  # not an archive record: nothing to learn from it
        return {}
    return value if isinstance(value, dict) else {}


def downgrade() -> None:
    with op.batch_alter_table('archives') as batch:
        batch.drop_index('ix_archives_tariff_code')
        batch.drop_column('tariff_code')
    op.drop_table('tariffs')
