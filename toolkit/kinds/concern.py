"""A provider concern: one entry of the commissioner's record of concerns (4LSAB).

Commissioners "maintain a record system to log all concerns" about the services they commission,
with whether each was substantiated, unsubstantiated or undetermined, and record "the name of the
service ... instead of the service users'": the model has no field for a person's name. The
paper rendered is a one-page concern record, marked and packable like the others.

Its deadline is the toolkit's own, not a seed's: an outcome is expected within 28 days of the
concern being raised (a partnership sets its own in the profile, ``[deadlines] concern``), and
`check` warns while a concern stays open beyond it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BeforeValidator, Field, field_validator, model_validator

from toolkit import dates
from toolkit.frameworks import Deadline
from toolkit.kinds.base import DocumentSpec, PaperKind
from toolkit.model import Date, Paper, Strict, Text, located
from toolkit.text import counted

if TYPE_CHECKING:
    from toolkit.check.docx_reader import RecordText
    from toolkit.check.headings import Target
    from toolkit.check.report import Finding
    from toolkit.model import NotApplicable

TITLE = "Provider Concern Record"
SUMMARY = "Summary of the concern"
#: Where a concern came from, as the record prints it.
SOURCES = {
    "safeguarding": "Safeguarding concern",
    "ccrf": "Concerns/Compliments Reporting Form",
    "cqc": "Care Quality Commission",
    "complaint": "Complaint",
    "whistleblowing": "Whistleblowing",
    "contract_monitoring": "Contract monitoring",
    "other": "Other",
}
#: The Care Act 2014 statutory guidance's types of abuse and neglect (§14.17), by key.
TYPES = {
    "physical": "Physical abuse",
    "sexual": "Sexual abuse",
    "psychological": "Psychological abuse",
    "financial": "Financial or material abuse",
    "discriminatory": "Discriminatory abuse",
    "organisational": "Organisational abuse",
    "neglect": "Neglect and acts of omission",
    "self_neglect": "Self-neglect",
    "domestic": "Domestic abuse",
    "modern_slavery": "Modern slavery",
}
OUTCOMES = {
    "open": "Open",
    "substantiated": "Substantiated",
    "unsubstantiated": "Unsubstantiated",
    "undetermined": "Undetermined",
}
#: A count of people beyond this is a typing slip, not a care service.
MAX_PEOPLE = 100_000


def _whole_number(value: Any) -> Any:
    """Refuse what YAML or a spreadsheet turns into a number by accident (true, 2.5, "3a")."""
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ValueError("must be a whole number such as 3")
    return value


People = Annotated[int, BeforeValidator(_whole_number), Field(ge=0, le=MAX_PEOPLE)]
Source = Literal[
    "safeguarding", "ccrf", "cqc", "complaint", "whistleblowing", "contract_monitoring", "other"
]
ConcernType = Literal[
    "physical",
    "sexual",
    "psychological",
    "financial",
    "discriminatory",
    "organisational",
    "neglect",
    "self_neglect",
    "domestic",
    "modern_slavery",
]


class ConcernDetails(Strict):
    """What the register holds of a concern: never a service user's name."""

    raised: Date
    source: Source
    types: list[ConcernType] = Field(min_length=1)
    service_users_referred: People | None = None
    service_users_reviewed: People | None = None
    outcome: Literal["open", "substantiated", "unsubstantiated", "undetermined"]
    outcome_date: Date | None = None
    summary: Text | None = None

    @field_validator("types", mode="after")
    @classmethod
    def _each_type_once(cls, types: list[str]) -> list[str]:
        for index, kind in enumerate(types):
            if kind in types[:index]:
                raise located(str(index), f"{kind} is listed twice")
        return types

    @model_validator(mode="after")
    def _outcome_dated(self) -> ConcernDetails:
        """A concluded concern carries the date of its outcome, not before it was raised; an
        open one has no outcome date."""
        if self.outcome == "open" and self.outcome_date is not None:
            raise located(
                "outcome_date", "an open concern has no outcome date; give its outcome as well"
            )
        if self.outcome != "open" and self.outcome_date is None:
            raise located("outcome_date", f"required when the outcome is {self.outcome}")
        if self.outcome_date is not None and self.outcome_date < self.raised:
            raise located(
                "outcome_date",
                f"is before the concern was raised ({dates.long_date(self.raised)})",
            )
        return self


