"""An index on the inspection findings' order: the centre's figures read an order's findings each
time its records arrive.

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_inspection_findings_order_no', 'inspection_findings', ['order_no'])


def downgrade() -> None:
    op.drop_index('ix_inspection_findings_order_no', 'inspection_findings')
