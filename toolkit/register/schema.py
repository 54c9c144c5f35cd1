"""The register's tables, as SQLAlchemy 2 declarative models; no I/O.

Every fact derived from a paper points at that paper (``paper_id``) and goes with it: adding a
paper again replaces what it said, so the register never holds two versions of one paper.
Service users appear only as numbers, never by name (4LSAB: the register names the service).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

#: Constraint names fixed by convention, so that migrations can name what they alter on any engine.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """The register's declarative base; its metadata is what the migrations create."""

    metadata = MetaData(naming_convention=NAMING)


def _paper_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("papers.id", ondelete="CASCADE"), index=True)


def _provider_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("providers.id", ondelete="CASCADE"), index=True)


class Company(Base):
    """A company that runs one or more locations; it groups providers."""

    __tablename__ = "companies"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(Text)


class Provider(Base):
    """A service (a location): found by CQC location ID where known, else by its name key."""

    __tablename__ = "providers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    cqc_location_id: Mapped[str | None] = mapped_column(String(40), unique=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)


class Paper(Base):
    """One paper added to the register; its identity is kind + provider + date."""

    __tablename__ = "papers"
    __table_args__ = (UniqueConstraint("provider_id", "kind", "date"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    provider_id: Mapped[int] = _provider_fk()
    kind: Mapped[str] = mapped_column(String(40))
    date: Mapped[dt.date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(Text)
    added: Mapped[dt.datetime] = mapped_column(DateTime)


class Meeting(Base):
    """A meeting of any kind; ``circulated`` is set when its pack records circulation."""

    __tablename__ = "meetings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"), unique=True)
    provider_id: Mapped[int] = _provider_fk()
    kind: Mapped[str] = mapped_column(String(40))
    date: Mapped[dt.date] = mapped_column(Date)
    minutes_due: Mapped[dt.date | None] = mapped_column(Date)
    circulated: Mapped[dt.date | None] = mapped_column(Date)


class Action(Base):
    """An action of a paper's action plan: who, by when, done when (its text stays in the paper)."""

    __tablename__ = "actions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    paper_id: Mapped[int] = _paper_fk()
    provider_id: Mapped[int] = _provider_fk()
    number: Mapped[int] = mapped_column(Integer)
    owner: Mapped[str] = mapped_column(Text)
    organisation: Mapped[str | None] = mapped_column(Text)
    due: Mapped[dt.date | None] = mapped_column(Date)
    completed: Mapped[dt.date | None] = mapped_column(Date)


class Concern(Base):
    """A concern about a provider: where it came from, its outcome; service users as numbers."""

    __tablename__ = "concerns"
    __table_args__ = (Index("ix_concerns_provider_raised", "provider_id", "raised"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    paper_id: Mapped[int] = _paper_fk()
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id", ondelete="CASCADE"))
    raised: Mapped[dt.date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(40))
    service_users_referred: Mapped[int | None] = mapped_column(Integer)
    service_users_reviewed: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(20))
    outcome_date: Mapped[dt.date | None] = mapped_column(Date)


class ConcernType(Base):
    """One Care Act category of a concern (a concern has one or more)."""

    __tablename__ = "concern_types"
    concern_id: Mapped[int] = mapped_column(
        ForeignKey("concerns.id", ondelete="CASCADE"), primary_key=True
    )
    type: Mapped[str] = mapped_column(String(40), primary_key=True)


class Level(Base):
    """An escalation level (West Midlands framework, 1-5) recorded by a paper."""

    __tablename__ = "levels"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    paper_id: Mapped[int] = _paper_fk()
    provider_id: Mapped[int] = _provider_fk()
    level: Mapped[int] = mapped_column(Integer)
    date: Mapped[dt.date] = mapped_column(Date)
    entry_point: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str | None] = mapped_column(Text)


class Measure(Base):
    """A suspension or other placement measure (caution, suspension, termination) and its review."""

    __tablename__ = "measures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    paper_id: Mapped[int] = _paper_fk()
    provider_id: Mapped[int] = _provider_fk()
    date: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    measure: Mapped[str] = mapped_column(String(20))
    decided: Mapped[dt.date | None] = mapped_column(Date)
    review_date: Mapped[dt.date | None] = mapped_column(Date)


class Form(Base):
    """A reporting form (Barnsley CCRF): a concern or a compliment, kept for trend monitoring."""

    __tablename__ = "forms"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    paper_id: Mapped[int] = _paper_fk()
    provider_id: Mapped[int] = _provider_fk()
    type: Mapped[str] = mapped_column(String(20))
    identified: Mapped[dt.date] = mapped_column(Date)
    submitted: Mapped[dt.date | None] = mapped_column(Date)
    abuse_suspected: Mapped[bool | None] = mapped_column(Boolean)
