"""Blank, commented meeting files for `toolkit new`: every field and every framework heading."""

from __future__ import annotations

import textwrap

from toolkit.frameworks import (
    DEADLINES,
    STRATEGIC_AGENDA,
    STRATEGIC_GROUP_NAME,
    TITLES,
    Kind,
    headings_for,
)

_COMMON = """\
# {title}: meeting file.
# Fill in the fields, then check it with:  toolkit validate {{filename}}
# Dates: 2026-11-20 or 20/11/2026. Times: 24-hour, in quotes, such as "10:00".
# Text: write several paragraphs with a | after the colon and indent the lines below it;
# a blank line starts a new paragraph, a line starting with "- " is a bullet point.
# Minutes must be agreed and shared {deadline}.
kind: {kind}
provider:
  name: ""                # required: the provider the concerns are about
  company: ""             # company name, if different
  client_group: ""        # e.g. Older people living with dementia
  service_type: ""        # e.g. Care home with nursing
  address: ""
  cqc_location_id: ""
meeting:
  date: ""                # required
  start: ""               # e.g. "10:00"
  end: ""                 # e.g. "12:30", after start
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
  apologies: []           # people, as attendees: - {{name: ..., role: ..., organisation: ...}}
  provider_attendance: "" # e.g. Registered manager attended items 1 to 4 only
actions:                  # the multi-agency action plan; numbers are given in order when left out
  - number: 1
    detail: ""            # required: what is to be done
    owner: ""             # required: who does it
    organisation: ""      # required
    due: ""               # date
    update: ""            # progress reported since
    completed: ""         # date completed, when done
    document_filed: ""    # yes, no or n/a
circulation:
  recipients: []          # organisations or people, e.g. [Anyshire ICB, Care Quality Commission]
"""

_SUSPENSION = """\
suspension:               # optional: suspension of new admissions/placements, if any
  status: none            # none, voluntary or imposed
  decided: ""             # date decided
  review_date: ""         # required when imposed: when the decision is reviewed
"""


def scaffold(kind: Kind | str) -> str:
    """Return the text of a blank meeting file of ``kind``, each field commented.

    Left as it is, the file does not validate (required fields are blank); filled in, it does.
    """
    kind = Kind(kind)
    text = _COMMON.format(title=TITLES[kind], kind=kind.value, deadline=DEADLINES[kind].rule)
    text = _drop_blank_optionals(text)
    if kind is Kind.STRATEGIC:
        return text + _strategic_part()
    part = (
        _SUSPENSION
        if kind is Kind.INITIAL
        else 'previous_meeting: ""    # date of the meeting this one follows\n' + _SUSPENSION
    )
    return text + part + _sections_part(kind)


_OPTIONAL_BLANKS = (
    'start: ""',
    'end: ""',
    'due: ""',
    'completed: ""',
    'decided: ""',
    'review_date: ""',
    'previous_meeting: ""',
)


def _drop_blank_optionals(text: str) -> str:
    """Blank optional dates and times would not validate; comment them out instead."""
    lines = []
    for line in text.splitlines(keepends=True):
        stripped = line.lstrip()
        if stripped.startswith(_OPTIONAL_BLANKS):
            indent = line[: len(line) - len(stripped)]
            line = f"{indent}# {stripped}"
        lines.append(line)
    return "".join(lines)


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
        out.append(f"#   - {{key: {item.key}, item: {item.item}, lead: {item.lead}}}\n")
    out.append(
        "notes:                   # the discussion under each agenda item, for the minutes\n"
    )
    for item in STRATEGIC_AGENDA:
        if not item.optional:
            out.append(f'  # {item.item} (lead: {item.lead})\n  {item.key}: ""\n')
    out.append(
        "# quorum:                # organisations that must attend for decisions to be valid\n"
    )
    out.append("#   - Sussex Integrated Care Board\n#   - West Sussex County Council\n")
    return "".join(out)


def _comment(text: str, prefix: str) -> str:
    return "".join(
        f"{line}\n"
        for line in textwrap.wrap(text, 96, initial_indent=prefix, subsequent_indent=prefix)
    )