class ConcernPaper(Paper):
    """One concern about a provider, as the register records it."""

    kind: Literal["concern"]
    concern: ConcernDetails


class Concern(PaperKind[ConcernPaper]):
    name = "concern"
    title = TITLE
    model = ConcernPaper
    deadline = Deadline(28, after="the concern being raised")
    item = "part"
    judged_field = "concern"
    cover_date_phrase = "raised on"
    cover_due_phrase = "Its outcome is expected"
    due_label = deadline_label = "outcome expected by"
    documents = (DocumentSpec("Concern record", ".docx", "toolkit.render.concern:render_concern"),)

    done_label = "concluded"

    def date_of(self, paper: ConcernPaper) -> dt.date:
        return paper.concern.raised

    def done_on(self, paper: ConcernPaper) -> dt.date | None:
        return paper.concern.outcome_date

    def due_reminder(self) -> str:
        return f"An outcome is expected {self.deadline_in_force().rule}."

    def document_findings(
        self, record: RecordText, today: dt.date
    ) -> tuple[list[Finding], dt.date | None]:
        """Nothing beyond the summary: a concern record has no chair, attendees or minutes, and
        whether it stays open too long is judged from its file."""
        return [], None

    def label(self) -> str:
        return "provider concern"

    def summary(self, paper: ConcernPaper) -> str:
        return f"{super().summary(paper)}, {paper.concern.outcome}"

    def describe(self, paper: ConcernPaper) -> str:
        return f"record of a provider concern ({paper.concern.outcome})"

    def check_targets(self) -> tuple[list[Target], set[str]]:
        from toolkit.check.headings import Target

        return [Target("summary", SUMMARY)], set()

    def sections(self, paper: ConcernPaper) -> list[tuple[str, str, str | NotApplicable | None]]:
        return [("summary", SUMMARY, paper.concern.summary)]

    def findings(self, paper: ConcernPaper, today: dt.date) -> list[Finding]:
        """Its outcome (info), and a warning while it stays open beyond its deadline."""
        from toolkit.check.report import Finding, Severity

        concern = paper.concern
        if concern.outcome_date is not None:
            return [
                Finding(
                    "concern-concluded",
                    Severity.INFO,
                    f"{concern.outcome} on {dates.long_date(concern.outcome_date)}",
                )
            ]
        due = self.due(paper)
        found = [
            Finding(
                "concern-open",
                Severity.INFO,
                f"open since {dates.long_date(concern.raised)}; outcome expected by "
                f"{dates.long_date(due)}",
            )
        ]
        if today > due:
            found.append(
                Finding(
                    "concern-open-overdue",
                    Severity.WARNING,
                    f"the concern is still open {counted((today - concern.raised).days, 'day')} "
                    f"after it was raised, beyond the {self.deadline_in_force().rule} "
                    "expected for an outcome; record its outcome or review it",
                )
            )
        return found

    def scaffold(self, filename: str) -> str:
        from toolkit.scaffold import PROVIDER

        return _SCAFFOLD.format(
            title=self.title,
            filename=filename,
            rule=self.deadline_in_force().rule,
            provider=PROVIDER,
            sources=", ".join(SOURCES),
            types=", ".join(TYPES),
        )

    def outline(self) -> list[str]:
        return [
            "  concern: raised, source, types, service_users_referred, service_users_reviewed,",
            "           outcome, outcome_date, summary",
            f"  sources: {', '.join(SOURCES)}",
            f"  types: {', '.join(TYPES)}",
            f"  outcomes: {', '.join(OUTCOMES)}",
        ]


_SCAFFOLD = """\
# {title}: the file to fill in.
# Fill in the fields, then check it with:  toolkit validate {filename}
# Dates: 2026-11-20 or 20/11/2026. Never write a service user's name: the register records the
# name of the service instead. An outcome is expected {rule}.
kind: concern
{provider}concern:
  raised: ""              # required: the date the concern was raised
  source: safeguarding    # {sources}
  types: []               # required, at least one: {types}
  # service_users_referred: 3    # how many service users were referred (a whole number)
  # service_users_reviewed: 14   # how many service users' care was reviewed
  outcome: open           # open, substantiated, unsubstantiated or undetermined
  # outcome_date: 2026-10-30     # required once the outcome is not open
  summary: ""             # what the concern is about, and what was done
"""

KIND = Concern()
