"""The letter to the provider: the concerns in writing, after a meeting or a verbal notice.

The provider "will be informed in writing of the presenting issues and the actions to be taken"
(DSP procedure); the letter "should explain the nature of the concerns, what aspect of the
contract these relate to, the action needed to rectify the situation and the timescales within
which this is to be achieved", states "the sanctions that will be applied in the case of non
compliance", is sent by recorded delivery, and sets "a review date ... at which progress can be
assessed" (4LSAB). A letter is no meeting: no chair, actions or tracker; it is dated by its own
date, is to be sent soon after the meeting it follows (the deadline, which a partnership profile
may change), and is due again, for the chair, on its review date.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal

from pydantic import Field, ValidationInfo, field_validator

from toolkit import dates
from toolkit.frameworks import Deadline
from toolkit.kinds.base import DocumentSpec, PaperKind
from toolkit.model import Date, Paper, Person, Provider, Required, Strict, Text, Time, located
from toolkit.text import counted, is_blank

if TYPE_CHECKING:
    from toolkit.check.docx_reader import RecordText
    from toolkit.check.headings import Target
    from toolkit.check.report import Finding
    from toolkit.model import NotApplicable

TITLE = "Notice of concerns and action required"
#: The parts of the letter, as its headings print them; `check` judges each.
CONCERNS_TITLE = "The concerns and the action required"
SANCTIONS_TITLE = "Sanctions for non-compliance"
MEETING_TITLE = "Meeting to agree an action plan"
REVIEW_TITLE = "Review of progress"

Delivery = Literal["recorded", "email", "hand"]


class Addressee(Person):
    """Who the letter is written to; ``salutation`` ("Ms Barrow") follows "Dear"."""

    salutation: Text | None = None


class Signatory(Person):
    """Who signs the letter: the organisation heads the letter, so it is required."""

    organisation: Required


class LetterDetails(Strict):
    """When, to whom, from whom and how the letter is sent, and what it follows."""

    date: Date
    to: Addressee
    signatory: Signatory
    reference: Text | None = None
    delivery: Delivery = "recorded"
    verbal_notice: Date | None = None
    following_meeting: Date | None = None

    @field_validator("verbal_notice", "following_meeting", mode="after")
    @classmethod
    def _not_after_the_letter(cls, day: dt.date | None, info: ValidationInfo) -> dt.date | None:
        """A letter confirms what came before it: a later notice or meeting is a typing slip."""
        letter_date = info.data.get("date")
        if day and letter_date and day > letter_date:
            raise ValueError(
                f"{dates.short_date(day)} is after the letter's date "
                f"{dates.short_date(letter_date)}; the letter follows it"
            )
        return day


class Concern(Strict):
    """One numbered row of the letter's table: what is wrong, under which part of the
    contract, what must be done and by when. A timescale on or before the letter's date is
    a warning of `check`, not a refusal: the chair may be confirming an action already due."""

    nature: Required
    contract_clause: Required
    action: Required
    timescale: Date


class MeetingInvitation(Strict):
    """A meeting the provider is invited to, to agree an action plan (4LSAB)."""

    date: Date
    start: Time | None = None
    venue: Text | None = None


class LetterPaper(Paper):
    """A letter to the provider (shared/spec/meeting-input.md, ``kind: letter``)."""

    kind: Literal["letter"]
    letter: LetterDetails
    concerns: list[Concern] = Field(min_length=1)
    sanctions: Required
    meeting_invitation: MeetingInvitation | None = None
    review_date: Date

    @field_validator("provider", mode="after")
    @classmethod
    def _addressed(cls, provider: Provider) -> Provider:
        """A letter sent by post needs somewhere to go: the address is required here."""
        if is_blank(provider.address):
            raise located("address", "a letter needs the provider's postal address")
        return provider


class Letter(PaperKind[LetterPaper]):
    name = "letter"
    title = TITLE
    model = LetterPaper
    #: Not in the seed documents ("as soon as possible", then in writing): the toolkit's own
    #: rule, which a partnership's profile changes under ``[deadlines] letter``.
    deadline = Deadline(5, working_days=True, after="the meeting it follows")
    item = "part"
    documents = (
        DocumentSpec("Letter to provider", ".docx", "toolkit.render.letter:render_letter"),
    )
    cover_due_phrase = "Progress will be reviewed"
    due_label = "progress reviewed on"
    deadline_label = "to be sent by"

    def date_of(self, paper: LetterPaper) -> dt.date:
        return paper.letter.date

    def due(self, paper: LetterPaper) -> dt.date:
        """The review date: what the letter asks is judged then, and the chair follows it up."""
        return paper.review_date

    def due_rule(self) -> str:
        return "on the review date the letter sets"

    def due_sentence(self, paper: LetterPaper) -> str:
        return f"{self.cover_due_phrase} on {dates.long_date(self.due(paper))}."

    def due_reminder(self) -> str:
        return f"Send the letter {self.deadline_in_force().rule}."

    def send_by(self, paper: LetterPaper) -> dt.date | None:
        """The date the letter should have gone by: counted from the meeting it follows."""
        meeting = paper.letter.following_meeting
        return None if meeting is None else self.due_after(meeting)

    def summary(self, paper: LetterPaper) -> str:
        return f"{super().summary(paper)}, {counted(len(paper.concerns), 'concern')}"

    def describe(self, paper: LetterPaper) -> str:
        return "letter to the provider"

    def recipients(self, paper: LetterPaper) -> list[str]:
        """The addressee, at the provider: the letter goes to no one else."""
        to = paper.letter.to
        return [", ".join(p for p in (to.name, to.role, paper.provider.name) if p)]

    def check_targets(self) -> tuple[list[Target], set[str]]:
        from toolkit.check.headings import Target

        return [Target(key, title) for key, (title, _) in _PARTS.items()], {"meeting"}

    def sections(self, paper: LetterPaper) -> list[tuple[str, str, str | NotApplicable | None]]:
        """The parts the letter prints under a heading, as it prints them (each concern's
        nature for the table; the review date in words)."""
        natures = "\n\n".join(concern.nature for concern in paper.concerns)
        parts: list[tuple[str, str, str | NotApplicable | None]] = [
            ("concerns", CONCERNS_TITLE, natures),
            ("sanctions", SANCTIONS_TITLE, paper.sanctions),
        ]
        if paper.meeting_invitation:
            parts.append(("meeting", MEETING_TITLE, dates.long_date(paper.meeting_invitation.date)))
        parts.append(("review", REVIEW_TITLE, dates.long_date(paper.review_date)))
        return parts

    def findings(self, paper: LetterPaper, today: dt.date) -> list[Finding]:
        from toolkit.check.letter import ConcernFacts, LetterFacts, letter_findings

        concerns = [
            ConcernFacts(number, c.nature, c.contract_clause, c.action, c.timescale)
            for number, c in enumerate(paper.concerns, start=1)
        ]
        invitation = paper.meeting_invitation
        facts = LetterFacts(
            date=paper.letter.date,
            concerns=concerns,
            sanctions=paper.sanctions,
            review_date=paper.review_date,
            invitation=invitation.date if invitation else None,
            send_by=self.send_by(paper),
            rule=self.deadline_in_force().rule,
        )
        return letter_findings(facts)

    def document_findings(
        self, record: RecordText, today: dt.date
    ) -> tuple[list[Finding], dt.date | None]:
        """What a Word letter shows: its date, the table of concerns, the sanctions and the
        review date (none of a meeting's chair, attendees or actions)."""
        from toolkit.check.letter import read_letter

        return read_letter(record, sanctions_title=SANCTIONS_TITLE, review_title=REVIEW_TITLE)

    def scaffold(self, filename: str) -> str:
        from toolkit.scaffold import PROVIDER, header

        what = f"Letter to the provider ({TITLE.lower()})"
        return header(self, filename, what) + PROVIDER + _SCAFFOLD

    def reminders(self) -> dict[str, str]:
        return {key: what[:1].upper() + what[1:] + "." for key, (_, what) in _PARTS.items()}

    def outline(self) -> list[str]:
        return [
            f"  {number:>2}. {title}: {what}"
            for number, (title, what) in enumerate(_PARTS.values(), start=1)
        ]


#: The parts of the letter `check` judges, by key: their heading and what belongs under it.
_PARTS = {
    "concerns": (
        CONCERNS_TITLE,
        "each concern: its nature, the contract clause, the action, by when",
    ),
    "sanctions": (SANCTIONS_TITLE, "what happens if the provider does not comply"),
    "meeting": (MEETING_TITLE, "if the provider is invited to a meeting (optional)"),
    "review": (REVIEW_TITLE, "the date progress is assessed"),
}


# Optional dates are commented out: left blank they would not validate.
_SCAFFOLD = """\
letter:
  date: ""                # required: the date the letter is signed and sent
  to:                     # required: who it is addressed to, usually the registered manager
    name: ""
    role: ""
    # salutation: Ms Barrow   # after "Dear"; the name when left out
  signatory:              # required: who signs it
    name: ""
    role: ""
    organisation: ""      # required: heads the letter
    email: ""
    phone: ""
  reference: ""           # e.g. PC/2026/031
  delivery: recorded      # recorded (recorded delivery), email or hand
  # verbal_notice: 2026-11-20      # when the concerns were first given verbally
  # following_meeting: 2026-11-20  # the date of the meeting the letter follows
concerns:                 # required, at least one: each is a numbered row of the letter's table
  - nature: ""            # required: what the concern is
    contract_clause: ""   # required: the part of the contract it relates to
    action: ""            # required: what the provider must do to put it right
    timescale: ""         # required: the date by which it must be done, after the letter's date
sanctions: ""             # required: the sanctions applied if the provider does not comply
# meeting_invitation:     # a meeting the provider is invited to, to agree an action plan
#   date: 2026-11-27
#   start: "10:00"
#   venue: ""
review_date: ""           # required: the date progress is assessed
"""


KIND = Letter()
