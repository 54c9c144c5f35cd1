"""The model of the Concerns/Compliments Reporting Form (Barnsley procedure): what the
professional reports, the screening and the follow-up, with the rules a file must meet to load
(a concern needs more than a compliment; nothing is dated before the identification).

No I/O and no checks of sign-off here: `toolkit.kinds.ccrf` declares the kind and its findings.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, PlainSerializer, ValidationError, model_validator

from toolkit import dates
from toolkit.model import Date, Paper, Person, Required, Strict, Text, value_error

TITLE = "Concerns/Compliments Reporting Form"
#: The one part of the form judged as text, in the file and in the Word form alike.
DESCRIPTION = "Description of the concern or compliment"
#: A safeguarding concern is raised within 24 hours of identification when abuse is suspected.
SAFEGUARDING_HOURS = 24
#: What the two types of report are, as the form prints them.
TYPES = {
    "concern": "Concern (an area for improvement)",
    "compliment": "Compliment (good practice)",
}
#: Labels of the hand-completion boxes that `check` reads back from a Word form.
SCREENED_BY = "Screened by"
PROVIDER_CONTACTED = "Provider contacted on"

_MOMENT = re.compile(r"^(?P<date>[^T\s]+)(?:T|\s+)(?P<time>\S+)$")


def parse_moment(value: object) -> dt.datetime:
    """The date and time written ``2026-11-18T16:30``, ``2026-11-18 16:30`` or
    ``18/11/2026 16:30``. A time is required: the 24-hour rule is judged to the hour."""
    if isinstance(value, dt.datetime):
        return value
    text = str(value).strip()
    match = _MOMENT.match(text)
    if match is None:
        try:
            dates.parse_date(text)
        except ValueError:
            pass
        else:
            raise ValueError(
                f"needs a time as well as the date, such as {text}T16:30, to judge the 24-hour rule"
            )
        raise ValueError(
            f"{text!r} is not a date and time; accepted: 2026-11-18T16:30 or 18/11/2026 16:30"
        )
    return dt.datetime.combine(dates.parse_date(match["date"]), dates.parse_time(match["time"]))


def _moment_text(moment: dt.datetime) -> str:
    return f"{moment:%Y-%m-%dT%H:%M}"


#: A date and a time, dumped as typed (2026-11-18T16:30) so that a dumped form loads again.
Moment = Annotated[
    dt.datetime,
    BeforeValidator(parse_moment),
    PlainSerializer(_moment_text, return_type=str, when_used="json"),
]


def moment_words(moment: dt.datetime) -> str:
    """``Wednesday 18 November 2026 at 16:30``."""
    return f"{dates.long_date(moment.date())} at {dates.clock(moment.time())}"


class ProviderContact(Strict):
    """The provider's manager the professional raised the concern with, and when."""

    name: Required
    role: Text | None = None
    date: Date


class AgreedAction(Strict):
    """An action agreed with the provider's manager to remedy the concern (§2.1, §2.3)."""

    detail: Required
    owner: Required
    due: Date | None = None


class Report(Strict):
    """What the professional reports: the first part of the form."""

    type: Literal["concern", "compliment"]
    identified: Date
    submitted: Date | None = None
    professional: Person
    description: Required
    abuse_suspected: bool | None = None
    safeguarding_concern_raised: Moment | None = None
    immediate_safety: Text | None = None
    raised_with_provider: ProviderContact | None = None
    actions_agreed: list[AgreedAction] = Field(default_factory=list)

    @model_validator(mode="after")
    def _required_for_its_type(self) -> Report:
        """The parts a concern needs, and dates that cannot come before the identification;
        every problem at once, each on its own field's line."""
        problems: list[tuple[str, str]] = []
        if self.type == "concern":
            if self.abuse_suspected is None:
                problems.append(("abuse_suspected", "required for a concern: true or false"))
            if self.raised_with_provider is None:
                problems.append(
                    (
                        "raised_with_provider",
                        "required for a concern: the provider's manager it was raised with "
                        "({name, role, date})",
                    )
                )
        elif self.abuse_suspected:
            problems.append(
                (
                    "abuse_suspected",
                    "a compliment reports good practice; if abuse is suspected, report a concern",
                )
            )
        if self.abuse_suspected and self.safeguarding_concern_raised is None:
            problems.append(
                (
                    "safeguarding_concern_raised",
                    "required when abuse is suspected: when the safeguarding concern was raised, "
                    "such as 2026-11-18T16:30 (within 24 hours of identification)",
                )
            )
        earliest = dates.long_date(self.identified)
        raised, told = self.safeguarding_concern_raised, self.raised_with_provider
        for where, day in (
            ("submitted", self.submitted),
            ("safeguarding_concern_raised", raised.date() if raised else None),
            ("raised_with_provider.date", told.date if told else None),
        ):
            if day is not None and day < self.identified:
                problems.append((where, f"is before the concern was identified ({earliest})"))
        if problems:
            raise ValidationError.from_exception_data(
                "report",
                [value_error(tuple(_path(path)), message, None) for path, message in problems],
            )
        return self


def _path(dotted: str) -> list[str | int]:
    return list(dotted.split("."))


class Screening(Strict):
    """For completion by the safeguarding team manager: is the concern low level (§2.5)?"""

    by: Person
    date: Date
    low_level: bool
    notes: Text | None = None


class FollowUp(Strict):
    """For completion by the contracts team: the provider contacted and its actions confirmed
    (§2.5), and any monitoring visit (§2.7)."""

    provider_contacted: Date
    actions_confirmed: bool
    monitoring_visit: Date | None = None
    notes: Text | None = None


class CcrfPaper(Paper):
    """A Concerns/Compliments Reporting Form, as far as it has been completed."""

    kind: Literal["ccrf"]
    report: Report
    screening: Screening | None = None
    follow_up: FollowUp | None = None

    def stage(self) -> str:
        """``reported``, ``screened`` or ``followed up``: how far the form has gone."""
        if self.follow_up is not None:
            return "followed up"
        return "screened" if self.screening is not None else "reported"
