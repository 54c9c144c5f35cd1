"""`pack --force` killed while it puts the new pack in place of the old (issue 14, item 7).

A real `toolkit pack --force` process is killed (SIGKILL, which nothing can catch or defer) at
an exact step of publishing, chosen by an audit hook installed in that process: around the
atomic swap (Linux: as it is looked up, and as the old pack is being deleted), and between the
two renames used where there is none (forced here, as on Windows). Then the destination is
read back: it holds the old pack or the new one, whole; or, between the two renames, the old
pack is whole beside it and the next pack puts it back before anything else.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import toolkit.pack
from tests.bad_inputs.make_corpus import PASSWORD
from tests.test_faults import INITIAL, REVIEW, assert_nothing_plain_or_secret, assert_whole_pack
from toolkit.cli import main
from toolkit.pack import build_pack
from toolkit.passwords import PASSWORD_ENV

#: Runs `toolkit pack` with an audit hook that SIGKILLs the process at one step of publishing.
KILLED_AT = r"""
import os, signal, sys
from pathlib import Path

moment, target = sys.argv[1], Path(sys.argv[2])
del sys.argv[1:3]
sys.argv[0] = "toolkit"

import toolkit.pack

if moment.startswith("two-renames"):
    toolkit.pack._exchange = lambda first, second: False  # as where no swap exists


def ours(path):
    return Path(os.fsdecode(path)).name.startswith(f".{target.name}.")


def hook(event, args):
    if (
        (moment == "exchange:before" and event == "ctypes.dlsym" and args[1] == "renameat2")
        or (moment == "exchange:after" and event == "shutil.rmtree" and ours(args[0]))
        or (moment == "two-renames:between" and event == "os.rename"
            and Path(os.fsdecode(args[1])) == target)
    ):
        os.kill(os.getpid(), signal.SIGKILL)


sys.addaudithook(hook)
from toolkit.cli import main

