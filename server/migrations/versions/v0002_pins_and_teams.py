"""PIN and badge hashes per user (argon2id, sent to the terminals of the user's team), and the
teams table (the enrolment answer names the device's team).

Existing users get no PIN (""): set one with ``main.py server set-pin``. Teams are filled
from the change log's "team" rows, so a database seeded before this revision keeps its names.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import msgspec
import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('pin_hash', sa.String(length=200), nullable=False, server_default=''))
        batch.add_column(sa.Column('badge_hash', sa.String(length=200), nullable=False, server_default=''))
    teams = op.create_table('teams',
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('company_id', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('team_id')
    )
    rows = op.get_bind().execute(sa.text(
        "SELECT entity_id, payload FROM change_log WHERE entity = 'team' AND op = 'upsert' "
        "ORDER BY cursor")).all()
    latest: dict[str, dict[str, str]] = {}
    for team_id, payload in rows:
        data = msgspec.msgpack.decode(payload)
        if isinstance(data, dict):
            latest[team_id] = {"team_id": team_id, "company_id": str(data.get("company_id", "")),
                               "name": str(data.get("name", ""))}
    if latest:
        op.bulk_insert(teams, list(latest.values()))


def downgrade() -> None:
    op.drop_table('teams')
    with op.batch_alter_table('users') as batch:
        batch.drop_column('badge_hash')
        batch.drop_column('pin_hash')
