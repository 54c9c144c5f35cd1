"""The vocabulary every kind of paper shares: headings, deadlines, the marking, the tracker.

What belongs to one kind (its headings, agenda, title, deadline) is declared in its module under
`toolkit.kinds`; what is said here holds for all of them, so that nothing else in the toolkit
spells the classification, the tracker's columns or the words a record prints for a blank.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The Government Security Classifications marking carried by every page and sheet.
CLASSIFICATION = "OFFICIAL-SENSITIVE"
#: Added to the marking of every file of a draft (``--draft``), not yet agreed for circulation.
DRAFT_SUFFIX = " DRAFT"


#: What a record prints under a section left empty, and the minutes under an item without notes;
#: the completeness check reads them back as empty, as it would the meeting file.
NOT_RECORDED = "Not recorded."
NO_NOTES = "No notes recorded."


@dataclass(frozen=True)
class Heading:
    """One required heading of a framework.

    ``key`` is the YAML key under ``sections:``; ``title`` is what the record prints; ``prompt``
    is a one-line reminder, from the seed wording, of what belongs under it.
    """

    key: str
    title: str
    prompt: str


_NUMBERS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


@dataclass(frozen=True)
class Deadline:
    """How long after its date a paper is due: the minutes of a meeting, a reporting form.

    ``after`` names the event counted from, as the rule's wording says it.
    """

    days: int
    working_days: bool = False
    after: str = "the meeting"

    @property
    def rule(self) -> str:
        """The rule in words: ``within 14 days of the meeting``, ``no later than five working
        days after the meeting``."""
        if self.working_days:
            count = _NUMBERS[self.days] if self.days < len(_NUMBERS) else str(self.days)
            unit = "working day" if self.days == 1 else "working days"
            return f"no later than {count} {unit} after {self.after}"
        unit = "day" if self.days == 1 else "days"
        return f"within {self.days} {unit} of {self.after}"


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
