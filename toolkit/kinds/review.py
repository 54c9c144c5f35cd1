"""Record of Multi-Agency Review Meeting (DSP serious concerns procedure, Appendix 2).

The headings are the review meeting framework of the seed procedure, in its order; the minutes
are agreed and shared within 7 days of the meeting. A review names the meeting it follows.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from toolkit.frameworks import Deadline, Heading
from toolkit.kinds.record import RecordKind
from toolkit.model import Date, FrameworkMeeting, sections_model

HEADINGS: tuple[Heading, ...] = (
    Heading("purpose", "Purpose of meeting", "Why the review meeting was called."),
    Heading(
        "additional_concerns",
        "Details of any additional safeguarding concerns / multi-agency concerns",
        "New safeguarding or multi-agency concerns raised since the last meeting.",
    ),
    Heading(
        "investigation_outcomes",
        "Reports on the outcome of any investigations / actions",
        "What the investigations and agreed actions have found.",
    ),
    Heading(
        "individual_feedback",
        "Feedback from any individual safeguarding investigations / assessments",
        "Feedback from individual safeguarding enquiries and assessments.",
    ),
    Heading(
        "outcomes_met",
        "Conclusion as to whether the stated outcomes of the process have been met",
        "Whether the stated outcomes of the process have been met, and the evidence.",
    ),
    Heading(
        "risk_review",
        "Review of the multi-agency assessment of risk",
        "The risk level now, and what has changed since the last meeting.",
    ),
    Heading(
        "action_plan_progress",
        "Progress in implementing the multi-agency action plan / care provider improvement plan",
        "Progress against each action of the action plan and the provider's improvement plan.",
    ),
    Heading(
        "further_safety_actions",
        "Further action required to ensure the ongoing safety of adults at risk",
        "Further actions agreed to keep adults at risk safe.",
    ),
    Heading(
        "contract_compliance",
        "Additional contract compliance arrangements",
        "Any additional contract compliance or monitoring arrangements agreed.",
    ),
    Heading(
        "future_meetings",
        "Timescales and attendees for future meetings",
        "When the next meetings are and who must attend; attendees prioritise them.",
    ),
    Heading(
        "communication_plan",
        "Communication plan and responsibility for keeping people informed about the process",
        "How the communication plan is maintained and who keeps people informed.",
    ),
    Heading(
        "suspension_review",
        "Review of the decision to impose a suspension on new placements",
        "Whether any suspension on new placements continues, is varied or is lifted.",
    ),
    Heading(
        "minutes_circulation",
        "Minutes written, agreed and shared with relevant parties within 7 days of the meeting",
        "Who writes, agrees and shares the minutes, and by when.",
    ),
)

ReviewSections = sections_model("ReviewSections", HEADINGS, __name__)


class ReviewMeeting(FrameworkMeeting):
    """Record of Multi-Agency Review Meeting (Appendix 2)."""

    kind: Literal["review"]
    previous_meeting: Date | None = None
    sections: ReviewSections = Field(default_factory=ReviewSections)  # type: ignore[valid-type]


class Review(RecordKind):
    name = "review"
    title = "Record of Multi-Agency Review Meeting"
    model = ReviewMeeting
    headings = HEADINGS
    deadline = Deadline(7)
    template_folder = "appendix2"
    documents = RecordKind.record("Review meeting record")
    next_meeting_section = "future_meetings"
    withheld_from_provider = ("individual_feedback",)
    action_progress = True
    scaffold_extra = "# previous_meeting: 2026-11-20   # date of the meeting this one follows\n"


KIND = Review()
