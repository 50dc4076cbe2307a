"""The service desk's data: the vehicles we support and their rules, and what customers ask of them.

Catalogue tables (vehicle models, warranty policies, maintenance schedules, service
items, cities, centres, the vehicle registry, roadside contacts) are seeded from the
editable files under config/service_desk/ and edited by admins; their rows are keyed by
a stable `code` (a VIN, a market) so a file and the database can be compared and
re-imported. Claims and bookings are what the bot creates for customers.

Columns are flat where a row is exported as CSV (policies, centres, vehicles); lists and
per-language names are JSON.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, utcnow


class VehicleModel(Base):
    """A model we sell and service (Chery Tiggo 7, Li Auto L8 …)."""

    __tablename__ = "vehicle_models"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    make: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(64))
    powertrain: Mapped[str] = mapped_column(String(8))  # ice, hev, phev, erev, ev
    aliases: Mapped[list[Any]] = mapped_column(default=list)  # how customers write it, any script


class WarrantyPolicy(Base):
    """What the warranty covers for one model in one market ("*": every market without its own)."""

    __tablename__ = "warranty_policies"
    __table_args__ = (UniqueConstraint("model_code", "market", name="uq_warranty_policies_model_market"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    model_code: Mapped[str] = mapped_column(ForeignKey("vehicle_models.code", ondelete="CASCADE"))
    market: Mapped[str] = mapped_column(String(8), default="*")
    general_years: Mapped[int] = mapped_column(Integer)
    general_km: Mapped[int | None] = mapped_column(Integer)  # None: no distance limit
    powertrain_years: Mapped[int | None] = mapped_column(Integer)
    powertrain_km: Mapped[int | None] = mapped_column(Integer)
    battery_years: Mapped[int | None] = mapped_column(Integer)  # EVs and hybrids: the high-voltage battery
    battery_km: Mapped[int | None] = mapped_column(Integer)
    battery_capacity_pct: Mapped[int | None] = mapped_column(Integer)  # covered below this state of health
    drive_unit_years: Mapped[int | None] = mapped_column(Integer)  # EVs: motor, inverter, reduction gear
    drive_unit_km: Mapped[int | None] = mapped_column(Integer)
    corrosion_years: Mapped[int | None] = mapped_column(Integer)
    exclusions: Mapped[list[Any]] = mapped_column(default=list)  # service item codes


class MaintenanceSchedule(Base):
    """When a model is serviced and what each visit includes.

    `visits` is a list of {"every": n, "items": [item codes]}: a visit's items are those
    of every entry whose `every` divides the visit's number (1 = every service).
    """

    __tablename__ = "maintenance_schedules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    model_code: Mapped[str] = mapped_column(ForeignKey("vehicle_models.code", ondelete="CASCADE"), unique=True)
    interval_km: Mapped[int] = mapped_column(Integer)
    interval_months: Mapped[int] = mapped_column(Integer)
    visits: Mapped[list[Any]] = mapped_column(default=list)


class ServiceItem(Base):
    """A named thing the bot lists (a maintenance task, a warranty exclusion), in every language."""

    __tablename__ = "service_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    names: Mapped[dict[str, Any]] = mapped_column(default=dict)  # language -> name


class City(Base):
    """A city with service centres, under every spelling customers use."""

    __tablename__ = "cities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    market: Mapped[str] = mapped_column(String(8))
    names: Mapped[list[Any]] = mapped_column(default=list)  # the first is the display name


class ServiceCentre(Base):
    """A workshop: where it is, when it works, what it services, how many cars at once."""

    __tablename__ = "service_centres"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    market: Mapped[str] = mapped_column(String(8))
    city_code: Mapped[str] = mapped_column(ForeignKey("cities.code", ondelete="RESTRICT"), index=True)
    address: Mapped[str] = mapped_column(String(256))
    phone: Mapped[str] = mapped_column(String(32))
    timezone: Mapped[str] = mapped_column(String(64))
    hours: Mapped[dict[str, Any]] = mapped_column(default=dict)  # "mon" -> "09:00-18:00", local time
    languages: Mapped[list[Any]] = mapped_column(default=list)
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    models: Mapped[list[Any]] = mapped_column(default=list)  # model codes; empty: every model
    bays: Mapped[int] = mapped_column(Integer, default=1)  # cars serviced at the same time
    slot_minutes: Mapped[int] = mapped_column(Integer, default=60)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Vehicle(Base):
    """The registry: a sold vehicle by VIN, its model, when and where it was sold, its owner."""

    __tablename__ = "vehicles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vin: Mapped[str] = mapped_column(String(17), unique=True)
    model_code: Mapped[str] = mapped_column(ForeignKey("vehicle_models.code", ondelete="RESTRICT"))
    sale_date: Mapped[date] = mapped_column(Date)
    market: Mapped[str] = mapped_column(String(8))
    owner_name: Mapped[str | None] = mapped_column(String(128))
    owner_phone: Mapped[str | None] = mapped_column(String(32), index=True)  # digits only, country code first


class RoadsideContact(Base):
    """Who a stranded customer calls, per market.

    Never per language: a Russian speaker in Tbilisi dials Georgia's numbers.
    """

    __tablename__ = "roadside_contacts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    market: Mapped[str] = mapped_column(String(8), unique=True)
    emergency: Mapped[str] = mapped_column(String(32))  # police, ambulance, fire
    roadside: Mapped[str] = mapped_column(String(32))  # the brand's 24/7 assistance line
    towing: Mapped[str | None] = mapped_column(String(32))


class ClaimStage:
    """Where a warranty claim stands; technicians move it in the console and the customer is told."""

    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    REJECTED = "rejected"
    IN_REPAIR = "in_repair"
    COMPLETED = "completed"

    ALL = (SUBMITTED, IN_REVIEW, APPROVED, REJECTED, IN_REPAIR, COMPLETED)
    OPEN = (SUBMITTED, IN_REVIEW, APPROVED, IN_REPAIR)


class Claim(Base):
    """A warranty claim: what is wrong with which vehicle, and where it stands."""

    __tablename__ = "claims"
    __table_args__ = (Index("ix_claims_vin_stage", "vin", "stage"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)  # what the customer quotes: WC-7K3Q9M
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id", ondelete="SET NULL"), index=True)
    vin: Mapped[str] = mapped_column(String(17))
    model_code: Mapped[str | None] = mapped_column(String(64))
    mileage_km: Mapped[int] = mapped_column(Integer)
    symptom: Mapped[str] = mapped_column(Text)
    symptom_key: Mapped[str] = mapped_column(String(64))  # the symptom normalised, to find a repeat
    language: Mapped[str | None] = mapped_column(String(8))
    stage: Mapped[str] = mapped_column(String(16), default=ClaimStage.SUBMITTED)
    needs_review_reason: Mapped[str | None] = mapped_column(String(256))  # why a technician must judge it
    linked_to_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ClaimEvent(Base):
    """One step of a claim: its stage, who moved it, a note for the customer."""

    __tablename__ = "claim_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    actor_kind: Mapped[str] = mapped_column(String(16))  # bot, agent, system
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class ClaimAttachment(Base):
    """A customer's photo or document filed with a claim."""

    __tablename__ = "claim_attachments"

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    attachment_id: Mapped[int] = mapped_column(ForeignKey("attachments.id", ondelete="CASCADE"), primary_key=True)


