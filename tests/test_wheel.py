"""The toolkit as a new user installs it: a wheel, in a fresh environment, outside the checkout.

`pip install .` once gave a toolkit that could render nothing, because the templates lived
outside the package. Here the wheel is built, installed into a new virtual environment (its
dependencies lent from the test environment, so that no network is needed), and every command
of the quick start runs on copies of the samples, from a folder far from the checkout.
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLES
from toolkit import kinds

PASSWORD = "wheelwright-meadow-copper-lark"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a clean copy of the sources (a checkout's own build/ folder can
    hold files that are no longer in the package)."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "toolkit", source / "toolkit", ignore=ignore)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation",
         "-q", "-w", str(base / "dist")],
        check=True, capture_output=True, cwd=base, timeout=300,
    )  # fmt: skip
    return next((base / "dist").glob("*.whl"))


@pytest.fixture(scope="module")
def installed(wheel: Path) -> Path:
    """The ``bin`` folder of a fresh environment with the toolkit installed from its wheel."""
    environment = wheel.parent.parent / "env"
    venv.create(environment, with_pip=True)
    bin_dir = environment / ("Scripts" if os.name == "nt" else "bin")
    run = [str(bin_dir / "python"), "-m", "pip", "install", "-q", "--no-deps", "--no-index"]
    subprocess.run([*run, str(wheel)], check=True, capture_output=True, timeout=300)
    purelib = subprocess.run(
        [str(bin_dir / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    # The dependencies, lent from this environment (a path, not a site: its editable install
    # of the toolkit is not loaded there).
    Path(purelib, "lent-dependencies.pth").write_text(
        "\n".join(site.getsitepackages()) + "\n", encoding="utf-8"
    )
    return bin_dir


def test_the_wheel_ships_the_templates_not_their_build_scripts(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "toolkit/templates/appendix1/record.docx" in names
    assert "toolkit/templates/tracker/action-tracker.xlsx" in names
    scripts = [name for name in names if name.endswith(".py") and "/templates/" in name]
    assert scripts == []


def test_every_command_works_from_the_wheel_outside_the_checkout(
    installed: Path, tmp_path: Path
) -> None:
    env = {**os.environ, "TOOLKIT_PASSWORD": PASSWORD, "PYTHONPATH": ""}

    def toolkit(*args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(installed / "toolkit"), *map(str, args)],
            capture_output=True, text=True, cwd=tmp_path, env=env, timeout=600,
        )  # fmt: skip

    where = subprocess.run(
        [str(installed / "python"), "-c", "import toolkit; print(toolkit.__file__)"],
        capture_output=True, text=True, cwd=tmp_path, env=env, check=True,
    ).stdout  # fmt: skip
    assert str(ROOT) not in where, where
    papers = []
    for name in kinds.names():
        paper = tmp_path / f"{name}.yaml"
        paper.write_text((SAMPLES / f"{name}.yaml").read_text(encoding="utf-8"), encoding="utf-8")
        papers.append(paper)
        assert toolkit("new", name, "-o", f"blank-{name}.yaml").returncode == 0
    for command in (
        ["validate", *papers],
        ["render", *papers, "-o", "drafts"],
        ["check", *papers, "--today", "2026-01-01"],
        ["pack", *papers, "-o", "pack"],
        ["templates", "export", "mine"],
    ):
        result = toolkit(*command)
        assert result.returncode == 0, f"{command[0]}: {result.stdout}{result.stderr}"
    assert (tmp_path / "pack" / "manifest.json").exists()
    assert list((tmp_path / "drafts").glob("*.docx"))
    assert (tmp_path / "mine" / "appendix1" / "record.docx").exists()
    assert PASSWORD not in "".join(p.read_text(errors="ignore") for p in tmp_path.rglob("*.*"))
