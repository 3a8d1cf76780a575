"""Staff session version: signing out or changing a password ends every session of that user.

Each sign-in cookie carries the version it was made with; the version goes up on sign-out,
a password change or reset and deactivation, and a cookie with an older one is refused.

Revision ID: 0009
Revises: 0003
Create Date: 2026-12-03 15:55:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff_users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_version", sa.Integer(), nullable=False,
                                      server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("staff_users", schema=None) as batch_op:
        batch_op.drop_column("session_version")
