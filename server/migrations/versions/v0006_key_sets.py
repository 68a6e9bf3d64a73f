"""Master keys from the key system, stored wrapped under the KEK (server.key_system).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('key_sets',
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('kek_id', sa.String(length=32), nullable=False),
    sa.Column('payload_wrapped', sa.LargeBinary(), nullable=False),
    sa.Column('imported_at', sa.BigInteger(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('version', 'kind')
    )


def downgrade() -> None:
    op.drop_table('key_sets')