class BookingStatus:
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"


class Booking(Base):
    """A service appointment: one bay of one centre for one slot.

    Two confirmed bookings can never hold the same bay at the same time: a unique index
    over (centre, start, bay) restricted to confirmed rows (a partial index on SQLite and
    PostgreSQL alike), so the database, not a check before the insert, settles a race for
    the last slot.
    """

    __tablename__ = "bookings"
    __table_args__ = (
        Index(
            "uq_bookings_confirmed_slot",
            "centre_id",
            "starts_at",
            "bay",
            unique=True,
            sqlite_where=text("status = 'confirmed'"),
            postgresql_where=text("status = 'confirmed'"),
        ),
        Index("ix_bookings_customer_status", "customer_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)  # BK-4FZ2QA
    centre_id: Mapped[int] = mapped_column(ForeignKey("service_centres.id", ondelete="RESTRICT"))
    starts_at: Mapped[datetime]
    bay: Mapped[int] = mapped_column(Integer)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id", ondelete="SET NULL"))
    vin: Mapped[str | None] = mapped_column(String(17))
    status: Mapped[str] = mapped_column(String(16), default=BookingStatus.CONFIRMED)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    cancelled_at: Mapped[datetime | None]


class DeskRequest(Base):
    """A write the action server asked for, by its key: asked again, its first result is returned.

    A bot turn is retried whole when it fails (bot/gateway_channel.py); a desk write that
    had already committed (a booking, a claim, a cancellation) must not happen twice. The
    key is the customer's message id and the action's name; the row is written in the
    same transaction as the write it records.
    """

    __tablename__ = "desk_requests"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    result: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
