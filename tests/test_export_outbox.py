"""Writing exports: atomic (old file or new, never half, no temporary files left), owner-only,
one folder per pickup code, codes without look-alikes, and purging after the retention period."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from imguide.core.engine.restore import restore as load_session
from imguide.core.export.outbox import (
    FILE_NAMES,
    OutboxError,
    default_outbox,
    find_export,
    normalise_pickup_code,
    purge,
    write_atomic,
)
from imguide.core.export.renderers import ExportError
from imguide.core.export.writer import export_for_meeting, write_export
from imguide.core.export import outbox as outbox_module
from imguide.core.export.outbox import CODE_ALPHABET, create_export_folder, ensure_private_dir, new_pickup_code, remove_stale_temps
from imguide.core.content.loader import load_bundle

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


@pytest.fixture(scope="module")
def bundle():
    return load_bundle()


@pytest.fixture
def session(bundle):
    data = json.loads((ROOT / "examples" / "session-en.json").read_text(encoding="utf-8"))
    return load_session(bundle, data).session


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


# ---------------------------------------------------------------- atomic writes


def test_write_atomic_replaces_the_whole_file(tmp_path):
    target = tmp_path / "intake.html"
    write_atomic(target, "old")
    write_atomic(target, "new" * 1000)
    assert target.read_text() == "new" * 1000
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("fail_at", ["fsync", "replace", "write"])
@pytest.mark.parametrize("had_old", [True, False], ids=["old-file", "no-file"])
def test_an_interrupted_write_leaves_the_old_file_or_none(tmp_path, monkeypatch, fail_at, had_old):
    target = tmp_path / "intake.html"
    if had_old:
        write_atomic(target, "the old document")
    huge = "<p>" + "x" * 5_000_000 + "</p>"

    def boom(*args, **kwargs):
        raise KeyboardInterrupt  # Ctrl-C, or any error, between writing and renaming

    if fail_at == "write":
        real_fdopen = os.fdopen

        class HalfWriter:
            def __init__(self, handle):
                self.handle = handle

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.handle.close()

            def fileno(self):
                return self.handle.fileno()

            def write(self, data):
                self.handle.write(data[: len(data) // 2])
                self.handle.flush()
                raise OSError(28, "No space left on device")

            def flush(self):
                self.handle.flush()

        monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: HalfWriter(real_fdopen(fd, *a, **k)))
        expected = OSError
    else:
        monkeypatch.setattr(os, fail_at, boom)
        expected = KeyboardInterrupt
    with pytest.raises(expected):
        write_atomic(target, huge)
    monkeypatch.undo()
    if had_old:
        assert target.read_text() == "the old document"
    else:
        assert not target.exists()
    assert leftovers(tmp_path) == []


def test_a_killed_writer_never_leaves_half_a_file(tmp_path):
    """SIGKILL between write and rename: no handler runs, yet the target is the old file; the
    hidden temporary file it leaves is removed once it is stale."""
    target = tmp_path / "intake.html"
    write_atomic(target, "the old document")
    code = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from imguide.core.export.outbox import write_atomic\n"
        "os.replace = lambda *a: os.kill(os.getpid(), signal.SIGKILL)\n"
        f"write_atomic(Path({str(target)!r}), 'y' * 3_000_000)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True)
    assert result.returncode != 0
    assert target.read_text() == "the old document"
    stale = leftovers(tmp_path)
    assert len(stale) <= 1 and all(name.startswith(".") for name in stale)
    assert remove_stale_temps(tmp_path, older_than=0) == len(stale)
    assert leftovers(tmp_path) == []


@posix_only
def test_files_are_owner_only_whatever_the_umask(tmp_path, session, bundle):
    old = os.umask(0)
    try:
        result = export_for_meeting(bundle, session, outbox=tmp_path / "outbox", now=NOW)
    finally:
        os.umask(old)
    assert mode(tmp_path / "outbox") == 0o700
    assert mode(result.folder) == 0o700
    assert [p.name for p in result.paths] == ["intake.html", "intake.md", "intake.json"]
    assert all(mode(p) == 0o600 for p in result.paths)


@posix_only
def test_an_open_outbox_is_closed_and_a_strange_one_refused(tmp_path):
    opened = tmp_path / "open"
    opened.mkdir(mode=0o755)
    os.chmod(opened, 0o755)
    ensure_private_dir(opened)
    assert mode(opened) == 0o700
    link = tmp_path / "link"
    link.symlink_to(opened, target_is_directory=True)
    with pytest.raises(OutboxError, match="symbolic link"):
        ensure_private_dir(link)
    a_file = tmp_path / "file"
    a_file.write_text("x")
    with pytest.raises(OutboxError):
        ensure_private_dir(a_file)


@posix_only
def test_a_folder_the_user_named_is_not_changed(tmp_path, session, bundle):
    mine = tmp_path / "mine"
    mine.mkdir()
    os.chmod(mine, 0o755)
    result = write_export(bundle, session, mine, formats=("md",), now=NOW)
    assert result.pickup_code is None and result.paths == [mine / "intake.md"]
    assert mode(mine) == 0o755 and mode(mine / "intake.md") == 0o600
    fresh = write_export(bundle, session, tmp_path / "new" / "deeper", now=NOW)
    assert mode(fresh.folder) == 0o700 and len(fresh.paths) == 3


# ---------------------------------------------------------------- the outbox and pickup codes


def test_each_export_gets_its_own_folder_named_by_its_code(tmp_path, session, bundle):
    first = export_for_meeting(bundle, session, outbox=tmp_path, now=NOW)
    second = export_for_meeting(bundle, session, outbox=tmp_path, now=NOW)
    assert first.pickup_code != second.pickup_code
    for result in (first, second):
        assert result.folder == tmp_path / result.pickup_code
        assert find_export(tmp_path, result.pickup_code) == result.folder
        assert sorted(p.name for p in result.folder.iterdir()) == sorted(FILE_NAMES.values())
    assert json.loads((first.folder / "intake.json").read_text(encoding="utf-8"))["lang"] == "en"


def test_one_format_only(tmp_path, session, bundle):
    result = export_for_meeting(bundle, session, formats=("json",), outbox=tmp_path, now=NOW)
    assert [p.name for p in result.paths] == ["intake.json"]
    with pytest.raises(ValueError):
        export_for_meeting(bundle, session, formats=("pdf",), outbox=tmp_path, now=NOW)


def test_a_template_error_leaves_no_folder(tmp_path, session, monkeypatch, bundle):
    import imguide.core.export.writer as export

    def broken(*args, **kwargs):
        raise ExportError("intake.html.j2:1: template error")

    monkeypatch.setattr(export, "render", broken)
    with pytest.raises(ExportError):
        export_for_meeting(bundle, session, outbox=tmp_path / "outbox", now=NOW)
    assert not (tmp_path / "outbox").exists() or list((tmp_path / "outbox").iterdir()) == []


def test_a_failed_write_removes_the_new_folder(tmp_path, session, monkeypatch, bundle):
    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(OSError):
        export_for_meeting(bundle, session, outbox=tmp_path, now=NOW)
    assert list(tmp_path.iterdir()) == []


def test_pickup_codes_have_no_look_alikes():
    for bad in "0O1IL5S2Z8BG":  # and G, which reads as 6
        assert bad not in CODE_ALPHABET
    codes = {new_pickup_code() for _ in range(500)}
    assert len(codes) == 500
    assert all(re.fullmatch(rf"[{CODE_ALPHABET}]{{4}}-[{CODE_ALPHABET}]{{4}}", code) for code in codes)


@pytest.mark.parametrize("typed", ["K7M4-XR9P", "k7m4-xr9p", "K7M4XR9P", "k7m4xr9p", " K7M4 XR9P ", "k7m4–xr9p"])
def test_a_code_is_accepted_in_any_case_with_or_without_the_dash(typed):
    assert normalise_pickup_code(typed) == "K7M4-XR9P"


@pytest.mark.parametrize("typed", ["", "K7M4-XR9", "K7M4-XR9PP", "K0M4-XR9P", "../../etc", "K7M4/XR9P", "KOM4-XR9P"])
def test_malformed_codes(typed, tmp_path):
    assert normalise_pickup_code(typed) is None
    assert find_export(tmp_path, typed) is None


def test_default_outbox(monkeypatch, tmp_path):
    monkeypatch.setenv("IMGUIDE_OUTBOX", str(tmp_path / "explicit"))
    assert default_outbox() == tmp_path / "explicit"
    monkeypatch.delenv("IMGUIDE_OUTBOX")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert default_outbox() == tmp_path / "state" / "imguide" / "outbox"
    monkeypatch.delenv("XDG_STATE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_outbox() == tmp_path / "home" / ".local" / "state" / "imguide" / "outbox"
    assert not (tmp_path / "home").exists()  # nothing is created before the first export


# ---------------------------------------------------------------- retention


def age(folder: Path, days: float) -> None:
    then = time.time() - days * 86400
    os.utime(folder, (then, then))


def test_purge_deletes_only_old_export_folders(tmp_path):
    old_code, old = create_export_folder(tmp_path)
    (old / "intake.md").write_text("old")
    new_code, new = create_export_folder(tmp_path)
    age(old, 31)
    age(new, 2)
    other = tmp_path / "notes-from-syv"
    other.mkdir()
    age(other, 400)
    (tmp_path / "README").write_text("not an export")
    assert purge(tmp_path, 30) == 1
    assert not old.exists() and new.exists() and other.exists() and (tmp_path / "README").exists()
    assert purge(tmp_path, 0) == 1 and not new.exists()
    assert purge(tmp_path / "missing", 30) == 0
    with pytest.raises(ValueError):
        purge(tmp_path, -1)


def test_exporting_purges_expired_exports(tmp_path, session, bundle):
    _, expired = create_export_folder(tmp_path)
    age(expired, outbox_module.RETENTION_DAYS + 1)
    export_for_meeting(bundle, session, outbox=tmp_path, now=NOW)
    assert not expired.exists()
