"""Meetings recorded under framework headings, rendered through a Word template (Appendix 1, 2).

A kind of this family sets its name, title, headings, deadline, model, template folder and the
section that agrees the next meeting; the record, the check and the blank file follow from them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from toolkit.frameworks import NOT_RECORDED, Heading
from toolkit.kinds.base import TRACKER, DocumentSpec, MeetingKind
from toolkit.profile import active

if TYPE_CHECKING:
    from toolkit.check.docx_reader import RecordText
    from toolkit.check.headings import Target
    from toolkit.check.report import Finding
    from toolkit.model import FrameworkMeeting, NotApplicable

RECORD_RENDERER = "toolkit.render.record:render_record"


class PartnershipHeading(Heading):
    """A framework heading that names the partnership: "{partnership} informed of the outcome".

    Its title and prompt are worded each time they are read, under the profile in force, never
    at import: a record rendered under a partnership's profile prints its names, and `check`,
    the blank file and `toolkit frameworks` then use the same words. Wording the heading itself,
    rather than its readers, keeps every reader right (the kind, the ``sections:`` model, the
    record, the check, a council's template check, kinds still to come); the key, and so the
    meeting file, never changes. ``{partnership}`` is the profile's ``name`` ("DSP"),
    ``{business_unit}`` its ``business_unit`` ("DSP Business Unit").
    """

    #: The title and prompt as written, with their placeholders.
    wording: tuple[str, str]

    def __init__(self, key: str, title: str, prompt: str) -> None:
        # Not Heading's own __init__: it would assign the properties below.
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "wording", (title, prompt))

    @property
    def title(self) -> str:
        return _worded(self.wording[0])

    @property
    def prompt(self) -> str:
        return _worded(self.wording[1])


def _worded(text: str) -> str:
    """``text`` with the names of the partnership in force put in its placeholders."""
    profile = active()
    return text.format(partnership=profile.name, business_unit=profile.business_unit)


class RecordKind(MeetingKind["FrameworkMeeting"]):
    """A meeting whose record prints each framework heading with what was said under it."""

    #: The framework headings, in the order the record prints them.
    headings: ClassVar[tuple[Heading, ...]]
    #: The key of the section that agrees when the next meeting is.
    next_meeting_section: ClassVar[str | None] = None
    #: What the record says under "Next meeting" when none is recorded: a meeting that ends
    #: the procedure has no next meeting to be missing.
    no_next_meeting: ClassVar[str] = NOT_RECORDED
    judged_field = "sections"
    #: Whether the action plan shows the progress on each action and its completion date.
    action_progress: ClassVar[bool] = False
    #: Extra lines of the blank file, after the kind line (``previous_meeting`` and the like).
    scaffold_extra: ClassVar[str] = ""
    #: The sections the provider's copy of the record always leaves out (those about named
    #: adults), whatever the meeting's ``provider_copy.exclude`` adds.
    withheld_from_provider: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def record(cls, what: str) -> tuple[DocumentSpec, ...]:
        """The record (named ``what`` in file names), which has a provider's copy, and the
        tracker."""
        record = DocumentSpec(what, ".docx", RECORD_RENDERER, templates=True, provider_copy=True)
        return (record, TRACKER)

    def section_keys(self) -> tuple[str, ...]:
        return tuple(h.key for h in self.headings)

    def withheld(self, paper: FrameworkMeeting) -> tuple[str, ...]:
        """The keys of the sections the provider's copy of ``paper`` leaves out, in framework
        order: this kind's defaults and those the meeting lists under ``provider_copy``."""
        listed = set(self.withheld_from_provider)
        if paper.provider_copy is not None:
            listed.update(paper.provider_copy.exclude)
        return tuple(key for key in self.section_keys() if key in listed)

    def check_targets(self) -> tuple[list[Target], set[str]]:
        from toolkit.check.headings import Target

        return [Target(h.key, h.title) for h in self.headings], set()

    def reminders(self) -> dict[str, str]:
        return {h.key: h.prompt for h in self.headings}

    def sections(
        self, paper: FrameworkMeeting
    ) -> list[tuple[str, str, str | NotApplicable | None]]:
        return [(h.key, h.title, value) for h, value in paper.iter_sections()]

    def meeting_findings(self, paper: FrameworkMeeting) -> list[Finding]:
        """The suspension's review date, then the placement decision's evidence (4LSAB)."""
        from toolkit.check.placement import placement_findings
        from toolkit.check.signoff import suspension_findings

        return [*suspension_findings(paper.suspension), *placement_findings(paper.suspension)]

    def record_findings(self, record: RecordText) -> list[Finding]:
        """The placement decision part of the record, judged as the meeting file is."""
        from toolkit.check.placement import record_placement_findings

        return record_placement_findings(record)

    def scaffold(self, filename: str) -> str:
        from toolkit.scaffold import COMMON, ESCALATION, SUSPENSION, header, sections_part

        return (
            header(self, filename)
            + self.scaffold_extra
            + COMMON
            + ESCALATION
            + SUSPENSION
            + self._provider_copy_part()
            + sections_part(self.headings)
        )

    def _provider_copy_part(self) -> str:
        """The commented ``provider_copy`` block of the blank file, naming what is always left
        out, so that no one lists it again or thinks it goes to the provider."""
        always = ", ".join(self.withheld_from_provider) or "nothing"
        return (
            "# provider_copy:          # sections left out of the provider's copy of the record\n"
            f"#   exclude: []          # (and always: {always})\n"
        )

    def outline(self) -> list[str]:
        lines = []
        for number, heading in enumerate(self.headings, start=1):
            lines.append(f"  {number:>2}. {heading.key:<24} {heading.title}")
            lines.append(f"      {'':<24} {heading.prompt}")
        return lines
