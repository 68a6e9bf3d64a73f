"""The head of each handheld's chain of operation events at the centre (sync.event_chain): the last
event's number and hash, so the next one is checked on arrival.

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'event_chains',
        sa.Column('device_id', sa.String(length=40), primary_key=True),
        sa.Column('last_seq', sa.BigInteger(), nullable=False),
        sa.Column('last_hash', sa.String(length=64), nullable=False),
        sa.Column('problems', sa.BigInteger(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table('event_chains')
