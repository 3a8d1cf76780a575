"""The DSL's work: flag severity, outcomes, handing over, notes, email alerts, and the
partnership safeguarding lead.

- safeguarding_flags gains ``severity`` (urgent/concern), ``outcome`` and
  ``assigned_to_id``; ``school_id`` may be NULL (answers from links without a school,
  which the partnership safeguarding lead reads).
- staff_users accepts the role ``partnership_dsl``, which has no school.
- New tables: safeguarding_notes (triage notes), flag_alerts (emails to DSLs).

Backfill of ``severity`` from each flag's ``reasons`` JSON: a reason that carries a
``severity`` keeps it. A reason written before reasons carried one counts as "urgent"
when its category is a harm category (suicidal, physical_abuse, sexual_abuse, grooming,
running_away, afraid_to_go_home, self_harm, physical_harm, sexual_harm, exploitation,
general), else "concern". The old scanner filed suicidal wording ("wanna die") under
self_harm and catch-all matches under general, so reading those as "concern" could sink
a child's wish to die below bullying in the queue; wrongly raising a flag costs a DSL a
minute, wrongly lowering one can cost a child. The category list is frozen here rather
than imported, so this migration means the same thing however the scanner changes.

Flags already marked "reviewed" get the outcome "no_further_action" (the old button
said "Reviewed: no further action"); "referred" ones keep no outcome, since the old
queue did not say to whom.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 15:00:00
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_URGENT_CATEGORIES = frozenset({
    "suicidal", "physical_abuse", "sexual_abuse", "grooming", "running_away",
    "afraid_to_go_home", "self_harm", "physical_harm", "sexual_harm", "exploitation",
    "general",
})
_OLD_ROLES = "role IN ('admin', 'school_lead', 'teacher', 'dsl', 'steering')"
_NEW_ROLES = "role IN ('admin', 'school_lead', 'teacher', 'dsl', 'steering', 'partnership_dsl')"


def _backfilled_severity(reasons) -> str:
    if isinstance(reasons, str):
        reasons = json.loads(reasons or "[]")
    for reason in reasons or []:
        if not isinstance(reason, dict):
            reason = {"category": str(reason)}
        severity = reason.get("severity")
        if severity not in ("urgent", "concern"):
            category = str(reason.get("category") or "general")
            severity = "urgent" if category in _URGENT_CATEGORIES else "concern"
        if severity == "urgent":
            return "urgent"
    return "concern"


def upgrade() -> None:
    with op.batch_alter_table("staff_users") as batch:
        batch.drop_constraint(op.f("ck_staff_users_role"), type_="check")
        batch.create_check_constraint(op.f("ck_staff_users_role"), _NEW_ROLES)
        batch.create_check_constraint(
            op.f("ck_staff_users_no_school"),
            "NOT role IN ('partnership_dsl') OR school_id IS NULL")

    with op.batch_alter_table("safeguarding_flags") as batch:
        batch.add_column(sa.Column("severity", sa.String(length=10), nullable=True))
        batch.add_column(sa.Column("outcome", sa.String(length=30), nullable=True))
        batch.add_column(sa.Column("assigned_to_id", sa.Integer(), nullable=True))

    conn = op.get_bind()
    flags = sa.table("safeguarding_flags", sa.column("id", sa.Integer),
                     sa.column("reasons", sa.JSON), sa.column("status", sa.String),
                     sa.column("severity", sa.String), sa.column("outcome", sa.String))
    rows = conn.execute(sa.select(flags.c.id, flags.c.reasons)).all()
    for flag_id, reasons in rows:
        conn.execute(flags.update().where(flags.c.id == flag_id)
                     .values(severity=_backfilled_severity(reasons)))
    conn.execute(flags.update().where(flags.c.status == "reviewed")
                 .values(outcome="no_further_action"))

    with op.batch_alter_table("safeguarding_flags") as batch:
        batch.alter_column("severity", existing_type=sa.String(length=10), nullable=False)
        batch.alter_column("school_id", existing_type=sa.Integer(), nullable=True)
        batch.create_foreign_key(op.f("fk_safeguarding_flags_assigned_to_id_staff_users"),
                                 "staff_users", ["assigned_to_id"], ["id"])
        batch.create_check_constraint(op.f("ck_safeguarding_flags_severity"),
                                      "severity IN ('urgent', 'concern')")
        batch.create_check_constraint(
            op.f("ck_safeguarding_flags_outcome"),
            "outcome IS NULL OR outcome IN ('no_further_action', 'monitoring', "
            "'early_help', 'social_care', 'police')")
        batch.create_check_constraint(op.f("ck_safeguarding_flags_outcome_closes"),
                                      "outcome IS NULL OR status <> 'open'")

    op.create_table(
        "safeguarding_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("flag_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("written_at", sa.DateTime(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.CheckConstraint("length(text) > 0", name=op.f("ck_safeguarding_notes_text")),
        sa.ForeignKeyConstraint(["author_id"], ["staff_users.id"],
                                name=op.f("fk_safeguarding_notes_author_id_staff_users")),
        sa.ForeignKeyConstraint(
            ["flag_id"], ["safeguarding_flags.id"], ondelete="CASCADE",
            name=op.f("fk_safeguarding_notes_flag_id_safeguarding_flags")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safeguarding_notes")),
    )
    with op.batch_alter_table("safeguarding_notes") as batch:
        batch.create_index(batch.f("ix_safeguarding_notes_flag_id"), ["flag_id"], unique=False)

    op.create_table(
        "flag_alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("flag_id", sa.Integer(), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("status IN ('pending', 'sent', 'failed')",
                           name=op.f("ck_flag_alerts_status")),
        sa.CheckConstraint("kind IN ('urgent', 'handover')", name=op.f("ck_flag_alerts_kind")),
        sa.CheckConstraint("status <> 'sent' OR sent_at IS NOT NULL",
                           name=op.f("ck_flag_alerts_sent")),
        sa.ForeignKeyConstraint(
            ["flag_id"], ["safeguarding_flags.id"], ondelete="CASCADE",
            name=op.f("fk_flag_alerts_flag_id_safeguarding_flags")),
        sa.ForeignKeyConstraint(["recipient_id"], ["staff_users.id"],
                                name=op.f("fk_flag_alerts_recipient_id_staff_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flag_alerts")),
    )
    with op.batch_alter_table("flag_alerts") as batch:
        batch.create_index(batch.f("ix_flag_alerts_flag_id"), ["flag_id"], unique=False)
        batch.create_index(batch.f("ix_flag_alerts_status"), ["status"], unique=False)


def downgrade() -> None:
    op.drop_table("flag_alerts")
    op.drop_table("safeguarding_notes")
    conn = op.get_bind()
    # Flags without a school, and partnership leads, cannot exist under 0001's rules.
    conn.execute(sa.text("DELETE FROM safeguarding_flags WHERE school_id IS NULL"))
    conn.execute(sa.text("UPDATE audit_events SET actor_id = NULL WHERE actor_id IN "
                         "(SELECT id FROM staff_users WHERE role = 'partnership_dsl')"))
    for column in ("reviewed_by_id", "assigned_to_id"):
        conn.execute(sa.text(f"UPDATE safeguarding_flags SET {column} = NULL WHERE "
                             f"{column} IN (SELECT id FROM staff_users "
                             "WHERE role = 'partnership_dsl')"))
    conn.execute(sa.text("DELETE FROM staff_users WHERE role = 'partnership_dsl'"))
    with op.batch_alter_table("safeguarding_flags") as batch:
        batch.drop_constraint(op.f("ck_safeguarding_flags_outcome_closes"), type_="check")
        batch.drop_constraint(op.f("ck_safeguarding_flags_outcome"), type_="check")
        batch.drop_constraint(op.f("ck_safeguarding_flags_severity"), type_="check")
        batch.drop_constraint(op.f("fk_safeguarding_flags_assigned_to_id_staff_users"),
                              type_="foreignkey")
        batch.drop_column("assigned_to_id")
        batch.drop_column("outcome")
        batch.drop_column("severity")
        batch.alter_column("school_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("staff_users") as batch:
        batch.drop_constraint(op.f("ck_staff_users_no_school"), type_="check")
        batch.drop_constraint(op.f("ck_staff_users_role"), type_="check")
        batch.create_check_constraint(op.f("ck_staff_users_role"), _OLD_ROLES)
