"""Blank, commented meeting files for `toolkit new`: every field and every framework heading."""

from __future__ import annotations

import textwrap

from toolkit.frameworks import (
    DEADLINES,
    DEFAULT_QUORUM,
    STRATEGIC_AGENDA,
    STRATEGIC_GROUP_NAME,
    TITLES,
    Kind,
    headings_for,
)

# Optional dates and times are commented out: left blank they would not validate.
_HEADER = """\
# {title}: meeting file.
# Fill in the fields, then check it with:  toolkit validate {filename}
# Dates: 2026-11-20 or 20/11/2026. Times: 24-hour, in quotes, such as "10:00".
# Text: write several paragraphs with a | after the colon and indent the lines below it;
# a blank line starts a new paragraph, a line starting with "- " is a bullet point.
# Minutes must be agreed and shared {deadline}.
kind: {kind}
"""

_PREVIOUS_MEETING = """\
# previous_meeting: 2026-11-20   # date of the meeting this one follows
"""

_COMMON = """\
provider:
  name: ""                # required: the provider the concerns are about
  company: ""             # company name, if different
  client_group: ""        # e.g. Older people living with dementia
  service_type: ""        # e.g. Care home with nursing
  address: ""
  cqc_location_id: ""
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

_SUSPENSION = """\
suspension:               # suspension of new admissions/placements, if any
  status: none            # none, voluntary or imposed
  # decided: 2026-11-20   # date decided
  # review_date: 2026-12-18   # required when imposed: when the decision is reviewed
"""


def scaffold(kind: Kind | str, *, filename: str = "FILE") -> str:
    """Return the text of a blank meeting file of ``kind``, each field commented.

    Left as it is, the file does not validate (required fields are blank); filled in, it does.
    ``filename`` is named in the comment that says how to check it.
    """
    kind = Kind(kind)
    header = _HEADER.format(
        title=TITLES[kind], kind=kind.value, deadline=DEADLINES[kind].rule, filename=filename
    )
    if kind is Kind.STRATEGIC:
        return header + _COMMON + _strategic_part()
    previous = _PREVIOUS_MEETING if kind is Kind.REVIEW else ""
    return header + previous + _COMMON + _SUSPENSION + _sections_part(kind)


def _sections_part(kind: Kind) -> str:
    """One key per framework heading, with the heading and its prompt as comments."""
    out = [
        "sections:                # one entry per heading; a section that does not apply:\n",
        '                         #   key: {not_applicable: "the reason"}\n',
    ]
    for number, heading in enumerate(headings_for(kind), start=1):
        out.append(_comment(f"{number}. {heading.title}", "  # "))
        out.append(_comment(heading.prompt, "  #    "))
        out.append(f'  {heading.key}: ""\n')
    return "".join(out)


def _strategic_part() -> str:
    """Group, agenda (commented: the protocol's draft agenda is the default), notes and quorum."""
    out = [
        f"group: {STRATEGIC_GROUP_NAME}\n",
        "include_qasig: false     # true to include the QASIG feedback item\n",
        "# agenda:                # leave out for the protocol's draft agenda, or list your own:\n",
    ]
    for item in STRATEGIC_AGENDA:
        out.append(f"#   - key: {item.key}\n#     item: {item.item}\n#     lead: {item.lead}\n")
    out.append("notes:                   # the discussion under each agenda item\n")
    for item in STRATEGIC_AGENDA:
        key = f"# {item.key}" if item.optional else item.key
        out.append(f'  # {item.item} (lead: {item.lead})\n  {key}: ""\n')
    out.append("# quorum:               # who must attend for decisions to be valid, by default:\n")
    out.extend(f"#   - {organisation}\n" for organisation in DEFAULT_QUORUM)
    return "".join(out)


def _comment(text: str, prefix: str) -> str:
    return "".join(
        f"{line}\n"
        for line in textwrap.wrap(text, 96, initial_indent=prefix, subsequent_indent=prefix)
    )
