"""Placement decisions (issue 12, item 4): 4LSAB Appendix A's criteria and the evidence trail,
validated with FILE:LINE, printed as tables, and judged alike in the meeting file and in the
Word record it renders."""

from __future__ import annotations

import copy
import datetime as dt
import io
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml

from tests.conftest import SAMPLES
from tests.office import assert_marked_top_and_bottom, pdf_pages, to_pdf
from toolkit.check import check_document, check_meeting
from toolkit.decisions import CAUTION_CRITERIA, EVIDENCE_ITEMS, SUSPENSION_CRITERIA, TICK
from toolkit.errors import InputError
from toolkit.frameworks import CLASSIFICATION
from toolkit.load import load_meeting_text
from toolkit.render.record import render_record

EARLY = dt.date(2026, 1, 1)
EVIDENCE = {
    "allegations_and_harm": "A category 4 pressure ulcer; time-critical medicines missed on 23 "
    "occasions; unexplained bruising alleged to be ill-treatment by a night carer.",
    "people_and_period": "Residents A, B and C; one named night carer and the night staff team; "
    "July to September 2026.",
    "history": "Two concerns in the previous year, both closed.\n\n- Action plan sent in July\n"
    "- No evidence that it was completed",
    "upheld_against_contract": "Neglect substantiated for Residents A and B: a breach of "
    "Schedule 2, clause 14.3 (safe care and treatment).",
    "other_action": "Support visits twice a week; the night carer removed from direct care.",
    "risk_to_service_users": "HIGH for all 41 residents, chiefly at night: no new placement can "
    "be made safely.",
}
FULL = {
    "status": "imposed",
    "measure": "suspension",
    "decided": "2026-10-02",
    "review_date": "2026-11-06",
    "criteria": ["pattern_of_organisational_abuse", "serious_harm", "provider_cooperative"],
    "evidence": EVIDENCE,
    "commissioners_informed": "2026-10-05",
}


def initial(**suspension: Any) -> dict[str, Any]:
    """The initial sample with a placement decision: the full one, changed by ``suspension``."""
    data: dict[str, Any] = yaml.safe_load((SAMPLES / "initial.yaml").read_text(encoding="utf-8"))
    block = copy.deepcopy(FULL)
    for key, value in suspension.items():
        if value is None:
            block.pop(key, None)
        else:
            block[key] = value
    data["suspension"] = block
    data["escalation"] = {"level": 4, "entry_point": True, "reason": "Seven concerns in 12 weeks."}
    return data


def load(data: dict[str, Any]) -> Any:
    return load_meeting_text(yaml.safe_dump(data, allow_unicode=True), "m.yaml").meeting


