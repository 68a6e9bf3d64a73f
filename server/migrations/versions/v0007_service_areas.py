"""Service areas: the transformer districts each team serves (server.service_areas).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('service_areas',
    sa.Column('company_id', sa.String(length=32), nullable=False),
    sa.Column('transformer', sa.String(length=100), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('area_name', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('company_id', 'transformer')
    )
    op.create_index(op.f('ix_service_areas_team_id'), 'service_areas', ['team_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_service_areas_team_id'), table_name='service_areas')
    op.drop_table('service_areas')
