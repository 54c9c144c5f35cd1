"""End to end in Chromium, as an administrator works: a blank initial meeting filled in to
complete while the live check follows, saved, packed on the pack page, the password read off
the screen once, every file decrypted with it and the record printed by LibreOffice with every
page marked; and hostile text that shows and saves exactly as typed, never run."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.conftest import SAMPLES
from tests.office import assert_marked_top_and_bottom, pdf_pages, require_soffice, to_pdf
from tests.web_browser import screenshot
from toolkit.frameworks import CLASSIFICATION
from toolkit.load import load_meeting
from toolkit.protect import decrypt_bytes, is_encrypted

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser
HOSTILE = "<script>alert(1)</script> & {{ 7*7 }} =SUM(A1)"
OFFICE = (".docx", ".xlsx")


def new_paper(page: Page, kind: str, name: str) -> None:
    """Start a paper of ``kind`` from blank on the papers page; the browser is on its form."""
    page.goto("/")
    page.get_by_label("Kind of paper").select_option(kind)
    page.get_by_label("File name").fill(name)
    page.get_by_role("button", name="Create and open").click()
    page.wait_for_url(f"**/papers/{name}.yaml")


def fill_initial(page: Page, provider: str) -> None:
    """Fill every field an initial meeting needs to be complete, as a person types them."""
    page.fill("#f-provider-name", provider)
    page.fill("#f-meeting-date", dt.date.today().isoformat())
    page.fill("#f-meeting-chair-name", "A. Chair")
    page.fill("#f-meeting-attendees-0-name", "C. Nurse")
    page.fill("#f-meeting-attendees-0-organisation", "Anyshire ICB")
    page.fill("#f-actions-0-detail", "Review every care plan")
    page.fill("#f-actions-0-owner", "C. Nurse")
    page.fill("#f-actions-0-organisation", "Anyshire ICB")
    sections = page.locator("textarea[name^='sections.']")
    for index in range(sections.count()):
        sections.nth(index).fill(f"What was agreed under heading {index + 1}.")


def save(page: Page, name: str) -> None:
    page.get_by_role("button", name="Save").first.click()
    page.wait_for_url(f"**/papers/{name}.yaml?saved=1")


@pytest.mark.libreoffice
def test_a_blank_meeting_filled_in_saved_and_packed_prints_marked_on_every_page(
    page: Page, web_folder: Path, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    require_soffice()
    new_paper(page, "initial", "larkspur-initial")
    summary = page.locator("#check-summary")
    expect(summary).to_have_text(re.compile("^Not complete"))
    fill_initial(page, "Larkspur House")
    expect(summary).to_have_text(re.compile("^Complete"))
    screenshot(page, "form")
    save(page, "larkspur-initial")
    assert load_meeting(web_folder / "larkspur-initial.yaml").meeting.provider.name == (
        "Larkspur House"
    )

    page.goto("/pack?paper=larkspur-initial.yaml")
    expect(page.get_by_label("larkspur-initial.yaml")).to_be_checked()
    with page.expect_download() as downloading:
        page.get_by_role("button", name="Download pack").click()
    pack = Path(downloading.value.path()).read_bytes()
    password = page.locator("#pack-status code.password").inner_text()
    screenshot(page, "pack")
    assert len(password) >= 16

    with zipfile.ZipFile(io.BytesIO(pack)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    papers = {name: data for name, data in members.items() if name.endswith(OFFICE)}
    assert set(members) - set(papers) == {"manifest.json", "cover-note.txt"}
    assert all(is_encrypted(data) for data in papers.values())
    plain = {name: decrypt_bytes(data, password) for name, data in papers.items()}
    (record,) = [name for name in plain if name.endswith("record.docx")]
    source = tmp_path / "record.docx"
    source.write_bytes(plain[record])
    assert_marked_top_and_bottom(pdf_pages(to_pdf(source, tmp_path)), CLASSIFICATION)

    page.reload()  # shown once: the password is in no page the app serves
    assert password not in page.content()


def test_hostile_text_shows_and_saves_exactly_as_typed(page: Page, web_folder: Path) -> None:
    """Markup, a template and a formula as a provider's name and a heading: shown as typed on
    the form and the list, saved as typed, never run (the page fixture fails on a dialog)."""
    from playwright.sync_api import expect

    new_paper(page, "initial", "hostile")
    fill_initial(page, HOSTILE)
    page.locator("textarea[name^='sections.']").first.fill(HOSTILE)
    expect(page.locator("#check-summary")).to_have_text(re.compile("^Complete"))
    save(page, "hostile")
    assert page.input_value("#f-provider-name") == HOSTILE
    assert page.locator("textarea[name^='sections.']").first.input_value() == HOSTILE
    paper = load_meeting(web_folder / "hostile.yaml").meeting
    assert paper.provider.name == HOSTILE
    page.goto("/")
    expect(page.get_by_role("link", name=HOSTILE)).to_have_count(1)
    assert "49" not in page.inner_text("main")
    page.goto("/pack")
    expect(page.get_by_label("hostile.yaml")).to_have_count(1)


def test_the_password_stands_out_once_with_a_copy_button(page: Page, web_folder: Path) -> None:
    """The password in its own panel, with the reason it is shown once and how to send it;
    Copy puts exactly the password on the clipboard (navigator.clipboard, no inline script);
    and the panel breaks no accessibility rule."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

    shutil.copy(SAMPLES / "initial.yaml", web_folder)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/pack?paper=initial.yaml")
    with page.expect_download():
        page.get_by_role("button", name="Download pack").click()
    panel = page.locator("#pack-status .password-panel")
    expect(panel.get_by_role("heading", level=2)).to_have_text("Pack downloaded: note its password")
    expect(panel).to_contain_text("It is not stored anywhere")
    expect(panel).to_contain_text("Send it separately from the pack")
    password = panel.locator("code.password").inner_text()
    assert len(password) >= 16
    copy = panel.get_by_role("button", name="Copy")
    assert (copy.bounding_box() or {"height": 0})["height"] >= 44  # WCAG 2.2 target size
    copy.click()
    expect(panel.locator(".copy-status")).to_have_text(re.compile("^Copied"))
    assert page.evaluate("navigator.clipboard.readText()") == password
    assert Axe().run(page).violations_count == 0
