"""Import boundaries: the model stays light, and `toolkit validate` never loads Word or Excel."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OFFICE = ("docx", "docxtpl", "openpyxl", "msoffcrypto")


def modules_after(code: str) -> set[str]:
    """The top-level packages imported by a fresh interpreter that runs ``code``."""
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    return {name.split(".")[0] for name in json.loads(done.stdout.splitlines()[-1])}


@pytest.mark.parametrize("module", ["toolkit.model", "toolkit.load", "toolkit.frameworks"])
def test_the_model_and_loader_import_no_office_library_and_no_click(module: str) -> None:
    loaded = modules_after(f"import {module}")
    assert "pydantic" in loaded or module == "toolkit.frameworks"
    assert loaded.isdisjoint({*OFFICE, "click"})


def test_validate_imports_no_office_library(initial_sample: Path) -> None:
    code = (
        "import sys\n"
        "from toolkit.cli import main\n"
        f"sys.argv = ['toolkit', 'validate', {str(initial_sample)!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as done:\n"
        "    assert done.code in (0, None), done.code\n"
    )
    loaded = modules_after(code)
    assert "click" in loaded
    assert loaded.isdisjoint(OFFICE)


def test_only_the_cli_imports_click() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "toolkit").rglob("*.py"))
        if "cli" not in path.relative_to(ROOT / "toolkit").parts
        and any(
            line.strip().startswith(("import click", "from click"))
            for line in path.read_text(encoding="utf-8").splitlines()
        )
    ]
    assert offenders == []


#: Where each Office library may be imported (house rules: Word and Excel stay in render/,
#: the check reads .docx, encryption stays in protect; templates/ holds the scripts that build
#: the templates, which are not shipped).
OFFICE_HOMES = {
    "docx": ("render/", "check/docx_reader.py", "templates/"),
    "docxtpl": ("render/",),
    "openpyxl": ("render/",),
    "msoffcrypto": ("protect.py",),
}


def test_office_libraries_are_imported_only_where_the_house_rules_allow() -> None:
    offenders = []
    for path in sorted((ROOT / "toolkit").rglob("*.py")):
        where = path.relative_to(ROOT / "toolkit").as_posix()
        for line in path.read_text(encoding="utf-8").splitlines():
            words = line.split()
            if len(words) < 2 or words[0] not in ("import", "from"):
                continue
            library = words[1].split(".")[0]
            if library in OFFICE_HOMES and not where.startswith(OFFICE_HOMES[library]):
                offenders.append(f"{where}: {line.strip()}")
    assert offenders == []
