"""The users the demo seed created (the demo meter keys are refused on a database holding any
other user), and each order's authorisation clock (revocations cover exactly what came before).

A database the demo seed filled before this revision is recognised by its users all sharing
the seed's one argon2id hash of the demo PIN (``main.py server set-pin`` gives each user a hash
of their own, with its own salt): those users are recorded as demo users.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    demo_users = op.create_table('demo_users',
    sa.Column('user_id', sa.String(length=32), nullable=False),
    sa.Column('seeded_at', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('user_id')
    )
    op.create_table('authorisation_clock',
    sa.Column('order_no', sa.String(length=40), nullable=False),
    sa.Column('issued_at', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('order_no')
    )
    seeded = _demo_seeded_users()
    if seeded:
        op.bulk_insert(demo_users, [{"user_id": u, "seeded_at": 0} for u in seeded])


def _demo_seeded_users() -> list[str]:
    rows = op.get_bind().execute(sa.text("SELECT user_id, pin_hash FROM users")).all()
    hashes = {pin_hash for _user, pin_hash in rows}
    if len(rows) < 2 or len(hashes) != 1:
        return []
    from argon2 import PasswordHasher
    from argon2.exceptions import Argon2Error

    from app.domain.credentials import DEMO_PIN

    try:
        PasswordHasher().verify(hashes.pop(), DEMO_PIN)
    except (Argon2Error, ValueError):
        return []
    return [user for user, _hash in rows]


def downgrade() -> None:
    op.drop_table('authorisation_clock')
    op.drop_table('demo_users')
