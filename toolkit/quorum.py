"""Quoracy of a strategic group meeting: which required organisations were not represented.

The protocol (§4.1) makes decisions valid only when certain organisations are represented; the
minutes state it and the completeness check flags it, both through `missing_quorum`.
"""

from __future__ import annotations

import re

from toolkit.model import StrategicMeeting
from toolkit.profile import active

_WORD = re.compile(r"[^\w]+")


def required_organisations(meeting: StrategicMeeting) -> list[str]:
    """The organisations that must be represented: the file's ``quorum``, else the profile's
    (the protocol's by default)."""
    return list(meeting.quorum if meeting.quorum is not None else active().quorum)


def represented_organisations(meeting: StrategicMeeting) -> list[str]:
    """The organisations present: every attendee's, and the chair's (apologies do not count)."""
    details = meeting.meeting
    people = [details.chair, *details.attendees]
    return [person.organisation for person in people if person.organisation]


def missing_quorum(meeting: StrategicMeeting) -> list[str]:
    """Return the required organisations no one present represents, in the order required.

    An empty list means the meeting was quorate.
    """
    present = represented_organisations(meeting)
    return [
        required
        for required in required_organisations(meeting)
        if not any(same_organisation(required, other) for other in present)
    ]


def same_organisation(required: str, present: str) -> bool:
    """True when ``present`` names the organisation ``required``, or a part of it.

    Names are compared as whole words, ignoring case, punctuation and "&" against "and": "West
    Sussex County Council" is represented by "West Sussex County Council (Adult Social Care)",
    "Sussex Integrated Care Board" by "NHS Sussex Integrated Care Board". The reverse is not
    true ("Council" does not represent every council), and abbreviations are not guessed at:
    write ``quorum`` with the names attendees' organisations use.
    """
    wanted = _words(required)
    return bool(wanted) and _contains(_words(present), wanted)


def _words(name: str) -> list[str]:
    return [word for word in _WORD.split(name.casefold().replace("&", " and ")) if word]


def _contains(outer: list[str], inner: list[str]) -> bool:
    """True when ``inner`` occurs as consecutive words of ``outer``."""
    size = len(inner)
    return any(outer[start : start + size] == inner for start in range(len(outer) - size + 1))
