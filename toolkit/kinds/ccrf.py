"""Concerns/Compliments Reporting Form (Barnsley procedure): a professional's report of an area
for improvement or of good practice at a provider.

The professional raises the concern with the provider's managers and agrees actions, then sends
the form within 3 days of identifying it (§2.4); if abuse is suspected, a safeguarding concern is
raised within 24 hours instead (§1.3). A safeguarding team manager screens the form, the
contracts team follows it up with the provider (§2.5), and it is kept for trend monitoring.
The form is a paper, not a meeting: no chair, attendees or tracker. Its model is in
`toolkit.kinds.ccrf_model`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from toolkit import dates
from toolkit.frameworks import Deadline
from toolkit.kinds.base import DocumentSpec, PaperKind
from toolkit.kinds.ccrf_model import (
    DESCRIPTION,
    PROVIDER_CONTACTED,
    SAFEGUARDING_HOURS,
    SCREENED_BY,
    TITLE,
    CcrfPaper,
    moment_words,
)
from toolkit.text import counted, is_blank

if TYPE_CHECKING:
    from toolkit.check.docx_reader import RecordText
    from toolkit.check.headings import Target
    from toolkit.check.report import Finding
    from toolkit.model import NotApplicable


class Ccrf(PaperKind[CcrfPaper]):
    name = "ccrf"
    title = TITLE
    model = CcrfPaper
    deadline = Deadline(3, after="identification")
    item = "part"
    judged_field = "report"
    cover_date_phrase = "identified on"
    cover_due_phrase = "The form is to be sent"
    due_label = deadline_label = "form due by"
    documents = (DocumentSpec("Reporting form", ".docx", "toolkit.render.ccrf:render_ccrf"),)

    done_label = "sent"

    def date_of(self, paper: CcrfPaper) -> dt.date:
        return paper.report.identified

    def done_on(self, paper: CcrfPaper) -> dt.date | None:
        return paper.report.submitted

    def due_reminder(self) -> str:
        return f"Send the form {self.deadline_in_force().rule}."

    def label(self) -> str:
        return "concerns/compliments reporting form"

    def summary(self, paper: CcrfPaper) -> str:
        return (
            f"{self.label()}, {paper.report.type}, {paper.provider.name}, identified "
            f"{dates.short_date(paper.report.identified)}, {paper.stage()}"
        )

    def describe(self, paper: CcrfPaper) -> str:
        return f"{self.label()} (a {paper.report.type})"

    def check_targets(self) -> tuple[list[Target], set[str]]:
        from toolkit.check.headings import Target

        return [Target("description", DESCRIPTION)], set()

    def sections(self, paper: CcrfPaper) -> list[tuple[str, str, str | NotApplicable | None]]:
        return [("description", DESCRIPTION, paper.report.description)]

    def findings(self, paper: CcrfPaper, today: dt.date) -> list[Finding]:
        """Its stage (info), who is missing (errors), and what is late or needs attention."""
        return [
            stage_finding(paper),
            *_missing(paper),
            *_late(paper, self.due(paper), today),
            *_attention(paper),
        ]

    def document_findings(
        self, record: RecordText, today: dt.date
    ) -> tuple[list[Finding], dt.date | None]:
        """The stage a Word form shows: its hand-completion boxes filled in or not. No due date:
        the form's lateness is judged from its file, which records when it was sent."""
        filled = {label.casefold() for label, _ in record.pairs}
        if PROVIDER_CONTACTED.casefold() in filled:
            stage = "followed up"
        elif SCREENED_BY.casefold() in filled:
            stage = "screened"
        else:
            stage = "reported"
        return [_stage(stage, f"the form shows it {stage}")], None

    def scaffold(self, filename: str) -> str:
        from toolkit.scaffold import PROVIDER

        return _SCAFFOLD.format(
            title=self.title,
            filename=filename,
            rule=self.deadline_in_force().rule,
            provider=PROVIDER,
        )

    def outline(self) -> list[str]:
        return [
            "  report: type, identified, submitted, professional, description, abuse_suspected,",
            "          safeguarding_concern_raised, immediate_safety, raised_with_provider,",
            "          actions_agreed",
            "  screening (safeguarding team manager): by, date, low_level, notes",
            "  follow_up (contracts team): provider_contacted, actions_confirmed, "
            "monitoring_visit, notes",
        ]


