"""The Strategic Provider Concerns Group (West Sussex protocol): agenda, minutes and tracker.

Its papers are an agenda (Appendix i, or the meeting's own) and minutes with the notes of each
item; decisions are valid only when the quorum is represented (§4.1); the minutes are shared no
later than five working days after the meeting (§6.4).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from pydantic import Field, ValidationError, ValidationInfo, field_validator

from toolkit import quorum
from toolkit.frameworks import Deadline
from toolkit.kinds.base import TRACKER, DocumentSpec, MeetingKind
from toolkit.model import MeetingPaper, Required, Strict, Text, located, value_error
from toolkit.profile import active

if TYPE_CHECKING:
    from toolkit.check.docx_reader import RecordText
    from toolkit.check.headings import Target
    from toolkit.check.report import Finding
    from toolkit.model import NotApplicable


@dataclass(frozen=True)
class AgendaItem:
    """One item of the strategic group's draft agenda (protocol Appendix i)."""

    key: str
    item: str
    lead: str
    optional: bool = False


#: Draft agenda of the Strategic Provider Concerns Group (West Sussex protocol, Appendix i).
AGENDA: tuple[AgendaItem, ...] = (
    AgendaItem("introductions", "Introductions and declarations of interest", "Chair"),
    AgendaItem("previous_minutes", "Minutes of last meeting", "Chair"),
    AgendaItem("action_tracker", "Action tracker", "Chair/All"),
    AgendaItem("discussion", "Discussion/updates", "All"),
    AgendaItem(
        "qasig_feedback",
        "Feedback from Quality Assurance Safeguarding Information Group (QASIG)",
        "Chair or designated lead",
        optional=True,
    ),
    AgendaItem("risk_register", "Strategic risk register", "Chair or designated lead"),
    AgendaItem("aob", "Any other business", "All"),
)

GROUP_NAME = "Strategic Provider Concerns Group"

#: Organisations that must be represented for the strategic group to be quorate (protocol §4),
#: used when a meeting file gives no ``quorum`` of its own.
DEFAULT_QUORUM: tuple[str, ...] = (
    "Sussex Integrated Care Board",
    "West Sussex County Council",
)

#: "Lead: Chair" under an item says who leads it, not what was said.
_LEAD_LINE = re.compile(r"^\s*lead\s*:", re.I)


class AgendaEntry(Strict):
    """One item of a strategic group agenda."""

    key: Required
    item: Required
    lead: Text | None = None


class StrategicMeeting(MeetingPaper):
    """A meeting of the Strategic Provider Concerns Group (agenda, minutes, tracker)."""

    kind: Literal["strategic"]
    group: Required = GROUP_NAME
    agenda: list[AgendaEntry] | None = None
    include_qasig: bool = False
    notes: dict[str, Text | None] = Field(default_factory=dict)
    quorum: list[Required] | None = None

    @field_validator("agenda", mode="after")
    @classmethod
    def _unique_agenda_keys(cls, agenda: list[AgendaEntry] | None) -> list[AgendaEntry] | None:
        keys = [entry.key for entry in agenda or []]
        if duplicates := sorted({key for key in keys if keys.count(key) > 1}):
            index = len(keys) - 1 - keys[::-1].index(duplicates[0])
            raise located(f"{index}.key", f"agenda key {duplicates[0]!r} is used twice")
        return agenda

    @field_validator("notes", mode="after")
    @classmethod
    def _notes_match_agenda(cls, notes: dict[str, str | None], info: ValidationInfo) -> object:
        """Every note must belong to an agenda item; checked as a field, so that it is reported
        with the file's other problems (an invalid agenda is reported on its own)."""
        if "agenda" not in info.data:
            return notes
        agenda = info.data["agenda"]
        known = [e.key for e in agenda] if agenda is not None else [i.key for i in AGENDA]
        message = "no agenda item has this key; agenda keys: " + ", ".join(known)
        if unknown := [value_error((key,), message, key) for key in notes if key not in known]:
            raise ValidationError.from_exception_data("notes", unknown)
        return notes

    def agenda_items(self) -> list[AgendaEntry]:
        """The agenda in order: the file's own, or the protocol's draft agenda.

        The QASIG item of the draft agenda is "to be included if appropriate": it appears when
        ``include_qasig`` is set or the notes record a discussion of it.
        """
        if self.agenda is not None:
            return list(self.agenda)
        with_qasig = self.include_qasig or "qasig_feedback" in self.notes
        return [
            AgendaEntry(key=item.key, item=item.item, lead=item.lead)
            for item in AGENDA
            if with_qasig or not item.optional
        ]

    def required_organisations(self) -> list[str]:
        """The organisations that must be represented: the file's ``quorum``, else the
        partnership profile's, else the protocol's."""
        if self.quorum is not None:
            return list(self.quorum)
        profile_quorum = active().quorum
        return list(DEFAULT_QUORUM if profile_quorum is None else profile_quorum)

    def represented_organisations(self) -> list[str]:
        """The organisations present: every attendee's, and the chair's (not apologies)."""
        people = [self.meeting.chair, *self.meeting.attendees]
        return [person.organisation for person in people if person.organisation]

    def missing_quorum(self) -> list[str]:
        """The required organisations no one present represents; empty when quorate."""
        return quorum.missing(self.required_organisations(), self.represented_organisations())


