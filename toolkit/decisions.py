"""The vocabulary of what a meeting decides about a provider: its escalation level (West Midlands
framework for responding to organisational failure) and placements (4LSAB Appendix A and the
evidence trail). One place for each wording, so that the model, the record and the check agree.
"""

from __future__ import annotations

import difflib

#: The five levels of the West Midlands framework, in the seed's words ("Info. sharing
#: meetings", "Multi-agency meetings re. org. failure" written out).
ESCALATION_LEVELS: dict[int, str] = {
    1: "Information sharing meetings",
    2: "1-1 meetings",
    3: "Quality / contractual intervention",
    4: "Multi-agency meetings regarding organisational failure",
    5: "Public scrutiny",
}

#: What each measure restricts, as the record names the decision.
MEASURES: dict[str, str] = {
    "caution": "Caution on new placements",
    "suspension": "Suspension of new placements",
    "termination": "Termination of placements",
}
#: The measures that restrict placements, and so need the whole evidence trail (4LSAB).
RESTRICTING = frozenset({"suspension", "termination"})

#: 4LSAB Appendix A, "Suggested criteria for placing cautions or suspending placements": the
#: left column (cautions), key -> the seed's wording.
CAUTION_CRITERIA: dict[str, str] = {
    "single_issue": "Single issue rather than systemic",
    "no_pattern": "Not part of an apparent pattern of abuse",
    "no_previous_history": (
        "No previous history of similar incidents recorded for the service provider"
    ),
    "infrequent_past_concerns": (
        "Concerns have occurred in the past, but at lengthy and infrequent intervals"
    ),
    "police_establishing_crime": "Police investigation to establish if a crime has been committed",
    "no_clear_offence": "No clear criminal offence described in the safeguarding concern",
    "no_ongoing_risk": "No indication of on-going risk to the adult or other service users",
    "provider_cooperative": "Provider co-operative and willing to engage",
    "managed_by_provider": "Incident being managed appropriately by the service provider",
    "limited_involvement": "Limited involvement with the safeguarding process",
}
#: The right column (suspensions).
SUSPENSION_CRITERIA: dict[str, str] = {
    "pattern_of_organisational_abuse": (
        "Concerns form part of a pattern of organisational abuse placing service users at "
        "significant risk"
    ),
    "section42_serious_for_others": (
        "Section 42 enquiry relating to an individual service user identifies serious concerns "
        "for others"
    ),
    "serious_harm": "Serious harm, injury or fatality involved",
    "deliberate_intent": "Deliberate intent to exploit/harm indicated",
    "criminal_offences": "Criminal offences may have been committed",
    "standards_well_below": (
        "Care/clinical/nursing standards fall well below accepted standards placing service "
        "users at significant risk"
    ),
    "breach_of_duty_of_care": "Significant breach of an implied or actual 'duty of care'",
    "systemic_poor_management": (
        "Systemic and on-going poor management of service placing service users at significant risk"
    ),
    "cannot_sustain_improvements": "Inability of provider to sustain improvements",
    "provider_not_engaging": (
        "Inability or unwillingness of provider to engage in the safeguarding process"
    ),
}
CRITERIA: dict[str, str] = {**CAUTION_CRITERIA, **SUSPENSION_CRITERIA}

#: The evidence trail that justifies a suspension or termination (4LSAB), key -> its name in
#: the record, in the seed's order.
EVIDENCE_ITEMS: dict[str, str] = {
    "allegations_and_harm": "Nature of the allegations and evidence of harm",
    "people_and_period": "Who is involved and the period over which harm occurred",
    "history": "History of safeguarding concerns, interventions and their outcomes",
    "upheld_against_contract": "Whether upheld, assessed against the provider's contract",
    "other_action": "Other action taken to rectify the situation",
    "risk_to_service_users": "Risk to all service users of remaining in the placement",
}

#: What the record's "Placement decision" part prints, and the check reads back: the labels of
#: its rows, the first cells of its tables, and the mark of a criterion that applies.
DECISION_LABEL = "Decision on placements"
DECIDED_LABEL = "Decided on"
REVIEW_LABEL = "To be reviewed by"
INFORMED_LABEL = "Neighbouring commissioners informed"
CAUTION_HEADER = "Criteria for a caution"
SUSPENSION_HEADER = "Criteria for a suspension"
EVIDENCE_HEADER = "Evidence"
TICK = "✓"


def escalation_name(level: int) -> str:
    """``4 — Multi-agency meetings regarding organisational failure``."""
    return f"{level} — {ESCALATION_LEVELS[level]}"


def unknown_criterion(key: str) -> str:
    """Why ``key`` is refused, with the closest criterion when one is near."""
    probe = key.strip().lower().replace(" ", "_").replace("-", "_")
    close = difflib.get_close_matches(probe, CRITERIA, n=1, cutoff=0.6) or [
        known for known in CRITERIA if len(probe) >= 4 and known.startswith(probe)
    ]
    if close:
        return f"unknown criterion {key!r}; did you mean {close[0]!r}?"
    return (
        f"unknown criterion {key!r}; 4LSAB Appendix A's criteria are, for a caution: "
        f"{', '.join(CAUTION_CRITERIA)}; for a suspension: {', '.join(SUSPENSION_CRITERIA)}"
    )