def _stage(stage: str, message: str) -> Finding:
    from toolkit.check.report import Finding, Severity

    return Finding(f"ccrf-{stage.replace(' ', '-')}", Severity.INFO, f"{stage}: {message}")


def stage_finding(paper: CcrfPaper) -> Finding:
    """Where the form stands, and who acts next (codes ``ccrf-reported``, ``ccrf-screened``,
    ``ccrf-followed-up``)."""
    report, screening, follow_up = paper.report, paper.screening, paper.follow_up
    if follow_up is not None:
        confirmed = "actions confirmed" if follow_up.actions_confirmed else "actions NOT confirmed"
        visit = (
            f"; monitoring visit {dates.long_date(follow_up.monitoring_visit)}"
            if follow_up.monitoring_visit
            else ""
        )
        return _stage(
            "followed up",
            f"the contracts team contacted the provider on "
            f"{dates.long_date(follow_up.provider_contacted)}, {confirmed}{visit}",
        )
    if screening is not None:
        verdict = "low level" if screening.low_level else "NOT low level"
        return _stage(
            "screened",
            f"by {screening.by.name} on {dates.long_date(screening.date)} ({verdict}); "
            + (
                "awaiting follow-up by the contracts team"
                if screening.low_level
                else "for safeguarding procedures"
            ),
        )
    sent = f"sent on {dates.long_date(report.submitted)}" if report.submitted else "not yet sent"
    who = (
        "awaiting screening by a safeguarding team manager"
        if report.type == "concern"
        else "awaiting the contracts team, who send a copy to the provider"
    )
    return _stage("reported", f"by {report.professional.name}, {sent}; {who}")


def _missing(paper: CcrfPaper) -> list[Finding]:
    """Names the form must carry, written as placeholders ("TBC")."""
    from toolkit.check.placeholders import is_placeholder
    from toolkit.check.report import Finding, Severity

    found = []
    if is_placeholder(paper.report.professional.name):
        found.append(
            Finding("ccrf-professional-missing", Severity.ERROR, "no professional is named")
        )
    contact = paper.report.raised_with_provider
    if contact is not None and is_placeholder(contact.name):
        found.append(
            Finding(
                "ccrf-provider-contact-missing",
                Severity.ERROR,
                "no one at the provider is named as having been told of the concern",
            )
        )
    return found


def safeguarding_deadline(identified: dt.date) -> dt.datetime:
    """The latest moment a safeguarding concern is on time: 24 hours after the end of the day
    identified, as the form records the day and not the hour it was seen (so the rule is never
    judged broken when it may not have been)."""
    return dt.datetime.combine(identified, dt.time()) + dt.timedelta(
        days=1, hours=SAFEGUARDING_HOURS
    )


def _late(paper: CcrfPaper, due: dt.date, today: dt.date) -> list[Finding]:
    """The safeguarding concern beyond 24 hours, and the form beyond its deadline (sent late,
    or not sent and the date passed). When abuse is suspected the safeguarding concern is what
    the procedure asks for within its 24 hours, so the form's own deadline is not judged."""
    from toolkit.check.report import Finding, Severity

    report = paper.report
    found: list[Finding] = []
    raised = report.safeguarding_concern_raised
    if report.abuse_suspected and raised is not None:
        if raised > (latest := safeguarding_deadline(report.identified)):
            found.append(
                Finding(
                    "ccrf-safeguarding-concern-late",
                    Severity.WARNING,
                    f"the safeguarding concern was raised {moment_words(raised)}, more than "
                    f"{SAFEGUARDING_HOURS} hours after the concern was identified on "
                    f"{dates.long_date(report.identified)} (due by the end of "
                    f"{dates.long_date(latest.date() - dt.timedelta(days=1))})",
                )
            )
        return found
    rule = KIND.deadline_in_force().rule
    if report.submitted is not None and report.submitted > due:
        late = (report.submitted - due).days
        found.append(
            Finding(
                "ccrf-form-late",
                Severity.WARNING,
                f"the form was sent on {dates.long_date(report.submitted)}, "
                f"{counted(late, 'day')} after it was due ({rule}: by {dates.long_date(due)})",
            )
        )
    elif report.submitted is None and today > due:
        late = (today - due).days
        found.append(
            Finding(
                "ccrf-form-overdue",
                Severity.WARNING,
                f"the form was due by {dates.long_date(due)} ({rule}), "
                f"{counted(late, 'day')} ago, and is not recorded as sent; send it now",
            )
        )
    return found


