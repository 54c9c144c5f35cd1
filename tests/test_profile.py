"""A partnership's profile: reading the TOML file, its rules in force, the sensitivity label."""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import io
import multiprocessing
import uuid
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from lxml import etree
from openpyxl.packaging.custom import StringProperty

from tests.office import convert, page_lines, pdf_pages, to_pdf
from toolkit import kinds
from toolkit.dates import add_working_days
from toolkit.errors import DocumentError, InputError
from toolkit.frameworks import CLASSIFICATION
from toolkit.kinds import minutes_due
from toolkit.kinds.strategic import DEFAULT_QUORUM, StrategicMeeting
from toolkit.profile import (
    DEFAULT,
    SEED,
    Profile,
    Rule,
    active,
    carried,
    load_profile,
    marking_text,
    rules_in_force,
    use_profile,
)
from toolkit.render import label_document
from toolkit.render.labels import apply_label, label_of, read_label
from toolkit.render.marking import is_marking, mark_document, missing_marking
from toolkit.toml_lines import key_lines

D = dt.date
NAMES = kinds.names()
SITE = "9b2c4a1e-5f3d-4c7b-8a6e-2d1f0c9e8b7a"  # a made-up tenant
LABEL_ID = "d3a8f1c2-7b4e-4f5a-9c6d-1e2f3a4b5c6d"
CP = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"


def label_properties(label_id: str = LABEL_ID, name: str = "OFFICIAL-SENSITIVE") -> dict[str, str]:
    """The properties Microsoft 365 writes when a user applies a sensitivity label."""
    prefix = f"MSIP_Label_{label_id}_"
    return {
        prefix + "Enabled": "true",
        prefix + "SetDate": "2026-01-12T09:30:41Z",
        prefix + "Method": "Privileged",
        prefix + "Name": name,
        prefix + "SiteId": SITE,
        prefix + "ActionId": str(uuid.UUID(int=7)),
        prefix + "ContentBits": "0",
    }


def custom_xml(properties: dict[str, str]) -> bytes:
    """docProps/custom.xml as Office writes it."""
    entries = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" name="{name}">'
        f"<vt:lpwstr>{value}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(properties.items(), start=2)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Properties xmlns="{CP}" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/docPropsVTypes">{entries}</Properties>'
    ).encode()


def labelled_docx(properties: dict[str, str]) -> bytes:
    """A Word file as a council's Microsoft 365 leaves it: custom.xml, its content type and
    relationship written by hand (python-docx does not write custom properties)."""
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Our label")
    document.save(buffer)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/docProps/custom.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>',
                )
            if info.filename == "_rels/.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/custom-properties" '
                    b'Target="docProps/custom.xml"/></Relationships>',
                )
            target.writestr(info, data)
        target.writestr("docProps/custom.xml", custom_xml(properties))
    return out.getvalue()


def plain_docx() -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Minutes of the meeting")
    document.save(buffer)
    return buffer.getvalue()


def custom_properties(data: bytes) -> list[tuple[str, str, str]]:
    """(pid, name, value) of every custom property, read with zipfile and lxml."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = etree.fromstring(package.read("docProps/custom.xml"))
    return [
        (prop.get("pid"), prop.get("name"), "".join(prop.itertext()))
        for prop in root.iter(f"{{{CP}}}property")
    ]


def write(folder: Path, text: str, name: str = "profile.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# Reading the file ---------------------------------------------------------------------------

FULL = """\
[partnership]
name = "Darlington Safeguarding Partnership"
business_unit = "DSP Business Unit"

[marking]
classification = "OFFICIAL-SENSITIVE"
descriptor = "PERSONAL"

[deadlines]
initial = { days = 14 }
review = { days = 7, working = true }

[holidays]
region = "scotland"

