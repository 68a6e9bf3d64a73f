"""Inspections at the centre (server.inspections): each inspected order with its meter snapshot,
the findings of the comparison, and the seals on record per meter.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

AUTO_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table('inspections',
    sa.Column('order_no', sa.String(length=40), nullable=False),
    sa.Column('meter_asset_no', sa.String(length=32), nullable=False),
    sa.Column('customer_no', sa.String(length=40), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('company_id', sa.String(length=32), nullable=False),
    sa.Column('inspected_at', sa.BigInteger(), nullable=False),
    sa.Column('forward_total', sa.String(length=20), nullable=False),
    sa.Column('cover_open_count', sa.Integer(), nullable=False),
    sa.Column('findings', sa.Integer(), nullable=False),
    sa.Column('snapshot', sa.LargeBinary(), nullable=False),
    sa.Column('received_at', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('order_no')
    )
    op.create_index('ix_inspections_meter_asset_no', 'inspections', ['meter_asset_no'], unique=False)
    op.create_table('inspection_findings',
    sa.Column('finding_id', AUTO_ID, autoincrement=True, nullable=False),
    sa.Column('order_no', sa.String(length=40), nullable=False),
    sa.Column('meter_asset_no', sa.String(length=32), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('company_id', sa.String(length=32), nullable=False),
    sa.Column('rule', sa.String(length=40), nullable=False),
    sa.Column('severity', sa.String(length=20), nullable=False),
    sa.Column('expected', sa.String(length=300), nullable=False),
    sa.Column('found', sa.String(length=300), nullable=False),
    sa.Column('correctable', sa.Boolean(), nullable=False),
    sa.Column('correction', sa.LargeBinary(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('finding_id'),
    sa.UniqueConstraint('order_no', 'rule', name='uq_inspection_findings_order_rule')
    )
    op.create_table('meter_seals',
    sa.Column('meter_asset_no', sa.String(length=32), nullable=False),
    sa.Column('position', sa.String(length=20), nullable=False),
    sa.Column('seal_no', sa.String(length=32), nullable=False),
    sa.Column('order_no', sa.String(length=40), nullable=False),
    sa.Column('recorded_at', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('meter_asset_no', 'position')
    )


def downgrade() -> None:
    op.drop_table('meter_seals')
    op.drop_table('inspection_findings')
    op.drop_index('ix_inspections_meter_asset_no', table_name='inspections')
    op.drop_table('inspections')
