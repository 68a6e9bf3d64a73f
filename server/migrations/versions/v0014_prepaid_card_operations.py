"""The prepaid ledger's card operations: every opening, card write and repair a technician asked
for, with the repair's decision, and when the card's result came back.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'prepaid_card_ops',
        sa.Column('order_no', sa.String(length=40), primary_key=True),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('tech_id', sa.String(length=32), nullable=False),
        sa.Column('team_id', sa.String(length=32), nullable=False),
        sa.Column('company_id', sa.String(length=32), nullable=False),
        sa.Column('customer_no', sa.String(length=16), nullable=False),
        sa.Column('card_serial', sa.String(length=16), nullable=False),
        sa.Column('decision', sa.String(length=32), nullable=False),
        sa.Column('credits_order', sa.String(length=40), nullable=False),
        sa.Column('requested_at', sa.BigInteger(), nullable=False),
        sa.Column('done_at', sa.BigInteger(), nullable=True),
    )
    op.create_index('ix_prepaid_card_ops_requested', 'prepaid_card_ops', ['company_id', 'requested_at'])


def downgrade() -> None:
    op.drop_index('ix_prepaid_card_ops_requested', 'prepaid_card_ops')
    op.drop_table('prepaid_card_ops')
