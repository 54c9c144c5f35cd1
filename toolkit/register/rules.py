"""The register's rules: when a pattern of concerns triggers a review, and what is overdue.

Each finding carries the rule that fired, in words, because the person reading an alert must
be able to check it against the procedure (4LSAB, Barnsley, West Midlands) without the code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from toolkit.dates import plain_date
from toolkit.register.history import History, MeasureRow, iter_open_actions

#: 4LSAB: "any repeating and/or escalating pattern of concerns within a service should trigger
#: a review"; the register reads "repeating" as this many concerns within the window below.
REPEAT_COUNT = 3
REPEAT_WINDOW = dt.timedelta(days=365)
#: Barnsley trend monitoring: this many reporting-form concerns within the window below.
FORM_COUNT = 2
FORM_WINDOW = dt.timedelta(days=183)
#: A substantiated concern after an earlier substantiated one, or a rise in level, counts while
#: the later one is this recent: an old pattern, reviewed since, must not alert for ever.
RECENT = dt.timedelta(days=365)


@dataclass(frozen=True)
class Alert:
    """One finding about one provider; ``code`` is stable, ``message`` says the rule in words."""

    provider: str
    code: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"provider": self.provider, "code": self.code, "message": self.message}


def review_reasons(history: History, today: dt.date) -> list[str]:
    """Why the provider's pattern of concerns should trigger a review (empty: no reason)."""
    reasons = []
    recent = [c for c in history.concerns if today - REPEAT_WINDOW < c.raised <= today]
    if len(recent) >= REPEAT_COUNT:
        reasons.append(
            f"{len(recent)} concerns raised in the 12 months to {plain_date(today)} "
            f"({REPEAT_COUNT} or more within 12 months is a repeating pattern)"
        )
    substantiated = [c for c in history.concerns if c.outcome == "substantiated"]
    if len(substantiated) >= 2:
        later = substantiated[-1]
        when = later.outcome_date or later.raised
        if today - RECENT < when <= today:
            reasons.append(
                f"a concern raised {plain_date(later.raised)} was substantiated after an earlier "
                f"substantiated concern (raised {plain_date(substantiated[-2].raised)})"
            )
    if len(history.levels) >= 2:
        previous, latest = history.levels[-2], history.levels[-1]
        if latest.level > previous.level and today - RECENT < latest.date <= today:
            reasons.append(
                f"the escalation level rose from {previous.level} to {latest.level} on "
                f"{plain_date(latest.date)}"
            )
    form_concerns = max(
        sum(1 for f in history.forms if f.type == "concern" and _within(f.identified, today)),
        sum(1 for c in history.concerns if c.source == "ccrf" and _within(c.raised, today)),
    )
    if form_concerns >= FORM_COUNT:
        reasons.append(
            f"{form_concerns} reporting-form concerns in the 6 months to {plain_date(today)} "
            f"({FORM_COUNT} or more within 6 months is a trend)"
        )
    return reasons


def _within(day: dt.date, today: dt.date) -> bool:
    return today - FORM_WINDOW < day <= today


def overdue(history: History, today: dt.date) -> list[Alert]:
    """Minutes past due and not circulated, suspension reviews passed, actions past due."""
    found = []
    for meeting in history.meetings:
        if meeting.minutes_due and meeting.circulated is None and meeting.minutes_due < today:
            found.append(
                Alert(
                    history.name,
                    "minutes-overdue",
                    f"the minutes of the {meeting.kind} meeting of {plain_date(meeting.date)} "
                    f"were due by {plain_date(meeting.minutes_due)} and are not recorded as "
                    "circulated",
                )
            )
    measure = current_measure(history)
    if measure is not None and measure.review_date is not None and measure.review_date < today:
        later = [m for m in history.meetings if m.date >= measure.review_date]
        if not later:
            found.append(
                Alert(
                    history.name,
                    "suspension-review-due",
                    f"the {measure.status} {measure.measure} decided "
                    f"{plain_date(measure.decided or measure.date)} was to be reviewed by "
                    f"{plain_date(measure.review_date)}, and no meeting has been held since",
                )
            )
    for action in iter_open_actions(history):
        if action.due is not None and action.due < today:
            found.append(
                Alert(
                    history.name,
                    "action-overdue",
                    f"action {action.number} ({action.owner}) was due by "
                    f"{plain_date(action.due)} and is not completed",
                )
            )
    return found


def current_measure(history: History) -> MeasureRow | None:
    """The latest placement measure in force (None when the latest says there is none)."""
    if not history.measures:
        return None
    latest = history.measures[-1]
    return None if latest.status == "none" else latest


def alerts_for(history: History, today: dt.date) -> list[Alert]:
    """Every alert about one provider: review triggers first, then what is overdue."""
    return [
        *(Alert(history.name, "review-triggered", r) for r in review_reasons(history, today)),
        *overdue(history, today),
    ]