[strategic]
quorum = [
    "Sussex Integrated Care Board",
    "Sussex Police",
]
"""


def test_a_full_profile_is_read_with_the_line_of_each_rule(tmp_path: Path) -> None:
    path = write(tmp_path, FULL)
    profile = load_profile(path, kinds=NAMES)
    assert profile.name == "Darlington Safeguarding Partnership"
    assert profile.marking == "OFFICIAL-SENSITIVE PERSONAL"
    assert profile.marking_text(draft=True) == "OFFICIAL-SENSITIVE PERSONAL DRAFT"
    assert profile.deadlines == {"initial": Rule(14), "review": Rule(7, working=True)}
    assert profile.holidays_subdivision == "SCT"
    assert profile.quorum == ("Sussex Integrated Care Board", "Sussex Police")
    assert profile.source_of("deadlines.review") == f"profile {path}:11"
    assert profile.source_of("strategic.quorum") == f"profile {path}:17"
    assert profile.source_of("deadlines.strategic") == SEED == "default (seed documents)"


def test_kinds_the_file_does_not_name_keep_their_own_deadline(tmp_path: Path) -> None:
    path = write(tmp_path, "[deadlines]\nreview = { days = 7, working = true }\n")
    profile = load_profile(path, kinds=NAMES)
    strategic = kinds.get("strategic").deadline
    assert profile.deadline_for("strategic", strategic) is strategic
    review = profile.deadline_for("review", kinds.get("review").deadline)
    assert (review.days, review.working_days) == (7, True)
    assert review.rule == "no later than seven working days after the meeting"


def test_without_a_profile_the_seeds_rules_are_in_force() -> None:
    assert active() is DEFAULT
    assert marking_text() == CLASSIFICATION == "OFFICIAL-SENSITIVE"
    assert marking_text(draft=True) == "OFFICIAL-SENSITIVE DRAFT"
    assert DEFAULT.quorum is None  # the strategic kind's own, DEFAULT_QUORUM
    assert DEFAULT.holidays_subdivision == "ENG"
    assert DEFAULT.descriptor is None
    # what the records print today: "DSP informed of the outcome of the meeting"
    assert (DEFAULT.name, DEFAULT.business_unit) == ("DSP", "DSP Business Unit")
    defaults = {kind.name: kind.deadline for kind in kinds.every()}
    for name, rule in defaults.items():
        assert DEFAULT.deadline_for(name, rule) is rule
    rules = rules_in_force(DEFAULT, defaults, DEFAULT_QUORUM)
    assert {rule.source for rule in rules} == {SEED}


def test_an_empty_profile_changes_nothing(tmp_path: Path) -> None:
    profile = load_profile(write(tmp_path, "# nothing of our own yet\n"), kinds=NAMES)
    assert profile == Profile(path=profile.path)


BAD = [
    # (profile text, the one expected line after FILE:)
    (
        '[partnership]\nname = "Darlington\n',
        "2: not valid TOML: illegal character '\\n' (column 19)",
    ),
    ("[marking]\ndescriptor = PERSONAL\n", "2: not valid TOML: invalid value (column 14)"),
    (
        '[partnership]\nnmae = "Darlington"\n',
        "2: partnership.nmae: unknown key; did you mean 'name'?",
    ),
    ('[partnershp]\nname = "x"\n', "1: partnershp: unknown table; did you mean 'partnership'?"),
    ('region = "scotland"\n', "1: region: unknown table; 'region' belongs in [holidays]"),
    (
        "\n[deadlines]\nreview = { days = 7, wokring = true }\n",
        "3: deadlines.review.wokring: unknown key; did you mean 'working'?",
    ),
    (
        '[deadlines]\nreview = { days = "7" }\n',
        "2: deadlines.review.days: must be a whole number of days such as 7, not '7'",
    ),
    (
        "[deadlines]\nreview = 7\n",
        "2: deadlines.review: must be a table such as { days = 7 } or { days = 5, working = true }",
    ),
    (
        "[deadlines]\ninitial = { days = 0 }\n",
        "2: deadlines.initial.days: must be 1 or more, not 0",
    ),
    ("[deadlines.review]\ndays = -7\n", "2: deadlines.review.days: must be 1 or more, not -7"),
    (
        "[deadlines]\nreview = { days = 7, working = 1 }\n",
        "2: deadlines.review.working: must be true or false, not the number 1",
    ),
    (
        "[deadlines]\nreveiw = { days = 7 }\n",
        "2: deadlines.reveiw: unknown kind of paper; did you mean 'review'?",
    ),
    (
        '[holidays]\nregion = "scotlnd"\n',
        "2: holidays.region: unknown region; did you mean 'scotland'?",
    ),
    (
        '[holidays]\nregion = "wales"\n',
        "2: holidays.region: unknown region; "
        "allowed: england-and-wales, scotland, northern-ireland",
    ),
    (
        '[strategic]\nquorum = "Sussex Police"\n',
        "2: strategic.quorum: must be a list of organisations such as "
        '["West Sussex County Council"]',
    ),
    (
        '[marking]\ndescriptor = "personal"\n',
        "2: marking.descriptor: must be capitals such as \"OFFICIAL-SENSITIVE\", not 'personal'",
    ),
    (
        '[marking]\nclassification = "OFFICIAL-SENSITIVE DRAFT"\n',
        "2: marking.classification: "
        "must not end in DRAFT: --draft adds it to the papers not yet agreed",
    ),
    (
        "[partnership]\nname = 3\n",
        '2: partnership.name: must be text in quotes such as "West Sussex", not the number 3',
    ),
    ('[partnership]\nbusiness_unit = "  "\n', "2: partnership.business_unit: is blank"),
    ("deadlines = 3\n", "1: deadlines: must be a table: write [deadlines] on a line of its own"),
]


@pytest.mark.parametrize(("text", "expected"), BAD, ids=[e.split(": ")[1] for _, e in BAD])
def test_a_bad_profile_is_one_line_with_file_line_and_key(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InputError) as raised:
        load_profile(path, kinds=NAMES)
    assert raised.value.lines() == [f"{path}:{expected}"]


def test_every_problem_is_reported_at_once_in_file_order(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[holidays]\nregion = "wales"\n\n[deadlines]\nreview = { days = 0 }\n'
        'strategic = { days = 5, working = "yes" }\n\n[partnership]\nnmae = "x"\n',
    )
    with pytest.raises(InputError) as raised:
        load_profile(path, kinds=NAMES)
    assert [line.split(": ")[0] for line in raised.value.lines()] == [
        f"{path}:2",
        f"{path}:5",
        f"{path}:6",
        f"{path}:9",
    ]


def test_kinds_of_paper_come_from_the_caller(tmp_path: Path) -> None:
    """The kinds registry passes its names: a new kind's deadline needs no change here."""
    # kinds no module registers (yet), so that adding a real kind leaves this test alone
    path = write(tmp_path, "[deadlines]\naudit = { days = 14 }\nvisit = { days = 3 }\n")
    with pytest.raises(InputError, match="deadlines.audit: unknown kind of paper"):
        load_profile(path, kinds=NAMES)
    profile = load_profile(path, kinds=["initial", "review", "strategic", "audit", "visit"])
    assert profile.deadlines == {"audit": Rule(14), "visit": Rule(3)}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", None),
        (b"\xff\xfe[\x00", "1: is not UTF-8 text; save it as UTF-8"),
        (b'[partnership]\nname = "Caf\xe9"\n', "2: is not UTF-8 text; save it as UTF-8"),
    ],
    ids=["empty", "utf-16", "latin-1"],
)
def test_the_file_itself(tmp_path: Path, raw: bytes, expected: str | None) -> None:
    path = tmp_path / "profile.toml"
    path.write_bytes(raw)
    if expected is None:
        assert load_profile(path, kinds=NAMES).deadlines == {}
        return
    with pytest.raises(InputError) as raised:
        load_profile(path, kinds=NAMES)
    assert raised.value.lines() == [f"{path}:{expected}"]


