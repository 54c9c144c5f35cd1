"""Property-based: a damaged Word or Excel file is refused in one line, in bounded time.

Real files (the sample's rendered record and tracker, the toolkit's record template, an
encrypted record) are mutated as bytes (bits flipped, cut short, bytes inserted: what a bad
disk, a truncated download or an editor gone wrong leaves) and, inside a valid zip, as XML
(an element dropped or duplicated, an attribute given a value no schema allows, text replaced).
Each is given to what reads Office files: check, templates check, protect and unprotect,
tracker update. Each either succeeds or raises a ToolkitError (a one-line message, exit 2);
anything else, or a run over TIME_LIMIT seconds, fails the test.
"""

from __future__ import annotations

import copy
import functools
import io
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from toolkit.check import check_document
from toolkit.errors import ToolkitError
from toolkit.load import Loaded, load_meeting
from toolkit.protect import Job, encrypt_bytes, protect_files, unprotect_files
from toolkit.render import render_meeting
from toolkit.render.record import template_path
from toolkit.render.templates_check import check_templates
from toolkit.tracker_update import update_tracker

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "initial.yaml"
PASSWORD = "fuzz-office-lantern-meadow-2026"
#: Seconds any one command may take on a damaged file (the good ones take well under one).
TIME_LIMIT = 20.0

FUZZ = settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: Values no schema allows where numbers, booleans, colours or ids belong.
BAD_VALUES = ["", "-1", "0", "99999999999999999999", "1e309", "NaN", "x", "true", "\u202e", " "]


#: The name each file is given, as a user would have it.
NAMES = {
    "record": "record.docx",
    "tracker": "tracker.xlsx",
    "template": "record.docx",
    "encrypted": "record.docx",
}


@functools.cache
def _loaded() -> Loaded:
    return load_meeting(SAMPLE)


@functools.cache
def _originals() -> dict[str, bytes]:
    """The real files mutated: the rendered record and tracker, the toolkit's template, and
    the record encrypted."""
    record, tracker = (paper.data for paper in render_meeting(_loaded().meeting))
    return {
        "record": record,
        "tracker": tracker,
        "template": template_path("initial").read_bytes(),
        "encrypted": encrypt_bytes(record, PASSWORD),
    }


class Damaged:
    """A damaged file, shown by what was done to it (a failing example stays readable; not a
    dataclass, which Hypothesis would print field by field, bytes and all)."""

    def __init__(self, original: str, how: str, data: bytes) -> None:
        self.original = original
        self.how = how
        self.data = data

    def __repr__(self) -> str:
        return f"Damaged({self.original!r}, {self.how!r})"


@st.composite
def byte_mutated(draw: st.DrawFn, original: str) -> Damaged:
    """``original`` with a few bytes flipped, inserted, or the file cut short."""
    data = bytearray(_originals()[original])
    done = []
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, len(data) - 1))
        how = draw(st.sampled_from(["flip", "insert", "truncate"]))
        if how == "flip":
            mask = draw(st.integers(1, 255))
            data[where] ^= mask
            done.append(f"byte {where} xor {mask:#x}")
        elif how == "insert":
            extra = draw(st.binary(min_size=1, max_size=16))
            data[where:where] = extra
            done.append(f"{extra!r} inserted at {where}")
        else:
            del data[max(where, 1) :]
            done.append(f"cut at {max(where, 1)}")
    return Damaged(original, "; ".join(done), bytes(data))


