"""Live class sessions: a count of answers received and what tablets say is waiting.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 17:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("class_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("answers_received", sa.Integer(), nullable=False,
                                      server_default="0"))
        batch_op.create_check_constraint(op.f("ck_class_sessions_answers_received"),
                                        "answers_received >= 0")
    op.create_table(
        "tablet_queues",
        sa.Column("class_session_id", sa.Integer(), nullable=False),
        sa.Column("tablet_key", sa.String(length=64), nullable=False),
        sa.Column("waiting", sa.Integer(), nullable=False),
        sa.Column("reported_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("waiting >= 0", name=op.f("ck_tablet_queues_waiting")),
        sa.ForeignKeyConstraint(["class_session_id"], ["class_sessions.id"],
                                name=op.f("fk_tablet_queues_class_session_id_class_sessions"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("class_session_id", "tablet_key",
                                name=op.f("pk_tablet_queues")),
    )


def downgrade() -> None:
    op.drop_table("tablet_queues")
    with op.batch_alter_table("class_sessions", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_class_sessions_answers_received"), type_="check")
        batch_op.drop_column("answers_received")
