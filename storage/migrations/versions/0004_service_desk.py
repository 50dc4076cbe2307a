"""service desk: the vehicle catalogue, centres, the registry, claims and bookings

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 14:21:23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.models


revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "desk_requests",
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("created_at", storage.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "cities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("market", sa.String(length=8), nullable=False),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    op.create_table(
        "roadside_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("market", sa.String(length=8), nullable=False),
        sa.Column("emergency", sa.String(length=32), nullable=False),
        sa.Column("roadside", sa.String(length=32), nullable=False),
        sa.Column("towing", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("market"),
    )
    op.create_table(
        "service_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    op.create_table(
        "vehicle_models",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("make", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("powertrain", sa.String(length=8), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    op.create_table(
        "maintenance_schedules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("model_code", sa.String(length=64), nullable=False),
        sa.Column("interval_km", sa.Integer(), nullable=False),
        sa.Column("interval_months", sa.Integer(), nullable=False),
        sa.Column("visits", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["model_code"], ["vehicle_models.code"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("model_code"),
    )
    op.create_table(
        "service_centres",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("market", sa.String(length=8), nullable=False),
        sa.Column("city_code", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=256), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("hours", sa.JSON(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("models", sa.JSON(), nullable=False),
        sa.Column("bays", sa.Integer(), nullable=False),
        sa.Column("slot_minutes", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["city_code"], ["cities.code"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    with op.batch_alter_table("service_centres", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_service_centres_city_code"), ["city_code"], unique=False)

    op.create_table(
        "vehicles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vin", sa.String(length=17), nullable=False),
        sa.Column("model_code", sa.String(length=64), nullable=False),
        sa.Column("sale_date", sa.Date(), nullable=False),
        sa.Column("market", sa.String(length=8), nullable=False),
        sa.Column("owner_name", sa.String(length=128), nullable=True),
        sa.Column("owner_phone", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(["model_code"], ["vehicle_models.code"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("vin"),
    )
    with op.batch_alter_table("vehicles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vehicles_owner_phone"), ["owner_phone"], unique=False)

    op.create_table(
        "warranty_policies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("model_code", sa.String(length=64), nullable=False),
        sa.Column("market", sa.String(length=8), nullable=False),
        sa.Column("general_years", sa.Integer(), nullable=False),
        sa.Column("general_km", sa.Integer(), nullable=True),
        sa.Column("powertrain_years", sa.Integer(), nullable=True),
        sa.Column("powertrain_km", sa.Integer(), nullable=True),
        sa.Column("battery_years", sa.Integer(), nullable=True),
        sa.Column("battery_km", sa.Integer(), nullable=True),
        sa.Column("battery_capacity_pct", sa.Integer(), nullable=True),
        sa.Column("drive_unit_years", sa.Integer(), nullable=True),
        sa.Column("drive_unit_km", sa.Integer(), nullable=True),
        sa.Column("corrosion_years", sa.Integer(), nullable=True),
        sa.Column("exclusions", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["model_code"], ["vehicle_models.code"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("model_code", "market", name="uq_warranty_policies_model_market"),
    )
    op.create_table(
        "bookings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=16), nullable=False),
        sa.Column("centre_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", storage.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("bay", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=True),
        sa.Column("vin", sa.String(length=17), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", storage.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", storage.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["centre_id"], ["service_centres.id"], ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversations.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reference"),
    )
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.create_index("ix_bookings_customer_status", ["customer_id", "status"], unique=False)
        batch_op.create_index(
            "uq_bookings_confirmed_slot",
            ["centre_id", "starts_at", "bay"],
            unique=True,
            sqlite_where=sa.text("status = 'confirmed'"),
            postgresql_where=sa.text("status = 'confirmed'"),
        )

    op.create_table(
        "claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=16), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=True),
        sa.Column("vin", sa.String(length=17), nullable=False),
        sa.Column("model_code", sa.String(length=64), nullable=True),
        sa.Column("mileage_km", sa.Integer(), nullable=False),
        sa.Column("symptom", sa.Text(), nullable=False),
        sa.Column("symptom_key", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("needs_review_reason", sa.String(length=256), nullable=True),
        sa.Column("linked_to_id", sa.Integer(), nullable=True),
        sa.Column("created_at", storage.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", storage.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversations.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["linked_to_id"], ["claims.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reference"),
    )
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claims_conversation_id"), ["conversation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_claims_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index("ix_claims_vin_stage", ["vin", "stage"], unique=False)

    op.create_table(
        "claim_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("actor_kind", sa.String(length=16), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("at", storage.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("claim_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_events_claim_id"), ["claim_id"], unique=False)

    op.create_table(
        "claim_attachments",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("attachment_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["attachment_id"], ["attachments.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("claim_id", "attachment_id"),
    )


def downgrade() -> None:
    op.drop_table("desk_requests")
    op.drop_table("claim_attachments")
    with op.batch_alter_table("claim_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_events_claim_id"))

    op.drop_table("claim_events")
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index("ix_claims_vin_stage")
        batch_op.drop_index(batch_op.f("ix_claims_customer_id"))
        batch_op.drop_index(batch_op.f("ix_claims_conversation_id"))

    op.drop_table("claims")
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_bookings_confirmed_slot",
            sqlite_where=sa.text("status = 'confirmed'"),
            postgresql_where=sa.text("status = 'confirmed'"),
        )
        batch_op.drop_index("ix_bookings_customer_status")

    op.drop_table("bookings")
    op.drop_table("warranty_policies")
    with op.batch_alter_table("vehicles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vehicles_owner_phone"))

    op.drop_table("vehicles")
    with op.batch_alter_table("service_centres", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_centres_city_code"))

    op.drop_table("service_centres")
    op.drop_table("maintenance_schedules")
    op.drop_table("vehicle_models")
    op.drop_table("service_items")
    op.drop_table("roadside_contacts")
    op.drop_table("cities")
