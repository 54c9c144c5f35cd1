"""How records word people and times: shared by the Appendix records and the strategic minutes."""

from __future__ import annotations

from toolkit import dates
from toolkit.frameworks import NOT_RECORDED
from toolkit.model import MeetingDetails, NextMeeting, Person

__all__ = ["NOT_RECORDED", "meeting_time", "next_meeting_line", "person_line"]


def person_line(person: Person) -> str:
    """``Name, Role, Organisation``, leaving out what is not given."""
    return ", ".join(part for part in (person.name, person.role, person.organisation) if part)


def meeting_time(details: MeetingDetails) -> str:
    """``10:00 to 12:30``, or the start alone, or NOT_RECORDED."""
    start, end = details.start, details.end
    if start and end:
        return f"{dates.clock(start)} to {dates.clock(end)}"
    return dates.clock(start) if start else NOT_RECORDED


def next_meeting_line(next_meeting: NextMeeting) -> str:
    """``Friday 18 December 2026 at 10:00, Microsoft Teams``, leaving out what is not given."""
    text = dates.long_date(next_meeting.date)
    if next_meeting.start:
        text += f" at {dates.clock(next_meeting.start)}"
    return f"{text}, {next_meeting.venue}" if next_meeting.venue else text
