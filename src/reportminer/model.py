"""The records reportminer produces (pydantic v2).

Field names and meanings follow the shared gold format (corpora/README.md,
ANNOTATION.md): the scorer reads `persons[].name`, `persons[].titles[].role`,
`persons[].titles[].organization`, `organizations[].name|acronym`,
`places[].name`, `dates[].value`, `periods[].value`, `amounts[].value|currency`,
`events[].type|date|location`. Everything else is extra information for users.

Every item keeps its evidence: `mentions` are character spans into the
ORIGINAL input text (`text == original[start:end]`).
"""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

# Bump when a field is added, removed or changes meaning; tests compare the
# checked-in schema file with the models and demand a bump on drift.
SCHEMA_VERSION = "1.0"


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


def built(cls: type[BaseModel], values: dict, fields_set: frozenset[str]) -> BaseModel:
    """`cls(**given)` for values known to pass its validation unchanged, without running it.

    `values` holds every field in declaration order (defaults included), `fields_set` the
    fields the constructor would have been given. The object is left as the validating
    constructor leaves it (tests compare the two per model that uses this): pydantic's own
    `model_construct` does the same with a generic per-field loop costing ~3x more, which
    shows when an article holds hundreds of mentions.
    """
    obj = object.__new__(cls)
    object.__setattr__(obj, "__dict__", values)
    object.__setattr__(obj, "__pydantic_fields_set__", set(fields_set))
    object.__setattr__(obj, "__pydantic_extra__", None)
    object.__setattr__(obj, "__pydantic_private__", None)
    return obj


class Mention(_Record):
    """One place in the original text: `text == original[start:end]`."""

    start: int
    end: int
    text: str


class Source(_Record):
    path: Optional[str] = None
    url: Optional[str] = None
    title: Optional[str] = None
    published: Optional[str] = Field(None, description="YYYY-MM-DD or YYYY-MM, from metadata or the text")
    published_from: Optional[Literal["metadata", "text"]] = None
    authors: list[str] = Field(default_factory=list, description="bylines and photo credits")


class DateItem(_Record):
    text: str = Field(description="the first surface form, as written")
    value: str = Field(description="YYYY-MM-DD, YYYY-MM or an interval A/B; XXXX for an unknown year")
    precision: Literal["day", "month", "interval"]
    part_of_day: Optional[Literal["sáng", "trưa", "chiều", "tối", "đêm"]] = None
    year_written: bool = True
    resolved_by: Optional[Literal["text", "nearby_year", "published", "unknown"]] = Field(
        None, description="where the year came from when the text does not write it")
    mentions: list[Mention] = Field(default_factory=list)


class Period(_Record):
    text: str
    value: str = Field(description="YYYY, YYYY-MM/YYYY-MM, YYYY/YYYY, ... (XXXX for an unknown year)")
    kind: Literal["year", "half", "quarter", "months", "span", "term", "other"] = "other"
    mentions: list[Mention] = Field(default_factory=list)


AmountQualifier = Literal["more_than", "about", "nearly", "at_least", "up_to"]
AmountKind = Literal["mobilised", "committed", "disbursed", "granted", "target", "growth", "cost", "other"]


class Amount(_Record):
    text: str
    value: float = Field(description="number in units of the currency")
    currency: str = Field(description="ISO 4217")
    currency_assumed: bool = Field(False, description="no currency word; VND assumed from context")
    qualifier: Optional[AmountQualifier] = None
    kind: Optional[AmountKind] = Field(None, description="what the money is, from its sentence")
    donor: Optional[str] = None
    recipient: Optional[str] = None
    period: Optional[str] = Field(None, description="value of the period the amount covers")
    mentions: list[Mention] = Field(default_factory=list)


PlaceKind = Literal["country", "region", "province", "district", "commune", "other"]


class Place(_Record):
    name: str
    aliases: list[str] = Field(default_factory=list)
    kind: PlaceKind = "other"
    code: Optional[str] = Field(None, description="official code (province/district) or ISO 3166 alpha-2")
    province: Optional[str] = Field(None, description="for a district/commune: its province (pre-2025)")
    province_2025: Optional[str] = Field(None, description="the province it belongs to after 2025-07-01")
    province_2025_code: Optional[str] = None
    mentions: list[Mention] = Field(default_factory=list)


OrgKind = Literal["friendship_union", "government", "ministry_agency", "party_mass_org", "foreign_ngo",
                  "diplomatic_mission", "school", "company", "cluster", "association", "international", "other"]


class Organization(_Record):
    name: str
    aliases: list[str] = Field(default_factory=list)
    acronym: Optional[str] = None
    kind: OrgKind = "other"
    place: Optional[str] = Field(None, description="the place the organisation is tied to")
    place_code: Optional[str] = None
    mentions: list[Mention] = Field(default_factory=list)


class Title(_Record):
    role: str = Field(description="the position words alone, e.g. 'Phó Chủ tịch'")
    role_en: Optional[str] = None
    organization: Optional[str] = None
    former: bool = False
    acting: bool = False


class Person(_Record):
    name: str
    aliases: list[str] = Field(default_factory=list)
    honorific: Optional[str] = None
    gender: Optional[Literal["male", "female"]] = None
    titles: list[Title] = Field(default_factory=list)
    event_roles: list[str] = Field(default_factory=list, description="chair, speaker, attendee, delegation_head")
    mentions: list[Mention] = Field(default_factory=list)


EventType = Literal["conference", "workshop", "seminar", "meeting", "ceremony", "congress", "visit",
                    "training", "other"]


class Participant(_Record):
    name: str
    kind: Literal["person", "organization"]
    role: Optional[str] = None


class Event(_Record):
    type: EventType
    name: Optional[str] = None
    date: Optional[str] = None
    location: Optional[str] = None
    venue: Optional[str] = None
    status: Literal["held", "planned"] = "held"
    organizers: list[str] = Field(default_factory=list)
    chairs: list[str] = Field(default_factory=list)
    participants: list[Participant] = Field(default_factory=list)
    amounts: list[int] = Field(default_factory=list, description="indexes into the record's amounts")
    evidence: list[Mention] = Field(default_factory=list)


class ArticleRecord(_Record):
    schema_version: str = SCHEMA_VERSION
    id: str
    source: Source = Field(default_factory=Source)
    published: Optional[str] = None
    persons: list[Person] = Field(default_factory=list)
    organizations: list[Organization] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    dates: list[DateItem] = Field(default_factory=list)
    periods: list[Period] = Field(default_factory=list)
    amounts: list[Amount] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list, description="events reported as having taken place")
    planned_events: list[Event] = Field(default_factory=list, description="events announced for the future")
    warnings: list[str] = Field(default_factory=list)


class ErrorRecord(_Record):
    """A document that could not be processed: written to the errors file."""

    id: str
    source: Optional[str] = None
    error: str
    message: str
