"""A paper's form is derived from its kind; filled in a real browser, it checks and saves.

The browser test drives Debian's Chromium with Playwright against the app served by uvicorn
in a thread: the shared ``page`` fixture of tests/web_browser.py, signed in on the papers list.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pytest
from pydantic import BaseModel

from tests.conftest import ROOT
from toolkit import kinds
from toolkit.check import check_meeting
from toolkit.load import load_meeting
from toolkit.model import Date, NotApplicable, Section
from toolkit.parse import parse
from toolkit.web.formdata import Posted, collect, validated
from toolkit.web.forms import LABELS, Field, Group, Rows, build_form, iter_nodes, shape

if TYPE_CHECKING:
    from playwright.sync_api import Page


class Sample(BaseModel):
    when: Date
    choice: Literal["a", "b"] | None = None
    flag: bool = False
    said: bool | None = None
    section: Section = None
    names: list[str] = []
    ticks: list[Literal["x", "y"]] = []
    number: int | None = None


@pytest.mark.parametrize(
    ("field", "widget"),
    [
        ("when", "date"),
        ("choice", "select"),
        ("flag", "yesno"),
        ("said", "yesno"),
        ("section", "section"),
        ("names", "lines"),
        ("ticks", "choices"),
        ("number", "number"),
    ],
)
def test_each_type_of_field_has_its_control(field: str, widget: str) -> None:
    assert shape(Sample.model_fields[field].annotation).widget == widget
    assert NotApplicable  # the union member that makes a section


def _sample(kind: str) -> dict[str, Any]:
    path = ROOT / "samples" / f"{kind}.yaml"
    data, _ = parse(path.read_text(encoding="utf-8"), str(path))
    return data


def controls(kind: str, data: dict[str, Any]) -> dict[str, Field]:
    nodes = build_form(kinds.get(kind), data, {})
    return {node.name: node for node in iter_nodes(nodes) if isinstance(node, Field)}


@pytest.mark.parametrize("kind", kinds.names())
def test_the_form_of_a_sample_reads_back_as_the_sample(kind: str) -> None:
    """What the form shows, posted back unchanged, is the paper the sample is."""
    path = ROOT / "samples" / f"{kind}.yaml"
    data, _ = parse(path.read_text(encoding="utf-8"), str(path))
    posted: dict[str, list[str]] = {}
    for name, control in controls(kind, data).items():
        if control.widget == "choices":
            posted[name] = list(control.value)
        elif control.widget != "checkbox" or control.value == "yes":
            posted[name] = [control.value]
        if control.widget == "section":
            posted[f"{name}.not_applicable"] = [control.reason]
    form_data, problems = collect(kinds.get(kind), Posted(posted))
    loaded, problems = validated(form_data)
    assert problems == {}
    assert loaded is not None
    assert loaded.meeting == load_meeting(path).meeting


def test_the_form_follows_the_model_rows_blocks_and_headings() -> None:
    kind = kinds.get("initial")
    nodes = build_form(kind, {}, {})
    by_name = {node.name: node for node in iter_nodes(nodes)}
    assert isinstance(by_name["meeting.attendees"], Rows)
    assert by_name["meeting.attendees"].rows[0].legend == "Attendee 1"  # at least one
    assert isinstance(by_name["meeting.apologies"], Rows)
    assert by_name["meeting.apologies"].rows == []
    assert isinstance(by_name["meeting.chair"], Group)
    assert isinstance(by_name["sections"], Group)
    assert by_name["sections"].legend == "Headings"
    purpose = by_name["sections.purpose"]
    assert isinstance(purpose, Field)
    assert purpose.label == "2. Purpose of meeting"
    assert purpose.hint == kind.reminders()["purpose"]
    assert purpose.widget == "section"
    date = by_name["meeting.date"]
    assert isinstance(date, Field)
    assert (date.widget, date.required, date.input_type) == ("date", True, "date")
    assert date.label == "Date of meeting"  # a better label than the field's name, "Date"
    assert controls("initial", _sample("initial"))["actions.0.completed"].label == "Date completed"
    assert by_name["meeting.chair.organisation"].label == "Organisation"


def test_a_row_is_named_by_its_own_number_where_it_has_one() -> None:
    data = {"actions": [{"number": 14}, {"number": ""}, {}]}
    nodes = build_form(kinds.get("initial"), data, {})
    actions = {node.name: node for node in iter_nodes(nodes)}["actions"]
    assert isinstance(actions, Rows)
    assert [row.legend for row in actions.rows] == ["Action 14", "Action 2", "Action 3"]


def test_every_better_label_names_a_field_of_some_paper() -> None:
    """A label kept for a field no kind has any more would hide a renamed field's plain name."""
    found = {
        ".".join(part for part in node.name.split(".") if not part.isdigit())
        for kind in kinds.every()
        for node in iter_nodes(build_form(kind, _sample(kind.name), {}))
    }
    assert set(LABELS) <= found


