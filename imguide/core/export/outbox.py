"""Where exports are written, and how they are written: atomically, owner-only, then forgotten.

The outbox is one folder per OS user (0700). Each export gets its own folder named by its pickup
code (`K7M4-XR9P`, 0700) holding `intake.html`, `intake.md` and `intake.json` (0600). Every file is
written to a temporary file in the same folder (O_EXCL, 0600), flushed to disk, then renamed over
the target, so a reader sees the old file or the new one, never half of one. Export folders older
than the retention period are deleted by `purge` (and at each export to the outbox).

Nothing here takes a name from user text: the folder name is a code this module made, and the file
names are fixed.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import stat
import time
from contextlib import suppress
from pathlib import Path

# No look-alikes: no 0/O, 1/I/L, 5/S, 2/Z, 8/B, and no 6/G.
CODE_ALPHABET = "34679ACDEFHJKMNPQRTUVWXY"
CODE_LENGTH = 8
CODE_GROUP = 4
RETENTION_DAYS = 30
FILE_NAMES = {"html": "intake.html", "md": "intake.md", "json": "intake.json"}  # the files of an export folder
STALE_TEMP_SECONDS = 3600  # a temporary file this old was left by a writer that was killed

_CODE_FOLDER = re.compile(rf"^[{CODE_ALPHABET}]{{{CODE_GROUP}}}-[{CODE_ALPHABET}]{{{CODE_LENGTH - CODE_GROUP}}}$")
_TEMP_FILE = re.compile(r"^\.[A-Za-z0-9_.-]+\.[0-9a-f]{12}\.tmp$")


class OutboxError(OSError):
    """The outbox or a target folder cannot be used safely; the message says why, in one line."""


def default_outbox() -> Path:
    """$IMGUIDE_OUTBOX, else $XDG_STATE_HOME/imguide/outbox, else ~/.local/state/imguide/outbox.
    Not created here: only the first export creates it (0700)."""
    explicit = os.environ.get("IMGUIDE_OUTBOX")
    if explicit:
        return Path(explicit).expanduser()
    state = os.environ.get("XDG_STATE_HOME")
    base = Path(state).expanduser() if state and Path(state).is_absolute() else Path.home() / ".local" / "state"
    return base / "imguide" / "outbox"


# ---------------------------------------------------------------- pickup codes


def new_pickup_code() -> str:
    """`K7M4-XR9P`: 8 characters from 24, about 37 bits, from the system's secure random source."""
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{chars[:CODE_GROUP]}-{chars[CODE_GROUP:]}"


def normalise_pickup_code(text: str) -> str | None:
    """The code as the program writes it, from what a person typed (any case, with or without the
    dash or spaces); None when it cannot be a pickup code."""
    chars = re.sub(r"[\s\-‐-―−]", "", str(text)).upper()
    if len(chars) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in chars):
        return None
    return f"{chars[:CODE_GROUP]}-{chars[CODE_GROUP:]}"


def is_export_folder_name(name: str) -> bool:
    return bool(_CODE_FOLDER.match(name))


# ---------------------------------------------------------------- folders


def _owner_only(mode: int) -> bool:
    return not (mode & 0o077)


def ensure_private_dir(path: Path, *, enforce: bool = True) -> Path:
    """Create `path` (0700) if missing. With `enforce` (the outbox), an existing folder must be a real
    folder of this user; it is then made 0700. Without it (a folder the user named with --out), an
    existing folder is left as it is."""
    path = Path(path)
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    except FileExistsError:
        raise OutboxError(f"{path} exists and is not a folder") from None
    except OSError as error:
        raise OutboxError(f"cannot create {path}: {error.strerror or error}") from None
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode) and enforce:
        raise OutboxError(f"{path} is a symbolic link; the outbox must be a real folder")
    if not path.is_dir():
        raise OutboxError(f"{path} exists and is not a folder")
    if enforce:
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            raise OutboxError(f"{path} belongs to another user; the outbox must be your own folder")
        if stat.S_IMODE(os.stat(path).st_mode) != 0o700:
            os.chmod(path, 0o700)
    return path


