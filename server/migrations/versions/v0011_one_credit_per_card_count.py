"""One credit per card and purchase count: the prepaid task requests remember the card and the
purchase count their token credits, unique together (a card keeps only its count, so a second
token for the same count could never be told from the first).

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('task_requests') as batch:
        batch.add_column(sa.Column('card_serial', sa.String(length=16), nullable=True))
        batch.add_column(sa.Column('credit_count', sa.BigInteger(), nullable=True))
        batch.create_index('ux_task_requests_card_credit', ['card_serial', 'credit_count'], unique=True)


def downgrade() -> None:
    with op.batch_alter_table('task_requests') as batch:
        batch.drop_index('ux_task_requests_card_credit')
        batch.drop_column('credit_count')
        batch.drop_column('card_serial')