def test_problems_are_put_on_their_control_or_the_block_around_it() -> None:
    errors = {"meeting.chair.name": ["blank"], "meeting.attendees": ["needs one"], "x.y": ["?"]}
    nodes = build_form(kinds.get("initial"), {}, errors)
    by_name = {node.name: node for node in iter_nodes(nodes)}
    assert by_name["meeting.chair.name"].errors == ["blank"]
    assert by_name["meeting.attendees"].errors == ["needs one"]


def test_a_date_the_date_box_cannot_show_is_shown_as_typed() -> None:
    date = controls("initial", {"meeting": {"date": "next Tuesday"}})["meeting.date"]
    assert (date.value, date.input_type) == ("next Tuesday", "text")
    uk = controls("initial", {"meeting": {"date": "20/11/2026"}})["meeting.date"]
    assert (uk.value, uk.input_type) == ("2026-11-20", "date")


def assert_accessible(page: Page) -> None:
    """axe-core finds no violation of WCAG 2.2 AA on the page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.browser
def test_a_blank_initial_meeting_filled_in_the_browser_becomes_complete_and_saves(
    page: Page, web_folder: Path
) -> None:
    from playwright.sync_api import expect

    page.get_by_label("Kind of paper").select_option("initial")
    page.get_by_label("File name").fill("larkspur-initial")
    page.get_by_role("button", name="Create and open").click()
    page.wait_for_url("**/papers/larkspur-initial.yaml")
    summary = page.locator("#check-summary")
    expect(summary).to_have_text(re.compile("^Not complete: .* problems to fix"))
    expect(page.locator("#check-problems")).to_contain_text("Provider: Name")
    assert_accessible(page)

    today = dt.date.today()
    page.fill("#f-provider-name", "Tŷ Gwyn & <Sons> {{ care }}")
    page.fill("#f-meeting-date", today.isoformat())
    page.fill("#f-meeting-chair-name", "A. Chair")
    page.fill("#f-meeting-attendees-0-name", "C. Nurse")
    page.fill("#f-meeting-attendees-0-organisation", "Anyshire ICB")
    page.fill("#f-actions-0-detail", "=Review care plans")
    page.fill("#f-actions-0-owner", "C. Nurse")
    page.fill("#f-actions-0-organisation", "Anyshire ICB")
    expect(page.locator("#check-items li")).to_have_count(19)  # the paper loads: headings judged
    expect(summary).to_have_text(re.compile("^Not complete: 0 of 19 headings"))
    sections = page.locator("textarea[name^='sections.']")
    for index in range(sections.count()):
        sections.nth(index).fill(f"What was agreed, item {index + 1}.\n\n- a point")
    expect(summary).to_have_text(re.compile("^Complete: 19 of 19 headings"))
    assert page.locator("#check-problems li").count() == 0

    page.get_by_role("button", name="Save").first.click()
    page.wait_for_url("**/papers/larkspur-initial.yaml?saved=1")
    assert page.get_by_role("status").filter(has_text="Saved").count() == 1
    paper = load_meeting(web_folder / "larkspur-initial.yaml").meeting
    assert paper.provider.name == "Tŷ Gwyn & <Sons> {{ care }}"
    assert check_meeting(paper).complete
    assert "# Record of Multi-Agency Initial Meeting" in (
        web_folder / "larkspur-initial.yaml"
    ).read_text(encoding="utf-8")
    assert_accessible(page)


def test_the_loaders_problems_are_put_beside_their_fields_from_their_data() -> None:
    # a problem of no field (text that is not YAML) is not split at its colons into a field
    # called "not valid YAML"; it keeps its whole line, beside the form as a whole
    from toolkit.errors import InputError
    from toolkit.load import load_meeting_text
    from toolkit.web.formdata import problems_by_field

    with pytest.raises(InputError) as not_yaml:
        load_meeting_text("kind: initial\nprovider: [unclosed\n", "form")
    ((name, [message]),) = problems_by_field(not_yaml.value).items()
    assert name == ""
    assert message.startswith("form:")
    assert "not valid YAML" in message
    with pytest.raises(InputError) as blank:
        load_meeting_text("kind: initial\nprovider: {name: ''}\nmeeting: {attendees: [{}]}\n")
    found = problems_by_field(blank.value)
    assert "provider.name" in found
    assert "meeting.attendees.0.name" in found
    assert not any(":" in name for name in found)