def test_a_missing_profile_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nowhere\.toml: no such file$"):
        load_profile(tmp_path / "nowhere.toml", kinds=NAMES)


def test_key_lines_finds_headers_dotted_and_inline_keys() -> None:
    text = (
        "# a comment with name = 1\n"  # 1
        '[partnership]\nname = "A = B # not a comment"\n'  # 2, 3
        '"business_unit" = """two\nlines = 3\n"""\n'  # 4-6
        "[deadlines]\nreview = {days = 7, working = true}\n"  # 7, 8
        "strategic.days = 5\n"  # 9
        "[deadlines.initial]\ndays = 14\n"  # 10, 11
        '[strategic]\nquorum = [\n  "a",  # x = 1\n  "b",\n]\nnext = 1\n'  # 12-17
    )
    assert key_lines(text) == {
        ("partnership",): 2,
        ("partnership", "name"): 3,
        ("partnership", "business_unit"): 4,
        ("deadlines",): 7,
        ("deadlines", "review"): 8,
        ("deadlines", "review", "days"): 8,
        ("deadlines", "review", "working"): 8,
        ("deadlines", "strategic"): 9,
        ("deadlines", "strategic", "days"): 9,
        ("deadlines", "initial"): 10,
        ("deadlines", "initial", "days"): 11,
        ("strategic",): 12,
        ("strategic", "quorum"): 13,
        ("strategic", "next"): 17,
    }


