"""Loading meeting files: FILE:LINE: field: message for every problem, never a traceback."""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest
import yaml

from tests.bad_inputs.make_corpus import (
    largest_meeting,
    many_actions,
    many_attendees,
    many_bullets,
)
from toolkit import load as load_module
from toolkit.errors import EXIT_BAD_INPUT, InputError
from toolkit.load import MAX_INPUT_BYTES, load_meeting, load_meeting_text
from toolkit.parse import MAX_ENTRIES, MAX_TEXT_LINES

DATA = Path(__file__).parent / "data"

MINIMAL = """\
kind: initial
provider:
  name: Larkspur House
meeting:
  date: 2026-11-20
  chair: {name: Helen Marsh-Okafor}
  attendees:
    - {name: Zoë Castellano, organisation: Westmere Integrated Care Board}
"""


def problems_of(text: str, source: str = "m.yaml") -> list[str]:
    with pytest.raises(InputError) as caught:
        load_meeting_text(text, source)
    assert caught.value.exit_code == EXIT_BAD_INPUT
    return caught.value.problems


def file_problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_meeting(path)
    return caught.value.problems


# --- the samples -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["initial", "review", "strategic"])
def test_samples_load(samples_dir: Path, name: str) -> None:
    loaded = load_meeting(samples_dir / f"{name}.yaml")
    assert loaded.meeting.kind == name
    assert loaded.meeting.provider.name == "Larkspur House"
    assert loaded.warnings == []
    assert loaded.source == str(samples_dir / f"{name}.yaml")


def test_samples_are_consistent(initial_sample: Path, review_sample: Path) -> None:
    """The review follows the initial meeting and carries its actions over unchanged."""
    initial = load_meeting(initial_sample).meeting
    review = load_meeting(review_sample).meeting
    assert review.previous_meeting == initial.meeting.date
    assert 28 <= (review.meeting.date - initial.meeting.date).days <= 42
    carried = {a.number: (a.detail, a.owner, a.organisation) for a in review.actions}
    for action in initial.actions:
        assert carried[action.number] == (action.detail, action.owner, action.organisation)
    assert any(a.completed for a in review.actions)
    assert max(a.number or 0 for a in review.actions) > max(a.number or 0 for a in initial.actions)


#: Ofcom's numbers reserved for drama (never allocated), and the domains reserved for examples.
FICTIONAL_PHONE = re.compile(r"(01632 960|07700 900|020 7946 0)\d{3}")
FICTIONAL_EMAIL = re.compile(r"[\w.'-]+@example\.(org|com|net)")


@pytest.mark.parametrize("name", ["initial", "review", "strategic", "outcome"])
def test_sample_contacts_cannot_reach_a_real_person(samples_dir: Path, name: str) -> None:
    meeting = load_meeting(samples_dir / f"{name}.yaml").meeting
    people = [meeting.meeting.chair, *meeting.meeting.attendees, *meeting.meeting.apologies]
    if meeting.meeting.minute_taker:
        people.append(meeting.meeting.minute_taker)
    phones = [person.phone for person in people if person.phone]
    emails = [person.email for person in people if person.email]
    assert phones
    assert emails
    assert [phone for phone in phones if not FICTIONAL_PHONE.fullmatch(phone)] == []
    assert [email for email in emails if not FICTIONAL_EMAIL.fullmatch(email)] == []


def test_strategic_sample_is_quorate_and_notes_every_item(strategic_sample: Path) -> None:
    meeting = load_meeting(strategic_sample).meeting
    present = {a.organisation for a in meeting.meeting.attendees} | {
        meeting.meeting.chair.organisation
    }
    assert meeting.quorum
    assert set(meeting.quorum) <= present
    assert [item.key for item in meeting.agenda_items()] == list(meeting.notes)
    assert "qasig_feedback" in meeting.notes


def test_initial_sample_uses_characters_people_type(initial_sample: Path) -> None:
    text = initial_sample.read_text(encoding="utf-8")
    for typed in ("&", "<", "'", '"', "Siân", "Zoë"):
        assert typed in text
    meeting = load_meeting(initial_sample).meeting
    assert meeting.meeting.attendees[0].name == "Siân Pritchard"
    assert "fluid intake was < 800ml" in (meeting.sections.multi_agency_concerns or "")


# --- line numbers ----------------------------------------------------------------------------