def file_and_record(data: dict[str, Any]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The findings of the meeting file and of its rendered record, as (code, severity)."""
    meeting = load(data)
    in_file = check_meeting(meeting, today=EARLY).findings
    in_record = check_document(render_record(meeting), source="r.docx", today=EARLY).findings
    return (
        [(f.code, f.severity.value) for f in in_file],
        [(f.code, f.severity.value) for f in in_record],
    )


# --- the file ------------------------------------------------------------------------------


def test_unknown_criteria_are_refused_at_their_line_with_a_suggestion() -> None:
    text = yaml.safe_dump(initial(criteria=["serious_harm", "serous_harm", "bad_food"]))
    with pytest.raises(InputError) as refused:
        load_meeting_text(text, "m.yaml")
    lines = text.splitlines()
    first = lines.index("  - serous_harm") + 1
    assert refused.value.lines()[0] == (
        f"m.yaml:{first}: suspension.criteria[1]: unknown criterion 'serous_harm'; "
        "did you mean 'serious_harm'?"
    )
    unknown = refused.value.lines()[1]
    assert unknown.startswith(f"m.yaml:{first + 1}: suspension.criteria[2]: unknown criterion")
    assert "for a caution: single_issue" in unknown
    assert "for a suspension: pattern_of_organisational_abuse" in unknown


def test_an_unknown_evidence_item_or_measure_is_refused() -> None:
    data = initial(measure="ban")
    data["suspension"]["evidence"]["histroy"] = "x"
    with pytest.raises(InputError) as refused:
        load(data)
    text = "\n".join(refused.value.lines())
    assert "suspension.measure: must be 'caution', 'suspension' or 'termination'" in text
    assert "suspension.evidence.histroy: unknown field; did you mean 'history'?" in text


def test_a_full_decision_is_complete_in_the_file_and_in_the_record() -> None:
    assert file_and_record(initial()) == ([], [])


def test_a_status_only_block_is_judged_as_it_always_was() -> None:
    data = initial()
    data["suspension"] = {"status": "imposed", "decided": "2026-10-02"}
    assert file_and_record(data) == ([("suspension-review-date-missing", "error")],) * 2


CASES = {
    "evidence item missing": (
        {"evidence": {k: v for k, v in EVIDENCE.items() if k != "history"}},
        [("placement-evidence-incomplete", "error")],
    ),
    "evidence item TBC": (
        {"evidence": {**EVIDENCE, "other_action": "TBC"}},
        [("placement-evidence-incomplete", "error")],
    ),
    "no evidence trail": (
        {"evidence": None},
        [("placement-evidence-incomplete", "error")],
    ),
    "termination without a review date": (
        {"measure": "termination", "review_date": None},
        [("suspension-review-date-missing", "error")],
    ),
    "voluntary suspension without a review date": (
        {"status": "voluntary", "review_date": None, "evidence": None},
        [("suspension-review-date-missing", "error")],
    ),
    "only caution criteria": (
        {"criteria": ["single_issue", "provider_cooperative"]},
        [("placement-caution-criteria-only", "warning")],
    ),
    "no criteria": ({"criteria": []}, [("placement-criteria-missing", "warning")]),
    "commissioners not yet informed": (
        {"commissioners_informed": None},
        [("commissioners-not-informed", "warning")],
    ),
    "a caution needs no evidence trail": (
        {"measure": "caution", "evidence": None, "criteria": ["single_issue"]},
        [],
    ),
    "no restriction in force": ({"status": "none", "evidence": None}, []),
}


@pytest.mark.parametrize(("changes", "expected"), CASES.values(), ids=CASES.keys())
def test_the_file_and_its_record_find_the_same(
    changes: dict[str, Any], expected: list[tuple[str, str]]
) -> None:
    in_file, in_record = file_and_record(initial(**changes))
    assert in_file == expected
    assert in_record == expected


def test_the_missing_items_are_named() -> None:
    data = initial(
        evidence={k: v for k, v in EVIDENCE.items() if k not in ("history", "people_and_period")}
    )
    (finding,) = check_meeting(load(data), today=EARLY).findings
    assert finding.message == (
        "the suspension of new placements has no evidence trail for: "
        f"{EVIDENCE_ITEMS['people_and_period']}; {EVIDENCE_ITEMS['history']}"
    )


def test_a_record_edited_by_hand_is_judged_by_what_it_shows() -> None:
    """Deleting an item's text, or a tick, in Word changes the verdict as it would in the file."""
    document = docx.Document(io.BytesIO(render_record(load(initial()))))
    for table in document.tables:
        for row in table.rows:
            if row.cells[0].text == EVIDENCE_ITEMS["risk_to_service_users"]:
                row.cells[1].text = "To follow"
            if row.cells[0].text == SUSPENSION_CRITERIA["serious_harm"]:
                row.cells[1].text = ""
            if row.cells[0].text == SUSPENSION_CRITERIA["pattern_of_organisational_abuse"]:
                row.cells[1].text = ""
    buffer = io.BytesIO()
    document.save(buffer)
    report = check_document(buffer.getvalue(), source="r.docx", today=EARLY)
    assert [f.code for f in report.findings] == [
        "placement-evidence-incomplete",
        "placement-caution-criteria-only",
    ]
    assert EVIDENCE_ITEMS["risk_to_service_users"] in report.findings[0].message


# --- the record ----------------------------------------------------------------------------


def tables_by_header(data: bytes) -> dict[str, list[list[str]]]:
    document = docx.Document(io.BytesIO(data))
    return {
        table.rows[0].cells[0].text: [[c.text for c in row.cells] for row in table.rows[1:]]
        for table in document.tables
    }


def test_the_record_prints_appendix_a_with_the_criteria_that_apply_ticked() -> None:
    tables = tables_by_header(render_record(load(initial())))
    caution = tables["Criteria for a caution"]
    suspension = tables["Criteria for a suspension"]
    assert [row[0] for row in caution] == list(CAUTION_CRITERIA.values())
    assert [row[0] for row in suspension] == list(SUSPENSION_CRITERIA.values())
    ticked = [row[0] for row in caution + suspension if row[1] == TICK]
    assert ticked == [
        CAUTION_CRITERIA["provider_cooperative"],
        SUSPENSION_CRITERIA["pattern_of_organisational_abuse"],
        SUSPENSION_CRITERIA["serious_harm"],
    ]
    assert all(row[1] in ("", TICK) for row in caution + suspension)


def test_the_record_prints_the_evidence_trail_under_its_names_and_the_dates_written_out() -> None:
    data = render_record(load(initial(evidence={**EVIDENCE, "other_action": None})))
    tables = tables_by_header(data)
    evidence = dict((row[0], row[1]) for row in tables["Evidence"])
    assert list(evidence) == list(EVIDENCE_ITEMS.values())
    assert evidence[EVIDENCE_ITEMS["other_action"]] == "Not recorded."
    history = evidence[EVIDENCE_ITEMS["history"]]
    assert history.splitlines() == [
        "Two concerns in the previous year, both closed.",
        "Action plan sent in July",
        "No evidence that it was completed",
    ]
    decision = dict((row[0], row[1]) for row in tables["Decision on placements"])
    assert decision == {
        "Decided on": "Friday 2 October 2026",
        "To be reviewed by": "Friday 6 November 2026",
        "Neighbouring commissioners informed": "Monday 5 October 2026",
    }
    heads = [table.rows[0].cells for table in docx.Document(io.BytesIO(data)).tables]
    assert ["Decision on placements", "Suspension of new placements, imposed"] in [
        [cell.text for cell in cells] for cells in heads
    ]


def test_a_termination_is_named_as_one() -> None:
    data = render_record(load(initial(measure="termination")))
    document = docx.Document(io.BytesIO(data))
    rows = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert rows["New admissions and placements"] == (
        "Termination of placements imposed from Friday 2 October 2026; "
        "to be reviewed by Friday 6 November 2026"
    )


def test_the_record_opens_in_office_without_repair(tmp_path: Path) -> None:
    from openxml_audit import OpenXmlValidator

    from tests.test_ooxml import findings

    data = render_record(load(initial()))
    assert findings(OpenXmlValidator(), data, "placement.docx", tmp_path) == []


@pytest.mark.libreoffice
def test_every_page_is_marked_and_each_criteria_table_stays_on_one_page(tmp_path: Path) -> None:
    source = tmp_path / "placement.docx"
    source.write_bytes(render_record(load(initial())))
    pages = pdf_pages(to_pdf(source, tmp_path))
    assert_marked_top_and_bottom(pages, CLASSIFICATION)
    for group in (CAUTION_CRITERIA, SUSPENSION_CRITERIA):
        first, last = next(iter(group.values())), list(group.values())[-1]
        holding = [n for n, page in enumerate(pages) if first[:40] in page or last[:40] in page]
        assert len(set(holding)) == 1, f"a criteria table is split over pages {holding}"
