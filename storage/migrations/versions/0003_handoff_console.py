"""hand-off and the agent console: users, sessions, state events, canned responses

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 02:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.models

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=128), nullable=False),
        sa.Column("password_hash", sa.String(length=256), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("username"),
    )
    op.create_table(
        "user_sessions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_user_sessions_user_id", "user_sessions", ["user_id"])
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("assigned_agent_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("priority", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("handoff_reason", sa.String(length=256), nullable=True))
        batch.add_column(sa.Column("waiting_since", storage.models.UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("low_confidence_turns", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("closed_at", storage.models.UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("csat_requested_at", storage.models.UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("csat_score", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("csat_at", storage.models.UTCDateTime(timezone=True), nullable=True))
        batch.create_foreign_key(
            "fk_conversations_assigned_agent_id_users", "users", ["assigned_agent_id"], ["id"], ondelete="SET NULL"
        )
        batch.create_index("ix_conversations_assigned_agent_id", ["assigned_agent_id"])
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("internal", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("author_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_messages_author_id_users", "users", ["author_id"], ["id"], ondelete="SET NULL")
    op.create_table(
        "conversation_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("from_state", sa.String(length=24), nullable=False),
        sa.Column("to_state", sa.String(length=24), nullable=False),
        sa.Column("actor_kind", sa.String(length=16), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=256), nullable=False),
        sa.Column("created_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversations.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_conversation_events_conversation_id", "conversation_events", ["conversation_id"])
    op.create_table(
        "canned_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shortcut", sa.String(length=32), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(length=128), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("shortcut", "language", name="uq_canned_responses_shortcut_language"),
    )


def downgrade() -> None:
    op.drop_table("canned_responses")
    op.drop_index("ix_conversation_events_conversation_id", table_name="conversation_events")
    op.drop_table("conversation_events")
    with op.batch_alter_table("messages") as batch:
        batch.drop_constraint("fk_messages_author_id_users", type_="foreignkey")
        batch.drop_column("author_id")
        batch.drop_column("internal")
    with op.batch_alter_table("conversations") as batch:
        batch.drop_index("ix_conversations_assigned_agent_id")
        batch.drop_constraint("fk_conversations_assigned_agent_id_users", type_="foreignkey")
        for column in (
            "csat_at",
            "csat_score",
            "csat_requested_at",
            "closed_at",
            "low_confidence_turns",
            "waiting_since",
            "handoff_reason",
            "priority",
            "assigned_agent_id",
        ):
            batch.drop_column(column)
    op.drop_index("ix_user_sessions_user_id", table_name="user_sessions")
    op.drop_table("user_sessions")
    op.drop_table("users")