def is_private_dir(path: Path) -> bool:
    try:
        return _owner_only(os.stat(path).st_mode)
    except OSError:
        return False


def create_export_folder(outbox: Path) -> tuple[str, Path]:
    """A new folder in the outbox named by a fresh pickup code (mkdir is atomic: no two exports
    ever share a folder)."""
    for _ in range(100):
        code = new_pickup_code()
        folder = Path(outbox) / code
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            continue
        os.chmod(folder, 0o700)  # the umask may have taken bits away; it never adds any
        return code, folder
    raise OutboxError(f"cannot find a free pickup code in {outbox}")


def find_export(outbox: Path, code: str) -> Path | None:
    """The export folder for a (normalised) pickup code, or None."""
    normal = normalise_pickup_code(code)
    if normal is None:
        return None
    folder = Path(outbox) / normal
    try:
        info = os.lstat(folder)
    except OSError:
        return None
    return folder if stat.S_ISDIR(info.st_mode) else None


def delete_export(outbox: Path, code: str) -> bool:
    """Delete the export folder of a pickup code (what the person who made it asks for); True
    when there was one."""
    folder = find_export(outbox, code)
    if folder is None:
        return False
    shutil.rmtree(folder)
    return True


# ---------------------------------------------------------------- writing


def write_atomic(path: Path, data: bytes | str) -> Path:
    """Write `data` to `path` so that `path` is always the old file, the new file or absent.

    A temporary file in the same folder (hidden, O_EXCL, 0600) gets the data and an fsync, then
    replaces the target in one rename. If anything fails before the rename (an error, Ctrl-C), the
    temporary file is removed and the target is untouched."""
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        temp = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
        try:
            fd = os.open(temp, flags, 0o600)
            break
        except FileExistsError:
            continue
    else:
        raise OutboxError(f"cannot create a temporary file in {path.parent}")
    try:
        with os.fdopen(fd, "wb") as handle:
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), 0o600)
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temp)
        raise
    _fsync_dir(path.parent)
    return path


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); harmless where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale_temps(folder: Path, older_than: float = STALE_TEMP_SECONDS, now: float | None = None) -> int:
    """Temporary files left by a writer that was killed before its rename (never a finished file)."""
    now = time.time() if now is None else now
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not _TEMP_FILE.match(entry.name) or not entry.is_file(follow_symlinks=False):
            continue
        with suppress(OSError):
            if now - entry.stat(follow_symlinks=False).st_mtime >= older_than:
                os.unlink(entry.path)
                removed += 1
    return removed


# ---------------------------------------------------------------- retention


def export_age_days(folder: Path, now: float | None = None) -> float:
    now = time.time() if now is None else now
    return (now - os.lstat(folder).st_mtime) / 86400


def purge(outbox: Path, older_than_days: float = RETENTION_DAYS, now: float | None = None) -> int:
    """Delete export folders (named by a pickup code) older than `older_than_days`; returns how
    many. Anything else in the outbox is left alone, and symbolic links are never followed."""
    if older_than_days < 0:
        raise ValueError("older_than_days must be 0 or more")
    now = time.time() if now is None else now
    try:
        entries = list(os.scandir(outbox))
    except FileNotFoundError:
        return 0
    except OSError as error:
        raise OutboxError(f"cannot read {outbox}: {error.strerror or error}") from None
    deleted = 0
    for entry in entries:
        if not is_export_folder_name(entry.name) or not entry.is_dir(follow_symlinks=False):
            continue
        age_days = (now - entry.stat(follow_symlinks=False).st_mtime) / 86400
        if age_days > older_than_days:
            shutil.rmtree(entry.path, ignore_errors=False)
            deleted += 1
    return deleted
