"""The facts of the process: framework headings, agenda items, deadlines and marking, in one place.

Every command reads these tables; nothing else in the toolkit spells a heading, a deadline or the
classification. Wording follows the seed documents (DSP serious concerns procedure for the initial
and review frameworks; the West Sussex Strategic Provider Concerns Group protocol for the
strategic group).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """The three kinds of meeting the toolkit records."""

    INITIAL = "initial"
    REVIEW = "review"
    STRATEGIC = "strategic"


#: The Government Security Classifications marking carried by every page and sheet.
CLASSIFICATION = "OFFICIAL-SENSITIVE"
#: Added to the marking of every file of a draft (``--draft``), not yet agreed for circulation.
DRAFT_SUFFIX = " DRAFT"


def marking_text(*, draft: bool = False) -> str:
    """Return the marking the pages carry: ``OFFICIAL-SENSITIVE`` or ``... DRAFT``, with the
    descriptor of the partnership's profile when it gives one (``OFFICIAL-SENSITIVE PERSONAL``)."""
    from toolkit.profile import active  # the profile module builds on this one

    return active().marking_text(draft=draft)


#: What a record prints under a section left empty, and the minutes under an item without notes;
#: the completeness check reads them back as empty, as it would the meeting file.
NOT_RECORDED = "Not recorded."
NO_NOTES = "No notes recorded."


@dataclass(frozen=True)
class Heading:
    """One required heading of a meeting framework.

    ``key`` is the YAML key under ``sections:``; ``title`` is what the record prints; ``prompt``
    is a one-line reminder, from the seed wording, of what belongs under it.
    """

    key: str
    title: str
    prompt: str


@dataclass(frozen=True)
class AgendaItem:
    """One item of the strategic group's draft agenda (protocol Appendix i)."""

    key: str
    item: str
    lead: str
    optional: bool = False


@dataclass(frozen=True)
class Deadline:
    """How long after a meeting its minutes must be agreed and shared."""

    days: int
    working_days: bool
    rule: str


INITIAL_HEADINGS: tuple[Heading, ...] = (
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
    Heading(
        "dsp_informed",
        "DSP informed of the outcome of the meeting",
        "How and when the DSP Business Unit is told the outcome.",
    ),
)

REVIEW_HEADINGS: tuple[Heading, ...] = (
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

#: Draft agenda of the Strategic Provider Concerns Group (West Sussex protocol, Appendix i).
STRATEGIC_AGENDA: tuple[AgendaItem, ...] = (
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

STRATEGIC_GROUP_NAME = "Strategic Provider Concerns Group"

#: Organisations that must be represented for the strategic group to be quorate (protocol §4),
#: used when a meeting file gives no ``quorum`` of its own.
DEFAULT_QUORUM: tuple[str, ...] = (
    "Sussex Integrated Care Board",
    "West Sussex County Council",
)

HEADINGS: dict[Kind, tuple[Heading, ...]] = {
    Kind.INITIAL: INITIAL_HEADINGS,
    Kind.REVIEW: REVIEW_HEADINGS,
    Kind.STRATEGIC: (),
}

DEADLINES: dict[Kind, Deadline] = {
    Kind.INITIAL: Deadline(14, False, "within 14 days of the meeting"),
    Kind.REVIEW: Deadline(7, False, "within 7 days of the meeting"),
    Kind.STRATEGIC: Deadline(5, True, "no later than five working days after the meeting"),
}

TITLES: dict[Kind, str] = {
    Kind.INITIAL: "Record of Multi-Agency Initial Meeting",
    Kind.REVIEW: "Record of Multi-Agency Review Meeting",
    Kind.STRATEGIC: "Strategic Provider Concerns Group",
}

#: The action tracker columns of the protocol's Appendix ii, in order.
TRACKER_COLUMNS: tuple[str, ...] = (
    "Meeting date",
    "Action no.",
    "Action detail",
    "Action owner",
    "Organisation",
    "Action update",
    "Action completed / date completed",
    "If applicable relevant document filed?",
)


def headings_for(kind: Kind | str) -> tuple[Heading, ...]:
    """Return the required framework headings of ``kind``, in the order the record prints them."""
    return HEADINGS[Kind(kind)]


def section_keys(kind: Kind | str) -> tuple[str, ...]:
    """Return the ``sections:`` keys of ``kind`` in framework order."""
    return tuple(h.key for h in headings_for(kind))


def kinds_with_section(key: str) -> list[Kind]:
    """Return the kinds whose framework has a section called ``key`` (for helpful errors)."""
    return [kind for kind, headings in HEADINGS.items() if any(h.key == key for h in headings)]
