"""The meeting model's rules: dates, times, people, actions, sections, agenda (issue 2, Must 2)."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
import yaml

from toolkit import kinds
from toolkit.dates import ACCEPTED_DATE_FORMATS, parse_date, parse_time
from toolkit.errors import InputError
from toolkit.kinds.initial import InitialMeeting
from toolkit.kinds.review import ReviewMeeting
from toolkit.kinds.strategic import AGENDA, StrategicMeeting
from toolkit.load import load_meeting_text
from toolkit.model import NotApplicable


def minimal(kind: str = "initial", **extra: Any) -> dict[str, Any]:
    """The smallest valid meeting of ``kind``, as plain data."""
    data: dict[str, Any] = {
        "kind": kind,
        "provider": {"name": "Larkspur House"},
        "meeting": {
            "date": "2026-11-20",
            "chair": {"name": "Helen Marsh-Okafor"},
            "attendees": [{"name": "Zoë Castellano", "organisation": "Westmere ICB"}],
        },
    }
    data.update(extra)
    return data


def load(data: dict[str, Any]) -> Any:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return load_meeting_text(text, "m.yaml").meeting


def problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(InputError) as caught:
        load(data)
    return caught.value.problems


def with_meeting(**fields: Any) -> dict[str, Any]:
    data = minimal()
    data["meeting"].update(fields)
    return data


def action(**fields: Any) -> dict[str, Any]:
    return {"detail": "Audit care plans", "owner": "Fiona Kerr", "organisation": "ICB", **fields}


@pytest.mark.parametrize(
    ("kind", "model"),
    [("initial", InitialMeeting), ("review", ReviewMeeting), ("strategic", StrategicMeeting)],
)
def test_minimal_meeting_of_each_kind_is_valid(kind: str, model: type) -> None:
    meeting = load(minimal(kind))
    assert isinstance(meeting, model)
    assert meeting.kind is kind
    assert meeting.meeting.date == dt.date(2026, 11, 20)


# --- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20", dt.date(2026, 11, 20)),
        ("20/11/2026", dt.date(2026, 11, 20)),
        ("2/1/2026", dt.date(2026, 1, 2)),
        ("2026-1-2", dt.date(2026, 1, 2)),
        (" 29/02/2028 ", dt.date(2028, 2, 29)),
    ],
)
def test_dates_iso_and_uk_day_first_are_accepted(text: str, expected: dt.date) -> None:
    assert load(with_meeting(date=text)).meeting.date == expected


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("11/20/2026", "there is no month 20"),
        ("2026-13-01", "there is no month 13"),
        ("31/04/2026", "April 2026 has no day 31"),
        ("2026-02-29", "February 2026 has no day 29"),
        ("next Tuesday", "is not a date"),
        ("20 November 2026", "is not a date"),
        ("20/11/26", "is not a date"),
        ("2026/11/20", "is not a date"),
        ("20261120", "is not a date"),
        ("", "is blank"),
    ],
)
def test_other_dates_are_rejected_naming_the_accepted_formats(text: str, why: str) -> None:
    (problem,) = problems(with_meeting(date=text))
    assert problem.startswith("m.yaml:")
    assert ": meeting.date: " in problem
    assert why in problem
    assert problem.endswith(ACCEPTED_DATE_FORMATS)


def test_parse_date_accepts_date_objects_and_refuses_other_types() -> None:
    assert parse_date(dt.date(2026, 1, 2)) == dt.date(2026, 1, 2)
    assert parse_date(dt.datetime(2026, 1, 2, 10, 30)) == dt.date(2026, 1, 2)
    for value in (True, 3.5, [2026, 11, 20], {"day": 20}):
        with pytest.raises(ValueError, match="accepted: 2026-11-20"):
            parse_date(value)


def test_every_date_field_uses_the_same_rule() -> None:
    data = minimal(
        "review",
        previous_meeting="11/20/2026",
        actions=[action(due="next Tuesday", completed="2026-13-01")],
        suspension={"status": "imposed", "decided": "tomorrow", "review_date": "31/02/2027"},
    )
    found = problems(data)
    fields = {p.split(": ")[1] for p in found}
    assert fields == {
        "previous_meeting",
        "actions[0].due",
        "actions[0].completed",
        "suspension.decided",
        "suspension.review_date",
    }
    assert all(p.endswith(ACCEPTED_DATE_FORMATS) for p in found)


# --- times -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [("09:30", dt.time(9, 30)), ("9:05", dt.time(9, 5))])
def test_times_are_24_hour_hh_mm(text: str, expected: dt.time) -> None:
    assert load(with_meeting(start=text)).meeting.start == expected
    assert parse_time(expected) == expected


@pytest.mark.parametrize("text", ["24:00", "10:60", "10am", "10.30", "1030", "10:00:00", ""])
def test_other_times_are_rejected(text: str) -> None:
    (problem,) = problems(with_meeting(start=text))
    assert ": meeting.start: " in problem
    assert "24-hour HH:MM" in problem


def test_unquoted_time_is_a_time_not_minutes_since_midnight() -> None:
    # YAML 1.1 reads 10:30 as the sexagesimal number 630; the loader follows YAML 1.2.
    meeting = load_meeting_text(
        yaml.safe_dump(minimal()).replace("meeting:\n", "meeting:\n  start: 10:30\n"), "m.yaml"
    ).meeting
    assert meeting.meeting.start == dt.time(10, 30)


@pytest.mark.parametrize(("start", "end"), [("12:00", "10:00"), ("10:00", "10:00")])
def test_end_must_be_after_start(start: str, end: str) -> None:
    (problem,) = problems(with_meeting(start=start, end=end))
    assert problem.endswith(f"meeting.end: {end} must be after start {start}")


def test_end_without_start_is_allowed() -> None:
    assert load(with_meeting(end="12:30")).meeting.end == dt.time(12, 30)


# --- people ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["", "   ", None])
def test_the_chair_needs_a_name(name: str | None) -> None:
    (problem,) = problems(with_meeting(chair={"name": name, "role": "Head of Safeguarding"}))
    assert ": meeting.chair.name: " in problem


def test_people_need_a_name_and_attendees_an_organisation() -> None:
    data = with_meeting(
        attendees=[{"name": "Ruth Adeyemi"}, {"organisation": "Westmere Police"}],
        apologies=[{"role": "Inspector"}],
    )
    found = problems(data)
    assert [p.split(": ", 2)[1:] for p in found] == [
        ["meeting.attendees[0].organisation", "required, but missing"],
        ["meeting.attendees[1].name", "required, but missing"],
        ["meeting.apologies[0].name", "required, but missing"],
    ]


def test_apologies_need_no_organisation() -> None:
    meeting = load(with_meeting(apologies=[{"name": "Dr Ewan Shaw"}]))
    assert meeting.meeting.apologies[0].organisation is None


def test_a_meeting_needs_at_least_one_attendee() -> None:
    (problem,) = problems(with_meeting(attendees=[]))
    assert problem.endswith("meeting.attendees: needs at least one entry")


def test_an_untouched_minute_taker_block_is_no_minute_taker() -> None:
    blank = {"name": "", "role": "", "organisation": ""}
    assert load(with_meeting(minute_taker=blank)).meeting.minute_taker is None
    (problem,) = problems(with_meeting(minute_taker={"name": "", "role": "Admin"}))
    assert "meeting.minute_taker.name: must not be blank" in problem


# --- actions ---------------------------------------------------------------------------------


def test_action_numbers_are_assigned_in_order_where_absent() -> None:
    data = minimal(actions=[action(), action(number=5), action(), action(number=2), action()])
    assert [a.number for a in load(data).actions] == [1, 5, 6, 2, 3]


def test_assigned_numbers_skip_numbers_given_later() -> None:
    data = minimal(actions=[action(), action(), action(number=2)])
    assert [a.number for a in load(data).actions] == [1, 3, 2]


@pytest.mark.parametrize("second", [3, "3", 3.0])
def test_action_numbers_are_unique(second: Any) -> None:
    data = minimal(actions=[action(number=3), action(number=second)])
    (problem,) = problems(data)
    assert problem.endswith("actions[1].number: action number 3 is used twice (also by actions[0])")


def test_duplicate_numbers_are_reported_with_the_other_action_problems() -> None:
    data = minimal(actions=[action(number=1), action(number=1, owner="", due="soon")])
    fields = [p.split(": ")[1] for p in problems(data)]
    assert fields == ["actions[1].owner", "actions[1].number", "actions[1].due"]


@pytest.mark.parametrize("number", [0, -1, 1.5, True, "three", 10**7])
def test_action_numbers_are_positive_whole_numbers(number: Any) -> None:
    (problem,) = problems(minimal(actions=[action(number=number)]))
    assert ": actions[0].number: " in problem


@pytest.mark.parametrize("field", ["detail", "owner", "organisation"])
def test_actions_need_detail_owner_and_organisation(field: str) -> None:
    item = action()
    del item[field]
    (problem,) = problems(minimal(actions=[item]))
    assert problem.endswith(f"actions[0].{field}: required, but missing")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Yes", "yes"),
        ("NO", "no"),
        ("N/A", "n/a"),
        ("na", "n/a"),
        ("Y", "yes"),
        (True, "yes"),
        ("", None),
    ],
)
def test_document_filed_accepts_yes_no_na_in_any_case(typed: Any, stored: str | None) -> None:
    assert load(minimal(actions=[action(document_filed=typed)])).actions[0].document_filed == stored


def test_document_filed_refuses_other_answers() -> None:
    (problem,) = problems(minimal(actions=[action(document_filed="maybe")]))
    assert problem.endswith("actions[0].document_filed: must be 'yes', 'no' or 'n/a'")


def test_action_text_longer_than_an_excel_cell_is_refused() -> None:
    (problem,) = problems(minimal(actions=[action(detail="x" * 32_768)]))
    assert "actions[0].detail: is longer than Excel's 32,767-character cell limit" in problem


# --- sections --------------------------------------------------------------------------------


def test_sections_keep_text_and_not_applicable_in_framework_order() -> None:
    sections = {key: f"Text for {key} & <more>" for key in kinds.get("review").section_keys()}
    sections["contract_compliance"] = {"not_applicable": "No contract with the council"}
    meeting = load(minimal("review", sections=sections))
    written = meeting.iter_sections()
    assert [heading.key for heading, _ in written] == list(kinds.get("review").section_keys())
    assert dict((h.key, v) for h, v in written)["contract_compliance"] == NotApplicable(
        not_applicable="No contract with the council"
    )
    assert written[0][1] == "Text for purpose & <more>"


def test_a_missing_section_is_none_not_an_error() -> None:
    meeting = load(minimal())
    assert all(value is None for _, value in meeting.iter_sections())


@pytest.mark.parametrize("reason", ["", "  ", None, [], {}])
def test_not_applicable_needs_a_reason(reason: Any) -> None:
    (problem,) = problems(minimal(sections={"purpose": {"not_applicable": reason}}))
    assert problem.endswith(
        "sections.purpose.not_applicable: needs a reason: say why the section does not apply"
    )


@pytest.mark.parametrize(
    "value", [{"not_applicable": "x", "why": "y"}, {"n/a": "x"}, ["a list"], True]
)
def test_a_section_is_text_or_not_applicable(value: Any) -> None:
    (problem,) = problems(minimal(sections={"purpose": value}))
    assert ": sections.purpose: " in problem
    assert "not_applicable" in problem


def test_a_number_typed_as_a_section_is_text() -> None:
    assert load(minimal(sections={"purpose": 42})).sections.purpose == "42"


# --- unknown keys ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            minimal(sections={"purpouse": "x"}),
            "sections.purpouse: unknown section; did you mean 'purpose'?",
        ),
        (
            minimal(sections={"risk_review": "x"}),
            "sections.risk_review: unknown section: 'risk_review' belongs to a review meeting, "
            "not an initial one",
        ),
        (
            minimal("review", sections={"dsp_informed": "x"}),
            "sections.dsp_informed: unknown section: 'dsp_informed' belongs to an initial or an "
            "outcome meeting, not a review one",
        ),
        (
            minimal(sections={"zzz": "x"}),
            "sections.zzz: unknown section; run `toolkit frameworks initial` for the keys",
        ),
        (minimal(provder={"name": "x"}), "provder: unknown field; did you mean 'provider'?"),
        (
            with_meeting(chair={"name": "A", "emial": "a@example.org"}),
            "meeting.chair.emial: unknown field; did you mean 'email'?",
        ),
        (
            minimal(actions=[action(owner_name="x")]),
            "actions[0].owner_name: unknown field; did you mean 'owner'?",
        ),
        (
            minimal("strategic", agenda=[{"key": "a", "item": "b", "leed": "c"}]),
            "agenda[0].leed: unknown field; did you mean 'lead'?",
        ),
        (
            minimal(actions=[action(**{"Due date": "2026-12-04"})]),
            "actions[0].Due date: unknown field; did you mean 'due'?",  # was 'update'
        ),
        (
            with_meeting(**{"Start-time": "10:00"}),
            "meeting.Start-time: unknown field; did you mean 'start'?",
        ),
        (
            minimal(actions=[action(**{"Document filed": "yes"})]),
            "actions[0].Document filed: unknown field; did you mean 'document_filed'?",
        ),
    ],
)
def test_unknown_keys_are_rejected_with_a_suggestion(data: dict[str, Any], expected: str) -> None:
    (problem,) = problems(data)
    assert problem.endswith(expected)


def test_unknown_key_without_a_close_match_lists_the_allowed_fields() -> None:
    (problem,) = problems(minimal(provider={"name": "x", "colour": "red"}))
    assert problem.endswith(
        "provider.colour: unknown field; allowed here: name, company, client_group, "
        "service_type, address, cqc_location_id"
    )


def test_strategic_fields_are_unknown_in_an_initial_meeting() -> None:
    (problem,) = problems(minimal(notes={"aob": "x"}))
    assert ": notes: unknown field" in problem


# --- kind ------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["Initial meeting", "", None, 3, ["initial"]])
def test_kind_must_be_one_of_the_registered_kinds(kind: Any) -> None:
    (problem,) = problems(minimal(kind=kind))
    assert problem.startswith(f"m.yaml:1: kind: must be {kinds.names_text()}")


@pytest.mark.parametrize(
    ("kind", "said"),
    [
        (None, ", but it is blank"),
        ("  ", ", but it is blank"),
        ("Review ", ", not 'Review '; did you mean 'review'?"),
    ],
)
def test_a_blank_or_capitalised_kind_is_worded_for_people(kind: Any, said: str) -> None:
    (problem,) = problems(minimal(kind=kind))
    assert problem == f"m.yaml:1: kind: must be {kinds.names_text()}{said}"


def test_kind_is_required() -> None:
    data = minimal()
    del data["kind"]
    assert problems(data) == [f"m.yaml:1: kind: required: {kinds.names_text()}"]


# --- strategic -------------------------------------------------------------------------------


def test_strategic_default_agenda_includes_qasig_only_when_asked() -> None:
    keys = [item.key for item in AGENDA]
    without = [e.key for e in load(minimal("strategic")).agenda_items()]
    assert without == [k for k in keys if k != "qasig_feedback"]
    assert [e.key for e in load(minimal("strategic", include_qasig=True)).agenda_items()] == keys
    with_note = load(minimal("strategic", notes={"qasig_feedback": "Themes"}))
    assert [e.key for e in with_note.agenda_items()] == keys


def test_strategic_own_agenda_replaces_the_draft() -> None:
    agenda = [{"key": "welcome", "item": "Welcome", "lead": "Chair"}]
    meeting = load(minimal("strategic", agenda=agenda, notes={"welcome": "Hello"}))
    assert [(e.key, e.item, e.lead) for e in meeting.agenda_items()] == [
        ("welcome", "Welcome", "Chair")
    ]


def test_strategic_agenda_keys_are_unique() -> None:
    agenda = [{"key": "a", "item": "One"}, {"key": "b", "item": "Two"}, {"key": "a", "item": "3"}]
    (problem,) = problems(minimal("strategic", agenda=agenda))
    assert problem.endswith("agenda[2].key: agenda key 'a' is used twice")


def test_notes_must_belong_to_an_agenda_item_reported_with_other_problems() -> None:
    data = minimal("strategic", notes={"aob": "None", "discusion": "x", "zz": "y"})
    data["meeting"]["date"] = "soon"
    found = problems(data)
    fields = [p.split(": ")[1] for p in found]
    assert fields == ["meeting.date", "notes.discusion", "notes.zz"]
    assert "agenda keys: introductions, previous_minutes" in found[1]


def test_quorum_and_group() -> None:
    meeting = load(minimal("strategic", quorum=["Westmere County Council"]))
    assert meeting.quorum == ["Westmere County Council"]
    assert meeting.group == "Strategic Provider Concerns Group"
    (problem,) = problems(minimal("strategic", quorum=["Westmere County Council", " "]))
    assert ": quorum[1]: must not be blank" in problem


# --- many problems at once -------------------------------------------------------------------


def test_every_problem_is_reported_at_once_in_line_order() -> None:
    data = minimal(
        provider={"name": ""},
        sections={"purpouse": "x", "purpose": {"not_applicable": ""}},
        actions=[action(number=1), action(number=1, organisation=None)],
    )
    data["meeting"].update(date="11/20/2026", start="10:00", end="09:00")
    found = problems(data)
    assert len(found) == 7
    lines = [int(p.split(":")[1]) for p in found]
    assert lines == sorted(lines)


def test_models_are_frozen() -> None:
    meeting = load(minimal())
    with pytest.raises(Exception, match="frozen"):
        meeting.provider.name = "Other"  # type: ignore[misc]


def test_sample_data_round_trips_through_the_model(initial_sample: Any) -> None:
    data = yaml.safe_load(initial_sample.read_text(encoding="utf-8"))
    meeting = load(copy.deepcopy(data))
    dumped = meeting.model_dump(mode="json", exclude_none=True)
    assert load(dumped) == meeting