main()
"""


def exchange_works(folder: Path) -> bool:
    first, second = folder / "swap-a", folder / "swap-b"
    first.mkdir()
    second.mkdir()
    (first / "a").touch()
    try:
        return toolkit.pack._exchange(first, second) and (second / "a").exists()
    finally:
        for each in (first, second):
            for child in each.iterdir():
                child.unlink()
            each.rmdir()


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def pack_killed_at(moment: str, target: Path) -> str:
    """Run `toolkit pack INITIAL -o target --force`, killed at ``moment``; its stderr."""
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_AT, moment, str(target), "pack", str(INITIAL)]
        + ["-o", str(target), "--force"],
        env={**os.environ, PASSWORD_ENV: PASSWORD},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: any worker goes with it
    )
    try:
        _, err = process.communicate(timeout=120)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == -signal.SIGKILL, f"not killed at {moment}: {err}"
    return err


def pack_again(target: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["pack", str(INITIAL), "-o", str(target), *extra], env={PASSWORD_ENV: PASSWORD}
    )
    return result.exit_code, result.stdout + result.stderr


def age(folders: list[Path]) -> None:
    """Make ``folders`` look abandoned for an hour, as the sweep requires of a leftover."""
    for folder in folders:
        os.utime(folder, (time.time() - 3600,) * 2)


@pytest.fixture
def outbox(tmp_path: Path) -> Path:
    """A folder holding an old pack (the review sample) at ``outbox/pack``."""
    folder = tmp_path / "outbox"
    folder.mkdir()
    build_pack([REVIEW], folder / "pack", PASSWORD, workers=1)
    return folder


def papers(pack: Path) -> set[str]:
    """What a whole pack holds (every file listed, with its digest, decrypting), by paper."""
    return {name.split(" - ", 1)[1] for name in assert_whole_pack(pack)}


OLD = {"Review meeting record.docx", "Action tracker.xlsx"}
NEW = {"Initial meeting record.docx", "Action tracker.xlsx"}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the swap is Linux's")
@pytest.mark.parametrize("moment", ["exchange:before", "exchange:after"])
def test_killed_around_the_swap_the_destination_holds_a_whole_pack(
    outbox: Path, tmp_path: Path, moment: str
) -> None:
    if not exchange_works(tmp_path):
        pytest.skip("this file system cannot swap folders")
    target = outbox / "pack"
    old = digests(target)
    assert papers(target) == OLD
    pack_killed_at(moment, target)
    if moment == "exchange:before":
        assert digests(target) == old
    else:
        assert papers(target) == NEW
    left = [p for p in outbox.iterdir() if p.name != "pack"]
    assert len(left) == 1  # the other pack, encrypted, under the temporary name
    assert left[0].name.startswith(".pack.")
    assert_nothing_plain_or_secret(tmp_path)
    age(left)
    code, output = pack_again(target, "--force")
    assert code == 0, output
    assert f"{left[0]}: removed (left by an interrupted pack)" in output
    assert [p.name for p in outbox.iterdir()] == ["pack"]


def test_killed_between_the_two_renames_the_old_pack_is_put_back(
    outbox: Path, tmp_path: Path
) -> None:
    """Without a swap (Windows), the one instant the destination is missing: the old pack is
    whole beside it, and the next pack to it puts it back first, with or without --force."""
    target = outbox / "pack"
    old = digests(target)
    pack_killed_at("two-renames:between", target)
    assert not target.exists()
    (aside,) = [p for p in outbox.iterdir() if p.name.endswith(".old")]
    assert digests(aside) == old
    (built,) = [p for p in outbox.iterdir() if p.name.startswith(".") and p != aside]
    assert_nothing_plain_or_secret(tmp_path)

    code, output = pack_again(target)  # no --force: the old pack is back, and kept
    assert code == 2, output
    assert output.startswith(f"{target}: already exists"), output
    assert digests(target) == old
    assert not aside.exists()

    age([built])
    code, output = pack_again(target, "--force")
    assert code == 0, output
    assert papers(target) == NEW
    assert [p.name for p in outbox.iterdir()] == ["pack"]


def test_the_next_pack_says_it_restored_the_old_one(outbox: Path, tmp_path: Path) -> None:
    target = outbox / "pack"
    pack_killed_at("two-renames:between", target)
    (aside,) = [p for p in outbox.iterdir() if p.name.endswith(".old")]
    pack = build_pack([INITIAL], target, PASSWORD, force=True, workers=1)
    assert pack.warnings[0] == (
        f"{target}: restored from {aside.name} (a pack replacing it was interrupted)"
    )
    assert papers(target) == NEW


def test_an_old_pack_is_restored_only_when_provably_one(outbox: Path) -> None:
    """Set-aside folders that are not a whole pack of this user's, or one still locked by
    the pack that set it aside, are never moved into the destination."""
    import fcntl

    from toolkit import leftovers

    target = outbox / "pack"
    aside = outbox / ".pack.0123abcd.old"
    target.rename(aside)
    (aside / "notes.txt").write_text("mine")  # not only what a pack writes
    assert leftovers.restore(target) == []
    (aside / "notes.txt").unlink()
    lock = os.open(aside, os.O_RDONLY)  # the pack that set it aside is still at work
    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    try:
        assert leftovers.restore(target) == []
    finally:
        os.close(lock)
    twin = outbox / ".pack.4567cdef.old"
    shutil.copytree(aside, twin)  # two: which one was in place is unknown
    assert leftovers.restore(target) == [
        f"{target}: several old packs set aside ({aside.name}, {twin.name}); none restored"
    ]
    assert not target.exists()
    shutil.rmtree(twin)
    twin.mkdir()  # not a whole pack: does not count
    assert leftovers.restore(target) == [
        f"{target}: restored from {aside.name} (a pack replacing it was interrupted)"
    ]
    assert papers(target) == OLD
