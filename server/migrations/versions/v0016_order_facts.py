"""The analytical data of each order (server.analytics): computed from the uploaded events and
results as they arrive, on the device's own clock.

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'order_facts',
        sa.Column('order_no', sa.String(length=40), primary_key=True),
        sa.Column('company_id', sa.String(length=32), nullable=False),
        sa.Column('team_id', sa.String(length=32), nullable=False),
        sa.Column('tech_id', sa.String(length=32), nullable=False),
        sa.Column('area', sa.String(length=64), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('day', sa.String(length=10), nullable=False),
        sa.Column('outcome', sa.String(length=20), nullable=False),
        sa.Column('started_at', sa.String(length=40), nullable=False),
        sa.Column('ended_at', sa.String(length=40), nullable=False),
        sa.Column('work_s', sa.Float(), nullable=False),
        sa.Column('elapsed_s', sa.Float(), nullable=False),
        sa.Column('steps', sa.Integer(), nullable=False),
        sa.Column('failed_steps', sa.Integer(), nullable=False),
        sa.Column('rework', sa.Boolean(), nullable=False),
        sa.Column('first_time', sa.Boolean(), nullable=False),
        sa.Column('anomalies', sa.Text(), nullable=False),
        sa.Column('sync_delay_s', sa.Float(), nullable=True),
        sa.Column('first_fix', sa.String(length=64), nullable=False),
        sa.Column('last_fix', sa.String(length=64), nullable=False),
        sa.Column('updated_at', sa.BigInteger(), nullable=False),
    )
    op.create_index('ix_order_facts_day', 'order_facts', ['company_id', 'day'])


def downgrade() -> None:
    op.drop_index('ix_order_facts_day', 'order_facts')
    op.drop_table('order_facts')
