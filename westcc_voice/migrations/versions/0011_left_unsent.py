"""Class sessions count the surveys a tablet cleared because it was left alone.

A pupil who walks away mid-survey leaves answers on a shared tablet; after a while
without a touch the tablet asks "Are you still there?", then clears them unsent. The
teacher's session page shows how many: a count only, nothing of the answers.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 18:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("class_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("left_unsent", sa.Integer(), nullable=False,
                                      server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("class_sessions", schema=None) as batch_op:
        batch_op.drop_column("left_unsent")
