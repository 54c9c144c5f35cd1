"""Record of Multi-Agency Initial Meeting (DSP serious concerns procedure, Appendix 1).

The headings are the initial meeting framework of the seed procedure, in its order; the minutes
are agreed and shared within 14 days of the meeting.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from toolkit.frameworks import Deadline, Heading
from toolkit.kinds.record import PartnershipHeading, RecordKind
from toolkit.model import FrameworkMeeting, sections_model

HEADINGS: tuple[Heading, ...] = (
    Heading(
        "convened_timing",
        "Meeting convened as soon as practicable to review the serious concerns being raised",
        "When and why the meeting was convened; timing follows the level of risk, the evidence "
        "and any dual investigations ongoing.",
    ),
    Heading("purpose", "Purpose of meeting", "Why the meeting was called and what it must decide."),
    Heading(
        "safeguarding_enquiries",
        "Details of safeguarding enquiries / outcome of safeguarding investigations",
        "Safeguarding enquiries open or concluded about the service, and their outcomes.",
    ),
    Heading(
        "multi_agency_concerns",
        "Details of multi-agency concerns",
        "The concerns each agency holds about the care provider.",
    ),
    Heading(
        "provider_information",
        "Information known about the service provider, including other services",
        "What is known about the provider and any other services it runs.",
    ),
    Heading(
        "cqc_outcomes",
        "Outcomes from CQC inspections",
        "Recent CQC inspection ratings, findings and any regulatory action.",
    ),
    Heading(
        "contract_review_outcomes",
        "Outcomes from Contract Service Reviews",
        "Findings of contract compliance and quality assurance visits.",
    ),
    Heading(
        "risk_assessment",
        "Multi-agency assessment of risk",
        "The agreed level of risk to adults receiving the service, and why.",
    ),
    Heading(
        "investigation_issues",
        "Issues requiring investigation",
        "Further concerns to be investigated; police investigations take priority.",
    ),
    Heading(
        "roles_responsibilities",
        "Clarification of roles / responsibilities in investigation framework",
        "Who leads which part of the investigative framework.",
    ),
    Heading(
        "investigation_resources",
        "Resources required to support investigation/s",
        "Staff, specialist input (e.g. medicines, nutrition) and time the investigations need.",
    ),
    Heading(
        "safety_actions",
        "Actions required to ensure ongoing safety of adults at risk",
        "Immediate actions to minimise risk to adults currently receiving a service.",
    ),
    Heading(
        "admissions_suspension",
        "Consider suspension of new admissions and agree a timescale for review of this decision",
        "Whether new admissions are suspended (voluntary or imposed) and when that is reviewed.",
    ),
    Heading(
        "individuals_at_risk",
        "Identification of any individuals specifically at risk and whether individual "
        "safeguarding procedures apply",
        "Named adults at particular risk and whether individual safeguarding procedures apply.",
    ),
    Heading(
        "further_meetings",
        "Agree timescales for further meetings",
        "When the review meetings will be held.",
    ),
    Heading(
        "provider_involvement",
        "How to communicate with and involve the service provider, organisation or adult/s at "
        "risk in future meetings",
        "How the provider, the organisation and adults at risk are informed and involved.",
    ),
    Heading(
        "communication_plan",
        "Communication plan and responsibility for keeping people informed about the process",
        "Who tells whom (provider, adults and families, funders, media), and when.",
    ),
    Heading(
        "minutes_circulation",
        "Minutes written, agreed and shared with relevant parties within 14 days of the meeting",
        "Who writes, agrees and shares the minutes, and by when.",
    ),
    PartnershipHeading(
        "dsp_informed",
        "{partnership} informed of the outcome of the meeting",
        "How and when the {business_unit} is told the outcome.",
    ),
)

InitialSections = sections_model("InitialSections", HEADINGS, __name__)


class InitialMeeting(FrameworkMeeting):
    """Record of Multi-Agency Initial Meeting (Appendix 1)."""

    kind: Literal["initial"]
    sections: InitialSections = Field(default_factory=InitialSections)  # type: ignore[valid-type]


class Initial(RecordKind):
    name = "initial"
    title = "Record of Multi-Agency Initial Meeting"
    model = InitialMeeting
    headings = HEADINGS
    deadline = Deadline(14)
    template_folder = "appendix1"
    documents = RecordKind.record("Initial meeting record")
    next_meeting_section = "further_meetings"
    withheld_from_provider = ("individuals_at_risk",)


KIND = Initial()