def expected_problems(path: Path) -> list[str]:
    """The ``# expect: field: message`` comments of a fixture, as FILE:LINE: lines."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if "# expect: " in line:
            found.append(f"{path}:{number}: {line.split('# expect: ', 1)[1]}")
    return found


def test_every_problem_is_reported_at_once_with_its_line() -> None:
    path = DATA / "meeting_many_errors.yaml"
    assert file_problems(path) == expected_problems(path)


def test_missing_field_is_reported_at_its_parent() -> None:
    text = MINIMAL.replace("  name: Larkspur House\n", "  company: Heathfield Lane Care Ltd\n")
    assert problems_of(text) == ["m.yaml:2: provider.name: required, but missing"]


def test_missing_top_level_field_is_reported_at_line_1() -> None:
    text = MINIMAL.split("meeting:")[0]
    assert problems_of(text) == ["m.yaml:1: meeting: required, but missing"]


def test_error_in_a_flow_mapping_points_at_its_line() -> None:
    text = MINIMAL.replace("{name: Helen Marsh-Okafor}", "{name: Helen, org: x}")
    assert problems_of(text) == [
        "m.yaml:6: meeting.chair.org: unknown field; did you mean 'organisation'?"
    ]


def test_json_is_accepted_and_located() -> None:
    data = yaml.safe_load(MINIMAL)
    data["meeting"]["date"] = "2026-11-20"
    assert load_meeting_text(json.dumps(data)).meeting.provider.name == "Larkspur House"
    data["meeting"]["start"] = "noon"
    text = json.dumps(data, indent=2)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if '"start"' in t)
    (problem,) = problems_of(text)
    assert problem.startswith(f"m.yaml:{line}: meeting.start: 'noon' is not a time")


# --- YAML that is not a meeting --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "m.yaml:1: the file is empty; start from `toolkit new initial`"),
        (
            "\n  \n# only a comment\n",
            "m.yaml:1: the file is empty; start from `toolkit new initial`",
        ),
        ("- kind: initial\n", "m.yaml:1: the file must be a set of fields"),
        ("42\n", "m.yaml:1: the file must be a set of fields"),
        ("\n\nJust some notes\n", "m.yaml:3: the file must be a set of fields"),
        ("kind: initial\nprovider: [\n", "m.yaml:3: not valid YAML: "),
        ('kind: "initial\n', "m.yaml:2: not valid YAML: "),
        ("kind: initial\n\tprovider: x\n", "m.yaml:2: not valid YAML: "),
        ("kind: initial\n---\nkind: review\n", "m.yaml:2: not valid YAML: "),
        ("kind: initial\nkind: review\n", "m.yaml:2: kind: appears twice; keep one"),
        (
            MINIMAL + "  attendees: []\n",
            "m.yaml:9: meeting.attendees: appears twice; keep one",
        ),
        ("? [a, b]\n: x\n", "m.yaml:1: (top level): a field name must be plain text"),
        ("kind: initial\n<<: {a: 1}\n", "m.yaml:2: (top level): YAML merge keys (<<) are not"),
        (
            "kind: !!python/object:os.system x\n",
            "m.yaml:1: kind: YAML tags such as !!python/object:os.system are not supported",
        ),
        ("kind: initial\nprovider: !!binary aGk=\n", "m.yaml:2: provider: YAML tags such as"),
        ("kind: initial\nprovider: !!set {a}\n", "m.yaml:2: provider: YAML tags such as !!set"),
        ("kind: initial\nprovider: !custom x\n", "m.yaml:2: provider: YAML tags such as !custom"),
    ],
)
def test_yaml_that_is_not_a_meeting_is_one_line_with_a_line_number(
    text: str, expected: str
) -> None:
    (problem,) = problems_of(text)
    assert problem.startswith(expected)
    assert "\n" not in problem


def test_tabs_are_explained() -> None:
    (problem,) = problems_of("kind: initial\nprovider:\n\tname: x\n")
    assert problem.startswith("m.yaml:3: not valid YAML: ")
    assert "tab" in problem


def test_anchors_and_aliases_are_refused() -> None:
    text = MINIMAL + "apologies_copy: &people [a]\nmore:\n  - *people\n"
    assert problems_of(text) == [
        "m.yaml:10: more[0]: YAML anchors and aliases (& and *) are not supported"
    ]


def test_billion_laughs_is_refused_at_once() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for name, previous in zip("bcdefghi", "abcdefgh", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    (problem,) = problems_of("\n".join(lines) + "\n")
    assert problem == "m.yaml:2: b[0]: YAML anchors and aliases (& and *) are not supported"


def test_text_aliases_are_refused_too() -> None:
    text = "a: &a " + "x" * 100_000 + "\nb: [" + ", ".join(["*a"] * 1_000) + "]\n"  # 100 MB
    (problem,) = problems_of(text)
    assert problem == "m.yaml:2: b[0]: YAML anchors and aliases (& and *) are not supported"


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 100_000 + "]" * 100_000 + "\n",
        "a: " + "{b: " * 5_000 + "1" + "}" * 5_000 + "\n",
        "".join(" " * i + f"k{i}:\n" for i in range(3_000)) + " " * 3_000 + "x\n",
        "kind: initial\nprovider: " + "[" * 45 + "]" * 45 + "\n",
    ],
    ids=["flow-lists", "flow-maps", "block", "just-past-limit"],
)
def test_deep_nesting_is_refused(text: str) -> None:
    (problem,) = problems_of(text)
    assert re.match(r"^m\.yaml:\d+: ", problem)
    assert "nest" in problem


def test_a_huge_integer_is_refused() -> None:
    (problem,) = problems_of(MINIMAL + "actions: [{number: " + "9" * 5000 + "}]\n")
    assert problem == "m.yaml:9: actions[0].number: not a valid value"


def test_field_names_that_are_not_text_are_reported() -> None:
    found = problems_of(MINIMAL + "1: one\nnull: nothing\ntrue: yes\n")
    assert found == [
        "m.yaml:9: 1: unknown field; allowed here: kind, provider, meeting, actions, "
        "circulation, next_meeting, escalation, suspension, sections, provider_copy",
        "m.yaml:10: null: unknown field; allowed here: kind, provider, meeting, actions, "
        "circulation, next_meeting, escalation, suspension, sections, provider_copy",
        "m.yaml:11: true: unknown field; allowed here: kind, provider, meeting, actions, "
        "circulation, next_meeting, escalation, suspension, sections, provider_copy",
    ]


def test_yes_and_no_stay_text() -> None:
    text = MINIMAL.replace("name: Larkspur House", "name: yes")
    assert load_meeting_text(text).meeting.provider.name == "yes"


def test_a_pathological_file_lists_at_most_a_hundred_problems() -> None:
    text = MINIMAL + "".join(f"extra_{i}: x\n" for i in range(500))
    found = problems_of(text)
    assert len(found) == load_module.MAX_PROBLEMS + 1
    assert found[-1].endswith(": (top level): 400 more problems not shown; is this a meeting file?")
    assert all(re.match(r"^m\.yaml:\d+: ", line) for line in found)


# --- text as typed ---------------------------------------------------------------------------


def test_text_is_kept_exactly_as_typed() -> None:
    typed = 'Tom & Jerry <b>bold</b> "quoted" it\'s {{ x }} {% if %} =SUM(A1) ŵŷ 👍'
    data = yaml.safe_load(MINIMAL)
    data["sections"] = {"purpose": typed + "\n\n- a bullet\n"}
    data["meeting"]["date"] = "2026-11-20"
    meeting = load_meeting_text(yaml.safe_dump(data, allow_unicode=True)).meeting
    assert meeting.sections.purpose == typed + "\n\n- a bullet\n"


def test_characters_office_cannot_hold_are_dropped_with_a_warning() -> None:
    text = MINIMAL.replace("name: Larkspur House", 'name: "Larkspur\\x0b House\\x01"')
    loaded = load_meeting_text(text, "m.yaml")
    assert loaded.meeting.provider.name == "Larkspur House"
    assert loaded.warnings == [
        "m.yaml:3: provider.name: warning: dropped U+0001, U+000B, which Word and Excel cannot hold"
    ]


def test_windows_line_ends_and_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "windows.yaml"
    body = MINIMAL + "sections:\n  purpose: |\n    One\n\n    Two\n"
    path.write_bytes(b"\xef\xbb\xbf" + body.replace("\n", "\r\n").encode("utf-8"))
    meeting = load_meeting(path).meeting
    assert meeting.sections.purpose == "One\n\nTwo\n"


# --- files -----------------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nothing.yaml"
    assert file_problems(path) == [f"{path}: no such file"]


def test_a_folder(tmp_path: Path) -> None:
    assert file_problems(tmp_path) == [f"{tmp_path}: is a folder, not a meeting file"]


def test_an_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    path.chmod(0)
    if os.access(path, os.R_OK):  # root reads anything: make the open fail as it would
        original = Path.open

        def refuse(self: Path, *args: object, **kwargs: object) -> object:
            if self == path:
                raise PermissionError(13, "Permission denied", str(path))
            return original(self, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(Path, "open", refuse)
    assert file_problems(path) == [f"{path}: cannot be read (permission denied)"]


def test_other_os_errors_are_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "m.yaml"

    def broken(self: Path, *args: object, **kwargs: object) -> object:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(Path, "open", broken)
    assert file_problems(path) == [f"{path}: cannot be read (Input/output error)"]


def test_a_file_of_tens_of_megabytes_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.write(b"kind: initial\nnotes: |\n")
        line = b"  " + b"x" * 1022 + b"\n"
        for _ in range(30 * 1024):
            handle.write(line)
    (problem,) = file_problems(path)
    assert problem.startswith(f"{path}: is larger than {MAX_INPUT_BYTES // 2**20} MB")


def test_a_file_just_under_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "long.yaml"
    filler = "    " + "lorem ipsum " * 80 + "\n"
    body = MINIMAL + "sections:\n  purpose: |\n"
    count = (MAX_INPUT_BYTES - len(body.encode()) - 1024) // len(filler)
    path.write_text(body + filler * count, encoding="utf-8")
    assert len(load_meeting(path).meeting.sections.purpose or "") > MAX_INPUT_BYTES // 2


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"PK\x03\x04" + b"\x00" * 100, "is a binary file (Word, Excel or zip?)"),
        (bytes(range(256)) * 4, "is a binary file"),
        ("kind: initial\n".encode("utf-16"), 'is UTF-16 ("Unicode") text; save it as UTF-8'),
        (b"kind: initial\nprovider:\n  name: Caf\xe9\n", "3: is not UTF-8 text; save it as UTF-8"),
    ],
    ids=["docx", "bytes", "utf16", "latin1"],
)
def test_files_that_are_not_utf8_text(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(content)
    (problem,) = file_problems(path)
    assert problem.startswith(f"{path}:")
    assert expected in problem


def test_path_may_be_a_string(initial_sample: Path) -> None:
    assert load_meeting(str(initial_sample)).meeting.kind == "initial"


def test_odd_keys_and_long_values_stay_on_one_line() -> None:
    text = MINIMAL + '"line\\nbreak": x\n" Meeting ": y\n'
    text = text.replace("date: 2026-11-20", "date: " + "next Tuesday " * 50)
    assert problems_of(text) == [
        "m.yaml:5: meeting.date: 'next Tuesday next Tuesday next Tuesda...' is not a date; "
        "accepted: 2026-11-20 (ISO) or 20/11/2026 (day/month/year)",
        "m.yaml:9: 'line\\nbreak': unknown field; allowed here: kind, provider, meeting, actions, "
        "circulation, next_meeting, escalation, suspension, sections, provider_copy",
        "m.yaml:10: ' Meeting ': unknown field; did you mean 'meeting'?",
    ]


def test_a_largest_pathological_file_loads_in_linear_time() -> None:
    """~100,000 fields of nested lists: loading was quadratic (the garbage collector rescanned
    every node), minutes for a few megabytes; now seconds."""
    line = "field_000000: [a, b, {c: d}]\n"
    count = (MAX_INPUT_BYTES - 100) // len(line)
    text = "kind: initial\n" + "".join(line.replace("000000", f"{i:06}") for i in range(count))
    started = time.perf_counter()
    found = problems_of(text)
    assert time.perf_counter() - started < 20
    assert len(found) == load_module.MAX_PROBLEMS + 1


def test_the_largest_meeting_accepted_loads() -> None:
    """Every list at its bound, every line of text the file may hold, 2 MB in all: accepted
    (benchmarks/bench_bombs.py renders it in seconds)."""
    text = largest_meeting().decode()
    assert len(text.encode()) > MAX_INPUT_BYTES - 1024
    meeting = load_meeting_text(text).meeting
    assert len(meeting.actions) == len(meeting.meeting.attendees) == MAX_ENTRIES


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            many_attendees(MAX_ENTRIES + 1),
            "m.yaml:7: meeting.attendees: a list of 2,001 entries; a list holds at most 2,000 "
            "(a meeting has tens)",
        ),
        (
            many_actions(MAX_ENTRIES + 1),
            "m.yaml:8: actions: a list of 2,001 entries; a list holds at most 2,000 "
            "(a meeting has tens)",
        ),
        (
            many_bullets(MAX_TEXT_LINES + 1),
            "m.yaml:8: sections.purpose: the file's text passes 10,000 lines here; a paper holds "
            "at most that many lines of text in all (some 200 pages)",
        ),
    ],
    ids=["attendees", "actions", "bullets"],
)
def test_more_than_a_real_meeting_holds_is_refused_in_one_line(text: bytes, problem: str) -> None:
    assert problems_of(text.decode()) == [problem]


def test_the_lines_of_text_are_counted_over_the_whole_file() -> None:
    """Each field within the bound, all of them together over it: refused where the total
    passes, so that no paper renders more than MAX_TEXT_LINES lines whatever its shape."""
    half = "|\n" + "    - b\n" * (MAX_TEXT_LINES // 2)
    sections = f"sections:\n  purpose: {half}  risk_assessment: {half}  safety_actions: {half}"
    third = MINIMAL.count("\n") + 2 + 2 * (MAX_TEXT_LINES // 2 + 1)  # safety_actions' line
    assert problems_of(MINIMAL + sections) == [
        f"m.yaml:{third}: sections.safety_actions: the file's text passes 10,000 lines here; "
        "a paper holds at most that many lines of text in all (some 200 pages)"
    ]
    load_meeting_text(MINIMAL + f"sections:\n  purpose: {half}")
