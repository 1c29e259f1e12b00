"""link content hash

The fingerprint of what a posted order was booked from (``sync.orders.content``), so a later
status change of the order is not reported as a change of the books.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 08:25:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("links", schema=None) as batch_op:
        batch_op.add_column(sa.Column("content_hash", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("links", schema=None) as batch_op:
        batch_op.drop_column("content_hash")
