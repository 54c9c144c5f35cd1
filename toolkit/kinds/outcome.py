"""Record of the Outcome and Lessons Learned Meeting (DSP serious concerns procedure).

The meeting that concludes the process: it confirms "that the action/improvement plan is
complete and that the service is delivering care to a sustained, safe standard" and considers
"any lessons learned from the process". Its headings are the contract's, worded from the seed;
the minutes are agreed and shared within 14 days, as for an initial meeting.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from toolkit.frameworks import Deadline, Heading
from toolkit.kinds.record import PartnershipHeading, RecordKind
from toolkit.model import Date, FrameworkMeeting, sections_model

HEADINGS: tuple[Heading, ...] = (
    Heading(
        "purpose",
        "Purpose of meeting",
        "To conclude the process: confirm the plan is complete and consider lessons learned.",
    ),
    Heading(
        "action_plan_complete",
        "Confirmation that the multi-agency action plan / care provider improvement plan is "
        "complete",
        "Whether every action of both plans is complete, and how that was checked.",
    ),
    Heading(
        "sustained_safe_standard",
        "Evidence that the service is delivering care to a sustained, safe standard",
        "The evidence, over time, that care is safe and the improvements are sustained.",
    ),
    Heading(
        "investigation_outcomes",
        "Outcome of the investigations: concerns substantiated, unsubstantiated or undetermined",
        "The outcome of each investigation and enquiry, and of any police or CQC action.",
    ),
    Heading(
        "suspension_outcome",
        "Decision on any suspension of new admissions / placements",
        "Whether any suspension of new admissions or placements is lifted, and from when.",
    ),
    Heading(
        "lessons_learned",
        "Lessons learned from the process",
        "What the partners and the provider have learned from the process, and who acts on it.",
    ),
    Heading(
        "good_practice",
        "Good practice identified",
        "Good practice seen in the service or in the multi-agency response.",
    ),
    Heading(
        "communication",
        "How the outcome is communicated to the provider, adults at risk and their families, "
        "and funding authorities",
        "Who tells the provider, adults at risk, their families and the funders, and how.",
    ),
    Heading(
        "ongoing_monitoring",
        "Ongoing monitoring arrangements and how lower level concerns reach the commissioner",
        "Routine monitoring from now on, and how lower level concerns reach the commissioner.",
    ),
    Heading(
        "minutes_circulation",
        "Minutes written, agreed and shared with relevant parties",
        "Who writes, agrees and shares the minutes, and by when.",
    ),
    PartnershipHeading(
        "dsp_informed",
        "{partnership} informed of the outcome and that the procedure has concluded",
        "How and when the {business_unit} is told the outcome and that the procedure ended.",
    ),
)

OutcomeSections = sections_model("OutcomeSections", HEADINGS, __name__)


class OutcomeMeeting(FrameworkMeeting):
    """Record of the Outcome and Lessons Learned Meeting."""

    kind: Literal["outcome"]
    previous_meeting: Date | None = None
    sections: OutcomeSections = Field(default_factory=OutcomeSections)  # type: ignore[valid-type]


class Outcome(RecordKind):
    name = "outcome"
    title = "Record of the Outcome and Lessons Learned Meeting"
    model = OutcomeMeeting
    headings = HEADINGS
    deadline = Deadline(14)
    template_folder = "outcome"
    documents = RecordKind.record("Outcome meeting record")
    action_progress = True
    scaffold_extra = "# previous_meeting: 2027-01-15   # date of the last review meeting\n"
    no_next_meeting = "None: this meeting concludes the procedure."

    def describe(self, paper: FrameworkMeeting) -> str:
        return "multi-agency outcome and lessons learned meeting"


KIND = Outcome()
