"""Initial schema: schools, waves, survey versions, links, class sessions, responses,
safeguarding flags, staff users, audit events and quote approvals.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 19:32:50.269413
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "schools",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("roll", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schools")),
        sa.UniqueConstraint("code", name=op.f("uq_schools_code")),
    )
    op.create_table(
        "survey_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("audience", sa.String(length=20), nullable=False),
        sa.Column("source_path", sa.String(length=500), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "audience IN ('pupil', 'parent', 'community')", name=op.f("ck_survey_versions_audience")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_versions")),
        sa.UniqueConstraint("key", "content_hash", name="key_hash"),
        sa.UniqueConstraint("key", "version", name="key_version"),
    )
    with op.batch_alter_table("survey_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_survey_versions_key"), ["key"], unique=False)

    op.create_table(
        "waves",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on",
            name=op.f("ck_waves_dates"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waves")),
        sa.UniqueConstraint("code", name=op.f("uq_waves_code")),
    )
    op.create_table(
        "staff_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=300), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "role IN ('admin', 'school_lead', 'teacher', 'dsl', 'steering')",
            name=op.f("ck_staff_users_role"),
        ),
        sa.CheckConstraint(
            "role IN ('school_lead', 'teacher', 'dsl') AND school_id IS NOT NULL OR NOT role IN ('school_lead', 'teacher', 'dsl')",
            name=op.f("ck_staff_users_school_scope"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_staff_users_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_users")),
        sa.UniqueConstraint("email", name=op.f("uq_staff_users_email")),
    )
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=80), nullable=False),
        sa.Column("target", sa.String(length=200), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["staff_users.id"], name=op.f("fk_audit_events_actor_id_staff_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_events_at"), ["at"], unique=False)

    op.create_table(
        "class_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("join_code", sa.String(length=12), nullable=False),
        sa.Column("survey_version_id", sa.Integer(), nullable=False),
        sa.Column("wave_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("year_group", sa.Integer(), nullable=False),
        sa.Column("class_label", sa.String(length=60), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_class_sessions_times")),
        sa.CheckConstraint(
            "year_group BETWEEN 0 AND 13", name=op.f("ck_class_sessions_year_group")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["staff_users.id"],
            name=op.f("fk_class_sessions_created_by_id_staff_users"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_class_sessions_school_id_schools")
        ),
        sa.ForeignKeyConstraint(
            ["survey_version_id"],
            ["survey_versions.id"],
            name=op.f("fk_class_sessions_survey_version_id_survey_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["wave_id"], ["waves.id"], name=op.f("fk_class_sessions_wave_id_waves")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_class_sessions")),
        sa.UniqueConstraint("join_code", name=op.f("uq_class_sessions_join_code")),
    )
    op.create_table(
        "links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("survey_version_id", sa.Integer(), nullable=False),
        sa.Column("wave_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.Column("audience", sa.String(length=20), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=True),
        sa.Column("closes_on", sa.Date(), nullable=True),
        sa.Column("single_use_codes", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("audience IN ('parent', 'community')", name=op.f("ck_links_audience")),
        sa.CheckConstraint(
            "closes_on IS NULL OR opens_on IS NULL OR closes_on >= opens_on",
            name=op.f("ck_links_dates"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["staff_users.id"], name=op.f("fk_links_created_by_id_staff_users")
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_links_school_id_schools")
        ),
        sa.ForeignKeyConstraint(
            ["survey_version_id"],
            ["survey_versions.id"],
            name=op.f("fk_links_survey_version_id_survey_versions"),
        ),
        sa.ForeignKeyConstraint(["wave_id"], ["waves.id"], name=op.f("fk_links_wave_id_waves")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_links")),
        sa.UniqueConstraint("token", name=op.f("uq_links_token")),
    )
    op.create_table(
        "link_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("used_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["link_id"], ["links.id"], name=op.f("fk_link_codes_link_id_links"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_codes")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_link_codes_code_hash")),
    )
    with op.batch_alter_table("link_codes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_link_codes_link_id"), ["link_id"], unique=False)

    op.create_table(
        "responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.String(length=36), nullable=False),
        sa.Column("survey_version_id", sa.Integer(), nullable=False),
        sa.Column("wave_id", sa.Integer(), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=True),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.Column("audience", sa.String(length=20), nullable=False),
        sa.Column("year_group", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("receipt_hash", sa.String(length=64), nullable=True),
        sa.CheckConstraint(
            "(audience = 'pupil' AND year_group IS NOT NULL AND year_group BETWEEN 0 AND 13) OR (audience <> 'pupil' AND year_group IS NULL)",
            name=op.f("ck_responses_year_group"),
        ),
        sa.CheckConstraint(
            "audience <> 'pupil' OR school_id IS NOT NULL", name=op.f("ck_responses_pupil_school")
        ),
        sa.CheckConstraint(
            "audience IN ('pupil', 'parent', 'community')", name=op.f("ck_responses_audience")
        ),
        sa.CheckConstraint("length(submission_id) = 36", name=op.f("ck_responses_submission_id")),
        sa.ForeignKeyConstraint(["link_id"], ["links.id"], name=op.f("fk_responses_link_id_links")),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_responses_school_id_schools")
        ),
        sa.ForeignKeyConstraint(
            ["survey_version_id"],
            ["survey_versions.id"],
            name=op.f("fk_responses_survey_version_id_survey_versions"),
        ),
        sa.ForeignKeyConstraint(["wave_id"], ["waves.id"], name=op.f("fk_responses_wave_id_waves")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_responses")),
        sa.UniqueConstraint("receipt_hash", name=op.f("uq_responses_receipt_hash")),
        sa.UniqueConstraint("submission_id", name=op.f("uq_responses_submission_id")),
    )
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_responses_school_id"), ["school_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_responses_survey_version_id"), ["survey_version_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_responses_wave_id"), ["wave_id"], unique=False)

    op.create_table(
        "safeguarding_flags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("class_session_id", sa.Integer(), nullable=True),
        sa.Column("survey_version_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=80), nullable=False),
        sa.Column("original_text", sa.Text(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("flagged_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.Column("delete_after", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "status = 'open' OR reviewed_at IS NOT NULL",
            name=op.f("ck_safeguarding_flags_reviewed"),
        ),
        sa.CheckConstraint(
            "status IN ('open', 'reviewed', 'referred')", name=op.f("ck_safeguarding_flags_status")
        ),
        sa.ForeignKeyConstraint(
            ["class_session_id"],
            ["class_sessions.id"],
            name=op.f("fk_safeguarding_flags_class_session_id_class_sessions"),
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by_id"],
            ["staff_users.id"],
            name=op.f("fk_safeguarding_flags_reviewed_by_id_staff_users"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_safeguarding_flags_school_id_schools")
        ),
        sa.ForeignKeyConstraint(
            ["survey_version_id"],
            ["survey_versions.id"],
            name=op.f("fk_safeguarding_flags_survey_version_id_survey_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safeguarding_flags")),
    )
    with op.batch_alter_table("safeguarding_flags", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_safeguarding_flags_school_id"), ["school_id"], unique=False
        )

    op.create_table(
        "quote_approvals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=80), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.CheckConstraint(
            "decision IN ('approved', 'rejected')", name=op.f("ck_quote_approvals_decision")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["staff_users.id"],
            name=op.f("fk_quote_approvals_decided_by_id_staff_users"),
        ),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["responses.id"],
            name=op.f("fk_quote_approvals_response_id_responses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quote_approvals")),
        sa.UniqueConstraint("response_id", "question_id", name="one_decision"),
    )


def downgrade() -> None:

    op.drop_table("quote_approvals")
    with op.batch_alter_table("safeguarding_flags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_safeguarding_flags_school_id"))

    op.drop_table("safeguarding_flags")
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_responses_wave_id"))
        batch_op.drop_index(batch_op.f("ix_responses_survey_version_id"))
        batch_op.drop_index(batch_op.f("ix_responses_school_id"))

    op.drop_table("responses")
    with op.batch_alter_table("link_codes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_link_codes_link_id"))

    op.drop_table("link_codes")
    op.drop_table("links")
    op.drop_table("class_sessions")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_events_at"))

    op.drop_table("audit_events")
    op.drop_table("staff_users")
    op.drop_table("waves")
    with op.batch_alter_table("survey_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_versions_key"))

    op.drop_table("survey_versions")
    op.drop_table("schools")
