"""What a kind of paper declares, and the behaviour most kinds share.

A kind is a class that sets only what differs (as nbconvert's exporters do): its name, title,
model, deadline, documents, and what `check` looks for. `PaperKind` holds the defaults every
paper shares; `MeetingKind` adds what every meeting has (chair, attendees, actions, a tracker);
`toolkit.kinds.record.RecordKind` adds framework headings rendered through a Word template.
Nothing here imports Word or Excel code: documents are named by their renderer's import path
and resolved by `toolkit.render`, so that loading or checking a paper stays light.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

from toolkit import dates
from toolkit.frameworks import Deadline
from toolkit.profile import active
from toolkit.text import capitalised, counted

if TYPE_CHECKING:
    from toolkit.check.docx_reader import RecordText
    from toolkit.check.headings import Target
    from toolkit.check.report import Finding
    from toolkit.model import MeetingPaper, NotApplicable, Paper


@dataclass(frozen=True)
class DocumentSpec:
    """One Office file a kind renders for each paper.

    ``what`` names it in the file name ("Initial meeting record"); ``renderer`` is the
    ``module:function`` that returns its bytes, called as ``renderer(paper, draft=...)``, and
    with ``templates=`` (a council's template folder) when ``templates`` is set.
    ``provider_copy``: the document also comes as the provider's copy, on request ("... -
    Provider copy"), rendered by the same renderer with ``provider_copy=True``; declared on the
    document rather than decided per kind, so that every kind rendering such a document has one.
    """

    what: str
    suffix: str
    renderer: str
    templates: bool = False
    provider_copy: bool = False


#: The paper a kind's methods take: its own model (a kind of meeting takes a meeting).
P = TypeVar("P", bound="Paper")
M = TypeVar("M", bound="MeetingPaper")

#: The action tracker every meeting carries from one meeting to the next.
TRACKER = DocumentSpec("Action tracker", ".xlsx", "toolkit.render.tracker:render_tracker")


class PaperKind(Generic[P]):
    """A kind of paper: everything the pipeline needs to know about it, in one place."""

    #: The ``kind:`` value of its files.
    name: ClassVar[str]
    #: The title its papers print.
    title: ClassVar[str]
    #: The pydantic model of its files.
    model: ClassVar[type[Paper]]
    #: When its paper is due, counted from the paper's date.
    deadline: ClassVar[Deadline]
    #: The Office files rendered for each paper, in order.
    documents: ClassVar[tuple[DocumentSpec, ...]]
    #: What `check` calls the parts it judges, singular ("heading", "agenda item").
    item: ClassVar[str] = "heading"
    #: The folder of its template in a template folder (None: it is not built from one).
    template_folder: ClassVar[str | None] = None
    #: Where in its files the texts `check` judges live (``sections``, ``notes``), if anywhere.
    judged_field: ClassVar[str | None] = None
    #: How a cover note dates the paper ("held on" a date) and says what is due by when.
    cover_date_phrase: ClassVar[str] = "dated"
    cover_due_phrase: ClassVar[str] = "It is due"
    #: How one line of output names the due date: "minutes due by 16/10/2026".
    due_label: ClassVar[str] = "due by"
    #: What the deadline counted from a date gives (`toolkit due --kind K --date D`).
    deadline_label: ClassVar[str] = "due by"
    #: Lines under a heading of its Word papers that say nothing of substance ("Lead: Chair").
    not_content: ClassVar[re.Pattern[str] | None] = None

    def date_of(self, paper: P) -> dt.date:
        """The date the paper is about (a meeting's, a letter's): it leads file names."""
        raise NotImplementedError

    def deadline_in_force(self) -> Deadline:
        """The deadline of this kind's papers: the partnership profile's, else the kind's."""
        return active().deadline_for(self.name, self.deadline)

    def due_after(self, day: dt.date) -> dt.date:
        """The date the paper of ``day`` is due by, under the deadline in force."""
        return dates.due_date(day, self.deadline_in_force())

    def due(self, paper: P) -> dt.date:
        """The date ``paper`` is due by (its minutes agreed and shared, its form sent)."""
        return self.due_after(self.date_of(paper))

    #: What doing the due thing is called ("sent"), when a paper records that it was done.
    done_label: ClassVar[str] = "done"

    def done_on(self, paper: P) -> dt.date | None:
        """The date the paper records the due thing as done (a form sent), or None: then
        `toolkit due` counts down to the due date instead."""
        return None

    def due_rule(self) -> str:
        """The rule that sets the due date, in words (for the manifest and the cover note)."""
        return self.deadline_in_force().rule

    def due_sentence(self, paper: P) -> str:
        """The cover note's sentence on what is due, by when."""
        return (
            f"{self.cover_due_phrase} {self.due_rule()}, that is by "
            f"{dates.long_date(self.due(paper))}."
        )

    def due_by(self, due: dt.date) -> str:
        """What is due and when, as a page heads it: "Minutes due by Friday 16 October 2026"."""
        return f"{capitalised(self.due_label)} {dates.long_date(due)}"

    def due_reminder(self) -> str:
        """The blank file's reminder of the deadline."""
        return f"It is due {self.deadline_in_force().rule}."

    def label(self) -> str:
        """What a paper of this kind is called in one line of output: "letter"."""
        return self.name

    def summary(self, paper: P) -> str:
        """What `toolkit validate` says of a valid paper: kind, provider, date."""
        return f"{self.label()}, {paper.provider.name}, {dates.short_date(self.date_of(paper))}"

    def paper_title(self, paper: P) -> str:
        """The paper's title as a cover note or manifest names it."""
        return self.title

    def describe(self, paper: P) -> str:
        """What the paper is, for a cover note: "the multi-agency initial meeting"."""
        return self.title

    def recipients(self, paper: P) -> list[str]:
        """Who the paper is circulated to."""
        return []

    def section_keys(self) -> tuple[str, ...]:
        """The keys its files take under ``sections:`` (none, for a paper without sections)."""
        return ()

    def check_targets(self) -> tuple[list[Target], set[str]]:
        """The headings a Word paper of this kind must have, and the keys of those needed only
        if present."""
        return [], set()

    def reminders(self) -> dict[str, str]:
        """What belongs under each heading of `check_targets`, by key: the one-line reminder a
        form shows beside the heading (none by default)."""
        return {}

    def sections(self, paper: P) -> list[tuple[str, str, str | NotApplicable | None]]:
        """(key, title, text) of each part `check` judges in a paper file."""
        return []

    def findings(self, paper: P, today: dt.date) -> list[Finding]:
        """The sign-off findings of a paper file beyond its headings."""
        return []

    def record_findings(self, record: RecordText) -> list[Finding]:
        """Findings only this kind looks for in a Word paper (the shared ones come first)."""
        return []

    def document_findings(
        self, record: RecordText, today: dt.date
    ) -> tuple[list[Finding], dt.date | None]:
        """The sign-off findings of a Word paper of this kind, and its due date if the paper
        shows its date: the facts every meeting record shows (date, chair, attendees, actions),
        this kind's own (`record_findings`), then whether the due date has passed. A kind whose
        papers show other facts (a letter) replaces this whole."""
        from toolkit.check.signoff import minutes_findings, record_findings

        findings, day = record_findings(record)
        findings += self.record_findings(record)
        due = None if day is None else self.due_after(day)
        if due is not None:
            findings += minutes_findings(due, today)
        return findings, due

    def scaffold(self, filename: str) -> str:
        """The text of a blank, commented file of this kind for `toolkit new`."""
        raise NotImplementedError

    def outline(self) -> list[str]:
        """Lines listing the kind's headings or items, for `toolkit frameworks`."""
        return []


class MeetingKind(PaperKind[M]):
    """A kind of meeting: dated by its meeting, minutes due, actions carried in a tracker."""

    cover_date_phrase = "held on"
    cover_due_phrase = "The minutes are to be agreed and shared"
    due_label = deadline_label = "minutes due by"

    def date_of(self, paper: M) -> dt.date:
        return paper.meeting.date

    def label(self) -> str:
        return f"{self.name} meeting"

    def due_reminder(self) -> str:
        return f"Minutes must be agreed and shared {self.deadline_in_force().rule}."

    def summary(self, paper: M) -> str:
        return f"{super().summary(paper)}, {counted(len(paper.actions), 'action')}"

    def describe(self, paper: M) -> str:
        return f"multi-agency {self.name} meeting"

    def recipients(self, paper: M) -> list[str]:
        return list(paper.circulation.recipients)

    def findings(self, paper: M, today: dt.date) -> list[Finding]:
        """Chair, attendees, actions and the minutes deadline, then this kind's own."""
        from toolkit.check.signoff import meeting_findings, minutes_findings

        return [
            *meeting_findings(paper),
            *self.meeting_findings(paper),
            *minutes_findings(self.due(paper), today),
        ]

    def meeting_findings(self, paper: M) -> list[Finding]:
        """Findings only this kind of meeting looks for (a quorum, a suspension review)."""
        return []