# The rules at work --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("meeting", "england", "scotland"),
    [
        (D(2026, 11, 24), D(2026, 12, 1), D(2026, 12, 2)),  # St Andrew's Day, Monday 30 Nov
        (D(2025, 11, 28), D(2025, 12, 5), D(2025, 12, 8)),  # ... on a Sunday: Monday 1 Dec off
        (D(2025, 12, 31), D(2026, 1, 8), D(2026, 1, 9)),  # 2 January
    ],
)
def test_the_region_decides_which_bank_holidays_are_not_worked(
    meeting: dt.date, england: dt.date, scotland: dt.date
) -> None:
    assert minutes_due("strategic", meeting) == england
    with use_profile(Profile(region="scotland")):
        assert minutes_due("strategic", meeting) == scotland
        assert add_working_days(meeting, 5) == scotland
    with use_profile(Profile(region="northern-ireland")):
        assert minutes_due("strategic", D(2026, 3, 13)) == D(2026, 3, 23)  # St Patrick's Day
    assert minutes_due("strategic", D(2026, 3, 13)) == D(2026, 3, 20)


def test_a_profiles_deadline_moves_the_minutes_due_date() -> None:
    meeting = D(2026, 11, 20)  # a Friday
    assert minutes_due("review", meeting) == D(2026, 11, 27)
    with use_profile(Profile(deadlines={"review": Rule(7, working=True)})):
        assert minutes_due("review", meeting) == D(2026, 12, 1)
        assert minutes_due("initial", meeting) == D(2026, 12, 4)
    assert minutes_due("review", meeting) == D(2026, 11, 27)


def strategic_meeting(**extra: object) -> StrategicMeeting:
    chair = {"name": "A Chair", "role": "Chair", "organisation": "West Sussex County Council"}
    manager = {"name": "B Manager", "role": "Registered manager", "organisation": "Larkspur House"}
    return StrategicMeeting.model_validate(
        {
            "kind": "strategic",
            "provider": {"name": "Larkspur House"},
            "meeting": {"date": "2026-11-20", "chair": chair, "attendees": [manager]},
            "circulation": {"recipients": ["All attendees"]},
            **extra,
        }
    )


def test_the_profiles_quorum_applies_when_the_meeting_file_gives_none() -> None:
    meeting = strategic_meeting()
    assert meeting.missing_quorum() == ["Sussex Integrated Care Board"]
    with use_profile(Profile(quorum=("West Sussex County Council", "Sussex Police"))):
        assert meeting.missing_quorum() == ["Sussex Police"]
        assert strategic_meeting(quorum=["NHS England"]).missing_quorum() == ["NHS England"]