class Strategic(MeetingKind[StrategicMeeting]):
    name = "strategic"
    title = GROUP_NAME
    model = StrategicMeeting
    deadline = Deadline(5, working_days=True)
    item = "agenda item"
    judged_field = "notes"
    not_content = _LEAD_LINE
    documents = (
        DocumentSpec("Agenda", ".docx", "toolkit.render.strategic:render_agenda"),
        DocumentSpec("Minutes", ".docx", "toolkit.render.strategic:render_minutes"),
        TRACKER,
    )

    def paper_title(self, paper: StrategicMeeting) -> str:
        return " ".join(paper.group.split())

    def describe(self, paper: StrategicMeeting) -> str:
        return f"meeting of the {self.paper_title(paper)}"

    def check_targets(self) -> tuple[list[Target], set[str]]:
        from toolkit.check.headings import Target

        optional = {item.key for item in AGENDA if item.optional}
        return [Target(item.key, item.item) for item in AGENDA], optional

    def reminders(self) -> dict[str, str]:
        """Who leads each item of the draft agenda, and the item included only if appropriate."""
        return {
            item.key: f"Lead: {item.lead}." + (" To be included if appropriate." * item.optional)
            for item in AGENDA
        }

    def sections(
        self, paper: StrategicMeeting
    ) -> list[tuple[str, str, str | NotApplicable | None]]:
        return [(item.key, item.item, paper.notes.get(item.key)) for item in paper.agenda_items()]

    def meeting_findings(self, paper: StrategicMeeting) -> list[Finding]:
        from toolkit.check.signoff import quorum_findings

        return quorum_findings(paper.missing_quorum())

    def record_findings(self, record: RecordText) -> list[Finding]:
        from toolkit.check.signoff import record_quorum_findings

        return record_quorum_findings(record)

    def scaffold(self, filename: str) -> str:
        from toolkit.scaffold import COMMON, header

        out = [
            header(self, filename),
            COMMON,
            f"group: {GROUP_NAME}\n",
            "include_qasig: false     # true to include the QASIG feedback item\n",
            "# agenda:                # leave out for the protocol's draft agenda, "
            "or list your own:\n",
        ]
        for item in AGENDA:
            out.append(f"#   - key: {item.key}\n#     item: {item.item}\n#     lead: {item.lead}\n")
        out.append("notes:                   # the discussion under each agenda item\n")
        for item in AGENDA:
            key = f"# {item.key}" if item.optional else item.key
            out.append(f'  # {item.item} (lead: {item.lead})\n  {key}: ""\n')
        out.append(
            "# quorum:               # who must attend for decisions to be valid, by default:\n"
        )
        out.extend(f"#   - {organisation}\n" for organisation in DEFAULT_QUORUM)
        return "".join(out)

    def outline(self) -> list[str]:
        return [
            f"  {number:>2}. {item.key:<18} {item.item}"
            f"{' (if appropriate)' if item.optional else ''} [lead: {item.lead}]"
            for number, item in enumerate(AGENDA, start=1)
        ]


KIND = Strategic()