@st.composite
def xml_mutated(draw: st.DrawFn, original: str) -> Damaged:
    """``original`` (a zip) whole, with one XML part damaged as a program writing bad XML
    would: an element dropped or duplicated, an attribute or text given a bad value."""
    with zipfile.ZipFile(io.BytesIO(_originals()[original])) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    name = draw(st.sampled_from(sorted(n for n in parts if n.endswith((".xml", ".rels")))))
    root = etree.fromstring(parts[name])
    elements = list(root.iter(etree.Element))
    index = draw(st.integers(0, len(elements) - 1))
    element = elements[index]
    parent = element.getparent()
    how = draw(st.sampled_from(["drop", "duplicate", "attribute", "text"]))
    if how == "drop" and parent is not None:
        parent.remove(element)
    elif how == "duplicate" and parent is not None:
        parent.insert(parent.index(element), copy.deepcopy(element))
    elif how == "text":
        element.text = draw(st.text(st.characters(codec="utf-8", categories=["L", "N", "P"])))
        how = f"text {element.text!r}"
    else:
        attribute = draw(st.sampled_from([*element.attrib, f"{{{element.nsmap.get(None, '')}}}v"]))
        element.set(attribute, draw(st.sampled_from(BAD_VALUES)))
        how = f"{attribute}={element.get(attribute)!r}"
    parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)
    where = f"{name}: element {index}, <{etree.QName(element).localname}>"
    return Damaged(original, f"{where}: {how}", out.getvalue())


def mutated(original: str) -> st.SearchStrategy[Damaged]:
    return st.one_of(byte_mutated(original), xml_mutated(original))


def _refused_or_done(run: Callable[[Path], Any], damaged: Damaged) -> None:
    """Run ``run`` on the damaged file, in a fresh folder under its name: a ToolkitError with
    a message, or a result, within TIME_LIMIT; any other exception fails the test."""
    name = NAMES[damaged.original]
    with tempfile.TemporaryDirectory(prefix="fuzz-office-") as folder:
        path = Path(folder) / name
        path.write_bytes(damaged.data)
        started = time.perf_counter()
        said = ["(it succeeded)"]
        try:
            run(path)
        except ToolkitError as error:
            said = error.lines()
        elapsed = time.perf_counter() - started
        assert said, "an error without a message"
        assert all(line.strip() and "\n" not in line for line in said), said
        assert elapsed < TIME_LIMIT, f"{elapsed:.1f} s on a damaged {name}"


@FUZZ
@given(damaged=mutated("record"))
def test_check_of_a_damaged_record(damaged: Damaged) -> None:
    _refused_or_done(_check, damaged)


def _check(path: Path) -> None:
    check_document(path.read_bytes(), source=str(path))


def _templates_check(path: Path) -> None:
    target = template_path("initial", path.parent / "templates")
    target.parent.mkdir(parents=True)
    path.rename(target)
    check_templates(path.parent / "templates")


@FUZZ
@given(damaged=mutated("template"))
def test_templates_check_of_a_damaged_template(damaged: Damaged) -> None:
    _refused_or_done(_templates_check, damaged)


def _protect(path: Path) -> None:
    """Protect a copy, then unprotect what was protected: the file comes back as it was (a
    damaged package that protect accepts is encrypted as it is, not repaired nor cut)."""
    protected = path.with_name(f"protected{path.suffix}")
    plain = path.with_name(f"plain{path.suffix}")
    protect_files([Job(path, protected)], PASSWORD, workers=1)
    unprotect_files([Job(protected, plain)], PASSWORD)
    assert plain.read_bytes() == path.read_bytes()


@FUZZ
@given(damaged=st.one_of(mutated("record"), mutated("tracker")))
def test_protect_of_a_damaged_file(damaged: Damaged) -> None:
    _refused_or_done(_protect, damaged)


def _unprotect(path: Path) -> None:
    unprotect_files([Job(path, path.with_name("plain.docx"))], PASSWORD)


@FUZZ
@given(damaged=byte_mutated("encrypted"))
def test_unprotect_of_a_damaged_encrypted_file(damaged: Damaged) -> None:
    _refused_or_done(_unprotect, damaged)


def _tracker_update(path: Path) -> None:
    update_tracker(path, _loaded(), output=path.with_name("updated.xlsx"))


@FUZZ
@given(damaged=mutated("tracker"))
def test_tracker_update_of_a_damaged_tracker(damaged: Damaged) -> None:
    _refused_or_done(_tracker_update, damaged)
