"""The intake export: a bilingual document the family and the counsellor both read.

    from imguide.core.export import export_for_meeting, render_export, ExportResult, default_outbox
    result = export_for_meeting(bundle, session)          # HTML, Markdown, JSON into the outbox
    result.paths, result.pickup_code, result.folder
    text = render_export(bundle, session, "html", lang="en")   # pure: no files

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
from typing import Any, Iterable, Sequence

from imguide.core.export.context import (
    EXPORT_FORMAT,
    EXPORT_FORMAT_VERSION,
    ExportContext,
    LeftOut,
    build_context,
    make_left_out,
    resolve_language,
    safe_text,
    to_json,
)
from imguide.core.export.outbox import (
    RETENTION_DAYS,
    OutboxError,
    create_export_folder,
    default_outbox,
    ensure_private_dir,
    find_export,
    normalise_pickup_code,
    purge,
    remove_stale_temps,
    write_atomic,
)
from imguide.core.export.renderers import FILE_NAMES, FORMATS, ExportError, render
from imguide.core.model import Bundle
from imguide.core.session import Session, SessionFormatError

__all__ = [
    "EXPORT_FORMAT", "EXPORT_FORMAT_VERSION", "FILE_NAMES", "FORMATS", "RETENTION_DAYS", "ExportContext",
    "ExportError", "ExportResult", "LeftOut", "LoadedSession", "OutboxError", "SessionFormatError",
    "build_context", "default_outbox", "export_for_meeting", "find_export", "load_session",
    "normalise_pickup_code", "purge", "render_all", "render_export", "schema", "schema_text", "to_json",
    "write_atomic", "write_export",
]  # fmt: skip


@dataclass(frozen=True)
class ExportResult:
    paths: list[Path]
    pickup_code: str | None  # None when written to a folder the user named (not the outbox)
    folder: Path
    lang: str = "sv"
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
    lang: str | None = None,
    now: datetime | None = None,
    left_out: Sequence[LeftOut] = (),
) -> dict[str, str]:
    """Every format wanted, rendered from one context. Pure, no I/O."""
    context = build_context(bundle, session, lang, now, left_out)
    templates = _profile_templates(bundle)
    return {fmt: render(context, fmt, templates) for fmt in _formats(formats)}


def render_export(
    bundle: Bundle,
    session: Session,
    fmt: str,
    lang: str | None = None,
    now: datetime | None = None,
    left_out: Sequence[LeftOut] = (),
) -> str:
    """One format as text. Pure, no I/O (for tests, benchmarks and previews)."""
    return render_all(bundle, session, (fmt,), lang, now, left_out)[fmt]


def _write(folder: Path, rendered: dict[str, str]) -> list[Path]:
    paths = [write_atomic(folder / FILE_NAMES[fmt], text) for fmt, text in rendered.items()]
    remove_stale_temps(folder)
    return paths


def export_for_meeting(
    bundle: Bundle,
    session: Session,
    lang: str | None = None,
    formats: Iterable[str] | str = FORMATS,
    outbox: Path | str | None = None,
    now: datetime | None = None,
    left_out: Sequence[LeftOut] = (),
) -> ExportResult:
    """Render and write an export into its own folder in the outbox, named by a new pickup code.

    Everything is rendered before anything is written, so a template error leaves no folder; a
    failed write removes the new folder. Export folders past the retention period are purged."""
    code_lang = resolve_language(lang or session.lang)
    rendered = render_all(bundle, session, formats, code_lang, now, left_out)
    root = ensure_private_dir(Path(outbox) if outbox is not None else default_outbox())
    code, folder = create_export_folder(root)
    try:
        paths = _write(folder, rendered)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    try:
        purge(root, RETENTION_DAYS)
    except OSError:
        pass  # retention is best effort here; `imguide purge` reports its errors
    return ExportResult(paths, code, folder, code_lang, tuple(left_out))


def write_export(
    bundle: Bundle,
    session: Session,
    folder: Path | str,
    lang: str | None = None,
    formats: Iterable[str] | str = FORMATS,
    now: datetime | None = None,
    left_out: Sequence[LeftOut] = (),
) -> ExportResult:
    """Render and write into a folder the user named (`--out DIR`, `walk --export DIR`): created
    0700 if missing, left as it is if it exists; the files are 0600 and written atomically."""
    code_lang = resolve_language(lang or session.lang)
    rendered = render_all(bundle, session, formats, code_lang, now, left_out)
    target = ensure_private_dir(Path(folder), enforce=False)
    return ExportResult(_write(target, rendered), None, target, code_lang, tuple(left_out))


# ---------------------------------------------------------------- reading a session file


@dataclass(frozen=True)
class LoadedSession:
    session: Session
    left_out: list[LeftOut]  # answers the document shows apart, so nothing is lost
    warnings: list[str]  # one line each, English, for the command line


def load_session(bundle: Bundle, data: Any, as_of=None) -> LoadedSession:
    """A saved session for export, keeping track of everything that cannot be placed.

    Raises SessionFormatError when `data` is not a session at all (or of another version). Answers
    that no longer fit the flow, and exported answers no longer on the path, come back as LeftOut
    so the document can still show them: nothing the student wrote is lost. A session for a flow
    the guide no longer has is replayed from `start`."""
    warnings: list[str] = []
    if (
        isinstance(data, dict)
        and data.get("version") == 1
        and data.get("flow") not in bundle.flows
        and "start" in bundle.flows
    ):
        warnings.append(f"the session's flow {safe_text(data.get('flow'))!r} is gone; the answers were replayed from 'start'")
        data = {**data, "flow": "start"}
    session, problems = Session.from_json(bundle, data, as_of=as_of)
    left_out: list[LeftOut] = []
    if problems:
        header = {key: value for key, value in data.items() if key != "answers"}
        for item in data.get("answers", []):
            _, single = Session.from_json(bundle, {**header, "answers": [item]}, as_of=as_of)
            if single:
                node = item.get("node", "?") if isinstance(item, dict) else "?"
                value = item.get("value") if isinstance(item, dict) else item
                left_out.append(make_left_out(node, value, single[0].message))
    # A question whose saved answer no longer fits would stop the replay there, and every later
    # answer would fall off the path. A skippable one is passed over instead (the document says
    # its answer is among those left out), so the later answers keep their place.
    left_ids = {item.node for item in left_out}
    for _ in range(len(bundle.nodes)):
        current = session.state.current
        logged = {answer.node for answer in session.answers}
        on_path = {step.node.id for step in session.state.path}
        if current is None or not current.skippable or current.id in logged or not (logged - on_path):
            break
        session.skip(current.id)
        if current.id not in left_ids:
            left_out.append(LeftOut(current.id, None, "the file has no answer to this question", passed_over=True))
        warnings.append(f"question {current.id!r} has no answer that fits; it was passed over so the later answers keep their place")
    on_path = {step.node.id for step in session.state.path}
    for answer in session.answers:
        node = bundle.nodes[answer.node]
        if node.export and answer.node not in on_path and answer.value is not None:
            value = answer.value.isoformat() if hasattr(answer.value, "isoformat") else answer.value
            left_out.append(make_left_out(answer.node, value, "the question is not on the path taken any more"))
    warnings += [f"answer {item.node!r} left out of the flow: {item.reason}" for item in left_out if not item.passed_over]
    return LoadedSession(session, left_out, warnings)


@lru_cache(maxsize=1)
def _schema_text() -> str:
    return resources.files(__package__).joinpath("schema.json").read_text(encoding="utf-8")


def schema() -> dict:
    """The JSON Schema (draft 2020-12) every JSON export validates against."""
    return json.loads(_schema_text())


def schema_text() -> str:
    return _schema_text()

