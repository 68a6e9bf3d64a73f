"""The centre's prepaid ledger (server.ledger): every purchase asked at a door, how it was paid,
the token issued for it, and the card's confirmation that it holds the credit.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('prepaid_ledger',
    sa.Column('order_no', sa.String(length=40), nullable=False),
    sa.Column('tech_id', sa.String(length=32), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('company_id', sa.String(length=32), nullable=False),
    sa.Column('customer_no', sa.String(length=16), nullable=False),
    sa.Column('card_serial', sa.String(length=16), nullable=False),
    sa.Column('amount_fen', sa.BigInteger(), nullable=False),
    sa.Column('credit_count', sa.BigInteger(), nullable=False),
    sa.Column('payment_method', sa.String(length=16), nullable=False),
    sa.Column('payment_reference', sa.String(length=64), nullable=False),
    sa.Column('issued_at', sa.BigInteger(), nullable=False),
    sa.Column('credited_at', sa.BigInteger(), nullable=True),
    sa.Column('balance_after_fen', sa.BigInteger(), nullable=True),
    sa.Column('discrepancy', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('order_no')
    )
    op.create_index('ix_prepaid_ledger_issued', 'prepaid_ledger', ['company_id', 'issued_at'])


def downgrade() -> None:
    op.drop_index('ix_prepaid_ledger_issued', table_name='prepaid_ledger')
    op.drop_table('prepaid_ledger')
