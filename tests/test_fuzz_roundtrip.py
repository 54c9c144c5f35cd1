"""Property-based round trips: any valid meeting renders, its record (or minutes) checks as the
meeting does, and every text a person typed comes back out of the Word record literally."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import docx
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.bad_inputs.make_corpus import MINIMAL
from toolkit import kinds
from toolkit.check import Report, check_document, check_meeting
from toolkit.errors import InputError
from toolkit.kinds.strategic import AGENDA, StrategicMeeting
from toolkit.load import load_meeting_text
from toolkit.model import FrameworkMeeting
from toolkit.render import render_meeting
from toolkit.text import split_blocks

#: Pieces people really type that markup, templates or spreadsheets could take for their own.
TRICKY = [
    "&",
    "<b>",
    "a > b",
    "{{ 7*7 }}",
    "{% if x %}",
    "{_{",
    "}}",
    "{#",
    "=SUM(A1:A9)",
    "+44 1632",
    "@home",
    "🙂",
    "ŵ ŷ Siân",
    "Llŷr",
    "O'Brien",
    '"quoted"',
    "50%",
    "\\n",
    "résumé",
    "\t",
]
WORDS = ["care", "home", "risk", "staff", "medicines", "review", "agreed", "visit", "Oakview"]
PLACEHOLDERS = ["TBC", "tbc.", "N/A", "n/a", "To follow", "see above", "-", "...", "xxx"]

FRAGMENT = st.one_of(st.sampled_from(TRICKY), st.sampled_from(WORDS))
#: One line of text with at least one word, so that it is never a placeholder by accident.
LINE = st.builds(
    lambda head, rest: " ".join([head, *rest]),
    st.sampled_from(WORDS),
    st.lists(FRAGMENT, max_size=6),
)
#: Text with paragraphs (blank lines), line breaks and bullets, as the contract describes.
TEXT = st.lists(
    st.tuples(st.sampled_from(["", "- ", "* "]), LINE, st.sampled_from(["\n", "\n\n"])),
    min_size=1,
    max_size=5,
).map(lambda parts: "".join(prefix + line + end for prefix, line, end in parts).rstrip("\n"))
NAME = st.builds(lambda a, b: f"{a} {b}", st.sampled_from(WORDS), st.sampled_from(TRICKY))
#: What a section may hold that a chair can sign off: text, or not applicable with a reason.
DONE_SECTION = st.one_of(TEXT, st.builds(lambda reason: {"not_applicable": reason}, LINE))
#: What a chair cannot sign off: nothing, blank text, a placeholder, n/a without a reason.
GAP = st.one_of(
    st.none(),
    st.sampled_from(["", "   ", "\n\n"]),
    st.sampled_from(PLACEHOLDERS),
    st.builds(lambda reason: {"not_applicable": reason}, st.sampled_from(["TBC", "n/a", "..."])),
)
DATES = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2030, 12, 31))


@st.composite
def meetings(draw: st.DrawFn) -> tuple[str, FrameworkMeeting]:
    """A valid initial or review meeting with sections filled, blank, TBC or n/a, and its shape:
    "complete" (every section done), "one gap" (every section but one), or "any"."""
    kind = draw(st.sampled_from(["initial", "review"]))
    # Drawn section by section, a meeting would almost never be complete: a third of them are.
    shape = draw(st.sampled_from(["complete", "one gap", "any"]))
    keys = [h.key for h in kinds.get(kind).headings]
    gap = draw(st.sampled_from(keys))
    sections = {
        key: draw(GAP if shape == "one gap" and key == gap else DONE_SECTION)
        if shape != "any"
        else draw(st.one_of(DONE_SECTION, GAP))
        for key in keys
    }
    person = st.fixed_dictionaries({"name": NAME, "organisation": NAME})
    actions = st.lists(
        st.fixed_dictionaries(
            {"detail": TEXT, "owner": NAME, "organisation": NAME},
            optional={"due": DATES.map(dt.date.isoformat)},
        ),
        max_size=4,
    )
    data: dict[str, Any] = {
        "kind": kind,
        "provider": {"name": draw(NAME)},
        "meeting": {
            "date": draw(DATES).isoformat(),
            "chair": {
                "name": draw(NAME if shape == "complete" else st.one_of(NAME, st.just("TBC")))
            },
            "attendees": draw(st.lists(person, min_size=1, max_size=3)),
        },
        "sections": sections,
        "actions": draw(actions),
    }
    if shape != "complete" and draw(st.booleans()):
        data["suspension"] = draw(
            st.fixed_dictionaries(
                {"status": st.sampled_from(["none", "voluntary", "imposed"])},
                optional={"review_date": DATES.map(dt.date.isoformat)},
            )
        )
    meeting: FrameworkMeeting = kinds.get(kind).model.model_validate(data)
    return shape, meeting


FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _assert_same_verdict(found: Report, expected: Report) -> None:
    """The check of the Word document says what the check of the meeting file says."""
    assert [(h.key, h.status) for h in found.headings] == [
        (h.key, h.status) for h in expected.headings
    ]
    assert {f.code for f in found.errors} == {f.code for f in expected.errors}
    assert found.complete is expected.complete
    assert found.minutes_due == expected.minutes_due


def _record(meeting: FrameworkMeeting) -> bytes:
    files = render_meeting(meeting)
    assert [file.name.endswith(".docx") for file in files] == [True, False]
    return files[0].data


@FUZZ
@given(drawn=meetings())
def test_record_checks_complete_iff_the_meeting_does(drawn: tuple[str, FrameworkMeeting]) -> None:
    shape, meeting = drawn
    today = meeting.meeting.date
    expected = check_meeting(meeting, today=today, source="meeting.yaml")
    assert expected.complete is (shape == "complete") or shape == "any"
    found = check_document(_record(meeting), source="record.docx", today=today)
    assert found.kind is meeting.kind
    _assert_same_verdict(found, expected)


#: Agenda notes are text only (no not_applicable): a gap is nothing, blank or a placeholder.
NOTE_GAP = st.one_of(st.none(), st.sampled_from(["", "   ", "\n\n"]), st.sampled_from(PLACEHOLDERS))
ORGANISATIONS = ["Westmere County Council", "Westmere ICB", "Westmere Police", "Tŷ & <Co>"]


@st.composite
def strategic_meetings(draw: st.DrawFn) -> tuple[str, StrategicMeeting]:
    """A valid strategic group meeting, shaped as `meetings` draws them: its agenda notes filled
    or not, and (unless "complete") a quorum that the attendees may not meet."""
    shape = draw(st.sampled_from(["complete", "one gap", "any"]))
    include_qasig = draw(st.booleans())
    keys = [item.key for item in AGENDA if include_qasig or not item.optional]
    gap = draw(st.sampled_from(keys))
    notes = {
        key: draw(NOTE_GAP if shape == "one gap" and key == gap else TEXT)
        if shape != "any"
        else draw(st.one_of(TEXT, NOTE_GAP))
        for key in keys
    }
    organisations = st.sampled_from(ORGANISATIONS)
    people = draw(
        st.lists(
            st.fixed_dictionaries({"name": NAME, "organisation": organisations}),
            min_size=1,
            max_size=3,
        )
    )
    present = sorted({person["organisation"] for person in people})
    quorum = draw(
        st.just(present) if shape == "complete" else st.lists(organisations, min_size=1, max_size=2)
    )
    data: dict[str, Any] = {
        "kind": "strategic",
        "include_qasig": include_qasig,
        "quorum": quorum,
        "provider": {"name": draw(NAME)},
        "meeting": {
            "date": draw(DATES).isoformat(),
            "chair": {
                "name": draw(NAME if shape == "complete" else st.one_of(NAME, st.just("TBC")))
            },
            "attendees": people,
        },
        "notes": notes,
        "actions": draw(
            st.lists(
                st.fixed_dictionaries(
                    {"detail": TEXT, "owner": NAME, "organisation": NAME},
                    optional={"due": DATES.map(dt.date.isoformat)},
                ),
                max_size=4,
            )
        ),
    }
    return shape, StrategicMeeting.model_validate(data)


@FUZZ
@given(drawn=strategic_meetings())
def test_minutes_check_complete_iff_the_meeting_does(drawn: tuple[str, StrategicMeeting]) -> None:
    shape, meeting = drawn
    today = meeting.meeting.date
    expected = check_meeting(meeting, today=today, source="meeting.yaml")
    assert expected.complete is (shape == "complete") or shape == "any"
    files = render_meeting(meeting)
    assert [file.name.rsplit(" - ", 1)[1] for file in files] == [
        "Agenda.docx",
        "Minutes.docx",
        "Action tracker.xlsx",
    ]
    found = check_document(files[1].data, source="minutes.docx", today=today)
    assert found.kind == "strategic"
    _assert_same_verdict(found, expected)


def _paragraphs_by_heading(document: Any) -> dict[str, list[str]]:
    """The text of the paragraphs under each Heading-styled paragraph of the body."""
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for paragraph in document.paragraphs:
        if paragraph.style.name.startswith("Heading"):
            current = found.setdefault(paragraph.text, [])
        elif current is not None and paragraph.text:
            current.append(paragraph.text)
    return found


def _cell_texts(document: Any) -> set[str]:
    return {cell.text for table in document.tables for row in table.rows for cell in row.cells}


@FUZZ
@given(drawn=meetings())
def test_typed_text_comes_out_of_the_record_literally(drawn: tuple[str, FrameworkMeeting]) -> None:
    meeting = drawn[1]
    document = docx.Document(io.BytesIO(_record(meeting)))
    under = _paragraphs_by_heading(document)
    for heading, value in meeting.iter_sections():
        if isinstance(value, str) and value.strip():
            assert under[heading.title] == [block.text for block in split_blocks(value)]
    body = "\n".join(p.text for p in document.paragraphs) + "\n".join(_cell_texts(document))
    assert meeting.provider.name in body
    cells = "\n".join(_cell_texts(document))
    for action in meeting.actions:
        for block in split_blocks(action.detail):
            assert block.text in cells
        assert action.owner in cells


@settings(max_examples=60, deadline=None)
@given(drawn=meetings())
def test_a_meeting_written_as_yaml_loads_back_the_same(drawn: tuple[str, FrameworkMeeting]) -> None:
    meeting = drawn[1]
    text = yaml.safe_dump(meeting.model_dump(mode="json", exclude_none=True), allow_unicode=True)
    assert load_meeting_text(text, "dumped.yaml").meeting == meeting


#: Text near a meeting file: its lines shuffled, cut and spliced with YAML syntax characters.
MANGLED = st.lists(
    st.one_of(
        st.sampled_from(MINIMAL.splitlines()),
        st.sampled_from(["- ", ": ", "{", "}", "[", "]", "&a ", "*a", "!!str ", "<<: ", '"', "'"]),
        st.text(max_size=20),
    ),
    max_size=25,
).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(text=MANGLED)
def test_any_text_loads_or_is_refused_with_lines_naming_the_file(text: str) -> None:
    lines: list[str] = []
    try:
        load_meeting_text(text, "mangled.yaml")
    except InputError as error:
        lines = error.lines()
        assert lines
    assert all(line.startswith("mangled.yaml:") for line in lines), lines
    assert all("\n" not in line for line in lines), lines
