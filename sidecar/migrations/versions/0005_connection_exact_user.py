"""connection exact user

The Exact user that signed a connection in: connections signed in by the same user (on the same
host) share one token chain, because Exact caps token calls per user and day.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 06:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("connections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("exact_user_id", sa.String(length=64), nullable=True))
        batch_op.create_index(
            "ix_connections_region_exact_user", ["region", "exact_user_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("connections", schema=None) as batch_op:
        batch_op.drop_index("ix_connections_region_exact_user")
        batch_op.drop_column("exact_user_id")
