"""The folder of meeting files the app serves: which names it lists, opens and creates.

A name comes from a browser, so it is held to one plain file of the folder: no path
separators, no ``..``, nothing hidden, a YAML suffix, and no symbolic link (which could lead
out of the folder to a file the person never meant to show or overwrite).
"""

from __future__ import annotations

from pathlib import Path

from toolkit import kinds
from toolkit.errors import ExistsError, UsageError
from toolkit.write import write_text_atomic

SUFFIXES = (".yaml", ".yml")


class NameRefused(UsageError):
    """A file name the app will not open or create."""


def paper_path(folder: Path, name: str) -> Path:
    """The meeting file ``name`` of ``folder``; NameRefused when it is no plain file name of
    the folder (it need not exist yet)."""
    if not name or name != name.strip() or any(c in name for c in "/\\\x00:") or name[0] == ".":
        raise NameRefused(
            f"{name!r}: give a file name only, such as larkspur-initial.yaml "
            "(no folders, no name starting with a dot)"
        )
    if not name.lower().endswith(SUFFIXES):
        raise NameRefused(f"{name!r}: a meeting file's name ends .yaml (or .yml)")
    path = folder / name
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise NameRefused(f"{name}: not a plain file of the folder")
    if path.resolve().parent != folder.resolve():
        raise NameRefused(f"{name}: not in the folder")
    return path


def iter_papers(folder: Path) -> list[Path]:
    """The meeting files of ``folder``, by name (links and hidden files left out)."""
    return sorted(
        path
        for path in folder.iterdir()
        if path.name.lower().endswith(SUFFIXES)
        and not path.name.startswith(".")
        and path.is_file()
        and not path.is_symlink()
    )


def create_paper(folder: Path, name: str, kind: str) -> Path:
    """Write the blank file of ``kind`` (as `toolkit new` does) as ``name``; ExistsError when a
    file of that name is there already, KeyError for an unknown kind."""
    blank = kinds.get(kind).scaffold(name)
    path = paper_path(folder, name)
    if path.exists():
        raise ExistsError(name, remedy="choose another name")
    write_text_atomic(path, blank)
    return path
