"""Writing the intake export: every format rendered from one context, then written atomically into
the outbox (under a new pickup code) or a folder the user named.

    from imguide.core.export.writer import export_for_meeting, render_export
    result = export_for_meeting(bundle, session)          # HTML, Markdown, JSON into the outbox
    result.paths, result.pickup_code, result.folder
    text = render_export(bundle, session, "html", lang=bundle.language("en"))   # pure: no files

Formats, the template context, the pickup code, the outbox and retention are documented in
docs/export.md; the JSON Schema ships as schema.json beside this file (`imguide export --print-schema`).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Sequence

from imguide.core.content.model import Bundle
from imguide.core.engine.restore import LeftOut
from imguide.core.engine.session import Session
from imguide.core.export.context import build_context
from imguide.core.export.document import Document
from imguide.core.export.outbox import (
    FILE_NAMES,
    RETENTION_DAYS,
    create_export_folder,
    default_outbox,
    ensure_private_dir,
    find_export,
    purge,
    remove_stale_temps,
    write_atomic,
)
from imguide.core.export.renderers import FORMATS, render
from imguide.core.i18n.languages import SOURCE_LANGUAGE, Language


@dataclass(frozen=True)
class ExportResult:
    paths: list[Path]
    pickup_code: str | None  # None when written to a folder the user named (not the outbox)
    folder: Path
    lang: str = SOURCE_LANGUAGE
    left_out: tuple[LeftOut, ...] = field(default_factory=tuple)


def _profile_templates(bundle: Bundle) -> Path | None:
    profile = bundle.profile
    return profile.templates_dir if profile is not None else None


def _formats(formats: Iterable[str] | str) -> tuple[str, ...]:
    wanted = (formats,) if isinstance(formats, str) else tuple(formats)
    if not wanted:
        raise ValueError("no export format given")
    for fmt in wanted:
        if fmt not in FORMATS:
            raise ValueError(f"unknown export format {fmt!r} (formats: {', '.join(FORMATS)})")
    return tuple(dict.fromkeys(wanted))


def render_all(
    bundle: Bundle,
    session: Session,
    formats: Iterable[str] | str = FORMATS,
    lang: Language | str | None = None,
    now: datetime | None = None,
    left_out: Sequence[LeftOut] = (),
    document: Document | None = None,
) -> dict[str, str]:
    """Every format wanted, rendered from one context. Pure, no I/O. `document`: the session's
    document in that language, when the caller has just built it (else it is built here)."""
    context = build_context(bundle, session, language_for(bundle, session, lang), now, left_out, document)
    templates = _profile_templates(bundle)
    return {fmt: render(context, fmt, templates) for fmt in _formats(formats)}


def render_export(
    bundle: Bundle,
    session: Session,
    fmt: str,
    lang: Language | str | None = None,
    now: datetime | None = None,
    left_out: Sequence[LeftOut] = (),
) -> str:
    """One format as text. Pure, no I/O (for tests, benchmarks and previews)."""
    return render_all(bundle, session, (fmt,), lang, now, left_out)[fmt]


def language_for(bundle: Bundle, session: Session, lang: Language | str | None) -> Language:
    """The family's language of an export: the one given (a Language or a code), else the
    session's. An unknown code is an UnknownLanguage error naming the shipped ones."""
    if isinstance(lang, Language):
        return lang
    return bundle.languages.require(lang or session.lang)


def _write(folder: Path, rendered: dict[str, str]) -> list[Path]:
    paths = [write_atomic(folder / FILE_NAMES[fmt], text) for fmt, text in rendered.items()]
    remove_stale_temps(folder)
    return paths


def export_for_meeting(
    bundle: Bundle,
    session: Session,
    lang: Language | str | None = None,
    formats: Iterable[str] | str = FORMATS,
    outbox: Path | str | None = None,
    now: datetime | None = None,
    left_out: Sequence[LeftOut] = (),
    replace: str | None = None,
    document: Document | None = None,
) -> ExportResult:
    """Render and write an export into its own folder in the outbox, named by a new pickup code,
    or (`replace`: the pickup code of this session's earlier export) into that export's folder,
    so one session leaves one export.

    Everything is rendered before anything is written, so a template error leaves no folder; a
    failed write removes a new folder. Export folders past the retention period are purged.
    `document`: the session's document in that language as the user just reviewed it (the
    summary's), to save building it again; it must be of the session as it is now."""
    language = language_for(bundle, session, lang)
    rendered = render_all(bundle, session, formats, language, now, left_out, document)
    root = ensure_private_dir(Path(outbox) if outbox is not None else default_outbox())
    earlier = find_export(root, replace) if replace else None
    code, folder = (earlier.name, earlier) if earlier is not None else create_export_folder(root)
    try:
        paths = _write(folder, rendered)
    except BaseException:
        if earlier is None:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    for fmt, name in FILE_NAMES.items():  # a format the earlier export had and this one has not
        if fmt not in rendered:
            (folder / name).unlink(missing_ok=True)
    try:
        purge(root, RETENTION_DAYS)
    except OSError:
        pass  # retention is best effort here; `imguide purge` reports its errors
    return ExportResult(paths, code, folder, language.code, tuple(left_out))


def write_export(
    bundle: Bundle,
    session: Session,
    folder: Path | str,
    lang: Language | str | None = None,
    formats: Iterable[str] | str = FORMATS,
    now: datetime | None = None,
    left_out: Sequence[LeftOut] = (),
) -> ExportResult:
    """Render and write into a folder the user named (`--out DIR`, `walk --export DIR`): created
    0700 if missing, left as it is if it exists; the files are 0600 and written atomically."""
    language = language_for(bundle, session, lang)
    rendered = render_all(bundle, session, formats, language, now, left_out)
    target = ensure_private_dir(Path(folder), enforce=False)
    return ExportResult(_write(target, rendered), None, target, language.code, tuple(left_out))


@lru_cache(maxsize=1)
def _schema_text() -> str:
    return resources.files("imguide.core.export").joinpath("schema.json").read_text(encoding="utf-8")


def schema() -> dict:
    """The JSON Schema (draft 2020-12) every JSON export validates against."""
    return json.loads(_schema_text())


def schema_text() -> str:
    return _schema_text()
