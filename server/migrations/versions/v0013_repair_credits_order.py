"""A repair remembers the purchase its decision re-issued: only that purchase can be confirmed by
the repair's result (a result cannot name another purchase to mark it credited).

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('task_requests') as batch:
        batch.add_column(sa.Column('credits_order', sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('task_requests') as batch:
        batch.drop_column('credits_order')
