"""Withdrawn submissions: a withdrawn response's receipt hash, so a replay cannot bring it back.

Revision ID: 0015
Revises: 0011
Create Date: 2026-12-03 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "withdrawn_submissions",
        sa.Column("receipt_hash", sa.String(length=64), nullable=False),
        sa.Column("withdrawn_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("receipt_hash", name=op.f("pk_withdrawn_submissions")),
    )
    with op.batch_alter_table("withdrawn_submissions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_withdrawn_submissions_withdrawn_on"),
                              ["withdrawn_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("withdrawn_submissions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_withdrawn_submissions_withdrawn_on"))
    op.drop_table("withdrawn_submissions")