def test_the_marking_of_a_word_file_follows_the_profile() -> None:
    document = docx.Document(io.BytesIO(plain_docx()))
    mark_document(document)  # the seeds' marking, as a template carries it
    with use_profile(Profile(descriptor="PERSONAL")):
        assert missing_marking(document) == [
            "section 1: default header",
            "section 1: default footer",
        ]
        mark_document(document, draft=True)
        assert missing_marking(document) == []
    header = [p.text for p in document.sections[0].header.paragraphs]
    footer = [p.text for p in document.sections[0].footer.paragraphs]
    assert header == footer == ["OFFICIAL-SENSITIVE PERSONAL DRAFT"]  # rewritten, not repeated
    assert document.core_properties.category == "OFFICIAL-SENSITIVE PERSONAL DRAFT"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("OFFICIAL-SENSITIVE", True),
        (" OFFICIAL-SENSITIVE DRAFT ", True),
        ("OFFICIAL-SENSITIVE PERSONAL", True),
        ("OFFICIAL-SENSITIVE PERSONAL DRAFT", True),
        ("OFFICIAL-SENSITIVE: minutes of the meeting", False),
        ("Larkspur House", False),
    ],
)
def test_a_marking_paragraph_is_recognised_whatever_its_descriptor(
    text: str, expected: bool
) -> None:
    assert is_marking(text) is expected


def test_use_profile_restores_the_one_before() -> None:
    outer, inner = Profile(descriptor="PERSONAL"), Profile(descriptor="COMMERCIAL")
    with use_profile(outer):
        with use_profile(inner):
            assert marking_text() == "OFFICIAL-SENSITIVE COMMERCIAL"
        assert marking_text() == "OFFICIAL-SENSITIVE PERSONAL"
    assert active() is DEFAULT


def test_a_spawned_worker_process_gets_the_profile_it_was_carried_with() -> None:
    """Windows and macOS spawn `pack`'s workers: the profile travels with the work."""
    context = multiprocessing.get_context("spawn")
    with (
        use_profile(Profile(descriptor="PERSONAL")),
        concurrent.futures.ProcessPoolExecutor(1, mp_context=context) as pool,
    ):
        assert pool.submit(carried(marking_text)).result(timeout=120) == (
            "OFFICIAL-SENSITIVE PERSONAL"
        )


# The sensitivity label ----------------------------------------------------------------------


def test_label_from_reads_the_councils_label(tmp_path: Path) -> None:
    label = label_properties()
    (tmp_path / "our-label.docx").write_bytes(
        labelled_docx({"Client": "Darlington", **label, "Reviewed": "yes"})
    )
    path = write(tmp_path, '[marking]\nlabel_from = "our-label.docx"\n')
    profile = load_profile(path, kinds=NAMES)
    assert profile.label_from == tmp_path / "our-label.docx"
    assert dict(profile.label) == label
    assert read_label(tmp_path / "our-label.docx") == label


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "no such file"),
        (b"plain text", "is not a Word or Excel file (.docx or .xlsx)"),
        ("unlabelled", "carries no sensitivity label (no MSIP_Label_* custom properties)"),
        ("other", "carries no sensitivity label (no MSIP_Label_* custom properties)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "is password protected"),
    ],
)
def test_a_label_file_without_a_label_is_refused_at_its_line(
    tmp_path: Path, content: bytes | str | None, expected: str
) -> None:
    label = tmp_path / "our-label.docx"
    if content == "unlabelled":
        label.write_bytes(plain_docx())
    elif content == "other":
        label.write_bytes(labelled_docx({"Client": "Darlington"}))
    elif isinstance(content, bytes):
        label.write_bytes(content)
    path = write(tmp_path, '[partnership]\nname = "D"\n[marking]\nlabel_from = "our-label.docx"\n')
    with pytest.raises(InputError) as raised:
        load_profile(path, kinds=NAMES)
    (line,) = raised.value.lines()
    assert line.startswith(f"{path}:4: marking.label_from: {label}: {expected}")


def test_apply_label_adds_the_custom_part_to_a_file_without_one() -> None:
    label = label_properties()
    data = apply_label(plain_docx(), label)
    assert label_of(data) == label
    assert [pid for pid, _, _ in custom_properties(data)] == [str(n) for n in range(2, 9)]
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert b'PartName="/docProps/custom.xml"' in package.read("[Content_Types].xml")
        assert b"relationships/custom-properties" in package.read("_rels/.rels")
        assert package.testzip() is None
    document = docx.Document(io.BytesIO(data))
    assert [p.text for p in document.paragraphs] == ["Minutes of the meeting"]