def _attention(paper: CcrfPaper) -> list[Finding]:
    """What the screening and follow-up parts ask someone to act on."""
    from toolkit.check.report import Finding, Severity

    report, screening, follow_up = paper.report, paper.screening, paper.follow_up
    found: list[Finding] = []
    if report.abuse_suspected and is_blank(report.immediate_safety):
        found.append(
            Finding(
                "ccrf-immediate-safety-missing",
                Severity.WARNING,
                "abuse is suspected but the form does not say what was done for the immediate "
                "safety of anyone at risk",
            )
        )
    if screening is not None and not screening.low_level:
        found.append(
            Finding(
                "ccrf-not-low-level",
                Severity.WARNING,
                "the safeguarding team manager judged the concern not low level: it goes to "
                "safeguarding adults procedures, not only to the contracts team",
            )
        )
    if follow_up is not None and screening is None and report.type == "concern":
        found.append(
            Finding(
                "ccrf-followed-up-unscreened",
                Severity.WARNING,
                "the contracts team followed up a concern that no safeguarding team manager "
                "is recorded as having screened",
            )
        )
    if follow_up is not None and not follow_up.actions_confirmed:
        found.append(
            Finding(
                "ccrf-actions-not-confirmed",
                Severity.WARNING,
                "the contracts team could not confirm the provider's actions; consider a "
                "monitoring visit",
            )
        )
    return found


_SCAFFOLD = """\
# {title}: the file to fill in.
# Fill in the fields, then check it with:  toolkit validate {filename}
# Dates: 2026-11-20 or 20/11/2026. A date and time: 2026-11-18T16:30.
# Text: write several paragraphs with a | after the colon and indent the lines below it;
# a blank line starts a new paragraph, a line starting with "- " is a bullet point.
# Raise the concern with the provider's managers first and agree actions with them.
# If abuse is suspected, raise a safeguarding concern within 24 hours and ensure the
# immediate safety of anyone at risk. Send the form {rule}.
kind: ccrf
{provider}report:
  type: concern           # concern (an area for improvement) or compliment (good practice)
  identified: ""          # required: the date it was seen or heard
  # submitted: 2026-11-19 # the date the form was sent
  professional:           # required: who completes the form
    name: ""
    role: ""
    organisation: ""
    email: ""
    phone: ""
  description: ""         # required: what was seen or heard, when, and who it affected
                          # (no names of residents: say "a resident" or use initials)
  abuse_suspected: false  # required for a concern: true or false
  # safeguarding_concern_raised: 2026-11-18T16:30   # required when abuse is suspected
  immediate_safety: ""    # what was done for the immediate safety of anyone at risk
  raised_with_provider:   # required for a concern: the provider's manager told, and when
    name: ""
    role: ""
    # date: 2026-11-18
  actions_agreed:         # actions agreed with the provider's manager
    - detail: ""
      owner: ""
      # due: 2026-11-25
# screening:              # for completion by the safeguarding team manager
#   by: {{name: "", role: ""}}
#   date: 2026-11-20
#   low_level: true       # false: the concern goes to safeguarding adults procedures
#   notes: ""
# follow_up:              # for completion by the contracts team
#   provider_contacted: 2026-11-22
#   actions_confirmed: true
#   monitoring_visit: 2026-12-01   # if a monitoring visit is arranged
#   notes: ""
"""

KIND = Ccrf()
