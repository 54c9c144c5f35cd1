"""The parts of blank, commented files for `toolkit new` that kinds share: the header, the
provider and meeting blocks, the escalation and suspension blocks, and one key per framework
heading.

Each kind assembles its blank file from these (`toolkit.kinds.base.PaperKind.scaffold`).
Left as written, a blank file does not validate (required fields are blank); filled in, it does.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from toolkit.frameworks import Heading
    from toolkit.kinds.base import PaperKind

# Optional dates and times are commented out: left blank they would not validate.
_HEADER = """\
# {title}: the file to fill in.
# Fill in the fields, then check it with:  toolkit validate {filename}
# Dates: 2026-11-20 or 20/11/2026. Times: 24-hour, in quotes, such as "10:00".
# Text: write several paragraphs with a | after the colon and indent the lines below it;
# a blank line starts a new paragraph, a line starting with "- " is a bullet point.
# {reminder}
kind: {kind}
"""

PROVIDER = """\
provider:
  name: ""                # required: the provider the concerns are about
  company: ""             # company name, if different
  client_group: ""        # e.g. Older people living with dementia
  service_type: ""        # e.g. Care home with nursing
  address: ""             # postal address, lines separated by commas (required for a letter)
  cqc_location_id: ""
"""

COMMON = PROVIDER + """\
meeting:
  date: ""                # required
  # start: "10:00"        # 24-hour, in quotes
  # end: "12:30"          # after start
  venue: ""               # e.g. Microsoft Teams
  chair:                  # required
    name: ""
    role: ""
    organisation: ""
  minute_taker:
    name: ""
    role: ""
    organisation: ""
  attendees:              # required, at least one: the named contacts for each agency
    - name: ""
      role: ""
      organisation: ""    # required for every attendee
      email: ""
      phone: ""
  apologies: []           # people, as attendees: - {name: ..., role: ..., organisation: ...}
  provider_attendance: "" # e.g. Registered manager attended items 1 to 4 only
actions:                  # the action plan; numbers are given in order when left out
  - number: 1
    detail: ""            # required: what is to be done
    owner: ""             # required: who does it
    organisation: ""      # required
    # due: 2026-12-04     # date due
    update: ""            # progress reported since
    # completed: 2026-12-01   # date completed, when done
    document_filed: n/a   # yes, no or n/a
circulation:
  recipients: []          # organisations or people, e.g. [Anyshire ICB, Care Quality Commission]
# next_meeting:           # when and where the next meeting is, once agreed
#   date: 2026-12-18
#   start: "10:00"
#   venue: Microsoft Teams
"""

ESCALATION = """\
# escalation:             # West Midlands framework for responding to organisational failure
#   level: 4              # 1 information sharing meetings, 2 1-1 meetings, 3 quality /
#                         # contractual intervention, 4 multi-agency meetings regarding
#                         # organisational failure, 5 public scrutiny
#   entry_point: false    # true: entered at this level without the ones below (exceptional)
#   reason: ""            # required when entry_point is true
"""

SUSPENSION = """\
suspension:               # suspension of new admissions/placements, if any
  status: none            # none, voluntary or imposed
  # measure: suspension   # caution, suspension or termination (of placements)
  # decided: 2026-11-20   # date decided
  # review_date: 2026-12-18   # required when imposed: when the decision is reviewed
  # criteria: []          # 4LSAB Appendix A, those that apply. For a caution: single_issue,
  #                       # no_pattern, no_previous_history, infrequent_past_concerns,
  #                       # police_establishing_crime, no_clear_offence, no_ongoing_risk,
  #                       # provider_cooperative, managed_by_provider, limited_involvement.
  #                       # For a suspension: pattern_of_organisational_abuse,
  #                       # section42_serious_for_others, serious_harm, deliberate_intent,
  #                       # criminal_offences, standards_well_below, breach_of_duty_of_care,
  #                       # systemic_poor_management, cannot_sustain_improvements,
  #                       # provider_not_engaging
  # evidence:             # the evidence trail, required for an imposed suspension/termination
  #   allegations_and_harm: ""     # the nature of the allegations and the evidence of harm
  #   people_and_period: ""        # who is involved, over what period (no names of adults)
  #   history: ""                  # history of concerns, interventions and their outcomes
  #   upheld_against_contract: ""  # whether upheld, assessed against the provider's contract
  #   other_action: ""             # any other action taken to rectify the situation
  #   risk_to_service_users: ""    # risk of remaining in the placement, to all service users
  # commissioners_informed: 2026-11-21   # neighbouring LA and NHS commissioners told
"""


def header(kind: PaperKind, filename: str, what: str | None = None) -> str:
    """The opening comments and ``kind:`` line; ``filename`` is named in how to check it, and
    ``what`` says what the file is (by default the kind's title)."""
    return _HEADER.format(
        title=what or kind.title, kind=kind.name, reminder=kind.due_reminder(), filename=filename
    )


def sections_part(headings: tuple[Heading, ...]) -> str:
    """One key per framework heading, with the heading and its prompt as comments."""
    out = [
        "sections:                # one entry per heading; a section that does not apply:\n",
        '                         #   key: {not_applicable: "the reason"}\n',
    ]
    for number, heading in enumerate(headings, start=1):
        out.append(_comment(f"{number}. {heading.title}", "  # "))
        out.append(_comment(heading.prompt, "  #    "))
        out.append(f'  {heading.key}: ""\n')
    return "".join(out)


def _comment(text: str, prefix: str) -> str:
    return "".join(
        f"{line}\n"
        for line in textwrap.wrap(text, 96, initial_indent=prefix, subsequent_indent=prefix)
    )