def test_apply_label_replaces_a_label_and_keeps_other_properties() -> None:
    old = label_properties(str(uuid.UUID(int=1)), name="OFFICIAL")
    data = labelled_docx({"Client": "Darlington", **old, "Reviewed": "yes"})
    new = label_properties()
    relabelled = apply_label(apply_label(data, new), new)  # twice: still one label
    assert label_of(relabelled) == new
    properties = custom_properties(relabelled)
    assert [(name, value) for _, name, value in properties][:2] == [
        ("Client", "Darlington"),
        ("Reviewed", "yes"),
    ]
    pids = [pid for pid, _, _ in properties]
    assert len(set(pids)) == len(pids)
    with zipfile.ZipFile(io.BytesIO(relabelled)) as package:
        assert package.read("_rels/.rels").count(b"custom-properties") == 1
        assert package.read("[Content_Types].xml").count(b"/docProps/custom.xml") == 1


def test_apply_label_on_a_workbook_keeps_openpyxls_custom_properties() -> None:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Action tracker"
    workbook.custom_doc_props.append(StringProperty(name="Client", value="Darlington"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = apply_label(buffer.getvalue(), label_properties())
    assert label_of(data) == label_properties()
    reopened = openpyxl.load_workbook(io.BytesIO(data))
    names = {prop.name: prop.value for prop in reopened.custom_doc_props.props}
    assert names["Client"] == "Darlington"
    assert names[f"MSIP_Label_{LABEL_ID}_Name"] == "OFFICIAL-SENSITIVE"
    assert reopened.active["A1"].value == "Action tracker"


def test_label_document_applies_the_active_profiles_label() -> None:
    data = plain_docx()
    assert label_document(data) is data
    with use_profile(Profile(label=tuple(label_properties().items()))):
        assert label_of(label_document(data)) == label_properties()


def test_a_document_that_is_no_office_file_is_refused() -> None:
    with pytest.raises(DocumentError, match="is not a Word or Excel file"):
        label_of(b"PK\x03\x04 not really a zip")


@pytest.mark.libreoffice
@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_libreoffice_opens_a_labelled_file_and_keeps_its_label(tmp_path: Path, suffix: str) -> None:
    if suffix == ".docx":
        data = plain_docx()
    else:
        workbook = openpyxl.Workbook()
        workbook.active["A1"] = "Minutes of the meeting"
        buffer = io.BytesIO()
        workbook.save(buffer)
        data = buffer.getvalue()
    source = tmp_path / f"labelled{suffix}"
    source.write_bytes(apply_label(data, label_properties()))
    pages = pdf_pages(to_pdf(source, tmp_path))
    assert "Minutes of the meeting" in page_lines(pages[0])
    again = tmp_path / "again"
    again.mkdir()
    target = "docx:MS Word 2007 XML" if suffix == ".docx" else "xlsx:Calc MS Excel 2007 XML"
    saved = convert(source, target, again)
    assert label_of(saved.read_bytes()) == label_properties()


def test_the_readmes_example_profile_is_read_as_it_says(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## A partnership's own rules", 1)[1]
    example = section.split("```toml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "our-label.docx").write_bytes(labelled_docx(label_properties()))
    profile = load_profile(write(tmp_path, example), kinds=NAMES)
    assert profile.marking == "OFFICIAL-SENSITIVE PERSONAL"
    assert dict(profile.label) == label_properties()
    assert profile.deadlines == {"review": Rule(7, working=True)}
    assert profile.region == "scotland"
    assert "Sussex Police" in profile.quorum


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_a_labelled_paper_is_valid_office_xml(tmp_path: Path, suffix: str) -> None:
    """Word and Excel open a labelled paper without repair (openxml-audit, as test_ooxml)."""
    from openxml_audit import OpenXmlValidator

    from tests.test_ooxml import findings
    from toolkit.load import load_meeting
    from toolkit.render import render_meeting

    meeting = load_meeting(Path(__file__).resolve().parent.parent / "samples" / "initial.yaml")
    (paper,) = [f for f in render_meeting(meeting.meeting) if f.name.endswith(suffix)]
    with use_profile(Profile(label=tuple(label_properties().items()))):
        data = label_document(paper.data)
    assert label_of(data) == label_properties()
    assert findings(OpenXmlValidator(), data, f"labelled{suffix}", tmp_path) == []
