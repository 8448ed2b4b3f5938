"""People supported, the people around them, and who pays for their care."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from microoffice.core.db.base import Base, Entity
from microoffice.core.vocabulary import display_name


class Client(Entity, Base):
    __tablename__ = "client"

    title: Mapped[str] = mapped_column(String(20), default="")
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100), index=True)
    preferred_name: Mapped[str] = mapped_column(String(100), default="")
    date_of_birth: Mapped[date | None] = mapped_column(Date, nullable=True)
    nhs_number: Mapped[str] = mapped_column(String(10), default="")
    address_line1: Mapped[str] = mapped_column(String(200), default="")
    address_line2: Mapped[str] = mapped_column(String(200), default="")
    town: Mapped[str] = mapped_column(String(100), default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    nation: Mapped[str] = mapped_column(String(20), default="england")
    gp_practice: Mapped[str] = mapped_column(String(200), default="")
    communication_needs: Mapped[str] = mapped_column(Text, default="")
    access_notes: Mapped[str] = mapped_column(Text, default="")
    start_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    end_reason: Mapped[str] = mapped_column(String(200), default="")
    date_of_death: Mapped[date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    archived_at: Mapped[datetime | None] = mapped_column(nullable=True, index=True)

    contacts: Mapped[list[Contact]] = relationship(
        back_populates="client", order_by="Contact.id", cascade="save-update, merge"
    )
    funding: Mapped[list[FundingArrangement]] = relationship(
        back_populates="client", order_by="FundingArrangement.id", cascade="save-update, merge"
    )

    @property
    def display_name(self) -> str:
        return display_name(self.first_name, self.preferred_name, self.last_name)

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.title, self.first_name, self.last_name) if p)

    @property
    def address_lines(self) -> list[str]:
        return [p for p in (self.address_line1, self.address_line2, self.town, self.postcode) if p]


class Contact(Entity, Base):
    """Next of kin, representatives with legal authority, professionals around the client."""

    __tablename__ = "contact"

    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(200))
    relationship_to_client: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    is_emergency_contact: Mapped[bool] = mapped_column(default=False)
    opg_reference: Mapped[str] = mapped_column(String(40), default="")
    document_checked_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    archived_at: Mapped[datetime | None] = mapped_column(nullable=True)

    client: Mapped[Client] = relationship(back_populates="contacts")


class Organisation(Entity, Base):
    """A council, managed-account provider or NHS body that commissions or pays for care."""

    __tablename__ = "organisation"

    kind: Mapped[str] = mapped_column(String(20), default="council")
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(Text, default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    archived_at: Mapped[datetime | None] = mapped_column(nullable=True)


class FundingArrangement(Entity, Base):
    """Who pays for which part of a client's care, from when.

    Split funding is several arrangements at once, each covering named service types or a share,
    so that no minute is billed to two payers.
    """

    __tablename__ = "funding_arrangement"

    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"), index=True)
    funding_type: Mapped[str] = mapped_column(String(20))
    payer_contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id"), nullable=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id"), nullable=True
    )
    council_reference: Mapped[str] = mapped_column(String(60), default="")
    purchase_order: Mapped[str] = mapped_column(String(60), default="")
    service_types: Mapped[list[str]] = mapped_column(default=list)
    share_percent: Mapped[int] = mapped_column(default=100)
    weekly_minutes: Mapped[int | None] = mapped_column(nullable=True)
    start_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")

    client: Mapped[Client] = relationship(back_populates="funding")
    payer_contact: Mapped[Contact | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
